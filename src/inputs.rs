//! Finding and reading the input documents. Every problem becomes an
//! [`InputError`] with the path (and line, where there is one) so the run can
//! report it as `path:line: …` and go on with the next file.

use budgetspor_core::{extract_bytes, DecodeError, Document};
use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

/// Why an input was skipped.
#[derive(Debug)]
pub enum InputError {
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    Decode {
        path: PathBuf,
        error: DecodeError,
    },
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Io { path, error } => {
                write!(f, "{}: expected a readable file, {}", path.display(), error)
            }
            InputError::Decode { path, error } => {
                write!(f, "{}:{}: {}", path.display(), error.line(), error)
            }
        }
    }
}

/// A document read and extracted, with the path as the user gave it.
pub struct Extracted {
    pub source: String,
    pub document: Document,
}

fn is_minutes_file(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("txt" | "md")
    )
}

/// Expand the given paths into files: files as given, directories walked
/// recursively (sorted, so runs are reproducible) for .txt and .md files.
/// Symlinked directories are followed once; a loop is not walked twice.
pub fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<InputError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut seen_dirs = HashSet::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut files, &mut errors, &mut seen_dirs),
            Ok(_) => files.push(path.clone()),
            Err(error) => errors.push(InputError::Io {
                path: path.clone(),
                error,
            }),
        }
    }
    (files, errors)
}

fn walk(
    dir: &Path,
    files: &mut Vec<PathBuf>,
    errors: &mut Vec<InputError>,
    seen: &mut HashSet<PathBuf>,
) {
    let canonical = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if !seen.insert(canonical) {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            errors.push(InputError::Io {
                path: dir.to_path_buf(),
                error,
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => walk(&path, files, errors, seen),
            Ok(_) if is_minutes_file(&path) => files.push(path),
            Ok(_) => {}
            Err(error) => errors.push(InputError::Io { path, error }),
        }
    }
}

/// Read and extract one file.
pub fn read_document(path: &Path) -> Result<Extracted, InputError> {
    let bytes = std::fs::read(path).map_err(|error| InputError::Io {
        path: path.to_path_buf(),
        error,
    })?;
    let document = extract_bytes(&bytes).map_err(|error| InputError::Decode {
        path: path.to_path_buf(),
        error,
    })?;
    Ok(Extracted {
        source: path.display().to_string(),
        document,
    })
}
