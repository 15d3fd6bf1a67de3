// Trains tinygpt's byte-level BPE tokenizer with Hugging Face's own library (npm `tokenizers`)
// and writes it in the Hugging Face tokenizer.json format, GPT-2 style: ByteLevel pre-tokenizer,
// decoder and post-processor, the 256 byte symbols first (in GPT-2's byte-to-unicode order),
// then the learned merges, then <|endoftext|> as a special token.
//
// The library's Node binding trains with its default BPE trainer (30,000 tokens); BPE learns its
// merges greedily, one at a time, so the first N merges of that run are exactly what an N-merge
// run would learn: the script keeps the first VOCAB - 257.
//
// The Node binding has no ByteLevel decoder constructor: the script writes that one field of the
// JSON itself (GPT-2's own tokenizer.json carries the same object), then reloads the file with the
// library to check that it parses and round-trips text.
//
// It then encodes the corpus with the written tokenizer, <|endoftext|> after each document, into
// CORPUS_DIR/{train,valid}.bin (uint16 little-endian token ids) for train.py.
//
// Usage: node models/tinygpt/train_tokenizer.mjs CORPUS_DIR OUT_DIR [VOCAB=4096]
//        (npm install tokenizers@0.23.2 in the working folder first)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(path.join(process.cwd(), 'index.js'));
const tk = require('tokenizers');

const [corpusDir, outDir, vocabArg] = process.argv.slice(2);
const VOCAB = Number(vocabArg ?? 4096);
const EOT = '<|endoftext|>';

// GPT-2's reversible byte -> printable character table.
function byteToUnicode() {
  const bs = [];
  for (let b = 33; b <= 126; b++) bs.push(b);
  for (let b = 161; b <= 172; b++) bs.push(b);
  for (let b = 174; b <= 255; b++) bs.push(b);
  const cs = [...bs];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bs.includes(b)) { bs.push(b); cs.push(256 + n); n++; }
  }
  return bs.map((b, i) => [b, String.fromCodePoint(cs[i])]);
}

const text = fs.readFileSync(path.join(corpusDir, 'train.txt'), 'utf8')
  .split('\n').filter(line => line !== EOT).join('\n');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tinygpt-tok-'));
const plain = path.join(tmp, 'train-plain.txt');
fs.writeFileSync(plain, text);

const trainer = new tk.Tokenizer(tk.BPE.empty());
trainer.setPreTokenizer(tk.byteLevelPreTokenizer(false, true));
const started = Date.now();
trainer.train([plain]);
trainer.save(path.join(tmp, 'full.json'));
const full = JSON.parse(fs.readFileSync(path.join(tmp, 'full.json'), 'utf8'));
console.log(`trained ${Object.keys(full.model.vocab).length} tokens in ${(Date.now() - started) / 1000} s`);

const vocab = {};
for (const [, ch] of byteToUnicode()) vocab[ch] = Object.keys(vocab).length;
const merges = [];
for (const merge of full.model.merges) {
  if (Object.keys(vocab).length >= VOCAB - 1) break;
  const [a, b] = Array.isArray(merge) ? merge : merge.split(' ');
  if (!(a in vocab) || !(b in vocab)) throw new Error(`merge ${a} ${b} before its parts`);
  merges.push([a, b]);
  if (!((a + b) in vocab)) vocab[a + b] = Object.keys(vocab).length;
}

const tokenizer = new tk.Tokenizer(tk.BPE.init(vocab, merges, {}));
tokenizer.setPreTokenizer(tk.byteLevelPreTokenizer(false, true));
tokenizer.setPostProcessor(tk.byteLevelProcessing(true));
tokenizer.addSpecialTokens([EOT]);
fs.mkdirSync(outDir, { recursive: true });
tokenizer.save(path.join(outDir, 'tokenizer.json'), true);
const saved = JSON.parse(fs.readFileSync(path.join(outDir, 'tokenizer.json'), 'utf8'));
saved.decoder = { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true };
fs.writeFileSync(path.join(outDir, 'tokenizer.json'), JSON.stringify(saved, null, 2) + '\n');
fs.rmSync(tmp, { recursive: true });

const check = tk.Tokenizer.fromFile(path.join(outDir, 'tokenizer.json'));
const sample = 'The driver registers its interrupt handler — naïve “quotes” 🙂\n';
const enc = await check.encode(sample);
const back = await check.decode(enc.getIds(), false);
console.log(`vocabulary ${check.getVocabSize(true)}, ${EOT} = ${check.tokenToId(EOT)}, sample ${enc.getIds().length} tokens, round trip ${back === sample}`);
const valid = fs.readFileSync(path.join(corpusDir, 'valid.txt'), 'utf8');
const validIds = (await check.encode(valid.split('\n').filter(l => l !== EOT).join('\n'))).getIds().length;
console.log(`valid: ${Buffer.byteLength(valid)} bytes, ${validIds} tokens, ${(Buffer.byteLength(valid) / validIds).toFixed(2)} bytes a token`);

for (const split of ['train', 'valid']) {
  const docs = fs.readFileSync(path.join(corpusDir, `${split}.txt`), 'utf8').split(`\n${EOT}\n`)
    .filter(doc => doc.length > 0);
  const ids = [];
  for (let i = 0; i < docs.length; i += 256) {
    for (const encoding of await check.encodeBatch(docs.slice(i, i + 256))) {
      for (const id of encoding.getIds()) ids.push(id);
      ids.push(check.tokenToId(EOT));
    }
  }
  fs.writeFileSync(path.join(corpusDir, `${split}.bin`), Buffer.from(Uint16Array.from(ids).buffer));
  console.log(`${split}: ${docs.length} documents, ${ids.length} tokens`);
}
