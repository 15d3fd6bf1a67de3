#!/usr/bin/env python3
"""Retrieval quality of zerocold's collections: recall@10 and MRR@10 per model and search mode.

For each embedding model it creates a collection, upserts the labelled man-page corpus
(models/datasets/manpages-retrieval/) in bulks, runs every query in each mode (lexical, dense,
hybrid) with top_k=10, scores the rankings against the known relevant document, prints a table
with the machine, date and command, writes it under benchmarks/retrieval/results/<date>/, and
deletes its collections. Python 3 standard library only; every HTTP call has a timeout.

  recall@10  share of a query's relevant documents found in its top 10, averaged over queries
             (each query here has one relevant document, so it is the hit rate at 10)
  MRR@10     mean over queries of 1/rank of the first relevant document in the top 10, 0 if none

Usage:
  python3 benchmarks/retrieval/run.py [--base-url URL] [--api-key KEY] [--limit N] ...
  python3 benchmarks/retrieval/run.py --self-test
"""
import argparse
import csv
import datetime
import gzip
import json
import os
import platform
import re
import shlex
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_CORPUS = os.path.join(REPO, "models", "datasets", "manpages-retrieval")
MODELS = ["bge-small-en-v1.5", "all-minilm-l6-v2"]
MODES = ["lexical", "dense", "hybrid"]
K = 10


# ---------- metrics ----------

def recall_at_k(ranking, relevant, k=K):
    """Share of the relevant ids found in the first k of the ranking."""
    if not relevant:
        raise ValueError("a query needs at least one relevant document")
    return len(set(ranking[:k]) & set(relevant)) / len(relevant)


def reciprocal_rank_at_k(ranking, relevant, k=K):
    """1/rank (1-based) of the first relevant id in the first k, else 0."""
    for rank, doc in enumerate(ranking[:k], start=1):
        if doc in relevant:
            return 1.0 / rank
    return 0.0


def first_relevant_rank(ranking, relevant):
    for rank, doc in enumerate(ranking, start=1):
        if doc in relevant:
            return rank
    return 0


def score(runs, qrels, k=K):
    """runs: {qid: [doc ids, best first]}; qrels: {qid: set of relevant ids}. Averages over qrels."""
    recalls = [recall_at_k(runs.get(q, []), rel, k) for q, rel in qrels.items()]
    rrs = [reciprocal_rank_at_k(runs.get(q, []), rel, k) for q, rel in qrels.items()]
    return statistics.fmean(recalls), statistics.fmean(rrs)


def self_test():
    """Metrics on a hand-made ranking, checked against values worked out by hand."""
    qrels = {"a": {"d1"}, "b": {"d2"}, "c": {"d3"}, "d": {"d4", "d5"}}
    runs = {
        "a": ["d1", "x", "y"],                         # rank 1: recall 1, RR 1
        "b": ["x", "y", "d2"],                         # rank 3: recall 1, RR 1/3
        "c": ["x"] * 10 + ["d3"],                      # rank 11, outside the top 10: 0, 0
        "d": ["x", "d5", "y", "z", "w", "v", "u", "t", "s", "d4"],  # both in top 10: recall 1, RR 1/2
    }
    assert recall_at_k(runs["c"], qrels["c"]) == 0.0
    assert reciprocal_rank_at_k(runs["b"], qrels["b"]) == 1 / 3
    assert recall_at_k(runs["d"], qrels["d"]) == 1.0
    assert recall_at_k(["d4"], qrels["d"]) == 0.5
    assert first_relevant_rank(runs["c"], qrels["c"]) == 11
    recall, mrr = score(runs, qrels)
    assert abs(recall - 3 / 4) < 1e-12, recall
    assert abs(mrr - (1 + 1 / 3 + 0 + 1 / 2) / 4) < 1e-12, mrr
    # a query the server answered with nothing counts as a miss, not as missing
    recall, mrr = score({}, {"a": {"d1"}})
    assert (recall, mrr) == (0.0, 0.0)
    # duplicates in a ranking do not count twice
    assert recall_at_k(["d4", "d4"], qrels["d"]) == 0.5
    corpus, queries = load_corpus(DEFAULT_CORPUS)
    assert len(corpus) >= 1000 and len(queries) >= 100
    assert all(rel <= corpus.keys() for _, rel in queries.values()), "a relevant id is not in the corpus"
    print(f"self-test ok: recall@10 0.7500, MRR@10 {(1 + 1 / 3 + 1 / 2) / 4:.4f} on the hand-made ranking; "
          f"corpus {len(corpus)} documents, {len(queries)} queries, every relevant id present")


# ---------- data ----------

def load_corpus(corpus_dir):
    docs = {}
    with gzip.open(os.path.join(corpus_dir, "corpus.jsonl.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            docs[d["id"]] = d
    queries = {}
    with open(os.path.join(corpus_dir, "queries.tsv"), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            queries[row["qid"]] = (row["query"], set(row["relevant"].split(",")))
    return docs, queries


# ---------- HTTP ----------

class Api:
    def __init__(self, base_url, api_key, timeout):
        self.base = base_url.rstrip("/")
        self.key = api_key
        self.timeout = timeout

    def call(self, method, path, body=None, ok=(200, 201, 204), retries=5):
        data = None if body is None else json.dumps(body).encode("utf-8")
        headers = {"Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        if self.key:
            # the management key, in both places the server reads it: /v1 takes it as a Bearer token
            headers["X-API-Key"] = self.key
            headers["Authorization"] = "Bearer " + self.key
        for attempt in range(retries + 1):
            req = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                    status, text = resp.status, resp.read().decode("utf-8")
            except urllib.error.HTTPError as e:
                status, text = e.code, e.read().decode("utf-8", errors="replace")
                if status in (429, 503) and attempt < retries:
                    time.sleep(float(e.headers.get("Retry-After") or 1))
                    continue
            if status not in ok:
                raise RuntimeError(f"{method} {path} -> {status}: {text[:500]}")
            return status, (json.loads(text) if text.strip() else None)
        raise AssertionError("unreachable")


def collection_name(model):
    return "retrieval-bench-" + re.sub(r"[^a-z0-9]+", "-", model.lower()).strip("-")


def index(api, name, model, docs, bulk):
    api.call("DELETE", f"/v1/collections/{name}", ok=(200, 204, 404))
    api.call("PUT", f"/v1/collections/{name}", {"model": model}, ok=(200, 201))
    ids = sorted(docs)
    t0 = time.monotonic()
    upserted = 0
    for i in range(0, len(ids), bulk):
        batch = [{"id": d, "text": docs[d]["text"], "metadata": docs[d].get("metadata", {})}
                 for d in ids[i:i + bulk]]
        _, resp = api.call("POST", f"/v1/collections/{name}/documents", {"documents": batch})
        upserted += resp["upserted"]
    if upserted != len(ids):
        raise RuntimeError(f"{name}: upserted {upserted} of {len(ids)} documents")
    return time.monotonic() - t0


def wait_searchable(api, name, probe_text, probe_id, deadline_s=60):
    """Waits until a document is searchable (the server may publish writes asynchronously)."""
    end = time.monotonic() + deadline_s
    while True:
        _, resp = api.call("POST", f"/v1/collections/{name}/query",
                           {"query": probe_text, "top_k": K, "mode": "lexical"})
        if any(r["id"] == probe_id for r in resp["results"]):
            return
        if time.monotonic() > end:
            raise RuntimeError(f"{name}: document {probe_id} not searchable by its own text after {deadline_s} s")
        time.sleep(0.5)


def run_queries(api, name, queries, mode):
    runs, latencies = {}, []
    for qid, (text, _) in queries.items():
        t0 = time.monotonic()
        _, resp = api.call("POST", f"/v1/collections/{name}/query", {"query": text, "top_k": K, "mode": mode})
        latencies.append((time.monotonic() - t0) * 1000)
        results = resp["results"]
        if len(results) > K:
            raise RuntimeError(f"{mode}: asked for top_k={K}, got {len(results)} results")
        runs[qid] = [r["id"] for r in results]
    return runs, latencies


# ---------- report ----------

def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2 ** 30
    return f"{os.cpu_count()} vCPU {cpu}, {mem:.0f} GB RAM, {platform.system()} {platform.release()}"


def commit():
    try:
        return subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return "?"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--base-url", default="http://localhost:8080")
    p.add_argument("--api-key", default=os.environ.get("ZEROCOLD_API_KEY"),
                   help="admin key, sent as X-API-Key and Authorization: Bearer "
                        "(default: $ZEROCOLD_API_KEY; none in dev mode)")
    p.add_argument("--models", default=",".join(MODELS))
    p.add_argument("--modes", default=",".join(MODES))
    p.add_argument("--corpus", default=DEFAULT_CORPUS, help="directory with corpus.jsonl.gz and queries.tsv")
    p.add_argument("--bulk", type=int, default=64,
                   help="documents per upsert request (<= 256; 64 keeps a bulk of long texts well inside the 30 s queue deadline)")
    p.add_argument("--timeout", type=float, default=300, help="seconds per HTTP call")
    p.add_argument("--limit", type=int, default=0, help="use only the first N queries (a quick try)")
    p.add_argument("--out", default=None, help="results directory (default results/<UTC date>)")
    p.add_argument("--keep", action="store_true", help="do not delete the collections at the end")
    p.add_argument("--self-test", action="store_true", help="check the metrics offline and exit")
    a = p.parse_args()
    if a.self_test:
        self_test()
        return
    if not 1 <= a.bulk <= 256:
        p.error("--bulk must be in 1..256")

    docs, queries = load_corpus(a.corpus)
    if a.limit:
        queries = dict(list(queries.items())[:a.limit])
    qrels = {q: rel for q, (_, rel) in queries.items()}
    models, modes = a.models.split(","), a.modes.split(",")
    started = datetime.datetime.now(datetime.timezone.utc)
    out_dir = a.out or os.path.join(HERE, "results", started.strftime("%Y%m%d"))
    os.makedirs(out_dir, exist_ok=True)
    argv = [a for a in sys.argv[1:]]
    if "--api-key" in argv:
        argv[argv.index("--api-key") + 1] = "<key>"
    header = [
        f"date: {started:%Y-%m-%d %H:%M:%S} UTC",
        f"commit: {commit()}",
        f"machine: {machine()}",
        f"server: {a.base_url}",
        f"corpus: {os.path.relpath(a.corpus, REPO)}: {len(docs)} documents, {len(queries)} queries, top_k={K}, bulk {a.bulk}",
        f"command: python3 benchmarks/retrieval/run.py {shlex.join(argv)}".rstrip(),
    ]
    print("\n".join(header), flush=True)

    api = Api(a.base_url, a.api_key, a.timeout)
    rows, rank_rows = [], []
    first_query = next(iter(queries.values()))
    probe_id = next(iter(first_query[1]))
    try:
        for model in models:
            name = collection_name(model)
            index_s = index(api, name, model, docs, a.bulk)
            wait_searchable(api, name, docs[probe_id]["text"][:200], probe_id)
            print(f"{model}: {len(docs)} documents indexed in {index_s:.1f} s "
                  f"({len(docs) / index_s:.0f} docs/s) into collection {name}", flush=True)
            for mode in modes:
                runs, lat = run_queries(api, name, queries, mode)
                recall, mrr = score(runs, qrels)
                p50 = statistics.median(lat)
                rows.append({"model": model, "mode": mode, "queries": len(queries),
                             "recall_at_10": f"{recall:.4f}", "mrr_at_10": f"{mrr:.4f}",
                             "query_p50_ms": f"{p50:.1f}", "index_s": f"{index_s:.1f}"})
                for qid in queries:
                    rank_rows.append((model, mode, qid, first_relevant_rank(runs[qid], qrels[qid])))
                print(f"  {mode:8s} recall@10 {recall:.4f}  MRR@10 {mrr:.4f}  query p50 {p50:.1f} ms", flush=True)
            if not a.keep:
                api.call("DELETE", f"/v1/collections/{name}", ok=(200, 204, 404))
    finally:
        if not a.keep:
            for model in models:
                try:
                    api.call("DELETE", f"/v1/collections/{collection_name(model)}", ok=(200, 204, 404), retries=0)
                except (RuntimeError, OSError):
                    pass

    table = ["| model | mode | recall@10 | MRR@10 | query p50 ms | index s |", "|---|---|---|---|---|---|"]
    for r in rows:
        table.append(f"| {r['model']} | {r['mode']} | {r['recall_at_10']} | {r['mrr_at_10']} | "
                     f"{r['query_p50_ms']} | {r['index_s']} |")
    verdicts = []
    for model in models:
        by = {r["mode"]: r for r in rows if r["model"] == model}
        if {"lexical", "dense", "hybrid"} <= by.keys():
            for metric in ("recall_at_10", "mrr_at_10"):
                best = max(float(by["lexical"][metric]), float(by["dense"][metric]))
                ok = float(by["hybrid"][metric]) >= best
                verdicts.append(f"{model}: hybrid {metric} {by['hybrid'][metric]} "
                                f"{'>=' if ok else '<'} best of lexical/dense {best:.4f}: "
                                f"{'goal met' if ok else 'goal NOT met'}")
    print("\n" + "\n".join(table + [""] + verdicts))
    with open(os.path.join(out_dir, "summary.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(header + [""] + table + [""] + verdicts) + "\n")
    with open(os.path.join(out_dir, "summary.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()) if rows else ["model"])
        w.writeheader()
        w.writerows(rows)
    with open(os.path.join(out_dir, "ranks.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("model\tmode\tqid\tfirst_relevant_rank\n")
        for r in rank_rows:
            f.write("\t".join(map(str, r)) + "\n")
    print(f"\nresults: {os.path.relpath(out_dir, REPO)}/summary.md, summary.csv, ranks.tsv "
          f"(first relevant rank per query, 0 = not in the top {K})")


if __name__ == "__main__":
    main()
