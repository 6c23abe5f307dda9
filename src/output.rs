//! The one place that writes files. Every output is written to a temporary
//! file beside its target and renamed into place, so a reader never sees a
//! half-written Parquet or CSV, even if the run is killed.

use std::io::Write;
use std::path::Path;

/// The buffer every output is written through: a megabyte, a few system
/// calls per megabyte written (writers such as polars' Parquet writer make
/// a write per page header and page).
pub const WRITE_BUFFER: usize = 1 << 20;

/// Write `bytes` to `path` atomically, creating parent directories; `-`
/// means stdout.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |out| out.write_all(bytes))
}

/// Write to `path` atomically what `fill` writes, through a buffer; `-`
/// means stdout. A large table is serialized straight into the file, never
/// whole into memory first: the bytes of a 100 MB CSV cost fresh pages
/// the size of the file, and the page faults cost more than the copy.
/// `fill`'s own error (a serializer's) comes back as it is.
pub fn write_atomic_with<E: From<std::io::Error>>(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<(), E>,
) -> Result<(), E> {
    if path.as_os_str() == "-" {
        let mut out = std::io::BufWriter::with_capacity(WRITE_BUFFER, std::io::stdout().lock());
        fill(&mut out)?;
        return Ok(out.flush()?);
    }
    let mut out = std::io::BufWriter::with_capacity(WRITE_BUFFER, AtomicFile::create(path)?);
    fill(&mut out)?;
    Ok(out.into_inner().map_err(|e| e.into_error())?.commit()?)
}

/// A file being written: a temporary file beside the target, renamed into
/// place by [`AtomicFile::commit`]. Dropped without commit (an error, a
/// panic), it is removed; killed, it leaves only a dot-file named
/// `.NAME.PID.tmp`, never a truncated target.
///
/// A target that exists and is not a regular file (`/dev/null`, a named
/// pipe, a terminal) is written directly: renaming over it would replace
/// the device with a file.
pub struct AtomicFile {
    file: Option<std::fs::File>,
    /// The temporary file, `None` when writing straight to a special file.
    tmp: Option<std::path::PathBuf>,
    target: std::path::PathBuf,
}

impl AtomicFile {
    pub fn create(path: &Path) -> std::io::Result<AtomicFile> {
        let special = std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir());
        if special {
            let file = std::fs::OpenOptions::new().write(true).open(path)?;
            return Ok(AtomicFile {
                file: Some(file),
                tmp: None,
                target: path.to_path_buf(),
            });
        }
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(dir)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "output".into());
        let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let file = std::fs::File::create(&tmp)?;
        Ok(AtomicFile {
            file: Some(file),
            tmp: Some(tmp),
            target: path.to_path_buf(),
        })
    }

    pub fn file(&mut self) -> &mut std::fs::File {
        self.file.as_mut().expect("open until committed")
    }

    /// Rename into place. The file is complete when renamed, so a killed
    /// run never leaves a truncated target. It is not forced to disk
    /// first (no fsync), as `cp` and polars do not: the kernel writes it
    /// back within seconds, and forcing it cost 0.3 s per 100 MB here,
    /// longer than building the table. What an fsync would add is safety
    /// against a power cut in those seconds, for a file that can be made
    /// again from the minutes.
    pub fn commit(mut self) -> std::io::Result<()> {
        let mut file = self.file.take().expect("open until committed");
        let Some(tmp) = self.tmp.take() else {
            return file.flush();
        };
        let renamed = file
            .flush()
            .and_then(|()| std::fs::rename(&tmp, &self.target));
        if renamed.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        renamed
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if let (Some(_), Some(tmp)) = (&self.file, &self.tmp) {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file().write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.file().flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/out.csv");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file left behind");
    }

    #[test]
    fn failed_fill_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        write_atomic(&path, b"old").unwrap();
        let failed = write_atomic_with(&path, |out| {
            out.write_all(b"half")?;
            Err(std::io::Error::other("serializer failed"))
        });
        assert_eq!(failed.unwrap_err().to_string(), "serializer failed");
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file left behind");
    }
}
