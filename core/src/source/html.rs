//! HTML pages (and the HTML fields of the agenda portal's JSON) as a
//! source: every `<table>` becomes a grid of cell texts with the line of
//! each `<tr>`, and the text outside tables (headings, paragraphs, list
//! items) becomes the page's lines, for metadata, captions, units stated in
//! the prose and sign notes.
//!
//! The markup is parsed by html5ever as a browser parses it (implied and
//! misnested tags, entities such as `&nbsp;` and `&minus;`), into the small
//! DOM of [`super::dom`] that keeps lines. What this module adds:
//! - `colspan`/`rowspan` expanded into a rectangular grid, each position
//!   knowing whether it continues a cell to its left or above ([`Span`]);
//! - a cell's text is all its text, `<br>` and block elements inside it
//!   read as a space, so a wrapped label stays one label;
//! - a table inside a cell is a table of its own, read after the one it
//!   sits in (the order of their `<table>` tags), and its text is not the
//!   outer cell's;
//! - a row is marked as a header row when its cells are `<th>` or wholly
//!   bold (`<b>`, `<strong>`): real portals print headers as bold `<td>`
//!   rows without a `<th>`.

use super::dom::{Dom, NodeId, NodeKind};
use super::Laid;
use crate::model::Document;
use crate::text::fold_whitespace;

/// Tables wider than this are not budget tables; their extra columns are
/// dropped, so a page of 10,000 columns costs no more than one of 512.
pub const MAX_COLUMNS: usize = 512;
/// A `rowspan` is capped at this many rows (as browsers cap it at 65534),
/// so one attribute cannot make a grid of millions of rows.
const MAX_ROWSPAN: usize = 1000;
/// Nesting deeper than this is not read further (a page of 100,000 nested
/// `<div>`s is not minutes): memory and time stay bounded.
const MAX_DEPTH: usize = 512;

/// What a grid position holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// The cell starts here.
    Origin,
    /// A `colspan` continues the cell to the left.
    Left,
    /// A `rowspan` continues the cell above.
    Above,
}

/// One `<tr>`.
#[derive(Debug, Clone, PartialEq)]
pub struct GridRow {
    /// 1-based line of the `<tr>` in the source.
    pub line: u32,
    /// The cell texts, whitespace folded; spanned positions repeat the
    /// text of the cell they continue (see [`GridRow::spans`]).
    pub cells: Vec<String>,
    pub spans: Vec<Span>,
    /// All its cells are `<th>`, or bold throughout.
    pub header: bool,
}

/// One `<table>`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Grid {
    /// 1-based line of the `<table>` tag.
    pub line: u32,
    /// The table's `<caption>`, if it has one.
    pub caption: Option<String>,
    pub rows: Vec<GridRow>,
}

/// A piece of the page in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A line of text outside tables, with the source line it starts on.
    Text { line: u32, text: String },
    /// `Page::grids[index]`.
    Table(usize),
}

/// A page read: its blocks in order and its tables.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    pub blocks: Vec<Block>,
    pub grids: Vec<Grid>,
}

/// Elements whose start and end break the text into lines.
fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "main"
            | "nav"
            | "aside"
            | "blockquote"
            | "pre"
            | "address"
            | "figure"
            | "figcaption"
            | "center"
            | "hr"
            | "br"
            | "body"
            | "html"
            | "form"
            | "fieldset"
            | "details"
            | "summary"
    )
}

/// Elements whose content is never text of the page.
fn is_hidden(tag: &str) -> bool {
    matches!(
        tag,
        "head" | "script" | "style" | "template" | "noscript" | "iframe" | "object" | "svg"
    )
}

/// Whether a text is an HTML page by its first characters
/// (`<!doctype html` or `<html`, in any case), whatever the file's name.
pub fn sniff(head: &str) -> bool {
    let lower: String = head
        .chars()
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    lower.starts_with("<!doctype html") || lower.starts_with("<html")
}

/// Extract a document from an HTML page.
pub fn extract_html(html: &str) -> Document {
    let page = read_page(html);
    let mut laid = Laid::default();
    lay_out(&page, &mut laid);
    let empty = "expected minutes, found an HTML page without text";
    laid.interpret_source("html", page.blocks.is_empty().then_some(empty), None)
}

/// A page's blocks as virtual lines: a line per text block, a line per
/// table row.
pub(crate) fn lay_out(page: &Page, laid: &mut Laid) {
    for block in &page.blocks {
        match block {
            Block::Text { line, text } => laid.text(*line, text.clone()),
            Block::Table(index) => laid.grid(&page.grids[*index], "html"),
        }
    }
}

/// HTML tables inside a text or Markdown file: pandoc writes a table it
/// cannot draw with pipes (merged cells, several header rows) as raw
/// `<table>` markup in its Markdown. Each outermost `<table>…</table>`
/// region is read as HTML; its tables come back with the lines of the
/// text, and the regions' line ranges (0-based, end exclusive) so the
/// text recognizers leave those lines alone.
pub fn embedded_tables(
    text: &str,
) -> (
    Vec<crate::recognize::RawTable<'static>>,
    Vec<std::ops::Range<usize>>,
) {
    let lower = text.to_ascii_lowercase();
    let mut tables = Vec::new();
    let mut regions = Vec::new();
    let mut at = 0;
    while let Some(found) = lower[at..].find("<table") {
        let start = at + found;
        // The matching end tag, counting nested tables.
        let mut depth = 0usize;
        let mut cursor = start;
        let end = loop {
            let open = lower[cursor..].find("<table").map(|i| cursor + i);
            let close = lower[cursor..].find("</table").map(|i| cursor + i);
            match (open, close) {
                (Some(o), Some(c)) if o < c => {
                    depth += 1;
                    cursor = o + 6;
                }
                (_, Some(c)) => {
                    depth = depth.saturating_sub(1);
                    cursor = c + 7;
                    if depth == 0 {
                        break lower[cursor..]
                            .find('>')
                            .map_or(text.len(), |i| cursor + i + 1);
                    }
                }
                _ => break text.len(),
            }
        };
        let first_line = text[..start].matches('\n').count();
        let last_line = first_line + text[start..end].matches('\n').count();
        let page = read_page(&text[start..end]);
        for grid in &page.grids {
            let rows: Vec<crate::recognize::RawRow<'static>> = grid
                .rows
                .iter()
                .map(|row| crate::recognize::RawRow {
                    line: first_line as u32 + row.line,
                    cells: super::spanned_cells(row),
                })
                .collect();
            if rows.is_empty() {
                continue;
            }
            tables.push(crate::recognize::RawTable {
                layout: "html",
                rows,
                caption: grid.caption.clone(),
            });
        }
        regions.push(first_line..last_line + 1);
        at = end.max(start + 6);
    }
    (tables, regions)
}

/// Read a page.
pub fn read_page(html: &str) -> Page {
    let dom = Dom::parse(html);
    let mut reader = Reader {
        dom: &dom,
        page: Page::default(),
        line: String::new(),
        line_no: 0,
    };
    reader.walk(0);
    reader.flush();
    reader.page
}

struct Reader<'d> {
    dom: &'d Dom,
    page: Page,
    /// The text line being gathered, and the source line it started on.
    line: String,
    line_no: u32,
}

impl Reader<'_> {
    fn flush(&mut self) {
        let text = fold_whitespace(&self.line);
        self.line.clear();
        if !text.is_empty() {
            self.page.blocks.push(Block::Text {
                line: self.line_no,
                text,
            });
        }
    }

    /// Walk the tree in document order with an explicit stack (a deeply
    /// nested page must not exhaust the call stack).
    fn walk(&mut self, root: NodeId) {
        // (node, depth, entering)
        let mut stack = vec![(root, 0usize, true)];
        while let Some((id, depth, entering)) = stack.pop() {
            let node = &self.dom.nodes[id];
            let tag = self.dom.tag(id);
            if !entering {
                if is_block(tag) {
                    self.flush();
                }
                continue;
            }
            match &node.kind {
                NodeKind::Text(text) => {
                    if self.line.trim().is_empty() {
                        self.line_no = node.line;
                    }
                    self.line.push_str(text);
                }
                NodeKind::Element { .. } if tag == "table" => {
                    self.flush();
                    self.table(id);
                }
                NodeKind::Element { .. } if is_hidden(tag) => {}
                NodeKind::Document | NodeKind::Element { .. } if depth < MAX_DEPTH => {
                    if is_block(tag) {
                        self.flush();
                    }
                    stack.push((id, depth, false));
                    for &child in node.children.iter().rev() {
                        stack.push((child, depth + 1, true));
                    }
                }
                _ => {}
            }
        }
    }

    /// Read a table into a grid, then the tables nested in its cells.
    fn table(&mut self, table: NodeId) {
        let index = self.page.grids.len();
        self.page.grids.push(Grid::default());
        self.page.blocks.push(Block::Table(index));
        let mut nested = Vec::new();
        let grid = read_grid(self.dom, table, &mut nested);
        self.page.grids[index] = grid;
        for inner in nested {
            self.table(inner);
        }
    }
}

/// The rows of a table (through `<thead>`, `<tbody>`, `<tfoot>`, not into
/// nested tables), in document order.
fn rows_of(dom: &Dom, table: NodeId) -> Vec<NodeId> {
    let mut rows = Vec::new();
    for &child in &dom.nodes[table].children {
        match dom.tag(child) {
            "tr" => rows.push(child),
            "thead" | "tbody" | "tfoot" => rows.extend(
                dom.nodes[child]
                    .children
                    .iter()
                    .copied()
                    .filter(|&c| dom.tag(c) == "tr"),
            ),
            _ => {}
        }
    }
    rows
}

fn span_attr(dom: &Dom, cell: NodeId, key: &str, cap: usize) -> usize {
    dom.attr(cell, key)
        .and_then(|v| v.trim().parse::<usize>().ok())
        .map_or(1, |n| n.clamp(1, cap))
}

fn read_grid(dom: &Dom, table: NodeId, nested: &mut Vec<NodeId>) -> Grid {
    let caption = dom.nodes[table]
        .children
        .iter()
        .find(|&&c| dom.tag(c) == "caption")
        .map(|&c| cell_text(dom, c, nested).0)
        .filter(|t| !t.is_empty());
    let mut rows: Vec<GridRow> = Vec::new();
    // Positions taken by a rowspan from above: (row, column) -> origin text.
    let mut carried: Vec<Vec<Option<String>>> = Vec::new();
    for (r, tr) in rows_of(dom, table).into_iter().enumerate() {
        let mut cells: Vec<String> = Vec::new();
        let mut spans: Vec<Span> = Vec::new();
        let mut header = true;
        let mut any = false;
        let take_carried = |cells: &mut Vec<String>,
                            spans: &mut Vec<Span>,
                            carried: &mut Vec<Vec<Option<String>>>| {
            while let Some(Some(text)) = carried
                .get_mut(r)
                .and_then(|row| row.get_mut(cells.len()).map(Option::take))
            {
                cells.push(text);
                spans.push(Span::Above);
            }
        };
        for &td in &dom.nodes[tr].children {
            let tag = dom.tag(td);
            if tag != "td" && tag != "th" {
                continue;
            }
            take_carried(&mut cells, &mut spans, &mut carried);
            if cells.len() >= MAX_COLUMNS {
                break;
            }
            let (text, bold) = cell_text(dom, td, nested);
            if !text.is_empty() {
                any = true;
                header &= tag == "th" || bold;
            }
            let colspan = span_attr(dom, td, "colspan", MAX_COLUMNS);
            let rowspan = span_attr(dom, td, "rowspan", MAX_ROWSPAN);
            for k in 0..colspan {
                if cells.len() >= MAX_COLUMNS {
                    break;
                }
                let column = cells.len();
                cells.push(text.clone());
                spans.push(if k == 0 { Span::Origin } else { Span::Left });
                for below in r + 1..r + rowspan {
                    if carried.len() <= below {
                        carried.resize(below + 1, Vec::new());
                    }
                    let row = &mut carried[below];
                    if row.len() <= column {
                        row.resize(column + 1, None);
                    }
                    row[column] = Some(text.clone());
                }
            }
        }
        take_carried(&mut cells, &mut spans, &mut carried);
        rows.push(GridRow {
            line: dom.nodes[tr].line,
            cells,
            spans,
            header: header && any,
        });
    }
    Grid {
        line: dom.nodes[table].line,
        caption,
        rows,
    }
}

/// A cell's text, whitespace folded, block elements and `<br>` read as a
/// space; and whether all of it is bold. Tables inside it are noted in
/// `nested`, not read as its text.
fn cell_text(dom: &Dom, cell: NodeId, nested: &mut Vec<NodeId>) -> (String, bool) {
    let mut text = String::new();
    let mut bold_all = true;
    // (node, depth, bold)
    let mut stack = vec![(cell, 0usize, false)];
    while let Some((id, depth, bold)) = stack.pop() {
        let node = &dom.nodes[id];
        match &node.kind {
            NodeKind::Text(t) => {
                if !t.trim().is_empty() && !bold {
                    bold_all = false;
                }
                text.push_str(t);
            }
            NodeKind::Element { .. } => {
                let tag = dom.tag(id);
                if tag == "table" {
                    nested.push(id);
                    text.push(' ');
                    continue;
                }
                if is_hidden(tag) || depth >= MAX_DEPTH {
                    continue;
                }
                if is_block(tag) {
                    text.push(' ');
                }
                let bold = bold || is_bold(dom, id);
                for &child in node.children.iter().rev() {
                    stack.push((child, depth + 1, bold));
                }
            }
            _ => {}
        }
    }
    let folded = fold_whitespace(&text);
    let bold = bold_all && !folded.is_empty();
    (folded, bold)
}

fn is_bold(dom: &Dom, id: NodeId) -> bool {
    matches!(dom.tag(id), "b" | "strong" | "th")
        || dom.attr(id, "style").is_some_and(|s| {
            let s = s.to_ascii_lowercase().replace(' ', "");
            s.contains("font-weight:bold") || s.contains("font-weight:700")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(page: &Page) -> Vec<&str> {
        page.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Text { text, .. } => Some(text.as_str()),
                Block::Table(_) => None,
            })
            .collect()
    }

    #[test]
    fn spans_expand_into_a_rectangle() {
        let page = read_page(
            "<table>\n<tr><td rowspan=2>Område</td><td colspan=2><b>Budget 2024</b></td></tr>\n<tr><td>Drift</td><td>Anlæg</td></tr>\n<tr><td>Skoler</td><td>1.000</td><td>2.000</td></tr></table>",
        );
        let grid = &page.grids[0];
        assert_eq!(grid.rows[0].cells, ["Område", "Budget 2024", "Budget 2024"]);
        assert_eq!(grid.rows[0].spans, [Span::Origin, Span::Origin, Span::Left]);
        assert_eq!(grid.rows[1].cells, ["Område", "Drift", "Anlæg"]);
        assert_eq!(
            grid.rows[1].spans,
            [Span::Above, Span::Origin, Span::Origin]
        );
        assert_eq!(grid.rows[2].cells, ["Skoler", "1.000", "2.000"]);
        assert_eq!(
            grid.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
            [2, 3, 4]
        );
        assert!(!grid.rows[0].header, "one cell is not bold");
    }

    #[test]
    fn entities_breaks_and_bold_rows() {
        let page = read_page(
            "<p>Tabel 1 (mio.&nbsp;kr.)</p><table><tr><td><strong>Tab vedr. ydelser<br>og tilskud</strong></td><td><b>2024</b></td></tr><tr><td>A</td><td>&minus;1,5&#8211;</td></tr></table><p>Note</p>",
        );
        assert_eq!(texts(&page), ["Tabel 1 (mio. kr.)", "Note"]);
        let grid = &page.grids[0];
        assert_eq!(grid.rows[0].cells, ["Tab vedr. ydelser og tilskud", "2024"]);
        assert!(grid.rows[0].header);
        assert_eq!(grid.rows[1].cells, ["A", "\u{2212}1,5\u{2013}"]);
        assert!(!grid.rows[1].header);
    }

    #[test]
    fn nested_tables_are_their_own() {
        let page = read_page(
            "<table><tr><td>Ydre<table><tr><td>Indre</td><td>5</td></tr></table></td><td>1</td></tr></table>",
        );
        assert_eq!(page.grids.len(), 2);
        assert_eq!(page.grids[0].rows[0].cells, ["Ydre", "1"]);
        assert_eq!(page.grids[1].rows[0].cells, ["Indre", "5"]);
        assert_eq!(page.blocks, [Block::Table(0), Block::Table(1)]);
    }

    #[test]
    fn a_word_in_a_money_column_is_a_reject_with_its_reason() {
        let doc = extract_html(
            "<h1>Greve Kommune – Byråd – Dagsorden 30.05.2022</h1>\n<table>\n<tr><td>Budget i kr.</td><td>2022</td><td>2023</td></tr>\n<tr><td>Indsats 1</td><td>10.000</td><td>Afklares</td></tr>\n<tr><td>Indsats 2</td><td>5.000</td><td>0</td></tr>\n</table>",
        );
        assert_eq!(doc.cells.len(), 3);
        assert_eq!(doc.cells[0].amount_kr, Some(10_000));
        assert_eq!(doc.cells[0].row_line, 4, "the line of the <tr>");
        assert_eq!(doc.cells[0].table_row, 2, "the second <tr> of the table");
        // All on one line, as an item's HTML in the portal's JSON: the row
        // number tells the rows apart.
        let one_line = extract_html(
            "<h1>Greve Kommune – Byråd – Dagsorden 30.05.2022</h1><table><tr><td>Budget i kr.</td><td>2022</td></tr><tr><td>A</td><td>1.000</td></tr><tr><td>B</td><td>2.000</td></tr></table>",
        );
        let rows: Vec<(u32, u32)> = one_line
            .cells
            .iter()
            .map(|c| (c.row_line, c.table_row))
            .collect();
        assert_eq!(rows, [(1, 2), (1, 3)]);
        assert_eq!(doc.rejects.len(), 1);
        assert_eq!(doc.rejects[0].raw, "Afklares");
        assert_eq!(
            doc.rejects[0].reason,
            "text in a value column of money, not an amount"
        );
        assert_eq!(
            doc.meta.meeting_date,
            chrono::NaiveDate::from_ymd_opt(2022, 5, 30)
        );
    }

    #[test]
    fn hostile_markup_stays_bounded() {
        let deep = "<div>".repeat(5_000) + "x";
        let page = read_page(&deep);
        assert!(page.blocks.len() <= 1);
        let wide = format!("<table><tr>{}</tr></table>", "<td>1</td>".repeat(10_000));
        assert_eq!(read_page(&wide).grids[0].rows[0].cells.len(), MAX_COLUMNS);
        let tall = "<table><tr><td rowspan=99999999>a</td></tr></table>";
        assert_eq!(read_page(tall).grids[0].rows.len(), 1);
        let unclosed = "<table><tr><td>a<td>1.000<tr><td>b<td>2.000";
        let grid = &read_page(unclosed).grids[0];
        assert_eq!(grid.rows.len(), 2);
        assert_eq!(grid.rows[1].cells, ["b", "2.000"]);
    }
}
