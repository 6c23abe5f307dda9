//! The Excel workbook exporter: frames in, `.xlsx` bytes out, through
//! rust_xlsxwriter (a kept writer, no hand-built XML). Nothing here touches
//! the file system; [`crate::output`] writes.
//!
//! What a user who retyped these tables into Excel gets instead: amounts
//! as numbers (whole kroner, shown with thousands separators in the
//! spreadsheet's own locale: "1.589.766.000" in Danish Excel), dates as
//! dates, every text cell as a string (never a formula, whatever it starts
//! with), the header row bold and frozen, an autofilter, and columns as
//! wide as their contents. The same frames give the same bytes: the
//! workbook's creation date is fixed.

use polars::prelude::*;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

/// Rows a sheet holds below its header (Excel's limit is 1,048,576 rows).
pub const MAX_ROWS: usize = 1_048_575;

/// The sheet of a workbook of one table (`--format xlsx`).
pub const SHEET: &str = "Data";

/// One sheet: its name and its frame, with the headers to show (the
/// frame's column names when `None`) and a mio. kr. view of some columns.
pub struct Sheet<'a> {
    pub name: &'a str,
    pub frame: &'a DataFrame,
    /// Shown instead of each column's name (same order, same length).
    pub headers: Option<Vec<String>>,
    /// Columns of whole kroner also shown in mio. kr., beside themselves:
    /// (column, header of the mio. kr. column).
    pub millions: Vec<(&'a str, &'a str)>,
}

impl<'a> Sheet<'a> {
    pub fn new(name: &'a str, frame: &'a DataFrame) -> Sheet<'a> {
        Sheet {
            name,
            frame,
            headers: None,
            millions: Vec::new(),
        }
    }
}

/// Why a workbook could not be made.
#[derive(Debug)]
pub enum WorkbookError {
    /// A sheet has more rows than Excel holds.
    TooManyRows {
        sheet: String,
        rows: usize,
    },
    Polars(PolarsError),
    Xlsx(XlsxError),
}

impl std::fmt::Display for WorkbookError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WorkbookError::TooManyRows { sheet, rows } => write!(
                f,
                "expected at most {MAX_ROWS} rows for the Excel sheet {sheet:?}, found {rows}; \
                 write Parquet or CSV for a table this large"
            ),
            WorkbookError::Polars(e) => write!(f, "{e}"),
            WorkbookError::Xlsx(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for WorkbookError {}

impl From<PolarsError> for WorkbookError {
    fn from(e: PolarsError) -> Self {
        WorkbookError::Polars(e)
    }
}

impl From<XlsxError> for WorkbookError {
    fn from(e: XlsxError) -> Self {
        WorkbookError::Xlsx(e)
    }
}

/// The formats a sheet's cells are written in.
struct Formats {
    header: Format,
    kroner: Format,
    millions: Format,
    number: Format,
    date: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new().set_bold(),
            // Thousands separated in the reader's locale.
            kroner: Format::new().set_num_format("#,##0"),
            millions: Format::new().set_num_format("#,##0.0"),
            number: Format::new().set_num_format("General"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
        }
    }
}

/// The workbook of `sheets`, in their order.
pub fn workbook(sheets: &[Sheet<'_>]) -> Result<Vec<u8>, WorkbookError> {
    let mut book = Workbook::new();
    // A fixed creation date: the same tables give the same bytes.
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let formats = Formats::new();
    for sheet in sheets {
        let rows = sheet.frame.height();
        if rows > MAX_ROWS {
            return Err(WorkbookError::TooManyRows {
                sheet: sheet.name.to_string(),
                rows,
            });
        }
        let worksheet = book.add_worksheet();
        worksheet.set_name(sheet.name)?;
        write_sheet(worksheet, sheet, &formats)?;
    }
    Ok(book.save_to_buffer()?)
}

/// A workbook of one sheet, for `--format xlsx`.
pub fn single(name: &str, frame: &DataFrame) -> Result<Vec<u8>, WorkbookError> {
    workbook(&[Sheet::new(name, frame)])
}

/// A column's cells as the sheet takes them.
enum Cells {
    Numbers(Vec<Option<f64>>, bool),
    Dates(Vec<Option<(i32, u32, u32)>>),
    Booleans(Vec<Option<bool>>),
    Texts(Vec<Option<String>>),
}

impl Cells {
    fn of(column: &Column, name: &str) -> PolarsResult<Cells> {
        let dtype = column.dtype();
        Ok(if dtype.is_integer() || dtype.is_float() {
            let values = column.cast(&DataType::Float64)?;
            let whole_kroner = name.ends_with("_kr");
            Cells::Numbers(values.f64()?.iter().collect(), whole_kroner)
        } else if matches!(dtype, DataType::Date) {
            let days = column.cast(&DataType::Int32)?;
            let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date");
            Cells::Dates(
                days.i32()?
                    .iter()
                    .map(|d| {
                        let date = epoch.checked_add_signed(chrono::Duration::days(d?.into()))?;
                        use chrono::Datelike;
                        Some((date.year(), date.month(), date.day()))
                    })
                    .collect(),
            )
        } else if matches!(dtype, DataType::Boolean) {
            Cells::Booleans(column.bool()?.iter().collect())
        } else {
            let text = column.cast(&DataType::String)?;
            Cells::Texts(text.str()?.iter().map(|v| v.map(str::to_string)).collect())
        })
    }

    /// The widest cell, in characters, as printed.
    fn width(&self) -> usize {
        match self {
            // The first ten thousand cells tell the width, as for text: a
            // million numbers need not each be printed to size a column.
            Cells::Numbers(values, _) => values
                .iter()
                .take(10_000)
                .flatten()
                .map(|v| format!("{v:.0}").len() * 4 / 3 + 1)
                .max()
                .unwrap_or(0),
            Cells::Dates(_) => 10,
            Cells::Booleans(_) => 5,
            Cells::Texts(values) => values
                .iter()
                .take(10_000)
                .flatten()
                .map(|v| v.chars().count())
                .max()
                .unwrap_or(0),
        }
    }
}

fn write_sheet(
    worksheet: &mut Worksheet,
    sheet: &Sheet<'_>,
    formats: &Formats,
) -> Result<(), WorkbookError> {
    let frame = sheet.frame;
    let mut col: u16 = 0;
    for (i, column) in frame.columns().iter().enumerate() {
        let name = column.name().as_str();
        let header = sheet
            .headers
            .as_ref()
            .and_then(|h| h.get(i))
            .map_or(name, String::as_str);
        let cells = Cells::of(column, name)?;
        write_column(worksheet, col, header, &cells, formats)?;
        col += 1;
        if let Some(&(_, mio_header)) = sheet.millions.iter().find(|(c, _)| *c == name) {
            if let Cells::Numbers(values, _) = &cells {
                worksheet.write_string_with_format(0, col, mio_header, &formats.header)?;
                for (row, value) in values.iter().enumerate() {
                    if let Some(v) = value {
                        let at = row as u32 + 1;
                        worksheet.write_number_with_format(at, col, v / 1e6, &formats.millions)?;
                    }
                }
                worksheet
                    .set_column_width(col, (mio_header.chars().count() + 2).clamp(8, 60) as f64)?;
                col += 1;
            }
        }
    }
    worksheet.set_freeze_panes(1, 0)?;
    let last_row = frame.height().max(1) as u32;
    worksheet.autofilter(0, 0, last_row, col.saturating_sub(1))?;
    Ok(())
}

fn write_column(
    worksheet: &mut Worksheet,
    col: u16,
    header: &str,
    cells: &Cells,
    formats: &Formats,
) -> Result<(), WorkbookError> {
    worksheet.write_string_with_format(0, col, header, &formats.header)?;
    let at = |row: usize| row as u32 + 1;
    match cells {
        Cells::Numbers(values, kroner) => {
            let format = if *kroner {
                &formats.kroner
            } else {
                &formats.number
            };
            for (row, value) in values.iter().enumerate() {
                if let Some(v) = value {
                    worksheet.write_number_with_format(at(row), col, *v, format)?;
                }
            }
        }
        Cells::Dates(values) => {
            for (row, value) in values.iter().enumerate() {
                if let Some((y, m, d)) = *value {
                    // Excel's dates run from 1900 to 9999.
                    let day = u16::try_from(y)
                        .ok()
                        .and_then(|y| ExcelDateTime::from_ymd(y, m as u8, d as u8).ok());
                    match day {
                        Some(day) => worksheet.write_datetime_with_format(
                            at(row),
                            col,
                            &day,
                            &formats.date,
                        )?,
                        None => {
                            worksheet.write_string(at(row), col, format!("{y:04}-{m:02}-{d:02}"))?
                        }
                    };
                }
            }
        }
        Cells::Booleans(values) => {
            for (row, value) in values.iter().enumerate() {
                if let Some(b) = value {
                    worksheet.write_boolean(at(row), col, *b)?;
                }
            }
        }
        Cells::Texts(values) => {
            // write_string stores a string cell: "=HYPERLINK(…)" in a
            // label stays text, never a formula.
            for (row, value) in values.iter().enumerate() {
                if let Some(v) = value {
                    worksheet.write_string(at(row), col, v.as_str())?;
                }
            }
        }
    }
    // Wide enough for the header (and the filter's button) and the widest
    // cell, within reason.
    let width = (header.chars().count() + 3)
        .max(cells.width() + 1)
        .clamp(6, 60);
    worksheet.set_column_width(col, width as f64)?;
    Ok(())
}

/// A column's header in `run`'s workbook, in Danish as the report has it;
/// a column without one keeps its name.
pub fn danish(column: &str) -> &str {
    match column {
        "series" => "Serie",
        "line_item" => "Linje",
        "fiscal_year" => "Regnskabsår",
        "measure" => "Mål",
        "step_no" => "Trin nr.",
        "step" => "Trin",
        "as_of" => "Opgjort",
        "realtime_end" => "Gældende til",
        "amount_kr" => "Beløb (kr.)",
        "source" => "Kilde",
        "row_line" => "Linje i kilden",
        "row_label" => "Række",
        "column_label" => "Kolonne",
        "project" => "Projekt",
        "budgetteret_gevinst_periode_kr" => "Mål for perioden (kr.)",
        "budgetteret_gevinst_kr" => "Budgetteret til dato (kr.)",
        "realiseret_gevinst_kr" => "Realiseret (kr.)",
        "afvigelse_kr" => "Afvigelse (kr.)",
        "realiseret_pct" => "Realiseret pct.",
        "vedtaget_budget_kr" => "Vedtaget budget (kr.)",
        "korrigeret_budget_kr" => "Korrigeret budget (kr.)",
        "budget_kr" => "Budget (kr.)",
        "forventet_regnskab_kr" => "Forventet regnskab (kr.)",
        "regnskab_kr" => "Regnskab (kr.)",
        "budget_basis" => "Budget efter",
        "result_basis" => "Resultat efter",
        "afvigelse_pct" => "Afvigelse pct.",
        "budget_provenance" => "Budgettets kilde",
        "result_provenance" => "Resultatets kilde",
        "line" => "Linje i kilden",
        "table_no" => "Tabel nr.",
        "rule" => "Regel",
        "expected_kr" => "Forventet (kr.)",
        "found_kr" => "Fundet (kr.)",
        "tolerance_kr" => "Tolerance (kr.)",
        "status" => "Status",
        "detail" => "Forklaring",
        "doc_date" => "Mødedato",
        "committee" => "Udvalg",
        "item_no" => "Punkt",
        "item_title" => "Punktets titel",
        "page" => "Side",
        "table_row" => "Tabelrække",
        "unit" => "Enhed",
        "raw" => "Som trykt",
        "value" => "Værdi",
        other => other,
    }
}

/// The Danish headers of a frame's columns.
pub fn danish_headers(frame: &DataFrame) -> Vec<String> {
    frame
        .get_column_names()
        .iter()
        .map(|c| danish(c.as_str()).to_string())
        .collect()
}
