//! The properties of the HTML and agenda-JSON sources, shared by their
//! property tests (`sources_prop.rs`) and the fuzz target `sources`, which
//! include this file by path.

use budgetspor_core::source::{extract_file, html};

/// Any bytes as a page, a meeting and a file told by its content: no panic,
/// every cell on a table that exists, a page's cells on a line of the
/// input (an agenda's positions are lines of its items' HTML fields, not
/// of the JSON file), every grid row as wide as its spans and at most
/// [`html::MAX_COLUMNS`] wide.
pub fn check(bytes: &[u8]) {
    // Lines as the user sees them: after decoding, a CR alone and CRLF end
    // a line too (a page saved with CR line ends, found by the fuzzer).
    let lines = budgetspor_core::decode(bytes).map_or(0, |d| d.text.split('\n').count() as u32);
    for extension in [Some("html"), Some("json"), None] {
        if let Ok(doc) = extract_file(bytes, extension) {
            for cell in &doc.cells {
                assert!(cell.table_index < doc.tables.len());
                // An agenda's positions are lines of its items' HTML
                // fields, not of the JSON file.
                if doc.encoding == "html" {
                    assert!(cell.row_line >= 1 && cell.row_line <= lines, "{cell:?}");
                }
            }
        }
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        for grid in html::read_page(text).grids {
            for row in &grid.rows {
                assert_eq!(row.cells.len(), row.spans.len());
                assert!(row.cells.len() <= html::MAX_COLUMNS);
            }
        }
    }
}
