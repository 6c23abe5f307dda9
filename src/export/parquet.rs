//! Parquet, Snappy-compressed. A whole frame goes through polars'
//! `ParquetWriter`; batches through [`crate::parquet::ParquetStream`], one
//! row group each, so a table of any size streams through bounded memory,
//! and a batch of cells arrives as Arrow arrays with its dictionaries.

use super::{Batches, ExportError, Exporter};
use crate::frame::CellArrays;
use crate::parquet::ParquetStream;
use polars::prelude::*;
use std::io::Write;

pub struct Parquet;

impl Exporter for Parquet {
    fn extensions(&self) -> &'static [&'static str] {
        &["parquet"]
    }

    fn describe(&self, resource: &mut serde_json::Value) {
        resource["format"] = "parquet".into();
        resource["mediatype"] = "application/vnd.apache.parquet".into();
    }

    fn batches<'w>(&self, out: Box<dyn Write + 'w>) -> Box<dyn Batches<'w> + 'w> {
        Box::new(ParquetBatches {
            out: Some(out),
            stream: None,
        })
    }

    fn write(&self, df: &mut DataFrame, out: &mut dyn Write) -> Result<(), ExportError> {
        ParquetWriter::new(out)
            .with_compression(ParquetCompression::Snappy)
            .finish(df)?;
        Ok(())
    }
}

/// A batch after the file failed to start (its output went with it).
fn not_started() -> PolarsError {
    polars_err!(ComputeError: "the Parquet file could not be started")
}

/// The file is opened with the schema of the first batch.
struct ParquetBatches<'w> {
    /// The output, until the first batch.
    out: Option<Box<dyn Write + 'w>>,
    stream: Option<ParquetStream<Box<dyn Write + 'w>>>,
}

impl<'w> ParquetBatches<'w> {
    fn stream(
        &mut self,
        schema: impl FnOnce() -> Schema,
    ) -> PolarsResult<&mut ParquetStream<Box<dyn Write + 'w>>> {
        if let Some(out) = self.out.take() {
            self.stream = Some(ParquetStream::new(out, &schema())?);
        }
        self.stream.as_mut().ok_or_else(not_started)
    }
}

impl<'w> Batches<'w> for ParquetBatches<'w> {
    fn frame(&mut self, df: &mut DataFrame) -> Result<(), ExportError> {
        let stream = self.stream(|| df.schema().as_ref().clone())?;
        Ok(stream.write_frame(df)?)
    }

    fn cells(&mut self, cells: CellArrays) -> Result<(), ExportError> {
        let stream = self.stream(crate::frame::cells_schema)?;
        Ok(stream.write_columns(cells.height, &cells.arrays())?)
    }

    fn finish(self: Box<Self>) -> Result<Box<dyn Write + 'w>, ExportError> {
        match (self.stream, self.out) {
            (Some(stream), _) => Ok(stream.finish()?),
            (None, Some(out)) => Ok(out),
            (None, None) => Err(not_started().into()),
        }
    }
}
