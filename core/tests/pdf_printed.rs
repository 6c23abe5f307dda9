//! Minutes printed to PDF as users get them, read with positions
//! (`pdftotext -bbox-layout`, then `source::pdf`), scored on the gold of
//! the documents they were printed from: the five Odense minutes and the
//! 34 Greve agenda pages, each printed by headless Chromium and by
//! LibreOffice (`fixtures/pdf/`, made by `scripts/print_pdfs.py`).
//!
//! The floors are what the reader reaches today: a change that loses
//! ground fails here. On the Greve pages a wrong amount (one the gold does
//! not have) always fails; the Odense gold covers some tables only, so
//! there the PDF may give no amount its text original does not give.
//!
//! Needs poppler-utils: skipped with a note locally when `pdftotext` is
//! missing, a failure under CI=true (.ci/run installs it).

#[path = "common/csv.rs"]
mod csv;
#[path = "common/pdftotext.rs"]
mod pdftotext;
#[path = "common/score.rs"]
mod scoring;

use budgetspor_core::source::{extract_file, pdf};
use budgetspor_core::Document;
use pdftotext::have_pdftotext;
use scoring::{found, Found, Score};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

/// Every PDF of a directory read with positions, by file stem.
fn read_pdfs(dir: &str) -> Vec<(String, Document)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures/pdf").join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no PDFs in {dir}");
    paths
        .iter()
        .map(|path| {
            let out = Command::new("pdftotext")
                .args(["-bbox-layout", "-enc", "UTF-8"])
                .arg(path)
                .arg("-")
                .output()
                .unwrap();
            assert!(out.status.success(), "{}", path.display());
            let xhtml = String::from_utf8(out.stdout).unwrap();
            (stem(path), pdf::extract_bbox(&xhtml))
        })
        .collect()
}

fn by_doc(docs: &[(String, Document)]) -> HashMap<String, Vec<Found>> {
    docs.iter()
        .map(|(stem, doc)| (stem.clone(), doc.cells.iter().filter_map(found).collect()))
        .collect()
}

/// The amounts of each document as a multiset.
fn amounts(docs: &[(String, Document)]) -> HashMap<String, HashMap<i64, usize>> {
    docs.iter()
        .map(|(stem, doc)| {
            let mut pool = HashMap::new();
            for amount in doc.cells.iter().filter_map(|c| c.amount_kr) {
                *pool.entry(amount).or_default() += 1;
            }
            (stem.clone(), pool)
        })
        .collect()
}

fn seeds(printer: &str) -> (Score, usize) {
    let pdfs = read_pdfs(&format!("{printer}/seeds"));
    let score = scoring::score(
        &root().join("fixtures/expected/seeds_cells.csv"),
        &by_doc(&pdfs),
    );
    // The text originals, read as text.
    let texts: Vec<(String, Document)> = pdfs
        .iter()
        .map(|(stem, _)| {
            let path = root().join("fixtures/minutes").join(format!("{stem}.txt"));
            let doc = extract_file(&std::fs::read(&path).unwrap(), Some("txt")).unwrap();
            (stem.clone(), doc)
        })
        .collect();
    let text_amounts = amounts(&texts);
    let mut beyond = 0;
    for (stem, pool) in amounts(&pdfs) {
        for (amount, n) in pool {
            let there = text_amounts[&stem].get(&amount).copied().unwrap_or(0);
            beyond += n.saturating_sub(there);
        }
    }
    (score, beyond)
}

fn greve(printer: &str) -> Score {
    let pdfs = read_pdfs(&format!("{printer}/greve"));
    scoring::score(&root().join("fixtures/real/greve/gold.csv"), &by_doc(&pdfs))
}

fn assert_at_least(score: &Score, amount: f64, label: f64, sem: f64) {
    assert!(score.amount >= amount, "amount: {score:?}");
    assert!(score.label >= label, "label: {score:?}");
    assert!(score.sem >= sem, "sem: {score:?}");
}

/// The Odense minutes printed by `printer`: no amount beyond what their
/// text originals give, and at least these scores.
fn seeds_hold(printer: &str, amount: f64, label: f64, sem: f64) {
    if !have_pdftotext() {
        return;
    }
    let (score, beyond) = seeds(printer);
    eprintln!("{printer} seeds: {score:?}, {beyond} beyond the text");
    assert_eq!(beyond, 0, "no amount the text originals do not give");
    assert_at_least(&score, amount, label, sem);
}

/// The Greve pages printed by `printer`: no amount outside the gold, and
/// at least these scores.
fn greve_holds(printer: &str, amount: f64, label: f64, sem: f64) {
    if !have_pdftotext() {
        return;
    }
    let score = greve(printer);
    eprintln!("{printer} greve: {score:?}");
    assert_eq!(
        score.false_amounts, 0,
        "no amount outside the gold: {score:?}"
    );
    assert_at_least(&score, amount, label, sem);
}

#[test]
fn odense_minutes_printed_by_chromium() {
    seeds_hold("chromium", 1.0, 0.99, 0.99);
}

#[test]
fn odense_minutes_printed_by_libreoffice() {
    seeds_hold("libreoffice", 1.0, 0.99, 0.99);
}

#[test]
fn greve_pages_printed_by_chromium() {
    greve_holds("chromium", 0.98, 0.97, 0.97);
}

#[test]
fn greve_pages_printed_by_libreoffice() {
    greve_holds("libreoffice", 0.98, 0.97, 0.97);
}

/// The same pages on A5 paper: narrow columns wrap and justify their
/// cells and run figures together. No goal of the issue; the floors hold
/// what is read today.
#[test]
fn odense_minutes_printed_on_a5() {
    seeds_hold("chromium-a5", 1.0, 0.99, 0.99);
}

#[test]
fn greve_pages_printed_on_a5() {
    greve_holds("chromium-a5", 0.975, 0.955, 0.97);
}
