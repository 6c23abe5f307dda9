//! The HTML report: self-contained, Danish-formatted, with provenance; and
//! rendered by a real browser (headless Chromium) into a screenshot that is
//! not blank. On CI (`CI=true`) a missing Chromium is a failure, not a skip:
//! `.ci/run` installs it.

use std::path::{Path, PathBuf};
use std::process::Command;

fn run_job(out: &Path) {
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/minutes");
    let o = Command::new(env!("CARGO_BIN_EXE_budgetspor"))
        .args([
            "run",
            fixtures.to_str().unwrap(),
            "-q",
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn report_is_self_contained_and_danish() {
    let dir = tempfile::tempdir().unwrap();
    run_job(dir.path());
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert_eq!(html.matches("<svg").count(), 6, "six inline charts");
    for text in [
        "-27.106.000 kr.",
        "159.082.000 kr.",
        "000_36e04387dfc35aea.txt:483",
        "003_a381528b1bf02542.txt:342",
        "000_36e04387dfc35aea.txt:348",
        "004_e33916b7ee8980c9.txt:195",
        "Alle skal med",
        "5.121.638 kr.",
        "Førtidspension",
        "130 kontroller",
        "36,6 %",
    ] {
        assert!(html.contains(text), "{text} missing from the report");
    }
    for external in [
        "src=\"http",
        "href=\"http",
        "<script",
        "@import",
        "url(http",
    ] {
        assert!(
            !html.contains(external),
            "report refers to the network: {external}"
        );
    }
}

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|p| p.join(name))
                    .find(|p| p.is_file())
            })
        })
}

#[test]
fn report_renders_in_a_browser() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var("CI").is_err(),
            "CI must have Chromium: .ci/run installs it"
        );
        eprintln!("skipped: Chromium is not installed (apt-get install chromium)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    run_job(dir.path());
    let report = dir.path().join("report.html");
    let shot = dir.path().join("report.png");
    let profile = dir.path().join("profile");
    let o = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--window-size=1200,1600",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", report.display()))
        .output()
        .unwrap();
    assert!(
        shot.is_file(),
        "no screenshot: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut pixels).unwrap();
    assert_eq!((info.width, info.height), (1200, 1600));
    let channels = info.color_type.samples();
    let drawn = pixels[..info.buffer_size()]
        .chunks(channels)
        .filter(|p| p[..3].iter().any(|v| *v < 230))
        .count();
    let share = drawn as f64 / (1200.0 * 1600.0);
    assert!(share > 0.02, "the screenshot is (nearly) blank: {share}");
}
