//! Writing a table batch by batch, so an archive of any size streams
//! through bounded memory: Parquet gets one row group per batch, CSV and
//! NDJSON are appended. Files go through [`AtomicFile`], so the target
//! appears complete or not at all; `-` streams to stdout.

use crate::error::{CliError, CmdResult};
use crate::export::Format;
use crate::export::{csv_writer, excel_safe, ExportError};
use crate::frame::CellArrays;
use crate::output::{AtomicFile, WRITE_BUFFER};
use crate::parquet::ParquetStream;
use polars::prelude::*;
use std::io::Write;
use std::path::Path;

/// Where the bytes go: stdout, or a handle on the temporary file. Both
/// buffered: the Parquet writer writes each page header and page on its
/// own, over a hundred thousand small writes for 2,000 documents, and as
/// system calls they cost the writing thread a third of its time.
enum Handle {
    Stdout(std::io::BufWriter<std::io::Stdout>),
    File(std::io::BufWriter<std::fs::File>),
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
    parquet: Option<ParquetStream<Handle>>,
    batches: usize,
    /// The batches of a workbook, written at the end.
    gathered: Option<DataFrame>,
    /// The schema of the first batch, for the data package.
    pub schema: Option<Schema>,
}

impl FrameSink {
    pub fn create(path: &Path, format: Format) -> std::io::Result<FrameSink> {
        let (file, handle) = if path.as_os_str() == "-" {
            let stdout = std::io::BufWriter::with_capacity(WRITE_BUFFER, std::io::stdout());
            (None, Handle::Stdout(stdout))
        } else {
            let mut file = AtomicFile::create(path)?;
            let clone = file.file().try_clone()?;
            let handle = Handle::File(std::io::BufWriter::with_capacity(WRITE_BUFFER, clone));
            (Some(file), handle)
        };
        Ok(FrameSink {
            format,
            file,
            handle: Some(handle),
            parquet: None,
            batches: 0,
            gathered: None,
            schema: None,
        })
    }

    /// Append one batch (one Parquet row group).
    pub fn write(&mut self, df: &mut DataFrame) -> Result<(), ExportError> {
        df.rechunk_mut();
        self.start(|| df.schema().as_ref().clone())?;
        if let Some(parquet) = self.parquet.as_mut() {
            return Ok(parquet.write_frame(df)?);
        }
        let first = self.batches == 1;
        let handle = self.handle.as_mut().expect("handle until finished");
        match self.format {
            Format::Csv => Ok(csv_writer(handle, self.format, first).finish(df)?),
            Format::ExcelCsv => {
                Ok(csv_writer(handle, self.format, first).finish(&mut excel_safe(df)?)?)
            }
            // A workbook is written whole at the end: the batches are
            // gathered, within the rows a sheet holds.
            Format::Xlsx => {
                let gathered = match self.gathered.take() {
                    Some(mut all) => {
                        all.vstack_mut(df)?;
                        all
                    }
                    None => df.clone(),
                };
                if gathered.height() > crate::xlsx::MAX_ROWS {
                    return Err(ExportError::Workbook(
                        crate::xlsx::WorkbookError::TooManyRows {
                            sheet: crate::xlsx::SHEET.into(),
                            rows: gathered.height(),
                        },
                    ));
                }
                self.gathered = Some(gathered);
                Ok(())
            }
            // Parquet was written above; named here so that a new format
            // cannot fall through to NDJSON unnoticed.
            Format::Parquet => unreachable!("Parquet goes through ParquetStream"),
            Format::Ndjson => Ok(JsonWriter::new(handle)
                .with_json_format(JsonFormat::JsonLines)
                .finish(df)?),
        }
    }

    /// Append one batch of cells given as Arrow arrays: to Parquet as they
    /// are (their dictionaries become the row group's), to other formats
    /// as a frame.
    pub fn write_cells(&mut self, cells: CellArrays) -> Result<(), ExportError> {
        if self.format != Format::Parquet {
            return self.write(&mut cells.into_frame()?);
        }
        self.start(crate::frame::cells_schema)?;
        let parquet = self.parquet.as_mut().expect("opened");
        Ok(parquet.write_columns(cells.height, &cells.arrays())?)
    }

    /// Count a batch; before the first, note the schema and open the
    /// Parquet writer.
    fn start(&mut self, schema: impl FnOnce() -> Schema) -> PolarsResult<()> {
        self.batches += 1;
        if self.schema.is_some() {
            return Ok(());
        }
        let schema = schema();
        if self.format == Format::Parquet {
            let handle = self.handle.take().expect("handle until finished");
            self.parquet = Some(ParquetStream::new(handle, &schema)?);
        }
        self.schema = Some(schema);
        Ok(())
    }

    /// Write the footer (Parquet) and move the file into place. `empty`
    /// gives the schema when no batch was written.
    pub fn finish(mut self, empty: &mut DataFrame) -> Result<(), ExportError> {
        if self.batches == 0 {
            self.write(empty)?;
        }
        if let Some(writer) = self.parquet.take() {
            self.handle = Some(writer.finish()?);
        }
        if let Some(all) = self.gathered.take() {
            let bytes = crate::xlsx::single(crate::xlsx::SHEET, &all)?;
            let handle = self.handle.as_mut().expect("handle until finished");
            handle.write_all(&bytes)?;
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

/// The Hive partition value of a fiscal year; Hive's name for null.
fn year_partition(year: Option<i32>) -> String {
    year.map_or("__HIVE_DEFAULT_PARTITION__".to_string(), |y| y.to_string())
}

/// A Hive-partitioned Parquet dataset, `table_kind=…/fiscal_year=…/`, one
/// streaming Parquet file per partition (one row group per batch). The
/// partition columns live in the paths, not in the files, as Hive readers
/// expect. Built in a staging directory and renamed into place.
pub struct DatasetSink {
    staging: std::path::PathBuf,
    target: std::path::PathBuf,
    parts: std::collections::BTreeMap<(&'static str, String), FrameSink>,
}

impl DatasetSink {
    /// A dataset to be written into `dir`. Refusing a directory of the
    /// user's is a [`CliError`] of its own, not an I/O error: nothing
    /// failed, the command declined.
    pub fn create(dir: &Path) -> CmdResult<DatasetSink> {
        let io =
            |e: std::io::Error| CliError::at(dir, format!("expected to write the dataset, {e}"));
        // The finished dataset replaces DIR. Only ever replace an earlier
        // dataset (nothing but `table_kind=…` directories), never a
        // directory of the user's that happens to have that name.
        if let Ok(entries) = std::fs::read_dir(dir) {
            let foreign = entries.filter_map(Result::ok).find(|e| {
                !e.file_name().to_string_lossy().starts_with("table_kind=")
                    || !e.file_type().is_ok_and(|t| t.is_dir())
            });
            if let Some(entry) = foreign {
                return Err(CliError::at(
                    dir,
                    format!(
                        "expected a new directory or an earlier dataset, found {} in it; \
                         choose another --dataset directory",
                        entry.file_name().to_string_lossy()
                    ),
                ));
            }
        } else if dir.exists() {
            return Err(CliError::at(
                dir,
                "expected a directory, found a file of that name",
            ));
        }
        let name = dir
            .file_name()
            .map_or("dataset".into(), |n| n.to_string_lossy().to_string());
        let parent = match dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let staging = parent.join(format!(".{name}.{}.tmp", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(io)?;
        }
        std::fs::create_dir_all(&staging).map_err(io)?;
        Ok(DatasetSink {
            staging,
            target: dir.to_path_buf(),
            parts: Default::default(),
        })
    }

    /// Append a batch of cells, each to its partition.
    pub fn write(&mut self, cells: &[budgetspor_core::tidy::TidyCell]) -> Result<(), ExportError> {
        let mut groups: std::collections::BTreeMap<(&'static str, String), Vec<_>> =
            Default::default();
        for cell in cells {
            groups
                .entry((cell.table_kind.as_str(), year_partition(cell.fiscal_year)))
                .or_default()
                .push(cell);
        }
        for (key, group) in groups {
            let sink = match self.parts.entry(key.clone()) {
                std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::btree_map::Entry::Vacant(e) => {
                    let path = self
                        .staging
                        .join(format!("table_kind={}", key.0))
                        .join(format!("fiscal_year={}", key.1))
                        .join("part-0.parquet");
                    e.insert(FrameSink::create(&path, Format::Parquet)?)
                }
            };
            let mut df = crate::frame::cells_frame(group)?.drop_many(["table_kind", "fiscal_year"]);
            sink.write(&mut df)?;
        }
        Ok(())
    }

    /// Close every partition and move the dataset into place, replacing
    /// an earlier one.
    pub fn finish(mut self) -> Result<usize, ExportError> {
        let count = self.parts.len();
        for (_, sink) in std::mem::take(&mut self.parts) {
            let mut empty = DataFrame::empty();
            sink.finish(&mut empty)?;
        }
        if self.target.exists() {
            let old = self.staging.with_extension("old");
            std::fs::rename(&self.target, &old)?;
            std::fs::rename(&self.staging, &self.target)?;
            std::fs::remove_dir_all(&old)?;
        } else {
            std::fs::rename(&self.staging, &self.target)?;
        }
        Ok(count)
    }
}

impl Drop for DatasetSink {
    /// A run that stops early (an error) leaves no staging directory; after
    /// `finish` the staging directory has become the dataset and this finds
    /// nothing to remove.
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.staging);
    }
}
