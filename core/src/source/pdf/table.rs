//! Tables from the rows of the document: where a table stands, its
//! columns, and its rows stacked into the grid the semantics reads.

use super::*;

/// Where a row's first figure right of its label starts ("1000 kr." in
/// the corner reads as a figure too).
pub(super) fn first_figure(row: &Row) -> f32 {
    row.pieces
        .iter()
        .skip(1)
        .filter(|p| p.figure)
        .map(|p| p.x0)
        .fold(f32::INFINITY, f32::min)
}

/// Whether a row has two figures or more, each under a figure of the
/// rows above. Figures run together ("3.0001.765", "-3.2450") count:
/// in a cramped table they are most of a row (Greve 32_byr).
pub(super) fn same_figure_columns(above: &[Row], row: &Row) -> bool {
    let figure = |p: &Piece| p.figure || numeric(&p.text);
    let figures: Vec<&Piece> = row.pieces.iter().skip(1).filter(|p| figure(p)).collect();
    figures.len() >= 2
        && figures.iter().all(|f| {
            above.iter().any(|r| {
                r.pieces
                    .iter()
                    .skip(1)
                    .any(|p| figure(p) && p.x0 < f.x1 && p.x1 > f.x0)
            })
        })
}

/// A row of figures only, each under a figure of the rows above: a total
/// without its label ("2.800.000" under the "i alt" column).
pub(super) fn total_without_label(above: &[Row], row: &Row) -> bool {
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
pub(super) fn table_spans(rows: &[Row]) -> Vec<(usize, usize)> {
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
pub(super) fn columns(rows: &[Row], glued_aside: bool) -> Vec<(f32, f32)> {
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
        .filter(|p| !(glued_aside && (0..p.words()).any(|k| glued_place(p, k).is_some())))
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

/// Overlapping extents, sorted by their start, joined. Extents that only
/// touch stay apart: left-aligned cells of a cramped table end where the
/// next column's start ("2.150" to 306, "-" from 306; Greve 32_byr).
pub(super) fn union(extents: Vec<(f32, f32)>) -> Vec<(f32, f32)> {
    let mut out: Vec<(f32, f32)> = Vec::new();
    for (x0, x1) in extents {
        match out.last_mut() {
            Some(last) if x0 < last.1 => last.1 = last.1.max(x1),
            _ => out.push((x0, x1)),
        }
    }
    out
}

/// The columns a piece stands in: those it overlaps, or else the nearest.
pub(super) fn columns_of(piece: &Piece, columns: &[(f32, f32)]) -> (usize, usize) {
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
pub(super) fn join_line(cell: &mut String, next: &str) {
    // A figure wrapped in a narrow cell: "16.064.25" / "0".
    let whole = format!("{cell}{next}");
    if cell.is_empty() || numeric(cell) && !is_figure(cell) && numeric(next) && is_figure(&whole) {
        cell.push_str(next);
        return;
    }
    let first = next.split_whitespace().next().unwrap_or("");
    let before = cell.strip_suffix('-').and_then(|c| c.chars().next_back());
    // "21-" / "PL" is "21-PL", "28/2-" / "23" is "28/2-23"; a line broken
    // after a slash ("Byudvikling/" / "byggemodning") is one word.
    let slash = cell.ends_with('/') && cell.len() > 1 && !cell.ends_with(" /");
    // "kursgevinster/-" / "tab" is "kursgevinster/-tab" (18_oeu): a word
    // pair whose second half was wrapped.
    let pair = cell.ends_with("/-") && !cell.ends_with(" /-");
    let broken = slash
        || pair
        || before.is_some_and(|c| c.is_ascii_digit())
        || before.is_some_and(char::is_alphabetic)
            && first.chars().next().is_some_and(char::is_lowercase)
            && !matches!(first, "og" | "eller" | "samt" | "el." | "og/eller" | "til");
    if !broken {
        cell.push(' ');
    }
    cell.push_str(next);
}

/// The header word of a row-number column.
pub(super) fn header_key_word(word: &str) -> bool {
    matches!(
        word.to_lowercase().trim_end_matches('.'),
        "nr" | "nummer" | "løbenr" | "pkt" | "projektnr"
    )
}

/// A header's period wrapped after its first year: "2029" / "- 2034" is
/// "2029 - 2034", not a figure under a year.
pub(super) fn continues_period(cell: &str, next: &str) -> bool {
    let year = |t: &str| {
        t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) && ("1900".."2100").contains(&t)
    };
    let next = next.trim();
    let rest = next.strip_prefix('-').or_else(|| next.strip_prefix('–'));
    cell.split_whitespace().next_back().is_some_and(year) && rest.is_some_and(|r| year(r.trim()))
}

/// A unit justified across its cell: "Samlet 1.000" over "kr." in the
/// corner of a narrow column (Greve 23_oeu printed on A5) prints the
/// "1.000" at the cell's right edge, where it would read as a figure and
/// the table's unit be lost. A "1.000" or "1000" right of the first piece,
/// with the next line stacked under that piece beginning with "kr", is
/// the first piece's. (The row of figures centred in the cells beside
/// may stand between the two lines.)
pub(super) fn join_justified_units(rows: &mut [Row]) {
    for i in 0..rows.len() {
        let (above, below) = rows.split_at_mut(i + 1);
        let row = &mut above[i];
        let first = &row.pieces[0];
        let kr_under = below.iter().take(2).any(|next| {
            let stacked = gap(row, next) < TIGHT * next.height();
            stacked
                && next
                    .pieces
                    .first()
                    .is_some_and(|p| p.text.starts_with("kr") && p.x0 < first.x1 && p.x1 > first.x0)
        });
        if !kr_under || row.pieces.len() < 2 {
            continue;
        }
        if matches!(row.pieces[1].text.as_str(), "1.000" | "1000") {
            let unit = row.pieces.remove(1);
            let label = &mut row.pieces[0];
            label.breaks.push((label.x1, unit.x0, label.text.len() + 1));
            label.text.push(' ');
            label.text.push_str(&unit.text);
            label.figure = false;
        }
    }
}

/// Whether a table's figures were broken over lines: cells that end in a
/// thousands point or a decimal comma ("3.375." over "048"), as a table
/// whose columns are a few characters wide prints them (a Word table of
/// narrow columns through LibreOffice). Its figures cannot be trusted:
/// "048" and "45" would read as amounts. Two such cells right of the
/// labels tell it (a list's "1.", "2." is a column of labels).
pub(super) fn figures_broken(grid: &Grid) -> bool {
    let broken = |c: &str| numeric(c) && !is_figure(c) && c.ends_with(['.', ',']);
    let cells = grid.rows.iter().flat_map(|r| r.cells.iter().skip(1));
    cells.filter(|c| broken(c.trim())).count() >= 2
}

/// One table's rows of the page as a grid, with its columns and the box
/// of each grid row.
pub(super) fn grid_of(rows: &[Row]) -> (Grid, Vec<(f32, f32)>, Vec<RowBox>) {
    let mut rows = rows.to_vec();
    join_justified_units(&mut rows);
    let mut rows = split_at_figure_columns(&rows);
    let first = columns(&rows, true);
    split_at_columns(&mut rows, &first);
    let columns = columns(&rows, false);
    split_glued_figures(&mut rows, &columns);
    let padded = is_padded(&rows);
    let mut built = stack(&rows, &columns, padded);
    if !padded {
        join_wrapped_header_rows(&mut built);
    }
    drop_repeated_headers(&mut built);
    join_labels_over_page_breaks(&mut built);
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
pub(super) fn is_padded(rows: &[Row]) -> bool {
    let gaps: Vec<f32> = rows
        .windows(2)
        .map(|w| gap(&w[0], &w[1]) / w[1].height())
        .collect();
    let wide = gaps.iter().filter(|&&g| g >= PADDED).count();
    let figure_rows = rows.iter().filter(|r| r.has_figures()).count();
    wide >= 1 && wide * 2 + 1 >= figure_rows
}

/// A row of the table being built from rows of the page.
pub(super) struct Built {
    pub(super) line: u32,
    pub(super) page: usize,
    pub(super) bbox: RowBox,
    pub(super) cells: Vec<String>,
    /// Last column each piece reached, for the spans.
    pub(super) reach: Vec<usize>,
    pub(super) figures: Vec<bool>,
}

impl Built {
    pub(super) fn new(row: &Row, width: usize) -> Built {
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

    pub(super) fn has_figures(&self) -> bool {
        self.figures.iter().any(|&f| f)
    }

    /// A figure that is not a header's year ("Beløb i 2022", "2024"):
    /// the table's body starts at the first such row.
    pub(super) fn has_amounts(&self) -> bool {
        self.figures
            .iter()
            .zip(&self.cells)
            .any(|(&f, cell)| f && crate::text::single_year(cell).is_none())
    }
}

/// The rows of the page stacked into the rows of the table: each piece in
/// its column, the lines of one cell joined.
pub(super) fn stack(rows: &[Row], columns: &[(f32, f32)], padded: bool) -> Vec<Built> {
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
pub(super) fn drop_repeated_headers(built: &mut Vec<Built>) {
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

/// A label wrapped over a page break: the first row of a page is a label
/// alone, and the last row before the break has figures and a label that
/// cannot end there ("Plan-, Trygheds- og" / "Integrationsudvalget",
/// Greve 33_oeu printed by LibreOffice). The label goes back to its row.
pub(super) fn join_labels_over_page_breaks(built: &mut Vec<Built>) {
    let mut k = 1;
    while k < built.len() {
        let (before, here) = (&built[k - 1], &built[k]);
        let alone = !here.cells[0].is_empty() && here.cells[1..].iter().all(String::is_empty);
        let last = before.cells[0].rsplit(' ').next().unwrap_or("");
        let open = last.ends_with('-')
            || matches!(
                last,
                "og" | "eller" | "samt" | "til" | "af" | "for" | "i" | "med"
            );
        if here.page != before.page && alone && before.has_figures() && open {
            let tail = built.remove(k);
            join_line(&mut built[k - 1].cells[0], &tail.cells[0]);
            continue;
        }
        k += 1;
    }
}

/// Header cells wrapped over lines in a table that does not pad its rows
/// are header rows of their own: "Afledte" / "driftsudgi" / "fter" /
/// "(1.000" / "kr.)" in the corner, "Efterfølg-" / "ende år" over the
/// last column (a Word table without borders, Greve 03_oeu through
/// LibreOffice), and the unit would be lost. Above the first row of
/// amounts, a row each of whose cells continues the cell above it (it
/// starts in lower case or with a bracket, or the cell above ends in a
/// hyphen or a slash) is joined to the row above, cell by cell. A row of
/// its own ("Drift", "Vedtaget | Korrigeret" under a spanning year)
/// starts in upper case.
pub(super) fn join_wrapped_header_rows(built: &mut Vec<Built>) {
    let Some(first) = built.iter().position(Built::has_amounts) else {
        return;
    };
    let continues = |above: &str, cell: &str| {
        let open = above.ends_with('-') || above.ends_with('/');
        let start = cell.chars().next();
        !above.is_empty() && (open || start.is_some_and(|c| c.is_lowercase() || c == '('))
    };
    let mut k = 1;
    let mut end = first;
    while k < end {
        let (above, row) = (&built[k - 1], &built[k]);
        let filled = row.cells.iter().filter(|c| !c.is_empty()).count();
        let each = row
            .cells
            .iter()
            .zip(&above.cells)
            .all(|(cell, over)| cell.is_empty() || continues(over, cell));
        if row.page == above.page && filled > 0 && each && !row.has_figures() {
            let tail = built.remove(k);
            let target = &mut built[k - 1];
            for (cell, next) in target.cells.iter_mut().zip(&tail.cells) {
                if !next.is_empty() {
                    join_line(cell, next);
                }
            }
            target.bbox.y1 = target.bbox.y1.max(tail.bbox.y1);
            end -= 1;
            continue;
        }
        k += 1;
    }
}

/// A column of project numbers beside the labels, with no header of its
/// own ("Anlægsbevilling | 450", "| 621", "| 622" where the header row was
/// lost to text run together): the numbers are the labels'.
pub(super) fn numbers_into_labels(built: &mut [Built]) {
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
pub(super) fn part_number_column(built: &mut [Built]) {
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
pub(super) fn total_label(label: &str) -> bool {
    let lower = label.to_lowercase();
    ["i alt", "total", "samlet", "sum"]
        .iter()
        .any(|t| lower.starts_with(t))
}

/// Where the number that starts a label ends: "159 Tagrenovering, …", or
/// run into it, "159Tagrenovering, …" (cells that touch); or a row's
/// letter, "a Rengøring".
pub(super) fn leading_number(label: &str) -> Option<usize> {
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
pub(super) fn header_key_end(header: &str) -> Option<usize> {
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
pub(super) fn part_code_column(built: &mut [Built], first: usize) {
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
    // A total has a code of its own: "I alt N" (netto) under "U" and "I"
    // rows (Greve 11_oeu).
    let total_code = |b: &Built| {
        b.cells[0].is_empty()
            && b.cells[label].rsplit_once(' ').is_some_and(|(_, last)| {
                last.chars().count() == 1 && last.chars().all(char::is_uppercase)
            })
    };
    for (i, b) in built.iter_mut().enumerate() {
        let coded = ends_in_code(&b.cells[label]) || i >= first && total_code(b);
        let split = (i < first || coded) && b.cells[label].contains(' ');
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
pub(super) fn grid_rows(built: Vec<Built>) -> Vec<GridRow> {
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
pub(super) fn widen(bbox: &mut RowBox, piece: &Piece) {
    bbox.x0 = bbox.x0.min(piece.x0);
    bbox.y0 = bbox.y0.min(piece.y0);
    bbox.x1 = bbox.x1.max(piece.x1);
    bbox.y1 = bbox.y1.max(piece.y1);
}
