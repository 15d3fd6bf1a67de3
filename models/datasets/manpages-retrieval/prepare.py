#!/usr/bin/env python3
"""Builds a labelled retrieval corpus from the manual pages of four Debian packages.

Every manual page (not an alias: symlinks and `.so` redirections are skipped) becomes one
document: the text of its DESCRIPTION section, with the page's own names (the names listed in
its NAME section and its file name) replaced by `_`, cut to MAX_DOC_CHARS at a word boundary.
A seeded sample of the pages also gives a query: the one-line summary after the dash in the
NAME section ("create a child process" for fork(2)), whose one relevant document is that page.

Pages come from the .deb files themselves (`apt-get download`, or a directory holding them
given as the first argument), not from /usr/share/man, so other installed packages do not leak
in. The output is byte-identical for the same packages: pages are sorted, the sample is seeded,
the gzip header carries no time stamp.

Usage: python3 prepare.py [DEB_DIR]
"""
import glob
import gzip
import json
import os
import random
import re
import subprocess
import sys
import tempfile

PACKAGES = ["manpages", "manpages-dev", "libssl-doc", "libx11-doc", "perl-doc", "tcl8.6-doc"]
SEED = 20261206
N_QUERIES = 1000
MAX_DOC_CHARS = 2000
MIN_DOC_WORDS = 15
MIN_QUERY_WORDS = 2
MASK = "_"
HERE = os.path.dirname(os.path.abspath(__file__))

# Named glyphs (\(xx, \[xx]) and strings (\*(xx, \*[xx], \*x) that carry meaning in prose.
GLYPHS = {"em": " - ", "en": "-", "hy": "-", "mi": "-", "aq": "'", "dq": '"', "lq": '"', "rq": '"',
          "oq": "'", "cq": "'", "bu": "*", "co": "(c)", "rg": "(R)", "tm": "(TM)", "mu": "x",
          "<=": "<=", ">=": ">=", "!=": "!=", "->": "->", "<-": "<-", "ti": "~", "ha": "^",
          "rs": "\\", "sl": "/", "ba": "|", "or": "|", "pl": "+", "eq": "=", "ga": "`", "at": "@",
          "sh": "#", "Do": "$", "lB": "[", "rB": "]", "lC": "{", "rC": "}", "dg": "+", "de": " degrees",
          "ss": "ss", "a\"": "a", "o\"": "o", "u\"": "u", "e'": "e", "a'": "a", "pi": "pi"}
STRINGS = {"C`": '"', "C'": '"', "L\"": '"', "R\"": '"', "--": "--", "Aq": "'", "PI": "pi",
           "lq": '"', "rq": '"', "R": "(R)", "Tm": "(TM)"}
TEXT_MACROS = {"B", "I", "SM", "SB", "QW", "PQ"}
JOINED_MACROS = {"BR", "BI", "IB", "IR", "RB", "RI"}


def debs():
    if len(sys.argv) > 1:
        src = sys.argv[1]
    else:
        src = tempfile.mkdtemp()
        subprocess.run(["apt-get", "download"] + PACKAGES, cwd=src, check=True,
                       stdout=subprocess.DEVNULL)
    out = {}
    for name in PACKAGES:
        found = sorted(glob.glob(os.path.join(src, name + "_*.deb")))
        if len(found) != 1:
            sys.exit(f"want exactly one {name}_*.deb in {src}, found {found}")
        out[name] = found[0]
    return out


def version(deb):
    return subprocess.run(["dpkg-deb", "-f", deb, "Version"], check=True, capture_output=True,
                          text=True).stdout.strip()


def extract(deb):
    root = tempfile.mkdtemp()
    subprocess.run(["dpkg-deb", "-x", deb, root], check=True)
    return root


def copy_licence(root, package):
    """Copies the package's copyright file (its licence terms) to licenses/<package>.copyright."""
    src = os.path.join(root, "usr", "share", "doc", package, "copyright")
    dest_dir = os.path.join(HERE, "licenses")
    os.makedirs(dest_dir, exist_ok=True)
    if os.path.islink(src) or not os.path.exists(src):
        return False
    with open(src, "rb") as f, open(os.path.join(dest_dir, package + ".copyright"), "wb") as out:
        out.write(f.read())
    return True


def pages(root):
    """Yields (section, page, roff source) for each real page of one extracted package, sorted."""
    man = os.path.join(root, "usr", "share", "man")
    paths = sorted(glob.glob(os.path.join(man, "man*", "*.gz")))
    for path in paths:
        if os.path.islink(path):
            continue
        with gzip.open(path, "rt", encoding="utf-8", errors="replace") as f:
            src = f.read()
        if re.match(r"\s*\.so\s", src):
            continue
        base = os.path.basename(path)[:-3]
        page, _, section = base.rpartition(".")
        yield section, page, src


def unescape(s):
    s = s.replace("\\\\", "\x00")
    s = re.sub(r'\\".*', "", s)
    s = re.sub(r"\\f(\[[^\]]*\]|\(..|.)", "", s)
    s = re.sub(r"\\s[+-]?(\d|\[[^\]]*\]|\(\d\d)", "", s)
    s = re.sub(r"\\[nmgkFYV](\[[^\]]*\]|\(..|.)", "", s)
    s = re.sub(r"\\[hvwoXlLDNbxRSZ]'[^']*'", "", s)
    s = re.sub(r"\\\*(\[([^\]]*)\]|\((..)|(.))",
               lambda m: STRINGS.get(m.group(2) or m.group(3) or m.group(4), ""), s)
    s = re.sub(r"\\(\[([^\]]*)\]|\((..))", lambda m: GLYPHS.get(m.group(2) or m.group(3), ""), s)
    s = re.sub(r"\\[-]", "-", s)
    s = re.sub(r"\\[~ 0]", " ", s)
    s = re.sub(r"\\[&|^%:/,c)}{!zpdur]", "", s)
    s = s.replace("\\e", "\x00").replace("\\'", "'").replace("\\`", "`").replace("\\.", ".")
    s = re.sub(r"\\(.)", r"\1", s)
    return s.replace("\x00", "\\")


def args(line):
    """Splits a macro line's arguments, honouring double quotes."""
    out, cur, quoted, i = [], "", False, 0
    while i < len(line):
        c = line[i]
        if c == '"':
            if quoted and i + 1 < len(line) and line[i + 1] == '"':
                cur += '"'
                i += 1
            else:
                quoted = not quoted
        elif c in " \t" and not quoted:
            if cur:
                out.append(cur)
            cur = ""
        else:
            cur += c
        i += 1
    if cur:
        out.append(cur)
    return out


def sections(src):
    """Converts man(7) roff to {SECTION TITLE: plain text}; enough for the man and pod2man pages."""
    lines = src.split("\n")
    started, skip_def, table, table_body = False, False, False, False
    out, title, buf = {}, None, []

    def flush():
        if title is not None:
            text = " ".join(" ".join(buf).split())
            out.setdefault(title, text)

    for raw in lines:
        if skip_def:
            if raw.startswith(".."):
                skip_def = False
            continue
        if raw.startswith((".de", ".am", ".ig")):
            skip_def = True
            continue
        if raw.startswith(".TH"):
            started = True
            continue
        if not started:
            continue
        if table:
            if raw.startswith(".TE"):
                table = False
            elif not table_body:
                table_body = raw.rstrip().endswith(".")
            else:
                buf.append(unescape(raw.replace("T{", " ").replace("T}", " ").replace("\t", " ")))
            continue
        if raw.startswith((".", "'")):
            parts = raw[1:].strip().split(None, 1)
            if not parts:
                continue
            macro, rest = parts[0], (parts[1] if len(parts) > 1 else "")
            if macro.startswith('\\"'):
                continue
            if macro == "SH":
                flush()
                title, buf = " ".join(unescape(rest).replace('"', "").split()).upper(), []
            elif macro == "SS":
                buf.append(unescape(" ".join(args(rest))) + ".")
            elif macro in TEXT_MACROS:
                buf.append(unescape(" ".join(args(rest))))
            elif macro in JOINED_MACROS:
                buf.append(unescape("".join(args(rest))))
            elif macro == "IP" and rest:
                tag = unescape(args(rest)[0]).strip() if args(rest) else ""
                if tag and tag not in ("*", "-", "o") and not re.fullmatch(r"\d+\.?|\(?\w\)", tag):
                    buf.append(tag)
            elif macro == "TS":
                table, table_body = True, False
            # every other request (.PP .TP .RS .EX .nf .IX .Vb .sp .in .UR …) only formats
        else:
            buf.append(unescape(raw))
    flush()
    return out


def split_name(name_text):
    """'fork - create a child process' → (['fork'], 'create a child process')."""
    m = re.search(r"\s+-+\s+", name_text)
    if not m:
        return None, None
    names = [n.strip() for n in re.split(r"[,\s]+", name_text[:m.start()]) if n.strip()]
    return names, name_text[m.end():].strip()


def mask(text, names):
    for name in sorted(set(names), key=len, reverse=True):
        if len(name) < 2:
            continue
        pattern = r"(?<![A-Za-z0-9_:])" + re.escape(name) + r"(?!::)(?![A-Za-z0-9_])"
        text = re.sub(pattern, MASK, text)
    return text


def cut(text, limit):
    if len(text) <= limit:
        return text
    head = text[:limit]
    return head[:head.rfind(" ")] if " " in head else head


def norm(q):
    return " ".join(re.sub(r"[^\w\s]", " ", q.lower()).split())


def main():
    found = debs()
    docs, versions = [], {}
    for package, deb in found.items():
        versions[package] = version(deb)
        root = extract(deb)
        if not copy_licence(root, package):
            print(f"{package}: no copyright file of its own (its doc directory links to another package's)")
        for section, page, src in pages(root):
            secs = sections(src)
            names, summary = split_name(secs.get("NAME", ""))
            desc = secs.get("DESCRIPTION", "")
            if names is None or len(desc.split()) < MIN_DOC_WORDS:
                continue
            text = cut(mask(desc, names + [page]), MAX_DOC_CHARS)
            docs.append({"package": package, "section": section, "page": page,
                         "summary": summary, "text": text})
    docs.sort(key=lambda d: (d["package"], d["section"], d["page"]))
    seen_text = set()
    unique = []
    for d in docs:
        if d["text"] not in seen_text:
            seen_text.add(d["text"])
            unique.append(d)
    docs = unique
    for i, d in enumerate(docs):
        d["id"] = f"d{i:05d}"

    by_query = {}
    for d in docs:
        by_query.setdefault(norm(d["summary"]), []).append(d)
    eligible = [d for d in docs if len(d["summary"].split()) >= MIN_QUERY_WORDS
                and len(by_query[norm(d["summary"])]) == 1]
    rng = random.Random(SEED)
    chosen = sorted(rng.sample(eligible, min(N_QUERIES, len(eligible))), key=lambda d: d["id"])

    with open(os.path.join(HERE, "corpus.jsonl.gz"), "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
            for d in docs:
                row = {"id": d["id"], "text": d["text"],
                       "metadata": {"package": d["package"], "section": d["section"]}}
                gz.write((json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))
    with open(os.path.join(HERE, "queries.tsv"), "w", encoding="utf-8", newline="\n") as out:
        out.write("qid\trelevant\tquery\n")
        for k, d in enumerate(chosen):
            out.write(f"q{k:04d}\t{d['id']}\t{' '.join(d['summary'].split())}\n")
    with open(os.path.join(HERE, "pages.tsv"), "w", encoding="utf-8", newline="\n") as out:
        out.write("id\tpackage\tsection\tpage\n")
        for d in docs:
            out.write(f"{d['id']}\t{d['package']}\t{d['section']}\t{d['page']}\n")
    counts = {p: sum(1 for d in docs if d["package"] == p) for p in PACKAGES}
    qcounts = {p: sum(1 for d in chosen if d["package"] == p) for p in PACKAGES}
    print("versions:", ", ".join(f"{p} {v}" for p, v in versions.items()))
    print(f"{len(docs)} documents {counts}, {len(chosen)} queries {qcounts} "
          f"(of {len(eligible)} pages with a unique summary)")


if __name__ == "__main__":
    main()
