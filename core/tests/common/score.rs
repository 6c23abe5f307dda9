//! The scoring of `shared/score_doc.py`, for the tests that read a real
//! document set in another form than its gold was made from (HTML, the
//! portal's JSON, text renderings, printed PDFs): by document, folded row
//! label and amount, since lines do not carry over between formats.

use super::csv::parse_csv_line;
use budgetspor_core::Cell;
use std::collections::HashMap;
use std::path::Path;

/// A CSV file as rows of named fields.
pub fn read_csv(path: &Path) -> Vec<HashMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header = parse_csv_line(lines.next().unwrap());
    lines
        .filter(|l| !l.is_empty())
        .map(|l| header.iter().cloned().zip(parse_csv_line(l)).collect())
        .collect()
}

/// As score_doc.py folds labels: tags and "**" out, spaces folded, lower
/// case.
pub fn fold(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.replace("**", "").chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            _ => out.push(c),
        }
    }
    out.replace('\u{a0}', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

pub struct Found {
    label: String,
    amount: i64,
    measure: String,
    fiscal_year: String,
    as_of: String,
}

pub fn found(cell: &Cell) -> Option<Found> {
    Some(Found {
        label: fold(&cell.row_label),
        amount: cell.amount_kr?,
        measure: cell.measure.as_str().to_string(),
        fiscal_year: cell.fiscal_year.map_or(String::new(), |y| y.to_string()),
        as_of: cell.as_of.map_or(String::new(), |d| d.to_string()),
    })
}

#[derive(Debug)]
pub struct Score {
    pub amount: f64,
    pub label: f64,
    pub sem: f64,
    pub false_amounts: usize,
}

/// score_doc.py's scoring: amounts matched as a multiset per document,
/// then (label, amount) pairs, then their measure, year and as-of; any
/// amount of a gold document that matches no gold amount is false.
pub fn score(gold: &Path, by_doc: &HashMap<String, Vec<Found>>) -> Score {
    let gold = read_csv(gold);
    // Gold may name a document by its file name or by its stem.
    let stem = |s: &str| s.rsplit_once('.').map_or(s, |(a, _)| a).to_string();
    let gold: Vec<HashMap<String, String>> = gold
        .into_iter()
        .map(|mut g| {
            let s = stem(&g["source"]);
            g.insert("source".into(), s);
            g
        })
        .collect();
    let (mut amounts, mut labels, mut sems) = (0, 0, 0);
    let mut false_amounts = 0;
    let mut docs: Vec<&str> = gold.iter().map(|g| g["source"].as_str()).collect();
    docs.sort();
    docs.dedup();
    for doc in docs {
        let golds: Vec<_> = gold.iter().filter(|g| g["source"] == doc).collect();
        let out = by_doc.get(doc).map_or(&[][..], Vec::as_slice);
        let gold_amount = |g: &HashMap<String, String>| g["amount_kr"].parse::<i64>().unwrap();
        let mut pool: HashMap<i64, usize> = HashMap::new();
        for f in out {
            *pool.entry(f.amount).or_default() += 1;
        }
        for g in &golds {
            if let Some(n) = pool.get_mut(&gold_amount(g)).filter(|n| **n > 0) {
                *n -= 1;
                amounts += 1;
            }
        }
        let mut used = vec![false; out.len()];
        for g in &golds {
            let candidates: Vec<usize> = (0..out.len())
                .filter(|&i| !used[i] && out[i].amount == gold_amount(g))
                .filter(|&i| out[i].label == fold(&g["row_label"]))
                .collect();
            if candidates.is_empty() {
                continue;
            }
            let right = |f: &Found| {
                f.fiscal_year == g["fiscal_year"]
                    && (matches!(g["measure"].as_str(), "" | "*") || f.measure == g["measure"])
                    && f.as_of == g["as_of"]
            };
            let good = candidates.iter().copied().find(|&i| right(&out[i]));
            used[good.unwrap_or(candidates[0])] = true;
            labels += 1;
            sems += usize::from(good.is_some());
        }
        let mut gold_pool: HashMap<i64, usize> = HashMap::new();
        for g in &golds {
            *gold_pool.entry(gold_amount(g)).or_default() += 1;
        }
        for f in out {
            match gold_pool.get_mut(&f.amount).filter(|n| **n > 0) {
                Some(n) => *n -= 1,
                None => false_amounts += 1,
            }
        }
    }
    let n = gold.len() as f64;
    Score {
        amount: amounts as f64 / n,
        label: labels as f64 / n,
        sem: sems as f64 / labels.max(1) as f64,
        false_amounts,
    }
}
