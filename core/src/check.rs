//! Arithmetic checks of extracted tables — what no table extractor does:
//! items add up to their subtotals and totals, the columns of a row add up
//! to its "I alt" column, a deviation column equals budget minus result under
//! the table's sign convention, and the reservationspulje bridge adds up step
//! by step. Printed figures are rounded, so a check passes within ±1 in the
//! table's unit per figure summed; a difference inside that is reported as
//! `rounding`, outside it as `mismatch`.

use crate::model::{Measure, RowKind, TableKind};
use crate::number::Unit;
use crate::tidy::TidyCell;
use std::collections::BTreeMap;

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Exactly equal.
    Ok,
    /// Different, but within the rounding tolerance.
    Rounding,
    /// Different beyond rounding: a finding.
    Mismatch,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Rounding => "rounding",
            Status::Mismatch => "mismatch",
        }
    }
}

/// One arithmetic check of one figure.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckResult {
    pub source: String,
    pub line: u32,
    pub table_no: u32,
    /// `row_sum`, `column_sum`, `deviation`, `bridge`.
    pub rule: &'static str,
    pub row_label: String,
    pub column_label: String,
    pub expected_kr: i64,
    pub found_kr: i64,
    pub tolerance_kr: i64,
    pub status: Status,
    /// What was added up, in words.
    pub detail: String,
}

struct Row<'a> {
    line: u32,
    kind: RowKind,
    section: Option<&'a str>,
    label: &'a str,
    /// Cells by column label, in printed order.
    cells: Vec<&'a TidyCell>,
}

impl Row<'_> {
    fn get(&self, column: &str) -> Option<i64> {
        self.cells
            .iter()
            .find(|c| &*c.column_label == column)
            .and_then(|c| c.amount_kr)
    }
}

/// Kroner per printed unit: the rounding of one printed figure. A figure
/// of a "1.000 kr." table is rounded to the nearest thousand kroner.
fn unit_factor(unit: Option<&str>) -> i64 {
    unit.and_then(Unit::of_label).map_or(1, |u| u.factor)
}

struct Ctx<'a> {
    source: &'a str,
    table_no: u32,
    factor: i64,
    out: &'a mut Vec<CheckResult>,
}

impl Ctx<'_> {
    #[allow(clippy::too_many_arguments)]
    fn record(
        &mut self,
        rule: &'static str,
        row: &Row<'_>,
        column: &str,
        expected: i64,
        found: i64,
        figures: usize,
        detail: String,
    ) {
        let tolerance = self.factor.saturating_mul(figures.max(1) as i64);
        let difference = expected.abs_diff(found);
        let status = if difference == 0 {
            Status::Ok
        } else if difference <= tolerance.unsigned_abs() {
            Status::Rounding
        } else {
            Status::Mismatch
        };
        self.out.push(CheckResult {
            source: self.source.to_string(),
            line: row.line,
            table_no: self.table_no,
            rule,
            row_label: row.label.to_string(),
            column_label: column.to_string(),
            expected_kr: expected,
            found_kr: found,
            tolerance_kr: tolerance,
            status,
            detail,
        });
    }
}

/// How many checks came out each way: what a summary needs of results
/// that are written as they come and not kept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub exact: usize,
    pub rounding: usize,
    pub mismatches: usize,
}

impl Tally {
    /// Count a part of the results.
    pub fn add(&mut self, results: &[CheckResult]) {
        for r in results {
            match r.status {
                Status::Ok => self.exact += 1,
                Status::Rounding => self.rounding += 1,
                Status::Mismatch => self.mismatches += 1,
            }
        }
    }

    pub fn total(&self) -> usize {
        self.exact + self.rounding + self.mismatches
    }
}

/// Put results checked in parts (a batch of documents at a time) in the
/// order [`check`] gives all cells at once: by source, then table, each
/// table's results as found (the sort is stable).
pub fn in_table_order(results: &mut [CheckResult]) {
    results.sort_by(|a, b| (&a.source, a.table_no).cmp(&(&b.source, b.table_no)));
}

/// Results checked part by part, kept as a command needs them: all of
/// them (`all`), or only those that did not come out exact, with every
/// result counted either way.
#[derive(Debug, Default)]
pub struct Checked {
    pub kept: Vec<CheckResult>,
    pub tally: Tally,
}

impl Checked {
    /// Count a part of the results and keep what is asked for.
    pub fn add(&mut self, results: Vec<CheckResult>, all: bool) {
        self.tally.add(&results);
        self.kept.extend(
            results
                .into_iter()
                .filter(|r| all || r.status != Status::Ok),
        );
    }
}

/// Whether a cell takes part in the checks: an amount in kroner, in a
/// table that adds up (statistics tables list counts and shares). The one
/// test for [`check`] and for callers that pick the cells to check.
pub fn is_checked(amount_kr: Option<i64>, kind: TableKind) -> bool {
    amount_kr.is_some() && kind != TableKind::Statistik
}

/// Check every monetary table among the cells.
pub fn check(cells: &[TidyCell]) -> Vec<CheckResult> {
    let mut tables: BTreeMap<(&str, u32), Vec<&TidyCell>> = BTreeMap::new();
    for c in cells
        .iter()
        .filter(|c| is_checked(c.amount_kr, c.table_kind))
    {
        tables.entry(c.table_key()).or_default().push(c);
    }
    let mut out = Vec::new();
    for ((source, table_no), cells) in tables {
        let mut rows: BTreeMap<u32, Row<'_>> = BTreeMap::new();
        let mut columns: Vec<(&str, Measure)> = Vec::new();
        for c in &cells {
            if !columns.iter().any(|(l, _)| *l == &*c.column_label) {
                columns.push((&c.column_label, c.measure));
            }
            // A table's cells come as a tidy list; the checks read them
            // as the printed rows, one per line, in printed order (a
            // BTreeMap keyed by line), each labeled as printed or else by
            // its line item.
            rows.entry(c.row_line)
                .or_insert_with(|| Row {
                    line: c.row_line,
                    kind: c.row_kind,
                    section: c.section.as_deref(),
                    label: if c.row_label.is_empty() {
                        &c.line_item
                    } else {
                        &c.row_label
                    },
                    cells: Vec::new(),
                })
                .cells
                .push(c);
        }
        let rows: Vec<Row<'_>> = rows.into_values().collect();
        // A table has one unit (its cells share it): the rounding of a
        // printed figure is one of it.
        let mut ctx = Ctx {
            source,
            table_no,
            factor: unit_factor(cells[0].unit.as_deref()),
            out: &mut out,
        };
        // The reservationspulje is a bridge (start, movements, subtotals,
        // end) read down its rows; the other money tables are grids of
        // items and sums, of parts and an "I alt", of budget, result and
        // deviation.
        if cells[0].table_kind == TableKind::Reservationspulje {
            check_bridge(&mut ctx, &rows, &columns);
        } else {
            check_row_sums(&mut ctx, &rows, &columns);
            check_column_sums(&mut ctx, &rows, &columns);
            check_deviations(&mut ctx, &rows, &columns, cells[0]);
        }
    }
    out
}

/// A running sum and how many figures went into it. Sums saturate at the
/// ends of i64: figures no minutes print, but a file can hold them, and a
/// sum past the end then shows as a mismatch at the largest sum there is
/// rather than wrapping round to a wrong one.
#[derive(Debug, Clone, Copy, Default)]
struct Sum {
    kr: i64,
    figures: usize,
    /// The true sum lies past the end `kr` shows.
    clamped: bool,
}

impl Sum {
    /// One stated figure.
    fn of(kr: i64) -> Sum {
        Sum {
            kr,
            figures: 1,
            clamped: false,
        }
    }
    fn add(&mut self, kr: i64) {
        *self = self.plus(Sum::of(kr));
    }
    fn plus(self, other: Sum) -> Sum {
        Sum {
            kr: self.kr.saturating_add(other.kr),
            figures: self.figures + other.figures,
            clamped: self.clamped || other.clamped || self.kr.checked_add(other.kr).is_none(),
        }
    }
    /// The check's detail, saying so when the expected figure is an end
    /// of the 64-bit range rather than the sum (or difference).
    fn detail(self, how: String) -> String {
        if self.clamped {
            format!("{how}; the sum is past the 64-bit range, shown at its end")
        } else {
            how
        }
    }
}

/// Subtotal and total rows against the items above them. Which items a sum
/// row covers is not printed, so the plausible readings are tried, most
/// local first: the items since the previous sum row; that sum row plus
/// them; the items of the section; all items so far; the last subtotal of
/// every section.
fn check_row_sums(ctx: &mut Ctx<'_>, rows: &[Row<'_>], columns: &[(&str, Measure)]) {
    for &(column, _) in columns {
        let mut block = Sum::default();
        let mut last_sum: Option<Sum> = None;
        let mut section_items: BTreeMap<Option<&str>, Sum> = BTreeMap::new();
        let mut section_subtotal: BTreeMap<Option<&str>, Sum> = BTreeMap::new();
        let mut all = Sum::default();
        for row in rows {
            let Some(value) = row.get(column) else {
                continue;
            };
            match row.kind {
                RowKind::Item => {
                    block.add(value);
                    section_items.entry(row.section).or_default().add(value);
                    all.add(value);
                }
                RowKind::Subtotal | RowKind::Total => {
                    let mut readings: Vec<(Sum, &str)> = vec![
                        (block, "items since the previous sum row"),
                        (
                            section_items.get(&row.section).copied().unwrap_or_default(),
                            "items of the section",
                        ),
                        (all, "all items above"),
                    ];
                    if let Some(previous) = last_sum {
                        readings.push((
                            previous.plus(block),
                            "previous sum row plus the items since",
                        ));
                    }
                    if section_subtotal.len() >= 2 {
                        let subtotals = section_subtotal
                            .values()
                            .fold(Sum::default(), |a, b| a.plus(*b));
                        readings.push((subtotals, "the subtotals of the sections"));
                    }
                    // An empty block is a reading too: a sum row of a
                    // section with nothing in this column adds up to 0.
                    readings.retain(|(s, how)| s.figures > 0 || how.starts_with("items since"));
                    if readings.is_empty() {
                        continue;
                    }
                    // The reading nearest the printed sum is taken, the
                    // one of fewer figures on a tie (its tolerance is the
                    // smaller): a mismatch is reported only when no
                    // reading of the table adds up.
                    let best = readings
                        .iter()
                        .min_by_key(|(s, _)| (s.kr.abs_diff(value), s.figures))
                        .copied()
                        .unwrap_or(readings[0]);
                    ctx.record(
                        "row_sum",
                        row,
                        column,
                        best.0.kr,
                        value,
                        best.0.figures,
                        best.0
                            .detail(format!("{} ({} figures)", best.1, best.0.figures)),
                    );
                    // The printed sum, not the computed one, carries on:
                    // one wrong figure is one finding, not one per row.
                    last_sum = Some(Sum::of(value));
                    if row.kind == RowKind::Subtotal {
                        section_subtotal.insert(row.section, Sum::of(value));
                    }
                    block = Sum::default();
                }
            }
        }
    }
}

/// An "I alt" column against the other money columns of its row: the
/// movements of a row (`amount`: "Tillægsbevilling", "Omplacering" beside
/// "I alt"), or a plan's years. Only with exactly one total column and at
/// least two parts; a budget beside its result is no part of a sum.
fn check_column_sums(ctx: &mut Ctx<'_>, rows: &[Row<'_>], columns: &[(&str, Measure)]) {
    let totals: Vec<&str> = columns
        .iter()
        .filter(|(_, m)| *m == Measure::Total)
        .map(|(l, _)| *l)
        .collect();
    let of = |measure: Measure| -> Vec<&str> {
        columns
            .iter()
            .filter(|(_, m)| *m == measure)
            .map(|(l, _)| *l)
            .collect()
    };
    let mut parts = of(Measure::Amount);
    // The years of a plan are `budget` ("1.000 kr." over 2022-2025 and "I
    // alt"): when every other column is one, they are the parts.
    if parts.is_empty()
        && columns
            .iter()
            .all(|(_, m)| matches!(m, Measure::Budget | Measure::Total))
    {
        parts = of(Measure::Budget);
    }
    if totals.len() != 1 || parts.len() < 2 {
        return;
    }
    for row in rows {
        let Some(total) = row.get(totals[0]) else {
            continue;
        };
        let mut sum = Sum::default();
        for part in &parts {
            if let Some(v) = row.get(part) {
                sum.add(v);
            }
        }
        if sum.figures >= 1 {
            ctx.record(
                "column_sum",
                row,
                totals[0],
                sum.kr,
                total,
                sum.figures,
                sum.detail(format!("sum of {} columns", sum.figures)),
            );
        }
    }
}

/// A deviation column against budget minus result. The budget is the
/// latest one the table has (korrigeret, else vedtaget, else budget), the
/// result the forecast where there is one, else the executed result; an
/// investment table's deviation is realized gain minus the gain budgeted
/// to date (the budgeted column with an as-of date, not the whole
/// period's target).
fn check_deviations(
    ctx: &mut Ctx<'_>,
    rows: &[Row<'_>],
    columns: &[(&str, Measure)],
    any: &TidyCell,
) {
    let find = |measures: &[Measure], with_as_of: Option<bool>| -> Option<&str> {
        measures
            .iter()
            .find_map(|m| {
                columns.iter().find(|(label, measure)| {
                    measure == m
                        && with_as_of.is_none_or(|want| {
                            rows.iter()
                                .flat_map(|r| &r.cells)
                                .any(|c| &*c.column_label == *label && c.as_of.is_some() == want)
                        })
                })
            })
            .map(|(l, _)| *l)
    };
    let gains = any.table_kind == TableKind::Investeringsprojekter;
    let (budget, result) = if gains {
        (
            find(&[Measure::BudgetteretGevinst], Some(true)),
            find(&[Measure::RealiseretGevinst], None),
        )
    } else {
        (
            find(
                &[
                    Measure::KorrigeretBudget,
                    Measure::VedtagetBudget,
                    Measure::Budget,
                ],
                None,
            ),
            find(&[Measure::ForventetRegnskab, Measure::Regnskab], None),
        )
    };
    let (Some(budget), Some(result)) = (budget, result) else {
        return;
    };
    // "Afvigelse uden udgifter til COVID-19" is a deviation of something else.
    let deviations: Vec<&str> = columns
        .iter()
        .filter(|(l, m)| {
            let lower = l.to_lowercase();
            *m == Measure::Afvigelse
                && !["uden", "ekskl", "excl", "eksl"]
                    .iter()
                    .any(|w| lower.contains(w))
        })
        .map(|(l, _)| *l)
        .collect();
    // Gains: realized minus budgeted. Budgets: as the table's note says; if
    // it says nothing, whichever sign the row uses.
    let convention = if gains {
        Some("result_minus_budget")
    } else {
        any.sign_convention.as_deref()
    };
    for row in rows {
        let (Some(b), Some(r)) = (row.get(budget), row.get(result)) else {
            continue;
        };
        for column in &deviations {
            let Some(found) = row.get(column) else {
                continue;
            };
            // Saturating, as sums are (see `Sum`).
            let (result_minus, budget_minus) = (r.saturating_sub(b), b.saturating_sub(r));
            let (expected, how) = match convention {
                Some("result_minus_budget") => (result_minus, "result − budget (stated)"),
                Some(_) => (budget_minus, "budget − result (stated)"),
                None if result_minus.abs_diff(found) < budget_minus.abs_diff(found) => {
                    (result_minus, "result − budget (no sign note)")
                }
                None => (budget_minus, "budget − result (no sign note)"),
            };
            let clamped = if expected == result_minus {
                r.checked_sub(b).is_none()
            } else {
                b.checked_sub(r).is_none()
            };
            let detail = Sum {
                kr: expected,
                figures: 2,
                clamped,
            }
            .detail(format!("{how}: {budget:?} and {result:?}"));
            ctx.record("deviation", row, column, expected, found, 2, detail);
        }
    }
}

/// The reservationspulje bridge: each "efter …" estimate and the expected
/// result equal the previous stated figure plus the adjustments since.
fn check_bridge(ctx: &mut Ctx<'_>, rows: &[Row<'_>], columns: &[(&str, Measure)]) {
    let Some(&(column, _)) = columns.first() else {
        return;
    };
    let mut running: Option<Sum> = None;
    for (i, row) in rows.iter().enumerate() {
        let Some(value) = row.get(column) else {
            continue;
        };
        use crate::series::SeriesMeasure;
        let step = crate::series::bridge_measure(row.label, i == 0);
        match (step, running) {
            (SeriesMeasure::Justering, Some(mut sum)) => {
                sum.add(value);
                running = Some(sum);
            }
            (SeriesMeasure::Mellemresultat | SeriesMeasure::FORVENTET_REGNSKAB, Some(sum)) => {
                ctx.record(
                    "bridge",
                    row,
                    column,
                    sum.kr,
                    value,
                    sum.figures,
                    sum.detail(format!(
                        "previous figure plus {} adjustments",
                        sum.figures - 1
                    )),
                );
                running = Some(Sum::of(value));
            }
            _ => running = Some(Sum::of(value)),
        }
    }
}
