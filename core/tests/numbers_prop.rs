//! Property tests for the Danish number parser: formatting any exact
//! decimal and parsing it back gives the same value, amounts in a unit become
//! exact kroner, and no input at all makes the parser panic.

use budgetspor_core::number::{format_danish, parse_number};
use proptest::prelude::*;

proptest! {
    #[test]
    fn integers_round_trip(n in any::<i64>()) {
        let text = format_danish(n as i128, 0);
        let parsed = parse_number(&text).unwrap().unwrap();
        prop_assert_eq!(parsed.mantissa, n as i128);
        prop_assert_eq!(parsed.scale, 0);
        prop_assert_eq!(parsed.to_kroner(1), Some(n));
    }

    #[test]
    fn decimals_round_trip(m in -10_000_000_000i64..10_000_000_000, scale in 1u32..5) {
        let text = format_danish(m as i128, scale);
        let parsed = parse_number(&text).unwrap().unwrap();
        prop_assert_eq!(parsed.mantissa, m as i128);
        prop_assert_eq!(parsed.scale, scale);
    }

    #[test]
    fn units_multiply_exactly(m in -10_000_000i64..10_000_000) {
        // "-2.093,8" in mio. kr. is -2 093 800 000 kr.: one decimal times a
        // million is always whole kroner.
        let parsed = parse_number(&format!("{} mio. kr.", format_danish(m as i128, 1))).unwrap().unwrap();
        prop_assert_eq!(parsed.to_kroner(parsed.unit.unwrap().factor), Some(m * 100_000));
    }

    #[test]
    fn alternative_minus_signs(n in 1i64..1_000_000_000) {
        let plain = format_danish(n as i128, 0);
        for text in [format!("\u{2212}{plain}"), format!("\u{2013}{plain}"), format!("÷{plain}"), format!("({plain})")] {
            prop_assert_eq!(parse_number(&text).unwrap().unwrap().mantissa, -(n as i128));
        }
    }

    #[test]
    fn never_panics(s in "\\PC{0,40}") {
        let _ = parse_number(&s);
    }

    #[test]
    fn never_panics_on_numberish(s in "[-−–÷+(]?[0-9 .,\u{00A0}]{0,20}[)%]?( mio\\. kr\\.)?") {
        let _ = parse_number(&s);
    }
}
