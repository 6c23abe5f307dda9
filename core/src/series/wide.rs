//! A series pivoted the way users paste it into a spreadsheet.

use super::SeriesRow;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// A series pivoted the way users paste it into a spreadsheet: one row per
/// line item, one column per fiscal year × measure (× bridge step).
#[derive(Debug, Clone, PartialEq)]
pub struct Wide {
    pub columns: Vec<String>,
    pub rows: Vec<(String, Vec<Option<i64>>)>,
}

/// Pivot rows (already narrowed to one vintage per figure; if several
/// remain, the latest wins).
pub fn wide(rows: &[SeriesRow]) -> Wide {
    type ColumnKey = (Option<i32>, Option<u32>, usize, &'static str);
    let column_key = |r: &SeriesRow| -> ColumnKey {
        (
            r.fiscal_year,
            r.step_no,
            r.measure.rank(),
            r.measure.as_str(),
        )
    };
    let mut keys: Vec<ColumnKey> = rows.iter().map(column_key).collect();
    keys.sort();
    keys.dedup();
    let columns: Vec<String> = keys
        .iter()
        .map(|(fy, step, _, measure)| {
            let mut name = match fy {
                Some(y) => format!("{y} {measure}"),
                None => measure.to_string(),
            };
            if let Some(s) = step {
                name.push_str(&format!(" step {s}"));
            }
            name
        })
        .collect();
    // Per line item: the value of each column and the vintage it came from.
    type Cells = (Vec<Option<i64>>, Vec<Option<NaiveDate>>);
    let mut by_item: BTreeMap<String, Cells> = BTreeMap::new();
    for r in rows {
        let i = keys.binary_search(&column_key(r)).unwrap_or(0);
        let (values, dates) = by_item
            .entry(r.line_item.to_string())
            .or_insert_with(|| (vec![None; keys.len()], vec![None; keys.len()]));
        if values[i].is_none() || r.as_of >= dates[i] {
            values[i] = Some(r.amount_kr);
            dates[i] = r.as_of;
        }
    }
    Wide {
        columns,
        rows: by_item
            .into_iter()
            .map(|(item, (values, _))| (item, values))
            .collect(),
    }
}
