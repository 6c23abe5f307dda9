//! Vintages: which statement of a figure to keep (the latest, the first,
//! the latest as of a date), and how each figure was revised from its first
//! statement to its latest.

use super::SeriesRow;
use chrono::NaiveDate;
use std::collections::HashMap;

/// Which vintages to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vintage {
    All,
    Latest,
    First,
    /// The latest vintage on or before the date.
    AsOf(NaiveDate),
}

/// Keep the chosen vintages.
pub fn select(rows: Vec<SeriesRow>, vintage: Vintage) -> Vec<SeriesRow> {
    let keep = selected(&rows, vintage);
    rows.into_iter()
        .zip(keep)
        .filter_map(|(row, keep)| keep.then_some(row))
        .collect()
}

/// The chosen vintages, borrowed.
pub fn chosen(rows: &[SeriesRow], vintage: Vintage) -> impl Iterator<Item = &SeriesRow> {
    rows.iter()
        .zip(selected(rows, vintage))
        .filter_map(|(row, keep)| keep.then_some(row))
}

/// Which rows are the chosen vintages, without moving any.
fn selected(rows: &[SeriesRow], vintage: Vintage) -> Vec<bool> {
    match vintage {
        Vintage::All => vec![true; rows.len()],
        Vintage::Latest => rows.iter().map(|r| r.realtime_end.is_none()).collect(),
        Vintage::First => {
            let mut first: HashMap<_, Option<NaiveDate>> = HashMap::new();
            for r in rows {
                let e = first.entry(r.key_ref()).or_insert(r.as_of);
                *e = (*e).min(r.as_of);
            }
            rows.iter()
                .map(|r| first[&r.key_ref()] == r.as_of)
                .collect()
        }
        Vintage::AsOf(date) => rows
            .iter()
            .map(|r| {
                r.as_of.is_some_and(|d| d <= date) && r.realtime_end.is_none_or(|end| end > date)
            })
            .collect(),
    }
}

/// Per-key summary of how a figure was revised.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    pub line_item: String,
    pub fiscal_year: Option<i32>,
    pub measure: String,
    pub step_no: Option<u32>,
    pub first_as_of: Option<NaiveDate>,
    pub first_kr: i64,
    pub latest_as_of: Option<NaiveDate>,
    pub latest_kr: i64,
    pub vintages: u32,
    /// Latest minus first; none when the difference does not fit in i64
    /// (figures no minutes print; a wrong number is worse than none).
    pub total_revision_kr: Option<i64>,
}

/// First and latest value of every key of a series (rows as from [`build`]).
pub fn revisions(rows: &[SeriesRow]) -> Vec<Revision> {
    let mut out: Vec<Revision> = Vec::new();
    for r in rows {
        match out.last_mut() {
            Some(last)
                if (
                    &*last.line_item,
                    last.fiscal_year,
                    last.measure.as_str(),
                    last.step_no,
                ) == (&*r.line_item, r.fiscal_year, r.measure.as_str(), r.step_no) =>
            {
                if r.as_of != last.latest_as_of {
                    last.vintages += 1;
                }
                last.latest_as_of = r.as_of;
                last.latest_kr = r.amount_kr;
                last.total_revision_kr = last.latest_kr.checked_sub(last.first_kr);
            }
            _ => out.push(Revision {
                line_item: r.line_item.to_string(),
                fiscal_year: r.fiscal_year,
                measure: r.measure.to_string(),
                step_no: r.step_no,
                first_as_of: r.as_of,
                first_kr: r.amount_kr,
                latest_as_of: r.as_of,
                latest_kr: r.amount_kr,
                vintages: 1,
                total_revision_kr: Some(0),
            }),
        }
    }
    out
}
