//! Snapshot tests of everything extracted from each bundled fixture: the
//! tables with their interpretation and every value cell. A change in
//! recognition shows up here as a reviewable diff (`cargo insta review`, or
//! rerun with `INSTA_UPDATE=always` and read the diff in git).

use budgetspor_core::{extract_bytes, Document};
use std::fmt::Write;
use std::path::Path;

fn render(doc: &Document) -> String {
    let mut out = String::new();
    let meta = &doc.meta;
    writeln!(
        out,
        "committee: {:?}, date: {:?}, items: {}",
        meta.committee,
        meta.meeting_date,
        meta.items.len()
    )
    .unwrap();
    for d in &doc.diagnostics {
        writeln!(out, "diagnostic: line {:?}: {}", d.line, d.message).unwrap();
    }
    for (index, t) in doc.tables.iter().enumerate() {
        writeln!(
            out,
            "\ntable {} lines {}-{} kind={} unit={:?} inferred={} price_basis={:?} item={:?} caption={:?} title={:?} sign={:?}",
            t.table_no, t.first_line, t.last_line, t.kind.as_str(), t.unit, t.unit_inferred, t.price_basis, t.item_no, t.caption, t.title, t.sign_convention
        )
        .unwrap();
        for c in &t.columns {
            writeln!(
                out,
                "  col {} {:?} role={:?} measure={} monetary={} year={:?} as_of={:?}",
                c.index, c.label, c.role, c.measure, c.monetary, c.fiscal_year, c.as_of
            )
            .unwrap();
        }
        for c in doc.cells.iter().filter(|c| c.table_index == index) {
            writeln!(
                out,
                "  {} {:?} [{}] {:?} | {:?} | {} {:?} {:?} | {:?} -> {:?} {:?}",
                c.row_line,
                c.row_label,
                c.row_kind.as_str(),
                c.line_item,
                c.column_label,
                c.measure,
                c.fiscal_year,
                c.as_of,
                c.raw,
                c.amount_kr,
                c.unit
            )
            .unwrap();
        }
    }
    for r in &doc.rejects {
        writeln!(out, "reject line {} {:?}: {}", r.line, r.raw, r.reason).unwrap();
    }
    out
}

fn snapshot(name: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/minutes")
        .join(name);
    let doc = extract_bytes(&std::fs::read(path).unwrap()).unwrap();
    insta::assert_snapshot!(name, render(&doc));
}

#[test]
fn fixture_000() {
    snapshot("000_36e04387dfc35aea.txt");
}
#[test]
fn fixture_001() {
    snapshot("001_b3f7aaf997165b18.txt");
}
#[test]
fn fixture_002() {
    snapshot("002_22c6d353a3b71871.txt");
}
#[test]
fn fixture_003() {
    snapshot("003_a381528b1bf02542.txt");
}
#[test]
fn fixture_004() {
    snapshot("004_e33916b7ee8980c9.txt");
}
