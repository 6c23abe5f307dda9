//! The other tables: rejects, the tables report, series, revisions,
//! comparisons, checks and the wide pivot, each a frame of its rows.

use super::*;

/// The rejects of all documents: cells that looked numeric but were not
/// used as values, with the reason.
pub fn rejects_frame(docs: &[Extracted]) -> PolarsResult<DataFrame> {
    // (source, reject, (page, line on page))
    type Located<'a> = (&'a str, &'a Reject, (Option<u32>, u32));
    let rows: Vec<Located> = docs
        .iter()
        .flat_map(|d| {
            d.document
                .rejects
                .iter()
                .map(move |r| (&*d.source, r, d.document.locate(r.line)))
        })
        .collect();
    let columns = vec![
        str_column("source", rows.iter().map(|r| Some(r.0))),
        column("page", &rows, |r| r.2 .0),
        column("line", &rows, |r| r.2 .1),
        column("table_no", &rows, |r| r.1.table_no),
        str_column(
            "column_label",
            rows.iter().map(|r| Some(&*r.1.column_label)),
        ),
        str_column("raw", rows.iter().map(|r| Some(r.1.raw.as_str()))),
        str_column("reason", rows.iter().map(|r| Some(r.1.reason.as_str()))),
    ];
    DataFrame::new(rows.len(), columns)
}

/// The tables report: one row per table with where it stands, its kind,
/// its unit and where that is stated, what it gave, and why a table with
/// figures gave no amount.
pub fn tables_frame(docs: &[Extracted]) -> PolarsResult<DataFrame> {
    // (source, document, table yield)
    type Row<'a> = (
        &'a str,
        &'a budgetspor_core::Document,
        budgetspor_core::tables::TableYield,
    );
    let rows: Vec<Row<'_>> = docs
        .iter()
        .flat_map(|d| {
            budgetspor_core::tables::yields(&d.document)
                .into_iter()
                .map(move |y| (&*d.source, &d.document, y))
        })
        .collect();
    fn table<'a>(r: &Row<'a>) -> &'a budgetspor_core::Table {
        &r.1.tables[r.2.table_index]
    }
    let count = |n: usize| n as u32;
    let columns = vec![
        str_column("source", rows.iter().map(|r| Some(r.0))),
        column("page", &rows, |r| r.1.locate(table(r).first_line).0),
        column("line", &rows, |r| r.1.locate(table(r).first_line).1),
        column("table_no", &rows, |r| table(r).table_no),
        column("item_no", &rows, |r| table(r).item_no),
        str_column("layout", rows.iter().map(|r| Some(table(r).layout))),
        str_column(
            "table_kind",
            rows.iter().map(|r| Some(table(r).kind.as_str())),
        ),
        str_column("unit", rows.iter().map(|r| table(r).unit)),
        str_column(
            "unit_source",
            rows.iter()
                .map(|r| table(r).unit_source.map(|u| u.as_str())),
        ),
        column("unit_inferred", &rows, |r| table(r).unit_inferred),
        str_column("caption", rows.iter().map(|r| table(r).caption.as_deref())),
        column("cells", &rows, |r| count(r.2.cells)),
        column("amounts", &rows, |r| count(r.2.amounts)),
        column("rejects", &rows, |r| count(r.2.rejects)),
        str_column("note", rows.iter().map(|r| r.2.note.as_deref())),
    ];
    DataFrame::new(rows.len(), columns)
}

/// A series, one row per figure and vintage.
pub fn series_frame(rows: &[SeriesRow]) -> PolarsResult<DataFrame> {
    let r = rows;
    // A series can be hundreds of thousands of rows: its columns are
    // built side by side, one per core.
    type Build<'a> = &'a (dyn Fn() -> PolarsResult<Column> + Sync);
    let builders: [Build<'_>; 13] = [
        &|| repeated_str_column("series", r.iter().map(|x| Some(x.series.as_str()))),
        &|| repeated_str_column("line_item", r.iter().map(|x| Some(&*x.line_item))),
        &|| Ok(column("fiscal_year", r, |x| x.fiscal_year)),
        &|| repeated_str_column("measure", r.iter().map(|x| Some(x.measure.as_str()))),
        &|| Ok(column("step_no", r, |x| x.step_no)),
        &|| repeated_str_column("step", r.iter().map(|x| x.step.as_deref())),
        &|| date_column("as_of", r.iter().map(|x| x.as_of)),
        &|| date_column("realtime_end", r.iter().map(|x| x.realtime_end)),
        &|| Ok(column("amount_kr", r, |x| x.amount_kr)),
        &|| repeated_str_column("source", r.iter().map(|x| Some(&*x.source))),
        &|| Ok(column("row_line", r, |x| x.row_line)),
        &|| repeated_str_column("row_label", r.iter().map(|x| Some(&*x.row_label))),
        &|| repeated_str_column("column_label", r.iter().map(|x| Some(&*x.column_label))),
    ];
    let columns = builders
        .par_iter()
        .map(|build| build())
        .collect::<PolarsResult<Vec<Column>>>()?;
    DataFrame::new(rows.len(), columns)
}

/// Per-figure revision summary.
pub fn revisions_frame(rows: &[Revision]) -> PolarsResult<DataFrame> {
    let r = rows;
    let columns = vec![
        str_column("line_item", r.iter().map(|x| Some(&*x.line_item))),
        column("fiscal_year", r, |x| x.fiscal_year),
        str_column("measure", r.iter().map(|x| Some(x.measure.as_str()))),
        column("step_no", r, |x| x.step_no),
        date_column("first_as_of", r.iter().map(|x| x.first_as_of))?,
        column("first_kr", r, |x| x.first_kr),
        date_column("latest_as_of", r.iter().map(|x| x.latest_as_of))?,
        column("latest_kr", r, |x| x.latest_kr),
        column("vintages", r, |x| x.vintages),
        column("total_revision_kr", r, |x| x.total_revision_kr),
    ];
    DataFrame::new(rows.len(), columns)
}

/// Budgeted vs realized gains per project and date.
pub fn gains_frame(rows: &[GainComparison]) -> PolarsResult<DataFrame> {
    let r = rows;
    let columns = vec![
        str_column("project", r.iter().map(|x| Some(x.project.as_str()))),
        date_column("as_of", r.iter().map(|x| x.as_of))?,
        column("budgetteret_gevinst_periode_kr", r, |x| {
            x.budgetteret_gevinst_periode_kr
        }),
        column("budgetteret_gevinst_kr", r, |x| x.budgetteret_gevinst_kr),
        column("realiseret_gevinst_kr", r, |x| x.realiseret_gevinst_kr),
        column("afvigelse_kr", r, |x| x.afvigelse_kr),
        column("realiseret_pct", r, |x| x.realiseret_pct),
        str_column("source", r.iter().map(|x| Some(&*x.source))),
        column("row_line", r, |x| x.row_line),
    ];
    DataFrame::new(rows.len(), columns)
}

/// Arithmetic check results.
pub fn checks_frame(rows: &[budgetspor_core::check::CheckResult]) -> PolarsResult<DataFrame> {
    let r = rows;
    let columns = vec![
        str_column("source", r.iter().map(|x| Some(&*x.source))),
        column("line", r, |x| x.line),
        column("table_no", r, |x| x.table_no),
        str_column("rule", r.iter().map(|x| Some(x.rule))),
        str_column("row_label", r.iter().map(|x| Some(&*x.row_label))),
        str_column("column_label", r.iter().map(|x| Some(&*x.column_label))),
        column("expected_kr", r, |x| x.expected_kr),
        column("found_kr", r, |x| x.found_kr),
        column("tolerance_kr", r, |x| x.tolerance_kr),
        str_column("status", r.iter().map(|x| Some(x.status.as_str()))),
        str_column("detail", r.iter().map(|x| Some(x.detail.as_str()))),
    ];
    DataFrame::new(rows.len(), columns)
}

/// "source:line" of the figure a comparison used for a measure.
fn origin(
    c: &budgetspor_core::series::BudgetComparison,
    measure: Option<budgetspor_core::series::SeriesMeasure>,
) -> Option<String> {
    let (source, line) = c.provenance_of(measure?)?;
    Some(format!("{source}:{line}"))
}

/// Budget against result per line item and fiscal year.
pub fn budget_frame(rows: &[budgetspor_core::series::BudgetComparison]) -> PolarsResult<DataFrame> {
    let r = rows;
    let columns = vec![
        str_column("line_item", r.iter().map(|x| Some(&*x.line_item))),
        column("fiscal_year", r, |x| x.fiscal_year),
        date_column("as_of", r.iter().map(|x| x.as_of))?,
        column("vedtaget_budget_kr", r, |x| x.vedtaget_budget_kr),
        column("korrigeret_budget_kr", r, |x| x.korrigeret_budget_kr),
        column("budget_kr", r, |x| x.budget_kr),
        column("forventet_regnskab_kr", r, |x| x.forventet_regnskab_kr),
        column("regnskab_kr", r, |x| x.regnskab_kr),
        str_column(
            "budget_basis",
            r.iter().map(|x| x.budget_basis.map(|m| m.as_str())),
        ),
        str_column(
            "result_basis",
            r.iter().map(|x| x.result_basis.map(|m| m.as_str())),
        ),
        column("afvigelse_kr", r, |x| x.afvigelse_kr),
        column("afvigelse_pct", r, |x| x.afvigelse_pct),
        str_column("source", r.iter().map(|x| Some(&*x.source))),
        column("budget_provenance", r, |x| origin(x, x.budget_basis)),
        column("result_provenance", r, |x| origin(x, x.result_basis)),
    ];
    DataFrame::new(rows.len(), columns)
}

/// A pivoted series: `line_item`, then one Int64 column per fiscal year ×
/// measure.
pub fn wide_frame(w: &budgetspor_core::series::Wide) -> PolarsResult<DataFrame> {
    let mut columns = vec![str_column(
        "line_item",
        w.rows.iter().map(|(item, _)| Some(item.as_str())),
    )];
    for (i, name) in w.columns.iter().enumerate() {
        columns.push(Column::new(
            name.as_str().into(),
            w.rows
                .iter()
                .map(|(_, values)| values[i])
                .collect::<Vec<Option<i64>>>(),
        ));
    }
    DataFrame::new(w.rows.len(), columns)
}
