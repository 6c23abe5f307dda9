//! An agenda portal's JSON API, as `budgetspor fetch` reads it: the
//! committee list (`GET {portal}/api/agenda/udvalgsliste`), which meetings
//! to fetch, where each is saved, and the PDF attachments of a meeting.
//! No IO here: the CLI's `fetch` command asks the portal and writes the
//! files, this module says what to ask and where to put it, so every rule
//! is tested (and fuzzed) without a network.
//!
//! Saved layout, which the CLI's `extract` reads back:
//! `DIR/<committee>/<date>_<meeting id>.json` for a meeting, and with
//! attachments `DIR/<committee>/<date>_<meeting id>/punkt-<NN>_<name>.pdf`
//! beside it, so a PDF's cells get the meeting's committee and date and
//! the item's number and title from the meeting JSON next to its folder
//! ([`crate::source::agenda::attachment_meta`]).

use chrono::NaiveDate;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The committee list's path under the portal's address.
pub const COMMITTEE_LIST: &str = "/api/agenda/udvalgsliste";
/// One meeting's path under the portal's address, before its id.
pub const MEETING: &str = "/api/agenda/dagsorden/";

/// A meeting as the committee list names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub committee: String,
    pub id: String,
    /// The day of `Dato` ("2022-04-25T08:00:00+02:00"), if it reads.
    pub date: Option<NaiveDate>,
}

/// The meetings of the committee list, every group of committees read
/// (`Udvalg["Aktuelle politiske udvalg"]`, `Udvalg["Historiske udvalg"]`,
/// …), in the list's order. An error says what the answer is instead.
pub fn meetings(list: &str) -> Result<Vec<Meeting>, String> {
    let json: Value =
        serde_json::from_str(list).map_err(|e| format!("a response that is not JSON ({e})"))?;
    let Some(groups) = json.get("Udvalg").and_then(Value::as_object) else {
        return Err("JSON without the \"Udvalg\" groups of committees".into());
    };
    let mut out = Vec::new();
    for committee in groups.values().filter_map(Value::as_array).flatten() {
        let name = committee.get("Navn").and_then(Value::as_str).unwrap_or("");
        let name = name.trim();
        let meetings = committee.get("Moeder").and_then(Value::as_array);
        for meeting in meetings.into_iter().flatten() {
            let id = match meeting.get("Id") {
                Some(Value::String(id)) => id.trim().to_string(),
                Some(Value::Number(n)) => n.to_string(),
                _ => continue,
            };
            if id.is_empty() {
                continue;
            }
            let date = meeting
                .get("Dato")
                .and_then(Value::as_str)
                .and_then(|d| d.get(..10))
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
            out.push(Meeting {
                committee: name.to_string(),
                id,
                date,
            });
        }
    }
    Ok(out)
}

/// Which meetings to fetch.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// Committee names, any of which a meeting's committee contains
    /// (ignoring case): "byråd" takes "Byråd 2022-2025".
    pub committees: Vec<String>,
}

impl Selection {
    /// Whether a meeting is asked for. A meeting without a date is taken
    /// only when no date bound is given.
    pub fn takes(&self, meeting: &Meeting) -> bool {
        let name = meeting.committee.to_lowercase();
        let committee = self.committees.is_empty()
            || self
                .committees
                .iter()
                .any(|c| name.contains(&c.trim().to_lowercase()));
        let dated = match meeting.date {
            Some(d) => self.since.is_none_or(|s| d >= s) && self.until.is_none_or(|u| d <= u),
            None => self.since.is_none() && self.until.is_none(),
        };
        committee && dated
    }
}

/// A name made safe as one file or folder name on any file system: no
/// separators or characters Windows refuses, no control characters, no
/// leading dot (a hidden file, or "..") and no trailing dot or space, not a
/// reserved device name, and at most 100 bytes. An empty name is "_".
pub fn safe_name(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    out = out.trim_start_matches(['.', ' ']).to_string();
    let mut end = out.len().min(100);
    while !out.is_char_boundary(end) {
        end -= 1;
    }
    out.truncate(end);
    let out = out.trim_end_matches(['.', ' ']).to_string();
    let stem = out.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (stem.len() == 4
            && (stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.as_bytes()[3].is_ascii_digit());
    match (out.is_empty(), reserved) {
        (true, _) => "_".to_string(),
        (false, true) => format!("_{out}"),
        (false, false) => out,
    }
}

/// The stem of a meeting's file and folder: `<date>_<id>` ("undated" for
/// a meeting without a date).
pub fn meeting_stem(meeting: &Meeting) -> String {
    let date = meeting.date.map_or_else(
        || "undated".to_string(),
        |d| d.format("%Y-%m-%d").to_string(),
    );
    safe_name(&format!("{date}_{}", meeting.id))
}

/// Where a meeting is saved under `dir`: always inside it, whatever the
/// committee's name or the meeting's id hold ("../", "/", "C:").
pub fn meeting_path(dir: &Path, meeting: &Meeting) -> PathBuf {
    dir.join(safe_name(&meeting.committee))
        .join(format!("{}.json", meeting_stem(meeting)))
}

/// A PDF attached to an agenda item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub item: u32,
    /// Its file name in the meeting's folder.
    pub file: String,
    pub url: String,
}

/// The PDF attachments of a saved meeting: each item's `Bilag[]` that has
/// a PDF version (`HarPdfVersion`, `true` or `"true"` as Greve's portal
/// writes it), at `{portal}/Vis/Pdf/bilag/{Id}`, each once.
///
/// An item's `Felter[].Link` is a PDF of the same form, but of the item's
/// own text (its `DocumentId` is the field's, whose `Html` the meeting
/// JSON holds already): saved too, its tables would be read twice. It is
/// left out.
pub fn attachments(meeting: &str, portal: &str) -> Vec<Attachment> {
    let Ok(json) = serde_json::from_str::<Value>(meeting) else {
        return Vec::new();
    };
    let items = json.get("Dagsordenpunkter").and_then(Value::as_array);
    let mut out: Vec<Attachment> = Vec::new();
    for item in items.into_iter().flatten() {
        let Some(number) = crate::source::agenda::item_number(item) else {
            continue;
        };
        let bilag = item.get("Bilag").and_then(Value::as_array);
        for b in bilag.into_iter().flatten() {
            let pdf = match b.get("HarPdfVersion") {
                Some(Value::Bool(pdf)) => *pdf,
                Some(Value::String(pdf)) => pdf.trim().eq_ignore_ascii_case("true"),
                _ => false,
            };
            let id = b.get("Id").and_then(Value::as_str).unwrap_or("").trim();
            let url = format!("{portal}/Vis/Pdf/bilag/{}", encode_segment(id));
            if !pdf || id.is_empty() || out.iter().any(|a| a.url == url) {
                continue;
            }
            let name = b.get("Navn").and_then(Value::as_str).unwrap_or("");
            let name = if name.trim().is_empty() {
                "bilag"
            } else {
                name
            };
            let short: String = id
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .take(8)
                .collect();
            let file = safe_name(&format!(
                "punkt-{number:02}_{}_{short}.pdf",
                safe_name(name)
            ));
            out.push(Attachment {
                item: number,
                file,
                url,
            });
        }
    }
    out
}

/// A path segment percent-encoded: an id is the portal's, and "../" in it
/// must stay one segment of the address.
pub fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for &b in segment.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The agenda item an attachment saved by `fetch` belongs to, told by its
/// name: "punkt-07_….pdf" is item 7.
pub fn attachment_item(file_name: &str) -> Option<u32> {
    let rest = file_name.strip_prefix("punkt-")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    (rest[digits.len()..].starts_with('_') && !digits.is_empty())
        .then(|| digits.parse().ok())
        .flatten()
}

/// The portal's address as given, without a trailing slash; an address
/// without a scheme is taken as https.
pub fn portal_base(url: &str) -> Result<String, String> {
    let given = url.trim();
    let (scheme, rest) = match given.split_once("://") {
        Some((scheme @ ("http" | "https"), rest)) => (scheme, rest),
        Some(_) => {
            return Err(format!(
                "expected a portal address starting with http:// or https://, found {given:?}"
            ))
        }
        None => ("https", given),
    };
    let rest = rest.trim_end_matches('/');
    if rest.is_empty() || rest.starts_with('/') {
        return Err(format!(
            "expected a portal address such as https://dagsordener.greve.dk, found {given:?}"
        ));
    }
    Ok(format!("{scheme}://{rest}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: &str = r#"{"Udvalg":{
        "Aktuelle politiske udvalg":[
            {"Navn":"Byråd 2022-2025","Id":"b1","Moeder":[
                {"Id":"m1","Dato":"2022-01-31T19:00:00+01:00"},
                {"Id":"m2","Dato":"2023-06-19T17:00:00+02:00"}]},
            {"Navn":"Økonomiudvalget","Id":"o1","Moeder":[
                {"Id":"../../etc/passwd","Dato":"2024-02-28T16:00:00+01:00"},
                {"Id":"","Dato":"2024-02-28T16:00:00+01:00"}]}],
        "Historiske udvalg":[
            {"Navn":"Byråd 2018-2021","Id":"b0","Moeder":[{"Id":17,"Dato":"nej"}]}]}}"#;

    #[test]
    fn every_group_of_the_committee_list_is_read() {
        let all = meetings(LIST).unwrap();
        let ids: Vec<&str> = all.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["m1", "m2", "../../etc/passwd", "17"]);
        assert_eq!(all[0].date, NaiveDate::from_ymd_opt(2022, 1, 31));
        assert_eq!(all[3].date, None);
        assert!(meetings("<html>").unwrap_err().contains("not JSON"));
        assert!(meetings("{}").unwrap_err().contains("Udvalg"));
    }

    #[test]
    fn a_selection_takes_dates_and_committees() {
        let all = meetings(LIST).unwrap();
        let take = |s: &Selection| -> Vec<&str> {
            all.iter()
                .filter(|m| s.takes(m))
                .map(|m| m.id.as_str())
                .collect()
        };
        assert_eq!(take(&Selection::default()).len(), 4);
        let since = Selection {
            since: NaiveDate::from_ymd_opt(2023, 1, 1),
            ..Selection::default()
        };
        assert_eq!(take(&since), ["m2", "../../etc/passwd"]);
        let until = Selection {
            until: NaiveDate::from_ymd_opt(2023, 6, 19),
            ..Selection::default()
        };
        assert_eq!(take(&until), ["m1", "m2"]);
        let byraad = Selection {
            committees: vec!["BYRÅD".into()],
            ..Selection::default()
        };
        assert_eq!(take(&byraad), ["m1", "m2", "17"]);
    }

    #[test]
    fn names_are_safe_on_any_file_system() {
        let cases = [
            ("Byråd 2022-2025", "Byråd 2022-2025"),
            ("../../etc/passwd", "_.._etc_passwd"),
            ("..", "_"),
            ("a/b\\c:d*e?f\"g<h>i|j", "a_b_c_d_e_f_g_h_i_j"),
            ("tab\there", "tab_here"),
            ("navn. ", "navn"),
            ("CON", "_CON"),
            ("com1.json", "_com1.json"),
            ("", "_"),
        ];
        for (name, want) in cases {
            assert_eq!(safe_name(name), want, "{name:?}");
        }
        let long = "æ".repeat(80);
        assert!(safe_name(&long).len() <= 100);
        let dir = Path::new("/data/greve");
        for meeting in meetings(LIST).unwrap() {
            let path = meeting_path(dir, &meeting);
            assert!(path.starts_with(dir));
            let inside = path.strip_prefix(dir).unwrap();
            assert_eq!(inside.components().count(), 2, "{path:?}");
            assert!(inside
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_))));
        }
        let m = &meetings(LIST).unwrap()[0];
        assert_eq!(
            meeting_path(dir, m),
            Path::new("/data/greve/Byråd 2022-2025/2022-01-31_m1.json")
        );
    }

    #[test]
    fn attachments_are_the_bilag_with_a_pdf() {
        let meeting = r#"{"Dagsordenpunkter":[
            {"Punktnummer":"3","Navn":"Budget","Bilag":[
                {"Id":"a1b2c3d4-e5","Navn":"Bilag 1: Oversigt","HarPdfVersion":"true"},
                {"Id":"a1b2c3d4-e5","Navn":"igen","HarPdfVersion":true},
                {"Id":"x","Navn":"Kun Word","HarPdfVersion":"false"},
                {"Id":"y","Navn":"Intet svar"}],
             "Felter":[{"Link":"https://p.dk/Vis/Pdf/bilag/ffff0000","Html":"<p>…</p>"}]},
            {"Punktnummer":12,"Bilag":[{"Id":"9/../a","Navn":"../x","HarPdfVersion":true}]},
            {"Navn":"uden nummer","Bilag":[{"Id":"8","HarPdfVersion":true}]}]}"#;
        let found = attachments(meeting, "https://p.dk");
        let files: Vec<(u32, &str, &str)> = found
            .iter()
            .map(|a| (a.item, a.file.as_str(), a.url.as_str()))
            .collect();
        assert_eq!(
            files,
            [
                (
                    3,
                    "punkt-03_Bilag 1_ Oversigt_a1b2c3d4.pdf",
                    "https://p.dk/Vis/Pdf/bilag/a1b2c3d4-e5"
                ),
                (
                    12,
                    "punkt-12__x_9a.pdf",
                    "https://p.dk/Vis/Pdf/bilag/9%2F..%2Fa"
                ),
            ]
        );
        for a in &found {
            assert_eq!(attachment_item(&a.file), Some(a.item));
        }
        assert_eq!(attachment_item("punkt-7.pdf"), None);
        assert_eq!(attachment_item("referat.pdf"), None);
        assert!(attachments("not json", "https://p.dk").is_empty());
    }

    #[test]
    fn an_id_stays_one_path_segment() {
        assert_eq!(encode_segment("53f134cd-619a"), "53f134cd-619a");
        assert_eq!(encode_segment("../../etc"), "..%2F..%2Fetc");
        assert_eq!(encode_segment("a b?c#æ"), "a%20b%3Fc%23%C3%A6");
    }

    #[test]
    fn a_portal_address_is_read_as_given() {
        assert_eq!(
            portal_base("https://dagsordener.greve.dk/").unwrap(),
            "https://dagsordener.greve.dk"
        );
        assert_eq!(
            portal_base("dagsordener.greve.dk").unwrap(),
            "https://dagsordener.greve.dk"
        );
        assert_eq!(
            portal_base("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080"
        );
        assert!(portal_base("ftp://x").is_err());
        assert!(portal_base("https://").is_err());
    }
}
