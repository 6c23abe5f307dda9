//! `budgetspor check`: the arithmetic of every table.

use super::common::{fail, load_cells, outcome, write_table};
use super::Outcome;
use crate::cli::CheckArgs;
use crate::frame::checks_frame;
use budgetspor_core::check::{check, Status};

pub fn run(args: &CheckArgs) -> Outcome {
    let (cells, skipped) = match load_cells(&args.source) {
        Ok(x) => x,
        Err(e) => return fail(e),
    };
    let results = check(&cells);
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
