//! PDFs read with positions: the words of each page with their boxes, as
//! `pdftotext -bbox-layout` writes them (XHTML: a `<page>` of `<line>`s of
//! `<word xMin yMin xMax yMax>`), rebuilt into text lines and table grids.
//!
//! `pdftotext -layout` prints a page as characters on a grid and loses what
//! a table needs: a label wrapped inside its cell becomes a second row, a
//! header wrapped over three lines becomes three header rows, columns a
//! single space apart run together, and the rows of a bordered table stand
//! between blank lines. With the boxes these are geometry:
//!
//! - a *row of the page* is the words on one baseline (centres within a
//!   third of a line's height);
//! - a *piece* is a run of words without a column gap: pdftotext's own
//!   line within a block, cut again where a gap is as wide as a line is
//!   high, and between two figures (`-3.375.048 0` are two cells);
//! - a *table* is a run of rows with figures in two places or more,
//!   with the header rows above it and the text rows between;
//! - its *columns* are the union of the x-extents of the pieces of its
//!   figure rows (figures right-, left- or centre-aligned all overlap the
//!   other figures of their column; cells of two columns never do);
//! - lines of one cell are stacked with the spacing of a paragraph, rows of
//!   a bordered table are padded: where a table's rows are padded, rows of
//!   the page nearer than a tenth of a line are one row of the table (the
//!   wrapped label "Tab vedr. ydelser og tilskud, Udbetaling / Danmark", the
//!   header "Mer-/ mindre- / forbrug 2021"), unless that would put two
//!   figures in one cell;
//! - a table that ends a page and one that starts the next with columns in
//!   the same places are one table; a repeated header row is read once;
//! - running page headers and footers ("Side 3 af 12", the same line at the
//!   top or bottom of every page) are neither table rows nor text.
//!
//! Positions: a line is a row of the page, numbered through the document;
//! [`Document::page_starts`] turns it into page and line on the page (the
//! n-th row of text from the top).

use super::html::{Grid, GridRow, Span};
use super::Laid;
use crate::model::{Diagnostic, Document, RowBox, Severity};
use crate::recognize::is_figure;

/// A word and its box, in PDF points from the page's top left.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    pub text: String,
}

/// A page: its size and its words, in pdftotext's lines.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PdfPage {
    pub width: f32,
    pub height: f32,
    pub lines: Vec<Vec<Word>>,
}

/// The value of `name="…"` in a tag's text.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut at = 0;
    while let Some(found) = tag[at..].find(name) {
        let start = at + found;
        let rest = &tag[start + name.len()..];
        let before_ok = start == 0 || tag.as_bytes()[start - 1].is_ascii_whitespace();
        if before_ok {
            if let Some(value) = rest.strip_prefix("=\"") {
                return value.find('"').map(|end| &value[..end]);
            }
        }
        at = start + name.len();
    }
    None
}

fn number_attribute(tag: &str, name: &str) -> Option<f32> {
    attribute(tag, name)?
        .parse::<f32>()
        .ok()
        .filter(|v| v.is_finite())
}

/// The five XML entities and numeric references pdftotext writes.
fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let decoded = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => name
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A word of the markup into a line: a word has no space in it, so text
/// with spaces (an entity, or markup that is not pdftotext's) is several
/// words, sharing the box by their characters.
fn push_words(line: &mut Vec<Word>, text: &str, x0: f32, y0: f32, x1: f32, y1: f32) {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let chars = |t: &str| t.chars().count() as f32;
    let total = parts.iter().map(|p| chars(p)).sum::<f32>() + parts.len().saturating_sub(1) as f32;
    let per_char = if total > 0.0 { (x1 - x0) / total } else { 0.0 };
    let mut at = x0;
    for part in parts {
        let width = chars(part) * per_char;
        line.push(Word {
            x0: at,
            y0,
            x1: (at + width).min(x1),
            y1,
            text: part.to_string(),
        });
        at += width + per_char;
    }
}

/// The pages of `pdftotext -bbox-layout` output. Anything else in the
/// markup is passed over; a word without a readable box is left out.
pub fn read_bbox(xhtml: &str) -> Vec<PdfPage> {
    let mut pages: Vec<PdfPage> = Vec::new();
    let mut at = 0;
    while let Some(found) = xhtml[at..].find('<') {
        let start = at + found;
        let Some(close) = xhtml[start..].find('>') else {
            break;
        };
        let tag = &xhtml[start + 1..start + close];
        at = start + close + 1;
        let name = tag.split(|c: char| c.is_ascii_whitespace()).next();
        match name {
            Some("page") => pages.push(PdfPage {
                width: number_attribute(tag, "width").unwrap_or(0.0),
                height: number_attribute(tag, "height").unwrap_or(0.0),
                lines: Vec::new(),
            }),
            Some("line") => {
                if let Some(page) = pages.last_mut() {
                    page.lines.push(Vec::new());
                }
            }
            Some("word") => {
                // The text ends at the next tag, whatever it is.
                let end = xhtml[at..].find('<').map_or(xhtml.len(), |e| at + e);
                let text = unescape(xhtml[at..end].trim());
                at = end;
                let boxed = (
                    number_attribute(tag, "xMin"),
                    number_attribute(tag, "yMin"),
                    number_attribute(tag, "xMax"),
                    number_attribute(tag, "yMax"),
                );
                let (Some(x0), Some(y0), Some(x1), Some(y1)) = boxed else {
                    continue;
                };
                let Some(page) = pages.last_mut() else {
                    continue;
                };
                if page.lines.is_empty() {
                    page.lines.push(Vec::new());
                }
                if let Some(line) = page.lines.last_mut() {
                    push_words(line, &text, x0, y0, x1.max(x0), y1.max(y0));
                }
            }
            _ => {}
        }
    }
    pages
}

/// A run of words without a column gap.
#[derive(Debug, Clone)]
struct Piece {
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
    text: String,
    words: usize,
    figure: bool,
    /// Where each word ends and the next starts, for splitting the piece
    /// at a column edge: (end of word k, start of word k+1, byte in text
    /// where word k+1 starts).
    breaks: Vec<(f32, f32, usize)>,
}

impl Piece {
    fn new(word: &Word) -> Piece {
        Piece {
            x0: word.x0,
            y0: word.y0,
            x1: word.x1,
            y1: word.y1,
            text: word.text.clone(),
            words: 1,
            figure: false,
            breaks: Vec::new(),
        }
    }

    fn height(&self) -> f32 {
        self.y1 - self.y0
    }

    fn centre(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }
}

/// A gap between two words as wide as a line is high is a column gap: a
/// word space is a quarter to a third of it in any font. (Courier's
/// two-space gap, 1.2 em, is one too.)
const COLUMN_GAP: f32 = 0.8;

/// A gap this many times the line's word space, beside a figure, parts
/// two cells.
const WIDE_SPACE: f32 = 1.6;

/// A figure, or a piece of one: digits with their separators and sign
/// ("16.064.25" of a figure wrapped in its cell).
fn numeric(text: &str) -> bool {
    is_figure(text)
        || text.bytes().any(|b| b.is_ascii_digit())
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b'-'))
}

/// A page's word space: the median gap between the words of its lines,
/// column gaps (a line's height or more) left out.
fn word_space(page: &PdfPage) -> f32 {
    let mut gaps: Vec<f32> = page
        .lines
        .iter()
        .flat_map(|l| l.windows(2))
        .map(|w| (w[1].x0 - w[0].x1, w[1].y1 - w[1].y0))
        .filter(|&(g, h)| g >= 0.0 && g < h)
        .map(|(g, _)| g)
        .collect();
    gaps.sort_by(f32::total_cmp);
    gaps.get(gaps.len() / 2).copied().unwrap_or(0.0)
}

/// The pieces of one of pdftotext's lines, with the page's word space.
fn pieces(line: &[Word], space: f32) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut previous: Option<&Word> = None;
    for word in line {
        let height = (word.y1 - word.y0).max(1.0);
        let split = previous.is_none_or(|p| {
            let gap = word.x0 - p.x1;
            gap > COLUMN_GAP * height
                // "virksomhederne 2.000 2.000" with seven points before
                // each figure and three between the words, "-3.375.048
                // 0": a gap well wider than the page's word space, beside
                // a figure. (Courier's "4,8 (4,8)" in one cell has a word
                // space between, as "Budgetopfølgning 0 2022" has.)
                || gap > WIDE_SPACE * space
                    && gap > 0.3 * height
                    && (numeric(&p.text) || numeric(&word.text))
        });
        previous = Some(word);
        if split {
            out.push(Piece::new(word));
            continue;
        }
        let piece = out.last_mut().expect("a piece was started");
        piece.breaks.push((piece.x1, word.x0, piece.text.len() + 1));
        piece.x1 = piece.x1.max(word.x1);
        piece.y0 = piece.y0.min(word.y0);
        piece.y1 = piece.y1.max(word.y1);
        piece.text.push(' ');
        piece.text.push_str(&word.text);
        piece.words += 1;
    }
    for piece in &mut out {
        piece.figure = is_figure(&piece.text);
    }
    out
}

/// A row of the page: pieces on one baseline, left to right.
#[derive(Debug, Clone)]
struct Row {
    pieces: Vec<Piece>,
    y0: f32,
    y1: f32,
    /// Line through the document (1-based).
    line: u32,
    /// The page it stands on (0-based).
    page: usize,
    /// The width of its page.
    page_width: f32,
}

impl Row {
    fn height(&self) -> f32 {
        self.pieces
            .iter()
            .map(Piece::height)
            .fold(f32::INFINITY, f32::min)
            .max(1.0)
    }

    /// A figure right of the first piece: a label and its figures, or
    /// figures only. ("1000 kr.  Forventet" in a header reads as a figure
    /// and a word.)
    fn has_figures(&self) -> bool {
        // Figures run together ("I alt  1.3001.3001.300") count too.
        self.pieces
            .iter()
            .skip(1)
            .any(|p| p.figure || numeric(&p.text) && glued_figures(&p.text))
    }

    /// A line of running text: one piece of six words or more across a
    /// third of the page. ("1. jan 2019 - 31. dec" in its cell is six
    /// words too.)
    fn is_prose(&self) -> bool {
        let piece = &self.pieces[0];
        let wordy = piece
            .text
            .split(' ')
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count();
        self.pieces.len() == 1
            && piece.words >= 6
            && wordy * 2 > piece.words
            && piece.x1 - piece.x0 > self.page_width / 3.0
    }

    fn text(&self) -> String {
        let mut out = String::new();
        let mut right: Option<f32> = None;
        for piece in &self.pieces {
            if let Some(r) = right {
                // A column gap stays visible, as `pdftotext -layout` keeps it.
                out.push_str(if piece.x0 - r > piece.height() {
                    "  "
                } else {
                    " "
                });
            }
            out.push_str(&piece.text);
            right = Some(piece.x1);
        }
        out
    }
}

/// The vertical gap from one row of the page to the next (negative where
/// their boxes overlap, as LibreOffice's lines of a paragraph do). Over a
/// page break it is half a line: neither the lines of one cell nor a gap
/// that ends a table.
fn gap(above: &Row, below: &Row) -> f32 {
    if above.page != below.page {
        return 0.5 * below.height();
    }
    below.y0 - above.y1
}

/// The rows of a page, top to bottom.
fn rows_of(page: &PdfPage) -> Vec<Row> {
    // A word running past the page's edge was cut off in print (a table
    // wider than the page: "45.257" of 45.257.344): what is left of it is
    // no figure.
    let space = word_space(page);
    let on_page = |w: &Word| page.width <= 0.0 || w.x0 >= -0.5 && w.x1 <= page.width + 0.5;
    // Words as pdftotext gives them have no space in them; words of any
    // other maker are parted where they have.
    let single = |l: &Vec<Word>| {
        let mut out = Vec::with_capacity(l.len());
        for w in l.iter().filter(|w| on_page(w)) {
            if w.text.contains(char::is_whitespace) {
                push_words(&mut out, &w.text, w.x0, w.y0, w.x1, w.y1);
            } else if !w.text.is_empty() {
                out.push(w.clone());
            }
        }
        out
    };
    let mut all: Vec<Piece> = page
        .lines
        .iter()
        .map(single)
        .flat_map(|l| pieces(&l, space))
        .collect();
    all.sort_by(|a, b| {
        a.centre()
            .total_cmp(&b.centre())
            .then(a.x0.total_cmp(&b.x0))
    });
    let mut rows: Vec<Row> = Vec::new();
    let mut reference = f32::NEG_INFINITY;
    for piece in all {
        let same = piece.centre() - reference <= piece.height().max(1.0) / 3.0;
        match rows.last_mut() {
            Some(row) if same => {
                row.y0 = row.y0.min(piece.y0);
                row.y1 = row.y1.max(piece.y1);
                row.pieces.push(piece);
            }
            _ => {
                reference = piece.centre();
                rows.push(Row {
                    y0: piece.y0,
                    y1: piece.y1,
                    pieces: vec![piece],
                    line: 0,
                    page: 0,
                    page_width: page.width,
                });
            }
        }
    }
    for row in &mut rows {
        row.pieces.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    }
    rows
}

/// The text of a running header or footer with its numbers blanked, so
/// "Side 3 af 12" on page 3 and "Side 4 af 12" on page 4 are one line.
fn running_key(row: &Row) -> String {
    row.text()
        .chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// Rows in the top or bottom twelfth of a page that are a page number or
/// stand on two pages or more, and half of them, with the same words
/// (numbers aside), unless they read as part of a table.
fn running_rows(pages: &[(f32, Vec<Row>)]) -> Vec<Vec<bool>> {
    let in_band = |height: f32, row: &Row| {
        height > 0.0 && (row.y1 < height / 12.0 || row.y0 > height * 11.0 / 12.0)
    };
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (height, rows) in pages {
        let mut keys: Vec<String> = rows
            .iter()
            .filter(|r| in_band(*height, r))
            .map(running_key)
            .collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            *seen.entry(key).or_default() += 1;
        }
    }
    pages
        .iter()
        .map(|(height, rows)| {
            rows.iter()
                .map(|row| {
                    if !in_band(*height, row) {
                        return false;
                    }
                    let key = running_key(row);
                    let page_number = {
                        let lower = key.to_lowercase();
                        let bare = lower.trim_start_matches("side").trim();
                        // "3", "Side 3 af 12", "3 / 12": two numbers at most.
                        let numbers = bare.split_whitespace().filter(|w| w.contains('#')).count();
                        !bare.is_empty()
                            && numbers <= 2
                            && bare.split_whitespace().all(|w| {
                                w.chars().all(|c| c == '#' || c == '/')
                                    || matches!(w, "af" | "/" | "-")
                            })
                    };
                    // A running header stands on most pages. A row of
                    // figures only ("2022  57  43") is none, however often
                    // its shape comes back, nor is a table's header repeated
                    // on the pages it runs over: it has a figure or states
                    // the unit ("1000 kr." at the top of each page), and
                    // the unit must stay with the table.
                    let words = key.chars().any(char::is_alphabetic);
                    let table_like = row.pieces.iter().any(|p| p.figure) || {
                        let lower = key.to_lowercase();
                        lower.split(|c: char| !c.is_alphanumeric()).any(|w| {
                            matches!(w, "kr" | "mio" | "mia" | "kroner" | "budget" | "regnskab")
                        })
                    };
                    let repeated = words
                        && !table_like
                        && seen
                            .get(&key)
                            .is_some_and(|&n| n >= 2 && n * 2 >= pages.len());
                    page_number || repeated
                })
                .collect()
        })
        .collect()
}

/// Rows of the page nearer than this share of a line are lines of one cell.
const TIGHT: f32 = 0.12;
/// A table whose rows are this far apart (a share of a line) pads them.
const PADDED: f32 = 0.3;

/// Where a row's first figure right of its label starts ("1000 kr." in
/// the corner reads as a figure too).
fn first_figure(row: &Row) -> f32 {
    row.pieces
        .iter()
        .skip(1)
        .filter(|p| p.figure)
        .map(|p| p.x0)
        .fold(f32::INFINITY, f32::min)
}

/// Whether a row has two figures or more, each under a figure of the
/// rows above.
fn same_figure_columns(above: &[Row], row: &Row) -> bool {
    let figures: Vec<&Piece> = row.pieces.iter().skip(1).filter(|p| p.figure).collect();
    figures.len() >= 2
        && figures.iter().all(|f| {
            above.iter().any(|r| {
                r.pieces
                    .iter()
                    .skip(1)
                    .any(|p| p.figure && p.x0 < f.x1 && p.x1 > f.x0)
            })
        })
}

/// A row of figures only, each under a figure of the rows above: a total
/// without its label ("2.800.000" under the "i alt" column).
fn total_without_label(above: &[Row], row: &Row) -> bool {
    row.pieces.iter().all(|f| {
        f.figure
            && above.iter().any(|r| {
                r.pieces
                    .iter()
                    .skip(1)
                    .any(|p| p.figure && p.x0 < f.x1 && p.x1 > f.x0)
            })
    })
}

/// The rows `[start, end)` of the document that make one table.
fn table_spans(rows: &[Row]) -> Vec<(usize, usize)> {
    let tight = |i: usize| i > 0 && gap(&rows[i - 1], &rows[i]) < TIGHT * rows[i].height();
    let mut spans = Vec::new();
    let mut i = 0;
    let mut floor = 0; // rows before this belong to the table above
    while i < rows.len() {
        if !rows[i].has_figures() {
            i += 1;
            continue;
        }
        // Header rows above the first row of figures: rows of two pieces
        // or more, a piece over the figure columns (right of where the
        // label ends), and the lines stacked tightly on such a row. A row
        // of one piece where the labels stand ("Service:", a section) is
        // taken only under such a header.
        let mut start = i;
        let mut probe = i;
        // Up to twelve lines: a header wrapped in narrow columns is tall.
        while probe > floor && i - probe < 12 {
            let above = &rows[probe - 1];
            // A bordered header row padded around its tallest cell stands
            // further off than a single line would.
            let reach = if above.pieces.len() >= 2 { 3.0 } else { 2.0 };
            let near = gap(above, &rows[probe]) < reach * rows[probe].height();
            // A line stacked tightly on the header is the header's, however
            // long ("Indbyggertal* Gl. betalingsandel 2019-2024 Ny …" run
            // together over the columns).
            let stacked = tight(probe) && probe == start;
            if !near || above.is_prose() && !stacked {
                break;
            }
            let strong =
                above.pieces.len() >= 2 || above.pieces[0].x0 > rows[i].pieces[0].x1 || stacked;
            probe -= 1;
            if strong {
                start = probe;
            }
        }
        // Rows below: rows of figures, and text rows between them (section
        // labels, wrapped cells), until running text or a wide gap.
        let mut last = i;
        let mut end = i + 1;
        // Where the figures start: a long label wrapped above its figures
        // ("Køb og salg af jord og" / "ejendomme  -23.696 …") stands left
        // of them, running text runs across them.
        let mut figures_start = first_figure(&rows[i]);
        while end < rows.len() {
            let row = &rows[end];
            // An empty row of a bordered table leaves a wide gap: the
            // table goes on where a row of figures within the next three
            // stands in its figure columns.
            let far = gap(&rows[end - 1], row) > 2.5 * row.height()
                && !rows[end..rows.len().min(end + 3)]
                    .iter()
                    .any(|r| same_figure_columns(&rows[i..end], r));
            let running = row.is_prose() && row.pieces[0].x1 > figures_start;
            if far || running && !tight(end) {
                break;
            }
            if row.has_figures() || total_without_label(&rows[i..end], row) {
                figures_start = figures_start.min(first_figure(row));
                last = end;
            } else if !tight(end) {
                // Four text rows in a row end a table; after a page break
                // up to eight may be its header repeated.
                let allowed = if row.page == rows[last].page { 3 } else { 8 };
                if end - last > allowed {
                    break;
                }
            }
            end += 1;
        }
        // The table ends at its last row of figures and the lines stacked
        // tightly under it.
        let mut end = last + 1;
        while end < rows.len() && tight(end) && !rows[end].is_prose() {
            end += 1;
        }
        // One row of a label and a figure, with nothing above or below,
        // is a line of text (a contents line, "… handleplan  4").
        if end - start >= 2 {
            spans.push((start, end));
        }
        floor = end;
        i = end;
    }
    spans
}

/// The columns of a table: the union of the x-extents of the pieces of its
/// rows of figures, and of text pieces clear of those.
fn columns(rows: &[Row], glued_aside: bool) -> Vec<(f32, f32)> {
    // A piece with a word of two cells run together ("Eksterne
    // ressourcer300") would join the label column to the first figure
    // column: the first reading of the columns leaves those aside.
    let figure_rows: Vec<&Row> = rows.iter().filter(|r| r.has_figures()).collect();
    // A piece over two figures of another row is cells run together
    // ("Afklares Afklares Afklares" over "0", "0", "0"): it sets no column.
    let over_figures = |p: &Piece| {
        figure_rows.iter().any(|r| {
            r.pieces
                .iter()
                .filter(|q| q.figure && q.x0 < p.x1 && q.x1 > p.x0)
                .count()
                >= 2
        })
    };
    let mut extents: Vec<(f32, f32)> = figure_rows
        .iter()
        .flat_map(|r| r.pieces.iter())
        .filter(|p| !(glued_aside && (0..p.words).any(|k| glued_place(p, k).is_some())))
        // Figures run together ("3.0001.765") span the columns they fill.
        .filter(|p| !run_together(&p.text))
        .filter(|p| p.figure || !over_figures(p))
        .map(|p| (p.x0, p.x1))
        .collect();
    extents.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out = union(extents);
    // A column of text only: the pieces of the other rows that stand
    // clear of every column ("1. jan 2019 - 31. dec" / "2022" in a
    // Projektperiode column, beside the row's label and figures).
    // Only body rows: a header's wrapped words ("Budget (i" / "kr.)") are
    // no column.
    let body = rows.iter().position(Row::has_figures).unwrap_or(rows.len());
    let clear: Vec<(f32, f32)> = rows[body..]
        .iter()
        .filter(|r| !r.has_figures())
        .flat_map(|r| r.pieces.iter().map(|p| (p.x0, p.x1)))
        .filter(|&(a, b)| out.iter().all(|&(c, d)| b <= c || a >= d))
        .collect();
    if !clear.is_empty() {
        out.extend(clear);
        out.sort_by(|a, b| a.0.total_cmp(&b.0));
        out = union(out);
    }
    out
}

/// Overlapping extents, sorted by their start, joined.
fn union(extents: Vec<(f32, f32)>) -> Vec<(f32, f32)> {
    let mut out: Vec<(f32, f32)> = Vec::new();
    for (x0, x1) in extents {
        match out.last_mut() {
            Some(last) if x0 <= last.1 => last.1 = last.1.max(x1),
            _ => out.push((x0, x1)),
        }
    }
    out
}

/// The columns a piece stands in: those it overlaps, or else the nearest.
fn columns_of(piece: &Piece, columns: &[(f32, f32)]) -> (usize, usize) {
    let overlapping: Vec<usize> = (0..columns.len())
        .filter(|&c| piece.x0 < columns[c].1 && piece.x1 > columns[c].0)
        .collect();
    if let (Some(&first), Some(&last)) = (overlapping.first(), overlapping.last()) {
        return (first, last);
    }
    let distance = |c: usize| {
        let (a, b) = columns[c];
        if piece.x1 <= a {
            a - piece.x1
        } else {
            piece.x0 - b
        }
    };
    let nearest = (0..columns.len())
        .min_by(|&a, &b| distance(a).total_cmp(&distance(b)))
        .unwrap_or(0);
    (nearest, nearest)
}

/// Join the next line of a cell to its text: a word broken at its hyphen
/// ("mindre-" / "forbrug") is joined back, a suspended compound
/// ("Beskæftigelses-" / "og Socialudvalget") keeps its space.
fn join_line(cell: &mut String, next: &str) {
    // A figure wrapped in a narrow cell: "16.064.25" / "0".
    let whole = format!("{cell}{next}");
    if cell.is_empty() || numeric(cell) && !is_figure(cell) && numeric(next) && is_figure(&whole) {
        cell.push_str(next);
        return;
    }
    let first = next.split_whitespace().next().unwrap_or("");
    let before = cell.strip_suffix('-').and_then(|c| c.chars().next_back());
    // "21-" / "PL" is "21-PL", "28/2-" / "23" is "28/2-23".
    let broken = before.is_some_and(|c| c.is_ascii_digit())
        || before.is_some_and(char::is_alphabetic)
            && first.chars().next().is_some_and(char::is_lowercase)
            && !matches!(first, "og" | "eller" | "samt" | "el." | "og/eller" | "til");
    if !broken {
        cell.push(' ');
    }
    cell.push_str(next);
}

/// Figures that end labels and stand right-aligned under each other in
/// two rows or more: a column of figures one space from its labels
/// ("Flagdag 32.676", "Greve Awards 109.568", "Opnormering 500"). Their
/// right edges agree while the spaces before them do not; a label with a
/// number in it ("Uddannelse 1", "Uddannelse 2") has the same space before
/// its number in every row, and is left whole.
fn right_aligned_endings(rows: &[Row]) -> Vec<(f32, f32)> {
    // (start, end, space before) of each label's last word that is a figure
    let mut endings: Vec<(f32, f32, f32)> = Vec::new();
    for piece in rows.iter().flat_map(|r| r.pieces.iter()) {
        let Some(&(end, start, byte)) = piece.breaks.last() else {
            continue;
        };
        let last = &piece.text[byte..];
        let before = &piece.text[..byte - 1];
        let previous = before.rsplit(' ').next().unwrap_or("");
        if !piece.figure
            && is_figure(last)
            && !is_figure(previous)
            && crate::text::single_year(last).is_none()
        {
            endings.push((start, piece.x1, start - end));
        }
    }
    let mut out = Vec::new();
    for &(start, end, _) in &endings {
        let aligned: Vec<&(f32, f32, f32)> = endings
            .iter()
            .filter(|e| (e.1 - end).abs() <= 0.5)
            .collect();
        let spaces = aligned.iter().map(|e| e.2);
        let spread =
            spaces.clone().fold(f32::NEG_INFINITY, f32::max) - spaces.fold(f32::INFINITY, f32::min);
        if aligned.len() >= 2 && spread > 1.0 {
            out.push((start, end));
        }
    }
    out
}

/// A label and the figure of the next column that pdftotext ran together
/// ("Klima-, Teknik- og Miljøudvalget 1,382" where the column is narrow,
/// five points between them): the piece is cut where a figure starts in
/// a column that the other rows' figures stand in alone.
fn split_at_figure_columns(rows: &[Row]) -> Vec<Row> {
    let mut figures: Vec<(f32, f32)> = rows
        .iter()
        .flat_map(|r| r.pieces.iter().filter(|p| p.figure).map(|p| (p.x0, p.x1)))
        .collect();
    figures.extend(right_aligned_endings(rows));
    // A column of figures is one that figures of two rows or more stand in.
    let starts_column = |end: f32, start: f32| {
        figures.iter().any(|&(a, b)| {
            end <= a + 0.5
                && start < b
                && start >= end
                && figures.iter().filter(|&&(c, d)| c < b && d > a).count() >= 2
        })
    };
    rows.iter()
        .map(|row| {
            let mut pieces = Vec::with_capacity(row.pieces.len());
            for piece in &row.pieces {
                let at = piece.breaks.iter().position(|&(end, start, byte)| {
                    // A label ending in a year ("likviditetstræk i 2022")
                    // keeps it.
                    let rest = &piece.text[byte..];
                    // "I 1.000 kr." states the unit: it is not a figure.
                    let unit = rest.starts_with("1.000") || rest.starts_with("1000");
                    starts_column(end, start)
                        && (is_figure(rest) && !unit || rest.split(' ').all(is_figure))
                        && crate::text::single_year(rest).is_none()
                });
                let Some(k) = at.or_else(|| money_run(piece)).filter(|_| !piece.figure) else {
                    pieces.push(piece.clone());
                    continue;
                };
                let (left, mut right) = cut(piece, k);
                pieces.push(left);
                // "Økonomiudvalget 0,9 1,5 1,5 1,5": each figure a cell.
                let each = |w: &str| is_figure(w) || glued_figures(w);
                if !right.figure && right.text.split(' ').all(each) {
                    while !right.breaks.is_empty() {
                        let (figure, rest) = cut(&right, 0);
                        pieces.push(figure);
                        right = rest;
                    }
                }
                pieces.push(right);
            }
            Row {
                pieces,
                ..row.clone()
            }
        })
        .collect()
}

/// A label followed by two figures or more that print as money (with a
/// thousands point or a decimal comma, or run together: "Vedtaget budget
/// 145,4178,2140,4"), each one space from the next ("Overførsler mv. 25,8 32,7 60,7 32,1" in a table whose
/// cells touch): the word that ends the label. A number in a label
/// ("Uddannelse 1", "Budgetopfølgning 0 2022") has no such run.
fn money_run(piece: &Piece) -> Option<usize> {
    let words: Vec<&str> = piece.text.split(' ').collect();
    // A figure in brackets beside another ("4,8 (4,8)", last year's) is
    // the same cell's.
    let money = |w: &str| {
        let separated = w.bytes().any(|b| matches!(b, b'.' | b','));
        (is_figure(w) && separated && !w.starts_with('(')) || glued_figures(w)
    };
    let run = words.iter().rev().take_while(|w| money(w)).count();
    // A word of figures run together is two figures at least.
    let glued = words[words.len() - run..].iter().any(|w| glued_figures(w));
    if words.len() < 2 || !(run >= 2 || run == 1 && glued) {
        return None;
    }
    // Figures only ("0,9 1,5 1,5 1,5"): each its own, from the first.
    Some(words.len().saturating_sub(run + 1))
}

/// Cut a piece in two at a byte of its text: word `k` ends the left part.
fn cut(piece: &Piece, k: usize) -> (Piece, Piece) {
    let (end, start, byte) = piece.breaks[k];
    let mut left = piece.clone();
    left.x1 = end;
    left.text.truncate(byte - 1);
    left.breaks.truncate(k);
    left.words = k + 1;
    left.figure = is_figure(&left.text);
    let mut right = piece.clone();
    right.x0 = start;
    right.text = piece.text[byte..].to_string();
    right.breaks = piece.breaks[k + 1..]
        .iter()
        .map(|&(e, s, b)| (e, s, b - byte))
        .collect();
    right.words = piece.words - k - 1;
    right.figure = is_figure(&right.text);
    (left, right)
}

/// Where a word of a piece starts and ends, and its bytes in the text.
fn word_at(piece: &Piece, k: usize) -> (f32, f32, usize, usize) {
    let x0 = if k == 0 {
        piece.x0
    } else {
        piece.breaks[k - 1].1
    };
    let x1 = piece.breaks.get(k).map_or(piece.x1, |b| b.0);
    let from = if k == 0 { 0 } else { piece.breaks[k - 1].2 };
    let to = piece.breaks.get(k).map_or(piece.text.len(), |b| b.2 - 1);
    (x0, x1, from, to)
}

/// Two cells printed without a gap are one word to pdftotext
/// ("ressourcer300", "anlæg)-6.884", "2024Budget"): a word over two
/// columns is parted where letters meet a figure, when there is exactly
/// one such place and the figure is whole. Figures run into figures
/// ("145,4178,2") have no such place and stay unread.
fn unglue(piece: &Piece, columns: &[(f32, f32)]) -> Option<(Piece, Piece)> {
    for k in 0..piece.words {
        let (x0, x1, from, _) = word_at(piece, k);
        // The first column the word runs into from the left.
        let entered = columns
            .iter()
            .skip(1)
            .find(|&&(a, _)| x0 < a - 1.0 && x1 > a + 1.0);
        let (Some(&(column, _)), Some((at, share))) = (entered, glued_place(piece, k)) else {
            continue;
        };
        // The break between the two, placed by the share of characters,
        // and the figure's side no further left than its column.
        let x = x0 + (x1 - x0) * share;
        let (end, start) = (x.min(column - 1.0), x.max(column));
        let mut joined = piece.clone();
        joined.text = format!("{} {}", &piece.text[..from + at], &piece.text[from + at..]);
        let shifted = piece
            .breaks
            .iter()
            .map(|&(e, s, b)| (e, s, if b > from { b + 1 } else { b }));
        let mut breaks: Vec<(f32, f32, usize)> = shifted.collect();
        breaks.insert(k, (end, start, from + at + 1));
        joined.breaks = breaks;
        joined.words += 1;
        return Some(cut(&joined, k));
    }
    None
}

/// The one place in word `k` where a text meets a figure, as a byte in the
/// word and the share of its characters before it.
fn glued_place(piece: &Piece, k: usize) -> Option<(usize, f32)> {
    let (_, _, from, to) = word_at(piece, k);
    let word = &piece.text[from..to];
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    let digit = |c: char| c.is_ascii_digit();
    let places: Vec<usize> = (1..chars.len())
        .filter(|&j| {
            let (before, next) = (chars[j - 1].1, chars[j].1);
            let starts_figure =
                digit(next) || next == '-' && chars.get(j + 1).is_some_and(|c| digit(c.1));
            let text_before = before.is_alphabetic() || matches!(before, ')' | ':' | '*');
            text_before && starts_figure || digit(before) && next.is_alphabetic()
        })
        .collect();
    let [j] = places.as_slice() else {
        return None;
    };
    let at = chars[*j].0;
    let (left, right) = (&word[..at], &word[at..]);
    (is_figure(right) || is_figure(left) || glued_figures(right))
        .then_some((at, *j as f32 / chars.len() as f32))
}

/// Where a figure grouped by thousands ("1.300", "-0,8", "145,4") that
/// starts at byte `at` may end, with its number of decimals (three at
/// most: money is not printed with more).
fn grouped_ends(bytes: &[u8], at: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let start = at + usize::from(bytes.get(at) == Some(&b'-'));
    let lead = bytes[start.min(bytes.len())..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    for first in 1..=lead.min(3) {
        let mut j = start + first;
        loop {
            out.push((j, 0));
            if bytes.get(j) == Some(&b',') {
                let digits = bytes[j + 1..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
                for d in 1..=digits.min(3) {
                    out.push((j + 1 + d, d));
                }
            }
            let group = bytes.get(j) == Some(&b'.')
                && bytes
                    .get(j + 1..j + 4)
                    .is_some_and(|g| g.iter().all(u8::is_ascii_digit));
            if !group {
                break;
            }
            j += 4;
        }
    }
    out
}

/// The one reading of `text` as `parts` grouped figures run together, all
/// with as many decimals: the end of each figure. `None` when there is no
/// such reading or more than one, or no point or comma in the text. A table of counts by position, part and
/// decimals keeps it linear in the text (a search of every reading would
/// be exponential in the parts).
fn glued_reading(text: &str, parts: usize) -> Option<Vec<usize>> {
    let bytes = text.as_bytes();
    let n = bytes.len();
    if n > 96 || parts == 0 {
        return None;
    }
    let ends: Vec<Vec<(usize, usize)>> = (0..n).map(|at| grouped_ends(bytes, at)).collect();
    // ways[d][k][i]: readings of text[i..] as k figures of d decimals,
    // counted up to two.
    let mut ways = vec![vec![vec![0u8; n + 1]; parts + 1]; 4];
    for (d, table) in ways.iter_mut().enumerate() {
        table[0][n] = 1;
        for k in 1..=parts {
            for i in (0..n).rev() {
                let mut count = 0u8;
                for &(end, _) in ends[i].iter().filter(|e| e.1 == d) {
                    count = count.saturating_add(table[k - 1][end]).min(2);
                }
                table[k][i] = count;
            }
        }
    }
    let total: u32 = ways.iter().map(|t| u32::from(t[parts][0])).sum();
    if total != 1 {
        return None;
    }
    let d = ways.iter().position(|t| t[parts][0] == 1)?;
    let mut out = Vec::with_capacity(parts);
    let mut at = 0;
    for k in (1..=parts).rev() {
        let &(end, _) = ends[at]
            .iter()
            .find(|&&(end, dec)| dec == d && ways[d][k - 1][end] == 1)?;
        out.push(end);
        at = end;
    }
    // Money run together has a thousands point or a decimal comma in it;
    // "1-17" (weeks 1 to 17) is a range, not 1 and -17.
    let money = text.bytes().any(|b| matches!(b, b'.' | b','));
    money.then_some(out)
}
/// Whether a piece is figures run together: not a figure, but digits
/// and separators that read as two grouped figures or more.
fn glued_figures(text: &str) -> bool {
    !is_figure(text)
        && !text.contains(' ')
        && numeric(text)
        && (2..=8).any(|n| glued_reading(text, n).is_some())
}

/// Figures or years run together: a piece that spans the columns it
/// fills rather than standing in one ("2025202620272028" reads as one
/// large number, and is none).
fn run_together(text: &str) -> bool {
    glued_years(text).is_some() || glued_figures(text)
}

/// Years of a header run together, one after the other
/// ("2025202620272028"): how many.
fn glued_years(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    if bytes.len() < 8 || !bytes.len().is_multiple_of(4) || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let years: Vec<u32> = bytes
        .chunks(4)
        .map(|c| c.iter().fold(0, |n, &d| n * 10 + u32::from(d - b'0')))
        .collect();
    let plausible = years.iter().all(|y| (1990..=2100).contains(y));
    let consecutive = years.windows(2).all(|w| w[1] == w[0] + 1);
    (plausible && consecutive).then_some(years.len())
}

/// Figures of neighbouring columns printed without a gap are one word
/// ("1.3001.3001.3001.300" under four year columns, "0,91,51,5"): a word
/// over `k` figure columns is read as `k` figures when exactly one
/// reading has every figure grouped by thousands and all with as many
/// decimals; each figure is then its column's. Any doubt leaves it
/// unread ("145,4178,2" reads as 145,4|178,2 and 145,41|78,2 alike
/// until the decimals decide).
fn split_glued_figures(rows: &mut [Row], columns: &[(f32, f32)]) {
    for row in rows {
        let mut pieces = Vec::with_capacity(row.pieces.len());
        for piece in std::mem::take(&mut row.pieces) {
            let over: Vec<usize> = (0..columns.len())
                .filter(|&c| piece.x0 < columns[c].1 && piece.x1 > columns[c].0)
                .collect();
            if over.len() < 2 || !run_together(&piece.text) {
                pieces.push(piece);
                continue;
            }
            let years = glued_years(&piece.text).filter(|&k| k == over.len());
            let ends = years
                .map(|k| (1..=k).map(|i| 4 * i).collect())
                .or_else(|| glued_reading(&piece.text, over.len()));
            let Some(ends) = ends else {
                pieces.push(piece);
                continue;
            };
            let mut start = 0;
            for (&end, &c) in ends.iter().zip(&over) {
                let text = piece.text[start..end].to_string();
                start = end;
                pieces.push(Piece {
                    x0: columns[c].0,
                    x1: columns[c].1,
                    figure: is_figure(&text),
                    text,
                    words: 1,
                    breaks: Vec::new(),
                    ..piece.clone()
                });
            }
        }
        row.pieces = pieces;
    }
}

/// A header over several columns whose cells touch prints as one run of
/// words ("Nr. Projektnavn U/IAnlægsbevillingForbrug i altAfvigelse"):
/// a new cell starts where a capital follows a small letter, a point or a
/// bracket inside a word ("bevillingForbrug", "kr.Forbrug") or starts a
/// word after another capital ("IAnlægs").
/// Each part is a column's: as many parts as columns, in turn; fewer, the
/// column each starts in; the run is left as it is when neither fits.
fn split_run_together_header(piece: &Piece, columns: &[(f32, f32)]) -> Option<Vec<Piece>> {
    let over: Vec<usize> = (0..columns.len())
        .filter(|&c| piece.x0 < columns[c].1 && piece.x1 > columns[c].0)
        .collect();
    if over.len() < 2 || piece.figure {
        return None;
    }
    let chars: Vec<(usize, char)> = piece.text.char_indices().collect();
    let starts: Vec<usize> = (1..chars.len())
        .filter(|&j| {
            let (before, here) = (chars[j - 1].1, chars[j].1);
            let next_small = chars.get(j + 1).is_some_and(|c| c.1.is_lowercase());
            here.is_uppercase()
                && (before.is_lowercase()
                    || matches!(before, '.' | ')')
                    || before.is_uppercase() && next_small && j >= 2)
        })
        .map(|j| chars[j].0)
        .collect();
    if starts.is_empty() || starts.len() >= over.len() {
        return None;
    }
    let mut bounds = vec![0];
    bounds.extend(&starts);
    bounds.push(piece.text.len());
    // As many parts as columns: each its column. Fewer: each the column
    // where it starts, told by its share of the characters, when the
    // columns so told go left to right.
    let chars_before = |byte: usize| piece.text[..byte].chars().count() as f32;
    let total = chars_before(piece.text.len()).max(1.0);
    let placed: Vec<usize> = if starts.len() + 1 == over.len() {
        over.clone()
    } else {
        bounds[..bounds.len() - 1]
            .iter()
            .map(|&b| {
                let x = piece.x0 + (piece.x1 - piece.x0) * chars_before(b) / total;
                let inside = over.iter().copied().rfind(|&c| columns[c].0 <= x + 1.0);
                inside.unwrap_or(over[0])
            })
            .collect()
    };
    if placed.windows(2).any(|w| w[0] >= w[1]) {
        return None;
    }
    let parts = bounds
        .windows(2)
        .zip(&placed)
        .map(|(w, &c)| {
            let text = piece.text[w[0]..w[1]].trim();
            spread(piece, text, columns[c].0, columns[c].1)
        })
        .collect();
    Some(parts)
}

/// A piece of `text` over `x0..x1`, on the line of `like`, its words
/// sharing the width by their characters.
fn spread(like: &Piece, text: &str, x0: f32, x1: f32) -> Piece {
    let mut words = Vec::new();
    push_words(&mut words, text, x0, like.y0, x1, like.y1);
    let mut piece = Piece {
        x0,
        x1: x0,
        text: String::new(),
        words: 0,
        figure: false,
        breaks: Vec::new(),
        ..like.clone()
    };
    for word in &words {
        if piece.words > 0 {
            // (end of the word before, start of this one, its byte)
            piece.breaks.push((piece.x1, word.x0, piece.text.len() + 1));
            piece.text.push(' ');
        }
        piece.text.push_str(&word.text);
        piece.words += 1;
        piece.x1 = word.x1;
    }
    piece.x1 = x1;
    piece.figure = is_figure(&piece.text);
    piece
}

/// Header cells that pdftotext ran together over two columns
/// ("Indstillingspunkt Beskrivelse", "Styringsområde Udvalg 2021 21-"):
/// a piece is cut where the space between two of its words lies between
/// two columns and one of its words stands at the edge of a column.
fn split_at_columns(rows: &mut [Row], columns: &[(f32, f32)]) {
    for row in rows {
        let mut pieces = Vec::with_capacity(row.pieces.len());
        for piece in std::mem::take(&mut row.pieces) {
            let mut rest = piece;
            loop {
                let at = rest
                    .breaks
                    .iter()
                    .enumerate()
                    .position(|(k, &(end, start, _))| {
                        // A word run into the next cell ("Budget 2024Budget
                        // 2025") is parted where it runs in, not before it.
                        let glued_next = glued_place(&rest, k + 1).is_some();
                        !glued_next
                            && columns.windows(2).any(|w| {
                                let between = end <= w[1].0 + 1.0 && start >= w[0].1 - 1.0;
                                // The next word starts where the next column's
                                // cells start (left-aligned), or this one ends
                                // where this column's end (right-aligned): not a
                                // space inside a header wider than its figures
                                // ("Beløb modtaget i 2023").
                                let edge =
                                    (start - w[1].0).abs() < 2.0 || (end - w[0].1).abs() < 2.0;
                                between && edge
                            })
                    });
                match at {
                    Some(k) => {
                        let (left, right) = cut(&rest, k);
                        pieces.push(left);
                        rest = right;
                    }
                    None => match unglue(&rest, columns) {
                        Some((left, right)) => {
                            pieces.push(left);
                            rest = right;
                        }
                        None => {
                            if let Some(parts) = split_run_together_header(&rest, columns) {
                                pieces.extend(parts);
                                rest = pieces.pop().expect("two parts at least");
                            }
                            break;
                        }
                    },
                }
            }
            pieces.push(rest);
        }
        row.pieces = pieces;
    }
}

/// The header word of a row-number column.
fn header_key_word(word: &str) -> bool {
    matches!(
        word.to_lowercase().trim_end_matches('.'),
        "nr" | "nummer" | "løbenr" | "pkt" | "projektnr"
    )
}

/// A header's period wrapped after its first year: "2029" / "- 2034" is
/// "2029 - 2034", not a figure under a year.
fn continues_period(cell: &str, next: &str) -> bool {
    let year = |t: &str| {
        t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) && ("1900".."2100").contains(&t)
    };
    let next = next.trim();
    let rest = next.strip_prefix('-').or_else(|| next.strip_prefix('–'));
    cell.split_whitespace().next_back().is_some_and(year) && rest.is_some_and(|r| year(r.trim()))
}

/// One table's rows of the page as a grid, with its columns and the box
/// of each grid row.
fn grid_of(rows: &[Row]) -> (Grid, Vec<(f32, f32)>, Vec<RowBox>) {
    let mut rows = split_at_figure_columns(rows);
    let first = columns(&rows, true);
    split_at_columns(&mut rows, &first);
    let columns = columns(&rows, false);
    split_glued_figures(&mut rows, &columns);
    let mut built = stack(&rows, &columns, is_padded(&rows));
    drop_repeated_headers(&mut built);
    numbers_into_labels(&mut built);
    part_number_column(&mut built);
    let boxes: Vec<RowBox> = built.iter().map(|b| b.bbox).collect();
    let rows = grid_rows(built);
    let grid = Grid {
        line: rows.first().map_or(0, |r| r.line),
        caption: None,
        rows,
    };
    (grid, columns, boxes)
}

/// Whether a table pads its rows. Padding puts a wide gap between every
/// two rows of the table, so between most of its rows of figures, however
/// many lines their cells wrap to (a column of explanations ten lines
/// long); a table without padding has the line spacing throughout, and at
/// most a blank line or two.
fn is_padded(rows: &[Row]) -> bool {
    let gaps: Vec<f32> = rows
        .windows(2)
        .map(|w| gap(&w[0], &w[1]) / w[1].height())
        .collect();
    let wide = gaps.iter().filter(|&&g| g >= PADDED).count();
    let figure_rows = rows.iter().filter(|r| r.has_figures()).count();
    wide >= 1 && wide * 2 + 1 >= figure_rows
}

/// A row of the table being built from rows of the page.
struct Built {
    line: u32,
    page: usize,
    bbox: RowBox,
    cells: Vec<String>,
    /// Last column each piece reached, for the spans.
    reach: Vec<usize>,
    figures: Vec<bool>,
}

impl Built {
    fn new(row: &Row, width: usize) -> Built {
        Built {
            line: row.line,
            page: row.page,
            bbox: RowBox {
                x0: f32::INFINITY,
                y0: row.y0,
                x1: f32::NEG_INFINITY,
                y1: row.y1,
            },
            cells: vec![String::new(); width],
            reach: (0..width).collect(),
            figures: vec![false; width],
        }
    }

    fn has_figures(&self) -> bool {
        self.figures.iter().any(|&f| f)
    }

    /// A figure that is not a header's year ("Beløb i 2022", "2024"):
    /// the table's body starts at the first such row.
    fn has_amounts(&self) -> bool {
        self.figures
            .iter()
            .zip(&self.cells)
            .any(|(&f, cell)| f && crate::text::single_year(cell).is_none())
    }
}

/// The rows of the page stacked into the rows of the table: each piece in
/// its column, the lines of one cell joined.
fn stack(rows: &[Row], columns: &[(f32, f32)], padded: bool) -> Vec<Built> {
    let width = columns.len().max(1);
    let mut built: Vec<Built> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let placed: Vec<(usize, usize, &Piece)> = row
            .pieces
            .iter()
            .map(|p| {
                let (a, b) = columns_of(p, columns);
                (a, b, p)
            })
            .collect();
        let stacked = i > 0 && gap(&rows[i - 1], row) < TIGHT * row.height();
        // A row that only ends the periods of a header row just above
        // ("2029" / "2024 … 2028  SUM" / "- 2034") goes to that row.
        let ends_periods = |b: &Built| {
            placed
                .iter()
                .all(|&(c, _, p)| continues_period(&b.cells[c], &p.text))
        };
        let back = built.len().saturating_sub(3);
        if let Some(k) = (back..built.len())
            .rev()
            .find(|&k| stacked && ends_periods(&built[k]))
        {
            let target = &mut built[k];
            for &(first, _, piece) in &placed {
                join_line(&mut target.cells[first], &piece.text);
                widen(&mut target.bbox, piece);
            }
            continue;
        }
        // In a padded table, lines stacked tightly are one row, unless two
        // figures would share a cell.
        let join = stacked
            && padded
            && built
                .last()
                .is_some_and(|b| placed.iter().all(|&(c, _, p)| !(p.figure && b.figures[c])));
        if !join {
            built.push(Built::new(row, width));
        }
        let target = built.last_mut().expect("a row was started");
        for (first, last, piece) in placed {
            join_line(&mut target.cells[first], &piece.text);
            widen(&mut target.bbox, piece);
            target.reach[first] = target.reach[first].max(last);
            target.figures[first] |= piece.figure;
        }
    }
    built
}

/// A header repeated at the top of the next page is read once.
fn drop_repeated_headers(built: &mut Vec<Built>) {
    let mut k = 1;
    while k < built.len() {
        if built[k].page != built[k - 1].page {
            let repeated = (0..)
                .take_while(|&j| {
                    j < k && k + j < built.len() && built[k + j].cells == built[j].cells
                })
                .count();
            built.drain(k..k + repeated);
        }
        k += 1;
    }
}

/// A column of project numbers beside the labels, with no header of its
/// own ("Anlægsbevilling | 450", "| 621", "| 622" where the header row was
/// lost to text run together): the numbers are the labels'.
fn numbers_into_labels(built: &mut [Built]) {
    let numbers = |b: &Built| {
        let cell = b.cells.get(1).map_or("", String::as_str);
        !cell.is_empty() && cell.len() <= 3 && cell.bytes().all(|c| c.is_ascii_digit())
    };
    let Some(first) = built.iter().position(Built::has_figures) else {
        return;
    };
    if built[0].cells.len() <= 2 {
        return;
    }
    let body = &built[first..];
    let mut seen: Vec<&str> = body
        .iter()
        .filter(|b| numbers(b))
        .map(|b| b.cells[1].as_str())
        .collect();
    let count = seen.len();
    seen.sort_unstable();
    seen.dedup();
    let only_numbers = body.iter().all(|b| b.cells[1].is_empty() || numbers(b));
    let unheaded = built[..first].iter().all(|b| b.cells[1].is_empty());
    if count >= 2 && seen.len() == count && only_numbers && unheaded {
        for b in built {
            let number = std::mem::take(&mut b.cells[1]);
            join_line(&mut b.cells[0], &number);
            b.figures[1] = false;
        }
    }
}

/// A number column run into the labels ("159 Tagrenovering, …" under
/// "Nr. Projektnavn"): when the labels' header starts with the word of a
/// row-number column and most labels of rows of figures (the totals
/// aside) start with a number or a row's letter, the numbers are a column
/// of their own, as in the HTML the page was printed from.
fn part_number_column(built: &mut [Built]) {
    let Some(first) = built.iter().position(Built::has_amounts) else {
        return;
    };
    let header_key = built[..first]
        .iter()
        .any(|b| header_key_end(&b.cells[0]).is_some());
    let labelled: Vec<&Built> = built[first..]
        .iter()
        .filter(|b| b.has_figures() && !b.cells[0].is_empty() && !total_label(&b.cells[0]))
        .collect();
    // Most labels numbered: a row may have no number ("Energitiltag"
    // after "a Rengøring" … "f Plan").
    let numbered = labelled
        .iter()
        .filter(|b| leading_number(&b.cells[0]).is_some())
        .count();
    if !header_key || numbered < 2 || numbered * 4 < labelled.len() * 3 {
        return;
    }
    for (i, b) in built.iter_mut().enumerate() {
        // The header's first word, and each numbered label's number.
        let at = if i < first {
            header_key_end(&b.cells[0])
        } else {
            leading_number(&b.cells[0])
        };
        let (head, rest) = match at {
            Some(at) => (
                b.cells[0][..at].to_string(),
                b.cells[0][at..].trim_start().to_string(),
            ),
            None => (String::new(), std::mem::take(&mut b.cells[0])),
        };
        b.cells[0] = rest;
        b.cells.insert(0, head);
        b.reach = std::iter::once(0)
            .chain(b.reach.iter().map(|r| r + 1))
            .collect();
        b.figures.insert(0, false);
    }
    part_code_column(built, first);
}

/// A total's label ("I alt", "Total", "Samlet", "Sum …").
fn total_label(label: &str) -> bool {
    let lower = label.to_lowercase();
    ["i alt", "total", "samlet", "sum"]
        .iter()
        .any(|t| lower.starts_with(t))
}

/// Where the number that starts a label ends: "159 Tagrenovering, …", or
/// run into it, "159Tagrenovering, …" (cells that touch); or a row's
/// letter, "a Rengøring".
fn leading_number(label: &str) -> Option<usize> {
    let digits = label.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &label[digits..];
    let spaced = rest.starts_with(' ') && rest.chars().any(char::is_alphabetic);
    let run_in = rest.chars().next().is_some_and(char::is_uppercase);
    if (1..=5).contains(&digits) && (spaced || run_in) {
        return Some(digits);
    }
    let mut chars = label.chars();
    let letter = chars.next().is_some_and(|c| c.is_ascii_lowercase());
    let then = chars.as_str();
    let capital = then.strip_prefix(' ').and_then(|r| r.chars().next());
    (letter && capital.is_some_and(char::is_uppercase)).then_some(1)
}

/// Where the word of a row-number column ends that starts a header
/// cell, spaced or run into the next ("Nr. Projektnavn",
/// "Nr.Kompenserende tiltag").
fn header_key_end(header: &str) -> Option<usize> {
    let (first, rest) = header.split_once(' ')?;
    if header_key_word(first) {
        return Some(first.len());
    }
    let dot = first.find('.')?;
    let after = &first[dot + 1..];
    (header_key_word(&first[..=dot]) && after.chars().next().is_some_and(char::is_uppercase))
        .then_some(dot + 1)
        .filter(|_| !rest.is_empty())
}

/// A code column run into the end of the labels, after the number column
/// was parted: the labels' header ends in a code header of capitals
/// ("Projektnavn U/I", udgift or indtægt) and every numbered label ends in
/// one of its letters ("… mv U"): the letters are a column of their own.
fn part_code_column(built: &mut [Built], first: usize) {
    let label = 1;
    let code = built[..first].iter().find_map(|b| {
        let last = b.cells[label].rsplit(' ').next()?;
        let letters: Vec<&str> = last.split('/').collect();
        let capitals = letters.len() >= 2
            && letters
                .iter()
                .all(|l| l.chars().count() == 1 && l.chars().all(char::is_uppercase));
        (capitals && b.cells[label].contains(' ')).then(|| letters.join(""))
    });
    let Some(code) = code else {
        return;
    };
    let ends_in_code = |text: &str| {
        text.rsplit_once(' ')
            .is_some_and(|(_, last)| last.chars().count() == 1 && code.contains(last))
    };
    let labelled = built[first..]
        .iter()
        .filter(|b| b.has_figures() && !b.cells[0].is_empty());
    if !labelled.clone().all(|b| ends_in_code(&b.cells[label])) {
        return;
    }
    for (i, b) in built.iter_mut().enumerate() {
        let split = (i < first || ends_in_code(&b.cells[label])) && b.cells[label].contains(' ');
        let (rest, last) = match b.cells[label].rsplit_once(' ').filter(|_| split) {
            Some((r, l)) => (r.to_string(), l.to_string()),
            None => (std::mem::take(&mut b.cells[label]), String::new()),
        };
        b.cells[label] = rest;
        b.cells.insert(label + 1, last);
        let reach: Vec<usize> = b
            .reach
            .iter()
            .map(|&r| if r > label { r + 1 } else { r })
            .collect();
        b.reach = reach[..=label]
            .iter()
            .copied()
            .chain(std::iter::once(label + 1))
            .chain(reach[label + 1..].iter().copied())
            .collect();
        b.figures.insert(label + 1, false);
    }
}

/// The built rows as grid rows: a piece over several columns heads (or
/// labels) each of them, marked as spanning.
fn grid_rows(built: Vec<Built>) -> Vec<GridRow> {
    built
        .into_iter()
        .map(|b| {
            let width = b.cells.len();
            let mut spans = vec![Span::Origin; width];
            let mut cells = b.cells;
            for c in 0..width {
                for covered in c + 1..=b.reach[c].min(width - 1) {
                    if cells[covered].is_empty() {
                        spans[covered] = Span::Left;
                        cells[covered] = cells[c].clone();
                    }
                }
            }
            GridRow {
                line: b.line,
                cells,
                spans,
                header: false,
            }
        })
        .collect()
}

/// Widen a row's box over a piece placed in it.
fn widen(bbox: &mut RowBox, piece: &Piece) {
    bbox.x0 = bbox.x0.min(piece.x0);
    bbox.y0 = bbox.y0.min(piece.y0);
    bbox.x1 = bbox.x1.max(piece.x1);
    bbox.y1 = bbox.y1.max(piece.y1);
}

/// A page's pieces in reading order: text rows, and tables with their
/// columns and the box of each of their rows.
enum Item {
    Text(u32, String),
    Table(Grid, Vec<(f32, f32)>, Vec<RowBox>),
}

/// Extract a document from `pdftotext -bbox-layout` output.
pub fn extract_bbox(xhtml: &str) -> Document {
    extract_pages(&read_bbox(xhtml))
}

/// The tables of pages of positioned words, as grids (a table continued
/// over pages is one grid).
pub fn grids(pages: &[PdfPage]) -> Vec<Grid> {
    lay_out(pages)
        .0
        .into_iter()
        .filter_map(|item| match item {
            Item::Table(grid, ..) => Some(grid),
            Item::Text(..) => None,
        })
        .collect()
}

/// The pages' text rows and tables in reading order, and the line each
/// page starts on.
fn lay_out(pages: &[PdfPage]) -> (Vec<Item>, Vec<u32>) {
    let mut line = 0u32;
    let mut page_starts = Vec::with_capacity(pages.len());
    let mut paged: Vec<(f32, Vec<Row>)> = Vec::with_capacity(pages.len());
    for page in pages {
        let mut rows = rows_of(page);
        page_starts.push(line + 1);
        for row in &mut rows {
            line += 1;
            row.line = line;
        }
        paged.push((page.height, rows));
    }
    let running = running_rows(&paged);
    let mut kept: Vec<Row> = Vec::with_capacity(line as usize);
    for (page, ((_, rows), running)) in paged.into_iter().zip(&running).enumerate() {
        for (mut row, &is_running) in rows.into_iter().zip(running) {
            if !is_running {
                row.page = page;
                kept.push(row);
            }
        }
    }
    // Tables are found in the rows of the whole document, so one that runs
    // over a page break (or whose header ends a page) is one table.
    let mut items: Vec<Item> = Vec::new();
    let mut at = 0;
    let body = body_height(&kept);
    for (start, end) in table_spans(&kept) {
        text_items(&kept[at..start], body, &mut items);
        let (grid, columns, boxes) = grid_of(&kept[start..end]);
        items.push(Item::Table(grid, columns, boxes));
        at = end;
    }
    text_items(&kept[at..], body, &mut items);
    (items, page_starts)
}

/// The height of most rows: the body text's.
fn body_height(rows: &[Row]) -> f32 {
    let mut heights: Vec<f32> = rows.iter().map(Row::height).collect();
    heights.sort_by(f32::total_cmp);
    heights.get(heights.len() / 2).copied().unwrap_or(0.0)
}

/// Where a row's text starts: its first word with a letter or digit (a
/// bullet before it is no text).
fn text_start(row: &Row) -> f32 {
    for piece in &row.pieces {
        for (k, word) in piece.text.split(' ').enumerate().take(piece.words) {
            if word.chars().any(char::is_alphanumeric) {
                return word_at(piece, k).0;
            }
        }
    }
    f32::INFINITY
}

/// The height of a row's text, a bullet's glyph aside.
fn text_height(row: &Row) -> f32 {
    row.pieces
        .iter()
        .filter(|p| p.text.chars().any(char::is_alphanumeric))
        .map(Piece::height)
        .fold(f32::INFINITY, f32::min)
}

/// Text rows as lines of text, a paragraph's lines joined into one line
/// as the page it was printed from had it: the prose rules read a
/// sentence whole ("for i alt 7,15" / "mio. kr. jævnfør nedenstående
/// tabel 3" states the unit of the table below it), and a heading wrapped
/// over two lines is one ("Greve Kommune – Byråd 2022-2025 – Dagsorden" /
/// "31.01.2022", where the meeting is read). The next row continues the
/// line when it is set in the same size, stacked with a paragraph's line
/// spacing (not the space between paragraphs), and the line before it is
/// full (reaches near the right margin: it was wrapped) or a heading (set
/// larger than the body text).
fn text_items(rows: &[Row], body: f32, items: &mut Vec<Item>) {
    // The right margin of each page's text.
    let mut margin: std::collections::HashMap<usize, f32> = std::collections::HashMap::new();
    for row in rows {
        let right = row.pieces.last().map_or(0.0, |p| p.x1);
        let m = margin.entry(row.page).or_insert(0.0);
        *m = m.max(right);
    }
    let mut i = 0;
    while i < rows.len() {
        let row = &rows[i];
        let mut text = row.text();
        let heading = row.height() > 1.3 * body;
        while i + 1 < rows.len() {
            let (last, next) = (&rows[i], &rows[i + 1]);
            let right = last.pieces.last().map_or(0.0, |p| p.x1);
            let full = margin.get(&last.page).is_some_and(|&m| right >= 0.8 * m);
            let continues = (heading || full)
                && next.page == last.page
                && (text_height(next) - text_height(row)).abs() < 0.5
                && gap(last, next) < 0.25 * row.height()
                // (A heading may be centred, or go on with a dash.)
                && (heading || text_start(next) <= text_start(last) + 1.0);
            if !continues {
                break;
            }
            text.push(' ');
            text.push_str(&next.text());
            i += 1;
        }
        items.push(Item::Text(row.line, text));
        i += 1;
    }
}

/// Extract a document from pages of positioned words.
pub fn extract_pages(pages: &[PdfPage]) -> Document {
    let (items, page_starts) = lay_out(pages);
    let mut laid = Laid::default();
    for item in &items {
        match item {
            Item::Text(line, text) => laid.text(*line, text.clone()),
            Item::Table(grid, _, boxes) => laid.grid_with_boxes(grid, "pdf", boxes),
        }
    }
    let mut diagnostics = Vec::new();
    if items.is_empty() {
        diagnostics.push(Diagnostic {
            line: None,
            severity: Severity::Warning,
            message: "expected text in the PDF, found none (a scanned PDF needs OCR first)".into(),
        });
    }
    let mut doc = laid.interpret(diagnostics, None);
    doc.encoding = "pdf";
    doc.page_starts = page_starts;
    doc
}

/// The pages' items as lines of text, for looking at what was read: a
/// text row as it is, a table row as its cells between bars.
pub fn dump(pages: &[PdfPage]) -> String {
    let (items, page_starts) = lay_out(pages);
    let mut out = String::new();
    for item in items {
        match item {
            Item::Text(line, text) => {
                let page = page_starts.partition_point(|&s| s <= line);
                out.push_str(&format!("p{page} {line:4}   {text}\n"));
            }
            Item::Table(grid, columns, _) => {
                out.push_str(&format!("== table, {} columns\n", columns.len()));
                for row in grid.rows {
                    let page = page_starts.partition_point(|&s| s <= row.line);
                    out.push_str(&format!(
                        "p{page} {:4} | {}\n",
                        row.line,
                        row.cells.join(" | ")
                    ));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_run_together_have_one_reading_or_none() {
        let cases: &[(&str, usize, Option<&[usize]>)] = &[
            ("1.3001.300", 2, Some(&[5, 10])),
            ("1.3001.3001.3001.300", 4, Some(&[5, 10, 15, 20])),
            ("0,91,51,5", 3, Some(&[3, 6, 9])),
            ("-0,8-1,4", 2, Some(&[4, 8])),
            // 145,4|178,2|140,4|136,4|137,6: the one reading with as many
            // decimals in every figure.
            ("145,4178,2140,4136,4137,6", 5, Some(&[5, 10, 15, 20, 25])),
            ("1.300", 2, None),
            ("1.3001.300", 3, None),
            // 12,3|45,6 is the one reading with as many decimals each.
            ("12,345,6", 2, Some(&[4, 8])),
            // 1|231, 12|31 and 123|1: doubt.
            ("1231", 2, None),
            ("", 2, None),
        ];
        for &(text, parts, want) in cases {
            assert_eq!(
                glued_reading(text, parts).as_deref(),
                want,
                "{text} in {parts}"
            );
        }
        // A long run of decimals is counted, not searched.
        let long = "1,1".repeat(30);
        assert!(glued_reading(&long, 8).is_none());
        assert!(glued_reading(&"9".repeat(200), 8).is_none());
    }

    #[test]
    fn lines_of_a_cell_join_as_printed() {
        let cases = [
            ("Mer-/ mindre-", "forbrug 2021", "Mer-/ mindre-forbrug 2021"),
            (
                "Beskæftigelses-",
                "og Socialudvalget",
                "Beskæftigelses- og Socialudvalget",
            ),
            ("2021 21-", "PL", "2021 21-PL"),
            ("Faktisk udgifter 28/2-", "23", "Faktisk udgifter 28/2-23"),
            ("16.064.25", "0", "16.064.250"),
            ("215.893", "423", "215.893 423"),
            (
                "Tab vedr. ydelser og tilskud, Udbetaling",
                "Danmark",
                "Tab vedr. ydelser og tilskud, Udbetaling Danmark",
            ),
            ("", "Drift", "Drift"),
        ];
        for (cell, next, want) in cases {
            let mut joined = cell.to_string();
            join_line(&mut joined, next);
            assert_eq!(joined, want);
        }
        assert!(continues_period("2029", "- 2034"));
        assert!(continues_period("Budget 2029", "-2034"));
        assert!(!continues_period("2029", "-2.034"));
        assert!(!continues_period("Drift", "- 2034"));
    }

    #[test]
    fn bbox_markup_is_read_and_entities_decoded() {
        let xhtml = r#"<doc><page width="612.0" height="792.0"><flow><block><line>
            <word xMin="10" yMin="20" xMax="40" yMax="32">Drift &amp; anlæg</word>
            <word xMin="50" yMin="20" xMax="60" yMax="32">&#8722;5</word>
            <word xMin="nan" yMin="20" xMax="60" yMax="32">lost</word>
            <word xMin="70" yMin="20" xMax="80" yMax="32"></word>
            </line></block></flow></page><page width="612" height="792"></page></doc>"#;
        let pages = read_bbox(xhtml);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].width, 612.0);
        let words: Vec<&str> = pages[0].lines[0].iter().map(|w| w.text.as_str()).collect();
        // A word with spaces is words, sharing its box.
        assert_eq!(words, ["Drift", "&", "anlæg", "\u{2212}5"]);
        let line = &pages[0].lines[0];
        assert!(line[0].x0 == 10.0 && line[0].x1 < line[1].x0 && line[2].x1 <= 40.0);
        assert!(pages[1].lines.is_empty());
        assert_eq!(
            unescape("a &lt;b&gt; &quot;c&quot; &apos;d&apos; &x; &"),
            "a <b> \"c\" 'd' &x; &"
        );
        assert_eq!(attribute(r#"word xMin="1" yMin="2""#, "Min"), None);
        assert_eq!(attribute(r#"word xMin="1" yMin="2""#, "yMin"), Some("2"));
    }
}
