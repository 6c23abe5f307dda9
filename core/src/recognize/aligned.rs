//! Space-aligned tables as `pdftotext -layout` writes them: cells separated
//! by runs of spaces, numbers right-aligned, labels left-aligned with single
//! spaces inside, empty cells left blank.
//!
//! Splitting each line on "two or more spaces" is not enough: a row with an
//! empty cell has fewer pieces, and its values would slide one column left.
//! So columns are inferred from the whole table, the way stream-mode table
//! extractors (Tabula/Nurminen, pandas `read_fwf`) do: every piece of every
//! data row occupies a span of character columns; spans that overlap across
//! rows belong to one column. Each piece is then placed by where it sits,
//! not by how many pieces precede it. Header pieces, which may be wider than
//! their column or left-aligned over right-aligned numbers, are placed by
//! overlap with the data columns, else by the nearest one.

use super::{
    caption_above, has_double_space, has_tab, has_tab_or_pipe, is_figure, is_pipe_row, is_toc_line,
    RawRow, RawTable,
};
use crate::number::parse_number;
use std::borrow::Cow;

/// One run of text on a line, between gaps of two or more spaces. Columns
/// are counted in characters, as a reader sees the alignment.
#[derive(Debug, Clone, Copy)]
struct Piece<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

/// The pieces of a line; a single space stays inside a piece. Aligned lines
/// are mostly padding: a piece is found by skipping spaces and searching
/// for the next double space (memchr's vectorized search), not by looking
/// at every byte, which cost 20 instructions a byte. Columns count
/// characters, so text before a piece is counted only when the line is not
/// ASCII.
fn pieces(line: &str) -> Vec<Piece<'_>> {
    let bytes = line.as_bytes();
    let ascii = line.is_ascii();
    // A row of aligned text has a handful of pieces: room for them at once.
    let mut out = Vec::with_capacity(8);
    let (mut at, mut column) = (0, 0);
    let mut column_of = |from: usize, to: usize| {
        column += if ascii {
            to - from
        } else {
            line[from..to].chars().count()
        };
        column
    };
    let mut counted = 0;
    loop {
        while at < bytes.len() && bytes[at] == b' ' {
            at += 1;
        }
        if at == bytes.len() {
            return out;
        }
        // The first double space after a non-space ends the piece; at the
        // end of the line one trailing space may be left to drop.
        let gap = super::DOUBLE_SPACE
            .find(&bytes[at..])
            .map_or(bytes.len(), |found| at + found);
        let text = line[at..gap].trim_end_matches(' ');
        let start = column_of(counted, at);
        let end = column_of(at, at + text.len());
        counted = at + text.len();
        out.push(Piece { start, end, text });
        at = gap;
    }
}

/// The pieces of a line that hold something: an empty cell of a page
/// printed as a no-break space (w3m: "Renter og kursgevinster/-tab \u{a0}
/// 4.056") is a gap, not a cell.
fn cells(line: &str) -> Vec<Piece<'_>> {
    let mut pieces = pieces(line);
    pieces.retain(|p| !p.text.chars().all(char::is_whitespace));
    // A no-break space before a figure ("\u{a0} 4.056") is padding of the
    // cell, not part of it: the figure starts where its column does.
    for p in &mut pieces {
        let text = p.text.trim_start_matches(char::is_whitespace);
        if text.len() < p.text.len() {
            p.start += p.text[..p.text.len() - text.len()].chars().count();
            p.text = text;
        }
        let text = p.text.trim_end_matches(char::is_whitespace);
        if text.len() < p.text.len() {
            p.end -= p.text[text.len()..].chars().count();
            p.text = text;
        }
    }
    // A unit printed apart after a row's label is the label's ("Samlet
    // 1.000 kr." over the committees, Greve 2024, as a PDF prints it):
    // not a cell, and not an amount of 1.000 kr.
    if pieces.len() >= 3 && is_scale_unit(pieces[1].text) {
        let from = pieces[0].text.as_ptr() as usize - line.as_ptr() as usize;
        let to = pieces[1].text.as_ptr() as usize - line.as_ptr() as usize + pieces[1].text.len();
        pieces[0] = Piece {
            end: pieces[1].end,
            text: &line[from..to],
            ..pieces[0]
        };
        pieces.remove(1);
    }
    pieces
}

/// A text that is a unit of thousands or more and nothing else: "1.000
/// kr.", "(1.000. kr.)", "t.kr.", "mio. kr.".
fn is_scale_unit(text: &str) -> bool {
    crate::unit::unit_only(text).is_some_and(|u| u.factor > 1)
}

/// A piece of figures one space apart ("145,4 178,2 140,4", as w3m sets
/// the cells of a row when the columns are narrow), or one figure. The
/// build parts such a piece where its columns start.
fn is_figures(text: &str) -> bool {
    is_figure(text) || {
        let mut figures = 0;
        let all = text.split(' ').all(|t| match parse_number(t) {
            Ok(Some(_)) => {
                figures += 1;
                true
            }
            Ok(None) => true,
            Err(_) => false,
        });
        all && figures >= 2
    }
}

/// A text cell with an amount one space after it ("Bygningsvedligehold
/// -1.000", w3m with a narrow label column): a row with a figure, which
/// the build parts where the figure's column starts. Only a figure that
/// reads as an amount ("-1.000", "2,5", "+244") counts: a year or a bare
/// number ends many a label ("Budget 2024", "Anlægsbevilling 450").
fn ends_in_amount(text: &str) -> bool {
    let Some((head, last)) = text.rsplit_once(' ') else {
        return false;
    };
    !head.trim().is_empty()
        && last.contains(['.', ',', '-', '+'])
        && matches!(parse_number(last), Ok(Some(n)) if !n.plain_year)
}

/// Where the figures of a piece stand: each of "2025 2026 2027" on its
/// own, any other piece as a whole.
fn figure_spans(piece: Piece<'_>) -> Vec<(usize, usize)> {
    if !piece.text.contains(' ') || !is_figures(piece.text) {
        return vec![(piece.start, piece.end)];
    }
    let mut at = piece.start;
    piece
        .text
        .split(' ')
        .map(|token| {
            let span = (at, at + token.chars().count());
            at = span.1 + 1;
            span
        })
        .collect()
}

/// A piece that reads as a sentence ("Det blev besluttet.") marks prose,
/// even when a double space after a full stop split the line.
fn is_sentence(text: &str) -> bool {
    // Three words at least: two spaces.
    if !text.ends_with(['.', '!', '?', ':'])
        || memchr::memchr_iter(b' ', text.as_bytes()).nth(1).is_none()
    {
        return false;
    }
    // The last word: an abbreviation ending a header cell ("Beløb i
    // mio.", a unit broken over two lines) is no full stop.
    let word = text.rsplit(' ').next().unwrap_or(text).to_lowercase();
    !ABBREVIATIONS.contains(&word.as_str()) && !word.ends_with("kr.")
}

/// Words with a point that end a header cell rather than a sentence.
const ABBREVIATIONS: &[&str] = &[
    "kr.", "pct.", "mio.", "mia.", "ca.", "inkl.", "ekskl.", "mv.", "nr.", "pr.", "jf.", "korr.",
    "opr.", "forv.", "tb.",
];

/// What a line can be inside an aligned table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Two pieces or more, a figure among them after the first.
    Data,
    /// Two pieces or more, short, no sentence: a header row.
    Header,
    /// One short piece: a caption, title or section row.
    Single,
    /// One indented figure: a row whose other cells are empty (a total
    /// under its column), or a page number. Kept only where it lines up
    /// with a column.
    LoneFigure,
    /// A rule of dashes under a table ("--  -----  ---"), as some
    /// converters draw one: part of the table, never a row of it.
    Rule,
    Blank,
    /// Prose, tab or pipe rows, contents lines: ends a table.
    Other,
}

/// Label-only lines in a row that still belong to one table: section rows,
/// and rows whose figures are all empty (aligned text prints those as a
/// bare label). Blank lines end a table whatever this is.
const MAX_SECTION_RUN: usize = 8;
/// Lines above the first data row that can be header or section rows.
const MAX_HEAD: usize = 10;

/// Header cells can be long ("Budgetomflytning mellem Beskæftigelses- og
/// Socialudvalget og Økonomiudvalget"); prose is told by its sentences.
const MAX_CELL_CHARS: usize = 100;

/// The kind of a line, splitting it into pieces only when it has a column
/// gap at all: most lines of minutes are prose without one.
fn kind_of_line(line: &str) -> Kind {
    if has_tab_or_pipe(line) && (has_tab(line) || is_pipe_row(line)) || is_toc_line(line) {
        return Kind::Other;
    }
    let body = line.trim_start_matches(' ').trim_end();
    // A line of a no-break space only (an empty paragraph of the page, as
    // w3m prints it) is as blank as an empty one.
    if body.chars().all(char::is_whitespace) {
        return Kind::Blank;
    }
    if !has_double_space(body) {
        let piece = Piece {
            start: line.len() - line.trim_start_matches(' ').len(),
            end: 0,
            text: body,
        };
        // Bytes bound characters from above: count only when it matters.
        let chars = if body.len() <= MAX_CELL_CHARS {
            body.len()
        } else {
            body.chars().count()
        };
        return kind_of(&[Piece {
            end: piece.start + chars,
            ..piece
        }]);
    }
    kind_of(&cells(line))
}

/// Where a line's first piece starts (its indentation).
fn indent(line: &str) -> usize {
    // A no-break space counts: w3m starts a line with one for an empty
    // first cell.
    line.len() - line.trim_start().len()
}

fn kind_of(pieces: &[Piece<'_>]) -> Kind {
    match pieces {
        [] => Kind::Blank,
        _ if pieces
            .iter()
            .all(|p| p.text.len() >= 2 && p.text.chars().all(|c| c == '-')) =>
        {
            Kind::Rule
        }
        [one] if one.start > 0 && is_figure(one.text) => Kind::LoneFigure,
        [one] => {
            if one.end - one.start <= MAX_CELL_CHARS && !is_sentence(one.text) {
                Kind::Single
            } else {
                Kind::Other
            }
        }
        [first, rest @ ..] => {
            let cell_like =
                |p: &Piece<'_>| p.end - p.start <= MAX_CELL_CHARS && !is_sentence(p.text);
            // Three cells or more ending in a figure: a row even when its
            // text cells are sentences (project descriptions), which a line
            // of prose, even with double spaces, never is.
            let ends_in_figure = rest.len() >= 2 && rest.last().is_some_and(|p| is_figures(p.text));
            if ends_in_figure {
                Kind::Data
            } else if !rest.iter().all(cell_like)
                || is_sentence(first.text)
                || first.end - first.start > MAX_CELL_CHARS
            {
                Kind::Other
            } else if rest
                .iter()
                .any(|p| is_figures(p.text) || ends_in_amount(p.text))
            {
                Kind::Data
            } else {
                Kind::Header
            }
        }
    }
}

/// The 0-based line of the first aligned data row of `text`, if any: the
/// one kind of line no aligned table is without. A data row has a column
/// gap (two spaces) inside it, so only the lines around a double space are
/// classified: most documents hold a handful, and classifying all of a
/// document's lines (as [`aligned_tables`] must) was a fifth of the time
/// spent on minutes that hold no aligned table. Lines longer than
/// `max_line` are not read, as the document's lines leave them out.
/// [`aligned_tables_from`] starts at the line found: no line above it is a
/// data row, and classifying those lines again was as much work as finding
/// it.
pub fn first_data_row(text: &str, max_line: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = super::DOUBLE_SPACE.find(&bytes[from..]) {
        let at = from + found;
        let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        let line = &text[start..end];
        if line.len() <= max_line && kind_of_line(line) == Kind::Data {
            return Some(memchr::memchr_iter(b'\n', &bytes[..start]).count());
        }
        from = end;
    }
    None
}

/// The kinds of a document's lines, each classified when first asked for.
/// Tables are searched from their data rows, and a data row has a column
/// gap: the lines without one are classified only when they sit next to a
/// table, where a header or section row may be. Most lines are never
/// classified (that was most of the time spent on aligned documents).
struct Kinds<'s> {
    lines: &'s [&'s str],
    known: Vec<std::cell::Cell<Option<Kind>>>,
    /// Whether a data row is a row of years (see [`is_years_row`]), asked
    /// of every row a table grows over: remembered like its kind.
    years: Vec<std::cell::Cell<Option<bool>>>,
}

impl<'s> Kinds<'s> {
    fn new(lines: &'s [&'s str]) -> Self {
        Kinds {
            lines,
            known: vec![std::cell::Cell::new(None); lines.len()],
            years: vec![std::cell::Cell::new(None); lines.len()],
        }
    }

    fn at(&self, index: usize) -> Kind {
        let known = &self.known[index];
        known.get().unwrap_or_else(|| {
            let kind = kind_of_line(self.lines[index]);
            known.set(Some(kind));
            kind
        })
    }

    fn get(&self, index: usize) -> Option<Kind> {
        (index < self.lines.len()).then(|| self.at(index))
    }

    /// Whether a line is a data row of years, the header of a table.
    fn is_years(&self, index: usize) -> bool {
        let known = &self.years[index];
        known.get().unwrap_or_else(|| {
            let years = self.at(index) == Kind::Data && is_years_row(&cells(self.lines[index]));
            known.set(Some(years));
            years
        })
    }

    /// Whether a line is a data row, classifying it only when it has a
    /// double space (which every data row has).
    fn is_data(&self, index: usize) -> bool {
        has_double_space(self.lines[index]) && self.at(index) == Kind::Data
    }
}

/// Space-aligned tables: runs of data rows, with the header rows (and
/// wrapped header pieces) directly above and section rows between them.
pub fn aligned_tables<'a>(lines: &[&'a str]) -> Vec<RawTable<'a>> {
    aligned_tables_from(lines, 0)
}

/// [`aligned_tables`] of lines none of which is a data row before line
/// `first` (0-based), as [`first_data_row`] finds it; the lines above
/// `first` are still read as headers and captions.
pub fn aligned_tables_from<'a>(lines: &[&'a str], first: usize) -> Vec<RawTable<'a>> {
    let kinds = Kinds::new(lines);
    let mut tables = Vec::new();
    let mut index = first;
    while index < lines.len() {
        if !kinds.is_data(index) {
            index += 1;
            continue;
        }
        // Grow downwards over data rows, and over section rows (a few in a
        // row, or a wrapped label) when data follows them.
        let mut end = index + 1;
        // Whether blank lines stand between the rows (see [`continued`]).
        let mut spaced = false;
        loop {
            match kinds.get(end) {
                // A row of years under the rows begins the next table
                // (its header, with its caption above it: "Tabel 2",
                // "Pulje 577", then "I 1.000 kr. 2024 2025 …").
                Some(Kind::Data) if kinds.is_years(end) => break,
                Some(Kind::Data | Kind::LoneFigure | Kind::Rule) => end += 1,
                Some(Kind::Single | Kind::Other) if wraps_a_cell(lines, end) => end += 1,
                Some(Kind::Single | Kind::Header) => {
                    let mut next = end;
                    while next < end + MAX_SECTION_RUN
                        && matches!(kinds.get(next), Some(Kind::Single | Kind::Header))
                    {
                        next += 1;
                    }
                    match kinds.get(next) {
                        Some(Kind::Data) if kinds.is_years(next) => break,
                        Some(Kind::Data) => end = next + 1,
                        // A wrapped cell ("fortove, veje og grønne områder
                        // mm.") before the blank of a spaced table.
                        Some(Kind::Blank) => match continued(lines, &kinds, index, next) {
                            Some(row) => {
                                spaced = true;
                                end = row + 1;
                            }
                            None => break,
                        },
                        _ => break,
                    }
                }
                Some(Kind::Blank) => match continued(lines, &kinds, index, end) {
                    Some(next) => {
                        spaced = true;
                        end = next + 1;
                    }
                    None => break,
                },
                _ => break,
            }
        }
        // Grow upwards over header rows, indented single pieces (a wrapped
        // header) and section rows under a header.
        let earliest = tables
            .last()
            .map_or(0, |t: &RawTable<'_>| t.last_line() as usize);
        // Indented single pieces are wrapped header cells ("regnskab" under
        // "Forventet"), part of the header like any header row.
        let is_row = |i: usize| match kinds.at(i) {
            Kind::Header | Kind::Data | Kind::LoneFigure => true,
            Kind::Single => indent(lines[i]) > 0,
            _ => false,
        };
        let mut start = index;
        while start > earliest && start + MAX_HEAD > index {
            let above = start - 1;
            match kinds.at(above) {
                _ if is_row(above) => start = above,
                Kind::Single => {
                    // Section rows count only with a header above them;
                    // otherwise the first of them is the caption.
                    let mut top = above;
                    while top > earliest
                        && kinds.at(top) == Kind::Single
                        && !is_row(top)
                        && above - top < MAX_SECTION_RUN
                    {
                        top -= 1;
                    }
                    if !is_row(top) {
                        break;
                    }
                    start = top;
                }
                _ => break,
            }
        }
        // A table with blank lines between its rows has them under its
        // header too, and so may a table of one row ("Anlægsramme (mio.
        // kr.)  Anlægsramme  Forventet regnskab" over one row, Greve 2022 in
        // w3m): the header is the nearest header row above, across blank
        // lines and section labels ("Indtægter (-)"), if there is one near.
        let blank_above = index > 0 && kinds.at(index - 1) == Kind::Blank;
        if start == index && (spaced || blank_above) {
            if let Some(header) = spaced_header(lines, &kinds, earliest, start) {
                start = header;
                spaced = true;
            }
        }
        // One data row needs a header line (or rule) with it.
        let data_rows = (start..end).filter(|&i| kinds.at(i) == Kind::Data).count();
        if data_rows >= 2 || (data_rows == 1 && end - start >= 2) {
            tables.push(build(lines, &kinds, start, end, spaced));
        }
        index = end;
    }
    tables
}

/// Lines that may stand between the rows of one table: blank lines and
/// section labels.
const MAX_GAP: usize = 6;

/// The data row that carries on the table of data rows `first..end` past
/// the blank line at `end`, if one does: text browsers leave a blank line
/// between the rows of an HTML table (w3m), and converters one before a
/// section of it ("Finansieringsoversigt" in pandoc's plain text). The row
/// must stand in the table's columns: each of its figures starts or ends
/// where a piece of the table's data rows does. A header row, a row of
/// years, a caption that names a unit or a table ("Tabel 5 (mio. kr.)"),
/// or prose after the blank begins something else.
fn continued(lines: &[&str], kinds: &Kinds<'_>, first: usize, end: usize) -> Option<usize> {
    let mut next = end;
    let mut blanks = 0;
    while next < lines.len() && next < end + MAX_GAP {
        match kinds.at(next) {
            Kind::Blank => blanks += 1,
            Kind::Single | Kind::Other if blanks > 0 && is_section_label(lines[next]) => {}
            // The first line of a row whose label wraps above its figures
            // ("Besparelse voksenspecialiseret område   Social- og" over
            // "(krisecentre, …   6.02   Handicapudvalget -0,8 …"): text
            // cells right above the figures, no unit among them.
            Kind::Header
                if blanks > 0
                    && kinds.get(next + 1) == Some(Kind::Data)
                    && crate::unit::find_unit(lines[next]).is_none() => {}
            Kind::Data => break,
            _ => return None,
        }
        next += 1;
    }
    if next >= lines.len() || kinds.at(next) != Kind::Data {
        return None;
    }
    // The last rows of the table are enough to know its columns, and keep
    // a long spaced table from costing the square of its rows.
    let edges: Vec<(usize, usize)> = (first..end)
        .rev()
        .filter(|&i| kinds.at(i) == Kind::Data)
        .take(MAX_HEAD)
        .flat_map(|i| {
            cells(lines[i])
                .into_iter()
                .skip(1)
                .flat_map(|p| figure_spans(p))
        })
        .collect();
    let row = cells(lines[next]);
    // A row of years after a blank is the header of the next table.
    let years = kinds.is_years(next);
    // Its figures, that is: a short text cell ("U" for udgift beside the
    // project's name, one space from it in the row above) may stand
    // anywhere. A row without figures of its own stands by an amount one
    // space after a text cell, where that amount starts ("e
    // Bygningsvedligehold -1.000").
    let mut figures: Vec<(usize, usize)> = row[1..]
        .iter()
        .filter(|p| is_figures(p.text))
        .map(|p| (p.start, p.end))
        .collect();
    if figures.is_empty() {
        figures = row[1..]
            .iter()
            .filter(|p| ends_in_amount(p.text))
            .map(|p| {
                let last = p.text.rsplit(' ').next().unwrap_or("");
                (p.end - last.chars().count(), p.end)
            })
            .collect();
    }
    let stands = !years
        && !figures.is_empty()
        && figures.iter().all(|&(start, end)| {
            edges
                .iter()
                .any(|&(s, e)| s.abs_diff(start) <= 1 || e.abs_diff(end) <= 1)
        });
    stands.then_some(next)
}

/// The header of a table whose rows are spaced by blank lines, and which
/// starts at `start`: the nearest block of header lines above (header rows,
/// indented single pieces), across blank lines and section labels ("Indtægter
/// (-)", "(foreløbige 2025-priser)"), within a few lines and not above
/// `earliest`. Returns the block's first line.
fn spaced_header(
    lines: &[&str],
    kinds: &Kinds<'_>,
    earliest: usize,
    start: usize,
) -> Option<usize> {
    // Header rows, indented pieces of them, the years over the columns
    // and the wrapped end of one ("- 2034" under "2029").
    let header_line = |i: usize| match kinds.at(i) {
        Kind::Header | Kind::LoneFigure => true,
        Kind::Single => indent(lines[i]) > 0,
        Kind::Data => kinds.is_years(i),
        _ => false,
    };
    let mut at = start;
    while at > earliest && start - at < MAX_HEAD {
        at -= 1;
        if header_line(at) {
            // With the lines of the header above it, not spaced
            // ("Indbyggertal*" over "(i procent)" over "(1/1-2024)").
            while at > earliest && header_line(at - 1) {
                at -= 1;
            }
            return Some(at);
        }
        match kinds.at(at) {
            Kind::Blank => {}
            Kind::Single | Kind::Other
                if is_section_label(lines[at]) || lines[at].trim().starts_with('(') => {}
            _ => return None,
        }
    }
    None
}

/// Whether line `i` is the wrapped rest of a text cell of the row above:
/// one piece, indented to where a cell after the label starts on the line
/// above ("fortove, veje og grønne områder mm." under "Annullering af
/// pulje …"), whatever it reads like.
fn wraps_a_cell(lines: &[&str], i: usize) -> bool {
    let here = cells(lines[i]);
    let (Some(above), [piece]) = (i.checked_sub(1).map(|a| cells(lines[a])), here.as_slice())
    else {
        return false;
    };
    piece.start > 0
        && piece.end - piece.start <= MAX_CELL_CHARS
        && above.len() >= 2
        && above[1..].iter().any(|p| p.start == piece.start)
}

/// A row of years after its label ("I 1.000 kr.  2024  2025  …  SUM"):
/// the header of a table, not a row of it. Its figures are all years, two
/// at least (with words beside them: "SUM", "I alt").
fn is_years_row(row: &[Piece<'_>]) -> bool {
    let mut years = 0;
    for p in row.iter().skip(1) {
        match parse_number(p.text) {
            Ok(Some(n)) if n.plain_year => years += 1,
            Ok(Some(_)) => return false,
            _ => {}
        }
    }
    years >= 2 || years == 1 && row.len() == 2
}

/// A section label inside a table ("Finansieringsoversigt", "Anlæg",
/// "Rådgivers overslag - Entreprise:"), not the caption of another table
/// nor prose: a few words, no unit, no "Tabel", no full stop.
fn is_section_label(line: &str) -> bool {
    let text = line.trim();
    let lower = text.to_lowercase();
    text.chars().count() <= 60
        && text.split_whitespace().count() <= 6
        && !text.ends_with('.')
        && crate::unit::find_unit(text).is_none()
        && !lower.starts_with("tabel")
        && !lower.contains(" tabel")
}

/// A column as inferred: the character span its data pieces cover.
#[derive(Debug, Clone, Copy)]
struct Column {
    start: usize,
    end: usize,
}

/// Merge overlapping spans into columns, left to right.
fn columns_of<'p>(spans: impl Iterator<Item = &'p Piece<'p>>) -> Vec<Column> {
    let mut spans: Vec<(usize, usize)> = spans.map(|p| (p.start, p.end)).collect();
    spans.sort_unstable();
    let mut columns: Vec<Column> = Vec::new();
    for (start, end) in spans {
        match columns.last_mut() {
            Some(last) if start < last.end => last.end = last.end.max(end),
            _ => columns.push(Column { start, end }),
        }
    }
    columns
}

/// Widest gap between two spans that can still be one column shifted by
/// the converter.
const MAX_SHIFT: usize = 3;

/// `pdftotext -layout` does not keep character positions exactly: it
/// squeezes the spaces of some lines, so a right-aligned column can come out
/// a few characters left on some rows and make a column of its own. Two
/// neighbouring columns a few characters apart that no row fills both of
/// are one column.
fn merge_shifted<'p, 'a: 'p>(
    columns: &mut Vec<Column>,
    rows: impl Iterator<Item = &'p [Piece<'a>]> + Clone,
) {
    let mut j = 0;
    while j + 1 < columns.len() {
        let (left, right) = (columns[j], columns[j + 1]);
        let within = |p: &Piece<'_>, c: Column| p.start < c.end && p.end > c.start;
        let close = right.start.saturating_sub(left.end) <= MAX_SHIFT;
        let shared = rows
            .clone()
            .any(|row| row.iter().any(|p| within(p, left)) && row.iter().any(|p| within(p, right)));
        if close && !shared {
            columns[j].end = right.end;
            columns.remove(j + 1);
        } else {
            j += 1;
        }
    }
}

/// The column a piece belongs to: the one it overlaps most, else the
/// nearest (a tie goes right, since numbers are right-aligned and a header
/// starts at its column's left edge).
fn column_of(piece: &Piece<'_>, columns: &[Column]) -> usize {
    let overlap = |c: &Column| {
        piece
            .end
            .min(c.end)
            .saturating_sub(piece.start.max(c.start))
    };
    let (best, most) = columns
        .iter()
        .enumerate()
        .map(|(i, c)| (i, overlap(c)))
        .fold((0, 0), |acc, x| if x.1 > acc.1 { x } else { acc });
    if most > 0 {
        return best;
    }
    let distance = |c: &Column| {
        if piece.end <= c.start {
            c.start - piece.end
        } else {
            piece.start.saturating_sub(c.end)
        }
    };
    let mut best = 0;
    for (i, c) in columns.iter().enumerate() {
        if distance(c) <= distance(&columns[best]) {
            best = i;
        }
    }
    best
}

/// A piece of a header line parted where data columns start inside it,
/// at a space: each part then stands over its own column. A piece within
/// one column stays whole.
fn part_at_columns<'a>(
    piece: Piece<'a>,
    columns: &[Column],
    starts_part: fn(&str) -> bool,
    out: &mut Vec<Piece<'a>>,
) {
    // Most pieces lie within one column: they are pushed as they are,
    // without counting their characters.
    let inside = |c: &Column| c.start > piece.start && c.start < piece.end;
    if !piece.text.contains(' ') || !columns.iter().any(inside) {
        out.push(piece);
        return;
    }
    // Byte offsets of the character positions of the piece.
    let offsets: Vec<usize> = piece.text.char_indices().map(|(b, _)| b).collect();
    let (mut from_char, mut from_byte) = (0, 0);
    for s in columns.iter().filter(|c| inside(c)).map(|c| c.start) {
        let at = s - piece.start;
        if at < offsets.len()
            && at > 0
            && piece.text[..offsets[at]].ends_with(' ')
            && starts_part(&piece.text[offsets[at]..])
        {
            let text = piece.text[from_byte..offsets[at]].trim_end();
            if !text.is_empty() {
                out.push(Piece {
                    start: piece.start + from_char,
                    end: piece.start + from_char + text.chars().count(),
                    text,
                });
            }
            (from_char, from_byte) = (at, offsets[at]);
        }
    }
    out.push(Piece {
        start: piece.start + from_char,
        end: piece.end,
        text: &piece.text[from_byte..],
    });
}

fn build<'a>(
    lines: &[&'a str],
    kinds: &Kinds<'_>,
    start: usize,
    end: usize,
    spaced: bool,
) -> RawTable<'a> {
    // The pieces of the table's lines only; `at(i)` for line index `i`.
    let split: Vec<Vec<Piece<'a>>> = lines[start..end].iter().map(|l| cells(l)).collect();
    let at = |i: usize| split[i - start].as_slice();
    let data: Vec<usize> = (start..end)
        .filter(|&i| kinds.at(i) == Kind::Data)
        .collect();
    let mut columns = columns_of(data.iter().flat_map(|&i| at(i).iter()));
    // A wide piece in one row (a note, a spanning label) can bridge two
    // columns; then two figures of one row fall into one column. Infer
    // the columns from the fullest rows alone in that case.
    let crowded = data.iter().any(|&i| {
        let mut seen = vec![0u8; columns.len()];
        at(i).iter().any(|p| {
            let c = column_of(p, &columns);
            seen[c] += 1;
            seen[c] > 1
        })
    });
    if crowded {
        let most = data.iter().map(|&i| at(i).len()).max().unwrap_or(0);
        columns = columns_of(
            data.iter()
                .filter(|&&i| at(i).len() == most)
                .flat_map(|&i| at(i).iter()),
        );
    }
    merge_shifted(&mut columns, data.iter().map(|&i| at(i)));
    // Header cells set one space apart (w3m: "Indbyggertal* Gl.
    // betalingsandel 2019-2024 Ny betalingsandel" over three columns) are
    // parted where the data columns start, and so are the figures of a data
    // row ("-3.685,3 -41,1" under "Forbrug" and "Afvigelse") where a figure
    // starts at the column's start; a label's words are not ("… mv U").
    let split: Vec<Vec<Piece<'a>>> = (start..end)
        .map(|i| {
            let starts_part: fn(&str) -> bool = if kinds.at(i) == Kind::Data {
                |rest| is_figure(rest.split(' ').next().unwrap_or(rest))
            } else {
                |_| true
            };
            let mut parts = Vec::with_capacity(at(i).len());
            for p in at(i) {
                part_at_columns(*p, &columns, starts_part, &mut parts);
            }
            parts
        })
        .collect();
    let at = |i: usize| split[i - start].as_slice();
    let lines_up = |p: &Piece<'_>| columns.iter().any(|c| c.end.abs_diff(p.end) <= 1);
    let rows = (start..end)
        .filter(|&i| !matches!(kinds.at(i), Kind::Blank | Kind::Rule))
        .filter(|&i| kinds.at(i) != Kind::LoneFigure || lines_up(&at(i)[0]))
        .map(|i| {
            let mut cells: Vec<Cow<'a, str>> = vec![Cow::Borrowed(""); columns.len()];
            for piece in at(i) {
                // A section row's one piece is its label, however far it
                // reaches.
                let c = if at(i).len() == 1 && piece.start == 0 {
                    0
                } else {
                    column_of(piece, &columns)
                };
                cells[c] = if cells[c].is_empty() {
                    Cow::Borrowed(piece.text)
                } else {
                    Cow::Owned(format!("{} {}", cells[c], piece.text))
                };
            }
            RawRow {
                line: i as u32 + 1,
                cells,
            }
        })
        .collect();
    let mut rows: Vec<RawRow<'a>> = rows;
    let first_data = data
        .iter()
        .find(|&&i| !is_years_row(at(i)))
        .map_or(0, |&i| i as u32 + 1);
    join_wrapped_header_figures(&mut rows, kinds, first_data);
    rejoin_signs(&mut rows);
    if spaced {
        rows = join_blocks(rows);
    }
    RawTable {
        layout: "aligned",
        rows,
        caption: caption_above(lines, start),
    }
}

/// A lone figure above the first data row (at line `first_data`) is the
/// wrapped end of a header cell ("2029" over "- 2034"), not a row of
/// figures: it joins the header row above it. A lone year is a header row
/// of its own, which the interpretation reads as such.
fn join_wrapped_header_figures(rows: &mut Vec<RawRow<'_>>, kinds: &Kinds<'_>, first_data: u32) {
    let mut r = 1;
    while r < rows.len() && rows[r].line < first_data {
        let year = rows[r]
            .cells
            .iter()
            .any(|c| matches!(parse_number(c), Ok(Some(n)) if n.plain_year));
        if kinds.at(rows[r].line as usize - 1) == Kind::LoneFigure && !year {
            let wrapped = rows.remove(r);
            for (cell, more) in rows[r - 1].cells.iter_mut().zip(wrapped.cells) {
                if !more.is_empty() {
                    *cell = Cow::Owned(format!("{cell} {more}").trim().to_string());
                }
            }
        } else {
            r += 1;
        }
    }
}

/// In a table whose rows are spaced by blank lines, the lines between two
/// blanks are one row: a label wrapped around its figures ("Skatter," over
/// "tilskud og  -3.606,7 …" over "udligning"), a header cell over several
/// lines. A block with figures on two lines or more is rows of their own,
/// and stays so. The row keeps the line of its figures.
fn join_blocks<'a>(rows: Vec<RawRow<'a>>) -> Vec<RawRow<'a>> {
    let has_figures = |r: &RawRow<'_>| r.cells.iter().skip(1).any(|c| is_figure(c));
    let mut out: Vec<RawRow<'a>> = Vec::with_capacity(rows.len());
    let mut block: Vec<RawRow<'a>> = Vec::new();
    let flush = |block: &mut Vec<RawRow<'a>>, out: &mut Vec<RawRow<'a>>| {
        if block.iter().filter(|r| has_figures(r)).count() > 1 || block.len() < 2 {
            out.append(block);
            return;
        }
        let line = block
            .iter()
            .find(|r| has_figures(r))
            .map_or(block[0].line, |r| r.line);
        let width = block.iter().map(|r| r.cells.len()).max().unwrap_or(0);
        let cells = (0..width)
            .map(|j| {
                let parts: Vec<&str> = block
                    .iter()
                    .filter_map(|r| r.cells.get(j).map(|c| c.trim()))
                    .filter(|c| !c.is_empty())
                    .collect();
                Cow::Owned(parts.join(" "))
            })
            .collect();
        block.clear();
        out.push(RawRow { line, cells });
    };
    for row in rows {
        if block.last().is_some_and(|last| row.line != last.line + 1) {
            flush(&mut block, &mut out);
        }
        block.push(row);
    }
    flush(&mut block, &mut out);
    out
}

/// A minus wrapped apart from its figure in a narrow column ("-" over
/// "3.685,3", as the C html2text breaks "-3.685,3"; "-" under the last
/// figure of a total whose "500.551" is on the line below) is put back on
/// the figure, in the row that has the other figures: read apart, the
/// figure would be an amount with the wrong sign.
fn rejoin_signs(rows: &mut [RawRow<'_>]) {
    let is_sign = |c: &str| matches!(c.trim(), "-" | "−" | "–");
    let unsigned_figure =
        |c: &str| is_figure(c) && !c.trim_start().starts_with(['-', '−', '–', '+']);
    // The line of the wrapped part holds nothing else in the value
    // columns: a row of its own with dashes for empty cells ("-  1.000")
    // is no wrap.
    let alone = |row: &RawRow<'_>, j: usize| {
        row.cells
            .iter()
            .enumerate()
            .skip(1)
            .all(|(k, c)| k == j || c.trim().is_empty())
    };
    for r in 1..rows.len() {
        if rows[r].line != rows[r - 1].line + 1 {
            continue;
        }
        let (upper, lower) = rows.split_at_mut(r);
        let (upper, lower) = (&mut upper[r - 1], &mut lower[0]);
        for j in 1..upper.cells.len().min(lower.cells.len()) {
            if !(is_sign(&upper.cells[j]) && unsigned_figure(&lower.cells[j])) {
                continue;
            }
            let joined = Cow::Owned(format!("-{}", lower.cells[j].trim()));
            if alone(lower, j) {
                upper.cells[j] = joined;
                lower.cells[j] = Cow::Borrowed("");
            } else if alone(upper, j) && upper.cells[0].trim().is_empty() {
                lower.cells[j] = joined;
                upper.cells[j] = Cow::Borrowed("");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recognize::grids::{grids, row, Row};

    fn grid(text: &str) -> Vec<Vec<Row>> {
        let lines: Vec<&str> = text.split('\n').collect();
        grids(&aligned_tables(&lines))
    }

    /// The earlier `pieces`, walking characters: the reference for the search.
    fn pieces_by_char(line: &str) -> Vec<Piece<'_>> {
        let mut out = Vec::new();
        let mut current: Option<(usize, usize)> = None; // (byte start, column start)
        let mut spaces = 0;
        let mut last_end = (0, 0); // (byte end, column end) of the last non-space
        for (column, (byte, c)) in line.char_indices().enumerate() {
            if c == ' ' {
                spaces += 1;
                if spaces == 2 {
                    if let Some((b, col)) = current.take() {
                        out.push(Piece {
                            start: col,
                            end: last_end.1,
                            text: &line[b..last_end.0],
                        });
                    }
                }
            } else {
                if current.is_none() {
                    current = Some((byte, column));
                }
                spaces = 0;
                last_end = (byte + c.len_utf8(), column + 1);
            }
        }
        if let Some((b, col)) = current {
            out.push(Piece {
                start: col,
                end: last_end.1,
                text: &line[b..last_end.0],
            });
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn pieces_by_byte_are_pieces_by_character(line in "[ a-zæøåÅ0-9.\u{a0}\u{2212}-]{0,40}|( {0,4}[a-zæøÅ0-9.\u{a0}-]{0,5}){0,8} {0,2}") {
            let key = |p: &[Piece<'_>]| p.iter().map(|p| (p.start, p.end, p.text.to_string())).collect::<Vec<_>>();
            proptest::prop_assert_eq!(key(&pieces(&line)), key(&pieces_by_char(&line)));
        }
    }

    #[test]
    fn the_data_row_gate_agrees_with_classifying_every_line() {
        // The gate must never skip a document that has a data row: on the
        // fixtures in every layout and on lines built to sit at its edges,
        // it says what classifying every line says.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/minutes");
        let mut texts: Vec<String> = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for layout in [
                crate::relayout::Layout::Pipe,
                crate::relayout::Layout::Aligned,
            ] {
                texts.push(crate::relayout::relayout(&text, layout));
            }
            texts.push(text);
        }
        texts.extend(
            [
                "  \nSygedagpenge 336.018",
                "Sygedagpenge  336.018",
                "Sygedagpenge\t336.018  \n  x",
                "Det blev besluttet.  Punkt 2.",
                "a\n\n  Kontanthjælp     12.000   13.000\n",
                "Kontanthjælp  12.000",
                "",
                "  ",
            ]
            .map(String::from),
        );
        for max_line in [10, 64 * 1024] {
            for text in &texts {
                let every_line = text
                    .split('\n')
                    .any(|l| l.len() <= max_line && kind_of_line(l) == Kind::Data);
                assert_eq!(
                    first_data_row(text, max_line).is_some(),
                    every_line,
                    "{max_line} {text:.80?}"
                );
                let first_by_line = text
                    .split('\n')
                    .position(|l| l.len() <= max_line && kind_of_line(l) == Kind::Data);
                assert_eq!(first_data_row(text, max_line), first_by_line, "{text:.80?}");
            }
        }
        assert!(first_data_row("x\n  Kontanthjælp     12.000   13.000", 64).is_some());
    }

    #[test]
    fn pieces_keep_single_spaces() {
        let p = pieces("  Fleksjob inkl. skånejob   342.951  371.874");
        let texts: Vec<(usize, usize, &str)> = p.iter().map(|p| (p.start, p.end, p.text)).collect();
        assert_eq!(
            texts,
            vec![
                (2, 25, "Fleksjob inkl. skånejob"),
                (28, 35, "342.951"),
                (37, 44, "371.874")
            ]
        );
    }

    #[test]
    fn empty_cells_stay_in_their_column() {
        let text = [
            "Udgifter 2024",
            "1.000 kr.                     Regnskab     Budget  Forventet",
            "                                  2023       2024       2024",
            "Sygedagpenge                   316.699    358.600    317.244",
            "Integrationsprogrammet         -20.912               -12.685",
            "Grundtilskud                                         -27.544",
            "Samlet                       3.822.173  4.222.245  4.088.020",
        ]
        .join("\n");
        let text = text.as_str();
        let tables = grid(text);
        assert_eq!(tables.len(), 1);
        assert_eq!(
            tables[0],
            vec![
                row(2, &["1.000 kr.", "Regnskab", "Budget", "Forventet"]),
                row(3, &["", "2023", "2024", "2024"]),
                row(4, &["Sygedagpenge", "316.699", "358.600", "317.244"]),
                row(5, &["Integrationsprogrammet", "-20.912", "", "-12.685"]),
                row(6, &["Grundtilskud", "", "", "-27.544"]),
                row(7, &["Samlet", "3.822.173", "4.222.245", "4.088.020"]),
            ]
        );
        let lines: Vec<&str> = text.split('\n').collect();
        assert_eq!(
            aligned_tables(&lines)[0].caption.as_deref(),
            Some("Udgifter 2024")
        );
    }

    #[test]
    fn wrapped_headers_and_section_rows() {
        let text = [
            "                      Vedtaget   Forventet",
            "1.000 kr.               budget    regnskab",
            "Indtægter",
            "Skatter                 -2.093      -2.100",
            "Udgifter",
            "Drift                    1.000         900",
        ]
        .join("\n");
        let text = text.as_str();
        assert_eq!(
            grid(text)[0],
            vec![
                row(1, &["", "Vedtaget", "Forventet"]),
                row(2, &["1.000 kr.", "budget", "regnskab"]),
                row(3, &["Indtægter", "", ""]),
                row(4, &["Skatter", "-2.093", "-2.100"]),
                row(5, &["Udgifter", "", ""]),
                row(6, &["Drift", "1.000", "900"]),
            ]
        );
    }

    #[test]
    fn rows_without_figures_under_the_header_stay_in_the_table() {
        // Aligned text prints an empty cell as nothing, so rows whose
        // figures are all empty look like section rows; six of them between
        // the header and the one data row are still the table's rows (the
        // layout property test found this).
        let mut lines = vec!["Mio. kr.  Vedtaget budget", "                     2018"];
        let labels = [
            "Sygedagpenge",
            "Fleksjob inkl. skånejob",
            "Førtidspension",
            "Løntilskud (A-dagpenge)",
            "Beskæftigelsesindsatser",
            "Seniorpension",
        ];
        lines.extend(labels);
        lines.push("EGU/FGU               0,0");
        let text = lines.join("\n");
        let tables = grid(&text);
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].len(), 9);
        assert_eq!(tables[0][8], row(9, &["EGU/FGU", "0,0"]));
    }

    #[test]
    fn prose_is_no_table() {
        let text = "\
Udvalget besluttede at afsætte midler.  Der er i alt afsat 2.000 kr. til formålet.
Det koster 2.000 kr. i 2024.  Og 3.000 kr. i 2025.

Antal borgere  2.325

Se side  4";
        assert!(grid(text).is_empty(), "{:?}", grid(text));
    }

    /// A page's table as w3m prints it: a blank line between the rows, an
    /// empty cell as a no-break space, a section label after a blank, the
    /// header cells one space apart and its lines above a blank.
    #[test]
    fn rows_spaced_by_blank_lines_as_w3m_prints_them() {
        let text = "\
Tabel 2: Oversigt

\u{a0}         Antal* Beløb i 2025
          (pct.) (1.000 kr.)

Greve     52     -139

Ishøj  \u{a0}  23     +244

Finansiering

Lån       1      -3

\u{a0}

Efter tabellen kommer prosa, der ikke er en del af den.";
        let tables = grid(text);
        assert_eq!(tables.len(), 1, "{tables:?}");
        assert_eq!(
            tables[0],
            vec![
                // The lines between two blanks are one row.
                row(3, &["", "Antal* (pct.)", "Beløb i 2025 (1.000 kr.)"]),
                row(6, &["Greve", "52", "-139"]),
                row(8, &["Ishøj", "23", "+244"]),
                row(10, &["Finansiering", "", ""]),
                row(12, &["Lån", "1", "-3"]),
            ]
        );
    }

    /// Two tables of the same columns with a header each stay two tables,
    /// and rows out of the table's columns after a blank line are not its.
    #[test]
    fn a_blank_line_before_a_header_or_other_columns_ends_the_table() {
        let text = "\
Navn      2024     2025
Drift     1        2
Anlæg     3        4

Navn      2026     2027
Drift     5        6

Konto                        12   Bemærkning om noget";
        let tables = grid(text);
        assert_eq!(tables.len(), 2, "{tables:?}");
        assert_eq!(tables[0].len(), 3);
        assert_eq!(tables[1].len(), 2);
    }

    /// A minus broken from its figure goes back to it, in the row with the
    /// other figures; a dash that stands for an empty cell stays.
    #[test]
    fn a_minus_wrapped_apart_from_its_figure() {
        let text = "\
Beløb i mio. kr.     Budget      Forbrug   Afvigelse
Skatter og           -3.606,7    -         -41,1
udligning                        3.685,3
Total                12,0        -         1,0
                     -           5,0
Anlæg                -           1.000     3";
        let tables = grid(text);
        assert_eq!(tables.len(), 1, "{tables:?}");
        let t = &tables[0];
        assert_eq!(
            t[1],
            row(2, &["Skatter og", "-3.606,7", "-3.685,3", "-41,1"])
        );
        assert_eq!(t[2], row(3, &["udligning", "", "", ""]));
        // A row of its own under a dash: no wrap.
        assert_eq!(t[4], row(5, &["", "-", "5,0", ""]));
        assert_eq!(t[5], row(6, &["Anlæg", "-", "1.000", "3"]));
    }

    /// A caption and a row of years under a table's rows begin the next
    /// table; a lone figure under the years is the end of a wrapped header.
    #[test]
    fn a_row_of_years_under_the_rows_is_the_next_tables_header() {
        let text = "\
Projekt                    I 1.000 kr.
Bygherrerådgiver           445
Anlægsudgifter i alt       8.010
Tabel 2. Oversigt
I 1.000 kr.      2024   2025   2029    SUM
                               - 2034
Rådighedsbeløb   4.000  3.000  18.000  34.000
SUM for året     755    8.010  -       -";
        let tables = grid(text);
        assert_eq!(tables.len(), 2, "{tables:?}");
        assert_eq!(tables[0].len(), 3);
        assert_eq!(
            tables[1][0],
            row(5, &["I 1.000 kr.", "2024", "2025", "2029 - 2034", "SUM"])
        );
        assert_eq!(tables[1][1].0, 7);
    }

    /// w3m with narrow columns: figures one space apart are parted where
    /// the columns start; a label wrapped around its figures is one label.
    #[test]
    fn narrow_columns_and_wrapped_labels_of_a_spaced_table() {
        let text = "\
I mio. kr.     2020  2021  2022

Vedtaget       145,4 178,2 140,4

Skatter,
tilskud og     -3,6  -37,5 -3,6
udligning

Mindreforbrug  46,8  63,0  80,4";
        let tables = grid(text);
        assert_eq!(tables.len(), 1, "{tables:?}");
        assert_eq!(
            tables[0],
            vec![
                row(1, &["I mio. kr.", "2020", "2021", "2022"]),
                row(3, &["Vedtaget", "145,4", "178,2", "140,4"]),
                row(
                    6,
                    &["Skatter, tilskud og udligning", "-3,6", "-37,5", "-3,6"]
                ),
                row(9, &["Mindreforbrug", "46,8", "63,0", "80,4"]),
            ]
        );
    }

    /// A text cell wrapped onto the next line stays in its row, whatever
    /// it reads like; an amount one space after a label is a figure of the
    /// row; a table of one row finds its header across a blank line.
    #[test]
    fn wrapped_cells_and_a_one_row_table_of_a_text_browser() {
        let text = "\
Nr. Tiltag      Beløb   Beskrivelse

a   Drift       -2.500  Annullering af pulje til
                        fortove og veje mm.

e   Vedligehold -1.000  Stop for akut vedligehold

I alt           -3.500


Anlægsramme    Ramme   Afvigelse

Anlæg i alt    140,4   29,6";
        let tables = grid(text);
        assert_eq!(tables.len(), 2, "{tables:?}");
        assert_eq!(
            tables[0][1],
            row(
                3,
                &[
                    "a",
                    "Drift",
                    "-2.500",
                    "Annullering af pulje til fortove og veje mm."
                ]
            )
        );
        assert_eq!(
            tables[0][2],
            row(
                6,
                &["e", "Vedligehold", "-1.000", "Stop for akut vedligehold"]
            )
        );
        assert_eq!(
            tables[1][0],
            row(11, &["Anlægsramme", "Ramme", "Afvigelse"])
        );
        assert_eq!(tables[1][1], row(13, &["Anlæg i alt", "140,4", "29,6"]));
    }

    /// A row whose label wraps above its figures continues a spaced table;
    /// the columns of a header of years one space apart still count.
    #[test]
    fn a_label_wrapped_above_its_figures_in_a_spaced_table() {
        let text = "\
Område          Udvalg       2025 2026

Løn             ØU           0,9  1,5

Besparelse på   Social- og
området         Handicap     -0,8 -1,4

I alt                        0,1  0,1";
        let tables = grid(text);
        assert_eq!(tables.len(), 1, "{tables:?}");
        assert_eq!(
            tables[0][2],
            row(
                6,
                &[
                    "Besparelse på området",
                    "Social- og Handicap",
                    "-0,8",
                    "-1,4"
                ]
            )
        );
        assert_eq!(tables[0].len(), 4);
    }
}
