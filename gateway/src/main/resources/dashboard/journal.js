// The alarm journal: every alarm event from the store, filtered by site, source, colour, kind and time,
// sorted by a column and paged (GET /api/alarms/history; the count of matches in X-Total-Count).
'use strict';

const HGJournal = (() => {
  const PAGE = 20;
  const q = {sort: 'time', order: 'desc', offset: 0, total: 0};
  let rows = [];
  let message = '';

  function options(sel, values, current) {
    const el = $(sel);
    const keep = current !== undefined ? current : el.value;
    el.innerHTML = `<option value="">${esc(t('all'))}</option>` + values.map(([v, label]) =>
      `<option value="${esc(v)}"${v === keep ? ' selected' : ''}>${esc(label)}</option>`).join('');
  }

  function renderFilters() {
    const sites = [...HG.sites.values()];
    options('#jf-site', sites.map((s) => [s.id, nameOf(s)]));
    const site = HG.sites.get($('#jf-site').value);
    options('#jf-source', (site ? [site] : sites).flatMap((s) => s.hazardSources.map((h) => [h.id, nameOf(h)])));
    options('#jf-colour', ['red', 'orange', 'yellow', 'blue', 'grey'].map((c) => [c, t(c)]));
    options('#jf-kind', ['threshold', 'trend', 'no_data', 'fault'].map((k) => [k, t(k)]));
    // empty from/to: the gateway's last 24 h, by its own clock
  }

  function params() {
    const p = new URLSearchParams();
    for (const [k, sel] of [['site', '#jf-site'], ['source', '#jf-source'], ['colour', '#jf-colour'], ['kind', '#jf-kind']]) {
      if ($(sel).value) p.set(k, $(sel).value);
    }
    if ($('#jf-from').value) p.set('from', String(new Date($('#jf-from').value).getTime()));
    if ($('#jf-to').value) p.set('to', String(new Date($('#jf-to').value).getTime()));
    p.set('sort', q.sort);
    p.set('order', q.order);
    p.set('limit', String(PAGE));
    p.set('offset', String(q.offset));
    return p;
  }

  async function search() {
    const r = await fetch('/api/alarms/history?' + params(), {cache: 'no-store'});
    if (r.status === 501) {
      rows = [];
      q.total = 0;
      message = t('historyUnavailable');
    } else if (!r.ok) {
      rows = [];
      q.total = 0;
      try { message = (await r.json()).error; } catch (e) { message = 'HTTP ' + r.status; }
    } else {
      rows = await r.json();
      q.total = Number(r.headers.get('X-Total-Count') || rows.length);
      message = rows.length ? '' : t('noHistory');
    }
    render();
  }

  function render() {
    $('#journal tbody').innerHTML = message ? `<tr><td colspan="5" class="empty">${esc(message)}</td></tr>` : rows.map((e) =>
      `<tr class="event ${esc(e.colour)}" data-id="${esc(e.id)}" data-state="${esc(e.state)}" data-ts="${e.eventTs}">
        <td>${esc(fmtTime(e.eventTs))}</td>
        <td><span class="chip ${esc(e.colour)}">${esc(t(e.colour))}</span></td>
        <td><b>${esc(e.tag)}</b> ${esc(e.sensorName ? nameOf({names: e.sensorName}) : '')} <small>${esc(t(e.kind))}</small></td>
        <td>${esc(t(e.state))}</td>
        <td>${esc(alarmCondition(e))}</td></tr>`).join('');
    const pages = Math.max(1, Math.ceil(q.total / PAGE));
    const page = Math.floor(q.offset / PAGE) + 1;
    $('#journal-page').textContent = t('page').replace('{p}', page).replace('{n}', pages).replace('{t}', q.total);
    $('#journal-page').dataset.total = String(q.total);
    $('#journal-prev').disabled = q.offset === 0;
    $('#journal-next').disabled = q.offset + PAGE >= q.total;
    document.querySelectorAll('#journal th[data-sort]').forEach((th) => {
      th.classList.toggle('sorted', th.dataset.sort === q.sort);
      th.dataset.order = th.dataset.sort === q.sort ? q.order : '';
    });
  }

  function wire() {
    $('#journal-filters').addEventListener('submit', (e) => {
      e.preventDefault();
      q.offset = 0;
      search().catch(() => {});
    });
    $('#jf-site').addEventListener('change', () => renderFilters());
    $('#journal-prev').addEventListener('click', () => { q.offset = Math.max(0, q.offset - PAGE); search().catch(() => {}); });
    $('#journal-next').addEventListener('click', () => { q.offset += PAGE; search().catch(() => {}); });
    $('#journal thead').addEventListener('click', (e) => {
      const th = e.target.closest('th[data-sort]');
      if (!th) return;
      if (q.sort === th.dataset.sort) q.order = q.order === 'desc' ? 'asc' : 'desc';
      else { q.sort = th.dataset.sort; q.order = th.dataset.sort === 'time' || th.dataset.sort === 'colour' ? 'desc' : 'asc'; }
      q.offset = 0;
      search().catch(() => {});
    });
  }

  return {wire, search, render, renderFilters};
})();
