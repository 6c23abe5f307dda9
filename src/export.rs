//! Exporters: a frame in, bytes out. Nothing here touches the file system;
//! [`crate::output`] is the one place that writes.

use budgetspor_core::series::SeriesMeasure;
use clap::ValueEnum;
use polars::prelude::*;
use std::io::Write;
use std::path::Path;

/// Output formats of tidy tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Apache Parquet (typed: dates are dates, amounts are 64-bit integers).
    Parquet,
    /// Comma-separated values with a header row; dates as YYYY-MM-DD.
    Csv,
    /// One JSON object per line.
    Ndjson,
    /// An Excel workbook of one sheet: amounts as numbers with thousands
    /// separators, dates as dates, text as text (never a formula), header
    /// frozen, autofilter on. At most 1,048,575 rows.
    Xlsx,
    /// CSV for a spreadsheet (`--csv-dialect excel`): not named in
    /// `--format`, a CSV output's dialect picks it.
    #[value(skip)]
    ExcelCsv,
}

/// How a CSV is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum CsvDialect {
    /// For programs (polars, pandas, R, DuckDB): comma-separated, decimal
    /// point, UTF-8, LF, every text cell as it is in the minutes.
    #[default]
    Machine,
    /// For a spreadsheet (Danish Excel, LibreOffice Calc): `;`-separated,
    /// decimal comma, UTF-8 with BOM, CRLF, and a text cell that starts
    /// with `=`, `+`, `-`, `@`, a tab or a CR prefixed with `'`, so it is
    /// shown as text and never run as a formula.
    Excel,
}

/// The format for an output path: the explicit choice, else the extension,
/// else Parquet. Stdout (`-`) is CSV unless stated.
pub fn format_for(path: Option<&Path>, explicit: Option<Format>) -> Format {
    if let Some(f) = explicit {
        return f;
    }
    let Some(path) = path.filter(|p| p.as_os_str() != "-") else {
        return Format::Csv;
    };
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("csv") => Format::Csv,
        Some("ndjson" | "jsonl" | "json") => Format::Ndjson,
        Some("xlsx") => Format::Xlsx,
        _ => Format::Parquet,
    }
}

/// The format a CSV output takes in `dialect`; other formats are kept.
pub fn in_dialect(format: Format, dialect: CsvDialect) -> Format {
    match (format, dialect) {
        (Format::Csv, CsvDialect::Excel) => Format::ExcelCsv,
        (format, _) => format,
    }
}

/// Whether a spreadsheet would take a text cell for a formula (or for a
/// number with a sign): it starts with `=`, `+`, `-`, `@`, a tab or a CR
/// (OWASP, CSV injection). A row label `=HYPERLINK("http://…","x")` in a
/// document must stay text.
pub fn formula_like(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// The frame as a spreadsheet should get it: every text cell that looks
/// like a formula prefixed with `'`, which Excel and LibreOffice show as
/// text. Numbers and dates are left as they are.
pub fn excel_safe(df: &DataFrame) -> PolarsResult<DataFrame> {
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
                    true => std::borrow::Cow::Owned(format!("'{v}")),
                    false => std::borrow::Cow::Borrowed(v),
                })
            })
            .collect();
        columns.push(safe.with_name(column.name().clone()).into_column());
    }
    DataFrame::new(df.height(), columns)
}

/// A CSV writer in the given CSV format (comma or Excel's dialect); the
/// BOM of the Excel dialect only with the header.
pub fn csv_writer<W: Write>(out: W, format: Format, header: bool) -> CsvWriter<W> {
    let writer = CsvWriter::new(out).include_header(header);
    match format {
        Format::ExcelCsv => writer
            .include_bom(header)
            .with_separator(b';')
            .with_decimal_comma(true)
            .with_line_terminator("\r\n".into()),
        _ => writer,
    }
}

/// Why an exporter could not write a table: polars' writers failed, the
/// workbook writer refused or failed (a sheet over Excel's rows), or the
/// file could not be written (a full disk, a broken pipe). Each kept as
/// it is, not one dressed as another.
#[derive(Debug)]
pub enum ExportError {
    Polars(PolarsError),
    Workbook(crate::xlsx::WorkbookError),
    Io(std::io::Error),
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExportError::Polars(e) => write!(f, "{e}"),
            ExportError::Workbook(e) => write!(f, "{e}"),
            ExportError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ExportError {}

impl From<PolarsError> for ExportError {
    fn from(e: PolarsError) -> ExportError {
        ExportError::Polars(e)
    }
}

impl From<std::io::Error> for ExportError {
    fn from(e: std::io::Error) -> ExportError {
        ExportError::Io(e)
    }
}

impl From<crate::xlsx::WorkbookError> for ExportError {
    fn from(e: crate::xlsx::WorkbookError) -> ExportError {
        match e {
            crate::xlsx::WorkbookError::Polars(e) => ExportError::Polars(e),
            other => ExportError::Workbook(other),
        }
    }
}

/// Serialize a frame in the given format.
pub fn to_bytes(df: &mut DataFrame, format: Format) -> Result<Vec<u8>, ExportError> {
    let mut buffer = Vec::new();
    write_to(df, format, &mut buffer)?;
    Ok(buffer)
}

/// Serialize a frame in the given format into `out`: the same bytes as
/// [`to_bytes`], without holding them all.
pub fn write_to(
    df: &mut DataFrame,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    match format {
        Format::Parquet => {
            ParquetWriter::new(out)
                .with_compression(ParquetCompression::Snappy)
                .finish(df)?;
        }
        Format::Csv => {
            csv_writer(out, format, true).finish(df)?;
        }
        Format::ExcelCsv => {
            csv_writer(out, format, true).finish(&mut excel_safe(df)?)?;
        }
        Format::Xlsx => {
            let bytes = crate::xlsx::single(crate::xlsx::SHEET, df)?;
            out.write_all(&bytes)?;
        }
        Format::Ndjson => {
            JsonWriter::new(out)
                .with_json_format(JsonFormat::JsonLines)
                .finish(df)?;
        }
    }
    Ok(())
}

fn frictionless_type(dtype: &DataType) -> &'static str {
    match dtype {
        DataType::String => "string",
        DataType::Boolean => "boolean",
        DataType::Date => "date",
        DataType::Float32 | DataType::Float64 => "number",
        d if d.is_integer() => "integer",
        _ => "any",
    }
}

/// A Frictionless `datapackage.json` describing one table written at
/// `resource_path`: its fields and types, and for money columns (ending in
/// `_kr`) currency DKK and factor 1, with the measure vocabulary mapped onto
/// Fiscal Data Package phases.
pub fn datapackage_json(
    schema: &Schema,
    name: &str,
    resource_path: &str,
    format: Format,
) -> Vec<u8> {
    let mut fields: Vec<serde_json::Value> = schema
        .iter()
        .map(|(column, dtype)| {
            let mut field = serde_json::json!({
                "name": column.as_str(),
                "type": frictionless_type(dtype),
            });
            if column.ends_with("_kr") {
                field["currency"] = "DKK".into();
                field["factor"] = 1.into();
                field["columnType"] = "value".into();
            } else if column.as_str() == "fiscal_year" {
                field["columnType"] = "date:fiscal-year".into();
            } else if column.as_str() == "measure" {
                field["columnType"] = "phase:id".into();
            }
            field
        })
        .collect();
    let phases: serde_json::Map<String, serde_json::Value> = SeriesMeasure::PHASED
        .iter()
        .filter_map(|m| m.fdp_phase().map(|p| (m.as_str().to_string(), p.into())))
        .collect();
    let (format_name, mediatype) = match format {
        Format::Parquet => ("parquet", "application/vnd.apache.parquet"),
        Format::Csv | Format::ExcelCsv => ("csv", "text/csv"),
        Format::Ndjson => ("ndjson", "application/x-ndjson"),
        Format::Xlsx => (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    };
    // Frictionless' CSV dialect; numbers with a decimal comma say so on
    // each number field.
    let dialect = match format {
        Format::ExcelCsv => serde_json::json!({ "delimiter": ";", "lineTerminator": "\r\n" }),
        _ => serde_json::json!({ "delimiter": ",", "lineTerminator": "\n" }),
    };
    if format == Format::ExcelCsv {
        for field in &mut fields {
            if field["type"] == "number" {
                field["decimalChar"] = ",".into();
            }
        }
    }
    let package = serde_json::json!({
        "name": name,
        "profile": "tabular-data-package",
        "title": "Budget figures from Danish municipal meeting minutes (budgetspor)",
        "resources": [{
            "name": name,
            "path": resource_path,
            "format": format_name,
            "mediatype": mediatype,
            "encoding": if format == Format::ExcelCsv { "utf-8-sig" } else { "utf-8" },
            "dialect": dialect,
            "schema": { "fields": fields },
        }],
        "budgetspor": {
            "currency": "DKK",
            "factor": 1,
            "phases": phases,
            "custom_phases": { "forecast": "forventet regnskab: the administration's expected result for the year, not yet executed" },
        },
    });
    let mut bytes = serde_json::to_vec_pretty(&package).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_from_extension() {
        assert_eq!(format_for(None, None), Format::Csv);
        assert_eq!(format_for(Some(Path::new("-")), None), Format::Csv);
        assert_eq!(format_for(Some(Path::new("a.CSV")), None), Format::Csv);
        assert_eq!(format_for(Some(Path::new("a.jsonl")), None), Format::Ndjson);
        assert_eq!(
            format_for(Some(Path::new("a.parquet")), None),
            Format::Parquet
        );
        assert_eq!(format_for(Some(Path::new("cells")), None), Format::Parquet);
        assert_eq!(
            format_for(Some(Path::new("a.csv")), Some(Format::Parquet)),
            Format::Parquet
        );
    }

    #[test]
    fn datapackage_describes_fields_and_phases() {
        let mut df = df!("measure" => &["regnskab"], "amount_kr" => &[5i64]).unwrap();
        let _ = to_bytes(&mut df, Format::Csv).unwrap();
        let json: serde_json::Value = serde_json::from_slice(&datapackage_json(
            df.schema(),
            "cells",
            "cells.csv",
            Format::Csv,
        ))
        .unwrap();
        let fields = &json["resources"][0]["schema"]["fields"];
        assert_eq!(fields[1]["name"], "amount_kr");
        assert_eq!(fields[1]["type"], "integer");
        assert_eq!(fields[1]["currency"], "DKK");
        assert_eq!(
            json["budgetspor"]["phases"]["korrigeret_budget"],
            "adjusted"
        );
        assert_eq!(
            json["budgetspor"]["phases"]["forventet_regnskab"],
            "forecast"
        );
    }

    #[test]
    fn csv_bytes_have_header_and_rows() {
        let mut df = df!("a" => &[1i64, -2], "b" => &["x", "æø"]).unwrap();
        let text = String::from_utf8(to_bytes(&mut df, Format::Csv).unwrap()).unwrap();
        assert_eq!(text, "a,b\n1,x\n-2,æø\n");
    }

    #[test]
    fn excel_csv_is_a_spreadsheet_s_dialect_with_formulas_as_text() {
        let mut df = df!(
            "n" => &[1i64, -2, 3, 4, 5, 6],
            "v" => &[1.5f64, -2.25, 0.0, 1.0, 2.0, 3.0],
            "t" => &["=1+1", "+45", "-3", "@sum", "\tx", "Drift"]
        )
        .unwrap();
        let bytes = to_bytes(&mut df, Format::ExcelCsv).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(
            text,
            "\u{feff}n;v;t\r\n1;1,5;'=1+1\r\n-2;-2,25;'+45\r\n3;0,0;'-3\r\n\
             4;1,0;'@sum\r\n5;2,0;'\tx\r\n6;3,0;Drift\r\n"
        );
        assert_eq!(in_dialect(Format::Csv, CsvDialect::Excel), Format::ExcelCsv);
        assert_eq!(
            in_dialect(Format::Parquet, CsvDialect::Excel),
            Format::Parquet
        );
        assert_eq!(in_dialect(Format::Csv, CsvDialect::Machine), Format::Csv);
        let schema = df.schema();
        let package: serde_json::Value = serde_json::from_slice(&datapackage_json(
            schema,
            "cells",
            "cells.csv",
            Format::ExcelCsv,
        ))
        .unwrap();
        assert_eq!(package["resources"][0]["dialect"]["delimiter"], ";");
        assert_eq!(
            package["resources"][0]["schema"]["fields"][1]["decimalChar"],
            ","
        );
    }
}
