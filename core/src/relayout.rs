//! Writing a table grid in each layout the recognizers read: tab-separated,
//! Markdown pipes, and space-aligned columns as `pdftotext -layout` prints
//! them. The test suite uses these to turn every fixture into its other
//! layouts line for line (so gold line numbers still hold) and to check that
//! one table reads the same in all of them; the benchmark corpus uses them
//! to mix layouts.

use crate::recognize::is_toc_line;

/// A text layout of tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Tsv,
    Pipe,
    Aligned,
}

/// Cells separated by tabs.
pub fn tsv_lines(rows: &[Vec<&str>]) -> Vec<String> {
    rows.iter().map(|r| r.join("\t")).collect()
}

/// `| a | b |` rows (no separator line, which the recognizer skips anyway).
pub fn pipe_lines(rows: &[Vec<&str>]) -> Vec<String> {
    rows.iter()
        .map(|r| format!("| {} |", r.join(" | ")))
        .collect()
}

/// Space-aligned columns: the first column left-aligned, the others
/// right-aligned (figures and their headers), two spaces at least between
/// columns, widths from the widest cell of each column, trailing blanks cut.
pub fn aligned_lines(rows: &[Vec<&str>]) -> Vec<String> {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let chars = |s: &str| s.chars().count();
    let widths: Vec<usize> = (0..width)
        .map(|j| {
            rows.iter()
                .filter_map(|r| r.get(j))
                // A section row's lone label does not widen the label column:
                // in print it runs on over the empty cells.
                .filter(|_| j > 0)
                .map(|c| chars(c.trim()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let label_width = rows
        .iter()
        .filter(|r| r.iter().skip(1).any(|c| !c.trim().is_empty()))
        .map(|r| r.first().map_or(0, |c| chars(c.trim())))
        .max()
        .unwrap_or(0);
    rows.iter()
        .map(|r| {
            let mut line = String::new();
            for (j, cell) in r.iter().enumerate() {
                let cell = cell.trim();
                if j == 0 {
                    line.push_str(cell);
                    line.extend(std::iter::repeat_n(
                        ' ',
                        label_width.saturating_sub(chars(cell)),
                    ));
                } else {
                    line.push_str("  ");
                    line.extend(std::iter::repeat_n(
                        ' ',
                        widths[j].saturating_sub(chars(cell)),
                    ));
                    line.push_str(cell);
                }
            }
            line.trim_end().to_string()
        })
        .collect()
}

/// Render rows in `layout`.
pub fn render(rows: &[Vec<&str>], layout: Layout) -> Vec<String> {
    match layout {
        Layout::Tsv => tsv_lines(rows),
        Layout::Pipe => pipe_lines(rows),
        Layout::Aligned => aligned_lines(rows),
    }
}

/// Rewrite every tab-separated table of a document in `layout`, line for
/// line; everything else stays as it was.
pub fn relayout(text: &str, layout: Layout) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let is_row = |l: &str| l.contains('\t') && !is_toc_line(l);
        if !is_row(lines[i]) {
            out.push(lines[i].to_string());
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && is_row(lines[i]) {
            i += 1;
        }
        let rows: Vec<Vec<&str>> = lines[start..i]
            .iter()
            .map(|l| l.split('\t').collect())
            .collect();
        out.extend(render(&rows, layout));
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligned_columns() {
        let rows = vec![
            vec!["1.000 kr.", "Regnskab", "Budget"],
            vec!["", "2023", "2024"],
            vec!["Indtægter i alt og mere", "", ""],
            vec!["Sygedagpenge", "316.699", ""],
            vec!["Grundtilskud", "", "-27.544"],
        ];
        assert_eq!(
            aligned_lines(&rows),
            vec![
                "1.000 kr.     Regnskab   Budget",
                "                  2023     2024",
                "Indtægter i alt og mere",
                "Sygedagpenge   316.699",
                "Grundtilskud            -27.544",
            ]
        );
    }
}
