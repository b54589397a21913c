//! `conflict-kg export`: one RDF format, to a file (atomically) or stdout.

use std::path::PathBuf;

use anyhow::{Context as _, bail};
use clap::ValueEnum;

use super::{Common, ExitStatus, Printer};
use conflict_kg::export::{self, Format, Selection};

/// Export formats on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    /// Turtle with prefixes, grouped by subject.
    Turtle,
    /// N-Triples.
    Ntriples,
    /// N-Quads with the graphs named.
    Nquads,
    /// TriG with the graphs named.
    Trig,
    /// RDF/XML.
    Rdfxml,
    /// JSON-LD compacted against the shipped context.
    Jsonld,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Turtle => Format::Turtle,
            FormatArg::Ntriples => Format::NTriples,
            FormatArg::Nquads => Format::NQuads,
            FormatArg::Trig => Format::TriG,
            FormatArg::Rdfxml => Format::RdfXml,
            FormatArg::Jsonld => Format::JsonLd,
        }
    }
}

/// Graph selections on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum GraphArg {
    /// The curated facts (and what they entail, with --entailment).
    Facts,
    /// The ontology.
    Ontology,
    /// Everything.
    All,
}

/// Arguments of `export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    common: Common,
    /// The format; defaults to the one the -o file name implies, else turtle.
    #[arg(long, short)]
    format: Option<FormatArg>,
    /// Write RDFC-1.0 canonical N-Quads (of --graph, default all).
    #[arg(long, conflicts_with = "format")]
    canonical: bool,
    /// Write to FILE (replaced atomically) instead of standard output; `-` is standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Which graphs: default facts for triple formats and JSON-LD, all for N-Quads, TriG and canonical.
    #[arg(long)]
    graph: Option<GraphArg>,
    /// Split N-Triples or N-Quads into shards of at most N lines (FILE.00001.nt…), for parallel bulk loaders.
    #[arg(long, value_name = "N", requires = "output")]
    shard_lines: Option<u64>,
}

pub fn run(args: &Args, out: &mut Printer) -> anyhow::Result<ExitStatus> {
    let to_file = args.output.as_ref().filter(|p| p.as_os_str() != "-");
    let format = match (args.canonical, args.format, to_file) {
        (true, _, _) => Format::CanonicalNQuads,
        (false, Some(f), _) => f.into(),
        (false, None, Some(path)) => match Format::from_path(path) {
            Some(f) => f,
            None => bail!(
                "cannot tell the format from {}; pass --format (.ttl .nt .nq .trig .rdf .jsonld .canonical.nq)",
                path.display()
            ),
        },
        (false, None, None) => Format::Turtle,
    };
    let selection = match (args.graph, format.has_graphs()) {
        (Some(GraphArg::Facts), _) | (None, false) => Selection::Facts,
        (Some(GraphArg::Ontology), _) => Selection::Ontology,
        (Some(GraphArg::All), _) | (None, true) => Selection::All,
    };
    let Some(compiled) = args.common.compile(out)? else {
        return Ok(ExitStatus::Failure);
    };
    if let (Some(lines), Some(path)) = (args.shard_lines, to_file) {
        if !matches!(
            format,
            Format::NTriples | Format::NQuads | Format::CanonicalNQuads
        ) {
            bail!("--shard-lines splits line formats only: N-Triples or N-Quads (.nt, .nq)");
        }
        let mut shards = export::shard::Shards::new(path, lines)
            .with_context(|| format!("cannot write {}", path.display()))?;
        export::write(&compiled, format, selection, &mut shards)
            .with_context(|| format!("cannot write {}", path.display()))?;
        let files = shards
            .commit()
            .with_context(|| format!("cannot write {}", path.display()))?;
        out.note(format_args!(
            "wrote {} shard{} of at most {lines} lines: {} … {}",
            files.len(),
            if files.len() == 1 { "" } else { "s" },
            files.first().map(|p| p.display().to_string()).unwrap_or_default(),
            files.last().map(|p| p.display().to_string()).unwrap_or_default()
        ))?;
    } else if let Some(path) = to_file {
        export::write_atomic(path, |f| export::write(&compiled, format, selection, f))
            .with_context(|| format!("cannot write {}", path.display()))?;
    } else {
        let w = out.out();
        export::write(&compiled, format, selection, &mut *w)?;
        w.flush()?;
    }
    Ok(ExitStatus::Success)
}
