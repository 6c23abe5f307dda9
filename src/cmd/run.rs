//! `budgetspor run`: the whole job in one command, into one directory.

use super::chart::{chart_series, render_chart, render_follow_up_chart};
use super::common::{in_source_order, load_aliases, outcome, scan_cells, write_frame, Needed};
use super::Outcome;
use crate::chart::ChartFormat;
use crate::cli::{ChartChoice, RunArgs};
use crate::error::{CliError, CmdResult};
use crate::export::{ExportError, Format};
use crate::frame::{
    budget_frame, cell_arrays_of, cells_frame, checked_cells, checks_frame, cols, gains_frame,
    read_cells, rejects_frame, series_frame, wide_frame,
};
use crate::inputs::collect_files;
use crate::output::write_atomic;
use crate::report::{render_report, ReportData};
use crate::sink::FrameSink;
use crate::stream::{progress, stream_documents, Totals};
use crate::xlsx::{danish_headers, Sheet};
use budgetspor_core::check::{check, in_table_order, Checked, Status};
use budgetspor_core::series::{
    build, chosen, compare_budget, compare_gains, select, series_names, wide, SeriesKind,
    SeriesRow, Vintage,
};
use budgetspor_core::TableKind;
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

fn write(df: PolarsResult<DataFrame>, path: &Path, written: &mut Vec<String>) -> CmdResult<()> {
    let mut df = df.map_err(|e| CliError::at(path, format!("expected to build the table, {e}")))?;
    write_frame(&mut df, path, None, false)?;
    written.push(format!("{} ({} rows)", path.display(), df.height()));
    Ok(())
}

/// The steps of `run`, each its own function.
pub fn run(args: &RunArgs) -> CmdResult<Outcome> {
    let aliases = load_aliases(args.aliases.as_deref())?;
    // Collected here rather than by `stream_minutes`: with no minutes to
    // read, `run` stops before it creates anything, DIR included.
    let (files, errors, passed) = collect_files(&args.paths);
    for e in &errors {
        eprintln!("{e}");
    }
    if let Some(line) = passed.line() {
        eprintln!("{line}");
    }
    if files.is_empty() {
        return Err(no_minutes(args));
    }
    let Read {
        seen,
        documents,
        checks,
        checks_written,
        skipped: unread,
        mut written,
    } = read_minutes(args, &files)?;
    let skipped = errors.len() + unread;
    let out = &args.out;
    let cells_path = out.join("cells.parquet");
    let checks_path = out.join("check.csv");
    let Checked {
        kept: mut results,
        tally,
    } = checks;
    // In the order of one pass over all cells: by source, then table.
    in_table_order(&mut results);
    let mut steps: Vec<(PolarsResult<DataFrame>, std::path::PathBuf)> = Vec::new();
    if checks_written {
        written.push(format!(
            "{} ({} rows)",
            checks_path.display(),
            tally.total()
        ));
    } else {
        steps.push((checks_frame(&results), checks_path.clone()));
        results.retain(|r| r.status != Status::Ok);
    }
    // Each series is built once and serves the files, the charts and the
    // report. Each reads only its own cells from cells.parquet (as `series`
    // does) and lets them go once its rows are built, so the cells of one
    // series at a time are held, not of all three.
    let series = |kind: SeriesKind| {
        scan_cells(&cells_path, Needed::Series(&[kind]))
            .map(|cells| build(kind, &cells, &series_names(kind, &cells, &aliases)))
    };
    let built = Built {
        pulje: series(SeriesKind::Reservationspulje)?,
        ydelser: series(SeriesKind::Forsorgelsesydelser)?,
        projects: series(SeriesKind::Investeringsprojekter)?,
    };
    let gains = compare_gains(&built.projects);
    let budget = compare_budget(chosen(&built.ydelser, Vintage::Latest));
    steps.push((gains_frame(&gains), out.join("compare/gevinst.parquet")));
    steps.push((budget_frame(&budget), out.join("compare/budget.parquet")));
    for kind in SERIES {
        steps.push((
            series_frame(built.rows(kind)),
            out.join(format!("series/{}.parquet", kind.as_str())),
        ));
    }
    for (df, path) in steps {
        write(df, &path, &mut written)?;
    }
    // cells.parquet is read back once, for the workbook's cells and for
    // the budget follow-up chart's money cells.
    let all_cells = std::fs::File::open(&cells_path)
        .map_err(PolarsError::from)
        .and_then(|f| ParquetReader::new(f).finish())
        .map_err(|e| CliError::at(&cells_path, format!("expected to read back, {e}")))?;
    let book = Book {
        cells: &all_cells,
        checks: &checks_path,
        pulje: &built.pulje,
        ydelser: &built.ydelser,
        gains: &gains,
        budget: &budget,
    };
    let book_path = out.join("budgetspor.xlsx");
    let bytes = workbook(&book)?;
    write_atomic(&book_path, &bytes)
        .map_err(|e| CliError::at(&book_path, format!("expected to write the workbook, {e}")))?;
    written.push(book_path.display().to_string());
    let svgs = draw_charts(out, &built, all_cells, &cells_path, &mut written)?;
    let report = render_report(&ReportData {
        documents,
        tables: seen.tables,
        cells: seen.cells,
        amounts: seen.amounts,
        charts: svgs,
        reservationspulje: &built.pulje,
        gains: &gains,
        budget: &budget,
        tally,
        findings: &results,
    });
    let report_path = out.join("report.html");
    write_atomic(&report_path, report.as_bytes())
        .map_err(|e| CliError::at(&report_path, format!("expected to write the report, {e}")))?;
    written.push(report_path.display().to_string());
    if !args.quiet {
        eprintln!(
            "{} documents read, {skipped} skipped; {} tables, {} cells ({} amounts in kr.)",
            seen.documents, seen.tables, seen.cells, seen.amounts
        );
        eprintln!(
            "checks: {} ({} exact, {} within rounding, {} mismatches)",
            tally.total(),
            tally.exact,
            tally.rounding,
            tally.mismatches
        );
        eprintln!("wrote:");
        for w in &written {
            eprintln!("  {w}");
        }
    }
    Ok(outcome(skipped))
}

fn no_minutes(args: &RunArgs) -> CliError {
    CliError::new(format!(
        "expected minutes to read in {}, found none (give PATHS, or run from the repository root for the bundled fixtures/minutes)",
        args.paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
    ))
}

/// What `run` keeps of the documents once their cells are written.
struct Read {
    seen: Totals,
    /// Each document's path and meeting date, for the report.
    documents: Vec<(String, Option<chrono::NaiveDate>)>,
    /// Every check result when check.csv is written at the end, else the
    /// findings.
    checks: Checked,
    /// Whether check.csv was written while reading.
    checks_written: bool,
    skipped: usize,
    /// The files written, for the summary.
    written: Vec<String>,
}

/// Stream the documents through in batches, as `extract` does: each
/// batch is written to cells.parquet and rejects.csv and checked, then
/// dropped. Only what the series, comparisons and charts are built from
/// is read back afterwards, so an archive does not have to fit in memory
/// as documents and cells at once.
fn read_minutes(args: &RunArgs, files: &[std::path::PathBuf]) -> CmdResult<Read> {
    let out = &args.out;
    let cells_path = out.join("cells.parquet");
    let rejects_path = out.join("rejects.csv");
    let checks_path = out.join("check.csv");
    let open = |path: &Path, format| {
        FrameSink::create(path, format)
            .map_err(|e| CliError::at(path, format!("expected to write the output, {e}")))
    };
    let mut cells_sink = open(&cells_path, Format::Parquet)?;
    let mut rejects_sink = open(&rejects_path, Format::Csv)?;
    // check.csv lists the results as one pass over all cells would give
    // them: by source, then table. When the documents are read in that
    // order (one directory is), each batch's results are written as they
    // come and only the findings are kept for the report; otherwise all
    // are kept and put in order at the end.
    let mut checks_sink = if in_source_order(files) {
        Some(open(&checks_path, Format::Csv)?)
    } else {
        None
    };
    let checks_error =
        |e: ExportError| CliError::at(&checks_path, format!("expected to write the checks, {e}"));
    let cells_error =
        |e: ExportError| CliError::at(&cells_path, format!("expected to write the cells, {e}"));
    let rejects_error =
        |e: ExportError| CliError::at(&rejects_path, format!("expected to write the rejects, {e}"));
    let bar = progress(files.len(), args.quiet);
    let say = |m: String| bar.suspend(|| eprintln!("{m}"));
    let mut seen = Totals::default();
    let mut documents: Vec<(String, Option<chrono::NaiveDate>)> = Vec::new();
    let checks_written = checks_sink.is_some();
    let mut checks = Checked::default();
    let streamed = stream_documents(files, args.quiet, &say, &bar, |docs| {
        cells_sink
            .write_cells(cell_arrays_of(docs))
            .map_err(cells_error)?;
        rejects_frame(docs)
            .map_err(ExportError::from)
            .and_then(|mut df| rejects_sink.write(&mut df))
            .map_err(rejects_error)?;
        // Checks are per table, and a table lies within one document.
        let mut checked = check(&checked_cells(docs));
        if let Some(sink) = checks_sink.as_mut() {
            in_table_order(&mut checked);
            checks_frame(&checked)
                .map_err(ExportError::from)
                .and_then(|mut df| sink.write(&mut df))
                .map_err(checks_error)?;
        }
        checks.add(checked, !checks_written);
        seen.add(docs);
        let dated = docs
            .iter()
            .map(|d| (d.source.clone(), d.document.meta.meeting_date));
        documents.extend(dated);
        Ok(())
    });
    bar.finish_and_clear();
    let skipped = streamed?;
    if seen.documents == 0 {
        // Nothing is written: the sinks are dropped uncommitted.
        return Err(no_minutes(args));
    }
    cells_frame(&[])
        .map_err(ExportError::from)
        .and_then(|mut empty| cells_sink.finish(&mut empty))
        .map_err(cells_error)?;
    rejects_frame(&[])
        .map_err(ExportError::from)
        .and_then(|mut empty| rejects_sink.finish(&mut empty))
        .map_err(rejects_error)?;
    if let Some(sink) = checks_sink {
        checks_frame(&[])
            .map_err(ExportError::from)
            .and_then(|mut empty| sink.finish(&mut empty))
            .map_err(checks_error)?;
    }
    let written = vec![
        format!("{} ({} rows)", cells_path.display(), seen.cells),
        format!("{} ({} rows)", rejects_path.display(), seen.rejects),
    ];
    Ok(Read {
        seen,
        documents,
        checks,
        checks_written,
        skipped,
        written,
    })
}

/// The three series, built once for the files, the charts and the report.
struct Built {
    pulje: Vec<SeriesRow>,
    ydelser: Vec<SeriesRow>,
    projects: Vec<SeriesRow>,
}

impl Built {
    fn rows(&self, kind: SeriesKind) -> &[SeriesRow] {
        match kind {
            SeriesKind::Reservationspulje => &self.pulje,
            SeriesKind::Forsorgelsesydelser => &self.ydelser,
            SeriesKind::Investeringsprojekter => &self.projects,
        }
    }
}

/// Draw every chart as SVG and PNG into `out/charts/`; returns the SVGs
/// for the report. A chart without data is skipped, not a failed run.
fn draw_charts(
    out: &Path,
    built: &Built,
    all_cells: DataFrame,
    cells_path: &Path,
    written: &mut Vec<String>,
) -> CmdResult<Vec<(String, String)>> {
    // The budget follow-up is drawn from the cells of any money table.
    let money = col(cols::AMOUNT_KR)
        .is_not_null()
        .and(col(cols::TABLE_KIND).neq(lit(TableKind::Statistik.as_str())));
    let budget_cells = all_cells
        .lazy()
        .filter(money)
        .collect()
        .and_then(read_cells)
        .map_err(|e| CliError::at(cells_path, format!("expected the money cells, {e}")))?;
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
            let drawn = match chart_series(chart) {
                Some(kind) => render_chart(chart, built.rows(kind), None, &[], format, CHART_SIZE),
                None => render_follow_up_chart(&budget_cells, None, format, CHART_SIZE),
            };
            let result = drawn.map_err(|e| CliError::at(&path, e)).and_then(|bytes| {
                write_atomic(&path, &bytes).map_err(|e| {
                    CliError::at(&path, format!("expected to write the chart, {e}"))
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
                Err(e) => eprintln!("{e}"),
            }
        }
    }
    Ok(svgs)
}

/// What `run`'s workbook is made of.
struct Book<'a> {
    cells: &'a DataFrame,
    checks: &'a Path,
    pulje: &'a [SeriesRow],
    ydelser: &'a [SeriesRow],
    gains: &'a [budgetspor_core::series::GainComparison],
    budget: &'a [budgetspor_core::series::BudgetComparison],
}

/// `budgetspor.xlsx`: first the sheets a user opens first (the
/// reservationspulje series, the forsørgelsesydelser as a wide table of
/// the latest figures, budget against result, gains per project and date,
/// every check), then all cells and the sources they came from. Sheet
/// and column names are Danish, as in the report. A cell sheet over
/// Excel's rows says so and points at cells.parquet.
fn workbook(book: &Book<'_>) -> CmdResult<Vec<u8>> {
    fn built(what: &'static str) -> impl Fn(PolarsError) -> String {
        move |e| format!("expected to build the {what} sheet, {e}")
    }
    let pulje = series_frame(book.pulje).map_err(built("reservationspulje"))?;
    let latest = select(book.ydelser.to_vec(), Vintage::Latest);
    let ydelser = wide_frame(&wide(&latest)).map_err(built("forsørgelsesydelser"))?;
    let budget = budget_frame(book.budget).map_err(built("budget"))?;
    let gains = gains_frame(book.gains).map_err(built("gevinst"))?;
    let checks = CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(None)
        .try_into_reader_with_file_path(Some(book.checks.to_path_buf()))
        .and_then(|r| r.finish())
        .map_err(|e| CliError::at(book.checks, format!("expected to read back, {e}")))?;
    let cells = book.cells;
    let sources = cells
        .select([
            cols::SOURCE,
            cols::DOC_DATE,
            cols::COMMITTEE,
            cols::ITEM_NO,
            cols::ITEM_TITLE,
        ])
        .and_then(|df| df.unique_stable(None, UniqueKeepStrategy::First, None))
        .map_err(built("kilder"))?;
    let too_many = cells.height() > crate::xlsx::MAX_ROWS;
    let note = df!(
        "Celler" => [format!(
            "{} celler er flere end et Excel-ark rummer ({}): se cells.parquet",
            cells.height(),
            crate::xlsx::MAX_ROWS
        )]
    )
    .map_err(built("celler"))?;
    let sheet = |name, frame| {
        let mut sheet = Sheet::new(name, frame);
        sheet.headers = Some(danish_headers(frame));
        sheet
    };
    let mut first = sheet("Reservationspulje", &pulje);
    first.millions = vec![(cols::AMOUNT_KR, "Beløb (mio. kr.)")];
    let mut against = sheet("Budget og resultat", &budget);
    against.millions = vec![
        ("budget_kr", "Budget (mio. kr.)"),
        ("forventet_regnskab_kr", "Forventet regnskab (mio. kr.)"),
        ("regnskab_kr", "Regnskab (mio. kr.)"),
        ("afvigelse_kr", "Afvigelse (mio. kr.)"),
    ];
    let sheets = [
        first,
        sheet("Forsørgelsesydelser", &ydelser),
        against,
        sheet("Gevinster", &gains),
        sheet("Kontroller", &checks),
        sheet("Celler", if too_many { &note } else { cells }),
        sheet("Kilder", &sources),
    ];
    crate::xlsx::workbook(&sheets)
        .map_err(|e| format!("expected to build the workbook, {e}").into())
}
