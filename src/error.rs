//! The one error type of the commands: what was expected and what was
//! found, and where — the file (or URL) and, when known, the line in it.
//! A command returns it up to [`crate::cmd::dispatch`], which prints it in
//! the one place errors are printed, as `path:line: message`, and exits 1.
//! (Problems with single inputs are not errors: they are reported where
//! they happen and the command goes on, exit 3.)

use std::fmt;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliError {
    /// The file or URL the error is about, as the user gave it.
    pub at: Option<String>,
    /// The line in it (1-based), when the error is about one.
    pub line: Option<u32>,
    /// What was expected, what was found.
    pub message: String,
}

impl CliError {
    /// An error about no one file ("expected an output file … with
    /// --datapackage, found stdout").
    pub fn new(message: impl Into<String>) -> CliError {
        CliError {
            at: None,
            line: None,
            message: message.into(),
        }
    }

    /// An error about a file.
    pub fn at(path: &Path, message: impl Into<String>) -> CliError {
        CliError {
            at: Some(path.display().to_string()),
            line: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.at, self.line) {
            (Some(at), Some(line)) => write!(f, "{at}:{line}: {}", self.message),
            (Some(at), None) => write!(f, "{at}: {}", self.message),
            (None, _) => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for CliError {}

/// A message that names its own place already.
impl From<String> for CliError {
    fn from(message: String) -> CliError {
        CliError::new(message)
    }
}

impl From<&str> for CliError {
    fn from(message: &str) -> CliError {
        CliError::new(message)
    }
}

/// What a command returns: its outcome, or the error that ended it.
pub type CmdResult<T> = Result<T, CliError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_with_its_place() {
        let mut e = CliError::at(
            Path::new("a/b.parquet"),
            "expected a Parquet file, found text",
        );
        assert_eq!(
            e.to_string(),
            "a/b.parquet: expected a Parquet file, found text"
        );
        e.line = Some(12);
        assert_eq!(
            e.to_string(),
            "a/b.parquet:12: expected a Parquet file, found text"
        );
        assert_eq!(
            CliError::new("expected minutes").to_string(),
            "expected minutes"
        );
    }
}
