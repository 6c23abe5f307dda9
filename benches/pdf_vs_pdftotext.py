#!/usr/bin/env python3
"""PDF reading speed: `budgetspor extract` on the printed fixtures
(fixtures/pdf: the Odense minutes and the Greve pages, printed by
Chromium and LibreOffice) against the floor it stands on, `pdftotext
-bbox-layout` alone over the same files (and `pdftotext -layout`, the old
reading), both two files at a time on two threads, and against pdfplumber's
table extraction on one thread. Runs are interleaved; the median is shown.

usage: python3 benches/pdf_vs_pdftotext.py [--runs 5] [--plumber-files 10]
needs: poppler-utils; pip install pdfplumber (left out when missing);
builds budgetspor with cargo (release).
"""
import glob, os, statistics, subprocess, sys, time

def arg(name, default):
    return int(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default

runs = arg("--runs", 5)
plumber_files = arg("--plumber-files", 10)
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
pdfs = sorted(glob.glob(os.path.join(root, "fixtures/pdf/*/*/*.pdf")))
target = os.environ.get("CARGO_TARGET_DIR", os.path.join(root, "target"))
subprocess.run(["cargo", "build", "-q", "--release", "--bin", "budgetspor"], cwd=root, check=True)
binary = os.path.join(target, "release/budgetspor")

def pages(path):
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
    return int(next(l.split()[-1] for l in info.splitlines() if l.startswith("Pages:")))

total_pages = sum(pages(p) for p in pdfs)
env = dict(os.environ, RAYON_NUM_THREADS="2")

def timed(command, **kw):
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    return time.perf_counter() - start

def pdftotext_pair(mode):
    # Two pdftotext processes at a time, as two cores allow.
    return ["xargs", "-P", "2", "-n", "1", "-I", "{}", "pdftotext", mode, "-enc", "UTF-8", "{}", "/dev/null"]

def with_input(command):
    return lambda: timed(command, input="\n".join(pdfs).encode())

try:
    import pdfplumber
except ImportError:
    pdfplumber = None

def plumber():
    start = time.perf_counter()
    n = 0
    for path in pdfs[:plumber_files]:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_tables()
                n += 1
    return time.perf_counter() - start, n

measures = {
    "budgetspor extract (2 threads)": lambda: timed(
        [binary, "extract", os.path.join(root, "fixtures/pdf"), "--format", "csv", "-o", "/dev/null", "-q"], env=env),
    "pdftotext -bbox-layout alone (2 at a time)": with_input(pdftotext_pair("-bbox-layout")),
    "pdftotext -layout alone (2 at a time)": with_input(pdftotext_pair("-layout")),
}
times = {name: [] for name in measures}
plumber_times, plumber_pages = [], 0
for run in range(runs):
    for name, measure in measures.items():
        times[name].append(measure())
    if pdfplumber and run < 2:
        seconds, plumber_pages = plumber()
        plumber_times.append(seconds)

print("%d PDFs, %d pages, %d runs interleaved (median)" % (len(pdfs), total_pages, runs))
floor = statistics.median(times["pdftotext -bbox-layout alone (2 at a time)"])
for name, ts in times.items():
    t = statistics.median(ts)
    print("%-45s %6.2f s  %6.0f pages/s  %.2fx the -bbox-layout floor" % (name, t, total_pages / t, t / floor))
if plumber_times:
    t = statistics.median(plumber_times)
    print("%-45s %6.2f s  %6.1f pages/s  (%d pages, 1 thread, extract_tables)" % (
        "pdfplumber", t, plumber_pages / t, plumber_pages))
