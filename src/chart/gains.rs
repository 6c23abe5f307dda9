//! Investment projects: budgeted and realized gain per as-of date, the
//! period target marked.

use super::{axis_label, mio_label, room, title_font, with_source_note, ChartFormat, DrawResult};
use budgetspor_core::series::GainComparison;
use plotters::coord::Shift;
use plotters::prelude::*;

fn draw_gains<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    gains: &[GainComparison],
    note: &str,
) -> DrawResult<DB> {
    let main = with_source_note(root, note)?;
    let mut projects: Vec<&str> = gains.iter().map(|g| g.project.as_str()).collect();
    projects.dedup();
    let dates: Vec<Option<chrono::NaiveDate>> = {
        let mut d: Vec<_> = gains.iter().map(|g| g.as_of).collect();
        d.sort();
        d.dedup();
        d
    };
    let mio = |kr: i64| kr as f64 / 1e6;
    let high = gains
        .iter()
        .flat_map(|g| {
            [
                g.budgetteret_gevinst_kr,
                g.budgetteret_gevinst_periode_kr,
                g.realiseret_gevinst_kr,
            ]
        })
        .flatten()
        .map(mio)
        .fold(1.0f64, f64::max);
    let n = projects.len() as f64;
    let mut chart = ChartBuilder::on(&main)
        .caption(
            "Investeringsprojekter: budgetteret og realiseret gevinst",
            title_font(
                "Investeringsprojekter: budgetteret og realiseret gevinst",
                24,
                room(&main, 0),
            ),
        )
        .margin(20)
        .x_label_area_size(40)
        .y_label_area_size(230)
        .build_cartesian_2d(0.0..high * 1.75, -0.5f64..n - 0.5)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(WHITE.mix(0.0))
        .y_labels(projects.len() + 1)
        .y_label_formatter(&|y| {
            let i = y.round();
            if (y - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < projects.len() {
                projects[projects.len() - 1 - i as usize].to_string()
            } else {
                String::new()
            }
        })
        .x_desc("mio. kr.")
        .x_label_formatter(&|v| axis_label(*v))
        .label_style(("sans-serif", 14))
        .axis_desc_style(("sans-serif", 15))
        .draw()?;
    let budget_color = RGBColor(180, 180, 180);
    let ahead = RGBColor(26, 152, 80);
    let behind = RGBColor(215, 48, 39);
    let target_color = RGBColor(31, 78, 121);
    let neutral = RGBColor(46, 134, 171);
    let slot = 0.8 / dates.len().max(1) as f64;
    let mut legend = std::collections::BTreeSet::new();
    for (p, project) in projects.iter().enumerate() {
        let center = n - 1.0 - p as f64;
        for (d, date) in dates.iter().enumerate() {
            let Some(g) = gains
                .iter()
                .find(|g| g.project == *project && g.as_of == *date)
            else {
                continue;
            };
            let top = center + 0.4 - d as f64 * slot;
            let budget = g
                .budgetteret_gevinst_kr
                .or(g.budgetteret_gevinst_periode_kr);
            if let Some(b) = g.budgetteret_gevinst_kr {
                let bar = chart.draw_series(std::iter::once(Rectangle::new(
                    [(0.0, top - slot * 0.1), (mio(b), top - slot * 0.45)],
                    budget_color.filled(),
                )))?;
                if legend.insert("budget") {
                    bar.label("Budgetteret gevinst til dato")
                        .legend(move |(x, y)| {
                            Rectangle::new([(x, y - 5), (x + 14, y + 5)], budget_color.filled())
                        });
                }
            }
            let date_text = date.map_or(String::new(), |d| d.format("%d-%m-%Y").to_string());
            let target = g.budgetteret_gevinst_periode_kr.map_or(0.0, mio);
            let label_x = |bar: f64| bar.max(budget.map_or(0.0, mio)).max(target) + high * 0.015;
            match g.realiseret_gevinst_kr {
                Some(r) => {
                    // Behind or ahead only where a budget to date was set.
                    let (color, key, text) = match g.budgetteret_gevinst_kr {
                        Some(b) if r < b => (behind, "behind", "Realiseret, bag budget til dato"),
                        Some(_) => (ahead, "ahead", "Realiseret, på eller over budget til dato"),
                        None => (
                            neutral,
                            "neutral",
                            "Realiseret (intet budget til dato opgjort)",
                        ),
                    };
                    let bar = chart.draw_series(std::iter::once(Rectangle::new(
                        [(0.0, top - slot * 0.5), (mio(r), top - slot * 0.9)],
                        color.filled(),
                    )))?;
                    if legend.insert(key) {
                        bar.label(text).legend(move |(x, y)| {
                            Rectangle::new([(x, y - 5), (x + 14, y + 5)], color.filled())
                        });
                    }
                    chart.draw_series(std::iter::once(Text::new(
                        format!("{date_text}: {}", mio_label(r)),
                        (label_x(mio(r)), top - slot * 0.25),
                        ("sans-serif", 12),
                    )))?;
                }
                None => {
                    chart.draw_series(std::iter::once(Text::new(
                        format!("{date_text}: ikke opgjort"),
                        (label_x(0.0), top - slot * 0.25),
                        ("sans-serif", 12)
                            .into_font()
                            .color(&RGBColor(110, 110, 110)),
                    )))?;
                }
            }
        }
        // The target for the whole project period, once per project.
        if let Some(target) = gains
            .iter()
            .filter(|g| g.project == *project)
            .find_map(|g| g.budgetteret_gevinst_periode_kr)
        {
            let x = mio(target);
            let line = chart.draw_series(LineSeries::new(
                [(x, center - 0.45), (x, center + 0.45)],
                target_color.stroke_width(3),
            ))?;
            if legend.insert("target") {
                line.label("Mål for hele projektperioden")
                    .legend(move |(x, y)| {
                        Rectangle::new([(x + 6, y - 7), (x + 9, y + 7)], target_color.filled())
                    });
            }
        }
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.9))
        .border_style(RGBColor(200, 200, 200))
        .label_font(("sans-serif", 13))
        .draw()?;
    root.present()?;
    Ok(())
}

/// Render budgeted vs realized gains per project and date.
pub fn render_gains(
    gains: &[GainComparison],
    note: &str,
    format: ChartFormat,
    size: (u32, u32),
) -> Result<Vec<u8>, String> {
    render_with!(format, size, |root| draw_gains(root, gains, note))
}
