// The control room's view of alarm latency, from a process of its own: one logger that alternately puts
// its first point over the limit and back (an alarm raised, then cleared), and a subscriber of that
// point's alarm topic, both on one quiet Node.js event loop. It reports publish-to-raised-event latency.
// Run it beside a load on the other loggers (load.js --clients 99, or the simulator with --devices 99):
// the alarm then crosses the gateway under that load, and the figure holds no queueing inside the load
// generator itself (whose own event loop, busy with the load, delays what it measures).
// Points and topics are those of `simulate gen-load-config` (site "load", tags L00001-001 ...).
//
//   npm install --prefix bench/mqttjs
//   node bench/mqttjs/probe.js --port PORT [--device N (default 100)] [--every MS (default 25)]
//        [--seconds S (default 20)] [--readings R (default 20)]
'use strict';
const mqtt = require('mqtt');

const opts = { port: 1883, device: 100, every: 25, seconds: 20, readings: 20 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const k = argv[i].replace(/^--/, '');
  if (!(k in opts) || argv[i + 1] === undefined || !/^\d+$/.test(argv[i + 1]) || Number(argv[i + 1]) === 0) {
    console.error(`probe.js: unknown option or not a positive whole number: ${argv[i]} ${argv[i + 1] ?? ''}`);
    process.exit(2);
  }
  opts[k] = Number(argv[i + 1]);
}
const url = `mqtt://127.0.0.1:${opts.port}`;
const pad = (n, d) => String(n).padStart(d, '0');
const now = () => Number(process.hrtime.bigint()) / 1e6;
const device = pad(opts.device, 5);
const tags = Array.from({ length: opts.readings }, (_, i) => `L${device}-${pad(i + 1, 3)}`);
const pending = new Map(); // readingTs of a raising message -> publish time (ms)
const latency = [];
let acked = 0;

const fail = (e) => { console.error(`probe.js: ${e.message}`); process.exit(1); };
const room = mqtt.connect(url, { clientId: `probe-room-${process.pid}`, clean: true, protocolVersion: 4 });
const logger = mqtt.connect(url, { clientId: `probe-logger-${process.pid}`, clean: true, protocolVersion: 4 });
room.on('error', fail);
logger.on('error', fail);
room.on('message', (topic, payload) => {
  const t = now();
  let e;
  try { e = JSON.parse(payload); } catch (err) { return; }
  if (e.state !== 'raised' || e.tag !== tags[0]) return;
  const sent = pending.get(e.readingTs);
  if (sent !== undefined) { pending.delete(e.readingTs); latency.push(t - sent); }
});
room.on('connect', () => room.subscribe(`alarm/load/+/${tags[0]}`, { qos: 1 }, (err) => {
  if (err) fail(err);
  logger.connected ? start() : logger.once('connect', start);
}));

function start() {
  const t0 = now();
  let n = 0, lastTs = 0;
  const timer = setInterval(() => {
    if (now() - t0 > opts.seconds * 1000) { clearInterval(timer); setTimeout(report, 2000); return; }
    const ts = Math.max(Date.now(), lastTs + 1);
    lastTs = ts;
    const raise = n++ % 2 === 1; // the first message clears what an earlier run may have left
    const readings = tags.map((tag, i) => ({ tag, value: i === 0 && raise ? 95 : 10 }));
    const body = JSON.stringify({ ts, readings });
    if (raise) pending.set(ts, now());
    logger.publish(`plant/load/d${device}/telemetry`, body, { qos: 1 }, (err) => { if (!err) acked++; });
  }, opts.every);
}

function report() {
  const s = latency.slice().sort((a, b) => a - b);
  const q = (p) => (s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))].toFixed(2) : '-');
  console.log(`probe alarm latency (publish to raised event at the probe's subscriber) p50 ${q(0.5)} p90 ${q(0.9)} `
    + `p99 ${q(0.99)} max ${q(1)} ms, ${s.length} alarms, ${pending.size} missing, ${acked} messages acknowledged`);
  process.exit(pending.size > 0 && s.length === 0 ? 1 : 0);
}
