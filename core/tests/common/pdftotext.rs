//! Whether poppler's `pdftotext` is here, for the tests that read PDFs
//! (`core/tests/pdf_printed.rs`, `tests/pdf.rs`, which include this file
//! by path): without it a test is skipped with a note, under `CI=true` it
//! fails (`.ci/run` installs poppler-utils).

use std::process::Command;

pub fn have_pdftotext() -> bool {
    let found = Command::new("pdftotext").arg("-v").output().is_ok();
    if !found {
        assert!(
            std::env::var("CI").is_err(),
            "pdftotext missing under CI: .ci/run should install poppler-utils"
        );
        eprintln!("skipped: pdftotext (poppler-utils) is not installed");
    }
    found
}
