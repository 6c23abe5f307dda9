//! Deviation per forsørgelses line item (budget − result) of one fiscal
//! year, diverging bars sorted by size.

use super::layout::{draw_label, shorten, widened, zero_line, Spot};
use super::{
    axis_label, mio_label, room, row_at, text_size, title_font, with_source_note, ChartFormat,
    DrawResult,
};
use plotters::coord::CoordTranslate;
use plotters::coord::Shift;
use plotters::prelude::*;

fn draw_budget<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    year: i32,
    basis: &str,
    deviations: &[(String, i64)],
    note: &str,
) -> DrawResult<DB> {
    let main = with_source_note(root, note)?;
    let title = format!("Afvigelse {year}: {basis}");
    let values: Vec<f64> = deviations.iter().map(|d| d.1 as f64 / 1e6).collect();
    let high = values.iter().cloned().fold(0.0f64, f64::max);
    let low = values.iter().cloned().fold(0.0f64, f64::min);
    let n = deviations.len() as f64;
    let texts: Vec<String> = deviations.iter().map(|d| mio_label(d.1)).collect();
    let font = ("sans-serif", 12).into_font();
    let width = main.dim_in_pixel().0;
    // The line items' names take at most 36 % of the width, cut with "…".
    let label_area = (f64::from(width) * 0.36).min(360.0) as u32;
    // Room for the widest figure on the side its bars point to.
    let widest = |negative: bool| {
        deviations
            .iter()
            .zip(&texts)
            .filter(|(d, _)| (d.1 < 0) == negative)
            .map(|(_, t)| text_size(&font, t).0 + 12)
            .max()
            .unwrap_or(0)
    };
    let plot = width.saturating_sub(40 + label_area).max(100);
    let range = widened(low, high, (widest(true), widest(false)), plot);
    let mut chart = ChartBuilder::on(&main)
        .caption(&title, title_font(&title, 22, room(&main, 0)))
        .margin(20)
        .x_label_area_size(40)
        .y_label_area_size(label_area)
        .build_cartesian_2d(range, -0.5f64..n - 0.5)?;
    let shown = |label: &str| shorten(label, &("sans-serif", 13).into_font(), label_area - 16);
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(WHITE.mix(0.0))
        .y_labels(deviations.len() + 1)
        .y_label_formatter(&|y| {
            row_at(*y, deviations.len()).map_or(String::new(), |i| shown(&deviations[i].0))
        })
        .x_desc("mio. kr. (+ mindreforbrug, − merforbrug)")
        .x_label_formatter(&|v| axis_label(*v))
        .label_style(("sans-serif", 13))
        .axis_desc_style(("sans-serif", 14))
        .draw()?;
    let (mut labels, coord) = zero_line(&mut chart, n, root.dim_in_pixel())?;
    let at = |x: f64, y: f64| coord.translate(&(x, y));
    for (i, (_, kr)) in deviations.iter().enumerate() {
        let y = n - 1.0 - i as f64;
        labels.mark(at(0.0, y - 0.35), at(*kr as f64 / 1e6, y + 0.35));
    }
    for (i, (_, kr)) in deviations.iter().enumerate() {
        let y = n - 1.0 - i as f64;
        let v = *kr as f64 / 1e6;
        let color = if *kr >= 0 {
            RGBColor(26, 152, 80)
        } else {
            RGBColor(215, 48, 39)
        };
        chart.draw_series(std::iter::once(Rectangle::new(
            [(0.0, y - 0.35), (v, y + 0.35)],
            color.filled(),
        )))?;
        // Beyond the bar's end, on the side it points to: a negative
        // figure left of its bar, clear of the zero line.
        let (end, mid) = at(v, y);
        let spot = if *kr < 0 {
            Spot::Left(end - 6, mid)
        } else {
            Spot::Right(end + 6, mid)
        };
        draw_label(
            root,
            labels.place(&font, &[(spot, &texts[i])]),
            font.clone().into(),
        )?;
    }
    root.present()?;
    Ok(())
}

/// Render the deviations of one fiscal year as diverging bars, largest on
/// top.
pub fn render_budget(
    year: i32,
    basis: &str,
    deviations: &[(String, i64)],
    note: &str,
    format: ChartFormat,
    size: (u32, u32),
) -> Result<Vec<u8>, String> {
    render_with!(format, size, |root| draw_budget(
        root, year, basis, deviations, note
    ))
}
