#!/usr/bin/env python3
"""HTML reading speed: budgetspor's HTML source (the core's html_speed
example, one thread, release build) against pandas.read_html (lxml) on
the same pages, in interleaved runs.

usage: python3 benches/html_vs_pandas.py [--runs 3]
needs: pip install pandas lxml; builds the example with cargo (release).
"""
import glob, io, os, subprocess, sys, time

runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 3
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
pages = sorted(glob.glob(os.path.join(root, "fixtures/real/greve/html/*.html")))
target = os.environ.get("CARGO_TARGET_DIR", os.path.join(root, "target"))
subprocess.run(["cargo", "build", "-q", "--release", "-p", "budgetspor-core", "--example", "html_speed"], cwd=root, check=True)
example = os.path.join(target, "release/examples/html_speed")
import pandas as pd
texts = [open(p, encoding="utf-8").read() for p in pages]
size = sum(len(t.encode()) for t in texts)
for run in range(runs):
    out = subprocess.run([example] + pages, capture_output=True, text=True, check=True).stdout.strip()
    print("budgetspor:", out)
    rounds, start = 5, time.perf_counter()
    for _ in range(rounds):
        for t in texts:
            try:
                pd.read_html(io.StringIO(t))
            except ValueError:  # a page without tables
                pass
    seconds = time.perf_counter() - start
    print("pandas.read_html: %d pages x %d: %.1f MB in %.2f s = %.1f MB/s, %.0f pages/s" % (
        len(texts), rounds, size * rounds / 1e6, seconds, size * rounds / 1e6 / seconds, len(texts) * rounds / seconds))
