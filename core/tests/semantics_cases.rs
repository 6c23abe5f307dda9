//! Table-driven cases for header and row semantics: small tables in the
//! shapes the minutes use, each with the cells it must (and must not) give.

use budgetspor_core::{extract_text, Cell, Measure, RowKind, TableKind};
use chrono::NaiveDate;

fn cells(text: &str) -> Vec<Cell> {
    extract_text(text).cells
}

fn find<'a>(cells: &'a [Cell], line: u32, column: &str) -> &'a Cell {
    cells
        .iter()
        .find(|c| c.row_line == line && &*c.column_label == column)
        .unwrap_or_else(|| panic!("no cell at line {line}, column {column:?}: {cells:#?}"))
}

const MEETING: &str = "REFERAT Udvalget d. 27-08-2024\n\n";

#[test]
fn labels_on_one_line_years_on_the_next() {
    let text = format!("{MEETING}1.000 kr. netto, årets priser\tRegnskab\tBudget\n\t2023\t2025\nSygedagpenge\t316.699\t336.018\nKontanthjælp\t1\t2\nFørtidspension\t1.424.197\t-\n");
    let c = cells(&text);
    let x = find(&c, 5, "Regnskab 2023");
    assert_eq!(
        (x.measure, x.fiscal_year, x.amount_kr),
        (Measure::Regnskab, Some(2023), Some(316_699_000))
    );
    let x = find(&c, 5, "Budget 2025");
    assert_eq!((x.measure, x.fiscal_year), (Measure::Budget, Some(2025)));
    assert_eq!(x.price_basis.as_deref(), Some("årets priser"));
    assert!(
        !c.iter()
            .any(|x| x.row_line == 7 && &*x.column_label == "Budget 2025"),
        "'-' is null, not zero"
    );
    assert_eq!(
        extract_text(&text).tables[0].kind,
        TableKind::Forsorgelsesydelser
    );
}

#[test]
fn unit_line_under_the_labels_and_gain_columns() {
    let text = format!("{MEETING}Investeringsprojekt\tProjektperiode\tBudgetteret gevinst\tRealiseret gevinst\tForskel\n- 1.000 kr. -\t\tProjektperioden\tPr. 31/8-2021\tPr. 31/8-2021\nAlle skal med\t1. jan 2019 - 31. dec 2022\t14.000\t14.618\t6.951\nSØV\t1. jan 2019 - 31. dec 2022\t6.043\t1.737\t-1.611\n");
    let c = cells(&text);
    let x = find(&c, 5, "Realiseret gevinst Pr. 31/8-2021");
    assert_eq!(x.measure, Measure::RealiseretGevinst);
    assert_eq!(x.as_of, NaiveDate::from_ymd_opt(2021, 8, 31));
    assert_eq!(
        x.fiscal_year, None,
        "gains cover project periods, not fiscal years"
    );
    assert_eq!(x.amount_kr, Some(14_618_000));
    assert_eq!(
        find(&c, 5, "Budgetteret gevinst Projektperioden").as_of,
        None
    );
    assert!(
        c.iter().all(|x| &*x.column_label != "Projektperiode"),
        "text column gives no cells"
    );
}

#[test]
fn title_line_row_numbers_and_column_units() {
    let text = format!("{MEETING}Budget 2021\t\t\t\nIndstillingspunkt\tBudgetomflytning\tSærlig drift, ØU (kr.)\tI alt (kr.)\n2\tReservationspuljen\t42.219.000\t0\n\tI alt\t42.219.000\t0\n");
    let c = cells(&text);
    assert_eq!(c.len(), 4, "the row number column gives no cells: {c:#?}");
    let x = find(&c, 5, "Særlig drift, ØU (kr.)");
    assert_eq!(
        (&*x.row_label, x.fiscal_year, x.amount_kr),
        ("Reservationspuljen", Some(2021), Some(42_219_000))
    );
    let total = find(&c, 6, "I alt (kr.)");
    assert_eq!(
        (total.row_kind, total.measure, total.fiscal_year),
        (RowKind::Total, Measure::Total, Some(2021))
    );
    assert!(!x.unit_inferred);
}

#[test]
fn sections_continuations_and_unlabeled_totals() {
    let text = format!("{MEETING}Beskrivelse - kr.\tUdvalg\t2021\nService:\t\t\nProfilprojekt\tBSU\t400.000\n\tØU\t-400.000\nI alt\t\t0\n\nAnvendelse af midler\t2019\t2020\ti alt\nHusvild\t200\t200\t400\nReden\t20\t20\t40\n\t\t\t440\n");
    let c = cells(&text);
    let x = find(&c, 6, "2021");
    assert_eq!((&*x.row_label, &*x.line_item), ("", "Profilprojekt"));
    assert_eq!(x.section.as_deref(), Some("Service"));
    let t = find(&c, 12, "i alt");
    assert_eq!(
        (&*t.line_item, t.row_kind, t.fiscal_year),
        ("I alt", RowKind::Total, None)
    );
    assert_eq!(find(&c, 10, "2019").fiscal_year, Some(2019));
}

#[test]
fn section_then_unlabeled_row_belongs_to_the_section() {
    let text = format!("{MEETING}1.000 kr.\tKorrigeret budget\tForventet regnskab\nProjekter med ekstern finansiering\t\t\n\t-9.356\t4.918\n");
    let c = cells(&text);
    assert_eq!(
        &*find(&c, 5, "Korrigeret budget").line_item,
        "Projekter med ekstern finansiering"
    );
    assert_eq!(
        find(&c, 5, "Korrigeret budget").fiscal_year,
        Some(2024),
        "meeting year as last resort"
    );
}

#[test]
fn counts_percentages_dates_are_never_amounts() {
    let text = format!("{MEETING}Nr.\tProjekt\tBudgetteret gevinst\tAntal i job pr. maj 2020\tRealiseret gevinst pr. maj 2020\n15\tAlle skal med\t14.000.000\t85\t5.121.638\n16\tSØV\t6.043.000\t18\t288.209\n\n1.000 kr.\tDato for møde\nStyrket dialog\t26/10\nAlle skal med\t23/11\n\n\tAntal\tAndel\nI alt\t93\t26%\nKvinder\t22\t23%\n");
    let doc = extract_text(&text);
    let amounts: Vec<i64> = doc.cells.iter().filter_map(|c| c.amount_kr).collect();
    assert_eq!(amounts, vec![14_000_000, 5_121_638, 6_043_000, 288_209]);
    let count = find(&doc.cells, 4, "Antal i job pr. maj 2020");
    assert_eq!(
        (count.measure, count.amount_kr, count.value),
        (Measure::Antal, None, 85.0)
    );
    let gain = find(&doc.cells, 4, "Realiseret gevinst pr. maj 2020");
    assert_eq!(gain.as_of, NaiveDate::from_ymd_opt(2020, 5, 31));
    assert!(
        gain.unit_inferred,
        "no unit printed: kr. inferred and flagged"
    );
    let share = find(&doc.cells, 13, "Andel");
    assert_eq!(
        (share.measure, share.unit, share.amount_kr),
        (Measure::Andel, Some("%"), None)
    );
    assert_eq!(
        doc.tables.iter().map(|t| t.kind).collect::<Vec<_>>(),
        vec![TableKind::Investeringsprojekter, TableKind::Statistik]
    );
}

#[test]
fn inline_units_and_mio_decimals() {
    let text = format!("{MEETING}Bandeinitiativ\tÅrlig finansiering\nForebyggelse\t1,5 mio. kr.\nOfre\t1,0 mio. kr.\n\nResultat (mio. kr.)\t2024\nDrift\t-2.093,8\nAnlæg\t12,25\n");
    let c = cells(&text);
    assert_eq!(find(&c, 4, "Årlig finansiering").amount_kr, Some(1_500_000));
    assert_eq!(find(&c, 8, "2024").amount_kr, Some(-2_093_800_000));
    assert_eq!(find(&c, 8, "2024").value, -2093.8);
    assert_eq!(find(&c, 9, "2024").amount_kr, Some(12_250_000));
}

#[test]
fn the_bridge_table_speaks_of_one_year() {
    let text = format!("{MEETING}Punkt 2: Opfølgning\n\nI 1.000 kr.\tReservationspulje\nReservationspulje ved Vedtaget budget 2021\t-27.106\nVurdering ved 1. halvår 2021-sag\t221.801\nPulje efter 2. halvårssag 2020\t262.541\nForventet resultat 2021\t159.082\n");
    let doc = extract_text(&text);
    assert_eq!(doc.tables[0].kind, TableKind::Reservationspulje);
    assert!(
        doc.cells.iter().all(|c| c.fiscal_year == Some(2021)),
        "{:#?}",
        doc.cells
    );
    assert_eq!(doc.cells[0].amount_kr, Some(-27_106_000));
    assert_eq!(doc.tables[0].item_no, Some(2));
}

#[test]
fn prose_and_table_of_contents_are_not_tables() {
    let text = format!("{MEETING}Indholdsfortegnelse\n\nØkonomisk Status 2024.....\t3\nAktuelle sager.....\t11\n\nDer afsættes 2,3 mio. kr. i 2022 til 2.325 personer.\nEn linje\t42\n");
    let doc = extract_text(&text);
    assert!(doc.tables.is_empty(), "{:#?}", doc.tables);
    assert!(doc.cells.is_empty());
}

#[test]
fn tagged_cells() {
    let text = format!("{MEETING}Investeringsprojekter\t2017\t2018\tI alt\nService\t14.934.150\t30.357.688\t45.291.838\n<b>I alt</b>\t<b>14.934.150</b>\t<b>30.357.688</b>\t<b>45.291.838</b>\n");
    let c = cells(&text);
    let x = find(&c, 5, "2017");
    assert_eq!(
        (&*x.row_label, x.row_kind, x.amount_kr),
        ("I alt", RowKind::Total, Some(14_934_150))
    );
    assert_eq!(x.raw, "<b>14.934.150</b>");
    assert_eq!(
        find(&c, 5, "I alt").fiscal_year,
        None,
        "an I alt column over years has no year"
    );
}

#[test]
fn pipe_table_in_mio_with_a_percent_column() {
    let text = format!("{MEETING}| Resultatopgørelse (mio. kr.) | Regnskab 2023 | Andel |\n|---|---:|---:|\n| Indtægter | | |\n| Skatter | -2.093,8 | 0,1% |\n| Tilskud | 512,4 | 3,5% |\n");
    let doc = extract_text(&text);
    assert_eq!(doc.tables.len(), 1);
    assert_eq!(doc.tables[0].layout, "pipe");
    let c = &doc.cells;
    let skat = find(c, 6, "Regnskab 2023");
    assert_eq!(
        (skat.amount_kr, skat.measure, skat.fiscal_year),
        (Some(-2_093_800_000), Measure::Regnskab, Some(2023))
    );
    assert_eq!(skat.section.as_deref(), Some("Indtægter"));
    let share = find(c, 6, "Andel");
    assert_eq!(
        (share.amount_kr, share.measure, share.value),
        (None, Measure::Andel, 0.1)
    );
    assert_eq!(find(c, 7, "Regnskab 2023").amount_kr, Some(512_400_000));
}

#[test]
fn the_001_caption_list_and_nothing_else() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/minutes/001_b3f7aaf997165b18.txt");
    let doc = budgetspor_core::extract_bytes(&std::fs::read(path).unwrap()).unwrap();
    let amounts: Vec<(u32, Option<i32>, i64)> = doc
        .cells
        .iter()
        .filter_map(|c| c.amount_kr.map(|a| (c.row_line, c.fiscal_year, a)))
        .collect();
    assert_eq!(
        amounts,
        vec![
            (409, Some(2017), 1_725_000),
            (414, Some(2017), 110_000),
            (416, Some(2017), 123_800),
            (418, Some(2017), 90_000),
            (420, Some(2017), 2_048_800),
        ]
    );
    assert_eq!(doc.tables[0].layout, "list");
    assert_eq!(doc.cells.len(), 5, "no figure from the prose");
}

/// The vocabulary of other municipalities' tables (Greve 2022-2025), one
/// header or caption each: (text, line, column, measure, fiscal year,
/// amount in kr.).
#[test]
fn real_tables_of_another_municipality() {
    type Case<'a> = (&'a str, u32, &'a str, Measure, Option<i32>, Option<i64>);
    let cases: &[Case] = &[
        // "t.kr." and a stray point in "(1.000. kr.)".
        ("Budgetposter\tBeløb i 2022 (t.kr.)\nBiler\t4.124\nGebyrer\t-1.376\n", 4, "Beløb i 2022 (t.kr.)", Measure::Amount, Some(2022), Some(4_124_000)),
        ("Status pr. udvalg\n\nUdvalg (1.000. kr.)\tOpr. budget\tKorr. budget\nØU\t464.137\t454.379\nKTM\t1\t2\n", 6, "Korr. budget", Measure::KorrigeretBudget, None, Some(454_379_000)),
        // A unit after a figure is an amount mentioned, the table's unit follows.
        ("Anlæg over 2 mio. kr. (1.000 kr.)\n\nProjekt\tAnlægsbevilling\tForbrug i alt\nA\t30.341\t30.339\nB\t1\t2\n", 6, "Anlægsbevilling", Measure::Budget, None, Some(30_341_000)),
        // A unit in a row label.
        ("Udvalg\tAfvigelse tillægsbevilling i 2024\nSamlet 1.000 kr.\t-2.967\nØU\t-9.269\n", 4, "Afvigelse tillægsbevilling i 2024", Measure::Afvigelse, Some(2024), Some(-2_967_000)),
        // Tillægsbevilling is a movement, not a phase; a price-level year is no fiscal year.
        ("Mio. kr.\tTillægsbevillinger (b)\tÆndring i 2025-priser\nA\t12,1\t3,5\nB\t1,0\t2,0\n", 4, "Ændring i 2025-priser", Measure::Amount, None, Some(3_500_000)),
        // "Faktisk udgifter 28/2-23": executed, as of that day.
        ("Mio.kr.\tFaktisk udgifter 28/2-23\tForventet udgifter rest 2023\nKTM\t1,382\t2,818\nBEU\t0,015\t0\n", 4, "Forventet udgifter rest 2023", Measure::ForventetRegnskab, Some(2023), Some(2_818_000)),
        // Rows of years named by their row: the row's measure.
        ("I mio. kr.\t2023\t2024\nVedtaget budget\t100,0\t110,0\nRegnskab\t98,0\t-\n", 5, "2023", Measure::Regnskab, Some(2023), Some(98_000_000)),
        // Years ahead with no phase named: the plan, a budget. One phase word
        // among the rows ("Forbrug": utilities) does not make the rows measures.
        ("Afledte driftsudgifter (1.000 kr.)\t2022\t2023\nHusleje\t304\t304\nForbrug\t38\t38\n", 5, "2023", Measure::Budget, Some(2023), Some(38_000)),
        // The years after the plan's: a budget of no one year.
        ("Aktivitet (1.000 kr.)\t2025\tEfterfølg-ende år\nDrift\t300\t300\nAnlæg\t500\t700\n", 5, "Efterfølg-ende år", Measure::Budget, None, Some(700_000)),
        // Savings over the years are changes, not a budget.
        ("Besparelse (beløb i 1.000 kr.)\t2023\t2024\nVejledning\t-3.200\t-3.200\nAdministration\t-23\t-3.500\n", 5, "2024", Measure::Amount, Some(2024), Some(-3_500_000)),
        ("Mio. kr.\t2023\t2024\nModel A\t0,07\t0,5\nModel B\t0,07\t0,2\n", 5, "2024", Measure::Amount, Some(2024), Some(200_000)),
        // No year stated anywhere: none, whatever year the meeting was in.
        ("En økonomi over tre år:\n\nUdgift\tTotal [ca. DKK]\tTilskud [DKK]\nLøn\t386.880\t193.440\nTotal\t728.525\t364.263\n", 6, "Tilskud [DKK]", Measure::Amount, None, Some(193_440)),
    ];
    for &(table, line, column, measure, year, amount) in cases {
        let text = format!("{MEETING}{table}");
        let c = cells(&text);
        let x = find(&c, line, column);
        assert_eq!(
            (x.measure, x.fiscal_year, x.amount_kr),
            (measure, year, amount),
            "{table:?}"
        );
    }
    // The table's meaning of "Faktisk udgifter 28/2-23": as of 28 February.
    let c = cells(&format!(
        "{MEETING}Mio.kr.\tFaktisk udgifter 28/2-23\tI alt\nKTM\t1,382\t8,013\nBEU\t0,015\t1,808\n"
    ));
    assert_eq!(
        find(&c, 4, "Faktisk udgifter 28/2-23").as_of,
        NaiveDate::from_ymd_opt(2023, 2, 28)
    );
}

/// A unit stated only in the prose above a table counts when the prose
/// states one of its totals exactly; a row of bare years is no row of
/// amounts; durations are not money.
#[test]
fn evidence_beside_the_table() {
    let text = format!("{MEETING}Der foreslås tiltag for i alt 7,15 mio. kr.\n\nTiltag\tBeløb i 2022\nRengøring\t-1.000\nPlan\t-6.150\nI alt\t-7.150\n");
    let c = cells(&text);
    assert_eq!(find(&c, 8, "Beløb i 2022").amount_kr, Some(-7_150_000));
    // The prose line is the table's caption too: its "mio. kr." and "kr."
    // are the amount mentioned, not the table's unit.
    assert!(extract_text(&text).tables[0].unit != Some("kr."));
    let text =
        format!("{MEETING}Tiltag\tBeløb i 2022\nRengøring\t-1.000\nPlan\t-6.150\nI alt\t-7.150\n");
    let c = cells(&text);
    assert_eq!(
        find(&c, 5, "Beløb i 2022").amount_kr,
        None,
        "no unit, no money words: statistik"
    );
    let text = format!(
        "{MEETING}Budget 2025\nI 1.000 kr.\t2025\t2026\nDrift\t300\t300\nAnlæg\t500\t700\n"
    );
    let c = cells(&text);
    assert!(c.iter().all(|x| x.amount_kr != Some(2_025_000)), "{c:#?}");
    let text =
        format!("{MEETING}Mio. kr.\tNykredit\tSydbank\nAfkast\t12,5\t10,1\nVarighed\t2,9\t4,3\n");
    let c = cells(&text);
    assert_eq!(find(&c, 4, "Nykredit").amount_kr, Some(12_500_000));
    assert_eq!(find(&c, 5, "Nykredit").amount_kr, None);
}

/// What a PDF or a text browser makes of a page's header: its lines apart
/// from the unit, a unit on a line with the ends of wrapped headers, or no
/// unit found at all. None of it may give an amount off by a factor.
#[test]
fn headers_broken_over_lines() {
    // "mio.kr." beside the "23" and "2023" of wrapped headers: a header row.
    let text = format!("{MEETING}Tabel 3. Merudgifter\n\n\tFaktisk\tForventet\nUdvalg\tudgifter 28/2-\tudgifter rest\nmio.kr.\t23\t2023\nKTM\t1,382\t3,711\nBEU\t0,015\t0,000\n");
    let c = cells(&text);
    assert!(
        c.iter().all(|x| x.row_label.as_ref() != "mio.kr."),
        "{c:#?}"
    );
    let x = find(&c, 8, "Forventet udgifter rest 2023");
    assert_eq!((x.amount_kr, x.fiscal_year), (Some(3_711_000), Some(2023)));
    // Figures with decimals and no unit anywhere: not kroner, not guessed.
    let text = format!("{MEETING}Oversigt\n\nResultat\tOpr. budget\tKorr. budget\nDrift\t2.296,0\t2.318,0\nAnlæg\t20,0\t93,6\n");
    let doc = budgetspor_core::extract_text(&text);
    assert!(
        doc.cells.iter().all(|x| x.amount_kr.is_none()),
        "{:#?}",
        doc.cells
    );
    assert!(
        doc.rejects
            .iter()
            .any(|r| r.reason.contains("no unit stated")),
        "{:#?}",
        doc.rejects
    );
    // Whole figures and no unit: kroner, inferred, as before.
    let text =
        format!("{MEETING}Oversigt\n\nResultat\tOpr. budget\tKorr. budget\nDrift\t2.296\t2.318\n");
    let c = cells(&text);
    let x = find(&c, 6, "Korr. budget");
    assert_eq!((x.amount_kr, x.unit_inferred), (Some(2_318), true));
}

/// A year named in a row label is no duration; a footnote bracket after a
/// figure is no text.
#[test]
fn labels_that_name_a_year_and_figures_with_a_note_mark() {
    let text = format!("{MEETING}Resultat (mio. kr.)\tOpr. budget\tKorr. budget\nForbrug af opsparing fra tidligere år\t-84,2\t0,0\nOverført til år\t5,0\t1,0\nVarighed i år\t2,9\t3,1\nÅrsregnskab\t120*)\t110,5*)\n");
    let c = cells(&text);
    assert_eq!(find(&c, 4, "Opr. budget").amount_kr, Some(-84_200_000));
    assert_eq!(find(&c, 5, "Korr. budget").amount_kr, Some(1_000_000));
    assert_eq!(find(&c, 6, "Opr. budget").amount_kr, None, "a duration");
    assert_eq!(find(&c, 7, "Opr. budget").amount_kr, Some(120_000_000));
    assert_eq!(find(&c, 7, "Korr. budget").amount_kr, Some(110_500_000));
}
