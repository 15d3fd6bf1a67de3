// The generation benchmark's table: aggregate tokens/s, TTFT p50/p99 and per-stream tokens/s by
// server and concurrency, with zerocold's ratios against transformers.js and against itself with
// continuous batching off. Usage: node benchmarks/generation/table.mjs load.jsonl
import fs from 'node:fs';

const rows = fs.readFileSync(process.argv[2], 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const at = (label, c) => rows.find((r) => r.label === label && r.concurrency === c);
const ratio = (a, b) => (a && b ? (a / b).toFixed(2) + '×' : '–');
console.log('| streams | server | tokens/s | TTFT p50 | TTFT p99 | tokens/s per stream | requests (errors) | zerocold ÷ transformers.js | continuous ÷ static |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const c of [...new Set(rows.map((r) => r.concurrency))].sort((a, b) => a - b)) {
  for (const label of ['zerocold', 'zerocold-static', 'transformersjs']) {
    const r = at(label, c);
    if (!r) continue;
    const tjs = at('transformersjs', c);
    const vsPeer = label === 'transformersjs' ? '' : `${ratio(r.tokens_per_s, tjs?.tokens_per_s)} tokens/s, ${ratio(r.ttft_p99_ms, tjs?.ttft_p99_ms)} TTFT p99`;
    const vsStatic = label === 'zerocold' ? ratio(r.tokens_per_s, at('zerocold-static', c)?.tokens_per_s) : '';
    console.log(`| ${c} | ${label} | ${r.tokens_per_s} | ${r.ttft_p50_ms} ms | ${r.ttft_p99_ms} ms | ${r.stream_tokens_per_s_median} | ${r.requests} (${r.errors}) | ${vsPeer} | ${vsStatic} |`);
  }
}
