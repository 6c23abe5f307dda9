//! The HTML report: data in, one self-contained HTML string out. Charts are
//! inline SVG, styles are inline, nothing is fetched, so the file opens from
//! disk in any browser. Every figure carries its provenance (file:line).

use budgetspor_core::check::{CheckResult, Status, Tally};
use budgetspor_core::number::{format_danish, format_kroner};
use budgetspor_core::series::{BudgetComparison, GainComparison, SeriesMeasure, SeriesRow};
use std::fmt::Write;
use std::path::Path;

/// Everything the report shows.
pub struct ReportData<'a> {
    /// (source, meeting date) of every document read.
    pub documents: Vec<(String, Option<chrono::NaiveDate>)>,
    pub tables: usize,
    pub cells: usize,
    pub amounts: usize,
    /// (title, SVG markup) of each chart.
    pub charts: Vec<(String, String)>,
    pub reservationspulje: &'a [SeriesRow],
    pub gains: &'a [GainComparison],
    pub budget: &'a [BudgetComparison],
    /// How the checks came out, and the ones that did not add up exactly
    /// (rounding and mismatches; the exact ones are only counted).
    pub tally: Tally,
    pub findings: &'a [CheckResult],
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

fn kr(amount: Option<i64>) -> String {
    amount.map_or(String::new(), |a| format!("{} kr.", format_kroner(a)))
}

fn pct(p: Option<f64>) -> String {
    p.map_or(String::new(), |p| {
        format!("{} %", format_danish((p * 10.0).round() as i128, 1))
    })
}

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map_or(String::new(), |d| {
        format!("<span class=\"d\">{}</span>", d.format("%d-%m-%Y"))
    })
}

fn file_name(source: &str) -> String {
    Path::new(source)
        .file_name()
        .map_or(source.to_string(), |n| n.to_string_lossy().to_string())
}

/// "000_36e0….txt:483": where a figure was printed.
fn provenance(source: &str, line: u32) -> String {
    format!(
        "<span class=\"src\" title=\"{}\">{}:{line}</span>",
        escape(source),
        escape(&file_name(source))
    )
}

const STYLE: &str = "body{font-family:'DejaVu Sans',Verdana,sans-serif;margin:2rem auto;max-width:1100px;color:#222;line-height:1.4}\
h1{font-size:1.7rem}h2{margin-top:2.5rem;border-bottom:2px solid #1f4e79;padding-bottom:.2rem}\
table{border-collapse:collapse;width:100%;font-size:.85rem;margin:1rem 0}\
th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}\
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\
th{background:#f0f4f8}.src{color:#666;font-size:.8em;white-space:nowrap}\
.chart svg{max-width:100%;height:auto;border:1px solid #eee;margin:.5rem 0}\
.mismatch{color:#b00020;font-weight:bold}.rounding{color:#8a6d00}table.summary{width:auto}.d{white-space:nowrap}.summary td{border:none}";

/// Render the report.
pub fn render_report(data: &ReportData<'_>) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\">\n<title>budgetspor: rapport</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>Budgetspor: budgettal fra referaterne</h1>\n"
    );
    let Tally {
        exact,
        rounding,
        mismatches,
    } = data.tally;
    let _ = writeln!(
        h,
        "<table class=\"summary\"><tr><td>Referater</td><td class=\"n\">{}</td></tr><tr><td>Tabeller</td><td class=\"n\">{}</td></tr><tr><td>Værdiceller</td><td class=\"n\">{}</td></tr><tr><td>Beløb i kr.</td><td class=\"n\">{}</td></tr><tr><td>Kontroller</td><td class=\"n\">{} ({} afrundinger, {} uoverensstemmelser)</td></tr></table>",
        data.documents.len(),
        format_kroner(data.tables as i64),
        format_kroner(data.cells as i64),
        format_kroner(data.amounts as i64),
        data.tally.total(),
        rounding,
        mismatches
    );
    h.push_str("<ul>\n");
    for (source, d) in &data.documents {
        let when = d.map_or("uden mødedato".to_string(), |d| {
            format!("møde {}", d.format("%d-%m-%Y"))
        });
        let _ = writeln!(h, "<li>{} ({when})</li>", escape(source));
    }
    h.push_str("</ul>\n<h2 id=\"figurer\">Figurer</h2>\n");
    for (title, svg) in &data.charts {
        let svg = svg.trim_start_matches(|c| c != '<');
        let svg = match svg.find("<svg") {
            Some(i) => &svg[i..],
            None => svg,
        };
        let _ = writeln!(
            h,
            "<figure class=\"chart\" aria-label=\"{}\">{svg}</figure>",
            escape(title)
        );
    }

    h.push_str("<h2 id=\"reservationspulje\">Reservationspulje</h2>\n<table><tr><th>Regnskabsår</th><th>Mål</th><th>Trin</th><th>Opgjort</th><th>Beløb</th><th>Kilde</th></tr>\n");
    for r in data.reservationspulje {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            r.fiscal_year.map_or(String::new(), |y| y.to_string()),
            escape(r.measure.as_str()),
            escape(r.step.as_deref().unwrap_or("")),
            date(r.as_of),
            kr(Some(r.amount_kr)),
            provenance(&r.source, r.row_line)
        );
    }
    h.push_str("</table>\n");

    h.push_str("<h2 id=\"gevinst\">Investeringsprojekter: budgetteret og realiseret gevinst</h2>\n<table><tr><th>Projekt</th><th>Opgjort</th><th>Mål for perioden</th><th>Budgetteret til dato</th><th>Realiseret</th><th>Afvigelse</th><th>Realiseret pct.</th><th>Kilde</th></tr>\n");
    for g in data.gains {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            escape(&g.project),
            date(g.as_of),
            kr(g.budgetteret_gevinst_periode_kr),
            kr(g.budgetteret_gevinst_kr),
            kr(g.realiseret_gevinst_kr),
            kr(g.afvigelse_kr),
            pct(g.realiseret_pct),
            provenance(&g.source, g.row_line)
        );
    }
    h.push_str("</table>\n");

    h.push_str("<h2 id=\"budget\">Forsørgelsesydelser: budget mod resultat (seneste opgørelse)</h2>\n<table><tr><th>Linje</th><th>År</th><th>Budget</th><th>Resultat</th><th>Afvigelse</th><th>Afvigelse pct.</th><th>Opgjort</th></tr>\n");
    for b in data.budget.iter().filter(|b| b.afvigelse_kr.is_some()) {
        let budget = b
            .korrigeret_budget_kr
            .or(b.vedtaget_budget_kr)
            .or(b.budget_kr);
        let result = b.regnskab_kr.or(b.forventet_regnskab_kr);
        let origin = |measure: Option<SeriesMeasure>| {
            measure
                .and_then(|m| {
                    b.provenance_of(m).map(|(source, line)| {
                        format!("{} · {}", escape(m.as_str()), provenance(source, *line))
                    })
                })
                .unwrap_or_default()
        };
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}<br><span class=\"src\">{}</span></td><td class=\"n\">{}<br><span class=\"src\">{}</span></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            escape(&b.line_item),
            b.fiscal_year.map_or(String::new(), |y| y.to_string()),
            kr(budget),
            origin(b.budget_basis),
            kr(result),
            origin(b.result_basis),
            kr(b.afvigelse_kr),
            pct(b.afvigelse_pct),
            date(b.as_of)
        );
    }
    h.push_str("</table>\n");

    h.push_str("<h2 id=\"kontrol\">Kontrol af tabellernes regnestykker</h2>\n");
    let _ = writeln!(
        h,
        "<p>{} kontroller: {} stemmer præcist, {rounding} inden for afrunding (±1 i tabellens enhed pr. tal), {mismatches} uoverensstemmelser.</p>",
        data.tally.total(),
        exact
    );
    h.push_str("<table><tr><th>Status</th><th>Regel</th><th>Række</th><th>Kolonne</th><th>Forventet</th><th>Fundet</th><th>Kilde</th></tr>\n");
    for c in data.findings.iter().filter(|c| c.status != Status::Ok) {
        let class = c.status.as_str();
        let _ = writeln!(
            h,
            "<tr class=\"{class}\"><td>{class}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            c.rule,
            escape(&c.row_label),
            escape(&c.column_label),
            kr(Some(c.expected_kr)),
            kr(Some(c.found_kr)),
            provenance(&c.source, c.line)
        );
    }
    h.push_str("</table>\n<p class=\"src\">Lavet af budgetspor. Alle beløb er hele kroner, læst præcist fra referaterne.</p>\n</body>\n</html>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_formats() {
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(kr(Some(-27_106_000)), "-27.106.000 kr.");
        assert_eq!(pct(Some(36.583)), "36,6 %");
        assert!(provenance("fixtures/minutes/000_x.txt", 483).contains(">000_x.txt:483<"));
    }
}
