//! `conflict-kg import acled|ucdp FILE`: a dataset's CSV export, streamed to
//! RDF (a file written atomically, standard output, or a store through the
//! bulk loader), bad rows stopping the job or set aside in a rejects file.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal as _, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use clap::ValueEnum;
use csv::ByteRecord;

use super::export::FormatArg;
use super::{ExitStatus, Printer};
use conflict_kg::export::behind::DropBehind;
use conflict_kg::export::shard::Shards;
use conflict_kg::export::{self, Format, Staged};
use conflict_kg::import::sink::{NTriples, Serialized, Sink, Turtle, WRITE_CHUNK};
use conflict_kg::import::{
    self, Dataset, ERROR_COLUMN, ImportError, OnError, Options, Rejects, RowError, Summary,
};
use conflict_kg::iri::{DEFAULT_BASE, Minter};
use conflict_kg::store;

/// The datasets on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DatasetArg {
    /// An ACLED export (event_id_cnty, event_date, time_precision, …).
    Acled,
    /// A UCDP GED file (id, type_of_violence, side_a, side_b, date_start, …).
    Ucdp,
}

/// What to do with a bad row.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OnErrorArg {
    /// Stop at the first bad row; write nothing (exit 1).
    Fail,
    /// Set bad rows aside in the rejects file, import the rest, count them at the end.
    Skip,
}

/// Arguments of `import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Which dataset the file comes from.
    dataset: DatasetArg,
    /// The CSV file, plain or gzip-compressed; `-` reads standard input.
    file: PathBuf,
    /// Write to FILE (replaced atomically); `-` or nothing is standard output.
    #[arg(long, short, value_name = "FILE", conflicts_with = "store")]
    output: Option<PathBuf>,
    /// The format; defaults to the one the -o file name implies, else N-Triples.
    #[arg(long, short)]
    format: Option<FormatArg>,
    /// Load into the on-disk store in DIR with the bulk loader (needs the `rocksdb` feature).
    #[arg(long, value_name = "DIR")]
    store: Option<PathBuf>,
    /// Base IRI under which events, actors and places are minted (must end with `/`).
    #[arg(long, value_name = "IRI", default_value = DEFAULT_BASE)]
    base: String,
    /// What to do with a bad row.
    #[arg(long, value_name = "WHAT", default_value = "fail")]
    on_error: OnErrorArg,
    /// Where --on-error skip writes the bad rows (default: the output's name + .rejects.csv).
    #[arg(long, value_name = "FILE")]
    rejects: Option<PathBuf>,
    /// Split the N-Triples or N-Quads output into shards of at most N lines (FILE.00001.nt…).
    #[arg(long, value_name = "N", requires = "output")]
    shard_lines: Option<u64>,
}

/// Rejected rows printed in full on standard error before only counting them.
const SHOWN: u64 = 20;

pub fn run(args: &Args, printer: &mut Printer) -> anyhow::Result<ExitStatus> {
    let to_file = args.output.as_deref().filter(|p| p.as_os_str() != "-");
    let (dataset, format, options) = settings(args, to_file)?;
    let minter = &options.minter;
    let graph = minter.graph(dataset.name());
    let (name, input, progress) = open_input(&args.file)?;
    let rejects_path = (options.on_error == OnError::Skip).then(|| rejects_path(args, to_file));

    let Printer { stdout, stderr, .. } = printer;
    // Every output is staged: nothing replaces a previous file unless the import succeeded.
    let mut result: Option<Result<Summary, ImportError>> = None;
    let mut staged_output: Option<Staged> = None;
    let mut shards: Option<Shards> = None;
    let import_into = |rejects: &mut dyn Rejects| -> anyhow::Result<()> {
        let to = |input: Box<dyn Read>, w: &mut dyn Write, rejects: &mut dyn Rejects| {
            Job::new(dataset, input, &name, &options, rejects).write(format, &graph, w)
        };
        let cannot = |path: &Path| format!("cannot write {}", path.display());
        if let Some(dir) = &args.store {
            let st = store::open(Some(dir))?;
            let mut sink = import::sink::Store::new(st.bulk_loader(), graph.clone());
            let r = import::run(dataset, input, &name, &options, &mut sink, rejects);
            if r.is_ok() {
                sink.commit().context("cannot commit the bulk load")?;
            }
            result = Some(r);
        } else if let (Some(lines), Some(path)) = (args.shard_lines, to_file) {
            let mut writer = Shards::new(path, lines).with_context(|| cannot(path))?;
            result = Some(to(input, &mut writer, rejects));
            shards = Some(writer);
        } else if let Some(path) = to_file.filter(|p| is_special(p)) {
            // A device or a pipe (`-o /dev/null`, a FIFO) is written in place:
            // renaming a file over it would replace the device itself.
            let f = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .with_context(|| cannot(path))?;
            let mut w = BufWriter::with_capacity(WRITE_CHUNK, f);
            result = Some(to(input, &mut w, rejects));
            w.flush().with_context(|| cannot(path))?;
        } else if let Some(path) = to_file {
            let staged = export::stage(path, |f| {
                // Gigabytes nobody reads back soon: written behind, the page cache kept small.
                let mut w = BufWriter::with_capacity(WRITE_CHUNK, DropBehind::new(f));
                result = Some(to(input, &mut w, rejects));
                w.flush()
            })
            .with_context(|| cannot(path))?;
            staged_output = Some(staged);
        } else {
            let mut w = super::bulk_out(stdout).context("cannot write to standard output")?;
            result = Some(to(input, &mut *w, rejects));
        }
        Ok(())
    };
    let staged_rejects = if let Some(path) = &rejects_path {
        let mut failed = None;
        let staged = export::stage(path, |f| {
            let mut rejects = RejectsFile::new(Some(Box::new(BufWriter::new(f))));
            if let Err(e) = import_into(&mut rejects) {
                failed = Some(e);
            }
            rejects.flush()
        })
        .with_context(|| format!("cannot write {}", path.display()))?;
        if let Some(e) = failed {
            return Err(e);
        }
        Some(staged)
    } else {
        import_into(&mut RejectsFile::new(None))?;
        None
    };
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    let Some(summary) = outcome(stderr, result)? else {
        return Ok(ExitStatus::Failure);
    };
    if let Some(staged) = staged_output {
        staged.commit().context("cannot replace the output file")?;
    }
    if let Some(shards) = shards {
        let files = shards.commit().context("cannot write the shards")?;
        writeln!(
            stderr,
            "wrote {} shard{}",
            files.len(),
            if files.len() == 1 { "" } else { "s" }
        )?;
    }
    if let Some(staged) = staged_rejects {
        staged.commit().context("cannot replace the rejects file")?;
    }
    report(
        stderr,
        args,
        to_file,
        &graph,
        &name,
        format,
        &summary,
        rejects_path.as_deref(),
    )?;
    Ok(ExitStatus::Success)
}

/// The dataset, the output format and the import options the arguments ask for.
fn settings(args: &Args, to_file: Option<&Path>) -> anyhow::Result<(Dataset, Format, Options)> {
    let minter = Minter::new(&args.base).context("invalid --base")?;
    let dataset = match args.dataset {
        DatasetArg::Acled => Dataset::Acled,
        DatasetArg::Ucdp => Dataset::Ucdp,
    };
    let format = format(args.format, to_file)?;
    if args.shard_lines.is_some() && !matches!(format, Format::NTriples | Format::NQuads) {
        bail!("--shard-lines splits line formats only: N-Triples or N-Quads (.nt, .nq)");
    }
    let options = Options {
        minter,
        on_error: match args.on_error {
            OnErrorArg::Fail => OnError::Fail,
            OnErrorArg::Skip => OnError::Skip,
        },
        ..Options::default()
    };
    Ok((dataset, format, options))
}

/// The closing lines: what was imported where, and how many rows were rejected.
#[expect(clippy::too_many_arguments, reason = "one summary line gathers them all")]
fn report(
    stderr: &mut io::Stderr,
    args: &Args,
    to_file: Option<&Path>,
    graph: &oxigraph::model::NamedNode,
    name: &str,
    format: Format,
    summary: &Summary,
    rejects: Option<&Path>,
) -> io::Result<()> {
    let target = match (&args.store, to_file) {
        (Some(dir), _) => format!("graph <{}> of the store {}", graph.as_str(), dir.display()),
        (None, Some(path)) => path.display().to_string(),
        (None, None) => "standard output".to_owned(),
    };
    writeln!(
        stderr,
        "imported {} of {} rows of {name}: {} triples, {} actors and places, as {} to {target}",
        summary.imported,
        summary.rows,
        summary.triples,
        summary.entities,
        format.name()
    )?;
    if summary.respelled > 0 {
        writeln!(
            stderr,
            "{} name{} spelled unlike an earlier name with the same IRI (they slug alike): kept as skos:altLabel of that actor or place",
            summary.respelled,
            if summary.respelled == 1 { "" } else { "s" },
        )?;
    }
    if let Some(path) = rejects {
        writeln!(
            stderr,
            "{} row{} rejected, written to {}",
            summary.rejected,
            if summary.rejected == 1 { "" } else { "s" },
            path.display()
        )?;
    }
    Ok(())
}

/// Whether `path` exists and is not a regular file (a device, a FIFO):
/// such a target is written in place, never replaced by a rename.
pub(super) fn is_special(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.file_type().is_file() && !m.is_dir())
}

/// The input's name for messages, its reader, and a progress bar on a terminal.
fn open_input(file: &Path) -> anyhow::Result<(String, Box<dyn Read>, Option<indicatif::ProgressBar>)> {
    let from_stdin = file.as_os_str() == "-";
    let name = if from_stdin {
        "<stdin>".to_owned()
    } else {
        file.display().to_string()
    };
    let (input, size): (Box<dyn Read>, Option<u64>) = if from_stdin {
        (Box::new(io::stdin().lock()), None)
    } else {
        let f = File::open(file).with_context(|| format!("cannot read {name}"))?;
        let size = f.metadata().ok().map(|m| m.len());
        (Box::new(f), size)
    };
    let progress = progress_bar(size);
    let input: Box<dyn Read> = match &progress {
        Some(bar) => Box::new(bar.wrap_read(input)),
        None => input,
    };
    Ok((name, input, progress))
}

/// --rejects, or the output's (or store's, or input's) name + `.rejects.csv`.
fn rejects_path(args: &Args, to_file: Option<&Path>) -> PathBuf {
    if let Some(path) = &args.rejects {
        return path.clone();
    }
    let stem = match (&args.store, to_file) {
        (Some(dir), _) => dir.clone(),
        (None, Some(path)) => path.to_path_buf(),
        (None, None) => PathBuf::from(args.file.file_name().unwrap_or("stdin".as_ref())),
    };
    let mut s = stem.into_os_string();
    s.push(".rejects.csv");
    PathBuf::from(s)
}

/// The summary of a finished import, or `None` when a data problem (the
/// header, a bad row with --on-error fail) stopped it, reported on `stderr`.
fn outcome(
    stderr: &mut io::Stderr,
    result: Option<Result<Summary, ImportError>>,
) -> anyhow::Result<Option<Summary>> {
    match result {
        Some(Ok(summary)) => Ok(Some(summary)),
        Some(Err(ImportError::Row(e))) => {
            writeln!(stderr, "{e}")?;
            writeln!(
                stderr,
                "a bad row stopped the import (--on-error skip sets bad rows aside); nothing was written"
            )?;
            Ok(None)
        }
        Some(Err(e @ ImportError::Header { .. })) => {
            writeln!(stderr, "{e}")?;
            writeln!(stderr, "nothing was written")?;
            Ok(None)
        }
        Some(Err(ImportError::Write(e))) => Err(anyhow::Error::new(e).context("cannot write the output")),
        Some(Err(e)) => Err(e.into()),
        None => bail!("the import did not run"),
    }
}

/// The format from --format or the output's name; N-Triples by default.
fn format(arg: Option<FormatArg>, to_file: Option<&Path>) -> anyhow::Result<Format> {
    let format = match (arg, to_file) {
        (Some(f), _) => f.into(),
        (None, Some(path)) => match Format::from_path(path) {
            Some(f) => f,
            None => bail!(
                "cannot tell the format from {}; pass --format (.ttl .nt .nq .trig .rdf .jsonld)",
                path.display()
            ),
        },
        (None, None) => Format::NTriples,
    };
    if format == Format::CanonicalNQuads {
        bail!(
            "canonical N-Quads needs the whole graph in memory, so an import cannot stream it; write .nq and canonicalise the result"
        );
    }
    Ok(format)
}

/// An import waiting for its sink.
struct Job<'a> {
    dataset: Dataset,
    input: Box<dyn Read>,
    name: &'a str,
    options: &'a Options,
    rejects: &'a mut dyn Rejects,
}

impl<'a> Job<'a> {
    fn new(
        dataset: Dataset,
        input: Box<dyn Read>,
        name: &'a str,
        options: &'a Options,
        rejects: &'a mut dyn Rejects,
    ) -> Self {
        Self {
            dataset,
            input,
            name,
            options,
            rejects,
        }
    }

    /// Runs the import into the sink for `format` over `w`.
    fn write<W: Write>(
        self,
        format: Format,
        graph: &oxigraph::model::NamedNode,
        w: W,
    ) -> Result<Summary, ImportError> {
        match format {
            Format::NTriples => self.run(&mut NTriples::new(w)),
            Format::NQuads => self.run(&mut NTriples::with_graph(w, graph)),
            Format::Turtle => self.run(&mut Turtle::new(w)),
            other => match Serialized::new(other.rdf_format(), graph, w) {
                Ok(mut s) => self.run(&mut s),
                Err(e) => self.run(&mut Failing(Some(e))),
            },
        }
    }

    /// Runs the import into `sink` (generic, so that writing a triple is a
    /// static call, not a dynamic one).
    fn run<S: Sink>(self, sink: &mut S) -> Result<Summary, ImportError> {
        import::run(
            self.dataset,
            self.input,
            self.name,
            self.options,
            sink,
            self.rejects,
        )
    }
}

/// A sink that fails at once (a serializer that could not be set up).
struct Failing(Option<io::Error>);

impl Sink for Failing {
    fn triple(&mut self, _: oxigraph::model::TripleRef<'_>) -> io::Result<()> {
        Err(self.0.take().unwrap_or_else(|| io::Error::other("no serializer")))
    }

    fn finish(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A progress bar on standard error, only when it is a terminal.
fn progress_bar(size: Option<u64>) -> Option<indicatif::ProgressBar> {
    if !io::stderr().is_terminal() {
        return None;
    }
    let bar = match size {
        Some(n) => indicatif::ProgressBar::new(n).with_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {bytes}/{total_bytes} read, {bytes_per_sec}, about {eta} left",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        ),
        None => indicatif::ProgressBar::new_spinner(),
    };
    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr_with_hz(4));
    Some(bar)
}

/// Bad rows: each reported on standard error (the first few), and written
/// to the rejects file with what is wrong in a first column.
struct RejectsFile<'a> {
    stderr: io::Stderr,
    writer: Option<csv::Writer<Box<dyn Write + 'a>>>,
    shown: u64,
}

impl<'a> RejectsFile<'a> {
    fn new(file: Option<Box<dyn Write + 'a>>) -> Self {
        Self {
            stderr: io::stderr(),
            writer: file.map(csv::Writer::from_writer),
            shown: 0,
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self.writer.take() {
            Some(mut w) => w.flush(),
            None => Ok(()),
        }
    }
}

impl Rejects for RejectsFile<'_> {
    fn header(&mut self, header: &ByteRecord) -> io::Result<()> {
        if let Some(w) = &mut self.writer {
            let mut h = ByteRecord::new();
            h.push_field(ERROR_COLUMN.as_bytes());
            for f in header.iter().filter(|f| *f != ERROR_COLUMN.as_bytes()) {
                h.push_field(f);
            }
            w.write_byte_record(&h)?;
        }
        Ok(())
    }

    fn reject(&mut self, error: &RowError, record: &ByteRecord) -> io::Result<()> {
        self.shown += 1;
        if self.shown <= SHOWN {
            writeln!(self.stderr, "{error}")?;
        } else if self.shown == SHOWN + 1 {
            writeln!(self.stderr, "… further bad rows are only in the rejects file")?;
        }
        if let Some(w) = &mut self.writer {
            let mut r = ByteRecord::new();
            r.push_field(error.to_string().as_bytes());
            for f in record {
                r.push_field(f);
            }
            w.write_byte_record(&r)?;
        }
        Ok(())
    }
}
