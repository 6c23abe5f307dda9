//! The whole document path on any bytes: decoding, metadata, every layout
//! recognizer, semantics and tidy rows, then the arithmetic on the cells
//! (checks, series, revisions, comparisons); never panics, and every cell
//! points at a line of the input with a table that exists.
#![no_main]

#[path = "../../core/tests/common/arithmetic.rs"]
mod arithmetic;

use arithmetic::arithmetic;
use budgetspor_core::tidy::TidyCell;
use budgetspor_core::{extract_bytes, tidy};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(doc) = extract_bytes(bytes) {
        // Lines as the user sees them: after decoding, CR and CRLF are
        // line ends too.
        let text = budgetspor_core::decode(bytes).expect("decoded once").text;
        let lines = text.split('\n').count() as u32;
        for cell in &doc.cells {
            assert!(cell.row_line >= 1 && cell.row_line <= lines + 1);
            assert!(cell.table_index < doc.tables.len());
        }
        let cells: Vec<TidyCell> = tidy::flatten("fuzz", &doc).collect();
        arithmetic(&cells);
    }
});
