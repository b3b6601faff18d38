// The logger load from one Node.js event loop (MQTT.js), an independent check of the Java simulator's
// figures: 100 loggers on 100 connections by default, each message a snapshot of 20 points, QoS 1 with
// a few messages in flight per logger; every Nth message of a logger puts its first point over the
// limit (the next clears it) and a subscriber of alarm/load/# measures publish to raised event.
// Points and topics are those of `simulate gen-load-config` (site "load", tags L00001-001 ...).
//
//   npm install --prefix bench/mqttjs
//   node bench/mqttjs/load.js --port PORT [--rate MSGS_PER_SEC (0: as fast as the windows allow)]
//        [--seconds S] [--alarm-every N (0: none)] [--clients C] [--inflight W] [--readings R]
//        [--flood 1 (every logger's alarm in the same message of its cycle: floods of one alarm per logger)]
'use strict';
const mqtt = require('mqtt');

const opts = { port: 1883, rate: 0, seconds: 15, 'alarm-every': 50, clients: 100, inflight: 8, readings: 20, flood: 0 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const k = argv[i].replace(/^--/, '');
  if (!(k in opts) || argv[i + 1] === undefined || !/^\d+$/.test(argv[i + 1])) {
    console.error(`load.js: unknown option or not a whole number: ${argv[i]} ${argv[i + 1] ?? ''}`);
    process.exit(2);
  }
  opts[k] = Number(argv[i + 1]);
}
const url = `mqtt://127.0.0.1:${opts.port}`;
const pad = (n, d) => String(n).padStart(d, '0');
const now = () => Number(process.hrtime.bigint()) / 1e6;
const pending = new Map(); // "tag@ts" -> publish time (ms)
const alarmMs = [];
const ackMs = [];
let acked = 0;
let failed = 0;

const probe = mqtt.connect(url, { clientId: `mqttjs-alarms-${process.pid}`, clean: true, protocolVersion: 4 });
probe.on('error', (e) => { console.error(`load.js: ${e.message}`); process.exit(1); });
probe.on('message', (topic, payload) => {
  const t = now();
  let e;
  try { e = JSON.parse(payload); } catch (err) { return; }
  if (e.state !== 'raised') return;
  const key = `${e.tag}@${e.readingTs}`;
  const sent = pending.get(key);
  if (sent !== undefined) { pending.delete(key); alarmMs.push(t - sent); }
});
probe.on('connect', () => probe.subscribe('alarm/load/#', { qos: 1 }, run));

function run() {
  const t0 = now();
  const perClient = opts.rate / opts.clients;
  let finished = 0;
  for (let c = 0; c < opts.clients; c++) {
    const device = c + 1;
    const topic = `plant/load/d${pad(device, 5)}/telemetry`;
    const tags = Array.from({ length: opts.readings }, (_, i) => `L${pad(device, 5)}-${pad(i + 1, 3)}`);
    const client = mqtt.connect(url, { clientId: `mqttjs-${process.pid}-${c}`, clean: true, protocolVersion: 4 });
    let sent = 0, inFlight = 0, lastTs = 0, raised = true, done = false; // raised: the first message clears what an earlier run left
    // each logger starts at its own place in the alarm cycle: alarms spread evenly, not one flood per
    // cycle (unless --flood 1 asks for the floods)
    const offset = opts.flood ? 0 : Math.floor(c * opts['alarm-every'] / opts.clients);
    const pump = () => {
      if (done) return;
      const elapsed = now() - t0;
      if (elapsed > opts.seconds * 1000) { done = true; return; }
      const allowed = perClient > 0 ? Math.floor(elapsed / 1000 * perClient) : Infinity;
      while (inFlight < opts.inflight && sent < allowed) {
        const ts = Math.max(Date.now(), lastTs + 1);
        lastTs = ts;
        let trigger = null;
        const readings = tags.map((tag, i) => {
          let value = Math.round(Math.random() * 50000) / 1000;
          if (i === 0) {
            if (raised) raised = false;
            else if (opts['alarm-every'] > 0 && (sent + offset) % opts['alarm-every'] === 0) { value = 95; raised = true; trigger = tag; }
          }
          return { tag, value };
        });
        const body = JSON.stringify({ ts, readings });
        const at = now();
        if (trigger) pending.set(`${trigger}@${ts}`, at);
        inFlight++;
        sent++;
        client.publish(topic, body, { qos: 1 }, (err) => {
          inFlight--;
          if (err) failed++; else { acked++; ackMs.push(now() - at); }
          setImmediate(pump);
        });
      }
    };
    client.on('connect', () => {
      const timer = setInterval(() => {
        pump();
        if (done) { clearInterval(timer); if (++finished === opts.clients) setTimeout(report, 3000); }
      }, perClient > 0 ? 5 : 50);
    });
  }
}

function report() {
  const q = (a, p) => {
    if (!a.length) return '-';
    const s = a.slice().sort((x, y) => x - y);
    return s[Math.min(s.length - 1, Math.floor(p * s.length))].toFixed(2);
  };
  const f = (n) => Math.round(n).toLocaleString('en-US');
  console.log(`acknowledged ${f(acked)} messages (${f(acked / opts.seconds)}/s, ${f(acked * opts.readings / opts.seconds)} readings/s), ${failed} failed`);
  console.log(`PUBACK latency p50 ${q(ackMs, .5)} p99 ${q(ackMs, .99)} ms`);
  console.log(`alarm latency (publish to raised event at subscriber) p50 ${q(alarmMs, .5)} p90 ${q(alarmMs, .9)} p99 ${q(alarmMs, .99)} max ${q(alarmMs, 1)} ms, ${alarmMs.length} alarms, ${pending.size} missing`);
  process.exit(0);
}
