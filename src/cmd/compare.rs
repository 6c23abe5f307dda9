//! `budgetspor compare`: budgeted against realized.

use super::common::{load_cells_and_aliases, outcome, release_at_exit, write_table};
use super::Outcome;
use crate::cli::{CompareArgs, Comparison};
use crate::error::CmdResult;
use crate::frame::{budget_frame, gains_frame};
use budgetspor_core::series::{
    build, chosen, compare_budget, compare_gains, series_names, SeriesKind, Vintage,
};

pub fn run(args: &CompareArgs) -> CmdResult<Outcome> {
    let kind = match args.what {
        Comparison::Gevinst => SeriesKind::Investeringsprojekter,
        Comparison::Budget => SeriesKind::Forsorgelsesydelser,
    };
    let (cells, skipped, aliases) = load_cells_and_aliases(&args.source, &[kind])?;
    let names = series_names(kind, &cells, &aliases);
    let rows = build(kind, &cells, &names);
    let result = match args.what {
        Comparison::Gevinst => gains_frame(&compare_gains(&rows)),
        Comparison::Budget => {
            let vintage = args.as_of.map_or(Vintage::Latest, Vintage::AsOf);
            budget_frame(&compare_budget(chosen(&rows, vintage)))
        }
    };
    release_at_exit((cells, names, rows));
    let mut df = result.map_err(|e| format!("expected to build the comparison, {e}"))?;
    write_table(&mut df, &args.output)?;
    Ok(outcome(skipped))
}
