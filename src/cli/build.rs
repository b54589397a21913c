//! `conflict-kg build`: check, convert, load, write every export, summarise.

use std::fs;
use std::path::PathBuf;

use anyhow::{Context as _, bail};
use oxigraph::store::Store;

use super::check::run_checks;
use super::{Common, ExitStatus, Printer};
use conflict_kg::export::{self, Format, Selection};
use conflict_kg::pipeline::{Compiled, Graph};
use conflict_kg::rdf::bridge;
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
}

/// The files a build writes: (file name, format, graphs).
const OUTPUTS: &[(&str, Format, Selection)] = &[
    ("conflict-kg.ttl", Format::Turtle, Selection::Facts),
    ("conflict-kg.nt", Format::NTriples, Selection::Facts),
    ("conflict-kg.nq", Format::NQuads, Selection::All),
    ("ontology.ttl", Format::Turtle, Selection::Ontology),
];

pub fn run(args: &Args, out: &mut Printer) -> anyhow::Result<ExitStatus> {
    let Some(compiled) = args.common.compile(out)? else {
        return Ok(ExitStatus::Failure);
    };
    let st = store::open(args.store.as_deref())?;
    store::load(&st, &compiled)?;
    let diags = run_checks(&st, &compiled)?;
    if !diags.is_empty() {
        out.findings(&diags)?;
        return Ok(ExitStatus::Failure);
    }
    fs::create_dir_all(&args.out).with_context(|| format!("cannot create {}", args.out.display()))?;
    // Stage every file before replacing any, so a failure leaves the previous build whole.
    let mut staged = Vec::new();
    for (name, format, selection) in OUTPUTS {
        let path = args.out.join(name);
        let file = export::stage(&path, |f| export::write(&compiled, *format, *selection, f))
            .with_context(|| format!("cannot write {}", path.display()))?;
        staged.push(file);
    }
    verify_turtle(&compiled, &staged[0])?;
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

/// Reads the staged Turtle back with sophia (an independent parser) and checks
/// it is the very graph we mapped: an export that cannot be read back is not written.
fn verify_turtle(compiled: &Compiled, staged: &export::Staged) -> anyhow::Result<()> {
    let text = fs::read_to_string(staged.path())
        .with_context(|| format!("cannot read back the staged {}", staged.target().display()))?;
    let parsed = bridge::parse_turtle(&text)?;
    if !bridge::isomorphic(&parsed, &bridge::to_sophia(&compiled.facts))? {
        bail!(
            "{} does not read back as the mapped graph; nothing was replaced",
            staged.target().display()
        );
    }
    Ok(())
}

fn summary(
    out: &mut Printer,
    compiled: &Compiled,
    st: &Store,
    written: &[PathBuf],
    args: &Args,
) -> anyhow::Result<()> {
    let d = &compiled.dataset;
    let facts = store::graph_len(st, compiled, Graph::Facts)?;
    let ontology = store::graph_len(st, compiled, Graph::Ontology)?;
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
    out.line(format_args!(
        "triples: {facts} facts + {ontology} ontology = {}",
        facts + ontology
    ))?;
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
    out.line("verified: the Turtle export reads back with sophia as the same graph")?;
    Ok(())
}
