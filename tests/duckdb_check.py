#!/usr/bin/env python3
"""Read a Hive-partitioned dataset written by `budgetspor extract --dataset`
with DuckDB and compare it with the single-file output of the same inputs:
row counts, money sums and counts per (table_kind, fiscal_year), and the
total. Prints one line per partition and exits 1 on any difference.

usage: duckdb_check.py DATASET_DIR CELLS.parquet
"""
import sys

import duckdb

dataset, single = sys.argv[1], sys.argv[2]
con = duckdb.connect()
query = """
    SELECT table_kind, CAST(fiscal_year AS BIGINT) AS fiscal_year,
           count(*) AS cells, count(amount_kr) AS amounts,
           coalesce(sum(amount_kr), 0) AS sum_kr
    FROM {source}
    GROUP BY ALL ORDER BY table_kind, fiscal_year NULLS FIRST
"""
parts = con.sql(
    query.format(source=f"read_parquet('{dataset}/**/*.parquet', hive_partitioning = true)")
).fetchall()
whole = con.sql(query.format(source=f"read_parquet('{single}')")).fetchall()
for row in parts:
    print(*row, sep="\t")
total = lambda rows, i: sum(r[i] for r in rows)
print(f"partitions={len(parts)} cells={total(parts, 2)} amounts={total(parts, 3)} sum_kr={total(parts, 4)}")
if parts != whole or not parts:
    print("MISMATCH against the single file:", whole, file=sys.stderr)
    sys.exit(1)
