// Load for the generation benchmark: C concurrent clients, each sending streamed completions
// (stream_options.include_usage) back to back for DURATION seconds, prompts taken in turn from
// prompts.json, greedy, MAX_TOKENS each, or, given as MIN-MAX, a max_tokens drawn uniformly from that
// range for each request (a fixed seed: the same sequence of lengths for every server), as real
// traffic mixes short and long answers. Prints one JSON line: requests, generated tokens, aggregate
// tokens/s, time to first token (first non-empty text chunk) p50/p99, per-stream tokens/s median.
//
// Usage: node benchmarks/generation/load.mjs URL C DURATION MAX_TOKENS [label]
//        (URL is the server's /v1/completions)
import fs from 'node:fs';

const [url, c, duration, maxTokens, label] = process.argv.slice(2);  // maxTokens: N or MIN-MAX
const prompts = JSON.parse(fs.readFileSync(new URL('./prompts.json', import.meta.url)));
const end = Date.now() + Number(duration) * 1000;
const ttft = [];
const perStream = [];
let tokens = 0;
let requests = 0;
let errors = 0;
let next = 0;
const [lo, hi] = String(maxTokens).split('-').map(Number);
let state = 20261206;
const length = () => {
  if (hi === undefined) return lo;
  state = (state * 1103515245 + 12345) % 2147483648;
  return lo + (state % (hi - lo + 1));
};

async function one(prompt) {
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({
    model: 'tinygpt', prompt, max_tokens: length(), temperature: 0, stream: true,
    stream_options: { include_usage: true } }) });
  if (!res.ok) {
    errors++;
    await res.text();
    return;
  }
  const decoder = new TextDecoder();
  let buffer = '';
  let first = null;
  let usage = null;
  for await (const bytes of res.body) {
    buffer += decoder.decode(bytes, { stream: true });
    let cut;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      if (!event.startsWith('data: ') || event === 'data: [DONE]') continue;
      const data = JSON.parse(event.slice(6));
      if (data.usage) usage = data.usage;
      if (first === null && data.choices?.[0]?.text) first = performance.now();
    }
  }
  const done = performance.now();
  requests++;
  tokens += usage?.completion_tokens ?? 0;
  if (first !== null) ttft.push(first - started);
  if (usage && done > started) perStream.push(usage.completion_tokens / ((done - started) / 1000));
}

async function client() {
  while (Date.now() < end) {
    await one(prompts[next++ % prompts.length]).catch(() => errors++);
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: Number(c) }, client));
const seconds = (performance.now() - started) / 1000;
const q = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : null; };
console.log(JSON.stringify({ label, concurrency: Number(c), seconds: +seconds.toFixed(1), requests, errors, tokens,
  tokens_per_s: +(tokens / seconds).toFixed(1), ttft_p50_ms: +q(ttft, 0.5)?.toFixed(1), ttft_p99_ms: +q(ttft, 0.99)?.toFixed(1),
  stream_tokens_per_s_median: +q(perStream, 0.5)?.toFixed(1) }));
