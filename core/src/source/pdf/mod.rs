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
//! The steps have their rooms: `bbox` reads the markup, `rows` makes
//! rows and pieces of the words, `part` parts what pdftotext ran
//! together, `table` finds the tables and stacks their grids; this
//! module lays the document out and hands it to the interpretation.
//!
//! Positions: a line is a row of the page, numbered through the document;
//! [`Document::page_starts`] turns it into page and line on the page (the
//! n-th row of text from the top).

mod bbox;
mod part;
mod rows;
mod table;

use super::html::{Grid, GridRow, Span};
use super::Laid;
use crate::model::{Document, DocumentMeta, RowBox};
use crate::recognize::is_figure;
pub use bbox::read_bbox;
use bbox::*;
use part::*;
use rows::*;
use table::*;

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

/// [`extract_bbox`] of a PDF whose meeting is known from elsewhere (an
/// attachment saved beside its meeting's JSON): `meta` is its committee,
/// day and agenda item, instead of what the pages' headings say.
pub fn extract_bbox_of(xhtml: &str, meta: DocumentMeta) -> Document {
    extract_pages_of(&read_bbox(xhtml), Some(meta))
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
        if figures_broken(&grid) {
            // A wrong amount is worse than a missing one: the rows are
            // read as text.
            text_items(&kept[start..end], body, &mut items);
        } else {
            items.push(Item::Table(grid, columns, boxes));
        }
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
        for (k, word) in piece.text.split(' ').enumerate().take(piece.words()) {
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
    extract_pages_of(pages, None)
}

fn extract_pages_of(pages: &[PdfPage], known: Option<DocumentMeta>) -> Document {
    let (items, page_starts) = lay_out(pages);
    let mut laid = Laid::default();
    for item in &items {
        match item {
            Item::Text(line, text) => laid.text(*line, text.clone()),
            Item::Table(grid, _, boxes) => laid.grid_with_boxes(grid, "pdf", boxes),
        }
    }
    let empty = "expected text in the PDF, found none (a scanned PDF needs OCR first)";
    let mut doc = laid.interpret_source("pdf", items.is_empty().then_some(empty), known);
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
            // A figure, then the nil dashes of the empty cells after it.
            ("-1.765-", 2, Some(&[6, 7])),
            ("1.150--", 3, Some(&[5, 6, 7])),
            ("1.3001.300-", 3, Some(&[5, 10, 11])),
            ("1.150-", 3, None),
            // A period in a header, a range of weeks.
            ("2021-", 2, None),
            ("1-17", 2, None),
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
            ("Byudvikling/", "byggemodning", "Byudvikling/byggemodning"),
            ("Mer- /", "mindreforbrug", "Mer- / mindreforbrug"),
            ("215.893", "423", "215.893 423"),
            (
                "Tab vedr. ydelser og tilskud, Udbetaling",
                "Danmark",
                "Tab vedr. ydelser og tilskud, Udbetaling Danmark",
            ),
            ("", "Drift", "Drift"),
            (
                "Renter og kursgevinster/-",
                "tab",
                "Renter og kursgevinster/-tab",
            ),
            ("Tilskud /-", "fradrag", "Tilskud /- fradrag"),
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

    /// A word as (text, x0, x1).
    type At<'a> = (&'a str, f32, f32);

    /// The words of a line, from (text, x0, x1).
    fn line(words: &[At]) -> Vec<Word> {
        words
            .iter()
            .map(|&(text, x0, x1)| Word {
                x0,
                y0: 100.0,
                x1,
                y1: 113.3,
                text: text.to_string(),
            })
            .collect()
    }

    fn texts(pieces: &[Piece]) -> Vec<&str> {
        pieces.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn cells_one_space_apart_are_parted() {
        // Greve 32_byr printed by Chromium: a label run into its first
        // figure, then figures one space apart; the figures are 4.5
        // digits of 6 points wide.
        let row = line(&[
            ("Rådighedsbeløb", 34.0, 111.0),
            ("fra", 114.0, 127.0),
            ("budgetaftale4.000", 130.0, 217.0),
            ("3.000", 221.0, 248.0),
        ]);
        let parted = pieces(&row, 3.0);
        assert_eq!(
            texts(&parted),
            ["Rådighedsbeløb fra budgetaftale", "4.000", "3.000"]
        );
        // The figure is placed by the width of the figures beside it.
        assert!((parted[1].x0 - 190.0).abs() < 0.5, "{}", parted[1].x0);
        assert!(parted[0].x1 < parted[1].x0);
        let cases: &[(&[At], &[&str])] = &[
            (
                &[("8.010", 221.0, 248.0), ("0", 251.0, 257.0)],
                &["8.010", "0"],
            ),
            (
                &[("5.010", 221.0, 248.0), ("-", 251.0, 255.0)],
                &["5.010", "-"],
            ),
            (
                &[("2027", 282.0, 306.0), ("2028", 309.0, 333.0)],
                &["2027", "2028"],
            ),
            // No point or comma: a label's number, or a figure grouped by
            // spaces.
            (
                &[
                    ("Budgetopfølgning", 10.0, 90.0),
                    ("0", 93.0, 99.0),
                    ("2022", 102.0, 126.0),
                ],
                &["Budgetopfølgning 0 2022"],
            ),
            (&[("1", 10.0, 16.0), ("234", 19.0, 37.0)], &["1 234"]),
            // One figure ends a label: the columns tell it later.
            (
                &[("Anlæg", 10.0, 40.0), ("4.000", 43.0, 70.0)],
                &["Anlæg 4.000"],
            ),
            (&[("2027", 282.0, 306.0), ("-", 309.0, 313.0)], &["2027 -"]),
        ];
        for &(words, want) in cases {
            assert_eq!(texts(&pieces(&line(words), 3.0)), want);
        }
    }

    #[test]
    fn figures_run_together_are_cut_at_the_columns_by_their_widths() {
        // Greve 32_byr printed by LibreOffice: "18.000" wrapped in its
        // cell, "0" on the line below.
        let row = line(&[("3.0003.00018.00", 305.3, 388.3)]);
        let piece = &pieces(&row, 3.0)[0];
        let columns = [(305.3, 329.3), (333.3, 357.3), (361.3, 385.3)];
        assert_eq!(
            glyph_cuts(piece, &[0, 1, 2], &columns),
            Some(vec![5, 10, 15])
        );
        // Columns that do not meet the characters' edges: no cut.
        let off = [(305.3, 326.3), (330.3, 355.3), (358.3, 385.3)];
        assert_eq!(glyph_cuts(piece, &[0, 1, 2], &off), None);
        // The last part may be a figure's start, wrapped in its cell.
        let row = line(&[("3.0003.00", 305.3, 356.3)]);
        let piece = &pieces(&row, 3.0)[0];
        assert_eq!(glyph_cuts(piece, &[0, 1], &columns[..2]), Some(vec![5, 9]));
        // A part before the last that is no figure ("30.00"): no cut.
        let row = line(&[("30.0003.000", 100.0, 160.0)]);
        let piece = &pieces(&row, 3.0)[0];
        assert_eq!(
            glyph_cuts(piece, &[0, 1], &[(100.0, 124.0), (127.0, 160.0)]),
            None
        );
    }

    fn built(page: usize, cells: &[&str]) -> Built {
        Built {
            line: 1,
            page,
            bbox: RowBox {
                x0: 0.0,
                y0: 0.0,
                x1: 1.0,
                y1: 1.0,
            },
            cells: cells.iter().map(|c| c.to_string()).collect(),
            reach: (0..cells.len()).collect(),
            figures: cells.iter().map(|c| is_figure(c)).collect(),
        }
    }

    #[test]
    fn a_code_column_run_into_the_labels_is_parted() {
        // Greve 11_oeu printed by LibreOffice: "U/I" run into the labels'
        // header, "I alt N" (netto) under rows of U and I.
        let mut rows = vec![
            built(0, &["Nr.", "Projektnavn U/I", "Forbrug"]),
            built(0, &["421", "Renovering af broer U", "2.951"]),
            built(0, &["438", "Salg Hundige Bygade 49 I", "-1.629"]),
            built(0, &["", "I alt N", "-13.397"]),
        ];
        part_code_column(&mut rows, 1);
        let cells: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| r.cells.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(
            cells,
            [
                ["Nr.", "Projektnavn", "U/I", "Forbrug"],
                ["421", "Renovering af broer", "U", "2.951"],
                ["438", "Salg Hundige Bygade 49", "I", "-1.629"],
                ["", "I alt", "N", "-13.397"],
            ]
        );
    }

    #[test]
    fn a_label_wrapped_over_a_page_break_goes_back_to_its_row() {
        let mut rows = vec![
            built(2, &["Plan-, Trygheds- og", "3.150", "4.242"]),
            built(3, &["Integrationsudvalget", "", ""]),
            built(3, &["-Serviceudgifter", "3.150", "4.242"]),
            built(3, &["Social- og Handicapudvalget", "285", "293"]),
            built(4, &["-Serviceudgifter", "", ""]),
        ];
        join_labels_over_page_breaks(&mut rows);
        let labels: Vec<&str> = rows.iter().map(|r| r.cells[0].as_str()).collect();
        // A label that can end where it does starts a row of its own.
        assert_eq!(
            labels,
            [
                "Plan-, Trygheds- og Integrationsudvalget",
                "-Serviceudgifter",
                "Social- og Handicapudvalget",
                "-Serviceudgifter"
            ]
        );
    }

    #[test]
    fn a_unit_justified_across_its_cell_stays_the_label_s() {
        // Greve 23_oeu on A5: "Samlet 1.000" over "kr.", the figures of
        // the row centred between the two lines.
        let row = |y0: f32, words: &[At]| {
            let mut words = line(words);
            for w in &mut words {
                w.y0 = y0;
                w.y1 = y0 + 13.3;
            }
            let pieces = pieces(&words, 3.0);
            Row {
                y0,
                y1: y0 + 13.3,
                line: 1,
                page: 0,
                page_width: 420.0,
                pieces,
            }
        };
        let mut rows = vec![
            row(448.3, &[("Samlet", 34.0, 70.0), ("1.000", 145.0, 172.0)]),
            row(455.1, &[("-2.967", 172.0, 203.0), ("2.346", 287.0, 314.0)]),
            row(461.8, &[("kr.", 34.0, 46.0)]),
        ];
        join_justified_units(&mut rows);
        assert_eq!(texts(&rows[0].pieces), ["Samlet 1.000"]);
        // A figure of the row, with no "kr." under the label, stays.
        let mut rows = vec![
            row(448.3, &[("Samlet", 34.0, 70.0), ("1.000", 145.0, 172.0)]),
            row(461.8, &[("Drift", 34.0, 60.0)]),
        ];
        join_justified_units(&mut rows);
        assert_eq!(texts(&rows[0].pieces), ["Samlet", "1.000"]);
    }

    #[test]
    fn header_cells_wrapped_into_rows_of_their_own_are_joined() {
        // Greve 03_oeu as a Word table without borders, through
        // LibreOffice: the corner's unit over five lines.
        let mut rows = vec![
            built(2, &["Afledte", "2022", "Efterfølg-"]),
            built(2, &["driftsudgi", "", "ende år"]),
            built(2, &["fter", "", ""]),
            built(2, &["(1.000", "", ""]),
            built(2, &["kr.)", "", ""]),
            built(2, &["Husleje", "304", "304"]),
            built(2, &["forbrug", "", ""]),
        ];
        join_wrapped_header_rows(&mut rows);
        let cells: Vec<&str> = rows[0].cells.iter().map(String::as_str).collect();
        assert_eq!(
            cells,
            [
                "Afledte driftsudgi fter (1.000 kr.)",
                "2022",
                "Efterfølg-ende år"
            ]
        );
        // The body is not touched.
        assert_eq!(rows.len(), 3);
        // A row of its own above the figures stays one.
        let mut rows = vec![
            built(2, &["Mio. kr.", "2022", "2023"]),
            built(2, &["Drift", "", ""]),
            built(2, &["Løn", "1,2", "1,3"]),
        ];
        join_wrapped_header_rows(&mut rows);
        assert_eq!(rows.len(), 3);
    }

    #[test]
    fn a_table_of_figures_broken_over_lines_is_told() {
        let grid = |cells: &[&[&str]]| Grid {
            line: 1,
            caption: None,
            rows: cells
                .iter()
                .map(|r| GridRow {
                    line: 1,
                    cells: r.iter().map(|c| c.to_string()).collect(),
                    spans: vec![Span::Origin; r.len()],
                    header: false,
                })
                .collect(),
        };
        assert!(figures_broken(&grid(&[
            &["Indtægter", "3.375.", "3."],
            &["", "048", "45"],
        ])));
        // A list's numbers are labels; whole figures are figures.
        assert!(!figures_broken(&grid(&[
            &["1.", "Rengøring", "-1.000"],
            &["2.", "Plan", "-150"],
        ])));
    }

    #[test]
    fn touching_extents_are_two_columns() {
        assert_eq!(
            union(vec![(279.0, 306.0), (306.0, 310.0), (309.0, 333.0)]),
            [(279.0, 306.0), (306.0, 333.0)]
        );
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
