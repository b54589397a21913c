//! Splitting a line-based export (N-Triples, N-Quads) into shards of at
//! most N lines, for parallel bulk loaders (QLever's, Virtuoso's `ld_dir`).
//!
//! `kg.nt` becomes `kg.00001.nt`, `kg.00002.nt`, …: each shard is written to
//! a temporary file beside its target and all are renamed into place only
//! by [`Shards::commit`], which also removes shards of a previous, longer
//! run, so a directory never mixes two exports. A line (one triple or quad:
//! N-Triples escapes newlines inside literals) is never split.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use super::behind::DropBehind;

/// A writer that starts a new shard every `lines` lines.
pub struct Shards {
    dir: PathBuf,
    stem: String,
    extension: String,
    lines: u64,
    in_current: u64,
    current: Option<BufWriter<DropBehind<NamedTempFile>>>,
    finished: Vec<NamedTempFile>,
}

impl Shards {
    /// Shards named after `path` (`dir/kg.nt` → `dir/kg.00001.nt`…), each of at most `lines` lines.
    pub fn new(path: &Path, lines: u64) -> io::Result<Self> {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the output needs a file name"))?;
        let (stem, extension) = match name.rsplit_once('.') {
            Some((stem, ext)) => (stem.to_owned(), format!(".{ext}")),
            None => (name.to_owned(), String::new()),
        };
        Ok(Self {
            dir,
            stem,
            extension,
            lines: lines.max(1),
            in_current: 0,
            current: None,
            finished: Vec::new(),
        })
    }

    /// The path of shard `index` (1-based).
    pub fn path(&self, index: usize) -> PathBuf {
        self.dir
            .join(format!("{}.{index:05}{}", self.stem, self.extension))
    }

    fn close(&mut self) -> io::Result<()> {
        if let Some(w) = self.current.take() {
            let file = w
                .into_inner()
                .map_err(io::IntoInnerError::into_error)?
                .into_inner();
            file.as_file().sync_all()?;
            self.finished.push(file);
        }
        self.in_current = 0;
        Ok(())
    }

    fn open(&mut self) -> io::Result<&mut BufWriter<DropBehind<NamedTempFile>>> {
        if self.current.is_none() {
            let temp = tempfile::Builder::new()
                .prefix(".conflict-kg-")
                .suffix(".tmp")
                .tempfile_in(&self.dir)?;
            self.current = Some(BufWriter::with_capacity(
                crate::import::sink::WRITE_CHUNK,
                DropBehind::new(temp),
            ));
        }
        self.current
            .as_mut()
            .ok_or_else(|| io::Error::other("no shard open"))
    }

    /// Renames every shard into place and removes the shards of a previous
    /// run beyond the last one; returns the shards written.
    pub fn commit(mut self) -> io::Result<Vec<PathBuf>> {
        if self.current.is_none() && self.finished.is_empty() {
            self.open()?;
        }
        self.close()?;
        let mut written = Vec::new();
        for (i, temp) in std::mem::take(&mut self.finished).into_iter().enumerate() {
            let target = self.path(i + 1);
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt as _;
                temp.as_file()
                    .set_permissions(fs::Permissions::from_mode(0o644))?;
            }
            temp.persist(&target).map_err(|e| e.error)?;
            written.push(target);
        }
        let mut stale = written.len() + 1;
        while self.path(stale).exists() {
            fs::remove_file(self.path(stale))?;
            stale += 1;
        }
        Ok(written)
    }
}

impl Write for Shards {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        while !rest.is_empty() {
            let room = self.lines - self.in_current;
            // The end of the line that fills this shard, if it is in `rest`.
            let mut seen = 0;
            let end = rest.iter().position(|&b| {
                if b == b'\n' {
                    seen += 1;
                }
                seen == room
            });
            if let Some(pos) = end {
                self.open()?.write_all(&rest[..=pos])?;
                self.close()?;
                rest = &rest[pos + 1..];
            } else {
                self.open()?.write_all(rest)?;
                self.in_current += seen;
                rest = &[];
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.current {
            Some(w) => w.flush(),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_split_into_shards_and_stale_shards_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kg.nt");
        fs::write(dir.path().join("kg.00004.nt"), "stale").unwrap();
        fs::write(dir.path().join("kg.00005.nt"), "stale").unwrap();
        let mut s = Shards::new(&path, 2).unwrap();
        // Writes that cut lines anywhere.
        for chunk in ["a .\nb", " .\nc .", "\nd .\ne .\n"] {
            s.write_all(chunk.as_bytes()).unwrap();
        }
        let files = s.commit().unwrap();
        let names: Vec<String> = files
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["kg.00001.nt", "kg.00002.nt", "kg.00003.nt"]);
        let text: Vec<String> = files.iter().map(|p| fs::read_to_string(p).unwrap()).collect();
        assert_eq!(text, ["a .\nb .\n", "c .\nd .\n", "e .\n"]);
        assert!(!dir.path().join("kg.00004.nt").exists() && !dir.path().join("kg.00005.nt").exists());
        let leftovers = fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".tmp")
            })
            .count();
        assert_eq!(leftovers, 0);
    }

    #[test]
    fn an_empty_export_is_one_empty_shard() {
        let dir = tempfile::tempdir().unwrap();
        let files = Shards::new(&dir.path().join("kg.nq"), 10)
            .unwrap()
            .commit()
            .unwrap();
        assert_eq!(files.len(), 1);
        assert_eq!(fs::read(&files[0]).unwrap(), b"");
    }
}
