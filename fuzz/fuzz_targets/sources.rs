//! The HTML and agenda-JSON sources on any bytes: the page as HTML, as an
//! agenda meeting, and as a file told by its content; the properties are
//! those of the suite's `sources_prop.rs`, from one shared file.
#![no_main]

#[path = "../../core/tests/common/sources.rs"]
mod sources;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| sources::check(bytes));
