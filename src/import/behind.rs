//! Large output files written behind: past its first GiB, an import's output
//! file is handed to the disk every 8 MiB and, once there, dropped from the
//! page cache.
//!
//! A multi-gigabyte N-Triples file would otherwise fill the page cache with
//! dirty pages: the kernel then throttles the writer and reclaims memory
//! page by page, and the system time of writing grows faster than the file
//! (measured here: 4.4–6.5 s of system time to write 6 GB plainly, 2.0–2.2 s
//! written behind; the same 0.15 s for 600 MB either way, which is why small
//! outputs are left alone, cached for whatever reads them next). The advice
//! is `posix_fadvise(POSIX_FADV_DONTNEED)`: on Linux it starts the writeback
//! of dirty pages and drops the clean ones; the file's content is the same.

use std::io::{self, Write};

/// Written plainly up to this many bytes.
const FROM: u64 = 1 << 30;
/// Then handed to the disk this many bytes at a time.
const WINDOW: u64 = 8 << 20;

/// A file written front to back, written behind past its first GiB (see
/// the module). Where the advice is not available (not Linux) or fails,
/// it is a plain writer.
#[derive(Debug)]
pub struct WriteBehind<F> {
    file: F,
    /// Bytes written so far.
    written: u64,
    /// Where the last window handed to the disk ends.
    handed: u64,
    /// What is dropped from the page cache (up to where).
    dropped: u64,
    from: u64,
    window: u64,
    /// The advice failed once: not tried again.
    plain: bool,
}

impl<F> WriteBehind<F> {
    /// Writes to `file`, from its start.
    pub fn new(file: F) -> Self {
        Self::with(file, FROM, WINDOW)
    }

    fn with(file: F, from: u64, window: u64) -> Self {
        Self {
            file,
            written: 0,
            handed: 0,
            dropped: 0,
            from,
            window,
            plain: !cfg!(target_os = "linux"),
        }
    }
}

#[cfg(target_os = "linux")]
impl<F: std::os::fd::AsFd> WriteBehind<F> {
    /// Hands what was written since the last window to the disk, and drops
    /// what lies a window before that (written by now) from the page cache.
    fn behind(&mut self) {
        let advise = |offset: u64, end: u64| {
            rustix::fs::fadvise(
                &self.file,
                offset,
                std::num::NonZeroU64::new(end - offset),
                rustix::fs::Advice::DontNeed,
            )
        };
        let drop_to = self.handed.saturating_sub(self.window).max(self.dropped);
        let advised = advise(self.handed, self.written).and_then(|()| advise(self.dropped, drop_to));
        self.plain = advised.is_err();
        self.handed = self.written;
        self.dropped = drop_to;
    }
}

#[cfg(target_os = "linux")]
impl<F: Write + std::os::fd::AsFd> Write for WriteBehind<F> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.written += n as u64;
        if !self.plain && self.written >= self.from && self.written - self.handed >= self.window {
            self.behind();
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

#[cfg(not(target_os = "linux"))]
impl<F: Write> Write for WriteBehind<F> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    #[test]
    fn what_is_written_behind_is_the_file_written() {
        let mut file = tempfile::tempfile().unwrap();
        let text: Vec<u8> = (0..300_000u32).flat_map(u32::to_le_bytes).collect();
        {
            let mut w = WriteBehind::with(&mut file, 100_000, 16_384);
            for chunk in text.chunks(5_000) {
                w.write_all(chunk).unwrap();
            }
            w.flush().unwrap();
            assert_eq!(w.written, text.len() as u64);
            if cfg!(target_os = "linux") {
                assert!(!w.plain, "the advice is taken");
                assert!(w.handed > 1_000_000 && w.dropped > 900_000);
            }
        }
        let mut back = Vec::new();
        io::Seek::rewind(&mut file).unwrap();
        file.read_to_end(&mut back).unwrap();
        assert!(back == text);
    }
}
