//! Charts: the PNG decodes to the requested size with a meaningful share of
//! drawn pixels, the SVG holds the years and Danish-formatted values, the
//! same input gives the same bytes, and the charts committed in charts/ are
//! what the code draws today.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn render(args: &[&str], out: &Path) {
    let o = Command::new(env!("CARGO_BIN_EXE_budgetspor"))
        .args(args)
        .arg("-o")
        .arg(out)
        .arg("-q")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// The SVG a `chart` command line draws, rendered into `dir`.
fn svg_of(dir: &Path, args: &[&str]) -> String {
    let path = dir.join("chart.svg");
    render(args, &path);
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn reservationspulje_png_and_svg() {
    let dir = tempfile::tempdir().unwrap();
    let fx = root().join("fixtures/minutes");
    let png_path = dir.path().join("p.png");
    render(
        &[
            "chart",
            "reservationspulje",
            fx.to_str().unwrap(),
            "--width",
            "900",
            "--height",
            "500",
        ],
        &png_path,
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(&png_path).unwrap(),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut pixels).unwrap();
    assert_eq!((info.width, info.height), (900, 500));
    let drawn = pixels[..info.buffer_size()]
        .chunks(3)
        .filter(|p| p != &[255, 255, 255])
        .count();
    let share = drawn as f64 / (900.0 * 500.0);
    assert!(share > 0.10 && share < 0.9, "share of drawn pixels {share}");

    let svg = svg_of(
        dir.path(),
        &["chart", "reservationspulje", fx.to_str().unwrap()],
    );
    for text in [
        "2021",
        "2023",
        "2024",
        "2025",
        "159,1 mio. kr.",
        "131,9 mio. kr.",
        "129,2 mio. kr.",
        "118,2 mio. kr.",
        "-27,1 mio. kr.",
        "26,7 mio. kr.",
        "mio. kr.",
        "Reservationspulje pr. regnskabsår",
        "26-10-2021",
    ] {
        assert!(svg.contains(text), "{text} missing from the SVG");
    }
    let again = dir.path().join("q.svg");
    render(
        &["chart", "reservationspulje", fx.to_str().unwrap()],
        &again,
    );
    assert_eq!(
        std::fs::read(&again).unwrap(),
        svg.into_bytes(),
        "same input, same SVG bytes"
    );
}

/// The charts committed in charts/.
const COMMITTED: &[&str] = &[
    "reservationspulje",
    "bridge",
    "gevinst",
    "ydelser",
    "budget",
    "opfolgning",
];

#[test]
fn committed_charts_are_current() {
    let dir = tempfile::tempdir().unwrap();
    let fx = root().join("fixtures/minutes");
    for name in COMMITTED {
        let fresh = dir.path().join(format!("{name}.svg"));
        render(&["chart", name, fx.to_str().unwrap()], &fresh);
        let committed = root().join(format!("charts/{name}.svg"));
        assert!(
            std::fs::read(&committed).unwrap() == std::fs::read(&fresh).unwrap(),
            "charts/{name}.svg is stale: run `cargo run -- run` and copy out/charts/{name}.svg and .png to charts/"
        );
    }
}

#[test]
fn bridge_of_2021() {
    let dir = tempfile::tempdir().unwrap();
    let fx = root().join("fixtures/minutes");
    let svg = svg_of(
        dir.path(),
        &[
            "chart",
            "bridge",
            fx.to_str().unwrap(),
            "--fiscal-year",
            "2021",
        ],
    );
    for text in [
        "Reservationspulje 2021",
        "Reservationspulje ved Vedtaget budget 2021",
        "Midtvejsregulering (sommer 2021)",
        "Forventet resultat 2021",
        "-27,1 mio. kr.",
        "+221,8 mio. kr.",
        "-124,5 mio. kr.",
        "159,1 mio. kr.",
    ] {
        assert!(svg.contains(text), "{text} missing from the SVG");
    }
    let o = Command::new(env!("CARGO_BIN_EXE_budgetspor"))
        .args([
            "chart",
            "bridge",
            fx.to_str().unwrap(),
            "--fiscal-year",
            "2019",
            "-q",
            "-o",
        ])
        .arg(dir.path().join("none.svg"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("expected a reservationspulje bridge for 2019")
    );
}

#[test]
fn gains_per_project() {
    let dir = tempfile::tempdir().unwrap();
    let fx = root().join("fixtures/minutes");
    let svg = svg_of(dir.path(), &["chart", "gevinst", fx.to_str().unwrap()]);
    for text in [
        "Alle skal med",
        "Akademikerindsats",
        "SDP: Tværfagligt team 2.0",
        "SØV",
        "Vollsmose aktivitetsparate",
        "Vollsmose jobparate",
        "31-05-2020: 5,1 mio. kr.",
        "31-08-2021: 14,6 mio. kr.",
        "31-05-2020: ikke opgjort",
        "Realiseret, bag budget til dato",
        "Mål for hele projektperioden",
    ] {
        assert!(svg.contains(text), "{text} missing from the SVG");
    }
}

#[test]
fn ydelser_lines_default_and_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let fx = root().join("fixtures/minutes");
    let svg = svg_of(dir.path(), &["chart", "ydelser", fx.to_str().unwrap()]);
    for text in [
        "Førtidspension",
        "A-dagpenge",
        "Kontanthjælp og uddannelseshjælp",
        "2021",
        "2025",
        "1.600",
        "Budget (stiplet)",
        "Forventet regnskab (prikket)",
    ] {
        assert!(svg.contains(text), "{text} missing from the SVG");
    }
    assert!(
        !svg.contains("Samlet"),
        "totals are not among the default lines"
    );
    let svg = svg_of(
        dir.path(),
        &[
            "chart",
            "ydelser",
            fx.to_str().unwrap(),
            "--line-item",
            "EGU/FGU",
            "--line-item",
            "Seniorjob",
        ],
    );
    assert!(svg.contains("Forberedende grunduddannelse (FGU)") && svg.contains("Seniorjob"));
    assert!(!svg.contains("Førtidspension"));
}

#[test]
fn budget_deviations_sorted() {
    let dir = tempfile::tempdir().unwrap();
    let fx = root().join("fixtures/minutes");
    let svg = svg_of(
        dir.path(),
        &[
            "chart",
            "budget",
            fx.to_str().unwrap(),
            "--fiscal-year",
            "2021",
        ],
    );
    // 2021: korrigeret budget − forventet regnskab; A-dagpenge +36,6 on top,
    // Boligsikring −15,1 at the bottom.
    for text in [
        "Afvigelse 2021",
        "Korrigeret budget",
        "36,6 mio. kr.",
        "-15,1 mio. kr.",
        "A-dagpenge",
        "Boligsikring- og ydelse",
    ] {
        assert!(svg.contains(text), "{text} missing from the SVG");
    }
    let top = svg.find("36,6 mio. kr.").unwrap();
    let bottom = svg.find("-15,1 mio. kr.").unwrap();
    assert!(top < bottom, "sorted by size, largest first");
}

/// How many pixels of the PNG at `png` differ (by more than 8 of 255 in a
/// channel) from the SVG drawn by resvg with `options`' fonts.
fn pixels_apart(
    svg: &[u8],
    options: &resvg::usvg::Options<'_>,
    png: &Path,
    (width, height): (u32, u32),
) -> usize {
    let tree = resvg::usvg::Tree::from_data(svg, options).unwrap();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width, height).unwrap();
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    let decoder = png::Decoder::new(std::io::Cursor::new(std::fs::read(png).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut pixels).unwrap();
    assert_eq!((info.width, info.height), (width, height));
    pixels
        .chunks_exact(3)
        .zip(pixmap.data().chunks_exact(4))
        .filter(|(a, b)| (0..3).any(|i| a[i].abs_diff(b[i]) > 8))
        .count()
}

/// Every chart drawn twice, as SVG and as PNG, at the size of `run` and
/// at a news article's: the PNG is the SVG as a renderer with the embedded
/// DejaVu Sans draws it (resvg here, with the font loaded from memory),
/// within a small share of pixels. The PNG was once plotters' own bitmap,
/// whose text was spaced apart ("1 5,4").
#[test]
fn png_is_the_svg_rasterized() {
    let dir = tempfile::tempdir().unwrap();
    let fx = root().join("fixtures/minutes");
    let options = chart_fonts();
    for name in COMMITTED {
        for (width, height) in [(1000u32, 600u32), (640, 400)] {
            let size = [
                "--width".to_string(),
                width.to_string(),
                "--height".to_string(),
                height.to_string(),
            ];
            let mut args = vec![
                "chart".to_string(),
                name.to_string(),
                fx.display().to_string(),
            ];
            args.extend(size.iter().cloned());
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let (svg, png) = (dir.path().join("c.svg"), dir.path().join("c.png"));
            render(&args, &svg);
            render(&args, &png);
            let svg = std::fs::read(&svg).unwrap();
            let differing = pixels_apart(&svg, &options, &png, (width, height));
            let share = differing as f64 / (width * height) as f64;
            assert!(
                share < 0.001,
                "{name} {width}×{height}: {share:.4} of the pixels differ"
            );
        }
    }
}

/// The budget follow-up from any money table: Odense's forsørgelses table
/// and a Greve page alike, its deviations in Danish.
#[test]
fn budget_follow_up_of_any_money_table() {
    let dir = tempfile::tempdir().unwrap();
    let svg = svg_of(
        dir.path(),
        &[
            "chart",
            "opfolgning",
            root().join("fixtures/minutes").to_str().unwrap(),
        ],
    );
    for text in [
        "Budgetopfølgning 2024",
        "Førtidspension",
        "-41,2 mio. kr.",
        "Vedtaget budget",
        "møde 27-08-2024",
    ] {
        assert!(svg.contains(text), "{text} missing from the SVG");
    }
    let greve = dir.path().join("g.svg");
    let page = root().join("fixtures/real/greve/html/33_oeu_2025-05-14_p4.html");
    render(&["chart", "opfolgning", page.to_str().unwrap()], &greve);
    let svg = std::fs::read_to_string(&greve).unwrap();
    for text in [
        "Budgetopfølgning 2025",
        "Skole-, Børne- og Ungeudvalget",
        "+15,1 mio. kr.",
    ] {
        assert!(svg.contains(text), "{text} missing from the SVG");
    }
    // No such table: one line, exit 1.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_budgetspor"))
        .args([
            "chart",
            "opfolgning",
            page.to_str().unwrap(),
            "--fiscal-year",
            "1999",
            "-o",
        ])
        .arg(dir.path().join("none.svg"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("expected a table with an expected result beside a budget for 1999 (a budget follow-up), found none"),
        "{stderr}"
    );
}

/// The fonts a chart is drawn with, as resvg loads them: the embedded
/// DejaVu Sans and nothing from the machine.
fn chart_fonts() -> resvg::usvg::Options<'static> {
    let mut db = resvg::usvg::fontdb::Database::new();
    db.load_font_data(std::fs::read(root().join("assets/fonts/DejaVuSans.ttf")).unwrap());
    db.load_font_data(std::fs::read(root().join("assets/fonts/DejaVuSans-Bold.ttf")).unwrap());
    db.set_sans_serif_family("DejaVu Sans");
    resvg::usvg::Options {
        fontdb: std::sync::Arc::new(db),
        ..resvg::usvg::Options::default()
    }
}

/// What a chart shows, as its SVG lays it out: each text's outline box
/// (its glyphs, shaped) and each mark's box (a filled shape that is not
/// white, or a stroke 2 pixels wide or more: bars, markers, data lines).
#[derive(Default)]
struct Drawn {
    texts: Vec<(resvg::usvg::Rect, String)>,
    marks: Vec<resvg::usvg::Rect>,
}

fn collect(group: &resvg::usvg::Group, drawn: &mut Drawn) {
    use resvg::usvg::{Node, Paint};
    for node in group.children() {
        match node {
            Node::Group(g) => collect(g, drawn),
            Node::Text(t) => {
                let text: String = t.chunks().iter().map(|c| c.text()).collect();
                drawn.texts.push((t.flattened().abs_bounding_box(), text));
            }
            Node::Path(p) => {
                let coloured = p.fill().is_some_and(|f| match f.paint() {
                    Paint::Color(c) => c.red.min(c.green).min(c.blue) < 240,
                    _ => true,
                });
                let thick = p.stroke().is_some_and(|s| s.width().get() >= 2.0);
                if coloured {
                    drawn.marks.push(p.abs_bounding_box());
                } else if thick {
                    drawn.marks.push(p.abs_stroke_bounding_box());
                }
            }
            Node::Image(_) => {}
        }
    }
}

/// The area two boxes share, in square pixels.
fn shared(a: &resvg::usvg::Rect, b: &resvg::usvg::Rect) -> f32 {
    let w = a.right().min(b.right()) - a.left().max(b.left());
    let h = a.bottom().min(b.bottom()) - a.top().max(b.top());
    w.max(0.0) * h.max(0.0)
}

/// No label overlaps another label, a bar, a marker or a data line, and
/// none is cut at the chart's edge: every chart at the size of `run` and
/// at a news article's (640×400). Measured on the SVG as resvg lays it
/// out with the embedded font, so it is what a reader sees.
#[test]
fn labels_overlap_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let fx = root().join("fixtures/minutes");
    let options = chart_fonts();
    let mut faults = Vec::new();
    // The committed charts, and a follow-up of another municipality's
    // table, whose names are longer and whose figures are larger.
    let greve = root().join("fixtures/real/greve/html/33_oeu_2025-05-14_p4.html");
    let cases = COMMITTED
        .iter()
        .map(|name| (*name, fx.clone()))
        .chain([("opfolgning", greve)]);
    for (name, input) in cases {
        for (width, height) in [(1000u32, 600u32), (640, 400)] {
            let svg = dir.path().join("c.svg");
            let (w, h) = (width.to_string(), height.to_string());
            render(
                &[
                    "chart",
                    name,
                    input.to_str().unwrap(),
                    "--width",
                    &w,
                    "--height",
                    &h,
                ],
                &svg,
            );
            let tree =
                resvg::usvg::Tree::from_data(&std::fs::read(&svg).unwrap(), &options).unwrap();
            let mut drawn = Drawn::default();
            collect(tree.root(), &mut drawn);
            let at = format!("{name} of {} {width}×{height}", input.display());
            if std::env::var_os("CHART_LAYOUT_DEBUG").is_some() {
                for (a, text) in &drawn.texts {
                    eprintln!("{at}: {text:?} {a:?}");
                }
            }
            for (i, (a, text)) in drawn.texts.iter().enumerate() {
                // Glyphs up to the last pixel column read as cut.
                let (w, h) = (width as f32 - 2.0, height as f32 - 2.0);
                if a.left() < 2.0 || a.top() < 2.0 || a.right() > w || a.bottom() > h {
                    faults.push(format!("{at}: {text:?} is cut at the edge ({a:?})"));
                }
                for (b, other) in &drawn.texts[i + 1..] {
                    if shared(a, b) > 1.0 {
                        faults.push(format!("{at}: {text:?} overlaps {other:?}"));
                    }
                }
                for b in &drawn.marks {
                    if shared(a, b) > 1.0 {
                        faults.push(format!("{at}: {text:?} overlaps a mark at {b:?}"));
                    }
                }
            }
        }
    }
    assert!(
        faults.is_empty(),
        "{} overlaps:\n{}",
        faults.len(),
        faults.join("\n")
    );
}

/// `--svg-text paths`: the SVG holds no text, only outlines, is the same
/// bytes for the same input, and looks as the PNG does in a viewer that
/// has no fonts at all.
#[test]
fn svg_text_as_paths_needs_no_font() {
    let dir = tempfile::tempdir().unwrap();
    let fx = root().join("fixtures/minutes");
    let args = [
        "chart",
        "budget",
        fx.to_str().unwrap(),
        "--svg-text",
        "paths",
    ];
    let (first, second, png) = (
        dir.path().join("a.svg"),
        dir.path().join("b.svg"),
        dir.path().join("c.png"),
    );
    render(&args, &first);
    render(&args, &second);
    render(&["chart", "budget", fx.to_str().unwrap()], &png);
    let svg = std::fs::read(&first).unwrap();
    assert_eq!(svg, std::fs::read(&second).unwrap());
    let text = String::from_utf8(svg.clone()).unwrap();
    assert!(!text.contains("<text"), "a <text> element is left");
    assert!(text.matches("<path").count() > 60, "too few outlines");
    // Drawn with no font loaded, it is the PNG.
    let options = resvg::usvg::Options::default();
    let differing = pixels_apart(&svg, &options, &png, (1000, 600));
    assert!(differing < 600, "{differing} pixels differ from the PNG");
}
