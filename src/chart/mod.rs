//! Charts with plotters: data in, SVG or PNG bytes out. Nothing here writes
//! files. The DejaVu Sans font is embedded and registered once, so a chart
//! looks the same on a machine without system fonts, and the same input
//! gives the same SVG bytes. Labels are Danish: "159,1 mio. kr.".

use budgetspor_core::number::format_danish;
use budgetspor_core::series::SeriesMeasure;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::{register_font, FontStyle};
use std::sync::Once;

static FONT_REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static FONT_BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");
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
    /// An SVG whose text is the glyphs' outlines (`chart --svg-text paths`).
    SvgPaths,
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

const MEASURE_COLORS: &[(SeriesMeasure, RGBColor)] = &[
    (SeriesMeasure::REGNSKAB, RGBColor(31, 78, 121)),
    (SeriesMeasure::FORVENTET_REGNSKAB, RGBColor(46, 134, 171)),
    (SeriesMeasure::KORRIGERET_BUDGET, RGBColor(120, 94, 170)),
    (SeriesMeasure::VEDTAGET_BUDGET, RGBColor(217, 95, 2)),
    (SeriesMeasure::BUDGET, RGBColor(102, 166, 30)),
];

fn color_of(measure: SeriesMeasure) -> RGBColor {
    MEASURE_COLORS
        .iter()
        .find(|(m, _)| *m == measure)
        .map_or(RGBColor(90, 90, 90), |(_, c)| *c)
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
        let fits = text_size(&font, text).0 <= room;
        if fits || size <= 12 {
            return font;
        }
        size -= 1;
    }
}

/// The size of `text` in `font` as the chart's renderer draws it: its
/// advance width as resvg shapes it with the embedded DejaVu Sans (kerned,
/// bold where asked), and the SVG font size as its height (a text placed
/// by its top, as plotters writes it, has its glyphs within that). plotters'
/// own measure is of its rasterizer: it made a bold 640-pixel title 5 %
/// wider than measured, so it was cut at both edges.
fn text_size(font: &FontDesc<'_>, text: &str) -> (u32, u32) {
    use resvg::usvg;
    // plotters writes a font of size s as font-size s / 1.24 in the SVG.
    let size = font.get_size() / 1.24;
    let weight = if matches!(font.get_style(), FontStyle::Bold) {
        "bold"
    } else {
        "normal"
    };
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="200"><text x="0" y="100" font-family="sans-serif" font-size="{size}" font-weight="{weight}">{escaped}</text></svg>"#
    );
    let options = svg_options();
    fn width_of(group: &usvg::Group) -> Option<f32> {
        group.children().iter().find_map(|node| match node {
            usvg::Node::Text(t) => Some(t.abs_bounding_box().width()),
            usvg::Node::Group(g) => width_of(g),
            _ => None,
        })
    }
    // An empty text has no node; a tree the embedded font cannot lay out
    // would be a bug the layout test shows.
    let width = usvg::Tree::from_data(svg.as_bytes(), &options)
        .ok()
        .and_then(|tree| width_of(tree.root()))
        .unwrap_or(0.0);
    (width.ceil() as u32, size.ceil() as u32)
}

/// The row at tick `y` of a chart of `rows` rows drawn from the top (row
/// 0 at the highest tick): the y axis counts up, the rows down. `None`
/// between ticks and past the rows.
fn row_at(y: f64, rows: usize) -> Option<usize> {
    let i = y.round();
    ((y - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < rows).then(|| rows - 1 - i as usize)
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
        let svg = super::render_svg($size, |$root| $draw.map_err(|e| e.to_string()))?;
        match $format {
            ChartFormat::Svg => Ok(svg),
            ChartFormat::SvgPaths => super::outlined(&svg),
            ChartFormat::Png => super::rasterize(&svg, $size),
        }
    }};
}

type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

// One module per chart: what it is drawn from (prepared from series rows
// or cells, testable without drawing), then how it is drawn.
mod bridge;
mod budget;
mod follow_up;
mod gains;
mod layout;
mod pulje;
mod ydelser;

pub use bridge::{bridge_steps, render_bridge, BridgeStep};
pub use budget::render_budget;
pub use follow_up::{follow_up, render_follow_up, FollowUp, FollowUpRow};
pub use gains::render_gains;
pub use pulje::{pulje_years, render_pulje, PuljeYear};
pub use ydelser::{consecutive_years, render_ydelser, ydelser_lines, ItemLine};

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

/// The options resvg reads a chart's SVG with: the embedded fonts only.
fn svg_options() -> resvg::usvg::Options<'static> {
    resvg::usvg::Options {
        font_family: "DejaVu Sans".into(),
        fontdb: font_db(),
        ..resvg::usvg::Options::default()
    }
}

/// A chart's SVG with its text as the outlines of its glyphs, laid out
/// by resvg as the PNG is: the same in every viewer, fonts or none.
/// Coordinates to a hundredth of a pixel keep it about 20 times, not 40
/// times, the size of the SVG with text.
fn outlined(svg: &[u8]) -> Result<Vec<u8>, String> {
    use resvg::usvg;
    let tree = usvg::Tree::from_data(svg, &svg_options())
        .map_err(|e| format!("expected to lay out the chart's text, {e}"))?;
    let written = tree.to_string(&usvg::WriteOptions {
        coordinates_precision: 2,
        transforms_precision: 4,
        ..usvg::WriteOptions::default()
    });
    Ok(written.into_bytes())
}

/// A chart's SVG as a PNG: resvg shapes the text with the embedded font
/// (plotters' own bitmap rasterizer ignored side bearings and kerning:
/// "15,4" printed as "1 5,4"), so the PNG is the SVG as a browser with
/// DejaVu Sans shows it.
fn rasterize(svg: &[u8], (width, height): (u32, u32)) -> Result<Vec<u8>, String> {
    use resvg::{tiny_skia, usvg};
    let tree = usvg::Tree::from_data(svg, &svg_options())
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
    fn danish_mio_labels() {
        assert_eq!(mio_label(159_082_000), "159,1 mio. kr.");
        assert_eq!(mio_label(-27_106_000), "-27,1 mio. kr.");
        assert_eq!(mio_label(1_424_197_000), "1.424,2 mio. kr.");
        assert_eq!(mio_label(-50_000), "-0,1 mio. kr.");
        assert_eq!(mio_label(0), "0,0 mio. kr.");
    }
}
