//! Tables drawn with lines, as text browsers and converters print an HTML
//! table with borders: w3m's box-drawing characters (`┌──┬──┐`, `│`,
//! `├──┼──┤`, `└──┴──┘`) and pandoc's plain-text grid tables (`+---+---+`,
//! `|`).
//!
//! A row of the table is every text line between two rulings: a cell that
//! wraps in the page is broken over several lines of the text ("Forv.
//! afvigelse fra" over "kor.budget"), so the lines of a row are joined cell
//! by cell. Cells are told by where their bars stand, not by how many bars
//! precede them: a cell that spans columns (a colspan header) has fewer
//! bars on its lines, and its text starts at the column where its left bar
//! is. A spanning header's text is repeated in each column it covers, as
//! the HTML source does with `colspan`; a figure is kept once.

use super::{caption_above, is_figure, RawRow, RawTable};
use std::borrow::Cow;
use std::ops::Range;

/// Whether a line is a ruling of a drawn table: junctions and rules only
/// ("├──────┼────┤", "+------+----+", "+======+").
fn is_ruling(line: &str) -> bool {
    let t = line.trim();
    let mut chars = t.chars();
    match chars.next() {
        Some('┌' | '├' | '└') => t.chars().all(|c| "┌┬┐├┼┤└┴┘─━".contains(c)),
        Some('+') => {
            t.len() >= 3
                && t.ends_with('+')
                && t.chars().all(|c| matches!(c, '+' | '-' | '=' | ':'))
                && t.contains(['-', '='])
        }
        _ => false,
    }
}

/// The bar that separates cells on a line of a ruling's kind.
fn bar_of(ruling: &str) -> char {
    if ruling.trim_start().starts_with('+') {
        '|'
    } else {
        '│'
    }
}

/// Whether a line is a line of cells: it starts and ends with a bar. A
/// ruling under some cells only ("│     │      ├─────┬─────┤", under a
/// header cell that spans two columns) is one too: it has no text, and the
/// header's lines on both sides of it are one header row.
fn is_cell_line(line: &str, bar: char) -> bool {
    let t = line.trim();
    t.chars().count() >= 2
        && t.starts_with(bar)
        && (t.ends_with(bar) || bar == '│' && t.ends_with('┤'))
}

/// Text of a segment that is a piece of ruling, not a cell.
fn is_rule_text(text: &str) -> bool {
    text.chars().all(|c| "─━┬┴┼├┤".contains(c))
}

/// Whether a ruling closes the table (`└──┴──┘`); pandoc's last ruling
/// looks like any other and is told by the line after it.
fn is_bottom(line: &str) -> bool {
    line.trim_start().starts_with('└')
}

/// Character positions of the junctions of a ruling, or of the bars of a
/// line of cells: where cells begin and end.
fn stops(line: &str, marks: &[char]) -> Vec<usize> {
    line.chars()
        .enumerate()
        .filter(|(_, c)| marks.contains(c))
        .map(|(i, _)| i)
        .collect()
}

/// The most columns a drawn table is read with.
const MAX_COLUMNS: usize = crate::source::html::MAX_COLUMNS;

const JUNCTIONS: &[char] = &['┌', '┬', '┐', '├', '┼', '┤', '└', '┴', '┘', '+'];
/// Where cells stand on a line of a w3m box: its bars and the junctions
/// of a ruling under some of its cells.
const CELL_MARKS: &[char] = &['│', '├', '┼', '┤', '┬', '┴'];

/// The segments of a line of cells: (position of the left bar, position of
/// the right bar, the text between them, trimmed).
fn segments(line: &str, bar: char) -> Vec<(usize, usize, &str)> {
    let marks: &[char] = if bar == '│' { CELL_MARKS } else { &['|'] };
    let mut out = Vec::new();
    let mut left: Option<(usize, usize)> = None; // (char position, byte after it)
    for (position, (byte, c)) in line.char_indices().enumerate() {
        if marks.contains(&c) {
            if let Some((from, start)) = left {
                out.push((from, position, line[start..byte].trim()));
            }
            left = Some((position, byte + c.len_utf8()));
        }
    }
    out
}

/// The drawn tables of a document and the 0-based line ranges they take,
/// for the other recognizers to leave alone (their rows would read as
/// pipe rows of another shape).
pub fn boxed_tables<'a>(lines: &[&'a str]) -> (Vec<RawTable<'a>>, Vec<Range<usize>>) {
    let mut tables = Vec::new();
    let mut taken = Vec::new();
    let mut i = 0;
    while i + 1 < lines.len() {
        let bar = bar_of(lines[i]);
        if !(is_ruling(lines[i]) && is_cell_line(lines[i + 1], bar)) {
            i += 1;
            continue;
        }
        let start = i;
        // The table runs over cell lines and rulings until a bottom
        // ruling, or a line that is neither.
        let mut end = i + 1;
        while end < lines.len() {
            let line = lines[end];
            if is_cell_line(line, bar) {
                end += 1;
            } else if is_ruling(line) {
                end += 1;
                if is_bottom(line) {
                    break;
                }
            } else {
                break;
            }
        }
        tables.push(build(lines, start, end, bar));
        taken.push(start..end);
        i = end;
    }
    (tables, taken)
}

fn build<'a>(lines: &[&'a str], start: usize, end: usize, bar: char) -> RawTable<'a> {
    // Every place a cell begins or ends anywhere in the table: the columns.
    let mut columns: Vec<usize> = (start..end)
        .flat_map(|i| {
            let marks: &[char] = if is_ruling(lines[i]) {
                JUNCTIONS
            } else if bar == '│' {
                CELL_MARKS
            } else {
                // A "+" between bars is text ("+244").
                &['|']
            };
            stops(lines[i], marks)
        })
        .collect();
    columns.sort_unstable();
    columns.dedup();
    // A ruling of thousands of junctions over short lines would make every
    // row that many cells: past the widest real table, columns are cut off
    // (as the HTML source does).
    let width = columns.len().saturating_sub(1).min(MAX_COLUMNS);
    let column_at = |position: usize| columns.binary_search(&position).unwrap_or_else(|i| i);
    let mut rows = Vec::new();
    let mut current: Option<(u32, Vec<String>)> = None;
    let finish = |current: &mut Option<(u32, Vec<String>)>, rows: &mut Vec<RawRow<'a>>| {
        if let Some((line, cells)) = current.take() {
            if cells.iter().any(|c| !c.is_empty()) {
                rows.push(RawRow {
                    line,
                    cells: cells.into_iter().map(Cow::Owned).collect(),
                });
            }
        }
    };
    for (i, line) in lines.iter().enumerate().take(end).skip(start) {
        if is_ruling(line) {
            finish(&mut current, &mut rows);
            continue;
        }
        let (_, cells) = current.get_or_insert_with(|| (i as u32 + 1, vec![String::new(); width]));
        for (from, to, text) in segments(line, bar) {
            if text.is_empty() || is_rule_text(text) {
                continue;
            }
            let (first, last) = (column_at(from), column_at(to).max(column_at(from) + 1));
            let spanned = if is_figure(text) {
                first..first + 1
            } else {
                first..last
            };
            for cell in &mut cells[spanned.start.min(width)..spanned.end.min(width)] {
                if !cell.is_empty() {
                    cell.push(' ');
                }
                cell.push_str(text);
            }
        }
    }
    finish(&mut current, &mut rows);
    RawTable {
        layout: "boxed",
        rows,
        caption: caption_above(lines, start),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recognize::grids::{grids, row, Row};

    /// The drawn tables of a text, as plain strings.
    fn grid(text: &str) -> Vec<Vec<Row>> {
        grids(&boxed_tables(&text.split('\n').collect::<Vec<_>>()).0)
    }

    #[test]
    fn w3m_box_with_a_wrapped_header_and_a_spanning_cell() {
        let text = "Tabel 2\n\
┌──────────┬──────┬───────┐\n\
│Beløb i   │Opr.  │Forv.  │\n\
│1.000 kr. │budget│regnsk.│\n\
├──────────┼──────┼───────┤\n\
│Drift     │464   │-13.152│\n\
├──────────┼──────┴───────┤\n\
│Note      │Afklares      │\n\
└──────────┴──────────────┘\n\
Efter tabellen";
        assert_eq!(
            grid(text),
            vec![vec![
                row(3, &["Beløb i 1.000 kr.", "Opr. budget", "Forv. regnsk."]),
                row(6, &["Drift", "464", "-13.152"]),
                row(8, &["Note", "Afklares", "Afklares"]),
            ]]
        );
    }

    #[test]
    fn a_header_cell_over_two_columns_ruled_off_from_their_headers() {
        let text = "\
┌─────┬─────────────┐\n\
│     │Heraf        │\n\
│     ├──────┬──────┤\n\
│Mio. │Her   │Der   │\n\
├─────┼──────┼──────┤\n\
│2018 │20,4  │40,3  │\n\
└─────┴──────┴──────┘";
        assert_eq!(
            grid(text),
            vec![vec![
                row(2, &["Mio.", "Heraf Her", "Heraf Der"]),
                row(6, &["2018", "20,4", "40,3"]),
            ]]
        );
    }

    #[test]
    fn pandoc_grid_table() {
        let text = "+---------+-------+\n| Navn    | Beløb |\n+=========+=======+\n| Byggeri | 1.790 |\n+---------+-------+\n";
        let lines: Vec<&str> = text.split('\n').collect();
        let (tables, taken) = boxed_tables(&lines);
        assert_eq!(taken, vec![0..5]);
        assert_eq!(tables[0].rows.len(), 2);
        assert_eq!(tables[0].rows[1].cells[0], "Byggeri");
    }

    #[test]
    fn prose_with_bars_is_no_table() {
        let text = "Et afsnit | med en streg\n+ = merudgift\n│ alene │";
        assert!(grid(text).is_empty());
    }

    /// A ruling of thousands of junctions over short lines: the columns
    /// are cut off at the widest real table, not a cell per junction per row.
    #[test]
    fn a_ruling_of_thousands_of_columns_is_bounded() {
        let ruling = format!("┌{}┐", "─┬".repeat(20_000));
        let mut text = ruling;
        for _ in 0..200 {
            text.push_str("\n│x│");
        }
        let lines: Vec<&str> = text.split('\n').collect();
        let (tables, _) = boxed_tables(&lines);
        assert_eq!(tables.len(), 1);
        assert!(tables[0].rows.iter().all(|r| r.cells.len() <= MAX_COLUMNS));
    }
}
