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

// The cell table written (cells), read back (read), and the other
// tables (tables); the column helpers they share are here.
mod cells;
mod read;
mod tables;

pub use cells::*;
pub use read::*;
pub use tables::*;

#[cfg(test)]
mod tests {
    /// The README's schema table names the cell table's columns in their
    /// order, as the frame has them.
    #[test]
    fn readme_schema_is_the_cell_columns() {
        let readme =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
        let table = readme.split("## Output schema").nth(1).unwrap();
        let documented: Vec<&str> = table
            .lines()
            .skip_while(|l| !l.starts_with("| `"))
            .take_while(|l| l.starts_with("| `"))
            .filter_map(|l| l.split('`').nth(1))
            .collect();
        assert_eq!(documented, super::CELL_COLUMNS);
        let names: Vec<String> = super::cells_schema()
            .iter_names()
            .map(|n| n.to_string())
            .collect();
        assert_eq!(names, super::CELL_COLUMNS);
    }

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

    /// Of many unknown names, read on many threads, the first row's is
    /// the one named, every time.
    #[test]
    fn the_first_unknown_name_is_named() {
        let doc = budgetspor_core::extract_text("1.000 kr.\tBudget 2025\nSygedagpenge\t336.018\n");
        let cell: Vec<TidyCell> = budgetspor_core::tidy::flatten("a.txt", &doc).collect();
        let cells: Vec<TidyCell> = cell.iter().cycle().take(5000).cloned().collect();
        let mut df = cells_frame(&cells).unwrap();
        let measures: Vec<String> = (0..cells.len()).map(|i| format!("m{i}")).collect();
        df.with_column(Column::new(cols::MEASURE.into(), measures))
            .unwrap();
        for _ in 0..5 {
            let err = read_cells(df.clone()).unwrap_err().to_string();
            assert!(err.contains("found \"m0\""), "{err}");
        }
    }
}
