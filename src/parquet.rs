//! Parquet written from Arrow arrays, one row group per call, with polars'
//! own encoder (`polars-parquet`): Snappy, min/max and null-count
//! statistics and the Arrow schema in the footer as polars writes them;
//! dictionary pages for the columns that arrive as dictionaries, plain
//! pages for the others. What this adds over `ParquetWriter`: a column can arrive
//! already dictionary-encoded. The cell table's strings (a document's path,
//! a row's label, a column's header) repeat row after row and the frame
//! builder knows their distinct values anyway; handed over as dictionaries
//! they are written as they are. Handed over as plain strings, the encoder
//! estimates each column's cardinality and hashes it into a dictionary
//! again, which was half of what `extract`'s writing thread did (perf).
//!
//! The file reads back exactly as one written by polars from the same
//! frame: the footer declares plain string columns, and Parquet's
//! dictionary pages are an encoding, not a type (tested below).

use polars::prelude::{
    ArrayRef, CompatLevel, DataFrame, PolarsError, PolarsResult, Schema, SchemaExt,
};
use polars_arrow::datatypes::ArrowDataType;
use polars_parquet::parquet::error::ParquetError;
use polars_parquet::write::{
    array_to_columns, get_dtype_encoding, CompressionOptions, Compressor, DynIter,
    DynStreamingIterator, FallibleStreamingIterator, FileWriter, ParquetType, StatisticsOptions,
    Version, WriteOptions,
};
use std::io::Write;

/// A Parquet file being written row group by row group.
pub struct ParquetStream<W: Write> {
    writer: FileWriter<W>,
    /// The Parquet type of each column, in schema order.
    fields: Vec<ParquetType>,
    options: WriteOptions,
}

impl<W: Write> ParquetStream<W> {
    /// Start a file of this schema (polars types; written as polars would).
    pub fn new(out: W, schema: &Schema) -> PolarsResult<ParquetStream<W>> {
        let arrow = schema.to_arrow(CompatLevel::newest());
        let options = WriteOptions {
            statistics: StatisticsOptions::default(),
            version: Version::V1,
            compression: CompressionOptions::Snappy,
            data_page_size: None,
        };
        let writer = FileWriter::try_new(out, arrow, options)?;
        let fields = writer.parquet_schema().fields().to_vec();
        Ok(ParquetStream {
            writer,
            fields,
            options,
        })
    }

    /// Write one row group of `rows` rows from these columns, in schema
    /// order. A column may be a dictionary array of its schema type; it is
    /// then written with that dictionary. Nothing is written for no rows.
    pub fn write_columns(&mut self, rows: usize, columns: &[ArrayRef]) -> PolarsResult<()> {
        if rows == 0 {
            return Ok(());
        }
        if columns.len() != self.fields.len() {
            return Err(PolarsError::ShapeMismatch(
                format!(
                    "expected {} columns for the Parquet schema, found {}",
                    self.fields.len(),
                    columns.len()
                )
                .into(),
            ));
        }
        // A column of another type would be written under the schema's
        // name and type and read back as garbage: refuse it. A dictionary
        // stands for its values' type.
        for ((name, field), array) in self.writer.schema().iter().zip(columns) {
            let dtype = match array.dtype() {
                ArrowDataType::Dictionary(_, values, _) => values.as_ref(),
                dtype => dtype,
            };
            if dtype != &field.dtype {
                return Err(PolarsError::SchemaMismatch(
                    format!(
                        "expected column {name} as {:?}, found {:?}",
                        field.dtype, dtype
                    )
                    .into(),
                ));
            }
        }
        let mut encoded = Vec::with_capacity(columns.len());
        for (array, type_) in columns.iter().zip(&self.fields) {
            // Dictionary arrays get dictionary pages. Strings, numbers and
            // dates that arrive plain (the cells' `raw`, `value`, amounts,
            // years, line numbers and dates; the repeated strings of small
            // frames) are written plain: polars would estimate their
            // cardinality or scan their range and rebuild them as a
            // dictionary, 6.7 % of a whole `extract`'s instructions
            // (callgrind, 200 docs) to make the file a fifth smaller.
            let encodings = match array.dtype() {
                ArrowDataType::Utf8View
                | ArrowDataType::Float64
                | ArrowDataType::Int64
                | ArrowDataType::Int32
                | ArrowDataType::UInt32
                | ArrowDataType::Date32 => {
                    vec![polars_parquet::parquet::encoding::Encoding::Plain]
                }
                dtype => get_dtype_encoding(dtype),
            };
            for pages in array_to_columns(array, type_.clone(), self.options, &encodings)? {
                let pages = pages.map(|page| {
                    page.map_err(|e| ParquetError::FeatureNotSupported(format!("{e}")))
                });
                let compressed =
                    Compressor::new_from_vec(pages, self.options.compression, Vec::new())
                        .map_err(PolarsError::from);
                encoded.push(Ok(DynStreamingIterator::new(compressed)));
            }
        }
        self.writer
            .write(rows as u64, DynIter::new(encoded.into_iter()))?;
        Ok(())
    }

    /// Write a frame, one row group per chunk (rechunk it first for one).
    pub fn write_frame(&mut self, df: &DataFrame) -> PolarsResult<()> {
        for batch in df.iter_chunks(CompatLevel::newest(), false) {
            self.write_columns(batch.len(), batch.columns())?;
        }
        Ok(())
    }

    /// Write the footer and hand back the output.
    pub fn finish(mut self) -> PolarsResult<W> {
        self.writer.end(None)?;
        Ok(self.writer.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::*;
    use polars_arrow::array::{DictionaryArray, PrimitiveArray, Utf8ViewArray};
    use polars_arrow::datatypes::{ArrowDataType, IntegerType};

    fn read_back(bytes: Vec<u8>) -> DataFrame {
        ParquetReader::new(std::io::Cursor::new(bytes))
            .finish()
            .unwrap()
    }

    #[test]
    fn a_dictionary_column_reads_back_as_the_strings_it_encodes() {
        let schema = Schema::from_iter([
            Field::new("kind".into(), DataType::String),
            Field::new("n".into(), DataType::Int64),
        ]);
        let values = Utf8ViewArray::from_slice_values(["b", "a"]);
        let keys = PrimitiveArray::<u32>::from([Some(0), None, Some(1), Some(0)]);
        let dtype = ArrowDataType::Dictionary(
            IntegerType::UInt32,
            Box::new(ArrowDataType::Utf8View),
            false,
        );
        let kind = DictionaryArray::try_new(dtype, keys, values.boxed()).unwrap();
        let n = PrimitiveArray::<i64>::from([Some(1), Some(2), None, Some(-4)]);
        let mut stream = ParquetStream::new(Vec::new(), &schema).unwrap();
        stream
            .write_columns(4, &[kind.boxed(), n.clone().boxed()])
            .unwrap();
        // A second row group, of plain strings.
        let plain = Utf8ViewArray::from_slice([Some("c"), None]);
        let n2 = PrimitiveArray::<i64>::from([None, Some(7)]);
        stream
            .write_columns(2, &[plain.boxed(), n2.boxed()])
            .unwrap();
        let df = read_back(stream.finish().unwrap());
        let expected = df![
            "kind" => [Some("b"), None, Some("a"), Some("b"), Some("c"), None],
            "n" => [Some(1i64), Some(2), None, Some(-4), None, Some(7)],
        ]
        .unwrap();
        assert!(df.equals_missing(&expected), "{df}");
    }

    #[test]
    fn a_frame_reads_back_equal_and_a_wrong_width_or_type_is_an_error() {
        let df = df![
            "a" => ["x", "y", "x"],
            "b" => [1.5f64, 2.0, -0.25],
        ]
        .unwrap();
        let mut stream = ParquetStream::new(Vec::new(), df.schema()).unwrap();
        stream.write_frame(&df).unwrap();
        let one = PrimitiveArray::<i64>::from([Some(1)]).boxed();
        let error = stream.write_columns(1, &[one]).unwrap_err().to_string();
        assert!(error.contains("expected 2 columns"), "{error}");
        let text = Utf8ViewArray::from_slice_values(["z"]).boxed();
        let number = PrimitiveArray::<i64>::from([Some(1)]).boxed();
        let error = stream
            .write_columns(1, &[text, number])
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("expected column b as Float64, found Int64"),
            "{error}"
        );
        let back = read_back(stream.finish().unwrap());
        assert!(back.equals_missing(&df), "{back}");
    }
}
