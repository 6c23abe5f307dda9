//! CSV, for programs (comma, decimal point, UTF-8, LF) or for a
//! spreadsheet (Danish Excel's `;`, decimal comma, BOM, CRLF, and no text
//! cell that a spreadsheet would run as a formula). Batches are appended;
//! only the first has the header.

use super::{Batches, ExportError, Exporter};
use polars::prelude::*;
use std::borrow::Cow;
use std::io::Write;

/// The CSV exporter in one of its two dialects.
pub struct Csv {
    excel: bool,
}

impl Csv {
    pub const MACHINE: Csv = Csv { excel: false };
    pub const EXCEL: Csv = Csv { excel: true };
}

impl Exporter for Csv {
    fn extensions(&self) -> &'static [&'static str] {
        // The Excel dialect is chosen by `--csv-dialect`, not by a name.
        match self.excel {
            false => &["csv"],
            true => &[],
        }
    }

    fn describe(&self, resource: &mut serde_json::Value) {
        resource["format"] = "csv".into();
        resource["mediatype"] = "text/csv".into();
        resource["encoding"] = "utf-8".into();
        resource["dialect"] = serde_json::json!({ "delimiter": ",", "lineTerminator": "\n" });
        if !self.excel {
            return;
        }
        // Frictionless' CSV dialect; numbers with a decimal comma say so
        // on each number field.
        resource["encoding"] = "utf-8-sig".into();
        resource["dialect"] = serde_json::json!({ "delimiter": ";", "lineTerminator": "\r\n" });
        if let Some(fields) = resource["schema"]["fields"].as_array_mut() {
            for field in fields.iter_mut().filter(|f| f["type"] == "number") {
                field["decimalChar"] = ",".into();
            }
        }
    }

    fn batches<'w>(&self, out: Box<dyn Write + 'w>) -> Box<dyn Batches<'w> + 'w> {
        Box::new(CsvBatches {
            out,
            excel: self.excel,
            first: true,
        })
    }
}

struct CsvBatches<'w> {
    out: Box<dyn Write + 'w>,
    excel: bool,
    /// No batch written yet: the next one has the header (and the BOM).
    first: bool,
}

impl<'w> Batches<'w> for CsvBatches<'w> {
    fn frame(&mut self, df: &mut DataFrame) -> Result<(), ExportError> {
        let mut writer = CsvWriter::new(&mut self.out).include_header(self.first);
        let header = std::mem::replace(&mut self.first, false);
        if !self.excel {
            return Ok(writer.finish(df)?);
        }
        Ok(writer
            .include_bom(header)
            .with_separator(b';')
            .with_decimal_comma(true)
            .with_line_terminator("\r\n".into())
            .finish(&mut excel_safe(df)?)?)
    }

    fn finish(self: Box<Self>) -> Result<Box<dyn Write + 'w>, ExportError> {
        Ok(self.out)
    }
}

/// Whether a spreadsheet would take a text cell for a formula (or for a
/// number with a sign): it starts with `=`, `+`, `-`, `@`, a tab or a CR
/// (OWASP, CSV injection). A row label `=HYPERLINK("http://…","x")` in a
/// document must stay text.
fn formula_like(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// The frame as a spreadsheet should get it: every text cell that looks
/// like a formula prefixed with `'`, which Excel and LibreOffice show as
/// text. Numbers and dates are left as they are.
fn excel_safe(df: &DataFrame) -> PolarsResult<DataFrame> {
    let mut columns = Vec::with_capacity(df.width());
    for column in df.columns() {
        let dtype = column.dtype();
        if !matches!(dtype, DataType::String | DataType::Categorical(..)) {
            columns.push(column.clone());
            continue;
        }
        let text = column.cast(&DataType::String)?;
        let safe: StringChunked = text
            .str()?
            .iter()
            .map(|v| {
                v.map(|v| match formula_like(v) {
                    true => Cow::Owned(format!("'{v}")),
                    false => Cow::Borrowed(v),
                })
            })
            .collect();
        columns.push(safe.with_name(column.name().clone()).into_column());
    }
    DataFrame::new(df.height(), columns)
}
