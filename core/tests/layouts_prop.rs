//! One table, three layouts, the same cells: any table the suite can write
//! as tab-separated rows, Markdown pipes and space-aligned columns extracts
//! to identical cells (line, label, column, amount, measure, year, unit) in
//! each, and every figure written becomes exactly one amount.

use budgetspor_core::extract_text;
use budgetspor_core::number::format_danish;
use budgetspor_core::relayout::{render, Layout};
use proptest::prelude::*;

const LABELS: &[&str] = &[
    "Kontanthjælp og uddannelseshjælp",
    "Revalideringsydelse",
    "Sygedagpenge",
    "Jobklaringsforløb - ydelse",
    "Fleksjob inkl. skånejob",
    "Førtidspension",
    "Seniorpension",
    "Boligsikring/ -ydelse",
    "A-dagpenge, kommunens medfinansiering",
    "Løntilskud (A-dagpenge)",
    "Beskæftigelsesindsatser",
    "EGU/FGU",
];
const MEASURES: &[&str] = &[
    "Vedtaget budget",
    "Korrigeret budget",
    "Forventet regnskab",
    "Regnskab",
    "Budget",
];

/// A generated table: unit, column measures with their years, and rows of
/// optional figures (a row with none is a section row).
#[derive(Debug, Clone)]
struct Table {
    million: bool,
    columns: Vec<(usize, i32)>,
    rows: Vec<(usize, Vec<Option<i64>>)>,
}

fn table() -> impl Strategy<Value = Table> {
    (any::<bool>(), 1usize..5).prop_flat_map(|(million, width)| {
        let columns = proptest::collection::vec((0..MEASURES.len(), 2018i32..2030), width..=width);
        let figure = proptest::option::weighted(0.8, -5_000_000i64..5_000_000);
        let rows = proptest::sample::subsequence((0..LABELS.len()).collect::<Vec<_>>(), 1..8)
            .prop_flat_map(move |labels| {
                let n = labels.len();
                (
                    Just(labels),
                    proptest::collection::vec(
                        proptest::collection::vec(figure.clone(), width..=width),
                        n..=n,
                    ),
                )
            })
            .prop_map(|(labels, values)| labels.into_iter().zip(values).collect::<Vec<_>>());
        (Just(million), columns, rows).prop_map(|(million, columns, rows)| Table {
            million,
            columns,
            rows,
        })
    })
}

impl Table {
    /// The grid as printed: unit in the corner, measures over years, then
    /// labels and figures (one decimal in mio. kr.).
    fn grid(&self) -> Vec<Vec<String>> {
        let unit = if self.million {
            "Mio. kr."
        } else {
            "1.000 kr."
        };
        let mut grid = vec![
            std::iter::once(unit.to_string())
                .chain(self.columns.iter().map(|(m, _)| MEASURES[*m].to_string()))
                .collect(),
            std::iter::once(String::new())
                .chain(self.columns.iter().map(|(_, y)| y.to_string()))
                .collect::<Vec<_>>(),
        ];
        for (label, values) in &self.rows {
            grid.push(
                std::iter::once(LABELS[*label].to_string())
                    .chain(values.iter().map(|v| match v {
                        Some(v) if self.million => format_danish(*v as i128, 1),
                        Some(v) => format_danish(*v as i128, 0),
                        None => String::new(),
                    }))
                    .collect(),
            );
        }
        grid
    }

    fn figures(&self) -> usize {
        self.rows
            .iter()
            .map(|(_, v)| v.iter().flatten().count())
            .sum()
    }
}

fn cells_of(text: &str) -> Vec<String> {
    let doc = extract_text(text);
    doc.cells
        .iter()
        .map(|c| {
            format!(
                "{}|{}|{}|{:?}|{}|{:?}|{:?}",
                c.row_line,
                c.row_label,
                c.column_label,
                c.amount_kr,
                c.measure.as_str(),
                c.fiscal_year,
                c.unit
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn three_layouts_one_set_of_cells(table in table()) {
        let grid = table.grid();
        let rows: Vec<Vec<&str>> = grid.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
        let document = |layout| {
            format!(
                "Udvikling i forsørgelsesudgifter\n\n{}\n\nTeksten fortsætter her.\n",
                render(&rows, layout).join("\n")
            )
        };
        let tsv = cells_of(&document(Layout::Tsv));
        let amounts = tsv.iter().filter(|c| !c.contains("|None|")).count();
        prop_assert_eq!(amounts, table.figures(), "{:#?}", tsv);
        prop_assert_eq!(&cells_of(&document(Layout::Pipe)), &tsv);
        let aligned = document(Layout::Aligned);
        prop_assert_eq!(&cells_of(&aligned), &tsv, "{}", aligned);

        // pdftotext wraps long header cells: "Vedtaget" over "budget", the
        // unit on the second line. Same cells, one line further down.
        let mut wrapped_rows = rows.clone();
        let top: Vec<&str> = std::iter::once("")
            .chain(rows[0][1..].iter().map(|h| h.split_once(' ').map_or(*h, |(a, _)| a)))
            .collect();
        wrapped_rows[0] = std::iter::once(rows[0][0])
            .chain(rows[0][1..].iter().map(|h| h.split_once(' ').map_or("", |(_, b)| b)))
            .collect();
        wrapped_rows.insert(0, top);
        let wrapped = format!(
            "Udvikling i forsørgelsesudgifter\n{}\n\nTeksten fortsætter her.\n",
            render(&wrapped_rows, Layout::Aligned).join("\n")
        );
        prop_assert_eq!(&cells_of(&wrapped), &tsv, "{}", wrapped);
    }
}
