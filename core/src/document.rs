//! Document metadata: committee, meeting date and agenda items, read from
//! the header lines that every set of Odense minutes carries. A date that
//! cannot be read is left empty with a warning; it is never guessed.

use crate::model::{AgendaItem, Diagnostic, DocumentMeta, Severity};
use crate::text::{month_number, strip_markdown};
use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

static REFERAT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^REFERAT\s+(.+?)(?:\s+(\d{4}-\d{4}))?\s+d\.\s*(\d{1,2})-(\d{1,2})-(\d{4})\b")
        .expect("valid regex")
});
static MOEDEDATO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^Mødedato\s+(?:\p{L}+\s+)?(?:d\.\s*)?(\d{1,2})\.\s*(\p{L}+)\.?\s+(\d{4})")
        .expect("valid regex")
});
/// "Punkt 5: title": the number and the colon. The title is the rest of
/// the line, which must not be empty (as `:\s*(.+)$` would read it; matching
/// the title in the regex too cost a slow search through every title).
static PUNKT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^Punkt\s+(\d{1,3})\s*:").expect("valid regex"));
/// A portal page's heading: "Greve Kommune – Byråd 2022-2025 – Dagsorden
/// 03.10.2022" (municipality, committee with its period, kind, date).
static PORTAL_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:.+?\s+[–-]\s+)?(.+?)(?:\s+(\d{4}-\d{4}))?\s+[–-]\s+(?:Dagsorden|Referat|Beslutningsprotokol)\s+(\d{1,2})\.(\d{1,2})\.(\d{4})$")
        .expect("valid regex")
});
/// "Mødedato: 12.03.2024", "Dato: 27. august 2025", "Referat fra mødet
/// den 4. september 2014".
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:mødedato|dato)\s*:|referat fra mødet den|dagsorden for mødet den)\s*(?:\p{L}+\s+)?(?:d\.\s*|den\s+)?(\d{1,2})\.\s*(\d{1,2}\.|\p{L}+\.?)\s*(\d{4})\b")
        .expect("valid regex")
});
static JOURNAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d{2}\.\d{2}\.\d{2}-[A-ZÆØÅ]\d{2}-\d+-\d{2}$").expect("valid regex")
});

/// "Punkt 5: title": the item's number and what follows the colon, as
/// [`PUNKT`] reads them (a number it cannot parse is 0). ASCII digits are
/// read by hand, as a capturing regex search costs more than the rest of
/// the line's reading; a digit of another script goes to the regex.
fn agenda_item_start(line: &str) -> Option<(u32, &str)> {
    let rest = line.strip_prefix("Punkt")?;
    let spaced = rest.trim_start_matches(char::is_whitespace);
    if spaced.len() == rest.len() {
        return None;
    }
    let digits = spaced.bytes().take_while(u8::is_ascii_digit).count();
    if spaced.as_bytes().get(digits).is_some_and(|b| !b.is_ascii()) {
        return agenda_item_by_regex(line);
    }
    if !(1..=3).contains(&digits) {
        return None;
    }
    let title = spaced[digits..]
        .trim_start_matches(char::is_whitespace)
        .strip_prefix(':')?;
    Some((spaced[..digits].parse().unwrap_or(0), title))
}

/// [`agenda_item_start`] by the regex itself.
fn agenda_item_by_regex(line: &str) -> Option<(u32, &str)> {
    let c = PUNKT.captures(line)?;
    let title = &line[c.get(0)?.end()..];
    Some((c[1].parse::<u32>().unwrap_or(0), title))
}

/// Compile this module's patterns now (see [`crate::prepare_patterns`]).
/// ([`PUNKT`] is left to the rare line that needs it: ASCII digits are
/// read by hand.)
pub(crate) fn prepare_patterns() {
    LazyLock::force(&REFERAT);
    LazyLock::force(&MOEDEDATO);
    LazyLock::force(&JOURNAL);
    LazyLock::force(&PORTAL_HEADING);
    LazyLock::force(&DATE_LINE);
}

/// A cheap test before the patterns: the words a portal heading or date
/// line carries.
fn may_be_portal_line(raw: &str) -> bool {
    let b = raw.as_bytes();
    ["agsorden", "eferat", "ato", "rotokol"]
        .iter()
        .any(|w| memchr::memmem::find(b, w.as_bytes()).is_some())
}

/// A committee's name and, where printed, its election period.
type Committee = (String, Option<String>);

/// The meeting a portal page's heading or date line names: committee and
/// period where the heading gives them, and the date.
fn portal_meeting(line: &str) -> Option<(Option<Committee>, Option<NaiveDate>)> {
    if line.len() > 300 {
        return None;
    }
    let has = |w: &str| memchr::memmem::find(line.as_bytes(), w.as_bytes()).is_some();
    if has("Dagsorden") || has("Referat") || has("Beslutningsprotokol") {
        if let Some(c) = PORTAL_HEADING.captures(line) {
            let committee = (
                c[1].trim().to_string(),
                c.get(2).map(|m| m.as_str().to_string()),
            );
            return Some((Some(committee), ymd(&c[5], &c[4], &c[3])));
        }
    }
    let c = DATE_LINE.captures(line)?;
    let month = c[2].trim_end_matches('.');
    let month = month.parse::<u32>().ok().or_else(|| month_number(month))?;
    Some((None, ymd(&c[3], &month.to_string(), &c[1])))
}

/// Read the metadata from the document's lines.
pub fn read_meta(lines: &[&str], diagnostics: &mut Vec<Diagnostic>) -> DocumentMeta {
    let mut meta = DocumentMeta::default();
    let mut header_date: Option<(NaiveDate, u32)> = None;
    let mut moede_date: Option<(NaiveDate, u32)> = None;
    let mut portal_date: Option<(NaiveDate, u32)> = None;
    for (index, raw) in lines.iter().enumerate() {
        let line_no = index as u32 + 1;
        // Portal pages (and what converters make of them) head the page
        // with the meeting: "Greve Kommune – Byråd – Dagsorden 03.10.2022".
        if header_date.is_none()
            && portal_date.is_none()
            && (4..=300).contains(&raw.len())
            && !raw.contains('\t')
            && may_be_portal_line(raw)
        {
            let line = strip_markdown(raw);
            if let Some((committee, date)) = portal_meeting(&line) {
                if let (Some((name, period)), None) = (committee, &meta.committee) {
                    meta.committee = Some(name);
                    meta.committee_period = period;
                }
                if let Some(date) = date {
                    portal_date = Some((date, line_no));
                }
                continue;
            }
        }
        // A line that starts with a plain character other than the
        // keywords' first letters cannot be one: most lines end here.
        // Indentation first, byte by byte (pdftotext indents most lines).
        let indented = raw.trim_start_matches(' ');
        match indented.as_bytes().first() {
            None => continue,
            Some(&b) if b.is_ascii() => {
                if !((b as char).is_whitespace()
                    || matches!(b, b'#' | b'*' | b'_' | b'<' | b'R' | b'P' | b'M' | b'm'))
                {
                    continue;
                }
            }
            Some(_) => {}
        }
        // Only three kinds of line carry metadata, each beginning with its
        // keyword after at most some markup; skip the cleaning of all the
        // others (most of a document's lines).
        let bare = indented.trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, '#' | '*' | '_' | '\u{a0}')
        });
        let may_match = if bare.starts_with('<') {
            bare.contains("REFERAT") || bare.contains("Punkt") || bare.contains("dedato")
        } else {
            bare.starts_with("REFERAT")
                || bare.starts_with("Punkt")
                || bare.starts_with("Mødedato")
                || bare.starts_with("mødedato")
                || bare.starts_with("MØDEDATO")
        };
        // Metadata lines are prose: a tab means a table row.
        if !may_match || raw.len() > 400 || raw.contains('\t') {
            continue;
        }
        let line = strip_markdown(raw);
        if line.is_empty() {
            continue;
        }
        // Each pattern is anchored at its keyword: a line that does not
        // start with it is not searched (captures are the slow search).
        if header_date.is_none() && line.starts_with("REFERAT") {
            if let Some(c) = REFERAT.captures(&line) {
                meta.committee = Some(c[1].trim().to_string());
                meta.committee_period = c.get(2).map(|m| m.as_str().to_string());
                let date = ymd(&c[5], &c[4], &c[3]);
                match date {
                    Some(d) => header_date = Some((d, line_no)),
                    None => diagnostics.push(warning(
                        line_no,
                        format!(
                            "expected a valid meeting date in the header, found {:?}",
                            line
                        ),
                    )),
                }
                continue;
            }
        }
        if moede_date.is_none() && line.starts_with(['M', 'm']) {
            if let Some(c) = MOEDEDATO.captures(&line) {
                let date = month_number(&c[2]).and_then(|m| ymd(&c[3], &m.to_string(), &c[1]));
                match date {
                    Some(d) => moede_date = Some((d, line_no)),
                    None => diagnostics.push(warning(
                        line_no,
                        format!("expected a date after 'Mødedato', found {:?}", line),
                    )),
                }
                continue;
            }
        }
        let agenda_item = agenda_item_start(&line)
            .and_then(|(number, title)| (!title.is_empty()).then_some((number, title)));
        if let Some((number, title)) = agenda_item {
            let journal_no = lines[index + 1..]
                .iter()
                .take(4)
                .map(|l| strip_markdown(l))
                .find(|l| !l.is_empty())
                .filter(|l| JOURNAL.is_match(l));
            meta.items.push(AgendaItem {
                number,
                title: title.trim().to_string(),
                journal_no,
                line: line_no,
            });
        }
    }
    let moede_date = moede_date.or(portal_date);
    meta.meeting_date = match (header_date, moede_date) {
        (Some((h, _)), Some((m, line))) => {
            if h != m {
                diagnostics.push(warning(
                    line,
                    format!("the 'Mødedato' line says {m}, the header says {h}; using the header"),
                ));
            }
            Some(h)
        }
        (Some((d, _)), None) | (None, Some((d, _))) => Some(d),
        (None, None) => {
            diagnostics.push(Diagnostic {
                line: None,
                severity: Severity::Warning,
                message: "expected a meeting date ('REFERAT … d. DD-MM-YYYY' or 'Mødedato … d. 26. oktober 2021'), found none; doc_date is left empty".into(),
            });
            None
        }
    };
    meta
}

fn ymd(year: &str, month: &str, day: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

fn warning(line: u32, message: String) -> Diagnostic {
    Diagnostic {
        line: Some(line),
        severity: Severity::Warning,
        message,
    }
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(50_000))]
        /// The hand reading of "Punkt 5:" agrees with the regex, on lines
        /// near the form: spaces of several kinds, ASCII and Arabic-Indic
        /// digits, too many digits, a missing colon.
        #[test]
        fn agenda_item_start_reads_as_the_regex_reads(
            line in "(Punkt|Punk|punkt)[ \t\u{a0}\u{2003}x]{0,3}[0-9\u{660}-\u{669}a]{0,5}[ \u{a0}]{0,2}[:;]?[ a-zæ:]{0,6}"
        ) {
            proptest::prop_assert_eq!(agenda_item_start(&line), agenda_item_by_regex(&line));
        }
    }

    use super::*;

    fn meta(text: &str) -> (DocumentMeta, Vec<Diagnostic>) {
        let lines: Vec<&str> = text.split('\n').collect();
        let mut d = Vec::new();
        (read_meta(&lines, &mut d), d)
    }

    #[test]
    fn agenda_items_read_as_the_whole_line_pattern_reads_them() {
        // The pattern once matched the title too; the shorter pattern plus
        // "rest of the line, not empty" must read every line the same way.
        let whole_line = Regex::new(r"^Punkt\s+(\d{1,3})\s*:\s*(.+)$").unwrap();
        for line in [
            "Punkt 5: D-sag: Økonomisk Status 2024 og Budget 2025",
            "Punkt 12 : Titel",
            "Punkt 1:",
            "Punkt 1:  ",
            "Punkt 1:x",
            "Punkt 1234: for mange cifre",
            "Punkt1: intet mellemrum",
            "Punkt  7\u{a0}:\u{a0}Titel med hårdt mellemrum",
            "Punkter 1: nej",
        ] {
            // read_meta reads lines with their markup and spacing cleaned.
            let cleaned = strip_markdown(line);
            let want = whole_line
                .captures(&cleaned)
                .map(|c| (c[1].parse::<u32>().unwrap_or(0), c[2].trim().to_string()));
            let (m, _) = meta(line);
            let got = m.items.first().map(|i| (i.number, i.title.clone()));
            assert_eq!(got, want, "{line:?}");
        }
    }

    #[test]
    fn header_and_items() {
        let (m, d) = meta(
            "\n\nREFERAT Beskæftigelses- og Socialudvalget 2018-2021 d. 26-10-2021\n\nMødedato Tirsdag d. 26. oktober 2021 kl. 08:30\n\nPunkt 5: D-sag: Økonomisk Status 2024 og Budget 2025\n\n00.30.00-S00-1-24\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            m.committee.as_deref(),
            Some("Beskæftigelses- og Socialudvalget")
        );
        assert_eq!(m.committee_period.as_deref(), Some("2018-2021"));
        assert_eq!(m.meeting_date, NaiveDate::from_ymd_opt(2021, 10, 26));
        assert_eq!(m.items.len(), 1);
        assert_eq!(m.items[0].number, 5);
        assert_eq!(
            m.items[0].title,
            "D-sag: Økonomisk Status 2024 og Budget 2025"
        );
        assert_eq!(m.items[0].journal_no.as_deref(), Some("00.30.00-S00-1-24"));
        assert_eq!(m.items[0].line, 7);
    }

    #[test]
    fn markdown_header() {
        let (m, _) = meta("# **REFERAT Beskæftigelses- og Socialudvalget 2018-2021 d. 18-08-2020**\n# **Punkt 1: Opfølgning pr. 31. maj 2020**");
        assert_eq!(m.meeting_date, NaiveDate::from_ymd_opt(2020, 8, 18));
        assert_eq!(m.items[0].title, "Opfølgning pr. 31. maj 2020");
    }

    #[test]
    fn moededato_alone() {
        let (m, _) = meta("Mødedato Tirsdag d. 2. februar 2021 kl. 08:30");
        assert_eq!(m.meeting_date, NaiveDate::from_ymd_opt(2021, 2, 2));
    }

    #[test]
    fn no_date_is_null_with_warning() {
        let (m, d) = meta(
            " Punkt 1: Revideret budgetbidrag 2017 vedr. optimering af rammen\n15.00.00-A00-22-16",
        );
        assert_eq!(m.meeting_date, None);
        assert_eq!(d.len(), 1);
        assert_eq!(m.items[0].journal_no.as_deref(), Some("15.00.00-A00-22-16"));
    }

    #[test]
    fn disagreeing_dates_warn() {
        let (m, d) = meta("REFERAT X d. 26-10-2021\nMødedato Tirsdag d. 27. oktober 2021");
        assert_eq!(m.meeting_date, NaiveDate::from_ymd_opt(2021, 10, 26));
        assert_eq!(d.len(), 1);
    }
}
