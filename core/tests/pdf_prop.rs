//! Property tests of the PDF source (`source::pdf`): words placed anywhere
//! (off the page, overlapping, of no width) never make it panic, and what
//! comes out is consistent (`common/pdf.rs`); a bordered table laid out as
//! Chromium and LibreOffice print one — labels left-aligned, figures
//! right-aligned in their columns, padded rows, labels wrapped over two
//! lines, a header over two lines — is read back cell for cell. The fuzz
//! target `pdf` runs the same checks unguided; its corpus (with the input
//! it once found a panic with: a word whose text ran into other markup) is
//! replayed here.

#[path = "common/pdf.rs"]
mod pdf_check;

use budgetspor_core::source::pdf::{self, PdfPage, Word};
use pdf_check::{check, check_pages};
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Budget".to_string()),
        Just("2024".to_string()),
        Just("1.000".to_string()),
        Just("kr.".to_string()),
        Just("-3.375.048".to_string()),
        Just("0".to_string()),
        Just("I alt".to_string()),
        Just("Side 1 af 3".to_string()),
        Just("ressourcer300".to_string()),
        Just("1.3001.300".to_string()),
        Just("Forbrug".to_string()),
        Just("-".to_string()),
        Just("12,5".to_string()),
        "[a-zæøå0-9.,()-]{1,12}",
    ]
}

fn word() -> impl Strategy<Value = Word> {
    (
        -50.0f32..700.0,
        -50.0f32..900.0,
        0.0f32..200.0,
        0.0f32..30.0,
        text(),
    )
        .prop_map(|(x0, y0, w, h, text)| Word {
            x0,
            y0,
            x1: x0 + w,
            y1: y0 + h,
            text,
        })
}

fn page() -> impl Strategy<Value = PdfPage> {
    prop::collection::vec(prop::collection::vec(word(), 0..8), 0..30).prop_map(|lines| PdfPage {
        width: 595.0,
        height: 842.0,
        lines,
    })
}

/// Width of a text in a 10-point proportional font, near enough.
fn width(text: &str) -> f32 {
    text.chars().count() as f32 * 5.5
}

/// A line of words starting at `x` (left-aligned) on the line at `y`.
fn words_at(text: &str, x: f32, y: f32) -> Vec<Word> {
    let mut out = Vec::new();
    let mut at = x;
    for w in text.split(' ') {
        out.push(Word {
            x0: at,
            y0: y,
            x1: at + width(w),
            y1: y + 12.0,
            text: w.to_string(),
        });
        at += width(w) + 3.0;
    }
    out
}

/// A word ending at `right` (right-aligned).
fn right_aligned(text: &str, right: f32, y: f32) -> Word {
    Word {
        x0: right - width(text),
        y0: y,
        x1: right,
        y1: y + 12.0,
        text: text.to_string(),
    }
}

fn figure() -> impl Strategy<Value = String> {
    (any::<bool>(), 0u32..3, 0u32..1000, 0u32..1000).prop_map(|(minus, groups, a, b)| {
        let sign = if minus { "-" } else { "" };
        match groups {
            0 => format!("{sign}{a}"),
            1 => format!("{sign}{}.{b:03}", a.max(1)),
            _ => format!("{sign}{}.{b:03}.{a:03}", a % 90 + 1),
        }
    })
}

fn label() -> impl Strategy<Value = (String, Option<String>)> {
    let words = [
        "Drift",
        "Anlæg",
        "Service",
        "Pulje",
        "Overførsler",
        "Renter",
    ];
    (
        prop::sample::select(words.to_vec()),
        prop::sample::select(words.to_vec()),
        any::<bool>(),
    )
        .prop_map(|(a, b, wrapped)| {
            let first = format!("{a} og {}", b.to_lowercase());
            let second = wrapped.then(|| "samlet".to_string());
            (first, second)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn words_anywhere_never_panic(pages in prop::collection::vec(page(), 0..3)) {
        check_pages(&pages);
    }

    #[test]
    fn any_text_as_bbox_output_never_panics(text in "(<page width=\"595\" height=\"842\">|<line>|<word xMin=\"[0-9.]{1,4}\" yMin=\"[0-9.]{1,4}\" xMax=\"[0-9.]{1,4}\" yMax=\"[0-9.]{1,4}\">[a-z0-9.,]{0,6}</word>|</line>|&amp;|&#[0-9]{1,8};|<|>| ){0,40}") {
        check(text.as_bytes());
    }

    /// A bordered table as a browser prints it reads back cell for cell:
    /// the two header lines one header row, a wrapped label one label.
    #[test]
    fn a_printed_table_reads_back(
        years in 1usize..5,
        rows in prop::collection::vec((label(), prop::collection::vec(figure(), 4)), 2..8),
    ) {
        let column_right = |c: usize| 260.0 + 80.0 * c as f32;
        let mut lines: Vec<Vec<Word>> = Vec::new();
        let mut y = 100.0;
        // Header: "1.000 kr." over the labels, "Budget" / "<year>" over
        // each figure column, two lines of one padded row.
        let mut first = words_at("1.000 kr.", 40.0, y);
        let mut second = Vec::new();
        for c in 0..years {
            first.push(right_aligned("Budget", column_right(c), y));
            second.push(right_aligned(&format!("{}", 2024 + c), column_right(c), y + 12.3));
        }
        lines.push(first);
        lines.push(second);
        y += 12.3 + 12.0 + 8.0;
        for ((label, wrapped), figures) in &rows {
            let mut line = words_at(label, 40.0, y);
            for (c, figure) in figures.iter().take(years).enumerate() {
                line.push(right_aligned(figure, column_right(c), y));
            }
            lines.push(line);
            let mut tall = 12.0;
            if let Some(more) = wrapped {
                lines.push(words_at(more, 40.0, y + 12.3));
                tall += 12.3;
            }
            y += tall + 8.0;
        }
        let page = PdfPage { width: 595.0, height: 842.0, lines };
        let grids = pdf::grids(std::slice::from_ref(&page));
        prop_assert_eq!(grids.len(), 1, "{:?}", pdf::dump(std::slice::from_ref(&page)));
        let grid = &grids[0];
        let mut want: Vec<Vec<String>> = Vec::new();
        let mut header = vec!["1.000 kr.".to_string()];
        header.extend((0..years).map(|c| format!("Budget {}", 2024 + c)));
        want.push(header);
        for ((label, wrapped), figures) in &rows {
            let mut row = vec![match wrapped {
                Some(more) => format!("{label} {more}"),
                None => label.clone(),
            }];
            row.extend(figures.iter().take(years).cloned());
            want.push(row);
        }
        let got: Vec<Vec<String>> = grid.rows.iter().map(|r| r.cells.clone()).collect();
        prop_assert_eq!(got, want);
    }
}

#[test]
fn fuzz_corpus_replays() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus/pdf");
    let mut replayed = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        check(&std::fs::read(entry.unwrap().path()).unwrap());
        replayed += 1;
    }
    assert!(replayed >= 4, "the corpus is in the repository: {replayed}");
}

/// Running headers and footers are neither rows nor text; a table over a
/// page break is one table, its repeated header read once.
#[test]
fn a_table_over_a_page_break_is_one_table() {
    let header = |y: f32| {
        let mut line = words_at("1.000 kr.", 40.0, y);
        line.push(right_aligned("Budget", 260.0, y));
        line.push(right_aligned("Regnskab", 340.0, y));
        line
    };
    let row = |label: &str, a: &str, b: &str, y: f32| {
        let mut line = words_at(label, 40.0, y);
        line.push(right_aligned(a, 260.0, y));
        line.push(right_aligned(b, 340.0, y));
        line
    };
    let footer = |n: usize| words_at(&format!("Side {n} af 2"), 280.0, 810.0);
    let title = |y: f32| words_at("Greve Kommune Byråd 31.01.2022", 40.0, y);
    let a4 = |lines| PdfPage {
        width: 595.0,
        height: 842.0,
        lines,
    };
    let one = a4(vec![
        title(20.0),
        header(700.0),
        row("Drift", "1.200", "1.100", 720.0),
        row("Anlæg", "300", "250", 740.0),
        footer(1),
    ]);
    let two = a4(vec![
        title(20.0),
        header(80.0),
        row("Renter", "-40", "-38", 100.0),
        row("I alt", "1.460", "1.312", 120.0),
        footer(2),
    ]);
    let pages = [one, two];
    let grids = pdf::grids(&pages);
    assert_eq!(grids.len(), 1, "{}", pdf::dump(&pages));
    let labels: Vec<&str> = grids[0].rows.iter().map(|r| r.cells[0].as_str()).collect();
    assert_eq!(labels, ["1.000 kr.", "Drift", "Anlæg", "Renter", "I alt"]);
    let doc = pdf::extract_pages(&pages);
    assert_eq!(doc.page_starts, vec![1, 6]);
    let renter = doc
        .cells
        .iter()
        .find(|c| &*c.row_label == "Renter")
        .unwrap();
    assert_eq!(renter.amount_kr, Some(-40_000));
    assert_eq!(doc.locate(renter.row_line).0, Some(2));
    assert!(doc.cells.iter().all(|c| !c.row_label.contains("Side")));
}
