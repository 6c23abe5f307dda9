//! Charts with plotters: data in, SVG or PNG bytes out. Nothing here writes
//! files. The DejaVu Sans font is embedded and registered once, so a chart
//! looks the same on a machine without system fonts, and the same input
//! gives the same SVG bytes. Labels are Danish: "159,1 mio. kr.".

use budgetspor_core::number::format_danish;
use budgetspor_core::series::{GainComparison, SeriesRow};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::{register_font, FontStyle};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Once;

static FONT_REGULAR: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");
static FONT_BOLD: &[u8] = include_bytes!("../assets/fonts/DejaVuSans-Bold.ttf");
static REGISTER: Once = Once::new();

fn register_fonts() {
    REGISTER.call_once(|| {
        // The embedded bytes are a valid TTF; a failure here would show as
        // charts without text, which the tests would catch.
        let _ = register_font("sans-serif", FontStyle::Normal, FONT_REGULAR);
        let _ = register_font("sans-serif", FontStyle::Bold, FONT_BOLD);
    });
}

/// Output format of a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartFormat {
    Svg,
    Png,
}

impl ChartFormat {
    /// From a file extension; SVG unless it says PNG.
    pub fn from_path(path: &std::path::Path) -> ChartFormat {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("png") => ChartFormat::Png,
            _ => ChartFormat::Svg,
        }
    }
}

/// Whole kroner as "159,1 mio. kr.", rounded half away from zero.
pub fn mio_label(kr: i64) -> String {
    let tenths = (kr as i128 * 10 + if kr < 0 { -500_000 } else { 500_000 }) / 1_000_000;
    format!("{} mio. kr.", format_danish(tenths, 1))
}

/// An axis tick in mio. kr.: "-50", "1.200".
fn axis_label(mio: f64) -> String {
    format_danish(mio.round() as i128, 0)
}

const MEASURE_COLORS: &[(&str, RGBColor)] = &[
    ("regnskab", RGBColor(31, 78, 121)),
    ("forventet_regnskab", RGBColor(46, 134, 171)),
    ("korrigeret_budget", RGBColor(120, 94, 170)),
    ("vedtaget_budget", RGBColor(217, 95, 2)),
    ("budget", RGBColor(102, 166, 30)),
];

fn color_of(measure: &str) -> RGBColor {
    MEASURE_COLORS
        .iter()
        .find(|(m, _)| *m == measure)
        .map_or(RGBColor(90, 90, 90), |(_, c)| *c)
}

/// Danish name of a measure for legends.
pub fn measure_name(measure: &str) -> &str {
    match measure {
        "regnskab" => "Regnskab",
        "forventet_regnskab" => "Forventet regnskab",
        "korrigeret_budget" => "Korrigeret budget",
        "vedtaget_budget" => "Vedtaget budget",
        "budget" => "Budget",
        other => other,
    }
}

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

/// White background and the source note in a footer; returns the area
/// above it for the chart.
fn with_source_note<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    note: &str,
) -> Result<DrawingArea<DB, Shift>, DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let (main, footer) = root.split_vertically(root.dim_in_pixel().1 - 30);
    footer.draw(&Text::new(
        note.to_string(),
        (20, 8),
        ("sans-serif", 13).into_font().color(&RGBColor(80, 80, 80)),
    ))?;
    Ok(main)
}

/// A title's bold font: `size` pixels, or smaller until the title fits
/// `room` pixels. A chart 640 pixels wide, a news article's width, has
/// room for less than one of 1000, and a title cut at both ends says
/// nothing.
fn title_font(text: &str, size: u32, room: u32) -> FontDesc<'static> {
    let mut size = size;
    loop {
        let font = ("sans-serif", size).into_font().style(FontStyle::Bold);
        let fits = font.box_size(text).is_ok_and(|(width, _)| width <= room);
        if fits || size <= 12 {
            return font;
        }
        size -= 1;
    }
}

/// The width a title has over a chart: the area's, less its margins
/// (20 pixels a side) and the room kept on the right.
fn room<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, right: u32) -> u32 {
    area.dim_in_pixel().0.saturating_sub(40 + right)
}

/// Draw with `draw` on the backend the format asks for. A macro, because
/// one closure cannot serve two backend types.
macro_rules! render_with {
    ($format:expr, $size:expr, |$root:ident| $draw:expr) => {{
        let svg = render_svg($size, |$root| $draw.map_err(|e| e.to_string()))?;
        match $format {
            ChartFormat::Svg => Ok(svg),
            ChartFormat::Png => rasterize(&svg, $size),
        }
    }};
}

type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

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

/// One step of the reservationspulje bridge, in printed order.
#[derive(Debug, Clone, PartialEq)]
pub struct BridgeStep {
    pub label: String,
    /// `vedtaget_budget`, `justering`, `mellemresultat`, `forventet_regnskab`.
    pub measure: String,
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
            measure: r.measure.to_string(),
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
            if s.measure == "justering" {
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
    let pad = (high - low).max(1.0) * 0.18;
    let n = steps.len() as f64;
    let mut chart = ChartBuilder::on(&main)
        .caption(&title, title_font(&title, 24, room(&main, 0)))
        .margin(20)
        .x_label_area_size(40)
        .y_label_area_size(360)
        .build_cartesian_2d(low - pad * 0.3..high + pad, -0.5f64..n - 0.5)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(WHITE.mix(0.0))
        .y_labels(steps.len() + 1)
        .y_label_formatter(&|y| {
            let i = y.round();
            if (y - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < steps.len() {
                steps[steps.len() - 1 - i as usize].label.clone()
            } else {
                String::new()
            }
        })
        .x_desc("mio. kr.")
        .x_label_formatter(&|v| axis_label(*v))
        .label_style(("sans-serif", 14))
        .axis_desc_style(("sans-serif", 15))
        .draw()?;
    chart.draw_series(LineSeries::new(
        [(0.0, -0.5), (0.0, n - 0.5)],
        BLACK.stroke_width(2),
    ))?;
    for (i, (step, (start, end))) in steps.iter().zip(&bars).enumerate() {
        let y = n - 1.0 - i as f64;
        let color = match step.measure.as_str() {
            "justering" if step.kr >= 0 => RGBColor(26, 152, 80),
            "justering" => RGBColor(215, 48, 39),
            "mellemresultat" => RGBColor(170, 170, 170),
            other => color_of(other),
        };
        chart.draw_series(std::iter::once(Rectangle::new(
            [(*start, y - 0.32), (*end, y + 0.32)],
            color.filled(),
        )))?;
        let text = if step.measure == "justering" && step.kr > 0 {
            format!("+{}", mio_label(step.kr))
        } else {
            mio_label(step.kr)
        };
        let x = start.max(*end) + (high - low).max(1.0) * 0.01;
        chart.draw_series(std::iter::once(Text::new(
            text,
            (x, y + 0.15),
            ("sans-serif", 13),
        )))?;
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

/// One line item's figures for the ydelser chart: (measure, year, kr).
#[derive(Debug, Clone, PartialEq)]
pub struct ItemLine {
    pub line_item: String,
    pub points: Vec<(&'static str, i32, i64)>,
}

/// The measure families of the ydelser chart and how each is drawn.
const FAMILIES: &[(&str, &[&str], &str)] = &[
    (
        "budget",
        &["vedtaget_budget", "korrigeret_budget", "budget"],
        "Budget (stiplet)",
    ),
    ("regnskab", &["regnskab"], "Regnskab (fuld linje)"),
    (
        "forventet",
        &["forventet_regnskab"],
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
    // The legend, drawn by hand in the right margin: plotters clips its own
    // legend to the plotting area.
    let left = main.dim_in_pixel().0 as i32 - legend_room as i32 + 20;
    let font = ("sans-serif", 13).into_font();
    let mut y = 60;
    for (index, item) in items.iter().enumerate() {
        let color = PALETTE[index % PALETTE.len()];
        main.draw(&Rectangle::new(
            [(left, y - 5), (left + 14, y + 5)],
            color.filled(),
        ))?;
        main.draw(&Text::new(
            item.line_item.clone(),
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
    root.present()?;
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
    let mut by_item: BTreeMap<&str, Vec<(&'static str, i32, i64)>> = BTreeMap::new();
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
    // The title, then the legend in a line of its own, then the plot: a
    // legend inside the plot would cover its dots.
    let title_style = title_font(&title, 22, room(&main, 0));
    let (title_width, title_height) = title_style.box_size(&title).unwrap_or((400, 26));
    let adopted = RGBColor(150, 150, 150);
    let adjusted = RGBColor(31, 78, 121);
    let expected = RGBColor(230, 126, 34);
    let over = RGBColor(215, 48, 39);
    let under = RGBColor(26, 152, 80);
    let entries: [(&str, RGBColor, u8); 5] = [
        ("Vedtaget budget", adopted, 0),
        ("Korrigeret budget", adjusted, 1),
        ("Forventet regnskab", expected, 2),
        ("merforbrug", over, 3),
        ("mindreforbrug", under, 3),
    ];
    // The legend's entries in lines that fit the width.
    let font = ("sans-serif", 13).into_font();
    let start = (f64::from(width) * 0.1) as i32;
    let mut placed = Vec::with_capacity(entries.len());
    let (mut x, mut line) = (start, 0);
    for entry in entries {
        let w = font.box_size(entry.0).map_or(100, |(w, _)| w as i32) + 34;
        if x + w > width as i32 - 10 && x > start {
            (x, line) = (start, line + 1);
        }
        placed.push((entry, x, line));
        x += w;
    }
    let lines = line as u32 + 1;
    let (head, body) = main.split_vertically(20 + title_height + 18 * lines + 12);
    let centre = (i64::from(width) - i64::from(title_width)).max(0) / 2;
    head.draw(&Text::new(title.clone(), (centre as i32, 16), title_style))?;
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
    let shown = |label: &str| {
        let chars: Vec<char> = label.chars().collect();
        let keep = (label_area as usize / 8).max(12);
        if chars.len() > keep {
            format!("{}…", chars[..keep - 1].iter().collect::<String>())
        } else {
            label.to_string()
        }
    };
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(WHITE.mix(0.0))
        .y_labels(rows.len() + 1)
        .y_label_formatter(&|y| {
            let i = y.round();
            if (y - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < rows.len() {
                shown(&rows[rows.len() - 1 - i as usize].label)
            } else {
                String::new()
            }
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
        let color = if deviation > 0 { over } else { under };
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
    // The legend, under the title, clear of the plot.
    for ((text, color, shape), x, line) in placed {
        let y = 16 + title_height as i32 + 16 + 18 * line;
        match shape {
            0 => head.draw(&Rectangle::new(
                [(x, y - 4), (x + 8, y + 4)],
                color.filled(),
            ))?,
            1 => head.draw(&TriangleMarker::new((x + 4, y), 6, color.filled()))?,
            2 => head.draw(&Circle::new((x + 4, y), 5, color.filled()))?,
            _ => head.draw(&PathElement::new(
                vec![(x - 4, y), (x + 12, y)],
                color.stroke_width(3),
            ))?,
        }
        head.draw(&Text::new(text.to_string(), (x + 16, y - 7), font.clone()))?;
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

fn render_svg<F>(size: (u32, u32), draw: F) -> Result<Vec<u8>, String>
where
    F: FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Result<(), String>,
{
    register_fonts();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        draw(&root).map_err(|e| format!("expected to draw the chart, {e}"))?;
    }
    Ok(svg.into_bytes())
}

/// The embedded fonts as resvg looks them up: "sans-serif", the family
/// plotters writes, is DejaVu Sans. Loaded once.
fn font_db() -> std::sync::Arc<resvg::usvg::fontdb::Database> {
    static DB: std::sync::OnceLock<std::sync::Arc<resvg::usvg::fontdb::Database>> =
        std::sync::OnceLock::new();
    DB.get_or_init(|| {
        let mut db = resvg::usvg::fontdb::Database::new();
        db.load_font_data(FONT_REGULAR.to_vec());
        db.load_font_data(FONT_BOLD.to_vec());
        db.set_sans_serif_family("DejaVu Sans");
        std::sync::Arc::new(db)
    })
    .clone()
}

/// A chart's SVG as a PNG: resvg shapes the text with the embedded font
/// (plotters' own bitmap rasterizer ignored side bearings and kerning:
/// "15,4" printed as "1 5,4"), so the PNG is the SVG as a browser with
/// DejaVu Sans shows it.
fn rasterize(svg: &[u8], (width, height): (u32, u32)) -> Result<Vec<u8>, String> {
    use resvg::{tiny_skia, usvg};
    let options = usvg::Options {
        font_family: "DejaVu Sans".into(),
        fontdb: font_db(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_data(svg, &options)
        .map_err(|e| format!("expected to rasterize the chart, {e}"))?;
    let mut pixmap = tiny_skia::Pixmap::new(width, height)
        .ok_or_else(|| format!("expected a chart size above 0, found {width}×{height}"))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    // Opaque on white: the premultiplied RGBA is plain RGB.
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    encode_png(&rgb, (width, height))
}

fn encode_png(rgb: &[u8], (width, height): (u32, u32)) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
        writer.write_image_data(rgb).map_err(|e| e.to_string())?;
    }
    Ok(out)
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

    #[test]
    fn danish_mio_labels() {
        assert_eq!(mio_label(159_082_000), "159,1 mio. kr.");
        assert_eq!(mio_label(-27_106_000), "-27,1 mio. kr.");
        assert_eq!(mio_label(1_424_197_000), "1.424,2 mio. kr.");
        assert_eq!(mio_label(-50_000), "-0,1 mio. kr.");
        assert_eq!(mio_label(0), "0,0 mio. kr.");
    }
}
