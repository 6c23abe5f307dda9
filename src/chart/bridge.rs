//! The reservationspulje bridge (waterfall) of one fiscal year: from the
//! adopted budget through each adjustment to the expected result.

use super::layout::{draw_label, shorten, widened, zero_line, Spot};
use super::{
    axis_label, color_of, mio_label, room, row_at, text_size, title_font, with_source_note,
    ChartFormat, DrawResult,
};
use budgetspor_core::series::{SeriesMeasure, SeriesRow};
use plotters::coord::CoordTranslate;
use plotters::coord::Shift;
use plotters::prelude::*;

/// One step of the reservationspulje bridge, in printed order.
#[derive(Debug, Clone, PartialEq)]
pub struct BridgeStep {
    pub label: String,
    /// Vedtaget budget, justering, mellemresultat or forventet regnskab.
    pub measure: SeriesMeasure,
    pub kr: i64,
}

/// The bridge of one fiscal year, from the latest meeting that printed one.
pub fn bridge_steps(rows: &[SeriesRow], fiscal_year: i32) -> Vec<BridgeStep> {
    let latest = rows
        .iter()
        .filter(|r| r.step_no.is_some() && r.fiscal_year == Some(fiscal_year))
        .map(|r| (r.as_of, &*r.source))
        .max();
    let mut steps: Vec<&SeriesRow> = rows
        .iter()
        .filter(|r| {
            r.step_no.is_some()
                && r.fiscal_year == Some(fiscal_year)
                && Some((r.as_of, &*r.source)) == latest
        })
        .collect();
    steps.sort_by_key(|r| r.step_no);
    steps
        .into_iter()
        .map(|r| BridgeStep {
            label: r.step.clone().unwrap_or_default(),
            measure: r.measure,
            kr: r.amount_kr,
        })
        .collect()
}

fn draw_bridge<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    year: i32,
    steps: &[BridgeStep],
    note: &str,
) -> DrawResult<DB> {
    let main = with_source_note(root, note)?;
    let title = format!("Reservationspulje {year}: fra vedtaget budget til forventet resultat");
    // Each step as a bar from `start` to `end` (mio. kr.).
    let mut running = 0.0f64;
    let bars: Vec<(f64, f64)> = steps
        .iter()
        .map(|s| {
            let v = s.kr as f64 / 1e6;
            if s.measure == SeriesMeasure::Justering {
                let start = running;
                running += v;
                (start, running)
            } else {
                running = v;
                (0.0, v)
            }
        })
        .collect();
    let low = bars
        .iter()
        .flat_map(|(a, b)| [*a, *b])
        .fold(0.0f64, f64::min);
    let high = bars
        .iter()
        .flat_map(|(a, b)| [*a, *b])
        .fold(0.0f64, f64::max);
    let n = steps.len() as f64;
    let texts: Vec<String> = steps
        .iter()
        .map(|s| {
            if s.measure == SeriesMeasure::Justering && s.kr > 0 {
                format!("+{}", mio_label(s.kr))
            } else {
                mio_label(s.kr)
            }
        })
        .collect();
    let font = ("sans-serif", 13).into_font();
    let width = main.dim_in_pixel().0;
    // The steps' names take at most 36 % of the width, cut with "…"
    // beyond it; 360 pixels of 640 left the bars too little room.
    let label_area = (f64::from(width) * 0.36).min(360.0) as u32;
    // Room right of the largest bar for the widest figure and a gap.
    let widest = texts
        .iter()
        .map(|t| text_size(&font, t).0 + 10)
        .max()
        .unwrap_or(0);
    let plot = width.saturating_sub(40 + label_area).max(100);
    let span = (high - low).max(1.0);
    let range = widened(low - span * 0.05, high, (0, widest), plot);
    let title_style = title_font(&title, 24, room(&main, 0));
    let mut chart = ChartBuilder::on(&main)
        .caption(&title, title_style)
        .margin(20)
        .x_label_area_size(40)
        .y_label_area_size(label_area)
        .build_cartesian_2d(range, -0.5f64..n - 0.5)?;
    let shown = |label: &str| shorten(label, &("sans-serif", 14).into_font(), label_area - 16);
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(WHITE.mix(0.0))
        .y_labels(steps.len() + 1)
        .y_label_formatter(&|y| {
            row_at(*y, steps.len()).map_or(String::new(), |i| shown(&steps[i].label))
        })
        .x_desc("mio. kr.")
        .x_label_formatter(&|v| axis_label(*v))
        .label_style(("sans-serif", 14))
        .axis_desc_style(("sans-serif", 15))
        .draw()?;
    let (mut labels, coord) = zero_line(&mut chart, n, root.dim_in_pixel())?;
    let at = |x: f64, y: f64| coord.translate(&(x, y));
    for (i, (start, end)) in bars.iter().enumerate() {
        let y = n - 1.0 - i as f64;
        labels.mark(at(*start, y - 0.32), at(*end, y + 0.32));
    }
    for (i, (step, (start, end))) in steps.iter().zip(&bars).enumerate() {
        let y = n - 1.0 - i as f64;
        let color = match step.measure {
            SeriesMeasure::Justering if step.kr >= 0 => RGBColor(26, 152, 80),
            SeriesMeasure::Justering => RGBColor(215, 48, 39),
            SeriesMeasure::Mellemresultat => RGBColor(170, 170, 170),
            other => color_of(other),
        };
        chart.draw_series(std::iter::once(Rectangle::new(
            [(*start, y - 0.32), (*end, y + 0.32)],
            color.filled(),
        )))?;
        // Right of the bar (and of the zero line), else left of it.
        let (right_end, mid) = at(start.max(*end).max(0.0), y);
        let (left_end, _) = at(start.min(*end).min(0.0), y);
        let offers = [
            (Spot::Right(right_end + 5, mid), texts[i].as_str()),
            (Spot::Left(left_end - 5, mid), texts[i].as_str()),
        ];
        draw_label(root, labels.place(&font, &offers), font.clone().into())?;
    }
    root.present()?;
    Ok(())
}

/// Render the bridge (waterfall) of one fiscal year.
pub fn render_bridge(
    year: i32,
    steps: &[BridgeStep],
    note: &str,
    format: ChartFormat,
    size: (u32, u32),
) -> Result<Vec<u8>, String> {
    render_with!(format, size, |root| draw_bridge(root, year, steps, note))
}
