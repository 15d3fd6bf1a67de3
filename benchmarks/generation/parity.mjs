// Greedy parity: transformers.js and zerocold continue the same 20 prompts from the same folder
// (models/tinygpt/1), and must produce the same tokens. transformers.js loads the folder offline
// (AutoTokenizer + AutoModelForCausalLM, dtype fp32) and decodes greedily with its KV cache;
// zerocold is called through the official openai SDK (completions, temperature 0), once with the
// prompt as text and once as transformers.js's token ids, so that the prompt tokens are checked
// too. Same text and the same completion token count for every prompt is a pass.
//
// Usage: node benchmarks/generation/parity.mjs [base URL, default http://localhost:8080/v1] [max tokens, default 48]
// (run benchmarks/generation/setup.sh first; GEN_WORK as there)
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const W = process.env.GEN_WORK ?? '/tmp/zerocold-gen';
const require = createRequire(path.join(W, 'package.json'));
const { env, AutoTokenizer, AutoModelForCausalLM } = await import(require.resolve('@huggingface/transformers'));
const OpenAI = (await import(require.resolve('openai'))).default;
const baseURL = process.argv[2] ?? 'http://localhost:8080/v1';
const maxTokens = Number(process.argv[3] ?? 48);
const prompts = JSON.parse(fs.readFileSync(new URL('./prompts.json', import.meta.url)));

env.allowRemoteModels = false;
env.localModelPath = path.join(W, 'models') + '/';
const tokenizer = await AutoTokenizer.from_pretrained('tinygpt');
const model = await AutoModelForCausalLM.from_pretrained('tinygpt', { dtype: 'fp32', device: 'cpu' });
const client = new OpenAI({ baseURL, apiKey: process.env.OPENAI_API_KEY ?? 'unused' });

let same = 0;
for (const [i, prompt] of prompts.entries()) {
  const inputs = tokenizer(prompt);
  const promptIds = Array.from(inputs.input_ids.data, Number);
  const out = await model.generate({ ...inputs, max_new_tokens: maxTokens, do_sample: false });
  const all = Array.from(out.data, Number);
  const generated = all.slice(promptIds.length);
  const reference = tokenizer.decode(generated, { skip_special_tokens: true });
  const byText = await client.completions.create({ model: 'tinygpt', prompt, max_tokens: maxTokens, temperature: 0 });
  const byIds = await client.completions.create({ model: 'tinygpt', prompt: promptIds, max_tokens: maxTokens, temperature: 0 });
  const eos = generated.includes(model.generation_config?.eos_token_id ?? 4095);
  const expectedCount = generated.length;
  const ok = byText.choices[0].text === reference && byIds.choices[0].text === reference
    && byText.usage.prompt_tokens === promptIds.length
    && byText.usage.completion_tokens === expectedCount && byIds.usage.completion_tokens === expectedCount;
  if (ok) same++;
  console.log(`${ok ? 'same' : 'DIFFERENT'} ${i + 1}: ${promptIds.length} prompt tokens, ${expectedCount} generated`
    + `${eos ? ' (ended by <|endoftext|>)' : ''}, finish ${byText.choices[0].finish_reason}: ${JSON.stringify(reference.slice(0, 70))}`);
  if (!ok) {
    console.log(`   transformers.js: ${JSON.stringify(reference)} (${expectedCount} tokens)`);
    console.log(`   zerocold (text): ${JSON.stringify(byText.choices[0].text)} (${byText.usage.prompt_tokens} + ${byText.usage.completion_tokens} tokens)`);
    console.log(`   zerocold (ids):  ${JSON.stringify(byIds.choices[0].text)} (${byIds.usage.completion_tokens} tokens)`);
  }
}
console.log(`${same} of ${prompts.length} prompts: the same greedy tokens (max_tokens ${maxTokens})`);
process.exit(same === prompts.length ? 0 : 1);
