// Parity of zerocold's /v1/embeddings with transformers.js on the same ONNX models (setup.sh).
//
//   node parity.mjs [BASE_URL=http://localhost:8080]
//
// For 1,000 real sentences (every third row of models/datasets/uci-sentiment/sentences.tsv: 334
// Amazon, 333 IMDb, 333 Yelp reviews) and each default model, the reference is transformers.js's
// pipeline('feature-extraction', dtype 'q8') with pooling 'cls' (bge-small-en-v1.5) or 'mean'
// (all-minilm-l6-v2) and normalize: true, and zerocold is called through the official openai Node SDK,
// client.embeddings.create({model, input}) with its default settings (the SDK's own request body and
// the raw answer are recorded through its `fetch` option: what it sends by default, how vectors came back).
//
// Both models are int8 with DYNAMIC activation quantization (DynamicQuantizeLinear: one scale per
// tensor, i.e. per batch), so a text's vector depends on the other texts and the padding in its batch
// (transformers.js against itself: cosine down to ~0.97). zerocold runs each input of such a model alone
// (docs/embeddings.md), so the reference is transformers.js with ONE text per call (no padding):
//   gate 1: the SDK's default call, BATCH (32) texts per call, one call at a time;
//   gate 2: one text per SDK call, one call at a time;
//   shown:  one text per call with CONCURRENCY (8) calls in flight vs one at a time (whether the
//           server's cross-request batching moves a vector), zerocold's 32-per-call vectors vs its own
//           one-per-call ones, and transformers.js's own 32-per-call vectors vs its one-per-call ones.
// Gates also: encoding_format 'float' gives the default's (base64) vectors; dimensions: 128 gives the
// full vector truncated to 128 and re-normalised; the response shape (object, index order, model, usage).
// Exits 1 if any gated cosine is below MIN_COSINE or a check fails. Env: EMBED_WORK (/tmp/zerocold-embed),
// SENTENCES (the TSV), LIMIT (1000: the first LIMIT of the selection, for a quick try), BATCH (32), CONCURRENCY (8), MIN_COSINE (0.999), MODELS (both, comma-separated).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const WORK = process.env.EMBED_WORK || '/tmp/zerocold-embed';
const BASE = (process.argv[2] || 'http://localhost:8080').replace(/\/+$/, '');
const BATCH = Number(process.env.BATCH || 32);
const MIN_COSINE = Number(process.env.MIN_COSINE || 0.999);
const CONCURRENCY = Number(process.env.CONCURRENCY || 8);
const SENTENCES = process.env.SENTENCES || join(HERE, '../../models/datasets/uci-sentiment/sentences.tsv');
const POOLING = { 'bge-small-en-v1.5': 'cls', 'all-minilm-l6-v2': 'mean' };
const MODELS = (process.env.MODELS || Object.keys(POOLING).join(',')).split(',');

const require = createRequire(join(WORK, 'package.json'));
const { env, pipeline } = await import(require.resolve('@huggingface/transformers'));
const { default: OpenAI } = await import(require.resolve('openai'));
env.allowRemoteModels = false;
env.localModelPath = join(WORK, 'models') + '/';

const rows = readFileSync(SENTENCES, 'utf8').split('\n').slice(1).filter((l) => l.trim());
const texts = rows.filter((_, i) => i % 3 === 0).map((l) => l.split('\t')[4]).slice(0, Number(process.env.LIMIT || 1000));

// The SDK's wire traffic, as it sent and received it.
const wire = [];   // only while `recording`
let recording = false;
const recordingFetch = async (url, init) => {
  const res = await fetch(url, init);
  if (!recording) return res;
  const text = await res.clone().text();
  wire.push({ url: String(url), request: init?.body ? JSON.parse(init.body) : null, status: res.status, response: text });
  return res;
};
const client = new OpenAI({ baseURL: `${BASE}/v1`, apiKey: 'unused', fetch: recordingFetch });

const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); return ok; };
const dot = (a, b) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * b[i]; return s; };
const norm = (a) => Math.sqrt(dot(a, a));
const cosine = (a, b) => dot(a, b) / (norm(a) * norm(b));
const median = (xs) => { const s = [...xs].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const maxAbsDiff = (a, b) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);
const chunks = (xs, n) => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n));
const f = (x, d = 6) => x.toFixed(d);

const models = await client.models.list();
const served = models.data.map((m) => m.id);
console.log(`server: ${BASE}  GET /v1/models: ${served.join(', ')}`);
console.log(`sentences: ${texts.length} (every third row of ${SENTENCES.replace(/^.*\/models\//, 'models/')}); ${BATCH} per call; pass: cosine >= ${MIN_COSINE}`);

for (const model of MODELS) {
  const pooling = POOLING[model];
  check(served.includes(model), `${model}: not in GET /v1/models`);
  const extractor = await pipeline('feature-extraction', model, { dtype: 'q8', device: 'cpu' });
  const refSingle = [];
  for (const t of texts) refSingle.push((await extractor(t, { pooling, normalize: true })).tolist()[0]);
  const refBatch = [];
  for (const c of chunks(texts, BATCH)) refBatch.push(...(await extractor(c, { pooling, normalize: true })).tolist());
  const tokens = texts.map((t) => extractor.tokenizer.encode(t).length);   // with [CLS] and [SEP]

  // zerocold through the SDK's defaults, BATCH texts per call
  const got = [];
  let usageTokens = 0;
  wire.length = 0;
  recording = true;
  for (const [k, c] of chunks(texts, BATCH).entries()) {
    const r = await client.embeddings.create({ model, input: c });
    check(r.object === 'list' && r.data.length === c.length, `${model}: call ${k}: ${r.data.length} items for ${c.length} texts`);
    check(r.data.every((d, i) => d.index === i && d.object === 'embedding'), `${model}: call ${k}: data not in index order`);
    check(r.model === model, `${model}: call ${k}: answered model ${r.model}`);
    check(r.usage?.prompt_tokens > 0 && r.usage.total_tokens === r.usage.prompt_tokens, `${model}: call ${k}: usage ${JSON.stringify(r.usage)}`);
    usageTokens += r.usage?.prompt_tokens ?? 0;
    got.push(...r.data.map((d) => d.embedding));
    recording = false;
  }
  const sent = wire[0];
  const raw = JSON.parse(sent.response).data[0].embedding;
  const rawKind = typeof raw === 'string' ? `base64 strings (${Buffer.from(raw, 'base64').length} bytes each)` : `JSON arrays (${raw.length} numbers)`;
  check(typeof raw === 'string' || sent.request.encoding_format !== 'base64', `${model}: asked for base64, answered ${rawKind}`);
  check(got.every((v) => v.length === refSingle[0].length), `${model}: dimensions ${got[0].length}, reference ${refSingle[0].length}`);

  // zerocold, one text per call: one call at a time, then CONCURRENCY calls in flight
  const single = [];
  for (const t of texts) single.push((await client.embeddings.create({ model, input: t })).data[0].embedding);
  const concurrent = new Array(texts.length);
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < texts.length) {
      const i = next++;
      concurrent[i] = (await client.embeddings.create({ model, input: texts[i] })).data[0].embedding;
    }
  }));

  const batchCos = got.map((v, i) => cosine(v, refSingle[i]));
  const singleCos = single.map((v, i) => cosine(v, refSingle[i]));
  const refBatchVsSingle = refBatch.map((v, i) => cosine(v, refSingle[i]));
  const concurrentCos = concurrent.map((v, i) => cosine(v, single[i]));
  const below = (xs) => xs.filter((c) => !(c >= MIN_COSINE)).length;
  check(below(batchCos) === 0, `${model}: ${below(batchCos)} cosines below ${MIN_COSINE}, ${BATCH} per call`);
  check(below(singleCos) === 0, `${model}: ${below(singleCos)} cosines below ${MIN_COSINE}, one per call`);
  const stats = (xs) => `min ${f(Math.min(...xs))}  median ${f(median(xs))}  below ${MIN_COSINE}: ${below(xs)}/${xs.length}`;
  const worst = (xs) => { const i = xs.indexOf(Math.min(...xs)); return `#${i} (${tokens[i]} tokens) "${texts[i].slice(0, 70)}"`; };
  const specials = tokens.reduce((a, b) => a + b, 0);

  // encoding_format 'float' gives the same vectors
  let floatDiff = 0, floatMinCos = 1;
  for (const [k, c] of chunks(texts, BATCH).entries()) {
    const r = await client.embeddings.create({ model, input: c, encoding_format: 'float' });
    check(r.data.every((d) => Array.isArray(d.embedding)), `${model}: encoding_format float answered no arrays`);
    r.data.forEach((d, i) => {
      const base = got[k * BATCH + i];
      floatDiff = Math.max(floatDiff, maxAbsDiff(d.embedding.map(Math.fround), base));
      floatMinCos = Math.min(floatMinCos, cosine(d.embedding, base));
    });
  }
  check(floatDiff < 1e-6, `${model}: encoding_format float differs from base64 by ${floatDiff}`);

  // dimensions: 128 = the full vector truncated to 128 and re-normalised
  let dimDiff = 0, dimNorm = 0;
  const dimLen = new Set();
  for (const [k, c] of chunks(texts, BATCH).entries()) {
    const r = await client.embeddings.create({ model, input: c, dimensions: 128 });
    r.data.forEach((d, i) => {
      const full = got[k * BATCH + i].slice(0, 128);
      const n = norm(full);
      dimLen.add(d.embedding.length);
      dimDiff = Math.max(dimDiff, maxAbsDiff(d.embedding, full.map((x) => x / n)));
      dimNorm = Math.max(dimNorm, Math.abs(norm(d.embedding) - 1));
    });
  }
  check(dimLen.size === 1 && dimLen.has(128), `${model}: dimensions 128 gave lengths ${[...dimLen]}`);
  check(dimDiff < 1e-5, `${model}: dimensions 128 differs from truncate+renormalise by ${dimDiff}`);

  console.log(`\n## ${model} (pooling ${pooling}, ${refSingle[0].length}-d)`);
  console.log(`gate 1, ${BATCH} per call vs transformers.js one per call: ${stats(batchCos)}`);
  console.log(`  lowest: ${worst(batchCos)}`);
  console.log(`gate 2, one per call vs transformers.js one per call:     ${stats(singleCos)}`);
  console.log(`  lowest: ${worst(singleCos)}`);
  console.log(`shown: zerocold one per call, ${CONCURRENCY} in flight vs one at a time: ${stats(concurrentCos)}`);
  console.log(`       zerocold ${BATCH} per call vs zerocold one per call:      ${stats(got.map((v, i) => cosine(v, single[i])))}`);
  console.log(`       transformers.js ${BATCH} per call vs one per call:        ${stats(refBatchVsSingle)}`);
  console.log(`SDK default request: ${JSON.stringify({ ...sent.request, input: `[${sent.request.input.length} strings]` })}; answered ${rawKind}`);
  console.log(`encoding_format float vs default (base64): max |diff| ${floatDiff.toExponential(2)}, min cosine ${f(floatMinCos, 9)}`);
  console.log(`dimensions 128: length ${[...dimLen]}, max |norm-1| ${dimNorm.toExponential(2)}, max |diff| to truncate+renormalise ${dimDiff.toExponential(2)}`);
  console.log(`usage.prompt_tokens summed: ${usageTokens}; the reference tokenizer counts ${specials} with [CLS]/[SEP], ${specials - 2 * texts.length} without`);
  await extractor.dispose();
}

console.log(failures.length ? `\nFAILED (${failures.length}):\n  ${failures.slice(0, 20).join('\n  ')}` : '\nPASSED: every check');
process.exit(failures.length ? 1 : 0);
