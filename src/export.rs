//! Writing RDF files: stable order, fixed prefixes, atomic replacement.
//!
//! Every file is written to a temporary file in the target directory and
//! renamed over the old one only once complete, so a failed or killed run
//! leaves the previous file intact. Triples arrive sorted from the mapping,
//! so two runs on the same data give byte-identical files.

use std::borrow::Cow;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, Triple};

use crate::pipeline::{Compiled, Graph, sort_triples};
use crate::vocab::PREFIXES;

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Turtle, with prefixes, grouped by subject.
    Turtle,
    /// N-Triples.
    NTriples,
    /// N-Quads, with both named graphs.
    NQuads,
}

impl Format {
    /// Every format, in the order `build` writes them.
    pub const ALL: [Format; 3] = [Format::Turtle, Format::NTriples, Format::NQuads];

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Turtle => "ttl",
            Format::NTriples => "nt",
            Format::NQuads => "nq",
        }
    }

    /// The format a file name's extension implies.
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?;
        Self::ALL
            .into_iter()
            .find(|f| f.extension().eq_ignore_ascii_case(ext))
    }

    fn rdf_format(self) -> RdfFormat {
        match self {
            Format::Turtle => RdfFormat::Turtle,
            Format::NTriples => RdfFormat::NTriples,
            Format::NQuads => RdfFormat::NQuads,
        }
    }

    /// Whether the format carries named graphs.
    pub fn has_graphs(self) -> bool {
        self == Format::NQuads
    }
}

/// Which graphs an export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    /// The curated facts only.
    Facts,
    /// The ontology only.
    Ontology,
    /// Both (merged in triple formats, as named graphs in N-Quads).
    All,
}

impl Selection {
    fn graphs(self) -> &'static [Graph] {
        match self {
            Selection::Facts => &[Graph::Facts],
            Selection::Ontology => &[Graph::Ontology],
            Selection::All => &[Graph::Ontology, Graph::Facts],
        }
    }
}

/// Serialises `selection` of `compiled` in `format` to `out`.
pub fn write(compiled: &Compiled, format: Format, selection: Selection, out: impl Write) -> io::Result<()> {
    let mut serializer = RdfSerializer::from_format(format.rdf_format());
    if format == Format::Turtle {
        for (name, iri) in prefixes() {
            serializer = serializer
                .with_prefix(name, iri)
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
        }
    }
    let mut w = serializer.for_writer(BufWriter::new(out));
    if format.has_graphs() {
        for &g in selection.graphs() {
            let name = GraphName::NamedNode(compiled.graph_iri(g));
            for t in compiled.triples(g) {
                w.serialize_quad(t.as_ref().in_graph(name.as_ref()))?;
            }
        }
    } else {
        for t in merged(compiled, selection).iter() {
            w.serialize_triple(t)?;
        }
    }
    w.finish()?.flush()
}

/// The triples of `selection`, one sorted sequence (so Turtle groups each subject once).
fn merged(compiled: &Compiled, selection: Selection) -> Cow<'_, [Triple]> {
    match selection.graphs() {
        [one] => Cow::Borrowed(compiled.triples(*one)),
        graphs => {
            let mut all: Vec<Triple> = graphs
                .iter()
                .flat_map(|g| compiled.triples(*g))
                .cloned()
                .collect();
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
pub fn write_atomic(path: &Path, fill: impl FnOnce(&mut fs::File) -> io::Result<()>) -> io::Result<()> {
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
    temp.as_file_mut().sync_all()?;
    Ok(Staged {
        temp,
        target: path.to_path_buf(),
    })
}
