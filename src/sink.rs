//! Writing a table batch by batch, so an archive of any size streams
//! through bounded memory: Parquet gets one row group per batch, CSV and
//! NDJSON are appended. Files go through [`AtomicFile`], so the target
//! appears complete or not at all; `-` streams to stdout.

use crate::error::{CliError, CmdResult};
use crate::export::{Batches, ExportError, Format};
use crate::frame::{cols, CellArrays};
use crate::output::{AtomicFile, WRITE_BUFFER};
use polars::prelude::*;
use std::io::Write;
use std::path::Path;

/// A table written in batches of the same schema, in the format's own way
/// ([`crate::export::Exporter::batches`]).
pub struct FrameSink {
    file: Option<AtomicFile>,
    /// Until finished.
    batches: Option<Box<dyn Batches<'static>>>,
    count: usize,
    /// The schema of the first batch, for the data package.
    pub schema: Option<Schema>,
}

impl FrameSink {
    pub fn create(path: &Path, format: Format) -> std::io::Result<FrameSink> {
        // Buffered either way: the Parquet writer writes each page header
        // and page on its own, over a hundred thousand small writes for
        // 2,000 documents, and as system calls they cost the writing
        // thread a third of its time.
        let (file, out): (_, Box<dyn Write>) = if path.as_os_str() == "-" {
            let stdout = std::io::BufWriter::with_capacity(WRITE_BUFFER, std::io::stdout());
            (None, Box::new(stdout))
        } else {
            let mut file = AtomicFile::create(path)?;
            let clone = file.file().try_clone()?;
            let out = Box::new(std::io::BufWriter::with_capacity(WRITE_BUFFER, clone));
            (Some(file), out)
        };
        Ok(FrameSink {
            file,
            batches: Some(format.exporter().batches(out)),
            count: 0,
            schema: None,
        })
    }

    fn batches(&mut self) -> &mut dyn Batches<'static> {
        self.batches.as_deref_mut().expect("batches until finished")
    }

    /// Append one batch (one Parquet row group).
    pub fn write(&mut self, df: &mut DataFrame) -> Result<(), ExportError> {
        df.rechunk_mut();
        self.count += 1;
        self.schema
            .get_or_insert_with(|| df.schema().as_ref().clone());
        self.batches().frame(df)
    }

    /// Append one batch of cells given as Arrow arrays: to Parquet as they
    /// are (their dictionaries become the row group's), to other formats
    /// as a frame.
    pub fn write_cells(&mut self, cells: CellArrays) -> Result<(), ExportError> {
        self.count += 1;
        self.schema.get_or_insert_with(crate::frame::cells_schema);
        self.batches().cells(cells)
    }

    /// End the table (a Parquet footer) and move the file into place.
    /// `empty` gives the schema when no batch was written.
    pub fn finish(mut self, empty: &mut DataFrame) -> Result<(), ExportError> {
        if self.count == 0 {
            self.write(empty)?;
        }
        let batches = self.batches.take().expect("batches until finished");
        batches.finish()?.flush()?;
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
            let mut df =
                crate::frame::cells_frame(group)?.drop_many([cols::TABLE_KIND, cols::FISCAL_YEAR]);
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
