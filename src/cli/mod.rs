//! The command line: clap types, one file per subcommand, and the only printer.
//!
//! Arguments are parsed into plain structs (their doc comments are the help),
//! then resolved into library settings in one place ([`Common::build`]).
//! Exit codes: 0 success, 1 findings in the data, 2 the tool failed.

mod build;
mod check;
mod export;
mod generate;
mod import;
mod push;
mod query;
mod serve;
mod shapes;
mod synth;
#[cfg(feature = "shacl")]
mod validate;

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

use conflict_kg::data::diagnostic::Diagnostics;
use conflict_kg::iri::{DEFAULT_BASE, Minter};
use conflict_kg::pipeline::{Build, Compiled, Entailment, PipelineError};

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Everything worked.
    Success,
    /// The data has findings.
    Failure,
    /// The tool failed (I/O, bad arguments, broken store…).
    Error,
}

impl ExitStatus {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Error => 2,
        }
    }
}

const EXAMPLES: &str = "\
Examples:
  conflict-kg check                          validate data/ and report every finding
  conflict-kg build                          check, convert, load and write out/
  conflict-kg export --format turtle -o kg.ttl
  conflict-kg queries                        list the shipped research questions
  conflict-kg query claims-about-the-drone   run one of them
  conflict-kg query --sparql 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }' --format csv
  conflict-kg serve                          SPARQL endpoint and pages at http://127.0.0.1:7878/";

/// Curated facts about armed conflicts, as linked data: TOML → conflict ontology → Oxigraph → SPARQL.
#[derive(Debug, Parser)]
#[command(name = "conflict-kg", version, about, after_help = EXAMPLES, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate all data and report every finding as file:line:col: message.
    Check(check::Args),
    /// Check, convert, load into the store and write every export to an output directory.
    Build(build::Args),
    /// Write the knowledge graph in one RDF format.
    Export(export::Args),
    /// Run a shipped query, a .rq file, or SPARQL text.
    Query(query::Args),
    /// List the shipped queries with their titles.
    Queries(query::ListArgs),
    /// Serve a SPARQL endpoint and dereferenceable linked-data pages over HTTP.
    Serve(serve::Args),
    /// Print shell completions.
    Completions(generate::CompletionArgs),
    /// Print the man page (roff).
    Man,
    /// Import an ACLED or UCDP GED CSV file (plain or gzip) as RDF, streaming.
    Import(import::Args),
    /// Send the curated graphs, or RDF files, to a SPARQL 1.1 Graph Store Protocol endpoint.
    Push(push::Args),
    /// Validate RDF files, with the ontology, against the shipped SHACL shapes.
    #[cfg(feature = "shacl")]
    Validate(validate::Args),
    /// Write a synthetic ACLED or UCDP file of N rows, for benchmarks.
    #[command(hide = true)]
    Generate(synth::Args),
}

/// Options every data-reading subcommand takes.
#[derive(Debug, Clone, clap::Args)]
pub struct Common {
    /// The data directory: *.toml records and sources/ with the source texts.
    #[arg(long, value_name = "DIR", default_value = "data")]
    pub data: PathBuf,
    /// Base IRI under which records are minted (must end with `/`).
    #[arg(long, value_name = "IRI", default_value = DEFAULT_BASE)]
    pub base: String,
    /// Materialise what the ontology entails (subclass, subproperty, domain, range) into a graph `inferred`.
    #[arg(long, value_name = "REGIME")]
    pub entailment: Option<EntailmentArg>,
}

/// Entailment regimes on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum EntailmentArg {
    /// RDFS: rdfs2, rdfs3, rdfs5, rdfs7, rdfs9, rdfs11.
    Rdfs,
}

impl Common {
    /// Resolves the options into a build.
    fn build(&self) -> anyhow::Result<Build> {
        let minter = Minter::new(&self.base).context("invalid --base")?;
        Ok(Build {
            data_dir: self.data.clone(),
            minter,
            entailment: match self.entailment {
                Some(EntailmentArg::Rdfs) => Entailment::Rdfs,
                None => Entailment::None,
            },
        })
    }

    /// Compiles the data; findings are printed to `out` and become `Ok(None)`.
    fn compile(&self, out: &mut Printer) -> anyhow::Result<Option<Compiled>> {
        match self.build()?.compile() {
            Ok(c) => Ok(Some(c)),
            Err(PipelineError::Findings(diags)) => {
                out.findings(&diags)?;
                Ok(None)
            }
            Err(e) => Err(e.into()),
        }
    }
}

/// The one place that writes to the terminal.
pub struct Printer {
    stdout: io::StdoutLock<'static>,
    stderr: io::Stderr,
    /// Whether findings go to stdout (`check`) rather than stderr.
    pub findings_to_stdout: bool,
}

impl Printer {
    fn new() -> Self {
        Self {
            stdout: io::stdout().lock(),
            stderr: io::stderr(),
            findings_to_stdout: false,
        }
    }

    /// Standard output, for results.
    pub fn out(&mut self) -> &mut dyn Write {
        &mut self.stdout
    }

    /// Standard output for a bulk stream (an import, a generated file): when
    /// the shell made it a regular file (`> big.nt`), that file written
    /// behind, as `-o FILE` is; else standard output itself.
    pub fn bulk_out(&mut self) -> io::Result<Box<dyn Write + '_>> {
        bulk_out(&mut self.stdout)
    }

    /// Writes a line of results.
    pub fn line(&mut self, text: impl std::fmt::Display) -> io::Result<()> {
        writeln!(self.stdout, "{text}")
    }

    /// Writes a note for people to standard error.
    pub fn note(&mut self, text: impl std::fmt::Display) -> io::Result<()> {
        writeln!(self.stderr, "{text}")
    }

    /// Writes every finding, then a count.
    pub fn findings(&mut self, diags: &Diagnostics) -> io::Result<()> {
        let w: &mut dyn Write = if self.findings_to_stdout {
            &mut self.stdout
        } else {
            &mut self.stderr
        };
        for d in diags.iter() {
            writeln!(w, "{d}")?;
        }
        w.flush()?;
        writeln!(
            self.stderr,
            "{} finding{} in the data; nothing was written",
            diags.len(),
            if diags.len() == 1 { "" } else { "s" }
        )
    }
}

/// [`Printer::bulk_out`], for a command that holds standard output apart.
fn bulk_out<'a>(stdout: &'a mut io::StdoutLock<'static>) -> io::Result<Box<dyn Write + 'a>> {
    // The file shares standard output's offset: nothing may wait in its buffer.
    stdout.flush()?;
    Ok(match conflict_kg::export::behind::stdout_file() {
        Some(file) => Box::new(file),
        None => Box::new(stdout),
    })
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> ExitStatus {
    let mut printer = Printer::new();
    let result = match cli.command {
        Command::Check(args) => check::run(&args, &mut printer),
        Command::Build(args) => build::run(&args, &mut printer),
        Command::Export(args) => export::run(&args, &mut printer),
        Command::Query(args) => query::run(&args, &mut printer),
        Command::Queries(args) => query::list(&args, &mut printer),
        Command::Serve(args) => serve::run(&args, &mut printer),
        Command::Completions(args) => generate::completions(&args, &mut printer),
        Command::Man => generate::man(&mut printer),
        Command::Import(args) => import::run(&args, &mut printer),
        Command::Generate(args) => synth::run(&args, &mut printer),
        Command::Push(args) => push::run(&args, &mut printer),
        #[cfg(feature = "shacl")]
        Command::Validate(args) => validate::run(&args, &mut printer),
    };
    let status = match result {
        Ok(status) => status,
        Err(e) if is_broken_pipe(&e) => ExitStatus::Success,
        Err(e) => {
            let _ = printer.note(format_args!("error: {e:#}"));
            ExitStatus::Error
        }
    };
    if let Err(e) = printer.stdout.flush()
        && e.kind() != io::ErrorKind::BrokenPipe
    {
        let _ = printer.note(format_args!("error: cannot write to standard output: {e}"));
        return ExitStatus::Error;
    }
    status
}

/// A reader that went away (`conflict-kg query … | head`) is not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<conflict_kg::query::QueryError>()
                .is_some_and(|q| matches!(q, conflict_kg::query::QueryError::Io(io) if io.kind() == io::ErrorKind::BrokenPipe))
    })
}
