//! Reading speed of the HTML source: every page given, read `ROUNDS`
//! times over, one thread. `cargo run --release -p budgetspor-core
//! --example html_speed -- fixtures/real/greve/html/*.html`
use std::time::Instant;

fn main() {
    let pages: Vec<Vec<u8>> = std::env::args()
        .skip(1)
        .map(|p| std::fs::read(p).expect("a readable page"))
        .collect();
    let bytes: usize = pages.iter().map(Vec::len).sum();
    let rounds = 30;
    let mut cells = 0;
    let start = Instant::now();
    for _ in 0..rounds {
        for page in &pages {
            let doc = budgetspor_core::source::extract_file(page, Some("html")).expect("a page");
            cells += doc.cells.len();
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    let mb = (bytes * rounds) as f64 / 1e6;
    println!(
        "{} pages x {rounds}: {mb:.1} MB in {seconds:.2} s = {:.1} MB/s, {:.0} pages/s, {} cells",
        pages.len(),
        mb / seconds,
        (pages.len() * rounds) as f64 / seconds,
        cells / rounds
    );
}
