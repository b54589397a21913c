//! Streaming a large file to disk without filling the page cache with it.
//!
//! A bulk import writes gigabytes that nobody reads back soon. Left to the
//! kernel, every byte stays in the page cache as a dirty page until the
//! flusher writes it back, so the cache the job dirties grows with its output
//! (until the dirty limits throttle it), and every page it writes is a page
//! of memory never touched before. On a virtual machine that hands freed
//! memory back to its host (free page reporting, as on this project's CI),
//! touching a new page costs a fault in the host: writing a 5.9 GB file cost
//! 5–12 s of system time here, against about 2 s for the same bytes written
//! behind.
//!
//! [`DropBehind`] does what `dd oflag=nocache` does: every [`WINDOW`] bytes
//! it asks the kernel to start writing back the window just written, and to
//! drop the windows written back before it. The cache the file occupies stays
//! a few windows wide whatever its size, and the same pages are reused over
//! and over. It changes no byte of the file, and nothing of its durability:
//! the caller still syncs it before publishing it (written-back pages are
//! clean; the final sync only waits for the tail).
//!
//! On systems other than Linux it writes straight through.

use std::fs::File;
use std::io::{self, Write};

/// How many bytes are written between two pieces of advice.
pub const WINDOW: u64 = 32 << 20;

/// How many windows behind the one just written are dropped: the one
/// before it had a window's time to be written back; the ones before that
/// are asked again in case their writeback was still running.
const LAG: u64 = 3;

/// A file written front to back, its written-back pages dropped from the
/// page cache as it grows. Writes go straight to the file: callers hand it
/// large chunks (see [`crate::import::sink::WRITE_CHUNK`]).
#[derive(Debug)]
pub struct DropBehind<F: Write + OnDisk> {
    file: F,
    /// Where in the file the first byte written through this writer went.
    start: u64,
    /// Bytes written so far.
    written: u64,
    /// Where the next window to advise starts.
    advised: u64,
}

/// A writer with a file underneath, to advise the kernel about.
pub trait OnDisk {
    /// The file written to.
    fn file(&self) -> &File;
}

impl OnDisk for File {
    fn file(&self) -> &File {
        self
    }
}

impl OnDisk for &mut File {
    fn file(&self) -> &File {
        self
    }
}

impl OnDisk for tempfile::NamedTempFile {
    fn file(&self) -> &File {
        self.as_file()
    }
}

impl<F: Write + OnDisk> DropBehind<F> {
    /// Writes to `file`, a new, empty one.
    pub fn new(file: F) -> Self {
        Self::at(file, 0)
    }

    /// Writes to `file` from `start`, where its offset stands (or its end,
    /// when it appends).
    pub fn at(file: F, start: u64) -> Self {
        Self {
            file,
            start,
            written: 0,
            advised: 0,
        }
    }

    /// Bytes written through this writer.
    pub fn written(&self) -> u64 {
        self.written
    }

    /// The file, once everything is written.
    pub fn into_inner(self) -> F {
        self.file
    }

    fn advise(&mut self) {
        while self.written - self.advised >= WINDOW {
            let window = self.start + self.advised;
            self.advised += WINDOW;
            advise(self.file.file(), self.start, window);
        }
    }
}

/// Standard output as a file to write behind, when it is one: a regular file
/// the shell opened (`conflict-kg import acled big.csv > big.nt`). `None` for
/// a terminal, a pipe or a device, and off Linux.
///
/// The file is a duplicate of standard output's descriptor and shares its
/// offset, so standard output's own buffer must be flushed first, and left
/// alone while this one is in use.
#[cfg(target_os = "linux")]
pub fn stdout_file() -> Option<DropBehind<File>> {
    use std::io::Seek as _;
    use std::os::fd::AsFd as _;
    let file = File::from(io::stdout().as_fd().try_clone_to_owned().ok()?);
    let meta = file.metadata().ok()?;
    if !meta.file_type().is_file() {
        return None;
    }
    // `>>` writes at the end, wherever the offset stands.
    let appends = rustix::fs::fcntl_getfl(&file)
        .ok()?
        .contains(rustix::fs::OFlags::APPEND);
    let start = if appends {
        meta.len()
    } else {
        (&file).stream_position().ok()?
    };
    Some(DropBehind::at(file, start))
}

/// Standard output as a file to write behind: only on Linux.
#[cfg(not(target_os = "linux"))]
pub fn stdout_file() -> Option<DropBehind<File>> {
    None
}

/// Starts the writeback of the window at `start`, and drops the pages of the
/// windows [`LAG`] before it whose writeback is done, none before `from`
/// (what the file held before is not ours to drop).
#[cfg(target_os = "linux")]
fn advise(file: &File, from: u64, start: u64) {
    use rustix::fs::{Advice, fadvise};
    // With dirty pages, POSIX_FADV_DONTNEED starts their writeback (without
    // waiting for it) and drops nothing; with clean ones, it drops them. The
    // advice is a hint: an error (a file system that does not take it) changes
    // nothing that was written, so it is ignored.
    let len = std::num::NonZeroU64::new(WINDOW);
    let _ = fadvise(file, start, len, Advice::DontNeed);
    let behind = start.saturating_sub(LAG * WINDOW).max(from);
    if behind < start {
        let _ = fadvise(
            file,
            behind,
            std::num::NonZeroU64::new(start - behind),
            Advice::DontNeed,
        );
    }
}

#[cfg(not(target_os = "linux"))]
fn advise(_: &File, _: u64, _: u64) {}

impl<F: Write + OnDisk> Write for DropBehind<F> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.written += n as u64;
        self.advise();
        Ok(n)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.file.write_all(buf)?;
        self.written += buf.len() as u64;
        self.advise();
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Read as _, Seek as _};

    use super::*;

    #[test]
    fn the_file_holds_every_byte_written_in_any_sizes() {
        let mut file = tempfile::tempfile().unwrap();
        let mut expected = Vec::new();
        {
            let mut w = DropBehind::new(&mut file);
            // Chunks that straddle windows, from one byte to more than a window.
            let window = usize::try_from(WINDOW).unwrap();
            for (i, size) in [1, 4 << 20, window + 7, 3, 5 << 20, 2 * window]
                .into_iter()
                .enumerate()
            {
                let chunk: Vec<u8> = (0..size).map(|b| u8::try_from((b + i) % 251).unwrap()).collect();
                w.write_all(&chunk).unwrap();
                expected.extend_from_slice(&chunk);
            }
            w.flush().unwrap();
            assert_eq!(w.written(), expected.len() as u64);
            assert_eq!(w.advised, expected.len() as u64 / WINDOW * WINDOW);
        }
        let mut got = Vec::new();
        file.rewind().unwrap();
        file.read_to_end(&mut got).unwrap();
        assert!(got == expected, "the file differs from what was written");
    }

    #[test]
    fn a_file_written_from_an_offset_keeps_what_it_held() {
        // As standard output appended to (`>> out.nt`): the windows count from
        // where the writer started, and the bytes before it stay as they were.
        let mut file = tempfile::tempfile().unwrap();
        let before = b"held before\n".repeat(100);
        file.write_all(&before).unwrap();
        let chunk: Vec<u8> = (0..(WINDOW + 9))
            .map(|b| u8::try_from(b % 241).unwrap())
            .collect();
        {
            let start = file.stream_position().unwrap();
            let mut w = DropBehind::at(&mut file, start);
            w.write_all(&chunk).unwrap();
            w.write_all(&chunk).unwrap();
            w.flush().unwrap();
            assert_eq!(w.start, before.len() as u64);
            assert_eq!(w.advised, 2 * WINDOW);
        }
        let mut got = Vec::new();
        file.rewind().unwrap();
        file.read_to_end(&mut got).unwrap();
        assert!(got[..before.len()] == before[..], "the bytes held before changed");
        assert!(
            got[before.len()..] == [chunk.as_slice(), &chunk].concat()[..],
            "the bytes written differ"
        );
    }
}
