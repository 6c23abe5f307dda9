//! Strict parsing and formatting of Danish numbers.
//!
//! Minutes print money as "1.190.839", "-2.093,8" or "1,5 mio. kr.". The
//! parser keeps the digits as an exact decimal (mantissa and scale) so that
//! money never passes through a float: "-2.093,8" in mio. kr. becomes
//! −2 093 800 000 kr. by integer arithmetic. It rejects anything ambiguous
//! ("1.23", "12.34.5", "1,2,3") rather than guessing, because a wrong number
//! is far worse than a missing one.

use crate::text::strip_tags;
use std::fmt;

/// A unit written inside the cell itself, such as "1,5 mio. kr.".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unit {
    /// Kroner per unit: 1, 1 000, 1 000 000 or 1 000 000 000.
    pub factor: i64,
    /// The canonical label of the unit, e.g. "1.000 kr.".
    pub label: &'static str,
}

impl Unit {
    pub const KR: Unit = Unit {
        factor: 1,
        label: "kr.",
    };
    pub const THOUSAND_KR: Unit = Unit {
        factor: 1_000,
        label: "1.000 kr.",
    };
    pub const MIO_KR: Unit = Unit {
        factor: 1_000_000,
        label: "mio. kr.",
    };
    pub const MIA_KR: Unit = Unit {
        factor: 1_000_000_000,
        label: "mia. kr.",
    };

    /// Every unit of money, smallest first.
    pub const ALL: [Unit; 4] = [Unit::KR, Unit::THOUSAND_KR, Unit::MIO_KR, Unit::MIA_KR];

    /// The unit of a canonical label (a cell's `unit`, as written in the
    /// cell table); `None` for "%" or no unit of money.
    pub fn of_label(label: &str) -> Option<Unit> {
        Unit::ALL.into_iter().find(|u| u.label == label)
    }
}

/// An exactly parsed Danish number: `mantissa / 10^scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DanishNumber {
    pub mantissa: i128,
    /// Number of decimals after the comma.
    pub scale: u32,
    /// The cell ended in "%": a percentage, never an amount.
    pub percent: bool,
    /// A unit written in the cell ("mio. kr."), if any.
    pub unit: Option<Unit>,
    /// Written without thousands separators and with four digits in the
    /// plausible calendar range: could be a year heading rather than a value.
    pub plain_year: bool,
}

/// Why a cell that is not empty is not a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberError {
    /// Text, not a number at all ("Service", "1. jan 2019 - 31. dec 2022").
    NotANumber,
    /// Looks numeric but the grouping is wrong: a dot not followed by
    /// exactly three digits ("1.23", "12.34.5").
    BadGrouping,
    /// More than one decimal comma ("1,2,3").
    BadDecimal,
    /// A leading zero before other digits ("012"): a code, not an amount.
    LeadingZero,
    /// Too many digits for exact arithmetic.
    Overflow,
}

impl NumberError {
    /// True when the cell looked like a number but was rejected; such cells
    /// must be accounted for rather than silently dropped.
    pub fn looked_numeric(self) -> bool {
        !matches!(self, NumberError::NotANumber)
    }
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NumberError::NotANumber => "not a number",
            NumberError::BadGrouping => {
                "a dot must be followed by exactly three digits (thousands separator)"
            }
            NumberError::BadDecimal => "more than one decimal comma",
            NumberError::LeadingZero => "leading zero (a code, not an amount)",
            NumberError::Overflow => "too many digits",
        })
    }
}

impl DanishNumber {
    /// The value in its stated unit as a float, for display and statistics
    /// only; money goes through [`DanishNumber::to_kroner`].
    pub fn as_f64(&self) -> f64 {
        self.mantissa as f64 / 10f64.powi(self.scale as i32)
    }

    /// Whole kroner for a value given in a unit of `factor` kroner, exactly.
    /// `None` when the result is not a whole number of kroner or overflows
    /// an `i64`: such a figure is reported, never rounded.
    pub fn to_kroner(&self, factor: i64) -> Option<i64> {
        let scaled = self.mantissa.checked_mul(factor as i128)?;
        let divisor = 10i128.checked_pow(self.scale)?;
        if scaled % divisor != 0 {
            return None;
        }
        i64::try_from(scaled / divisor).ok()
    }

    /// The number as a plain integer when it has no decimals.
    pub fn as_integer(&self) -> Option<i64> {
        if self.scale == 0 {
            i64::try_from(self.mantissa).ok()
        } else {
            None
        }
    }
}

/// Characters that may separate groups of thousands besides ".".
fn is_group_space(c: char) -> bool {
    matches!(c, '\u{00A0}' | '\u{202F}' | '\u{2009}')
}

/// Parse one table cell. `Ok(None)` means an empty cell or a dash standing
/// for "no value" — null, not zero.
pub fn parse_number(raw: &str) -> Result<Option<DanishNumber>, NumberError> {
    // Most figures are printed bare ("336.018", "-27.106", "2.093,8"): no
    // tag, space, footnote mark, unit or percent sign to take off, so they
    // go straight to the digits. The general path reads them the same way
    // (a test holds the two together); it is only slower.
    let bare = !raw.is_empty()
        && raw
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b'-'));
    if bare {
        return if raw == "-" {
            Ok(None)
        } else {
            number_of(raw, None, false)
        };
    }
    // A cell that begins with a letter is text whatever follows: nothing the
    // general path takes off the front (space, tag, star) is a letter, and
    // a number begins with a digit, a sign or a bracket. Labels are half of
    // a table's cells.
    if raw.chars().next().is_some_and(char::is_alphabetic) {
        return Err(NumberError::NotANumber);
    }
    parse_number_general(raw)
}

/// [`parse_number`] for any cell: markup, spaces, footnote marks, units
/// and percent signs taken off first.
fn parse_number_general(raw: &str) -> Result<Option<DanishNumber>, NumberError> {
    let stripped = strip_tags(raw);
    let mut s: &str = stripped.trim_matches(|c: char| c.is_whitespace() || c == '\u{00AD}');
    // Footnote markers belong to the cell, not the number: "52,6*", and
    // "120*)" with the bracket of a note ("*) Jf. erfaringstal", Greve
    // 2024) when no bracket opens before it.
    if let Some(rest) = s.strip_suffix("*)").filter(|rest| !rest.contains('(')) {
        s = rest;
    }
    s = s.trim_matches('*').trim();
    if s.is_empty() || matches!(s, "-" | "–" | "—" | "−" | "÷") {
        return Ok(None);
    }
    let (body, unit) = split_unit_suffix(s);
    let (body, percent) = match body.strip_suffix('%') {
        Some(rest) => (rest.trim_end(), true),
        None => (body, false),
    };
    if percent && unit.is_some() {
        return Err(NumberError::NotANumber);
    }
    number_of(body, unit, percent)
}

/// The number a cell's body (sign and digits) writes, with the unit and
/// percent sign taken off it.
fn number_of(
    body: &str,
    unit: Option<Unit>,
    percent: bool,
) -> Result<Option<DanishNumber>, NumberError> {
    let (negative, digits) = split_sign(body)?;
    let (mantissa, scale, grouped) = parse_digits(digits)?;
    let plain_year = !grouped
        && scale == 0
        && !negative
        && digits.len() == 4
        && (1900..=2099).contains(&mantissa);
    Ok(Some(DanishNumber {
        mantissa: if negative { -mantissa } else { mantissa },
        scale,
        percent,
        unit,
        plain_year,
    }))
}

/// Detect and remove a trailing unit such as "mio. kr." or "kr.".
fn split_unit_suffix(s: &str) -> (&str, Option<Unit>) {
    // Every unit suffix ends in a letter or a full stop; most cells end in
    // a digit and need no lower-cased copy.
    // Every unit suffix ends in "r" or a full stop; most cells end in a
    // digit or are words, and are done here.
    if !s.ends_with(['.', 'r', 'R']) {
        return (s, None);
    }
    // Longest suffixes first so that "mio. kr." is not read as "kr.".
    const SUFFIXES: &[(&str, Unit)] = &[
        ("mio. kr.", Unit::MIO_KR),
        ("mio.kr.", Unit::MIO_KR),
        ("mio. kr", Unit::MIO_KR),
        ("mio kr.", Unit::MIO_KR),
        ("mio kr", Unit::MIO_KR),
        ("mio.", Unit::MIO_KR),
        ("mia. kr.", Unit::MIA_KR),
        ("mia.kr.", Unit::MIA_KR),
        ("mia. kr", Unit::MIA_KR),
        ("mia kr.", Unit::MIA_KR),
        ("mia kr", Unit::MIA_KR),
        ("mia.", Unit::MIA_KR),
        ("t.kr.", Unit::THOUSAND_KR),
        ("t. kr.", Unit::THOUSAND_KR),
        ("tkr.", Unit::THOUSAND_KR),
        ("tkr", Unit::THOUSAND_KR),
        ("kr.", Unit::KR),
        ("kr", Unit::KR),
    ];
    for (suffix, unit) in SUFFIXES {
        // A unit suffix is plain ASCII: compare the last bytes ignoring
        // ASCII case, no lower-cased copy of the cell.
        let Some(cut) = s.len().checked_sub(suffix.len()) else {
            continue;
        };
        if s.is_char_boundary(cut) && s[cut..].eq_ignore_ascii_case(suffix) {
            let body = s[..cut].trim_end();
            // "kr" must follow a number, not end a word like "Tekr".
            if body.ends_with(|c: char| c.is_ascii_digit() || c == ')') {
                return (body, Some(*unit));
            }
        }
    }
    (s, None)
}

/// Split a sign written as "-", "−", "–", "÷", "+" or "(…)".
fn split_sign(s: &str) -> Result<(bool, &str), NumberError> {
    if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        let inner = inner.trim();
        if inner.starts_with(|c: char| c.is_ascii_digit()) {
            return Ok((true, inner));
        }
        return Err(NumberError::NotANumber);
    }
    let mut chars = s.chars();
    match chars.next() {
        Some('-' | '\u{2212}' | '\u{2013}' | '÷') => {
            let rest = chars.as_str().trim_start();
            if rest.starts_with(|c: char| c.is_ascii_digit()) {
                Ok((true, rest))
            } else {
                Err(NumberError::NotANumber)
            }
        }
        Some('+') => {
            let rest = chars.as_str().trim_start();
            if rest.starts_with(|c: char| c.is_ascii_digit()) {
                Ok((false, rest))
            } else {
                Err(NumberError::NotANumber)
            }
        }
        Some(c) if c.is_ascii_digit() => Ok((false, s)),
        // ".500" or ",5": numeric, but no digit before the separator.
        Some('.' | ',') if chars.next().is_some_and(|c| c.is_ascii_digit()) => {
            Err(NumberError::BadGrouping)
        }
        _ => Err(NumberError::NotANumber),
    }
}

/// Parse "1.190.839", "2.093,8", "12,5", "400000" into (mantissa, scale,
/// grouped). The caller has removed sign and unit. Nearly every cell is
/// ASCII and goes to [`parse_ascii_digits`]; the others (group spaces are
/// not ASCII) to [`parse_digits_general`], which reads any text and which a
/// property test holds the ASCII path to.
fn parse_digits(s: &str) -> Result<(i128, u32, bool), NumberError> {
    if s.is_empty() {
        return Err(NumberError::NotANumber);
    }
    if s.is_ascii() {
        return parse_ascii_digits(s.as_bytes());
    }
    parse_digits_general(s)
}

/// [`parse_digits`] for any text, one character at a time.
fn parse_digits_general(s: &str) -> Result<(i128, u32, bool), NumberError> {
    if s.is_empty() {
        return Err(NumberError::NotANumber);
    }
    // Anything but digits and separators means text ("26/10", "4kv19").
    if !s
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ',' || is_group_space(c))
    {
        return Err(NumberError::NotANumber);
    }
    let mut parts = s.split(',');
    let integer = parts.next().unwrap_or("");
    let fraction = parts.next();
    if parts.next().is_some() {
        return Err(NumberError::BadDecimal);
    }
    if let Some(f) = fraction {
        if f.is_empty() || !f.chars().all(|c| c.is_ascii_digit()) {
            return Err(NumberError::BadGrouping);
        }
    }
    // Thousands groups: one kind of separator, first group 1-3 digits,
    // every later group exactly three.
    let separator = integer.chars().find(|c| *c == '.' || is_group_space(*c));
    let groups: Vec<&str> = match separator {
        Some(sep) => integer.split(sep).collect(),
        None => vec![integer],
    };
    let grouped = groups.len() > 1;
    if grouped {
        let first = groups[0];
        if first.is_empty()
            || first.len() > 3
            || groups[1..].iter().any(|g| g.len() != 3)
            || groups
                .iter()
                .any(|g| !g.chars().all(|c| c.is_ascii_digit()))
        {
            return Err(NumberError::BadGrouping);
        }
    } else if integer.is_empty() || !integer.chars().all(|c| c.is_ascii_digit()) {
        return Err(NumberError::BadGrouping);
    }
    if groups[0].len() > 1 && groups[0].starts_with('0') {
        return Err(NumberError::LeadingZero);
    }
    let mut mantissa: i128 = 0;
    let mut push = |d: char| -> Result<(), NumberError> {
        mantissa = mantissa
            .checked_mul(10)
            .and_then(|m| m.checked_add(d.to_digit(10).unwrap_or(0) as i128))
            .ok_or(NumberError::Overflow)?;
        Ok(())
    };
    for g in &groups {
        for d in g.chars() {
            push(d)?;
        }
    }
    let scale = match fraction {
        Some(f) => {
            for d in f.chars() {
                push(d)?;
            }
            u32::try_from(f.len()).map_err(|_| NumberError::Overflow)?
        }
        None => 0,
    };
    if scale > 18 {
        return Err(NumberError::Overflow);
    }
    Ok((mantissa, scale, grouped))
}

/// [`parse_digits`] for non-empty ASCII text (nearly every cell; the group spaces
/// are not ASCII): the same checks in the same order, on bytes in two
/// passes instead of walking characters again for each check.
fn parse_ascii_digits(s: &[u8]) -> Result<(i128, u32, bool), NumberError> {
    let mut comma = None;
    for (at, &b) in s.iter().enumerate() {
        match b {
            b'0'..=b'9' | b'.' => {}
            b',' if comma.is_none() => comma = Some(at),
            b',' => {}
            _ => return Err(NumberError::NotANumber),
        }
    }
    let (integer, fraction) = match comma {
        Some(at) if s[at + 1..].contains(&b',') => return Err(NumberError::BadDecimal),
        Some(at) => (&s[..at], &s[at + 1..]),
        None => (s, &s[s.len()..]),
    };
    if comma.is_some() && (fraction.is_empty() || fraction.contains(&b'.')) {
        return Err(NumberError::BadGrouping);
    }
    // The integer holds only digits and dots now: its groups are digits.
    let mut groups = integer.split(|&b| b == b'.');
    let first = groups.next().unwrap_or(&[]);
    let grouped = first.len() < integer.len();
    if grouped && (first.is_empty() || first.len() > 3 || groups.any(|g| g.len() != 3))
        || integer.is_empty()
    {
        return Err(NumberError::BadGrouping);
    }
    if first.len() > 1 && first[0] == b'0' {
        return Err(NumberError::LeadingZero);
    }
    let mut digits = integer
        .iter()
        .chain(fraction)
        .filter(|b| b.is_ascii_digit());
    // 38 digits always fit an i128; only longer figures need checking.
    let mantissa = if integer.len() + fraction.len() <= 38 {
        digits.fold(0i128, |m, &d| m * 10 + i128::from(d - b'0'))
    } else {
        digits
            .try_fold(0i128, |m, &d| {
                m.checked_mul(10)?.checked_add(i128::from(d - b'0'))
            })
            .ok_or(NumberError::Overflow)?
    };
    let scale = fraction.len() as u32;
    if fraction.len() > 18 {
        return Err(NumberError::Overflow);
    }
    Ok((mantissa, scale, grouped))
}

/// Format `mantissa / 10^scale` the Danish way: "." between thousands,
/// "," before decimals, "-" for negatives. The inverse of [`parse_number`].
pub fn format_danish(mantissa: i128, scale: u32) -> String {
    let negative = mantissa < 0;
    let digits = mantissa.unsigned_abs().to_string();
    let scale = scale as usize;
    let (int_part, frac_part) = if digits.len() > scale {
        digits.split_at(digits.len() - scale)
    } else {
        ("0", digits.as_str())
    };
    let frac = if scale > 0 {
        format!("{:0>width$}", frac_part, width = scale)
    } else {
        String::new()
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 3);
    if negative {
        out.push('-');
    }
    let first = int_part.len() % 3;
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (i + 3 - first) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(',');
        out.push_str(&frac);
    }
    out
}

/// Whole kroner with Danish thousands separators, e.g. "-27.106.000".
pub fn format_kroner(amount: i64) -> String {
    format_danish(amount as i128, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::prelude::*;

    proptest! {
        #[test]
        fn shortcuts_read_as_the_general_path_reads_them(
            s in "[-0-9.,]{0,20}|-?[0-9]{1,3}(\\.[0-9]{3}){0,6}(,[0-9]{1,3})?|[a-zæÅ][a-z0-9 .,%*<>/()-]{0,12}(kr\\.|%| mio\\. kr\\.)?"
        ) {
            prop_assert_eq!(parse_number(&s), parse_number_general(&s), "{:?}", s);
        }
    }

    proptest! {
        #[test]
        fn ascii_digits_read_as_the_general_path_reads_them(
            s in "[0-9.,\u{00A0}\u{202F} ]{0,24}|[0-9]{0,45}|[0-9]{1,3}(\\.[0-9]{3}){0,12}(,[0-9]{0,20})?"
        ) {
            prop_assert_eq!(parse_digits(&s), parse_digits_general(&s), "{:?}", s);
        }
    }

    #[test]
    fn ascii_digits_read_as_the_general_path_reads_them_on_edge_cases() {
        for s in [
            "",
            "0",
            "00",
            "012",
            "1.000",
            "1.000.000",
            "1.00",
            "1..000",
            ".000",
            "1.000,",
            "1.000,5",
            "1,2,3",
            "1,",
            ",5",
            "1\u{a0}000",
            "1\u{a0}000.000",
            "1 000",
            "1.000 000",
            "2.093,8",
            "400000",
            "170141183460469231731687303715884105727",
            "170141183460469231731687303715884105728",
            "1,0000000000000000000",
            "1,000000000000000000",
            "12a",
            "4kv19",
            "26/10",
        ] {
            assert_eq!(parse_digits(s), parse_digits_general(s), "{s:?}");
        }
    }

    fn kr(raw: &str, factor: i64) -> Option<i64> {
        parse_number(raw).unwrap().unwrap().to_kroner(factor)
    }

    #[test]
    fn accepted_forms_table() {
        // (raw, mantissa, scale, percent, unit factor)
        let cases: &[(&str, i128, u32, bool, Option<i64>)] = &[
            ("1.190.839", 1_190_839, 0, false, None),
            ("-27.106", -27_106, 0, false, None),
            ("12,5", 125, 1, false, None),
            ("-2.093,8", -20_938, 1, false, None),
            ("0", 0, 0, false, None),
            ("36,5 %", 365, 1, true, None),
            ("0,1%", 1, 1, true, None),
            ("1,5 mio. kr.", 15, 1, false, Some(1_000_000)),
            ("2,3 mia. kr.", 23, 1, false, Some(1_000_000_000)),
            ("400.000 kr.", 400_000, 0, false, Some(1)),
            ("\u{2212}1.234", -1234, 0, false, None),
            ("\u{2013}1.234", -1234, 0, false, None),
            ("÷ 1.234", -1234, 0, false, None),
            ("(1.234)", -1234, 0, false, None),
            ("+45", 45, 0, false, None),
            ("1\u{00A0}234\u{00A0}567", 1_234_567, 0, false, None),
            ("1\u{202F}234", 1234, 0, false, None),
            ("<b>16.064.250</b>", 16_064_250, 0, false, None),
            ("59.456*", 59_456, 0, false, None),
            ("120*)", 120, 0, false, None),
            ("110,5*)", 1105, 1, false, None),
            ("**1.000", 1000, 0, false, None),
            (" 42.219.000 ", 42_219_000, 0, false, None),
            ("400000", 400_000, 0, false, None),
            ("0,5", 5, 1, false, None),
        ];
        for (raw, mantissa, scale, percent, unit) in cases {
            let n = parse_number(raw)
                .unwrap_or_else(|e| panic!("{raw:?}: {e}"))
                .unwrap_or_else(|| panic!("{raw:?} parsed as null"));
            assert_eq!(n.mantissa, *mantissa, "{raw:?}");
            assert_eq!(n.scale, *scale, "{raw:?}");
            assert_eq!(n.percent, *percent, "{raw:?}");
            assert_eq!(n.unit.map(|u| u.factor), *unit, "{raw:?}");
        }
    }

    #[test]
    fn null_forms_table() {
        for raw in [
            "", " ", "-", "–", "—", "\u{2212}", "<b></b>", "*", "\u{00A0}",
        ] {
            assert_eq!(parse_number(raw), Ok(None), "{raw:?}");
        }
    }

    #[test]
    fn rejected_forms_table() {
        let cases: &[(&str, NumberError)] = &[
            ("1.23", NumberError::BadGrouping),
            ("12.34.5", NumberError::BadGrouping),
            ("1.2345", NumberError::BadGrouping),
            ("1234.567", NumberError::BadGrouping),
            ("1,2,3", NumberError::BadDecimal),
            ("1.000,", NumberError::BadGrouping),
            ("1.000.", NumberError::BadGrouping),
            (".500", NumberError::BadGrouping),
            ("1.000 234", NumberError::NotANumber),
            ("012", NumberError::LeadingZero),
            ("26/10", NumberError::NotANumber),
            ("4kv19-3kv20", NumberError::NotANumber),
            ("Service", NumberError::NotANumber),
            ("1. jan 2019 - 31. dec 2022", NumberError::NotANumber),
            ("117 (2017)", NumberError::NotANumber),
            ("- 1.000 kr. -", NumberError::NotANumber),
            ("5 %-point", NumberError::NotANumber),
            (
                "99999999999999999999999999999999999999999",
                NumberError::Overflow,
            ),
        ];
        for (raw, err) in cases {
            assert_eq!(parse_number(raw), Err(*err), "{raw:?}");
        }
    }

    #[test]
    fn exact_kroner() {
        assert_eq!(kr("-2.093,8", 1_000_000), Some(-2_093_800_000));
        assert_eq!(kr("-27.106", 1_000), Some(-27_106_000));
        assert_eq!(kr("1.190.839", 1_000), Some(1_190_839_000));
        assert_eq!(kr("12,5", 1_000), Some(12_500));
        assert_eq!(
            kr("0,0005", 1_000),
            None,
            "fraction of a krone is not money"
        );
        assert_eq!(kr("12,5", 1), None);
        assert_eq!(kr("9.223.372.036.854.775.807", 1_000), None, "overflow");
    }

    #[test]
    fn years_are_flagged() {
        assert!(parse_number("2021").unwrap().unwrap().plain_year);
        assert!(!parse_number("2.021").unwrap().unwrap().plain_year);
        assert!(!parse_number("850").unwrap().unwrap().plain_year);
    }

    #[test]
    fn formatting_table() {
        let cases: &[(i128, u32, &str)] = &[
            (0, 0, "0"),
            (999, 0, "999"),
            (1000, 0, "1.000"),
            (-27_106, 0, "-27.106"),
            (1_190_839, 0, "1.190.839"),
            (-20_938, 1, "-2.093,8"),
            (5, 2, "0,05"),
            (-5, 1, "-0,5"),
        ];
        for (m, s, text) in cases {
            assert_eq!(format_danish(*m, *s), *text);
        }
    }
}
