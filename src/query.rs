//! The shipped query catalogue, running queries, and writing their results.
//!
//! Queries in `queries/` are embedded at build time. Each opens with
//! `# title:` and `# description:` comment lines. Shipped queries and
//! `--sparql` text run against the union of the named graphs (ontology and
//! facts) as their default graph, unless they name their own dataset.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::sync::Arc;
use std::time::Duration;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Term, Variable};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{
    CancellationToken, PreparedSparqlQuery, QueryEvaluationError, QueryResults, QuerySolution,
    QuerySolutionIter, QueryTripleIter, SparqlEvaluator,
};
use oxigraph::store::Store;
use spargebra::SparqlParser;

use crate::vocab::PREFIXES;

pub mod guard;

use guard::Budget;
pub use guard::Stop;

mod generated {
    include!(concat!(env!("OUT_DIR"), "/queries.rs"));
}

/// A query shipped with the tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shipped {
    /// Its name: the file stem.
    pub name: &'static str,
    /// Its SPARQL text.
    pub text: &'static str,
}

impl Shipped {
    /// The `# title:` line.
    pub fn title(&self) -> &'static str {
        header(self.text, "title")
    }

    /// The `# description:` line.
    pub fn description(&self) -> &'static str {
        header(self.text, "description")
    }
}

fn header<'a>(text: &'a str, key: &str) -> &'a str {
    text.lines()
        .take_while(|l| l.starts_with('#'))
        .find_map(|l| {
            l.trim_start_matches('#')
                .trim()
                .strip_prefix(key)?
                .strip_prefix(':')
        })
        .map_or("", str::trim)
}

/// The research questions, sorted by name.
pub fn catalogue() -> impl Iterator<Item = Shipped> {
    generated::CATALOGUE
        .iter()
        .map(|&(name, text)| Shipped { name, text })
}

/// The data checks (`queries/checks/`): each must return no row.
pub fn checks() -> impl Iterator<Item = Shipped> {
    generated::CHECKS
        .iter()
        .map(|&(name, text)| Shipped { name, text })
}

/// The shipped query called `name`.
pub fn find(name: &str) -> Option<Shipped> {
    catalogue().chain(checks()).find(|q| q.name == name)
}

/// Why a query failed.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// The text is not SPARQL.
    #[error("invalid SPARQL: {0}")]
    Syntax(String),
    /// Evaluation failed.
    #[error("query evaluation failed: {0}")]
    Evaluation(String),
    /// The query was stopped: past its time limit, over its row budget, or the engine failed.
    #[error(transparent)]
    Stopped(#[from] Stop),
    /// Writing results failed.
    #[error(transparent)]
    Io(#[from] io::Error),
    /// The result kind cannot be written in the asked format.
    #[error("{0}")]
    Format(String),
    /// The query is valid but not allowed (an update, `SERVICE`).
    #[error("{0}")]
    Refused(String),
}

impl From<QueryEvaluationError> for QueryError {
    fn from(e: QueryEvaluationError) -> Self {
        match e {
            QueryEvaluationError::Dataset(inner) => match inner.downcast::<Stop>() {
                Ok(stop) => QueryError::Stopped(*stop),
                Err(inner) => QueryError::Evaluation(inner.to_string()),
            },
            other => QueryError::Evaluation(other.to_string()),
        }
    }
}

/// How to write results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultFormat {
    /// An aligned text table for people (graphs: Turtle).
    Table,
    /// SPARQL 1.1 CSV.
    Csv,
    /// SPARQL 1.1 TSV.
    Tsv,
    /// SPARQL 1.1 JSON.
    Json,
    /// SPARQL 1.1 XML.
    Xml,
    /// Turtle (CONSTRUCT and DESCRIBE only).
    Turtle,
    /// N-Triples (CONSTRUCT and DESCRIBE only).
    NTriples,
}

/// The default of [`Options::max_held_rows`]. `serve` answers on one worker
/// per core, and each worker's allocator keeps what its largest query took:
/// at 50,000 rows a cross join sorted on both workers of a 2-core machine
/// took the server (shipped data, 38 MiB resident when idle) to 1.90× its
/// idle memory (`cargo bench --bench serve_load`); half that leaves room for
/// rows with more variables under the 2× the endpoint promises.
pub const DEFAULT_MAX_HELD_ROWS: usize = 25_000;

/// How a query is to be run.
#[derive(Clone)]
pub struct Options {
    /// `default-graph-uri`s: when given, the default graph is their merge
    /// instead of the union of all graphs.
    pub default_graphs: Vec<NamedNode>,
    /// `named-graph-uri`s: when given, the only named graphs visible.
    pub named_graphs: Vec<NamedNode>,
    /// Cancels the evaluation when triggered (a timeout).
    pub cancellation: Option<CancellationToken>,
    /// Stops the evaluation past this time limit.
    pub timeout: Option<Duration>,
    /// Most intermediate rows the query may pass into operators that hold
    /// them in memory (sorting, grouping, deduplicating, the built side of a
    /// join), counted over the whole evaluation.
    pub max_held_rows: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            default_graphs: Vec::new(),
            named_graphs: Vec::new(),
            cancellation: None,
            timeout: None,
            max_held_rows: DEFAULT_MAX_HELD_ROWS,
        }
    }
}

/// Cancels a query's evaluation when it outlives a timeout; dropping it
/// (once the answer is ready) stops the timer.
pub struct Deadline {
    token: CancellationToken,
    timeout: Duration,
    done: Option<std::sync::mpsc::Sender<()>>,
    timer: Option<std::thread::JoinHandle<()>>,
}

impl Deadline {
    /// Starts the clock.
    pub fn start(timeout: Duration) -> Self {
        let token = CancellationToken::new();
        let (done, stop) = std::sync::mpsc::channel::<()>();
        let cancel = token.clone();
        let timer = std::thread::spawn(move || {
            if stop.recv_timeout(timeout) == Err(std::sync::mpsc::RecvTimeoutError::Timeout) {
                cancel.cancel();
            }
        });
        Self {
            token,
            timeout,
            done: Some(done),
            timer: Some(timer),
        }
    }

    /// Query options whose evaluation this deadline stops.
    pub fn options(&self) -> Options {
        Options {
            cancellation: Some(self.token.clone()),
            timeout: Some(self.timeout),
            ..Options::default()
        }
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        drop(self.done.take());
        if let Some(timer) = self.timer.take() {
            let _ = timer.join();
        }
    }
}

/// Parses `sparql` as a read-only query: updates (`LOAD`, `INSERT`…) and
/// `SERVICE` (which would make us fetch arbitrary URLs) are refused here,
/// before anything runs, whatever the build's features. Every operator that
/// holds rows gets a guard (see [`guard`]) enforcing `options`' limits.
pub fn prepare(sparql: &str, options: &Options) -> Result<PreparedSparqlQuery, QueryError> {
    let query = match SparqlParser::new().parse_query(sparql) {
        Ok(q) => q,
        Err(_) if SparqlParser::new().parse_update(sparql).is_ok() => {
            return Err(QueryError::Refused(
                "updates (INSERT, DELETE, LOAD, CLEAR…) are not allowed: this endpoint is read-only".into(),
            ));
        }
        Err(e) => return Err(QueryError::Syntax(e.to_string())),
    };
    let query = guard::guard(query).map_err(|e| QueryError::Refused(e.to_string()))?;
    let budget = Budget::new(options.max_held_rows, options.timeout);
    let mut evaluator = SparqlEvaluator::new()
        .with_custom_function(NamedNode::new_unchecked(guard::GUARD), budget.guard_function())
        .with_custom_function(NamedNode::new_unchecked(guard::CLOCK), budget.clock_function());
    if let Some(token) = &options.cancellation {
        evaluator = evaluator.with_cancellation_token(token.clone());
    }
    let mut prepared = evaluator.for_query(query);
    let dataset = prepared.dataset_mut();
    if !options.default_graphs.is_empty() {
        dataset.set_default_graph(
            options
                .default_graphs
                .iter()
                .cloned()
                .map(GraphName::NamedNode)
                .collect(),
        );
    } else if !options.named_graphs.is_empty() {
        dataset.set_default_graph(Vec::new());
    } else if dataset.is_default_dataset() {
        dataset.set_default_graph_as_union();
    }
    if !options.named_graphs.is_empty() {
        dataset.set_available_named_graphs(
            options
                .named_graphs
                .iter()
                .cloned()
                .map(NamedOrBlankNode::NamedNode)
                .collect(),
        );
    }
    Ok(prepared)
}

/// Runs `sparql` on `store`, with the union of named graphs as default graph.
pub fn run<'a>(store: &'a Store, sparql: &str) -> Result<QueryResults<'a>, QueryError> {
    run_with(store, sparql, &Options::default())
}

/// Runs `sparql` on `store` with `options`.
///
/// A stop (time limit, row budget) or a panic inside the query engine, while
/// the evaluation starts or while its results are read, becomes an error —
/// [`QueryError::Stopped`] here, an item that converts to it in the results —
/// instead of ending the process.
pub fn run_with<'a>(
    store: &'a Store,
    sparql: &str,
    options: &Options,
) -> Result<QueryResults<'a>, QueryError> {
    let prepared = prepare(sparql, options)?;
    let results = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        prepared.on_store(store).execute()
    }))
    .map_err(|payload| Stop::from_panic(payload.as_ref()))?
    .map_err(|e| stopped(e, options.timeout))?;
    let timeout = options.timeout;
    Ok(match results {
        QueryResults::Solutions(solutions) => {
            let variables: Arc<[Variable]> = solutions.variables().into();
            QueryResults::Solutions(QuerySolutionIter::new(
                variables,
                Caught {
                    inner: Some(solutions),
                    timeout,
                },
            ))
        }
        QueryResults::Graph(triples) => QueryResults::Graph(QueryTripleIter::new(Caught {
            inner: Some(triples),
            timeout,
        })),
        boolean @ QueryResults::Boolean(_) => boolean,
    })
}

/// A cancellation (only a deadline's timer cancels) as the timeout it stands for.
fn stopped(e: QueryEvaluationError, timeout: Option<Duration>) -> QueryEvaluationError {
    match (e, timeout) {
        (QueryEvaluationError::Cancelled, Some(t)) => {
            QueryEvaluationError::Dataset(Box::new(Stop::Timeout(t)))
        }
        (e, _) => e,
    }
}

/// An iterator of results whose panics become one last error item.
struct Caught<I> {
    inner: Option<I>,
    timeout: Option<Duration>,
}

impl<T, I: Iterator<Item = Result<T, QueryEvaluationError>>> Iterator for Caught<I> {
    type Item = Result<T, QueryEvaluationError>;

    fn next(&mut self) -> Option<Self::Item> {
        let inner = self.inner.as_mut()?;
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| inner.next())) {
            Ok(item) => item.map(|r| r.map_err(|e| stopped(e, self.timeout))),
            Err(payload) => {
                // The evaluation is broken past this point: drop it (and what it held) now.
                self.inner = None;
                Some(Err(QueryEvaluationError::Dataset(Box::new(Stop::from_panic(
                    payload.as_ref(),
                )))))
            }
        }
    }
}

/// All solutions of a SELECT query, collected (for checks and tests).
pub fn select(store: &Store, sparql: &str) -> Result<(Vec<Variable>, Vec<QuerySolution>), QueryError> {
    match run(store, sparql)? {
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            let rows = solutions.collect::<Result<Vec<_>, _>>()?;
            Ok((variables, rows))
        }
        _ => Err(QueryError::Format("expected a SELECT query".into())),
    }
}

/// Writes `results` to `out` in `format`; returns the number of rows or triples.
pub fn write_results(
    results: QueryResults<'_>,
    format: ResultFormat,
    out: &mut dyn Write,
) -> Result<usize, QueryError> {
    let standard = match format {
        ResultFormat::Csv => Some(QueryResultsFormat::Csv),
        ResultFormat::Tsv => Some(QueryResultsFormat::Tsv),
        ResultFormat::Json => Some(QueryResultsFormat::Json),
        ResultFormat::Xml => Some(QueryResultsFormat::Xml),
        _ => None,
    };
    match results {
        QueryResults::Boolean(b) => {
            if let Some(f) = standard {
                QueryResultsSerializer::from_format(f).serialize_boolean_to_writer(&mut *out, b)?;
            } else if matches!(format, ResultFormat::Table) {
                writeln!(out, "{b}")?;
            } else {
                return Err(QueryError::Format(
                    "an ASK result is written as table, csv, tsv, json or xml".into(),
                ));
            }
            Ok(1)
        }
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            if let Some(f) = standard {
                let mut w = QueryResultsSerializer::from_format(f)
                    .serialize_solutions_to_writer(&mut *out, variables)?;
                let mut n = 0;
                for s in solutions {
                    w.serialize(&s?)?;
                    n += 1;
                }
                w.finish()?;
                Ok(n)
            } else if matches!(format, ResultFormat::Table) {
                let rows = solutions.collect::<Result<Vec<_>, _>>()?;
                out.write_all(table(&variables, &rows).as_bytes())?;
                Ok(rows.len())
            } else {
                Err(QueryError::Format(
                    "SELECT results are written as table, csv, tsv, json or xml".into(),
                ))
            }
        }
        QueryResults::Graph(triples) => {
            let rdf = match format {
                ResultFormat::NTriples => RdfFormat::NTriples,
                ResultFormat::Turtle | ResultFormat::Table => RdfFormat::Turtle,
                _ => {
                    return Err(QueryError::Format(
                        "CONSTRUCT and DESCRIBE results are written as turtle or ntriples".into(),
                    ));
                }
            };
            let mut serializer = RdfSerializer::from_format(rdf);
            if rdf == RdfFormat::Turtle {
                for (p, iri) in PREFIXES {
                    serializer = serializer
                        .with_prefix(*p, *iri)
                        .map_err(|e| QueryError::Format(e.to_string()))?;
                }
            }
            let mut w = serializer.for_writer(&mut *out);
            let mut n = 0;
            for t in triples {
                w.serialize_triple(&t?)?;
                n += 1;
            }
            w.finish()?;
            Ok(n)
        }
    }
}

/// A term as people read it: IRIs shortened by the known prefixes, literals
/// as their plain value.
#[allow(
    clippy::match_wildcard_for_single_variants,
    reason = "RDF 1.2 triple terms exist only with oxigraph's rdf-12 feature, on with the shacl feature"
)]
pub fn display_term(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => {
            let iri = n.as_str();
            PREFIXES
                .iter()
                .find_map(|(p, ns)| {
                    iri.strip_prefix(ns)
                        .filter(|l| !l.is_empty() && !l.contains(['/', '#']))
                        .map(|l| format!("{p}:{l}"))
                })
                .unwrap_or_else(|| format!("<{iri}>"))
        }
        Term::BlankNode(b) => format!("_:{}", b.as_str()),
        Term::Literal(l) => l.value().replace(['\n', '\t'], " "),
        #[allow(
            unreachable_patterns,
            reason = "RDF 1.2 triple terms exist only with oxigraph's rdf-12 feature"
        )]
        other => other.to_string(),
    }
}

/// An aligned text table of solutions.
pub fn table(variables: &[Variable], rows: &[QuerySolution]) -> String {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            variables
                .iter()
                .map(|v| row.get(v).map(display_term).unwrap_or_default())
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = variables.iter().map(|v| v.as_str().chars().count()).collect();
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut s = String::new();
    let line = |s: &mut String, values: &mut dyn Iterator<Item = &str>| {
        let parts: Vec<String> = values.zip(&widths).map(|(v, w)| format!("{v:<w$}")).collect();
        let _ = writeln!(s, "{}", parts.join(" | ").trim_end());
    };
    line(&mut s, &mut variables.iter().map(Variable::as_str));
    let _ = writeln!(
        s,
        "{}",
        widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .join("-+-")
    );
    for row in &cells {
        line(&mut s, &mut row.iter().map(String::as_str));
    }
    let _ = writeln!(
        s,
        "({} row{})",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_query_has_a_title_and_a_description_and_parses() {
        let all: Vec<_> = catalogue().chain(checks()).collect();
        assert!(catalogue().count() >= 6, "at least six research queries");
        for q in all {
            assert!(!q.title().is_empty(), "{} has no `# title:`", q.name);
            assert!(!q.description().is_empty(), "{} has no `# description:`", q.name);
            let _ = SparqlEvaluator::new()
                .parse_query(q.text)
                .unwrap_or_else(|e| panic!("{}: {e}", q.name));
        }
    }

    #[test]
    fn the_evidence_check_finds_an_evidence_without_offsets() {
        let store = Store::new().unwrap();
        let nt = r#"
            <http://x/r> <https://w3id.org/conflict-kg/ontology#id> "r" .
            <http://x/r> <https://w3id.org/conflict-kg/ontology#evidence> <http://x/r/ev> .
            <http://x/r/ev> <https://w3id.org/conflict-kg/ontology#source> <http://x/s> .
            <http://x/r/ev> <http://www.w3.org/ns/oa#hasTarget> <http://x/r/ev/t> .
            <http://x/r/ev/t> <http://www.w3.org/ns/oa#hasSelector> <http://x/r/ev/q> .
            <http://x/r/ev/t> <http://www.w3.org/ns/oa#hasSelector> <http://x/r/ev/p> .
            <http://x/r/ev/q> <http://www.w3.org/ns/oa#exact> "quote" .
            <http://x/r/ev/p> <http://www.w3.org/ns/oa#start> "1" .
        "#;
        let check = find("evidence-without-quote").unwrap().text;
        let load = |extra: &str| {
            store.clear().unwrap();
            store
                .load_from_reader(RdfFormat::NTriples, format!("{nt}{extra}").as_bytes())
                .unwrap();
            select(&store, check).unwrap().1.len()
        };
        assert_eq!(load(""), 1, "no oa:end: a finding");
        assert_eq!(
            load(r#"<http://x/r/ev/p> <http://www.w3.org/ns/oa#end> "6" ."#),
            0
        );
    }

    #[test]
    fn updates_and_service_are_refused_before_running() {
        let refused = [
            "INSERT DATA { <http://a> <http://b> <http://c> }",
            "LOAD <http://example.org/data.ttl>",
            "CLEAR ALL",
            "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
            "SELECT * { ?s ?p ?o FILTER EXISTS { SERVICE SILENT <http://x> { ?s ?p ?o } } }",
            "ASK { { ?s ?p ?o } UNION { SERVICE <http://x> { ?a ?b ?c } } }",
        ];
        for q in refused {
            assert!(
                matches!(prepare(q, &Options::default()), Err(QueryError::Refused(_))),
                "{q}"
            );
        }
        // The word inside a literal or an IRI is fine.
        for q in [
            "SELECT * { ?s ?p \"(service \" }",
            "SELECT * { ?s <http://ex.org/service> ?o }",
        ] {
            assert!(prepare(q, &Options::default()).is_ok(), "{q}");
        }
        assert!(matches!(
            prepare("SELEC", &Options::default()),
            Err(QueryError::Syntax(_))
        ));
    }

    #[test]
    fn headers_are_read_from_leading_comments_only() {
        let text = "# title: T\n# description: D d\nSELECT * { ?s ?p ?o } # title: not this";
        assert_eq!(header(text, "title"), "T");
        assert_eq!(header(text, "description"), "D d");
        assert_eq!(header(text, "other"), "");
    }

    #[test]
    fn iris_are_shortened_only_to_valid_prefixed_names() {
        let t = |s: &str| Term::NamedNode(NamedNode::new_unchecked(s));
        assert_eq!(
            display_term(&t("https://w3id.org/conflict-kg/ontology#Event")),
            "ckg:Event"
        );
        assert_eq!(display_term(&t("http://example.org/x")), "<http://example.org/x>");
    }
}
