// HazardGate control-room screen: one card per hazard source, the active alarm list with acknowledgement,
// a sensor view with a sparkline and its limits, kept live by the server's event stream (/api/stream).
'use strict';

const state = {
  lang: localStorage.getItem('hg.lang') || 'zh',
  sound: localStorage.getItem('hg.sound') !== 'off',
  sites: new Map(),       // site id -> site detail (hazard sources, sensors)
  alarms: new Map(),      // alarm id -> latest event
  selected: null,         // {site, source}
  sensor: null,           // {site, tag}
  ackFor: null,
  link: 'connecting',     // connecting | live | reconnecting
  red: null,              // the latest new red alarm, for the banner
};

const $ = (sel) => document.querySelector(sel);
const t = (key) => (I18N[state.lang] && I18N[state.lang][key]) || key;
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]));
const fmtTime = (ms) => new Date(ms).toLocaleString(state.lang === 'zh' ? 'zh-CN' : 'en-GB', {hour12: false});
const fmtValue = (v) => (v == null || Number.isNaN(v) ? '–' : (Math.abs(v) >= 1000 ? v.toFixed(0) : Number(v.toPrecision(4)).toString()));

async function getJson(url) {
  const r = await fetch(url, {cache: 'no-store'});
  if (!r.ok) throw new Error(url + ': HTTP ' + r.status);
  return r.json();
}

function applyLabels() {
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  $('#lang').textContent = state.lang === 'zh' ? 'English' : '中文';
  $('#sound').textContent = t(state.sound ? 'soundOn' : 'soundOff');
  $('#sound').setAttribute('aria-pressed', String(state.sound));
  $('#link').textContent = t(state.link);
  $('#link').className = 'link ' + (state.link === 'live' ? 'up' : 'down');
  if (state.red) $('#banner').textContent = `${t('newRed')}: ${state.red.site}/${state.red.source}/${state.red.tag} — ${state.red.message}`;
}

async function loadAll() {
  const sites = await getJson('/api/sites');
  const details = await Promise.all(sites.map((s) => getJson('/api/sites/' + encodeURIComponent(s.id))));
  state.sites = new Map(details.map((d) => [d.id, d]));
  const alarms = await getJson('/api/alarms');
  state.alarms = new Map(alarms.map((a) => [a.id, a]));
  render();
}

let refreshTimer = null;
function refreshSoon() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => loadAll().catch(() => {}), 300);
}

// A hazard source's card colour: its highest hazard alarm; grey when it has none but a point is faulty,
// silent or has not reported; green when everything reports normally.
function cardColour(site, hs) {
  if (hs.colour && hs.colour !== 'green') return hs.colour;
  const points = site.sensors.filter((s) => s.source === hs.id);
  if (points.some((s) => s.status === 'fault' || s.status === 'no_data' || s.status === 'waiting')) return 'grey';
  return 'green';
}

function render() {
  renderCards();
  renderAlarms();
  renderSensors();
}

function renderCards() {
  const html = [];
  for (const site of state.sites.values()) {
    for (const hs of site.hazardSources) {
      const colour = cardColour(site, hs);
      const kind = hs.kind === 'tailings_dam' ? t('tailingsDam') : t('majorHazard');
      const grade = state.lang === 'zh' ? (hs.rank || '')
        : hs.grade ? t('grade') + ' ' + hs.grade : hs.class ? t('damClass') + ' ' + hs.class : '';
      // the assessed, static risk grade beside the live colour: two different things (docs/alarms.md)
      const assessed = hs.assessedRisk ? `<span class="card-assessed"><span class="chip ${esc(hs.assessedRisk.colour)}">${
        esc(state.lang === 'zh' ? hs.assessedRisk.name : t('assessed_' + hs.assessedRisk.grade))}</span> ${esc(t('assessedRisk'))}</span>` : '';
      const faults = site.sensors.filter((s) => s.source === hs.id && (s.status === 'fault' || s.status === 'no_data')).length;
      const selected = state.selected && state.selected.site === site.id && state.selected.source === hs.id;
      html.push(`<button class="card ${colour}${selected ? ' selected' : ''}" data-source="${esc(site.id + '/' + hs.id)}"
          data-colour="${colour}" type="button">
        <span class="card-kind">${esc(kind)} ${esc(grade)}</span>
        <span class="card-name">${esc(hs.name)}</span>
        <span class="card-id">${esc(site.id)} / ${esc(hs.id)}</span>
        <span class="card-colour">${esc(t(colour))}</span>
        ${assessed}
        <span class="card-count">${esc(t('alarms'))}: ${hs.activeAlarms}${faults ? ` · ${esc(t('fault'))}: ${faults}` : ''}</span>
      </button>`);
    }
  }
  $('#sources').innerHTML = html.join('');
}

function renderAlarms() {
  // the gateway's work order: hazards first, then the source's priority (its grade), colour, newest
  const hazard = (a) => (a.kind === 'threshold' || a.kind === 'trend' ? 0 : 1);
  const list = [...state.alarms.values()].sort((a, b) => hazard(a) - hazard(b) || (a.priority || 5) - (b.priority || 5)
    || b.level - a.level || b.eventTs - a.eventTs);
  $('#alarm-count').textContent = list.length;
  $('#no-alarms').classList.toggle('hidden', list.length > 0);
  $('#alarms tbody').innerHTML = list.map((a) => {
    const acked = a.acknowledged || a.state === 'acknowledged';
    return `<tr class="alarm ${esc(a.colour)}${acked ? ' acked' : ''}" data-alarm-id="${esc(a.id)}" data-state="${esc(a.state)}">
      <td><span class="chip ${esc(a.colour)}">${esc(t(a.colour))}</span></td>
      <td>${esc(fmtTime(a.eventTs))}</td>
      <td>${esc(a.site)}/${esc(a.source)}/<b>${esc(a.tag)}</b> <small>${esc(t(a.kind))}</small></td>
      <td>${esc(a.message)}</td>
      <td class="alarm-state">${esc(acked ? t('acknowledged') : t(a.state))}${a.flapping ? ' ⟳' : ''}</td>
      <td>${acked ? '' : `<button class="ack-btn" type="button" data-alarm-id="${esc(a.id)}">${esc(t('acknowledge'))}</button>`}
        <button class="notices-btn" type="button" data-alarm-id="${esc(a.id)}">${esc(t('notices'))}</button></td>
    </tr>`;
  }).join('');
}

function renderSensors() {
  if (!state.selected) {
    $('#sensor-title').textContent = t('sensors');
    $('#sensor-list').innerHTML = `<p class="empty">${esc(t('selectSource'))}</p>`;
    return;
  }
  const site = state.sites.get(state.selected.site);
  if (!site) return;
  const hs = site.hazardSources.find((h) => h.id === state.selected.source);
  $('#sensor-title').textContent = `${t('sensors')} · ${hs ? hs.name : state.selected.source}`;
  const rows = site.sensors.filter((s) => s.source === state.selected.source).map((s) => {
    const colour = s.alarm ? s.alarm.colour : (s.status === 'normal' ? 'green' : 'grey');
    const latest = s.latest ? `${fmtValue(s.latest.value)} ${esc(s.unit)}` : '–';
    return `<tr class="sensor" data-tag="${esc(s.tag)}" data-status="${esc(s.status)}">
      <td><span class="chip ${colour}">${esc(t(s.status))}</span></td><td><b>${esc(s.tag)}</b></td>
      <td>${esc(s.name)}</td><td class="num">${latest}</td></tr>`;
  });
  $('#sensor-list').innerHTML = `<table class="sensors">${rows.join('')}</table>`;
}

async function showSensor(siteId, tag) {
  state.sensor = {site: siteId, tag};
  const sensor = await getJson(`/api/sites/${encodeURIComponent(siteId)}/sensors/${encodeURIComponent(tag)}`);
  const data = await getJson(`/api/sites/${encodeURIComponent(siteId)}/sensors/${encodeURIComponent(tag)}/readings`);
  drawSpark(sensor, data.points);
  const limits = sensor.limits.map((l) => `<span class="chip ${l.colour}">${esc(l.name)} ${fmtValue(l.value)}</span>`).join(' ');
  $('#sensor-facts').innerHTML = `<p><b>${esc(sensor.tag)}</b> ${esc(sensor.name)}</p>
    <p>${esc(t('latest'))}: ${sensor.latest ? fmtValue(sensor.latest.value) + ' ' + esc(sensor.unit) + ' · ' + esc(fmtTime(sensor.latest.ts)) : '–'}
     · ${esc(t('period'))}: ${sensor.periodSeconds} s</p><p>${esc(t('limits'))}: ${limits || '–'}</p>`;
  $('#sensor-detail').classList.remove('hidden');
}

// A sparkline of the last hour with each limit drawn as a line in its colour.
function drawSpark(sensor, points) {
  const W = 600, H = 180, pad = 6;
  const values = points.map((p) => p.value);
  const lims = sensor.limits.map((l) => l.value);
  let lo = Math.min(...values, ...lims), hi = Math.max(...values, ...lims);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) { lo = 0; hi = 1; }
  if (hi === lo) { hi += 1; lo -= 1; }
  const t0 = points.length ? points[0].ts : 0, t1 = points.length ? points[points.length - 1].ts : 1;
  const x = (ts) => pad + (W - 2 * pad) * (t1 === t0 ? 1 : (ts - t0) / (t1 - t0));
  const y = (v) => H - pad - (H - 2 * pad) * (v - lo) / (hi - lo);
  const limitLines = sensor.limits.map((l) =>
    `<line class="limit ${l.colour}" x1="0" x2="${W}" y1="${y(l.value)}" y2="${y(l.value)}"><title>${esc(l.name)} ${l.value}</title></line>`).join('');
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${x(p.ts).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  $('#spark').innerHTML = `${limitLines}<path class="trace" d="${path}"/>`;
}

function beep() {
  if (!state.sound) return;
  try {
    const ctx = new (window.AudioContext || window.webkitAudioContext)();
    [0, 0.35, 0.7].forEach((at) => {
      const o = ctx.createOscillator(), g = ctx.createGain();
      o.frequency.value = 880; o.connect(g); g.connect(ctx.destination);
      g.gain.setValueAtTime(0.2, ctx.currentTime + at); g.gain.setValueAtTime(0, ctx.currentTime + at + 0.2);
      o.start(ctx.currentTime + at); o.stop(ctx.currentTime + at + 0.25);
    });
  } catch (e) { /* no audio device: the banner still shows */ }
}

function redAlert(a) {
  const banner = $('#banner');
  state.red = a;
  banner.textContent = `${t('newRed')}: ${a.site}/${a.source}/${a.tag} — ${a.message}`;
  banner.classList.remove('hidden');
  banner.classList.add('flash');
  document.body.dataset.redAlert = a.id;
  clearTimeout(redAlert.timer);
  redAlert.timer = setTimeout(() => { banner.classList.remove('flash'); }, 10000);
  beep();
}

// The banner is for a red alarm nobody has taken in hand yet.
function clearBannerIfHandled(a) {
  if (state.red && state.red.id === a.id && (a.acknowledged || a.state === 'cleared')) {
    state.red = null;
    $('#banner').classList.add('hidden');
    $('#banner').classList.remove('flash');
  }
}

function onAlarm(a) {
  clearBannerIfHandled(a);
  if (a.state === 'cleared') state.alarms.delete(a.id);
  else state.alarms.set(a.id, a);
  if (a.colour === 'red' && (a.state === 'raised' || a.state === 'escalated')) redAlert(a);
  renderAlarms();
  refreshSoon();
}

function onRisk(r) {
  const site = state.sites.get(r.site);
  if (!site) return refreshSoon();
  const hs = site.hazardSources.find((h) => h.id === r.source);
  if (hs) { hs.colour = r.colour; hs.level = r.level; hs.activeAlarms = r.activeAlarms; }
  renderCards();
}

function connectStream() {
  const es = new EventSource('/api/stream');
  es.onopen = () => { state.link = 'live'; applyLabels(); loadAll().catch(() => {}); };
  es.onerror = () => { state.link = 'reconnecting'; applyLabels(); };
  es.addEventListener('alarm', (m) => onAlarm(JSON.parse(m.data)));
  es.addEventListener('risk', (m) => onRisk(JSON.parse(m.data)));
  es.addEventListener('reset', () => loadAll().catch(() => {}));
}

// The operator signs in once: the password buys a token (POST /api/session), the browser keeps the
// token for this tab, never the password, and sends it as a Bearer token with each acknowledgement.
function signedIn() {
  const token = sessionStorage.getItem('hg.token');
  return token ? {token, user: sessionStorage.getItem('hg.user') || ''} : null;
}

function showLogin(show) {
  $('#ack-login').classList.toggle('hidden', !show);
  $('#ack-signed').classList.toggle('hidden', show);
  $('#ack-user').required = show;
  $('#ack-pass').required = show;
  const s = signedIn();
  $('#ack-who').textContent = s ? s.user : '';
}

function openAck(id) {
  const a = state.alarms.get(id);
  state.ackFor = id;
  $('#ack-alarm').textContent = a ? `${a.tag}: ${a.message}` : id;
  $('#ack-user').value = sessionStorage.getItem('hg.user') || '';
  $('#ack-pass').value = '';
  $('#ack-comment').value = '';
  $('#ack-error').textContent = '';
  showLogin(!signedIn());
  $('#ack-dialog').showModal();
}

async function errorText(r, fallback) {
  if (r.status === 401) return t('wrongCredentials');
  if (r.status === 429) return t('throttled');
  try { return (await r.json()).error || fallback; } catch (e) { return fallback; }
}

async function signIn() {
  const user = $('#ack-user').value, pass = $('#ack-pass').value;
  const r = await fetch('/api/session', {
    method: 'POST',
    headers: {'X-Requested-With': 'hazardgate-dashboard', 'Authorization': 'Basic ' + btoa(unescape(encodeURIComponent(user + ':' + pass)))},
  });
  $('#ack-pass').value = '';
  if (!r.ok) {
    $('#ack-error').textContent = await errorText(r, t('ackFailed'));
    return false;
  }
  const s = await r.json();
  sessionStorage.setItem('hg.token', s.token);
  sessionStorage.setItem('hg.user', s.operator);
  return true;
}

function signOutLocally() {
  sessionStorage.removeItem('hg.token');
  showLogin(true);
}

async function signOut() {
  const s = signedIn();
  if (s) await fetch('/api/session', {method: 'DELETE', headers: {'Authorization': 'Bearer ' + s.token}}).catch(() => {});
  signOutLocally();
}

async function submitAck(ev) {
  ev.preventDefault();
  if (!signedIn() && !(await signIn())) return;
  const r = await fetch(`/api/alarms/${encodeURIComponent(state.ackFor)}/ack`, {
    method: 'POST',
    headers: {'Content-Type': 'application/json', 'X-Requested-With': 'hazardgate-dashboard', 'Authorization': 'Bearer ' + signedIn().token},
    body: JSON.stringify({comment: $('#ack-comment').value}),
  });
  if (r.ok) {
    const ev2 = await r.json();
    state.alarms.set(ev2.id, ev2);
    clearBannerIfHandled(ev2);
    renderAlarms();
    $('#ack-dialog').close();
    return;
  }
  if (r.status === 401) {
    signOutLocally(); // the sign-in expired or the gateway restarted
    $('#ack-error').textContent = t('signInAgain');
    return;
  }
  $('#ack-error').textContent = await errorText(r, t('ackFailed'));
}

// The delivery record of one alarm: every notice, to whom, why, on which channel, and how it went.
async function showDeliveries(id) {
  const a = state.alarms.get(id);
  $('#deliveries-alarm').textContent = a ? `${a.tag}: ${a.message}` : id;
  const r = await fetch(`/api/alarms/${encodeURIComponent(id)}/deliveries`);
  const list = r.ok ? await r.json() : [];
  $('#deliveries tbody').innerHTML = list.map((d) => {
    const last = d.attempts.length ? d.attempts[d.attempts.length - 1] : null;
    const when = d.deliveredTs || (last ? last.ts : d.plannedTs);
    return `<tr class="delivery ${esc(d.state)}" data-recipient="${esc(d.recipient)}" data-channel="${esc(d.channel)}">
      <td>${esc(fmtTime(when))}</td><td>${esc(d.recipientName || d.recipient)}</td><td>${esc(d.reason)} <small>${esc(t(d.cause))}</small></td>
      <td>${esc(d.channel)}</td><td class="delivery-state">${esc(t(d.state))}${d.attempts.length > 1 ? ` ×${d.attempts.length}` : ''}</td>
      <td><small>${esc(d.detail)}</small></td></tr>`;
  }).join('');
  const none = $('#no-deliveries');
  none.textContent = r.status === 404 ? t('noResponse') : t('noDeliveries');
  none.classList.toggle('hidden', list.length > 0);
  $('#deliveries-dialog').showModal();
}

function wire() {
  $('#lang').addEventListener('click', () => {
    state.lang = state.lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('hg.lang', state.lang);
    applyLabels();
    render();
  });
  $('#sound').addEventListener('click', () => {
    state.sound = !state.sound;
    localStorage.setItem('hg.sound', state.sound ? 'on' : 'off');
    applyLabels();
  });
  $('#sources').addEventListener('click', (e) => {
    const card = e.target.closest('.card');
    if (!card) return;
    const [site, source] = card.dataset.source.split('/');
    state.selected = {site, source};
    $('#sensor-detail').classList.add('hidden');
    renderCards();
    renderSensors();
  });
  $('#sensor-list').addEventListener('click', (e) => {
    const row = e.target.closest('tr.sensor');
    if (row && state.selected) showSensor(state.selected.site, row.dataset.tag).catch(() => {});
  });
  $('#alarms').addEventListener('click', (e) => {
    const b = e.target.closest('.ack-btn');
    if (b) openAck(b.dataset.alarmId);
    const n = e.target.closest('.notices-btn');
    if (n) showDeliveries(n.dataset.alarmId).catch(() => {});
  });
  $('#ack-form').addEventListener('submit', (e) => submitAck(e).catch((err) => { $('#ack-error').textContent = String(err); }));
  $('#ack-cancel').addEventListener('click', () => $('#ack-dialog').close());
  $('#ack-signout').addEventListener('click', () => signOut().catch(() => signOutLocally()));
  $('#banner').addEventListener('click', () => $('#banner').classList.add('hidden'));
  setInterval(() => { $('#clock').textContent = fmtTime(Date.now()); }, 1000);
  setInterval(() => loadAll().catch(() => {}), 10000);
}

applyLabels();
wire();
loadAll().catch(() => {});
connectStream();
