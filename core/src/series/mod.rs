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

// The series are built here; what is done with them lives beside:
// choosing and revising vintages, comparing budgets and results, and
// pivoting to a wide table.
mod compare;
mod vintage;
mod wide;

pub use compare::{compare_budget, compare_gains, BudgetComparison, GainComparison};
pub use vintage::{chosen, revisions, select, Revision, Vintage};
pub use wide::{wide, Wide};

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

/// The table kind a series is read from; the reservationspulje has none
/// of its own (it is read from its bridge tables and from the transfer
/// tables' "Reservationspulje" row).
fn table_kind_for(kind: SeriesKind) -> Option<TableKind> {
    match kind {
        SeriesKind::Reservationspulje => None,
        SeriesKind::Forsorgelsesydelser => Some(TableKind::Forsorgelsesydelser),
        SeriesKind::Investeringsprojekter => Some(TableKind::Investeringsprojekter),
    }
}

/// A measure of money: counts, shares and other values ("Antal
/// helårspersoner", "Andel i pct.") are no figures of a budget series.
fn is_money(m: Measure) -> bool {
    !matches!(m, Measure::Antal | Measure::Andel | Measure::Value)
}

/// A series row of a cell: its figure, its fiscal year and the vintage
/// (`as_of`) it was stated at, with its provenance. The step of a bridge
/// is set by the caller.
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
                    // A budgeted gain with no date of its own is the
                    // target for the whole project period ("Budgetteret
                    // gevinst" beside "Budgetteret gevinst pr. maj 2020"):
                    // a measure of its own, never compared as if to date.
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
