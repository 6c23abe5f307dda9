#!/usr/bin/env python3
"""End-to-end benchmark of the release binary on generated corpora.

usage: benches/extract_corpus.py [--docs 2000] [--big-docs 20000] [--runs 3]

1. Builds the corpus generator and the CLI in release mode (the CLI build
   takes ~20 minutes from clean: polars).
2. Writes a corpus of N documents (make_corpus: the fixtures with shifted
   years and mixed layouts, ~130 MB for 2,000) and times `cat` of it and
   `budgetspor extract CORPUS -o cells.parquet` (best of --runs, warm
   cache), with the peak resident memory of the extract process, and
   `budgetspor run` (the whole job) on it.
3. Writes a 10x corpus (--big-docs), extracts it once (peak memory again),
   runs the whole job on it once, and times series/compare/chart/check
   from that Parquet.

Prints a Markdown table for the README. Timing lives here, never in tests.
"""
import argparse, os, resource, shutil, subprocess, sys, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ap = argparse.ArgumentParser()
ap.add_argument("--docs", type=int, default=2000)
ap.add_argument("--big-docs", type=int, default=20000)
ap.add_argument("--runs", type=int, default=3)
ap.add_argument("--work", default="/tmp/budgetspor-bench")
ap.add_argument("--target-dir", default=os.path.join(root, "target"))
args = ap.parse_args()


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, cwd=root, **kw)


def measure(cmd, output=None):
    """Wall seconds and peak RSS (MB) of one run of `cmd`.

    The previous run's `output` is deleted and written back first (`sync`),
    outside the timing: replacing a 100 MB file whose pages the kernel is
    still writing back costs the next run up to half a second, which is
    the previous run's bill, not this one's."""
    if output is not None:
        if os.path.isdir(output):
            shutil.rmtree(output)
        elif os.path.exists(output):
            os.remove(output)
        subprocess.run(["sync"], check=True)
    start = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=root, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        sys.exit(f"failed: {' '.join(cmd)}")
    return wall, usage.ru_maxrss / 1024


def size_mb(path):
    return sum(os.path.getsize(os.path.join(path, f)) for f in os.listdir(path)) / 1e6


env = dict(os.environ, CARGO_TARGET_DIR=args.target_dir)
sh(["cargo", "build", "--release", "-q", "-p", "budgetspor-core", "--example", "make_corpus"], env=env)
sh(["cargo", "build", "--release", "-q", "--bin", "budgetspor"], env=env)
gen = os.path.join(args.target_dir, "release/examples/make_corpus")
bin_ = os.path.join(args.target_dir, "release/budgetspor")
os.makedirs(args.work, exist_ok=True)

rows = []
corpus = os.path.join(args.work, f"corpus{args.docs}")
if not os.path.isdir(corpus):
    sh([gen, corpus, str(args.docs)])
mb = size_mb(corpus)
files = [os.path.join(corpus, f) for f in sorted(os.listdir(corpus))]
cat = min(measure(["sh", "-c", f"cat {corpus}/* > /dev/null"])[0] for _ in range(args.runs))
out = os.path.join(args.work, "cells.parquet")
runs = [measure([bin_, "extract", corpus, "-o", out, "-q"], out) for _ in range(args.runs)]
wall = min(r[0] for r in runs)
rss = max(r[1] for r in runs)
rows.append((f"extract {args.docs} docs ({mb:.0f} MB) to Parquet", wall, f"{mb / wall:.0f} MB/s", f"{rss:.0f} MB"))
rows.append((f"cat the same files", cat, f"{mb / cat:.0f} MB/s", "-"))
run_out = os.path.join(args.work, "run-out")
runs = [measure([bin_, "run", corpus, "--out", run_out, "-q"], run_out) for _ in range(args.runs)]
rows.append((f"run (the whole job) on the same {args.docs} docs", min(r[0] for r in runs), "-", f"{max(r[1] for r in runs):.0f} MB"))

big = os.path.join(args.work, f"corpus{args.big_docs}")
if not os.path.isdir(big):
    sh([gen, big, str(args.big_docs)])
big_mb = size_mb(big)
big_out = os.path.join(args.work, "big.parquet")
measure(["sh", "-c", f"cat {big}/* > /dev/null"])  # warm the page cache
wall, rss = measure([bin_, "extract", big, "-o", big_out, "-q"], big_out)
rows.append((f"extract {args.big_docs} docs ({big_mb:.0f} MB) to Parquet", wall, f"{big_mb / wall:.0f} MB/s", f"{rss:.0f} MB"))
w = lambda name: os.path.join(args.work, name)
wall, rss = measure([bin_, "run", big, "--out", w("run-big"), "-q"], w("run-big"))
rows.append((f"run (the whole job) on the {args.big_docs} docs", wall, "-", f"{rss:.0f} MB"))
for name, cmd, output in [
    ("series reservationspulje --from", ["series", "reservationspulje"], w("s.csv")),
    ("chart reservationspulje --from", ["chart", "reservationspulje"], w("r.svg")),
    ("compare gevinst --from", ["compare", "gevinst"], w("g.csv")),
    ("series forsorgelsesydelser --from", ["series", "forsorgelsesydelser"], w("f.csv")),
    ("compare budget --from", ["compare", "budget"], w("b.csv")),
    ("chart ydelser --from", ["chart", "ydelser"], w("y.svg")),
    ("check --from (every table's arithmetic)", ["check"], w("c.csv")),
]:
    run = [bin_, *cmd, "--from", big_out, "-o", output, "-q"]
    wall, rss = min(measure(run, output) for _ in range(args.runs))
    rows.append((name, wall, "-", f"{rss:.0f} MB"))

print(f"\n{os.cpu_count()} cores; best of {args.runs} runs, warm cache\n")
print("| what | seconds | throughput | peak memory |\n|---|---|---|---|")
for name, wall, rate, rss in rows:
    print(f"| {name} | {wall:.2f} | {rate} | {rss} |")
