//! What the fixture-based core tests share: the bundled minutes as tidy
//! cells, named by file name.

use budgetspor_core::extract_bytes;
use budgetspor_core::tidy::{flatten, TidyCell};
use std::path::{Path, PathBuf};

/// The bundled minutes, sorted by name.
pub fn fixture_paths() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/minutes");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
}

/// Every cell of every fixture, with the file name as source.
pub fn fixture_cells() -> Vec<TidyCell> {
    fixture_paths()
        .iter()
        .flat_map(|p| {
            let doc = extract_bytes(&std::fs::read(p).unwrap()).unwrap();
            let source = p.file_name().unwrap().to_string_lossy().to_string();
            flatten(&source, &doc).collect::<Vec<_>>()
        })
        .collect()
}
