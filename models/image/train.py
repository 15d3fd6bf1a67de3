#!/usr/bin/env python3
"""Trains the zerocold image model: a small CNN on Fashion-MNIST, exported to ONNX.

Reads the Debian package dataset-fashion-mnist (/usr/share/datasets/fashion-mnist), trains on
the 60,000 training images on CPU with a fixed seed, evaluates top-1 on the 10,000 test images
and writes models/image/1/{model.onnx, labels.txt, model.yaml, metrics.json}.

It also writes src/test/resources/models/rgb224/1/, a fixed (untrained) 3-channel 224x224 model
whose three outputs are the per-channel means of its input; Java tests use it to check that
colour order, resize and mean/std normalisation reach a model intact.

Usage: /usr/bin/python3 models/image/train.py [--epochs N]
Needs: apt-get install python3-torch python3-onnx dataset-fashion-mnist
"""
import argparse
import datetime
import gzip
import json
import os
import time

# GNU OpenMP spin-waits by default, which stalls training badly when the cores are shared.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
import onnx  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

SEED = 20170825
DATA_DIR = "/usr/share/datasets/fashion-mnist"
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT_DIR = os.path.join(HERE, "1")
RGB_DIR = os.path.join(ROOT, "src", "test", "resources", "models", "rgb224", "1")
MEAN, STD = 0.2860, 0.3530
LABELS = ["t-shirt/top", "trouser", "pullover", "dress", "coat",
          "sandal", "shirt", "sneaker", "bag", "ankle boot"]
OPSET = 13

IMAGE_YAML = f"""\
framework: onnx
task: image
description: Small CNN trained on Fashion-MNIST (28x28 grey)
labels_file: labels.txt
settings:
  artifact: model.onnx
  output: logits            # logits | probabilities (softmax applied if logits)
  intra_op_threads: 1       # a small network: spread requests over the cores rather than each over all
  preprocessing:
    layout: NCHW            # NCHW | NHWC
    width: 28
    height: 28
    color: grey             # grey | rgb | bgr
    resize: bilinear        # bilinear | bicubic | nearest  (stretch to width x height)
    scale: 0.00392156862745098
    mean: [{MEAN:.4f}]
    std: [{STD:.4f}]
    invert: false           # true = 255 - value, for models trained on light-on-dark images when users send dark-on-light
    background: "#000000"   # alpha is composited onto this colour
"""

RGB_YAML = """\
framework: onnx
task: image
description: Test model whose three outputs are the per-channel means of its normalised 224x224 RGB input
labels_file: labels.txt
settings:
  artifact: model.onnx
  output: logits            # logits | probabilities (softmax applied if logits)
  preprocessing:
    layout: NCHW            # NCHW | NHWC
    width: 224
    height: 224
    color: rgb              # grey | rgb | bgr
    resize: bilinear        # bilinear | bicubic | nearest  (stretch to width x height)
    scale: 0.00392156862745098
    mean: [0.485, 0.456, 0.406]
    std: [0.229, 0.224, 0.225]
    invert: false           # true = 255 - value, for models trained on light-on-dark images when users send dark-on-light
    background: "#000000"   # alpha is composited onto this colour
"""


def read_idx(name):
    with gzip.open(os.path.join(DATA_DIR, name), "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load(split):
    images = read_idx(f"{split}-images-idx3-ubyte.gz")
    labels = read_idx(f"{split}-labels-idx1-ubyte.gz")
    x = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)
    return (x - MEAN) / STD, torch.from_numpy(labels.astype(np.int64))


def block(c_in, c_out):
    return [nn.Conv2d(c_in, c_out, 3, padding=1, bias=False), nn.BatchNorm2d(c_out),
            nn.ReLU(inplace=True), nn.MaxPool2d(2)]


def build_model():
    return nn.Sequential(
        *block(1, 32), *block(32, 64), *block(64, 128),          # 28 -> 14 -> 7 -> 3
        nn.Flatten(), nn.Dropout(0.2),
        nn.Linear(128 * 3 * 3, 128), nn.ReLU(inplace=True), nn.Dropout(0.2),
        nn.Linear(128, 10))


def augment(x, gen):
    """Random horizontal flip, per sample (the articles are roughly left-right symmetric)."""
    flip = torch.rand(len(x), generator=gen) < 0.5
    return torch.where(flip[:, None, None, None], x.flip(3), x)


@torch.no_grad()
def accuracy(model, x, y, batch=1000):
    model.eval()
    correct = sum((model(x[i:i + batch]).argmax(1) == y[i:i + batch]).sum().item()
                  for i in range(0, len(x), batch))
    return correct / len(x)


def train(epochs, batch_size):
    x_train, y_train = load("train")
    x_test, y_test = load("t10k")
    gen = torch.Generator().manual_seed(SEED)
    model = build_model()
    steps = epochs * ((len(x_train) + batch_size - 1) // batch_size)
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=1e-4)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=3e-3, total_steps=steps)
    started = time.time()
    cpu_started = time.process_time()
    for epoch in range(1, epochs + 1):
        model.train()
        order = torch.randperm(len(x_train), generator=gen)
        total = 0.0
        for i in range(0, len(order), batch_size):
            idx = order[i:i + batch_size]
            loss = F.cross_entropy(model(augment(x_train[idx], gen)), y_train[idx])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            schedule.step()
            total += loss.item() * len(idx)
        acc = accuracy(model, x_test, y_test)
        print(f"epoch {epoch}/{epochs}: loss {total / len(x_train):.4f}, "
              f"test top-1 {acc:.4f}, {time.time() - started:.0f}s", flush=True)
    seconds = time.time() - started
    cpu_seconds = time.process_time() - cpu_started
    model.eval()
    return model, accuracy(model, x_test, y_test), seconds, cpu_seconds


def export(model, path, channels, size, outputs):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    dummy = torch.zeros(1, channels, size, size)
    torch.onnx.export(model, dummy, path, opset_version=OPSET, input_names=["input"],
                      output_names=["logits"], do_constant_folding=True,
                      training=torch.onnx.TrainingMode.EVAL,
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    checked = onnx.load(path)
    onnx.checker.check_model(checked)
    dims = [d.dim_value or d.dim_param for d in
            checked.graph.output[0].type.tensor_type.shape.dim]
    assert dims[1:] == [outputs], dims


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


class ChannelMeans(nn.Module):
    def forward(self, x):
        return x.mean(dim=(2, 3))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=7)
    parser.add_argument("--batch-size", type=int, default=128)
    args = parser.parse_args()
    torch.manual_seed(SEED)
    torch.set_num_threads(2)

    model, acc, seconds, cpu_seconds = train(args.epochs, args.batch_size)
    export(model, os.path.join(OUT_DIR, "model.onnx"), 1, 28, 10)
    write(os.path.join(OUT_DIR, "labels.txt"), "\n".join(LABELS) + "\n")
    write(os.path.join(OUT_DIR, "model.yaml"), IMAGE_YAML)
    metrics = {
        "dataset": "fashion-mnist",
        "test_images": 10000,
        "test_top1_accuracy": round(acc, 4),
        "epochs": args.epochs,
        "batch_size": args.batch_size,
        "seed": SEED,
        "training_seconds": round(seconds, 1),
        "training_cpu_seconds": round(cpu_seconds, 1),
        "threads": torch.get_num_threads(),
        "torch_version": torch.__version__,
        "onnx_opset": OPSET,
        "date": datetime.date.today().isoformat(),
    }
    write(os.path.join(OUT_DIR, "metrics.json"), json.dumps(metrics, indent=2) + "\n")
    print(json.dumps(metrics))

    export(ChannelMeans().eval(), os.path.join(RGB_DIR, "model.onnx"), 3, 224, 3)
    write(os.path.join(RGB_DIR, "labels.txt"), "red\ngreen\nblue\n")
    write(os.path.join(RGB_DIR, "model.yaml"), RGB_YAML)


if __name__ == "__main__":
    main()
