//! `budgetspor names`: canonical line items and their printed variants, so
//! a user can confirm unsure merges in an alias file.

use super::common::{load_cells_and_aliases, outcome};
use super::series::kind_of;
use super::Outcome;
use crate::cli::NamesArgs;
use crate::error::CmdResult;
use budgetspor_core::names::{MergeBasis, NameGroup};
use budgetspor_core::series::{series_names, SeriesKind};
use std::fmt::Write;

/// The listing, as printed: one block per canonical name.
pub fn render(kind: SeriesKind, groups: &[NameGroup]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}", kind.as_str());
    for g in groups {
        let mark = if g.basis == MergeBasis::Unsure {
            "  UNSURE: confirm in an alias file"
        } else {
            ""
        };
        let _ = writeln!(out, "{}{mark}", g.canonical);
        for v in &g.variants {
            let places: Vec<String> = g
                .seen
                .iter()
                .filter(|(label, _, _)| **label == **v)
                .map(|(_, source, line)| format!("{source}:{line}"))
                .collect();
            let _ = writeln!(out, "  {v:?}  {}", places.join(", "));
        }
    }
    out
}

pub fn run(args: &NamesArgs) -> CmdResult<Outcome> {
    let kinds = match args.series {
        Some(choice) => vec![kind_of(choice)],
        None => vec![
            SeriesKind::Forsorgelsesydelser,
            SeriesKind::Investeringsprojekter,
        ],
    };
    let (cells, skipped, aliases) = load_cells_and_aliases(&args.source, &kinds)?;
    for kind in kinds {
        let names = series_names(kind, &cells, &aliases);
        print!("{}", render(kind, names.groups()));
    }
    Ok(outcome(skipped))
}
