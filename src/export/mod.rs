//! Writing RDF files: stable order, fixed prefixes, atomic replacement.
//!
//! Every file is written to a temporary file in the target directory and
//! renamed over the old one only once complete, so a failed or killed run
//! leaves the previous file intact. Triples arrive sorted from the mapping,
//! so two runs on the same data give byte-identical files.

pub mod behind;
pub mod canonical;
pub mod jsonld;
pub mod publish;
pub mod shard;
pub mod verify;

use std::borrow::Cow;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, NamedNode, Triple};

use crate::pipeline::{Compiled, Graph, sort_triples};
use crate::vocab::PREFIXES;

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Turtle, with prefixes, grouped by subject.
    Turtle,
    /// N-Triples.
    NTriples,
    /// N-Quads, one named graph per graph.
    NQuads,
    /// TriG, one named graph per graph.
    TriG,
    /// RDF/XML.
    RdfXml,
    /// JSON-LD compacted against the shipped context.
    JsonLd,
    /// RDFC-1.0 canonical N-Quads.
    CanonicalNQuads,
}

impl Format {
    /// Every format, in the order `build` writes them.
    pub const ALL: [Format; 7] = [
        Format::Turtle,
        Format::NTriples,
        Format::NQuads,
        Format::TriG,
        Format::RdfXml,
        Format::JsonLd,
        Format::CanonicalNQuads,
    ];

    /// The file name suffix `build` uses (after `conflict-kg`).
    pub fn suffix(self) -> &'static str {
        match self {
            Format::Turtle => ".ttl",
            Format::NTriples => ".nt",
            Format::NQuads => ".nq",
            Format::TriG => ".trig",
            Format::RdfXml => ".rdf",
            Format::JsonLd => ".jsonld",
            Format::CanonicalNQuads => ".canonical.nq",
        }
    }

    /// Its IANA media type.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Turtle => "text/turtle",
            Format::NTriples => "application/n-triples",
            Format::NQuads | Format::CanonicalNQuads => "application/n-quads",
            Format::TriG => "application/trig",
            Format::RdfXml => "application/rdf+xml",
            Format::JsonLd => "application/ld+json",
        }
    }

    /// A name for people.
    pub fn name(self) -> &'static str {
        match self {
            Format::Turtle => "Turtle",
            Format::NTriples => "N-Triples",
            Format::NQuads => "N-Quads",
            Format::TriG => "TriG",
            Format::RdfXml => "RDF/XML",
            Format::JsonLd => "JSON-LD (compacted)",
            Format::CanonicalNQuads => "RDFC-1.0 canonical N-Quads",
        }
    }

    /// The format a file name implies (`.canonical.nq` before `.nq`).
    pub fn from_path(path: &Path) -> Option<Self> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        if name.ends_with(".canonical.nq") {
            return Some(Format::CanonicalNQuads);
        }
        match name.rsplit('.').next()? {
            "ttl" => Some(Format::Turtle),
            "nt" => Some(Format::NTriples),
            "nq" => Some(Format::NQuads),
            "trig" => Some(Format::TriG),
            "rdf" | "owl" | "xml" => Some(Format::RdfXml),
            "jsonld" | "json" => Some(Format::JsonLd),
            _ => None,
        }
    }

    /// Oxigraph's format for it (canonical N-Quads is N-Quads to a parser).
    pub fn rdf_format(self) -> RdfFormat {
        match self {
            Format::Turtle => RdfFormat::Turtle,
            Format::NTriples => RdfFormat::NTriples,
            Format::NQuads | Format::CanonicalNQuads => RdfFormat::NQuads,
            Format::TriG => RdfFormat::TriG,
            Format::RdfXml => RdfFormat::RdfXml,
            Format::JsonLd => RdfFormat::JsonLd {
                profile: oxigraph::io::JsonLdProfileSet::empty(),
            },
        }
    }

    /// What a distribution in this format holds: every graph where the
    /// format keeps graphs apart, the facts otherwise.
    pub fn distribution_selection(self) -> Selection {
        if self.has_graphs() {
            Selection::All
        } else {
            Selection::Facts
        }
    }

    /// Whether the format keeps named graphs apart.
    pub fn has_graphs(self) -> bool {
        matches!(self, Format::NQuads | Format::TriG | Format::CanonicalNQuads)
    }
}

/// Which graphs an export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    /// The curated facts (with what they entail, when entailment was asked for).
    Facts,
    /// The ontology only.
    Ontology,
    /// Everything: ontology, facts, inferred.
    All,
}

impl Selection {
    /// The graphs of `compiled` this selection covers.
    pub fn graphs(self, compiled: &Compiled) -> Vec<Graph> {
        compiled
            .graphs()
            .into_iter()
            .filter(|g| match self {
                Selection::Facts => matches!(g, Graph::Facts | Graph::Inferred),
                Selection::Ontology => *g == Graph::Ontology,
                Selection::All => true,
            })
            .collect()
    }
}

/// Serialises `selection` of `compiled` in `format` to `out`. Formats with
/// named graphs keep each graph apart; the others (and JSON-LD of the facts)
/// merge the selected graphs into one sorted sequence.
pub fn write(compiled: &Compiled, format: Format, selection: Selection, out: impl Write) -> io::Result<()> {
    let graphs: Vec<(NamedNode, &[Triple])> = selection
        .graphs(compiled)
        .into_iter()
        .map(|g| (compiled.graph_iri(g), compiled.triples(g)))
        .collect();
    write_graphs(
        &compiled.ontology,
        &graphs,
        format,
        selection == Selection::All,
        out,
    )
}

/// Serialises named graphs of sorted triples in `format`. Triple formats
/// merge them; N-Quads, TriG and canonical N-Quads keep them apart, and so
/// does JSON-LD when `named_json_ld` (otherwise it writes one default graph).
/// `ontology` supplies the JSON-LD context.
pub fn write_graphs(
    ontology: &crate::ontology::Ontology,
    graphs: &[(NamedNode, &[Triple])],
    format: Format,
    named_json_ld: bool,
    out: impl Write,
) -> io::Result<()> {
    let mut out = BufWriter::new(out);
    match format {
        Format::CanonicalNQuads => {
            let quads = graphs.iter().flat_map(|(name, triples)| {
                triples
                    .iter()
                    .map(move |t| t.clone().in_graph(GraphName::NamedNode(name.clone())))
            });
            out.write_all(canonical::canonical_nquads(quads).as_bytes())?;
        }
        Format::JsonLd => {
            let context = jsonld::Context::new(ontology);
            if named_json_ld {
                context.write(graphs, &mut out)?;
            } else {
                let merged = merged(graphs);
                let name = graphs
                    .first()
                    .map_or_else(|| NamedNode::new_unchecked("urn:x-default"), |(n, _)| n.clone());
                context.write(&[(name, &merged)], &mut out)?;
            }
        }
        _ => {
            let mut w = serializer(format)?.for_writer(&mut out);
            if format.has_graphs() {
                for (name, triples) in graphs {
                    for t in *triples {
                        w.serialize_quad(t.as_ref().in_graph(name.as_ref()))?;
                    }
                }
            } else {
                for t in merged(graphs).iter() {
                    w.serialize_triple(t)?;
                }
            }
            w.finish()?;
        }
    }
    out.flush()
}

/// Oxigraph's serializer for `format`, with our prefixes where the syntax has them.
fn serializer(format: Format) -> io::Result<RdfSerializer> {
    let mut serializer = RdfSerializer::from_format(format.rdf_format());
    if matches!(format, Format::Turtle | Format::TriG | Format::RdfXml) {
        for (name, iri) in prefixes() {
            serializer = serializer
                .with_prefix(name, iri)
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
        }
    }
    Ok(serializer)
}

/// Serialises sorted `triples` (e.g. the dataset description) in a triple format.
pub fn write_triples(triples: &[Triple], format: Format, out: impl Write) -> io::Result<()> {
    let mut out = BufWriter::new(out);
    let mut w = serializer(format)?.for_writer(&mut out);
    for t in triples {
        w.serialize_triple(t)?;
    }
    w.finish()?;
    out.flush()
}

/// The triples of `graphs`, one sorted sequence (so Turtle groups each subject once).
fn merged<'a>(graphs: &[(NamedNode, &'a [Triple])]) -> Cow<'a, [Triple]> {
    match graphs {
        [(_, one)] => Cow::Borrowed(*one),
        graphs => {
            let mut all: Vec<Triple> = graphs.iter().flat_map(|(_, t)| t.iter()).cloned().collect();
            sort_triples(&mut all);
            Cow::Owned(all)
        }
    }
}

/// The prefixes written in Turtle. Record IRIs stay in full: their
/// intermediate nodes (`…/evidence/1/quote`) would need `\/` escapes in a
/// prefixed name, which no archivist should have to read.
pub fn prefixes() -> impl Iterator<Item = (&'static str, &'static str)> {
    PREFIXES.iter().copied()
}

/// Writes `path` atomically: `fill` writes into a temporary file beside it,
/// which replaces `path` only if everything succeeded.
///
/// A path that exists and is not a regular file (`/dev/null`, a FIFO, a
/// terminal) is written in place: renaming over it would replace the device.
pub fn write_atomic(path: &Path, fill: impl FnOnce(&mut fs::File) -> io::Result<()>) -> io::Result<()> {
    if fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        let mut device = fs::OpenOptions::new().write(true).open(path)?;
        return fill(&mut device);
    }
    let staged = stage(path, fill)?;
    staged.commit()
}

/// A complete file waiting to replace its target.
#[derive(Debug)]
pub struct Staged {
    temp: tempfile::NamedTempFile,
    target: PathBuf,
}

impl Staged {
    /// Renames the temporary file over the target.
    pub fn commit(self) -> io::Result<()> {
        self.temp.persist(&self.target).map(|_| ()).map_err(|e| e.error)
    }

    /// The complete temporary file, not yet in place.
    pub fn path(&self) -> &Path {
        self.temp.path()
    }

    /// The file this will replace.
    pub fn target(&self) -> &Path {
        &self.target
    }
}

/// Writes a complete temporary file for `path` without replacing it yet, so
/// several files can be prepared before any is replaced.
pub fn stage(path: &Path, fill: impl FnOnce(&mut fs::File) -> io::Result<()>) -> io::Result<Staged> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".conflict-kg-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    fill(temp.as_file_mut())?;
    // Temporary files are private (0600); a published export is world-readable.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        temp.as_file()
            .set_permissions(fs::Permissions::from_mode(0o644))?;
    }
    temp.as_file_mut().sync_all()?;
    Ok(Staged {
        temp,
        target: path.to_path_buf(),
    })
}
