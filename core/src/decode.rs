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
    /// Bytes that are not UTF-8.
    InvalidUtf8 { line: u32, column: u32, byte: u8 },
}

impl DecodeError {
    /// The 1-based line of the problem.
    pub fn line(&self) -> u32 {
        match self {
            DecodeError::Binary { line } | DecodeError::InvalidUtf8 { line, .. } => *line,
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

/// Decode a whole file. CRLF and lone CR line ends become LF so that line
/// numbers match what an editor shows.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, DecodeError> {
    if let Some(nul) = memchr_nul(bytes) {
        return Err(DecodeError::Binary {
            line: position(bytes, nul).0,
        });
    }
    let (body, encoding) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, "utf-8-bom"),
        None => (bytes, "utf-8"),
    };
    let text = std::str::from_utf8(body).map_err(|e| {
        let offset = e.valid_up_to();
        let (line, column) = position(body, offset);
        DecodeError::InvalidUtf8 {
            line,
            column,
            byte: body[offset],
        }
    })?;
    let text = if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    Ok(Decoded { text, encoding })
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|b| *b == 0)
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
    fn invalid_utf8_has_position() {
        let err = decode(b"ok\nF\xF8rtidspension").unwrap_err();
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
