//! Parting the pieces pdftotext ran together: at column edges, where a
//! figure column starts, where letters meet a figure, at a capital inside
//! a header word, between years or figures printed without a gap.

use super::*;

/// Figures that end labels and stand right-aligned under each other in
/// two rows or more: a column of figures one space from its labels
/// ("Flagdag 32.676", "Greve Awards 109.568", "Opnormering 500"). Their
/// right edges agree while the spaces before them do not; a label with a
/// number in it ("Uddannelse 1", "Uddannelse 2") has the same space before
/// its number in every row, and is left whole.
pub(super) fn right_aligned_endings(rows: &[Row]) -> Vec<(f32, f32)> {
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
pub(super) fn split_at_figure_columns(rows: &[Row]) -> Vec<Row> {
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
pub(super) fn money_run(piece: &Piece) -> Option<usize> {
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
pub(super) fn cut(piece: &Piece, k: usize) -> (Piece, Piece) {
    let (end, start, byte) = piece.breaks[k];
    let mut left = piece.clone();
    left.x1 = end;
    left.text.truncate(byte - 1);
    left.breaks.truncate(k);
    left.figure = is_figure(&left.text);
    let mut right = piece.clone();
    right.x0 = start;
    right.text = piece.text[byte..].to_string();
    right.breaks = piece.breaks[k + 1..]
        .iter()
        .map(|&(e, s, b)| (e, s, b - byte))
        .collect();
    right.figure = is_figure(&right.text);
    (left, right)
}

/// Where a word of a piece starts and ends, and its bytes in the text.
pub(super) fn word_at(piece: &Piece, k: usize) -> (f32, f32, usize, usize) {
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
pub(super) fn unglue(piece: &Piece, columns: &[(f32, f32)]) -> Option<(Piece, Piece)> {
    for k in 0..piece.words() {
        let (x0, x1, _, _) = word_at(piece, k);
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
        return Some(cut(&with_break(piece, k, at, end, start), k));
    }
    None
}

/// The piece with word `k` parted at byte `at` of the word, the left
/// part ending at `end` and the right starting at `start`: word `k` is
/// then the left part, and its break is break `k`.
pub(super) fn with_break(piece: &Piece, k: usize, at: usize, end: f32, start: f32) -> Piece {
    let (_, _, from, _) = word_at(piece, k);
    let mut joined = piece.clone();
    joined.text = format!("{} {}", &piece.text[..from + at], &piece.text[from + at..]);
    let shifted = piece
        .breaks
        .iter()
        .map(|&(e, s, b)| (e, s, if b > from { b + 1 } else { b }));
    let mut breaks: Vec<(f32, f32, usize)> = shifted.collect();
    breaks.insert(k, (end, start, from + at + 1));
    joined.breaks = breaks;
    joined
}

/// A cell of a row whose cells touch, one space apart: a figure with a
/// thousands point or a decimal comma, a zero, a nil dash, or figures
/// run together.
fn touching_cell(word: &str) -> bool {
    let separated = word.bytes().any(|b| matches!(b, b'.' | b','));
    // "2024," ends a clause of running text ("i 2024, 2,416"), not a cell.
    let whole = word.ends_with(|c: char| c.is_ascii_digit() || c == '-');
    matches!(word, "0" | "-" | "–")
        || separated && whole && !word.starts_with('(') && (is_figure(word) || numeric(word))
}

/// Cells printed one space apart in a cramped table are one piece to the
/// gaps ("budgetaftale4.000 3.000 3.000 3.0003.00018.00034.000",
/// "8.010 0", "5.010 -", header years "2027 2028"; Greve 32_byr): parted
/// into the label and one piece for each cell, before the rows are told
/// to be a table's. A run of two such cells at least, one with a point or
/// a comma, tells it: "Budgetopfølgning 0 2022" and "1 234" have none,
/// and a label's last word run into the first figure
/// ("budgetaftale4.000") is parted where letters meet the figure.
pub(super) fn part_touching_cells(piece: Piece) -> Vec<Piece> {
    let words: Vec<&str> = piece.text.split(' ').collect();
    let year = |w: &str| crate::text::single_year(w).is_some() && w.len() == 4;
    if words.len() >= 2 && words.iter().all(|w| year(w)) {
        return (0..words.len()).map(|k| word_piece(&piece, k)).collect();
    }
    let run = words.iter().rev().take_while(|w| touching_cell(w)).count();
    let count = words.len();
    let mut piece = piece;
    let mut first = count - run;
    // "budgetaftale4.000": the label's word and the first cell.
    if first > 0 && run >= 1 {
        if let Some((at, share)) = glued_place(&piece, first - 1) {
            let (x0, x1, from, to) = word_at(&piece, first - 1);
            let right = &piece.text[from + at..to];
            if touching_cell(right) && right.bytes().any(|b| b.is_ascii_digit()) {
                // The figure's width from the run's other figures, whose
                // digits are as wide (tabular); the share of characters
                // when there are none.
                let unit = (first..count)
                    .filter_map(|k| {
                        let (a, b, from, to) = word_at(&piece, k);
                        let w = glyph_units(&piece.text[from..to])?;
                        (w > 0.0).then(|| (b - a) / w)
                    })
                    .next();
                let x = match (unit, glyph_units(right)) {
                    (Some(unit), Some(w)) => (x1 - unit * w).max(x0),
                    _ => x0 + (x1 - x0) * share,
                };
                // The label ends short of the figure: they are no one
                // column.
                piece = with_break(&piece, first - 1, at, (x - 1.0).max(x0), x);
            } else {
                first = count;
            }
        }
    }
    let words = piece.words();
    let cells = words - first;
    let separated = (first..words).any(|k| {
        let (_, _, from, to) = word_at(&piece, k);
        piece.text[from..to]
            .bytes()
            .any(|b| matches!(b, b'.' | b','))
    });
    if cells < 2 || !separated {
        return vec![piece];
    }
    let mut out = Vec::with_capacity(cells + 1);
    if first > 0 {
        out.push(cut(&piece, first - 1).0);
    }
    out.extend((first..words).map(|k| word_piece(&piece, k)));
    out
}

/// The width of a figure in digits: digits are as wide as each other in
/// the fonts tables are printed in (tabular figures), a point or a comma
/// half a digit, a minus six tenths. `None` for any other character.
pub(super) fn glyph_units(text: &str) -> Option<f32> {
    text.chars().map(glyph_width).sum()
}

/// One character's width in [`glyph_units`].
fn glyph_width(c: char) -> Option<f32> {
    match c {
        '0'..='9' => Some(1.0),
        '.' | ',' => Some(0.5),
        '-' | '–' => Some(0.6),
        _ => None,
    }
}

/// Word `k` of a piece as a piece of its own.
fn word_piece(piece: &Piece, k: usize) -> Piece {
    let (x0, x1, from, to) = word_at(piece, k);
    let text = piece.text[from..to].to_string();
    Piece {
        x0,
        x1,
        figure: is_figure(&text),
        text,
        breaks: Vec::new(),
        ..piece.clone()
    }
}

/// The one place in word `k` where a text meets a figure, as a byte in the
/// word and the share of its characters before it.
pub(super) fn glued_place(piece: &Piece, k: usize) -> Option<(usize, f32)> {
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
pub(super) fn grouped_ends(bytes: &[u8], at: usize) -> Vec<(usize, usize)> {
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

/// The one reading of `text` as `parts` cells run together: grouped
/// figures, then the nil dashes of empty cells after them ("-1.765-",
/// "1.150-" in a cramped table of Greve 32_byr). The figures before the
/// dashes need a point or a comma: "2021-" in a header is a period.
pub(super) fn glued_reading(text: &str, parts: usize) -> Option<Vec<usize>> {
    let nils = text.bytes().rev().take_while(|&b| b == b'-').count();
    let core = &text[..text.len() - nils];
    let money = core.bytes().any(|b| matches!(b, b'.' | b','));
    if nils == 0 || !core.ends_with(|c: char| c.is_ascii_digit()) || !money || nils >= parts {
        return glued_figures_reading(text, parts);
    }
    let mut ends = if parts - nils == 1 {
        is_figure(core).then(|| vec![core.len()])?
    } else {
        glued_figures_reading(core, parts - nils)?
    };
    ends.extend((1..=nils).map(|d| core.len() + d));
    Some(ends)
}

/// The one reading of `text` as `parts` grouped figures run together, all
/// with as many decimals: the end of each figure. `None` when there is no
/// such reading or more than one, or no point or comma in the text. A table of counts by position, part and
/// decimals keeps it linear in the text (a search of every reading would
/// be exponential in the parts).
fn glued_figures_reading(text: &str, parts: usize) -> Option<Vec<usize>> {
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
pub(super) fn glued_figures(text: &str) -> bool {
    !is_figure(text)
        && !text.contains(' ')
        && numeric(text)
        && (2..=8).any(|n| glued_reading(text, n).is_some())
}

/// Figures or years run together: a piece that spans the columns it
/// fills rather than standing in one ("2025202620272028" reads as one
/// large number, and is none).
pub(super) fn run_together(text: &str) -> bool {
    glued_years(text).is_some() || glued_figures(text)
}

/// Years of a header run together, one after the other
/// ("2025202620272028"): how many.
pub(super) fn glued_years(text: &str) -> Option<usize> {
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
pub(super) fn split_glued_figures(rows: &mut [Row], columns: &[(f32, f32)]) {
    for row in rows {
        let mut pieces = Vec::with_capacity(row.pieces.len());
        for piece in std::mem::take(&mut row.pieces) {
            let over: Vec<usize> = (0..columns.len())
                .filter(|&c| piece.x0 < columns[c].1 && piece.x1 > columns[c].0)
                .collect();
            let glued = run_together(&piece.text) || !piece.figure && numeric(&piece.text);
            if over.len() < 2 || !glued {
                pieces.push(piece);
                continue;
            }
            let years = glued_years(&piece.text).filter(|&k| k == over.len());
            let ends = years
                .map(|k| (1..=k).map(|i| 4 * i).collect())
                .or_else(|| glued_reading(&piece.text, over.len()))
                .or_else(|| glyph_cuts(&piece, &over, columns));
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
                    breaks: Vec::new(),
                    ..piece.clone()
                });
            }
        }
        row.pieces = pieces;
    }
}

/// Figures run together that no grouping reads alone ("3.0003.00018.00"
/// with "0" wrapped below, a cramped bordered table of Greve 32_byr
/// printed by LibreOffice): cut where the next column starts or the
/// column before ends, placing each character by its width (digits are
/// tabular). Each cut must fall on a character's edge within a quarter
/// digit of such an edge, and be the only one there; every part but the
/// last must be a figure or a nil dash, and the last one a figure, a dash
/// or the start of a figure wrapped in its cell (joined with the rest
/// when the rows are stacked). `None` at any doubt.
pub(super) fn glyph_cuts(
    piece: &Piece,
    over: &[usize],
    columns: &[(f32, f32)],
) -> Option<Vec<usize>> {
    let text = piece.text.as_str();
    let units = glyph_units(text)?;
    if units <= 0.0 || !text.bytes().any(|b| matches!(b, b'.' | b',')) {
        return None;
    }
    let unit = (piece.x1 - piece.x0) / units;
    // (x, byte) of every character edge inside the text
    let mut edges = Vec::with_capacity(text.len());
    let mut x = piece.x0;
    let mut chars = text.chars().peekable();
    let mut byte = 0;
    while let Some(c) = chars.next() {
        x += unit * glyph_width(c)?;
        byte += c.len_utf8();
        if chars.peek().is_some() {
            edges.push((x, byte));
        }
    }
    let tolerance = unit / 4.0;
    let mut ends = Vec::with_capacity(over.len());
    for pair in over.windows(2) {
        let (end_before, start_next) = (columns[pair[0]].1, columns[pair[1]].0);
        let near: Vec<usize> = edges
            .iter()
            .filter(|(x, _)| {
                (x - start_next).abs() <= tolerance || (x - end_before).abs() <= tolerance
            })
            .map(|&(_, i)| i)
            .collect();
        let [at] = near.as_slice() else {
            return None;
        };
        ends.push(*at);
    }
    ends.push(text.len());
    let mut start = 0;
    for (k, &end) in ends.iter().enumerate() {
        let part = &text[start..end.max(start)];
        let cell = is_figure(part) || part == "-";
        let last = k + 1 == ends.len();
        if end <= start || !(cell || last && numeric(part)) {
            return None;
        }
        start = end;
    }
    Some(ends)
}

/// A header over several columns whose cells touch prints as one run of
/// words ("Nr. Projektnavn U/IAnlægsbevillingForbrug i altAfvigelse"):
/// a new cell starts where a capital follows a small letter, a point or a
/// bracket inside a word ("bevillingForbrug", "kr.Forbrug") or starts a
/// word after another capital ("IAnlægs").
/// Each part is a column's: as many parts as columns, in turn; fewer, the
/// column each starts in; the run is left as it is when neither fits.
pub(super) fn split_run_together_header(
    piece: &Piece,
    columns: &[(f32, f32)],
) -> Option<Vec<Piece>> {
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
    let exact = starts.len() + 1 == over.len();
    let at = |byte: usize| piece.x0 + (piece.x1 - piece.x0) * chars_before(byte) / total;
    let parts = bounds
        .windows(2)
        .zip(&placed)
        .map(|(w, &c)| {
            let text = piece.text[w[0]..w[1]].trim();
            // A part for each column takes the column; a part that may
            // hold several cells keeps where its characters stand, to be
            // parted again at the columns' edges.
            if exact {
                spread(piece, text, columns[c].0, columns[c].1)
            } else {
                spread(piece, text, at(w[0]), at(w[1]))
            }
        })
        .collect();
    Some(parts)
}

/// A piece of `text` over `x0..x1`, on the line of `like`, its words
/// sharing the width by their characters.
pub(super) fn spread(like: &Piece, text: &str, x0: f32, x1: f32) -> Piece {
    let mut words = Vec::new();
    push_words(&mut words, text, x0, like.y0, x1, like.y1);
    let mut piece = Piece {
        x0,
        x1: x0,
        text: String::new(),
        figure: false,
        breaks: Vec::new(),
        ..like.clone()
    };
    for word in &words {
        if !piece.text.is_empty() {
            // (end of the word before, start of this one, its byte)
            piece.breaks.push((piece.x1, word.x0, piece.text.len() + 1));
            piece.text.push(' ');
        }
        piece.text.push_str(&word.text);
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
pub(super) fn split_at_columns(rows: &mut [Row], columns: &[(f32, f32)]) {
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
                        // What is left of the edge may be cells run
                        // together itself ("U/IAnlægsbevilling").
                        match split_run_together_header(&left, columns) {
                            Some(parts) => pieces.extend(parts),
                            None => pieces.push(left),
                        }
                        rest = right;
                    }
                    None => match unglue(&rest, columns) {
                        Some((left, right)) => {
                            pieces.push(left);
                            rest = right;
                        }
                        None => {
                            let Some(parts) = split_run_together_header(&rest, columns) else {
                                break;
                            };
                            // The last part is looked at again: it may run
                            // over further columns.
                            pieces.extend(parts);
                            rest = pieces.pop().expect("two parts at least");
                        }
                    },
                }
            }
            pieces.push(rest);
        }
        row.pieces = pieces;
    }
}
