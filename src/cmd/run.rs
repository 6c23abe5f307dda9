//! `budgetspor run`: the whole job in one command, into one directory.

use super::chart::render_chart;
use super::common::{fail, load_aliases, outcome, write_frame};
use super::extract::read_all;
use super::Outcome;
use crate::chart::ChartFormat;
use crate::cli::{ChartChoice, RunArgs};
use crate::frame::{
    budget_frame, cells_frame, checks_frame, gains_frame, rejects_frame, series_frame, tidy_cells,
};
use crate::output::write_atomic;
use crate::report::{render_report, ReportData};
use budgetspor_core::check::{check, Status};
use budgetspor_core::series::{
    build, chosen, compare_budget, compare_gains, series_names, SeriesKind, Vintage,
};
use clap::ValueEnum;
use polars::prelude::*;
use std::path::Path;

/// The size of the charts `run` draws, in pixels.
pub const CHART_SIZE: (u32, u32) = (1000, 600);

const SERIES: [SeriesKind; 3] = [
    SeriesKind::Reservationspulje,
    SeriesKind::Forsorgelsesydelser,
    SeriesKind::Investeringsprojekter,
];

fn write(
    df: PolarsResult<DataFrame>,
    path: &Path,
    written: &mut Vec<String>,
) -> Result<(), String> {
    let mut df = df.map_err(|e| format!("{}: expected to build the table, {e}", path.display()))?;
    write_frame(&mut df, path, None, false)?;
    written.push(format!("{} ({} rows)", path.display(), df.height()));
    Ok(())
}

pub fn run(args: &RunArgs) -> Outcome {
    let aliases = match load_aliases(args.aliases.as_deref()) {
        Ok(a) => a,
        Err(e) => return fail(e),
    };
    let (docs, skipped) = read_all(&args.paths, args.quiet);
    if docs.is_empty() {
        return fail(format!(
            "expected minutes to read in {}, found none (give PATHS, or run from the repository root for the bundled fixtures/minutes)",
            args.paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
        ));
    }
    let cells = tidy_cells(&docs);
    let results = check(&cells);
    let out = &args.out;
    let mut written = Vec::new();
    let mut steps: Vec<(PolarsResult<DataFrame>, std::path::PathBuf)> = vec![
        (cells_frame(&cells), out.join("cells.parquet")),
        (rejects_frame(&docs), out.join("rejects.csv")),
        (checks_frame(&results), out.join("check.csv")),
    ];
    // Each series is built once and serves the files and the report.
    let series = |kind: SeriesKind| build(kind, &cells, &series_names(kind, &cells, &aliases));
    let pulje_rows = series(SeriesKind::Reservationspulje);
    let ydelser_rows = series(SeriesKind::Forsorgelsesydelser);
    let project_rows = series(SeriesKind::Investeringsprojekter);
    let gains = compare_gains(&project_rows);
    let budget = compare_budget(chosen(&ydelser_rows, Vintage::Latest));
    steps.push((gains_frame(&gains), out.join("compare/gevinst.parquet")));
    steps.push((budget_frame(&budget), out.join("compare/budget.parquet")));
    for (kind, rows) in SERIES
        .iter()
        .zip([&pulje_rows, &ydelser_rows, &project_rows])
    {
        steps.push((
            series_frame(rows),
            out.join(format!("series/{}.parquet", kind.as_str())),
        ));
    }
    for (df, path) in steps {
        if let Err(e) = write(df, &path, &mut written) {
            return fail(e);
        }
    }
    let mut svgs = Vec::new();
    for &chart in ChartChoice::value_variants() {
        let name = chart
            .to_possible_value()
            .map_or("chart".into(), |v| v.get_name().to_string());
        for format in [ChartFormat::Svg, ChartFormat::Png] {
            let extension = if format == ChartFormat::Svg {
                "svg"
            } else {
                "png"
            };
            let path = out.join(format!("charts/{name}.{extension}"));
            let result = render_chart(chart, &cells, &aliases, None, &[], format, CHART_SIZE)
                .and_then(|bytes| {
                    write_atomic(&path, &bytes).map_err(|e| {
                        format!("{}: expected to write the chart, {e}", path.display())
                    })?;
                    Ok(bytes)
                });
            match result {
                Ok(bytes) => {
                    written.push(path.display().to_string());
                    if format == ChartFormat::Svg {
                        svgs.push((name.clone(), String::from_utf8_lossy(&bytes).into_owned()));
                    }
                }
                // A chart without data is skipped, not a failed run.
                Err(e) => eprintln!("{}: {e}", path.display()),
            }
        }
    }
    let report = render_report(&ReportData {
        documents: docs
            .iter()
            .map(|d| (d.source.clone(), d.document.meta.meeting_date))
            .collect(),
        tables: docs.iter().map(|d| d.document.tables.len()).sum(),
        cells: cells.len(),
        amounts: cells.iter().filter(|c| c.amount_kr.is_some()).count(),
        charts: svgs,
        reservationspulje: &pulje_rows,
        gains: &gains,
        budget: &budget,
        checks: &results,
    });
    let report_path = out.join("report.html");
    if let Err(e) = write_atomic(&report_path, report.as_bytes()) {
        return fail(format!(
            "{}: expected to write the report, {e}",
            report_path.display()
        ));
    }
    written.push(report_path.display().to_string());
    if !args.quiet {
        let tables: usize = docs.iter().map(|d| d.document.tables.len()).sum();
        let amounts = cells.iter().filter(|c| c.amount_kr.is_some()).count();
        let count = |s: Status| results.iter().filter(|r| r.status == s).count();
        eprintln!(
            "{} documents read, {skipped} skipped; {tables} tables, {} cells ({amounts} amounts in kr.)",
            docs.len(),
            cells.len()
        );
        eprintln!(
            "checks: {} ({} exact, {} within rounding, {} mismatches)",
            results.len(),
            count(Status::Ok),
            count(Status::Rounding),
            count(Status::Mismatch)
        );
        eprintln!("wrote:");
        for w in &written {
            eprintln!("  {w}");
        }
    }
    outcome(skipped)
}
