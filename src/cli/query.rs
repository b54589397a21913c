//! `conflict-kg query` and `conflict-kg queries`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context as _, bail};
use clap::ValueEnum;

use super::{Common, ExitStatus, Printer};
use conflict_kg::query::{self, ResultFormat};
use conflict_kg::store;

/// Result formats on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    /// An aligned table for people (CONSTRUCT/DESCRIBE: Turtle).
    Table,
    /// SPARQL CSV.
    Csv,
    /// SPARQL TSV.
    Tsv,
    /// SPARQL JSON.
    Json,
    /// SPARQL XML.
    Xml,
    /// Turtle (CONSTRUCT/DESCRIBE).
    Turtle,
    /// N-Triples (CONSTRUCT/DESCRIBE).
    Ntriples,
}

/// Arguments of `query`.
#[derive(Debug, clap::Args)]
#[command(group = clap::ArgGroup::new("what").required(true).args(["query", "sparql"]))]
pub struct Args {
    #[command(flatten)]
    common: Common,
    /// A shipped query's name (see `conflict-kg queries`) or a path to a .rq file.
    query: Option<String>,
    /// SPARQL text to run instead.
    #[arg(long, value_name = "TEXT")]
    sparql: Option<String>,
    /// How to write the results.
    #[arg(long, short, default_value = "table")]
    format: FormatArg,
    /// Query the on-disk store in DIR as built by `build --store DIR`, instead of building in memory.
    #[arg(long, value_name = "DIR")]
    store: Option<PathBuf>,
    /// Stop the query after this many seconds (no limit by default).
    #[arg(long, value_name = "SECONDS")]
    timeout: Option<f64>,
    /// Most intermediate rows the query may hold in memory to sort, group, deduplicate or join them,
    /// counted over the whole query; beyond, it is stopped. Bounds its memory.
    #[arg(long, value_name = "N", default_value_t = CLI_MAX_HELD_ROWS)]
    max_held_rows: usize,
}

/// The default of `query --max-held-rows`: higher than the endpoint's
/// ([`query::DEFAULT_MAX_HELD_ROWS`]), since a researcher's own query on a
/// large imported store may sort millions of rows; at the few hundred bytes a
/// held row takes, this bounds a query to about a gigabyte.
const CLI_MAX_HELD_ROWS: usize = 2_000_000;

/// Arguments of `queries`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Also list the data checks of queries/checks/.
    #[arg(long)]
    checks: bool,
}

fn text_of(args: &Args) -> anyhow::Result<String> {
    if let Some(text) = &args.sparql {
        return Ok(text.clone());
    }
    let name = args.query.as_deref().unwrap_or_default();
    if let Some(q) = query::find(name) {
        return Ok(q.text.to_owned());
    }
    let path = Path::new(name);
    if path.extension().is_some_and(|e| e == "rq") || path.exists() {
        return std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()));
    }
    bail!("no shipped query named `{name}`; `conflict-kg queries` lists them, or give a path to a .rq file")
}

pub fn run(args: &Args, out: &mut Printer) -> anyhow::Result<ExitStatus> {
    let text = text_of(args)?;
    let st = if let Some(dir) = &args.store {
        if !dir.exists() {
            bail!(
                "no store at {}; create it with `conflict-kg build --store {}`",
                dir.display(),
                dir.display()
            );
        }
        store::open(Some(dir))?
    } else {
        let Some(compiled) = args.common.compile(out)? else {
            return Ok(ExitStatus::Failure);
        };
        let st = store::open(None)?;
        store::load(&st, &compiled)?;
        st
    };
    let format = match args.format {
        FormatArg::Table => ResultFormat::Table,
        FormatArg::Csv => ResultFormat::Csv,
        FormatArg::Tsv => ResultFormat::Tsv,
        FormatArg::Json => ResultFormat::Json,
        FormatArg::Xml => ResultFormat::Xml,
        FormatArg::Turtle => ResultFormat::Turtle,
        FormatArg::Ntriples => ResultFormat::NTriples,
    };
    let deadline = match args.timeout {
        Some(t) if t.is_finite() && t > 0.0 => Some(query::Deadline::start(Duration::from_secs_f64(t))),
        Some(_) => bail!("--timeout must be a positive number of seconds"),
        None => None,
    };
    let options = query::Options {
        max_held_rows: args.max_held_rows,
        ..deadline
            .as_ref()
            .map(query::Deadline::options)
            .unwrap_or_default()
    };
    let results = query::run_with(&st, &text, &options)?;
    query::write_results(results, format, out.out())?;
    drop(deadline);
    Ok(ExitStatus::Success)
}

pub fn list(args: &ListArgs, out: &mut Printer) -> anyhow::Result<ExitStatus> {
    let width = query::catalogue()
        .chain(query::checks())
        .map(|q| q.name.len())
        .max()
        .unwrap_or(0);
    for q in query::catalogue() {
        out.line(format_args!("{:<width$}  {}", q.name, q.title()))?;
    }
    if args.checks {
        out.line("\nchecks (must return nothing):")?;
        for q in query::checks() {
            out.line(format_args!("{:<width$}  {}", q.name, q.title()))?;
        }
    }
    Ok(ExitStatus::Success)
}
