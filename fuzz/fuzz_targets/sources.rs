//! The HTML and agenda-JSON sources on any bytes: the page as HTML, as an
//! agenda meeting, and as a file told by its content; never panics, and
//! every cell has a table that exists.
#![no_main]

use budgetspor_core::source::{extract_file, html};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    for extension in [Some("html"), Some("json"), None] {
        if let Ok(doc) = extract_file(bytes, extension) {
            for cell in &doc.cells {
                assert!(cell.table_index < doc.tables.len());
            }
        }
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        let page = html::read_page(text);
        for grid in &page.grids {
            for row in &grid.rows {
                assert_eq!(row.cells.len(), row.spans.len());
                assert!(row.cells.len() <= html::MAX_COLUMNS);
            }
        }
    }
});
