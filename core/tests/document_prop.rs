//! The fuzz targets' properties in the ordinary test suite: any bytes, and
//! any jumble of table-like lines (tabs, pipes, column gaps, Danish
//! numbers, years, units, captions, prose), go through the whole document
//! path without a panic, every cell pointing at a line of the input, and
//! the arithmetic on the cells (checks, series, comparisons) without an
//! overflow. Also replays the fuzz corpora kept in `fuzz/corpus/`.

#[path = "common/arithmetic.rs"]
mod arithmetic;

use arithmetic::arithmetic;
use budgetspor_core::tidy::TidyCell;
use budgetspor_core::{extract_bytes, extract_text, tidy};
use proptest::prelude::*;

fn check(bytes: &[u8]) {
    if let Ok(doc) = extract_bytes(bytes) {
        // Lines as the user sees them: after decoding, CR and CRLF are
        // line ends too.
        let text = budgetspor_core::decode(bytes).expect("decoded once").text;
        let lines = text.split('\n').count() as u32;
        for cell in &doc.cells {
            assert!(cell.row_line >= 1 && cell.row_line <= lines + 1);
            assert!(cell.table_index < doc.tables.len());
            if let Some(kr) = cell.amount_kr {
                assert!(cell.unit.is_some(), "money has a unit: {kr}");
            }
        }
        let cells: Vec<TidyCell> = tidy::flatten("prop", &doc).collect();
        arithmetic(&cells);
    }
}

const PIECES: &[&str] = &[
    "Kontanthjælp",
    "1.000 kr.",
    "mio. kr.",
    "Vedtaget budget",
    "Forventet regnskab",
    "2024",
    "-27.106",
    "1.190.839",
    "-2.093,8",
    "12,5 %",
    "-",
    "I alt",
    "<b>Samlet</b>",
    "26/10",
    "Nr.",
    "Punkt 3: Budget",
    "REFERAT Udvalg d. 01-02-2021",
    "Det blev besluttet.",
    "",
    "÷4.896",
    "(1.234)",
    "\u{a0}",
];
const SEPARATORS: &[&str] = &["\t", " | ", "|", "  ", "      ", " "];

fn line() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        (
            proptest::sample::select(PIECES),
            proptest::sample::select(SEPARATORS),
        ),
        0..7,
    )
    .prop_map(|parts| parts.into_iter().map(|(p, s)| format!("{p}{s}")).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]
    #[test]
    fn any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        check(&bytes);
    }

    #[test]
    fn table_like_lines(lines in proptest::collection::vec(line(), 0..30)) {
        let text = lines.join("\n");
        check(text.as_bytes());
        let _ = extract_text(&text);
    }
}

#[test]
fn fuzz_corpora_replay() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus");
    let mut replayed = 0;
    for target in ["document", "number"] {
        let Ok(entries) = std::fs::read_dir(root.join(target)) else {
            continue;
        };
        for entry in entries {
            // A running fuzzer may replace corpus files meanwhile.
            let Ok(bytes) = std::fs::read(entry.unwrap().path()) else {
                continue;
            };
            check(&bytes);
            if let Ok(text) = std::str::from_utf8(&bytes) {
                let _ = budgetspor_core::number::parse_number(text);
            }
            replayed += 1;
        }
    }
    assert!(
        replayed >= 50,
        "the corpora are in the repository: {replayed}"
    );
}
