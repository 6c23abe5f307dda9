//! Hostile inputs: each gives a one-line `path: reason` (or a warning) and
//! the run goes on with the other inputs; and a run killed mid-way leaves
//! the previous output whole, never a truncated Parquet.

use polars::prelude::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_budgetspor"))
}

fn good() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/minutes/003_a381528b1bf02542.txt")
}

fn extract(inputs: &[&Path]) -> (Output, String, String) {
    let o = bin()
        .args(["extract", "--format", "csv"])
        .args(inputs)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    (o, err, out)
}

/// The good fixture was still read: its Førtidspension budget is there.
fn still_read(out: &str) {
    assert!(out.contains("1674207000"), "the good file was read");
}

#[test]
fn empty_file_warns_and_counts_as_read() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    let (o, err, out) = extract(&[&empty, &good()]);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains(&format!(
            "{}: warning: expected minutes, found an empty file",
            empty.display()
        )),
        "{err}"
    );
    still_read(&out);
}

#[test]
fn huge_file_without_newline_is_skipped_unread() {
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("dump.txt");
    let file = std::fs::File::create(&huge).unwrap();
    file.set_len(200_000_000).unwrap(); // 200 MB, no newline (sparse)
    let (o, err, out) = extract(&[&huge, &good()]);
    assert_eq!(o.status.code(), Some(3), "{err}");
    let line = format!(
        "{}: expected a minutes file of at most 32 MB, found 200 MB; skipped",
        huge.display()
    );
    assert!(err.lines().any(|l| l == line), "{err}");
    still_read(&out);
}

#[test]
fn megabyte_line_is_skipped_with_its_line_number() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.txt");
    let text = format!(
        "Udgifter\n{}\n1.000 kr.\tBudget 2025\nSygedagpenge\t336.018\n",
        "x".repeat(1 << 20)
    );
    std::fs::write(&path, text).unwrap();
    let (o, err, out) = extract(&[&path]);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains(&format!(
            "{}:2: warning: expected a line of at most 65536 bytes, found 1048576 bytes",
            path.display()
        )),
        "{err}"
    );
    assert!(out.contains("336018000"), "the table after it is read");
}

#[test]
fn unreadable_inputs_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let dangling = dir.path().join("gone.txt");
    std::os::unix::fs::symlink(dir.path().join("nowhere.txt"), &dangling).unwrap();
    let locked = dir.path().join("locked.txt");
    std::fs::write(&locked, "Budget\n").unwrap();
    std::fs::set_permissions(&locked, std::os::unix::fs::PermissionsExt::from_mode(0o000)).unwrap();
    // root reads anything: then only the dangling link is unreadable.
    let locked_counts = std::fs::read(&locked).is_err();
    let (o, err, out) = extract(&[&dangling, &locked, &good()]);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(
        err.contains(&format!("{}: expected a readable file", dangling.display())),
        "{err}"
    );
    if locked_counts {
        assert!(
            err.contains(&format!("{}: expected a readable file", locked.display())),
            "{err}"
        );
    }
    still_read(&out);
}

#[test]
fn directory_symlink_loop_is_walked_once() {
    let dir = tempfile::tempdir().unwrap();
    let minutes = dir.path().join("minutes");
    std::fs::create_dir_all(minutes.join("sub")).unwrap();
    std::fs::copy(good(), minutes.join("sub/003.txt")).unwrap();
    std::os::unix::fs::symlink(&minutes, minutes.join("sub/loop")).unwrap();
    let (o, err, out) = extract(&[&minutes]);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert_eq!(
        out.matches("1674207000").count(),
        1,
        "the file is read once"
    );
}

#[test]
fn table_of_500_columns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wide.txt");
    let header: Vec<String> = (0..499)
        .map(|i| format!("Budget {}", 2000 + i % 90))
        .collect();
    let values: Vec<String> = (1..500).map(|i| format!("{i}.000")).collect();
    std::fs::write(
        &path,
        format!(
            "1.000 kr.\t{}\nSygedagpenge\t{}\n",
            header.join("\t"),
            values.join("\t")
        ),
    )
    .unwrap();
    let (o, err, out) = extract(&[&path]);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert_eq!(out.lines().count(), 1 + 499, "one row per cell");
    assert!(out.contains(",499000000\n"), "the last column");
}

/// Kill `extract` while it writes; the earlier output must stay whole.
///
/// The run is held mid-write at a known point, not killed after a guessed
/// delay (which a fast machine outran, a slow one never reached): the last
/// input is a named pipe that nobody writes, so `extract` reads and writes
/// the batches before it and then waits on the pipe. The test sees the
/// moment it opens the pipe (a non-blocking open for writing succeeds only
/// once a reader has it open), and kills the run there.
#[test]
fn killed_run_leaves_the_old_output_whole() {
    use std::os::unix::fs::OpenOptionsExt;
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let fixture = std::fs::read(good()).unwrap();
    let copies = 300;
    for i in 0..copies {
        std::fs::write(corpus.join(format!("{i:04}.txt")), &fixture).unwrap();
    }
    let out = dir.path().join("cells.parquet");
    let o = bin()
        .args(["extract", "-q", "-o"])
        .arg(&out)
        .arg(good())
        .output()
        .unwrap();
    assert!(o.status.success());
    let before = std::fs::read(&out).unwrap();
    let cells_per_copy = ParquetReader::new(std::io::Cursor::new(before.clone()))
        .finish()
        .unwrap()
        .height();
    assert!(cells_per_copy > 0);

    // Held on the pipe, sorted last in the corpus: killed mid-write.
    let pipe = corpus.join("9999.txt");
    let made = Command::new("mkfifo").arg(&pipe).status().unwrap();
    assert!(made.success());
    let mut child = bin()
        .args(["extract", "-q", "-o"])
        .arg(&out)
        .arg(&corpus)
        .spawn()
        .unwrap();
    let tmp = dir
        .path()
        .join(format!(".cells.parquet.{}.tmp", child.id()));
    // A guard against a hang only, never a condition of the result: the
    // run cannot finish while the pipe is open and unwritten.
    let guard = std::time::Instant::now();
    let _writer = loop {
        let opened = std::fs::OpenOptions::new()
            .write(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(&pipe);
        if let (Ok(writer), true) = (opened, tmp.exists()) {
            break writer;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("extract ended ({status}) before it read its last input");
        }
        assert!(
            guard.elapsed() < std::time::Duration::from_secs(300),
            "extract did not reach its last input in 300 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(2));
    };
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success(), "killed");
    let now = std::fs::read(&out).unwrap();
    assert_eq!(
        now, before,
        "killed mid-write: the old output, byte for byte"
    );
    ParquetReader::new(std::io::Cursor::new(now))
        .finish()
        .expect("a whole Parquet file");

    // Without the pipe the run completes and replaces it, whole.
    std::fs::remove_file(&pipe).unwrap();
    let o = bin()
        .args(["extract", "-q", "-o"])
        .arg(&out)
        .arg(&corpus)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let df = ParquetReader::new(std::io::Cursor::new(std::fs::read(&out).unwrap()))
        .finish()
        .expect("a whole Parquet file");
    assert_eq!(
        df.height(),
        copies * cells_per_copy,
        "the new output, complete"
    );
}

/// `-o /dev/null` or a named pipe is written to, never renamed over (that
/// would replace the device or pipe with a regular file).
#[test]
fn special_files_are_written_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("cells.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let o = bin()
        .args(["extract", "-q", "--format", "csv", "-o"])
        .arg(&fifo)
        .arg(good())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // Checked before joining: a pipe renamed over would leave the reader
    // waiting forever.
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "still a named pipe");
    let text = reader.join().unwrap();
    assert!(
        text.starts_with("source,"),
        "the cells came through the pipe"
    );
    assert!(text.contains("1674207000"));
}
