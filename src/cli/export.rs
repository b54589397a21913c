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
    /// N-Quads with the ontology and facts as named graphs.
    Nquads,
}

/// Graph selections on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum GraphArg {
    /// The curated facts.
    Facts,
    /// The ontology.
    Ontology,
    /// Both.
    All,
}

/// Arguments of `export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    common: Common,
    /// The format; defaults to the one the -o extension implies, else turtle.
    #[arg(long, short)]
    format: Option<FormatArg>,
    /// Write to FILE (replaced atomically) instead of standard output; `-` is standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Which graphs: facts (default for triple formats) or ontology or all (default for N-Quads).
    #[arg(long)]
    graph: Option<GraphArg>,
}

pub fn run(args: &Args, out: &mut Printer) -> anyhow::Result<ExitStatus> {
    let to_file = args.output.as_ref().filter(|p| p.as_os_str() != "-");
    let format = match (args.format, to_file) {
        (Some(FormatArg::Turtle), _) | (None, None) => Format::Turtle,
        (Some(FormatArg::Ntriples), _) => Format::NTriples,
        (Some(FormatArg::Nquads), _) => Format::NQuads,
        (None, Some(path)) => match Format::from_path(path) {
            Some(f) => f,
            None => bail!("cannot tell the format from {}; pass --format", path.display()),
        },
    };
    let selection = match (args.graph, format.has_graphs()) {
        (Some(GraphArg::Facts), _) | (None, false) => Selection::Facts,
        (Some(GraphArg::Ontology), _) => Selection::Ontology,
        (Some(GraphArg::All), _) | (None, true) => Selection::All,
    };
    let Some(compiled) = args.common.compile(out)? else {
        return Ok(ExitStatus::Failure);
    };
    if let Some(path) = to_file {
        export::write_atomic(path, |f| export::write(&compiled, format, selection, f))
            .with_context(|| format!("cannot write {}", path.display()))?;
    } else {
        let w = out.out();
        export::write(&compiled, format, selection, &mut *w)?;
        w.flush()?;
    }
    Ok(ExitStatus::Success)
}
