//! `budgetspor extract`: minutes in, one tidy table of value cells out.
//! Documents are read in parallel batches and each batch is written and
//! dropped before the next, so memory does not grow with the archive. The
//! streaming itself ([`stream_documents`], [`stream_minutes`]) serves every
//! command that reads minutes.

use super::common::{fail, write_datapackage};
use super::Outcome;
use crate::cli::{ExtractArgs, Format};
use crate::export::{format_for, in_dialect};
use crate::frame::{cell_arrays_of, cells_frame, rejects_frame, tables_frame, tidy_cells};
use crate::inputs::{collect_files, read_document, Extracted, InputError};
use crate::sink::{DatasetSink, FrameSink};
use budgetspor_core::Severity;
use indicatif::{ProgressBar, ProgressStyle};
use polars::prelude::Schema;
use rayon::prelude::*;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

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

pub fn run(args: &ExtractArgs) -> Outcome {
    let output = args.output.as_deref().unwrap_or(Path::new("-"));
    let format = in_dialect(format_for(Some(output), args.format), args.csv_dialect);
    if args.datapackage && output.as_os_str() == "-" {
        return fail("expected an output file (-o FILE) with --datapackage, found stdout".into());
    }
    let target = args.dataset.as_deref().unwrap_or(output);
    let mut totals = Totals::default();
    let open = |path: &Path, format| {
        FrameSink::create(path, format)
            .map_err(|e| format!("{}: expected to write the output, {e}", path.display()))
    };
    let dataset = match args.dataset.as_deref().map(DatasetSink::create).transpose() {
        Ok(dataset) => dataset,
        Err(e) => {
            let dir = args.dataset.as_deref().unwrap_or(Path::new("")).display();
            return fail(format!("{dir}: expected to write the dataset, {e}"));
        }
    };
    let cells_sink = match dataset.is_none().then(|| open(output, format)).transpose() {
        Ok(sink) => sink,
        Err(message) => return fail(message),
    };
    // The side reports (--rejects, --tables) are CSV.
    let report_format = in_dialect(Format::Csv, args.csv_dialect);
    let report = |path: Option<&Path>| path.map(|p| open(p, report_format)).transpose();
    let (rejects_sink, tables_sink) = match (
        report(args.rejects.as_deref()),
        report(args.tables.as_deref()),
    ) {
        (Ok(rejects), Ok(tables)) => (rejects, tables),
        (Err(message), _) | (_, Err(message)) => return fail(message),
    };
    let mut sinks = Sinks {
        cells: cells_sink,
        dataset,
        rejects: rejects_sink,
        tables: tables_sink,
    };
    let streamed = stream_minutes(&args.paths, args.quiet, |docs| {
        write_batch(docs, &mut sinks, &mut totals, args, target)
    });
    match streamed {
        Ok(skipped) => totals.skipped = skipped,
        Err(message) => return fail(message),
    }
    let Sinks {
        cells: cells_sink,
        dataset,
        rejects: rejects_sink,
        tables: tables_sink,
    } = sinks;
    let finished = match (cells_sink, dataset) {
        (Some(sink), _) => cells_frame(&[]).and_then(|mut empty| {
            let schema = sink.schema.clone();
            sink.finish(&mut empty)?;
            Ok(schema.unwrap_or_else(|| empty.schema().as_ref().clone()))
        }),
        (None, Some(dataset)) => dataset.finish().map(|_| Schema::default()),
        (None, None) => Ok(Schema::default()),
    }
    .map_err(|e| format!("{}: expected to write the cells, {e}", target.display()));
    let schema = match finished {
        Ok(schema) => schema,
        Err(message) => return fail(message),
    };
    if let (Some(sink), Some(path)) = (rejects_sink, args.rejects.as_deref()) {
        if let Err(e) = rejects_frame(&[]).and_then(|mut empty| sink.finish(&mut empty)) {
            return fail(format!(
                "{}: expected to write the rejects, {e}",
                path.display()
            ));
        }
    }
    if let (Some(sink), Some(path)) = (tables_sink, args.tables.as_deref()) {
        if let Err(e) = tables_frame(&[]).and_then(|mut empty| sink.finish(&mut empty)) {
            return fail(format!(
                "{}: expected to write the tables, {e}",
                path.display()
            ));
        }
    }
    if args.datapackage {
        if let Err(message) = write_datapackage(output, &schema, format) {
            return fail(message);
        }
    }
    if !args.quiet {
        let target = if target.as_os_str() == "-" {
            "stdout".to_string()
        } else {
            target.display().to_string()
        };
        let t = &totals;
        eprintln!(
            "{} documents read, {} skipped; {} tables, {} cells ({} amounts in kr.), {} rejects -> {target}",
            t.documents, t.skipped, t.tables, t.cells, t.amounts, t.rejects
        );
    }
    match (totals.skipped, args.strict) {
        (0, _) => Outcome::Complete,
        (_, true) => Outcome::Failed,
        (_, false) => Outcome::Partial,
    }
}

/// The output side of `extract`.
struct Sinks {
    cells: Option<FrameSink>,
    dataset: Option<DatasetSink>,
    rejects: Option<FrameSink>,
    tables: Option<FrameSink>,
}

type Batch = (usize, Vec<Result<Extracted, InputError>>);

/// Read every input under `paths` in batches (see [`stream_documents`]),
/// with a progress bar and the unreadable ones reported; returns how many
/// inputs were skipped.
pub fn stream_minutes(
    paths: &[PathBuf],
    quiet: bool,
    each: impl FnMut(&[Extracted]) -> Result<(), String>,
) -> Result<usize, String> {
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
    mut each: impl FnMut(&[Extracted]) -> Result<(), String>,
) -> Result<usize, String> {
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

/// Write one batch of documents to the sinks and count it.
fn write_batch(
    docs: &[Extracted],
    sinks: &mut Sinks,
    totals: &mut Totals,
    args: &ExtractArgs,
    target: &Path,
) -> Result<(), String> {
    totals.add(docs);
    match (&mut sinks.cells, &mut sinks.dataset) {
        (Some(sink), _) => sink.write_cells(cell_arrays_of(docs)),
        (None, Some(dataset)) => dataset.write(&tidy_cells(docs)),
        (None, None) => Ok(()),
    }
    .map_err(|e| format!("{}: expected to write the cells, {e}", target.display()))?;
    if let (Some(sink), Some(path)) = (sinks.rejects.as_mut(), args.rejects.as_deref()) {
        rejects_frame(docs)
            .and_then(|mut df| sink.write(&mut df))
            .map_err(|e| format!("{}: expected to write the rejects, {e}", path.display()))?;
    }
    if let (Some(sink), Some(path)) = (sinks.tables.as_mut(), args.tables.as_deref()) {
        tables_frame(docs)
            .and_then(|mut df| sink.write(&mut df))
            .map_err(|e| format!("{}: expected to write the tables, {e}", path.display()))?;
    }
    Ok(())
}
