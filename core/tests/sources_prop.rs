//! Property tests of the HTML and agenda-JSON sources: markup built from
//! the pieces real pages and broken pages are made of (unclosed and
//! misnested tags, spans of any size, entities, nested tables, invalid
//! UTF-8), never a panic, and what comes out is consistent: every row as
//! wide as its spans, every cell on a table that exists, every cell's line
//! a line of the input (of a page; an agenda's are lines of its items'
//! HTML fields). The fuzz target `sources` runs the same checks
//! unguided; its corpus is replayed here.

#[path = "common/sources.rs"]
mod sources;

use budgetspor_core::source::html;
use proptest::prelude::*;
use sources::check;

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<table>".to_string()),
        Just("</table>".to_string()),
        Just("<tr>".to_string()),
        Just("</tr>".to_string()),
        Just("<td>".to_string()),
        Just("<th>".to_string()),
        Just("</td>".to_string()),
        Just("<tbody>".to_string()),
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<br>".to_string()),
        Just("<b>".to_string()),
        Just("</b>".to_string()),
        Just("\n".to_string()),
        Just("&nbsp;".to_string()),
        Just("&minus;".to_string()),
        Just("&#8211;".to_string()),
        Just("&#99999999;".to_string()),
        Just("<!--".to_string()),
        Just("<script>".to_string()),
        Just("1.000 kr.".to_string()),
        Just("Budget 2024".to_string()),
        Just("Punkt 3: Budgetopfølgning".to_string()),
        (0u32..100_000).prop_map(|n| format!("<td colspan={n}>")),
        (0u32..100_000).prop_map(|n| format!("<td rowspan=\"{n}\">")),
        "-?[0-9]{1,3}(\\.[0-9]{3}){0,2}(,[0-9]{1,3})?",
        "[a-zæøå ]{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]
    #[test]
    fn markup_of_any_shape_reads_without_panic(pieces in proptest::collection::vec(piece(), 0..80)) {
        check(pieces.concat().as_bytes());
    }

    #[test]
    fn agenda_json_of_any_fields_reads_without_panic(
        number in "[0-9x]{0,4}",
        html in proptest::collection::vec(piece(), 0..40),
        date in "[0-9T:+-]{0,30}",
    ) {
        let json = serde_json::json!({
            "Udvalg": {"Navn": "Byråd"},
            "Moede": {"Dato": date},
            "Dagsordenpunkter": [{"Punktnummer": number, "Navn": "x", "Felter": [{"Html": html.concat()}]}],
        });
        check(json.to_string().as_bytes());
    }

    #[test]
    fn any_bytes_read_without_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        check(&bytes);
    }
}

#[test]
fn huge_attributes_and_wide_tables_stay_bounded() {
    let huge = format!(
        "<table><tr><td title=\"{}\">a</td><td>1.000</td></tr></table>",
        "x".repeat(5_000_000)
    );
    check(huge.as_bytes());
    let wide = format!(
        "<table><tr>{}</tr><tr>{}</tr></table>",
        "<th>Budget 2024</th>".repeat(10_000),
        "<td>1.000</td>".repeat(10_000)
    );
    let page = html::read_page(&wide);
    assert_eq!(page.grids[0].rows[0].cells.len(), html::MAX_COLUMNS);
}

#[test]
fn fuzz_corpus_replays() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus/sources");
    let mut replayed = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        check(&std::fs::read(entry.unwrap().path()).unwrap());
        replayed += 1;
    }
    assert!(replayed >= 7, "the corpus is in the repository: {replayed}");
}

/// A page saved with CR line ends (found by the fuzzer): its cells sit on
/// lines counted as an editor counts them, a CR alone ending a line.
#[test]
fn cr_line_ends_count_as_lines() {
    let page = "<table>\r<tr><th>Post</th><th>Budget 2024 (1.000 kr.)</th></tr>\r<tr><td>Drift</td><td>1.000</td></tr>\r</table>\r";
    check(page.as_bytes());
    let doc = budgetspor_core::source::extract_file(page.as_bytes(), Some("html")).unwrap();
    let lines: Vec<u32> = doc.cells.iter().map(|c| c.row_line).collect();
    assert_eq!(lines, [3], "{:?}", doc.cells);
}
