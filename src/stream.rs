//! Reading minutes as a stream, for every command that reads them: files
//! are parsed in parallel batches ahead of the consumer, each batch is
//! handed over in input order and dropped, so memory does not grow with
//! the archive; warnings and unreadable files are reported as they come,
//! a progress bar runs on a terminal, and totals feed the summary line.

use crate::error::CmdResult;
use crate::inputs::{collect_files, read_document, Extracted, InputError};
use budgetspor_core::Severity;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::io::IsTerminal;
use std::path::PathBuf;

/// Documents read in parallel per batch; the batch is then written as one
/// Parquet row group and dropped, so memory stays flat however many
/// documents there are.
const BATCH: usize = 64;

/// Report a document's warnings (unless quiet).
fn report_diagnostics(doc: &Extracted, quiet: bool, say: &dyn Fn(String)) {
    if quiet {
        return;
    }
    for d in &doc.document.diagnostics {
        let level = match d.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        match d.line {
            Some(line) => say(format!("{}:{line}: {level}: {}", doc.source, d.message)),
            None => say(format!("{}: {level}: {}", doc.source, d.message)),
        }
    }
}

/// Read files in parallel (rayon), in the given order.
fn read_batch(files: &[PathBuf]) -> Vec<Result<Extracted, InputError>> {
    files.par_iter().map(|f| read_document(f)).collect()
}

/// Running totals for the summary line.
#[derive(Default)]
pub struct Totals {
    pub documents: usize,
    pub skipped: usize,
    pub tables: usize,
    pub cells: usize,
    pub amounts: usize,
    pub rejects: usize,
}

impl Totals {
    /// Count a batch of documents.
    pub fn add(&mut self, docs: &[Extracted]) {
        for d in docs {
            let doc = &d.document;
            self.documents += 1;
            self.tables += doc.tables.len();
            self.cells += doc.cells.len();
            self.amounts += doc.cells.iter().filter(|c| c.amount_kr.is_some()).count();
            self.rejects += doc.rejects.len();
        }
    }
}

/// A progress bar on stderr for long runs at a terminal; hidden otherwise.
pub fn progress(files: usize, quiet: bool) -> ProgressBar {
    if quiet || files < 200 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(files as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} documents, {per_sec}, {eta} left")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

type Batch = (usize, Vec<Result<Extracted, InputError>>);

/// Read every input under `paths` in batches (see [`stream_documents`]),
/// with a progress bar and the unreadable ones reported; returns how many
/// inputs were skipped.
pub fn stream_minutes(
    paths: &[PathBuf],
    quiet: bool,
    each: impl FnMut(&[Extracted]) -> CmdResult<()>,
) -> CmdResult<usize> {
    let (files, errors, passed) = collect_files(paths);
    let bar = progress(files.len(), quiet);
    let say = |m: String| bar.suspend(|| eprintln!("{m}"));
    for e in &errors {
        say(e.to_string());
    }
    if let Some(line) = passed.line().filter(|_| !quiet) {
        say(line);
    }
    let skipped = stream_documents(&files, quiet, &say, &bar, each)?;
    bar.finish_and_clear();
    Ok(errors.len() + skipped)
}

/// Read `files` in batches and hand each batch of readable documents, in
/// input order, to `each`; unreadable files are reported (one line each)
/// and counted. Parsing of the next batch (rayon, in a reader thread)
/// overlaps with `each` on this one, and the channel holds two batches at
/// most, so memory stays bounded however many files there are. Stops at
/// the first error `each` returns. Returns how many files were skipped.
pub fn stream_documents(
    files: &[PathBuf],
    quiet: bool,
    say: &dyn Fn(String),
    bar: &ProgressBar,
    mut each: impl FnMut(&[Extracted]) -> CmdResult<()>,
) -> CmdResult<usize> {
    let (sender, batches) = std::sync::mpsc::sync_channel::<Batch>(2);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            // The patterns compiled side by side on the pool before the
            // first documents wait for them.
            rayon::spawn(|| budgetspor_core::prepare_patterns(0));
            rayon::spawn(|| budgetspor_core::prepare_patterns(1));
            for batch in files.chunks(BATCH) {
                if sender.send((batch.len(), read_batch(batch))).is_err() {
                    break; // the consumer stopped on an error
                }
            }
        });
        let mut skipped = 0;
        // On an error the receiver is dropped here, which stops the reader.
        for (count, results) in batches {
            let mut docs = Vec::with_capacity(count);
            for result in results {
                match result {
                    Ok(doc) => {
                        report_diagnostics(&doc, quiet, say);
                        docs.push(doc);
                    }
                    Err(e) => {
                        say(e.to_string());
                        skipped += 1;
                    }
                }
            }
            bar.inc(count as u64);
            each(&docs)?;
        }
        Ok(skipped)
    })
}
