//! `budgetspor check`: the arithmetic of every table.

use super::common::{fail, outcome, release_at_exit, scan_cells, write_table, Needed};
use super::extract::stream_minutes;
use super::Outcome;
use crate::cli::{CellSource, CheckArgs};
use crate::frame::{checks_frame, tidy_cells};
use budgetspor_core::check::{check, in_table_order, CheckResult, Status};

/// Check minutes as they stream through, batch by batch (a table lies
/// within one document), so an archive need not fit in memory. Returns
/// the results in the order of one pass over all cells (by source, then
/// table) and how many inputs were skipped.
fn check_minutes(source: &CellSource) -> Result<(Vec<CheckResult>, usize), String> {
    let mut results = Vec::new();
    let skipped = stream_minutes(&source.paths, source.quiet, |docs| {
        results.extend(check(&tidy_cells(docs)));
        Ok(())
    })?;
    in_table_order(&mut results);
    Ok((results, skipped))
}

pub fn run(args: &CheckArgs) -> Outcome {
    let checked = match &args.source.from {
        // Only the amounts of the tables checked, and their columns.
        Some(path) => scan_cells(path, Needed::Checks).map(|cells| {
            let results = check(&cells);
            release_at_exit(cells);
            (results, 0)
        }),
        None => check_minutes(&args.source),
    };
    let (results, skipped) = match checked {
        Ok(x) => x,
        Err(e) => return fail(e),
    };
    let count = |s: Status| results.iter().filter(|r| r.status == s).count();
    let (exact, rounding, mismatch) = (
        count(Status::Ok),
        count(Status::Rounding),
        count(Status::Mismatch),
    );
    let shown: Vec<_> = results
        .iter()
        .filter(|r| args.all || r.status != Status::Ok)
        .cloned()
        .collect();
    if let Err(e) = checks_frame(&shown)
        .map_err(|e| format!("expected to build the check table, {e}"))
        .and_then(|mut df| write_table(&mut df, &args.output))
    {
        return fail(e);
    }
    if !args.source.quiet {
        eprintln!(
            "{} checks: {exact} exact, {rounding} within rounding, {mismatch} mismatches",
            results.len()
        );
    }
    if mismatch > 0 && args.fail_on_mismatch {
        Outcome::Mismatch
    } else {
        outcome(skipped)
    }
}
