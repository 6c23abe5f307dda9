//! `budgetspor run`: the whole job in one command, into one directory.

use super::chart::{chart_series, render_chart, render_follow_up_chart};
use super::common::{
    fail, in_source_order, load_aliases, outcome, scan_cells, write_frame, Needed,
};
use super::Outcome;
use crate::chart::ChartFormat;
use crate::cli::{ChartChoice, RunArgs};
use crate::export::Format;
use crate::frame::{
    budget_frame, cell_arrays_of, cells_frame, checked_cells, checks_frame, gains_frame,
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
    // Collected here rather than by `stream_minutes`: with no minutes to
    // read, `run` stops before it creates anything, DIR included.
    let (files, errors, passed) = collect_files(&args.paths);
    for e in &errors {
        eprintln!("{e}");
    }
    if let Some(line) = passed.line() {
        eprintln!("{line}");
    }
    let no_minutes = || {
        fail(format!(
            "expected minutes to read in {}, found none (give PATHS, or run from the repository root for the bundled fixtures/minutes)",
            args.paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
        ))
    };
    if files.is_empty() {
        return no_minutes();
    }
    let out = &args.out;
    let cells_path = out.join("cells.parquet");
    let rejects_path = out.join("rejects.csv");
    let checks_path = out.join("check.csv");
    // The documents stream through in batches, as in `extract`: each batch
    // is written to cells.parquet and rejects.csv and checked, then
    // dropped. Only what the series, comparisons and charts are built from
    // is read back afterwards, so an archive does not have to fit in
    // memory as documents and cells at once.
    let open = |path: &Path, format| {
        FrameSink::create(path, format)
            .map_err(|e| format!("{}: expected to write the output, {e}", path.display()))
    };
    let (mut cells_sink, mut rejects_sink) = match open(&cells_path, Format::Parquet)
        .and_then(|c| Ok((c, open(&rejects_path, Format::Csv)?)))
    {
        Ok(sinks) => sinks,
        Err(message) => return fail(message),
    };
    // check.csv lists the results as one pass over all cells would give
    // them: by source, then table. When the documents are read in that
    // order (one directory is), each batch's results are written as they
    // come and only the findings are kept for the report; otherwise all
    // are kept and put in order at the end.
    let mut checks_sink = if in_source_order(&files) {
        match open(&checks_path, Format::Csv) {
            Ok(sink) => Some(sink),
            Err(message) => return fail(message),
        }
    } else {
        None
    };
    let checks_error = |e: PolarsError| {
        format!(
            "{}: expected to write the checks, {e}",
            checks_path.display()
        )
    };
    let cells_error =
        |e: PolarsError| format!("{}: expected to write the cells, {e}", cells_path.display());
    let rejects_error = |e: PolarsError| {
        format!(
            "{}: expected to write the rejects, {e}",
            rejects_path.display()
        )
    };
    let bar = progress(files.len(), args.quiet);
    let say = |m: String| bar.suspend(|| eprintln!("{m}"));
    // What `run` keeps of the documents once their cells are written:
    // their totals, and each one's path and date for the report.
    let mut seen = Totals::default();
    let mut documents: Vec<(String, Option<chrono::NaiveDate>)> = Vec::new();
    // Every result when check.csv is written at the end, else the findings.
    let written_checks = checks_sink.is_some();
    let mut checks = Checked::default();
    let streamed = stream_documents(&files, args.quiet, &say, &bar, |docs| {
        cells_sink
            .write_cells(cell_arrays_of(docs))
            .map_err(cells_error)?;
        rejects_frame(docs)
            .and_then(|mut df| rejects_sink.write(&mut df))
            .map_err(rejects_error)?;
        // Checks are per table, and a table lies within one document.
        let mut checked = check(&checked_cells(docs));
        if let Some(sink) = checks_sink.as_mut() {
            in_table_order(&mut checked);
            checks_frame(&checked)
                .and_then(|mut df| sink.write(&mut df))
                .map_err(checks_error)?;
        }
        checks.add(checked, !written_checks);
        seen.add(docs);
        let dated = docs
            .iter()
            .map(|d| (d.source.clone(), d.document.meta.meeting_date));
        documents.extend(dated);
        Ok(())
    });
    bar.finish_and_clear();
    let skipped = match streamed {
        Ok(skipped) => errors.len() + skipped,
        Err(message) => return fail(message),
    };
    if seen.documents == 0 {
        // Nothing is written: the sinks are dropped uncommitted.
        return no_minutes();
    }
    let finished = cells_frame(&[])
        .and_then(|mut empty| cells_sink.finish(&mut empty))
        .map_err(cells_error)
        .and_then(|()| {
            rejects_frame(&[])
                .and_then(|mut empty| rejects_sink.finish(&mut empty))
                .map_err(rejects_error)
        })
        .and_then(|()| match checks_sink {
            Some(sink) => checks_frame(&[])
                .and_then(|mut empty| sink.finish(&mut empty))
                .map_err(checks_error),
            None => Ok(()),
        });
    if let Err(message) = finished {
        return fail(message);
    }
    // In the order of one pass over all cells: by source, then table.
    let Checked {
        kept: mut results,
        tally,
    } = checks;
    in_table_order(&mut results);
    let mut written = vec![
        format!("{} ({} rows)", cells_path.display(), seen.cells),
        format!("{} ({} rows)", rejects_path.display(), seen.rejects),
    ];
    let mut steps: Vec<(PolarsResult<DataFrame>, std::path::PathBuf)> = Vec::new();
    if written_checks {
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
    let (pulje_rows, ydelser_rows, project_rows) = match (|| {
        Ok::<_, String>((
            series(SeriesKind::Reservationspulje)?,
            series(SeriesKind::Forsorgelsesydelser)?,
            series(SeriesKind::Investeringsprojekter)?,
        ))
    })() {
        Ok(rows) => rows,
        Err(message) => return fail(message),
    };
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
    // cells.parquet is read back once, for the workbook's cells and for
    // the budget follow-up chart's money cells.
    let all_cells = match std::fs::File::open(&cells_path)
        .map_err(PolarsError::from)
        .and_then(|f| ParquetReader::new(f).finish())
    {
        Ok(df) => df,
        Err(e) => {
            return fail(format!(
                "{}: expected to read back, {e}",
                cells_path.display()
            ))
        }
    };
    let book = Book {
        cells: &all_cells,
        checks: &checks_path,
        pulje: &pulje_rows,
        ydelser: &ydelser_rows,
        gains: &gains,
        budget: &budget,
    };
    let book_path = out.join("budgetspor.xlsx");
    match workbook(&book).and_then(|bytes| {
        write_atomic(&book_path, &bytes).map_err(|e| {
            format!(
                "{}: expected to write the workbook, {e}",
                book_path.display()
            )
        })
    }) {
        Ok(()) => written.push(book_path.display().to_string()),
        Err(message) => return fail(message),
    }
    // The budget follow-up is drawn from the cells of any money table.
    let money = col("amount_kr")
        .is_not_null()
        .and(col("table_kind").neq(lit(TableKind::Statistik.as_str())));
    let budget_cells = match all_cells
        .lazy()
        .filter(money)
        .collect()
        .and_then(read_cells)
    {
        Ok(cells) => cells,
        Err(e) => {
            return fail(format!(
                "{}: expected the money cells, {e}",
                cells_path.display()
            ))
        }
    };
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
                Some(kind) => {
                    let rows = match kind {
                        SeriesKind::Reservationspulje => &pulje_rows,
                        SeriesKind::Forsorgelsesydelser => &ydelser_rows,
                        SeriesKind::Investeringsprojekter => &project_rows,
                    };
                    render_chart(chart, rows, None, &[], format, CHART_SIZE)
                }
                None => render_follow_up_chart(&budget_cells, None, format, CHART_SIZE),
            };
            let result = drawn.and_then(|bytes| {
                write_atomic(&path, &bytes)
                    .map_err(|e| format!("{}: expected to write the chart, {e}", path.display()))?;
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
        documents,
        tables: seen.tables,
        cells: seen.cells,
        amounts: seen.amounts,
        charts: svgs,
        reservationspulje: &pulje_rows,
        gains: &gains,
        budget: &budget,
        tally,
        findings: &results,
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
    outcome(skipped)
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
fn workbook(book: &Book<'_>) -> Result<Vec<u8>, String> {
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
        .map_err(|e| format!("{}: expected to read back, {e}", book.checks.display()))?;
    let cells = book.cells;
    let sources = cells
        .select(["source", "doc_date", "committee", "item_no", "item_title"])
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
    first.millions = vec![("amount_kr", "Beløb (mio. kr.)")];
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
    crate::xlsx::workbook(&sheets).map_err(|e| format!("expected to build the workbook, {e}"))
}
