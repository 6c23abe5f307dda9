//! The reservationspulje chart: one bar per fiscal year, the year's other
//! figures as labelled markers beside it.

use super::layout::{draw_label, headed, Labels, Spot, Swatch};
use super::{axis_label, color_of, mio_label, with_source_note, ChartFormat, DrawResult};
use budgetspor_core::series::{SeriesMeasure, SeriesRow};
use plotters::coord::CoordTranslate;
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
    pub bar: (SeriesMeasure, i64),
    pub markers: Vec<(SeriesMeasure, i64)>,
}

/// The measures a year's bar is drawn from, the most final first: a
/// regnskab where there is one, else the expected result, else a budget.
const FINALITY: [SeriesMeasure; 5] = [
    SeriesMeasure::REGNSKAB,
    SeriesMeasure::FORVENTET_REGNSKAB,
    SeriesMeasure::KORRIGERET_BUDGET,
    SeriesMeasure::VEDTAGET_BUDGET,
    SeriesMeasure::BUDGET,
];

/// Prepare the reservationspulje chart from its series (all vintages).
pub fn pulje_years(rows: &[SeriesRow]) -> Vec<PuljeYear> {
    // Per year, per measure of FINALITY: the latest vintage's figure.
    type Latest = [Option<(Option<chrono::NaiveDate>, i64)>; 5];
    let mut by_year: BTreeMap<i32, Latest> = BTreeMap::new();
    for r in rows {
        let (Some(year), Some(at)) = (r.fiscal_year, FINALITY.iter().position(|m| *m == r.measure))
        else {
            continue;
        };
        let slot = &mut by_year.entry(year).or_default()[at];
        if slot.is_none_or(|(as_of, _)| r.as_of >= as_of) {
            *slot = Some((r.as_of, r.amount_kr));
        }
    }
    by_year
        .into_iter()
        .filter_map(|(year, latest)| {
            let mut figures = FINALITY
                .iter()
                .zip(latest)
                .filter_map(|(m, figure)| Some((*m, figure?.1)));
            let bar = figures.next()?;
            Some(PuljeYear {
                year,
                bar,
                markers: figures.collect(),
            })
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
    // One legend entry per measure, bars first, however many years use it.
    let mut legend: Vec<(String, Swatch)> = Vec::new();
    for y in years {
        let entry = (y.bar.0.danish().to_string(), Swatch::Bar(color_of(y.bar.0)));
        if !legend.iter().any(|e| e.0 == entry.0) {
            legend.push(entry);
        }
    }
    for (measure, _) in years.iter().flat_map(|y| &y.markers) {
        let entry = (
            format!("{} (markør)", measure.danish()),
            Swatch::Tick(color_of(*measure)),
        );
        if !legend.iter().any(|e| e.0 == entry.0) {
            legend.push(entry);
        }
    }
    let body = headed(&main, "Reservationspulje pr. regnskabsår", 26, &legend)?;
    let mut chart = ChartBuilder::on(&body)
        .margin(20)
        .margin_top(6)
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
    // A marker is drawn 1.2 % of the y range thick.
    let span = (top + pad) - (bottom - pad).min(0.0);
    let coord = chart.as_coord_spec().clone();
    let at = |x: f64, v: f64| coord.translate(&(x, v));
    let mut labels = Labels::new(root.dim_in_pixel());
    labels.mark(at(-0.5, 0.0), at(n - 0.5, 0.0));
    // Bars and markers first, so no label is placed over one drawn later.
    for (i, y) in years.iter().enumerate() {
        let x = i as f64;
        let v = y.bar.1 as f64 / 1e6;
        labels.mark(at(x - 0.3, 0.0), at(x + 0.3, v));
        for (_, kr) in &y.markers {
            let (left, mid) = at(x + 0.32, *kr as f64 / 1e6);
            labels.mark((left, mid - 2), (at(x + 0.46, 0.0).0, mid + 2));
        }
    }
    for (i, y) in years.iter().enumerate() {
        let x = i as f64;
        let v = y.bar.1 as f64 / 1e6;
        chart.draw_series(std::iter::once(Rectangle::new(
            [(x - 0.3, 0.0), (x + 0.3, v)],
            color_of(y.bar.0).mix(0.85).filled(),
        )))?;
        let (centre, end) = at(x, v);
        let text = mio_label(y.bar.1);
        let font = ("sans-serif", 14).into_font().style(FontStyle::Bold);
        let spot = if v >= 0.0 {
            Spot::Above(centre, end - 4)
        } else {
            Spot::Below(centre, end + 4)
        };
        draw_label(root, labels.place(&font, &[(spot, &text)]), font.into())?;
        for (measure, kr) in &y.markers {
            let mv = *kr as f64 / 1e6;
            let mc = color_of(*measure);
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x + 0.32, mv - span * 0.006), (x + 0.46, mv + span * 0.006)],
                mc.filled(),
            )))?;
            // Beside the marker, else over or under it; in a narrow chart
            // the figure alone ("26,7"), the axis saying mio. kr.
            let (left, mid) = at(x + 0.32, mv);
            let (right, _) = at(x + 0.46, mv);
            let centre = (left + right) / 2;
            let full = mio_label(*kr);
            let short = full.trim_end_matches(" mio. kr.").to_string();
            let font = ("sans-serif", 12).into_font();
            let mut offers = Vec::new();
            for text in [&full, &short] {
                offers.push((Spot::Right(right + 3, mid), text.as_str()));
                offers.push((Spot::AboveFrom(left, mid - 4), text.as_str()));
                offers.push((Spot::BelowFrom(left, mid + 4), text.as_str()));
                offers.push((Spot::Above(centre, mid - 4), text.as_str()));
                offers.push((Spot::Below(centre, mid + 4), text.as_str()));
            }
            let placed = labels.place(&font, &offers);
            draw_label(root, placed, font.color(&mc))?;
        }
    }
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
