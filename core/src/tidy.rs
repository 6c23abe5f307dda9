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

/// A cell row borrowed from a document (its cell, the cell's table and
/// the document) or from a tidy cell: the one join of document, table and
/// cell, and the one list of the output schema's fields in their order.
/// Frames are built from these ([`CellRow::of`] in the CLI's streaming
/// path, [`TidyCell::row`] from saved cells) without an owned row per
/// cell; a [`TidyCell`] is its owned copy ([`CellRow::to_tidy`]).
#[derive(Debug, Clone, Copy)]
pub struct CellRow<'a> {
    pub source: &'a str,
    pub doc_date: Option<NaiveDate>,
    pub committee: Option<&'a str>,
    pub encoding: &'a str,
    pub item_no: Option<u32>,
    pub item_title: Option<&'a str>,
    pub table_no: u32,
    pub table_line: u32,
    pub table_kind: TableKind,
    pub layout: &'a str,
    pub sign_convention: Option<&'a str>,
    pub unit: Option<&'a str>,
    pub unit_inferred: bool,
    pub price_basis: Option<&'a str>,
    pub section: Option<&'a str>,
    /// Shared with the cell (and every cell of its row): a tidy copy
    /// takes another reference, not another string.
    pub row_label: &'a Arc<str>,
    pub line_item: &'a Arc<str>,
    pub row_kind: RowKind,
    pub page: Option<u32>,
    pub row_line: u32,
    pub table_row: u32,
    pub row_box: Option<RowBox>,
    pub column_label: &'a Arc<str>,
    pub measure: Measure,
    pub fiscal_year: Option<i32>,
    pub as_of: Option<NaiveDate>,
    pub raw: &'a str,
    pub value: f64,
    pub amount_kr: Option<i64>,
}

impl<'a> CellRow<'a> {
    /// The row of `cell` of `doc`, read from `source`: the document's and
    /// the table's fields beside the cell's, its line located on its page.
    pub fn of(source: &'a str, doc: &'a Document, cell: &'a Cell) -> CellRow<'a> {
        let table = &doc.tables[cell.table_index];
        let (page, row_line) = doc.locate(cell.row_line);
        CellRow {
            source,
            doc_date: doc.meta.meeting_date,
            committee: doc.meta.committee.as_deref(),
            encoding: doc.encoding,
            item_no: table.item_no,
            item_title: table.item_title.as_deref(),
            table_no: table.table_no,
            table_line: doc.locate(table.first_line).1,
            table_kind: table.kind,
            layout: table.layout,
            sign_convention: table.sign_convention,
            unit: cell.unit,
            unit_inferred: cell.unit_inferred,
            price_basis: cell.price_basis.as_deref(),
            section: cell.section.as_deref(),
            row_label: &cell.row_label,
            line_item: &cell.line_item,
            row_kind: cell.row_kind,
            page,
            row_line,
            table_row: cell.table_row,
            row_box: cell.row_box,
            column_label: &cell.column_label,
            measure: cell.measure,
            fiscal_year: cell.fiscal_year,
            as_of: cell.as_of,
            raw: &cell.raw,
            value: cell.value,
            amount_kr: cell.amount_kr,
        }
    }

    /// The owned row, `source` the shared copy of [`CellRow::source`].
    pub fn to_tidy(&self, source: &Arc<str>) -> TidyCell {
        TidyCell {
            source: Arc::clone(source),
            doc_date: self.doc_date,
            committee: self.committee.map(str::to_string),
            encoding: self.encoding.to_string(),
            item_no: self.item_no,
            item_title: self.item_title.map(str::to_string),
            table_no: self.table_no,
            table_line: self.table_line,
            table_kind: self.table_kind,
            layout: self.layout.to_string(),
            sign_convention: self.sign_convention.map(str::to_string),
            unit: self.unit.map(str::to_string),
            unit_inferred: self.unit_inferred,
            price_basis: self.price_basis.map(str::to_string),
            section: self.section.map(str::to_string),
            row_label: Arc::clone(self.row_label),
            line_item: Arc::clone(self.line_item),
            row_kind: self.row_kind,
            page: self.page,
            row_line: self.row_line,
            table_row: self.table_row,
            row_box: self.row_box,
            column_label: Arc::clone(self.column_label),
            measure: self.measure,
            fiscal_year: self.fiscal_year,
            as_of: self.as_of,
            raw: self.raw.to_string(),
            value: self.value,
            amount_kr: self.amount_kr,
        }
    }
}

impl TidyCell {
    /// The tidy cell as a borrowed row.
    pub fn row(&self) -> CellRow<'_> {
        CellRow {
            source: &self.source,
            doc_date: self.doc_date,
            committee: self.committee.as_deref(),
            encoding: &self.encoding,
            item_no: self.item_no,
            item_title: self.item_title.as_deref(),
            table_no: self.table_no,
            table_line: self.table_line,
            table_kind: self.table_kind,
            layout: &self.layout,
            sign_convention: self.sign_convention.as_deref(),
            unit: self.unit.as_deref(),
            unit_inferred: self.unit_inferred,
            price_basis: self.price_basis.as_deref(),
            section: self.section.as_deref(),
            row_label: &self.row_label,
            line_item: &self.line_item,
            row_kind: self.row_kind,
            page: self.page,
            row_line: self.row_line,
            table_row: self.table_row,
            row_box: self.row_box,
            column_label: &self.column_label,
            measure: self.measure,
            fiscal_year: self.fiscal_year,
            as_of: self.as_of,
            raw: &self.raw,
            value: self.value,
            amount_kr: self.amount_kr,
        }
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
    let shared: Arc<str> = source.into();
    doc.cells
        .iter()
        .filter(move |cell| keep(cell, &doc.tables[cell.table_index]))
        .map(move |cell| CellRow::of(source, doc, cell).to_tidy(&shared))
}
