//! `conflict-kg build`: check, convert, load, write every export, describe, summarise.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Context as _;
use oxigraph::store::Store;

use super::check::run_checks;
use super::shapes::ShapesArgs;
use super::{Common, ExitStatus, Printer};
use conflict_kg::checksum::sha256_hex;
use conflict_kg::export::jsonld::Context;
use conflict_kg::export::verify::verify;
use conflict_kg::export::{self, Format, Selection, Staged};
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
}

/// The name every distribution file starts with.
const STEM: &str = "conflict-kg";

pub fn run(args: &Args, out: &mut Printer) -> anyhow::Result<ExitStatus> {
    let Some(compiled) = args.common.compile(out)? else {
        return Ok(ExitStatus::Failure);
    };
    let st = store::open(args.store.as_deref())?;
    store::load(&st, &compiled)?;
    let mut diags = run_checks(&st, &compiled)?;
    diags.extend(args.shapes.validate(&compiled)?);
    if !diags.is_empty() {
        out.findings(&diags)?;
        return Ok(ExitStatus::Failure);
    }
    fs::create_dir_all(&args.out).with_context(|| format!("cannot create {}", args.out.display()))?;

    // Stage every file, and read each back, before replacing any: a failure
    // leaves the previous build whole.
    let mut staged = Vec::new();
    let mut distributions = Vec::new();
    for format in Format::ALL {
        let name = format!("{STEM}{}", format.suffix());
        let file = stage(&args.out.join(&name), |f| {
            export::write(&compiled, format, format.distribution_selection(), f)
        })?;
        let bytes = fs::read(file.path())?;
        verify(&compiled, format, format.distribution_selection(), &bytes)?;
        distributions.push(Distribution {
            file: name,
            format,
            bytes: bytes.len() as u64,
            sha256: sha256_hex(&bytes),
        });
        staged.push(file);
    }
    staged.push(stage(&args.out.join("ontology.ttl"), |f| {
        export::write(&compiled, Format::Turtle, Selection::Ontology, f)
    })?);
    let context = Context::new(&compiled.ontology).document();
    staged.push(stage(&args.out.join("context.jsonld"), |f| {
        std::io::Write::write_all(f, context.as_bytes())
    })?);

    let run = Run {
        git_commit: git_commit(&args.common.data),
        timestamp: args.timestamp.then(now),
        sparql_endpoint: None,
    };
    let description = metadata::describe(&compiled, &distributions, &run);
    staged.push(stage(&args.out.join("dataset.ttl"), |f| {
        export::write_triples(&description, Format::Turtle, f)
    })?);
    store::load_graph(&st, &compiled.graph_iri(Graph::Metadata), &description)?;

    let sums = sha256sums(&staged)?;
    staged.push(stage(&args.out.join("SHA256SUMS"), |f| {
        std::io::Write::write_all(f, sums.as_bytes())
    })?);

    let mut written = Vec::new();
    for file in staged {
        let target = file.target().to_path_buf();
        file.commit()
            .with_context(|| format!("cannot replace {}", target.display()))?;
        written.push(target);
    }
    summary(out, &compiled, &st, &written, args)?;
    Ok(ExitStatus::Success)
}

fn stage(path: &Path, fill: impl FnOnce(&mut fs::File) -> std::io::Result<()>) -> anyhow::Result<Staged> {
    export::stage(path, fill).with_context(|| format!("cannot write {}", path.display()))
}

/// A manifest `sha256sum -c` checks: one `<hex>  <file>` line per file, sorted by name.
fn sha256sums(staged: &[Staged]) -> anyhow::Result<String> {
    let mut lines = Vec::new();
    for file in staged {
        let name = file
            .target()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        lines.push(format!("{}  {name}\n", sha256_hex(&fs::read(file.path())?)));
    }
    lines.sort_by(|a, b| a[66..].cmp(&b[66..]));
    Ok(lines.concat())
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
