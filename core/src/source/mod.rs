//! Sources: each kind of input becomes the same thing — lines of text (for
//! metadata, captions, notes and prose) and raw table grids with their
//! positions — before [`crate::semantics`] gives any cell its meaning.
//!
//! - text layouts (tab-separated, pipe, space-aligned, lists): the
//!   recognizers of [`crate::recognize`], over the lines of the text;
//! - [`html`]: pages saved from an agenda portal, or any HTML with tables;
//! - [`agenda`]: the agenda portal's meeting JSON, whose items carry HTML;
//! - [`pdf`]: a PDF's words with their boxes (`pdftotext -bbox-layout`,
//!   run by the CLI), rebuilt into rows, columns and cells.
//!
//! Each is registered in [`SOURCES`] with its extensions and how its
//! content is told; [`extract_file`] picks the source by content first.
//!
//! A source that is not line-based lays its pieces out as virtual lines
//! ([`Laid`]): a line per text block, a line per table row. The shared
//! interpretation works on those, and the positions are mapped back to the
//! source's own lines at the end, so provenance points into the file.

pub mod agenda;
mod dom;
pub mod html;
pub mod pdf;

use crate::decode::{decode, DecodeError, Decoded};
use crate::model::{Diagnostic, Document, DocumentMeta};
use crate::recognize::{caption_block_above, RawRow, RawTable};
use std::borrow::Cow;

/// Why a file gave no document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceError {
    /// Text that could not be decoded.
    Decode(DecodeError),
    /// A file of another kind; what it is, in words ("a Word document").
    NotMinutes(String),
}

/// How a source makes a document of a decoded file.
type Reader = fn(&Decoded) -> Result<Document, SourceError>;

/// One kind of input, registered in [`SOURCES`]: the extensions that name
/// it, what its content starts with, and how its decoded text becomes a
/// document. A new kind of input is a module of this folder and its entry
/// there; the directory walk, the messages and the help texts (held to
/// the list by a test) follow.
pub struct Source {
    /// What it is, in words.
    pub name: &'static str,
    /// The extensions (lower case) a directory walk reads as this source.
    pub extensions: &'static [&'static str],
    /// Whether a decoded text is of this kind by its first characters,
    /// whatever its name says (checked before any extension).
    sniff: fn(head: &str) -> bool,
    /// How a decoded file becomes a document; `None` for a source the
    /// caller reads through an outside program first (a PDF: the CLI runs
    /// `pdftotext -bbox-layout` and gives its words to [`pdf`]).
    read: Option<Reader>,
}

/// The sources, text first: it reads a file that no other source claims.
/// Content is tried in this order, then extensions.
pub const SOURCES: &[Source] = &[
    Source {
        name: "text",
        extensions: &["txt", "md"],
        sniff: |_| false,
        read: Some(read_text),
    },
    Source {
        name: "PDF",
        extensions: &["pdf"],
        sniff: |_| false,
        read: None,
    },
    Source {
        name: "HTML page",
        extensions: &["html", "htm"],
        sniff: html::sniff,
        read: Some(|file| Ok(html::extract_html(&file.text))),
    },
    Source {
        name: "agenda portal JSON",
        extensions: &["json"],
        sniff: agenda::sniff,
        read: Some(|file| agenda::extract_agenda(&file.text).map_err(SourceError::NotMinutes)),
    },
];

/// The text source, the one that reads what no other claims.
const TEXT: &Source = &SOURCES[0];

/// Lines of text, read by the text recognizers; the document says which
/// encoding they were decoded from (the other sources name their own).
fn read_text(file: &Decoded) -> Result<Document, SourceError> {
    let mut doc = crate::extract_text(&file.text);
    doc.encoding = file.encoding;
    Ok(doc)
}

/// What a file that is not minutes is, from its first bytes (and its
/// extension, which tells the kinds of a ZIP container apart).
fn foreign_kind(bytes: &[u8], extension: &str) -> Option<String> {
    let kind = if bytes.starts_with(b"PK\x03\x04") {
        match extension {
            "docx" => "a Word document (.docx)",
            "xlsx" => "an Excel workbook (.xlsx)",
            "odt" => "an OpenDocument text (.odt)",
            "ods" => "an OpenDocument spreadsheet (.ods)",
            "pptx" => "a PowerPoint presentation (.pptx)",
            _ => "a ZIP archive",
        }
    } else if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        "an old Office file (.doc, .xls)"
    } else if bytes.starts_with(b"\x89PNG") {
        "a PNG image"
    } else if bytes.starts_with(b"\xFF\xD8\xFF") {
        "a JPEG image"
    } else if bytes.starts_with(b"GIF8") {
        "a GIF image"
    } else if bytes.starts_with(b"%PDF") {
        "a PDF without the .pdf extension"
    } else {
        return None;
    };
    Some(kind.to_string())
}

/// Whether `extension` (lower case) names a file a directory walk reads.
pub fn reads_extension(extension: &str) -> bool {
    SOURCES.iter().any(|s| s.extensions.contains(&extension))
}

/// The extensions read, in the order of [`SOURCES`].
pub fn extensions() -> impl Iterator<Item = &'static str> {
    SOURCES.iter().flat_map(|s| s.extensions.iter().copied())
}

/// Which source reads a decoded file: the first whose content it is (a
/// page that starts with `<!doctype html` or `<html`, a JSON object with
/// agenda items), else the one its extension names, else text.
pub fn source_of(text: &str, extension: &str) -> &'static Source {
    let head = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    SOURCES
        .iter()
        .find(|s| (s.sniff)(head))
        .or_else(|| SOURCES.iter().find(|s| s.extensions.contains(&extension)))
        .unwrap_or(TEXT)
}

/// Extract a document from a file's bytes with the source its content (or
/// else its extension, lower-cased by the caller or not) calls for. A file
/// named `.pdf` that is no PDF is read as text (a PDF is told by its
/// bytes, and the caller reads it through `pdftotext`).
pub fn extract_file(bytes: &[u8], extension: Option<&str>) -> Result<Document, SourceError> {
    let extension = extension.unwrap_or("").to_ascii_lowercase();
    if let Some(found) = foreign_kind(bytes, &extension) {
        return Err(SourceError::NotMinutes(found));
    }
    let decoded = decode(bytes).map_err(SourceError::Decode)?;
    let read = source_of(&decoded.text, &extension)
        .read
        .unwrap_or(read_text);
    read(&decoded)
}

/// A row's cells with its spans resolved for the interpretation. A figure
/// is one figure however many columns or rows it spans: only its first
/// position keeps it (a `colspan="3"` amount under a `colspan="3"` header
/// is one amount, not three). A text that spans is repeated in a row
/// without figures — a header over two columns heads both — but not in a
/// row with figures, and a row that is one cell across ("Generel
/// låneadgang:" over the whole table, a section) keeps it once.
pub(crate) fn spanned_cells(row: &html::GridRow) -> Vec<Cow<'static, str>> {
    use crate::number::parse_number;
    use html::Span;
    let is_figure = |text: &str| matches!(parse_number(text), Ok(Some(_)));
    let one_cell = row.spans.iter().skip(1).all(|s| *s == Span::Left);
    let has_figures = row
        .cells
        .iter()
        .zip(&row.spans)
        .any(|(c, s)| *s == Span::Origin && is_figure(c));
    row.cells
        .iter()
        .zip(&row.spans)
        .map(|(text, span)| {
            let keep = match span {
                Span::Origin => true,
                Span::Left => !one_cell && !has_figures && !is_figure(text),
                Span::Above => !has_figures && !is_figure(text),
            };
            Cow::Owned(if keep { text.clone() } else { String::new() })
        })
        .collect()
}

/// Blank the lines of `ranges` (0-based, end exclusive, clipped to the
/// text): lines a source has read as a table are no text for the others.
pub(crate) fn blank_lines(
    lines: &mut [&str],
    ranges: impl IntoIterator<Item = std::ops::Range<usize>>,
) {
    let count = lines.len();
    for range in ranges {
        for line in &mut lines[range.start.min(count)..range.end.min(count)] {
            *line = "";
        }
    }
}

/// Text blocks and table grids laid out as virtual lines.
#[derive(Default)]
pub(crate) struct Laid {
    lines: Vec<String>,
    /// The source line of each virtual line.
    map: Vec<u32>,
    /// The box on its page of each virtual line that is a row of a PDF
    /// table (the other lines have none; the vector ends at the last box).
    boxes: Vec<Option<crate::model::RowBox>>,
    tables: Vec<RawTable<'static>>,
}

impl Laid {
    /// The next virtual line's number (1-based).
    pub(crate) fn next_line(&self) -> u32 {
        self.lines.len() as u32 + 1
    }

    pub(crate) fn text(&mut self, source_line: u32, text: String) {
        self.lines.push(text);
        self.map.push(source_line);
    }

    /// A grid of a PDF, with the box of each of its rows on its page.
    pub(crate) fn grid_with_boxes(
        &mut self,
        grid: &html::Grid,
        layout: &'static str,
        boxes: &[crate::model::RowBox],
    ) {
        let first = self.lines.len();
        self.grid(grid, layout);
        self.boxes.resize(first, None);
        self.boxes.extend(boxes.iter().copied().map(Some));
    }

    /// A grid as a raw table, a virtual line per row.
    pub(crate) fn grid(&mut self, grid: &html::Grid, layout: &'static str) {
        if grid.rows.is_empty() {
            return;
        }
        let start = self.lines.len();
        // The caption search looks at most nine lines up: those are all it
        // needs, not a copy of every line so far for each table.
        let caption = grid.caption.clone().or_else(|| {
            let near: Vec<&str> = self.lines[start.saturating_sub(9)..]
                .iter()
                .map(String::as_str)
                .collect();
            caption_block_above(&near, near.len())
        });
        let mut rows = Vec::with_capacity(grid.rows.len());
        for row in &grid.rows {
            rows.push(RawRow {
                line: self.next_line(),
                cells: spanned_cells(row),
            });
            self.lines.push(String::new());
            self.map.push(row.line);
        }
        self.tables.push(RawTable {
            layout,
            rows,
            caption,
        });
    }

    /// Interpret a page source's pieces as a document of `encoding`, with a
    /// warning when the source held no text (`empty` says what it was);
    /// `known` is the meeting when something beside the source states it.
    pub(crate) fn interpret_source(
        self,
        encoding: &'static str,
        empty: Option<&'static str>,
        known: Option<DocumentMeta>,
    ) -> Document {
        let diagnostics = empty
            .map(|message| Diagnostic {
                line: None,
                severity: crate::model::Severity::Warning,
                message: message.into(),
            })
            .into_iter()
            .collect();
        let mut doc = self.interpret(diagnostics, known);
        doc.encoding = encoding;
        doc
    }

    /// Interpret the laid-out pieces and map every position back to the
    /// source's lines.
    pub(crate) fn interpret(
        self,
        diagnostics: Vec<Diagnostic>,
        meta: Option<DocumentMeta>,
    ) -> Document {
        let lines: Vec<&str> = self.lines.iter().map(String::as_str).collect();
        let mut doc = crate::interpret_lines(&lines, self.tables, diagnostics, meta);
        let map = |line: u32| -> u32 {
            match line.checked_sub(1) {
                Some(i) => self.map.get(i as usize).copied().unwrap_or(line),
                None => line,
            }
        };
        for cell in &mut doc.cells {
            let at = cell.row_line.saturating_sub(1) as usize;
            cell.row_box = self.boxes.get(at).copied().flatten();
            cell.row_line = map(cell.row_line);
        }
        for table in &mut doc.tables {
            table.first_line = map(table.first_line);
            table.last_line = map(table.last_line);
        }
        for reject in &mut doc.rejects {
            reject.line = map(reject.line);
        }
        for diagnostic in &mut doc.diagnostics {
            diagnostic.line = diagnostic.line.map(map);
        }
        for item in &mut doc.meta.items {
            item.line = map(item.line);
        }
        doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Content tells first, then the extension, then text.
    #[test]
    fn which_source_reads_a_file() {
        let agenda = r#"{"Id":1,"Dagsordenpunkter":[]}"#;
        let cases = [
            ("<!DOCTYPE html><p>x</p>", "json", "HTML page"),
            ("\u{feff}  <html lang=da>", "txt", "HTML page"),
            (agenda, "html", "agenda portal JSON"),
            (agenda, "txt", "agenda portal JSON"),
            ("{\"x\": 1}", "json", "agenda portal JSON"),
            ("<p>Budget</p>", "htm", "HTML page"),
            ("Budget 2025\t1.000", "md", "text"),
            ("Budget 2025\t1.000", "csv", "text"),
            ("Budget 2025\t1.000", "", "text"),
            ("words of a PDF", "pdf", "PDF"),
        ];
        for (text, extension, name) in cases {
            assert_eq!(
                source_of(text, extension).name,
                name,
                "{text:?} .{extension}"
            );
        }
    }

    /// Every extension is read by one source, and a walk reads it.
    #[test]
    fn extensions_belong_to_one_source() {
        let all: Vec<&str> = extensions().collect();
        assert_eq!(all, ["txt", "md", "pdf", "html", "htm", "json"]);
        for extension in &all {
            let owners = SOURCES
                .iter()
                .filter(|s| s.extensions.contains(extension))
                .count();
            assert_eq!(owners, 1, ".{extension}");
            assert!(reads_extension(extension));
        }
        assert!(!reads_extension("docx"));
    }

    /// An HTML table right under another is a table of its own: it does
    /// not take the unit of the one above. (A page's table rows are laid
    /// out as empty virtual lines, so no row of figures stands above it;
    /// only a text layout splits a table in two.)
    #[test]
    fn html_tables_keep_their_own_units() {
        let page = "<!DOCTYPE html><table><tr><td>1.000 kr.</td><td>Budget 2026</td></tr>\
                    <tr><td>Skoler</td><td>1.250</td></tr></table>\
                    <table><tr><td>Tilskud</td><td>Budget 2026</td></tr>\
                    <tr><td>Foreninger</td><td>4.500</td></tr></table>";
        let doc = extract_file(page.as_bytes(), Some("html")).unwrap();
        let amounts: Vec<Option<i64>> = doc.cells.iter().map(|c| c.amount_kr).collect();
        assert_eq!(amounts, [Some(1_250_000), Some(4_500)]);
    }

    /// A file named .pdf whose bytes are no PDF is text; a text source
    /// names the encoding it was decoded from, the others their own.
    #[test]
    fn encodings_of_what_was_read() {
        let text = extract_file(b"Budget 2025\t1.000\n", Some("pdf")).unwrap();
        assert_eq!(text.encoding, "utf-8");
        let latin = extract_file(b"Bel\xf8b\t1.000\n", Some("txt")).unwrap();
        assert_eq!(latin.encoding, "windows-1252");
        let agenda = extract_file(br#"{"Dagsordenpunkter":[]}"#, Some("json")).unwrap();
        assert_eq!(agenda.encoding, "agenda-json");
    }
}
