//! `budgetspor chart`: render a chart of a series.

use super::common::{load_cells_and_aliases, load_needed_cells, outcome, release_at_exit, Needed};
use super::Outcome;
use crate::chart::{
    bridge_steps, follow_up, pulje_years, render_bridge, render_budget, render_follow_up,
    render_gains, render_pulje, render_ydelser, ydelser_lines, ChartFormat,
};
use crate::cli::{ChartArgs, ChartChoice, SvgText};
use crate::error::{CliError, CmdResult};
use crate::output::write_atomic;
use budgetspor_core::names::name_key;
use budgetspor_core::series::{
    build, chosen, compare_budget, compare_gains, series_names, BudgetComparison, SeriesKind,
    SeriesMeasure, SeriesRow, Vintage,
};
use budgetspor_core::tidy::TidyCell;
use std::collections::BTreeSet;

/// "Kilde: referater 26-10-2021, 27-08-2024": the meetings behind a chart.
pub fn source_note<'a>(rows: impl IntoIterator<Item = &'a SeriesRow>) -> String {
    let dates: BTreeSet<_> = rows.into_iter().filter_map(|r| r.as_of).collect();
    let dates: Vec<String> = dates
        .iter()
        .map(|d| d.format("%d-%m-%Y").to_string())
        .collect();
    format!("Kilde: referater {} · budgetspor", dates.join(", "))
}

/// The series a chart is drawn from; `None` for the budget follow-up,
/// drawn from the cells of any money table.
pub fn chart_series(chart: ChartChoice) -> Option<SeriesKind> {
    match chart {
        ChartChoice::Reservationspulje | ChartChoice::Bridge => Some(SeriesKind::Reservationspulje),
        ChartChoice::Gevinst => Some(SeriesKind::Investeringsprojekter),
        ChartChoice::Ydelser | ChartChoice::Budget => Some(SeriesKind::Forsorgelsesydelser),
        ChartChoice::Opfolgning => None,
    }
}

/// How many line items the follow-up chart shows at most.
pub const FOLLOW_UP_ROWS: usize = 15;

/// The budget follow-up chart of the cells (see [`follow_up`]).
pub fn render_follow_up_chart(
    cells: &[TidyCell],
    fiscal_year: Option<i32>,
    format: ChartFormat,
    size: (u32, u32),
) -> Result<Vec<u8>, String> {
    let follow = follow_up(cells, fiscal_year, FOLLOW_UP_ROWS).ok_or_else(|| {
        let year = fiscal_year.map_or(String::new(), |y| format!(" for {y}"));
        format!(
            "expected a table with an expected result beside a budget{year} (a budget follow-up), found none"
        )
    })?;
    render_follow_up(&follow, format, size)
}

/// The bytes of one chart, drawn from the rows of its series (see
/// [`chart_series`]), built by the caller: `run` draws ten charts from
/// three series and builds each series once. `line_items` are canonical
/// names (the ydelser chart's choice; empty for its default).
pub fn render_chart(
    chart: ChartChoice,
    rows: &[SeriesRow],
    fiscal_year: Option<i32>,
    line_items: &[String],
    format: ChartFormat,
    size: (u32, u32),
) -> Result<Vec<u8>, String> {
    match chart {
        ChartChoice::Budget => {
            let comparisons = compare_budget(chosen(rows, Vintage::Latest));
            let is_line = |c: &&BudgetComparison| {
                let key = name_key(&c.line_item);
                c.afvigelse_kr.is_some()
                    && !matches!(key.as_str(), "samlet" | "i alt")
                    && !key.starts_with("reservationspulje")
            };
            let year = fiscal_year
                .or_else(|| {
                    comparisons
                        .iter()
                        .filter(is_line)
                        .filter_map(|c| c.fiscal_year)
                        .max()
                })
                .ok_or("expected line items with both a budget and a result, found none")?;
            let chosen: Vec<&BudgetComparison> = comparisons
                .iter()
                .filter(is_line)
                .filter(|c| c.fiscal_year == Some(year))
                .collect();
            if chosen.is_empty() {
                return Err(format!(
                    "expected line items with both a budget and a result for {year}, found none"
                ));
            }
            let basis = format!(
                "{} − {}",
                chosen[0]
                    .budget_basis
                    .unwrap_or(SeriesMeasure::BUDGET)
                    .danish(),
                chosen[0]
                    .result_basis
                    .unwrap_or(SeriesMeasure::REGNSKAB)
                    .danish()
                    .to_lowercase()
            );
            let mut deviations: Vec<(String, i64)> = chosen
                .iter()
                .map(|c| (c.line_item.to_string(), c.afvigelse_kr.unwrap_or(0)))
                .collect();
            deviations.sort_by_key(|d| std::cmp::Reverse(d.1));
            let rows_of_year = rows.iter().filter(|r| r.fiscal_year == Some(year));
            render_budget(
                year,
                &basis,
                &deviations,
                &source_note(rows_of_year),
                format,
                size,
            )
        }
        ChartChoice::Ydelser => {
            let items = ydelser_lines(rows, line_items);
            if items.is_empty() {
                return Err("expected forsørgelses line items in the input, found none".into());
            }
            render_ydelser(&items, &source_note(rows), format, size)
        }
        ChartChoice::Gevinst => {
            if rows.is_empty() {
                return Err("expected investment project gains in the input, found none".into());
            }
            let gains = compare_gains(rows);
            let dates: BTreeSet<_> = rows.iter().filter_map(|r| r.as_of).collect();
            let note = format!(
                "Opgjort pr. {} · {}",
                dates
                    .iter()
                    .map(|d| d.format("%d-%m-%Y").to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                "budgetspor"
            );
            render_gains(&gains, &note, format, size)
        }
        ChartChoice::Bridge => {
            let year = fiscal_year
                .or_else(|| {
                    rows.iter()
                        .filter(|r| r.step_no.is_some())
                        .filter_map(|r| r.fiscal_year)
                        .max()
                })
                .ok_or("expected a reservationspulje bridge table in the input, found none")?;
            let steps = bridge_steps(rows, year);
            if steps.is_empty() {
                return Err(format!(
                    "expected a reservationspulje bridge for {year}, found none"
                ));
            }
            let bridge_rows = rows
                .iter()
                .filter(|r| r.step_no.is_some() && r.fiscal_year == Some(year));
            render_bridge(year, &steps, &source_note(bridge_rows), format, size)
        }
        ChartChoice::Opfolgning => {
            Err("the budget follow-up is drawn from cells, not a series".into())
        }
        ChartChoice::Reservationspulje => {
            if rows.is_empty() {
                return Err("expected reservationspulje figures in the input, found none".into());
            }
            render_pulje(&pulje_years(rows), &source_note(rows), format, size)
        }
    }
}

pub fn run(args: &ChartArgs) -> CmdResult<Outcome> {
    let format = match ChartFormat::from_path(&args.output) {
        ChartFormat::Svg if args.svg_text == SvgText::Paths => ChartFormat::SvgPaths,
        format => format,
    };
    let Some(kind) = chart_series(args.chart) else {
        let (cells, skipped) = load_needed_cells(&args.source, Needed::Budgets)?;
        let size = (args.width, args.height);
        let bytes = render_follow_up_chart(&cells, args.fiscal_year, format, size)?;
        return write_chart(args, &bytes, skipped);
    };
    let (cells, skipped, aliases) = load_cells_and_aliases(&args.source, &[kind])?;
    let names = series_names(kind, &cells, &aliases);
    let rows = build(kind, &cells, &names);
    let wanted: Vec<String> = args
        .line_items
        .iter()
        .map(|n| names.canonical(n).to_string())
        .collect();
    let size = (args.width, args.height);
    let bytes = render_chart(args.chart, &rows, args.fiscal_year, &wanted, format, size)?;
    release_at_exit((cells, names, rows));
    write_chart(args, &bytes, skipped)
}

fn write_chart(args: &ChartArgs, bytes: &[u8], skipped: usize) -> CmdResult<Outcome> {
    write_atomic(&args.output, bytes)
        .map_err(|e| CliError::at(&args.output, format!("expected to write the chart, {e}")))?;
    Ok(outcome(skipped))
}
