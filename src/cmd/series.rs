//! `budgetspor series`: one series across meetings, every vintage.

use super::common::{load_cells_and_aliases, outcome, release_at_exit, write_table};
use super::Outcome;
use crate::cli::{SeriesArgs, SeriesChoice};
use crate::error::CmdResult;
use crate::frame::{revisions_frame, series_frame, wide_frame};
use budgetspor_core::names::name_key;
use budgetspor_core::series::{build, revisions, select, series_names, wide, SeriesKind, Vintage};

pub fn kind_of(choice: SeriesChoice) -> SeriesKind {
    match choice {
        SeriesChoice::Reservationspulje => SeriesKind::Reservationspulje,
        SeriesChoice::Forsorgelsesydelser => SeriesKind::Forsorgelsesydelser,
        SeriesChoice::Investeringsprojekter => SeriesKind::Investeringsprojekter,
    }
}

pub fn run(args: &SeriesArgs) -> CmdResult<Outcome> {
    let kind = kind_of(args.series);
    let (cells, skipped, aliases) = load_cells_and_aliases(&args.source, &[kind])?;
    let names = series_names(kind, &cells, &aliases);
    let mut rows = build(kind, &cells, &names);
    // The rows own what they need; the cells' memory serves the table.
    drop(cells);
    if !args.line_items.is_empty() {
        // A line item may be asked for by any printed variant.
        let wanted: Vec<String> = args
            .line_items
            .iter()
            .map(|n| name_key(names.canonical(n)))
            .collect();
        rows.retain(|r| wanted.contains(&name_key(&r.line_item)));
    }
    let vintage = match (args.as_of, args.latest, args.first) {
        (Some(d), _, _) => Vintage::AsOf(d),
        (None, true, _) => Vintage::Latest,
        (None, _, true) => Vintage::First,
        // A pivot holds one figure per cell: the latest unless asked.
        _ if args.wide => Vintage::Latest,
        _ => Vintage::All,
    };
    let rows = select(rows, vintage);
    let frame = if args.revisions {
        revisions_frame(&revisions(&rows))
    } else if args.wide {
        wide_frame(&wide(&rows))
    } else {
        series_frame(&rows)
    };
    let result = frame
        .map_err(|e| format!("expected to build the series table, {e}").into())
        .and_then(|mut df| {
            let written = write_table(&mut df, &args.output);
            release_at_exit(df);
            written
        });
    let rows_count = rows.len();
    release_at_exit((names, rows));
    result?;
    if !args.source.quiet {
        eprintln!("{}: {} rows", kind.as_str(), rows_count);
    }
    Ok(outcome(skipped))
}
