//! `conflict-kg validate FILE…`: any RDF file, with the ontology, against the
//! shipped SHACL shapes (and `--shapes FILE`); every violation on standard output.

use std::collections::HashMap;
use std::path::PathBuf;

use oxigraph::io::RdfParser;
use oxigraph::model::{Term, Triple};

use super::shapes::{ShapesArgs, read_rdf};
use super::{ExitStatus, Printer};
use conflict_kg::ontology::Ontology;
use conflict_kg::shacl;

/// Arguments of `validate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// RDF files (.ttl .nt .nq .trig .rdf .jsonld), validated as one graph: the triples of every graph they hold.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    #[command(flatten)]
    shapes: ShapesArgs,
}

pub fn run(args: &Args, out: &mut Printer) -> anyhow::Result<ExitStatus> {
    let shapes = args.shapes.load()?;
    let mut triples = Ontology::embedded()?.triples;
    let mut first_file: HashMap<Term, usize> = HashMap::new();
    let mut syntax_errors = 0;
    for (i, path) in args.files.iter().enumerate() {
        let (format, bytes) = read_rdf(path)?;
        for quad in RdfParser::from_format(format.rdf_format()).for_slice(&bytes) {
            match quad {
                Ok(quad) => {
                    let mut triple = Triple::from(quad);
                    if args.files.len() > 1 {
                        triple = shacl::apart(triple, &format!("f{}", i + 1));
                    }
                    first_file.entry(triple.subject.clone().into()).or_insert(i);
                    triples.push(triple);
                }
                Err(e) => {
                    let (line, column) = e
                        .location()
                        .map_or((1, 1), |l| (l.start.line + 1, l.start.column + 1));
                    // oxigraph's message starts with the location we already give.
                    let text = e.to_string();
                    let message = text
                        .strip_prefix("Parser error ")
                        .and_then(|m| m.split_once(": "))
                        .map_or(text.as_str(), |(_, m)| m);
                    out.line(format_args!(
                        "{}:{line}:{column}: not valid {}: {message}",
                        path.display(),
                        format.name()
                    ))?;
                    syntax_errors += 1;
                    break;
                }
            }
        }
    }
    if syntax_errors > 0 {
        out.note(format_args!(
            "{syntax_errors} file{} not valid RDF; nothing was validated",
            if syntax_errors == 1 { " is" } else { "s are" }
        ))?;
        return Ok(ExitStatus::Failure);
    }
    let violations = shapes.validate(triples.iter().map(Triple::as_ref))?;
    for v in &violations {
        let file = first_file.get(&v.focus).map_or_else(
            || "(ontology)".to_owned(),
            |&i| args.files[i].display().to_string(),
        );
        out.line(format_args!(
            "{file}: {}: {} {}",
            shacl::show(&v.focus),
            v.message,
            v.details()
        ))?;
    }
    let files = args
        .files
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    if violations.is_empty() {
        out.note(format_args!(
            "ok: {files} conform{} to the shapes",
            if args.files.len() == 1 { "s" } else { "" }
        ))?;
        Ok(ExitStatus::Success)
    } else {
        out.note(format_args!(
            "{} violation{} of the shapes in {files}",
            violations.len(),
            if violations.len() == 1 { "" } else { "s" }
        ))?;
        Ok(ExitStatus::Failure)
    }
}
