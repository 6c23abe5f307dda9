//! The reservationspulje chart: one bar per fiscal year, the year's other
//! figures as labelled markers beside it.

use super::{
    axis_label, color_of, measure_name, mio_label, room, title_font, with_source_note, ChartFormat,
    DrawResult,
};
use budgetspor_core::series::SeriesRow;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;
use std::collections::BTreeMap;

/// The figures of one fiscal year of the reservationspulje: the bar (the
/// most final figure of the latest vintage) and the other figures as
/// markers.
#[derive(Debug, Clone, PartialEq)]
pub struct PuljeYear {
    pub year: i32,
    pub bar: (String, i64),
    pub markers: Vec<(String, i64)>,
}

/// Prepare the reservationspulje chart from its series (all vintages).
pub fn pulje_years(rows: &[SeriesRow]) -> Vec<PuljeYear> {
    const FINALITY: &[&str] = &[
        "regnskab",
        "forventet_regnskab",
        "korrigeret_budget",
        "vedtaget_budget",
        "budget",
    ];
    let mut by_year: BTreeMap<i32, BTreeMap<&str, (Option<chrono::NaiveDate>, i64)>> =
        BTreeMap::new();
    for r in rows.iter().filter(|r| FINALITY.contains(&r.measure)) {
        let Some(year) = r.fiscal_year else { continue };
        let slot = by_year
            .entry(year)
            .or_default()
            .entry(r.measure)
            .or_insert((r.as_of, r.amount_kr));
        if r.as_of >= slot.0 {
            *slot = (r.as_of, r.amount_kr);
        }
    }
    by_year
        .into_iter()
        .filter_map(|(year, measures)| {
            let bar_measure = FINALITY.iter().find(|m| measures.contains_key(*m))?;
            let bar = (bar_measure.to_string(), measures[bar_measure].1);
            let markers = FINALITY
                .iter()
                .filter(|m| *m != bar_measure)
                .filter_map(|m| measures.get(m).map(|(_, kr)| (m.to_string(), *kr)))
                .collect();
            Some(PuljeYear { year, bar, markers })
        })
        .collect()
}

fn draw_pulje<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    years: &[PuljeYear],
    note: &str,
) -> DrawResult<DB> {
    let main = with_source_note(root, note)?;
    let values: Vec<f64> = years
        .iter()
        .flat_map(|y| std::iter::once(y.bar.1).chain(y.markers.iter().map(|m| m.1)))
        .map(|kr| kr as f64 / 1e6)
        .collect();
    let top = values.iter().cloned().fold(0.0f64, f64::max);
    let bottom = values.iter().cloned().fold(0.0f64, f64::min);
    let pad = (top - bottom).max(1.0) * 0.15;
    let n = years.len().max(1) as f64;
    let mut chart = ChartBuilder::on(&main)
        .caption(
            "Reservationspulje pr. regnskabsår",
            title_font("Reservationspulje pr. regnskabsår", 26, room(&main, 0)),
        )
        .margin(20)
        .x_label_area_size(40)
        .y_label_area_size(70)
        .build_cartesian_2d(-0.5f64..n - 0.5, (bottom - pad).min(0.0)..top + pad)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(years.len() + 1)
        .x_label_formatter(&|x| {
            let i = x.round();
            if (x - i).abs() < 1e-6 && i >= 0.0 {
                years
                    .get(i as usize)
                    .map_or(String::new(), |y| y.year.to_string())
            } else {
                String::new()
            }
        })
        .y_desc("mio. kr.")
        .light_line_style(WHITE.mix(0.0))
        .y_label_formatter(&|v| axis_label(*v))
        .label_style(("sans-serif", 15))
        .axis_desc_style(("sans-serif", 15))
        .draw()?;
    // Zero line: the pool can be negative.
    chart.draw_series(LineSeries::new(
        [(-0.5, 0.0), (n - 0.5, 0.0)],
        BLACK.stroke_width(2),
    ))?;
    let span = (top + pad) - (bottom - pad).min(0.0);
    // One legend entry per measure, however many bars use it.
    let mut legend = std::collections::BTreeSet::new();
    for (i, y) in years.iter().enumerate() {
        let x = i as f64;
        let v = y.bar.1 as f64 / 1e6;
        let color = color_of(&y.bar.0);
        let bar = chart.draw_series(std::iter::once(Rectangle::new(
            [(x - 0.3, 0.0), (x + 0.3, v)],
            color.mix(0.85).filled(),
        )))?;
        if legend.insert(y.bar.0.clone()) {
            bar.label(measure_name(&y.bar.0).to_string())
                .legend(move |(lx, ly)| {
                    Rectangle::new([(lx, ly - 6), (lx + 14, ly + 6)], color.filled())
                });
        }
        let label_y = if v >= 0.0 {
            v + span * 0.035
        } else {
            v - span * 0.035
        };
        chart.draw_series(std::iter::once(Text::new(
            mio_label(y.bar.1),
            (x - 0.28, label_y),
            ("sans-serif", 14).into_font().style(FontStyle::Bold),
        )))?;
        for (j, (measure, kr)) in y.markers.iter().enumerate() {
            let mv = *kr as f64 / 1e6;
            let mc = color_of(measure);
            let marker = chart.draw_series(std::iter::once(Rectangle::new(
                [(x + 0.32, mv - span * 0.006), (x + 0.46, mv + span * 0.006)],
                mc.filled(),
            )))?;
            if legend.insert(format!("marker {measure}")) {
                marker
                    .label(format!("{} (markør)", measure_name(measure)))
                    .legend(move |(lx, ly)| {
                        Rectangle::new([(lx, ly - 2), (lx + 14, ly + 2)], mc.filled())
                    });
            }
            let offset = if j % 2 == 0 { 0.012 } else { -0.03 };
            chart.draw_series(std::iter::once(Text::new(
                mio_label(*kr),
                (x + 0.32, mv + span * offset + span * 0.02),
                ("sans-serif", 12).into_font().color(&mc),
            )))?;
        }
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .background_style(WHITE.mix(0.9))
        .border_style(RGBColor(200, 200, 200))
        .label_font(("sans-serif", 14))
        .draw()?;
    root.present()?;
    Ok(())
}

/// Render the reservationspulje chart.
pub fn render_pulje(
    years: &[PuljeYear],
    note: &str,
    format: ChartFormat,
    size: (u32, u32),
) -> Result<Vec<u8>, String> {
    render_with!(format, size, |root| draw_pulje(root, years, note))
}
