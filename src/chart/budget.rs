//! Deviation per forsørgelses line item (budget − result) of one fiscal
//! year, diverging bars sorted by size.

use super::{axis_label, mio_label, room, title_font, with_source_note, ChartFormat, DrawResult};
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
    let pad = (high - low).max(1.0) * 0.25;
    let n = deviations.len() as f64;
    let mut chart = ChartBuilder::on(&main)
        .caption(&title, title_font(&title, 22, room(&main, 0)))
        .margin(20)
        .x_label_area_size(40)
        .y_label_area_size(360)
        .build_cartesian_2d(low - pad..high + pad, -0.5f64..n - 0.5)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(WHITE.mix(0.0))
        .y_labels(deviations.len() + 1)
        .y_label_formatter(&|y| {
            let i = y.round();
            if (y - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < deviations.len() {
                deviations[deviations.len() - 1 - i as usize].0.clone()
            } else {
                String::new()
            }
        })
        .x_desc("mio. kr. (+ mindreforbrug, − merforbrug)")
        .x_label_formatter(&|v| axis_label(*v))
        .label_style(("sans-serif", 13))
        .axis_desc_style(("sans-serif", 14))
        .draw()?;
    chart.draw_series(LineSeries::new(
        [(0.0, -0.5), (0.0, n - 0.5)],
        BLACK.stroke_width(2),
    ))?;
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
        let offset = (high - low).max(1.0) * 0.01;
        let x = if v >= 0.0 {
            v + offset
        } else {
            v - offset - (high - low).max(1.0) * 0.14
        };
        chart.draw_series(std::iter::once(Text::new(
            mio_label(*kr),
            (x, y + 0.25),
            ("sans-serif", 12),
        )))?;
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
