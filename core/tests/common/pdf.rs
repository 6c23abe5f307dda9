//! The properties of the PDF source, shared by its property tests
//! (`pdf_prop.rs`) and the fuzz target `pdf`, which include this file by
//! path.

use budgetspor_core::source::pdf::{self, PdfPage};

/// Pages of positioned words, however placed: no panic; every cell on a
/// table that exists and on a line of the document; the pages start in
/// order; every row box a real box; every grid row as wide as its spans.
pub fn check_pages(pages: &[PdfPage]) {
    // A line is a row of a page's words: there are no more than words.
    let lines: usize = pages
        .iter()
        .map(|p| p.lines.iter().map(Vec::len).sum::<usize>())
        .sum();
    let doc = pdf::extract_pages(pages);
    assert!(doc.page_starts.windows(2).all(|w| w[0] <= w[1]));
    for cell in &doc.cells {
        assert!(cell.table_index < doc.tables.len());
        assert!(
            cell.row_line >= 1 && cell.row_line as usize <= lines,
            "{cell:?}"
        );
        if let Some(b) = cell.row_box {
            assert!(b.x0 <= b.x1 && b.y0 <= b.y1, "{b:?}");
            assert!(
                [b.x0, b.y0, b.x1, b.y1].iter().all(|v| v.is_finite()),
                "{b:?}"
            );
        }
    }
    for grid in pdf::grids(pages) {
        for row in &grid.rows {
            assert_eq!(row.cells.len(), row.spans.len());
        }
    }
}

/// Any bytes as `pdftotext -bbox-layout` output: the pages it names are
/// read, and they hold the properties of [`check_pages`].
pub fn check(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let pages = pdf::read_bbox(&text);
    check_pages(&pages);
    let _ = pdf::extract_bbox(&text);
}
