#!/usr/bin/env bash
# Do two builds give the same outputs? For restructurings that must not
# change a byte: every output of `run` on the bundled minutes, `extract` of
# all fixtures (text, HTML, JSON, printed PDFs) to CSV, Parquet and NDJSON,
# `extract` of a benchmark corpus, the three series and `check` and
# `compare` in every format (xlsx, Excel CSV, a dataset, stdout), compared
# with `diff -r` (Parquet byte for byte).
#
#   cargo run --release -p budgetspor-core --example make_corpus -- /tmp/corpus 2000
#   scripts/same_outputs.sh OLD_BINARY NEW_BINARY /tmp/corpus
#
# Exit 0 when identical; otherwise diff's report and exit 1.
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 OLD_BINARY NEW_BINARY CORPUS_DIR" >&2; exit 2; }
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
outputs() {
  local bin=$1 out=$2
  mkdir -p "$out"
  # Exit 3 (some input skipped) is an output too: both builds must agree.
  "$bin" run --out "$out/run" -q fixtures/minutes || true
  "$bin" extract fixtures -o "$out/fixtures.csv" -q || true
  "$bin" extract fixtures -o "$out/fixtures.parquet" -q || true
  "$bin" extract fixtures --format ndjson -o "$out/fixtures.ndjson" -q || true
  "$bin" extract fixtures -o "$out/fixtures.xlsx" -q || true
  "$bin" extract fixtures --csv-dialect excel -o "$out/fixtures_excel.csv" \
    --rejects "$out/rejects_excel.csv" --tables "$out/tables_excel.csv" -q || true
  "$bin" extract fixtures/minutes --dataset "$out/dataset" -q || true
  "$bin" extract fixtures/minutes -o - -q > "$out/stdout.csv" || true
  for ext in parquet csv ndjson xlsx; do
    mkdir -p "$out/package_$ext"
    "$bin" extract fixtures/minutes --datapackage -o "$out/package_$ext/cells.$ext" -q || true
  done
  mkdir -p "$out/package_excel"
  "$bin" extract fixtures/minutes --datapackage --csv-dialect excel \
    -o "$out/package_excel/cells.csv" -q || true
  "$bin" extract "$3" -o "$out/corpus.csv" -q || true
  "$bin" extract "$3" -o "$out/corpus.parquet" -q || true
  for series in reservationspulje forsorgelsesydelser investeringsprojekter; do
    for ext in csv parquet ndjson xlsx; do
      "$bin" series "$series" fixtures/minutes -o "$out/series_$series.$ext" -q || true
    done
  done
  "$bin" check fixtures -o "$out/check.csv" -q || true
  "$bin" check fixtures -o "$out/check.parquet" -q || true
  for what in gevinst budget; do
    "$bin" compare "$what" fixtures/minutes -o "$out/compare_$what.parquet" -q || true
    "$bin" compare "$what" fixtures/minutes -o "$out/compare_$what.csv" --csv-dialect excel -q || true
  done
}
outputs "$1" "$work/old" "$3"
outputs "$2" "$work/new" "$3"
diff -r "$work/old" "$work/new" && echo "identical: $(find "$work/new" -type f | wc -l) files"
