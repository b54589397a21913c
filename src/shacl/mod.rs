//! SHACL validation of a graph against `ontology/shapes.ttl`, with rudof's `shacl` crate.
//!
//! The shapes are compiled into the binary like the ontology. [`Shapes`] holds
//! them compiled; [`Shapes::validate`] checks a graph — for the curated data, the
//! facts together with the ontology, since `sh:class` and `sh:targetClass`
//! follow `rdfs:subClassOf` through the data graph — and returns every
//! [`Violation`], sorted, in our own types so no engine type leaks out.
//! [`findings`] turns them into findings at the data line of each record.
//!
//! The engine is SHACL Core only: the shapes use no SHACL-SPARQL, and the
//! crate's `sparql` feature (which would fetch remote endpoints) stays off.

mod findings;

use std::collections::HashMap;
use std::fmt::Write as _;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{BlankNode, Literal, NamedNode, NamedOrBlankNode, Term, Triple, TripleRef};
use rudof_rdf::rdf_core::SHACLPath;
use rudof_rdf::rdf_core::term::Object;
use rudof_rdf::rdf_impl::OxigraphInMemory;
use shacl::ir::IRSchema;
use shacl::rdf::ShaclParser;
use shacl::types::Severity;
use shacl::validator::processor::{GraphValidation, ShaclProcessor};
use shacl::validator::report::ValidationResult;
use shacl::validator::store::Graph;
use shacl::validator::{ShaclConfig, ShaclValidationMode};

use crate::vocab::PREFIXES;
pub use findings::findings;

/// The shapes' Turtle source, as shipped.
pub const TURTLE: &str = include_str!("../../ontology/shapes.ttl");

/// The namespace of the shipped shapes (prefix `shape:` in messages).
pub const NAMESPACE: &str = "https://w3id.org/conflict-kg/ontology/shapes#";

/// The namespace of SHACL.
const SH: &str = "http://www.w3.org/ns/shacl#";

/// `sh:message`.
const MESSAGE: &str = "http://www.w3.org/ns/shacl#message";

/// `sh:targetSubjectsOf`.
const TARGET_SUBJECTS_OF: &str = "http://www.w3.org/ns/shacl#targetSubjectsOf";

/// Why shapes could not be read or a graph could not be validated.
#[derive(Debug, thiserror::Error)]
pub enum ShaclError {
    /// A shapes graph is not valid RDF or not valid SHACL.
    #[error("{name}: {message}")]
    Shapes {
        /// Where the shapes came from.
        name: String,
        /// What is wrong.
        message: String,
    },
    /// The engine failed (not a violation: the validation could not run).
    #[error("SHACL validation failed: {0}")]
    Engine(String),
}

/// A compiled shapes graph.
#[derive(Debug, Clone)]
pub struct Shapes {
    schema: IRSchema,
    /// Each shape's `sh:message`, in English where there is a choice: engines
    /// differ in which results carry it, so we look it up ourselves.
    messages: HashMap<Term, String>,
    /// Each shape's `sh:targetSubjectsOf` properties.
    subjects_of: HashMap<Term, Vec<NamedNode>>,
}

/// One validation result: a focus node that does not conform to a shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The node that does not conform.
    pub focus: Term,
    /// The property path of the property shape, SPARQL-like with known prefixes.
    pub path: Option<String>,
    /// The property, when the path is a single one.
    pub predicate: Option<NamedNode>,
    /// The properties whose subjects the shape targets (`sh:targetSubjectsOf`).
    pub subjects_of: Vec<NamedNode>,
    /// The offending value, when there is one.
    pub value: Option<Term>,
    /// The shape that reported it (a property shape, or a node shape).
    pub shape: Option<Term>,
    /// The constraint that failed, named after its parameter: `sh:minCount`
    /// for `sh:MinCountConstraintComponent`.
    pub component: String,
    /// What is wrong, in words: the shape's `sh:message` (English) or the engine's.
    pub message: String,
    /// `Violation`, `Warning` or `Info`.
    pub severity: String,
}

impl Shapes {
    /// The shipped shapes.
    ///
    /// ```
    /// let shapes = conflict_kg::shacl::Shapes::embedded().unwrap();
    /// assert!(shapes.len() > 20);
    /// ```
    pub fn embedded() -> Result<Self, ShaclError> {
        Self::embedded_and(&[])
    }

    /// The shipped shapes with more: each `(name, bytes, format)` is parsed and
    /// added, its blank nodes kept apart from those of the other files.
    pub fn embedded_and(extra: &[(String, Vec<u8>, RdfFormat)]) -> Result<Self, ShaclError> {
        let mut triples = parse("ontology/shapes.ttl", TURTLE.as_bytes(), RdfFormat::Turtle)?;
        let mut names = vec!["ontology/shapes.ttl".to_owned()];
        for (i, (name, bytes, format)) in extra.iter().enumerate() {
            let scope = format!("f{}", i + 1);
            triples.extend(parse(name, bytes, *format)?.into_iter().map(|t| apart(t, &scope)));
            names.push(name.clone());
        }
        Self::from_triples(&triples, &names.join(", "))
    }

    /// Compiles the shapes a graph declares; `name` says where it came from, for errors.
    pub fn from_triples(triples: &[Triple], name: &str) -> Result<Self, ShaclError> {
        let mut graph = OxigraphInMemory::new();
        for t in triples {
            add(&mut graph, t.as_ref(), name)?;
        }
        let error = |message: String| ShaclError::Shapes {
            name: name.to_owned(),
            message,
        };
        let ast = ShaclParser::new(graph)
            .parse()
            .map_err(|e| error(format!("not a valid SHACL shapes graph: {e}")))?;
        let schema = IRSchema::compile(&ast).map_err(|e| error(format!("cannot compile the shapes: {e}")))?;
        let mut messages = HashMap::new();
        let mut subjects_of: HashMap<Term, Vec<NamedNode>> = HashMap::new();
        for t in triples {
            if t.predicate.as_str() == TARGET_SUBJECTS_OF
                && let Term::NamedNode(p) = &t.object
            {
                subjects_of
                    .entry(t.subject.clone().into())
                    .or_default()
                    .push(p.clone());
            }
            if t.predicate.as_str() == MESSAGE
                && let Term::Literal(l) = &t.object
                && (l.language().is_none_or(|lang| lang == "en"))
            {
                let shape = Term::from(t.subject.clone());
                if l.language().is_some() || !messages.contains_key(&shape) {
                    messages.insert(shape, l.value().to_owned());
                }
            }
        }
        Ok(Self {
            schema,
            messages,
            subjects_of,
        })
    }

    /// How many shapes there are (node and property shapes, named or not).
    pub fn len(&self) -> usize {
        self.schema.iter().count()
    }

    /// Whether there is no shape at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Validates the graph made of `triples`; every result, sorted by focus node,
    /// path, value and shape.
    pub fn validate<'a>(
        &self,
        triples: impl IntoIterator<Item = TripleRef<'a>>,
    ) -> Result<Vec<Violation>, ShaclError> {
        let mut graph = OxigraphInMemory::new();
        for t in triples {
            add(&mut graph, t, "the data graph")?;
        }
        let mut validation = GraphValidation::new(Graph::from(graph));
        let report = validation
            .validate(
                &self.schema,
                &ShaclValidationMode::Native,
                &ShaclConfig::default(),
            )
            .map_err(|e| ShaclError::Engine(e.to_string()))?;
        let mut violations: Vec<Violation> = report
            .results()
            .iter()
            .map(|r| {
                let mut v = violation(r);
                if let Some(shape) = &v.shape {
                    if let Some(m) = self.messages.get(shape) {
                        v.message.clone_from(m);
                    }
                    v.subjects_of = self.subjects_of.get(shape).cloned().unwrap_or_default();
                }
                v
            })
            .collect();
        // The engine validates shapes in parallel: sort for a stable report.
        violations.sort_by_cached_key(Violation::sort_key);
        violations.dedup();
        Ok(violations)
    }
}

/// Parses RDF in any format, keeping the triples of every graph.
pub fn parse(name: &str, bytes: &[u8], format: RdfFormat) -> Result<Vec<Triple>, ShaclError> {
    RdfParser::from_format(format)
        .for_slice(bytes)
        .map(|q| q.map(Triple::from))
        .collect::<Result<_, _>>()
        .map_err(|e| ShaclError::Shapes {
            name: name.to_owned(),
            message: e.to_string(),
        })
}

/// `t` with its blank nodes relabelled `{scope}-{label}`: blank nodes of two
/// files are two sets of nodes, whatever their labels (RDF merge).
pub fn apart(t: Triple, scope: &str) -> Triple {
    let node = |b: &BlankNode| BlankNode::new_unchecked(format!("{scope}-{}", b.as_str()));
    let subject = match t.subject {
        NamedOrBlankNode::BlankNode(b) => NamedOrBlankNode::BlankNode(node(&b)),
        NamedOrBlankNode::NamedNode(n) => NamedOrBlankNode::NamedNode(n),
    };
    let object = match t.object {
        Term::BlankNode(b) => Term::BlankNode(node(&b)),
        other => other,
    };
    Triple::new(subject, t.predicate, object)
}

fn add(graph: &mut OxigraphInMemory, t: TripleRef<'_>, name: &str) -> Result<(), ShaclError> {
    graph
        .add_triple_ref(t.subject, t.predicate, t.object)
        .map_err(|e| ShaclError::Shapes {
            name: name.to_owned(),
            message: e.to_string(),
        })
}

fn violation(r: &ValidationResult) -> Violation {
    let messages = r.message();
    let message = messages
        .iter()
        .find(|(lang, _)| lang.as_ref().is_some_and(|l| l.to_string() == "en"))
        .or_else(|| messages.iter().find(|(lang, _)| lang.is_none()))
        .or_else(|| messages.iter().next())
        .map(|(_, m)| m.clone())
        .unwrap_or_default();
    Violation {
        focus: term(r.focus_node()),
        path: r.path().map(path),
        predicate: r
            .path()
            .and_then(SHACLPath::pred)
            .map(|p| NamedNode::new_unchecked(p.as_str())),
        subjects_of: Vec::new(),
        value: r.value().map(term),
        shape: r.source().map(term),
        component: constraint(&term(r.constraint_component())),
        message,
        severity: match r.severity() {
            Severity::Violation => "Violation".to_owned(),
            Severity::Warning => "Warning".to_owned(),
            Severity::Info => "Info".to_owned(),
            other => other.to_string(),
        },
    }
}

/// `sh:MinCountConstraintComponent` as `sh:minCount`, the parameter people wrote.
fn constraint(component: &Term) -> String {
    let shown = show(component);
    match shown
        .strip_prefix("sh:")
        .and_then(|c| c.strip_suffix("ConstraintComponent"))
    {
        Some(name) => {
            let mut chars = name.chars();
            let first = chars.next().map(|c| c.to_ascii_lowercase()).into_iter();
            format!("sh:{}", first.chain(chars).collect::<String>())
        }
        None => shown,
    }
}

fn term(o: &Object) -> Term {
    Term::from(o.clone())
}

/// A SHACL path the way SPARQL writes property paths, IRIs shortened.
fn path(p: &SHACLPath) -> String {
    let join = |paths: &[SHACLPath], sep: &str| paths.iter().map(path).collect::<Vec<_>>().join(sep);
    match p {
        SHACLPath::Predicate { pred } => compact(&format!("<{}>", pred.as_str())),
        SHACLPath::Alternative { paths } => format!("({})", join(paths, "|")),
        SHACLPath::Sequence { paths } => join(paths, "/"),
        SHACLPath::Inverse { path: p } => format!("^{}", path(p)),
        SHACLPath::ZeroOrMore { path: p } => format!("({})*", path(p)),
        SHACLPath::OneOrMore { path: p } => format!("({})+", path(p)),
        SHACLPath::ZeroOrOne { path: p } => format!("({})?", path(p)),
    }
}

/// `<iri>` as `prefix:local` for the prefixes we write (and `sh:`, `shape:`), else unchanged.
fn compact(nt: &str) -> String {
    let Some(iri) = nt.strip_prefix('<').and_then(|s| s.strip_suffix('>')) else {
        return nt.to_owned();
    };
    let known = PREFIXES.iter().copied().chain([("sh", SH), ("shape", NAMESPACE)]);
    for (prefix, ns) in known {
        if let Some(local) = iri.strip_prefix(ns)
            && !local.is_empty()
            && local.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        {
            return format!("{prefix}:{local}");
        }
    }
    nt.to_owned()
}

impl Violation {
    fn sort_key(&self) -> [String; 5] {
        // Shape before value: a shape's results stay together.
        let text = |t: &Option<Term>| t.as_ref().map(ToString::to_string).unwrap_or_default();
        [
            self.focus.to_string(),
            self.path.clone().unwrap_or_default(),
            text(&self.shape),
            self.component.clone(),
            text(&self.value),
        ]
    }

    /// The details after the message: `(shape …, path …, value …)`.
    pub fn details(&self) -> String {
        let mut out = String::new();
        let mut part = |label: &str, text: String| {
            let _ = write!(out, "{}{label} {text}", if out.is_empty() { "" } else { ", " });
        };
        if let Some(shape) = &self.shape {
            part("shape", show(shape));
        }
        part("constraint", self.component.clone());
        if let Some(path) = &self.path {
            part("path", path.clone());
        }
        // A node shape's own constraints have the focus node as value: no news.
        if let Some(value) = self.value.as_ref().filter(|v| **v != self.focus) {
            part("value", show(value));
        }
        if self.severity != "Violation" {
            part("severity", self.severity.clone());
        }
        format!("({out})")
    }
}

/// A term for people: IRIs shortened with known prefixes, literals cut to 60
/// characters with their language or datatype (none for plain strings).
pub fn show(term: &Term) -> String {
    match term {
        Term::Literal(l) => show_literal(l),
        other => compact(&other.to_string()),
    }
}

fn show_literal(l: &Literal) -> String {
    let value = Literal::new_simple_literal(shorten(l.value(), 60)).to_string();
    match l.language() {
        Some(lang) => format!("{value}@{lang}"),
        None if l.datatype() == oxigraph::model::vocab::xsd::STRING => value,
        None => format!("{value}^^{}", compact(&l.datatype().to_string())),
    }
}

/// `text` cut to `max` characters, with `…` where it was cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max - 1).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_shapes_compile() {
        let shapes = Shapes::embedded().unwrap();
        assert!(shapes.len() > 50, "{} shapes", shapes.len());
    }

    #[test]
    fn iris_are_shortened_with_known_prefixes_only() {
        assert_eq!(
            compact("<https://w3id.org/conflict-kg/ontology#Event>"),
            "ckg:Event"
        );
        assert_eq!(
            compact("<http://www.w3.org/ns/shacl#MinCountConstraintComponent>"),
            "sh:MinCountConstraintComponent"
        );
        assert_eq!(compact("<https://example.org/x>"), "<https://example.org/x>");
        assert_eq!(compact("\"a\"@en"), "\"a\"@en");
    }

    #[test]
    fn constraints_are_named_after_their_parameter() {
        let component = |local: &str| Term::from(NamedNode::new_unchecked(format!("{SH}{local}")));
        assert_eq!(
            constraint(&component("MinCountConstraintComponent")),
            "sh:minCount"
        );
        assert_eq!(
            constraint(&component("QualifiedMinCountConstraintComponent")),
            "sh:qualifiedMinCount"
        );
        assert_eq!(constraint(&component("Other")), "sh:Other");
    }

    #[test]
    fn long_values_are_cut() {
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten("abc", 4), "abc");
    }
}
