// Plant layout: the site's picture (from its site file, served by the gateway) with each point placed on
// it, coloured by its state; a click charts the point.
'use strict';

const HGLayout = (() => {
  const layouts = new Map(); // site id -> {image, points} | null while loading

  function site() {
    const id = HG.selected ? HG.selected.site : [...HG.sites.keys()][0];
    const s = HG.sites.get(id);
    return s && s.layout ? s : [...HG.sites.values()].find((x) => x.layout) || null;
  }

  function render() {
    const s = site();
    $('#layout-panel').classList.toggle('hidden', !s);
    if (!s) return;
    const layout = layouts.get(s.id);
    if (layout === undefined) {
      layouts.set(s.id, null);
      getJson(`/api/sites/${encodeURIComponent(s.id)}/layout`).then((l) => { layouts.set(s.id, l); render(); })
        .catch(() => layouts.delete(s.id));
      return;
    }
    if (!layout) return;
    const box = $('#layout');
    let img = box.querySelector('img');
    if (!img || box.dataset.site !== s.id) {
      box.replaceChildren();
      box.dataset.site = s.id;
      img = document.createElement('img');
      img.src = layout.image;
      img.alt = t('plantLayout');
      box.append(img);
    }
    box.querySelectorAll('.marker').forEach((m) => m.remove());
    for (const [tag, [x, y]] of Object.entries(layout.points)) {
      const sensor = sensorOf(s.id, tag);
      if (!sensor) continue;
      const v = shownValue(sensor);
      const m = document.createElement('button');
      m.type = 'button';
      m.className = 'marker ' + pointColour(sensor);
      m.dataset.site = s.id;
      m.dataset.tag = tag;
      m.dataset.value = v == null ? '' : String(v);
      m.dataset.status = sensor.status;
      // positions through the style object: the page's content security policy allows no inline style attributes
      m.style.left = x + '%';
      m.style.top = y + '%';
      m.title = `${tag} ${nameOf(sensor)}: ${fmtValue(v)} ${sensor.unit} (${t(sensor.status)})`;
      m.textContent = `${tag} ${fmtValue(v)}`;
      box.append(m);
    }
  }

  return {render};
})();
