//! What each table of a document gave: its cells, its amounts, and when it
//! has figures but gives no amount, why. The `--tables` report of
//! `extract` is this, one row per table, so that nothing a user expected
//! from a table is silently missing.

use crate::model::{Document, TableKind, UnitSource};

/// One table's yield.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableYield {
    /// Index into [`Document::tables`].
    pub table_index: usize,
    /// Value cells (amounts, counts, shares …).
    pub cells: usize,
    /// Cells with an amount in kroner.
    pub amounts: usize,
    /// Numbers of the table that were not used, with a reason each.
    pub rejects: usize,
    /// Why a table with figures gives no amount; `None` when it gives some
    /// or has no figures at all.
    pub note: Option<String>,
}

/// The yield of every table of a document, in table order.
pub fn yields(doc: &Document) -> Vec<TableYield> {
    let mut out: Vec<TableYield> = (0..doc.tables.len())
        .map(|table_index| TableYield {
            table_index,
            cells: 0,
            amounts: 0,
            rejects: 0,
            note: None,
        })
        .collect();
    for cell in &doc.cells {
        if let Some(y) = out.get_mut(cell.table_index) {
            y.cells += 1;
            y.amounts += usize::from(cell.amount_kr.is_some());
        }
    }
    for reject in &doc.rejects {
        let index = doc
            .tables
            .iter()
            .position(|t| t.table_no == reject.table_no);
        if let Some(y) = index.and_then(|i| out.get_mut(i)) {
            y.rejects += 1;
        }
    }
    for y in &mut out {
        let table = &doc.tables[y.table_index];
        if y.amounts > 0 || y.cells + y.rejects == 0 {
            continue;
        }
        let first_reason = || {
            doc.rejects
                .iter()
                .find(|r| r.table_no == table.table_no)
                .map(|r| r.reason.clone())
        };
        y.note = Some(if table.kind == TableKind::Statistik {
            "no unit and no money words: kept as statistik (counts, shares or other figures)"
                .to_string()
        } else if table.unit_source == Some(UnitSource::Unknown) {
            "figures with decimals and no unit stated: no amounts, the unit is not guessed"
                .to_string()
        } else {
            match first_reason() {
                Some(reason) => format!("no figure is an amount: {reason}"),
                None => "no figure is an amount: counts, shares or dates only".to_string(),
            }
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notes(text: &str) -> Vec<(usize, usize, Option<String>)> {
        yields(&crate::extract_text(text))
            .into_iter()
            .map(|y| (y.cells, y.amounts, y.note))
            .collect()
    }

    #[test]
    fn a_table_without_amounts_says_why() {
        let meeting = "REFERAT Udvalget d. 27-08-2024\n\nOversigt\n\n";
        let statistik = format!("{meeting}Skole\tElever\tKlasser\nA\t312\t14\nB\t280\t12\n");
        let got = notes(&statistik);
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].0, got[0].1), (4, 0));
        assert!(
            got[0].2.as_deref().unwrap().contains("statistik"),
            "{got:?}"
        );
        let decimals =
            format!("{meeting}Resultat\tOpr. budget\tKorr. budget\nDrift\t2.296,0\t2.318,0\n");
        let got = notes(&decimals);
        assert!(
            got[0].2.as_deref().unwrap().contains("not guessed"),
            "{got:?}"
        );
        let money = format!("{meeting}1.000 kr.\tOpr. budget\nDrift\t2.296\nAnlæg\t12\n");
        assert_eq!(notes(&money), vec![(2, 2, None)]);
    }
}
