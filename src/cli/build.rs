//! `conflict-kg build`: check, convert, load, write every export, describe, summarise.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Context as _;
use oxigraph::model::Triple;
use oxigraph::store::Store;

use super::check::run_checks;
use super::shapes::ShapesArgs;
use super::{Common, ExitStatus, Printer};
use conflict_kg::checksum::sha256_hex;
use conflict_kg::export::jsonld::Context;
use conflict_kg::export::publish::{OutDir, PublishError, Staging};
use conflict_kg::export::verify::verify;
use conflict_kg::export::{self, Format, Selection};
use conflict_kg::metadata::{self, Distribution, Run};
use conflict_kg::pipeline::{Compiled, Graph};
use conflict_kg::{query, store};

/// Arguments of `build`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    common: Common,
    /// Where to write the exports.
    #[arg(long, value_name = "DIR", default_value = "out")]
    out: PathBuf,
    /// Keep the store on disk in DIR (needs the `rocksdb` feature); its content is replaced atomically.
    #[arg(long, value_name = "DIR")]
    store: Option<PathBuf>,
    /// Record the time of the run in the dataset description (off by default, so rebuilds are byte-identical).
    #[arg(long)]
    timestamp: bool,
    #[command(flatten)]
    shapes: ShapesArgs,
    /// When another build is writing the same --out directory, wait for it instead of failing.
    #[arg(long)]
    wait: bool,
}

/// The name every distribution file starts with.
const STEM: &str = "conflict-kg";

/// The manifests, moved into place last and in this order: each describes the files before it.
const MANIFESTS: &[&str] = &["dataset.ttl", "SHA256SUMS"];

pub fn run(args: &Args, out: &mut Printer) -> anyhow::Result<ExitStatus> {
    let pause = Pause::from_env();
    let Some(compiled) = args.common.compile(out)? else {
        return Ok(ExitStatus::Failure);
    };
    let st = store::open(None)?;
    store::load(&st, &compiled)?;
    let mut diags = run_checks(&st, &compiled)?;
    diags.extend(args.shapes.validate(&compiled)?);
    if !diags.is_empty() {
        out.findings(&diags)?;
        return Ok(ExitStatus::Failure);
    }

    let dir = lock(args, out)?;
    pause.at("locked", out);
    let both = args.store.as_deref();
    let next = prepare(args, &compiled, &dir, &pause, out).map_err(|e| intact(e, &args.out, both))?;
    if let Some(disk) = &next.disk {
        store::flush(disk)?;
    }
    next.staging
        .commit(&mut |step| pause.at(step, out))
        .map_err(|e| match e {
            // The store is already replaced; the files are not.
            e @ PublishError::Io { .. } => intact(e.into(), &args.out, None),
            e => e.into(),
        })?;
    store::load_graph(&st, &compiled.graph_iri(Graph::Metadata), &next.description)?;
    summary(out, &compiled, &st, &next.written, args)?;
    Ok(ExitStatus::Success)
}

/// A new build, staged, with the on-disk store already replaced.
struct Next<'d> {
    staging: Staging<'d>,
    /// Where the staged files will be.
    written: Vec<PathBuf>,
    /// The dataset description.
    description: Vec<Triple>,
    disk: Option<Store>,
}

/// Everything before the commit point, which leaves the previous build
/// whole if it fails: opens the on-disk store, stages every file and reads
/// each back, then replaces the store's content.
fn prepare<'d>(
    args: &Args,
    compiled: &Compiled,
    dir: &'d OutDir,
    pause: &'d Pause,
    out: &mut Printer,
) -> anyhow::Result<Next<'d>> {
    // Opened before the long part: a second build on the same store fails at once.
    let disk = args.store.as_deref().map(|d| store::open(Some(d))).transpose()?;
    let mut files = Files {
        staging: dir.stage()?,
        staged: Vec::new(),
        pause,
    };
    let mut distributions = Vec::new();
    for format in Format::ALL {
        let name = format!("{STEM}{}", format.suffix());
        let bytes = files.write(&name, out, |f| {
            export::write(compiled, format, format.distribution_selection(), f)
        })?;
        verify(compiled, format, format.distribution_selection(), &bytes)?;
        distributions.push(Distribution {
            file: name,
            format,
            bytes: bytes.len() as u64,
            sha256: sha256_hex(&bytes),
        });
    }
    files.write("ontology.ttl", out, |f| {
        export::write(compiled, Format::Turtle, Selection::Ontology, f)
    })?;
    let context = Context::new(&compiled.ontology).document();
    files.write("context.jsonld", out, |f| {
        std::io::Write::write_all(f, context.as_bytes())
    })?;
    let run = Run {
        git_commit: git_commit(&args.common.data),
        timestamp: args.timestamp.then(now),
        sparql_endpoint: None,
    };
    let description = metadata::describe(compiled, &distributions, &run);
    files.write("dataset.ttl", out, |f| {
        export::write_triples(&description, Format::Turtle, f)
    })?;
    let sums = files.sha256sums();
    files.write("SHA256SUMS", out, |f| {
        std::io::Write::write_all(f, sums.as_bytes())
    })?;
    // The store before the files: if it fails, neither has changed.
    if let Some(disk) = &disk {
        store::replace(disk, compiled, &description)?;
        pause.at("store", out);
    }
    let written = files.staged.iter().map(|(name, _)| args.out.join(name)).collect();
    Ok(Next {
        staging: files.staging,
        written,
        description,
        disk,
    })
}

/// Says, of a failure that changed nothing, that the previous build in `out`
/// (and `store`) is intact — needless when another process holds the store.
fn intact(e: anyhow::Error, out: &Path, store: Option<&Path>) -> anyhow::Error {
    if matches!(e.downcast_ref(), Some(store::StoreError::Locked(_))) {
        return e;
    }
    let store = store.map(|s| format!(" and {}", s.display())).unwrap_or_default();
    anyhow::anyhow!("{e:#}; the previous build in {}{store} is intact", out.display())
}

/// Locks the output directory, finishing an update a killed run left half-done.
fn lock(args: &Args, out: &mut Printer) -> anyhow::Result<OutDir> {
    let dir = &args.out;
    let locked = match OutDir::open(dir, MANIFESTS) {
        Err(e @ PublishError::Locked { .. }) if args.wait => {
            out.note(format_args!("waiting: {e}"))?;
            OutDir::open_waiting(dir, MANIFESTS)
        }
        Err(e @ PublishError::Locked { .. }) => anyhow::bail!("{e}; pass --wait to wait for it"),
        other => other,
    }
    .map_err(|e| intact(e.into(), dir, args.store.as_deref()))?;
    if let Some(moved) = locked.recovered() {
        out.note(format_args!(
            "note: finished the update of {} that an interrupted build had begun ({moved} files moved into place)",
            dir.display(),
        ))?;
    }
    Ok(locked)
}

/// A hook for the crash tests, not for users: with `CONFLICT_KG_TEST_PAUSE_AT=STEP`
/// in the environment, `build` stops at STEP (`locked`, `staged NAME`, `store`,
/// `journal`, `moved NAME`), says `paused at STEP` on standard error and waits
/// for a line on standard input — so a test can kill it, or hold its lock, at a
/// known point without guessing times.
struct Pause(Option<String>);

impl Pause {
    fn from_env() -> Self {
        Self(std::env::var("CONFLICT_KG_TEST_PAUSE_AT").ok())
    }

    fn at(&self, step: &str, out: &mut Printer) {
        if self.0.as_deref() == Some(step) {
            let _ = out.note(format_args!("paused at {step}"));
            let _ = std::io::stdin().read_line(&mut String::new());
        }
    }
}

/// The files of the new version, as they are staged.
struct Files<'a> {
    staging: Staging<'a>,
    /// Each file's name and SHA-256, in the order written.
    staged: Vec<(String, String)>,
    pause: &'a Pause,
}

impl Files<'_> {
    /// Stages `name`, written by `fill`, and returns its bytes as read back from disk.
    fn write(
        &mut self,
        name: &str,
        out: &mut Printer,
        fill: impl FnOnce(&mut fs::File) -> std::io::Result<()>,
    ) -> anyhow::Result<Vec<u8>> {
        let path = self.staging.write(name, fill)?;
        self.pause.at(&format!("staged {name}"), out);
        let bytes = fs::read(&path).with_context(|| format!("cannot read back {}", path.display()))?;
        self.staged.push((name.to_owned(), sha256_hex(&bytes)));
        Ok(bytes)
    }

    /// A manifest `sha256sum -c` checks: one `<hex>  <file>` line per file staged so far, sorted by name.
    fn sha256sums(&self) -> String {
        let mut staged: Vec<_> = self.staged.iter().collect();
        staged.sort_by(|a, b| a.0.cmp(&b.0));
        staged.iter().fold(String::new(), |mut sums, (name, hex)| {
            let _ = writeln!(sums, "{hex}  {name}");
            sums
        })
    }
}

/// The commit the data directory is at, `-dirty` when it has changes; none outside git.
fn git_commit(data: &Path) -> Option<String> {
    let git = |args: &[&str]| {
        Command::new("git")
            .arg("-C")
            .arg(data)
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
    };
    let head = git(&["rev-parse", "HEAD"])?;
    let dirty = git(&["status", "--porcelain", "--", "."]).is_some_and(|s| !s.is_empty());
    Some(if dirty { format!("{head}-dirty") } else { head })
}

/// The current UTC time as an `xsd:dateTime`.
fn now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days.cast_signed() + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

fn summary(
    out: &mut Printer,
    compiled: &Compiled,
    st: &Store,
    written: &[PathBuf],
    args: &Args,
) -> anyhow::Result<()> {
    let d = &compiled.dataset;
    out.line(format_args!(
        "built {} from {}",
        args.out.display(),
        args.common.data.display()
    ))?;
    out.line(format_args!(
        "records: {} (sources {}, actors {}, places {}, events {}, agreements {}, claims {}, relations {}), quotes {}",
        d.record_count(),
        d.sources.len(),
        d.actors.len(),
        d.places.len(),
        d.events.len(),
        d.agreements.len(),
        d.claims.len(),
        d.relations.len(),
        d.quote_count()
    ))?;
    let mut counts = Vec::new();
    for g in compiled.graphs().into_iter().chain([Graph::Metadata]) {
        counts.push(format!("{} {}", store::graph_len(st, compiled, g)?, g.name()));
    }
    out.line(format_args!("triples: {}", counts.join(", ")))?;
    out.line("instances per class (facts graph):")?;
    let sparql = format!(
        "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH <{}> {{ ?s a ?class }} }} GROUP BY ?class ORDER BY ?class",
        compiled.graph_iri(Graph::Facts).as_str()
    );
    let (_, rows) = query::select(st, &sparql)?;
    for row in rows {
        let class = row.get("class").map(query::display_term).unwrap_or_default();
        let n = row.get("n").map(query::display_term).unwrap_or_default();
        out.line(format_args!("  {n:>6}  {class}"))?;
    }
    for path in written {
        let size = fs::metadata(path).map_or(0, |m| m.len());
        out.line(format_args!("wrote {} ({size} bytes)", path.display()))?;
    }
    if let Some(dir) = &args.store {
        out.line(format_args!("store: {}", dir.display()))?;
    }
    out.line(
        "verified: every export reads back as the store's content (oxigraph; sophia for all but RDF/XML)",
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn now_is_an_xsd_date_time() {
        let t = now();
        assert_eq!(t.len(), 20, "{t}");
        assert!(t.ends_with('Z') && &t[4..5] == "-" && &t[10..11] == "T", "{t}");
        assert!(t.as_str() > "2024-01-01T00:00:00Z");
    }
}
