//! `budgetspor compare`: budgeted against realized.

use super::common::{fail, load_cells_and_aliases, outcome, write_table};
use super::Outcome;
use crate::cli::{CompareArgs, Comparison};
use crate::frame::{budget_frame, gains_frame};
use budgetspor_core::series::{
    build, compare_budget, compare_gains, select, series_names, SeriesKind, Vintage,
};

pub fn run(args: &CompareArgs) -> Outcome {
    let kind = match args.what {
        Comparison::Gevinst => SeriesKind::Investeringsprojekter,
        Comparison::Budget => SeriesKind::Forsorgelsesydelser,
    };
    let (cells, skipped, aliases) = match load_cells_and_aliases(&args.source, &[kind]) {
        Ok(x) => x,
        Err(e) => return fail(e),
    };
    let result = match args.what {
        Comparison::Gevinst => {
            let kind = SeriesKind::Investeringsprojekter;
            let names = series_names(kind, &cells, &aliases);
            let gains = compare_gains(&build(kind, &cells, &names));
            gains_frame(&gains)
        }
        Comparison::Budget => {
            let kind = SeriesKind::Forsorgelsesydelser;
            let names = series_names(kind, &cells, &aliases);
            let vintage = args.as_of.map_or(Vintage::Latest, Vintage::AsOf);
            budget_frame(&compare_budget(&select(
                build(kind, &cells, &names),
                vintage,
            )))
        }
    };
    match result
        .map_err(|e| format!("expected to build the comparison, {e}"))
        .and_then(|mut df| write_table(&mut df, &args.output))
    {
        Ok(()) => outcome(skipped),
        Err(e) => fail(e),
    }
}
