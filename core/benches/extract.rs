//! Benchmarks of the core, no IO in the timed part: the Danish number
//! parser, table recognition and semantics per document (each bundled
//! fixture and its aligned re-layout), and a 200-document corpus in memory
//! on one thread. Run: `cargo bench -p budgetspor-core` (figures in
//! README, "Performance").

use budgetspor_core::number::parse_number;
use budgetspor_core::relayout::{relayout, Layout};
use budgetspor_core::{extract_bytes, extract_text};
use divan::counter::BytesCount;
use divan::{black_box, Bencher};
use std::path::Path;

fn main() {
    divan::main();
}

fn fixtures() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/minutes");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

const NUMBERS: &[&str] = &[
    "1.190.839",
    "-27.106",
    "-2.093,8",
    "12,5 %",
    "1,5 mio. kr.",
    "−4.896",
    "(1.234)",
    "-",
    "26/10",
    "2024",
];

#[divan::bench]
fn number_parser(bencher: Bencher) {
    bencher
        .counter(divan::counter::ItemsCount::new(NUMBERS.len()))
        .bench(|| {
            for n in NUMBERS {
                black_box(parse_number(black_box(n)).ok());
            }
        });
}

#[divan::bench(args = ["tsv", "aligned"])]
fn document(bencher: Bencher, layout: &str) {
    let texts: Vec<String> = fixtures()
        .into_iter()
        .map(|(_, t)| match layout {
            "aligned" => relayout(&t, Layout::Aligned),
            _ => t,
        })
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        for t in &texts {
            black_box(extract_text(black_box(t)));
        }
    });
}

#[divan::bench(sample_count = 10)]
fn corpus_200_documents(bencher: Bencher) {
    let texts: Vec<Vec<u8>> = fixtures()
        .into_iter()
        .cycle()
        .take(200)
        .map(|(_, t)| t.into_bytes())
        .collect();
    let bytes: usize = texts.iter().map(Vec::len).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        for t in &texts {
            black_box(extract_bytes(black_box(t)).ok());
        }
    });
}
