"""What the benchmark tables share (peers/summarize.py, containers/summarize.py): a median with its
range, and the machine's first-touch cost from a result directory's page-touch.txt."""
import os
import re
import statistics


def median_range(xs, nd=0, missing="—"):
    """'median (min–max)' with nd decimals; `missing` when there is no value."""
    if not xs:
        return missing
    fmt = f"{{:.{nd}f}}"
    return f"{fmt.format(statistics.median(xs))} ({fmt.format(min(xs))}–{fmt.format(max(xs))})"


def first_touch(out):
    """The ms per 100 MB of each page_touch.py line in out/page-touch.txt, in the order measured,
    joined by →; its older "(N MB in M ms" form is read too; — when there is none."""
    touch = []
    if os.path.exists(f"{out}/page-touch.txt"):
        for line in open(f"{out}/page-touch.txt"):
            if m := re.search(r"([0-9]+) ms per 100 MB", line):
                touch.append(m[1])
            elif m := re.search(r"\(([0-9]+) MB in ([0-9]+) ms", line):
                touch.append(f"{int(m[2]) * 100 / int(m[1]):.0f}")
    return "→".join(touch) or "—"
