//! Finding tables in text. A layout recognizer turns lines into a
//! [`RawTable`]: a grid of cell strings with the 1-based line of each row and
//! the caption line above. What the cells mean is decided afterwards, for
//! every layout alike, in [`crate::semantics`].
//!
//! Today's layout is the tab-separated one PDF converters write: a table is
//! a run of lines containing tabs. Table-of-contents lines ("Titel.....\t3")
//! also contain tabs and are not tables.

use crate::text::strip_markdown;

/// One row of a raw table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRow<'a> {
    /// 1-based line in the source.
    pub line: u32,
    pub cells: Vec<&'a str>,
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
fn is_pipe_row(line: &str) -> bool {
    let t = line.trim();
    !line.contains('\t') && (t.starts_with('|') && t.len() > 1 || t.matches('|').count() >= 2)
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

/// Markdown pipe tables: runs of pipe rows; separator lines are skipped but
/// keep the run together, and every row keeps its line number.
pub fn pipe_tables<'a>(lines: &[&'a str]) -> Vec<RawTable<'a>> {
    let mut tables = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        if !is_pipe_row(lines[index]) || is_toc_line(lines[index]) || is_pipe_separator(lines[index]) {
            index += 1;
            continue;
        }
        let start = index;
        let mut rows = Vec::new();
        while index < lines.len() && is_pipe_row(lines[index]) && !is_toc_line(lines[index]) {
            if !is_pipe_separator(lines[index]) {
                rows.push(RawRow {
                    line: index as u32 + 1,
                    cells: pipe_cells(lines[index]),
                });
            }
            index += 1;
        }
        if rows.len() >= 2 {
            tables.push(RawTable {
                layout: "pipe",
                rows,
                caption: caption_above(lines, start),
            });
        }
    }
    tables
}

/// A table-of-contents entry: dotted leader, then a tab and a page number.
fn is_toc_line(line: &str) -> bool {
    line.contains(".....")
}

/// Tab-separated tables: maximal runs of lines that contain a tab.
pub fn tab_tables<'a>(lines: &[&'a str]) -> Vec<RawTable<'a>> {
    let mut tables = Vec::new();
    let mut start: Option<usize> = None;
    for index in 0..=lines.len() {
        let is_row =
            index < lines.len() && lines[index].contains('\t') && !is_toc_line(lines[index]);
        match (is_row, start) {
            (true, None) => start = Some(index),
            (false, Some(s)) => {
                // One tabbed line is a stray (a TOC entry without leader),
                // not a table.
                if index - s >= 2 {
                    let rows = (s..index)
                        .map(|i| RawRow {
                            line: i as u32 + 1,
                            cells: lines[i].split('\t').collect(),
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

/// The caption of a table starting at `start`: the nearest non-blank line
/// within three lines above, if it reads like a caption (short, not a
/// sentence). A prose sentence above a table often mentions other figures
/// ("… 2,3 mio. kr. i 2022 …") and must not lend its unit or year.
pub fn caption_above(lines: &[&str], start: usize) -> Option<String> {
    let from = start.saturating_sub(3);
    let line = lines[from..start]
        .iter()
        .rev()
        .find(|l| !l.trim().is_empty())?;
    if line.contains('\t') {
        return None;
    }
    let text = strip_markdown(line);
    let is_sentence = text.ends_with('.') && !text.to_lowercase().ends_with("kr.");
    if text.chars().count() > 120 || is_sentence || text.starts_with("Punkt ") {
        return None;
    }
    Some(text)
}

#[cfg(test)]
mod tests {
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
        assert_eq!(t.rows.iter().map(|r| r.line).collect::<Vec<_>>(), vec![3, 5, 6, 7]);
        assert_eq!(t.rows[1].cells, vec![" Indtægter ", " ", ""]);
        assert_eq!(t.rows[2].cells, vec![" Skatter ", " -2.093,8 ", " 0,1% "]);
        assert_eq!(t.rows[3].cells, vec!["Drift ", " 12 ", " "]);
        assert_eq!(t.caption.as_deref(), Some("Resultatopgørelse"));
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
