//! The PDF source on any bytes as `pdftotext -bbox-layout` output; the
//! properties are those of the suite's `pdf_prop.rs`, from one shared
//! file.
#![no_main]

#[path = "../../core/tests/common/pdf.rs"]
mod pdf;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| pdf::check(bytes));
