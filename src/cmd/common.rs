//! What the commands share: loading cells from minutes or a saved Parquet,
//! reading the alias file, writing a table, and mapping skips to an outcome.

use super::Outcome;
use crate::cli::{CellSource, TableOutput};
use crate::error::{CliError, CmdResult};
use crate::export::Format;
use crate::export::{datapackage_json, format_for, in_dialect, write_to};
use crate::frame::{cols, read_cells, tidy_cells_if};
use crate::output::{write_atomic, write_atomic_with};
use crate::stream::stream_minutes;
use budgetspor_core::check::is_checked;
use budgetspor_core::names::name_key;
use budgetspor_core::names::Aliases;
use budgetspor_core::series::SeriesKind;
use budgetspor_core::tidy::TidyCell;
use budgetspor_core::{Cell, Table, TableKind};
use polars::prelude::*;
use std::path::Path;

/// Which cells a command needs from a saved Parquet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needed<'a> {
    /// The amounts these series are built from (series, compare, chart,
    /// names). The table kinds are pushed down into the Parquet scan; the
    /// reservationspulje rows of transfer tables are picked by a mask on
    /// the line item before any row is materialized, so an archive of
    /// millions of cells is turned into rows only where it matters.
    Series(&'a [SeriesKind]),
    /// The amounts of the tables `check` adds up (every kind but
    /// statistik), with the columns it reads.
    Checks,
    /// The amounts of every money table, with the vintage and the year:
    /// the budget follow-up chart reads any of them.
    Budgets,
}

/// The cell columns every reader of amounts needs: where a figure was
/// printed, what it is, and the figure.
const AMOUNT_COLUMNS: &[&str] = &[
    cols::SOURCE,
    cols::TABLE_NO,
    cols::TABLE_KIND,
    cols::ROW_LABEL,
    cols::LINE_ITEM,
    cols::ROW_KIND,
    cols::ROW_LINE,
    cols::COLUMN_LABEL,
    cols::MEASURE,
    cols::AS_OF,
    cols::AMOUNT_KR,
];

/// Further columns that series, comparisons, charts and name resolution
/// read (`budgetspor_core::series`, `names`): the vintage and the year.
const SERIES_COLUMNS: &[&str] = &[cols::DOC_DATE, cols::FISCAL_YEAR];

/// Further columns that `budgetspor_core::check` reads: the sign note, the
/// unit (its rounding tolerance) and the section (its subtotals).
const CHECK_COLUMNS: &[&str] = &[cols::SIGN_CONVENTION, cols::UNIT, cols::SECTION];

/// The table kinds series are built from: a series' own, and the transfer
/// tables for the reservationspulje (their "Reservationspulje" row).
fn series_table_kinds(series: &[SeriesKind]) -> Vec<TableKind> {
    let mut kinds = Vec::new();
    for s in series {
        match s {
            SeriesKind::Reservationspulje => {
                kinds.push(TableKind::Reservationspulje);
                kinds.push(TableKind::Forsorgelsesydelser);
            }
            SeriesKind::Forsorgelsesydelser => kinds.push(TableKind::Forsorgelsesydelser),
            SeriesKind::Investeringsprojekter => kinds.push(TableKind::Investeringsprojekter),
        }
    }
    kinds
}

/// Which cells are the `needed` ones: the test the Parquet scan below
/// makes, for cells read from minutes.
fn needed_cells(needed: Needed<'_>) -> impl Fn(&Cell, &Table) -> bool + '_ {
    let kinds = match needed {
        Needed::Series(series) => series_table_kinds(series),
        Needed::Checks | Needed::Budgets => Vec::new(),
    };
    move |cell, table| match needed {
        Needed::Checks => is_checked(cell.amount_kr, table.kind),
        Needed::Budgets => cell.amount_kr.is_some() && table.kind != TableKind::Statistik,
        Needed::Series(series) => {
            cell.amount_kr.is_some()
                && kinds.contains(&table.kind)
                && (series.contains(&SeriesKind::Forsorgelsesydelser)
                    || table.kind != TableKind::Forsorgelsesydelser
                    || is_pulje_row(&cell.line_item))
        }
    }
}

/// A transfer table's "Reservationspulje" row (the same test as
/// `series::build`).
fn is_pulje_row(line_item: &str) -> bool {
    name_key(line_item).starts_with("reservationspulje")
}

/// Whether documents read in this order come in the order of their
/// sources, as one pass over all cells checks them (by source, then table):
/// then results checked batch by batch can be written as they come. Files
/// of one directory are; files named in another order, or a file twice,
/// are not.
pub fn in_source_order(files: &[std::path::PathBuf]) -> bool {
    let sources: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    sources.windows(2).all(|pair| pair[0] < pair[1])
}

/// Read a saved cells Parquet lazily, keeping only what is needed.
pub fn scan_cells(path: &Path, needed: Needed<'_>) -> CmdResult<Vec<TidyCell>> {
    let df = scan_frame(path, needed)?;
    read_cells(df).map_err(|e| CliError::at(path, e.to_string()))
}

/// The cell table of a saved Parquet or CSV file, only the rows and
/// columns `needed` (the others come back empty).
pub fn scan_frame(path: &Path, needed: Needed<'_>) -> CmdResult<DataFrame> {
    let unreadable = |e: &dyn std::fmt::Display| {
        CliError::at(
            path,
            format!("expected a Parquet or CSV file written by `budgetspor extract`, {e}"),
        )
    };
    // Parquet by its magic number, whatever the name; anything else is read
    // as the CSV `extract` writes, its columns typed by the cell schema.
    let mut magic = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| {
            use std::io::Read;
            let read = f.read(&mut magic)?;
            magic[read..].fill(0);
            Ok(())
        })
        .map_err(|e| {
            format!(
                "{}: expected a readable Parquet or CSV file, {e}",
                path.display()
            )
        })?;
    let location = PlRefPath::new(path.to_string_lossy().as_ref());
    let mut frame = if &magic == b"PAR1" {
        LazyFrame::scan_parquet(location, ScanArgsParquet::default())
    } else {
        LazyCsvReader::new(location)
            .with_has_header(true)
            .with_dtype_overwrite(Some(Arc::new(crate::frame::cells_schema())))
            .finish()
    }
    .map_err(|e| unreadable(&e))?;
    let mut pulje_rows_only = false;
    let amounts = col(cols::AMOUNT_KR).is_not_null();
    let (wanted, extra) = match needed {
        Needed::Series(series) => {
            let kinds = series_table_kinds(series);
            pulje_rows_only = !series.contains(&SeriesKind::Forsorgelsesydelser);
            let any_kind = kinds
                .iter()
                .map(|k| col(cols::TABLE_KIND).eq(lit(k.as_str())))
                .reduce(|a, b| a.or(b))
                .unwrap_or(lit(false));
            (amounts.and(any_kind), SERIES_COLUMNS)
        }
        Needed::Checks => {
            let summed = col(cols::TABLE_KIND).neq(lit(TableKind::Statistik.as_str()));
            (amounts.and(summed), CHECK_COLUMNS)
        }
        Needed::Budgets => {
            let money = col(cols::TABLE_KIND).neq(lit(TableKind::Statistik.as_str()));
            (amounts.and(money), SERIES_COLUMNS)
        }
    };
    // The table kinds are pushed down into the scan, and only the columns
    // the command reads are decoded: the raw text, titles and units of
    // millions of cells are not.
    let projection: Vec<&str> = AMOUNT_COLUMNS.iter().chain(extra).copied().collect();
    // A file of other columns is named as such in one line, not by the
    // failure of a query plan.
    let found = frame.collect_schema().map_err(|e| unreadable(&e))?;
    if let Some(missing) = projection.iter().find(|c| !found.contains(c)) {
        let columns: Vec<&str> = found.iter_names().map(|n| n.as_str()).take(8).collect();
        return Err(unreadable(&format!(
            "found no column {missing:?} (columns: {})",
            columns.join(", ")
        )));
    }
    frame = frame
        .filter(wanted)
        .select(projection.iter().map(|name| col(*name)).collect::<Vec<_>>());
    let mut df = frame.collect().map_err(|e| unreadable(&e))?;
    // The columns left out come back empty, so that one reader serves
    // every command.
    for (name, dtype) in crate::frame::cells_schema().iter() {
        if !projection.contains(&name.as_str()) {
            df.with_column(Column::full_null(name.clone(), df.height(), dtype))
                .map_err(|e| unreadable(&e))?;
        }
    }
    if pulje_rows_only {
        // Of the transfer tables only their "Reservationspulje" row feeds
        // the reservationspulje series (the same test as series::build).
        let kinds = df.column(cols::TABLE_KIND).and_then(|c| c.str().cloned());
        let items = df.column(cols::LINE_ITEM).and_then(|c| c.str().cloned());
        let (kinds, items) = kinds
            .and_then(|k| Ok((k, items?)))
            .map_err(|e| unreadable(&e))?;
        let keep: BooleanChunked = kinds
            .iter()
            .zip(items.iter())
            .map(|(kind, item)| {
                kind != Some(TableKind::Forsorgelsesydelser.as_str())
                    || item.is_some_and(is_pulje_row)
            })
            .collect();
        df = df.filter(&keep).map_err(|e| unreadable(&e))?;
    }
    Ok(df)
}

/// Cells from the given minutes or saved Parquet (only the `needed` ones),
/// and how many inputs were skipped. An unreadable `--from` file is an
/// error: there is nothing else.
pub fn load_needed_cells(
    source: &CellSource,
    needed: Needed<'_>,
) -> CmdResult<(Vec<TidyCell>, usize)> {
    match &source.from {
        Some(path) => Ok((scan_cells(path, needed)?, 0)),
        None => {
            // Streamed like `extract`: of each batch of documents only the
            // needed cells are kept.
            let is_needed = needed_cells(needed);
            let mut cells = Vec::new();
            let skipped = stream_minutes(&source.paths, source.quiet, |docs| {
                cells.extend(tidy_cells_if(docs, &is_needed));
                Ok(())
            })?;
            Ok((cells, skipped))
        }
    }
}

/// Cells and the alias file, for the commands that build `series`.
pub fn load_cells_and_aliases(
    source: &CellSource,
    series: &[SeriesKind],
) -> CmdResult<(Vec<TidyCell>, usize, Aliases)> {
    let (cells, skipped) = load_needed_cells(source, Needed::Series(series))?;
    let aliases = load_aliases(source.aliases.as_deref())?;
    Ok((cells, skipped, aliases))
}

/// The user's alias file, or none.
pub fn load_aliases(path: Option<&Path>) -> CmdResult<Aliases> {
    let Some(path) = path else {
        return Ok(Aliases::new());
    };
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::at(path, format!("expected a readable alias file, {e}")))?;
    parse_aliases(&text).map_err(|(line, message)| CliError {
        line,
        ..CliError::at(path, message)
    })
}

/// Parse `"Canonical" = ["variant", …]` lines.
/// An error is the line it is on (from the parser's span) and what was
/// expected and found, without the parser's own drawing of the line: the
/// CLI prints `aliases.toml:2: expected …, found …`, as for any file.
pub fn parse_aliases(text: &str) -> Result<Aliases, (Option<u32>, String)> {
    toml::from_str::<Aliases>(text).map_err(|e| {
        let line = e.span().map(|span| {
            let before = &text[..span.start.min(text.len())];
            before.matches('\n').count() as u32 + 1
        });
        let found = e.message().trim_end();
        (
            line,
            format!(
                "expected TOML of the form \"Canonical name\" = [\"variant\", …], found {found}"
            ),
        )
    })
}

/// Write a frame where the user asked (CSV on stdout by default).
pub fn write_table(df: &mut DataFrame, output: &TableOutput) -> CmdResult<()> {
    let path = output.output.as_deref().unwrap_or(Path::new("-"));
    let format = in_dialect(format_for(Some(path), output.format), output.csv_dialect);
    write_frame(df, path, Some(format), output.datapackage)
}

/// Write a frame to `path` (`-` for stdout), optionally with a
/// datapackage.json beside it.
pub fn write_frame(
    df: &mut DataFrame,
    path: &Path,
    format: Option<Format>,
    datapackage: bool,
) -> CmdResult<()> {
    let format = format_for(Some(path), format);
    if datapackage && path.as_os_str() == "-" {
        return Err("expected an output file (-o FILE) with --datapackage, found stdout".into());
    }
    write_atomic_with(path, |out| write_to(df, format, out))
        .map_err(|e| CliError::at(path, format!("expected to write the output, {e}")))?;
    if datapackage {
        write_datapackage(path, df.schema(), format)?;
    }
    Ok(())
}

/// The Frictionless `datapackage.json` beside a written table.
pub fn write_datapackage(path: &Path, schema: &Schema, format: Format) -> CmdResult<()> {
    let name = path
        .file_stem()
        .map_or("table".into(), |s| s.to_string_lossy().to_string());
    let file = path
        .file_name()
        .map_or(String::new(), |s| s.to_string_lossy().to_string());
    let target = path.with_file_name("datapackage.json");
    write_atomic(&target, &datapackage_json(schema, &name, &file, format))
        .map_err(|e| CliError::at(&target, format!("expected to write the data package, {e}")))
}

/// The outcome of a command that got this far with `skipped` inputs left out.
pub fn outcome(skipped: usize) -> Outcome {
    if skipped == 0 {
        Outcome::Complete
    } else {
        Outcome::Partial
    }
}

/// Leave `value` to the operating system instead of freeing it. A command
/// ends right after its output is written, and its cells and rows are
/// hundreds of thousands of allocations: freeing them one by one cost about
/// 50 ms of `compare budget`'s ~0.95 s on a 20,000-document archive, while
/// the process exit returns the memory at once.
pub fn release_at_exit<T>(value: T) {
    std::mem::forget(value);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_file() {
        let a = parse_aliases("\"Forberedende grunduddannelse (FGU)\" = [\"EGU/FGU\"]\n").unwrap();
        assert_eq!(
            a["Forberedende grunduddannelse (FGU)"],
            vec!["EGU/FGU".to_string()]
        );
        let (line, err) = parse_aliases("\"A\" = [\"a\"]\nx = 1\n").unwrap_err();
        assert_eq!(line, Some(2));
        assert_eq!(
            err,
            "expected TOML of the form \"Canonical name\" = [\"variant\", …], \
             found invalid type: integer `1`, expected a sequence"
        );
        let (line, _) = parse_aliases("\"A\" = [\"a\"\n").unwrap_err();
        assert!(line.is_some());
    }
}
