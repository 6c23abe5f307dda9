//! The seeds' gold cells, enforced by the project's own suite: every gold
//! cell found at its line with the same amount (recall), with the same
//! fiscal year, measure and as-of date (semantics), with the same row label,
//! and no other amount on a gold row (false). The same scoring as
//! `shared/score.py`, so the suite does not depend on anything outside the
//! repository.

#[path = "common/csv.rs"]
mod csv;

use budgetspor_core::relayout::{relayout, Layout};
use budgetspor_core::{extract_bytes, Cell};
use budgetspor_core::{recognize, MAX_LINE_BYTES};
use std::collections::HashMap;
use std::path::Path;

struct Gold {
    source: String,
    row_line: u32,
    row_label: String,
    measure: String,
    fiscal_year: Option<i32>,
    as_of: String,
    amount_kr: i64,
}

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures")
}

fn load_gold() -> Vec<Gold> {
    let text = std::fs::read_to_string(fixtures().join("expected/seeds_cells.csv")).unwrap();
    text.lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let f = csv::parse_csv_line(l);
            Gold {
                source: f[0].clone(),
                row_line: f[1].parse().unwrap(),
                row_label: f[2].clone(),
                measure: f[4].clone(),
                fiscal_year: f[5].parse().ok(),
                as_of: f[6].clone(),
                amount_kr: f[7].parse().unwrap(),
            }
        })
        .collect()
}

fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text to Windows-1252 bytes, '?' for what it cannot hold (symbols in
/// prose such as "●", never in the gold cells).
fn to_windows_1252(text: &str) -> Vec<u8> {
    const HIGH: &[(char, u8)] = &[
        ('€', 0x80),
        ('‚', 0x82),
        ('„', 0x84),
        ('…', 0x85),
        ('‘', 0x91),
        ('’', 0x92),
        ('“', 0x93),
        ('”', 0x94),
        ('•', 0x95),
        ('–', 0x96),
        ('—', 0x97),
    ];
    text.chars()
        .map(|c| match HIGH.iter().find(|(h, _)| *h == c) {
            Some((_, b)) => *b,
            None if (c as u32) < 0x100 && !(0x80..0xA0).contains(&(c as u32)) => c as u32 as u8,
            None => b'?',
        })
        .collect()
}

#[test]
fn seeds_match_gold_cells() {
    score_seeds(|bytes| bytes.to_vec(), "utf-8");
}

#[test]
fn windows_1252_copies_match_gold_cells() {
    score_seeds(
        |bytes| to_windows_1252(std::str::from_utf8(bytes).unwrap()),
        "windows-1252",
    );
}

/// The same minutes with every tab-separated table written in `layout`,
/// line for line.
fn relayout_bytes(bytes: &[u8], layout: Layout) -> Vec<u8> {
    relayout(std::str::from_utf8(bytes).unwrap(), layout).into_bytes()
}

fn to_pipes(bytes: &[u8]) -> Vec<u8> {
    relayout_bytes(bytes, Layout::Pipe)
}

fn to_aligned(bytes: &[u8]) -> Vec<u8> {
    relayout_bytes(bytes, Layout::Aligned)
}

#[test]
fn aligned_copies_match_gold_cells() {
    score_seeds(to_aligned, "utf-8");
}

#[test]
fn pipe_copies_match_gold_cells() {
    score_seeds(to_pipes, "utf-8");
}

/// Extract every fixture, re-encoded by `encode`, and score it against the
/// gold cells.
fn score_seeds(encode: impl Fn(&[u8]) -> Vec<u8>, encoding: &str) {
    let gold = load_gold();
    assert_eq!(gold.len(), 406);
    let mut by_row: HashMap<(String, u32), Vec<Cell>> = HashMap::new();
    let dir = fixtures().join("minutes");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    for name in names {
        let name = name.to_string_lossy().to_string();
        let doc = extract_bytes(&encode(&std::fs::read(dir.join(&name)).unwrap())).unwrap();
        assert_eq!(doc.encoding, encoding, "{name}");
        for cell in doc.cells.into_iter().filter(|c| c.amount_kr.is_some()) {
            by_row
                .entry((name.clone(), cell.row_line))
                .or_default()
                .push(cell);
        }
    }
    let mut problems = Vec::new();
    let (mut found, mut sem_ok, mut label_ok) = (0, 0, 0);
    for g in &gold {
        let candidates: Vec<&Cell> = by_row
            .get(&(g.source.clone(), g.row_line))
            .map(|cells| {
                cells
                    .iter()
                    .filter(|c| c.amount_kr == Some(g.amount_kr))
                    .collect()
            })
            .unwrap_or_default();
        if candidates.is_empty() {
            problems.push(format!(
                "MISS {}:{} {} {}",
                g.source, g.row_line, g.row_label, g.amount_kr
            ));
            continue;
        }
        found += 1;
        let semantic = |c: &&Cell| {
            c.fiscal_year == g.fiscal_year
                && (g.measure == "*" || c.measure.as_str() == g.measure)
                && c.as_of.map(|d| d.to_string()).unwrap_or_default() == g.as_of
        };
        if candidates.iter().any(semantic) {
            sem_ok += 1;
        } else {
            let c = candidates[0];
            problems.push(format!(
                "SEM {}:{} {:?}: gold {} {:?} {:?}, got {} {:?} {:?}",
                g.source,
                g.row_line,
                g.row_label,
                g.measure,
                g.fiscal_year,
                g.as_of,
                c.measure,
                c.fiscal_year,
                c.as_of
            ));
        }
        if candidates
            .iter()
            .any(|c| fold(&c.row_label) == fold(&g.row_label))
        {
            label_ok += 1;
        } else {
            problems.push(format!(
                "LABEL {}:{} gold {:?} got {:?}",
                g.source, g.row_line, g.row_label, candidates[0].row_label
            ));
        }
    }
    // False amounts: output amounts at gold rows that no gold cell accounts for.
    let mut gold_rows: HashMap<(String, u32), Vec<i64>> = HashMap::new();
    for g in &gold {
        gold_rows
            .entry((g.source.clone(), g.row_line))
            .or_default()
            .push(g.amount_kr);
    }
    for (key, cells) in &by_row {
        if let Some(amounts) = gold_rows.get(key) {
            let mut left = amounts.clone();
            for c in cells {
                let a = c.amount_kr.unwrap();
                match left.iter().position(|x| *x == a) {
                    Some(p) => {
                        left.swap_remove(p);
                    }
                    None => problems.push(format!(
                        "FALSE {}:{} {:?} {} {}",
                        key.0, key.1, c.row_label, c.column_label, a
                    )),
                }
            }
        }
    }
    let n = gold.len();
    eprintln!("recall={found}/{n} sem={sem_ok}/{found} label={label_ok}/{found}");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// What a cell says, without how it was laid out: line, label, column,
/// amount, measure, year, as-of date and unit.
fn meaning(doc: &budgetspor_core::Document) -> Vec<String> {
    let mut cells: Vec<String> = doc
        .cells
        .iter()
        .map(|c| {
            format!(
                "{}|{}|{}|{:?}|{}|{:?}|{:?}|{:?}|{:?}",
                c.row_line,
                fold(&c.row_label),
                fold(&c.column_label),
                c.amount_kr,
                c.measure.as_str(),
                c.fiscal_year,
                c.as_of,
                c.unit,
                doc.tables[c.table_index].kind
            )
        })
        .collect();
    cells.sort();
    cells
}

/// Beyond the gold cells: every cell of every fixture, amounts or not,
/// reads the same in each layout and encoding.
#[test]
fn every_variant_extracts_the_same_cells() {
    let dir = fixtures().join("minutes");
    type Variant = fn(&[u8]) -> Vec<u8>;
    let variants: [(&str, Variant); 3] = [
        ("pipe", to_pipes),
        ("aligned", to_aligned),
        ("windows-1252", |b| {
            to_windows_1252(std::str::from_utf8(b).unwrap())
        }),
    ];
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let original = meaning(&extract_bytes(&bytes).unwrap());
        for (name, variant) in variants {
            let other = meaning(&extract_bytes(&variant(&bytes)).unwrap());
            let missing: Vec<_> = original.iter().filter(|c| !other.contains(c)).collect();
            let extra: Vec<_> = other.iter().filter(|c| !original.contains(c)).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{} as {name}: missing {missing:#?}\nextra {extra:#?}",
                path.display()
            );
        }
    }
}

/// The aligned copies of the minutes: searching from the first data row
/// (as extraction does) finds the same tables as searching every line.
#[test]
fn aligned_tables_from_the_first_data_row_are_all_of_them() {
    let dir = fixtures().join("minutes");
    let mut searched = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let bytes = to_aligned(&std::fs::read(entry.unwrap().path()).unwrap());
        let text = std::str::from_utf8(&bytes).unwrap();
        let lines: Vec<&str> = text.split('\n').collect();
        let Some(first) = recognize::first_aligned_data_row(text, MAX_LINE_BYTES) else {
            continue;
        };
        assert!(first > 0, "prose comes before the first table");
        let all = recognize::aligned_tables(&lines);
        assert!(!all.is_empty());
        assert_eq!(recognize::aligned_tables_from(&lines, first), all);
        searched += 1;
    }
    // Minutes 002 hold no tab-separated table to relayout.
    assert_eq!(searched, 4, "the other four fixtures have aligned tables");
}
