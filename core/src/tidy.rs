//! The tidy cell: one flat, owned row per value cell, exactly the columns of
//! the documented output schema. Extraction flattens documents into tidy
//! cells; a saved Parquet is read back into the same type; series,
//! comparisons and checks work on tidy cells, whichever way they came.

use crate::model::{Cell, Document, Measure, RowBox, RowKind, Table, TableKind};
use chrono::NaiveDate;
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq)]
pub struct TidyCell {
    pub source: Arc<str>,
    pub doc_date: Option<NaiveDate>,
    pub committee: Option<String>,
    pub encoding: String,
    pub item_no: Option<u32>,
    pub item_title: Option<String>,
    pub table_no: u32,
    pub table_line: u32,
    pub table_kind: TableKind,
    pub layout: String,
    pub sign_convention: Option<String>,
    pub unit: Option<String>,
    pub unit_inferred: bool,
    pub price_basis: Option<String>,
    pub section: Option<String>,
    pub row_label: Arc<str>,
    pub line_item: Arc<str>,
    pub row_kind: RowKind,
    /// Page of a paged source (PDF); `row_line` is then the line on it.
    pub page: Option<u32>,
    pub row_line: u32,
    /// 1-based row of the table as read (see [`crate::Cell::table_row`]);
    /// 0 in cells read back from a file saved without it.
    pub table_row: u32,
    /// The row's box on its page (PDF); see [`crate::Cell::row_box`].
    pub row_box: Option<RowBox>,
    pub column_label: Arc<str>,
    pub measure: Measure,
    pub fiscal_year: Option<i32>,
    pub as_of: Option<NaiveDate>,
    pub raw: String,
    pub value: f64,
    pub amount_kr: Option<i64>,
}

impl TidyCell {
    /// The date the figure was stated on: the header's own as-of date where
    /// the column has one, else the meeting date (its vintage).
    pub fn vintage(&self) -> Option<NaiveDate> {
        self.as_of.or(self.doc_date)
    }

    /// Cells of the same table share source and table number.
    pub fn table_key(&self) -> (&str, u32) {
        (&self.source, self.table_no)
    }
}

/// Flatten one document's cells into tidy rows.
pub fn flatten<'a>(source: &'a str, doc: &'a Document) -> impl Iterator<Item = TidyCell> + 'a {
    flatten_if(source, doc, |_, _| true)
}

/// Flatten the cells `keep` accepts (given each cell and its table): a
/// tidy row owns copies of its document's and table's texts, so the cells
/// a command does not read are left out before they are made.
pub fn flatten_if<'a>(
    source: &'a str,
    doc: &'a Document,
    keep: impl Fn(&Cell, &Table) -> bool + 'a,
) -> impl Iterator<Item = TidyCell> + 'a {
    // One shared copy of the path for all of the document's cells.
    let source: Arc<str> = source.into();
    let kept = doc
        .cells
        .iter()
        .filter(move |cell| keep(cell, &doc.tables[cell.table_index]));
    kept.map(move |cell| {
        let table = &doc.tables[cell.table_index];
        let (page, row_line) = doc.locate(cell.row_line);
        TidyCell {
            source: Arc::clone(&source),
            doc_date: doc.meta.meeting_date,
            committee: doc.meta.committee.clone(),
            encoding: doc.encoding.to_string(),
            item_no: table.item_no,
            item_title: table.item_title.clone(),
            table_no: table.table_no,
            table_line: doc.locate(table.first_line).1,
            table_kind: table.kind,
            layout: table.layout.to_string(),
            sign_convention: table.sign_convention.map(str::to_string),
            unit: cell.unit.map(str::to_string),
            unit_inferred: cell.unit_inferred,
            price_basis: cell.price_basis.as_deref().map(str::to_string),
            section: cell.section.as_deref().map(str::to_string),
            row_label: Arc::clone(&cell.row_label),
            line_item: Arc::clone(&cell.line_item),
            row_kind: cell.row_kind,
            page,
            row_line,
            table_row: cell.table_row,
            row_box: cell.row_box,
            column_label: Arc::clone(&cell.column_label),
            measure: cell.measure,
            fiscal_year: cell.fiscal_year,
            as_of: cell.as_of,
            raw: cell.raw.clone(),
            value: cell.value,
            amount_kr: cell.amount_kr,
        }
    })
}
