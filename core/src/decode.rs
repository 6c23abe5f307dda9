//! Bytes to text. The core accepts UTF-8 with or without a byte order mark
//! and any line ending; everything else is a typed error with the 1-based
//! line where it was found, so the CLI can print `path:line: …` and go on.

use std::fmt;

/// Text ready for recognition plus how it was encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    pub text: std::borrow::Cow<'a, str>,
    pub encoding: &'static str,
}

/// Why a file could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// A NUL byte: a binary file, not minutes.
    Binary { line: u32 },
    /// Bytes that are not UTF-8 in a file that otherwise is.
    InvalidUtf8 { line: u32, column: u32, byte: u8 },
    /// UTF-16 (by its byte order mark) with a broken surrogate pair or an
    /// odd number of bytes.
    InvalidUtf16 { line: u32 },
}

impl DecodeError {
    /// The 1-based line of the problem.
    pub fn line(&self) -> u32 {
        match self {
            DecodeError::Binary { line }
            | DecodeError::InvalidUtf8 { line, .. }
            | DecodeError::InvalidUtf16 { line } => *line,
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Binary { .. } => {
                f.write_str("expected text, found a NUL byte (binary file)")
            }
            DecodeError::InvalidUtf8 { column, byte, .. } => write!(
                f,
                "expected UTF-8 text, found invalid byte 0x{byte:02X} at column {column}"
            ),
            DecodeError::InvalidUtf16 { .. } => f.write_str(
                "expected UTF-16 text after its byte order mark, found a broken character",
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Line and column (both 1-based, column in bytes) of a byte offset.
fn position(bytes: &[u8], offset: usize) -> (u32, u32) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |p| p + 1);
    (line as u32, (offset - line_start + 1) as u32)
}

/// Decode a whole file: UTF-16 with a byte order mark, UTF-8 with or
/// without one, and Windows-1252 (older Danish exports, "Førtidspension"
/// with ø as the byte F8) when the bytes are not UTF-8 and hold no UTF-8
/// sequence at all. A file that mixes valid UTF-8 letters with invalid bytes
/// is a broken UTF-8 file, reported with its position rather than guessed.
/// CRLF and lone CR line ends become LF so that line numbers match what an
/// editor shows.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, DecodeError> {
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, u16::from_le_bytes, "utf-16le");
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, u16::from_be_bytes, "utf-16be");
    }
    if let Some(nul) = memchr_nul(bytes) {
        return Err(DecodeError::Binary {
            line: position(bytes, nul).0,
        });
    }
    let (body, encoding) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, "utf-8-bom"),
        None => (bytes, "utf-8"),
    };
    // Validation is most of decoding's cost: a SIMD validator for the
    // common valid case, the standard one for the error position.
    let checked = match simdutf8::basic::from_utf8(body) {
        Ok(text) => Ok(text),
        Err(_) => std::str::from_utf8(body),
    };
    let (text, encoding) = match checked {
        Ok(text) => (std::borrow::Cow::Borrowed(text), encoding),
        Err(e) if encoding == "utf-8-bom" || has_utf8_sequence(body) => {
            let offset = e.valid_up_to();
            let (line, column) = position(body, offset);
            return Err(DecodeError::InvalidUtf8 {
                line,
                column,
                byte: body[offset],
            });
        }
        Err(_) => (std::borrow::Cow::Owned(windows_1252(body)), "windows-1252"),
    };
    Ok(Decoded {
        text: normalize_line_ends(text),
        encoding,
    })
}

fn normalize_line_ends(text: std::borrow::Cow<'_, str>) -> std::borrow::Cow<'_, str> {
    if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        text
    }
}

fn utf16<'a>(
    body: &[u8],
    unit: fn([u8; 2]) -> u16,
    encoding: &'static str,
) -> Result<Decoded<'a>, DecodeError> {
    let units = body
        .chunks(2)
        .map(|pair| unit([pair[0], *pair.get(1).unwrap_or(&0)]));
    let mut text = String::with_capacity(body.len() / 2);
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => text.push(c),
            Err(_) => {
                return Err(DecodeError::InvalidUtf16 {
                    line: text.matches('\n').count() as u32 + 1,
                })
            }
        }
    }
    if body.len() % 2 == 1 {
        return Err(DecodeError::InvalidUtf16 {
            line: text.matches('\n').count() as u32 + 1,
        });
    }
    Ok(Decoded {
        text: normalize_line_ends(std::borrow::Cow::Owned(text)),
        encoding,
    })
}

/// Whether the bytes hold at least one valid multi-byte UTF-8 character.
fn has_utf8_sequence(bytes: &[u8]) -> bool {
    (0..bytes.len()).any(|i| {
        let n = match bytes[i] {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => return false,
        };
        bytes
            .get(i..i + n)
            .is_some_and(|s| std::str::from_utf8(s).is_ok())
    })
}

/// Windows-1252 to text; the five unassigned bytes map to the C1 controls
/// of the same value, as Latin-1 would.
fn windows_1252(bytes: &[u8]) -> String {
    const HIGH: [u16; 32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => char::from_u32(HIGH[(b - 0x80) as usize] as u32).unwrap_or('\u{FFFD}'),
            _ => b as char,
        })
        .collect()
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    // memchr's vectorized search: this looks at every byte of every file.
    memchr::memchr(0, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode("Førtidspension\n".as_bytes()).unwrap();
        assert_eq!(d.encoding, "utf-8");
        assert_eq!(d.text, "Førtidspension\n");
        let d = decode(b"\xEF\xBB\xBFa\r\nb\rc").unwrap();
        assert_eq!(d.encoding, "utf-8-bom");
        assert_eq!(d.text, "a\nb\nc");
    }

    #[test]
    fn windows_1252_and_utf16() {
        let d = decode(b"F\xF8rtidspension \x96 \x80 \xE6\xE5\r\n").unwrap();
        assert_eq!(d.encoding, "windows-1252");
        assert_eq!(d.text, "Førtidspension – € æå\n");
        let mut le = vec![0xFF, 0xFE];
        le.extend("Ø\r\n1".encode_utf16().flat_map(u16::to_le_bytes));
        let d = decode(&le).unwrap();
        assert_eq!((d.encoding, d.text.as_ref()), ("utf-16le", "Ø\n1"));
        let mut be = vec![0xFE, 0xFF];
        be.extend("å".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&be).unwrap().text, "å");
        assert_eq!(
            decode(&[0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00]),
            Err(DecodeError::InvalidUtf16 { line: 1 })
        );
    }

    #[test]
    fn invalid_utf8_has_position() {
        // Valid UTF-8 ("ø") and then a stray byte: a broken UTF-8 file.
        let bytes = ["ø ok\nF".as_bytes(), b"\xF8rt"].concat();
        let err = decode(&bytes).unwrap_err();
        assert_eq!(
            err,
            DecodeError::InvalidUtf8 {
                line: 2,
                column: 2,
                byte: 0xF8
            }
        );
        assert!(err.to_string().contains("0xF8"));
    }

    #[test]
    fn binary_is_rejected() {
        assert_eq!(decode(b"a\nb\0c"), Err(DecodeError::Binary { line: 2 }));
    }
}
