//! Forsørgelses line items over fiscal years: budget dashed, regnskab
//! solid, forventet regnskab dotted, a marker on every figure.

use super::layout::shorten;
use super::{axis_label, room, title_font, with_source_note, ChartFormat, DrawResult};
use budgetspor_core::series::{SeriesMeasure, SeriesRow};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::collections::BTreeMap;

/// One line item's figures for the ydelser chart: (measure, year, kr).
#[derive(Debug, Clone, PartialEq)]
pub struct ItemLine {
    pub line_item: String,
    pub points: Vec<(SeriesMeasure, i32, i64)>,
}

/// The measure families of the ydelser chart and how each is drawn.
const FAMILIES: &[(&str, &[SeriesMeasure], &str)] = &[
    (
        "budget",
        &[
            SeriesMeasure::VEDTAGET_BUDGET,
            SeriesMeasure::KORRIGERET_BUDGET,
            SeriesMeasure::BUDGET,
        ],
        "Budget (stiplet)",
    ),
    (
        "regnskab",
        &[SeriesMeasure::REGNSKAB],
        "Regnskab (fuld linje)",
    ),
    (
        "forventet",
        &[SeriesMeasure::FORVENTET_REGNSKAB],
        "Forventet regnskab (prikket)",
    ),
];

const PALETTE: &[RGBColor] = &[
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
];

fn draw_ydelser<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    items: &[ItemLine],
    note: &str,
) -> DrawResult<DB> {
    let main = with_source_note(root, note)?;
    // The legend's room on the right: 290 pixels, or less on a narrow chart.
    let legend_room = (f64::from(main.dim_in_pixel().0) * 0.38).min(290.0) as u32;
    let years: Vec<i32> = items
        .iter()
        .flat_map(|i| i.points.iter().map(|p| p.1))
        .collect();
    let (first, last) = (
        years.iter().min().copied().unwrap_or(2020),
        years.iter().max().copied().unwrap_or(2021),
    );
    let values: Vec<f64> = items
        .iter()
        .flat_map(|i| i.points.iter().map(|p| p.2 as f64 / 1e6))
        .collect();
    let high = values.iter().cloned().fold(0.0f64, f64::max);
    let low = values.iter().cloned().fold(0.0f64, f64::min);
    let mut chart = ChartBuilder::on(&main)
        .caption(
            "Forsørgelses- og sikringsydelser pr. regnskabsår",
            title_font(
                "Forsørgelses- og sikringsydelser pr. regnskabsår",
                24,
                room(&main, legend_room),
            ),
        )
        .margin(20)
        .margin_right(legend_room)
        .x_label_area_size(40)
        .y_label_area_size(80)
        .build_cartesian_2d(
            first as f64 - 0.4..last as f64 + 0.4,
            low.min(0.0)..high * 1.08,
        )?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE.mix(0.0))
        .x_labels((last - first + 1) as usize)
        .x_label_formatter(&|x| {
            let y = x.round();
            if (x - y).abs() < 1e-6 {
                format!("{}", y as i32)
            } else {
                String::new()
            }
        })
        .y_desc("mio. kr.")
        .y_label_formatter(&|v| axis_label(*v))
        .label_style(("sans-serif", 14))
        .axis_desc_style(("sans-serif", 15))
        .draw()?;
    for (index, item) in items.iter().enumerate() {
        let color = PALETTE[index % PALETTE.len()];
        for (family, measures, _) in FAMILIES {
            let mut points: Vec<(f64, f64)> = item
                .points
                .iter()
                .filter(|p| measures.contains(&p.0))
                .map(|p| (p.1 as f64, p.2 as f64 / 1e6))
                .collect();
            points.sort_by(|a, b| a.0.total_cmp(&b.0));
            points.dedup_by(|a, b| a.0 == b.0);
            if points.is_empty() {
                continue;
            }
            let style = color.stroke_width(2);
            // A line joins consecutive years only: a year without a figure
            // (2022 between 2021 and 2023) is a gap, not a straight line.
            for run in consecutive_years(&points) {
                match *family {
                    "budget" => chart.draw_series(DashedLineSeries::new(run, 8, 6, style))?,
                    "forventet" => {
                        chart.draw_series(DottedLineSeries::new(run, 0, 7, move |c| {
                            Circle::new(c, 2, color.filled())
                        }))?
                    }
                    _ => chart.draw_series(LineSeries::new(run, style))?,
                };
            }
            // Every figure gets a marker, so a single year still shows.
            match *family {
                "budget" => chart.draw_series(points.iter().map(|&p| {
                    EmptyElement::at(p) + Rectangle::new([(-4, -4), (4, 4)], color.filled())
                }))?,
                "forventet" => chart.draw_series(points.iter().map(|&p| {
                    EmptyElement::at(p) + Circle::new((0, 0), 5, color.stroke_width(2))
                }))?,
                _ => chart.draw_series(
                    points
                        .iter()
                        .map(|&p| EmptyElement::at(p) + Circle::new((0, 0), 5, color.filled())),
                )?,
            };
        }
    }
    draw_legend(&main, items, legend_room)?;
    root.present()?;
    Ok(())
}

/// The legend, drawn by hand in the right margin (`room` pixels wide):
/// plotters clips its own legend to the plotting area. Each line item's
/// colour, then each measure's line as the chart draws it, with its marker.
fn draw_legend<DB: DrawingBackend>(
    main: &DrawingArea<DB, Shift>,
    items: &[ItemLine],
    legend_room: u32,
) -> DrawResult<DB> {
    let left = main.dim_in_pixel().0 as i32 - legend_room as i32 + 20;
    let font = ("sans-serif", 13).into_font();
    let mut y = 60;
    for (index, item) in items.iter().enumerate() {
        let color = PALETTE[index % PALETTE.len()];
        main.draw(&Rectangle::new(
            [(left, y - 5), (left + 14, y + 5)],
            color.filled(),
        ))?;
        // A long name is cut with "…" where the chart ends.
        let room = (main.dim_in_pixel().0 as i32 - left - 22 - 4).max(40) as u32;
        main.draw(&Text::new(
            shorten(&item.line_item, &font, room),
            (left + 22, y - 7),
            font.clone(),
        ))?;
        y += 20;
    }
    y += 10;
    // Each measure's line as the chart draws it, with its marker: a
    // sample of the line, not the marker alone.
    for (family, _, text) in FAMILIES {
        let line = |dy: i32| [(left - 6, y + dy), (left + 20, y + dy)].into_iter();
        let style = BLACK.stroke_width(2);
        match *family {
            "budget" => {
                for part in DashedLineSeries::new(line(0), 6, 4, style) {
                    main.draw(&part)?;
                }
                main.draw(&Rectangle::new(
                    [(left + 3, y - 4), (left + 11, y + 4)],
                    BLACK.filled(),
                ))?;
            }
            "forventet" => {
                for dot in
                    DottedLineSeries::new(line(0), 0, 6, |c| Circle::new(c, 2, BLACK.filled()))
                {
                    main.draw(&dot)?;
                }
                main.draw(&Circle::new((left + 7, y), 5, BLACK.stroke_width(2)))?;
            }
            _ => {
                for part in LineSeries::new(line(0), style) {
                    main.draw(&part)?;
                }
                main.draw(&Circle::new((left + 7, y), 5, BLACK.filled()))?;
            }
        }
        main.draw(&Text::new(
            text.to_string(),
            (left + 26, y - 7),
            font.clone(),
        ))?;
        y += 20;
    }
    Ok(())
}

/// Points by year, cut where a year has no figure: each run is drawn as
/// one line.
pub fn consecutive_years(points: &[(f64, f64)]) -> Vec<Vec<(f64, f64)>> {
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    for &point in points {
        match runs.last_mut() {
            Some(run) if run.last().is_some_and(|p| point.0 - p.0 <= 1.0) => run.push(point),
            _ => runs.push(vec![point]),
        }
    }
    runs
}

/// Render lines over fiscal years for forsørgelses line items.
pub fn render_ydelser(
    items: &[ItemLine],
    note: &str,
    format: ChartFormat,
    size: (u32, u32),
) -> Result<Vec<u8>, String> {
    render_with!(format, size, |root| draw_ydelser(root, items, note))
}

/// The line items to draw: the asked ones, else the five largest (totals
/// and the reservationspulje row left out), each with its latest figures.
pub fn ydelser_lines(rows: &[SeriesRow], wanted: &[String]) -> Vec<ItemLine> {
    use budgetspor_core::names::name_key;
    let mut by_item: BTreeMap<&str, Vec<(SeriesMeasure, i32, i64)>> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.realtime_end.is_none()) {
        let Some(year) = r.fiscal_year else { continue };
        by_item
            .entry(&*r.line_item)
            .or_default()
            .push((r.measure, year, r.amount_kr));
    }
    let mut items: Vec<ItemLine> = by_item
        .into_iter()
        .filter(|(item, _)| {
            let key = name_key(item);
            if wanted.is_empty() {
                !matches!(key.as_str(), "samlet" | "i alt") && !key.starts_with("reservationspulje")
            } else {
                wanted.iter().any(|w| name_key(w) == key)
            }
        })
        .map(|(item, points)| ItemLine {
            line_item: item.to_string(),
            points,
        })
        .collect();
    if wanted.is_empty() {
        items.sort_by_key(|i| {
            std::cmp::Reverse(i.points.iter().map(|p| p.2.abs()).max().unwrap_or(0))
        });
        items.truncate(5);
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_join_consecutive_years_only() {
        let points = [(2021.0, 1.0), (2023.0, 2.0), (2024.0, 3.0), (2025.0, 4.0)];
        assert_eq!(
            consecutive_years(&points),
            [
                vec![(2021.0, 1.0)],
                vec![(2023.0, 2.0), (2024.0, 3.0), (2025.0, 4.0)]
            ]
        );
        assert!(consecutive_years(&[]).is_empty());
    }
}
