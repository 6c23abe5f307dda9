//! Reading `pdftotext -bbox-layout` output: its pages, and each word with
//! its box; anything else in the markup is passed over.

use super::*;

/// The value of `name="…"` in a tag's text.
pub(super) fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut at = 0;
    while let Some(found) = tag[at..].find(name) {
        let start = at + found;
        let rest = &tag[start + name.len()..];
        let before_ok = start == 0 || tag.as_bytes()[start - 1].is_ascii_whitespace();
        if before_ok {
            if let Some(value) = rest.strip_prefix("=\"") {
                return value.find('"').map(|end| &value[..end]);
            }
        }
        at = start + name.len();
    }
    None
}

pub(super) fn number_attribute(tag: &str, name: &str) -> Option<f32> {
    attribute(tag, name)?
        .parse::<f32>()
        .ok()
        .filter(|v| v.is_finite())
}

/// The five XML entities and numeric references pdftotext writes.
pub(super) fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let decoded = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => name
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A word of the markup into a line: a word has no space in it, so text
/// with spaces (an entity, or markup that is not pdftotext's) is several
/// words, sharing the box by their characters.
pub(super) fn push_words(line: &mut Vec<Word>, text: &str, x0: f32, y0: f32, x1: f32, y1: f32) {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let chars = |t: &str| t.chars().count() as f32;
    let total = parts.iter().map(|p| chars(p)).sum::<f32>() + parts.len().saturating_sub(1) as f32;
    let per_char = if total > 0.0 { (x1 - x0) / total } else { 0.0 };
    let mut at = x0;
    for part in parts {
        let width = chars(part) * per_char;
        line.push(Word {
            x0: at,
            y0,
            x1: (at + width).min(x1),
            y1,
            text: part.to_string(),
        });
        at += width + per_char;
    }
}

/// The pages of `pdftotext -bbox-layout` output. Anything else in the
/// markup is passed over; a word without a readable box is left out.
pub fn read_bbox(xhtml: &str) -> Vec<PdfPage> {
    let mut pages: Vec<PdfPage> = Vec::new();
    let mut at = 0;
    while let Some(found) = xhtml[at..].find('<') {
        let start = at + found;
        let Some(close) = xhtml[start..].find('>') else {
            break;
        };
        let tag = &xhtml[start + 1..start + close];
        at = start + close + 1;
        let name = tag.split(|c: char| c.is_ascii_whitespace()).next();
        match name {
            Some("page") => pages.push(PdfPage {
                width: number_attribute(tag, "width").unwrap_or(0.0),
                height: number_attribute(tag, "height").unwrap_or(0.0),
                lines: Vec::new(),
            }),
            Some("line") => {
                if let Some(page) = pages.last_mut() {
                    page.lines.push(Vec::new());
                }
            }
            Some("word") => {
                // The text ends at the next tag, whatever it is.
                let end = xhtml[at..].find('<').map_or(xhtml.len(), |e| at + e);
                let text = unescape(xhtml[at..end].trim());
                at = end;
                let boxed = (
                    number_attribute(tag, "xMin"),
                    number_attribute(tag, "yMin"),
                    number_attribute(tag, "xMax"),
                    number_attribute(tag, "yMax"),
                );
                let (Some(x0), Some(y0), Some(x1), Some(y1)) = boxed else {
                    continue;
                };
                let Some(page) = pages.last_mut() else {
                    continue;
                };
                if page.lines.is_empty() {
                    page.lines.push(Vec::new());
                }
                if let Some(line) = page.lines.last_mut() {
                    push_words(line, &text, x0, y0, x1.max(x0), y1.max(y0));
                }
            }
            _ => {}
        }
    }
    pages
}
