//! Publishing a set of files into a directory as one update: locked, staged,
//! journalled, manifests last.
//!
//! `build` writes files that describe each other (`dataset.ttl` and
//! `SHA256SUMS` hold the others' sizes and hashes), so renaming each file
//! atomically is not enough: a run killed between two renames would leave a
//! set whose manifest disagrees with its files, and nothing to say so. The
//! protocol, in the output directory `DIR`:
//!
//! 1. **Lock** `DIR/.conflict-kg.lock` (`flock`: the kernel releases it
//!    however the process ends). A second build fails at once, or waits.
//! 2. **Recover**: a journal `DIR/.conflict-kg-commit/` left by a run killed
//!    in step 5 is finished (rolled forward); staging directories left by runs
//!    killed in step 3 are deleted. Nothing accumulates.
//! 3. **Stage** every file in a fresh `DIR/.conflict-kg-staging-XXXXXX/`; the
//!    caller reads each back and verifies it; each is fsynced, then the
//!    directory. A failure here deletes the staging directory: `DIR` is untouched.
//! 4. **Commit point**: the staging directory is renamed to the journal
//!    `DIR/.conflict-kg-commit/` and `DIR` is fsynced. From here on the new
//!    version wins, even if the process is killed.
//! 5. **Move** each file from the journal into `DIR` (a rename: atomic), the
//!    manifests last and in order, `DIR` fsynced before each manifest (so no
//!    manifest is ever durable before the files it describes); then remove the
//!    empty journal.
//!
//! So every file is, at every instant, its previous complete version or its
//! new one, and the set is mixed only inside step 5: while the journal
//! exists — and then `sha256sum -c SHA256SUMS` fails, since the manifest is
//! still the previous one and lists the previous hashes.
//!
//! `DIR` stays an ordinary directory: files other than ours (a `.git`, a
//! README) are left alone. Swapping a whole directory would have closed the
//! window in step 5, but it needs a Linux-only call (`renameat2` with
//! `RENAME_EXCHANGE`) and would drop such files or refuse such directories.

use std::fs::{self, File, TryLockError};
use std::io;
use std::path::{Path, PathBuf};

/// The lock file, inside the output directory.
pub const LOCK: &str = ".conflict-kg.lock";
/// The journal: a complete new version whose files are being moved into place.
pub const JOURNAL: &str = ".conflict-kg-commit";
/// What the names of staging directories start with.
pub const STAGING_PREFIX: &str = ".conflict-kg-staging-";

/// Why a directory could not be locked, staged or updated.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// Another process holds the lock.
    #[error("another build is writing {}: it holds the lock {}", dir.display(), lock.display())]
    Locked {
        /// The output directory.
        dir: PathBuf,
        /// Its lock file.
        lock: PathBuf,
    },
    /// A file or directory operation failed before the commit point: the
    /// directory holds its previous version, whole.
    #[error("cannot {action} {}: {cause}", path.display())]
    Io {
        /// What was being done (`write`, `create`, `lock`…).
        action: &'static str,
        /// The file it was done to (the target, for staged files).
        path: PathBuf,
        /// The system's reason.
        cause: io::Error,
    },
    /// Moving the new files into place failed after the commit point.
    #[error(
        "the update of {} stopped half-way: cannot move {name} into place: {cause}; the new files wait in {}, \
         and the next build finishes the update",
        dir.display(),
        journal.display()
    )]
    Interrupted {
        /// The output directory.
        dir: PathBuf,
        /// The file that could not be moved.
        name: String,
        /// The journal holding the files not moved yet.
        journal: PathBuf,
        /// The system's reason.
        cause: io::Error,
    },
}

fn io_error(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> PublishError {
    let path = path.to_path_buf();
    move |cause| PublishError::Io { action, path, cause }
}

/// An output directory whose lock this process holds (until it is dropped).
#[derive(Debug)]
pub struct OutDir {
    dir: PathBuf,
    last: &'static [&'static str],
    recovered: Option<usize>,
    _lock: File,
}

impl OutDir {
    /// Creates `dir` if needed and locks it, failing at once with
    /// [`PublishError::Locked`] when another process holds the lock; then
    /// finishes an update that a killed run left half-done and deletes what
    /// killed runs had staged. `last` names the manifests, moved last and in
    /// this order.
    pub fn open(dir: &Path, last: &'static [&'static str]) -> Result<Self, PublishError> {
        Self::open_with(dir, last, false)
    }

    /// Like [`OutDir::open`], but waits for the lock instead of failing.
    pub fn open_waiting(dir: &Path, last: &'static [&'static str]) -> Result<Self, PublishError> {
        Self::open_with(dir, last, true)
    }

    fn open_with(dir: &Path, last: &'static [&'static str], wait: bool) -> Result<Self, PublishError> {
        let existed = dir.is_dir();
        fs::create_dir_all(dir).map_err(io_error("create", dir))?;
        if !existed {
            sync_dir(parent(dir)).map_err(io_error("sync", parent(dir)))?;
        }
        let path = dir.join(LOCK);
        let lock = open_lock(&path)?;
        if wait {
            lock.lock().map_err(io_error("lock", &path))?;
        } else {
            match lock.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    return Err(PublishError::Locked {
                        dir: dir.to_path_buf(),
                        lock: path,
                    });
                }
                Err(TryLockError::Error(e)) => return Err(io_error("lock", &path)(e)),
            }
        }
        let mut out = Self {
            dir: dir.to_path_buf(),
            last,
            recovered: None,
            _lock: lock,
        };
        let journal = dir.join(JOURNAL);
        if fs::symlink_metadata(&journal).is_ok() {
            out.recovered = Some(out.move_into_place(&journal, &mut |_| {})?);
        }
        out.remove_staging()?;
        Ok(out)
    }

    /// Whether the directory held the journal of an interrupted update when
    /// it was opened, and how many of its files were then moved into place.
    pub fn recovered(&self) -> Option<usize> {
        self.recovered
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// A fresh staging directory for the next version.
    pub fn stage(&self) -> Result<Staging<'_>, PublishError> {
        let temp = tempfile::Builder::new()
            .prefix(STAGING_PREFIX)
            .tempdir_in(&self.dir)
            .map_err(io_error("create a staging directory in", &self.dir))?;
        Ok(Staging { out: self, temp })
    }

    /// Deletes the staging directories of runs that were killed (we hold the lock: none is in use).
    fn remove_staging(&self) -> Result<(), PublishError> {
        for entry in fs::read_dir(&self.dir).map_err(io_error("read", &self.dir))? {
            let entry = entry.map_err(io_error("read", &self.dir))?;
            if entry.file_name().to_string_lossy().starts_with(STAGING_PREFIX) {
                let path = entry.path();
                let removed = if entry.file_type().is_ok_and(|t| t.is_dir()) {
                    fs::remove_dir_all(&path)
                } else {
                    fs::remove_file(&path)
                };
                removed.map_err(io_error("remove the stale staging directory", &path))?;
            }
        }
        Ok(())
    }

    /// Step 5: moves every file of `journal` into the directory, the
    /// manifests last, then removes the journal. Returns how many were moved.
    fn move_into_place(&self, journal: &Path, on_step: &mut dyn FnMut(&str)) -> Result<usize, PublishError> {
        let interrupted = |name: &str| {
            let (dir, journal, name) = (self.dir.clone(), journal.to_path_buf(), name.to_owned());
            move |cause| PublishError::Interrupted {
                dir,
                name,
                journal,
                cause,
            }
        };
        let mut names = Vec::new();
        for entry in fs::read_dir(journal).map_err(interrupted("the files"))? {
            let entry = entry.map_err(interrupted("the files"))?;
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
        // The files the manifests describe first (by name), then the manifests in their order.
        names.sort_by_key(|n| (self.last.iter().position(|l| l == n), n.clone()));
        for name in &names {
            if self.last.contains(&name.as_str()) {
                sync_dir(&self.dir).map_err(interrupted(name))?;
            }
            fs::rename(journal.join(name), self.dir.join(name)).map_err(interrupted(name))?;
            on_step(&format!("moved {name}"));
        }
        sync_dir(&self.dir).map_err(interrupted("the last file"))?;
        fs::remove_dir(journal).map_err(interrupted("the journal itself"))?;
        sync_dir(&self.dir).map_err(interrupted("the journal itself"))?;
        Ok(names.len())
    }
}

/// A new version being written, in a staging directory deleted unless committed.
#[derive(Debug)]
pub struct Staging<'a> {
    out: &'a OutDir,
    temp: tempfile::TempDir,
}

impl Staging<'_> {
    /// Writes the file `name` of the new version with `fill` and fsyncs it.
    /// Returns where it is staged, to be read back.
    pub fn write(
        &mut self,
        name: &str,
        fill: impl FnOnce(&mut File) -> io::Result<()>,
    ) -> Result<PathBuf, PublishError> {
        let path = self.temp.path().join(name);
        let write = || {
            let mut staged = File::create(&path)?;
            // A published export is world-readable, whatever the umask.
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt as _;
                staged.set_permissions(fs::Permissions::from_mode(0o644))?;
            }
            fill(&mut staged)?;
            staged.sync_all()
        };
        write().map_err(io_error("write", &self.out.dir.join(name)))?;
        Ok(path)
    }

    /// Replaces the directory's files with the staged ones (steps 4 and 5).
    /// `on_step` hears `journal` at the commit point, then `moved NAME` after each file.
    pub fn commit(self, on_step: &mut dyn FnMut(&str)) -> Result<(), PublishError> {
        let out = self.out;
        sync_dir(self.temp.path()).map_err(io_error("sync", self.temp.path()))?;
        let staged = self.temp.keep();
        let journal = out.dir.join(JOURNAL);
        if let Err(e) = fs::rename(&staged, &journal) {
            let _ = fs::remove_dir_all(&staged);
            return Err(io_error("create", &journal)(e));
        }
        sync_dir(&out.dir).map_err(interrupted_at_commit(out, &journal))?;
        on_step("journal");
        out.move_into_place(&journal, on_step)?;
        Ok(())
    }
}

fn interrupted_at_commit(out: &OutDir, journal: &Path) -> impl FnOnce(io::Error) -> PublishError {
    let (dir, journal) = (out.dir.clone(), journal.to_path_buf());
    move |cause| PublishError::Interrupted {
        dir,
        name: "the journal".to_owned(),
        journal,
        cause,
    }
}

/// Opens the lock file, creating it if needed. An existing one is opened
/// read-only (enough for `flock`), so a read-only directory fails later, on
/// the file that cannot be written, with that file's name.
fn open_lock(path: &Path) -> Result<File, PublishError> {
    match File::open(path) {
        Ok(file) => return Ok(file),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_error("open the lock file", path)(e)),
    }
    fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(io_error("create the lock file", path))
}

/// The directory holding `path` (`.` for a bare name).
fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Makes the entries of `dir` (creations, renames) durable.
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAST: &[&str] = &["dataset.ttl", "SHA256SUMS"];

    fn publish(dir: &Path, files: &[(&str, &str)]) -> Vec<String> {
        let out = OutDir::open(dir, LAST).unwrap();
        let mut staging = out.stage().unwrap();
        for (name, text) in files {
            staging
                .write(name, |f| io::Write::write_all(f, text.as_bytes()))
                .unwrap();
        }
        let mut steps = Vec::new();
        staging.commit(&mut |s| steps.push(s.to_owned())).unwrap();
        steps
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn files_move_in_with_the_manifests_last_and_nothing_is_left_behind() {
        let dir = tempfile::tempdir().unwrap();
        let steps = publish(
            dir.path(),
            &[
                ("SHA256SUMS", "s"),
                ("b.nt", "b"),
                ("dataset.ttl", "d"),
                ("a.ttl", "a"),
            ],
        );
        assert_eq!(
            steps,
            [
                "journal",
                "moved a.ttl",
                "moved b.nt",
                "moved dataset.ttl",
                "moved SHA256SUMS"
            ]
        );
        assert_eq!(
            entries(dir.path()),
            [LOCK, "SHA256SUMS", "a.ttl", "b.nt", "dataset.ttl"]
        );
        assert_eq!(fs::read_to_string(dir.path().join("b.nt")).unwrap(), "b");
    }

    #[test]
    fn a_second_open_fails_while_the_lock_is_held_and_succeeds_after() {
        let dir = tempfile::tempdir().unwrap();
        let first = OutDir::open(dir.path(), LAST).unwrap();
        let err = OutDir::open(dir.path(), LAST).unwrap_err();
        assert!(matches!(err, PublishError::Locked { .. }), "{err}");
        assert!(err.to_string().contains(LOCK), "{err}");
        drop(first);
        OutDir::open(dir.path(), LAST).unwrap();
    }

    #[test]
    fn an_abandoned_staging_directory_leaves_the_previous_files_and_is_removed_next_time() {
        let dir = tempfile::tempdir().unwrap();
        publish(dir.path(), &[("a.ttl", "old")]);
        let out = OutDir::open(dir.path(), LAST).unwrap();
        let mut staging = out.stage().unwrap();
        staging
            .write("a.ttl", |f| io::Write::write_all(f, b"new"))
            .unwrap();
        // As if killed: the staging directory is not cleaned up.
        let kept = staging.temp.keep();
        drop(out);
        assert_eq!(fs::read_to_string(dir.path().join("a.ttl")).unwrap(), "old");
        assert!(kept.exists());
        let _out = OutDir::open(dir.path(), LAST).unwrap();
        assert!(!kept.exists());
        assert_eq!(entries(dir.path()), [LOCK, "a.ttl"]);
    }

    #[test]
    fn a_half_moved_journal_is_finished_by_the_next_open() {
        let dir = tempfile::tempdir().unwrap();
        publish(
            dir.path(),
            &[("a.ttl", "old a"), ("b.nt", "old b"), ("SHA256SUMS", "old")],
        );
        // As if killed after moving a.ttl: b.nt and the manifest still wait in the journal.
        let journal = dir.path().join(JOURNAL);
        fs::create_dir(&journal).unwrap();
        fs::write(dir.path().join("a.ttl"), "new a").unwrap();
        fs::write(journal.join("b.nt"), "new b").unwrap();
        fs::write(journal.join("SHA256SUMS"), "new").unwrap();
        let out = OutDir::open(dir.path(), LAST).unwrap();
        assert_eq!(out.recovered(), Some(2));
        assert_eq!(entries(dir.path()), [LOCK, "SHA256SUMS", "a.ttl", "b.nt"]);
        for (name, text) in [("a.ttl", "new a"), ("b.nt", "new b"), ("SHA256SUMS", "new")] {
            assert_eq!(fs::read_to_string(dir.path().join(name)).unwrap(), text);
        }
    }

    #[test]
    fn a_write_error_names_the_target_and_leaves_the_directory_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        publish(dir.path(), &[("a.ttl", "old")]);
        let out = OutDir::open(dir.path(), LAST).unwrap();
        let mut staging = out.stage().unwrap();
        let err = staging
            .write("a.ttl", |_| Err(io::Error::other("disk on fire")))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "cannot write {}: disk on fire",
                dir.path().join("a.ttl").display()
            )
        );
        drop(staging);
        assert_eq!(entries(dir.path()), [LOCK, "a.ttl"]);
        assert_eq!(fs::read_to_string(dir.path().join("a.ttl")).unwrap(), "old");
    }
}
