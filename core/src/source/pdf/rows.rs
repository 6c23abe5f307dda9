//! The rows of a page: words on one baseline, parted into pieces at the
//! gaps between columns, and the running headers and footers among them.

use super::*;

/// A run of words without a column gap.
#[derive(Debug, Clone)]
pub(super) struct Piece {
    pub(super) x0: f32,
    pub(super) y0: f32,
    pub(super) x1: f32,
    pub(super) y1: f32,
    pub(super) text: String,
    pub(super) figure: bool,
    /// Where each word ends and the next starts, for splitting the piece
    /// at a column edge: (end of word k, start of word k+1, byte in text
    /// where word k+1 starts).
    pub(super) breaks: Vec<(f32, f32, usize)>,
}

impl Piece {
    pub(super) fn new(word: &Word) -> Piece {
        Piece {
            x0: word.x0,
            y0: word.y0,
            x1: word.x1,
            y1: word.y1,
            text: word.text.clone(),
            figure: false,
            breaks: Vec::new(),
        }
    }

    pub(super) fn height(&self) -> f32 {
        self.y1 - self.y0
    }

    /// How many words: one more than the breaks between them.
    pub(super) fn words(&self) -> usize {
        self.breaks.len() + 1
    }

    pub(super) fn centre(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }
}

/// A gap between two words as wide as a line is high is a column gap: a
/// word space is a quarter to a third of it in any font. (Courier's
/// two-space gap, 1.2 em, is one too.)
pub(super) const COLUMN_GAP: f32 = 0.8;

/// A gap this many times the line's word space, beside a figure, parts
/// two cells.
pub(super) const WIDE_SPACE: f32 = 1.6;

/// A figure, or a piece of one: digits with their separators and sign
/// ("16.064.25" of a figure wrapped in its cell).
pub(super) fn numeric(text: &str) -> bool {
    is_figure(text)
        || text.bytes().any(|b| b.is_ascii_digit())
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b'-'))
}

/// A page's word space: the median gap between the words of its lines,
/// column gaps (a line's height or more) left out.
pub(super) fn word_space(page: &PdfPage) -> f32 {
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
pub(super) fn pieces(line: &[Word], space: f32) -> Vec<Piece> {
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
    }
    for piece in &mut out {
        piece.figure = is_figure(&piece.text);
    }
    out.into_iter().flat_map(part_touching_cells).collect()
}

/// A row of the page: pieces on one baseline, left to right.
#[derive(Debug, Clone)]
pub(super) struct Row {
    pub(super) pieces: Vec<Piece>,
    pub(super) y0: f32,
    pub(super) y1: f32,
    /// Line through the document (1-based).
    pub(super) line: u32,
    /// The page it stands on (0-based).
    pub(super) page: usize,
    /// The width of its page.
    pub(super) page_width: f32,
}

impl Row {
    pub(super) fn height(&self) -> f32 {
        self.pieces
            .iter()
            .map(Piece::height)
            .fold(f32::INFINITY, f32::min)
            .max(1.0)
    }

    /// A figure right of the first piece: a label and its figures, or
    /// figures only. ("1000 kr.  Forventet" in a header reads as a figure
    /// and a word.)
    pub(super) fn has_figures(&self) -> bool {
        // Figures run together ("I alt  1.3001.3001.300") count too.
        self.pieces
            .iter()
            .skip(1)
            .any(|p| p.figure || numeric(&p.text) && glued_figures(&p.text))
    }

    /// A line of running text: one piece of six words or more across a
    /// third of the page. ("1. jan 2019 - 31. dec" in its cell is six
    /// words too.)
    pub(super) fn is_prose(&self) -> bool {
        let piece = &self.pieces[0];
        let wordy = piece
            .text
            .split(' ')
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count();
        self.pieces.len() == 1
            && piece.words() >= 6
            && wordy * 2 > piece.words()
            && piece.x1 - piece.x0 > self.page_width / 3.0
    }

    pub(super) fn text(&self) -> String {
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
pub(super) fn gap(above: &Row, below: &Row) -> f32 {
    if above.page != below.page {
        return 0.5 * below.height();
    }
    below.y0 - above.y1
}

/// The rows of a page, top to bottom.
pub(super) fn rows_of(page: &PdfPage) -> Vec<Row> {
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
pub(super) fn running_key(row: &Row) -> String {
    row.text()
        .chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// Rows in the top or bottom twelfth of a page that are a page number or
/// stand on two pages or more, and half of them, with the same words
/// (numbers aside), unless they read as part of a table.
pub(super) fn running_rows(pages: &[(f32, Vec<Row>)]) -> Vec<Vec<bool>> {
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
pub(super) const TIGHT: f32 = 0.12;

/// A table whose rows are this far apart (a share of a line) pads them.
pub(super) const PADDED: f32 = 0.3;
