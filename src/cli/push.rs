//! `conflict-kg push --endpoint URL [FILE…]`: send the curated graphs, or RDF
//! files, to a store speaking the SPARQL 1.1 Graph Store HTTP Protocol, in
//! chunks, with retries, then check each graph's count on the server.

use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context as _, bail};
use clap::ValueEnum;
use oxigraph::io::RdfParser;
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Term};

use super::{Common, ExitStatus, Printer};
use conflict_kg::export::Format;
use conflict_kg::iri::Minter;
use conflict_kg::push::{Auth, GraphParam, Pusher, Target};

/// Authentication modes.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum AuthArg {
    /// No credentials.
    None,
    /// HTTP Basic: --user, password from the CONFLICT_KG_PASSWORD environment variable.
    Basic,
    /// Bearer token from the CONFLICT_KG_TOKEN environment variable.
    Bearer,
}

/// How the graph is named in the request's query string.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum GraphParamArg {
    /// `?graph=IRI` (the W3C recommendation: Fuseki, GraphDB, Oxigraph, Neptune).
    Graph,
    /// `?graph-uri=IRI` (Virtuoso).
    GraphUri,
    /// Both spellings at once.
    Both,
}

/// Arguments of `push`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    common: Common,
    /// RDF files to send (.nt .nq .ttl .trig .rdf .jsonld); none sends the curated graphs (facts, ontology).
    files: Vec<PathBuf>,
    /// The Graph Store Protocol endpoint, e.g. http://127.0.0.1:7878/store.
    #[arg(long, value_name = "URL")]
    endpoint: String,
    /// A SPARQL query endpoint for the verifying COUNT (default: read each graph back).
    #[arg(long, value_name = "URL")]
    sparql: Option<String>,
    /// The graph for triples outside named graphs (required for .nt .ttl .rdf files).
    #[arg(long, value_name = "IRI")]
    graph: Option<String>,
    /// How to authenticate.
    #[arg(long, value_name = "MODE", default_value = "none")]
    auth: AuthArg,
    /// The user name for --auth basic.
    #[arg(long, value_name = "NAME")]
    user: Option<String>,
    /// How to name the graph in requests.
    #[arg(long, value_name = "SPELLING", default_value = "graph")]
    graph_param: GraphParamArg,
    /// Triples per request.
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    chunk: usize,
    /// Retries of a request that failed in transport or with 429/5xx.
    #[arg(long, value_name = "N", default_value_t = 3)]
    retries: u32,
    /// Timeout of one request, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 300)]
    timeout: u64,
}

pub fn run(args: &Args, out: &mut Printer) -> anyhow::Result<ExitStatus> {
    let target = target(args)?;
    let default_graph = match &args.graph {
        Some(iri) => {
            Minter::check(iri).map_err(|e| anyhow::anyhow!("invalid --graph `{iri}`: {e}"))?;
            Some(NamedNode::new_unchecked(iri))
        }
        None => None,
    };
    let mut pusher = Pusher::new(target);
    if args.files.is_empty() {
        let Some(compiled) = args.common.compile(out)? else {
            return Ok(ExitStatus::Failure);
        };
        for g in compiled.graphs() {
            let name = compiled.graph_iri(g);
            pusher.graph(&name);
            for t in compiled.triples(g) {
                pusher.add(&name, t.as_ref())?;
            }
        }
    } else {
        for path in &args.files {
            let Some(format) = Format::from_path(path) else {
                bail!(
                    "cannot tell the format of {}; use .nt .nq .ttl .trig .rdf or .jsonld",
                    path.display()
                );
            };
            let file = File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
            for quad in RdfParser::from_format(format.rdf_format()).for_reader(BufReader::new(file)) {
                let quad =
                    quad.with_context(|| format!("{} is not valid {}", path.display(), format.name()))?;
                if matches!(quad.subject, NamedOrBlankNode::BlankNode(_))
                    || matches!(quad.object, Term::BlankNode(_))
                {
                    bail!(
                        "{} has blank nodes, which cannot keep their identity across requests; give them IRIs",
                        path.display()
                    );
                }
                let graph = match &quad.graph_name {
                    GraphName::NamedNode(g) => g.clone(),
                    GraphName::DefaultGraph => default_graph.clone().with_context(|| {
                        format!(
                            "{} has triples outside named graphs: name their graph with --graph IRI",
                            path.display()
                        )
                    })?,
                    GraphName::BlankNode(_) => bail!("{} names a graph with a blank node", path.display()),
                };
                pusher.add(
                    &graph,
                    oxigraph::model::TripleRef::new(&quad.subject, &quad.predicate, &quad.object),
                )?;
            }
        }
    }
    let reports = pusher.finish()?;
    for r in &reports {
        out.line(format_args!(
            "pushed <{}>: {} triples in {} request{}{}; the server holds {} ✓",
            r.graph.as_str(),
            r.triples,
            r.requests,
            if r.requests == 1 { "" } else { "s" },
            match r.retries {
                0 => String::new(),
                n => format!(" ({n} retried)"),
            },
            r.counted
        ))?;
    }
    Ok(ExitStatus::Success)
}

fn target(args: &Args) -> anyhow::Result<Target> {
    let env = |name: &str| {
        std::env::var(name).with_context(|| format!("--auth needs the environment variable {name}"))
    };
    let auth = match args.auth {
        AuthArg::None => Auth::None,
        AuthArg::Basic => Auth::Basic {
            user: args.user.clone().context("--auth basic needs --user NAME")?,
            password: env("CONFLICT_KG_PASSWORD")?,
        },
        AuthArg::Bearer => Auth::Bearer(env("CONFLICT_KG_TOKEN")?),
    };
    for url in std::iter::once(&args.endpoint).chain(&args.sparql) {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            bail!("`{url}` is not an http:// or https:// URL");
        }
    }
    Ok(Target {
        store: args.endpoint.clone(),
        query: args.sparql.clone(),
        auth,
        param: match args.graph_param {
            GraphParamArg::Graph => GraphParam::Graph,
            GraphParamArg::GraphUri => GraphParam::GraphUri,
            GraphParamArg::Both => GraphParam::Both,
        },
        chunk: args.chunk,
        retries: args.retries,
        timeout: Duration::from_secs(args.timeout),
    })
}
