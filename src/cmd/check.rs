//! `budgetspor check`: the arithmetic of every table.
//!
//! Checks are per table, and a table lies within one document, so neither
//! path holds an archive's cells at once: minutes are checked batch by
//! batch as they stream through, and a saved table slice by slice, each
//! slice whole documents. Of the results only those shown are kept (the
//! findings, or all with `--all`); the rest are counted.

use super::common::{outcome, scan_frame, write_table, Needed};
use super::Outcome;
use crate::cli::{CellSource, CheckArgs};
use crate::error::{CliError, CmdResult};
use crate::frame::{checked_cells, checks_frame, cols, read_cells};
use crate::stream::stream_minutes;
use budgetspor_core::check::{check, in_table_order, Checked};
use polars::prelude::*;
use std::path::Path;

/// Rows of a saved table turned into cells and checked at a time (more, to
/// end on a document's last row).
const SLICE_ROWS: usize = 65_536;

/// Check minutes as they stream through, batch by batch. Returns the
/// results in the order of one pass over all cells (by source, then table)
/// and how many inputs were skipped.
fn check_minutes(source: &CellSource, all: bool) -> CmdResult<(Checked, usize)> {
    let mut checked = Checked::default();
    let skipped = stream_minutes(&source.paths, source.quiet, |docs| {
        checked.add(check(&checked_cells(docs)), all);
        Ok(())
    })?;
    in_table_order(&mut checked.kept);
    Ok((checked, skipped))
}

/// Check a saved cell table slice by slice, each slice whole sources of at
/// least `slice_rows` rows, so that only one slice is ever held as cells.
/// Slices in source order give the results in the order of one pass over
/// all cells; a table whose rows are in another order is first sorted by
/// source, each source's rows kept in their order.
fn check_frame(mut df: DataFrame, slice_rows: usize, all: bool) -> PolarsResult<Checked> {
    df.rechunk_mut();
    let sources = df.column(cols::SOURCE)?.str()?.clone();
    let in_order = sources
        .iter()
        .zip(sources.iter().skip(1))
        .all(|(a, b)| a <= b);
    if !in_order {
        let by_source = SortMultipleOptions::default().with_maintain_order(true);
        df = df.sort([cols::SOURCE], by_source)?;
        df.rechunk_mut();
    }
    let sources = df.column(cols::SOURCE)?.str()?.clone();
    let rows = df.height();
    let mut checked = Checked::default();
    let mut start = 0;
    while start < rows {
        let mut end = (start + slice_rows.max(1)).min(rows);
        while end < rows && sources.get(end) == sources.get(end - 1) {
            end += 1;
        }
        let cells = read_cells(df.slice(start as i64, end - start))?;
        checked.add(check(&cells), all);
        start = end;
    }
    Ok(checked)
}

fn check_saved(path: &Path, all: bool) -> CmdResult<(Checked, usize)> {
    // Only the amounts of the tables checked, and their columns.
    let df = scan_frame(path, Needed::Checks)?;
    let checked =
        check_frame(df, SLICE_ROWS, all).map_err(|e| CliError::at(path, e.to_string()))?;
    Ok((checked, 0))
}

pub fn run(args: &CheckArgs) -> CmdResult<Outcome> {
    let (Checked { kept: shown, tally }, skipped) = match &args.source.from {
        Some(path) => check_saved(path, args.all)?,
        None => check_minutes(&args.source, args.all)?,
    };
    let mut df =
        checks_frame(&shown).map_err(|e| format!("expected to build the check table, {e}"))?;
    write_table(&mut df, &args.output)?;
    if !args.source.quiet {
        eprintln!(
            "{} checks: {} exact, {} within rounding, {} mismatches",
            tally.total(),
            tally.exact,
            tally.rounding,
            tally.mismatches
        );
    }
    Ok(if tally.mismatches > 0 && args.fail_on_mismatch {
        Outcome::Mismatch
    } else {
        outcome(skipped)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::{cells_frame, tidy_cells};
    use budgetspor_core::check::Status;

    #[test]
    fn slices_of_whole_sources_check_as_one_pass_does() {
        // The fixtures' cells, documents in reverse order (so the table has
        // to be sorted first), checked in slices of a few rows: each slice
        // is stretched to end with a document, and the results are those of
        // checking every cell at once.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/minutes");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        files.reverse();
        let docs: Vec<_> = files
            .iter()
            .map(|f| crate::inputs::read_document(f).unwrap())
            .collect();
        let cells = tidy_cells(&docs);
        let mut one_pass = check(&cells);
        in_table_order(&mut one_pass);
        assert!(one_pass.len() > 50, "{}", one_pass.len());
        let df = cells_frame(&cells).unwrap();
        for slice_rows in [1, 7, 500, 1 << 20] {
            let checked = check_frame(df.clone(), slice_rows, true).unwrap();
            assert_eq!(checked.kept, one_pass, "slices of {slice_rows}");
            let findings = check_frame(df.clone(), slice_rows, false).unwrap();
            let expected: Vec<_> = one_pass
                .iter()
                .filter(|r| r.status != Status::Ok)
                .cloned()
                .collect();
            assert_eq!(findings.kept, expected);
            assert_eq!(findings.tally.total(), one_pass.len());
        }
    }
}
