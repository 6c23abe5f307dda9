//! The Danish number parser on any string: never panics, and whatever it
//! accepts formats back and parses to the same exact value.
#![no_main]

use budgetspor_core::number::{format_danish, parse_number};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(Some(n)) = parse_number(text) {
        let again = parse_number(&format_danish(n.mantissa, n.scale))
            .expect("a formatted number parses")
            .expect("and is not empty");
        assert_eq!((again.mantissa, again.scale), (n.mantissa, n.scale));
        if let Some(unit) = n.unit {
            let _ = n.to_kroner(unit.factor);
        }
    }
});
