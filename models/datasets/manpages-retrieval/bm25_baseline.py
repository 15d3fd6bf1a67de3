#!/usr/bin/env python3
"""A plain BM25 baseline on the corpus, with no server: how far word matching alone gets.

Tokens are lower-cased runs of letters and digits, minus a short stop-word list; k1=1.2, b=0.75,
Lucene's idf. Prints recall@10 and MRR@10 (defined in benchmarks/retrieval/run.py) overall and
per source package. Python 3 standard library only.

Usage: python3 bm25_baseline.py
"""
import collections
import csv
import gzip
import json
import math
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
STOP = set("a an the of to in and or for is are be by on with as at from that this it its into".split())
K1, B, K = 1.2, 0.75, 10


def tokens(text):
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP]


def main():
    with gzip.open(os.path.join(HERE, "corpus.jsonl.gz"), "rt", encoding="utf-8") as f:
        docs = [json.loads(line) for line in f]
    tfs = [collections.Counter(tokens(d["text"])) for d in docs]
    lengths = [sum(tf.values()) for tf in tfs]
    avg = sum(lengths) / len(lengths)
    postings = collections.defaultdict(list)
    for i, tf in enumerate(tfs):
        for w, n in tf.items():
            postings[w].append((i, n))
    n_docs = len(docs)
    with open(os.path.join(HERE, "queries.tsv"), encoding="utf-8", newline="") as f:
        queries = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    package = {d["id"]: d["metadata"]["package"] for d in docs}
    hits, rr, by_package = 0, 0.0, collections.defaultdict(list)
    for q in queries:
        scores = collections.defaultdict(float)
        for w in set(tokens(q["query"])):
            plist = postings.get(w, [])
            idf = math.log(1 + (n_docs - len(plist) + 0.5) / (len(plist) + 0.5))
            for i, n in plist:
                scores[i] += idf * n * (K1 + 1) / (n + K1 * (1 - B + B * lengths[i] / avg))
        top = [docs[i]["id"] for i, _ in sorted(scores.items(), key=lambda x: (-x[1], x[0]))[:K]]
        relevant = set(q["relevant"].split(","))
        rank = next((r for r, d in enumerate(top, 1) if d in relevant), 0)
        hits += rank > 0
        rr += 1 / rank if rank else 0.0
        by_package[package[q["relevant"].split(",")[0]]].append(rank > 0)
    print(f"BM25: recall@10 {hits / len(queries):.4f}, MRR@10 {rr / len(queries):.4f} on {len(queries)} queries")
    for p, v in sorted(by_package.items()):
        print(f"  {p:14s} recall@10 {sum(v) / len(v):.3f} ({len(v)} queries)")


if __name__ == "__main__":
    main()
