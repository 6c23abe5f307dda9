//! `budgetspor fetch` against a portal of our own on 127.0.0.1: a thread
//! that serves the real Greve meetings of `fixtures/real/greve/json/` under
//! the API's paths, with a committee list built from them, and that can be
//! told to fail, cut answers short or list hostile ids. No internet.
#![cfg(feature = "fetch")]

#[path = "../core/tests/common/pdftotext.rs"]
mod pdftotext;

use pdftotext::have_pdftotext;
use polars::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn meetings_dir() -> PathBuf {
    root().join("fixtures/real/greve/json")
}

/// How the portal misbehaves.
#[derive(Default, Clone)]
struct Mischief {
    /// Paths answered 500 the first time they are asked for.
    fail_once: Vec<String>,
    /// Paths whose answer is cut off halfway, every time.
    truncate: Vec<String>,
    /// The committee list answers 404: not such a portal.
    no_list: bool,
    /// Extra meetings in the list: (committee, id, date).
    extra: Vec<(String, String, String)>,
}

struct Portal {
    base: String,
    /// Every path asked for, in order.
    log: Arc<Mutex<Vec<String>>>,
}

impl Portal {
    fn requests(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }

    fn clear(&self) {
        self.log.lock().unwrap().clear();
    }
}

/// The saved meetings, by id: (committee, date, JSON). Their ids and days
/// are in the file names ("Byråd 2022-2025_2022-01-31T19:00:00+01:00_<id>.json").
fn greve_meetings() -> BTreeMap<String, (String, String, String)> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(meetings_dir()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_str().unwrap().to_string();
        let mut parts = name.splitn(3, '_');
        let (committee, date, id) = (
            parts.next().unwrap().to_string(),
            parts.next().unwrap().to_string(),
            parts.next().unwrap().to_string(),
        );
        let text = std::fs::read_to_string(&path).unwrap();
        out.insert(id, (committee, date, text));
    }
    out
}

/// A PDF to serve as every attachment: a Greve page printed by Chromium.
fn attachment_pdf() -> Vec<u8> {
    std::fs::read(root().join("fixtures/pdf/chromium/greve/07_byr_2022-10-03_p10.pdf")).unwrap()
}

fn serve(mischief: Mischief) -> Portal {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let log = Arc::new(Mutex::new(Vec::new()));
    let meetings = greve_meetings();
    let mut committees: BTreeMap<String, Vec<serde_json::Value>> = BTreeMap::new();
    for (id, (committee, date, _)) in &meetings {
        committees
            .entry(committee.clone())
            .or_default()
            .push(serde_json::json!({"Id": id, "Dato": date}));
    }
    for (committee, id, date) in &mischief.extra {
        committees
            .entry(committee.clone())
            .or_default()
            .push(serde_json::json!({"Id": id, "Dato": date}));
    }
    let list: Vec<serde_json::Value> = committees
        .into_iter()
        .map(|(name, moeder)| serde_json::json!({"Navn": name, "Id": name, "Moeder": moeder}))
        .collect();
    // Two groups, as the real portal has: current and historic committees.
    let (current, historic) = list.split_at(list.len() - 1);
    let list = serde_json::json!({"Udvalg": {
        "Aktuelle politiske udvalg": current,
        "Historiske udvalg": historic,
    }})
    .to_string();
    let pdf = attachment_pdf();
    let state = Arc::new(Mutex::new(HashMap::<String, usize>::new()));
    let thread_log = Arc::clone(&log);
    let thread_base = base.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let Some(path) = request_path(&stream) else {
                continue;
            };
            thread_log.lock().unwrap().push(path.clone());
            let seen = {
                let mut state = state.lock().unwrap();
                let n = state.entry(path.clone()).or_insert(0);
                *n += 1;
                *n
            };
            let (status, body): (u16, Vec<u8>) = if mischief.fail_once.contains(&path) && seen == 1
            {
                (500, b"busy".to_vec())
            } else if path == "/api/agenda/udvalgsliste" {
                if mischief.no_list {
                    (404, b"<html>Not found</html>".to_vec())
                } else {
                    (200, list.clone().into_bytes())
                }
            } else if let Some(id) = path.strip_prefix("/api/agenda/dagsorden/") {
                let id = percent_decode(id);
                match meetings.get(&id) {
                    // The portal's own address in the links is this one's.
                    Some((_, _, text)) => (
                        200,
                        text.replace("https://dagsordener.greve.dk", &thread_base)
                            .into_bytes(),
                    ),
                    None if mischief.extra.iter().any(|e| e.1 == id) => {
                        let first = meetings.values().next().unwrap();
                        (200, first.2.clone().into_bytes())
                    }
                    None => (404, b"no such meeting".to_vec()),
                }
            } else if path.starts_with("/Vis/Pdf/bilag/") {
                (200, pdf.clone())
            } else {
                (404, b"no such page".to_vec())
            };
            let cut = mischief.truncate.contains(&path);
            answer(stream, status, &body, cut);
        }
    });
    Portal { base, log }
}

/// The path of an HTTP request, its headers read to the end.
fn request_path(stream: &TcpStream) -> Option<String> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let path = line.split_whitespace().nth(1)?.to_string();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 || header == "\r\n" {
            break;
        }
    }
    Some(path)
}

fn answer(mut stream: TcpStream, status: u16, body: &[u8], cut: bool) {
    let head = format!(
        "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    // A cut answer promises the whole body and sends half of it.
    let sent = if cut { &body[..body.len() / 2] } else { body };
    let _ = stream.write_all(sent);
    let _ = stream.flush();
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn budgetspor(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_budgetspor"))
        .args(args)
        .output()
        .expect("binary runs")
}

fn fetch(portal: &Portal, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "fetch",
        portal.base.as_str(),
        "--out",
        out.to_str().unwrap(),
        "--rate",
        "1000",
        "--retry-wait",
        "0.01",
    ];
    args.extend_from_slice(extra);
    budgetspor(&args)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file below `dir`, as paths relative to it, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap();
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

/// The cells `extract` gives for `paths`, read back with polars from the
/// Parquet it writes, without the `source` column (the fetched files are
/// named apart from the originals), sorted by every other column.
fn cells_without_source(paths: &[&Path]) -> DataFrame {
    let out = tempfile::tempdir().unwrap();
    let parquet = out.path().join("cells.parquet");
    let mut args = vec!["extract", "-q", "-o", parquet.to_str().unwrap()];
    args.extend(paths.iter().map(|p| p.to_str().unwrap()));
    let o = budgetspor(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let df = ParquetReader::new(std::fs::File::open(&parquet).unwrap())
        .finish()
        .unwrap()
        .drop("source")
        .unwrap();
    let columns: Vec<PlSmallStr> = df.get_column_names().into_iter().cloned().collect();
    df.sort(columns, SortMultipleOptions::default()).unwrap()
}

/// One column of a frame as text, for comparing whatever its type.
fn texts(df: &DataFrame, name: &str) -> Vec<Option<String>> {
    let column = df.column(name).unwrap().cast(&DataType::String).unwrap();
    column
        .str()
        .unwrap()
        .iter()
        .map(|v| v.map(str::to_string))
        .collect()
}

#[test]
fn a_fetched_portal_reads_as_its_meetings_do() {
    let portal = serve(Mischief::default());
    let out = tempfile::tempdir().unwrap();
    let o = fetch(&portal, out.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let saved = files(out.path());
    assert_eq!(saved.len(), 27, "{saved:?}");
    assert!(saved.contains(
        &"Byråd 2022-2025/2022-01-31_779d518b-25e9-4d46-9111-1d3f7c1175a9.json".to_string()
    ));
    // The summary names what was done.
    assert!(
        stderr(&o).contains(
            "27 meetings of 8 committees: 27 fetched, 0 already saved; attachments: 0 fetched"
        ),
        "{}",
        stderr(&o)
    );
    // The same cells as the meetings read where they came from, with the
    // meeting's committee and date on each.
    let fetched = cells_without_source(&[out.path()]);
    let direct = cells_without_source(&[&meetings_dir()]);
    assert!(fetched.height() > 1_000);
    assert!(fetched.equals_missing(&direct));
    assert!(texts(&fetched, "committee").iter().all(Option::is_some));
    assert!(texts(&fetched, "doc_date").iter().all(Option::is_some));
}

#[test]
fn a_second_run_asks_only_for_the_list() {
    let portal = serve(Mischief::default());
    let out = tempfile::tempdir().unwrap();
    let chosen = ["--committee", "økonomi"];
    assert!(fetch(&portal, out.path(), &chosen).status.success());
    assert_eq!(portal.requests().len(), 1 + 9);
    portal.clear();
    let o = fetch(&portal, out.path(), &chosen);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(portal.requests(), ["/api/agenda/udvalgsliste"]);
    assert!(
        stderr(&o).contains("0 fetched, 9 already saved"),
        "{}",
        stderr(&o)
    );
    // --refresh asks for every chosen meeting again.
    portal.clear();
    assert!(
        fetch(&portal, out.path(), &[chosen[0], chosen[1], "--refresh"])
            .status
            .success()
    );
    assert_eq!(portal.requests().len(), 1 + 9);
}

#[test]
fn since_until_and_committee_choose_the_meetings() {
    let portal = serve(Mischief::default());
    let out = tempfile::tempdir().unwrap();
    let o = fetch(
        &portal,
        out.path(),
        &[
            "--since",
            "2024-01-01",
            "--until",
            "2024-12-31",
            "--committee",
            "ØKONOMIUDVALGET",
            "--committee",
            "byråd",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        files(out.path()),
        [
            "Byråd 2022-2025/2024-11-13_7dd7d43e-f2dd-43fe-bb0e-167603b03fdc.json",
            "Økonomiudvalget/2024-02-28_fd9f52cd-dac7-418a-bc81-ab8fde18250c.json",
            "Økonomiudvalget/2024-05-08_e297e7d6-13cf-48a5-b232-bf253aca41cc.json",
            "Økonomiudvalget/2024-08-28_e8a8730f-6cd2-461a-bb9d-0767e1006341.json",
        ]
    );
    // Nothing else was asked for.
    assert_eq!(portal.requests().len(), 1 + 4);
    // A choice that takes nothing says so.
    let o = fetch(&portal, out.path(), &["--committee", "ingen sådan"]);
    assert!(o.status.success());
    assert!(
        stderr(&o).contains("found none that --since, --until and --committee choose (the portal lists 27 meetings)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_server_error_is_retried() {
    let id = "7dd7d43e-f2dd-43fe-bb0e-167603b03fdc";
    let path = format!("/api/agenda/dagsorden/{id}");
    let portal = serve(Mischief {
        fail_once: vec![path.clone(), "/api/agenda/udvalgsliste".into()],
        ..Mischief::default()
    });
    let out = tempfile::tempdir().unwrap();
    let o = fetch(
        &portal,
        out.path(),
        &["--since", "2024-11-13", "--until", "2024-11-13"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(files(out.path()).len(), 1);
    let asked = portal.requests();
    assert_eq!(asked.iter().filter(|p| **p == path).count(), 2, "{asked:?}");
    // With no retries, the error is the run's.
    let portal = serve(Mischief {
        fail_once: vec![path.clone()],
        ..Mischief::default()
    });
    let out = tempfile::tempdir().unwrap();
    let o = fetch(
        &portal,
        out.path(),
        &[
            "--since",
            "2024-11-13",
            "--until",
            "2024-11-13",
            "--retries",
            "0",
        ],
    );
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!(
            "{}{path}: expected a meeting, found HTTP 500",
            portal.base
        )),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_address_that_is_no_portal_fails_in_one_line() {
    let portal = serve(Mischief {
        no_list: true,
        ..Mischief::default()
    });
    let out = tempfile::tempdir().unwrap();
    let o = fetch(&portal, out.path(), &[]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o).trim(),
        format!(
            "{}: expected an agenda portal answering /api/agenda/udvalgsliste, found HTTP 404",
            portal.base
        )
    );
    // A 404 is not retried.
    assert_eq!(portal.requests().len(), 1);
    assert!(files(out.path()).is_empty());
    let o = budgetspor(&[
        "fetch",
        "ftp://example.dk",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("expected a portal address starting with http:// or https://"));
}

#[test]
fn a_cut_off_answer_leaves_no_file() {
    let id = "7dd7d43e-f2dd-43fe-bb0e-167603b03fdc";
    let path = format!("/api/agenda/dagsorden/{id}");
    let portal = serve(Mischief {
        truncate: vec![path.clone()],
        ..Mischief::default()
    });
    let out = tempfile::tempdir().unwrap();
    let o = fetch(
        &portal,
        out.path(),
        &[
            "--committee",
            "byråd",
            "--since",
            "2024-01-01",
            "--retries",
            "1",
        ],
    );
    // The other meetings are saved; this one is reported and missing.
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains(&path), "{}", stderr(&o));
    let saved = files(out.path());
    assert_eq!(saved.len(), 2, "{saved:?}");
    assert!(saved
        .iter()
        .all(|f| !f.contains(id) && !f.ends_with(".tmp")));
    // Tried once more, then given up.
    assert_eq!(portal.requests().iter().filter(|p| **p == path).count(), 2);
}

#[test]
fn hostile_names_stay_inside_the_directory() {
    let portal = serve(Mischief {
        extra: vec![
            (
                "../../Udvalg".into(),
                "../../../escaped".into(),
                "2030-01-01T08:00:00+01:00".into(),
            ),
            (
                "A/B:C".into(),
                "/etc/passwd".into(),
                "2030-01-02T08:00:00+01:00".into(),
            ),
        ],
        ..Mischief::default()
    });
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("portal");
    let o = fetch(&portal, &out, &["--since", "2030-01-01"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        files(&out),
        [
            "A_B_C/2030-01-02__etc_passwd.json",
            "_.._Udvalg/2030-01-01_.._.._.._escaped.json"
        ]
    );
    // Nothing beside the directory.
    assert_eq!(files(parent.path()).len(), 2);
    // The ids were asked for as one path segment each.
    let asked = portal.requests();
    assert!(
        asked.contains(&"/api/agenda/dagsorden/..%2F..%2F..%2Fescaped".to_string()),
        "{asked:?}"
    );
}

#[test]
fn attachments_are_saved_beside_their_meeting_and_read_as_its_items() {
    let portal = serve(Mischief::default());
    let out = tempfile::tempdir().unwrap();
    let one = [
        "--committee",
        "sundhed",
        "--until",
        "2023-08-31",
        "--attachments",
    ];
    let o = fetch(&portal, out.path(), &one);
    assert!(o.status.success(), "{}", stderr(&o));
    let saved = files(out.path());
    let meeting = "Sundheds- og Omsorgsudvalget/2023-08-14_2a32d";
    let pdfs: Vec<&String> = saved.iter().filter(|f| f.ends_with(".pdf")).collect();
    assert!(!pdfs.is_empty(), "{saved:?}");
    assert!(
        pdfs.iter()
            .all(|f| f.starts_with(meeting) && f.contains("/punkt-")),
        "{pdfs:?}"
    );
    // Resumed: no attachment is asked for twice.
    portal.clear();
    assert!(fetch(&portal, out.path(), &one).status.success());
    assert_eq!(portal.requests(), ["/api/agenda/udvalgsliste"]);
    if !have_pdftotext() {
        return;
    }
    // An attachment's cells carry its meeting and its item.
    let first = out.path().join(pdfs[0]);
    let item: u32 = pdfs[0].split("/punkt-").nth(1).unwrap()[..2]
        .parse()
        .unwrap();
    let cells = cells_without_source(&[&first]);
    assert!(cells.height() > 10);
    let same = |name: &str, want: &str| {
        let got = texts(&cells, name);
        assert!(
            got.iter().all(|v| v.as_deref() == Some(want)),
            "{name}: {got:?}"
        );
    };
    same("doc_date", "2023-08-14");
    same("committee", "Sundheds- og Omsorgsudvalget");
    same("item_no", &item.to_string());
}
