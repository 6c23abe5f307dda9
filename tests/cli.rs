//! Integration tests: the real binary on the bundled fixtures, its Parquet
//! read back with polars, its exit codes and its messages for bad input.

use polars::prelude::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_budgetspor"))
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/minutes")
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `extract` the bundled minutes to `out` (format by its extension).
fn extract_fixtures(out: &Path) {
    let o = run(&[
        "extract",
        fixtures().to_str().unwrap(),
        "-q",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// The documented output schema: `frame::CELL_COLUMNS`, which a unit
/// test holds to the README's table.
const SCHEMA: [&str; 29] = budgetspor::frame::CELL_COLUMNS;

#[test]
fn fixtures_to_parquet_and_back() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out/cells.parquet");
    let o = run(&[
        "extract",
        fixtures().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("5 documents read, 0 skipped"),
        "{}",
        stderr(&o)
    );

    let df = ParquetReader::new(std::fs::File::open(&out).unwrap())
        .finish()
        .unwrap();
    let names: Vec<&str> = df.get_column_names().iter().map(|n| n.as_str()).collect();
    assert_eq!(names, SCHEMA);
    assert_eq!(df.column("amount_kr").unwrap().dtype(), &DataType::Int64);
    assert_eq!(df.column("doc_date").unwrap().dtype(), &DataType::Date);
    assert_eq!(df.column("as_of").unwrap().dtype(), &DataType::Date);
    assert_eq!(df.column("fiscal_year").unwrap().dtype(), &DataType::Int32);

    // Førtidspension, korrigeret budget 2021: "1.190.839" in 1.000 kr.
    let hit = df
        .clone()
        .lazy()
        .filter(
            col("row_label")
                .eq(lit("Førtidspension"))
                .and(col("measure").eq(lit("korrigeret_budget"))),
        )
        .collect()
        .unwrap();
    assert_eq!(hit.height(), 1);
    assert_eq!(
        hit.column("amount_kr").unwrap().i64().unwrap().get(0),
        Some(1_190_839_000)
    );
    assert_eq!(
        hit.column("fiscal_year").unwrap().i32().unwrap().get(0),
        Some(2021)
    );
    assert_eq!(
        hit.column("row_line").unwrap().u32().unwrap().get(0),
        Some(348)
    );
    assert_eq!(
        hit.column("raw").unwrap().str().unwrap().get(0),
        Some("1.190.839")
    );

    // The seed without table structure gives only its caption list (five
    // amounts, layout "list"), nothing from its prose.
    let sources = df.column("source").unwrap().str().unwrap().clone();
    let layouts = df.column("layout").unwrap().str().unwrap().clone();
    let from_001: Vec<Option<&str>> = (0..sources.len())
        .filter(|&i| sources.get(i).is_some_and(|s| s.contains("001_")))
        .map(|i| layouts.get(i))
        .collect();
    assert_eq!(from_001, vec![Some("list"); 5]);

    // Statistik tables keep their figures but never as money.
    let stat = df
        .lazy()
        .filter(col("table_kind").eq(lit("statistik")))
        .collect()
        .unwrap();
    assert!(stat.height() > 100);
    assert_eq!(
        stat.column("amount_kr").unwrap().null_count(),
        stat.height()
    );
}

#[test]
fn csv_and_parquet_agree() {
    let dir = tempfile::tempdir().unwrap();
    let parquet = dir.path().join("cells.parquet");
    let csv = dir.path().join("cells.csv");
    extract_fixtures(&parquet);
    extract_fixtures(&csv);
    let a = ParquetReader::new(std::fs::File::open(&parquet).unwrap())
        .finish()
        .unwrap();
    let b = CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(None)
        .try_into_reader_with_file_path(Some(csv))
        .unwrap()
        .finish()
        .unwrap();
    assert_eq!(a.height(), b.height());
    let sum_a: i64 = a.column("amount_kr").unwrap().i64().unwrap().sum().unwrap();
    let sum_b: i64 = b.column("amount_kr").unwrap().i64().unwrap().sum().unwrap();
    assert_eq!(sum_a, sum_b);
}

#[test]
fn stdout_csv_and_ndjson() {
    let file = fixtures().join("003_a381528b1bf02542.txt");
    let o = run(&["extract", file.to_str().unwrap(), "-q"]);
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.starts_with("source,doc_date,"));
    assert!(text.contains(",Reservationspulje,Reservationspulje,item,,342,29,,Budget 2025,budget,2025,,118.190,118190.0,118190000\n"), "{text}");

    let dir = tempfile::tempdir().unwrap();
    let nd = dir.path().join("cells.ndjson");
    assert!(run(&[
        "extract",
        file.to_str().unwrap(),
        "-q",
        "-o",
        nd.to_str().unwrap()
    ])
    .status
    .success());
    let lines = std::fs::read_to_string(&nd).unwrap();
    let first: serde_json::Value = serde_json::from_str(lines.lines().next().unwrap()).unwrap();
    assert_eq!(first["table_kind"], "forsorgelsesydelser");
    assert!(first["amount_kr"].is_i64());
}

#[test]
fn files_of_other_kinds_are_named_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("notes.docx");
    std::fs::write(&docx, b"PK\x03\x04rest of a zip").unwrap();
    let other_json = dir.path().join("config.json");
    std::fs::write(&other_json, b"{\"a\": 1}").unwrap();
    let out = dir.path().join("cells.csv");
    let o = run(&[
        "extract",
        docx.to_str().unwrap(),
        other_json.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(3), "{err}");
    for (path, found) in [
        (&docx, "a Word document (.docx)"),
        (
            &other_json,
            "a JSON file that is not an agenda meeting (no \"Dagsordenpunkter\" list)",
        ),
    ] {
        let line = format!(
            "{}: expected minutes (text, Markdown, HTML, PDF or agenda JSON), found {found}; skipped",
            path.display()
        );
        assert!(err.lines().any(|l| l == line), "{line}\n{err}");
    }
}

/// A directory walk says in one line what it passed over, by extension.
#[test]
fn a_walk_counts_the_files_it_passes_over() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixtures().join("003_a381528b1bf02542.txt"),
        dir.path().join("003.txt"),
    )
    .unwrap();
    for name in ["a.docx", "b.docx", "c.xlsx", ".DS_Store"] {
        std::fs::write(dir.path().join(name), b"x").unwrap();
    }
    let out = dir.path().join("cells.csv");
    let o = run(&[
        "extract",
        dir.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.lines().any(|l| l.starts_with(
            "note: passed over 3 files of other types in the directories walked (2 .docx, 1 .xlsx)"
        )),
        "{err}"
    );
}

#[test]
fn html_pages_and_agenda_json_are_read() {
    let real = fixtures().join("../real/greve");
    let out = tempfile::tempdir().unwrap();
    let cells = out.path().join("cells.csv");
    let o = run(&[
        "extract",
        real.join("html").to_str().unwrap(),
        real.join("json").to_str().unwrap(),
        "-o",
        cells.to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("61 documents read, 0 skipped"), "{err}");
    let csv = std::fs::read_to_string(&cells).unwrap();
    // Biler, 4.124 in a "Beløb i 2022 (t.kr.)" table, as a page and as
    // the item of its meeting's JSON: the line of its <tr> each time.
    let biler: Vec<&str> = csv
        .lines()
        .filter(|l| l.contains(",Biler,") && l.ends_with(",4124000"))
        .filter(|l| l.contains(",2022-01-31,Byråd,"))
        .collect();
    assert_eq!(biler.len(), 2, "{biler:?}");
    assert!(biler.iter().all(|l| l.contains(",html,")));
    assert!(biler.iter().any(|l| l.contains(",agenda-json,")));
}

#[test]
fn bad_inputs_are_reported_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    // UTF-8 ("æ") with a stray Latin-1 byte: broken, not a legacy file.
    let bad = dir.path().join("broken.txt");
    std::fs::write(
        &bad,
        [
            &b"REFERAT Udvalg\xC3\xA6 d. 01-02-2021\nF"[..],
            b"\xF8rtidspension\t1.000\n",
        ]
        .concat(),
    )
    .unwrap();
    let binary = dir.path().join("image.txt");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\0\0").unwrap();
    let good = fixtures().join("003_a381528b1bf02542.txt");
    let missing = dir.path().join("missing.txt");
    let out = dir.path().join("cells.csv");
    let args = [
        "extract",
        bad.to_str().unwrap(),
        binary.to_str().unwrap(),
        missing.to_str().unwrap(),
        good.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    let o = run(&args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(3), "{err}");
    // A binary file that is no known kind still says where its NUL is.
    let blob = dir.path().join("blob.txt");
    std::fs::write(&blob, b"Budget\n\n\0\0").unwrap();
    let blob_out = dir.path().join("blob.csv");
    let o2 = run(&[
        "extract",
        blob.to_str().unwrap(),
        "-o",
        blob_out.to_str().unwrap(),
    ]);
    assert!(
        stderr(&o2).contains(&format!(
            "{}:3: expected text, found a NUL byte",
            blob.display()
        )),
        "{}",
        stderr(&o2)
    );
    assert!(
        err.contains(&format!(
            "{}:2: expected UTF-8 text, found invalid byte 0xF8",
            bad.display()
        )),
        "{err}"
    );
    // Told by its first bytes, whatever its name says.
    assert!(
        err.contains(&format!(
            "{}: expected minutes (text, Markdown, HTML, PDF or agenda JSON), found a PNG image; skipped",
            binary.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}: expected a readable file", missing.display())),
        "{err}"
    );
    assert!(err.contains("1 documents read, 3 skipped"), "{err}");
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(
        csv.contains("Førtidspension"),
        "the good file was still processed"
    );

    let mut strict = args.to_vec();
    strict.push("--strict");
    assert_eq!(run(&strict).status.code(), Some(1));
}

#[test]
fn usage_errors_exit_2_and_help_teaches() {
    assert_eq!(run(&["extract"]).status.code(), Some(2));
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
    let help = String::from_utf8(run(&["extract", "--help"]).stdout).unwrap();
    assert!(help.contains("Exit codes"));
    assert!(help.contains("atomically"));
}

#[test]
fn rejects_file_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("t.txt");
    std::fs::write(
        &table,
        "1.000 kr.\tBudget 2024\tRegnskab 2023\nKontanthjælp\t1.23\t5\nSygedagpenge\t2\t3\n",
    )
    .unwrap();
    let rejects = dir.path().join("rejects.csv");
    let o = run(&[
        "extract",
        table.to_str().unwrap(),
        "-q",
        "-o",
        "-",
        "--rejects",
        rejects.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&rejects).unwrap();
    assert!(
        text.contains(",2,1,Budget 2024,1.23,a dot must be followed by exactly three digits"),
        "{text}"
    );
}

/// The tables report lists every table, where its unit is stated, and why
/// a table with figures gave no amount; polars reads it back.
#[test]
fn tables_report_says_where_the_unit_is_and_why_no_amounts() {
    let dir = tempfile::tempdir().unwrap();
    let minutes = dir.path().join("m.txt");
    std::fs::write(
        &minutes,
        "Tabel 1 (1.000 kr.)\n\nUdvalg\tBudget 2024\nØU\t1.200\nKTM\t300\n\nSkoler\n\nSkole\tElever\tKlasser\nA\t312\t14\nB\t280\t12\n",
    )
    .unwrap();
    let tables = dir.path().join("tables.csv");
    let o = run(&[
        "extract",
        minutes.to_str().unwrap(),
        "-q",
        "-o",
        "-",
        "--tables",
        tables.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let df = CsvReadOptions::default()
        .try_into_reader_with_file_path(Some(tables))
        .unwrap()
        .finish()
        .unwrap();
    assert_eq!(df.height(), 2, "{df}");
    let text = |name: &str, row: usize| {
        df.column(name)
            .unwrap()
            .get(row)
            .unwrap()
            .to_string()
            .trim_matches('"')
            .to_string()
    };
    assert_eq!(text("unit_source", 0), "caption");
    assert_eq!(text("amounts", 0), "2");
    assert_eq!(text("table_kind", 1), "statistik");
    assert_eq!(text("amounts", 1), "0");
    assert!(text("note", 1).contains("kept as statistik"), "{df}");
}

#[test]
fn series_compare_and_names_from_minutes_and_from_parquet() {
    let dir = tempfile::tempdir().unwrap();
    let fx = fixtures();
    let cells = dir.path().join("cells.parquet");
    extract_fixtures(&cells);

    // The same series from minutes and from the saved cells.
    let from_minutes = run(&["series", "reservationspulje", fx.to_str().unwrap(), "-q"]);
    let from_parquet = run(&[
        "series",
        "reservationspulje",
        "--from",
        cells.to_str().unwrap(),
        "-q",
    ]);
    assert!(from_minutes.status.success(), "{}", stderr(&from_minutes));
    assert_eq!(from_minutes.stdout, from_parquet.stdout);
    let text = String::from_utf8(from_minutes.stdout).unwrap();
    assert!(text.contains("Reservationspulje,2021,vedtaget_budget,1,Reservationspulje ved Vedtaget budget 2021,2021-10-26,,-27106000"), "{text}");
    assert!(
        text.contains("Reservationspulje,2025,budget,,,2024-08-27,,118190000"),
        "{text}"
    );

    let out = dir.path().join("gevinst.parquet");
    assert!(run(&[
        "compare",
        "gevinst",
        "--from",
        cells.to_str().unwrap(),
        "-o",
        out.to_str().unwrap()
    ])
    .status
    .success());
    let gains = ParquetReader::new(std::fs::File::open(&out).unwrap())
        .finish()
        .unwrap();
    assert_eq!(gains.height(), 12, "six projects at two dates");

    let names = run(&[
        "names",
        fx.to_str().unwrap(),
        "-q",
        "--series",
        "forsorgelsesydelser",
    ]);
    let listing = String::from_utf8(names.stdout).unwrap();
    assert!(
        listing.contains("Handicapkompenserende ydelser  UNSURE"),
        "{listing}"
    );
    assert!(
        listing.contains("\"EGU/FGU\"  fixtures/minutes/000_36e04387dfc35aea.txt:352")
            || listing.contains("\"EGU/FGU\"  "),
        "{listing}"
    );

    // An alias file overrides; --line-item accepts any printed variant.
    let aliases = dir.path().join("aliases.toml");
    std::fs::write(
        &aliases,
        "\"FGU\" = [\"EGU/FGU\", \"Forberedende grunduddannelse (FGU)\"]\n",
    )
    .unwrap();
    let with_aliases = |more: &[&str]| {
        let mut args = vec![
            "series",
            "forsorgelsesydelser",
            "--from",
            cells.to_str().unwrap(),
            "--aliases",
            aliases.to_str().unwrap(),
            "-q",
        ];
        args.extend_from_slice(more);
        run(&args)
    };
    let fgu = with_aliases(&["--line-item", "EGU/FGU", "--latest"]);
    let fgu = String::from_utf8(fgu.stdout).unwrap();
    assert_eq!(
        fgu.lines().count(),
        1 + 3 + 4,
        "header, 2021 x3, 2023-2025 x4: {fgu}"
    );
    assert!(
        fgu.lines()
            .skip(1)
            .all(|l| l.starts_with("forsorgelsesydelser,FGU,")),
        "{fgu}"
    );

    // An alias file that is no alias list: its path and the line, what was
    // expected and what was found, exit 1.
    std::fs::write(&aliases, "\"FGU\" = [\"EGU/FGU\"]\nEGU = \"FGU\"\n").unwrap();
    let o = with_aliases(&[]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.starts_with(&format!(
            "{}:2: expected TOML of the form \"Canonical name\" = [\"variant\", …], found invalid type: string",
            aliases.display()
        )),
        "{err}"
    );

    // A --from file that is not a cells table is an error with the path.
    let o = run(&[
        "series",
        "reservationspulje",
        "--from",
        fx.join("003_a381528b1bf02542.txt").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(
            "expected a Parquet or CSV file written by `budgetspor extract`, found no column \"source\""
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn check_reports_rounding_and_mismatches() {
    let o = run(&["check", fixtures().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("130 checks: 113 exact, 17 within rounding, 0 mismatches"),
        "{}",
        stderr(&o)
    );

    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.txt");
    std::fs::write(
        &broken,
        "REFERAT U d. 26-10-2021\n1.000 kr.\tKorrigeret budget 2021\nA\t100\nB\t200\nI alt\t310\n",
    )
    .unwrap();
    let o = run(&["check", broken.to_str().unwrap(), "--fail-on-mismatch"]);
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.contains(",5,1,row_sum,I alt,Korrigeret budget 2021,300000,310000,2000,mismatch,"),
        "{text}"
    );
}

#[test]
fn compare_budget_wide_series_and_datapackage() {
    let dir = tempfile::tempdir().unwrap();
    let fx = fixtures();
    let cells = dir.path().join("out/cells.parquet");
    let o = run(&[
        "extract",
        fx.to_str().unwrap(),
        "-q",
        "-o",
        cells.to_str().unwrap(),
        "--datapackage",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let package: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/datapackage.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(package["resources"][0]["path"], "cells.parquet");
    let fields = package["resources"][0]["schema"]["fields"]
        .as_array()
        .unwrap();
    assert_eq!(fields.len(), SCHEMA.len());
    let amount = fields.iter().find(|f| f["name"] == "amount_kr").unwrap();
    assert_eq!(
        (amount["type"].as_str(), amount["currency"].as_str()),
        (Some("integer"), Some("DKK"))
    );
    assert_eq!(package["budgetspor"]["phases"]["regnskab"], "executed");

    let budget = run(&["compare", "budget", "--from", cells.to_str().unwrap()]);
    let text = String::from_utf8(budget.stdout).unwrap();
    assert!(
        text.contains("Førtidspension,2021,2021-10-26,,1190839000,,1189952000,,korrigeret_budget,forventet_regnskab,887000,"),
        "{text}"
    );
    let o = run(&[
        "compare",
        "budget",
        "--from",
        cells.to_str().unwrap(),
        "--datapackage",
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "a data package needs an output file"
    );

    let wide = run(&[
        "series",
        "forsorgelsesydelser",
        "--from",
        cells.to_str().unwrap(),
        "--wide",
        "-q",
    ]);
    let text = String::from_utf8(wide.stdout).unwrap();
    let header = text.lines().next().unwrap();
    assert!(header.starts_with("line_item,2021 korrigeret_budget,2021 forventet_regnskab,2021 afvigelse,2023 regnskab,"), "{header}");
    assert!(
        text.contains("\nFørtidspension,1190839000,1189952000,887000,1424197000,"),
        "{text}"
    );
}

#[test]
fn run_lists_checks_in_source_order_whatever_order_files_are_named_in() {
    // In path order check.csv is written batch by batch; named the other
    // way round its results are kept and sorted at the end. Both give one
    // pass's order, by source then table.
    let dir = tempfile::tempdir().unwrap();
    let mut files: Vec<String> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut check_csvs = Vec::new();
    for (name, order) in [
        ("in_order", files.clone()),
        ("reversed", files.iter().rev().cloned().collect()),
    ] {
        let out = dir.path().join(name);
        let mut args = vec!["run", "-q", "--out", out.to_str().unwrap()];
        args.extend(order.iter().map(String::as_str));
        let o = run(&args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        check_csvs.push(std::fs::read_to_string(out.join("check.csv")).unwrap());
    }
    assert_eq!(
        check_csvs[0].lines().count(),
        131,
        "a header and 130 checks"
    );
    assert_eq!(check_csvs[0], check_csvs[1]);
    let sources: Vec<&str> = check_csvs[0]
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert!(sources.windows(2).all(|w| w[0] <= w[1]), "{sources:?}");
}

#[test]
fn run_does_the_whole_job() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = run(&[
        "run",
        fixtures().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("checks: 130 (113 exact, 17 within rounding, 0 mismatches)"),
        "{err}"
    );
    for file in [
        "cells.parquet",
        "rejects.csv",
        "check.csv",
        "series/reservationspulje.parquet",
        "series/forsorgelsesydelser.parquet",
        "series/investeringsprojekter.parquet",
        "compare/gevinst.parquet",
        "compare/budget.parquet",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    let pulje = ParquetReader::new(
        std::fs::File::open(out.join("series/reservationspulje.parquet")).unwrap(),
    )
    .finish()
    .unwrap();
    assert_eq!(pulje.height(), 15);
    // Streamed to the file batch by batch, as `extract` writes it.
    let cells = ParquetReader::new(std::fs::File::open(out.join("cells.parquet")).unwrap())
        .finish()
        .unwrap();
    assert_eq!(cells.height(), 906);

    // Only unreadable inputs: each reported, and nothing written, not even
    // an empty cells file or a temporary one.
    let bad = dir.path().join("bad");
    std::fs::create_dir(&bad).unwrap();
    std::fs::write(bad.join("blob.txt"), b"\0\x01binary\0").unwrap();
    let fresh = dir.path().join("fresh");
    let o = run(&[
        "run",
        bad.to_str().unwrap(),
        "--out",
        fresh.to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("blob.txt:1: expected text"), "{err}");
    assert!(err.contains("expected minutes to read"), "{err}");
    let left: Vec<_> = std::fs::read_dir(&fresh)
        .map(|d| d.filter_map(Result::ok).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "{left:?}");

    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let o = run(&[
        "run",
        empty.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("expected minutes to read"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn legacy_encodings_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixtures().join("003_a381528b1bf02542.txt")).unwrap();
    // Windows-1252: every character of this fixture exists there.
    let cp1252: Vec<u8> = text
        .chars()
        .map(|c| match c {
            '–' => 0x96,
            '’' => 0x92,
            '”' | '“' => 0x94,
            '…' => 0x85,
            c if (c as u32) < 0x100 => c as u32 as u8,
            c => panic!("{c:?} has no Windows-1252 byte in this test"),
        })
        .collect();
    let legacy = dir.path().join("003_cp1252.txt");
    std::fs::write(&legacy, cp1252).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let wide = dir.path().join("003_utf16.txt");
    std::fs::write(&wide, utf16).unwrap();
    let outputs: Vec<String> = [fixtures().join("003_a381528b1bf02542.txt"), legacy, wide]
        .iter()
        .map(|p| String::from_utf8(run(&["extract", p.to_str().unwrap(), "-q"]).stdout).unwrap())
        .collect();
    // Same cells apart from source and encoding.
    let strip = |csv: &str| -> Vec<String> {
        csv.lines()
            .skip(1)
            .map(|l| l.splitn(5, ',').skip(4).collect::<String>())
            .collect()
    };
    assert!(
        outputs[1].contains(",windows-1252,"),
        "{}",
        &outputs[1][..300]
    );
    assert!(outputs[2].contains(",utf-16le,"));
    assert_eq!(strip(&outputs[0]).len(), 246);
    assert_eq!(strip(&outputs[0]), strip(&outputs[1]));
    assert_eq!(strip(&outputs[0]), strip(&outputs[2]));
}

#[test]
fn from_reads_the_csv_that_extract_writes() {
    let dir = tempfile::tempdir().unwrap();
    let fx = fixtures();
    let csv = dir.path().join("cells.csv");
    extract_fixtures(&csv);
    for command in [
        &["series", "forsorgelsesydelser"][..],
        &["compare", "budget"][..],
        &["check", "--all"][..],
    ] {
        let from_minutes = run(&[command, &[fx.to_str().unwrap(), "-q"]].concat());
        let from_csv = run(&[command, &["--from", csv.to_str().unwrap(), "-q"]].concat());
        assert!(from_csv.status.success(), "{}", stderr(&from_csv));
        assert!(!from_csv.stdout.is_empty());
        assert_eq!(from_minutes.stdout, from_csv.stdout, "{command:?}");
    }
    // Not a cells table: one line saying what was found.
    let other = dir.path().join("other.csv");
    std::fs::write(&other, "a,b\n1,2\n").unwrap();
    let o = run(&[
        "series",
        "reservationspulje",
        "--from",
        other.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.trim_end()
            .ends_with("found no column \"source\" (columns: a, b)"),
        "{err}"
    );
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
}

/// A row label that a spreadsheet would run as a formula, and a negative
/// label, as `extract --csv-dialect excel` writes them: `;`, decimal
/// comma, BOM, CRLF, and such text cells prefixed with `'`. The default
/// CSV keeps them verbatim. Read back with polars in the dialect.
#[test]
fn excel_csv_keeps_formulas_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let minutes = dir.path().join("injection.txt");
    std::fs::write(
        &minutes,
        "Beløb i 1.000 kr.\nUdvalg\tBudget 2024\n=HYPERLINK(\"http://x\",\"Førtidspension\")\t1.589.766\n-Serviceudgifter\t-27.106\n",
    )
    .unwrap();
    let excel = dir.path().join("excel.csv");
    let plain = dir.path().join("plain.csv");
    for (out, dialect) in [(&excel, "excel"), (&plain, "machine")] {
        let o = run(&[
            "extract",
            minutes.to_str().unwrap(),
            "-q",
            "--csv-dialect",
            dialect,
            "-o",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let bytes = std::fs::read(&excel).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFsource;doc_date;"));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(
        text.lines().count() == 3 && text.split('\n').all(|l| l.is_empty() || l.ends_with('\r'))
    );
    assert!(
        text.contains(";\"'=HYPERLINK(\"\"http://x\"\",\"\"Førtidspension\"\")\";"),
        "{text}"
    );
    assert!(text.contains(";'-Serviceudgifter;"), "{text}");
    let plain_text = std::fs::read_to_string(&plain).unwrap();
    assert!(plain_text.contains(",\"=HYPERLINK(\"\"http://x\"\",\"\"Førtidspension\"\")\","));
    let df = CsvReadOptions::default()
        .with_has_header(true)
        .with_parse_options(
            CsvParseOptions::default()
                .with_separator(b';')
                .with_decimal_comma(true),
        )
        .try_into_reader_with_file_path(Some(excel))
        .unwrap()
        .finish()
        .unwrap();
    let labels: Vec<&str> = df
        .column("row_label")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .flatten()
        .collect();
    assert_eq!(
        labels,
        [
            "'=HYPERLINK(\"http://x\",\"Førtidspension\")",
            "'-Serviceudgifter"
        ]
    );
    let amounts: Vec<i64> = df
        .column("amount_kr")
        .unwrap()
        .i64()
        .unwrap()
        .iter()
        .flatten()
        .collect();
    assert_eq!(amounts, [1_589_766_000, -27_106_000]);
    let values: Vec<f64> = df
        .column("value")
        .unwrap()
        .f64()
        .unwrap()
        .iter()
        .flatten()
        .collect();
    assert_eq!(values, [1_589_766.0, -27_106.0]);
}
