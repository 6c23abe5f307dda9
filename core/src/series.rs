//! Time series across meetings. Every figure has a fiscal year and the date
//! it was stated on (its vintage); the same figure restated at a later
//! meeting is a revision, not a duplicate — as in ALFRED's real-time
//! periods, each row says from when (`as_of`) until when (`realtime_end`) it
//! was the latest word.

use crate::hash::FastMap;
use crate::model::{Measure, RowKind, TableKind};
use crate::names::{name_key, resolve, Aliases, Names, Occurrence};
use crate::tidy::TidyCell;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// The series users ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SeriesKind {
    Reservationspulje,
    Forsorgelsesydelser,
    Investeringsprojekter,
}

impl SeriesKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SeriesKind::Reservationspulje => "reservationspulje",
            SeriesKind::Forsorgelsesydelser => "forsorgelsesydelser",
            SeriesKind::Investeringsprojekter => "investeringsprojekter",
        }
    }
}

/// What a series figure is: a cell's own measure, or one only a series
/// knows. Typed, so the compiler finds every place that tells them apart
/// (the bridge chart, the pulje chart's finality order, the wide pivot).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SeriesMeasure {
    /// A cell's measure: vedtaget budget, regnskab, realiseret gevinst, …
    Cell(Measure),
    /// A bridge step that adjusts the estimate ("Vurdering ved 1. halvår
    /// 2021-sag": +221,8 mio. kr.).
    Justering,
    /// A bridge step that states the estimate after the steps above it
    /// ("Reservationspulje efter 1. halvårssag 2021").
    Mellemresultat,
    /// A project's gain budgeted for its whole period; the cell measure
    /// `budgetteret_gevinst` is the gain budgeted to date.
    BudgetteretGevinstPeriode,
}

impl SeriesMeasure {
    pub const VEDTAGET_BUDGET: SeriesMeasure = SeriesMeasure::Cell(Measure::VedtagetBudget);
    pub const BUDGET: SeriesMeasure = SeriesMeasure::Cell(Measure::Budget);
    pub const KORRIGERET_BUDGET: SeriesMeasure = SeriesMeasure::Cell(Measure::KorrigeretBudget);
    pub const FORVENTET_REGNSKAB: SeriesMeasure = SeriesMeasure::Cell(Measure::ForventetRegnskab);
    pub const REGNSKAB: SeriesMeasure = SeriesMeasure::Cell(Measure::Regnskab);
    pub const BUDGETTERET_GEVINST: SeriesMeasure = SeriesMeasure::Cell(Measure::BudgetteretGevinst);
    pub const REALISERET_GEVINST: SeriesMeasure = SeriesMeasure::Cell(Measure::RealiseretGevinst);

    /// The name in the series' tables: the cell measure's name, or
    /// `justering`, `mellemresultat`, `budgetteret_gevinst_periode`.
    pub fn as_str(self) -> &'static str {
        match self {
            SeriesMeasure::Cell(m) => m.as_str(),
            SeriesMeasure::Justering => "justering",
            SeriesMeasure::Mellemresultat => "mellemresultat",
            SeriesMeasure::BudgetteretGevinstPeriode => "budgetteret_gevinst_periode",
        }
    }

    /// The Danish name charts and the report print ("Vedtaget budget").
    pub fn danish(self) -> &'static str {
        match self {
            SeriesMeasure::Cell(Measure::VedtagetBudget) => "Vedtaget budget",
            SeriesMeasure::Cell(Measure::Budget) => "Budget",
            SeriesMeasure::Cell(Measure::KorrigeretBudget) => "Korrigeret budget",
            SeriesMeasure::Cell(Measure::ForventetRegnskab) => "Forventet regnskab",
            SeriesMeasure::Cell(Measure::Regnskab) => "Regnskab",
            SeriesMeasure::Cell(Measure::Afvigelse) => "Afvigelse",
            SeriesMeasure::Cell(Measure::BudgetteretGevinst) => "Budgetteret gevinst til dato",
            SeriesMeasure::Cell(Measure::RealiseretGevinst) => "Realiseret gevinst",
            SeriesMeasure::Cell(other) => other.as_str(),
            SeriesMeasure::Justering => "Justering",
            SeriesMeasure::Mellemresultat => "Mellemresultat",
            SeriesMeasure::BudgetteretGevinstPeriode => "Budgetteret gevinst for perioden",
        }
    }

    /// The measures a budget is stated in, with their Fiscal Data Package
    /// phases (see [`SeriesMeasure::fdp_phase`]).
    pub const PHASED: [SeriesMeasure; 5] = [
        SeriesMeasure::VEDTAGET_BUDGET,
        SeriesMeasure::KORRIGERET_BUDGET,
        SeriesMeasure::BUDGET,
        SeriesMeasure::FORVENTET_REGNSKAB,
        SeriesMeasure::REGNSKAB,
    ];

    /// The Fiscal Data Package phase: vedtaget budget is `approved`,
    /// korrigeret `adjusted`, regnskab `executed`, a budget of no stated
    /// kind `proposed`; `forecast` is a phase of our own for forventet
    /// regnskab, which FDP does not name.
    pub fn fdp_phase(self) -> Option<&'static str> {
        Some(match self {
            SeriesMeasure::VEDTAGET_BUDGET => "approved",
            SeriesMeasure::KORRIGERET_BUDGET => "adjusted",
            SeriesMeasure::REGNSKAB => "executed",
            SeriesMeasure::BUDGET => "proposed",
            SeriesMeasure::FORVENTET_REGNSKAB => "forecast",
            _ => return None,
        })
    }

    /// Where the measure goes in a wide table's columns, left to right:
    /// budgets before results, the period's gain target before the gain
    /// to date; the rest after them.
    pub fn rank(self) -> usize {
        match self {
            SeriesMeasure::Cell(Measure::VedtagetBudget) => 0,
            SeriesMeasure::Cell(Measure::Budget) => 1,
            SeriesMeasure::Cell(Measure::KorrigeretBudget) => 2,
            SeriesMeasure::Cell(Measure::ForventetRegnskab) => 3,
            SeriesMeasure::Cell(Measure::Regnskab) => 4,
            SeriesMeasure::Cell(Measure::Afvigelse) => 5,
            SeriesMeasure::BudgetteretGevinstPeriode => 6,
            SeriesMeasure::Cell(Measure::BudgetteretGevinst) => 7,
            SeriesMeasure::Cell(Measure::RealiseretGevinst) => 8,
            _ => 9,
        }
    }
}

impl std::fmt::Display for SeriesMeasure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One figure at one vintage.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesRow {
    pub series: SeriesKind,
    /// Canonical line item (project, ydelse, or "Reservationspulje").
    pub line_item: Arc<str>,
    pub fiscal_year: Option<i32>,
    /// The cell's measure, or one a series derives (see [`SeriesMeasure`]).
    pub measure: SeriesMeasure,
    /// Position and label of a bridge step.
    pub step_no: Option<u32>,
    pub step: Option<String>,
    /// The date the figure was stated on.
    pub as_of: Option<NaiveDate>,
    /// The next vintage of the same figure; `None` while it is the latest.
    pub realtime_end: Option<NaiveDate>,
    pub amount_kr: i64,
    pub source: Arc<str>,
    pub row_line: u32,
    pub row_label: Arc<str>,
    pub column_label: Arc<str>,
}

impl SeriesRow {
    /// The figure a row is a vintage of (bridge steps sort in printed
    /// order), borrowed: for sorting and grouping without copies.
    fn key_ref(&self) -> (&str, Option<i32>, Option<u32>, &str) {
        (
            &self.line_item,
            self.fiscal_year,
            self.step_no,
            self.measure.as_str(),
        )
    }
}

/// Which vintages to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vintage {
    All,
    Latest,
    First,
    /// The latest vintage on or before the date.
    AsOf(NaiveDate),
}

/// Canonical names for the line items of one series.
pub fn series_names(kind: SeriesKind, cells: &[TidyCell], aliases: &Aliases) -> Names {
    // One occurrence per printed row (not per figure), with the latest date
    // any of its figures states: a row's columns say nothing new about its
    // name, and an archive has millions of figures.
    let mut rows: Vec<Occurrence> = Vec::new();
    // A row's figures are neighbours in extraction order: fold each run
    // of them into one occurrence as it goes.
    for c in cells
        .iter()
        .filter(|c| table_kind_for(kind) == Some(c.table_kind) && c.amount_kr.is_some())
        // A project table's "I alt" is no project.
        .filter(|c| !(kind == SeriesKind::Investeringsprojekter && c.row_kind == RowKind::Total))
    {
        match rows.last_mut() {
            // `Arc`'s equality tests the address first, then the text.
            Some(o)
                if o.line == c.row_line
                    && o.table.1 == c.table_no
                    && o.table.0 == c.source
                    && o.label == c.line_item =>
            {
                o.date = o.date.max(c.vintage())
            }
            _ => rows.push(Occurrence {
                label: Arc::clone(&c.line_item),
                table: (Arc::clone(&c.source), c.table_no),
                date: c.vintage(),
                line: c.row_line,
            }),
        }
    }
    // Resolution must not depend on the order of the cells: sorted, and a
    // row seen in several runs (its figures not neighbours) is one
    // occurrence with the latest date. Extraction order is already nearly
    // this order, which the sort is quick on; a hash map of rows cost more.
    rows.sort_by(|a, b| (&a.table, a.line, &a.label).cmp(&(&b.table, b.line, &b.label)));
    let mut occurrences: Vec<Occurrence> = Vec::with_capacity(rows.len());
    for o in rows {
        match occurrences.last_mut() {
            Some(last) if (&last.table, last.line, &last.label) == (&o.table, o.line, &o.label) => {
                last.date = last.date.max(o.date)
            }
            _ => occurrences.push(o),
        }
    }
    resolve(&occurrences, aliases)
}

fn table_kind_for(kind: SeriesKind) -> Option<TableKind> {
    match kind {
        SeriesKind::Reservationspulje => None,
        SeriesKind::Forsorgelsesydelser => Some(TableKind::Forsorgelsesydelser),
        SeriesKind::Investeringsprojekter => Some(TableKind::Investeringsprojekter),
    }
}

fn is_money(m: Measure) -> bool {
    !matches!(m, Measure::Antal | Measure::Andel | Measure::Value)
}

fn row(
    kind: SeriesKind,
    c: &TidyCell,
    line_item: Arc<str>,
    measure: SeriesMeasure,
    as_of: Option<NaiveDate>,
) -> SeriesRow {
    SeriesRow {
        series: kind,
        line_item,
        fiscal_year: c.fiscal_year,
        measure,
        step_no: None,
        step: None,
        as_of,
        realtime_end: None,
        amount_kr: c.amount_kr.unwrap_or_default(),
        source: c.source.clone(),
        row_line: c.row_line,
        row_label: c.row_label.clone(),
        column_label: c.column_label.clone(),
    }
}

/// The measure of a step of the reservationspulje bridge.
pub fn bridge_measure(label: &str, first: bool) -> SeriesMeasure {
    let key = name_key(label);
    if first || key.contains("vedtaget budget") {
        SeriesMeasure::VEDTAGET_BUDGET
    } else if key.starts_with("forventet") {
        SeriesMeasure::FORVENTET_REGNSKAB
    } else if key.split(' ').any(|w| w == "efter") {
        SeriesMeasure::Mellemresultat
    } else {
        SeriesMeasure::Justering
    }
}

/// Canonical names as shared strings, each made once: an archive has
/// hundreds of thousands of figures but few line items, and a row's figures
/// come one after another with the same label.
struct SharedNames<'n> {
    names: &'n Names,
    made: FastMap<Box<str>, Arc<str>>,
    last: Option<(Arc<str>, Arc<str>)>,
}

impl<'n> SharedNames<'n> {
    fn new(names: &'n Names) -> Self {
        SharedNames {
            names,
            made: FastMap::default(),
            last: None,
        }
    }

    fn canonical(&mut self, label: &Arc<str>) -> Arc<str> {
        if let Some((last_label, canonical)) = &self.last {
            // `Arc`'s equality tests the address first, then the text.
            if last_label == label {
                return Arc::clone(canonical);
            }
        }
        let name = self.names.canonical(label);
        let shared = match self.made.get(name) {
            Some(shared) => Arc::clone(shared),
            None => {
                let shared: Arc<str> = name.into();
                self.made.insert(name.into(), Arc::clone(&shared));
                shared
            }
        };
        self.last = Some((Arc::clone(label), Arc::clone(&shared)));
        shared
    }
}

/// Build one series from tidy cells, all vintages, with `realtime_end`.
pub fn build(kind: SeriesKind, cells: &[TidyCell], names: &Names) -> Vec<SeriesRow> {
    let mut shared = SharedNames::new(names);
    let pulje: Arc<str> = "Reservationspulje".into();
    let with_amount = cells
        .iter()
        .filter(|c| c.amount_kr.is_some() && is_money(c.measure));
    let mut rows: Vec<SeriesRow> = match kind {
        SeriesKind::Reservationspulje => {
            let mut rows = Vec::new();
            // The "Reservationspulje" row of transfer tables.
            for c in with_amount.clone().filter(|c| {
                c.table_kind == TableKind::Forsorgelsesydelser
                    && name_key(&c.line_item).starts_with("reservationspulje")
            }) {
                rows.push(row(
                    kind,
                    c,
                    Arc::clone(&pulje),
                    SeriesMeasure::Cell(c.measure),
                    c.vintage(),
                ));
            }
            // Bridge tables: every row a step, in printed order.
            let mut bridges: BTreeMap<(&str, u32), Vec<&TidyCell>> = BTreeMap::new();
            for c in with_amount.filter(|c| c.table_kind == TableKind::Reservationspulje) {
                bridges.entry(c.table_key()).or_default().push(c);
            }
            for steps in bridges.values_mut() {
                steps.sort_by_key(|c| (c.row_line, c.column_label.clone()));
                for (i, c) in steps.iter().enumerate() {
                    let mut r = row(
                        kind,
                        c,
                        Arc::clone(&pulje),
                        bridge_measure(&c.row_label, i == 0),
                        c.vintage(),
                    );
                    r.step_no = Some(i as u32 + 1);
                    r.step = Some(c.row_label.to_string());
                    rows.push(r);
                }
            }
            rows
        }
        SeriesKind::Forsorgelsesydelser => {
            let figures = with_amount.filter(|c| c.table_kind == TableKind::Forsorgelsesydelser);
            // Room for every cell at once: growing a vector of hundreds of
            // thousands of rows by doubling copies them all several times,
            // and counting first reads every cell twice. Room that is never
            // written costs address space, not memory.
            let mut rows = Vec::with_capacity(cells.len());
            rows.extend(figures.map(|c| {
                row(
                    kind,
                    c,
                    shared.canonical(&c.line_item),
                    SeriesMeasure::Cell(c.measure),
                    c.vintage(),
                )
            }));
            rows
        }
        SeriesKind::Investeringsprojekter => {
            // A gains table states one point in time; its period targets
            // share it.
            let mut table_as_of: HashMap<(&str, u32), NaiveDate> = HashMap::new();
            for c in cells
                .iter()
                .filter(|c| c.table_kind == TableKind::Investeringsprojekter)
            {
                if let Some(d) = c.as_of {
                    let e = table_as_of.entry(c.table_key()).or_insert(d);
                    *e = (*e).max(d);
                }
            }
            with_amount
                .filter(|c| {
                    c.table_kind == TableKind::Investeringsprojekter && c.row_kind == RowKind::Item
                })
                .map(|c| {
                    let measure = match (c.measure, c.as_of) {
                        (Measure::BudgetteretGevinst, None) => {
                            SeriesMeasure::BudgetteretGevinstPeriode
                        }
                        (m, _) => SeriesMeasure::Cell(m),
                    };
                    let as_of = table_as_of.get(&c.table_key()).copied().or(c.doc_date);
                    row(kind, c, shared.canonical(&c.line_item), measure, as_of)
                })
                .collect()
        }
    };
    set_realtime_end(&mut rows);
    rows
}

/// Order rows by key and vintage and mark when each stopped being latest:
/// a row's `realtime_end` is the next later vintage of the same figure.
fn set_realtime_end(rows: &mut [SeriesRow]) {
    sort_by_figure_and_vintage(rows);
    let mut start = 0;
    while start < rows.len() {
        let end = rows[start..]
            .iter()
            .position(|r| r.key_ref() != rows[start].key_ref())
            .map_or(rows.len(), |p| start + p);
        // Within a figure the rows are in vintage order: walking back, the
        // next later vintage is the last date seen that differs.
        let mut later: Option<NaiveDate> = None;
        let mut i = end;
        while i > start {
            let run_end = i;
            let this = rows[i - 1].as_of;
            while i > start && rows[i - 1].as_of == this {
                i -= 1;
            }
            for row in &mut rows[i..run_end] {
                row.realtime_end = later;
            }
            // A row without a date never ends another one.
            if this.is_some() {
                later = this;
            }
        }
        start = end;
    }
}

/// Sort rows by figure (line item, year, step, measure), then vintage, then
/// source, keeping equal rows in order. The strings are replaced by their
/// rank among the distinct values first: an archive has hundreds of
/// thousands of rows but few line items, measures and sources, and
/// comparing integers is what makes the sort cheap.
fn sort_by_figure_and_vintage(rows: &mut [SeriesRow]) {
    /// Each string's rank among the distinct values, looked up by where
    /// the string lives: rows share their strings (`Arc<str>`, static
    /// measure names), so hashing an address replaces hashing the text.
    /// Two copies of the same text get the same rank.
    struct Ranks(FastMap<(usize, usize), u32>);
    impl Ranks {
        fn of<'a>(values: impl Iterator<Item = &'a str>) -> Ranks {
            let mut distinct: Vec<&str> = values.collect();
            // Neighbours repeat (a row's figures, a document's path): drop
            // those before sorting.
            distinct.dedup_by(|a, b| std::ptr::eq(*a, *b));
            distinct.sort_unstable_by_key(|s| (*s, s.as_ptr() as usize));
            distinct.dedup_by(|a, b| std::ptr::eq(*a, *b));
            let mut ranks = FastMap::default();
            let mut rank = 0u32;
            for (i, s) in distinct.iter().enumerate() {
                if i > 0 && distinct[i - 1] != *s {
                    rank += 1;
                }
                ranks.insert((s.as_ptr() as usize, s.len()), rank);
            }
            Ranks(ranks)
        }
        fn get(&self, s: &str) -> u32 {
            self.0[&(s.as_ptr() as usize, s.len())]
        }
    }
    type Key = (
        u32,
        Option<i32>,
        Option<u32>,
        u32,
        Option<NaiveDate>,
        u32,
        usize,
    );
    let mut order: Vec<Key> = {
        let items = Ranks::of(rows.iter().map(|r| &*r.line_item));
        let measures = Ranks::of(rows.iter().map(|r| r.measure.as_str()));
        let sources = Ranks::of(rows.iter().map(|r| &*r.source));
        rows.iter()
            .enumerate()
            .map(|(index, r)| {
                (
                    items.get(&r.line_item),
                    r.fiscal_year,
                    r.step_no,
                    measures.get(r.measure.as_str()),
                    r.as_of,
                    sources.get(&r.source),
                    index,
                )
            })
            .collect()
    };
    // The index breaks ties: the unstable sort gives the stable order.
    order.sort_unstable();
    let mut from: Vec<usize> = order.iter().map(|&(.., index)| index).collect();
    drop(order);
    permute_in_place(rows, &mut from);
}

/// Reorder `items` so that position `i` holds what was at `from[i]`, by
/// following each cycle of the permutation with swaps: no second vector of
/// rows. `from` is left as the identity.
fn permute_in_place<T>(items: &mut [T], from: &mut [usize]) {
    for start in 0..items.len() {
        let mut i = start;
        while from[i] != start {
            let j = from[i];
            items.swap(i, j);
            from[i] = i;
            i = j;
        }
        from[i] = i;
    }
}

/// Keep the chosen vintages.
pub fn select(rows: Vec<SeriesRow>, vintage: Vintage) -> Vec<SeriesRow> {
    let keep = selected(&rows, vintage);
    rows.into_iter()
        .zip(keep)
        .filter_map(|(row, keep)| keep.then_some(row))
        .collect()
}

/// The chosen vintages, borrowed.
pub fn chosen(rows: &[SeriesRow], vintage: Vintage) -> impl Iterator<Item = &SeriesRow> {
    rows.iter()
        .zip(selected(rows, vintage))
        .filter_map(|(row, keep)| keep.then_some(row))
}

/// Which rows are the chosen vintages, without moving any.
fn selected(rows: &[SeriesRow], vintage: Vintage) -> Vec<bool> {
    match vintage {
        Vintage::All => vec![true; rows.len()],
        Vintage::Latest => rows.iter().map(|r| r.realtime_end.is_none()).collect(),
        Vintage::First => {
            let mut first: HashMap<_, Option<NaiveDate>> = HashMap::new();
            for r in rows {
                let e = first.entry(r.key_ref()).or_insert(r.as_of);
                *e = (*e).min(r.as_of);
            }
            rows.iter()
                .map(|r| first[&r.key_ref()] == r.as_of)
                .collect()
        }
        Vintage::AsOf(date) => rows
            .iter()
            .map(|r| {
                r.as_of.is_some_and(|d| d <= date) && r.realtime_end.is_none_or(|end| end > date)
            })
            .collect(),
    }
}

/// Per-key summary of how a figure was revised.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    pub line_item: String,
    pub fiscal_year: Option<i32>,
    pub measure: String,
    pub step_no: Option<u32>,
    pub first_as_of: Option<NaiveDate>,
    pub first_kr: i64,
    pub latest_as_of: Option<NaiveDate>,
    pub latest_kr: i64,
    pub vintages: u32,
    /// Latest minus first; none when the difference does not fit in i64
    /// (figures no minutes print; a wrong number is worse than none).
    pub total_revision_kr: Option<i64>,
}

/// First and latest value of every key of a series (rows as from [`build`]).
pub fn revisions(rows: &[SeriesRow]) -> Vec<Revision> {
    let mut out: Vec<Revision> = Vec::new();
    for r in rows {
        match out.last_mut() {
            Some(last)
                if (
                    &*last.line_item,
                    last.fiscal_year,
                    last.measure.as_str(),
                    last.step_no,
                ) == (&*r.line_item, r.fiscal_year, r.measure.as_str(), r.step_no) =>
            {
                if r.as_of != last.latest_as_of {
                    last.vintages += 1;
                }
                last.latest_as_of = r.as_of;
                last.latest_kr = r.amount_kr;
                last.total_revision_kr = last.latest_kr.checked_sub(last.first_kr);
            }
            _ => out.push(Revision {
                line_item: r.line_item.to_string(),
                fiscal_year: r.fiscal_year,
                measure: r.measure.to_string(),
                step_no: r.step_no,
                first_as_of: r.as_of,
                first_kr: r.amount_kr,
                latest_as_of: r.as_of,
                latest_kr: r.amount_kr,
                vintages: 1,
                total_revision_kr: Some(0),
            }),
        }
    }
    out
}

/// Budgeted vs realized gain of one project at one point in time.
#[derive(Debug, Clone, PartialEq)]
pub struct GainComparison {
    pub project: String,
    pub as_of: Option<NaiveDate>,
    pub budgetteret_gevinst_periode_kr: Option<i64>,
    pub budgetteret_gevinst_kr: Option<i64>,
    pub realiseret_gevinst_kr: Option<i64>,
    pub afvigelse_kr: Option<i64>,
    /// Realized as a share of budgeted to date, else of the period target.
    pub realiseret_pct: Option<f64>,
    pub source: String,
    /// The project's row in that document.
    pub row_line: u32,
}

/// `compare gevinst`: one row per project and as-of date.
pub fn compare_gains(rows: &[SeriesRow]) -> Vec<GainComparison> {
    let mut by_key: BTreeMap<(String, Option<NaiveDate>), GainComparison> = BTreeMap::new();
    for r in rows
        .iter()
        .filter(|r| r.series == SeriesKind::Investeringsprojekter)
    {
        let entry = by_key
            .entry((r.line_item.to_string(), r.as_of))
            .or_insert_with(|| GainComparison {
                project: r.line_item.to_string(),
                as_of: r.as_of,
                budgetteret_gevinst_periode_kr: None,
                budgetteret_gevinst_kr: None,
                realiseret_gevinst_kr: None,
                afvigelse_kr: None,
                realiseret_pct: None,
                source: r.source.to_string(),
                row_line: r.row_line,
            });
        let slot = match r.measure {
            SeriesMeasure::BudgetteretGevinstPeriode => &mut entry.budgetteret_gevinst_periode_kr,
            SeriesMeasure::BUDGETTERET_GEVINST => &mut entry.budgetteret_gevinst_kr,
            SeriesMeasure::REALISERET_GEVINST => &mut entry.realiseret_gevinst_kr,
            SeriesMeasure::Cell(Measure::Afvigelse) => &mut entry.afvigelse_kr,
            _ => continue,
        };
        *slot = Some(r.amount_kr);
    }
    by_key
        .into_values()
        .map(|mut g| {
            if g.afvigelse_kr.is_none() {
                g.afvigelse_kr = g
                    .realiseret_gevinst_kr
                    .zip(g.budgetteret_gevinst_kr)
                    .and_then(|(r, b)| r.checked_sub(b));
            }
            let base = g
                .budgetteret_gevinst_kr
                .or(g.budgetteret_gevinst_periode_kr)
                .filter(|b| *b != 0);
            g.realiseret_pct = g
                .realiseret_gevinst_kr
                .zip(base)
                .map(|(r, b)| r as f64 / b as f64 * 100.0);
            g
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(item: &str, as_of: (i32, u32, u32), kr: i64) -> SeriesRow {
        SeriesRow {
            series: SeriesKind::Forsorgelsesydelser,
            line_item: item.into(),
            fiscal_year: Some(2024),
            measure: SeriesMeasure::FORVENTET_REGNSKAB,
            step_no: None,
            step: None,
            as_of: NaiveDate::from_ymd_opt(as_of.0, as_of.1, as_of.2),
            realtime_end: None,
            amount_kr: kr,
            source: "".into(),
            row_line: 1,
            row_label: item.into(),
            column_label: "".into(),
        }
    }

    #[test]
    fn permutation_in_place_matches_indexing() {
        let items: Vec<u32> = (0..10).map(|i| i * 10).collect();
        for from in [
            vec![0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
            vec![9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
            vec![3, 0, 1, 2, 9, 4, 5, 8, 6, 7],
            vec![1, 2, 3, 4, 5, 6, 7, 8, 9, 0],
        ] {
            let want: Vec<u32> = from.iter().map(|&i| items[i]).collect();
            let mut got = items.clone();
            let mut f = from.clone();
            permute_in_place(&mut got, &mut f);
            assert_eq!(got, want, "{from:?}");
            assert!(f.iter().enumerate().all(|(i, &j)| i == j));
        }
    }

    /// A revision past the ends of i64 (figures no minutes print) is left
    /// out, not wrapped round to a wrong figure.
    #[test]
    fn a_revision_past_i64_is_none() {
        let mut rows = vec![
            r("A", (2024, 2, 1), -i64::MAX),
            r("A", (2024, 8, 27), i64::MAX),
        ];
        set_realtime_end(&mut rows);
        let rev = revisions(&rows);
        assert_eq!((rev[0].vintages, rev[0].total_revision_kr), (2, None));
    }

    #[test]
    fn vintages_are_ordered_and_end_at_the_next() {
        let mut rows = vec![
            r("A", (2024, 8, 27), 3),
            r("A", (2024, 2, 1), 1),
            r("A", (2024, 5, 1), 2),
            r("B", (2024, 5, 1), 9),
        ];
        set_realtime_end(&mut rows);
        let a: Vec<_> = rows
            .iter()
            .filter(|x| &*x.line_item == "A")
            .map(|x| (x.amount_kr, x.realtime_end))
            .collect();
        assert_eq!(
            a,
            vec![
                (1, NaiveDate::from_ymd_opt(2024, 5, 1)),
                (2, NaiveDate::from_ymd_opt(2024, 8, 27)),
                (3, None)
            ]
        );
        let latest = select(rows.clone(), Vintage::Latest);
        assert_eq!(
            latest.iter().map(|x| x.amount_kr).collect::<Vec<_>>(),
            vec![3, 9]
        );
        let first = select(rows.clone(), Vintage::First);
        assert_eq!(
            first.iter().map(|x| x.amount_kr).collect::<Vec<_>>(),
            vec![1, 9]
        );
        let june = select(
            rows.clone(),
            Vintage::AsOf(NaiveDate::from_ymd_opt(2024, 6, 30).unwrap()),
        );
        assert_eq!(
            june.iter().map(|x| x.amount_kr).collect::<Vec<_>>(),
            vec![2, 9]
        );
        let rev = revisions(&rows);
        assert_eq!(
            (
                rev[0].first_kr,
                rev[0].latest_kr,
                rev[0].vintages,
                rev[0].total_revision_kr
            ),
            (1, 3, 3, Some(2))
        );
    }

    #[test]
    fn bridge_steps() {
        assert_eq!(
            bridge_measure("Reservationspulje ved Vedtaget budget 2021", true),
            SeriesMeasure::VEDTAGET_BUDGET
        );
        assert_eq!(
            bridge_measure("Vurdering ved 1. halvår 2021-sag", false),
            SeriesMeasure::Justering
        );
        assert_eq!(
            bridge_measure("Pulje efter 2. halvårssag 2020", false),
            SeriesMeasure::Mellemresultat
        );
        assert_eq!(
            bridge_measure("Midtvejsregulering (sommer 2021)", false),
            SeriesMeasure::Justering
        );
        assert_eq!(
            bridge_measure("Forventet resultat 2021", false),
            SeriesMeasure::FORVENTET_REGNSKAB
        );
    }
}

/// Budget against result for one line item and fiscal year.
#[derive(Debug, Clone, PartialEq)]
pub struct BudgetComparison {
    pub line_item: Arc<str>,
    pub fiscal_year: Option<i32>,
    /// The latest vintage among the figures compared.
    pub as_of: Option<NaiveDate>,
    pub vedtaget_budget_kr: Option<i64>,
    pub korrigeret_budget_kr: Option<i64>,
    pub budget_kr: Option<i64>,
    pub forventet_regnskab_kr: Option<i64>,
    pub regnskab_kr: Option<i64>,
    /// Which budget the deviation uses: korrigeret, else vedtaget, else budget.
    pub budget_basis: Option<SeriesMeasure>,
    /// Which result: regnskab, else forventet regnskab.
    pub result_basis: Option<SeriesMeasure>,
    /// Budget − result (positive: mindreforbrug).
    pub afvigelse_kr: Option<i64>,
    /// The deviation as a share of the budget, in percent.
    pub afvigelse_pct: Option<f64>,
    pub source: Arc<str>,
    /// Where each figure was printed: measure → (source, line).
    pub provenance: BTreeMap<SeriesMeasure, (Arc<str>, u32)>,
}

impl BudgetComparison {
    /// "file:line" of the figure of a measure, if any.
    pub fn provenance_of(&self, measure: SeriesMeasure) -> Option<&(Arc<str>, u32)> {
        self.provenance.get(&measure)
    }
}

/// `compare budget`: per line item and fiscal year, the budget figures
/// against forventet regnskab and regnskab (rows already narrowed to the
/// wanted vintage).
pub fn compare_budget<'a>(rows: impl IntoIterator<Item = &'a SeriesRow>) -> Vec<BudgetComparison> {
    let mut by_key: BTreeMap<(Arc<str>, Option<i32>), BudgetComparison> = BTreeMap::new();
    for r in rows.into_iter().filter(|r| r.step_no.is_none()) {
        let entry = by_key
            .entry((r.line_item.clone(), r.fiscal_year))
            .or_insert_with(|| BudgetComparison {
                line_item: r.line_item.clone(),
                fiscal_year: r.fiscal_year,
                as_of: r.as_of,
                vedtaget_budget_kr: None,
                korrigeret_budget_kr: None,
                budget_kr: None,
                forventet_regnskab_kr: None,
                regnskab_kr: None,
                budget_basis: None,
                result_basis: None,
                afvigelse_kr: None,
                afvigelse_pct: None,
                source: r.source.clone(),
                provenance: BTreeMap::new(),
            });
        let slot = match r.measure {
            SeriesMeasure::VEDTAGET_BUDGET => &mut entry.vedtaget_budget_kr,
            SeriesMeasure::KORRIGERET_BUDGET => &mut entry.korrigeret_budget_kr,
            SeriesMeasure::BUDGET => &mut entry.budget_kr,
            SeriesMeasure::FORVENTET_REGNSKAB => &mut entry.forventet_regnskab_kr,
            SeriesMeasure::REGNSKAB => &mut entry.regnskab_kr,
            _ => continue,
        };
        *slot = Some(r.amount_kr);
        entry
            .provenance
            .insert(r.measure, (r.source.clone(), r.row_line));
        if r.as_of >= entry.as_of {
            entry.as_of = r.as_of;
            entry.source = r.source.clone();
        }
    }
    by_key
        .into_values()
        .map(|mut c| {
            let budget = [
                (SeriesMeasure::KORRIGERET_BUDGET, c.korrigeret_budget_kr),
                (SeriesMeasure::VEDTAGET_BUDGET, c.vedtaget_budget_kr),
                (SeriesMeasure::BUDGET, c.budget_kr),
            ]
            .into_iter()
            .find_map(|(name, v)| v.map(|v| (name, v)));
            let result = [
                (SeriesMeasure::REGNSKAB, c.regnskab_kr),
                (SeriesMeasure::FORVENTET_REGNSKAB, c.forventet_regnskab_kr),
            ]
            .into_iter()
            .find_map(|(name, v)| v.map(|v| (name, v)));
            if let (Some((bn, b)), Some((rn, r))) = (budget, result) {
                c.budget_basis = Some(bn);
                c.result_basis = Some(rn);
                // None when the difference does not fit in i64 (see
                // `Revision::total_revision_kr`).
                c.afvigelse_kr = b.checked_sub(r);
                c.afvigelse_pct = c
                    .afvigelse_kr
                    .filter(|_| b != 0)
                    .map(|d| d as f64 / b as f64 * 100.0);
            }
            c
        })
        .collect()
}

/// A series pivoted the way users paste it into a spreadsheet: one row per
/// line item, one column per fiscal year × measure (× bridge step).
#[derive(Debug, Clone, PartialEq)]
pub struct Wide {
    pub columns: Vec<String>,
    pub rows: Vec<(String, Vec<Option<i64>>)>,
}

/// Pivot rows (already narrowed to one vintage per figure; if several
/// remain, the latest wins).
pub fn wide(rows: &[SeriesRow]) -> Wide {
    type ColumnKey = (Option<i32>, Option<u32>, usize, &'static str);
    let column_key = |r: &SeriesRow| -> ColumnKey {
        (
            r.fiscal_year,
            r.step_no,
            r.measure.rank(),
            r.measure.as_str(),
        )
    };
    let mut keys: Vec<ColumnKey> = rows.iter().map(column_key).collect();
    keys.sort();
    keys.dedup();
    let columns: Vec<String> = keys
        .iter()
        .map(|(fy, step, _, measure)| {
            let mut name = match fy {
                Some(y) => format!("{y} {measure}"),
                None => measure.to_string(),
            };
            if let Some(s) = step {
                name.push_str(&format!(" step {s}"));
            }
            name
        })
        .collect();
    // Per line item: the value of each column and the vintage it came from.
    type Cells = (Vec<Option<i64>>, Vec<Option<NaiveDate>>);
    let mut by_item: BTreeMap<String, Cells> = BTreeMap::new();
    for r in rows {
        let i = keys.binary_search(&column_key(r)).unwrap_or(0);
        let (values, dates) = by_item
            .entry(r.line_item.to_string())
            .or_insert_with(|| (vec![None; keys.len()], vec![None; keys.len()]));
        if values[i].is_none() || r.as_of >= dates[i] {
            values[i] = Some(r.amount_kr);
            dates[i] = r.as_of;
        }
    }
    Wide {
        columns,
        rows: by_item
            .into_iter()
            .map(|(item, (values, _))| (item, values))
            .collect(),
    }
}
