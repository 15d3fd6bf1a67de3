// Markdown table from bench.sh's load.tsv: per model, texts per request and connections, each server's
// texts/s (requests/s × texts per request) and p50/p99 per request, and the ratios to transformers.js:
// one table per zerocold variant in the run.
// usage: node table.mjs load.tsv
import { readFileSync } from 'node:fs';

const [header, ...lines] = readFileSync(process.argv[2], 'utf8').trim().split('\n').map((l) => l.split('\t'));
const rows = lines.map((l) => Object.fromEntries(header.map((h, i) => [h, l[i]])));
const key = (r) => `${r.model}\t${r.texts_per_request}\t${r.conns}`;
const cells = new Map();
for (const r of rows) {
  if (!cells.has(key(r))) cells.set(key(r), {});
  cells.get(key(r))[r.server] = r;
}
const tps = (r) => (r ? Number(r.req_s) * Number(r.texts_per_request) : NaN);
const fmt = (x, d = 0) => (Number.isFinite(x) ? x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }) : '—');
const errors = (r) => (r ? Number(r.non2xx) + Number(r.sock_err) + Number(r.bad) : '—');
const peer = 'transformersjs';
for (const server of [...new Set(rows.map((r) => r.server))].filter((s) => s !== peer)) {
  console.log(`\n| model | texts/request | conns | ${server} texts/s | p50 ms | p99 ms | transformers.js texts/s | p50 ms | p99 ms | texts/s ratio | p99 ratio | errors |`);
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const [k, cell] of cells) {
    const [model, n, c] = k.split('\t');
    const z = cell[server], t = cell[peer];
    console.log(`| ${model} | ${n} | ${c} | ${fmt(tps(z))} | ${fmt(Number(z?.p50_ms), 1)} | ${fmt(Number(z?.p99_ms), 1)} `
      + `| ${fmt(tps(t))} | ${fmt(Number(t?.p50_ms), 1)} | ${fmt(Number(t?.p99_ms), 1)} `
      + `| **${fmt(tps(z) / tps(t), 2)}×** | ${fmt(Number(z?.p99_ms) / Number(t?.p99_ms), 2)}× | ${errors(z)}/${errors(t)} |`);
  }
}
console.log('\nratio = zerocold / transformers.js: texts/s above 1 is more for zerocold; p99 below 1 is a shorter tail for zerocold.');
