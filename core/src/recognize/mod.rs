//! Finding tables in text. A layout recognizer turns lines into a
//! [`RawTable`]: a grid of cell strings with the 1-based line of each row and
//! the caption line above. What the cells mean is decided afterwards, for
//! every layout alike, in [`crate::semantics`].
//!
//! Four layouts: tab-separated rows as PDF converters write them (a run of
//! lines containing tabs; table-of-contents lines "Titel.....\t3" are not
//! tables), Markdown pipe rows, space-aligned columns as `pdftotext -layout`
//! writes them ([`aligned_tables`]), and label–amount lists of raw
//! `pdftotext` output. Each recognizer only looks at lines the others do not
//! claim, so one line never feeds two tables.

mod aligned;
mod boxed;

/// The grids of raw tables as plain strings with their lines, and one
/// expected row: what the recognizers' tests compare.
#[cfg(test)]
pub(crate) mod grids {
    use super::RawTable;

    pub type Row = (u32, Vec<String>);

    pub fn grids(tables: &[RawTable<'_>]) -> Vec<Vec<Row>> {
        tables
            .iter()
            .map(|t| {
                t.rows
                    .iter()
                    .map(|r| (r.line, r.cells.iter().map(|c| c.to_string()).collect()))
                    .collect()
            })
            .collect()
    }

    pub fn row(line: u32, cells: &[&str]) -> Row {
        (line, cells.iter().map(|c| c.to_string()).collect())
    }
}
pub use aligned::{aligned_tables, aligned_tables_from, first_data_row as first_aligned_data_row};
pub use boxed::boxed_tables;

use crate::number::parse_number;

/// Whether a cell's text reads as one figure (a dash for "no value" does
/// not): what the text recognizers tell rows of figures by.
pub(crate) fn is_figure(text: &str) -> bool {
    matches!(parse_number(text), Ok(Some(_)))
}
pub(crate) use crate::text::{has_double_space, DOUBLE_SPACE};
use crate::text::{single_year, strip_markdown};
use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

/// One row of a raw table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRow<'a> {
    /// 1-based line in the source.
    pub line: u32,
    /// Cell texts; borrowed from the line, owned where a layout had to
    /// assemble a cell from several lines.
    pub cells: Vec<Cow<'a, str>>,
}

/// A table as laid out, before interpretation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTable<'a> {
    pub layout: &'static str,
    pub rows: Vec<RawRow<'a>>,
    /// The short line just above the table that names it, if any.
    pub caption: Option<String>,
}

impl RawTable<'_> {
    pub fn first_line(&self) -> u32 {
        self.rows.first().map_or(0, |r| r.line)
    }
    pub fn last_line(&self) -> u32 {
        self.rows.last().map_or(0, |r| r.line)
    }
    pub fn width(&self) -> usize {
        self.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0)
    }
}

/// A Markdown pipe row: "| a | b |" or "a | b | c" (two pipes at least, so
/// a lone "|" in prose is not a table).
pub(crate) fn is_pipe_row(line: &str) -> bool {
    if memchr::memchr(b'|', line.as_bytes()).is_none() {
        return false;
    }
    let t = line.trim();
    !has_tab(line) && (t.starts_with('|') && t.len() > 1 || t.matches('|').count() >= 2)
}

/// The `|---|:---:|` line under a Markdown header.
fn is_pipe_separator(line: &str) -> bool {
    let t = line.trim();
    t.contains('-') && t.contains('|') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// Split a pipe row into cells, without the empty cells that leading and
/// trailing pipes would make.
fn pipe_cells(line: &str) -> Vec<&str> {
    let mut t = line.trim();
    t = t.strip_prefix('|').unwrap_or(t);
    t = t.strip_suffix('|').unwrap_or(t);
    t.split('|').collect()
}

/// A Markdown cell as its text: bold marks ("**Beløb i 2022**", pandoc's
/// bold header rows) and backslash escapes ("\\-1.376", html2text's
/// escaped minus) taken out. A cell without either is borrowed as it is.
fn markdown_cell(cell: &str) -> Cow<'_, str> {
    if !cell.contains("**") && !cell.contains('\\') && !cell.contains('_') {
        return Cow::Borrowed(cell);
    }
    let mut out = unbold(cell).replace("__", "");
    if out.contains('\\') {
        let mut unescaped = String::with_capacity(out.len());
        let mut chars = out.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek()) {
                ('\\', Some(&next)) if next.is_ascii_punctuation() => {
                    unescaped.push(next);
                    chars.next();
                }
                _ => unescaped.push(c),
            }
        }
        out = unescaped;
    }
    // "_1.000 kr._": an underscore at a word's edge is emphasis; one inside
    // a word ("konto_nr") is text.
    if out.contains('_') {
        let chars: Vec<char> = out.chars().collect();
        let edge = |i: usize| {
            let before = i.checked_sub(1).map(|k| chars[k]);
            let after = chars.get(i + 1).copied();
            before.is_none_or(|c| c.is_whitespace()) || after.is_none_or(|c| c.is_whitespace())
        };
        out = chars
            .iter()
            .enumerate()
            .filter(|&(i, &c)| c != '_' || !edge(i))
            .map(|(_, &c)| c)
            .collect();
    }
    Cow::Owned(out)
}

/// "**Beløb**" → "Beløb": bold marks in pairs around some text go; a lone
/// "**" is text (a double footnote star, "assistent**").
fn unbold(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    let mut rest = cell;
    while let Some(open) = rest.find("**") {
        let after = &rest[open + 2..];
        match after.find("**") {
            Some(close) if close > 0 => {
                out.push_str(&rest[..open]);
                out.push_str(&after[..close]);
                rest = &after[close + 2..];
            }
            _ => break,
        }
    }
    out.push_str(rest);
    out
}

/// Markdown pipe tables: runs of pipe rows; separator lines are skipped but
/// keep the run together, and every row keeps its line number.
pub fn pipe_tables<'a>(lines: &[&'a str]) -> Vec<RawTable<'a>> {
    let mut tables = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        if !is_pipe_row(lines[index])
            || is_toc_line(lines[index])
            || is_pipe_separator(lines[index])
        {
            index += 1;
            continue;
        }
        let start = index;
        let mut rows = Vec::new();
        while index < lines.len() && is_pipe_row(lines[index]) && !is_toc_line(lines[index]) {
            if !is_pipe_separator(lines[index]) {
                let cells: Vec<Cow<'a, str>> = pipe_cells(lines[index])
                    .into_iter()
                    .map(markdown_cell)
                    .collect();
                // pandoc writes a table without <th> under an empty header
                // row ("|   |   |", then "|---|---|"), the real header as the
                // first body row, in bold: the empty row is no row.
                let blank = cells.iter().all(|c| c.trim().is_empty());
                if !(blank && rows.is_empty()) {
                    rows.push(RawRow {
                        line: index as u32 + 1,
                        cells,
                    });
                }
            }
            index += 1;
        }
        // Two pipe lines at least, as for tab rows; a separator line counts
        // (a one-row table under a rule is still a table).
        if index - start >= 2 && !rows.is_empty() {
            tables.push(RawTable {
                layout: "pipe",
                rows,
                caption: caption_above(lines, start),
            });
        }
    }
    tables
}

/// Markdown tables without outer pipes, as html2text writes them from HTML
/// ("Budgetposter | Beløb i 2022 (t.kr.) | …" over "---|---|---"): a cell
/// with a line break in the page is broken over several lines of the
/// text, headers most of all. The separator line fixes the number of
/// columns; the header is the lines just above it that together hold as
/// many cell boundaries (blank lines inside a broken cell included), and a
/// body row broken over lines is joined until it has them too. Returns the
/// tables and the 0-based line ranges they take, for the other
/// recognizers to leave alone.
pub fn headed_pipe_tables<'a>(
    lines: &[&'a str],
) -> (Vec<RawTable<'a>>, Vec<std::ops::Range<usize>>) {
    let mut tables = Vec::new();
    let mut taken = Vec::new();
    let pipes = |l: &str| l.matches('|').count();
    let mut s = 0;
    while s < lines.len() {
        let sep = lines[s].trim();
        if !(is_pipe_separator(sep) && !sep.starts_with('|') && !sep.ends_with('|')) {
            s += 1;
            continue;
        }
        let boundaries = pipes(sep);
        // The header: up from the separator until the cell boundaries are
        // all there, through at most two blank lines.
        let mut top = s;
        let mut found = 0;
        let mut blanks = 0;
        while top > 0 && found < boundaries {
            let line = lines[top - 1];
            if line.trim().is_empty() {
                blanks += 1;
                if blanks > 2 {
                    break;
                }
            } else if line.contains('\t') || is_pipe_separator(line) {
                break;
            }
            found += pipes(line);
            top -= 1;
        }
        if found != boundaries {
            s += 1;
            continue;
        }
        // A first cell broken before its first boundary: the lines just
        // above that end in a Markdown line break, under a blank line.
        while top > 0
            && !lines[top - 1].trim().is_empty()
            && !lines[top - 1].contains('|')
            && lines[top - 1].ends_with("  ")
            && (top < 2 || lines[top - 2].trim().is_empty())
        {
            top -= 1;
        }
        let split = |text: &str| -> Vec<Cow<'a, str>> {
            text.split('|')
                .map(|c| Cow::Owned(markdown_cell(c.trim()).into_owned()))
                .collect()
        };
        let joined = |range: std::ops::Range<usize>| -> String {
            lines[range]
                .iter()
                .map(|l| l.trim())
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut rows = vec![RawRow {
            line: top as u32 + 1,
            cells: split(&joined(top..s)),
        }];
        let mut next = s + 1;
        while next < lines.len() && pipes(lines[next]) > 0 && !lines[next].contains('\t') {
            let start = next;
            let mut count = pipes(lines[next]);
            next += 1;
            while count < boundaries
                && next < lines.len()
                && !lines[next].trim().is_empty()
                && count + pipes(lines[next]) <= boundaries
            {
                count += pipes(lines[next]);
                next += 1;
            }
            rows.push(RawRow {
                line: start as u32 + 1,
                cells: split(&joined(start..next)),
            });
        }
        if rows.len() >= 2 {
            tables.push(RawTable {
                layout: "pipe",
                rows,
                caption: caption_above(lines, top),
            });
            taken.push(top..next);
        }
        s = next.max(s + 1);
    }
    (tables, taken)
}

/// A line that ends in a grouped amount: "Kurser, møder og supervision
/// 110.000", "I alt 2.048.800", or the amount alone. Grouped thousands or
/// decimals only, so "uge 32" and a year are not amounts.
static LIST_AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<label>.*?)\s*(?P<amount>-?\d{1,3}(?:\.\d{3})+(?:,\d+)?|-?\d+,\d+)(?:\s*kr\.?)?$",
    )
    .expect("valid regex")
});
static LIST_MONEY_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)budget|regnskab|bevilling|udgift|finansiering|tilskud|pulje|økonomi")
        .expect("valid regex")
});

/// A line's label and the amount it ends in, as [`LIST_AMOUNT`] reads
/// them: the amount is the longest grouped ("110.000", "-2.048.800,5") or
/// decimal ("12,5") number that ends the line, before an optional "kr" or
/// "kr."; the label is what comes before it and its spaces. ASCII digits
/// are read by hand (the capturing search cost more than the rest of the
/// list reading); a line whose number touches a character of another
/// script, which may be a digit, goes to the regex.
fn list_amount(line: &str) -> Option<(&str, &str)> {
    // What follows the amount: nothing, or spaces and "kr" or "kr.".
    let figure = match line.strip_suffix("kr.").or_else(|| line.strip_suffix("kr")) {
        Some(before) => before.trim_end_matches(char::is_whitespace),
        None => line,
    };
    let bytes = figure.as_bytes();
    let run = bytes
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b'-'))
        .count();
    let run_start = figure.len() - run;
    if run_start > 0 && !bytes[run_start - 1].is_ascii()
        || bytes.last().is_some_and(|b| !b.is_ascii())
    {
        return list_amount_by_regex(line);
    }
    // The earliest start that reads as a whole number wins, as the lazy
    // label of the regex makes it.
    let start = (run_start..figure.len()).find(|&at| is_list_number(&bytes[at..]))?;
    let label_end = if start == run_start {
        figure[..start].trim_end_matches(char::is_whitespace).len()
    } else {
        start
    };
    Some((&line[..label_end], &figure[start..]))
}

/// Whether these bytes are, whole, `-?\d{1,3}(\.\d{3})+(,\d+)?` or
/// `-?\d+,\d+` (ASCII digits).
fn is_list_number(bytes: &[u8]) -> bool {
    let unsigned = bytes.strip_prefix(b"-").unwrap_or(bytes);
    let digits = |from: usize| {
        unsigned[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let lead = digits(0);
    if lead == 0 {
        return false;
    }
    let decimals_to_end = |comma: usize| {
        unsigned.get(comma) == Some(&b',') && {
            let tail = digits(comma + 1);
            tail > 0 && comma + 1 + tail == unsigned.len()
        }
    };
    // Decimal: digits, a comma, digits.
    if decimals_to_end(lead) {
        return true;
    }
    // Grouped: one to three digits, then groups of a point and three.
    if lead > 3 {
        return false;
    }
    let mut at = lead;
    let mut groups = 0;
    while unsigned.get(at) == Some(&b'.') && digits(at + 1) == 3 {
        at += 4;
        groups += 1;
    }
    groups > 0 && (at == unsigned.len() || decimals_to_end(at))
}

/// [`list_amount`] by the regex itself.
fn list_amount_by_regex(line: &str) -> Option<(&str, &str)> {
    let c = LIST_AMOUNT.captures(line)?;
    Some((c.name("label")?.as_str(), c.name("amount")?.as_str()))
}

/// Compile this module's patterns now (see [`crate::prepare_patterns`]).
/// ([`LIST_AMOUNT`] is left to the rare line that needs it: ASCII
/// amounts are read by hand.)
pub(crate) fn prepare_patterns() {
    LazyLock::force(&LIST_MONEY_WORDS);
    LazyLock::force(&DOTTED_LEADER);
    LazyLock::force(&DOUBLE_SPACE);
}

/// Cheap test before the regex: a line can end in an amount only if it
/// ends in a digit or in "kr"/"kr.".
fn ends_in_amount(line: &str) -> bool {
    let mut t = line.trim_end();
    if !t.ends_with(|c: char| c.is_ascii_digit() || c == '.' || c == 'r') {
        return false;
    }
    for unit in ["kr.", "kr"] {
        if let Some(rest) = t.strip_suffix(unit) {
            t = rest.trim_end();
            break;
        }
    }
    // The last word must be a grouped or decimal number ("110.000",
    // "2.048.800", "12,5"), not a year or a count; it ends in a digit, and
    // so does the line.
    if !t.ends_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let word_start = t
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &t[word_start..];
    let word = word.strip_prefix('-').unwrap_or(word);
    word.ends_with(|c: char| c.is_ascii_digit())
        && word.contains(['.', ','])
        && word
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
}

fn is_total_label(label: &str) -> bool {
    matches!(
        label.trim().to_lowercase().as_str(),
        "i alt" | "samlet" | "total" | "i alt kr."
    )
}

/// Label–amount lists as raw `pdftotext` writes a table without layout: a
/// caption ("Driftsbudget, Stofindtagelsesrum 2017"), then lines ending in
/// an amount, some with the amount alone under their label. Such a list is
/// a table when it has a caption naming a year or a budget word, or a total
/// row, and at least three amounts; prose with a number in it is not.
pub fn list_tables<'a>(lines: &[&'a str]) -> Vec<RawTable<'a>> {
    list_tables_reading(lines, Reading::NearAmounts)
}

/// Which lines [`list_tables`] reads as possible captions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// Only lines with an amount line close below (the same tables, see
    /// `AMOUNT_REACH`).
    NearAmounts,
    /// Every line: the plain algorithm, kept to test the pruning against.
    #[cfg(test)]
    Every,
}

fn list_tables_reading<'a>(lines: &[&'a str], reading: Reading) -> Vec<RawTable<'a>> {
    let mut tables = Vec::new();
    // A list needs three lines ending in an amount outside other layouts;
    // most documents have none, and are not scanned further.
    // A list row never has a column gap either (that is aligned text).
    let amount_lines: Vec<usize> = (0..lines.len())
        .filter(|&k| {
            let l = lines[k];
            ends_in_amount(l) && !has_tab_or_pipe(l) && !has_double_space(l.trim())
        })
        .collect();
    if amount_lines.len() < 3 {
        return tables;
    }
    // The scan from a caption reaches its first amount within
    // AMOUNT_REACH lines (three pending label lines, two blanks before
    // each, and the amount), unless a closer caption replaces it on the
    // way, and then the scan from that caption finds the same table. So a
    // line with no amount line that close below it starts no table, and
    // only the neighbourhoods of amounts are read.
    const AMOUNT_REACH: usize = 12;
    let mut next_amount = 0;
    let mut i = 0;
    while i < lines.len() {
        while next_amount < amount_lines.len() && amount_lines[next_amount] <= i {
            next_amount += 1;
        }
        match amount_lines.get(next_amount) {
            _ if reading != Reading::NearAmounts => {}
            None => break,
            Some(&a) if a > i + AMOUNT_REACH => {
                i = a - AMOUNT_REACH;
                continue;
            }
            Some(_) => {}
        }
        // Cheapest tests first: this runs on every line of the document.
        let caption_like = |line: &str| {
            let t = line.trim();
            !t.is_empty()
                && !t.ends_with(['.', ',', ':'])
                && (t.len() <= 80 || t.len() <= 320 && t.chars().count() <= 80)
                && !has_tab_or_pipe(line)
                // Aligned columns belong to the aligned recognizer.
                && !has_double_space(t)
                && !(ends_in_amount(t) && LIST_AMOUNT.is_match(t))
        };
        let names_itself = |t: &str| single_year(t).is_some() || LIST_MONEY_WORDS.is_match(t);
        if !caption_like(lines[i]) {
            i += 1;
            continue;
        }
        let mut caption_line = i;
        let mut rows: Vec<RawRow<'a>> = Vec::new();
        let mut pending: Vec<&str> = Vec::new();
        let mut has_total = false;
        let mut blanks = 0;
        let mut j = i + 1;
        while j < lines.len() {
            let line = lines[j].trim();
            if line.is_empty() {
                blanks += 1;
                if blanks > 2 {
                    break;
                }
                j += 1;
                continue;
            }
            blanks = 0;
            if line.len() > 90 && (line.len() > 360 || line.chars().count() > 90)
                || has_tab_or_pipe(lines[j])
                || has_double_space(line)
            {
                break;
            }
            let amount = ends_in_amount(line)
                .then(|| list_amount(line))
                .flatten()
                .filter(|(_, amount)| is_figure(amount));
            match amount {
                Some((own, amount)) => {
                    let own = own.trim();
                    let label: Cow<'a, str> = if !own.is_empty() {
                        Cow::Owned(own.to_string())
                    } else {
                        Cow::Owned(pending.join(" "))
                    };
                    pending.clear();
                    let total = is_total_label(&label);
                    rows.push(RawRow {
                        line: j as u32 + 1,
                        cells: vec![label, Cow::Owned(amount.to_string())],
                    });
                    j += 1;
                    if total {
                        has_total = true;
                        break;
                    }
                }
                None if line.ends_with('.') || pending.len() >= 3 => break,
                // Before the first amount, a closer caption that names a year
                // or a budget word replaces a heading further up.
                None if rows.is_empty() && caption_like(lines[j]) && names_itself(line) => {
                    caption_line = j;
                    pending.clear();
                    j += 1;
                }
                None => {
                    pending.push(line);
                    j += 1;
                }
            }
        }
        let caption = lines[caption_line].trim();
        if rows.len() >= 3 && (names_itself(caption) || has_total) {
            rows.insert(
                0,
                RawRow {
                    line: caption_line as u32 + 1,
                    cells: vec![Cow::Borrowed(caption), Cow::Borrowed("")],
                },
            );
            tables.push(RawTable {
                layout: "list",
                rows,
                caption: None,
            });
            i = j;
        } else {
            i += 1;
        }
    }
    tables
}

static DOTTED_LEADER: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("....."));

/// A table-of-contents entry: dotted leader, then a tab and a page number.
pub(crate) fn is_toc_line(line: &str) -> bool {
    // A prebuilt searcher: `str::contains` builds one per call, and this
    // runs on every line.
    DOTTED_LEADER.find(line.as_bytes()).is_some()
}

/// Whether a line holds a tab (memchr's vectorized search: `str::contains`
/// with a char is a word-at-a-time loop, and this runs on every line).
pub(crate) fn has_tab(line: &str) -> bool {
    memchr::memchr(b'\t', line.as_bytes()).is_some()
}

/// Whether a line holds a tab or a pipe: a row of another layout.
pub(crate) fn has_tab_or_pipe(line: &str) -> bool {
    memchr::memchr2(b'\t', b'|', line.as_bytes()).is_some()
}

/// Tab-separated tables: maximal runs of lines that contain a tab.
pub fn tab_tables<'a>(lines: &[&'a str]) -> Vec<RawTable<'a>> {
    let mut tables = Vec::new();
    let mut start: Option<usize> = None;
    for index in 0..=lines.len() {
        let is_row = index < lines.len() && has_tab(lines[index]) && !is_toc_line(lines[index]);
        match (is_row, start) {
            (true, None) => start = Some(index),
            (false, Some(s)) => {
                // One tabbed line is a stray (a TOC entry without leader),
                // not a table.
                if index - s >= 2 {
                    let rows = (s..index)
                        .map(|i| RawRow {
                            line: i as u32 + 1,
                            cells: split_tabs(lines[i]),
                        })
                        .collect();
                    tables.push(RawTable {
                        layout: "tsv",
                        rows,
                        caption: caption_above(lines, s),
                    });
                }
                start = None;
            }
            _ => {}
        }
    }
    tables
}

/// A tab-separated row's cells, found with memchr and held without a
/// second allocation.
fn split_tabs(line: &str) -> Vec<Cow<'_, str>> {
    let bytes = line.as_bytes();
    let mut cells = Vec::with_capacity(memchr::memchr_iter(b'\t', bytes).count() + 1);
    let mut start = 0;
    for tab in memchr::memchr_iter(b'\t', bytes) {
        cells.push(Cow::Borrowed(&line[start..tab]));
        start = tab + 1;
    }
    cells.push(Cow::Borrowed(&line[start..]));
    cells
}

/// Whether `text` lower-cased ends in "kr.". Only its last three
/// characters are lower-cased: each of "k", "r" and "." comes from one
/// character, so they decide, and a caption candidate can be a paragraph
/// (lower-casing all of it was 1 % of a whole `extract`).
fn ends_in_kr(text: &str) -> bool {
    let tail = text.char_indices().rev().nth(2).map_or(0, |(at, _)| at);
    text[tail..].to_lowercase().ends_with("kr.")
}

/// The caption of a table starting at `start`: the nearest non-blank line
/// within three lines above, if it reads like a caption (short, not a
/// sentence). A prose sentence above a table often mentions other figures
/// ("… 2,3 mio. kr. i 2022 …") and must not lend its unit or year.
pub fn caption_above(lines: &[&str], start: usize) -> Option<String> {
    caption_of(lines, start, true)
}

/// [`caption_above`] where every line is a paragraph of its own (the
/// blocks of an HTML page): no line is joined to the one above.
pub fn caption_block_above(lines: &[&str], start: usize) -> Option<String> {
    caption_of(lines, start, false)
}

/// A line of markup or ruling only: "<div>" (pandoc), "_____" over a
/// table drawn with lines (the C html2text).
fn is_markup_only(line: &str) -> bool {
    line.chars()
        .all(|c| matches!(c, '_' | '-' | '=' | '+' | '|' | '*') || c.is_whitespace())
        || strip_markdown(line).is_empty()
}

fn caption_of(lines: &[&str], start: usize, join_wrapped: bool) -> Option<String> {
    // Three lines up, and as many more as there are lines of markup only
    // or of a no-break space only (an empty paragraph of the page, which
    // w3m prints between a caption and its table).
    let markup = lines[start.saturating_sub(6)..start]
        .iter()
        .filter(|l| !l.is_empty() && (l.trim().is_empty() || is_markup_only(l)))
        .count();
    let from = start.saturating_sub(3 + markup);
    let (at, line) = lines[from..start]
        .iter()
        .enumerate()
        .rev()
        // A line of markup only ("<div>" between a caption and pandoc's
        // table) is no caption and hides none.
        .find(|(_, l)| !l.trim().is_empty() && !is_markup_only(l))?;
    if line.contains('\t') {
        return None;
    }
    let mut text = strip_markdown(line);
    // A caption wrapped by the converter ("Tabel 1 - Anlægsprojekter …
    // (1.000" over "kr.)", pandoc's Markdown of a Greve page): the line
    // just above belongs to it when the two together are still short.
    let index = from + at;
    let above = index
        .checked_sub(1)
        .filter(|_| join_wrapped)
        .map(|i| lines[i]);
    if let Some(above) = above {
        let above = strip_markdown(above);
        let joined = format!("{above} {text}");
        let sentence_end = above.ends_with('.') && !ends_in_kr(&above);
        if !above.is_empty()
            && !sentence_end
            && !above.contains('\t')
            && joined.chars().count() <= 120
        {
            text = joined;
        }
    }
    let is_sentence = text.ends_with('.') && !ends_in_kr(&text);
    if text.chars().count() > 120 || is_sentence || text.starts_with("Punkt ") {
        return None;
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5_000))]
        /// Lower-casing the last three characters decides as lower-casing
        /// the whole text does (Kelvin sign, dotted I and final sigma
        /// included).
        #[test]
        fn ends_in_kr_reads_as_the_whole_text_lower_cased(
            text in "[a-z \u{3a3}]{0,4}(k|K|\u{212a}|\u{130}|ß|x)?(r|R|\u{130}|x)?\\.?"
        ) {
            proptest::prop_assert_eq!(ends_in_kr(&text), text.to_lowercase().ends_with("kr."));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(50_000))]
        /// The hand reading of a list line's amount agrees with the regex,
        /// on lines near the form: grouped and decimal numbers, signs,
        /// spaces of several kinds, Arabic-Indic digits, "kr" and "kr.".
        #[test]
        fn list_amount_reads_as_the_regex_reads(
            line in "[a-zø :]{0,3}([0-9]{1,4}|\\.[0-9]{3}|\\.|,|-| |\u{a0}|\u{661}|a){0,6}(kr|kr\\.| kr|k)?"
        ) {
            proptest::prop_assert_eq!(list_amount(&line), list_amount_by_regex(&line));
        }
    }

    use proptest::prelude::*;

    /// Lines of the kinds a list is made of, and of the kinds that end one.
    fn list_line() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "",
            "",
            "Driftsbudget, Stofindtagelsesrum 2017",
            "Budget",
            "Oversigt over udgifter",
            "Kurser, møder og supervision 110.000",
            "Husleje 1.200.000",
            "2.048.800",
            "I alt 2.048.800",
            "I alt",
            "Løn og pension",
            "12,5",
            "Dette er en sætning med et tal 2.000.",
            "ord og flere ord",
            "a  b  1.000",
            "x\t1.000",
            "En meget lang linje som fortsætter og fortsætter langt ud over de halvfems tegn en listerække kan have 3.000",
        ])
    }

    #[test]
    fn pruned_list_reading_finds_a_list_far_down() {
        let mut lines = vec!["ord og flere ord"; 40];
        lines.extend([
            "Driftsbudget, Stofindtagelsesrum 2017",
            "",
            "Kurser, møder og supervision 110.000",
            "Husleje 1.200.000",
            "I alt 2.048.800",
        ]);
        let pruned = list_tables_reading(&lines, Reading::NearAmounts);
        assert_eq!(pruned.len(), 1);
        assert_eq!(pruned[0].first_line(), 41);
        assert_eq!(pruned, list_tables_reading(&lines, Reading::Every));
    }

    proptest! {
        #[test]
        fn pruned_list_reading_finds_the_same_tables(lines in prop::collection::vec(list_line(), 0..80)) {
            prop_assert_eq!(
                list_tables_reading(&lines, Reading::NearAmounts),
                list_tables_reading(&lines, Reading::Every)
            );
        }
    }

    use super::*;

    #[test]
    fn runs_of_tab_lines() {
        let text = "Udvikling i udgifter 2023-2025\n\nA\tB\n1\t2\n\nTitel.....\t3\nStray\t4\nx\n";
        let lines: Vec<&str> = text.split('\n').collect();
        let tables = tab_tables(&lines);
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].first_line(), 3);
        assert_eq!(tables[0].last_line(), 4);
        assert_eq!(
            tables[0].caption.as_deref(),
            Some("Udvikling i udgifter 2023-2025")
        );
    }

    #[test]
    fn pipe_tables_with_and_without_outer_pipes() {
        let text = "Resultatopgørelse\n\n| Resultatopgørelse (mio. kr.) | 2024 | Andel |\n|---|---:|---|\n| Indtægter | ||\n| Skatter | -2.093,8 | 0,1% |\nDrift | 12 | |\n\nEt | alene\n";
        let lines: Vec<&str> = text.split('\n').collect();
        let tables = pipe_tables(&lines);
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        assert_eq!(t.layout, "pipe");
        assert_eq!(
            t.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
            vec![3, 5, 6, 7]
        );
        assert_eq!(t.rows[1].cells, vec![" Indtægter ", " ", ""]);
        assert_eq!(t.rows[2].cells, vec![" Skatter ", " -2.093,8 ", " 0,1% "]);
        assert_eq!(t.rows[3].cells, vec!["Drift ", " 12 ", " "]);
        assert_eq!(t.caption.as_deref(), Some("Resultatopgørelse"));
    }

    #[test]
    fn label_amount_lists() {
        let text = "Driftsbudget, Stofindtagelsesrum 2017\n\nPersonale og\nadministration\n\n1.725.000\n\nKurser 110.000\n\nAndre driftsudgifter 90.000\n\nI alt 1.925.000\nBevillingen betyder en egenfinansiering på 962.500 kr. i 2017, som er en meget lang linje med prosa.\n";
        let lines: Vec<&str> = text.split('\n').collect();
        let tables = list_tables(&lines);
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        assert_eq!(t.layout, "list");
        let rows: Vec<(u32, Vec<&str>)> = t
            .rows
            .iter()
            .map(|r| (r.line, r.cells.iter().map(|c| c.as_ref()).collect()))
            .collect();
        assert_eq!(
            rows,
            vec![
                (1, vec!["Driftsbudget, Stofindtagelsesrum 2017", ""]),
                (6, vec!["Personale og administration", "1.725.000"]),
                (8, vec!["Kurser", "110.000"]),
                (10, vec!["Andre driftsudgifter", "90.000"]),
                (12, vec!["I alt", "1.925.000"]),
            ]
        );
        // Prose with numbers is no list.
        let prose = [
            "Reduktion af puljen",
            "",
            "Det foreslås at reducere med 500.000 kr.",
            "Dertil 250.000 kr.",
        ];
        assert!(list_tables(&prose).is_empty());
    }

    #[test]
    fn sentences_are_not_captions() {
        let lines = ["Der afsættes 0,5 mio. kr. i 2022.", "", "A\tB"];
        assert_eq!(caption_above(&lines, 2), None);
        let lines = ["Beløb i 1.000 kr.", "A\tB"];
        assert_eq!(
            caption_above(&lines, 1).as_deref(),
            Some("Beløb i 1.000 kr.")
        );
    }
}
