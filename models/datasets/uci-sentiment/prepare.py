#!/usr/bin/env python3
"""Builds sentences.tsv from the UCI Sentiment Labelled Sentences (Kotzias et al. 2015, CC BY 4.0).

The three source files (Amazon, IMDb, Yelp; 1,000 sentences each) ship in the npm package
sentiment@5.0.2 under package/test/fixtures/. This script fetches that package with `npm pack`
(unless a fixtures directory is given), drops empty rows, and assigns a fixed, seeded,
stratified 80/20 train/test split: within each (source, label) group, 20% go to test.

Usage: python3 prepare.py [FIXTURES_DIR]
"""
import json
import os
import random
import subprocess
import sys
import tarfile
import tempfile

SEED = 20151017
TEST_FRACTION = 0.2
SOURCES = ["amazon", "imdb", "yelp"]
HERE = os.path.dirname(os.path.abspath(__file__))


def fixtures_dir():
    if len(sys.argv) > 1:
        return sys.argv[1]
    tmp = tempfile.mkdtemp()
    subprocess.run(["npm", "pack", "sentiment@5.0.2", "--pack-destination", tmp], check=True,
                   stdout=subprocess.DEVNULL)
    with tarfile.open(os.path.join(tmp, "sentiment-5.0.2.tgz")) as tar:
        tar.extractall(tmp)
    return os.path.join(tmp, "package", "test", "fixtures")


def clean(text):
    return " ".join(text.replace("\t", " ").split())


def main():
    src = fixtures_dir()
    rows = []
    for source in SOURCES:
        with open(os.path.join(src, source + ".json"), encoding="utf-8") as f:
            for i, item in enumerate(json.load(f)):
                text = clean(item["text"])
                if text:
                    label = "positive" if item["class"] == 1 else "negative"
                    rows.append({"id": f"{source}-{i:04d}", "source": source, "label": label, "text": text})
    rng = random.Random(SEED)
    for source in SOURCES:
        for label in ("negative", "positive"):
            group = [r for r in rows if r["source"] == source and r["label"] == label]
            rng.shuffle(group)
            n_test = round(len(group) * TEST_FRACTION)
            for k, r in enumerate(group):
                r["split"] = "test" if k < n_test else "train"
    with open(os.path.join(HERE, "sentences.tsv"), "w", encoding="utf-8", newline="\n") as out:
        out.write("id\tsource\tlabel\tsplit\ttext\n")
        for r in rows:
            out.write(f"{r['id']}\t{r['source']}\t{r['label']}\t{r['split']}\t{r['text']}\n")
    n_test = sum(1 for r in rows if r["split"] == "test")
    print(f"{len(rows)} sentences, {len(rows) - n_test} train, {n_test} test")


if __name__ == "__main__":
    main()
