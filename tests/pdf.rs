//! PDF input: the suite writes its own PDF (a fixture's tables laid out in
//! aligned columns, set in Courier over several pages), `extract` reads it
//! through `pdftotext -bbox-layout` (words with their boxes), and the cells
//! must say what the text fixture says, with page, line-on-page and
//! row-box provenance. Without pdftotext
//! the PDF is reported with the install hint and the run goes on.
//!
//! Needs poppler-utils: skipped with a note locally when `pdftotext` is
//! missing, a failure under CI=true (.ci/run installs it).

#[path = "../core/tests/common/pdftotext.rs"]
mod pdftotext;

use budgetspor_core::relayout::{relayout, Layout};
use pdftotext::have_pdftotext;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_budgetspor"))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/minutes")
        .join(name)
}

const FIXTURE: &str = "003_a381528b1bf02542.txt";
const LINES_PER_PAGE: usize = 60;
const MAX_CHARS: usize = 180;

/// Wrap a prose line at spaces; table lines (with column gaps) stay whole.
fn wrap(line: &str) -> Vec<String> {
    if line.chars().count() <= MAX_CHARS || line.trim().contains("  ") {
        return vec![line.to_string()];
    }
    let mut out = vec![String::new()];
    for word in line.split(' ') {
        let last = out.last_mut().unwrap();
        if !last.is_empty() && last.chars().count() + 1 + word.chars().count() > MAX_CHARS {
            out.push(word.to_string());
        } else {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    out
}

/// A PDF string literal in WinAnsi (Windows-1252) bytes.
fn pdf_string(text: &str) -> Vec<u8> {
    let mut out = vec![b'('];
    for c in text.chars() {
        let byte = match c {
            '–' => 0x96,
            '—' => 0x97,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            '€' => 0x80,
            c if (c as u32) < 0x100 && !(0x80..0xA0).contains(&(c as u32)) => c as u32 as u8,
            _ => b'?',
        };
        if matches!(byte, b'(' | b')' | b'\\') {
            out.push(b'\\');
        }
        out.push(byte);
    }
    out.push(b')');
    out
}

/// The runs of a line between gaps of two spaces or more, with the
/// character column each starts at.
fn runs(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<(usize, usize)> = None; // (column, byte)
    let mut end = 0;
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    for (column, &(byte, c)) in chars.iter().enumerate() {
        let gap = c == ' ' && chars.get(column + 1).is_none_or(|&(_, n)| n == ' ');
        match (c == ' ', start) {
            (false, None) => start = Some((column, byte)),
            (true, Some((col, b))) if gap => {
                out.push((col, &line[b..end]));
                start = None;
            }
            _ => {}
        }
        if c != ' ' {
            end = byte + c.len_utf8();
        }
    }
    if let Some((col, b)) = start {
        out.push((col, &line[b..end]));
    }
    out
}

/// A minimal PDF: landscape A4 pages, Courier 7 pt, each run of text
/// placed at its column, 60 lines a page.
fn write_pdf(pages: &[Vec<String>]) -> Vec<u8> {
    let mut objects: Vec<Vec<u8>> = Vec::new();
    let page_ids: Vec<usize> = (0..pages.len()).map(|i| 4 + 2 * i).collect();
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    let kids: Vec<String> = page_ids.iter().map(|id| format!("{id} 0 R")).collect();
    objects.push(
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            pages.len()
        )
        .into_bytes(),
    );
    objects.push(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>".to_vec(),
    );
    for (i, lines) in pages.iter().enumerate() {
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] \
                 /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
                page_ids[i] + 1
            )
            .into_bytes(),
        );
        // Each run of text at its own position, as PDF tables are drawn:
        // a cell where its column puts it, not spaces inside one string.
        let mut stream = b"BT /F1 7 Tf\n".to_vec();
        for (row, line) in lines.iter().enumerate() {
            let y = 570 - 9 * row;
            for (column, run) in runs(line) {
                let x = 20.0 + 4.2 * column as f64;
                stream.extend(format!("1 0 0 1 {x:.1} {y} Tm ").into_bytes());
                stream.extend(pdf_string(run));
                stream.extend(b" Tj\n");
            }
        }
        stream.extend(b"ET");
        let mut object = format!("<< /Length {} >>\nstream\n", stream.len()).into_bytes();
        object.extend(stream);
        object.extend(b"\nendstream");
        objects.push(object);
    }
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n", i + 1).into_bytes());
        pdf.extend(object);
        pdf.extend(b"\nendobj\n");
    }
    let xref = pdf.len();
    pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).into_bytes());
    for offset in offsets {
        pdf.extend(format!("{offset:010} 00000 n \n").into_bytes());
    }
    pdf.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .into_bytes(),
    );
    pdf
}

/// CSV rows of an `extract --format csv` run, keyed by header name.
fn extract_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let o = bin()
        .args(["extract", path.to_str().unwrap(), "--format", "csv", "-q"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout).unwrap();
    let mut reader = text.lines();
    let header: Vec<String> = split_csv(reader.next().unwrap());
    reader
        .map(|l| header.iter().cloned().zip(split_csv(l)).collect())
        .collect()
}

fn split_csv(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                fields.last_mut().unwrap().push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(String::new()),
            _ => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

fn meaning(row: &BTreeMap<String, String>) -> String {
    [
        "row_label",
        "column_label",
        "amount_kr",
        "measure",
        "fiscal_year",
        "as_of",
        "unit",
        "table_kind",
        "doc_date",
    ]
    .iter()
    .map(|k| row[*k].as_str())
    .collect::<Vec<_>>()
    .join("|")
}

#[test]
fn a_pdf_reads_like_its_text() {
    if !have_pdftotext() {
        return;
    }
    let text = std::fs::read_to_string(fixture(FIXTURE)).unwrap();
    let lines: Vec<String> = relayout(&text, Layout::Aligned)
        .split('\n')
        .flat_map(wrap)
        .collect();
    let pages: Vec<Vec<String>> = lines
        .chunks(LINES_PER_PAGE)
        .map(<[String]>::to_vec)
        .collect();
    assert!(pages.len() >= 5, "several pages: {}", pages.len());
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("referat.pdf");
    std::fs::write(&pdf, write_pdf(&pages)).unwrap();

    let from_pdf = extract_csv(&pdf);
    let from_text = extract_csv(&fixture(FIXTURE));
    let mut a: Vec<String> = from_pdf.iter().map(meaning).collect();
    let mut b: Vec<String> = from_text.iter().map(meaning).collect();
    a.sort();
    b.sort();
    let missing: Vec<&String> = b.iter().filter(|c| !a.contains(c)).collect();
    let extra: Vec<&String> = a.iter().filter(|c| !b.contains(c)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing {missing:#?}\nextra {extra:#?}"
    );
    assert_eq!(a.len(), b.len());
    assert!(from_pdf
        .iter()
        .all(|r| r["encoding"] == "pdf" && r["layout"] == "pdf"));
    let amounts = |rows: &[BTreeMap<String, String>]| {
        rows.iter().filter(|r| !r["amount_kr"].is_empty()).count()
    };
    assert_eq!(amounts(&from_pdf), amounts(&from_text));
    assert_eq!(amounts(&from_pdf), 94);

    // Provenance: page and line on the page where the suite put the row.
    for row in from_pdf.iter().filter(|r| r["raw"] == "1.674.207") {
        let (page, line) = pages
            .iter()
            .enumerate()
            .find_map(|(p, lines)| {
                // The line on the page is the n-th line of text from the
                // top: blank lines are no lines of a PDF read by position.
                lines
                    .iter()
                    .filter(|l| !l.trim().is_empty())
                    .position(|l| l.starts_with("Førtidspension") && l.contains("1.674.207"))
                    .map(|i| (p + 1, i + 1))
            })
            .unwrap();
        assert_eq!(row["page"], page.to_string());
        assert_eq!(row["row_line"], line.to_string());
        assert_eq!(row["amount_kr"], "1674207000");
        // The row's box on the page (842 x 595 points): the label starts at
        // the left margin, the row is one line of 7-point Courier high.
        let b: Vec<f32> = row["row_box"]
            .split(' ')
            .map(|v| v.parse().unwrap())
            .collect();
        assert_eq!(b.len(), 4, "{}", row["row_box"]);
        assert!((b[0] - 20.0).abs() < 1.0, "{b:?}");
        assert!(
            b[0] < b[2] && b[2] <= 842.0 && b[1] < b[3] && b[3] <= 595.0,
            "{b:?}"
        );
        assert!(b[3] - b[1] < 12.0, "one line high: {b:?}");
    }
    assert!(from_pdf.iter().any(|r| r["raw"] == "1.674.207"));
}

#[test]
fn without_pdftotext_the_pdf_is_reported_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("referat.pdf");
    std::fs::write(&pdf, write_pdf(&[vec!["Budget 2025".to_string()]])).unwrap();
    let o = bin()
        .env("BUDGETSPOR_PDFTOTEXT", dir.path().join("no-such-program"))
        .args(["extract", "--format", "csv"])
        .arg(&pdf)
        .arg(fixture(FIXTURE))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("referat.pdf: expected the pdftotext program")
            && stderr.contains("apt-get install poppler-utils"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("1.674.207"), "the text file is still read");
}
