//! Cells into columns: the tidy cell table built column-wise from the
//! documents (or from saved cells), its repeated strings as dictionaries,
//! as Arrow arrays for the Parquet writer or as a frame.

use super::*;
use budgetspor_core::tidy::CellRow;

/// A batch of cells as Arrow arrays, in the cell table's column order; the
/// repeated strings as dictionaries. Written to Parquet as it is
/// ([`crate::parquet::ParquetStream::write_columns`]) or made a frame
/// ([`CellArrays::into_frame`]).
pub struct CellArrays {
    pub height: usize,
    pub columns: Vec<(&'static str, ArrayRef)>,
}

impl CellArrays {
    /// The arrays alone, for Parquet.
    pub fn arrays(&self) -> Vec<ArrayRef> {
        self.columns.iter().map(|(_, a)| a.clone()).collect()
    }

    pub fn into_frame(self) -> PolarsResult<DataFrame> {
        let columns = self
            .columns
            .into_iter()
            .map(|(name, array)| into_column(name, array))
            .collect::<PolarsResult<Vec<Column>>>()?;
        DataFrame::new(self.height, columns)
    }
}

/// The cell table's columns: each column's name once, as a constant of
/// [`cols`] (`cols::AMOUNT_KR`), and [`CELL_COLUMNS`], all of them in their
/// order, made from the same list. The output schema (README, "Output
/// schema") is held to it by a test. [`CellColumns`] writes them in this
/// order; `read_cells`, the projections and filters of saved tables
/// (`cmd/common.rs`) and the commands that read saved cells name them by
/// their constants, so a renamed or removed column fails to compile there.
macro_rules! cell_columns {
    ($($constant:ident = $name:literal,)*) => {
        /// The names of the cell table's columns.
        pub mod cols {
            $(pub const $constant: &str = $name;)*
        }
        /// The cell table's columns in their order.
        pub const CELL_COLUMNS: [&str; [$($name),*].len()] = [$($name),*];
    };
}

cell_columns! {
    SOURCE = "source",
    DOC_DATE = "doc_date",
    COMMITTEE = "committee",
    ENCODING = "encoding",
    ITEM_NO = "item_no",
    ITEM_TITLE = "item_title",
    TABLE_NO = "table_no",
    TABLE_LINE = "table_line",
    TABLE_KIND = "table_kind",
    LAYOUT = "layout",
    SIGN_CONVENTION = "sign_convention",
    UNIT = "unit",
    UNIT_INFERRED = "unit_inferred",
    PRICE_BASIS = "price_basis",
    SECTION = "section",
    ROW_LABEL = "row_label",
    LINE_ITEM = "line_item",
    ROW_KIND = "row_kind",
    PAGE = "page",
    ROW_LINE = "row_line",
    TABLE_ROW = "table_row",
    ROW_BOX = "row_box",
    COLUMN_LABEL = "column_label",
    MEASURE = "measure",
    FISCAL_YEAR = "fiscal_year",
    AS_OF = "as_of",
    RAW = "raw",
    VALUE = "value",
    AMOUNT_KR = "amount_kr",
}

/// The one definition of the cell table's columns: a builder that takes
/// borrowed rows one at a time and pushes each field onto its column. One
/// pass over the cells: building each column in a pass of its own over a
/// batch of rows read megabytes of rows 27 times.
struct CellColumns<'a> {
    rows: usize,
    source: DictionaryBuilder<'a>,
    doc_date: Vec<Option<NaiveDate>>,
    committee: DictionaryBuilder<'a>,
    encoding: DictionaryBuilder<'a>,
    item_no: Vec<Option<u32>>,
    item_title: DictionaryBuilder<'a>,
    table_no: Vec<u32>,
    table_line: Vec<u32>,
    table_kind: DictionaryBuilder<'a>,
    layout: DictionaryBuilder<'a>,
    sign_convention: DictionaryBuilder<'a>,
    unit: DictionaryBuilder<'a>,
    unit_inferred: Vec<bool>,
    price_basis: DictionaryBuilder<'a>,
    section: DictionaryBuilder<'a>,
    row_label: DictionaryBuilder<'a>,
    line_item: DictionaryBuilder<'a>,
    row_kind: DictionaryBuilder<'a>,
    page: Vec<Option<u32>>,
    row_line: Vec<u32>,
    table_row: Vec<u32>,
    row_box: Vec<Option<String>>,
    column_label: DictionaryBuilder<'a>,
    measure: DictionaryBuilder<'a>,
    fiscal_year: Vec<Option<i32>>,
    as_of: Vec<Option<NaiveDate>>,
    raw: Vec<&'a str>,
    value: Vec<f64>,
    amount_kr: Vec<Option<i64>>,
}

impl<'a> CellColumns<'a> {
    fn with_capacity(rows: usize) -> Self {
        let strings = || DictionaryBuilder::with_capacity(rows);
        CellColumns {
            rows: 0,
            source: strings(),
            doc_date: Vec::with_capacity(rows),
            committee: strings(),
            encoding: strings(),
            item_no: Vec::with_capacity(rows),
            item_title: strings(),
            table_no: Vec::with_capacity(rows),
            table_line: Vec::with_capacity(rows),
            table_kind: strings(),
            layout: strings(),
            sign_convention: strings(),
            unit: strings(),
            unit_inferred: Vec::with_capacity(rows),
            price_basis: strings(),
            section: strings(),
            row_label: strings(),
            line_item: strings(),
            row_kind: strings(),
            page: Vec::with_capacity(rows),
            row_line: Vec::with_capacity(rows),
            table_row: Vec::with_capacity(rows),
            row_box: Vec::with_capacity(rows),
            column_label: strings(),
            measure: strings(),
            fiscal_year: Vec::with_capacity(rows),
            as_of: Vec::with_capacity(rows),
            raw: Vec::with_capacity(rows),
            value: Vec::with_capacity(rows),
            amount_kr: Vec::with_capacity(rows),
        }
    }

    fn push(&mut self, r: CellRow<'a>) {
        self.push_table(&r, 1);
        self.push_cell(r);
    }

    /// The fields a table's cells share (the document's and the table's),
    /// for `rows` rows at once: a document's cells come table by table,
    /// and these eleven columns then take a run of one key each.
    fn push_table(&mut self, r: &CellRow<'a>, rows: usize) {
        self.rows += rows;
        self.source.push_n(Some(r.source), rows);
        extend_n(&mut self.doc_date, r.doc_date, rows);
        self.committee.push_n(r.committee, rows);
        self.encoding.push_n(Some(r.encoding), rows);
        extend_n(&mut self.item_no, r.item_no, rows);
        self.item_title.push_n(r.item_title, rows);
        extend_n(&mut self.table_no, r.table_no, rows);
        extend_n(&mut self.table_line, r.table_line, rows);
        self.table_kind.push_n(Some(r.table_kind.as_str()), rows);
        self.layout.push_n(Some(r.layout), rows);
        self.sign_convention.push_n(r.sign_convention, rows);
    }

    /// The fields of the cell itself; [`Self::push_table`] gave the rest.
    fn push_cell(&mut self, r: CellRow<'a>) {
        self.unit.push(r.unit);
        self.unit_inferred.push(r.unit_inferred);
        self.price_basis.push(r.price_basis);
        self.section.push(r.section);
        self.row_label.push(Some(r.row_label));
        self.line_item.push(Some(r.line_item));
        self.row_kind.push(Some(r.row_kind.as_str()));
        self.page.push(r.page);
        self.row_line.push(r.row_line);
        self.table_row.push(r.table_row);
        self.row_box.push(r.row_box.map(RowBox::to_text));
        self.column_label.push(Some(r.column_label));
        self.measure.push(Some(r.measure.as_str()));
        self.fiscal_year.push(r.fiscal_year);
        self.as_of.push(r.as_of);
        self.raw.push(r.raw);
        self.value.push(r.value);
        self.amount_kr.push(r.amount_kr);
    }

    /// The columns, each under its name, in the order of [`CELL_COLUMNS`]
    /// (a test holds the frame's schema to that list).
    fn finish(self) -> CellArrays {
        let columns: [(&'static str, ArrayRef); CELL_COLUMNS.len()] = [
            (cols::SOURCE, self.source.finish()),
            (cols::DOC_DATE, dates(self.doc_date.into_iter())),
            (cols::COMMITTEE, self.committee.finish()),
            (cols::ENCODING, self.encoding.finish()),
            (cols::ITEM_NO, numbers(self.item_no.into_iter())),
            (cols::ITEM_TITLE, self.item_title.finish()),
            (cols::TABLE_NO, numbers_all(self.table_no.into_iter())),
            (cols::TABLE_LINE, numbers_all(self.table_line.into_iter())),
            (cols::TABLE_KIND, self.table_kind.finish()),
            (cols::LAYOUT, self.layout.finish()),
            (cols::SIGN_CONVENTION, self.sign_convention.finish()),
            (cols::UNIT, self.unit.finish()),
            (
                cols::UNIT_INFERRED,
                BooleanArray::from_slice(self.unit_inferred).boxed(),
            ),
            (cols::PRICE_BASIS, self.price_basis.finish()),
            (cols::SECTION, self.section.finish()),
            (cols::ROW_LABEL, self.row_label.finish()),
            (cols::LINE_ITEM, self.line_item.finish()),
            (cols::ROW_KIND, self.row_kind.finish()),
            (cols::PAGE, numbers(self.page.into_iter())),
            (cols::ROW_LINE, numbers_all(self.row_line.into_iter())),
            (cols::TABLE_ROW, numbers_all(self.table_row.into_iter())),
            (
                cols::ROW_BOX,
                Utf8ViewArray::from_slice(&self.row_box).boxed(),
            ),
            (cols::COLUMN_LABEL, self.column_label.finish()),
            (cols::MEASURE, self.measure.finish()),
            (cols::FISCAL_YEAR, numbers(self.fiscal_year.into_iter())),
            (cols::AS_OF, dates(self.as_of.into_iter())),
            (
                cols::RAW,
                Utf8ViewArray::from_slice_values(self.raw).boxed(),
            ),
            (cols::VALUE, numbers_all(self.value.into_iter())),
            (cols::AMOUNT_KR, numbers(self.amount_kr.into_iter())),
        ];
        CellArrays {
            height: self.rows,
            columns: columns.into(),
        }
    }
}

/// `value` appended `rows` times.
fn extend_n<T: Clone>(column: &mut Vec<T>, value: T, rows: usize) {
    column.extend(std::iter::repeat_n(value, rows));
}

/// The cell table's columns of borrowed rows.
fn arrays_of<'a>(cells: impl Iterator<Item = CellRow<'a>>) -> CellArrays {
    let mut columns = CellColumns::with_capacity(cells.size_hint().0);
    for cell in cells {
        columns.push(cell);
    }
    columns.finish()
}

/// The cell table of borrowed rows as a frame.
fn frame_of<'a>(cells: impl Iterator<Item = CellRow<'a>>) -> PolarsResult<DataFrame> {
    arrays_of(cells).into_frame()
}

/// The cell table's columns and their types, as every cell frame has them.
pub fn cells_schema() -> Schema {
    frame_of(std::iter::empty())
        .map_or_else(|_| Schema::default(), |df| df.schema().as_ref().clone())
}

/// Build the tidy cell table from tidy cells.
pub fn cells_frame<'a>(cells: impl IntoIterator<Item = &'a TidyCell>) -> PolarsResult<DataFrame> {
    frame_of(cells.into_iter().map(TidyCell::row))
}

/// The cell table of extracted documents as Arrow arrays, column by
/// column, without an owned row per cell (the streaming path of `extract`
/// and `run`). Same columns and values as `cells_frame(&tidy_cells(docs))`.
pub fn cell_arrays_of<'a>(docs: &'a [Extracted]) -> CellArrays {
    // Sized up front: a batch's columns are megabytes, and growing them by
    // doubling copied them and faulted in fresh pages each time.
    let mut columns = CellColumns::with_capacity(docs.iter().map(|d| d.document.cells.len()).sum());
    for d in docs {
        let doc = &d.document;
        let row = |cell: &'a budgetspor_core::Cell| CellRow::of(&d.source, doc, cell);
        // A table's cells are consecutive: its shared fields go in once.
        for table_cells in doc.cells.chunk_by(|a, b| a.table_index == b.table_index) {
            columns.push_table(&row(&table_cells[0]), table_cells.len());
            for cell in table_cells {
                columns.push_cell(row(cell));
            }
        }
    }
    columns.finish()
}

/// [`cell_arrays_of`] as a frame.
pub fn cells_frame_of(docs: &[Extracted]) -> PolarsResult<DataFrame> {
    cell_arrays_of(docs).into_frame()
}

/// All tidy cells of the extracted documents, in input order.
pub fn tidy_cells(docs: &[Extracted]) -> Vec<TidyCell> {
    tidy_cells_if(docs, |_, _| true)
}

/// The tidy cells of the documents that `keep` accepts (given each cell
/// and its table), in input order; the others are never made.
pub fn tidy_cells_if(
    docs: &[Extracted],
    keep: impl Fn(&budgetspor_core::Cell, &budgetspor_core::Table) -> bool,
) -> Vec<TidyCell> {
    docs.iter()
        .flat_map(|d| budgetspor_core::tidy::flatten_if(&d.source, &d.document, &keep))
        .collect()
}

/// The cells the arithmetic checks read, of a batch of documents.
pub fn checked_cells(docs: &[Extracted]) -> Vec<TidyCell> {
    tidy_cells_if(docs, |cell, table| {
        budgetspor_core::check::is_checked(cell.amount_kr, table.kind)
    })
}
