//! The Excel workbooks read back with calamine, as a spreadsheet reads
//! them: `run`'s budgetspor.xlsx on the bundled minutes, and
//! `--format xlsx` of a document whose row label looks like a formula.

use calamine::{open_workbook, Data, Reader, Xlsx};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn budgetspor(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_budgetspor"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A sheet as rows of cells, the header first.
fn sheet(path: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range.rows().map(<[Data]>::to_vec).collect()
}

/// The rows of a sheet as maps from header to cell.
fn records(path: &Path, name: &str) -> Vec<std::collections::HashMap<String, Data>> {
    let rows = sheet(path, name);
    let header: Vec<String> = rows[0].iter().map(|h| h.to_string()).collect();
    rows[1..]
        .iter()
        .map(|r| header.iter().cloned().zip(r.iter().cloned()).collect())
        .collect()
}

fn no_formulas(path: &Path) {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    for name in book.sheet_names() {
        let formulas = book.worksheet_formula(&name).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{name} has a formula"
        );
    }
}

fn run_workbook(out: &Path) -> PathBuf {
    let o = budgetspor(&["run", "--out", out.to_str().unwrap(), "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    out.join("budgetspor.xlsx")
}

#[test]
fn run_writes_a_workbook_of_numbers_dates_and_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = run_workbook(dir.path());
    let book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Reservationspulje",
            "Forsørgelsesydelser",
            "Budget og resultat",
            "Gevinster",
            "Kontroller",
            "Celler",
            "Kilder"
        ]
    );
    no_formulas(&path);
    // Førtidspension 2024, vedtaget budget, as a number of kroner.
    let wide = records(&path, "Forsørgelsesydelser");
    let row = wide
        .iter()
        .find(|r| r["Linje"] == Data::String("Førtidspension".into()))
        .expect("Førtidspension");
    assert_eq!(row["2024 vedtaget_budget"], Data::Float(1_589_766_000.0));
    // The reservationspulje's 2021 forventet regnskab, and its date a date.
    let pulje = records(&path, "Reservationspulje");
    let expected = pulje.iter().find(|r| {
        r["Regnskabsår"] == Data::Float(2021.0)
            && r["Mål"] == Data::String("forventet_regnskab".into())
            && r["Beløb (kr.)"] == Data::Float(159_082_000.0)
    });
    let expected = expected.expect("2021 forventet regnskab 159.082.000");
    assert_eq!(expected["Beløb (mio. kr.)"], Data::Float(159.082));
    assert!(
        matches!(expected["Opgjort"], Data::DateTime(_)),
        "{:?}",
        expected["Opgjort"]
    );
    assert!(matches!(expected["Kilde"], Data::String(_)));
    // Every check, as check.csv has them.
    assert_eq!(records(&path, "Kontroller").len(), 130);
    // The cells with their provenance, and the sources.
    let cells = records(&path, "Celler");
    assert_eq!(cells.len(), 906);
    assert!(cells
        .iter()
        .all(|c| matches!(c["Kilde"], Data::String(_))
            && matches!(c["Linje i kilden"], Data::Float(_))));
    // A row per file and agenda item: the five minutes, 15 items.
    let sources = records(&path, "Kilder");
    assert_eq!(sources.len(), 15);
    let mut files: Vec<String> = sources.iter().map(|s| s["Kilde"].to_string()).collect();
    files.dedup();
    assert_eq!(files.len(), 5);
    // The same minutes give the same bytes.
    let again = tempfile::tempdir().unwrap();
    assert_eq!(
        std::fs::read(&path).unwrap(),
        std::fs::read(run_workbook(again.path())).unwrap()
    );
}

#[test]
fn a_label_that_looks_like_a_formula_stays_text() {
    let dir = tempfile::tempdir().unwrap();
    let minutes = dir.path().join("injection.txt");
    std::fs::write(
        &minutes,
        "Beløb i 1.000 kr.\nUdvalg\tBudget 2024\n=HYPERLINK(\"http://x\",\"Førtidspension\")\t1.589.766\n",
    )
    .unwrap();
    let out = dir.path().join("cells.xlsx");
    let o = budgetspor(&[
        "extract",
        minutes.to_str().unwrap(),
        "-q",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    no_formulas(&out);
    let rows = records(&out, "Data");
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0]["row_label"],
        Data::String("=HYPERLINK(\"http://x\",\"Førtidspension\")".into())
    );
    assert_eq!(rows[0]["amount_kr"], Data::Float(1_589_766_000.0));
}

/// Whether LibreOffice can open a workbook here; under CI=true it must.
fn have_calc() -> bool {
    let found = Command::new("soffice").arg("--version").output().is_ok()
        && Path::new("/usr/lib/libreoffice/program/libscdlo.so").exists();
    if !found {
        assert!(
            std::env::var("CI").is_err(),
            "LibreOffice Calc missing under CI: .ci/run should install libreoffice-calc-nogui"
        );
        eprintln!("skipped: LibreOffice Calc (libreoffice-calc-nogui) is not installed");
    }
    found
}

/// LibreOffice Calc opens `run`'s workbook and turns each sheet into CSV
/// with the same figures: a second reader besides calamine.
#[test]
fn libreoffice_reads_the_workbook() {
    if !have_calc() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = run_workbook(&dir.path().join("out"));
    let csv = dir.path().join("csv");
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.path().join("profile").display()
    );
    // Comma-separated, UTF-8, every sheet: StarCalc's filter options.
    let o = Command::new("soffice")
        .args([profile.as_str(), "--headless", "--convert-to"])
        .arg("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1")
        .arg("--outdir")
        .arg(&csv)
        .arg(&path)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let read =
        |sheet: &str| std::fs::read_to_string(csv.join(format!("budgetspor-{sheet}.csv"))).unwrap();
    assert_eq!(read("Kontroller").lines().count(), 1 + 130);
    let pulje = read("Reservationspulje");
    assert!(pulje.starts_with("Serie,Linje,Regnskabsår,Mål,"), "{pulje}");
    assert!(pulje
        .lines()
        .any(|l| l.contains(",2021,forventet_regnskab,") && l.contains(",159082000,159.082,")));
    let wide = read("Forsørgelsesydelser");
    let header: Vec<&str> = wide.lines().next().unwrap().split(',').collect();
    let column = header
        .iter()
        .position(|h| *h == "2024 vedtaget_budget")
        .unwrap();
    let row = wide
        .lines()
        .find(|l| l.starts_with("Førtidspension,"))
        .unwrap();
    assert_eq!(row.split(',').nth(column), Some("1589766000"));
}
