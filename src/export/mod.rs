//! Exporters: a frame in, bytes out. Nothing here touches the file system;
//! [`crate::output`] is the one place that writes.
//!
//! Each output format is one module here with one [`Exporter`]: the
//! extensions that choose it, how the data package describes it, and how
//! its bytes are written, whole or batch by batch. [`Format::exporter`] is
//! the one place a format is dispatched, without a catch-all arm: adding a
//! format is a module, a `Format` variant and its arm there (and the help
//! texts that list the extensions, which a test holds to [`Exporter::extensions`]).

mod csv;
mod ndjson;
mod parquet;
mod xlsx;

use crate::frame::CellArrays;
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

impl Format {
    /// The exporter of this format: the one dispatch on formats.
    pub fn exporter(self) -> &'static dyn Exporter {
        match self {
            Format::Parquet => &parquet::Parquet,
            Format::Csv => &csv::Csv::MACHINE,
            Format::ExcelCsv => &csv::Csv::EXCEL,
            Format::Ndjson => &ndjson::Ndjson,
            Format::Xlsx => &xlsx::Xlsx,
        }
    }
}

/// One output format: what chooses it, how a data package names it, and
/// how a frame becomes its bytes.
pub trait Exporter: Sync {
    /// The extensions of an output path (lower case, without the dot) that
    /// choose this format; none for a format chosen otherwise.
    fn extensions(&self) -> &'static [&'static str];

    /// Fill in what a data package says of a resource in this format:
    /// `format`, `mediatype`, `encoding`, a CSV `dialect`, and anything
    /// its fields need (a decimal comma).
    fn describe(&self, resource: &mut serde_json::Value);

    /// Start writing batches of one schema into `out`.
    fn batches<'w>(&self, out: Box<dyn Write + 'w>) -> Box<dyn Batches<'w> + 'w>;

    /// Write a whole frame into `out`: by default as one batch.
    fn write(&self, df: &mut DataFrame, out: &mut dyn Write) -> Result<(), ExportError> {
        let mut batches = self.batches(Box::new(out));
        batches.frame(df)?;
        batches.finish()?;
        Ok(())
    }
}

/// A table being written batch by batch, every batch of the same schema.
pub trait Batches<'w> {
    /// Append a batch (a frame of one chunk).
    fn frame(&mut self, df: &mut DataFrame) -> Result<(), ExportError>;

    /// Append a batch of cells given as Arrow arrays; by default as a
    /// frame (Parquet writes the arrays as they are).
    fn cells(&mut self, cells: CellArrays) -> Result<(), ExportError> {
        self.frame(&mut cells.into_frame()?)
    }

    /// End the table (a Parquet footer, a whole workbook) and hand back
    /// the output, to be flushed.
    fn finish(self: Box<Self>) -> Result<Box<dyn Write + 'w>, ExportError>;
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
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    Format::value_variants()
        .iter()
        .copied()
        .find(|f| {
            extension
                .as_deref()
                .is_some_and(|e| f.exporter().extensions().contains(&e))
        })
        .unwrap_or(Format::Parquet)
}

/// The format a CSV output takes in `dialect`; other formats are kept.
pub fn in_dialect(format: Format, dialect: CsvDialect) -> Format {
    match (format, dialect) {
        (Format::Csv, CsvDialect::Excel) => Format::ExcelCsv,
        (format, _) => format,
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
    format.exporter().write(df, out)
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
    let fields: Vec<serde_json::Value> = schema
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
    let mut resource = serde_json::json!({
        "name": name,
        "path": resource_path,
        "schema": { "fields": fields },
    });
    format.exporter().describe(&mut resource);
    let package = serde_json::json!({
        "name": name,
        "profile": "tabular-data-package",
        "title": "Budget figures from Danish municipal meeting minutes (budgetspor)",
        "resources": [resource],
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

    /// A resource says what its format is; a CSV dialect and a text
    /// encoding only where the bytes are text, and the dialect only for CSV.
    #[test]
    fn datapackage_resource_per_format() {
        let df = df!("amount_kr" => &[5i64]).unwrap();
        let resource = |format| {
            let package: serde_json::Value =
                serde_json::from_slice(&datapackage_json(df.schema(), "t", "t", format)).unwrap();
            package["resources"][0].clone()
        };
        let cases = [
            (Format::Parquet, "parquet", None, false),
            (Format::Csv, "csv", Some("utf-8"), true),
            (Format::ExcelCsv, "csv", Some("utf-8-sig"), true),
            (Format::Ndjson, "ndjson", Some("utf-8"), false),
            (Format::Xlsx, "xlsx", None, false),
        ];
        for (format, name, encoding, dialect) in cases {
            let r = resource(format);
            assert_eq!(r["format"], name, "{format:?}");
            assert!(r["mediatype"].is_string(), "{format:?}");
            assert_eq!(r["encoding"].as_str(), encoding, "{format:?}");
            assert_eq!(r["dialect"].is_object(), dialect, "{format:?}");
        }
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
