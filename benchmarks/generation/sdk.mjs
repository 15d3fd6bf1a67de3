// The official openai Node SDK against zerocold's generation endpoints, as a user would call them:
// chat whole and streamed (with include_usage), a completion, a seeded sample twice, a stop string,
// and a refused request (n = 2) surfacing as the SDK's BadRequestError. Prints what it got and exits
// non-zero on any mismatch.
//
// Usage: node benchmarks/generation/sdk.mjs [base URL, default http://localhost:8080/v1]
//        (benchmarks/generation/setup.sh first; GEN_WORK as there)
import path from 'node:path';
import { createRequire } from 'node:module';

const W = process.env.GEN_WORK ?? '/tmp/zerocold-gen';
const require = createRequire(path.join(W, 'package.json'));
const OpenAI = (await import(require.resolve('openai'))).default;
const client = new OpenAI({ baseURL: process.argv[2] ?? 'http://localhost:8080/v1', apiKey: process.env.OPENAI_API_KEY ?? 'unused' });
const failures = [];
const check = (ok, what) => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); if (!ok) failures.push(what); };
const messages = [{ role: 'system', content: 'You explain the Linux kernel.' }, { role: 'user', content: 'What does the scheduler do?' }];

const whole = await client.chat.completions.create({ model: 'tinygpt', messages, max_tokens: 40, temperature: 0 });
console.log('chat:', JSON.stringify(whole.choices[0].message.content));
check(whole.object === 'chat.completion' && whole.choices[0].message.role === 'assistant'
  && ['stop', 'length'].includes(whole.choices[0].finish_reason) && whole.usage.completion_tokens > 0, 'chat, whole');

const stream = await client.chat.completions.create({ model: 'tinygpt', messages, max_tokens: 40, temperature: 0,
  stream: true, stream_options: { include_usage: true } });
let text = '';
let role = null;
let finish = null;
let usage = null;
let chunks = 0;
for await (const chunk of stream) {
  chunks++;
  if (chunk.usage) usage = chunk.usage;
  const choice = chunk.choices[0];
  if (!choice) continue;
  role ??= choice.delta.role ?? null;
  text += choice.delta.content ?? '';
  finish = choice.finish_reason ?? finish;
}
console.log(`chat stream: ${chunks} chunks:`, JSON.stringify(text));
check(text === whole.choices[0].message.content && role === 'assistant' && finish === whole.choices[0].finish_reason
  && usage?.completion_tokens === whole.usage.completion_tokens, 'chat, streamed: same text, role first, finish, usage');

const completion = await client.completions.create({ model: 'tinygpt', prompt: 'The block layer', max_tokens: 20, temperature: 0 });
console.log('completion:', JSON.stringify(completion.choices[0].text));
check(completion.object === 'text_completion' && completion.usage.completion_tokens === 20, 'completion');

const seeded = () => client.completions.create({ model: 'tinygpt', prompt: 'The block layer', max_tokens: 24, temperature: 1, seed: 11 });
const [a, b] = [await seeded(), await seeded()];
check(a.choices[0].text === b.choices[0].text, `seed 11 twice: ${JSON.stringify(a.choices[0].text)}`);

const words = completion.choices[0].text.trim().split(/\s+/);
const stop = words[Math.min(2, words.length - 1)];
const stopped = await client.completions.create({ model: 'tinygpt', prompt: 'The block layer', max_tokens: 20, temperature: 0, stop: [stop] });
check(stopped.choices[0].finish_reason === 'stop' && !stopped.choices[0].text.includes(stop)
  && completion.choices[0].text.startsWith(stopped.choices[0].text), `stop ${JSON.stringify(stop)}: ${JSON.stringify(stopped.choices[0].text)}`);

try {
  await client.chat.completions.create({ model: 'tinygpt', messages, n: 2 });
  check(false, 'n = 2 refused');
} catch (e) {
  check(e instanceof OpenAI.BadRequestError && e.param === 'n', `n = 2 refused: ${e.status} ${e.message}`);
}
console.log(failures.length ? `${failures.length} failed` : 'all passed');
process.exit(failures.length ? 1 : 0);
