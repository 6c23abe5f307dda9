//! Benchmark corpus: the bundled minutes multiplied into N documents, every
//! year 2010–2029 shifted by a per-document offset (−3…+3, so meeting dates
//! and fiscal years vary), every third document's tables re-laid as
//! space-aligned columns and every fifth as Markdown pipes. Deterministic:
//! the same N gives the same bytes.
//!
//! `cargo run --release -p budgetspor-core --example make_corpus -- OUT_DIR [N=2000] [FIXTURES=fixtures/minutes]`
//! 2,000 documents are about 130 MB.

use budgetspor_core::relayout::{relayout, Layout};
use std::path::PathBuf;

/// Shift every standalone year 2010–2029 by `shift`.
fn shift_years(text: &str, shift: i32) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut i = 0;
    while i + 4 <= bytes.len() {
        let w = &bytes[i..i + 4];
        let standalone = (i == 0 || !bytes[i - 1].is_ascii_digit())
            && bytes.get(i + 4).is_none_or(|b| !b.is_ascii_digit());
        if w[0] == b'2'
            && w[1] == b'0'
            && matches!(w[2], b'1' | b'2')
            && w[3].is_ascii_digit()
            && standalone
        {
            let year: i32 = std::str::from_utf8(w)
                .expect("digits")
                .parse()
                .expect("digits");
            out.push_str(&text[last..i]);
            out.push_str(&(year + shift).to_string());
            last = i + 4;
            i += 4;
        } else {
            i += 1;
        }
    }
    out.push_str(&text[last..]);
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(out) = args.first().map(PathBuf::from) else {
        eprintln!("usage: make_corpus OUT_DIR [N=2000] [FIXTURES=fixtures/minutes]");
        std::process::exit(2);
    };
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(2000);
    let fixtures = PathBuf::from(args.get(2).map_or("fixtures/minutes", String::as_str));
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .unwrap_or_else(|e| panic!("{}: {e}", fixtures.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    seeds.sort();
    let texts: Vec<String> = seeds
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("UTF-8 fixture"))
        .collect();
    std::fs::create_dir_all(&out).expect("output directory");
    let mut total = 0usize;
    for i in 0..n {
        let k = i % texts.len();
        let shift = ((i / texts.len()) % 7) as i32 - 3;
        let mut body = shift_years(&texts[k], shift);
        if i % 3 == 1 {
            body = relayout(&body, Layout::Aligned);
        } else if i % 5 == 2 {
            body = relayout(&body, Layout::Pipe);
        }
        let name = seeds[k].file_name().expect("file name").to_string_lossy();
        std::fs::write(out.join(format!("{i:05}_{name}")), &body).expect("write");
        total += body.len();
    }
    println!(
        "{n} documents, {:.1} MB in {}",
        total as f64 / 1e6,
        out.display()
    );
}
