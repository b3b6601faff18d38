// Tailings dam cross-section (坝体剖面): from the dam's design values and section in the site file and
// the latest values of its points: the beach crest, the dry beach down to the pond, the water level with
// the design flood levels, the freeboard, and the phreatic line through the piezometers, each in its
// warning colour. Drawn to scale horizontally and vertically within the panel, vertical exaggerated.
'use strict';

const HGSection = (() => {
  const W = 1000, H = 420, PAD = 40;
  const NS = 'http://www.w3.org/2000/svg';

  /** The dam to draw: the selected source if it is a dam with a section, else the first such dam. */
  function pick() {
    const dams = [];
    for (const site of HG.sites.values()) {
      for (const hs of site.hazardSources) if (hs.kind === 'tailings_dam' && hs.section && hs.design) dams.push({site, hs});
    }
    if (!dams.length) return null;
    return dams.find((d) => HG.selected && d.site.id === HG.selected.site && d.hs.id === HG.selected.source) || dams[0];
  }

  function el(name, attrs, text) {
    const e = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs)) if (v != null) e.setAttribute(k, String(v));
    if (text != null) e.textContent = text;
    return e;
  }

  function render() {
    const svg = $('#section');
    const d = pick();
    $('#section-panel').classList.toggle('hidden', !d);
    if (!d) return;
    const {site, hs} = d;
    const sec = hs.section, des = hs.design;
    const crest = des.crestElevation, toe = sec.toeElevation;
    const toeX = (crest - toe) * sec.downstreamSlope;
    const water = sec.water ? sensorOf(site.id, sec.water) : null;
    const beach = sec.beach ? sensorOf(site.id, sec.beach) : null;
    const freeboard = sec.freeboard ? sensorOf(site.id, sec.freeboard) : null;
    const wl = shownValue(water);
    const db = shownValue(beach);
    const fb = shownValue(freeboard);
    // the beach runs from the crest to the pond's edge; without a reading, a schematic length
    const beachLen = db != null ? db : Math.max(60, toeX);
    const pondLen = Math.max(40, beachLen * 0.4);
    const xMin = -(beachLen + pondLen), xMax = toeX * 1.08;
    const highs = [crest, des.highestFloodLevel, wl].filter((v) => v != null && Number.isFinite(v));
    const yMax = Math.max(...highs) + 2, yMin = toe - 2;
    const X = (x) => PAD + (W - 2 * PAD) * (x - xMin) / (xMax - xMin);
    const Y = (y) => H - PAD - (H - 2 * PAD) * (y - yMin) / (yMax - yMin);
    const waterY = wl != null ? wl : crest - (fb != null ? fb : 2);
    svg.replaceChildren();
    svg.dataset.source = site.id + '/' + hs.id;

    // the body of tailings and dam: the pond bottom at the left, the beach, the crest, the downstream face
    svg.append(el('polygon', {class: 'sec-body', points: [[xMin, toe], [xMin, waterY - 6], [-beachLen, waterY], [0, crest], [toeX, toe]]
      .map(([x, y]) => `${X(x)},${Y(y)}`).join(' ')}));
    svg.append(el('polygon', {class: 'sec-water ' + pointColour(water), 'data-tag': sec.water || null,
      points: [[xMin, waterY], [-beachLen, waterY], [xMin, waterY - 6]].map(([x, y]) => `${X(x)},${Y(y)}`).join(' ')}));
    // design flood levels across the pond
    [[des.highestFloodLevel, 'red', 'highestFlood'], [des.floodControlLevel, 'orange', 'floodControl']].forEach(([v, c, label]) => {
      if (v == null) return;
      svg.append(el('line', {class: 'sec-design ' + c, x1: X(xMin), x2: X(0), y1: Y(v), y2: Y(v)}));
      svg.append(el('text', {class: 'sec-note', x: X(xMin) + 4, y: Y(v) - 4}, `${t(label)} ${fmtValue(v)} m`));
    });
    // water level
    svg.append(el('line', {class: 'sec-line ' + pointColour(water), x1: X(xMin), x2: X(-beachLen), y1: Y(waterY), y2: Y(waterY)}));
    svg.append(el('text', {class: 'sec-label ' + pointColour(water), x: X(xMin) + 4, y: Y(waterY) + 18, 'data-tag': sec.water || null,
      'data-value': wl == null ? '' : wl}, `${t('waterLevel')} ${fmtValue(wl)} m`));
    // dry beach
    svg.append(el('line', {class: 'sec-line thick ' + pointColour(beach), x1: X(-beachLen), x2: X(0), y1: Y(waterY), y2: Y(crest)}));
    svg.append(el('text', {class: 'sec-label ' + pointColour(beach), x: X(-beachLen / 2) - 40, y: Y((waterY + crest) / 2) - 10,
      'data-tag': sec.beach || null, 'data-value': db == null ? '' : db}, `${t('beach')} ${fmtValue(db)} m`));
    // crest and freeboard
    svg.append(el('line', {class: 'sec-line', x1: X(0), x2: X(toeX), y1: Y(crest), y2: Y(toe)}));
    svg.append(el('text', {class: 'sec-note', x: X(0) + 6, y: Y(crest) - 8}, `${t('crest')} ${fmtValue(crest)} m`));
    svg.append(el('text', {class: 'sec-note', x: X(toeX) - 40, y: Y(toe) + 16}, `${t('toe')} ${fmtValue(toe)} m`));
    if (wl != null || fb != null) {
      svg.append(el('line', {class: 'sec-dim ' + pointColour(freeboard), x1: X(0) - 8, x2: X(0) - 8, y1: Y(crest), y2: Y(waterY)}));
      svg.append(el('text', {class: 'sec-label ' + pointColour(freeboard), x: X(0) - 14, y: Y((crest + waterY) / 2) + 5, 'text-anchor': 'end',
        'data-tag': sec.freeboard || null, 'data-value': fb == null ? '' : fb}, `${t('freeboard')} ${fmtValue(fb)} m`));
    }
    // phreatic line: from the pond's edge through each piezometer to the toe
    const line = [[-beachLen, waterY]];
    for (const p of sec.piezometers) {
      const s = sensorOf(site.id, p.tag);
      const depth = shownValue(s);
      svg.append(el('line', {class: 'sec-pipe', x1: X(p.distance), x2: X(p.distance), y1: Y(p.surfaceElevation), y2: Y(toe)}));
      if (depth == null) continue;
      const y = p.surfaceElevation - depth;
      line.push([p.distance, y]);
      svg.append(el('circle', {class: 'sec-point ' + pointColour(s), cx: X(p.distance), cy: Y(y), r: 7, 'data-tag': p.tag}));
      svg.append(el('text', {class: 'sec-label ' + pointColour(s), x: X(p.distance) + 10, y: Y(y) + 5, 'data-tag': p.tag,
        'data-value': depth}, `${p.tag} ${t('depth')} ${fmtValue(depth)} m`));
    }
    line.push([toeX, toe]);
    svg.append(el('polyline', {class: 'sec-phreatic', points: line.map(([x, y]) => `${X(x)},${Y(y)}`).join(' ')}));
    svg.append(el('text', {class: 'sec-note phreatic', x: X(toeX * 0.55), y: Y(toe) - 8}, t('phreatic')));
    svg.append(el('text', {class: 'sec-title', x: PAD, y: 22}, `${nameOf(hs)} · ${nameOf(site)}`));
  }

  return {render};
})();
