//! What every chart lays out alike: the title with the legend in lines of
//! its own beneath it, and value labels placed where they cover nothing.
//!
//! Why: at a news article's width (640×400) a legend inside the plot sat
//! over bars (the reservationspulje chart, the gevinst chart), and labels
//! offset in data units ("3 % of the range above the bar") fell into the
//! bar or off the chart, because a range maps to fewer pixels there. Here
//! labels are placed in pixels, from the text's measured size, and each
//! one takes the first of its offered places that is inside the chart and
//! clear of every bar, marker and label drawn before it.

use super::{text_size, title_font};
use plotters::coord::Shift;
use plotters::prelude::*;

/// A legend entry's sample, drawn as the chart draws that series.
#[derive(Debug, Clone, Copy)]
pub enum Swatch {
    /// A filled bar.
    Bar(RGBColor),
    /// A thin bar: the reservationspulje chart's markers.
    Tick(RGBColor),
    Square(RGBColor),
    Triangle(RGBColor),
    Dot(RGBColor),
    /// A thick line (the gevinst chart's period target is drawn upright).
    Line(RGBColor),
    Upright(RGBColor),
}

/// Draw the title, centred, and the legend's entries in lines beneath it,
/// wrapped to the width; returns the area left for the plot. A legend
/// inside the plot covers a bar or a dot at some size; above the plot it
/// covers nothing at any size.
pub fn headed<DB: DrawingBackend>(
    main: &DrawingArea<DB, Shift>,
    title: &str,
    size: u32,
    entries: &[(String, Swatch)],
) -> Result<DrawingArea<DB, Shift>, DrawingAreaErrorKind<DB::ErrorType>> {
    let width = main.dim_in_pixel().0;
    let title_style = title_font(title, size, width.saturating_sub(40));
    let (title_width, title_height) = text_size(&title_style, title);
    let font = ("sans-serif", 13).into_font();
    let start = (f64::from(width) * 0.1) as i32;
    let mut placed = Vec::with_capacity(entries.len());
    let (mut x, mut line) = (start, 0);
    for (text, swatch) in entries {
        let w = text_size(&font, text).0 as i32 + 34;
        if x + w > width as i32 - 10 && x > start {
            (x, line) = (start, line + 1);
        }
        placed.push((text, *swatch, x, line));
        x += w;
    }
    let lines = if entries.is_empty() { 0 } else { line + 1 };
    let (head, body) = main.split_vertically(20 + title_height + 18 * lines as u32 + 12);
    let centre = (i64::from(width) - i64::from(title_width)).max(0) / 2;
    head.draw(&Text::new(
        title.to_string(),
        (centre as i32, 16),
        title_style,
    ))?;
    for (text, swatch, x, line) in placed {
        let y = 16 + title_height as i32 + 16 + 18 * line;
        match swatch {
            Swatch::Bar(c) => head.draw(&Rectangle::new(
                [(x - 2, y - 5), (x + 12, y + 5)],
                c.filled(),
            ))?,
            Swatch::Tick(c) => head.draw(&Rectangle::new(
                [(x - 2, y - 2), (x + 12, y + 2)],
                c.filled(),
            ))?,
            Swatch::Square(c) => {
                head.draw(&Rectangle::new([(x, y - 4), (x + 8, y + 4)], c.filled()))?
            }
            Swatch::Triangle(c) => head.draw(&TriangleMarker::new((x + 4, y), 6, c.filled()))?,
            Swatch::Dot(c) => head.draw(&Circle::new((x + 4, y), 5, c.filled()))?,
            Swatch::Line(c) => head.draw(&PathElement::new(
                vec![(x - 4, y), (x + 12, y)],
                c.stroke_width(3),
            ))?,
            Swatch::Upright(c) => head.draw(&Rectangle::new(
                [(x + 3, y - 7), (x + 6, y + 7)],
                c.filled(),
            ))?,
        }
        head.draw(&Text::new(text.to_string(), (x + 16, y - 7), font.clone()))?;
    }
    Ok(body)
}

/// Where a label may go, beside a point of the chart (pixels).
#[derive(Debug, Clone, Copy)]
pub enum Spot {
    /// Centred over `x`, its bottom at `y`.
    Above(i32, i32),
    /// Centred under `x`, its top at `y`.
    Below(i32, i32),
    /// Starting at `x`, its bottom at `y`.
    AboveFrom(i32, i32),
    /// Starting at `x`, its top at `y`.
    BelowFrom(i32, i32),
    /// Starting at `x`, centred on `y`.
    Right(i32, i32),
    /// Ending at `x`, centred on `y`.
    Left(i32, i32),
}

/// A box of pixels: left, top, right, bottom.
type Area = [i32; 4];

/// The labels of one chart and what they must keep clear of.
pub struct Labels {
    taken: Vec<Area>,
    width: i32,
    height: i32,
}

/// Pixels kept free around a label.
const GAP: i32 = 2;

impl Labels {
    pub fn new((width, height): (u32, u32)) -> Labels {
        Labels {
            taken: Vec::new(),
            width: width as i32,
            height: height as i32,
        }
    }

    /// A bar, marker or line labels keep clear of, by two corners.
    pub fn mark(&mut self, a: (i32, i32), b: (i32, i32)) {
        self.taken
            .push([a.0.min(b.0), a.1.min(b.1), a.0.max(b.0), a.1.max(b.1)]);
    }

    /// The first of `offers` (a spot and a text) where the label lies
    /// inside the chart and over nothing drawn: its text and top-left
    /// corner. When none is free the first offer is taken, so a crowded
    /// chart still shows every figure (and the layout test says where).
    pub fn place(&mut self, font: &FontDesc<'_>, offers: &[(Spot, &str)]) -> (String, (i32, i32)) {
        let boxed = |(spot, text): &(Spot, &str)| {
            let (w, h) = text_size(font, text);
            let (w, h) = (w as i32, h as i32);
            let (left, top) = match *spot {
                Spot::Above(x, y) => (x - w / 2, y - h),
                Spot::Below(x, y) => (x - w / 2, y),
                Spot::AboveFrom(x, y) => (x, y - h),
                Spot::BelowFrom(x, y) => (x, y),
                Spot::Right(x, y) => (x, y - h / 2),
                Spot::Left(x, y) => (x - w, y - h / 2),
            };
            [left, top, left + w, top + h]
        };
        let free = |a: &Area| {
            a[0] >= GAP
                && a[1] >= GAP
                && a[2] <= self.width - GAP
                && a[3] <= self.height - GAP
                && self.taken.iter().all(|t| {
                    a[2] + GAP <= t[0]
                        || t[2] + GAP <= a[0]
                        || a[3] + GAP <= t[1]
                        || t[3] + GAP <= a[1]
                })
        };
        // The first free offer, else the first; each measured once, and
        // none after a free one.
        let mut measured = offers.iter().map(|o| (o.1, boxed(o)));
        let Some(first) = measured.next() else {
            return (String::new(), (0, 0));
        };
        let (text, area) = std::iter::once(first)
            .chain(measured)
            .find(|(_, a)| free(a))
            .unwrap_or(first);
        self.taken.push(area);
        (text.to_string(), (area[0], area[1]))
    }
}

/// Draw a placed label on the chart's root (pixel coordinates).
pub fn draw_label<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    (text, at): (String, (i32, i32)),
    style: TextStyle<'_>,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.draw(&Text::new(text, at, style))
}

/// `text` as it fits `room` pixels in `font`: whole, or cut and ended with
/// "…" (a line item's name in a narrow chart's label column).
pub fn shorten(text: &str, font: &FontDesc<'_>, room: u32) -> String {
    let fits = |t: &str| text_size(font, t).0 <= room;
    if fits(text) {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    for keep in (1..chars.len()).rev() {
        let cut: String = chars[..keep]
            .iter()
            .collect::<String>()
            .trim_end()
            .to_string()
            + "…";
        if fits(&cut) {
            return cut;
        }
    }
    "…".to_string()
}

/// A value range from `low` to `high` widened so that `left` pixels stay
/// free left of `low` and `right` pixels right of `high` on a plot `plot`
/// pixels wide: room for the figures beside the bars, whatever the width.
/// A pad in data units ("25 % of the range") left 640-pixel charts'
/// figures over their bars or cut at the edge.
pub fn widened(low: f64, high: f64, (left, right): (u32, u32), plot: u32) -> std::ops::Range<f64> {
    let span = (high - low).max(1e-9);
    // Half the plot at most goes to figures, so the bars keep room.
    let free = f64::from(left + right).min(f64::from(plot) * 0.5);
    let share = |px: u32| {
        if left + right == 0 {
            0.0
        } else {
            free * f64::from(px) / f64::from(left + right)
        }
    };
    let per_pixel = span / (f64::from(plot) - free).max(1.0);
    low - share(left) * per_pixel..high + share(right) * per_pixel
}

/// The coordinates of a chart with a number on each axis.
pub type Plane = plotters::coord::cartesian::Cartesian2d<
    plotters::coord::types::RangedCoordf64,
    plotters::coord::types::RangedCoordf64,
>;

/// Draw the zero line across a chart of `n` rows of bars, and start its
/// labels with that line marked (a figure beside a bar must not sit on
/// it); returns the labels and the chart's coordinates, for pixels.
pub fn zero_line<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Plane>,
    n: f64,
    size: (u32, u32),
) -> Result<(Labels, Plane), DrawingAreaErrorKind<DB::ErrorType>> {
    use plotters::coord::CoordTranslate;
    chart.draw_series(LineSeries::new(
        [(0.0, -0.5), (0.0, n - 0.5)],
        BLACK.stroke_width(2),
    ))?;
    let coord = chart.as_coord_spec().clone();
    let mut labels = Labels::new(size);
    labels.mark(
        coord.translate(&(0.0, -0.5)),
        coord.translate(&(0.0, n - 0.5)),
    );
    Ok((labels, coord))
}
