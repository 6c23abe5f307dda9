//! Writing a table batch by batch, so an archive of any size streams
//! through bounded memory: Parquet gets one row group per batch, CSV and
//! NDJSON are appended. Files go through [`AtomicFile`], so the target
//! appears complete or not at all; `-` streams to stdout.

use crate::cli::Format;
use crate::output::AtomicFile;
use polars::prelude::*;
use std::io::Write;
use std::path::Path;

/// Where the bytes go: stdout, or a handle on the temporary file.
enum Handle {
    Stdout(std::io::Stdout),
    File(std::fs::File),
}

impl Write for Handle {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Handle::Stdout(s) => s.write(buf),
            Handle::File(f) => f.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Handle::Stdout(s) => s.flush(),
            Handle::File(f) => f.flush(),
        }
    }
}

/// A table written in batches of the same schema.
pub struct FrameSink {
    format: Format,
    file: Option<AtomicFile>,
    handle: Option<Handle>,
    parquet: Option<polars::io::parquet::write::BatchedWriter<Handle>>,
    batches: usize,
    /// The schema of the first batch, for the data package.
    pub schema: Option<Schema>,
}

impl FrameSink {
    pub fn create(path: &Path, format: Format) -> std::io::Result<FrameSink> {
        let (file, handle) = if path.as_os_str() == "-" {
            (None, Handle::Stdout(std::io::stdout()))
        } else {
            let mut file = AtomicFile::create(path)?;
            let handle = Handle::File(file.file().try_clone()?);
            (Some(file), handle)
        };
        Ok(FrameSink {
            format,
            file,
            handle: Some(handle),
            parquet: None,
            batches: 0,
            schema: None,
        })
    }

    /// Append one batch (one Parquet row group).
    pub fn write(&mut self, df: &mut DataFrame) -> PolarsResult<()> {
        df.rechunk_mut();
        if self.schema.is_none() {
            self.schema = Some(df.schema().as_ref().clone());
        }
        let first = self.batches == 0;
        self.batches += 1;
        if self.format == Format::Parquet {
            if first {
                let handle = self.handle.take().expect("handle until finished");
                self.parquet = Some(
                    ParquetWriter::new(handle)
                        .with_compression(ParquetCompression::Snappy)
                        .batched(df.schema())?,
                );
            }
            if df.height() > 0 {
                self.parquet.as_mut().expect("opened").write_batch(df)?;
            }
            return Ok(());
        }
        let handle = self.handle.as_mut().expect("handle until finished");
        match self.format {
            Format::Csv => CsvWriter::new(handle).include_header(first).finish(df),
            _ => JsonWriter::new(handle)
                .with_json_format(JsonFormat::JsonLines)
                .finish(df),
        }
    }

    /// Write the footer (Parquet) and move the file into place. `empty`
    /// gives the schema when no batch was written.
    pub fn finish(mut self, empty: &mut DataFrame) -> PolarsResult<()> {
        if self.batches == 0 {
            self.write(empty)?;
        }
        if let Some(writer) = self.parquet.take() {
            writer.finish()?;
        }
        if let Some(mut handle) = self.handle.take() {
            handle.flush()?;
        }
        if let Some(file) = self.file.take() {
            file.commit()?;
        }
        Ok(())
    }
}
