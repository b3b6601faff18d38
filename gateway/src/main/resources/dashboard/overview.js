// The overview strip: what a duty room and a regulator look at first (GET /api/overview).
'use strict';

const HGOverview = (() => {
  const COLOURS = ['red', 'orange', 'yellow', 'blue', 'green', 'grey'];
  const STATES = ['alarm', 'fault', 'no_data', 'waiting', 'normal'];
  const pct = (r) => (r == null ? '–' : (Math.round(r * 1000) / 10).toFixed(1) + '%');

  function chips(counts, keys) {
    return keys.filter((k) => counts[k]).map((k) =>
      `<span class="chip ${k === 'alarm' ? 'red' : k === 'normal' ? 'green' : ['fault', 'no_data', 'waiting'].includes(k) ? 'grey' : k}"
        data-key="${k}">${esc(t(k))} ${counts[k]}</span>`).join(' ') || `<span class="muted">${esc(t('none'))}</span>`;
  }

  function ago(ms) {
    const min = Math.max(0, Math.round((serverNow() - ms) / 60000));
    return min < 120 ? `${min} ${t('minutesAgo')}` : `${Math.round(min / 60)} ${t('hoursAgo')}`;
  }

  function tile(id, label, big, detail) {
    return `<div class="tile" id="${id}"><div class="tile-label">${esc(label)}</div><div class="tile-big">${big}</div>
      <div class="tile-detail">${detail}</div></div>`;
  }

  function render(ov) {
    if (!ov) return;
    const oldest = ov.active.oldestUnacknowledged;
    const day = ov.alarms24h;
    $('#overview').innerHTML = [
      tile('ov-sources', t('overviewSources'), ov.sources.total, chips(ov.sources.byColour, COLOURS)),
      tile('ov-points', t('overviewPoints'), ov.points.total, chips(ov.points.byState, STATES)),
      tile('ov-point-online', t('pointOnline'), `<span data-rate="${ov.points.onlineRate}">${pct(ov.points.onlineRate)}</span>`,
        `${ov.points.online} / ${ov.points.total} ${esc(t('online'))}`),
      tile('ov-device-online', t('deviceOnline'), `<span data-rate="${ov.devices.onlineRate}">${pct(ov.devices.onlineRate)}</span>`,
        `${ov.devices.online} / ${ov.devices.total} ${esc(t('online'))}`),
      tile('ov-24h', t('alarms24h'), `<span data-total="${day.total}">${day.total}</span>`,
        chips(day, ['red', 'orange', 'yellow', 'blue', 'grey']) + (day.source === 'memory' ? ` <small>${esc(t('fromMemory'))}</small>` : '')),
      tile('ov-unacked', t('unacknowledged'), `<span data-count="${ov.active.unacknowledged}">${ov.active.unacknowledged}</span>`,
        oldest ? `${esc(t('oldestUnacked'))}: <span class="oldest" data-alarm-id="${esc(oldest.id)}">${esc(oldest.tag)}
          <span class="chip ${esc(oldest.colour)}">${esc(t(oldest.colour))}</span> ${esc(fmtTime(oldest.raisedTs))} (${esc(ago(oldest.raisedTs))})</span>`
          : esc(t('none'))),
      tile('ov-shelved', t('shelved'), `<span data-count="${ov.active.shelved}">${ov.active.shelved}</span>`, ''),
    ].join('');
  }

  return {render};
})();
