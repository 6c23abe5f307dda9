//! budgetspor-core: the IO-free heart of budgetspor.
//!
//! Everything here takes text (or bytes) and returns plain Rust values:
//! decoding ([`decode`](mod@decode)), document metadata ([`document`]), table
//! recognition ([`recognize`]), Danish numbers ([`number`]) and cell
//! semantics ([`semantics`]). No files, no frames, no plotting, so the whole
//! pipeline is testable in milliseconds and fuzzable.
//!
//! ```
//! let doc = budgetspor_core::extract_text(
//!     "1.000 kr.\tBudget 2025\nSygedagpenge\t336.018\n",
//! );
//! assert_eq!(doc.cells[0].amount_kr, Some(336_018_000));
//! ```

pub mod check;
pub mod decode;
pub mod document;
pub mod hash;
pub mod model;
pub mod names;
pub mod number;
pub mod portal;
pub mod recognize;
pub mod relayout;
pub mod semantics;
pub mod series;
pub mod source;
pub mod tables;
pub mod text;
pub mod tidy;
pub mod unit;

pub use decode::{decode, DecodeError};
pub use model::*;

use number::Unit;
use recognize::RawTable;
use semantics::TableContext;

/// Lines longer than this are skipped with a warning (64 KiB: a table row
/// or paragraph of real minutes is a few hundred bytes).
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// Compile the patterns the reading of minutes uses, half `half` (0 or 1)
/// of them. They are otherwise compiled by the first document that needs
/// each (~10 ms in all, cold); a caller with two threads to spare before
/// its first document can compile both halves side by side.
pub fn prepare_patterns(half: usize) {
    if half == 0 {
        semantics::prepare_patterns(0);
    } else {
        semantics::prepare_patterns(1);
        document::prepare_patterns();
        recognize::prepare_patterns();
    }
}

/// Extract a document from raw file bytes.
pub fn extract_bytes(bytes: &[u8]) -> Result<Document, DecodeError> {
    let decoded = decode(bytes)?;
    let mut doc = extract_text(&decoded.text);
    doc.encoding = decoded.encoding;
    Ok(doc)
}

/// Extract a document from text (line ends already `\n`).
pub fn extract_text(text: &str) -> Document {
    let mut diagnostics = Vec::new();
    if text.trim().is_empty() {
        diagnostics.push(Diagnostic {
            line: None,
            severity: Severity::Warning,
            message: "expected minutes, found an empty file".into(),
        });
    }
    // A line far longer than any table row or paragraph is not minutes
    // text (a binary blob, a file without line breaks); reading it would
    // only cost time, so it is left out, and said so.
    let mut lines: Vec<&str> = Vec::with_capacity(text.len() / 48 + 1);
    let mut start = 0;
    // memchr's vectorized search: splitting into lines is the one pass
    // over every byte of the text, so it has to run at memory speed.
    for end in memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len())) {
        let line = &text[start..end];
        start = end + 1;
        if line.len() > MAX_LINE_BYTES {
            diagnostics.push(Diagnostic {
                line: Some(lines.len() as u32 + 1),
                severity: Severity::Warning,
                message: format!(
                    "expected a line of at most {MAX_LINE_BYTES} bytes, found {} bytes; the line is skipped",
                    line.len()
                ),
            });
            lines.push("");
        } else {
            lines.push(line);
        }
    }
    // Raw HTML tables in Markdown (pandoc's way with merged cells) are
    // read as HTML, and their lines are no text table.
    let mut raws = Vec::new();
    if memchr::memmem::find(text.as_bytes(), b"<table").is_some()
        || memchr::memmem::find(text.as_bytes(), b"<TABLE").is_some()
    {
        let (tables, regions) = source::html::embedded_tables(text);
        for mut table in tables {
            // The caption is above the region the table stands in.
            let row = table.first_line().saturating_sub(1) as usize;
            let region = regions.iter().find(|r| r.contains(&row));
            if table.caption.is_none() {
                let start = region.map_or(row, |r| r.start).min(lines.len());
                table.caption = recognize::caption_above(&lines, start);
            }
            raws.push(table);
        }
        source::blank_lines(&mut lines, regions);
    }
    // Tables drawn with lines (w3m's boxes, pandoc's grid tables): their
    // rows would read as pipe rows, a wrapped cell as rows of its own.
    if memchr::memmem::find(text.as_bytes(), "│".as_bytes()).is_some()
        || memchr::memmem::find(text.as_bytes(), b"\n+-").is_some()
    {
        let (tables, taken) = recognize::boxed_tables(&lines);
        raws.extend(tables);
        source::blank_lines(&mut lines, taken);
    }
    // Markdown tables without outer pipes (html2text's) first: their
    // broken cells would read as pipe rows of another shape.
    if memchr::memmem::find(text.as_bytes(), b"-|-").is_some() {
        let (tables, taken) = recognize::headed_pipe_tables(&lines);
        raws.extend(tables);
        source::blank_lines(&mut lines, taken);
    }
    // Each layout needs its separator somewhere in the text (aligned text:
    // a data row); a document without it is not scanned line by line for
    // that layout.
    let bytes = text.as_bytes();
    if memchr::memchr(b'\t', bytes).is_some() {
        raws.extend(recognize::tab_tables(&lines));
    }
    if memchr::memchr(b'|', bytes).is_some() {
        raws.extend(recognize::pipe_tables(&lines));
    }
    if let Some(first) = recognize::first_aligned_data_row(text, MAX_LINE_BYTES) {
        raws.extend(recognize::aligned_tables_from(&lines, first));
    }
    raws.extend(recognize::list_tables(&lines));
    interpret_lines(&lines, raws, diagnostics, None)
}

/// The unit of a table that states none, found beside it in `above` (the
/// lines just above its first line `first`): a caption set apart from it
/// (semantics::unit_from_caption_above), the table just above that it
/// continues, or for a table of money or of statistics, the prose that
/// states one of its totals (semantics::unit_from_prose).
fn unit_beside(
    table: &semantics::Interpreted,
    tables: &[semantics::Interpreted],
    above: &[&str],
    first: usize,
) -> Option<(Unit, UnitSource)> {
    if table.table.unit_inferred {
        if let Some(unit) = semantics::unit_from_caption_above(above) {
            return Some((unit, UnitSource::Caption));
        }
        if let Some(found) = unit_of_table_above(tables, above, first) {
            return Some(found);
        }
    }
    if !table.table.unit_inferred && table.table.kind != TableKind::Statistik {
        return None;
    }
    semantics::unit_from_prose(above, table).map(|unit| (unit, UnitSource::Prose))
}

/// The stated unit of the table just above, when `first` (the line a table
/// without a unit begins on) continues it: the table above ended at most
/// a few lines up, and the line just above is a row of figures.
fn unit_of_table_above(
    tables: &[semantics::Interpreted],
    above: &[&str],
    first: usize,
) -> Option<(Unit, UnitSource)> {
    let previous = &tables.last()?.table;
    let near = previous.last_line as usize + 6 >= first;
    if !near || previous.unit_inferred || !semantics::continues_table_above(above) {
        return None;
    }
    let unit = Unit::of_label(previous.unit?)?;
    Some((unit, UnitSource::TableAbove))
}

/// Give the raw tables found in a document's lines their meaning: the
/// metadata from the lines, then each table with the agenda item it falls
/// in and the sign note beside it. Every source ends here, whatever it
/// read: text layouts, HTML pages and the portal's JSON alike.
pub(crate) fn interpret_lines(
    lines: &[&str],
    mut raws: Vec<RawTable<'_>>,
    mut diagnostics: Vec<Diagnostic>,
    known: Option<DocumentMeta>,
) -> Document {
    // A source that states the meeting itself (the portal's JSON) gives it;
    // any other has it read from its lines.
    let meta = known.unwrap_or_else(|| document::read_meta(lines, &mut diagnostics));
    raws.sort_by_key(|t| t.first_line());
    let mut interpreted_tables = Vec::with_capacity(raws.len());
    for raw in raws {
        let item = meta.item_at(raw.first_line());
        let ctx = TableContext {
            table_no: interpreted_tables.len() as u32 + 1,
            item_no: item.map(|i| i.number),
            item_title: item.map(|i| i.title.as_str()),
            found_unit: None,
        };
        let Some(mut interpreted) = semantics::interpret(&raw, &ctx) else {
            continue;
        };
        let first = raw.first_line() as usize;
        let above = &lines[first.saturating_sub(12)..first.saturating_sub(1)];
        if let Some(found) = unit_beside(&interpreted, &interpreted_tables, above, first) {
            let ctx = TableContext {
                found_unit: Some(found),
                ..ctx
            };
            if let Some(again) = semantics::interpret(&raw, &ctx) {
                interpreted = again;
            }
        }
        // A sign note sits in the lines just below the table (or above).
        let last = raw.last_line() as usize;
        interpreted.table.sign_convention = lines[last..lines.len().min(last + 4)]
            .iter()
            .chain(&lines[first.saturating_sub(4)..first.saturating_sub(1)])
            .find_map(|l| semantics::sign_convention_of(l));
        interpreted_tables.push(interpreted);
    }
    // The document's cells sized once: extending an empty vector table by
    // table copied every cell again at each doubling (a fifth of the
    // memory copying of a whole `extract`, callgrind).
    let mut tables = Vec::with_capacity(interpreted_tables.len());
    let mut cells = Vec::with_capacity(interpreted_tables.iter().map(|t| t.cells.len()).sum());
    let mut rejects = Vec::new();
    for (index, interpreted) in interpreted_tables.into_iter().enumerate() {
        tables.push(interpreted.table);
        cells.extend(interpreted.cells.into_iter().map(|mut c| {
            c.table_index = index;
            c
        }));
        rejects.extend(interpreted.rejects);
    }
    Document {
        meta,
        encoding: "utf-8",
        tables,
        cells,
        rejects,
        diagnostics,
        page_starts: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    /// Both halves compile (a pattern that does not would panic here, not
    /// in the middle of a run), from two threads at once as the command
    /// line does, and reading afterwards is unchanged.
    #[test]
    fn patterns_prepared_side_by_side_read_the_same() {
        let text = "REFERAT Socialudvalget d. 26-10-2021\n\n1.000 kr.\tBudget 2025\nSygedagpenge\t336.018\n";
        let before = super::extract_text(text);
        std::thread::scope(|s| {
            s.spawn(|| super::prepare_patterns(0));
            s.spawn(|| super::prepare_patterns(1));
        });
        let after = super::extract_text(text);
        assert_eq!(after.cells, before.cells);
        assert_eq!(after.cells[0].amount_kr, Some(336_018_000));
        assert_eq!(after.meta.meeting_date, before.meta.meeting_date);
        assert!(after.meta.meeting_date.is_some());
    }
}
