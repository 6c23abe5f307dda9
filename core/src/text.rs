//! Text clean-up shared by every recognizer: HTML tags from PDF converters,
//! footnote stars, non-breaking and soft hyphen characters, markdown
//! decoration, and the Danish month names that dates are written with.

use std::borrow::Cow;

/// Remove HTML-like tags (`<b>`, `</i>`, `<br/>`, `<p>`) but keep a lone
/// "<" that is not a tag, as in "< 5 %".
pub fn strip_tags(s: &str) -> Cow<'_, str> {
    if !s.contains('<') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let looks_like_tag = after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/');
        match (looks_like_tag, after.find('>')) {
            (true, Some(end)) => {
                let name = &after[..end];
                // A line break inside a cell separates words.
                if name
                    .trim_start_matches('/')
                    .to_ascii_lowercase()
                    .starts_with("br")
                    || name.eq_ignore_ascii_case("p")
                {
                    out.push(' ');
                }
                rest = &after[end + 1..];
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Collapse runs of whitespace (including NBSP and U+202F) to one space,
/// drop soft hyphens, and trim.
pub fn fold_whitespace(s: &str) -> String {
    if folds_to_itself(s) {
        return s.to_string();
    }
    fold_by_character(s)
}

/// [`fold_whitespace`] the long way, one character at a time.
fn fold_by_character(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if c == '\u{00AD}' {
            continue;
        }
        if c.is_whitespace() || c == '\u{00A0}' || c == '\u{202F}' {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// Whether folding leaves `s` as it is: single spaces between words, none
/// at the ends, and no byte that can begin another kind of space or a soft
/// hyphen (ASCII control spaces; 0xC2, 0xE1, 0xE2, 0xE3 lead every
/// non-ASCII space, NBSP and U+00AD among them). Most lines are like that
/// and are copied whole, not rebuilt a character at a time. Conservative:
/// a line it turns away is folded the long way, to the same result.
fn folds_to_itself(s: &str) -> bool {
    let bytes = s.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    // Every byte looked at, without a branch per byte, so that the
    // compiler does it 16 or 32 at a time: this runs on every label,
    // header and metadata line, and a loop that stopped at the first odd
    // byte cost 3 % of the reading.
    let odd = bytes.iter().fold(false, |odd, &b| {
        odd | matches!(
            b,
            b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | 0xC2 | 0xE1 | 0xE2 | 0xE3
        )
    });
    !odd && !has_double_space(s)
}

/// Whether a cell needs no cleaning at all: no tags, emphasis or stars, no
/// soft hyphens, and single ASCII spaces only between words. Most labels
/// and headers are like that, and are then copied as they are. Checked on
/// bytes, conservatively (see [`folds_to_itself`]): a cell it turns away is
/// cleaned the long way, which leaves a clean cell as it is.
fn is_clean(s: &str) -> bool {
    folds_to_itself(s)
        && !s
            .bytes()
            .fold(false, |markup, b| markup | matches!(b, b'<' | b'*' | b'_'))
}

/// A header cell as printed, minus tags and spacing noise. Footnote stars
/// stay: "Forventet regnskab 2021*" is how the column is labelled.
pub fn clean_header(s: &str) -> String {
    if is_clean(s) {
        return s.to_string();
    }
    fold_whitespace(&strip_tags(s))
}

/// A row label as users want to read it: no tags, no markdown emphasis,
/// single spaces. A footnote star at the end of the label stays, as in
/// headers ("Driftsudgifter netto*" is how the row is printed, Greve
/// 2025); a star that is emphasis ("**I alt**", "*I alt*") goes.
pub fn clean_label(s: &str) -> String {
    if is_clean(s) {
        return s.to_string();
    }
    let folded = fold_whitespace(&strip_tags(s)).replace("**", "");
    let trimmed = folded.trim_matches(|c: char| c == '_' || c.is_whitespace());
    // Emphasis stars come in pairs around the label; a footnote star is
    // alone at its end.
    let unstarred = match (trimmed.strip_prefix('*'), trimmed.strip_suffix('*')) {
        (Some(_), Some(_)) => trimmed.trim_matches('*'),
        (Some(rest), None) => rest,
        _ => trimmed,
    };
    unstarred
        .trim_matches(|c: char| c == '_' || c.is_whitespace())
        .to_string()
}

/// Strip markdown heading marks and emphasis from a prose line, so that
/// "# **Punkt 1: …**" reads as "Punkt 1: …".
pub fn strip_markdown(line: &str) -> String {
    let t = line.trim_start().trim_start_matches('#').trim_start();
    // Most lines have no emphasis: no copy for them.
    let unstarred = if memchr::memchr(b'*', t.as_bytes()).is_some() {
        Cow::Owned(t.replace("**", ""))
    } else {
        Cow::Borrowed(t)
    };
    fold_whitespace(&strip_tags(&unstarred))
}

/// All four-digit years 1950–2099 standing alone in `s` (not part of a
/// longer number such as "1.190.839" or a code such as "00.30.00-S00-1-24").
pub fn years_in(s: &str) -> Vec<i32> {
    let bytes = s.as_bytes();
    let mut years = Vec::new();
    let mut i = 0;
    while i + 4 <= bytes.len() {
        let window = &bytes[i..i + 4];
        if window.iter().all(u8::is_ascii_digit) {
            let before_ok = i == 0 || !(bytes[i - 1].is_ascii_digit() || bytes[i - 1] == b'.');
            let after = bytes.get(i + 4).copied();
            let digit_follows = after.is_some_and(|b| b.is_ascii_digit());
            let decimal_follows =
                after == Some(b'.') && bytes.get(i + 5).is_some_and(|b| b.is_ascii_digit());
            let after_ok = !(digit_follows || decimal_follows);
            if before_ok && after_ok {
                let y: i32 = window.iter().fold(0, |acc, d| acc * 10 + (d - b'0') as i32);
                if (1950..=2099).contains(&y) {
                    years.push(y);
                }
                i += 4;
                continue;
            }
        }
        i += 1;
    }
    years
}

/// The one distinct year in `s`, or `None` when there is none or several
/// (a range such as "2023-2025" names no single year).
pub fn single_year(s: &str) -> Option<i32> {
    let years = years_in(s);
    let first = *years.first()?;
    years.iter().all(|y| *y == first).then_some(first)
}

/// Whether `hay` contains the ASCII `needle` (lower case), ignoring ASCII
/// case: a cheap test before a case-insensitive regex.
pub fn contains_ascii_ci(hay: &str, needle: &str) -> bool {
    hay.as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Danish month name or abbreviation (lower case) to month number.
pub fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    let m = match w.as_str() {
        "januar" | "jan" => 1,
        "februar" | "feb" => 2,
        "marts" | "mar" => 3,
        "april" | "apr" => 4,
        "maj" => 5,
        "juni" | "jun" => 6,
        "juli" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "oktober" | "okt" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    };
    Some(m)
}

/// Fold a label for comparisons: lower case, no punctuation, single spaces.
pub fn fold_key(s: &str) -> String {
    let lower = s.to_lowercase();
    let mut out = String::with_capacity(lower.len());
    for c in lower.chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    out.trim_end().to_string()
}

pub(crate) static DOUBLE_SPACE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new("  "));

/// Whether a line has a gap of two spaces or more: a column gap in aligned
/// text, never part of a list row or a caption. Here, not in
/// [`crate::recognize`], which reads text with it: the text helpers use
/// it too, and the two modules would import each other.
pub(crate) fn has_double_space(text: &str) -> bool {
    DOUBLE_SPACE.find(text.as_bytes()).is_some()
}

#[cfg(test)]
mod tests {
    /// The byte loop [`super::folds_to_itself`] replaced, stopping at the
    /// first odd byte.
    fn folds_to_itself_by_loop(s: &str) -> bool {
        let bytes = s.as_bytes();
        if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
            return false;
        }
        let mut after_space = false;
        for &b in bytes {
            match b {
                b' ' if after_space => return false,
                b' ' => after_space = true,
                b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | 0xC2 | 0xE1 | 0xE2 | 0xE3 => return false,
                _ => after_space = false,
            }
        }
        true
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]
        /// Spaces of every kind, control characters, soft hyphens and
        /// letters, long and short: both readings agree.
        #[test]
        fn folds_to_itself_agrees_with_the_byte_loop(
            s in "[a b\t\n\r\u{0B}\u{0C}\u{a0}\u{ad}\u{2003}\u{202f}\u{3000}æ.]{0,70}"
        ) {
            proptest::prop_assert_eq!(super::folds_to_itself(&s), folds_to_itself_by_loop(&s));
        }
    }

    use super::*;

    proptest::proptest! {
        #[test]
        fn a_clean_cell_is_what_cleaning_makes_of_it(s in "[ a-zæ<>*_/\u{a0}\u{ad}\u{2013}\u{a7}\t-]{0,20}") {
            if is_clean(&s) {
                proptest::prop_assert_eq!(&fold_whitespace(&strip_tags(&s)), &s);
                let label = fold_whitespace(&strip_tags(&s));
                let label = label.trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace());
                proptest::prop_assert_eq!(&label.replace("**", ""), &s);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn folding_is_folding_by_character(s in "[ a-zæ\u{a0}\u{ad}\u{202f}\u{85}\u{2003}\u{3000}\u{1680}\t\n\r\u{b}\u{c}-]{0,30}|[ a-zæøå]{0,30}") {
            proptest::prop_assert_eq!(fold_whitespace(&s), fold_by_character(&s));
        }
    }

    #[test]
    fn clean_cells_are_copied_and_others_cleaned_alike() {
        // The fast path must give what the full cleaning gives.
        let slow_label = |s: &str| {
            let folded = fold_whitespace(&strip_tags(s)).replace("**", "");
            let t = folded.trim_matches(|c: char| c == '_' || c.is_whitespace());
            let t = match (t.strip_prefix('*'), t.strip_suffix('*')) {
                (Some(_), Some(_)) => t.trim_matches('*'),
                (Some(rest), None) => rest,
                _ => t,
            };
            t.trim_matches(|c: char| c == '_' || c.is_whitespace())
                .to_string()
        };
        for s in [
            "Førtidspension",
            "Kontanthjælp, netto",
            "I alt",
            "I  alt",
            " I alt",
            "I alt ",
            "I alt*",
            "**I alt**",
            "<b>I alt</b>",
            "Soft\u{00AD}hyphen",
            "a\u{00A0}b",
            "a\tb",
            "_x_",
            "",
            "Øvrige ydelser (netto) 2024",
        ] {
            assert_eq!(clean_label(s), slow_label(s), "{s:?}");
            assert_eq!(clean_header(s), fold_whitespace(&strip_tags(s)), "{s:?}");
        }
    }

    #[test]
    fn tags_and_labels() {
        assert_eq!(strip_tags("<b>I alt</b>"), "I alt");
        assert_eq!(strip_tags("a<br/>b"), "a b");
        assert_eq!(strip_tags("< 5 %"), "< 5 %");
        assert_eq!(clean_label("<b>I alt</b>"), "I alt");
        // A footnote star stays, emphasis goes.
        assert_eq!(clean_label("I alt*"), "I alt*");
        assert_eq!(clean_label("*I alt*"), "I alt");
        assert_eq!(clean_label("**I alt**"), "I alt");
        assert_eq!(clean_label("  Øvrig***  "), "Øvrig*");
        assert_eq!(clean_label("Soft\u{00AD}hyphen\u{00A0} x"), "Softhyphen x");
        assert_eq!(
            clean_header("Forventet regnskab 2021*"),
            "Forventet regnskab 2021*"
        );
        assert_eq!(
            strip_markdown("# **Punkt 1: Opfølgning**"),
            "Punkt 1: Opfølgning"
        );
    }

    #[test]
    fn years_table() {
        let cases: &[(&str, &[i32])] = &[
            ("Korrigeret budget 2021", &[2021]),
            ("2021 21-PL", &[2021]),
            ("Udvikling 2023-2025", &[2023, 2025]),
            ("1.190.839", &[]),
            ("00.30.00-S00-1-24", &[]),
            ("Pr. 31/8-2021", &[2021]),
            ("20210", &[]),
            ("2021.", &[2021]),
            ("Budget 1899", &[]),
        ];
        for (s, years) in cases {
            assert_eq!(years_in(s), *years, "{s:?}");
        }
        assert_eq!(single_year("2. halvårssag 2021 og 2021"), Some(2021));
        assert_eq!(single_year("2023-2025"), None);
    }

    #[test]
    fn months() {
        assert_eq!(month_number("Oktober"), Some(10));
        assert_eq!(month_number("sept."), Some(9));
        assert_eq!(month_number("maj"), Some(5));
        assert_eq!(month_number("mandag"), None);
    }
}
