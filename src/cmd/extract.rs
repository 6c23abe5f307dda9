//! `budgetspor extract`: minutes in, one tidy table of value cells out.
//! Documents are read in parallel batches (see [`crate::stream`]) and each
//! batch is written and dropped before the next, so memory does not grow
//! with the archive.

use super::common::write_datapackage;
use super::Outcome;
use crate::cli::ExtractArgs;
use crate::error::{CliError, CmdResult};
use crate::export::{format_for, in_dialect};
use crate::export::{ExportError, Format};
use crate::frame::{cell_arrays_of, cells_frame, rejects_frame, tables_frame, tidy_cells};
use crate::inputs::Extracted;
use crate::sink::{DatasetSink, FrameSink};
use crate::stream::{stream_minutes, Totals};
use polars::prelude::Schema;
use std::path::Path;

pub fn run(args: &ExtractArgs) -> CmdResult<Outcome> {
    let output = args.output.as_deref().unwrap_or(Path::new("-"));
    let format = in_dialect(format_for(Some(output), args.format), args.csv_dialect);
    // A data package names its resource by path: stdout has none.
    if args.datapackage && output.as_os_str() == "-" {
        return Err("expected an output file (-o FILE) with --datapackage, found stdout".into());
    }
    let target = args.dataset.as_deref().unwrap_or(output);
    let mut totals = Totals::default();
    let open = |path: &Path, format| {
        FrameSink::create(path, format)
            .map_err(|e| CliError::at(path, format!("expected to write the output, {e}")))
    };
    let dataset = args
        .dataset
        .as_deref()
        .map(DatasetSink::create)
        .transpose()?;
    let cells = dataset
        .is_none()
        .then(|| open(output, format))
        .transpose()?;
    // The side reports (--rejects, --tables) are CSV.
    let report_format = in_dialect(Format::Csv, args.csv_dialect);
    let report = |path: Option<&Path>| path.map(|p| open(p, report_format)).transpose();
    let mut sinks = Sinks {
        cells,
        dataset,
        rejects: report(args.rejects.as_deref())?,
        tables: report(args.tables.as_deref())?,
    };
    totals.skipped = stream_minutes(&args.paths, args.quiet, |docs| {
        write_batch(docs, &mut sinks, &mut totals, args, target)
    })?;
    let Sinks {
        cells: cells_sink,
        dataset,
        rejects: rejects_sink,
        tables: tables_sink,
    } = sinks;
    // The data package describes what was written: the first batch's
    // schema, or the empty table's when no document gave a cell.
    let schema = match (cells_sink, dataset) {
        (Some(sink), _) => cells_frame(&[])
            .map_err(ExportError::from)
            .and_then(|mut empty| {
                let schema = sink.schema.clone();
                sink.finish(&mut empty)?;
                Ok(schema.unwrap_or_else(|| empty.schema().as_ref().clone()))
            }),
        (None, Some(dataset)) => dataset.finish().map(|_| Schema::default()),
        (None, None) => Ok(Schema::default()),
    }
    .map_err(|e| CliError::at(target, format!("expected to write the cells, {e}")))?;
    finish_report(
        rejects_sink,
        args.rejects.as_deref(),
        "rejects",
        rejects_frame,
    )?;
    finish_report(tables_sink, args.tables.as_deref(), "tables", tables_frame)?;
    if args.datapackage {
        write_datapackage(output, &schema, format)?;
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
    // --strict: a skipped input fails the run (exit 1), for a pipeline
    // that must not go on with part of an archive.
    Ok(match (totals.skipped, args.strict) {
        (0, _) => Outcome::Complete,
        (_, true) => Outcome::Failed,
        (_, false) => Outcome::Partial,
    })
}

/// Close a side report (`--rejects`, `--tables`): with its header when no
/// batch was written, so an empty report is still a table.
fn finish_report(
    sink: Option<FrameSink>,
    path: Option<&Path>,
    what: &str,
    frame: fn(&[Extracted]) -> polars::prelude::PolarsResult<polars::prelude::DataFrame>,
) -> CmdResult<()> {
    let (Some(sink), Some(path)) = (sink, path) else {
        return Ok(());
    };
    frame(&[])
        .map_err(ExportError::from)
        .and_then(|mut empty| sink.finish(&mut empty))
        .map_err(|e| CliError::at(path, format!("expected to write the {what}, {e}")))
}

/// The output side of `extract`.
struct Sinks {
    cells: Option<FrameSink>,
    dataset: Option<DatasetSink>,
    rejects: Option<FrameSink>,
    tables: Option<FrameSink>,
}

/// Write one batch of documents to the sinks and count it.
fn write_batch(
    docs: &[Extracted],
    sinks: &mut Sinks,
    totals: &mut Totals,
    args: &ExtractArgs,
    target: &Path,
) -> CmdResult<()> {
    totals.add(docs);
    match (&mut sinks.cells, &mut sinks.dataset) {
        (Some(sink), _) => sink.write_cells(cell_arrays_of(docs)),
        (None, Some(dataset)) => dataset.write(&tidy_cells(docs)),
        (None, None) => Ok(()),
    }
    .map_err(|e| CliError::at(target, format!("expected to write the cells, {e}")))?;
    if let (Some(sink), Some(path)) = (sinks.rejects.as_mut(), args.rejects.as_deref()) {
        rejects_frame(docs)
            .map_err(ExportError::from)
            .and_then(|mut df| sink.write(&mut df))
            .map_err(|e| CliError::at(path, format!("expected to write the rejects, {e}")))?;
    }
    if let (Some(sink), Some(path)) = (sinks.tables.as_mut(), args.tables.as_deref()) {
        tables_frame(docs)
            .map_err(ExportError::from)
            .and_then(|mut df| sink.write(&mut df))
            .map_err(|e| CliError::at(path, format!("expected to write the tables, {e}")))?;
    }
    Ok(())
}
