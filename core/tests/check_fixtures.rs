//! Arithmetic checks: no false alarm on the bundled minutes, and every rule
//! fires on a deliberately broken table.

mod common;

use budgetspor_core::check::{check, in_table_order, CheckResult, Status};
use budgetspor_core::extract_text;
use budgetspor_core::tidy::flatten;
use common::fixture_cells;

fn results(text: &str) -> Vec<CheckResult> {
    let doc = extract_text(text);
    check(&flatten("t.txt", &doc).collect::<Vec<_>>())
}

fn mismatches(results: &[CheckResult]) -> Vec<&CheckResult> {
    results
        .iter()
        .filter(|r| r.status == Status::Mismatch)
        .collect()
}

#[test]
fn no_false_alarm_on_the_seeds() {
    let results = check(&fixture_cells());
    let bad = mismatches(&results);
    assert!(bad.is_empty(), "{bad:#?}");
    let count = |rule: &str| results.iter().filter(|r| r.rule == rule).count();
    eprintln!(
        "checks: {} (row_sum {}, column_sum {}, deviation {}, bridge {}), rounding {}",
        results.len(),
        count("row_sum"),
        count("column_sum"),
        count("deviation"),
        count("bridge"),
        results
            .iter()
            .filter(|r| r.status == Status::Rounding)
            .count()
    );
    assert!(count("row_sum") > 50 && count("column_sum") > 20 && count("deviation") > 40);
    assert_eq!(count("bridge"), 4);
}

const HEAD: &str = "REFERAT U d. 26-10-2021\n";

#[test]
fn broken_total_row() {
    let r = results(&format!(
        "{HEAD}1.000 kr.\tKorrigeret budget 2021\nA\t100\nB\t200\nI alt\t310\n"
    ));
    let bad = mismatches(&r);
    assert_eq!(bad.len(), 1, "{r:#?}");
    assert_eq!(
        (
            bad[0].rule,
            bad[0].line,
            bad[0].expected_kr,
            bad[0].found_kr
        ),
        ("row_sum", 5, 300_000, 310_000)
    );
    // One off per summed figure is rounding.
    let r = results(&format!(
        "{HEAD}1.000 kr.\tKorrigeret budget 2021\nA\t100\nB\t200\nI alt\t302\n"
    ));
    assert_eq!(r[0].status, Status::Rounding);
}

#[test]
fn broken_total_column() {
    let r = results(&format!(
        "{HEAD}1.000 kr.\t2022\t2023\tI alt\nA\t1\t2\t3\nB\t1\t2\t9\n"
    ));
    let bad = mismatches(&r);
    assert_eq!(bad.len(), 1, "{r:#?}");
    assert_eq!(
        (bad[0].rule, bad[0].line, bad[0].expected_kr),
        ("column_sum", 4, 3_000)
    );
}

#[test]
fn deviation_follows_the_stated_sign() {
    let table = "1.000 kr.\tKorrigeret budget\tForventet regnskab\tMer-/mindreforbrug\nA\t100\t90\t10\nB\t100\t120\t-20\n";
    assert!(mismatches(&results(&format!(
        "{HEAD}{table}-/+ = merforbrug/mindreforbrug\n"
    )))
    .is_empty());
    let flipped = results(&format!("{HEAD}{table}+ = merforbrug, - = mindreforbrug\n"));
    assert_eq!(mismatches(&flipped).len(), 2, "{flipped:#?}");
    let broken = results(&format!("{HEAD}1.000 kr.\tKorrigeret budget\tForventet regnskab\tAfvigelse\nA\t100\t90\t15\n\nNote: -=merforbrug, +=mindreforbrug\n"));
    let bad = mismatches(&broken);
    assert_eq!(
        (bad.len(), bad[0].rule, bad[0].expected_kr),
        (1, "deviation", 10_000)
    );
}

#[test]
fn broken_bridge() {
    let text = format!("{HEAD}I 1.000 kr.\tReservationspulje\nReservationspulje ved Vedtaget budget 2021\t-27.106\nVurdering ved 1. halvår 2021-sag\t221.801\nReservationspulje efter 1. halvårssag 2021\t194.700\nMidtvejsregulering\t-100\nForventet resultat 2021\t194.600\n");
    let r = results(&text);
    let bad = mismatches(&r);
    assert_eq!(bad.len(), 1, "{r:#?}");
    assert_eq!(
        (
            bad[0].rule,
            bad[0].line,
            bad[0].expected_kr,
            bad[0].found_kr
        ),
        ("bridge", 5, 194_695_000, 194_700_000)
    );
    assert!(
        r.iter().any(|x| x.line == 7 && x.status == Status::Ok),
        "continues from the stated figure"
    );
}

/// Checked a document at a time, in any order, and put in table order, the
/// results are those of one check over all cells.
#[test]
fn checks_in_parts_put_in_table_order_equal_one_pass() {
    let cells = fixture_cells();
    let whole = check(&cells);
    let mut sources: Vec<&str> = cells.iter().map(|c| &*c.source).collect();
    sources.dedup();
    let mut parts: Vec<CheckResult> = sources
        .iter()
        .rev()
        .flat_map(|s| {
            let part: Vec<_> = cells.iter().filter(|c| &*c.source == *s).cloned().collect();
            check(&part)
        })
        .collect();
    assert!(sources.len() >= 5 && whole.len() >= 100, "{}", whole.len());
    assert_ne!(parts, whole, "reversed parts start out of order");
    in_table_order(&mut parts);
    assert_eq!(parts, whole);
}

/// Figures whose sum does not fit in 64 bits (no minutes print them, but a
/// file can hold them): the checks report a mismatch at the largest sum
/// they can state, and do not overflow.
#[test]
fn sums_past_64_bits_are_mismatches_not_overflows() {
    let big = "9.000.000.000.000.000.000";
    let r = results(&format!(
        "{HEAD}kr.\tKorrigeret budget 2021\nA\t{big}\nB\t{big}\nI alt\t-{big}\n"
    ));
    let bad = mismatches(&r);
    assert_eq!(bad.len(), 1, "{r:#?}");
    assert_eq!(
        (bad[0].rule, bad[0].expected_kr, bad[0].found_kr),
        ("row_sum", i64::MAX, -9_000_000_000_000_000_000)
    );
    // The expected figure is the end of the range, and the detail says so.
    assert!(
        bad[0]
            .detail
            .ends_with("the sum is past the 64-bit range, shown at its end"),
        "{}",
        bad[0].detail
    );
    // A deviation between figures that far apart.
    let r = results(&format!(
        "{HEAD}kr.\tBudget 2021\tRegnskab 2021\tAfvigelse\nA\t{big}\t-{big}\t1\n"
    ));
    let deviations: Vec<_> = r.iter().filter(|r| r.rule == "deviation").collect();
    assert_eq!(deviations.len(), 1, "{r:#?}");
    assert_eq!(deviations[0].status, Status::Mismatch);
    assert!(deviations[0].expected_kr.abs() == i64::MAX || deviations[0].expected_kr == i64::MIN);
    assert!(
        deviations[0].detail.contains("past the 64-bit range"),
        "{}",
        deviations[0].detail
    );
    // Figures that fit say nothing of the kind.
    assert!(results(&format!(
        "{HEAD}kr.\tKorrigeret budget 2021\nA\t1\nB\t2\nI alt\t3\n"
    ))
    .iter()
    .all(|r| !r.detail.contains("64-bit")));
}
