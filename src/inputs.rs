//! Finding and reading the input documents. Every problem becomes an
//! [`InputError`] with the path (and line, where there is one) so the run can
//! report it as `path:line: …` and go on with the next file.

use budgetspor_core::source::{extract_file, SourceError};
use budgetspor_core::{DecodeError, Document};
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
    /// Larger than any minutes file; not read, so memory stays bounded.
    TooLarge {
        path: PathBuf,
        bytes: u64,
    },
    /// A PDF, and no `pdftotext` to read it with.
    NoPdftotext {
        path: PathBuf,
    },
    /// A file of another kind (a Word or Excel file, an image, a JSON that
    /// is not an agenda).
    NotMinutes {
        path: PathBuf,
        found: String,
    },
    /// `pdftotext` ran and failed (encrypted or damaged PDF).
    Pdftotext {
        path: PathBuf,
        message: String,
    },
    /// The PDF reader failed on this file: a bug, reported so the run can
    /// go on with the next file.
    PdfReader {
        path: PathBuf,
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
            InputError::TooLarge { path, bytes } => write!(
                f,
                "{}: expected a minutes file of at most {} MB, found {} MB; skipped",
                path.display(),
                MAX_FILE_BYTES / 1_000_000,
                bytes / 1_000_000
            ),
            InputError::NotMinutes { path, found } => write!(
                f,
                "{}: expected minutes (text, Markdown, HTML, PDF or agenda JSON), found {found}; skipped",
                path.display()
            ),
            InputError::NoPdftotext { path } => write!(
                f,
                "{}: expected the pdftotext program to read a PDF, found none on PATH; \
                 install poppler-utils (apt-get install poppler-utils, brew install poppler)",
                path.display()
            ),
            InputError::PdfReader { path } => write!(
                f,
                "{}: expected to read the PDF's tables, the PDF reader failed (a bug: please \
                 report it with the file); skipped",
                path.display()
            ),
            InputError::Pdftotext { path, message } => write!(
                f,
                "{}: expected a readable PDF, pdftotext failed: {}",
                path.display(),
                message
            ),
        }
    }
}

/// A document read and extracted, with the path as the user gave it.
pub struct Extracted {
    pub source: String,
    pub document: Document,
}

fn is_minutes_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .is_some_and(|e| budgetspor_core::source::reads_extension(&e))
}

/// ".txt, .md, .pdf, .html, .htm and .json": the extensions read.
fn extensions_read() -> String {
    let names: Vec<String> = budgetspor_core::source::extensions()
        .map(|e| format!(".{e}"))
        .collect();
    match names.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

fn extension(path: &Path) -> Option<&str> {
    path.extension().and_then(|e| e.to_str())
}

fn is_pdf(path: &Path) -> bool {
    extension(path).is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

/// The program that turns PDFs into text; `BUDGETSPOR_PDFTOTEXT` overrides
/// it (tests use this to simulate a machine without poppler).
fn pdftotext_program() -> std::ffi::OsString {
    std::env::var_os("BUDGETSPOR_PDFTOTEXT").unwrap_or_else(|| "pdftotext".into())
}

/// A PDF through `pdftotext -bbox-layout`: every word with its box, which
/// the core's PDF source rebuilds into rows, columns and cells (see
/// `budgetspor_core::source::pdf`). The reading through `pdftotext
/// -layout` text it replaced won on none of the printed fixtures (README,
/// "Reading PDFs"), so it is gone.
fn read_pdf(path: &Path) -> Result<Document, InputError> {
    let output = std::process::Command::new(pdftotext_program())
        .args(["-bbox-layout", "-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::NotFound => InputError::NoPdftotext {
                path: path.to_path_buf(),
            },
            _ => InputError::Io {
                path: path.to_path_buf(),
                error,
            },
        })?;
    if !output.status.success() {
        let message = String::from_utf8_lossy(&output.stderr);
        return Err(InputError::Pdftotext {
            path: path.to_path_buf(),
            message: message.lines().next().unwrap_or("no message").to_string(),
        });
    }
    let decoded = budgetspor_core::decode(&output.stdout).map_err(|error| InputError::Decode {
        path: path.to_path_buf(),
        error,
    })?;
    // The reader rebuilds tables by heuristics from any geometry: should
    // one of them fail on a file, that file is reported and the run goes on.
    let meeting = attachment_meta(path);
    let read = std::panic::catch_unwind(|| match meeting {
        Some(meta) => budgetspor_core::source::pdf::extract_bbox_of(&decoded.text, meta),
        None => budgetspor_core::source::pdf::extract_bbox(&decoded.text),
    });
    let mut document = read.map_err(|_| InputError::PdfReader {
        path: path.to_path_buf(),
    })?;
    document.encoding = "pdf";
    Ok(document)
}

/// The meeting and agenda item of a PDF that `fetch` saved as an item's
/// attachment: `<meeting>/punkt-<NN>_….pdf` beside `<meeting>.json` (see
/// `portal`). An attachment's own pages seldom say which meeting it went
/// to; the meeting's JSON does. `None` for any other PDF.
fn attachment_meta(path: &Path) -> Option<budgetspor_core::DocumentMeta> {
    let item = budgetspor_core::portal::attachment_item(path.file_name()?.to_str()?)?;
    let folder = path.parent()?;
    let meeting = folder.with_file_name(format!("{}.json", folder.file_name()?.to_str()?));
    let text = std::fs::read_to_string(meeting).ok()?;
    budgetspor_core::source::agenda::attachment_meta(&text, item)
}

/// Files a directory walk passed over, counted by extension: "passed over
/// 3 files of other types below minutes/ (2 .docx, 1 .xlsx)".
#[derive(Debug, Default)]
pub struct PassedOver(std::collections::BTreeMap<String, usize>);

impl PassedOver {
    fn add(&mut self, path: &Path) {
        let kind = path.extension().map_or("no extension".to_string(), |e| {
            format!(".{}", e.to_string_lossy().to_lowercase())
        });
        *self.0.entry(kind).or_default() += 1;
    }

    /// The one line that says what was passed over, if anything was.
    pub fn line(&self) -> Option<String> {
        let total: usize = self.0.values().sum();
        if total == 0 {
            return None;
        }
        let kinds: Vec<String> = self.0.iter().map(|(k, n)| format!("{n} {k}")).collect();
        Some(format!(
            "note: passed over {total} file{} of other types in the directories walked ({}); \
             minutes are read from {}",
            if total == 1 { "" } else { "s" },
            kinds.join(", "),
            extensions_read()
        ))
    }
}

/// Expand the given paths into files: files as given, directories walked
/// recursively (sorted, so runs are reproducible) for the files a source
/// reads (`source::SOURCES`: .txt, .md, .pdf, .html, .htm and .json).
/// Symlinked directories are followed once; a loop is not walked twice.
pub fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<InputError>, PassedOver) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut seen_dirs = HashSet::new();
    let mut passed = PassedOver::default();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                walk(path, &mut files, &mut errors, &mut seen_dirs, &mut passed)
            }
            Ok(_) => files.push(path.clone()),
            Err(error) => errors.push(InputError::Io {
                path: path.clone(),
                error,
            }),
        }
    }
    (files, errors, passed)
}

/// Walk one directory with walkdir: entries sorted by name within each
/// directory, so runs are reproducible; symbolic links followed, a
/// directory reached twice (a loop, or two links to one directory) walked
/// once, over all the paths given (`seen`).
fn walk(
    dir: &Path,
    files: &mut Vec<PathBuf>,
    errors: &mut Vec<InputError>,
    seen: &mut HashSet<PathBuf>,
    passed: &mut PassedOver,
) {
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            !entry.file_type().is_dir() || {
                let canonical = std::fs::canonicalize(entry.path())
                    .unwrap_or_else(|_| entry.path().to_path_buf());
                seen.insert(canonical)
            }
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            // A loop is a directory already walked, not a problem.
            Err(e) if e.loop_ancestor().is_some() => continue,
            Err(e) => {
                let path = e.path().unwrap_or(dir).to_path_buf();
                let error = e
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("a directory walk failed"));
                errors.push(InputError::Io { path, error });
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        let path = entry.into_path();
        if is_minutes_file(&path) {
            files.push(path);
        } else if path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        {
            // Hidden files (.DS_Store, editor swap files) are no one's
            // minutes and not worth a word.
        } else {
            passed.add(&path);
        }
    }
}

/// Text files above this size are not minutes (a few hundred KB at most);
/// they are skipped unread, so one stray dump cannot exhaust memory.
pub const MAX_FILE_BYTES: u64 = 32_000_000;

/// Buffers of at most this size are kept for the next file.
const KEEP_BUFFER_BYTES: usize = 4 << 20;

thread_local! {
    /// Each reading thread reads file after file into one buffer: a fresh
    /// allocation per file cost a page fault per page of every file.
    static READ_BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Read and extract one file.
pub fn read_document(path: &Path) -> Result<Extracted, InputError> {
    let io = |error| InputError::Io {
        path: path.to_path_buf(),
        error,
    };
    // One open and one stat per file; the stat's size sizes the read.
    let mut file = std::fs::File::open(path).map_err(io)?;
    let bytes = file.metadata().map_err(io)?.len();
    if bytes > MAX_FILE_BYTES && !is_pdf(path) {
        return Err(InputError::TooLarge {
            path: path.to_path_buf(),
            bytes,
        });
    }
    if is_pdf(path) {
        return Ok(Extracted {
            source: path.display().to_string(),
            document: read_pdf(path)?,
        });
    }
    let document = READ_BUFFER.with_borrow_mut(|buffer| {
        buffer.clear();
        buffer.reserve(bytes as usize + 1);
        let read = std::io::Read::read_to_end(&mut file, buffer);
        let extracted = read.map_err(io).and_then(|_| {
            extract_file(buffer, extension(path)).map_err(|error| match error {
                SourceError::Decode(error) => InputError::Decode {
                    path: path.to_path_buf(),
                    error,
                },
                SourceError::NotMinutes(found) => InputError::NotMinutes {
                    path: path.to_path_buf(),
                    found,
                },
            })
        });
        // A rare large file does not keep its buffer.
        if buffer.capacity() > KEEP_BUFFER_BYTES {
            *buffer = Vec::new();
        }
        extracted
    })?;
    Ok(Extracted {
        source: path.display().to_string(),
        document,
    })
}
