//! `conflict-kg generate acled|ucdp --rows N -o FILE` (hidden): a synthetic
//! file for benchmarks, deterministic from `--seed`, no real data.

use std::io::{BufWriter, Write as _};
use std::path::PathBuf;

use anyhow::Context as _;

use super::import::DatasetArg;
use super::{ExitStatus, Printer};
use conflict_kg::export;
use conflict_kg::export::behind::DropBehind;
use conflict_kg::import::generate;
use conflict_kg::import::sink::WRITE_CHUNK;

/// Arguments of `generate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Which dataset's columns to write.
    dataset: DatasetArg,
    /// How many rows.
    #[arg(long, default_value_t = 1000)]
    rows: u64,
    /// The seed: the same seed gives the same file.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Write to FILE (replaced atomically); `-` or nothing is standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: &Args, out: &mut Printer) -> anyhow::Result<ExitStatus> {
    let write = |w: &mut dyn std::io::Write| match args.dataset {
        DatasetArg::Acled => generate::acled(args.rows, args.seed, w),
        DatasetArg::Ucdp => generate::ucdp(args.rows, args.seed, w),
    };
    match args.output.as_ref().filter(|p| p.as_os_str() != "-") {
        // A device or a FIFO is written in place, never replaced by a rename.
        Some(path) if super::import::is_special(path) => {
            let f = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            write(&mut BufWriter::with_capacity(WRITE_CHUNK, f))?;
        }
        Some(path) => export::write_atomic(path, |f| {
            write(&mut BufWriter::with_capacity(WRITE_CHUNK, DropBehind::new(f)))
        })
        .with_context(|| format!("cannot write {}", path.display()))?,
        None => {
            let mut w = BufWriter::with_capacity(WRITE_CHUNK, out.bulk_out()?);
            write(&mut w)?;
            w.flush()?;
        }
    }
    Ok(ExitStatus::Success)
}
