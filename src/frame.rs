//! The tidy cell table as a polars `DataFrame`, built column-wise. This is
//! the only place where the core's cells meet polars; the column names and
//! order here are the documented schema (README, "Output schema").

use crate::inputs::Extracted;
use budgetspor_core::{Cell, Document, Reject, Table};
use chrono::NaiveDate;
use polars::prelude::*;

/// Days since 1970-01-01, polars' physical representation of a Date.
fn epoch_days(date: NaiveDate) -> i32 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
    (date - epoch).num_days() as i32
}

fn date_column(name: &str, days: Vec<Option<i32>>) -> PolarsResult<Column> {
    Column::new(name.into(), days).cast(&DataType::Date)
}

/// One row of the tidy table, borrowed from the document it came from.
struct Row<'a> {
    source: &'a str,
    doc: &'a Document,
    table: &'a Table,
    cell: &'a Cell,
}

/// Build the tidy cell table of all documents.
pub fn cells_frame(docs: &[Extracted]) -> PolarsResult<DataFrame> {
    let rows: Vec<Row<'_>> = docs
        .iter()
        .flat_map(|d| {
            d.document.cells.iter().map(move |cell| Row {
                source: &d.source,
                doc: &d.document,
                table: &d.document.tables[cell.table_index],
                cell,
            })
        })
        .collect();
    let str_col = |name: &str, f: &dyn for<'r> Fn(&'r Row<'_>) -> Option<&'r str>| {
        Column::new(
            name.into(),
            rows.iter().map(f).collect::<Vec<Option<&str>>>(),
        )
    };
    let columns = vec![
        str_col("source", &|r| Some(r.source)),
        date_column(
            "doc_date",
            rows.iter()
                .map(|r| r.doc.meta.meeting_date.map(epoch_days))
                .collect(),
        )?,
        str_col("committee", &|r| r.doc.meta.committee.as_deref()),
        str_col("encoding", &|r| Some(r.doc.encoding)),
        Column::new(
            "item_no".into(),
            rows.iter()
                .map(|r| r.table.item_no)
                .collect::<Vec<Option<u32>>>(),
        ),
        str_col("item_title", &|r| r.table.item_title.as_deref()),
        Column::new(
            "table_no".into(),
            rows.iter().map(|r| r.table.table_no).collect::<Vec<u32>>(),
        ),
        Column::new(
            "table_line".into(),
            rows.iter()
                .map(|r| r.table.first_line)
                .collect::<Vec<u32>>(),
        ),
        str_col("table_kind", &|r| Some(r.table.kind.as_str())),
        str_col("layout", &|r| Some(r.table.layout)),
        str_col("unit", &|r| r.cell.unit),
        Column::new(
            "unit_inferred".into(),
            rows.iter()
                .map(|r| r.cell.unit_inferred)
                .collect::<Vec<bool>>(),
        ),
        str_col("price_basis", &|r| r.cell.price_basis.as_deref()),
        str_col("section", &|r| r.cell.section.as_deref()),
        str_col("row_label", &|r| Some(r.cell.row_label.as_str())),
        str_col("line_item", &|r| Some(r.cell.line_item.as_str())),
        str_col("row_kind", &|r| Some(r.cell.row_kind.as_str())),
        Column::new(
            "row_line".into(),
            rows.iter().map(|r| r.cell.row_line).collect::<Vec<u32>>(),
        ),
        str_col("column_label", &|r| Some(r.cell.column_label.as_str())),
        str_col("measure", &|r| Some(r.cell.measure.as_str())),
        Column::new(
            "fiscal_year".into(),
            rows.iter()
                .map(|r| r.cell.fiscal_year)
                .collect::<Vec<Option<i32>>>(),
        ),
        date_column(
            "as_of",
            rows.iter().map(|r| r.cell.as_of.map(epoch_days)).collect(),
        )?,
        str_col("raw", &|r| Some(r.cell.raw.as_str())),
        Column::new(
            "value".into(),
            rows.iter().map(|r| r.cell.value).collect::<Vec<f64>>(),
        ),
        Column::new(
            "amount_kr".into(),
            rows.iter()
                .map(|r| r.cell.amount_kr)
                .collect::<Vec<Option<i64>>>(),
        ),
    ];
    DataFrame::new(rows.len(), columns)
}

/// The rejects of all documents: cells that looked numeric but were not
/// used as values, with the reason.
pub fn rejects_frame(docs: &[Extracted]) -> PolarsResult<DataFrame> {
    let rows: Vec<(&str, &Reject)> = docs
        .iter()
        .flat_map(|d| {
            d.document
                .rejects
                .iter()
                .map(move |r| (d.source.as_str(), r))
        })
        .collect();
    let columns = vec![
        Column::new(
            "source".into(),
            rows.iter().map(|r| r.0).collect::<Vec<&str>>(),
        ),
        Column::new(
            "line".into(),
            rows.iter().map(|r| r.1.line).collect::<Vec<u32>>(),
        ),
        Column::new(
            "table_no".into(),
            rows.iter().map(|r| r.1.table_no).collect::<Vec<u32>>(),
        ),
        Column::new(
            "column_label".into(),
            rows.iter()
                .map(|r| r.1.column_label.as_str())
                .collect::<Vec<&str>>(),
        ),
        Column::new(
            "raw".into(),
            rows.iter().map(|r| r.1.raw.as_str()).collect::<Vec<&str>>(),
        ),
        Column::new(
            "reason".into(),
            rows.iter()
                .map(|r| r.1.reason.as_str())
                .collect::<Vec<&str>>(),
        ),
    ];
    DataFrame::new(rows.len(), columns)
}
