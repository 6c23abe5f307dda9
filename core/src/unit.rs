//! Units as the text states them: "mio. kr.", "1.000 kr.", "t.kr.",
//! "kr." and their misspellings, in a caption, a header cell, a row label
//! or a line of prose. The recognizers ask it where a table begins (a
//! unit line above the header) and the semantics where a table's unit is
//! stated, so it sits below both.

use crate::number::Unit;
use crate::text::{contains_ascii_ci, fold_key};
use regex::Regex;
use std::sync::LazyLock;

/// A regex of one of the word patterns (here and in
/// [`crate::semantics`]). Their `\b` are Unicode word boundaries in ASCII
/// text too: the lazy DFA reads them there as fast as ASCII ones (291.2 M
/// against 291.4 M parser instructions on 200 documents), so no
/// ASCII-boundary copy is kept beside each, which would double the
/// compiling at the start of every run.
pub(crate) fn word_regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("valid regex")
}

// Units as real tables print them: "mia. kr.", "mio. kr.", "mio.kr.",
// "Mio. kr. i 2024-pl", "(mio.)", "mio. DKK", "(mill. kr.)", "kr. i mio.",
// "Beløb i mio." (where it ends the text or its bracket);
// "1.000 kr.", "1000 kr.", "(1.000. kr.)" (a stray point, Greve 2022),
// "t.kr.", "t. kr.", "tkr.", "tusind kr.", "1.000 DKK", "t.DKK"; the
// amount word first, "kr. 1.000", "(kr. i 1.000)", "DKK 1.000", only
// where it ends the text or its bracket, for "kr. 1.000 pr. deltager" in
// prose is an amount; "kr.", "kroner", "DKK", "[DKK]". A magnitude that
// is missed leaves "kr." alone, and a 1.000 kr. table read in kroner is
// wrong by a thousand: every form that names one is listed here.
pub(crate) static UNIT_MIA: LazyLock<Regex> = LazyLock::new(|| {
    word_regex(
        r"(?i)\b(?:mia|mld|milliarder)\.?\s*(?:kr|dkk|kroner)\b|\b(?:kr|dkk)\.?\s*(?:i\s+)?mia\b\.?\s*(?:$|[)\]:,])",
    )
});
pub(crate) static UNIT_MIO: LazyLock<Regex> = LazyLock::new(|| {
    word_regex(
        r"(?i)\b(?:mio|mill|millioner)\.?\s*(?:kr|dkk|kroner)\b|\(mio\.?\)|\b(?:kr|dkk)\.?\s*(?:i\s+)?mio\b\.?\s*(?:$|[)\]:,])|\bbeløb[a-zæøå]*\s+(?:er\s+)?(?:angivet\s+)?i\s+mio\b\.?\s*(?:$|[)\]:,])",
    )
});
pub(crate) static UNIT_THOUSAND: LazyLock<Regex> = LazyLock::new(|| {
    word_regex(
        r"(?i)(?:\b1\.000\.?|\b1000|\bt\.|\btusinde?)\s*(?:kr|dkk)\b|\btkr\b|\btdkk\b|\bt\.\s*kr\b|\b(?:kr|dkk)\.?\s*(?:i\s+)?1\.?000\b\.?\s*(?:$|[)\]:,])",
    )
});
/// "1.000 kr." with a few short pieces of other words inside it, as a
/// narrow corner cell of a Word table printed to PDF wraps it among the
/// wrapped words of its neighbours: "Beløb Opr. i budge 1.000 t kr."
/// (the Greve pages as Word files, printed by LibreOffice), where only
/// "kr." was read and the table's 1.000 kr. taken for kroner.
pub(crate) static UNIT_THOUSAND_WRAPPED: LazyLock<Regex> =
    LazyLock::new(|| word_regex(r"(?i)\b1\.?000\.?(?:\s+[^\s\d]{1,5}){1,3}\s+kr\b"));
pub(crate) static UNIT_KR: LazyLock<Regex> =
    LazyLock::new(|| word_regex(r"(?i)\bkr\b\.?|\bkroner\b|\bdkk\b"));
/// The unit stated in a header, caption or title, if any. A unit after a
/// figure is an amount mentioned, not the unit of the table ("Samlet
/// oversigt over anlægsprojekter over 2 mio. kr. (1.000 kr.)", Greve
/// 2023: the table is in 1.000 kr.; "8.024 kr. pr. md." in a row label):
/// such a mention is passed over.
pub fn find_unit(text: &str) -> Option<Unit> {
    let stated = |pattern: &Regex| {
        pattern.find_iter(text).any(|m| {
            // "7,15 mio. kr.": the "kr." of an amount in millions is
            // mentioned too, past its magnitude word.
            let mut before = text[..m.start()].trim_end_matches([' ', '\u{a0}']);
            for magnitude in ["mio.", "mia.", "mio", "mia", "t."] {
                if let Some(rest) = before.strip_suffix(magnitude) {
                    before = rest.trim_end_matches([' ', '\u{a0}']);
                    break;
                }
            }
            !before.ends_with(|c: char| c.is_ascii_digit())
        })
    };
    // Every form names kroner ("kr", "DKK", "tkr") but "(mio.)" and
    // "Beløb i mio.": a text with neither is read by no pattern. Most
    // headers and labels are such texts, and a pattern's Unicode word
    // boundaries send the regex engine to its slow path on every text
    // with an æ, ø or å (callgrind: find_unit was 3 % of `extract`).
    let kroner = contains_ascii_ci(text, "kr") || contains_ascii_ci(text, "dkk");
    let millions = contains_ascii_ci(text, "mio");
    if !kroner && !millions {
        return None;
    }
    if kroner && stated(&UNIT_MIA) {
        Some(Unit::MIA_KR)
    } else if (millions || contains_ascii_ci(text, "mill")) && stated(&UNIT_MIO) {
        Some(Unit::MIO_KR)
    } else if kroner && (UNIT_THOUSAND.is_match(text) || UNIT_THOUSAND_WRAPPED.is_match(text)) {
        Some(Unit::THOUSAND_KR)
    } else if kroner && stated(&UNIT_KR) {
        Some(Unit::KR)
    } else {
        None
    }
}

/// The unit a text states when it states nothing else: "1.000 kr.",
/// "(1.000. kr.)", "t.kr.", "mio.kr.", "Beløb i kr.".
pub fn unit_only(text: &str) -> Option<Unit> {
    // Every unit names kroner: other texts are told without a copy.
    if text.len() > 40 || !(contains_ascii_ci(text, "kr") || contains_ascii_ci(text, "dkk")) {
        return None;
    }
    let words_of_a_unit = fold_key(text).split(' ').all(|w| {
        matches!(
            w,
            "1" | "000"
                | "1000"
                | "i"
                | "t"
                | "tkr"
                | "tdkk"
                | "kr"
                | "mio"
                | "mill"
                | "mia"
                | "dkk"
                | "beløb"
        )
    });
    if words_of_a_unit {
        find_unit(text)
    } else {
        None
    }
}
