// Trend chart (ECharts, served by the gateway itself): up to four points on one time axis, each limit
// drawn as a line in its colour, a gap in the data drawn as a gap, live over the last hour and from the
// store over 24 h or 7 d (averaged per minute or per ten minutes). A rain gauge is drawn as the sum over
// its accumulation window (24 h), which is what its alarm judges, with the increments as bars.
'use strict';

const HGCharts = (() => {
  const RANGES = {'1h': {span: 3600e3, step: 0}, '24h': {span: 86400e3, step: 60}, '7d': {span: 7 * 86400e3, step: 600}};
  const LIMIT_COLOURS = {red: '#e5322d', orange: '#f28c28', yellow: '#f2d024', blue: '#2f7de1'};
  const SERIES_COLOURS = ['#e8edf2', '#4fc3f7', '#aed581', '#ce93d8'];
  const data = new Map(); // "site/tag" -> {points, sum, step, fetched}
  let chart = null;
  let shown = null;        // {from, to} of what is shown

  const key = (c) => c.site + '/' + c.tag;

  function range() {
    const r = RANGES[HG.range];
    const to = serverNow();
    return {from: to - r.span, to, step: r.step};
  }

  async function fetchRange(c, from, to, step) {
    const q = `from=${Math.floor(from)}&to=${Math.floor(to)}${step ? '&step=' + step : ''}`;
    return getJson(`/api/sites/${encodeURIComponent(c.site)}/sensors/${encodeURIComponent(c.tag)}/readings?${q}`);
  }

  /** Everything anew for the range chosen. */
  async function reload() {
    const r = range();
    shown = r;
    data.clear();
    await Promise.all(HG.charted.map(async (c) => {
      const d = await fetchRange(c, r.from, r.to, r.step);
      data.set(key(c), {points: d.points, sum: d.sum || null, step: r.step, fetched: Date.now()});
    }));
    align();
  }

  /** Before each render: what is new (last hour, live), or the whole range again once a minute (24 h, 7 d). */
  async function update() {
    if (!HG.charted.length) return;
    const r = range();
    // the whole range again once a minute: the store takes readings a moment after they arrive
    const stale = HG.charted.some((c) => !data.has(key(c)) || Date.now() - data.get(key(c)).fetched > 60000);
    if (stale) return reload();
    if (r.step) return align();
    shown = r;
    await Promise.all(HG.charted.map(async (c) => {
      const d = data.get(key(c));
      const last = d.points.length ? d.points[d.points.length - 1].ts : r.from;
      const more = await fetchRange(c, last + 1, r.to, 0);
      d.points = d.points.concat(more.points).filter((p) => p.ts >= r.from);
      if (more.sum) d.sum = (d.sum || []).filter((p) => p.ts <= last).concat(more.sum.filter((p) => p.ts > last)).filter((p) => p.ts >= r.from);
    }));
    align();
  }

  /**
   * Makes the chart's newest point the snapshot's: readings that arrived after the snapshot wait for the
   * next one, and the snapshot's latest value is drawn even if the range query missed it. So the chart,
   * the list, the layout and the section show the same value at the same moment.
   */
  function align() {
    for (const c of HG.charted) {
      const d = data.get(key(c));
      const s = sensorOf(c.site, c.tag);
      if (!d || !s || !s.latest || d.step) continue;
      const latest = s.latest;
      d.points = d.points.filter((p) => p.ts <= latest.ts);
      const last = d.points[d.points.length - 1];
      if (!last || last.ts < latest.ts) d.points.push({ts: latest.ts, value: latest.value, quality: latest.quality});
      else last.value = latest.value;
      if (s.accumulateSeconds && s.judged != null) {
        d.sum = (d.sum || []).filter((p) => p.ts <= latest.ts);
        const ls = d.sum[d.sum.length - 1];
        if (!ls || ls.ts < latest.ts) d.sum.push({ts: latest.ts, value: s.judged});
        else ls.value = s.judged;
      }
    }
  }

  /** [ts, value] pairs with a null where the point was silent longer than it may be: a gap, not a line across it. */
  function withGaps(points, s, step) {
    const gap = Math.max(1000 * (s.noDataSeconds || 3 * s.periodSeconds), 2 * 1000 * (step || 0));
    const out = [];
    let prev = null;
    for (const p of points) {
      if (prev && p.ts - prev.ts > gap) out.push([Math.round((p.ts + prev.ts) / 2), null]);
      out.push([p.ts, p.value == null ? null : p.value]);
      prev = p;
    }
    return out;
  }

  function limitLines(s) {
    return {
      symbol: 'none', silent: true,
      data: s.limits.map((l) => ({
        yAxis: l.value, name: (HG.lang === 'zh' ? l.nameZh : l.name),
        lineStyle: {color: LIMIT_COLOURS[l.colour] || '#8a96a3', type: 'dashed', width: 1.5},
        label: {formatter: `${HG.lang === 'zh' ? l.nameZh : l.name} ${fmtValue(l.value)}`, color: LIMIT_COLOURS[l.colour] || '#8a96a3', position: 'insideEndTop'},
      })),
    };
  }

  function option() {
    const units = [];
    const series = [];
    HG.charted.forEach((c, i) => {
      const s = sensorOf(c.site, c.tag);
      const d = data.get(key(c));
      if (!s || !d) return;
      if (!units.includes(s.unit)) units.push(s.unit);
      const axis = Math.min(1, units.indexOf(s.unit));
      const colour = SERIES_COLOURS[i % SERIES_COLOURS.length];
      const label = `${s.tag} ${nameOf(s)}`;
      if (s.accumulateSeconds) {
        series.push({name: `${s.tag} ${t('sum24h')}`, type: 'line', yAxisIndex: axis, showSymbol: false, connectNulls: false,
          lineStyle: {width: 2, color: colour}, itemStyle: {color: colour}, data: withGaps(d.sum || [], s, d.step), markLine: limitLines(s)});
        series.push({name: `${s.tag} ${t('increment')}`, type: 'bar', yAxisIndex: axis, itemStyle: {color: '#4a5a6a'}, barMaxWidth: 6,
          data: d.points.map((p) => [p.ts, p.value])});
      } else {
        series.push({name: label, type: 'line', yAxisIndex: axis, showSymbol: d.points.length < 60, connectNulls: false,
          lineStyle: {width: 2, color: colour}, itemStyle: {color: colour}, data: withGaps(d.points, s, d.step), markLine: limitLines(s)});
      }
    });
    const axisStyle = {axisLine: {lineStyle: {color: '#5b6b7a'}}, axisLabel: {color: '#a9b4bf'}, splitLine: {lineStyle: {color: '#26313b'}}};
    const yAxes = (units.length ? units.slice(0, 2) : ['']).map((u, i) => Object.assign({type: 'value', name: u, scale: true,
      nameTextStyle: {color: '#a9b4bf'}, position: i ? 'right' : 'left'}, axisStyle, i ? {splitLine: {show: false}} : {}));
    return {
      animation: false,
      backgroundColor: 'transparent',
      grid: {left: 56, right: units.length > 1 ? 56 : 24, top: 40, bottom: 40},
      legend: {top: 4, textStyle: {color: '#e8edf2'}},
      tooltip: {trigger: 'axis', renderMode: 'richText', valueFormatter: (v) => fmtValue(v)},
      xAxis: Object.assign({type: 'time', min: shown ? shown.from : null, max: shown ? shown.to : null}, axisStyle),
      yAxis: yAxes,
      series,
    };
  }

  function render() {
    const el = $('#trend');
    $('#trend-empty').classList.toggle('hidden', HG.charted.length > 0);
    el.classList.toggle('hidden', HG.charted.length === 0);
    if (!HG.charted.length || typeof echarts === 'undefined') return;
    if (!chart) {
      chart = echarts.init(el, null, {renderer: 'canvas'});
      new ResizeObserver(() => chart.resize()).observe(el);
    }
    chart.setOption(option(), true);
    el.dataset.series = String(chart.getOption().series.length);
  }

  /** The last value drawn for a point (its sum for a rain gauge), for checks that the screen agrees with itself. */
  function lastValue(site, tag) {
    const d = data.get(site + '/' + tag);
    const s = sensorOf(site, tag);
    if (!d || !s) return null;
    const pts = s.accumulateSeconds ? d.sum || [] : d.points;
    for (let i = pts.length - 1; i >= 0; i--) if (pts[i].value != null) return pts[i].value;
    return null;
  }

  /** What the chart draws for a point, with its gaps, for checks. */
  function drawn(site, tag) {
    const d = data.get(site + '/' + tag);
    const s = sensorOf(site, tag);
    return d && s ? withGaps(s.accumulateSeconds ? d.sum || [] : d.points, s, d.step) : null;
  }

  return {reload, update, render, lastValue, drawn, chart: () => chart};
})();
