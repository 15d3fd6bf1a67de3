#!/usr/bin/env python3
"""Builds the tinygpt training corpus from the Debian package linux-doc-6.1.

The Linux kernel's documentation (Documentation/**/*.rst, English; the translations/ folder is
left out) is reStructuredText. This keeps its prose and examples and drops the markup that is not
language: section underlines, table borders, directive and comment lines, role markers
(:c:func:`x` -> x, ``x`` -> x). Every 50th file (in path order) is held out for validation, so
held-out text is from documents the model never saw.

Writes <out>/train.txt and <out>/valid.txt (documents separated by a line holding only
<|endoftext|>), <out>/corpus.json (sizes, file counts, the package version) and
<out>/heldout-sample.txt: the first held-out documents of 3 to 12 KB, about 20 KB in all, which
the project commits (models/datasets/linux-doc-heldout/) so that a test can re-measure the served
model's bits per byte on text it never saw.

Usage: python3 models/tinygpt/prepare_corpus.py --deb linux-doc-6.1_*.deb --out DIR
       (apt-get download linux-doc-6.1 fetches the package; nothing is installed)
"""
import argparse
import gzip
import json
import os
import re
import subprocess
import tempfile

SEPARATOR = "<|endoftext|>"
DOC_ROOT = "usr/share/doc/linux-doc-6.1/Documentation"
HOLDOUT_EVERY = 50

UNDERLINE = re.compile(r"^\s*([=\-~^\"'`#*+:._|])\1{2,}\s*$")
TABLE_BORDER = re.compile(r"^\s*[+|][-=+| ]{3,}$")
DIRECTIVE = re.compile(r"^\s*\.\.(\s|$)")
ROLE = re.compile(r":[a-zA-Z:]+:`([^`<]*?)(?:\s*<[^>]*>)?`")
LITERAL = re.compile(r"``([^`]+)``")
LINK = re.compile(r"`([^`<]+?)(?:\s*<[^>]*>)?`_{1,2}")
BLANKS = re.compile(r"\n{3,}")


def clean(text):
    lines = []
    for line in text.splitlines():
        if UNDERLINE.match(line) or TABLE_BORDER.match(line) or DIRECTIVE.match(line):
            continue
        line = ROLE.sub(r"\1", line)
        line = LITERAL.sub(r"\1", line)
        line = LINK.sub(r"\1", line)
        lines.append(line.rstrip())
    return BLANKS.sub("\n\n", "\n".join(lines)).strip() + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--deb", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    version = subprocess.run(["dpkg-deb", "-f", args.deb, "Version"], check=True, capture_output=True,
                             text=True).stdout.strip()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["dpkg-deb", "-x", args.deb, tmp], check=True)
        root = os.path.join(tmp, DOC_ROOT)
        paths = []
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not (folder == root and d == "translations"))
            paths += [os.path.join(folder, f) for f in sorted(files) if f.endswith(".rst.gz")]
        paths.sort()
        sizes = {"train": 0, "valid": 0}
        sample, sample_paths = [], []
        counts = {"train": 0, "valid": 0}
        with open(os.path.join(args.out, "train.txt"), "w", encoding="utf-8") as train, \
                open(os.path.join(args.out, "valid.txt"), "w", encoding="utf-8") as valid:
            for i, path in enumerate(paths):
                with gzip.open(path, "rt", encoding="utf-8", errors="replace") as f:
                    text = clean(f.read())
                if len(text) < 200:
                    continue
                split = "valid" if i % HOLDOUT_EVERY == HOLDOUT_EVERY - 1 else "train"
                (valid if split == "valid" else train).write(text + SEPARATOR + "\n")
                size = len(text.encode("utf-8"))
                if split == "valid" and 3000 < size < 12000 and sum(len(t.encode()) for t in sample) <= 20000:
                    sample.append(text.strip())
                    sample_paths.append(os.path.relpath(path, root)[:-len(".gz")])
                sizes[split] += len(text.encode("utf-8"))
                counts[split] += 1
    with open(os.path.join(args.out, "heldout-sample.txt"), "w", encoding="utf-8") as f:
        f.write("\n\n".join(sample) + "\n")
    summary = {"package": "linux-doc-6.1", "version": version, "source": DOC_ROOT + "/**/*.rst (translations excluded)",
               "files": counts, "bytes": sizes, "holdout": f"every {HOLDOUT_EVERY}th file in path order",
               "heldout_sample": sample_paths}
    with open(os.path.join(args.out, "corpus.json"), "w") as f:
        json.dump(summary, f, indent=2)
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
