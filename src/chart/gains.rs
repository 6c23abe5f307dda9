//! Investment projects: budgeted and realized gain per as-of date, the
//! period target marked.

use super::layout::{draw_label, headed, shorten, Labels, Spot, Swatch};
use super::{axis_label, mio_label, row_at, with_source_note, ChartFormat, DrawResult};
use budgetspor_core::series::GainComparison;
use plotters::coord::CoordTranslate;
use plotters::coord::Shift;
use plotters::prelude::*;

const BUDGET: RGBColor = RGBColor(180, 180, 180);
const AHEAD: RGBColor = RGBColor(26, 152, 80);
const BEHIND: RGBColor = RGBColor(215, 48, 39);
const TARGET: RGBColor = RGBColor(31, 78, 121);
const NEUTRAL: RGBColor = RGBColor(46, 134, 171);

/// The realized bar's colour and its legend entry: behind or ahead only
/// where a budget to date was set.
fn realized(g: &GainComparison) -> Option<(RGBColor, &'static str)> {
    let r = g.realiseret_gevinst_kr?;
    Some(match g.budgetteret_gevinst_kr {
        Some(b) if r < b => (BEHIND, "Realiseret, bag budget til dato"),
        Some(_) => (AHEAD, "Realiseret, på eller over budget til dato"),
        None => (NEUTRAL, "Realiseret (intet budget til dato opgjort)"),
    })
}

/// The legend's entries: only what the chart draws.
fn legend_of(gains: &[GainComparison]) -> Vec<(String, Swatch)> {
    let mut legend: Vec<(String, Swatch)> = Vec::new();
    if gains.iter().any(|g| g.budgetteret_gevinst_kr.is_some()) {
        legend.push(("Budgetteret gevinst til dato".into(), Swatch::Bar(BUDGET)));
    }
    for color in [BEHIND, AHEAD, NEUTRAL] {
        if let Some((_, text)) = gains.iter().filter_map(realized).find(|r| r.0 == color) {
            legend.push((text.to_string(), Swatch::Bar(color)));
        }
    }
    if gains
        .iter()
        .any(|g| g.budgetteret_gevinst_periode_kr.is_some())
    {
        legend.push((
            "Mål for hele projektperioden".into(),
            Swatch::Upright(TARGET),
        ));
    }
    legend
}

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
    let legend = legend_of(gains);
    let title = "Investeringsprojekter: budgetteret og realiseret gevinst";
    let body = headed(&main, title, 24, &legend)?;
    let width = main.dim_in_pixel().0;
    // The projects' names take at most 30 % of the width, cut with "…".
    let label_area = (f64::from(width) * 0.3).min(230.0) as u32;
    let mut chart = ChartBuilder::on(&body)
        .margin(20)
        .margin_top(6)
        .x_label_area_size(40)
        .y_label_area_size(label_area)
        .build_cartesian_2d(0.0..high * 1.75, -0.5f64..n - 0.5)?;
    let name_font = ("sans-serif", 14).into_font();
    let shown = |name: &str| shorten(name, &name_font, label_area - 16);
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(WHITE.mix(0.0))
        .y_labels(projects.len() + 1)
        .y_label_formatter(&|y| {
            row_at(*y, projects.len()).map_or(String::new(), |i| shown(projects[i]))
        })
        .x_desc("mio. kr.")
        .x_label_formatter(&|v| axis_label(*v))
        .label_style(("sans-serif", 14))
        .axis_desc_style(("sans-serif", 15))
        .draw()?;
    let slot = 0.8 / dates.len().max(1) as f64;
    // Each project's figure of each date, with where its slot begins.
    let mut figures: Vec<(f64, &GainComparison)> = Vec::new();
    for (p, project) in projects.iter().enumerate() {
        let center = n - 1.0 - p as f64;
        for (d, date) in dates.iter().enumerate() {
            if let Some(g) = gains
                .iter()
                .find(|g| g.project == *project && g.as_of == *date)
            {
                figures.push((center + 0.4 - d as f64 * slot, g));
            }
        }
    }
    // The target for the whole project period, once per project.
    let targets: Vec<(f64, f64)> = projects
        .iter()
        .enumerate()
        .filter_map(|(p, project)| {
            let target = gains
                .iter()
                .filter(|g| g.project == *project)
                .find_map(|g| g.budgetteret_gevinst_periode_kr)?;
            Some((n - 1.0 - p as f64, mio(target)))
        })
        .collect();
    let coord = chart.as_coord_spec().clone();
    let at = |x: f64, y: f64| coord.translate(&(x, y));
    let mut labels = Labels::new(root.dim_in_pixel());
    for &(top, g) in &figures {
        if let Some(b) = g.budgetteret_gevinst_kr {
            let bar = [(0.0, top - slot * 0.1), (mio(b), top - slot * 0.45)];
            labels.mark(at(bar[0].0, bar[0].1), at(bar[1].0, bar[1].1));
            chart.draw_series(std::iter::once(Rectangle::new(bar, BUDGET.filled())))?;
        }
        if let (Some(r), Some((color, _))) = (g.realiseret_gevinst_kr, realized(g)) {
            let bar = [(0.0, top - slot * 0.5), (mio(r), top - slot * 0.9)];
            labels.mark(at(bar[0].0, bar[0].1), at(bar[1].0, bar[1].1));
            chart.draw_series(std::iter::once(Rectangle::new(bar, color.filled())))?;
        }
    }
    for &(center, x) in &targets {
        let (left, top) = at(x, center + 0.45);
        let (_, bottom) = at(x, center - 0.45);
        labels.mark((left - 2, top), (left + 2, bottom));
        chart.draw_series(LineSeries::new(
            [(x, center - 0.45), (x, center + 0.45)],
            TARGET.stroke_width(3),
        ))?;
    }
    // Each figure's date and amount right of its bars and of its target.
    let font = ("sans-serif", 12).into_font();
    for &(top, g) in &figures {
        let date_text = g
            .as_of
            .map_or(String::new(), |d| d.format("%d-%m-%Y").to_string());
        let end = [
            g.budgetteret_gevinst_kr,
            g.budgetteret_gevinst_periode_kr,
            g.realiseret_gevinst_kr,
        ]
        .into_iter()
        .flatten()
        .map(mio)
        .fold(0.0, f64::max);
        let (x, y) = at(end, top - slot * 0.5);
        let (text, style) = match g.realiseret_gevinst_kr {
            Some(r) => (format!("{date_text}: {}", mio_label(r)), font.color(&BLACK)),
            None => (
                format!("{date_text}: ikke opgjort"),
                font.color(&RGBColor(110, 110, 110)),
            ),
        };
        let placed = labels.place(&font, &[(Spot::Right(x + 6, y), &text)]);
        draw_label(root, placed, style)?;
    }
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
