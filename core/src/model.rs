//! The plain data types the core hands out: documents, tables, columns,
//! value cells, rejects and diagnostics. No IO and no frame library here, so
//! every consumer (CLI, frames, charts, tests) shares one vocabulary.

use chrono::NaiveDate;
use std::fmt;
use std::sync::Arc;

/// What a table is about. Drives which series a table can feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TableKind {
    /// The reserve pool: KL's estimate minus the municipality's own.
    Reservationspulje,
    /// Transfer payments line by line (Kontanthjælp, Sygedagpenge, …).
    Forsorgelsesydelser,
    /// Budgeted vs realized gains per investment project.
    Investeringsprojekter,
    /// Any other monetary table.
    Budget,
    /// Counts, shares and other non-monetary tables.
    Statistik,
}

impl TableKind {
    pub const ALL: [TableKind; 5] = [
        TableKind::Reservationspulje,
        TableKind::Forsorgelsesydelser,
        TableKind::Investeringsprojekter,
        TableKind::Budget,
        TableKind::Statistik,
    ];

    /// The kind named by [`TableKind::as_str`], for reading saved cells.
    pub fn from_name(name: &str) -> Option<TableKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TableKind::Reservationspulje => "reservationspulje",
            TableKind::Forsorgelsesydelser => "forsorgelsesydelser",
            TableKind::Investeringsprojekter => "investeringsprojekter",
            TableKind::Budget => "budget",
            TableKind::Statistik => "statistik",
        }
    }
}

/// The meaning of a value column. The monetary part of the vocabulary maps
/// onto Fiscal Data Package phases (see README).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Measure {
    VedtagetBudget,
    Budget,
    KorrigeretBudget,
    ForventetRegnskab,
    Regnskab,
    Afvigelse,
    BudgetteretGevinst,
    RealiseretGevinst,
    /// An "I alt" column.
    Total,
    /// A bare year column or any other monetary column.
    Amount,
    /// A count ("Antal …"); never money.
    Antal,
    /// A share or percentage; never money.
    Andel,
    /// A non-monetary figure of no stated kind.
    Value,
}

impl Measure {
    pub const ALL: [Measure; 13] = [
        Measure::VedtagetBudget,
        Measure::Budget,
        Measure::KorrigeretBudget,
        Measure::ForventetRegnskab,
        Measure::Regnskab,
        Measure::Afvigelse,
        Measure::BudgetteretGevinst,
        Measure::RealiseretGevinst,
        Measure::Total,
        Measure::Amount,
        Measure::Antal,
        Measure::Andel,
        Measure::Value,
    ];

    /// The measure named by [`Measure::as_str`], for reading saved cells.
    pub fn from_name(name: &str) -> Option<Measure> {
        Self::ALL.into_iter().find(|m| m.as_str() == name)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Measure::VedtagetBudget => "vedtaget_budget",
            Measure::Budget => "budget",
            Measure::KorrigeretBudget => "korrigeret_budget",
            Measure::ForventetRegnskab => "forventet_regnskab",
            Measure::Regnskab => "regnskab",
            Measure::Afvigelse => "afvigelse",
            Measure::BudgetteretGevinst => "budgetteret_gevinst",
            Measure::RealiseretGevinst => "realiseret_gevinst",
            Measure::Total => "total",
            Measure::Amount => "amount",
            Measure::Antal => "antal",
            Measure::Andel => "andel",
            Measure::Value => "value",
        }
    }

    pub fn is_gain(self) -> bool {
        matches!(
            self,
            Measure::BudgetteretGevinst | Measure::RealiseretGevinst
        )
    }
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a row is a line item or a sum of others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RowKind {
    Item,
    Subtotal,
    Total,
}

impl RowKind {
    /// The row kind named by [`RowKind::as_str`], for reading saved cells.
    pub fn from_name(name: &str) -> Option<RowKind> {
        [RowKind::Item, RowKind::Subtotal, RowKind::Total]
            .into_iter()
            .find(|k| k.as_str() == name)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RowKind::Item => "item",
            RowKind::Subtotal => "subtotal",
            RowKind::Total => "total",
        }
    }
}

/// How a column of a table is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnRole {
    /// The row labels.
    Label,
    /// Row numbers or case numbers ("Nr.", "Indstillingspunkt").
    Key,
    /// Text attributes ("Udvalg", "Projektperiode", dates).
    Text,
    /// Figures.
    Value,
}

/// One interpreted column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub index: usize,
    /// Header text, multi-row headers joined by a space.
    pub label: String,
    pub role: ColumnRole,
    pub measure: Measure,
    /// False for counts, shares, dates and row numbers.
    pub monetary: bool,
    pub fiscal_year: Option<i32>,
    pub as_of: Option<NaiveDate>,
    /// Unit stated in the column header ("Særlig drift, ØU (kr.)").
    pub unit: Option<&'static str>,
    pub price_basis: Option<String>,
}

/// A recognized, interpreted table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// 1-based number of the table within its document.
    pub table_no: u32,
    /// 1-based line of the first table line (title or header).
    pub first_line: u32,
    pub last_line: u32,
    pub kind: TableKind,
    /// Table layout in the source text (`tsv` today).
    pub layout: &'static str,
    pub caption: Option<String>,
    pub title: Option<String>,
    /// Unit of the table as stated, or "kr." when inferred.
    pub unit: Option<&'static str>,
    pub unit_inferred: bool,
    /// Where the unit of a table of money is stated; `None` for a table
    /// that is not about money.
    pub unit_source: Option<UnitSource>,
    pub price_basis: Option<String>,
    pub item_no: Option<u32>,
    pub item_title: Option<String>,
    /// How a deviation column is signed, from a note next to the table
    /// ("Note: -=merforbrug, +=mindreforbrug"): `budget_minus_result` or
    /// `result_minus_budget`; `None` when not stated.
    pub sign_convention: Option<&'static str>,
    pub columns: Vec<Column>,
}

/// Where a table of money states its unit (Greve's tables state it in
/// each of these places).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitSource {
    /// The top-left header cell or a key column's header ("Beløb i 1.000
    /// kr.").
    Header,
    /// A title row of the table.
    Title,
    /// The paragraph just above the table ("Tabel 4 … (mio. kr.)").
    Caption,
    /// A row label ("Samlet 1.000 kr.").
    RowLabel,
    /// Only the prose near the table, which states one of its totals in a
    /// unit ("for i alt 7,15 mio. kr." over an I alt of -7.150).
    Prose,
    /// The table it continues: a part of a table split by the converter,
    /// right under the rows of a table that states its unit.
    TableAbove,
    /// Each value column's header ("Beløb i 2022 (t.kr.)").
    ColumnHeaders,
    /// Inside the cells ("0,2 mio.").
    Cells,
    /// Nowhere; the figures are whole and read as kroner (`unit_inferred`).
    Inferred,
    /// Nowhere, and the figures have decimals: no amounts.
    Unknown,
}

impl UnitSource {
    pub fn as_str(self) -> &'static str {
        match self {
            UnitSource::Header => "header",
            UnitSource::Title => "title",
            UnitSource::Caption => "caption",
            UnitSource::RowLabel => "row_label",
            UnitSource::Prose => "prose",
            UnitSource::TableAbove => "table_above",
            UnitSource::ColumnHeaders => "column_headers",
            UnitSource::Cells => "cells",
            UnitSource::Inferred => "inferred",
            UnitSource::Unknown => "unknown",
        }
    }
}

/// Where a row of a table stands on its page, in PDF points from the
/// page's top left, so a reader can be pointed at it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RowBox {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl RowBox {
    /// "x0 y0 x1 y1", each to a tenth of a point.
    pub fn to_text(self) -> String {
        format!(
            "{:.1} {:.1} {:.1} {:.1}",
            self.x0, self.y0, self.x1, self.y1
        )
    }

    /// The box [`RowBox::to_text`] wrote.
    pub fn parse(text: &str) -> Option<RowBox> {
        let mut parts = text.split_whitespace().map(|p| p.parse::<f32>().ok());
        let mut next = || parts.next().flatten();
        let found = RowBox {
            x0: next()?,
            y0: next()?,
            x1: next()?,
            y1: next()?,
        };
        next().is_none().then_some(found)
    }
}

/// One value cell: the unit of output.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Index into [`Document::tables`].
    pub table_index: usize,
    pub section: Option<Arc<str>>,
    /// The label as printed (clean text), empty when the row has none.
    pub row_label: Arc<str>,
    /// The line the figure belongs to (the label above for a continuation
    /// row, "I alt" for an unlabeled total).
    pub line_item: Arc<str>,
    pub row_kind: RowKind,
    /// 1-based line of the row in the source.
    pub row_line: u32,
    /// 1-based row of the table as read, header rows counted: the n-th
    /// `<tr>` of an HTML table, whose rows may all stand on one line of
    /// the page (an agenda item's HTML from the portal's JSON).
    pub table_row: u32,
    /// The row's box on its page, for a PDF read with positions.
    pub row_box: Option<RowBox>,
    pub column_index: usize,
    pub column_label: Arc<str>,
    pub measure: Measure,
    pub fiscal_year: Option<i32>,
    pub as_of: Option<NaiveDate>,
    /// The cell as printed.
    pub raw: String,
    /// The figure in its stated unit (display only; money is `amount_kr`).
    pub value: f64,
    /// Whole kroner, exact; `None` for non-monetary cells.
    pub amount_kr: Option<i64>,
    /// Unit of this cell ("1.000 kr.", "%", …); `None` for plain counts.
    pub unit: Option<&'static str>,
    pub unit_inferred: bool,
    pub price_basis: Option<Arc<str>>,
}

/// A cell inside a recognized table that looked like a number but did not
/// become a value, with the reason. Nothing is dropped silently.
#[derive(Debug, Clone, PartialEq)]
pub struct Reject {
    pub line: u32,
    pub table_no: u32,
    pub column_label: String,
    pub raw: String,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Warning,
    Error,
}

/// Something a user should know about a document, with its line.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub line: Option<u32>,
    pub severity: Severity,
    pub message: String,
}

/// An agenda item ("Punkt 5: D-sag: Økonomisk Status 2024 og Budget 2025").
#[derive(Debug, Clone, PartialEq)]
pub struct AgendaItem {
    pub number: u32,
    pub title: String,
    /// Journal number such as "00.30.00-S00-1-24".
    pub journal_no: Option<String>,
    pub line: u32,
}

/// What the text says about the meeting.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentMeta {
    pub committee: Option<String>,
    /// The committee's election period, e.g. "2018-2021".
    pub committee_period: Option<String>,
    pub meeting_date: Option<NaiveDate>,
    pub items: Vec<AgendaItem>,
}

impl DocumentMeta {
    /// The agenda item a line belongs to: the last one starting at or
    /// before it.
    pub fn item_at(&self, line: u32) -> Option<&AgendaItem> {
        self.items.iter().rev().find(|item| item.line <= line)
    }
}

/// Everything extracted from one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub meta: DocumentMeta,
    /// The detected text encoding, e.g. "utf-8" or "utf-8-bom".
    pub encoding: &'static str,
    pub tables: Vec<Table>,
    pub cells: Vec<Cell>,
    pub rejects: Vec<Reject>,
    pub diagnostics: Vec<Diagnostic>,
    /// For text converted from a paged document (PDF), the 1-based line on
    /// which each page starts; empty for plain text files.
    pub page_starts: Vec<u32>,
}

impl Document {
    /// Where a line of the extracted text is, as a reader finds it: the
    /// page (for paged documents) and the 1-based line on that page, or the
    /// line in the file.
    pub fn locate(&self, line: u32) -> (Option<u32>, u32) {
        let page = self.page_starts.partition_point(|&start| start <= line);
        match page {
            0 => (None, line),
            _ => (Some(page as u32), line - self.page_starts[page - 1] + 1),
        }
    }
}
