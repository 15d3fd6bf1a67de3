#!/usr/bin/env python3
"""Trains tinygpt, a small GPT-2-shaped decoder, from scratch, and exports it in the Hugging Face
ONNX layout that zerocold and transformers.js serve.

Input: the corpus of prepare_corpus.py, encoded by train_tokenizer.mjs (train.bin, valid.bin:
uint16 token ids, <|endoftext|> between documents). The model is written in plain PyTorch (no
`transformers` library): token and position embeddings, pre-LayerNorm blocks of causal
self-attention and a GELU (tanh) MLP, a final LayerNorm, the output projection tied to the token
embeddings. Training: AdamW, linear warm-up then cosine decay, random windows of the token stream,
fixed seed, CPU. Held-out loss is reported in bits per byte of the held-out text.

Export (torch.onnx.export, opset 14) to OUT/onnx/model.onnx with inputs input_ids [batch, seq],
attention_mask [batch, past + seq], position_ids [batch, seq], past_key_values.{i}.key/.value
[batch, heads, past, head_dim], and outputs logits [batch, seq, vocab], present.{i}.key/.value;
plus config.json, generation_config.json, tokenizer_config.json and metrics.json.

Usage: /usr/bin/python3 models/tinygpt/train.py --corpus DIR --out models/tinygpt/1 [--steps N]
Needs: apt-get install python3-torch python3-onnx libopenblas0-pthread
"""
import argparse
import datetime
import json
import math
import os
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

SEED = 20261206
VOCAB = 4096
EOT = 4095
CONTEXT = 256
N_EMBD = 256
N_LAYER = 4
N_HEAD = 4
OPSET = 14
HERE = os.path.dirname(os.path.abspath(__file__))

CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{% if message['role'] == 'system' %}{{ message['content'] }}\n\n"
    "{% elif message['role'] == 'user' %}User: {{ message['content'] }}\n"
    "{% elif message['role'] == 'assistant' %}Assistant: {{ message['content'] }}{{ eos_token }}\n"
    "{% else %}{{ raise_exception('Unknown role: ' + message['role']) }}{% endif %}"
    "{% endfor %}"
    "{% if add_generation_prompt %}Assistant:{% endif %}"
)


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln_1 = nn.LayerNorm(N_EMBD)
        self.c_attn = nn.Linear(N_EMBD, 3 * N_EMBD)
        self.c_proj = nn.Linear(N_EMBD, N_EMBD)
        self.ln_2 = nn.LayerNorm(N_EMBD)
        self.c_fc = nn.Linear(N_EMBD, 4 * N_EMBD)
        self.mlp_proj = nn.Linear(4 * N_EMBD, N_EMBD)

    def forward(self, x, past_k, past_v, mask):
        b, t, _ = x.shape
        head_dim = N_EMBD // N_HEAD
        q, k, v = self.c_attn(self.ln_1(x)).split(N_EMBD, dim=2)
        q = q.view(b, t, N_HEAD, head_dim).transpose(1, 2)
        k = torch.cat([past_k, k.view(b, t, N_HEAD, head_dim).transpose(1, 2)], dim=2)
        v = torch.cat([past_v, v.view(b, t, N_HEAD, head_dim).transpose(1, 2)], dim=2)
        scores = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(head_dim))
        scores = scores.masked_fill(mask, torch.finfo(scores.dtype).min)
        y = F.softmax(scores, dim=-1) @ v
        x = x + self.c_proj(y.transpose(1, 2).reshape(b, t, N_EMBD))
        x = x + self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x)), approximate="tanh"))
        return x, k, v


class TinyGpt(nn.Module):
    def __init__(self):
        super().__init__()
        self.wte = nn.Embedding(VOCAB, N_EMBD)
        self.wpe = nn.Embedding(CONTEXT, N_EMBD)
        self.blocks = nn.ModuleList(Block() for _ in range(N_LAYER))
        self.ln_f = nn.LayerNorm(N_EMBD)
        self.apply(self._init)
        for block in self.blocks:  # GPT-2's scaled init of the residual projections
            for proj in (block.c_proj, block.mlp_proj):
                nn.init.normal_(proj.weight, std=0.02 / math.sqrt(2 * N_LAYER))

    @staticmethod
    def _init(module):
        if isinstance(module, (nn.Linear, nn.Embedding)):
            nn.init.normal_(module.weight, std=0.02)
        if isinstance(module, nn.Linear) and module.bias is not None:
            nn.init.zeros_(module.bias)

    def forward(self, input_ids, attention_mask, position_ids, *past):
        b, t = input_ids.shape
        total = attention_mask.shape[1]
        past_len = total - t
        # Query i (absolute position past_len + i) sees key j when j <= past_len + i and j is not padding.
        rows = torch.arange(t, device=input_ids.device).unsqueeze(1) + past_len
        cols = torch.arange(total, device=input_ids.device).unsqueeze(0)
        causal = (cols > rows).unsqueeze(0).unsqueeze(0)
        padding = (attention_mask == 0).unsqueeze(1).unsqueeze(2)
        mask = causal | padding
        x = self.wte(input_ids) + self.wpe(position_ids)
        presents = []
        for i, block in enumerate(self.blocks):
            x, k, v = block(x, past[2 * i], past[2 * i + 1], mask)
            presents += [k, v]
        logits = self.ln_f(x) @ self.wte.weight.t()
        return (logits, *presents)

    def empty_past(self, batch):
        shape = (batch, N_HEAD, 0, N_EMBD // N_HEAD)
        return [torch.zeros(shape) for _ in range(2 * N_LAYER)]

    def loss(self, tokens):
        inputs, targets = tokens[:, :-1], tokens[:, 1:]
        b, t = inputs.shape
        positions = torch.arange(t).unsqueeze(0).expand(b, t)
        logits = self(inputs, torch.ones(b, t, dtype=torch.long), positions, *self.empty_past(b))[0]
        return F.cross_entropy(logits.reshape(-1, VOCAB), targets.reshape(-1), reduction="none").view(b, t)


def windows(data, batch, rng):
    starts = rng.integers(0, len(data) - CONTEXT - 1, size=batch)
    return torch.from_numpy(np.stack([data[s:s + CONTEXT + 1].astype(np.int64) for s in starts]))


@torch.no_grad()
def held_out(model, data, valid_bytes):
    """Bits per byte of the held-out text: the stream in consecutive windows, every token predicted once."""
    model.eval()
    nats, count = 0.0, 0
    for start in range(0, len(data) - 1, CONTEXT):
        chunk = torch.from_numpy(data[start:start + CONTEXT + 1].astype(np.int64)).unsqueeze(0)
        if chunk.shape[1] < 2:
            break
        nats += model.loss(chunk).sum().item()
        count += chunk.shape[1] - 1
    model.train()
    return nats / count, nats / math.log(2) / valid_bytes


@torch.no_grad()
def greedy(model, ids, new_tokens):
    model.eval()
    out = list(ids)
    past = model.empty_past(1)
    step = torch.tensor([ids])
    for _ in range(new_tokens):
        total = len(out)
        positions = torch.arange(total - step.shape[1], total).unsqueeze(0)
        logits, *past = model(step, torch.ones(1, total, dtype=torch.long), positions, *past)
        nxt = int(logits[0, -1].argmax())
        out.append(nxt)
        if nxt == EOT:
            break
        step = torch.tensor([[nxt]])
    model.train()
    return out[len(ids):]


def export(model, out_dir):
    os.makedirs(os.path.join(out_dir, "onnx"), exist_ok=True)
    model.eval()
    b, t, past_len = 2, 3, 4
    head_dim = N_EMBD // N_HEAD
    inputs = (torch.randint(0, VOCAB, (b, t)), torch.ones(b, past_len + t, dtype=torch.long),
              torch.arange(past_len, past_len + t).unsqueeze(0).expand(b, t).contiguous(),
              *[torch.randn(b, N_HEAD, past_len, head_dim) for _ in range(2 * N_LAYER)])
    past_names, present_names = [], []
    for i in range(N_LAYER):
        past_names += [f"past_key_values.{i}.key", f"past_key_values.{i}.value"]
        present_names += [f"present.{i}.key", f"present.{i}.value"]
    axes = {"input_ids": {0: "batch_size", 1: "sequence_length"},
            "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
            "position_ids": {0: "batch_size", 1: "sequence_length"},
            "logits": {0: "batch_size", 1: "sequence_length"}}
    for name in past_names:
        axes[name] = {0: "batch_size", 2: "past_sequence_length"}
    for name in present_names:
        axes[name] = {0: "batch_size", 2: "total_sequence_length"}
    path = os.path.join(out_dir, "onnx", "model.onnx")
    torch.onnx.export(model, inputs, path, opset_version=OPSET,
                      input_names=["input_ids", "attention_mask", "position_ids", *past_names],
                      output_names=["logits", *present_names], dynamic_axes=axes, do_constant_folding=True)
    model.train()
    return path


def write_folder(out_dir, metrics):
    config = {"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "vocab_size": VOCAB,
              "n_positions": CONTEXT, "n_ctx": CONTEXT, "n_embd": N_EMBD, "n_layer": N_LAYER, "n_head": N_HEAD,
              "n_inner": 4 * N_EMBD, "activation_function": "gelu_new", "layer_norm_epsilon": 1e-5,
              "bos_token_id": EOT, "eos_token_id": EOT, "tie_word_embeddings": True, "use_cache": True}
    generation = {"bos_token_id": EOT, "eos_token_id": EOT, "max_length": CONTEXT, "do_sample": True,
                  "temperature": 0.8, "top_p": 0.95}
    tokenizer_config = {"tokenizer_class": "GPT2Tokenizer", "bos_token": "<|endoftext|>",
                        "eos_token": "<|endoftext|>", "unk_token": "<|endoftext|>", "add_bos_token": False,
                        "add_prefix_space": False, "model_max_length": CONTEXT, "chat_template": CHAT_TEMPLATE}
    for name, content in (("config.json", config), ("generation_config.json", generation),
                          ("tokenizer_config.json", tokenizer_config), ("metrics.json", metrics)):
        with open(os.path.join(out_dir, name), "w") as f:
            json.dump(content, f, indent=2)
            f.write("\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--steps", type=int, default=1500)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--eval-every", type=int, default=250)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.manual_seed(SEED)
    torch.set_num_threads(args.threads)
    rng = np.random.default_rng(SEED)
    train = np.fromfile(os.path.join(args.corpus, "train.bin"), dtype=np.uint16)
    valid = np.fromfile(os.path.join(args.corpus, "valid.bin"), dtype=np.uint16)
    with open(os.path.join(args.corpus, "corpus.json")) as f:
        corpus = json.load(f)
    valid_bytes = corpus["bytes"]["valid"]
    model = TinyGpt()
    params = sum(p.numel() for p in model.parameters())
    print(f"{params:,} parameters; {len(train):,} training tokens, {len(valid):,} held-out", flush=True)
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}],
                                  lr=args.lr, betas=(0.9, 0.95))
    started = time.time()
    cpu_started = time.process_time()
    history = []
    for step in range(1, args.steps + 1):
        lr = args.lr * min(1.0, step / args.warmup) * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * step / args.steps)))
        for group in optimizer.param_groups:
            group["lr"] = lr
        loss = model.loss(windows(train, args.batch, rng)).mean()
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        if step % 25 == 0:
            print(f"step {step} loss {loss.item():.3f} lr {lr:.2e} {time.time() - started:.0f} s", flush=True)
        if step % args.eval_every == 0 or step == args.steps:
            nats, bpb = held_out(model, valid, valid_bytes)
            history.append({"step": step, "held_out_nats_per_token": round(nats, 4), "bits_per_byte": round(bpb, 4)})
            print(f"held-out step {step}: {nats:.3f} nats/token, {bpb:.3f} bits/byte", flush=True)
    wall = time.time() - started
    nats, bpb = held_out(model, valid, valid_bytes)
    metrics = {"date": datetime.date.today().isoformat(), "parameters": params, "steps": args.steps,
               "batch": args.batch, "context": CONTEXT, "tokens_seen": args.steps * args.batch * CONTEXT,
               "train_seconds_wall": round(wall), "train_seconds_cpu": round(time.process_time() - cpu_started),
               "held_out_nats_per_token": round(nats, 4), "held_out_bits_per_byte": round(bpb, 4),
               "held_out_tokens": int(len(valid)), "held_out_bytes": valid_bytes, "corpus": corpus,
               "history": history, "seed": SEED}
    os.makedirs(args.out, exist_ok=True)
    torch.save(model.state_dict(), os.path.join(args.corpus, "tinygpt.pt"))
    path = export(model, args.out)
    write_folder(args.out, metrics)
    print(json.dumps(metrics, indent=2))
    print(f"exported {path} ({os.path.getsize(path) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
