// HazardGate control-room screen (一张屏): overview figures, one card per hazard source, the active alarm
// list (acknowledge one or several, shelve), the alarm journal, the points of the selected source with
// their trend chart, a tailings dam's cross-section and the site's plant layout. Kept live by the
// gateway's event stream (/api/stream) and a snapshot every few seconds.
//
// Every widget draws from one snapshot (HG.sites, fetched together, rendered together), so a point's
// value is the same everywhere on the screen at any moment.
'use strict';

const HG = {
  lang: localStorage.getItem('hg.lang') || 'zh',
  sound: localStorage.getItem('hg.sound') !== 'off',
  sites: new Map(),       // site id -> site detail (hazard sources, sensors with latest values)
  alarms: new Map(),      // alarm id -> latest event (shelved ones included, marked)
  overview: null,
  serverOffset: 0,        // gateway clock minus this browser's
  selected: null,         // {site, source}
  charted: [],            // [{site, tag}], at most 4
  range: '1h',
  showShelved: false,
  picked: new Set(),      // alarm ids ticked for acknowledgement
  dialog: null,           // {mode: 'ack' | 'shelve', ids: [...]}
  link: 'connecting',
  red: null,              // the red alarm the banner shows
  beeps: 0,               // how often the alarm sound played (read by tests)
};
const MAX_CHARTED = 4;
const REFRESH_MS = 5000;

const $ = (sel) => document.querySelector(sel);
const t = (key) => (I18N[HG.lang] && I18N[HG.lang][key]) || (I18N.en[key]) || key;
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]));
const serverNow = () => Date.now() + HG.serverOffset;
const fmtTime = (ms) => new Date(ms).toLocaleString(HG.lang === 'zh' ? 'zh-CN' : 'en-GB', {hour12: false});
/** One way to write a value everywhere on the screen. */
const fmtValue = (v) => (v == null || Number.isNaN(v) ? '–' : (Math.abs(v) >= 1000 ? v.toFixed(0) : Number(Number(v).toPrecision(4)).toString()));
/** A name in the screen's language: {names: {zh, en}} from the site file, or a plain name. */
const nameOf = (o) => (o && o.names ? o.names[HG.lang] || o.names.zh : (o && o.name) || '');
const alarmText = (a) => (a.text ? a.text[HG.lang] : a.message);
/** An alarm's text without the point it names first (a list shows the point in its own column). */
const alarmCondition = (a) => {
  const text = alarmText(a);
  const cut = text.startsWith(a.tag + ' ') ? Math.max(text.indexOf('：'), text.indexOf(': ')) : -1;
  return cut > 0 ? text.slice(cut + (text[cut] === '：' ? 1 : 2)) : text;
};
const colourWord = (c) => t(c);

async function getJson(url) {
  const r = await fetch(url, {cache: 'no-store'});
  if (!r.ok) throw new Error(url + ': HTTP ' + r.status);
  return r.json();
}

function sensorOf(site, tag) {
  const s = HG.sites.get(site);
  return s ? s.sensors.find((x) => x.tag === tag) : null;
}

/** The value the screen shows for a point: what its rules judge (a rain gauge's 24 h sum), else its latest reading. */
function shownValue(s) {
  if (!s) return null;
  if (s.accumulateSeconds) return s.judged == null ? null : s.judged;
  return s.latest ? s.latest.value : null;
}

/** A point's colour on the screen: its alarm's, green when normal, grey when silent, faulty or waiting. */
function pointColour(s) {
  if (!s) return 'grey';
  if (s.alarm && (s.alarm.kind === 'threshold' || s.alarm.kind === 'trend')) return s.alarm.colour;
  return s.status === 'normal' ? 'green' : 'grey';
}

function applyLabels() {
  document.documentElement.lang = HG.lang === 'zh' ? 'zh-CN' : 'en';
  document.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  document.querySelectorAll('[data-i18n-title]').forEach((el) => { el.title = t(el.dataset.i18nTitle); });
  $('#lang').textContent = HG.lang === 'zh' ? 'English' : '中文';
  $('#sound').textContent = t(HG.sound ? 'soundOn' : 'soundOff');
  $('#sound').setAttribute('aria-pressed', String(HG.sound));
  $('#link').textContent = t(HG.link);
  $('#link').className = 'link ' + (HG.link === 'live' ? 'up' : 'down');
}

// ---- the snapshot ----

let loading = null;
/** Fetches sites, alarms and the overview together, then renders every widget from them at once. */
async function loadAll() {
  if (loading) return loading;
  loading = (async () => {
    const [sites, alarms, overview] = await Promise.all([
      getJson('/api/sites'), getJson('/api/alarms?shelved=include'), getJson('/api/overview')]);
    const details = await Promise.all(sites.map((s) => getJson('/api/sites/' + encodeURIComponent(s.id))));
    HG.sites = new Map(details.map((d) => [d.id, d]));
    HG.alarms = new Map(alarms.map((a) => [a.id, a]));
    HG.overview = overview;
    HG.serverOffset = overview.now - Date.now();
    if (!HG.selected && details.length && details[0].hazardSources.length) {
      HG.selected = {site: details[0].id, source: details[0].hazardSources[0].id};
    }
    await HGCharts.update();
    render();
  })();
  try { await loading; } finally { loading = null; }
}

let refreshTimer = null;
function refreshSoon() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => loadAll().catch(() => {}), 300);
}

function render() {
  HGOverview.render(HG.overview);
  renderCards();
  renderAlarms();
  renderSensors();
  HGCharts.render();
  HGSection.render();
  HGLayout.render();
  HGJournal.renderFilters();
  alarmSignal();
  document.body.dataset.rendered = String((Number(document.body.dataset.rendered) || 0) + 1);
}

// ---- hazard-source cards ----

// A hazard source's card colour: its highest hazard alarm; grey when it has none but a point is faulty,
// silent or has not reported; green when everything reports normally.
function cardColour(site, hs) {
  if (hs.colour && hs.colour !== 'green') return hs.colour;
  const points = site.sensors.filter((s) => s.source === hs.id);
  if (points.some((s) => s.status === 'fault' || s.status === 'no_data' || s.status === 'waiting')) return 'grey';
  return 'green';
}

function renderCards() {
  const html = [];
  for (const site of HG.sites.values()) {
    for (const hs of site.hazardSources) {
      const colour = cardColour(site, hs);
      const kind = hs.kind === 'tailings_dam' ? t('tailingsDam') : t('majorHazard');
      const grade = HG.lang === 'zh' ? (hs.rank || '')
        : hs.grade ? t('grade') + ' ' + hs.grade : hs.class ? t('damClass') + ' ' + hs.class : '';
      // the assessed, static risk grade beside the live colour: two different things (docs/alarms.md)
      const assessed = hs.assessedRisk ? `<span class="card-assessed"><span class="chip ${esc(hs.assessedRisk.colour)}">${
        esc(HG.lang === 'zh' ? hs.assessedRisk.name : t('assessed_' + hs.assessedRisk.grade))}</span> ${esc(t('assessedRisk'))}</span>` : '';
      const faults = site.sensors.filter((s) => s.source === hs.id && (s.status === 'fault' || s.status === 'no_data')).length;
      const selected = HG.selected && HG.selected.site === site.id && HG.selected.source === hs.id;
      html.push(`<button class="card ${colour}${selected ? ' selected' : ''}" data-source="${esc(site.id + '/' + hs.id)}"
          data-colour="${colour}" type="button">
        <span class="card-kind">${esc(kind)} ${esc(grade)}</span>
        <span class="card-name">${esc(nameOf(hs))}</span>
        <span class="card-id">${esc(nameOf(site))} · ${esc(hs.id)}</span>
        <span class="card-colour">${esc(colourWord(colour))}</span>
        ${assessed}
        <span class="card-count">${esc(t('alarms'))}: ${hs.activeAlarms}${faults ? ` · ${esc(t('fault'))}/${esc(t('no_data'))}: ${faults}` : ''}</span>
      </button>`);
    }
  }
  $('#sources').innerHTML = html.join('');
}

// ---- active alarms ----

const isAcked = (a) => a.acknowledged || a.state === 'acknowledged';
const isHazard = (a) => a.kind === 'threshold' || a.kind === 'trend';

function visibleAlarms() {
  // the gateway's work order: hazards first, then the source's priority (its grade), colour, newest
  return [...HG.alarms.values()].filter((a) => HG.showShelved || !a.shelved)
    .sort((a, b) => (isHazard(a) ? 0 : 1) - (isHazard(b) ? 0 : 1) || (a.priority || 5) - (b.priority || 5)
      || b.level - a.level || b.raisedTs - a.raisedTs);
}

function renderAlarms() {
  const list = visibleAlarms();
  const shelved = [...HG.alarms.values()].filter((a) => a.shelved).length;
  $('#alarm-count').textContent = [...HG.alarms.values()].filter((a) => !a.shelved).length;
  $('#shelved-count').textContent = shelved;
  $('#no-alarms').classList.toggle('hidden', list.length > 0);
  for (const id of [...HG.picked]) if (!HG.alarms.has(id) || isAcked(HG.alarms.get(id))) HG.picked.delete(id);
  $('#alarms tbody').innerHTML = list.map((a) => {
    const acked = isAcked(a);
    const shelf = a.shelved ? `<small class="shelf">${esc(t('shelvedUntil'))} ${esc(fmtTime(a.shelved.until))}: ${esc(a.shelved.reason)}</small>` : '';
    const point = `${esc(a.tag)} ${esc(a.sensorName ? nameOf({names: a.sensorName}) : '')}`;
    return `<tr class="alarm ${esc(a.colour)}${acked ? ' acked' : ''}${a.shelved ? ' shelved' : ''}" data-alarm-id="${esc(a.id)}" data-state="${esc(a.state)}">
      <td>${acked ? '' : `<input type="checkbox" class="pick" data-alarm-id="${esc(a.id)}"${HG.picked.has(a.id) ? ' checked' : ''}>`}</td>
      <td><span class="chip ${esc(a.colour)}">${esc(colourWord(a.colour))}</span></td>
      <td class="raised" data-ts="${a.raisedTs}">${esc(fmtTime(a.raisedTs))}</td>
      <td><b>${point}</b> <small>${esc(t(a.kind))}</small></td>
      <td class="alarm-text">${esc(alarmCondition(a))}${shelf}</td>
      <td class="alarm-state">${esc(acked ? t('acknowledged') : t(a.state))}${a.flapping ? ' ⟳' : ''}</td>
      <td class="actions">${acked ? '' : `<button class="ack-btn" type="button" data-alarm-id="${esc(a.id)}">${esc(t('acknowledge'))}</button>`}
        ${a.shelved ? `<button class="shelve-btn" type="button" data-unshelve="${esc(a.id)}">${esc(t('unshelve'))}</button>`
          : `<button class="shelve-btn" type="button" data-shelve="${esc(a.id)}">${esc(t('shelve'))}</button>`}
        <button class="notices-btn" type="button" data-alarm-id="${esc(a.id)}">${esc(t('notices'))}</button></td>
    </tr>`;
  }).join('');
  const n = HG.picked.size;
  $('#ack-selected').textContent = `${t('ackSelected')}${n ? ' (' + n + ')' : ''}`;
  $('#ack-selected').disabled = n === 0;
}

// ---- red banner and sound ----

/** Red alarms nobody has taken in hand: unacknowledged, not shelved, still active. */
function unhandledReds() {
  return [...HG.alarms.values()].filter((a) => a.colour === 'red' && !isAcked(a) && !a.shelved && a.state !== 'cleared')
    .sort((a, b) => b.raisedTs - a.raisedTs);
}

function alarmSignal() {
  const reds = unhandledReds();
  const banner = $('#banner');
  if (!reds.length) {
    HG.red = null;
    banner.classList.add('hidden');
    banner.classList.remove('flash');
    document.body.dataset.redAlert = '';
    return;
  }
  HG.red = reds[0];
  const more = reds.length > 1 ? ` (+${reds.length - 1})` : '';
  banner.textContent = `${t('newRed')}: ${HG.red.tag} — ${alarmText(HG.red)}${more}`;
  banner.classList.remove('hidden');
  document.body.dataset.redAlert = HG.red.id;
}

function beep() {
  if (!HG.sound) return;
  HG.beeps++;
  document.body.dataset.beeps = String(HG.beeps);
  try {
    const ctx = beep.ctx || (beep.ctx = new (window.AudioContext || window.webkitAudioContext)());
    if (ctx.state === 'suspended') ctx.resume();
    [0, 0.35, 0.7].forEach((at) => {
      const o = ctx.createOscillator(), g = ctx.createGain();
      o.frequency.value = 880; o.connect(g); g.connect(ctx.destination);
      g.gain.setValueAtTime(0.2, ctx.currentTime + at); g.gain.setValueAtTime(0, ctx.currentTime + at + 0.2);
      o.start(ctx.currentTime + at); o.stop(ctx.currentTime + at + 0.25);
    });
  } catch (e) { /* no audio device: the banner still shows */ }
}

// The sound repeats while a red alarm is unhandled, also after a reload of the page, until it is
// acknowledged or shelved; the banner stays as long.
setInterval(() => { if (unhandledReds().length) beep(); }, 8000);

function newRed(a) {
  $('#banner').classList.add('flash');
  clearTimeout(newRed.timer);
  newRed.timer = setTimeout(() => { $('#banner').classList.remove('flash'); }, 10000);
  beep();
}

// ---- points of the selected source ----

function renderSensors() {
  if (!HG.selected) {
    $('#sensor-title').textContent = t('sensors');
    $('#sensor-list').innerHTML = `<p class="empty">${esc(t('selectSource'))}</p>`;
    return;
  }
  const site = HG.sites.get(HG.selected.site);
  if (!site) return;
  const hs = site.hazardSources.find((h) => h.id === HG.selected.source);
  $('#sensor-title').textContent = `${t('sensors')} · ${hs ? nameOf(hs) : HG.selected.source}`;
  const rows = site.sensors.filter((s) => s.source === HG.selected.source).map((s) => {
    const v = shownValue(s);
    const charted = HG.charted.some((c) => c.site === site.id && c.tag === s.tag);
    const what = s.accumulateSeconds ? ` <small>${esc(t('judged24'))}</small>` : '';
    return `<tr class="sensor" data-tag="${esc(s.tag)}" data-status="${esc(s.status)}">
      <td><input type="checkbox" class="chart-pick" data-tag="${esc(s.tag)}"${charted ? ' checked' : ''} title="${esc(t('chart'))}"></td>
      <td><span class="chip ${pointColour(s)}">${esc(t(s.status))}</span></td><td><b>${esc(s.tag)}</b></td>
      <td>${esc(nameOf(s))}</td><td class="num value" data-tag="${esc(s.tag)}" data-value="${v == null ? '' : v}">${fmtValue(v)} ${esc(s.unit)}${what}</td></tr>`;
  });
  $('#sensor-list').innerHTML = `<table class="sensors">${rows.join('')}</table>`;
}

function toggleCharted(site, tag, on) {
  const i = HG.charted.findIndex((c) => c.site === site && c.tag === tag);
  if (on && i < 0) {
    if (HG.charted.length >= MAX_CHARTED) HG.charted.shift();
    HG.charted.push({site, tag});
  } else if (!on && i >= 0) {
    HG.charted.splice(i, 1);
  }
  HGCharts.reload().then(() => { renderSensors(); HGCharts.render(); }).catch(() => {});
}

// ---- the live stream ----

function onAlarm(a) {
  const before = HG.alarms.get(a.id);
  if (a.state === 'cleared') HG.alarms.delete(a.id);
  else HG.alarms.set(a.id, a);
  const wasRed = before && before.colour === 'red';
  if (a.colour === 'red' && !a.shelved && (a.state === 'raised' || (a.state === 'escalated' && !wasRed))) newRed(a);
  renderAlarms();
  alarmSignal();
  refreshSoon();
}

function onRisk(r) {
  const site = HG.sites.get(r.site);
  if (!site) return refreshSoon();
  const hs = site.hazardSources.find((h) => h.id === r.source);
  if (hs) { hs.colour = r.colour; hs.level = r.level; hs.activeAlarms = r.activeAlarms; }
  renderCards();
}

function connectStream() {
  const es = new EventSource('/api/stream');
  es.onopen = () => { HG.link = 'live'; applyLabels(); loadAll().catch(() => {}); };
  es.onerror = () => { HG.link = 'reconnecting'; applyLabels(); };
  es.addEventListener('alarm', (m) => onAlarm(JSON.parse(m.data)));
  es.addEventListener('risk', (m) => onRisk(JSON.parse(m.data)));
  es.addEventListener('shelf', () => loadAll().catch(() => {}));
  es.addEventListener('reset', () => loadAll().catch(() => {}));
}

// ---- operator actions: acknowledge (one or several), shelve ----

// The operator signs in once: the password buys a token (POST /api/session), the browser keeps the
// token for this tab, never the password, and sends it as a Bearer token with each action.
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

function openDialog(mode, ids) {
  HG.dialog = {mode, ids};
  const shelving = mode === 'shelve';
  $('#dialog-title').textContent = t(shelving ? 'shelveTitle' : mode === 'unshelve' ? 'unshelve' : 'ackTitle');
  $('#ack-confirm').textContent = t(shelving ? 'shelve' : mode === 'unshelve' ? 'unshelve' : 'acknowledge');
  $('#comment-label').textContent = t(shelving ? 'reason' : 'comment');
  $('#shelf-fields').classList.toggle('hidden', !shelving);
  $('#ack-alarm').innerHTML = ids.map((id) => {
    const a = HG.alarms.get(id);
    return `<span class="chip ${a ? esc(a.colour) : ''}">${a ? esc(colourWord(a.colour)) : ''}</span> ${esc(a ? a.tag + ': ' + alarmText(a) : id)}`;
  }).join('<br>');
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

function post(url, body, method = 'POST') {
  return fetch(url, {
    method,
    headers: {'Content-Type': 'application/json', 'X-Requested-With': 'hazardgate-dashboard', 'Authorization': 'Bearer ' + signedIn().token},
    body: body == null ? undefined : JSON.stringify(body),
  });
}

async function submitDialog(ev) {
  ev.preventDefault();
  const d = HG.dialog;
  if (d.mode === 'shelve' && !$('#ack-comment').value.trim()) {
    $('#ack-error').textContent = t('reasonRequired');
    return;
  }
  if (!signedIn() && !(await signIn())) return;
  let r;
  if (d.mode === 'shelve') {
    r = await post(`/api/alarms/${encodeURIComponent(d.ids[0])}/shelve`, {reason: $('#ack-comment').value, minutes: Number($('#shelf-minutes').value)});
  } else if (d.mode === 'unshelve') {
    r = await post(`/api/alarms/${encodeURIComponent(d.ids[0])}/shelve`, null, 'DELETE');
  } else if (d.ids.length === 1) {
    r = await post(`/api/alarms/${encodeURIComponent(d.ids[0])}/ack`, {comment: $('#ack-comment').value});
  } else {
    r = await post('/api/alarms/ack', {ids: d.ids, comment: $('#ack-comment').value});
  }
  if (r.ok) {
    const body = await r.json();
    const updated = body.results ? body.results.filter((x) => x.alarm).map((x) => x.alarm) : [body];
    for (const a of updated) if (a && a.id) HG.alarms.set(a.id, a);
    const failed = body.results ? body.results.filter((x) => x.status !== 200) : [];
    d.ids.forEach((id) => HG.picked.delete(id));
    renderAlarms();
    alarmSignal();
    refreshSoon();
    if (failed.length) {
      $('#ack-error').textContent = failed.map((x) => `${x.id}: ${x.error}`).join('; ');
      return;
    }
    $('#ack-dialog').close();
    return;
  }
  if (r.status === 401) {
    signOutLocally(); // the sign-in expired or the gateway restarted
    $('#ack-error').textContent = t('signInAgain');
    return;
  }
  $('#ack-error').textContent = await errorText(r, t(d.mode === 'shelve' ? 'shelveFailed' : 'ackFailed'));
}

async function unshelve(id) {
  if (!signedIn()) { openDialog('unshelve', [id]); return; }
  const r = await post(`/api/alarms/${encodeURIComponent(id)}/shelve`, null, 'DELETE');
  if (r.status === 401) { signOutLocally(); return; }
  await loadAll();
}

// The delivery record of one alarm: every notice, to whom, why, on which channel, and how it went.
async function showDeliveries(id) {
  const a = HG.alarms.get(id);
  $('#deliveries-alarm').textContent = a ? `${a.tag}: ${alarmText(a)}` : id;
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
    HG.lang = HG.lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('hg.lang', HG.lang);
    applyLabels();
    render();
    HGJournal.render();
  });
  $('#sound').addEventListener('click', () => {
    HG.sound = !HG.sound;
    localStorage.setItem('hg.sound', HG.sound ? 'on' : 'off');
    applyLabels();
    if (HG.sound && unhandledReds().length) beep();
  });
  $('#sources').addEventListener('click', (e) => {
    const card = e.target.closest('.card');
    if (!card) return;
    const [site, source] = card.dataset.source.split('/');
    HG.selected = {site, source};
    renderCards();
    renderSensors();
    HGSection.render();
  });
  $('#sensor-list').addEventListener('change', (e) => {
    const box = e.target.closest('.chart-pick');
    if (box && HG.selected) toggleCharted(HG.selected.site, box.dataset.tag, box.checked);
  });
  $('#alarms').addEventListener('click', (e) => {
    const ack = e.target.closest('.ack-btn');
    if (ack) return openDialog('ack', [ack.dataset.alarmId]);
    const sh = e.target.closest('[data-shelve]');
    if (sh) return openDialog('shelve', [sh.dataset.shelve]);
    const un = e.target.closest('[data-unshelve]');
    if (un) unshelve(un.dataset.unshelve).catch(() => {});
    const n = e.target.closest('.notices-btn');
    if (n) showDeliveries(n.dataset.alarmId).catch(() => {});
  });
  $('#alarms').addEventListener('change', (e) => {
    const box = e.target.closest('.pick');
    if (box) {
      if (box.checked) HG.picked.add(box.dataset.alarmId); else HG.picked.delete(box.dataset.alarmId);
      renderAlarms();
    }
  });
  $('#select-all').addEventListener('change', (e) => {
    HG.picked.clear();
    if (e.target.checked) visibleAlarms().filter((a) => !isAcked(a)).forEach((a) => HG.picked.add(a.id));
    renderAlarms();
  });
  $('#ack-selected').addEventListener('click', () => { if (HG.picked.size) openDialog('ack', [...HG.picked]); });
  $('#show-shelved').addEventListener('change', (e) => { HG.showShelved = e.target.checked; renderAlarms(); });
  $('#ack-form').addEventListener('submit', (e) => submitDialog(e).catch((err) => { $('#ack-error').textContent = String(err); }));
  $('#ack-cancel').addEventListener('click', () => $('#ack-dialog').close());
  $('#ack-signout').addEventListener('click', () => signOut().catch(() => signOutLocally()));
  $('#ranges').addEventListener('click', (e) => {
    const b = e.target.closest('[data-range]');
    if (!b) return;
    HG.range = b.dataset.range;
    document.querySelectorAll('#ranges button').forEach((x) => x.classList.toggle('selected', x === b));
    HGCharts.reload().then(() => HGCharts.render()).catch(() => {});
  });
  $('#layout').addEventListener('click', (e) => {
    const m = e.target.closest('.marker');
    if (m) toggleCharted(m.dataset.site, m.dataset.tag, true);
  });
  setInterval(() => { $('#clock').textContent = fmtTime(serverNow()); }, 1000);
  setInterval(() => loadAll().catch(() => {}), REFRESH_MS);
}

applyLabels();
wire();
HGJournal.wire();
loadAll().then(() => HGJournal.search()).catch(() => {});
connectStream();
