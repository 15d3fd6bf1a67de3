// The transformers.js peer for the generation benchmark: POST /v1/completions (whole or streamed
// as server-sent events, OpenAI's shapes, usage chunk when asked) on the same model folder zerocold
// serves, loaded offline with transformers.js. transformers.js generates one request at a time,
// so requests queue and run in arrival order, as a Node service built on it would.
//
// Usage: PORT=8091 node benchmarks/peers/transformersjs-generation/server.mjs
//        (benchmarks/generation/setup.sh first; GEN_WORK as there)
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';

const W = process.env.GEN_WORK ?? '/tmp/zerocold-gen';
const require = createRequire(path.join(W, 'package.json'));
const { env, AutoTokenizer, AutoModelForCausalLM, TextStreamer } = await import(require.resolve('@huggingface/transformers'));
env.allowRemoteModels = false;
env.localModelPath = path.join(W, 'models') + '/';
const tokenizer = await AutoTokenizer.from_pretrained('tinygpt');
const model = await AutoModelForCausalLM.from_pretrained('tinygpt', { dtype: 'fp32', device: 'cpu' });

let queue = Promise.resolve();
const serial = (work) => (queue = queue.then(work, work));

async function complete(body, send) {
  const inputs = tokenizer(body.prompt);
  const promptTokens = inputs.input_ids.dims[1];
  const streamer = new TextStreamer(tokenizer, {
    skip_prompt: true, skip_special_tokens: true, callback_function: (text) => text && send(text),
  });
  const out = await model.generate({ ...inputs, max_new_tokens: body.max_tokens ?? 16, do_sample: false, streamer });
  const completion = out.dims[1] - promptTokens;
  const eos = Number(out.data[out.data.length - 1]) === 4095 && completion < (body.max_tokens ?? 16);
  return { promptTokens, completion, finish: eos ? 'stop' : 'length' };
}

http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/v1/completions') {
    res.writeHead(404).end();
    return;
  }
  let raw = '';
  req.on('data', (c) => (raw += c));
  req.on('end', () => serial(async () => {
    const body = JSON.parse(raw);
    const base = { id: 'cmpl-tjs', object: 'text_completion', created: Math.floor(Date.now() / 1000), model: 'tinygpt' };
    const choice = (text, finish) => ({ ...base, choices: [{ index: 0, text, logprobs: null, finish_reason: finish }] });
    if (body.stream) {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
      const r = await complete(body, (text) => res.write(`data: ${JSON.stringify(choice(text, null))}\n\n`));
      res.write(`data: ${JSON.stringify(choice('', r.finish))}\n\n`);
      if (body.stream_options?.include_usage) {
        res.write(`data: ${JSON.stringify({ ...base, choices: [], usage: { prompt_tokens: r.promptTokens,
          completion_tokens: r.completion, total_tokens: r.promptTokens + r.completion } })}\n\n`);
      }
      res.end('data: [DONE]\n\n');
    } else {
      let text = '';
      const r = await complete(body, (t) => (text += t));
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ ...choice(text, r.finish), usage: { prompt_tokens: r.promptTokens,
        completion_tokens: r.completion, total_tokens: r.promptTokens + r.completion } }));
    }
  }).catch((e) => { res.writeHead(500).end(String(e)); }));
}).listen(Number(process.env.PORT ?? 8091), () => console.log(`transformers.js generation peer on ${process.env.PORT ?? 8091}`));
