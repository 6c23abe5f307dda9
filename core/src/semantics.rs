//! Giving a raw table its meaning: which rows are titles, headers, sections
//! and totals; which column holds the labels; what each value column
//! measures, for which fiscal year, as of which date and in which unit; and
//! whether the table is about money at all. The rules are the ones the
//! seeds taught us (see README, "How cells get their meaning").
//!
//! Money needs positive evidence — a stated unit, a price basis, or budget
//! vocabulary — and a column of counts, shares, dates or row numbers is never
//! money, whatever the table says. A wrong amount is worse than none.

use crate::hash::FastMap;
use crate::model::{
    Cell, Column, ColumnRole, Measure, Reject, RowKind, Table, TableKind, UnitSource,
};
use crate::number::{parse_number, DanishNumber, NumberError, Unit};
use crate::recognize::RawTable;
use crate::text::{
    clean_header, clean_label, contains_ascii_ci, fold_key, month_number, single_year,
};
pub use crate::unit::{find_unit, unit_only};
use crate::unit::{word_regex, UNIT_KR, UNIT_MIA, UNIT_MIO, UNIT_THOUSAND, UNIT_THOUSAND_WRAPPED};
use chrono::{Datelike, NaiveDate};
use regex::Regex;
use std::collections::BTreeSet;
use std::sync::{Arc, LazyLock};

/// What the surrounding document says about a table.
#[derive(Debug, Clone, Default)]
pub struct TableContext<'a> {
    pub table_no: u32,
    pub item_no: Option<u32>,
    pub item_title: Option<&'a str>,
    /// A unit found beside the table, when the table states none itself,
    /// and where: a caption set apart from it ([`unit_from_caption_above`]),
    /// the table it continues, or the prose that states one of its totals
    /// ([`unit_from_prose`]).
    pub found_unit: Option<(Unit, UnitSource)>,
}

/// A table with its cells and the numeric-looking cells it could not use.
#[derive(Debug, Clone)]
pub struct Interpreted {
    pub table: Table,
    pub cells: Vec<Cell>,
    pub rejects: Vec<Reject>,
}

/// A cell classified once, so every rule below looks at the same reading.
#[derive(Debug, Clone, Copy)]
enum Parsed {
    Empty,
    Number(DanishNumber),
    Text,
    Rejected(NumberError),
}

impl Parsed {
    fn of(raw: &str) -> Parsed {
        match parse_number(raw) {
            // Blank, or a dash: printed "no value". Empty for layout
            // purposes.
            Ok(None) => Parsed::Empty,
            Ok(Some(n)) => Parsed::Number(n),
            Err(NumberError::NotANumber) => Parsed::Text,
            Err(e) => Parsed::Rejected(e),
        }
    }
    fn is_empty(self) -> bool {
        matches!(self, Parsed::Empty)
    }
    /// A figure that cannot be a heading: a number other than a bare year.
    fn is_figure(self) -> bool {
        matches!(self, Parsed::Number(n) if !n.plain_year)
    }
}

static PRICE_BASIS: LazyLock<Regex> = LazyLock::new(|| {
    word_regex(
        r"(?i)\b(årets priser|løbende priser|faste priser|\d{4}-priser|\d{4}\s?-?\s?PL|\d{2}-PL|PL\s?\d{2,4})\b",
    )
});
static AS_OF_NUMERIC: LazyLock<Regex> =
    LazyLock::new(|| word_regex(r"(?i)\bpr\.?\s*(\d{1,2})[./](\d{1,2})[-./ ]\s*(\d{4})\b"));
/// "pr. 31.05", "pr. 30/6": a day and a month, the year left to the
/// table ("Forbrug pr. 31.05" beside "Korr. budget 2026").
static AS_OF_DAY_MONTH_NUMERIC: LazyLock<Regex> =
    LazyLock::new(|| word_regex(r"(?i)\bpr\.?\s*(\d{1,2})[./](\d{1,2})\b\.?"));
static AS_OF_BARE: LazyLock<Regex> =
    LazyLock::new(|| word_regex(r"\b(\d{1,2})/(\d{1,2})-(\d{4}|\d{2})\b"));
static AS_OF_DAY_MONTH: LazyLock<Regex> =
    LazyLock::new(|| word_regex(r"(?i)\bpr\.?\s*(\d{1,2})\.\s*(\p{L}+)\.?(?:\s+(\d{4}))?"));
static AS_OF_MONTH: LazyLock<Regex> =
    LazyLock::new(|| word_regex(r"(?i)\bpr\.?\s*(\p{L}+)\.?\s+(\d{4})\b"));
/// Headers of row-number columns.
static KEY_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(nr\.?|nummer|løbenr\.?|pkt\.?|punkt|indstillingspunkt|id)$")
        .expect("valid regex")
});
/// Headers of columns of account, function or project codes.
static CODE_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(konto|kontonr\.?|kontonummer|hovedkonto|funktion|funktionsnr\.?|projektnr\.?|projekt\s*nr\.?|sagsnr\.?|art)$")
        .expect("valid regex")
});
/// A code of the kommunale kontoplan or a project number: "00.25.10",
/// "5.32.32", "3.22.01.2", "0125", "P-4711".
static ACCOUNT_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2}(\.\d{2}){1,3}(\.\d{1,3})?|\d{2,8}|[A-Z]{1,3}-?\d{1,6})$")
        .expect("valid regex")
});
/// Column headers that announce counts, shares, dates or numbers (a share
/// named by a compound is found by [`names_a_share`]).
static NON_MONETARY_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    word_regex(
        r"(?i)\b(antal|andel|andelen|pct|procent|procentpoint|dato|nr|årsværk|fuldtidspersoner|bedømmelse|score|indeks|indbyggertal|indbyggere|borgere|personer|elever|varighed|m2|kvm)\b|%|m²",
    )
});
/// Whether a text, or the text with its spaces taken out, matches one of
/// the patterns of figures that are no money. pandoc breaks a word where
/// a grid table's column is narrower than it, and the lines of a cell are
/// joined with a space: "In dbyggertal*", "V arighed" (Greve 2022, 2024),
/// whose counts and years were read as money. Taking the spaces out can
/// only find a word of counts that was there: it never makes money of
/// figures that are none.
///
/// The second reading is tried only for a text with a short piece that is
/// no common word ("In", "V"): most labels have none, and reading every
/// label twice was a tenth of `extract`'s instructions (callgrind).
fn matches_unbroken(pattern: &Regex, text: &str) -> bool {
    pattern.is_match(text) || has_broken_piece(text) && pattern.is_match(&text.replace(' ', ""))
}

/// Whether a text has a piece of one to three letters that is no short
/// Danish word of a budget table: the start of a word pandoc broke.
fn has_broken_piece(text: &str) -> bool {
    const SHORT_WORDS: &[&str] = &[
        "i", "og", "af", "på", "til", "pr", "nr", "kr", "mv", "m", "en", "et", "de", "der", "for",
        "med", "om", "ud", "op", "år", "alt", "ny", "nye", "gl", "jf", "ca", "ift", "mio", "mia",
        "t", "tb", "vs", "fra", "the", "at", "er", "som", "ved", "mm", "opr", "kor", "afv", "bo",
        "ob", "kb", "fr", "vb", "bf", "r", "b",
    ];
    text.contains(' ')
        && text
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| (1..=3).contains(&w.chars().count()))
            .any(|w| !SHORT_WORDS.iter().any(|s| s.eq_ignore_ascii_case(w)))
}

/// Whether a header names a share by a compound: a word that ends in
/// "procent", "pct" or "sgrad" ("Forbrugsprocent", "Afvigelsespct.",
/// "Dækningsgrad" beside the kroner of a follow-up, whose "42,4" is a
/// percentage, never 42.400 kr.). A suffix test, not a pattern: a Unicode word boundary
/// before a run of letters sends the regex engine to its slow path on
/// every header with an æ, ø or å.
fn names_a_share(text: &str) -> bool {
    let ends_with = |w: &str, suffix: &str| {
        w.len() > suffix.len()
            && w.is_char_boundary(w.len() - suffix.len())
            && w[w.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    };
    text.split(|c: char| !c.is_alphabetic())
        .any(|w| ends_with(w, "procent") || ends_with(w, "pct") || ends_with(w, "sgrad"))
}

/// Nouns of things counted or measured that head a column of their own in
/// a table of money ("Pladser" beside "Budget 2026": 120 places, not
/// 120.000 kr.): places, hours, days, people, lengths, areas, energy. Only
/// in a short header: a PDF's header may have swallowed a paragraph that
/// speaks of days or hours over a column of kroner.
static COUNT_NOUNS: LazyLock<Regex> = LazyLock::new(|| {
    word_regex(
        r"(?i)\b(pladser|timer|dage|uger|brugere|modtagere|helårspersoner|ansatte|medarbejdere|fuldtidsstillinger|km|ha|tons|kwh|mwh)\b",
    )
});

/// A column header that is a reference and nothing else: the numbers of
/// notes, appendices or pages beside a budget ("Note", "Bilag", "Side").
/// Only the whole header: "Budget 2026 (jf. bilag 2)" is money.
static REFERENCE_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(note|noter|fodnote|bilag|bilagsnr\.?|side|ref\.?|henvisning)(\s*nr\.?)?$")
        .expect("valid regex")
});

/// Whether a column header announces figures that are no money: counts,
/// shares, dates or numbers (also in words pandoc broke), a share named
/// by a compound, a reference, or things counted.
fn heads_no_money(text: &str) -> bool {
    // "Forbrug til dato" is money spent so far, not a column of dates.
    let without_to_date = match contains_ascii_ci(text, "dato") {
        true => TO_DATE.replace_all(text, " "),
        false => std::borrow::Cow::Borrowed(text),
    };
    matches_unbroken(&NON_MONETARY_HEADER, &without_to_date)
        || names_a_share(text)
        || REFERENCE_HEADER.is_match(text.trim())
        || text.split_whitespace().count() <= 6 && COUNT_NOUNS.is_match(text)
}

/// "til dato", "to date": no date is named.
static TO_DATE: LazyLock<Regex> = LazyLock::new(|| word_regex(r"(?i)\btil\s+dato\b"));
/// Row labels of figures that are not money: a duration, a count or a
/// share, named at the start or as the row's unit at its end ("Varighed",
/// "Antal borgere", "Formueafkast i %", "Løbetid i år"). A percentage
/// inside a label ("Uforudsete udgifter (25%)") does not make the row's
/// figures shares, nor does a year named in it ("Forbrug af opsparing fra
/// tidligere år", "Overført til år", Greve 2022 and 2025).
static NON_MONETARY_ROW: LazyLock<Regex> = LazyLock::new(|| {
    word_regex(
        r"(?i)^(antal|andel|varighed|procent|pct)\b|\bi\s*%\s*$|\(%\)\s*$|\bi\s+(pct|procent)\.?\s*$|\bi\s+(år|måneder)\s*$|\((år|måneder)\)\s*$",
    )
});
/// Words that make a table monetary when no unit is printed. The stems
/// that take any ending share one `\p{L}*`: each copy of that Unicode
/// class under `(?i)` made compiling this pattern, at the start of every
/// run, three times slower.
static MONEY_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    word_regex(
        r"(?i)\b((?:budget|regnskab|gevinst|investering|finansiering|reservationspulje)\p{L}*|pulje|puljen|midler|tilskud|bevilling|bevillingen|udgift|udgifter|indtægt|indtægter|afvigelse|mindreforbrug|merforbrug|driftsbudget)\b",
    )
});
/// Row labels of transfer payments (forsørgelses- og sikringsydelser).
static YDELSE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)kontanthjælp|sygedagpenge|førtidspension|dagpenge|ledighedsydelse|fleksjob|revalidering|seniorpension|boligsikring|ressourceforløb|jobklaring|uddannelseshjælp|integrationsprogram|løntilskud|enkeltydelser")
        .expect("valid regex")
});

static SIGN_MINDRE_POSITIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)-\s*=\s*merforbrug|-\s*/\s*\+\s*=\s*merforbrug\s*/\s*mindreforbrug|\+\s*=\s*mindreforbrug")
        .expect("valid regex")
});
static SIGN_MER_POSITIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\+\s*=\s*merforbrug|\+\s*/\s*-\s*=\s*merforbrug\s*/\s*mindreforbrug|-\s*=\s*mindreforbrug")
        .expect("valid regex")
});

/// The sign convention a note line states: "-=merforbrug, +=mindreforbrug"
/// and "-/+ = merforbrug/mindreforbrug" mean a deviation is budget minus
/// result (an underspend is positive); the opposite notes mean result minus
/// budget.
pub fn sign_convention_of(line: &str) -> Option<&'static str> {
    if line.len() > 200 {
        return None;
    }
    if SIGN_MINDRE_POSITIVE.is_match(line) {
        Some("budget_minus_result")
    } else if SIGN_MER_POSITIVE.is_match(line) {
        Some("result_minus_budget")
    } else {
        None
    }
}

/// The price basis stated in a text ("årets priser", "2021-priser", "22-PL").
pub fn find_price_basis(text: &str) -> Option<String> {
    // Every form names "pris…" or "PL".
    if !contains_ascii_ci(text, "pris") && !contains_ascii_ci(text, "pl") {
        return None;
    }
    PRICE_BASIS.find(text).map(|m| m.as_str().to_string())
}

/// A date a header states without "pr.": "Faktisk udgifter 28/2-23" (day,
/// month, a two- or four-digit year). A period ("1/3-31/7") is no point
/// in time: a date followed by "/" is passed over.
pub fn find_as_of_date(header: &str) -> Option<(NaiveDate, std::ops::Range<usize>)> {
    if !header.contains('/') {
        return None;
    }
    for c in AS_OF_BARE.captures_iter(header) {
        let whole = c.get(0)?;
        if header[whole.end()..].starts_with(['/', '-']) {
            continue;
        }
        let year: i32 = c[3].parse().ok()?;
        let year = if c[3].len() == 2 { 2000 + year } else { year };
        if let Some(date) = NaiveDate::from_ymd_opt(year, c[2].parse().ok()?, c[1].parse().ok()?) {
            return Some((date, whole.range()));
        }
    }
    None
}

/// The point in time a header states ("Pr. 31/8-2021", "pr. maj 2020",
/// "pr. 31. oktober" with the year elsewhere in the header), with the byte
/// range of the words that said it.
pub fn find_as_of(header: &str) -> Option<(NaiveDate, std::ops::Range<usize>)> {
    // Every form starts with "pr".
    if !contains_ascii_ci(header, "pr") {
        return None;
    }
    if let Some(c) = AS_OF_NUMERIC.captures(header) {
        let date =
            NaiveDate::from_ymd_opt(c[3].parse().ok()?, c[2].parse().ok()?, c[1].parse().ok()?)?;
        return Some((date, c.get(0)?.range()));
    }
    if let Some(c) = AS_OF_DAY_MONTH.captures(header) {
        if let Some(month) = month_number(&c[2]) {
            let range = c.get(0)?.range();
            let year = match c.get(3) {
                Some(y) => y.as_str().parse().ok()?,
                None => {
                    let rest = format!("{}{}", &header[..range.start], &header[range.end..]);
                    single_year(&rest)?
                }
            };
            let date = NaiveDate::from_ymd_opt(year, month, c[1].parse().ok()?)?;
            return Some((date, range));
        }
    }
    if let Some(c) = AS_OF_MONTH.captures(header) {
        let month = month_number(&c[1])?;
        let year: i32 = c[2].parse().ok()?;
        return Some((last_day_of_month(year, month)?, c.get(0)?.range()));
    }
    None
}

/// The day and month of "pr. 31.05" or "pr. 30/6" with no year after it
/// (a year after it is a date of its own, read by [`find_as_of`]).
fn day_month_of(header: &str) -> Option<(u32, u32)> {
    if !contains_ascii_ci(header, "pr") {
        return None;
    }
    let c = AS_OF_DAY_MONTH_NUMERIC.captures(header)?;
    let rest = &header[c.get(0)?.end()..];
    if rest
        .trim_start_matches([' ', '-', '.', '/'])
        .starts_with(|ch: char| ch.is_ascii_digit())
    {
        return None;
    }
    let (day, month): (u32, u32) = (c[1].parse().ok()?, c[2].parse().ok()?);
    // A valid day of that month in a leap year: the table's year decides.
    NaiveDate::from_ymd_opt(2024, month, day).map(|_| (day, month))
}

/// "pr. maj 2020" is as of the end of May: a month's figures are stated
/// when the month is over.
fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

/// The measure a column header names. The words are Odense's and those
/// of other municipalities' budget follow-ups (Greve 2022-2025): "Opr.
/// budget", "Oprindelig serviceramme" (approved); "Korr. budget",
/// "Serviceramme korrigeret for midtvejsregulering" (adjusted); "Forv.
/// regnskab", "Forventet udgifter rest 2023" (forecast); "Forbrug i alt",
/// "Faktisk udgifter 28/2-23" (executed); "Anlægsbevilling",
/// "Anlægsramme" (a budget); "Forv. afvigelse", "Afvigelse TB",
/// "Afvigelser" (deviations; any word of "afvig", so a header a printer
/// cut off, "Afvigels TB" in Greve's 2025 follow-up, keeps its meaning). A tillægsbevilling (supplementary appropriation),
/// omplacering or overførsel is a movement, not a phase: `amount`.
pub fn measure_of(header: &str) -> Measure {
    let lower = header.to_lowercase();
    let compact: String = lower
        .chars()
        .filter(|c| !matches!(c, '-' | ' ' | '/'))
        .collect();
    let key = fold_key(header);
    let words: Vec<&str> = key.split(' ').collect();
    let has = |w: &str| words.contains(&w);
    let has_prefix = |p: &str| words.iter().any(|w| w.starts_with(p));
    // "Opr. budget", "Korr. budget", "Forv. regnskab": abbreviations.
    let budget_word = has_prefix("budget") || has_prefix("serviceramme") || has("ramme");
    if let Some(measure) = abbreviated_phase(&key) {
        return measure;
    }
    // The order of the tests is the order of precedence, each before the
    // words it contains: "Realiseret gevinst" is a gain, not a result;
    // "Afvigelse ift. forventet regnskab" a deviation, not a forecast;
    // "Forventet regnskab" a forecast before "regnskab" makes it executed;
    // "Tillægsbevilling til korrigeret budget" a movement, not a budget;
    // "Korrigeret oprindeligt budget" adjusted before "oprindelig" makes
    // it approved; a bare "Budget" last of the phases, then the totals.
    if lower.contains("gevinst") {
        if lower.contains("realiseret") {
            Measure::RealiseretGevinst
        } else {
            Measure::BudgetteretGevinst
        }
    } else if lower.contains("afvig")
        || has("afv")
        || lower.contains("forskel")
        || compact.contains("merforbrug")
        || compact.contains("mindreforbrug")
    {
        Measure::Afvigelse
    } else if lower.contains("forventet regnskab")
        || (has("forv") && has_prefix("regnskab"))
        // "Forventet" alone (under a year, beside "Budget"): the forecast.
        || (has("forventet") || has("forv"))
            && words.iter().all(|w| {
                matches!(*w, "forventet" | "forv") || w.chars().all(|c| c.is_ascii_digit())
            })
        // "Forventet forbrug 2026": the spending expected for the year, a
        // forecast, not what was spent.
        || ((has_prefix("forventet") || has("forv")) && has_prefix("forbrug"))
        || (has_prefix("forventet") && has_prefix("udgift") && has("rest"))
    {
        Measure::ForventetRegnskab
    } else if lower.contains("regnskab")
        || has_prefix("forbrug")
        || (has("faktisk") && has_prefix("udgift"))
    {
        Measure::Regnskab
    } else if compact.contains("tillægsbevilling")
        || has_prefix("omplacering")
        || has("ompl")
        || has_prefix("overførsel")
        || has_prefix("overført")
    {
        Measure::Amount
    } else if budget_word && (has_prefix("korrigere") || has("korr") || has("kor")) {
        Measure::KorrigeretBudget
    } else if lower.contains("vedtaget budget")
        || budget_word && (has_prefix("oprindelig") || has("opr"))
    {
        Measure::VedtagetBudget
    } else if has("budget")
        // "Overslag 2027", "Overslagsår 2028": the budget of an out-year
        // of a multi-year budget. Without a year ("Overslag i 1.000 kr."
        // over a project's costs, Greve 2022) an estimate, not a phase.
        || has_prefix("overslag") && words.iter().any(|w| single_year(w).is_some())
        || compact.contains("anlægsbevilling")
        || has("anlægsramme")
        || has_prefix("rådighedsbeløb")
    {
        Measure::Budget
    } else if key == "i alt"
        || key.starts_with("i alt ")
        || key.ends_with(" i alt")
        || key == "total"
        || key.starts_with("total ")
        || key == "sum"
        || key == "samlet"
    {
        Measure::Total
    } else {
        Measure::Amount
    }
}

/// The phase of a header that is an abbreviation and its year, as budget
/// follow-ups of many municipalities head their columns: "R2025"
/// (regnskab), "OB 2026" and "VB 2026" (oprindeligt, vedtaget budget),
/// "KB 2026" (korrigeret budget), "FR 2026" (forventet regnskab), "B2026"
/// and "BF 2027" (budget, budgetforslag). Only the whole header: a letter
/// among other words ("Pulje B 2026") is no abbreviation.
fn abbreviated_phase(key: &str) -> Option<Measure> {
    // "bf 2027" at the longest.
    if key.len() > 7 || !key.ends_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let compact: String = key.chars().filter(|c| *c != ' ').collect();
    let letters = compact.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = &compact[letters.len()..];
    let year: i32 = digits.parse().ok().filter(|_| digits.len() == 4)?;
    if !(1950..=2099).contains(&year) {
        return None;
    }
    Some(match letters {
        "r" => Measure::Regnskab,
        "ob" | "vb" => Measure::VedtagetBudget,
        "kb" => Measure::KorrigeretBudget,
        "fr" => Measure::ForventetRegnskab,
        "b" | "bf" => Measure::Budget,
        _ => return None,
    })
}

/// Whether a row label names a total, a subtotal or an ordinary line. The
/// table's own total is the bare word ("I alt", "Total", "Samlet", "I alt
/// netto"); a total of a part names the part ("I alt Social og Sundhed",
/// "Serviceudgifter i alt", "Samlet anlæg"): the checks add item rows up
/// to a subtotal and subtotals (or all items) up to the total.
pub fn row_kind_of(label: &str) -> RowKind {
    let key = fold_key(label);
    match key.as_str() {
        "i alt" | "samlet" | "total" | "i alt netto" | "samlet i alt" | "alt i alt" => {
            RowKind::Total
        }
        _ if key.starts_with("i alt ")
            || key.ends_with(" i alt")
            || key.contains(" i alt ")
            || key.starts_with("samlet ")
            || key.starts_with("total ") =>
        {
            RowKind::Subtotal
        }
        _ => RowKind::Item,
    }
}

/// What a header, caption or title says by its words alone: everything the
/// interpretation reads from such a text, worked out in one place.
#[derive(Debug, Clone)]
struct TextFacts {
    as_of: Option<NaiveDate>,
    /// The one year the text names outside its as-of words.
    fiscal_year: Option<i32>,
    /// A day and a month it is stated at, without a year ("pr. 31.05").
    day_month: Option<(u32, u32)>,
    unit: Option<Unit>,
    price_basis: Option<String>,
    measure: Measure,
    /// The measure of a column of counts, shares or dates.
    count_measure: Measure,
    /// Counts, shares, dates or numbers ("Antal", "Pct.", "Nr.").
    counts: bool,
    money_words: bool,
    /// Names a year that is no fiscal year: a price basis ("Ændring i
    /// 2025-priser"), a span ("2029 - 2034"), a running column ("2025 og
    /// varigt"). Such a column takes no year from the table either.
    yearless: bool,
}

impl TextFacts {
    fn of(text: &str) -> TextFacts {
        let as_of = find_as_of(text).or_else(|| find_as_of_date(text));
        // The year of a price basis ("2022-PL", "i 2025-priser") is no
        // fiscal year; nor is one that runs on ("2025 og varigt", "2026
        // ff."): the column covers several years.
        let outside_as_of = match &as_of {
            Some((_, range)) => format!("{}{}", &text[..range.start], &text[range.end..]),
            None => text.to_string(),
        };
        let mut rest = outside_as_of.clone();
        if let Some(m) = PRICE_BASIS.find(&rest) {
            rest.replace_range(m.range(), " ");
        }
        let runs_on = contains_ascii_ci(&rest, "og varigt")
            || contains_ascii_ci(&rest, "og frem")
            || contains_ascii_ci(&rest, " ff");
        let fiscal_year = if runs_on { None } else { single_year(&rest) };
        // A year that is part of the as-of words ("Korrigeret budget pr.
        // 31/3-2026") is a date, not a claim about the fiscal year: such a
        // header is not yearless, and takes the table's year when its date
        // falls in it (see `set_fiscal_years`), as "Faktisk udgifter
        // 28/2-23" did with its two-digit year already (Greve 2023).
        let yearless = fiscal_year.is_none()
            && (!crate::text::years_in(&outside_as_of).is_empty()
                || (text.contains('å') || text.contains('Å')) && later_years(&fold_key(text)));
        // "Restance ultimo året" under a year: at the end of that year.
        let as_of = as_of.or_else(|| {
            let year = fiscal_year?;
            contains_ascii_ci(text, "ultimo året")
                .then(|| NaiveDate::from_ymd_opt(year, 12, 31))
                .flatten()
                .map(|d| (d, 0..0))
        });
        let day_month = match as_of {
            Some(_) => None,
            None => day_month_of(text),
        };
        TextFacts {
            as_of: as_of.map(|(d, _)| d),
            fiscal_year,
            day_month,
            unit: find_unit(text),
            price_basis: find_price_basis(text),
            measure: measure_of(text),
            count_measure: non_monetary_measure(text),
            counts: heads_no_money(text),
            money_words: MONEY_WORDS.is_match(text),
            yearless,
        }
    }

    /// The facts of a text, remembered per thread (see [`Memo`]).
    fn remembered(text: &str) -> TextFacts {
        thread_local! {
            static MEMO: Memo<TextFacts> = Memo::default();
        }
        MEMO.with(|memo| memo.get_or(text, TextFacts::of))
    }
}

/// What a row label says by its words alone, remembered per thread.
#[derive(Debug, Clone, Copy)]
struct LabelFacts {
    row_kind: RowKind,
    names_a_ydelse: bool,
    not_money: bool,
    /// What the label names as a column header would ("Vedtaget budget").
    measure: Measure,
    /// Savings, extra costs or alternatives (see [`speaks_of_changes`]).
    speaks_of_changes: bool,
}

impl LabelFacts {
    fn remembered(label: &str) -> LabelFacts {
        thread_local! {
            static MEMO: Memo<LabelFacts> = Memo::default();
        }
        MEMO.with(|memo| {
            memo.get_or(label, |l| LabelFacts {
                row_kind: row_kind_of(l),
                names_a_ydelse: YDELSE_WORDS.is_match(l),
                not_money: matches_unbroken(&NON_MONETARY_ROW, l),
                measure: measure_of(l),
                speaks_of_changes: speaks_of_changes(l),
            })
        })
    }
}

/// Answers about texts, remembered per thread. Minutes of one committee
/// print the same headers, captions and row labels meeting after meeting,
/// and reading one takes a dozen regex searches; a text seen before costs
/// a hash lookup. The memo is cleared when it grows past a few thousand
/// texts, so memory stays bounded; answers never depend on it.
struct Memo<T> {
    answers: std::cell::RefCell<FastMap<Box<str>, T>>,
}

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Memo {
            answers: std::cell::RefCell::new(FastMap::default()),
        }
    }
}

impl<T: Clone> Memo<T> {
    const LIMIT: usize = 4096;

    fn get_or(&self, text: &str, answer: impl FnOnce(&str) -> T) -> T {
        if let Some(known) = self.answers.borrow().get(text) {
            return known.clone();
        }
        let fresh = answer(text);
        let mut answers = self.answers.borrow_mut();
        if answers.len() >= Self::LIMIT {
            answers.clear();
        }
        answers.insert(text.into(), fresh.clone());
        fresh
    }
}

/// Interpret one raw table. Returns `None` for a grid with no header and no
/// figures: text laid out in columns, not a table of data.
///
/// The steps, each a function below: the grid's layout (titles, header
/// rows, body, the label and key columns), what its context texts state,
/// its columns, its unit, whether rows or columns name the budget phases,
/// whether it is about money at all, its kind and fiscal years, and then
/// its cells.
pub fn interpret(raw: &RawTable<'_>, ctx: &TableContext<'_>) -> Option<Interpreted> {
    let layout = Layout::of(raw)?;
    let stated = Stated::of(&layout);
    let mut columns = layout.columns();
    let period_col = layout.period_column(&columns);
    // Row labels, shared: a row's cells all carry its label.
    let row_labels: Vec<Arc<str>> = layout
        .body
        .iter()
        .map(|&r| clean_label(layout.cell(r, layout.label_col)).into())
        .collect();
    let (table_unit, table_unit_source) = table_unit(&layout, &stated, &row_labels, ctx);
    let phases = Phases::of(&layout, &stated.stub, &row_labels);
    // Rows of durations, counts or shares in a table of money ("Varighed"
    // 2,9 år under two bank columns, "Formueafkast i %"): never money.
    let plain_rows: Vec<bool> = row_labels
        .iter()
        .map(|l| LabelFacts::remembered(l).not_money)
        .collect();
    // Rows labelled by year ("2020", "2024 (jan-apr)") date themselves too.
    let labels_are_periods = row_labels
        .iter()
        .filter(|l| leading_year(l).is_some())
        .count()
        * 2
        > layout.body.len();
    let value_cols: Vec<usize> = columns
        .iter()
        .filter(|c| c.role == ColumnRole::Value)
        .map(|c| c.index)
        .collect();
    if value_cols.is_empty() {
        return None;
    }
    let money = Money::of(&layout, &columns, &value_cols, &stated, table_unit);
    let kind = table_kind(&money, &columns, &value_cols, &row_labels, &stated.stub);
    set_fiscal_years(&mut columns, &value_cols, kind, &layout, &row_labels, ctx);
    // "Restance ultimo året" over rows of years: every figure stands at the
    // end of its row's year (Greve 2023).
    let year_end_rows = std::iter::once(&stated.stub)
        .chain(value_cols.iter().map(|&j| &columns[j].label))
        .any(|l| contains_ascii_ci(l, "ultimo året") || contains_ascii_ci(l, "ultimo år "));
    let unit_source = money.monetary.then(|| {
        table_unit_source.unwrap_or(if money.column_unit {
            UnitSource::ColumnHeaders
        } else if money.inline_unit {
            UnitSource::Cells
        } else if money.unit_unknown {
            UnitSource::Unknown
        } else {
            UnitSource::Inferred
        })
    });
    let table = Table {
        table_no: ctx.table_no,
        first_line: raw.first_line(),
        last_line: raw.last_line(),
        kind,
        layout: raw.layout,
        caption: raw.caption.clone(),
        title: (!layout.titles.is_empty()).then(|| layout.titles.join(" ")),
        unit: money.table_unit_label,
        unit_inferred: money.unit_inferred,
        unit_source,
        price_basis: stated.price_basis.clone(),
        item_no: ctx.item_no,
        item_title: ctx.item_title.map(str::to_string),
        sign_convention: None,
        columns,
    };
    let rows = Rows {
        labels: row_labels,
        plain: plain_rows,
        labels_are_periods,
        period_col,
        year_end: year_end_rows,
    };
    let (cells, rejects) = read_cells(
        &layout,
        &table,
        &value_cols,
        &rows,
        &phases,
        &money,
        table_unit,
    );
    Some(Interpreted {
        table,
        cells,
        rejects,
    })
}

/// A raw table's grid and its parts: every cell classified once (so every
/// rule looks at the same reading), the title rows, the header rows and
/// their joined labels per column, the body rows, and which column holds
/// the row labels and which the row numbers.
struct Layout<'r, 'a> {
    raw: &'r RawTable<'a>,
    width: usize,
    grid: Vec<Vec<Parsed>>,
    titles: Vec<String>,
    header_rows: Vec<usize>,
    body: Vec<usize>,
    labels: Vec<String>,
    label_col: usize,
    key_cols: Vec<usize>,
}

impl<'r, 'a> Layout<'r, 'a> {
    fn of(raw: &'r RawTable<'a>) -> Option<Layout<'r, 'a>> {
        let width = raw.width();
        if width < 2 {
            return None;
        }
        let grid: Vec<Vec<Parsed>> = raw
            .rows
            .iter()
            .map(|r| {
                (0..width)
                    .map(|j| r.cells.get(j).map_or(Parsed::Empty, |c| Parsed::of(c)))
                    .collect()
            })
            .collect();
        let cell =
            |i: usize, j: usize| -> &str { raw.rows[i].cells.get(j).map_or("", |c| c.as_ref()) };
        let filled = |i: usize| grid[i].iter().filter(|p| !p.is_empty()).count();
        let n = raw.rows.len();

        // Titles: leading rows with only a first cell ("Budget 2021"), when a
        // row with several cells follows.
        let mut i = 0;
        let mut titles = Vec::new();
        while i < n
            && filled(i) == 1
            && !grid[i][0].is_empty()
            && (i + 1..n).any(|k| filled(k) >= 2)
        {
            titles.push(clean_label(cell(i, 0)));
            i += 1;
        }
        // Header: the first row if nothing in it is a figure; further header
        // rows (a wrapped header, years, "Pr. 31/8-2021", "- 1.000 kr. -") if its first cell is
        // empty or a unit and it too has no figures.
        let mut header_rows = Vec::new();
        let headerish = |i: usize| {
            grid[i][1..]
                .iter()
                .all(|p| !p.is_figure() && !matches!(p, Parsed::Rejected(_)))
        };
        if i < n && filled(i) >= 1 && headerish(i) && grid[i][1..].iter().any(|p| !p.is_empty()) {
            header_rows.push(i);
            i += 1;
            // Up to two more: a wrapped header ("Vedtaget" over "budget") and
            // then the years.
            // A row labelled by a unit alone is the header's, whatever figures
            // it holds: a header line of a PDF ("mio.kr." beside the "23" of
            // "Faktisk udgifter 28/2-23" and the "2023" of "rest 2023", Greve
            // 2023). So is a row of several text cells and no figure under the
            // first ("Udvalg" beside "udgifter 28/2-").
            let texts = |i: usize| grid[i][1..].iter().filter(|p| !p.is_empty()).count();
            while i < n {
                let unit_row = unit_only(cell(i, 0)).is_some();
                let continues = unit_row
                    || header_rows.len() < 3
                        && headerish(i)
                        && (grid[i][0].is_empty() && texts(i) >= 1
                            || texts(i) >= 2
                            || TextFacts::remembered(cell(i, 0)).unit.is_some());
                if !continues {
                    break;
                }
                header_rows.push(i);
                i += 1;
            }
        }
        let body: Vec<usize> = (i..n).collect();
        if body.is_empty() {
            return None;
        }
        let mut layout = Layout {
            raw,
            width,
            grid,
            titles,
            header_rows,
            body,
            labels: Vec::new(),
            label_col: 0,
            key_cols: Vec::new(),
        };
        let mut header_cells: Vec<Vec<String>> = layout
            .header_rows
            .iter()
            .map(|&h| {
                (0..width)
                    .map(|j| clean_header(layout.cell(h, j)))
                    .collect()
            })
            .collect();
        layout.labels = join_headers(&header_cells, width);

        // Which column carries the row labels: the first, unless it holds row
        // numbers and a text column follows it.
        let small_integers = |j: usize| {
            layout.body.iter().all(|&r| match layout.grid[r][j] {
                Parsed::Empty => true,
                Parsed::Number(n) => n.scale == 0 && (0..1000).contains(&n.mantissa) && !n.percent,
                _ => false,
            })
        };
        // Or it holds account or function codes ("00.25.10", "5.32.32")
        // under a header that names them ("Konto", "Funktion"), and the
        // text beside them is the label ("Byggemodning").
        let codes = |j: usize| {
            CODE_HEADER.is_match(&layout.labels[j])
                && layout.body.iter().all(|&r| {
                    let text = layout.cell(r, j).trim();
                    text.is_empty() || ACCOUNT_CODE.is_match(text)
                })
        };
        let mut label_col = 0;
        let mut key_cols = Vec::new();
        while label_col + 1 < width
            && (KEY_HEADER.is_match(&layout.labels[label_col])
                || codes(label_col)
                || (small_integers(label_col) && layout.column_counts(label_col).0 > 0))
            && layout.column_counts(label_col + 1).1 > 0
        {
            key_cols.push(label_col);
            label_col += 1;
        }
        (layout.label_col, layout.key_cols) = (label_col, key_cols);

        // In a two-row header a cell spanning several columns is printed once,
        // over its first column ("Jobparat" over "Antal …" and "Andel …"): carry
        // it right over the empty cells that have a label in the other row.
        if header_cells.len() == 2 {
            for h in 0..2 {
                for j in label_col + 2..width {
                    if header_cells[h][j].is_empty() && !header_cells[1 - h][j].is_empty() {
                        header_cells[h][j] = header_cells[h][j - 1].clone();
                    }
                }
            }
            layout.labels = join_headers(&header_cells, width);
        }
        Some(layout)
    }

    /// The text of a cell; "" past a row's end.
    fn cell(&self, i: usize, j: usize) -> &'r str {
        self.raw.rows[i].cells.get(j).map_or("", |c| c.as_ref())
    }

    /// How many numbers and how many texts a column holds in the body.
    fn column_counts(&self, j: usize) -> (usize, usize) {
        let mut numbers = 0;
        let mut texts = 0;
        for &r in &self.body {
            match self.grid[r][j] {
                Parsed::Number(_) => numbers += 1,
                Parsed::Text => texts += 1,
                _ => {}
            }
        }
        (numbers, texts)
    }

    /// Each column's role and what its header states: measure, fiscal
    /// year, as-of date, unit, price basis, and whether it can be money.
    fn columns(&self) -> Vec<Column> {
        (0..self.width)
            .map(|j| {
                let label = self.labels[j].clone();
                let (numbers, texts) = self.column_counts(j);
                // A column of bare years ("2018", "2019", "4kv19-3kv20") names
                // periods; its cells are labels, not figures.
                let only_years = self.body.iter().all(|&r| match self.grid[r][j] {
                    Parsed::Number(n) => n.plain_year,
                    _ => true,
                });
                let role = if j == self.label_col {
                    ColumnRole::Label
                } else if self.key_cols.contains(&j) {
                    ColumnRole::Key
                } else if texts > numbers || numbers == 0 || only_years {
                    ColumnRole::Text
                } else {
                    ColumnRole::Value
                };
                let facts = TextFacts::remembered(&label);
                let all_percent = self.body.iter().all(|&r| match self.grid[r][j] {
                    Parsed::Number(n) => n.percent,
                    _ => true,
                });
                let monetary = role == ColumnRole::Value && !facts.counts && !all_percent;
                Column {
                    index: j,
                    measure: if role == ColumnRole::Value && !monetary {
                        facts.count_measure
                    } else {
                        facts.measure
                    },
                    monetary,
                    fiscal_year: facts.fiscal_year,
                    as_of: facts.as_of,
                    unit: if j == self.label_col {
                        None
                    } else {
                        facts.unit.map(|u| u.label)
                    },
                    price_basis: facts.price_basis,
                    label,
                    role,
                }
            })
            .collect()
    }

    /// A column of years per row ("2018", "2019", "Jan 2020") dates the
    /// row itself; it overrides the column's year for that row's figures.
    fn period_column(&self, columns: &[Column]) -> Option<usize> {
        // A column of years is the rows' period when it is the label
        // column or says it holds years ("År", "Regnskabsår", no header);
        // one that holds when something happens ("Anlægsstart",
        // "Ibrugtagning" beside "Budget 2026") dates its projects, not the
        // figures, which keep their columns' years.
        let names_a_period = |j: usize| {
            j == self.label_col
                || matches!(
                    fold_key(&columns[j].label).as_str(),
                    "" | "år" | "året" | "periode" | "regnskabsår" | "budgetår" | "kalenderår"
                )
        };
        (0..self.width).find(|&j| {
            columns[j].role == ColumnRole::Text
                && names_a_period(j)
                && self
                    .body
                    .iter()
                    .any(|&r| matches!(self.grid[r][j], Parsed::Number(n) if n.plain_year))
                && self.body.iter().all(|&r| match self.grid[r][j] {
                    Parsed::Number(n) => n.plain_year,
                    _ => true,
                })
        })
    }
}

/// The header rows' cells joined per column, top to bottom.
fn join_headers(header_cells: &[Vec<String>], width: usize) -> Vec<String> {
    (0..width)
        .map(|j| {
            let parts: Vec<&str> = header_cells
                .iter()
                .map(|row| row[j].as_str())
                .filter(|s| !s.is_empty())
                .collect();
            parts.join(" ")
        })
        .collect()
}

/// What the texts around the figures state for the whole table: the stub
/// (the label column's header), the key columns' headers, the titles and
/// the caption, in that order.
struct Stated {
    stub: String,
    facts: Vec<TextFacts>,
    unit: Option<Unit>,
    price_basis: Option<String>,
}

impl Stated {
    fn of(layout: &Layout<'_, '_>) -> Stated {
        let stub = layout.labels[layout.label_col].clone();
        let texts: Vec<&str> = std::iter::once(stub.as_str())
            .chain(layout.key_cols.iter().map(|&k| layout.labels[k].as_str()))
            .chain(layout.titles.iter().map(String::as_str))
            .chain(layout.raw.caption.as_deref())
            .collect();
        let facts: Vec<TextFacts> = texts.iter().map(|t| TextFacts::remembered(t)).collect();
        let unit = facts.iter().find_map(|f| f.unit);
        let price_basis = facts.iter().find_map(|f| f.price_basis.clone());
        Stated {
            stub,
            facts,
            unit,
            price_basis,
        }
    }
}

/// The table's unit and where it is stated.
fn table_unit(
    layout: &Layout<'_, '_>,
    stated: &Stated,
    row_labels: &[Arc<str>],
    ctx: &TableContext<'_>,
) -> (Option<Unit>, Option<UnitSource>) {
    // A table whose header and caption state no unit may state it in a
    // row label: "Samlet 1.000 kr." over the rows (Greve 2024), "I alt
    // (beløb i mio. kr.)" under them, "Likviditet primo 2023 (mio. kr.)".
    // Row labels are read for a unit only when the header and caption
    // state none: most tables state theirs, and reading every label's
    // facts costs a dozen searches per new label.
    //
    // A corner cell may be wrapped over the lines under the header row, as
    // pdftotext -layout prints a narrow Word table: "Afledte" in the
    // header row, then "driftsudgi", "fter", "(1.000", "kr.)" as rows
    // without figures (Greve 2022, printed by LibreOffice). Its unit is
    // read from the whole corner, not from "kr.)" alone: that read 304 as
    // kroner where the table is in 1.000 kr.
    let corner_unit = match stated.unit {
        Some(_) => None,
        None => {
            let leading: Vec<&str> = layout
                .body
                .iter()
                .zip(row_labels)
                .take_while(|&(&r, _)| {
                    layout.grid[r]
                        .iter()
                        .enumerate()
                        .all(|(j, p)| j == layout.label_col || !matches!(p, Parsed::Number(_)))
                })
                .map(|(_, label)| &**label)
                .collect();
            (!leading.is_empty())
                .then(|| find_unit(&format!("{} {}", stated.stub, leading.join(" "))))
                .flatten()
        }
    };
    let row_label_unit = match stated.unit.or(corner_unit) {
        Some(_) => None,
        None => row_labels
            .iter()
            .find_map(|l| TextFacts::remembered(l).unit),
    };
    let table_unit = stated
        .unit
        .or(corner_unit)
        .or(row_label_unit)
        .or(ctx.found_unit.map(|(unit, _)| unit));
    // Where the table's unit is stated, for the tables report: the first
    // context text that states one (the stub and key headers, the titles,
    // the caption, in that order), else a row label, else the prose.
    let keys = layout.key_cols.len();
    let source = match stated.facts.iter().position(|f| f.unit.is_some()) {
        Some(i) if i < 1 + keys => Some(UnitSource::Header),
        Some(i) if i < 1 + keys + layout.titles.len() => Some(UnitSource::Title),
        Some(_) => Some(UnitSource::Caption),
        None if corner_unit.is_some() => Some(UnitSource::Header),
        None if row_label_unit.is_some() => Some(UnitSource::RowLabel),
        None => ctx.found_unit.map(|(_, source)| source),
    };
    (table_unit, source)
}

/// Which budget phase the figures of a year column measure.
struct Phases {
    /// Per column: headed by a year alone.
    year_columns: Vec<bool>,
    stub_phase: Option<Measure>,
    /// Per body row: the phase its label names.
    row_phases: Vec<Option<Measure>>,
    rows_are_phases: bool,
    /// What a year column measures when no row names a phase.
    plan_measure: Measure,
}

impl Phases {
    fn of(layout: &Layout<'_, '_>, stub: &str, row_labels: &[Arc<str>]) -> Phases {
        // A column headed by a year alone ("2022", "2029 - 2034") says when,
        // not what: its figures measure what their row names ("Vedtaget
        // budget" over a row of years, Greve 2024) or else what the stub does
        // ("Budget i kr. (2022-PL)" over the years, Greve 2022).
        let year_columns: Vec<bool> = layout.labels.iter().map(|l| is_year_heading(l)).collect();
        let phase = |m: Measure| {
            matches!(
                m,
                Measure::VedtagetBudget
                    | Measure::Budget
                    | Measure::KorrigeretBudget
                    | Measure::ForventetRegnskab
                    | Measure::Regnskab
                    | Measure::Afvigelse
            )
            .then_some(m)
        };
        let stub_phase = phase(measure_of(stub));
        let row_phases: Vec<Option<Measure>> = row_labels
            .iter()
            .map(|l| phase(LabelFacts::remembered(l).measure))
            .collect();
        // Rows are the measures only when they name two phases or more
        // ("Vedtaget budget", "Korrigeret budget", "Årsregnskab" over the years
        // 2020-2024, Greve 2024). One phase word among the rows is a line of the
        // plan: "Forbrug" (utilities) between "Husleje" and "Rengøring" in
        // "Afledte driftsudgifter (1.000 kr.)" over 2022-2025 (Greve 2022).
        let mut named_phases: Vec<Measure> = row_phases.iter().flatten().copied().collect();
        named_phases.sort_unstable_by_key(|m| m.as_str());
        named_phases.dedup();
        let rows_are_phases = named_phases.len() >= 2;
        // Years ahead with no phase named are the plan: `budget` ("Aktivitet"
        // over 2025-2028, "I 1.000 kr." over 2024-2029 with rådighedsbeløb,
        // anlægsbevilling and overførsler, Greve 2022-2025). A table of savings,
        // extra costs or alternatives over the years is a table of changes:
        // `amount` ("Besparelse (beløb i 1.000 kr.)", "Merindtægt
        // resultattilskud", "Model A").
        // Asked only of a table with year columns; row labels through their
        // memo.
        let of_changes = year_columns.iter().any(|&y| y)
            && (std::iter::once(stub)
                .chain(layout.raw.caption.as_deref())
                .any(speaks_of_changes)
                || row_labels
                    .iter()
                    .any(|l| LabelFacts::remembered(l).speaks_of_changes));
        let plan_measure = stub_phase.unwrap_or(if of_changes {
            Measure::Amount
        } else {
            Measure::Budget
        });
        Phases {
            year_columns,
            stub_phase,
            row_phases,
            rows_are_phases,
            plan_measure,
        }
    }
}

/// Whether a table is about money, and in which unit.
struct Money {
    monetary: bool,
    /// A figure of a value column states its own unit ("1,2 mio. kr.").
    inline_unit: bool,
    /// A value column's header states a unit.
    column_unit: bool,
    unit_inferred: bool,
    unit_unknown: bool,
    table_unit_label: Option<&'static str>,
}

impl Money {
    /// Money needs positive evidence: a unit stated anywhere, money
    /// words, or a price basis.
    fn of(
        layout: &Layout<'_, '_>,
        columns: &[Column],
        value_cols: &[usize],
        stated: &Stated,
        table_unit: Option<Unit>,
    ) -> Money {
        let (grid, body) = (&layout.grid, &layout.body);
        let inline_unit = value_cols.iter().any(|&j| {
            body.iter()
                .any(|&r| matches!(grid[r][j], Parsed::Number(n) if n.unit.is_some()))
        });
        let column_unit = value_cols.iter().any(|&j| columns[j].unit.is_some());
        let unit_stated = table_unit.is_some() || column_unit || inline_unit;
        let money_words = stated.facts.iter().any(|f| f.money_words)
            || value_cols
                .iter()
                .any(|&j| TextFacts::remembered(&columns[j].label).money_words);
        let price_basis_stated = stated.price_basis.is_some()
            || value_cols.iter().any(|&j| columns[j].price_basis.is_some());
        let monetary = unit_stated || money_words || price_basis_stated;
        let unit_inferred = monetary && !unit_stated;
        // Figures with decimals ("2.296,0", "-0,3") in a table that states no
        // unit are not kroner: such a table is in millions or thousands, and
        // which is not guessed (a PDF whose header line "Resultatopgørelse
        // (mio. kr.)" stands apart from the header, Greve 2022). None of its
        // figures without a unit of their own is an amount then.
        //
        // Nor are figures of one decimal ("-244,0", "56,0") in a table that
        // states plain kroner: kroner are printed whole or with øre, and
        // such a "kr." is the end of a unit the converter split ("Beløb i
        // mio." over "kr." in the narrow corner of a Word table, Greve 2025
        // printed by LibreOffice and read by pdftotext -layout).
        let decimals_in = |j: usize, one_only: bool| {
            columns[j].unit.is_none()
                && body.iter().any(|&r| {
                    matches!(grid[r][j], Parsed::Number(n)
                        if n.unit.is_none() && !n.percent
                            && if one_only { n.scale == 1 } else { n.scale > 0 })
                })
        };
        let kroner_stated = table_unit == Some(Unit::KR);
        let unit_unknown = unit_inferred && value_cols.iter().any(|&j| decimals_in(j, false))
            || kroner_stated && value_cols.iter().any(|&j| decimals_in(j, true));
        // The table's own unit: as stated, or kr. when inferred. A table whose
        // units are all in its columns or cells has none of its own.
        let table_unit_label = match (monetary, table_unit) {
            (true, Some(u)) => Some(u.label),
            (true, None) if unit_inferred => Some(Unit::KR.label),
            _ => None,
        };
        Money {
            monetary,
            inline_unit,
            column_unit,
            unit_inferred,
            unit_unknown,
            table_unit_label,
        }
    }
}

/// The kind of table: statistics unless it is about money, then by its
/// rows (transfer payments) and columns (gains, the reservationspulje).
fn table_kind(
    money: &Money,
    columns: &[Column],
    value_cols: &[usize],
    row_labels: &[Arc<str>],
    stub: &str,
) -> TableKind {
    if !money.monetary || !value_cols.iter().any(|&j| columns[j].monetary) {
        TableKind::Statistik
    } else if row_labels
        .iter()
        .filter(|l| LabelFacts::remembered(l).names_a_ydelse)
        .count()
        >= 3
    {
        TableKind::Forsorgelsesydelser
    } else if value_cols.iter().any(|&j| columns[j].measure.is_gain()) {
        TableKind::Investeringsprojekter
    } else if std::iter::once(stub)
        .chain(value_cols.iter().map(|&j| columns[j].label.as_str()))
        .any(|l| l.to_lowercase().contains("reservationspulje"))
    {
        TableKind::Reservationspulje
    } else {
        TableKind::Budget
    }
}

/// Fiscal years. A column's own year first; then the table's year.
fn set_fiscal_years(
    columns: &mut [Column],
    value_cols: &[usize],
    kind: TableKind,
    layout: &Layout<'_, '_>,
    row_labels: &[Arc<str>],
    ctx: &TableContext<'_>,
) {
    let dated: BTreeSet<i32> = value_cols
        .iter()
        .filter_map(|&j| columns[j].fiscal_year)
        .collect();
    let table_year = if dated.len() == 1 {
        dated.first().copied()
    } else {
        None
    }
    .or_else(|| layout.titles.iter().find_map(|t| single_year(t)))
    .or_else(|| layout.raw.caption.as_deref().and_then(single_year))
    .or_else(|| dominant_year(row_labels))
    // No year stated is no year: the meeting's year is not the figures'
    // (a project's "Total [ca. DKK]" over three years, an anlægssum in "I
    // 1.000 kr." of a pool spent 2024-2026; Greve 2022, 2025).
    .or_else(|| ctx.item_title.and_then(single_year));
    let sums_year_columns = dated.len() >= 2;
    for &j in value_cols {
        let column = &mut columns[j];
        // "Forbrug pr. 31.05" in a table of 2026: as of 31 May 2026.
        if column.as_of.is_none() {
            let stated_at = TextFacts::remembered(&column.label).day_month;
            column.as_of = stated_at
                .zip(column.fiscal_year.or(table_year))
                .and_then(|((day, month), year)| NaiveDate::from_ymd_opt(year, month, day));
        }
        if kind == TableKind::Investeringsprojekter {
            // Gains cover project periods, not fiscal years.
            column.fiscal_year = None;
        } else if column.measure == Measure::Total && sums_year_columns {
            column.fiscal_year = None;
        } else if column.fiscal_year.is_none() && !TextFacts::remembered(&column.label).yearless {
            // A column stated at a date of another year ("Forbrug pr.
            // 31/8-2021" beside "Budget 2022") is not of the table's year:
            // no year rather than a wrong one.
            let dated_elsewhere = column
                .as_of
                .zip(table_year)
                .is_some_and(|(date, year)| date.year() != year);
            if !dated_elsewhere {
                column.fiscal_year = table_year;
            }
        }
    }
}

/// What the body rows say of themselves.
struct Rows {
    labels: Vec<Arc<str>>,
    /// Per body row: its figures are never money.
    plain: Vec<bool>,
    labels_are_periods: bool,
    period_col: Option<usize>,
    /// Every figure stands at the end of its row's year.
    year_end: bool,
}

/// What a row's figures share: the section it is under and the line item
/// it belongs to, carried from row to row.
struct RowState {
    section: Option<Arc<str>>,
    after_section: bool,
    previous_item: Arc<str>,
    /// Running column sums of item rows, to recognize an unlabeled total.
    item_sums: Vec<Option<(i128, u32)>>,
}

/// The cells of the table's value columns, and the numeric-looking cells
/// it could not use.
fn read_cells(
    layout: &Layout<'_, '_>,
    table: &Table,
    value_cols: &[usize],
    rows: &Rows,
    phases: &Phases,
    money: &Money,
    table_unit: Option<Unit>,
) -> (Vec<Cell>, Vec<Reject>) {
    let (grid, body) = (&layout.grid, &layout.body);
    // Cells. What a figure measures when it is not money depends on its
    // column only: decided once per column, not per cell.
    let plain_measures: Vec<Measure> = table
        .columns
        .iter()
        .map(|c| {
            if c.role == ColumnRole::Value {
                TextFacts::remembered(&c.label).count_measure
            } else {
                Measure::Amount
            }
        })
        .collect();
    // A row's figures share its label, line item and section, and a
    // column's figures its header and price basis: one string each, not
    // one per cell.
    let column_labels: Vec<Arc<str>> = table
        .columns
        .iter()
        .map(|c| c.label.as_str().into())
        .collect();
    let table_price_basis_shared: Option<Arc<str>> = table.price_basis.as_deref().map(Arc::from);
    let column_price_basis: Vec<Option<Arc<str>>> = table
        .columns
        .iter()
        .map(|c| {
            c.price_basis
                .as_deref()
                .map(Arc::from)
                .or_else(|| table_price_basis_shared.clone())
        })
        .collect();
    let figures = Figures {
        layout,
        table,
        rows,
        phases,
        money,
        table_unit,
        plain_measures,
        column_labels,
        column_price_basis,
    };
    // At most a cell per body row and value column: sized once, as pushing
    // into an empty vector copied the cells at every doubling.
    let mut cells = Vec::with_capacity(body.len() * value_cols.len());
    let mut rejects = Vec::new();
    let mut state = RowState {
        section: None,
        after_section: false,
        previous_item: "".into(),
        item_sums: vec![Some((0, 0)); layout.width],
    };
    for (position, &r) in body.iter().enumerate() {
        let label = &rows.labels[position];
        let has_figures = value_cols
            .iter()
            .any(|&j| matches!(grid[r][j], Parsed::Number(_)));
        // A row of bare years in a table of money is a header the layout
        // did not mark ("I 1.000 kr.  2025  2026  2027" in a text dump of
        // a Greve page, below a title row): its years are no amounts.
        let years_only = money.monetary
            && has_figures
            && value_cols.iter().all(|&j| match grid[r][j] {
                Parsed::Number(n) => n.plain_year,
                _ => true,
            });
        if years_only {
            continue;
        }
        reject_texts(
            layout,
            table,
            value_cols,
            r,
            money.monetary && has_figures,
            &mut rejects,
        );
        let Some((line_item, row_kind)) =
            line_item_of(layout, value_cols, position, label, has_figures, &mut state)
        else {
            continue;
        };
        let row_year = match rows.period_col {
            Some(p) => Some(match grid[r][p] {
                Parsed::Number(n) => n.as_integer().map(|y| y as i32),
                _ => single_year(layout.cell(r, p)),
            }),
            None if rows.labels_are_periods => Some(leading_year(label)),
            None => None,
        };
        let row = Row {
            r,
            position,
            label,
            line_item: &line_item,
            row_kind,
            row_year,
            section: &state.section,
        };
        for &j in value_cols {
            if let Parsed::Number(n) = grid[r][j] {
                cells.push(figures.cell(&row, j, n, &mut rejects));
            }
        }
    }
    (cells, rejects)
}

/// A body row of figures, as [`Figures::cell`] reads it.
struct Row<'x> {
    r: usize,
    position: usize,
    label: &'x Arc<str>,
    line_item: &'x Arc<str>,
    row_kind: RowKind,
    /// The row's own year (a period column, or a label of a year), when
    /// it has one: it overrides the column's.
    row_year: Option<Option<i32>>,
    section: &'x Option<Arc<str>>,
}

/// What every figure of a table is read with: the table's facts, and per
/// column its measure when not money, its label and price basis, shared.
struct Figures<'x, 'r, 'a> {
    layout: &'x Layout<'r, 'a>,
    table: &'x Table,
    rows: &'x Rows,
    phases: &'x Phases,
    money: &'x Money,
    table_unit: Option<Unit>,
    plain_measures: Vec<Measure>,
    column_labels: Vec<Arc<str>>,
    column_price_basis: Vec<Option<Arc<str>>>,
}

impl Figures<'_, '_, '_> {
    /// The cell of figure `n` in column `j` of `row`: its unit, amount in
    /// kroner (or a reject saying why none) and measure.
    fn cell(&self, row: &Row<'_>, j: usize, n: DanishNumber, rejects: &mut Vec<Reject>) -> Cell {
        let (layout, table, money, phases) = (self.layout, self.table, self.money, self.phases);
        let (raw, r, position) = (layout.raw, row.r, row.position);
        let column = &table.columns[j];
        // An amount only in a table of money, in a column of money, not a
        // percentage, and not in a row of counts ("Antal helårspersoner"
        // under a table of kroner).
        let is_money =
            money.monetary && column.monetary && !n.percent && !self.rows.plain[position];
        // The unit nearest the figure wins: the cell's own ("1,5 mio.
        // kr."), then its column header's ("Budget (mio. kr.)"), then the
        // table's (caption, stub, the paragraph above); kroner when none
        // is stated anywhere.
        let (unit, unit_factor) = if n.percent {
            (Some("%"), None)
        } else if is_money {
            match n.unit {
                Some(u) => (Some(u.label), Some(u.factor)),
                None => {
                    let label = column
                        .unit
                        .or(self.table_unit.map(|u| u.label))
                        .unwrap_or(Unit::KR.label);
                    (
                        Some(label),
                        Some(Unit::of_label(label).map_or(1, |u| u.factor)),
                    )
                }
            }
        } else {
            (None, None)
        };
        // Figures with decimals and no unit anywhere ("12,188" in a table
        // that never says mio. kr.) are not kroner, and a guessed factor
        // would make a wrong amount, far worse than none: rejected.
        let guessed = money.unit_unknown && n.unit.is_none() && column.unit.is_none();
        let amount_kr = unit_factor
            .filter(|_| !guessed)
            .and_then(|f| n.to_kroner(f));
        if is_money && guessed {
            rejects.push(reject(
                raw,
                r,
                table,
                j,
                layout.cell(r, j),
                "figures with decimals and no unit stated: not kroner, and no unit to scale them by".into(),
            ));
        } else if is_money && amount_kr.is_none() {
            rejects.push(reject(
                raw,
                r,
                table,
                j,
                layout.cell(r, j),
                "not a whole number of kroner in the stated unit".into(),
            ));
        }
        // What a figure measures: a share when it says "%"; under a
        // column headed by a year alone, what its row names ("Vedtaget
        // budget" over a row of years) or else the stub's phase, or what
        // the table plans; elsewhere its column's header.
        let measure = if n.percent {
            Measure::Andel
        } else if is_money && phases.year_columns[j] && phases.rows_are_phases {
            phases.row_phases[position]
                .or(phases.stub_phase)
                .unwrap_or(column.measure)
        } else if is_money && phases.year_columns[j] {
            phases.plan_measure
        } else if is_money {
            column.measure
        } else {
            self.plain_measures[j]
        };
        Cell {
            table_index: 0,
            section: row.section.clone(),
            row_label: row.label.clone(),
            line_item: row.line_item.clone(),
            row_kind: row.row_kind,
            row_line: raw.rows[r].line,
            table_row: r as u32 + 1,
            row_box: None,
            column_index: j,
            column_label: self.column_labels[j].clone(),
            measure,
            // A row that names its year ("Regnskab 2023") gives it; a
            // year-end row of a table of years is as of 31 December.
            fiscal_year: row.row_year.unwrap_or(column.fiscal_year),
            as_of: match row.row_year {
                Some(Some(y)) if self.rows.year_end => NaiveDate::from_ymd_opt(y, 12, 31),
                _ => column.as_of,
            },
            raw: layout.cell(r, j).trim().to_string(),
            value: n.as_f64(),
            amount_kr,
            unit,
            unit_inferred: is_money
                && money.unit_inferred
                && n.unit.is_none()
                && column.unit.is_none(),
            price_basis: if is_money {
                self.column_price_basis[j].clone()
            } else {
                None
            },
        }
    }
}

/// The cells of row `r` that are neither figures nor empty, said as
/// rejects where a figure was due.
fn reject_texts(
    layout: &Layout<'_, '_>,
    table: &Table,
    value_cols: &[usize],
    r: usize,
    money_row: bool,
    rejects: &mut Vec<Reject>,
) {
    for &j in value_cols {
        match layout.grid[r][j] {
            Parsed::Rejected(e) => rejects.push(reject(
                layout.raw,
                r,
                table,
                j,
                layout.cell(r, j),
                e.to_string(),
            )),
            Parsed::Text => {
                let text = layout.cell(r, j);
                // A word where a figure of money stands ("Afklares", to
                // be decided, in a budget table, Greve 2022) is said, not
                // dropped; in a table of counts or text it is just text.
                let reason = if text.chars().any(|c| c.is_ascii_digit()) {
                    "text with digits in a value column"
                } else if money_row && table.columns[j].monetary {
                    "text in a value column of money, not an amount"
                } else {
                    continue;
                };
                rejects.push(reject(layout.raw, r, table, j, text, reason.into()));
            }
            _ => {}
        }
    }
}

/// The line item and row kind of the body row at `position`, carrying
/// sections and the previous item on in `state`; `None` for a row without
/// figures (a section heading, or a label wrapped onto a row of its own).
fn line_item_of(
    layout: &Layout<'_, '_>,
    value_cols: &[usize],
    position: usize,
    label: &Arc<str>,
    has_figures: bool,
    state: &mut RowState,
) -> Option<(Arc<str>, RowKind)> {
    let r = layout.body[position];
    let row = &layout.grid[r];
    if !has_figures {
        let others_empty = (0..layout.width)
            .filter(|&j| j != layout.label_col)
            .all(|j| row[j].is_empty());
        if !label.is_empty() && others_empty {
            state.section = Some(label.trim_end_matches(':').trim().into());
            state.after_section = true;
        } else if !label.is_empty() {
            state.previous_item = label.clone();
            state.after_section = false;
        }
        return None;
    }
    let is_last = position + 1 == layout.body.len();
    let (line_item, row_kind) = if !label.is_empty() {
        (label.clone(), LabelFacts::remembered(label).row_kind)
    } else if state.after_section {
        (
            state.section.clone().unwrap_or_else(|| "".into()),
            RowKind::Item,
        )
    } else if is_last && equals_item_sums(row, value_cols, &state.item_sums) {
        ("I alt".into(), RowKind::Total)
    } else {
        (state.previous_item.clone(), RowKind::Item)
    };
    if row_kind == RowKind::Item {
        for &j in value_cols {
            if let Parsed::Number(n) = row[j] {
                state.item_sums[j] = match state.item_sums[j] {
                    // A sum past i128 (digits no minutes print, but a
                    // file can hold them) is no sum a total can equal.
                    Some((sum, scale)) if scale == n.scale || sum == 0 => {
                        sum.checked_add(n.mantissa).map(|sum| (sum, n.scale))
                    }
                    _ => None,
                };
            }
        }
    }
    if !label.is_empty() {
        state.previous_item = line_item.clone();
    }
    state.after_section = false;
    Some((line_item, row_kind))
}

/// Amounts mentioned in prose: "for i alt 7,15 mio. kr.", "afsat 1,3
/// mio. kr.", "800.000 kr.".
static PROSE_AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    word_regex(r"(?i)-?\d{1,3}(?:\.\d{3})*(?:,\d+)?\s*(?:mia\.?|mio\.?|t\.)?\s*kr\b\.?")
});

/// The unit a table of money without a stated unit is in, when the prose
/// next to it states one of its totals: "tiltag … for i alt 7,15 mio. kr.
/// jævnfør nedenstående tabel 3" above a table whose I alt row is -7.150
/// (Greve 2022), "Byrådet har afsat 1,3 mio. kr." above one whose I alt
/// is 1.300. Only an exact match of a total row (or, without one, of any
/// figure) at a factor of 1.000 or 1.000.000 counts: evidence, not a guess.
pub fn unit_from_prose(prose: &[&str], table: &Interpreted) -> Option<Unit> {
    let mut mentions: Vec<i128> = Vec::new();
    for line in prose {
        if line.len() > 2000 {
            continue;
        }
        for m in PROSE_AMOUNT.find_iter(line) {
            if let Ok(Some(n)) = parse_number(m.as_str()) {
                let factor = n.unit.map_or(1, |u| u.factor);
                if let Some(kr) = n.to_kroner(factor) {
                    mentions.push((kr as i128).abs());
                }
            }
        }
    }
    if mentions.is_empty() {
        return None;
    }
    let has_totals = table.cells.iter().any(|c| c.row_kind != RowKind::Item);
    let figures: Vec<DanishNumber> = table
        .cells
        .iter()
        .filter(|c| !has_totals || c.row_kind != RowKind::Item)
        .filter_map(|c| parse_number(&c.raw).ok().flatten())
        .filter(|n| n.unit.is_none() && !n.percent && n.mantissa != 0)
        .collect();
    [Unit::THOUSAND_KR, Unit::MIO_KR].into_iter().find(|unit| {
        figures.iter().any(|n| {
            n.to_kroner(unit.factor)
                .is_some_and(|kr| mentions.contains(&(kr as i128).abs()))
        })
    })
}

/// The unit of a caption that a converter set apart from its table: "Tabel
/// 1 - Anlægsprojekter under Klima-, Teknik- og Miljøudvalget (1.000 kr.)"
/// a blank line above the header rows that w3m prints for a Greve page
/// (2023), where the recognizer took the header's first line for the
/// caption and the table seemed to state no unit: its 1.000 kr. were read
/// as kroner. `lines` are those just above the table, nearest last. The
/// nearest few lines are read, past header lines but never past a line
/// with figures (another table's row): a caption there is that table's.
/// A caption is a short line that names itself one ("Tabel 2.", "Oversigt
/// over …") or ends with its unit in brackets ("… (mio. kr.)").
pub fn unit_from_caption_above(lines: &[&str]) -> Option<Unit> {
    for line in lines.iter().rev().filter(|l| !l.trim().is_empty()).take(5) {
        let text = line.trim().trim_end_matches([':', '\u{a0}', ' ']);
        // A sentence that says what the amounts are in: "Beløbene i
        // tabellen er i mio. kr. og angiver nettoudgifter.", "Tallene er
        // opgjort i 1.000 kr." (a sentence is no caption, but says it).
        if let Some(m) = AMOUNTS_ARE_IN.find(text) {
            return find_unit(m.as_str());
        }
        if text.chars().count() > 200 {
            return None;
        }
        let lower = text.to_lowercase();
        let names_itself = ["tabel", "table", "oversigt", "figur"]
            .iter()
            .any(|w| lower.starts_with(w));
        let bracketed_unit = text.ends_with(')')
            && text
                .rfind('(')
                .and_then(|open| unit_only(&text[open + 1..text.len() - 1]))
                .is_some();
        if names_itself || bracketed_unit {
            return find_unit(text);
        }
        if has_figures(text) {
            return None;
        }
    }
    None
}

/// "Beløbene er i mio. kr.", "Alle tal i tabellen er opgjort i 1.000
/// kr.", "Tabellen viser beløb i hele 1.000 kr.": the unit the amounts of
/// the table below are in, said in a sentence.
static AMOUNTS_ARE_IN: LazyLock<Regex> = LazyLock::new(|| {
    word_regex(
        r"(?i)\b(?:beløb[a-zæøå]*|tal|tallene|tabellen)\b[^.]{0,40}?\b(?:er|vises|viser|angives|opgøres|opgjort|angivet|anført|anføres)\b[^.]{0,30}?\bi\s+(?:hele\s+)?(?:1\.000|1000|t\.|tusinde|mio\.?|mia\.?|millioner)\s*kr\b\.?",
    )
});

/// Whether a line has a figure that is no year: a row of a table.
fn has_figures(line: &str) -> bool {
    line.split_whitespace()
        .any(|w| matches!(parse_number(w), Ok(Some(n)) if !n.percent && single_year(w).is_none()))
}

/// Whether a table begins right under a row of figures, with no header or
/// caption between: the rest of a table above whose layout the converter
/// broke ("Anlægsbevilling 4.000 3.000 1.765" under "Rådighedsbeløb fra
/// budgetaftale 4.000 3.000 …" of a 1.000 kr. table, w3m's dump of a Greve
/// page with an empty paragraph between the rows, 2025). Such a part
/// states no unit, and is in the unit of the table it continues.
pub fn continues_table_above(lines: &[&str]) -> bool {
    lines
        .iter()
        .rev()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| has_figures(l))
}

/// Stems of the words of a table of changes rather than of a plan (see
/// `plan_measure` in [`interpret`]).
const CHANGE_STEMS: &[&str] = &[
    "besparelse",
    "merudgift",
    "mindreudgift",
    "merindtægt",
    "mindreindtægt",
    "reduktion",
    "effektivisering",
    "ændring",
    "model",
    "scenarie",
];

/// Whether a stub, caption or row label speaks of savings, extra costs or
/// revenue, or alternatives ("Besparelse Greve i alt", "Udgiften til
/// tomgangsleje i de to modeller", "Business casens samlede økonomi").
fn speaks_of_changes(text: &str) -> bool {
    let key = fold_key(text);
    key.contains("business case")
        || key
            .split(' ')
            .any(|w| CHANGE_STEMS.iter().any(|s| w.starts_with(s)))
}

/// A header that is a year or a span of years and nothing else: "2022",
/// "2024?", "2029 - 2034"; or the years after them ("Efterfølgende år",
/// "Overslagsår").
fn is_year_heading(label: &str) -> bool {
    let key = fold_key(label);
    if later_years(&key) {
        return true;
    }
    !key.is_empty()
        && key.split(' ').all(|w| {
            w.len() == 4
                && w.bytes().all(|b| b.is_ascii_digit())
                && (1950..=2099).contains(&w.parse::<i32>().unwrap_or(0))
        })
}

/// Whether a folded header names the years after a plan's own:
/// "Efterfølg-ende år" (hyphenated in its cell), "følgende år",
/// "overslagsår" (Greve 2022). Such a column has no one fiscal year.
fn later_years(key: &str) -> bool {
    // Nearly every header has no "år": it is told without a copy.
    if !key.contains("år") {
        return false;
    }
    let compact: String = key.chars().filter(|c| *c != ' ').collect();
    compact.ends_with("følgendeår") || compact == "overslagsår" || compact == "overslagsårene"
}

/// The year a label starts with ("2024 (jan-apr)" → 2024).
fn leading_year(label: &str) -> Option<i32> {
    let head: String = label.chars().take_while(|c| c.is_ascii_digit()).collect();
    if head.len() != 4 {
        return None;
    }
    head.parse().ok().filter(|y| (1950..=2099).contains(y))
}

/// What a column that is not money measures, by its header: a share
/// ("Andel", "Pct.", "%", "procent"), a count ("Antal helårspersoner"), or
/// a value of another kind (a date, an area, a number of a project).
fn non_monetary_measure(header: &str) -> Measure {
    let lower = header.to_lowercase();
    if lower.contains("andel")
        || lower.contains('%')
        || lower.contains("pct")
        || lower.contains("procent")
    {
        Measure::Andel
    } else if lower.contains("antal") {
        Measure::Antal
    } else {
        Measure::Value
    }
}

/// Whether every figure of a row equals the sum of the item rows above it
/// in its column (the unlabeled total under a table).
fn equals_item_sums(row: &[Parsed], value_cols: &[usize], sums: &[Option<(i128, u32)>]) -> bool {
    let mut any = false;
    for &j in value_cols {
        if let Parsed::Number(n) = row[j] {
            match sums[j] {
                Some((sum, scale)) if scale == n.scale && sum == n.mantissa => any = true,
                _ => return false,
            }
        }
    }
    any
}

/// The year the row labels speak of, when they speak of one: at least two
/// rows name a year and at least two thirds of the mentions agree (the
/// bridge table of 26-10-2021 has one typo, "2. halvårssag 2020").
fn dominant_year(labels: &[impl AsRef<str>]) -> Option<i32> {
    let mentions: Vec<i32> = labels
        .iter()
        .filter_map(|l| single_year(l.as_ref()))
        .collect();
    if mentions.len() < 2 {
        return None;
    }
    let mut best = (0, 0);
    for &y in &mentions {
        let count = mentions.iter().filter(|&&m| m == y).count();
        if count > best.1 {
            best = (y, count);
        }
    }
    (best.1 * 3 >= mentions.len() * 2).then_some(best.0)
}

/// A cell that looked like a figure and gave no amount, with the reason:
/// the `--rejects` report says what was left out and why, so a missing
/// amount is seen, never silently dropped.
fn reject(
    raw: &RawTable<'_>,
    r: usize,
    table: &Table,
    j: usize,
    text: &str,
    reason: String,
) -> Reject {
    Reject {
        line: raw.rows[r].line,
        table_no: table.table_no,
        column_label: table.columns[j].label.clone(),
        raw: text.trim().to_string(),
        reason,
    }
}

/// Compile this module's patterns now, in two halves of about equal cost
/// (see [`crate::prepare_patterns`]).
pub(crate) fn prepare_patterns(half: usize) {
    let patterns: &[&LazyLock<Regex>] = if half == 0 {
        &[
            &MONEY_WORDS,
            &AS_OF_DAY_MONTH,
            &AS_OF_MONTH,
            &NON_MONETARY_HEADER,
            &TO_DATE,
            &REFERENCE_HEADER,
            &COUNT_NOUNS,
            &AMOUNTS_ARE_IN,
            &UNIT_KR,
            &PRICE_BASIS,
            &YDELSE_WORDS,
            &NON_MONETARY_ROW,
            &PROSE_AMOUNT,
            &AS_OF_BARE,
        ]
    } else {
        &[
            &UNIT_MIA,
            &UNIT_MIO,
            &UNIT_THOUSAND,
            &UNIT_THOUSAND_WRAPPED,
            &AS_OF_NUMERIC,
            &AS_OF_DAY_MONTH_NUMERIC,
            &KEY_HEADER,
            &CODE_HEADER,
            &ACCOUNT_CODE,
            &SIGN_MINDRE_POSITIVE,
            &SIGN_MER_POSITIVE,
        ]
    };
    for pattern in patterns {
        LazyLock::force(*pattern);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The amounts the text gives, in order, those left out included.
    fn amounts_of(text: &str) -> Vec<Option<i64>> {
        crate::extract_text(text)
            .cells
            .iter()
            .map(|c| c.amount_kr)
            .collect()
    }

    /// The amounts the text gives, in order.
    fn amounts_only(text: &str) -> Vec<i64> {
        amounts_of(text).into_iter().flatten().collect()
    }

    /// Found by the document fuzzer: item rows whose figures add up past
    /// i128 overflowed the running sum that spots an unlabeled total row.
    #[test]
    fn item_sums_past_i128_are_no_sums() {
        let big = "99999999999999999999999999999999999999";
        let text = format!("Udgift\tBudget 2025\nA\t{big}\nB\t{big}\n\t{big}\n");
        let doc = crate::extract_text(&text);
        let kinds: Vec<RowKind> = doc.cells.iter().map(|c| c.row_kind).collect();
        assert_eq!(kinds, [RowKind::Item, RowKind::Item, RowKind::Item]);
    }

    /// A column dated within the table's year takes that year, however
    /// its date writes the year ("31/3-2026", "28/2-26"); a column dated in
    /// another year takes none, never the table's.
    #[test]
    fn a_date_in_the_table_year_gives_the_year() {
        // A day and a month take the table's year.
        let text = "1.000 kr.\tKorr. budget 2026\tForbrug pr. 31.05\tForbrug pr. 30/6\n\
                    Skoler\t380.112\t161.290\t190.000\n";
        let doc = crate::extract_text(text);
        let dates: Vec<Option<String>> = doc
            .cells
            .iter()
            .map(|c| c.as_of.map(|d| d.to_string()))
            .collect();
        assert_eq!(
            dates,
            [None, Some("2026-05-31".into()), Some("2026-06-30".into())]
        );
        assert!(doc.cells.iter().all(|c| c.fiscal_year == Some(2026)));
        let year_of = |header: &str, other: &str| {
            let text = format!("1.000 kr.\t{other}\t{header}\nAdministration\t412.118\t415.322\n");
            let doc = crate::extract_text(&text);
            let cell = doc
                .cells
                .iter()
                .find(|c| c.column_index == 2)
                .expect("a cell");
            (cell.fiscal_year, cell.as_of.map(|d| d.to_string()))
        };
        let cases = [
            (
                "Korrigeret budget pr. 31/3-2026",
                "Vedtaget budget 2026",
                Some(2026),
            ),
            (
                "Korrigeret budget pr. 31/3-26",
                "Vedtaget budget 2026",
                Some(2026),
            ),
            ("Forbrug pr. 31/8-2025", "Budget 2026", None),
            ("Forbrug pr. 31/8-25", "Budget 2026", None),
            (
                "Korrigeret budget 2026 pr. 31/3-2026",
                "Budget 2026",
                Some(2026),
            ),
        ];
        for (header, other, year) in cases {
            let (fiscal_year, as_of) = year_of(header, other);
            assert_eq!(fiscal_year, year, "{header:?} beside {other:?}");
            assert!(as_of.is_some(), "{header:?}");
        }
    }

    /// A share named by a compound beside the kroner of a follow-up is no
    /// amount: "42,4" under "Forbrugsprocent" was 42.400 kr.
    #[test]
    fn compound_share_headers_are_no_money() {
        let text = "1.000 kr.\tKorr. budget 2026\tForbrugsprocent\tAfvigelsespct.\tDækningsgrad\n\
                    Skoler\t380.112\t42,4\t-0,6\t97,1\n";
        let doc = crate::extract_text(text);
        let by_column = |j: usize| {
            doc.cells
                .iter()
                .find(|c| c.column_index == j)
                .expect("a cell")
        };
        assert_eq!(by_column(1).amount_kr, Some(380_112_000));
        assert_eq!(by_column(2).measure, Measure::Andel);
        assert_eq!(by_column(3).measure, Measure::Andel);
        for j in 2..=4 {
            assert_eq!(by_column(j).amount_kr, None, "column {j}");
            assert_eq!(by_column(j).unit, None, "column {j}");
        }
    }

    /// "Forbrug til dato" is money spent so far; "Dato" alone heads dates.
    #[test]
    fn spent_to_date_is_money() {
        let text = "Projekt (mio. kr.)\tAnlægssum\tForbrug til dato\tDato\n\
                    Ny skole\t125,5\t40,2\t30.06.2026\n";
        let doc = crate::extract_text(text);
        let by_column = |j: usize| doc.cells.iter().find(|c| c.column_index == j);
        assert_eq!(by_column(2).and_then(|c| c.amount_kr), Some(40_200_000));
        assert_eq!(by_column(2).map(|c| c.measure), Some(Measure::Regnskab));
        assert!(by_column(3).is_none_or(|c| c.amount_kr.is_none()));
    }

    /// A caption set apart from its header rows by a blank line, as w3m
    /// prints one, still gives the table its unit; a table that goes on
    /// under a row of figures after an empty paragraph keeps the unit of
    /// the table it continues. Both were read as kroner.
    #[test]
    fn units_of_captions_and_tables_set_apart() {
        // Laid out as w3m prints a Greve page (2023, 2025), names changed.
        let text = concat!(
            "Tabel 1 - Anlægsprojekter under udvalget (1.000 kr.)\u{a0}\n\n",
            "                                                                       Forbrug i\n",
            "Nr. Projektnavn                                    U/I Anlægsbevilling alt          Afvigelse\n\n",
            "    Tagrenovering, skolen og\n",
            "159 mv                                             U   30.341          30.339       -2\n\n",
            "192 Granulat til baner                             U   1.006           0            -1.006\n\n",
            "    I alt                                          U   31.347          30.339       -1.008\n\n\n",
            "Tabel 2. Oversigt over anlægsbevillingen – pulje 577\n\n",
            "I 1.000 kr.                                                      2029\n",
            "                                2024   2025   2026   2027  2028         SUM\n",
            "                                                                 - 2034\n\n",
            "Rådighedsbeløb fra budgetaftale 4.000  3.000  3.000  3.000 3.000 18.000 34.000\n\n",
            "\u{a0} \n\n",
            "Anlægsbevilling                 4.000  \u{a0} 3.000 1.765  -     -     -\u{a0}      -\n\n",
            "Overført fra året               -3.245 0      -1.765 -     -\u{a0}     -\u{a0}      -\n",
        );
        let amounts = amounts_only(text);
        for kr in [1_006_000, 31_347_000, 4_000_000] {
            assert!(amounts.contains(&kr), "{kr} in {amounts:?}");
        }
        for kr in [1_006, 31_347, 4_000] {
            assert!(!amounts.contains(&kr), "{kr} read as kroner: {amounts:?}");
        }
    }

    /// Words pandoc broke in a narrow column still say what the figures
    /// are: the inhabitants under "In dbyggertal*" and the years of a
    /// "V arighed" row are no kroner, the money beside them is.
    #[test]
    fn broken_words_of_counts_are_no_money() {
        let text = "1.000 kr.\tIn dbyggertal*\tDriftsbidrag\n\
                    Greve\t52.157\t10.512\n\
                    V arighed\t5\t3\n";
        let amounts = amounts_only(text);
        assert_eq!(amounts, [10_512_000]);
    }

    /// Figures of one decimal in a table that states plain kroner are no
    /// kroner (the "kr." is the end of a unit split by the converter): no
    /// amounts, rather than -244 kr. for -244,0 mio. kr. Whole kroner stay.
    #[test]
    fn one_decimal_kroner_are_no_kroner() {
        let split = "kr.\tKorrigeret budget\tForbrug\nLikvid beholdning\t-244,0\t56,0\n";
        assert_eq!(amounts_of(split), [None, None]);
        let whole = "kr.\tKorrigeret budget\tForbrug\nLikvid beholdning\t-244\t56\n";
        assert_eq!(amounts_of(whole), [Some(-244), Some(56)]);
    }

    /// A corner cell wrapped under the header row, as pdftotext -layout
    /// prints a narrow Word table, gives its whole unit, not the "kr.)" of
    /// its last line.
    #[test]
    fn a_corner_wrapped_under_the_header_gives_its_unit() {
        let text = concat!(
            "Afledte       2022        2023            2024\n",
            "driftsudgi\n",
            "fter\n",
            "(1.000\n",
            "kr.)\n",
            "Husleje       304         304             304\n",
            "Rengøring     82          82              82\n",
        );
        let amounts = amounts_only(text);
        assert_eq!(amounts, [304_000, 304_000, 304_000, 82_000, 82_000, 82_000]);
    }

    /// A column of account codes under "Konto" is a key: the text beside
    /// it labels the rows.
    #[test]
    fn account_codes_are_keys() {
        let text = "Konto\tTekst\tUdgift (kr.)\n00.25.10\tByggemodning\t2.500.000\n\
                    00.22.01\tSalg af grunde\t-4.750.000\n\tI alt\t-2.250.000\n";
        let doc = crate::extract_text(text);
        let labels: Vec<&str> = doc.cells.iter().map(|c| &*c.row_label).collect();
        assert_eq!(labels, ["Byggemodning", "Salg af grunde", "I alt"]);
        assert_eq!(doc.cells[2].row_kind, RowKind::Total);
        // A "Konto" column of names is the label column still.
        let names = "Konto\tUdgift (kr.)\tBemærkning\nByggemodning\t2.500.000\tSalg\n";
        let doc = crate::extract_text(names);
        assert_eq!(&*doc.cells[0].row_label, "Byggemodning");
    }

    /// Columns of notes, appendices, places and dates of a project beside
    /// its budget are no money, and take no year from the rows.
    #[test]
    fn columns_beside_a_budget_that_are_no_money() {
        let text = "Anlægsoversigt (1.000 kr.)\tNote\tBilag\tAnlægsstart\tBudget 2026\tPladser\n\
                    Skole\t1\t3\t2025\t12.400\t120\n\
                    Børnehus\t2\t4\t2027\t2.000\t60\n";
        let doc = crate::extract_text(text);
        let money: Vec<(i64, Option<i32>)> = doc
            .cells
            .iter()
            .filter_map(|c| c.amount_kr.map(|kr| (kr, c.fiscal_year)))
            .collect();
        assert_eq!(money, [(12_400_000, Some(2026)), (2_000_000, Some(2026))]);
    }

    /// A sentence above a table that says what its amounts are in gives
    /// the unit (the whole figures were read as kroner).
    #[test]
    fn a_sentence_that_states_the_unit() {
        let amounts = |sentence: &str| -> Vec<Option<i64>> {
            let text = format!("{sentence}\n\nOmråde\tBudget 2026\nSkoler\t1.250\n");
            crate::extract_text(&text)
                .cells
                .iter()
                .map(|c| c.amount_kr)
                .collect()
        };
        let cases = [
            (
                "Beløbene i tabellen er i mio. kr. og angiver nettoudgifter.",
                1_250_000_000,
            ),
            ("Alle tal er opgjort i 1.000 kr., netto.", 1_250_000),
            (
                "Tabellen viser beløb i hele 1.000 kr. for hele perioden.",
                1_250_000,
            ),
            (
                "Der er i alt afsat 2 mio. kr. til formålet i budgettet.",
                1_250,
            ),
        ];
        for (sentence, kr) in cases {
            assert_eq!(amounts(sentence), [Some(kr)], "{sentence}");
        }
    }

    #[test]
    fn measures_table() {
        let cases: &[(&str, Measure)] = &[
            ("Vedtaget budget 2024", Measure::VedtagetBudget),
            ("Oprindeligt budget", Measure::VedtagetBudget),
            ("Budget 2025", Measure::Budget),
            ("Korrigeret budget 2021", Measure::KorrigeretBudget),
            ("Forventet regnskab 2021*", Measure::ForventetRegnskab),
            ("Regnskab 2023", Measure::Regnskab),
            ("Forventet forbrug 2026", Measure::ForventetRegnskab),
            ("Forventet", Measure::ForventetRegnskab),
            ("Forv. 2026", Measure::ForventetRegnskab),
            ("Forventet udgift til tilskud", Measure::Amount),
            ("", Measure::Amount),
            ("Overslag 2027", Measure::Budget),
            ("Overslagsår 2028", Measure::Budget),
            ("Overslag i 1.000 kr.", Measure::Amount),
            ("R2025", Measure::Regnskab),
            ("OB 2026", Measure::VedtagetBudget),
            ("VB2026", Measure::VedtagetBudget),
            ("KB 2026", Measure::KorrigeretBudget),
            ("FR 2026", Measure::ForventetRegnskab),
            ("B2026", Measure::Budget),
            ("BF 2027", Measure::Budget),
            ("Pulje B 2026", Measure::Amount),
            ("BO1 2026", Measure::Amount),
            ("R", Measure::Amount),
            ("Afv. KB-FR", Measure::Afvigelse),
            ("Forv. forbrug", Measure::ForventetRegnskab),
            ("Forbrug pr. 31.05", Measure::Regnskab),
            ("Afvigelse med udgifter til COVID-19", Measure::Afvigelse),
            // Cut off by the printer at the cell's edge (a Greve PDF).
            ("Afvigels TB", Measure::Afvigelse),
            ("Afvigelser i alt", Measure::Afvigelse),
            ("Mer-/ mindre-forbrug", Measure::Afvigelse),
            ("Forskel Pr. 31/8-2021", Measure::Afvigelse),
            (
                "Budgetteret gevinst Projektperioden",
                Measure::BudgetteretGevinst,
            ),
            (
                "Realiseret gevinst pr. maj 2020",
                Measure::RealiseretGevinst,
            ),
            ("I alt", Measure::Total),
            ("I alt (kr.)", Measure::Total),
            ("i alt", Measure::Total),
            ("2022", Measure::Amount),
            ("Heraf udgifter til COVID-19", Measure::Amount),
            ("Særlig drift, ØU (kr.)", Measure::Amount),
        ];
        for (header, measure) in cases {
            assert_eq!(measure_of(header), *measure, "{header:?}");
        }
    }

    #[test]
    fn as_of_table() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        let cases: &[(&str, Option<NaiveDate>)] = &[
            ("Pr. 31/8-2021", d(2021, 8, 31)),
            ("Realiseret gevinst pr. maj 2020", d(2020, 5, 31)),
            ("Antal i job pr. maj 2020", d(2020, 5, 31)),
            ("Status pr. 31. oktober 2021", d(2021, 10, 31)),
            ("2021 pr. 31. oktober", d(2021, 10, 31)),
            ("pr. februar 2024", d(2024, 2, 29)),
            ("pr. 31/2-2021", None),
            ("Korrigeret budget 2021", None),
            ("Budgetteret gevinst Projektperioden", None),
        ];
        for (header, date) in cases {
            assert_eq!(find_as_of(header).map(|(d, _)| d), *date, "{header:?}");
        }
    }

    #[test]
    fn units_table() {
        let cases: &[(&str, Option<i64>)] = &[
            ("1.000 kr. netto, årets priser", Some(1_000)),
            ("2021-priser – 1.000 kr.", Some(1_000)),
            ("I 1.000 kr.", Some(1_000)),
            ("- 1.000 kr. -", Some(1_000)),
            ("Beskrivelse - kr.", Some(1)),
            ("Særlig drift, ØU (kr.)", Some(1)),
            ("Resultatopgørelse (mio. kr.)", Some(1_000_000)),
            ("Beløb i mia. kr.", Some(1_000_000_000)),
            ("t.kr.", Some(1_000)),
            // The magnitude after the amount word, and DKK for kr.
            ("Beløb i kr. 1.000", Some(1_000)),
            ("(kr. i 1.000)", Some(1_000)),
            ("DKK 1.000", Some(1_000)),
            ("1.000 DKK", Some(1_000)),
            ("t.DKK", Some(1_000)),
            ("mio. DKK", Some(1_000_000)),
            ("(mill. kr.)", Some(1_000_000)),
            ("Beløb i kr. i mio.", Some(1_000_000)),
            ("mia. DKK", Some(1_000_000_000)),
            ("Beløb Opr. i budge 1.000 t kr.", Some(1_000)),
            ("Beløb i mio.", Some(1_000_000)),
            ("(beløbene er i mio.)", Some(1_000_000)),
            ("Beløb i mio. pr. indbygger", None),
            ("Over 1.000 indbyggere pr. kr.", Some(1)),
            // An amount in prose is no unit of a table.
            ("Der gives kr. 1.000 pr. deltager", Some(1)),
            ("et tilskud på 2 mio. DKK", None),
            ("Investeringsprojekter", None),
            ("Kroppen og sundhed", None),
        ];
        for (text, factor) in cases {
            assert_eq!(find_unit(text).map(|u| u.factor), *factor, "{text:?}");
        }
        assert_eq!(
            find_price_basis("1.000 kr. netto, årets priser").as_deref(),
            Some("årets priser")
        );
        assert_eq!(
            find_price_basis("2021-priser – 1.000 kr.").as_deref(),
            Some("2021-priser")
        );
        assert_eq!(find_price_basis("2022 22-PL").as_deref(), Some("22-PL"));
    }

    #[test]
    fn money_words_with_shared_stem_endings_match_as_listed() {
        // The pattern as first written, each stem with its own ending.
        let listed = Regex::new(
            r"(?i)\b(budget\p{L}*|regnskab\p{L}*|gevinst\p{L}*|investering\p{L}*|finansiering\p{L}*|pulje|puljen|midler|tilskud|bevilling|bevillingen|udgift|udgifter|indtægt|indtægter|afvigelse|mindreforbrug|merforbrug|reservationspulje\p{L}*|driftsbudget)\b",
        )
        .unwrap();
        for text in [
            "Budgettet for 2021",
            "regnskabsår",
            "Reservationspuljen",
            "reservationspuljer",
            "driftsbudget",
            "Driftsbudgettet",
            "puljen",
            "puljerne",
            "Øvrige puljer",
            "BUDGETÆNDRING",
            "Investeringsprojekter",
            "finansieringen",
            "gevinster i alt",
            "tilskuddet",
            "udgifter",
            "Indtægter i alt",
            "merforbrug/mindreforbrug",
            "ingen af dem",
            "x_budget",
        ] {
            let found = MONEY_WORDS
                .captures(text)
                .map(|c| (c[0].to_string(), c[1].to_string()));
            let expected = listed
                .captures(text)
                .map(|c| (c[0].to_string(), c[1].to_string()));
            assert_eq!(found, expected, "{text:?}");
        }
    }

    #[test]
    fn sign_conventions() {
        assert_eq!(
            sign_convention_of("Note: -=merforbrug, +=mindreforbrug"),
            Some("budget_minus_result")
        );
        assert_eq!(
            sign_convention_of("-/+ = merforbrug/mindreforbrug"),
            Some("budget_minus_result")
        );
        assert_eq!(
            sign_convention_of("+ = merforbrug, - = mindreforbrug"),
            Some("result_minus_budget")
        );
        assert_eq!(
            sign_convention_of("Der forventes et merforbrug på 9,8 mio. kr."),
            None
        );
    }

    #[test]
    fn row_kinds_table() {
        let cases: &[(&str, RowKind)] = &[
            ("I alt", RowKind::Total),
            ("Samlet", RowKind::Total),
            (
                "Service i alt ekskl. Projekter med ekstern finansiering",
                RowKind::Subtotal,
            ),
            ("Særlige Driftsområder i alt", RowKind::Subtotal),
            ("Staben", RowKind::Item),
            ("Alle skal med", RowKind::Item),
        ];
        for (label, kind) in cases {
            assert_eq!(row_kind_of(label), *kind, "{label:?}");
        }
    }

    #[test]
    fn dominant_year_tolerates_one_typo() {
        let labels: Vec<String> = [
            "ved Vedtaget budget 2021",
            "efter 1. halvår 2021",
            "efter 2. halvårssag 2020",
            "Forventet resultat 2021",
            "Midtvejsregulering",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(dominant_year(&labels), Some(2021));
        let split: Vec<String> = ["2020", "2021"].iter().map(|s| format!("x {s}")).collect();
        assert_eq!(dominant_year(&split), None);
    }
}
