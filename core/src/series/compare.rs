//! Comparisons: budgeted against realized gains per investment project
//! and date, and budget against result per line item and fiscal year.

use super::{SeriesKind, SeriesMeasure, SeriesRow};
use crate::model::Measure;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Budgeted vs realized gain of one project at one point in time.
#[derive(Debug, Clone, PartialEq)]
pub struct GainComparison {
    pub project: String,
    pub as_of: Option<NaiveDate>,
    pub budgetteret_gevinst_periode_kr: Option<i64>,
    pub budgetteret_gevinst_kr: Option<i64>,
    pub realiseret_gevinst_kr: Option<i64>,
    pub afvigelse_kr: Option<i64>,
    /// Realized as a share of budgeted to date, else of the period target.
    pub realiseret_pct: Option<f64>,
    pub source: String,
    /// The project's row in that document.
    pub row_line: u32,
}

/// `compare gevinst`: one row per project and as-of date.
pub fn compare_gains(rows: &[SeriesRow]) -> Vec<GainComparison> {
    let mut by_key: BTreeMap<(String, Option<NaiveDate>), GainComparison> = BTreeMap::new();
    // One row per project and date: the budgeted, realized and deviation
    // figures of a project are cells of one printed row.
    for r in rows
        .iter()
        .filter(|r| r.series == SeriesKind::Investeringsprojekter)
    {
        let entry = by_key
            .entry((r.line_item.to_string(), r.as_of))
            .or_insert_with(|| GainComparison {
                project: r.line_item.to_string(),
                as_of: r.as_of,
                budgetteret_gevinst_periode_kr: None,
                budgetteret_gevinst_kr: None,
                realiseret_gevinst_kr: None,
                afvigelse_kr: None,
                realiseret_pct: None,
                source: r.source.to_string(),
                row_line: r.row_line,
            });
        let slot = match r.measure {
            SeriesMeasure::BudgetteretGevinstPeriode => &mut entry.budgetteret_gevinst_periode_kr,
            SeriesMeasure::BUDGETTERET_GEVINST => &mut entry.budgetteret_gevinst_kr,
            SeriesMeasure::REALISERET_GEVINST => &mut entry.realiseret_gevinst_kr,
            SeriesMeasure::Cell(Measure::Afvigelse) => &mut entry.afvigelse_kr,
            _ => continue,
        };
        *slot = Some(r.amount_kr);
    }
    by_key
        .into_values()
        .map(|mut g| {
            // A deviation the minutes print is kept as printed (the check
            // holds it to the figures); else realized minus budgeted to
            // date, none where either is missing or "-".
            if g.afvigelse_kr.is_none() {
                g.afvigelse_kr = g
                    .realiseret_gevinst_kr
                    .zip(g.budgetteret_gevinst_kr)
                    .and_then(|(r, b)| r.checked_sub(b));
            }
            // The share realized of what was due by then; of the whole
            // period's target only where no budget to date is printed. A
            // zero budget gives no share, not infinity.
            let base = g
                .budgetteret_gevinst_kr
                .or(g.budgetteret_gevinst_periode_kr)
                .filter(|b| *b != 0);
            g.realiseret_pct = g
                .realiseret_gevinst_kr
                .zip(base)
                .map(|(r, b)| r as f64 / b as f64 * 100.0);
            g
        })
        .collect()
}

/// Budget against result for one line item and fiscal year.
#[derive(Debug, Clone, PartialEq)]
pub struct BudgetComparison {
    pub line_item: Arc<str>,
    pub fiscal_year: Option<i32>,
    /// The latest vintage among the figures compared.
    pub as_of: Option<NaiveDate>,
    pub vedtaget_budget_kr: Option<i64>,
    pub korrigeret_budget_kr: Option<i64>,
    pub budget_kr: Option<i64>,
    pub forventet_regnskab_kr: Option<i64>,
    pub regnskab_kr: Option<i64>,
    /// Which budget the deviation uses: korrigeret, else vedtaget, else budget.
    pub budget_basis: Option<SeriesMeasure>,
    /// Which result: regnskab, else forventet regnskab.
    pub result_basis: Option<SeriesMeasure>,
    /// Budget − result (positive: mindreforbrug).
    pub afvigelse_kr: Option<i64>,
    /// The deviation as a share of the budget, in percent.
    pub afvigelse_pct: Option<f64>,
    pub source: Arc<str>,
    /// Where each figure was printed: measure → (source, line).
    pub provenance: BTreeMap<SeriesMeasure, (Arc<str>, u32)>,
}

impl BudgetComparison {
    /// "file:line" of the figure of a measure, if any.
    pub fn provenance_of(&self, measure: SeriesMeasure) -> Option<&(Arc<str>, u32)> {
        self.provenance.get(&measure)
    }
}

/// `compare budget`: per line item and fiscal year, the budget figures
/// against forventet regnskab and regnskab (rows already narrowed to the
/// wanted vintage).
pub fn compare_budget<'a>(rows: impl IntoIterator<Item = &'a SeriesRow>) -> Vec<BudgetComparison> {
    let mut by_key: BTreeMap<(Arc<str>, Option<i32>), BudgetComparison> = BTreeMap::new();
    for r in rows.into_iter().filter(|r| r.step_no.is_none()) {
        let entry = by_key
            .entry((r.line_item.clone(), r.fiscal_year))
            .or_insert_with(|| BudgetComparison {
                line_item: r.line_item.clone(),
                fiscal_year: r.fiscal_year,
                as_of: r.as_of,
                vedtaget_budget_kr: None,
                korrigeret_budget_kr: None,
                budget_kr: None,
                forventet_regnskab_kr: None,
                regnskab_kr: None,
                budget_basis: None,
                result_basis: None,
                afvigelse_kr: None,
                afvigelse_pct: None,
                source: r.source.clone(),
                provenance: BTreeMap::new(),
            });
        let slot = match r.measure {
            SeriesMeasure::VEDTAGET_BUDGET => &mut entry.vedtaget_budget_kr,
            SeriesMeasure::KORRIGERET_BUDGET => &mut entry.korrigeret_budget_kr,
            SeriesMeasure::BUDGET => &mut entry.budget_kr,
            SeriesMeasure::FORVENTET_REGNSKAB => &mut entry.forventet_regnskab_kr,
            SeriesMeasure::REGNSKAB => &mut entry.regnskab_kr,
            _ => continue,
        };
        // The rows are narrowed to one vintage per measure already; a
        // comparison's as-of date and source are the latest figure's.
        *slot = Some(r.amount_kr);
        entry
            .provenance
            .insert(r.measure, (r.source.clone(), r.row_line));
        if r.as_of >= entry.as_of {
            entry.as_of = r.as_of;
            entry.source = r.source.clone();
        }
    }
    by_key
        .into_values()
        .map(|mut c| {
            // The latest budget the minutes state is the one to hold a
            // result to: korrigeret (after tillægsbevillinger), else the
            // approved, else a budget of no stated phase. The result is
            // the executed one where the year is closed, else the forecast.
            let budget = [
                (SeriesMeasure::KORRIGERET_BUDGET, c.korrigeret_budget_kr),
                (SeriesMeasure::VEDTAGET_BUDGET, c.vedtaget_budget_kr),
                (SeriesMeasure::BUDGET, c.budget_kr),
            ]
            .into_iter()
            .find_map(|(name, v)| v.map(|v| (name, v)));
            let result = [
                (SeriesMeasure::REGNSKAB, c.regnskab_kr),
                (SeriesMeasure::FORVENTET_REGNSKAB, c.forventet_regnskab_kr),
            ]
            .into_iter()
            .find_map(|(name, v)| v.map(|v| (name, v)));
            if let (Some((bn, b)), Some((rn, r))) = (budget, result) {
                c.budget_basis = Some(bn);
                c.result_basis = Some(rn);
                // None when the difference does not fit in i64 (see
                // `Revision::total_revision_kr`).
                c.afvigelse_kr = b.checked_sub(r);
                c.afvigelse_pct = c
                    .afvigelse_kr
                    .filter(|_| b != 0)
                    .map(|d| d as f64 / b as f64 * 100.0);
            }
            c
        })
        .collect()
}
