//! Cells read back from a saved cell table (Parquet or CSV), every name
//! checked against the vocabulary it was written in.

use super::*;

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
        s(cols::SOURCE)?,
        s(cols::COMMITTEE)?,
        s(cols::ENCODING)?,
        s(cols::ITEM_TITLE)?,
    );
    let sign_convention = s(cols::SIGN_CONVENTION)?;
    let (table_kind, layout, unit, price_basis) = (
        s(cols::TABLE_KIND)?,
        s(cols::LAYOUT)?,
        s(cols::UNIT)?,
        s(cols::PRICE_BASIS)?,
    );
    let (section, row_label, line_item, row_kind) = (
        s(cols::SECTION)?,
        s(cols::ROW_LABEL)?,
        s(cols::LINE_ITEM)?,
        s(cols::ROW_KIND)?,
    );
    let (column_label, measure, raw) = (s(cols::COLUMN_LABEL)?, s(cols::MEASURE)?, s(cols::RAW)?);
    let (item_no, table_no, table_line, row_line) = (
        u(cols::ITEM_NO)?,
        u(cols::TABLE_NO)?,
        u(cols::TABLE_LINE)?,
        u(cols::ROW_LINE)?,
    );
    // Saved before rows had boxes: none.
    // A CSV column with no box in it reads as nulls of any type.
    let row_box = match df.schema().contains(cols::ROW_BOX) {
        true => Some(
            df.column(cols::ROW_BOX)?
                .cast(&DataType::String)?
                .str()?
                .clone(),
        ),
        false => None,
    };
    // Saved before rows were numbered within their table: none.
    let table_row = match df.schema().contains(cols::TABLE_ROW) {
        true => Some(u(cols::TABLE_ROW)?),
        false => None,
    };
    // Saved before PDF input existed: no page column, no pages.
    let page = match df.schema().contains(cols::PAGE) {
        true => Some(u(cols::PAGE)?),
        false => None,
    };
    let (doc_date, as_of, fiscal_year) =
        (d(cols::DOC_DATE)?, d(cols::AS_OF)?, d(cols::FISCAL_YEAR)?);
    let unit_inferred = df.column(cols::UNIT_INFERRED)?.bool()?.clone();
    let value = df
        .column(cols::VALUE)?
        .cast(&DataType::Float64)?
        .f64()?
        .clone();
    let amount_kr = df
        .column(cols::AMOUNT_KR)?
        .cast(&DataType::Int64)?
        .i64()?
        .clone();
    let owned = |ca: &StringChunked, i: usize| ca.get(i).map(str::to_string);
    let text = |ca: &StringChunked, i: usize| ca.get(i).unwrap_or_default().to_string();
    // A name this version does not know is an error. The one of the
    // first row is kept while the other cells are read: the same file
    // gives the same message whichever thread came upon which first.
    let unknown: Mutex<Option<(usize, PolarsError)>> = Mutex::new(None);
    let note_unknown = |row: usize, column: &str, value: &str| {
        let mut first = unknown.lock().unwrap_or_else(|e| e.into_inner());
        if first.as_ref().is_none_or(|(at, _)| row < *at) {
            *first = Some((row, bad_value(column, value)));
        }
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
                        note_unknown(i, cols::TABLE_KIND, kind);
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
                        note_unknown(i, cols::ROW_KIND, rk);
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
                        note_unknown(i, cols::MEASURE, m);
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
    if let Some((_, e)) = unknown.into_inner().unwrap_or_else(|e| e.into_inner()) {
        return Err(e);
    }
    Ok(cells)
}
