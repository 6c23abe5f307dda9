//! The HTML report: data in, one self-contained HTML string out. Charts are
//! inline SVG, styles are inline, nothing is fetched, so the file opens from
//! disk in any browser. Every figure carries its provenance (file:line).

use budgetspor_core::check::{CheckResult, Status, Tally};
use budgetspor_core::number::{format_danish, format_kroner};
use budgetspor_core::series::{BudgetComparison, GainComparison, SeriesMeasure, SeriesRow};
use maud::{html, Markup, PreEscaped, DOCTYPE};
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

fn kr(amount: Option<i64>) -> String {
    amount.map_or(String::new(), |a| format!("{} kr.", format_kroner(a)))
}

fn pct(p: Option<f64>) -> String {
    p.map_or(String::new(), |p| {
        format!("{} %", format_danish((p * 10.0).round() as i128, 1))
    })
}

fn date(d: Option<chrono::NaiveDate>) -> Markup {
    html! {
        @if let Some(d) = d {
            span.d { (d.format("%d-%m-%Y")) }
        }
    }
}

fn file_name(source: &str) -> String {
    Path::new(source)
        .file_name()
        .map_or(source.to_string(), |n| n.to_string_lossy().to_string())
}

/// "000_36e0….txt:483": where a figure was printed.
fn provenance(source: &str, line: u32) -> Markup {
    html! { span.src title=(source) { (file_name(source)) ":" (line) } }
}

/// A line break between elements: the report is read as source too (and
/// diffed), so each row and heading stands on a line of its own.
const NL: PreEscaped<&str> = PreEscaped("\n");

const STYLE: &str = "body{font-family:'DejaVu Sans',Verdana,sans-serif;margin:2rem auto;max-width:1100px;color:#222;line-height:1.4}\
h1{font-size:1.7rem}h2{margin-top:2.5rem;border-bottom:2px solid #1f4e79;padding-bottom:.2rem}\
table{border-collapse:collapse;width:100%;font-size:.85rem;margin:1rem 0}\
th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}\
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\
th{background:#f0f4f8}.src{color:#666;font-size:.8em;white-space:nowrap}\
.chart svg{max-width:100%;height:auto;border:1px solid #eee;margin:.5rem 0}\
.mismatch{color:#b00020;font-weight:bold}.rounding{color:#8a6d00}table.summary{width:auto}.d{white-space:nowrap}.summary td{border:none}";

/// Render the report. maud escapes every text and attribute it is given
/// (a row label "<b>" or "a & b" is shown as written); only the charts'
/// SVG and the style sheet go in as markup.
pub fn render_report(data: &ReportData<'_>) -> String {
    let page = html! {
        (DOCTYPE) (NL)
        html lang="da" {
            (NL)
            head {
                (NL) meta charset="utf-8"; (NL)
                title { "budgetspor: rapport" } (NL)
                style { (PreEscaped(STYLE)) } (NL)
            }
            (NL)
            body {
                (NL)
                h1 { "Budgetspor: budgettal fra referaterne" } (NL)
                (summary(data))
                (charts(data))
                (pulje_table(data.reservationspulje))
                (gains_table(data.gains))
                (budget_table(data.budget))
                (checks_table(data))
                p.src { "Lavet af budgetspor. Alle beløb er hele kroner, læst præcist fra referaterne." } (NL)
            }
            (NL)
        }
        (NL)
    };
    page.into_string()
}

/// What was read and how the checks came out, and the documents.
fn summary(data: &ReportData<'_>) -> Markup {
    let Tally {
        rounding,
        mismatches,
        ..
    } = data.tally;
    let row = |label: &str, value: String| html! { tr { td { (label) } td.n { (value) } } };
    html! {
        table.summary {
            (row("Referater", data.documents.len().to_string()))
            (row("Tabeller", format_kroner(data.tables as i64)))
            (row("Værdiceller", format_kroner(data.cells as i64)))
            (row("Beløb i kr.", format_kroner(data.amounts as i64)))
            (row("Kontroller", format!("{} ({rounding} afrundinger, {mismatches} uoverensstemmelser)", data.tally.total())))
        }
        (NL)
        ul {
            (NL)
            @for (source, d) in &data.documents {
                @let when = d.map_or("uden mødedato".to_string(), |d| format!("møde {}", d.format("%d-%m-%Y")));
                li { (source) " (" (when) ")" } (NL)
            }
        }
        (NL)
    }
}

/// The charts, inline SVG.
fn charts(data: &ReportData<'_>) -> Markup {
    html! {
        h2 id="figurer" { "Figurer" } (NL)
        @for (title, svg) in &data.charts {
            @let svg = svg.trim_start_matches(|c| c != '<');
            @let svg = svg.find("<svg").map_or(svg, |i| &svg[i..]);
            figure.chart aria-label=(title) { (PreEscaped(svg)) } (NL)
        }
    }
}

/// A table's header row.
fn header(columns: &[&str]) -> Markup {
    html! { tr { @for c in columns { th { (c) } } } (NL) }
}

fn pulje_table(rows: &[SeriesRow]) -> Markup {
    html! {
        h2 id="reservationspulje" { "Reservationspulje" } (NL)
        table {
            (header(&["Regnskabsår", "Mål", "Trin", "Opgjort", "Beløb", "Kilde"]))
            @for r in rows {
                tr {
                    td { (r.fiscal_year.map_or(String::new(), |y| y.to_string())) }
                    td { (r.measure.as_str()) }
                    td { (r.step.as_deref().unwrap_or("")) }
                    td { (date(r.as_of)) }
                    td.n { (kr(Some(r.amount_kr))) }
                    td { (provenance(&r.source, r.row_line)) }
                }
                (NL)
            }
        }
        (NL)
    }
}

fn gains_table(gains: &[GainComparison]) -> Markup {
    html! {
        h2 id="gevinst" { "Investeringsprojekter: budgetteret og realiseret gevinst" } (NL)
        table {
            (header(&["Projekt", "Opgjort", "Mål for perioden", "Budgetteret til dato", "Realiseret", "Afvigelse", "Realiseret pct.", "Kilde"]))
            @for g in gains {
                tr {
                    td { (g.project) }
                    td { (date(g.as_of)) }
                    td.n { (kr(g.budgetteret_gevinst_periode_kr)) }
                    td.n { (kr(g.budgetteret_gevinst_kr)) }
                    td.n { (kr(g.realiseret_gevinst_kr)) }
                    td.n { (kr(g.afvigelse_kr)) }
                    td.n { (pct(g.realiseret_pct)) }
                    td { (provenance(&g.source, g.row_line)) }
                }
                (NL)
            }
        }
        (NL)
    }
}

fn budget_table(budget: &[BudgetComparison]) -> Markup {
    // The measure a figure was taken as, and where it was printed.
    let origin = |b: &BudgetComparison, measure: Option<SeriesMeasure>| {
        html! {
            @if let Some((m, (source, line))) = measure.and_then(|m| Some((m, b.provenance_of(m)?))) {
                (m.as_str()) " · " (provenance(source, *line))
            }
        }
    };
    html! {
        h2 id="budget" { "Forsørgelsesydelser: budget mod resultat (seneste opgørelse)" } (NL)
        table {
            (header(&["Linje", "År", "Budget", "Resultat", "Afvigelse", "Afvigelse pct.", "Opgjort"]))
            @for b in budget.iter().filter(|b| b.afvigelse_kr.is_some()) {
                @let budget = b.korrigeret_budget_kr.or(b.vedtaget_budget_kr).or(b.budget_kr);
                @let result = b.regnskab_kr.or(b.forventet_regnskab_kr);
                tr {
                    td { (b.line_item) }
                    td { (b.fiscal_year.map_or(String::new(), |y| y.to_string())) }
                    td.n { (kr(budget)) br; span.src { (origin(b, b.budget_basis)) } }
                    td.n { (kr(result)) br; span.src { (origin(b, b.result_basis)) } }
                    td.n { (kr(b.afvigelse_kr)) }
                    td.n { (pct(b.afvigelse_pct)) }
                    td { (date(b.as_of)) }
                }
                (NL)
            }
        }
        (NL)
    }
}

fn checks_table(data: &ReportData<'_>) -> Markup {
    let Tally {
        exact,
        rounding,
        mismatches,
    } = data.tally;
    html! {
        h2 id="kontrol" { "Kontrol af tabellernes regnestykker" } (NL)
        p { (data.tally.total()) " kontroller: " (exact) " stemmer præcist, " (rounding) " inden for afrunding (±1 i tabellens enhed pr. tal), " (mismatches) " uoverensstemmelser." } (NL)
        table {
            (header(&["Status", "Regel", "Række", "Kolonne", "Forventet", "Fundet", "Kilde"]))
            @for c in data.findings.iter().filter(|c| c.status != Status::Ok) {
                @let class = c.status.as_str();
                tr class=(class) {
                    td { (class) }
                    td { (c.rule) }
                    td { (c.row_label) }
                    td { (c.column_label) }
                    td.n { (kr(Some(c.expected_kr))) }
                    td.n { (kr(Some(c.found_kr))) }
                    td { (provenance(&c.source, c.line)) }
                }
                (NL)
            }
        }
        (NL)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_formats() {
        let label = html! { td { ("a<b & \"c\"") } }.into_string();
        assert_eq!(label, "<td>a&lt;b &amp; &quot;c&quot;</td>");
        assert_eq!(kr(Some(-27_106_000)), "-27.106.000 kr.");
        assert_eq!(pct(Some(36.583)), "36,6 %");
        assert!(provenance("fixtures/minutes/000_x.txt", 483)
            .into_string()
            .contains(">000_x.txt:483<"));
    }

    /// Text from a document is text in the report, whatever it holds: a
    /// project named like markup, a path with a quote and an ampersand.
    #[test]
    fn text_from_documents_is_never_markup() {
        let gains = [GainComparison {
            project: "<script>alert(1)</script> & Co".into(),
            as_of: None,
            budgetteret_gevinst_periode_kr: None,
            budgetteret_gevinst_kr: Some(1_000),
            realiseret_gevinst_kr: Some(2_000),
            afvigelse_kr: Some(1_000),
            realiseret_pct: Some(200.0),
            source: "minutes/\"a&b\".txt".into(),
            row_line: 7,
        }];
        let html = render_report(&ReportData {
            documents: vec![("minutes/<x>.txt".into(), None)],
            tables: 1,
            cells: 2,
            amounts: 2,
            charts: Vec::new(),
            reservationspulje: &[],
            gains: &gains,
            budget: &[],
            tally: Tally {
                exact: 0,
                rounding: 0,
                mismatches: 0,
            },
            findings: &[],
        });
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"));
        assert!(html.contains("title=\"minutes/&quot;a&amp;b&quot;.txt\""));
        assert!(html.contains("<li>minutes/&lt;x&gt;.txt (uden mødedato)</li>"));
    }
}
