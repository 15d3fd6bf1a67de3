// Writes the request bodies bench.sh rotates over, one JSON body per line, for each model and batch size:
//   OUT_DIR/<model>-<n>.jsonl   {"model", "input": string (n = 1) or [n strings], "encoding_format": "base64"}
// Texts: all 3,000 sentences of models/datasets/uci-sentiment/sentences.tsv in a fixed shuffled order
// (a seeded generator), so that consecutive requests mix sources and lengths; n = 1 gives 3,000 bodies,
// n = 32 gives 93. base64 is what the official openai SDK asks for by default.
// usage: node bodies.mjs OUT_DIR [N...=1 32]     env: SENTENCES, MODELS (both, comma-separated)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2];
if (!out) throw new Error('usage: node bodies.mjs OUT_DIR [N...]');
const sizes = process.argv.length > 3 ? process.argv.slice(3).map(Number) : [1, 32];
const models = (process.env.MODELS || 'all-minilm-l6-v2,bge-small-en-v1.5').split(',');
const tsv = process.env.SENTENCES || join(HERE, '../../models/datasets/uci-sentiment/sentences.tsv');
const texts = readFileSync(tsv, 'utf8').split('\n').slice(1).filter((l) => l.trim()).map((l) => l.split('\t')[4]);

let seed = 20261206;   // mulberry32
const random = () => { seed = (seed + 0x6d2b79f5) | 0; let t = seed; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
for (let i = texts.length - 1; i > 0; i--) { const j = Math.floor(random() * (i + 1)); [texts[i], texts[j]] = [texts[j], texts[i]]; }

mkdirSync(out, { recursive: true });
for (const model of models) {
  for (const n of sizes) {
    const lines = [];
    for (let i = 0; i + n <= texts.length; i += n) {
      lines.push(JSON.stringify({ model, input: n === 1 ? texts[i] : texts.slice(i, i + n), encoding_format: 'base64' }));
    }
    writeFileSync(join(out, `${model}-${n}.jsonl`), lines.join('\n') + '\n');
    console.log(`${out}/${model}-${n}.jsonl: ${lines.length} bodies of ${n} text(s)`);
  }
}
