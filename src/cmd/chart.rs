//! `budgetspor chart`: render a chart of a series.

use super::common::{fail, load_cells_and_aliases, outcome};
use super::Outcome;
use crate::chart::{
    bridge_steps, pulje_years, render_bridge, render_gains, render_pulje, render_ydelser,
    ydelser_lines, ChartFormat,
};
use crate::cli::{ChartArgs, ChartChoice};
use crate::output::write_atomic;
use budgetspor_core::series::{build, compare_gains, series_names, SeriesKind, SeriesRow};
use budgetspor_core::tidy::TidyCell;
use std::collections::BTreeSet;

/// "Kilde: referater 26-10-2021, 27-08-2024": the meetings behind a chart.
pub fn source_note(rows: &[SeriesRow]) -> String {
    let dates: BTreeSet<_> = rows.iter().filter_map(|r| r.as_of).collect();
    let dates: Vec<String> = dates
        .iter()
        .map(|d| d.format("%d-%m-%Y").to_string())
        .collect();
    format!("Kilde: referater {} · budgetspor", dates.join(", "))
}

/// The bytes of one chart.
pub fn render_chart(
    chart: ChartChoice,
    cells: &[TidyCell],
    aliases: &budgetspor_core::names::Aliases,
    fiscal_year: Option<i32>,
    line_items: &[String],
    format: ChartFormat,
    size: (u32, u32),
) -> Result<Vec<u8>, String> {
    match chart {
        ChartChoice::Ydelser => {
            let kind = SeriesKind::Forsorgelsesydelser;
            let names = series_names(kind, cells, aliases);
            let rows = build(kind, cells, &names);
            let wanted: Vec<String> = line_items
                .iter()
                .map(|n| names.canonical(n).to_string())
                .collect();
            let items = ydelser_lines(&rows, &wanted);
            if items.is_empty() {
                return Err("expected forsørgelses line items in the input, found none".into());
            }
            render_ydelser(&items, &source_note(&rows), format, size)
        }
        ChartChoice::Gevinst => {
            let kind = SeriesKind::Investeringsprojekter;
            let rows = build(kind, cells, &series_names(kind, cells, aliases));
            if rows.is_empty() {
                return Err("expected investment project gains in the input, found none".into());
            }
            let gains = compare_gains(&rows);
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
            let kind = SeriesKind::Reservationspulje;
            let rows = build(kind, cells, &series_names(kind, cells, aliases));
            let year = fiscal_year
                .or_else(|| {
                    rows.iter()
                        .filter(|r| r.step_no.is_some())
                        .filter_map(|r| r.fiscal_year)
                        .max()
                })
                .ok_or("expected a reservationspulje bridge table in the input, found none")?;
            let steps = bridge_steps(&rows, year);
            if steps.is_empty() {
                return Err(format!(
                    "expected a reservationspulje bridge for {year}, found none"
                ));
            }
            let bridge_rows: Vec<SeriesRow> = rows
                .into_iter()
                .filter(|r| r.step_no.is_some() && r.fiscal_year == Some(year))
                .collect();
            render_bridge(year, &steps, &source_note(&bridge_rows), format, size)
        }
        ChartChoice::Reservationspulje => {
            let kind = SeriesKind::Reservationspulje;
            let rows = build(kind, cells, &series_names(kind, cells, aliases));
            if rows.is_empty() {
                return Err("expected reservationspulje figures in the input, found none".into());
            }
            render_pulje(&pulje_years(&rows), &source_note(&rows), format, size)
        }
    }
}

pub fn run(args: &ChartArgs) -> Outcome {
    let (cells, skipped, aliases) = match load_cells_and_aliases(&args.source) {
        Ok(x) => x,
        Err(e) => return fail(e),
    };
    let format = ChartFormat::from_path(&args.output);
    let bytes = match render_chart(
        args.chart,
        &cells,
        &aliases,
        args.fiscal_year,
        &args.line_items,
        format,
        (args.width, args.height),
    ) {
        Ok(b) => b,
        Err(e) => return fail(e),
    };
    if let Err(e) = write_atomic(&args.output, &bytes) {
        return fail(format!(
            "{}: expected to write the chart, {e}",
            args.output.display()
        ));
    }
    outcome(skipped)
}
