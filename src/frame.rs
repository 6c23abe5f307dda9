//! The tidy cell table as a polars `DataFrame`, built column-wise, and read
//! back. This is the only place where cells meet polars; the column names
//! and order here are the documented schema (README, "Output schema").

use crate::inputs::Extracted;
use budgetspor_core::hash::FastMap;
use budgetspor_core::series::{GainComparison, Revision, SeriesRow};
use budgetspor_core::tidy::TidyCell;
use budgetspor_core::{Measure, Reject, RowBox, RowKind, TableKind};
use chrono::{Datelike, NaiveDate};
use polars::prelude::*;
use polars_arrow::array::{BooleanArray, DictionaryArray, PrimitiveArray, Utf8ViewArray};
use polars_arrow::bitmap::{Bitmap, MutableBitmap};
use polars_arrow::datatypes::{ArrowDataType, IntegerType};
use rayon::prelude::*;
use std::sync::{Arc, Mutex};

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date")
}

/// Days since 1970-01-01, polars' physical representation of a Date.
fn epoch_days(date: NaiveDate) -> i32 {
    // Days counted from the calendar's start, less 1970-01-01's count:
    // plain arithmetic, where subtracting two dates builds a duration
    // (this runs twice per cell).
    date.num_days_from_ce() - EPOCH_DAYS_FROM_CE
}

/// `NaiveDate::num_days_from_ce` of 1970-01-01.
const EPOCH_DAYS_FROM_CE: i32 = 719_163;

fn from_epoch_days(days: i32) -> NaiveDate {
    epoch() + chrono::Duration::days(days as i64)
}

fn date_column(name: &str, dates: impl Iterator<Item = Option<NaiveDate>>) -> PolarsResult<Column> {
    let days: Vec<Option<i32>> = dates.map(|d| d.map(epoch_days)).collect();
    Column::new(name.into(), days).cast(&DataType::Date)
}

fn str_column<'a>(name: &str, values: impl Iterator<Item = Option<&'a str>>) -> Column {
    Column::new(name.into(), values.collect::<Vec<Option<&str>>>())
}

/// A string column of few distinct values repeated row after row (a
/// document's path, a table's kind, a row's label, a column's header), as
/// an Arrow dictionary: each distinct value is stored once and the rows are
/// indices into them. Frames gather it into strings ([`into_column`]);
/// Parquet writes it as it is, a dictionary page and the indices.
fn dictionary<'a>(values: impl Iterator<Item = Option<&'a str>>) -> ArrayRef {
    let mut builder = DictionaryBuilder::with_capacity(values.size_hint().0);
    for value in values {
        builder.push(value);
    }
    builder.finish()
}

/// Addresses a [`DictionaryBuilder`] remembers without hashing.
const RECENT: usize = 16;
/// No string's address: an empty slot of [`DictionaryBuilder::recent`].
const NO_ADDRESS: (usize, usize) = (usize::MAX, usize::MAX);

/// A [`dictionary`] built a row at a time.
struct DictionaryBuilder<'a> {
    distinct: Vec<&'a str>,
    index_of: FastMap<&'a str, u32>,
    /// Where a string lives: cells share their row's and column's strings,
    /// so the address names the value, and hashing two integers is far
    /// cheaper than hashing the text. A copy elsewhere with the same text
    /// is found by text, once per address.
    index_at: FastMap<(usize, usize), u32>,
    /// The latest addresses seen, by a few bits of the address: a run of
    /// one row's string, or a table's few column headers in turn, is found
    /// here without hashing (the hashing was 5 % of a whole `extract`).
    recent: [((usize, usize), u32); RECENT],
    keys: Vec<u32>,
    /// A null row is a null key (the dictionary holds only strings); the
    /// validity is made at the first null, most columns have none.
    validity: Option<MutableBitmap>,
}

impl<'a> DictionaryBuilder<'a> {
    fn with_capacity(rows: usize) -> Self {
        DictionaryBuilder {
            distinct: Vec::new(),
            index_of: FastMap::default(),
            index_at: FastMap::default(),
            recent: [(NO_ADDRESS, 0); RECENT],
            keys: Vec::with_capacity(rows),
            validity: None,
        }
    }

    /// A row's value. Inlined into the row builder, with the lookups of a
    /// new address and the nulls out of line: most rows find their string
    /// in [`Self::recent`].
    #[inline(always)]
    fn push(&mut self, value: Option<&'a str>) {
        let Some(text) = value else {
            self.push_null();
            return;
        };
        if let Some(valid) = self.validity.as_mut() {
            valid.push(true);
        }
        let at = (text.as_ptr() as usize, text.len());
        let slot = ((at.0 >> 3) ^ at.1) % RECENT;
        let index = match self.recent[slot] {
            (seen, index) if seen == at => index,
            _ => self.look_up(text, at, slot),
        };
        self.keys.push(index);
    }

    /// The same value for `rows` rows.
    fn push_n(&mut self, value: Option<&'a str>, rows: usize) {
        if rows == 0 {
            return;
        }
        self.push(value);
        let key = *self.keys.last().expect("just pushed");
        self.keys.extend(std::iter::repeat_n(key, rows - 1));
        if let Some(valid) = self.validity.as_mut() {
            valid.extend_constant(rows - 1, value.is_some());
        }
    }

    /// The key of a string at an address not in [`Self::recent`].
    #[inline(never)]
    fn look_up(&mut self, text: &'a str, at: (usize, usize), slot: usize) -> u32 {
        let (distinct, index_of) = (&mut self.distinct, &mut self.index_of);
        let index = *self.index_at.entry(at).or_insert_with(|| {
            *index_of.entry(text).or_insert_with(|| {
                distinct.push(text);
                (distinct.len() - 1) as u32
            })
        });
        self.recent[slot] = (at, index);
        index
    }

    #[inline(never)]
    fn push_null(&mut self) {
        let rows = self.keys.len();
        let capacity = self.keys.capacity();
        let valid = self.validity.get_or_insert_with(|| {
            let mut valid = MutableBitmap::with_capacity(capacity);
            valid.extend_constant(rows, true);
            valid
        });
        valid.push(false);
        // A null's slot points at the first value, as Arrow asks.
        self.keys.push(0);
    }

    fn finish(self) -> ArrayRef {
        if self.distinct.is_empty() && !self.keys.is_empty() {
            // All null: plain nulls, as a frame would write them (a
            // dictionary would need a value for them to point at, and
            // would report it in its statistics).
            return Utf8ViewArray::new_null(ArrowDataType::Utf8View, self.keys.len()).boxed();
        }
        let values = Utf8ViewArray::from_slice_values(&self.distinct);
        let validity = self.validity.map(Bitmap::from);
        let keys = PrimitiveArray::new(ArrowDataType::UInt32, self.keys.into(), validity);
        let dtype = ArrowDataType::Dictionary(
            IntegerType::UInt32,
            Box::new(ArrowDataType::Utf8View),
            false,
        );
        DictionaryArray::try_new(dtype, keys, values.boxed())
            .expect("keys index the distinct values")
            .boxed()
    }
}

/// A frame column of an Arrow array; dictionaries become the strings they
/// encode.
fn into_column(name: &str, array: ArrayRef) -> PolarsResult<Column> {
    if let Some(dict) = array.as_any().downcast_ref::<DictionaryArray<u32>>() {
        let values = dict.values().as_any().downcast_ref::<Utf8ViewArray>();
        let values = values.cloned().ok_or_else(|| {
            PolarsError::SchemaMismatch("expected a dictionary of strings".into())
        })?;
        let strings = StringChunked::with_chunk(name.into(), values);
        let indices = IdxCa::with_chunk(PlSmallStr::EMPTY, dict.keys().clone());
        return Ok(strings.take(&indices)?.into_column());
    }
    Ok(Series::from_arrow(name.into(), array)?.into_column())
}

/// A string column of few distinct values repeated row after row, built
/// through a [`dictionary`].
fn repeated_str_column<'a>(
    name: &str,
    values: impl Iterator<Item = Option<&'a str>>,
) -> PolarsResult<Column> {
    into_column(name, dictionary(values))
}

/// One column from a field of every row.
fn column<'a, R, T>(name: &str, rows: &'a [R], field: impl Fn(&'a R) -> T) -> Column
where
    Series: NamedFrom<Vec<T>, [T]>,
{
    Column::new(name.into(), rows.iter().map(field).collect::<Vec<T>>())
}

/// An Arrow array of numbers, each row's or none.
fn numbers<T: polars_arrow::types::NativeType>(
    values: impl Iterator<Item = Option<T>>,
) -> ArrayRef {
    PrimitiveArray::<T>::from(values.collect::<Vec<Option<T>>>()).boxed()
}

/// An Arrow array of numbers every row has.
fn numbers_all<T: polars_arrow::types::NativeType>(values: impl Iterator<Item = T>) -> ArrayRef {
    PrimitiveArray::<T>::from_vec(values.collect()).boxed()
}

/// An Arrow array of dates (days since 1970-01-01).
fn dates(values: impl Iterator<Item = Option<NaiveDate>>) -> ArrayRef {
    let days: Vec<Option<i32>> = values.map(|d| d.map(epoch_days)).collect();
    PrimitiveArray::<i32>::from(days)
        .to(ArrowDataType::Date32)
        .boxed()
}

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

    fn push(&mut self, r: CellRef<'a>) {
        self.push_table(&r, 1);
        self.push_cell(r);
    }

    /// The fields a table's cells share (the document's and the table's),
    /// for `rows` rows at once: a document's cells come table by table,
    /// and these eleven columns then take a run of one key each.
    fn push_table(&mut self, r: &CellRef<'a>, rows: usize) {
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
    fn push_cell(&mut self, r: CellRef<'a>) {
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

    /// The columns, named and in the cell table's order.
    fn finish(self) -> CellArrays {
        let columns = vec![
            ("source", self.source.finish()),
            ("doc_date", dates(self.doc_date.into_iter())),
            ("committee", self.committee.finish()),
            ("encoding", self.encoding.finish()),
            ("item_no", numbers(self.item_no.into_iter())),
            ("item_title", self.item_title.finish()),
            ("table_no", numbers_all(self.table_no.into_iter())),
            ("table_line", numbers_all(self.table_line.into_iter())),
            ("table_kind", self.table_kind.finish()),
            ("layout", self.layout.finish()),
            ("sign_convention", self.sign_convention.finish()),
            ("unit", self.unit.finish()),
            (
                "unit_inferred",
                BooleanArray::from_slice(self.unit_inferred).boxed(),
            ),
            ("price_basis", self.price_basis.finish()),
            ("section", self.section.finish()),
            ("row_label", self.row_label.finish()),
            ("line_item", self.line_item.finish()),
            ("row_kind", self.row_kind.finish()),
            ("page", numbers(self.page.into_iter())),
            ("row_line", numbers_all(self.row_line.into_iter())),
            ("table_row", numbers_all(self.table_row.into_iter())),
            ("row_box", Utf8ViewArray::from_slice(&self.row_box).boxed()),
            ("column_label", self.column_label.finish()),
            ("measure", self.measure.finish()),
            ("fiscal_year", numbers(self.fiscal_year.into_iter())),
            ("as_of", dates(self.as_of.into_iter())),
            ("raw", Utf8ViewArray::from_slice_values(self.raw).boxed()),
            ("value", numbers_all(self.value.into_iter())),
            ("amount_kr", numbers(self.amount_kr.into_iter())),
        ];
        CellArrays {
            height: self.rows,
            columns,
        }
    }
}

/// `value` appended `rows` times.
fn extend_n<T: Clone>(column: &mut Vec<T>, value: T, rows: usize) {
    column.extend(std::iter::repeat_n(value, rows));
}

/// The cell table's columns of borrowed rows.
fn arrays_of<'a>(cells: impl Iterator<Item = CellRef<'a>>) -> CellArrays {
    let mut columns = CellColumns::with_capacity(cells.size_hint().0);
    for cell in cells {
        columns.push(cell);
    }
    columns.finish()
}

/// The cell table of borrowed rows as a frame.
fn frame_of<'a>(cells: impl Iterator<Item = CellRef<'a>>) -> PolarsResult<DataFrame> {
    arrays_of(cells).into_frame()
}

/// The cell table's columns and their types, as every cell frame has them.
pub fn cells_schema() -> Schema {
    frame_of(std::iter::empty())
        .map_or_else(|_| Schema::default(), |df| df.schema().as_ref().clone())
}

/// A cell row borrowed from a document or a tidy cell: building frames
/// from these copies each string once, into the frame, and allocates
/// nothing per cell.
struct CellRef<'a> {
    source: &'a str,
    doc_date: Option<NaiveDate>,
    committee: Option<&'a str>,
    encoding: &'a str,
    item_no: Option<u32>,
    item_title: Option<&'a str>,
    table_no: u32,
    table_line: u32,
    table_kind: TableKind,
    layout: &'a str,
    sign_convention: Option<&'a str>,
    unit: Option<&'a str>,
    unit_inferred: bool,
    price_basis: Option<&'a str>,
    section: Option<&'a str>,
    row_label: &'a str,
    line_item: &'a str,
    row_kind: RowKind,
    page: Option<u32>,
    row_line: u32,
    table_row: u32,
    row_box: Option<RowBox>,
    column_label: &'a str,
    measure: Measure,
    fiscal_year: Option<i32>,
    as_of: Option<NaiveDate>,
    raw: &'a str,
    value: f64,
    amount_kr: Option<i64>,
}

/// Build the tidy cell table from tidy cells.
pub fn cells_frame<'a>(cells: impl IntoIterator<Item = &'a TidyCell>) -> PolarsResult<DataFrame> {
    let refs = cells.into_iter().map(|c| CellRef {
        source: &c.source,
        doc_date: c.doc_date,
        committee: c.committee.as_deref(),
        encoding: &c.encoding,
        item_no: c.item_no,
        item_title: c.item_title.as_deref(),
        table_no: c.table_no,
        table_line: c.table_line,
        table_kind: c.table_kind,
        layout: &c.layout,
        sign_convention: c.sign_convention.as_deref(),
        unit: c.unit.as_deref(),
        unit_inferred: c.unit_inferred,
        price_basis: c.price_basis.as_deref(),
        section: c.section.as_deref(),
        row_label: &c.row_label,
        line_item: &c.line_item,
        row_kind: c.row_kind,
        page: c.page,
        row_line: c.row_line,
        table_row: c.table_row,
        row_box: c.row_box,
        column_label: &c.column_label,
        measure: c.measure,
        fiscal_year: c.fiscal_year,
        as_of: c.as_of,
        raw: &c.raw,
        value: c.value,
        amount_kr: c.amount_kr,
    });
    frame_of(refs)
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
        let row = |cell: &'a budgetspor_core::Cell| {
            let table = &doc.tables[cell.table_index];
            let (page, row_line) = doc.locate(cell.row_line);
            CellRef {
                source: &d.source,
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
        };
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

fn bad_value(column: &str, value: &str) -> PolarsError {
    PolarsError::ComputeError(
        format!("column {column}: expected a known name, found {value:?}").into(),
    )
}

/// The last few distinct strings of a column, shared: a cell whose text
/// equals one of them gets a reference to it instead of a new allocation.
/// Each is remembered with where its text was last read from: Parquet
/// dictionary values decode to views of one buffer, so a repeated long
/// value is found by its address without comparing text.
#[derive(Default)]
struct RecentStrings {
    recent: Vec<((usize, usize), Arc<str>)>,
    next: usize,
}

impl RecentStrings {
    /// As many as a wide table has columns.
    const KEEP: usize = 16;

    fn share(&mut self, text: &str) -> Arc<str> {
        let at = (text.as_ptr() as usize, text.len());
        if let Some((_, found)) = self.recent.iter().find(|(seen_at, _)| *seen_at == at) {
            return Arc::clone(found);
        }
        if let Some((seen_at, found)) = self.recent.iter_mut().find(|(_, s)| **s == *text) {
            *seen_at = at;
            return Arc::clone(found);
        }
        let made: Arc<str> = text.into();
        if self.recent.len() < Self::KEEP {
            self.recent.push((at, Arc::clone(&made)));
        } else {
            self.recent[self.next] = (at, Arc::clone(&made));
            self.next = (self.next + 1) % Self::KEEP;
        }
        made
    }
}

/// Read a tidy cell table (as written by `extract`) back into cells. Takes
/// the frame, so that its chunks are freed as they are made contiguous and
/// not kept beside the copy.
pub fn read_cells(mut df: DataFrame) -> PolarsResult<Vec<TidyCell>> {
    // One chunk per column: a scan gives one per row group, and looking a
    // row up across hundreds of chunks costs more than copying them once
    // (the columns copied side by side).
    df.rechunk_mut_par();
    let df = &df;
    let s = |name: &str| -> PolarsResult<StringChunked> { Ok(df.column(name)?.str()?.clone()) };
    let u = |name: &str| -> PolarsResult<UInt32Chunked> {
        Ok(df.column(name)?.cast(&DataType::UInt32)?.u32()?.clone())
    };
    let d = |name: &str| -> PolarsResult<Int32Chunked> {
        Ok(df.column(name)?.cast(&DataType::Int32)?.i32()?.clone())
    };
    let (source, committee, encoding, item_title) = (
        s("source")?,
        s("committee")?,
        s("encoding")?,
        s("item_title")?,
    );
    let sign_convention = s("sign_convention")?;
    let (table_kind, layout, unit, price_basis) = (
        s("table_kind")?,
        s("layout")?,
        s("unit")?,
        s("price_basis")?,
    );
    let (section, row_label, line_item, row_kind) = (
        s("section")?,
        s("row_label")?,
        s("line_item")?,
        s("row_kind")?,
    );
    let (column_label, measure, raw) = (s("column_label")?, s("measure")?, s("raw")?);
    let (item_no, table_no, table_line, row_line) = (
        u("item_no")?,
        u("table_no")?,
        u("table_line")?,
        u("row_line")?,
    );
    // Saved before rows had boxes: none.
    // A CSV column with no box in it reads as nulls of any type.
    let row_box = match df.schema().contains("row_box") {
        true => Some(
            df.column("row_box")?
                .cast(&DataType::String)?
                .str()?
                .clone(),
        ),
        false => None,
    };
    // Saved before rows were numbered within their table: none.
    let table_row = match df.schema().contains("table_row") {
        true => Some(u("table_row")?),
        false => None,
    };
    // Saved before PDF input existed: no page column, no pages.
    let page = match df.schema().contains("page") {
        true => Some(u("page")?),
        false => None,
    };
    let (doc_date, as_of, fiscal_year) = (d("doc_date")?, d("as_of")?, d("fiscal_year")?);
    let unit_inferred = df.column("unit_inferred")?.bool()?.clone();
    let value = df.column("value")?.cast(&DataType::Float64)?.f64()?.clone();
    let amount_kr = df
        .column("amount_kr")?
        .cast(&DataType::Int64)?
        .i64()?
        .clone();
    let owned = |ca: &StringChunked, i: usize| ca.get(i).map(str::to_string);
    let text = |ca: &StringChunked, i: usize| ca.get(i).unwrap_or_default().to_string();
    // A name this version does not know is an error; the first one found
    // is kept while the other cells are read.
    let unknown: Mutex<Option<PolarsError>> = Mutex::new(None);
    let note_unknown = |column: &str, value: &str| {
        let mut first = unknown.lock().unwrap_or_else(|e| e.into_inner());
        first.get_or_insert_with(|| bad_value(column, value));
    };
    // Cells are read on every core, each thread over its own ranges; rayon
    // writes them in place and in order. Paths, labels and headers repeat
    // from cell to cell (a row's figures, a table's columns): each thread
    // shares a column's recent strings instead of allocating one per cell.
    let cells: Vec<TidyCell> = (0..df.height())
        .into_par_iter()
        .map_init(
            || std::array::from_fn::<RecentStrings, 4, _>(|_| RecentStrings::default()),
            |[sources, row_labels, line_items, column_labels], i| {
                let kind = table_kind.get(i).unwrap_or_default();
                let m = measure.get(i).unwrap_or_default();
                let rk = row_kind.get(i).unwrap_or_default();
                TidyCell {
                    source: sources.share(source.get(i).unwrap_or_default()),
                    doc_date: doc_date.get(i).map(from_epoch_days),
                    committee: owned(&committee, i),
                    encoding: text(&encoding, i),
                    item_no: item_no.get(i),
                    item_title: owned(&item_title, i),
                    table_no: table_no.get(i).unwrap_or_default(),
                    table_line: table_line.get(i).unwrap_or_default(),
                    table_kind: TableKind::from_name(kind).unwrap_or_else(|| {
                        note_unknown("table_kind", kind);
                        TableKind::Statistik
                    }),
                    layout: text(&layout, i),
                    sign_convention: owned(&sign_convention, i),
                    unit: owned(&unit, i),
                    unit_inferred: unit_inferred.get(i).unwrap_or(false),
                    price_basis: owned(&price_basis, i),
                    section: owned(&section, i),
                    row_label: row_labels.share(row_label.get(i).unwrap_or_default()),
                    line_item: line_items.share(line_item.get(i).unwrap_or_default()),
                    row_kind: RowKind::from_name(rk).unwrap_or_else(|| {
                        note_unknown("row_kind", rk);
                        RowKind::Item
                    }),
                    page: page.as_ref().and_then(|p| p.get(i)),
                    row_line: row_line.get(i).unwrap_or_default(),
                    table_row: table_row
                        .as_ref()
                        .and_then(|t| t.get(i))
                        .unwrap_or_default(),
                    row_box: row_box
                        .as_ref()
                        .and_then(|b| b.get(i))
                        .and_then(RowBox::parse),
                    column_label: column_labels.share(column_label.get(i).unwrap_or_default()),
                    measure: Measure::from_name(m).unwrap_or_else(|| {
                        note_unknown("measure", m);
                        Measure::Amount
                    }),
                    fiscal_year: fiscal_year.get(i),
                    as_of: as_of.get(i).map(from_epoch_days),
                    raw: text(&raw, i),
                    value: value.get(i).unwrap_or(f64::NAN),
                    amount_kr: amount_kr.get(i),
                }
            },
        )
        .collect();
    if let Some(e) = unknown.into_inner().unwrap_or_else(|e| e.into_inner()) {
        return Err(e);
    }
    Ok(cells)
}

/// The rejects of all documents: cells that looked numeric but were not
/// used as values, with the reason.
pub fn rejects_frame(docs: &[Extracted]) -> PolarsResult<DataFrame> {
    // (source, reject, (page, line on page))
    type Located<'a> = (&'a str, &'a Reject, (Option<u32>, u32));
    let rows: Vec<Located> = docs
        .iter()
        .flat_map(|d| {
            d.document
                .rejects
                .iter()
                .map(move |r| (&*d.source, r, d.document.locate(r.line)))
        })
        .collect();
    let columns = vec![
        str_column("source", rows.iter().map(|r| Some(r.0))),
        column("page", &rows, |r| r.2 .0),
        column("line", &rows, |r| r.2 .1),
        column("table_no", &rows, |r| r.1.table_no),
        str_column(
            "column_label",
            rows.iter().map(|r| Some(&*r.1.column_label)),
        ),
        str_column("raw", rows.iter().map(|r| Some(r.1.raw.as_str()))),
        str_column("reason", rows.iter().map(|r| Some(r.1.reason.as_str()))),
    ];
    DataFrame::new(rows.len(), columns)
}

/// The tables report: one row per table with where it stands, its kind,
/// its unit and where that is stated, what it gave, and why a table with
/// figures gave no amount.
pub fn tables_frame(docs: &[Extracted]) -> PolarsResult<DataFrame> {
    // (source, document, table yield)
    type Row<'a> = (
        &'a str,
        &'a budgetspor_core::Document,
        budgetspor_core::tables::TableYield,
    );
    let rows: Vec<Row<'_>> = docs
        .iter()
        .flat_map(|d| {
            budgetspor_core::tables::yields(&d.document)
                .into_iter()
                .map(move |y| (&*d.source, &d.document, y))
        })
        .collect();
    fn table<'a>(r: &Row<'a>) -> &'a budgetspor_core::Table {
        &r.1.tables[r.2.table_index]
    }
    let count = |n: usize| n as u32;
    let columns = vec![
        str_column("source", rows.iter().map(|r| Some(r.0))),
        column("page", &rows, |r| r.1.locate(table(r).first_line).0),
        column("line", &rows, |r| r.1.locate(table(r).first_line).1),
        column("table_no", &rows, |r| table(r).table_no),
        column("item_no", &rows, |r| table(r).item_no),
        str_column("layout", rows.iter().map(|r| Some(table(r).layout))),
        str_column(
            "table_kind",
            rows.iter().map(|r| Some(table(r).kind.as_str())),
        ),
        str_column("unit", rows.iter().map(|r| table(r).unit)),
        str_column(
            "unit_source",
            rows.iter()
                .map(|r| table(r).unit_source.map(|u| u.as_str())),
        ),
        column("unit_inferred", &rows, |r| table(r).unit_inferred),
        str_column("caption", rows.iter().map(|r| table(r).caption.as_deref())),
        column("cells", &rows, |r| count(r.2.cells)),
        column("amounts", &rows, |r| count(r.2.amounts)),
        column("rejects", &rows, |r| count(r.2.rejects)),
        str_column("note", rows.iter().map(|r| r.2.note.as_deref())),
    ];
    DataFrame::new(rows.len(), columns)
}

/// A series, one row per figure and vintage.
pub fn series_frame(rows: &[SeriesRow]) -> PolarsResult<DataFrame> {
    let r = rows;
    // A series can be hundreds of thousands of rows: its columns are
    // built side by side, one per core.
    type Build<'a> = &'a (dyn Fn() -> PolarsResult<Column> + Sync);
    let builders: [Build<'_>; 13] = [
        &|| repeated_str_column("series", r.iter().map(|x| Some(x.series.as_str()))),
        &|| repeated_str_column("line_item", r.iter().map(|x| Some(&*x.line_item))),
        &|| Ok(column("fiscal_year", r, |x| x.fiscal_year)),
        &|| repeated_str_column("measure", r.iter().map(|x| Some(x.measure.as_str()))),
        &|| Ok(column("step_no", r, |x| x.step_no)),
        &|| repeated_str_column("step", r.iter().map(|x| x.step.as_deref())),
        &|| date_column("as_of", r.iter().map(|x| x.as_of)),
        &|| date_column("realtime_end", r.iter().map(|x| x.realtime_end)),
        &|| Ok(column("amount_kr", r, |x| x.amount_kr)),
        &|| repeated_str_column("source", r.iter().map(|x| Some(&*x.source))),
        &|| Ok(column("row_line", r, |x| x.row_line)),
        &|| repeated_str_column("row_label", r.iter().map(|x| Some(&*x.row_label))),
        &|| repeated_str_column("column_label", r.iter().map(|x| Some(&*x.column_label))),
    ];
    let columns = builders
        .par_iter()
        .map(|build| build())
        .collect::<PolarsResult<Vec<Column>>>()?;
    DataFrame::new(rows.len(), columns)
}

/// Per-figure revision summary.
pub fn revisions_frame(rows: &[Revision]) -> PolarsResult<DataFrame> {
    let r = rows;
    let columns = vec![
        str_column("line_item", r.iter().map(|x| Some(&*x.line_item))),
        column("fiscal_year", r, |x| x.fiscal_year),
        str_column("measure", r.iter().map(|x| Some(x.measure.as_str()))),
        column("step_no", r, |x| x.step_no),
        date_column("first_as_of", r.iter().map(|x| x.first_as_of))?,
        column("first_kr", r, |x| x.first_kr),
        date_column("latest_as_of", r.iter().map(|x| x.latest_as_of))?,
        column("latest_kr", r, |x| x.latest_kr),
        column("vintages", r, |x| x.vintages),
        column("total_revision_kr", r, |x| x.total_revision_kr),
    ];
    DataFrame::new(rows.len(), columns)
}

/// Budgeted vs realized gains per project and date.
pub fn gains_frame(rows: &[GainComparison]) -> PolarsResult<DataFrame> {
    let r = rows;
    let columns = vec![
        str_column("project", r.iter().map(|x| Some(x.project.as_str()))),
        date_column("as_of", r.iter().map(|x| x.as_of))?,
        column("budgetteret_gevinst_periode_kr", r, |x| {
            x.budgetteret_gevinst_periode_kr
        }),
        column("budgetteret_gevinst_kr", r, |x| x.budgetteret_gevinst_kr),
        column("realiseret_gevinst_kr", r, |x| x.realiseret_gevinst_kr),
        column("afvigelse_kr", r, |x| x.afvigelse_kr),
        column("realiseret_pct", r, |x| x.realiseret_pct),
        str_column("source", r.iter().map(|x| Some(&*x.source))),
        column("row_line", r, |x| x.row_line),
    ];
    DataFrame::new(rows.len(), columns)
}

/// Arithmetic check results.
pub fn checks_frame(rows: &[budgetspor_core::check::CheckResult]) -> PolarsResult<DataFrame> {
    let r = rows;
    let columns = vec![
        str_column("source", r.iter().map(|x| Some(&*x.source))),
        column("line", r, |x| x.line),
        column("table_no", r, |x| x.table_no),
        str_column("rule", r.iter().map(|x| Some(x.rule))),
        str_column("row_label", r.iter().map(|x| Some(&*x.row_label))),
        str_column("column_label", r.iter().map(|x| Some(&*x.column_label))),
        column("expected_kr", r, |x| x.expected_kr),
        column("found_kr", r, |x| x.found_kr),
        column("tolerance_kr", r, |x| x.tolerance_kr),
        str_column("status", r.iter().map(|x| Some(x.status.as_str()))),
        str_column("detail", r.iter().map(|x| Some(x.detail.as_str()))),
    ];
    DataFrame::new(rows.len(), columns)
}

/// "source:line" of the figure a comparison used for a measure.
fn origin(
    c: &budgetspor_core::series::BudgetComparison,
    measure: Option<budgetspor_core::series::SeriesMeasure>,
) -> Option<String> {
    let (source, line) = c.provenance_of(measure?)?;
    Some(format!("{source}:{line}"))
}

/// Budget against result per line item and fiscal year.
pub fn budget_frame(rows: &[budgetspor_core::series::BudgetComparison]) -> PolarsResult<DataFrame> {
    let r = rows;
    let columns = vec![
        str_column("line_item", r.iter().map(|x| Some(&*x.line_item))),
        column("fiscal_year", r, |x| x.fiscal_year),
        date_column("as_of", r.iter().map(|x| x.as_of))?,
        column("vedtaget_budget_kr", r, |x| x.vedtaget_budget_kr),
        column("korrigeret_budget_kr", r, |x| x.korrigeret_budget_kr),
        column("budget_kr", r, |x| x.budget_kr),
        column("forventet_regnskab_kr", r, |x| x.forventet_regnskab_kr),
        column("regnskab_kr", r, |x| x.regnskab_kr),
        str_column(
            "budget_basis",
            r.iter().map(|x| x.budget_basis.map(|m| m.as_str())),
        ),
        str_column(
            "result_basis",
            r.iter().map(|x| x.result_basis.map(|m| m.as_str())),
        ),
        column("afvigelse_kr", r, |x| x.afvigelse_kr),
        column("afvigelse_pct", r, |x| x.afvigelse_pct),
        str_column("source", r.iter().map(|x| Some(&*x.source))),
        column("budget_provenance", r, |x| origin(x, x.budget_basis)),
        column("result_provenance", r, |x| origin(x, x.result_basis)),
    ];
    DataFrame::new(rows.len(), columns)
}

/// A pivoted series: `line_item`, then one Int64 column per fiscal year ×
/// measure.
pub fn wide_frame(w: &budgetspor_core::series::Wide) -> PolarsResult<DataFrame> {
    let mut columns = vec![str_column(
        "line_item",
        w.rows.iter().map(|(item, _)| Some(item.as_str())),
    )];
    for (i, name) in w.columns.iter().enumerate() {
        columns.push(Column::new(
            name.as_str().into(),
            w.rows
                .iter()
                .map(|(_, values)| values[i])
                .collect::<Vec<Option<i64>>>(),
        ));
    }
    DataFrame::new(w.rows.len(), columns)
}

#[cfg(test)]
mod tests {
    #[test]
    fn epoch_days_count_from_1970_and_back() {
        assert_eq!(epoch_days(epoch()), 0);
        let mut date = NaiveDate::from_ymd_opt(1899, 12, 25).unwrap();
        while date.year() < 2101 {
            let days = epoch_days(date);
            assert_eq!(days as i64, (date - epoch()).num_days(), "{date}");
            assert_eq!(from_epoch_days(days), date);
            date += chrono::Duration::days(17);
        }
    }

    use super::*;

    /// The bundled minutes, extracted, in path order.
    fn fixture_documents() -> Vec<Extracted> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/minutes");
        let mut docs = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            docs.push(crate::inputs::read_document(&entry.unwrap().path()).unwrap());
        }
        docs.sort_by(|a, b| a.source.cmp(&b.source));
        docs
    }

    /// The streaming path's frame equals the frame of owned tidy cells.
    #[test]
    fn frame_of_documents_equals_frame_of_tidy_cells() {
        let docs = fixture_documents();
        let direct = cells_frame_of(&docs).unwrap();
        let owned = cells_frame(&tidy_cells(&docs)).unwrap();
        assert_eq!(direct.height(), 906);
        assert!(direct.equals_missing(&owned));
    }

    /// The cells written to Parquet as arrays (their strings as
    /// dictionaries), one row group per document, read back as the frame
    /// of the same cells: every value, null and type. Some documents leave
    /// whole columns empty (no sign note, no price basis), which the writer
    /// gets as plain nulls.
    #[test]
    fn cell_arrays_read_back_from_parquet_as_their_frame() {
        let docs = fixture_documents();
        let mut stream = crate::parquet::ParquetStream::new(Vec::new(), &cells_schema()).unwrap();
        let mut all_null_columns = 0;
        for doc in &docs {
            let arrays = cell_arrays_of(std::slice::from_ref(doc));
            all_null_columns += arrays
                .columns
                .iter()
                .filter(|(_, a)| !a.is_empty() && a.null_count() == a.len())
                .count();
            stream
                .write_columns(arrays.height, &arrays.arrays())
                .unwrap();
        }
        let bytes = stream.finish().unwrap();
        let back = ParquetReader::new(std::io::Cursor::new(bytes))
            .finish()
            .unwrap();
        let expected = cells_frame_of(&docs).unwrap();
        assert_eq!(back.height(), 906);
        assert_eq!(back.schema(), expected.schema());
        assert!(back.equals_missing(&expected));
        assert!(all_null_columns > 0, "no document left a column empty");
    }

    #[test]
    fn cells_survive_a_frame_round_trip() {
        let doc = budgetspor_core::extract_text(
            "REFERAT U d. 27-08-2024\nInvesteringsprojekt\tBudgetteret gevinst\tRealiseret gevinst pr. maj 2020\nAlle skal med\t14.000.000\t5.121.638\nSØV\t6.043.000\t-\n",
        );
        let cells: Vec<TidyCell> = budgetspor_core::tidy::flatten("a.txt", &doc).collect();
        assert_eq!(cells.len(), 3);
        let df = cells_frame(&cells).unwrap();
        assert_eq!(read_cells(df).unwrap(), cells);
    }

    #[test]
    fn an_unknown_name_in_a_saved_table_is_an_error() {
        let doc = budgetspor_core::extract_text("1.000 kr.\tBudget 2025\nSygedagpenge\t336.018\n");
        let cells: Vec<TidyCell> = budgetspor_core::tidy::flatten("a.txt", &doc).collect();
        let mut df = cells_frame(&cells).unwrap();
        df.with_column(Column::new("measure".into(), ["pengeflow"]))
            .unwrap();
        let err = read_cells(df).unwrap_err().to_string();
        assert!(
            err.contains("column measure: expected a known name, found \"pengeflow\""),
            "{err}"
        );
    }
}
