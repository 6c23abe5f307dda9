//! The agenda portal's meeting JSON (as `GET …/api/agenda/dagsorden/{id}`
//! answers): the committee from `Udvalg.Navn`, the meeting date from
//! `Moede.Dato`, and each `Dagsordenpunkter[]` entry an agenda item
//! (`Punktnummer`, `Navn`, `SagsNummer`) whose `Felter[].Html` is read as
//! an HTML page ([`super::html`]).
//!
//! The JSON states the meeting, so nothing is guessed from headings. The
//! positions of cells are lines of the item's HTML field, and every cell
//! carries the item's number, so (file, item, table, line) finds it.

use super::{html, Laid};
use crate::model::{AgendaItem, Diagnostic, Document, DocumentMeta, Severity};
use chrono::NaiveDate;
use serde_json::Value;

/// Whether a text is the portal's meeting JSON by its content: an object
/// with a `"Dagsordenpunkter"` list, whatever the file's name.
pub fn sniff(head: &str) -> bool {
    head.starts_with('{') && head.contains("\"Dagsordenpunkter\"")
}

/// Read a meeting. An error says what the file is instead, in words.
pub fn extract_agenda(text: &str) -> Result<Document, String> {
    let json: Value = serde_json::from_str(text).map_err(|e| {
        format!(
            "a file that is not valid JSON (line {}, column {}: {})",
            e.line(),
            e.column(),
            e
        )
    })?;
    let Some(items) = json.get("Dagsordenpunkter").and_then(Value::as_array) else {
        return Err(
            "a JSON file that is not an agenda meeting (no \"Dagsordenpunkter\" list)".into(),
        );
    };
    let mut diagnostics = Vec::new();
    let mut meta = meeting(&json);
    let dato = json.pointer("/Moede/Dato").and_then(Value::as_str);
    if meta.meeting_date.is_none() {
        diagnostics.push(Diagnostic {
            line: None,
            severity: Severity::Warning,
            message: format!(
                "expected a meeting date in Moede.Dato (2022-04-25T08:00:00+02:00), found {}; doc_date is left empty",
                dato.map_or("none".to_string(), |d| format!("{d:?}"))
            ),
        });
    }
    let mut laid = Laid::default();
    for item in items {
        let line = laid.next_line();
        let (number, title, journal_no) = item_of(item);
        if let Some(number) = number {
            meta.items.push(AgendaItem {
                number,
                title: title.clone(),
                journal_no,
                line,
            });
        }
        // The item's title as its first line: a caption search never takes
        // it ("Punkt …" lines are no captions), the prose search may.
        laid.text(1, format!("Punkt {}: {title}", number.unwrap_or(0)));
        let fields = item.get("Felter").and_then(Value::as_array);
        for field in fields.into_iter().flatten() {
            if let Some(markup) = field.get("Html").and_then(Value::as_str) {
                html::lay_out(&html::read_page(markup), &mut laid);
            }
        }
    }
    let mut doc = laid.interpret(diagnostics, Some(meta));
    doc.encoding = "agenda-json";
    Ok(doc)
}

/// The meeting a meeting JSON states: committee, its period and the
/// meeting's day; no items.
fn meeting(json: &Value) -> DocumentMeta {
    let committee_name = json
        .pointer("/Udvalg/Navn")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let (committee, committee_period) = match committee_name {
        Some(name) => {
            let (name, period) = split_period(name);
            (Some(name.to_string()), period.map(str::to_string))
        }
        None => (None, None),
    };
    let meeting_date = json
        .pointer("/Moede/Dato")
        .and_then(Value::as_str)
        .and_then(|d| d.get(..10))
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    DocumentMeta {
        committee,
        committee_period,
        meeting_date,
        items: Vec::new(),
    }
}

/// An item's number (`Punktnummer`, a string or a number), title and
/// journal number.
fn item_of(item: &Value) -> (Option<u32>, String, Option<String>) {
    let text = |key: &str| item.get(key).and_then(Value::as_str).map(str::trim);
    let number = item_number(item);
    let title = text("Navn").unwrap_or("").to_string();
    let journal_no = text("SagsNummer")
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    (number, title, journal_no)
}

/// An item's `Punktnummer`: a string ("10") or a number (10).
pub(crate) fn item_number(item: &Value) -> Option<u32> {
    match item.get("Punktnummer")? {
        Value::String(s) => s.trim().parse().ok(),
        Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
        _ => None,
    }
}

/// The meeting of a saved meeting JSON and one of its items, for a file
/// attached to that item (a PDF `fetch` saved beside the meeting): the
/// committee, the meeting's day, and the item as the document's only one,
/// from its first line on. `None` when the JSON is no meeting or has no
/// such item.
pub fn attachment_meta(meeting_json: &str, item: u32) -> Option<DocumentMeta> {
    let json: Value = serde_json::from_str(meeting_json).ok()?;
    let items = json.get("Dagsordenpunkter")?.as_array()?;
    let found = items.iter().map(item_of).find(|(n, ..)| *n == Some(item))?;
    let (_, title, journal_no) = found;
    let mut meta = meeting(&json);
    meta.items.push(AgendaItem {
        number: item,
        title,
        journal_no,
        line: 0,
    });
    Some(meta)
}

/// "Byråd 2022-2025" → ("Byråd", Some("2022-2025")): the election period
/// a committee's name may end in, as Odense's headers print it apart.
fn split_period(name: &str) -> (&str, Option<&str>) {
    if let Some((head, tail)) = name.rsplit_once(' ') {
        let b = tail.as_bytes();
        if b.len() == 9
            && b[4] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || c.is_ascii_digit())
        {
            return (head.trim_end(), Some(tail));
        }
    }
    (name, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_meeting_with_one_item() {
        let json = r#"{"Udvalg":{"Navn":"Byråd 2022-2025"},"Moede":{"Dato":"2022-01-31T19:00:00+01:00"},
            "Dagsordenpunkter":[{"Punktnummer":"10","Navn":"Anlægsbevillinger","SagsNummer":"22-000027",
            "Felter":[{"Html":"<p>Beløb i 1.000 kr.</p>\r\n<table><tr><td>Udgift</td><td>Budget 2022</td></tr>\r\n<tr><td>Biler</td><td>4.124</td></tr></table>"}]}]}"#;
        let doc = extract_agenda(json).unwrap();
        assert_eq!(doc.meta.committee.as_deref(), Some("Byråd"));
        assert_eq!(doc.meta.committee_period.as_deref(), Some("2022-2025"));
        assert_eq!(doc.meta.meeting_date, NaiveDate::from_ymd_opt(2022, 1, 31));
        assert_eq!(doc.cells.len(), 1);
        assert_eq!(doc.cells[0].amount_kr, Some(4_124_000));
        assert_eq!(
            doc.cells[0].row_line, 3,
            "the line of the <tr> in the field"
        );
        assert_eq!(doc.tables[0].item_no, Some(10));
        assert_eq!(doc.meta.items[0].journal_no.as_deref(), Some("22-000027"));
    }

    #[test]
    fn an_attachment_gets_its_meeting_and_its_item() {
        let json = r#"{"Udvalg":{"Navn":"Byråd 2022-2025"},"Moede":{"Dato":"2022-01-31T19:00:00+01:00"},
            "Dagsordenpunkter":[{"Punktnummer":"9","Navn":"Andet"},
            {"Punktnummer":10,"Navn":"Anlægsbevillinger","SagsNummer":"22-000027"}]}"#;
        let meta = attachment_meta(json, 10).unwrap();
        assert_eq!(meta.committee.as_deref(), Some("Byråd"));
        assert_eq!(meta.meeting_date, NaiveDate::from_ymd_opt(2022, 1, 31));
        let item = meta.item_at(1).unwrap();
        assert_eq!(
            (item.number, item.title.as_str()),
            (10, "Anlægsbevillinger")
        );
        assert_eq!(item.journal_no.as_deref(), Some("22-000027"));
        assert!(attachment_meta(json, 11).is_none());
        assert!(attachment_meta("{}", 10).is_none());
    }

    #[test]
    fn other_json_is_not_minutes() {
        assert!(extract_agenda("{\"a\": 1}")
            .unwrap_err()
            .contains("not an agenda"));
        assert!(extract_agenda("{\"a\": ")
            .unwrap_err()
            .contains("not valid JSON"));
    }
}
