// transformers.js peer for embeddings: plain node:http serving the OpenAI embeddings API for the
// models that benchmarks/embeddings/setup.sh lays out (the same ONNX files zerocold serves).
//   POST /v1/embeddings {"model", "input": string | string[], "encoding_format"?: "float" | "base64",
//                        "dimensions"?, "user"?}
//     -> {"object": "list", "data": [{"object": "embedding", "index", "embedding"}], "model",
//         "usage": {"prompt_tokens", "total_tokens"}}
//     All texts of one request go through ONE pipeline call (padded to the longest, truncated to the
//     model's max tokens). base64 = little-endian float32; dimensions truncates and re-normalises.
//     Token-id inputs (int[], int[][]) are not supported here: 400.
//   GET /v1/models, GET /health
// Env: EMBED_WORK (/tmp/zerocold-embed, its node_modules and models/), PORT (5003), HOST (127.0.0.1),
//      MODELS (both, comma-separated), ORT_THREADS (intra-op threads; unset = ONNX Runtime's default).
// One process, one ONNX Runtime session per model (onnxruntime-node, CPU), requests run concurrently
// (each session.run is asynchronous); no cross-request batching.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const WORK = process.env.EMBED_WORK || '/tmp/zerocold-embed';
const PORT = Number(process.env.PORT || 5003);
const HOST = process.env.HOST || '127.0.0.1';
const POOLING = { 'bge-small-en-v1.5': 'cls', 'all-minilm-l6-v2': 'mean' };
const NAMES = (process.env.MODELS || Object.keys(POOLING).join(',')).split(',');
const MAX_BODY = 4 * 1024 * 1024;

const require = createRequire(join(WORK, 'package.json'));
const { env, pipeline } = await import(require.resolve('@huggingface/transformers'));
env.allowRemoteModels = false;
env.localModelPath = join(WORK, 'models') + '/';

const sessionOptions = process.env.ORT_THREADS ? { intraOpNumThreads: Number(process.env.ORT_THREADS) } : undefined;
const models = new Map();
for (const name of NAMES) {
  if (!POOLING[name]) throw new Error(`unknown model ${name}`);
  const extractor = await pipeline('feature-extraction', name, { dtype: 'q8', device: 'cpu', session_options: sessionOptions });
  models.set(name, { extractor, pooling: POOLING[name] });
}
const created = Math.floor(Date.now() / 1000);

class BadRequest extends Error {
  constructor(message, status = 400, param = null) { super(message); this.status = status; this.param = param; }
}

function send(res, status, body) {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json) });
  res.end(json);
}

function encode(vector, dimensions, format) {
  let v = vector;
  if (dimensions) {
    v = v.subarray(0, dimensions);
    let s = 0;
    for (const x of v) s += x * x;
    const n = Math.sqrt(s) || 1;
    v = v.map((x) => x / n);
  }
  return format === 'base64' ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') : Array.from(v);
}

async function embeddings(body) {
  const { model, input, encoding_format: format = 'float', dimensions } = body ?? {};
  const m = models.get(model);
  if (!m) throw new BadRequest(`The model '${model}' does not exist`, 404, 'model');
  const texts = typeof input === 'string' ? [input] : input;
  if (!Array.isArray(texts) || texts.length === 0 || texts.length > 2048 || !texts.every((t) => typeof t === 'string' && t.length > 0)) {
    throw new BadRequest('input must be a non-empty string or an array of 1..2048 non-empty strings (token arrays are not supported here)', 400, 'input');
  }
  if (format !== 'float' && format !== 'base64') throw new BadRequest("encoding_format must be 'float' or 'base64'", 400, 'encoding_format');
  const width = m.extractor.model.config.hidden_size ?? 384;
  if (dimensions !== undefined && !(Number.isInteger(dimensions) && dimensions > 0 && dimensions <= width)) {
    throw new BadRequest(`dimensions must be an integer in 1..${width}`, 400, 'dimensions');
  }
  const output = await m.extractor(texts, { pooling: m.pooling, normalize: true });
  const [n, d] = output.dims;
  const data = new Array(n);
  for (let i = 0; i < n; i++) {
    data[i] = { object: 'embedding', index: i, embedding: encode(output.data.subarray(i * d, (i + 1) * d), dimensions, format) };
  }
  let tokens = 0;
  for (const t of texts) tokens += Math.min(m.extractor.tokenizer.encode(t).length, m.extractor.tokenizer.model_max_length);
  return { object: 'list', data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } };
}

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health') return send(res, 200, { status: 'ok' });
  if (req.method === 'GET' && req.url === '/v1/models') {
    return send(res, 200, { object: 'list', data: NAMES.map((id) => ({ id, object: 'model', created, owned_by: 'transformers.js' })) });
  }
  if (req.method !== 'POST' || req.url !== '/v1/embeddings') return send(res, 404, { error: { message: 'not found', type: 'invalid_request_error' } });
  const parts = [];
  let size = 0;
  req.on('data', (chunk) => { size += chunk.length; if (size <= MAX_BODY) parts.push(chunk); });
  req.on('end', async () => {
    try {
      if (size > MAX_BODY) throw new BadRequest('body too large', 413);
      let body;
      try { body = JSON.parse(Buffer.concat(parts).toString('utf8')); } catch { throw new BadRequest('body is not JSON'); }
      send(res, 200, await embeddings(body));
    } catch (err) {
      if (!(err instanceof BadRequest)) console.error(err);
      const status = err instanceof BadRequest ? err.status : 500;
      send(res, status, { error: { message: err instanceof BadRequest ? err.message : 'internal error', type: 'invalid_request_error', param: err.param ?? null, code: null } });
    }
  });
});
server.keepAliveTimeout = 65_000;
server.listen(PORT, HOST, () => console.log(`transformers.js embeddings peer on http://${HOST}:${PORT} (${NAMES.join(', ')})`));
