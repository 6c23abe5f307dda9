//! The budget follow-up (budgetopfølgning) of any money table: per line
//! item the adopted and the adjusted budget and the expected result, the
//! deviation beside it.

use super::layout::{headed, shorten, Swatch};
use super::{axis_label, mio_label, row_at, with_source_note, ChartFormat, DrawResult};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::Path;

/// One line item of a budget follow-up: what was adopted, what the
/// budget is now, and what the year is expected to end at.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowUpRow {
    pub label: String,
    pub vedtaget_kr: Option<i64>,
    pub korrigeret_kr: Option<i64>,
    pub forventet_kr: Option<i64>,
}

impl FollowUpRow {
    /// The budget the expected result is held against: the adjusted one,
    /// else the adopted one.
    pub fn budget_kr(&self) -> Option<i64> {
        self.korrigeret_kr.or(self.vedtaget_kr)
    }

    /// Expected result less budget: above 0 is merforbrug (an expense
    /// over budget), below 0 mindreforbrug.
    pub fn deviation_kr(&self) -> Option<i64> {
        Some(self.forventet_kr? - self.budget_kr()?)
    }
}

/// The budget follow-up ("budgetopfølgning") of one table: its fiscal
/// year, meeting and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowUp {
    pub fiscal_year: i32,
    pub meeting: Option<chrono::NaiveDate>,
    pub source: String,
    pub rows: Vec<FollowUpRow>,
}

/// The latest budget follow-up in the cells: of every money table with
/// an expected result (forventet regnskab) beside a budget for the same
/// fiscal year on two line items or more, the one of the latest meeting
/// (then as-of date), its items (not its totals) in the table's order, at
/// most `limit`, the largest budgets first when there are more. Any kind
/// of table: Greve's "budget" tables and Odense's forsørgelses table alike.
pub fn follow_up(
    cells: &[budgetspor_core::tidy::TidyCell],
    fiscal_year: Option<i32>,
    limit: usize,
) -> Option<FollowUp> {
    use budgetspor_core::{Measure, RowKind};
    use std::collections::BTreeMap;
    type Key<'a> = (&'a str, u32, i32);
    let mut tables: BTreeMap<Key<'_>, Vec<&budgetspor_core::tidy::TidyCell>> = BTreeMap::new();
    for cell in cells {
        let phase = matches!(
            cell.measure,
            Measure::VedtagetBudget | Measure::KorrigeretBudget | Measure::ForventetRegnskab
        );
        let (Some(year), Some(_)) = (cell.fiscal_year, cell.amount_kr) else {
            continue;
        };
        if phase && cell.row_kind == RowKind::Item && fiscal_year.is_none_or(|y| y == year) {
            tables
                .entry((&cell.source, cell.table_no, year))
                .or_default()
                .push(cell);
        }
    }
    // (meeting, as-of date, rows): the latest meeting's table wins.
    type Rank = (Option<chrono::NaiveDate>, Option<chrono::NaiveDate>, usize);
    let mut best: Option<(Key<'_>, Rank, Vec<FollowUpRow>)> = None;
    for (key, table) in tables {
        // The table's meeting and date, from its first cell: each group
        // has one, and searching all cells for it per table was quadratic
        // in an archive.
        let head = (table[0].doc_date, table[0].as_of);
        let mut rows: Vec<(u32, FollowUpRow)> = Vec::new();
        for cell in table {
            let at = match rows.iter().position(|r| r.1.label == *cell.row_label) {
                Some(at) => at,
                None => {
                    rows.push((
                        cell.row_line,
                        FollowUpRow {
                            label: cell.row_label.to_string(),
                            vedtaget_kr: None,
                            korrigeret_kr: None,
                            forventet_kr: None,
                        },
                    ));
                    rows.len() - 1
                }
            };
            let row = &mut rows[at].1;
            // The first figure of a measure on the row counts (a second
            // column of the same measure is another year's or a sum).
            let slot = match cell.measure {
                Measure::VedtagetBudget => &mut row.vedtaget_kr,
                Measure::KorrigeretBudget => &mut row.korrigeret_kr,
                _ => &mut row.forventet_kr,
            };
            slot.get_or_insert(cell.amount_kr.unwrap_or(0));
        }
        rows.sort_by_key(|r| r.0);
        let rows: Vec<FollowUpRow> = rows
            .into_iter()
            .map(|r| r.1)
            .filter(|r| r.deviation_kr().is_some())
            .collect();
        if rows.len() < 2 {
            continue;
        }
        let rank = (head.0, head.1, rows.len());
        if best.as_ref().is_none_or(|b| rank > b.1) {
            best = Some((key, rank, rows));
        }
    }
    let ((source, _, year), (meeting, _, _), mut rows) = best?;
    if rows.len() > limit {
        rows.sort_by_key(|r| std::cmp::Reverse(r.budget_kr().unwrap_or(0).abs()));
        rows.truncate(limit);
    }
    Some(FollowUp {
        fiscal_year: year,
        meeting,
        source: source.to_string(),
        rows,
    })
}

fn draw_follow_up<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    follow: &FollowUp,
    note: &str,
) -> DrawResult<DB> {
    let main = with_source_note(root, note)?;
    let title = format!(
        "Budgetopfølgning {}: forventet regnskab mod budget",
        follow.fiscal_year
    );
    let rows = &follow.rows;
    let mio = |kr: i64| kr as f64 / 1e6;
    let values: Vec<f64> = rows
        .iter()
        .flat_map(|r| [r.vedtaget_kr, r.korrigeret_kr, r.forventet_kr])
        .flatten()
        .map(mio)
        .collect();
    let high = values.iter().cloned().fold(0.0f64, f64::max);
    let low = values.iter().cloned().fold(0.0f64, f64::min);
    let span = (high - low).max(1.0);
    let n = rows.len() as f64;
    let width = main.dim_in_pixel().0;
    // The labels' column: a third of the chart at most.
    let label_area = (f64::from(width) * 0.33).min(330.0) as u32;
    // The title, then the legend in lines of its own, then the plot: a
    // legend inside the plot would cover its dots.
    let adopted = RGBColor(150, 150, 150);
    let adjusted = RGBColor(31, 78, 121);
    let expected = RGBColor(230, 126, 34);
    let over = RGBColor(215, 48, 39);
    let under = RGBColor(26, 152, 80);
    let legend = [
        ("Vedtaget budget".to_string(), Swatch::Square(adopted)),
        ("Korrigeret budget".to_string(), Swatch::Triangle(adjusted)),
        ("Forventet regnskab".to_string(), Swatch::Dot(expected)),
        ("merforbrug".to_string(), Swatch::Line(over)),
        ("mindreforbrug".to_string(), Swatch::Line(under)),
    ];
    let body = headed(&main, &title, 22, &legend)?;
    let mut chart = ChartBuilder::on(&body)
        .margin(20)
        .margin_top(6)
        .x_label_area_size(40)
        .y_label_area_size(label_area)
        // Room on the right for each line's deviation.
        .build_cartesian_2d(
            low.min(0.0) - span * 0.02..high + span * 0.3,
            -0.5f64..n - 0.5,
        )?;
    let name_font = ("sans-serif", 13).into_font();
    let shown = |label: &str| shorten(label, &name_font, label_area - 16);
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(WHITE.mix(0.0))
        .y_labels(rows.len() + 1)
        .y_label_formatter(&|y| {
            row_at(*y, rows.len()).map_or(String::new(), |i| shown(&rows[i].label))
        })
        .x_desc("mio. kr.")
        .x_label_formatter(&|v| axis_label(*v))
        .label_style(("sans-serif", 13))
        .axis_desc_style(("sans-serif", 14))
        .draw()?;
    for (i, row) in rows.iter().enumerate() {
        let y = n - 1.0 - i as f64;
        let (Some(budget), Some(result), Some(deviation)) =
            (row.budget_kr(), row.forventet_kr, row.deviation_kr())
        else {
            continue;
        };
        // On budget is neither: grey, not the green of mindreforbrug.
        let color = match deviation.signum() {
            1 => over,
            -1 => under,
            _ => RGBColor(110, 110, 110),
        };
        chart.draw_series(LineSeries::new(
            [(mio(budget), y), (mio(result), y)],
            color.stroke_width(3),
        ))?;
        if let Some(v) = row.vedtaget_kr {
            chart.draw_series(std::iter::once(
                EmptyElement::at((mio(v), y))
                    + Rectangle::new([(-4, -4), (4, 4)], adopted.filled()),
            ))?;
        }
        if let Some(k) = row.korrigeret_kr {
            chart.draw_series(std::iter::once(TriangleMarker::new(
                (mio(k), y),
                6,
                adjusted.filled(),
            )))?;
        }
        chart.draw_series(std::iter::once(Circle::new(
            (mio(result), y),
            5,
            expected.filled(),
        )))?;
        let end = [row.vedtaget_kr, row.korrigeret_kr, row.forventet_kr]
            .into_iter()
            .flatten()
            .map(mio)
            .fold(f64::NEG_INFINITY, f64::max);
        let sign = if deviation > 0 { "+" } else { "" };
        chart.draw_series(std::iter::once(Text::new(
            format!("{sign}{}", mio_label(deviation)),
            (end + span * 0.035, y + 0.2),
            ("sans-serif", 12).into_font().color(&color),
        )))?;
    }
    root.present()?;
    Ok(())
}

/// Render the latest budget follow-up: per line item the adopted and the
/// adjusted budget and the expected result, the deviation beside it.
pub fn render_follow_up(
    follow: &FollowUp,
    format: ChartFormat,
    size: (u32, u32),
) -> Result<Vec<u8>, String> {
    let file = Path::new(&follow.source)
        .file_name()
        .map_or(follow.source.clone(), |f| f.to_string_lossy().into_owned());
    let meeting = follow.meeting.map_or(String::new(), |d| {
        format!(", møde {}", d.format("%d-%m-%Y"))
    });
    let note = format!("Kilde: {file}{meeting} · budgetspor");
    render_with!(format, size, |root| draw_follow_up(root, follow, &note))
}
