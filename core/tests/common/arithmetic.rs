//! Everything that adds, subtracts or compares cells' amounts: the checks,
//! the three series, revisions and comparisons. Shared by the `document`
//! fuzz target (`fuzz/fuzz_targets/document.rs`) and its properties in the
//! test suite (`document_prop.rs`), which include this file by path.

use budgetspor_core::names::Aliases;
use budgetspor_core::series::{self, SeriesKind};
use budgetspor_core::tidy::TidyCell;

/// Run all of it on `cells`; only a panic or an overflow can fail.
pub fn arithmetic(cells: &[TidyCell]) {
    let _ = budgetspor_core::check::check(cells);
    for kind in [
        SeriesKind::Reservationspulje,
        SeriesKind::Forsorgelsesydelser,
        SeriesKind::Investeringsprojekter,
    ] {
        let names = series::series_names(kind, cells, &Aliases::default());
        let rows = series::build(kind, cells, &names);
        let _ = (series::revisions(&rows), series::compare_gains(&rows));
        let _ = (series::compare_budget(&rows), series::wide(&rows));
    }
}
