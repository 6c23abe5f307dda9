//! `budgetspor extract`: minutes in, one tidy table of value cells out.

use super::common::write_frame;
use super::Outcome;
use crate::cli::{ExtractArgs, Format};
use crate::export::to_bytes;
use crate::frame::{cells_frame, rejects_frame, tidy_cells};
use crate::inputs::{collect_files, read_document, Extracted};
use crate::output::write_atomic;
use budgetspor_core::Severity;
use std::path::Path;

/// Read every input, reporting and skipping the bad ones. Returns the
/// documents and how many inputs were skipped.
pub fn read_all(paths: &[std::path::PathBuf], quiet: bool) -> (Vec<Extracted>, usize) {
    let (files, errors) = collect_files(paths);
    let mut skipped = errors.len();
    for e in &errors {
        eprintln!("{e}");
    }
    let mut docs = Vec::with_capacity(files.len());
    for file in &files {
        match read_document(file) {
            Ok(doc) => {
                if !quiet {
                    for d in &doc.document.diagnostics {
                        let level = match d.severity {
                            Severity::Warning => "warning",
                            Severity::Error => "error",
                        };
                        match d.line {
                            Some(line) => {
                                eprintln!("{}:{line}: {level}: {}", doc.source, d.message)
                            }
                            None => eprintln!("{}: {level}: {}", doc.source, d.message),
                        }
                    }
                }
                docs.push(doc);
            }
            Err(e) => {
                eprintln!("{e}");
                skipped += 1;
            }
        }
    }
    (docs, skipped)
}

pub fn run(args: &ExtractArgs) -> Outcome {
    let (docs, skipped) = read_all(&args.paths, args.quiet);
    let output = args.output.as_deref().unwrap_or(Path::new("-"));
    let written = cells_frame(&tidy_cells(&docs))
        .map_err(|e| format!("expected to build the cell table, {e}"))
        .and_then(|mut df| write_frame(&mut df, output, args.format, args.datapackage));
    if let Err(message) = written {
        eprintln!("{message}");
        return Outcome::Failed;
    }
    if let Some(path) = &args.rejects {
        let result = rejects_frame(&docs)
            .and_then(|mut df| to_bytes(&mut df, Format::Csv))
            .map_err(|e| e.to_string())
            .and_then(|bytes| write_atomic(path, &bytes).map_err(|e| e.to_string()));
        if let Err(e) = result {
            eprintln!("{}: expected to write the rejects, {e}", path.display());
            return Outcome::Failed;
        }
    }
    if !args.quiet {
        let tables: usize = docs.iter().map(|d| d.document.tables.len()).sum();
        let cells: usize = docs.iter().map(|d| d.document.cells.len()).sum();
        let amounts: usize = docs
            .iter()
            .map(|d| {
                d.document
                    .cells
                    .iter()
                    .filter(|c| c.amount_kr.is_some())
                    .count()
            })
            .sum();
        let rejects: usize = docs.iter().map(|d| d.document.rejects.len()).sum();
        let target = if output.as_os_str() == "-" {
            "stdout".to_string()
        } else {
            output.display().to_string()
        };
        eprintln!(
            "{} documents read, {skipped} skipped; {tables} tables, {cells} cells ({amounts} amounts in kr.), {rejects} rejects -> {target}",
            docs.len()
        );
    }
    match (skipped, args.strict) {
        (0, _) => Outcome::Complete,
        (_, true) => Outcome::Failed,
        (_, false) => Outcome::Partial,
    }
}
