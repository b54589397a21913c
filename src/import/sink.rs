//! Where imported triples go: an RDF file written as they come, or a store.
//!
//! The importers produce borrowed triples ([`TripleRef`]) built from one
//! row's buffers, so a sink must consume each at once. N-Triples and N-Quads
//! have a writer of our own (the hot path: no formatting machinery, one
//! buffer); the other formats use Oxigraph's streaming serializers; a store
//! is filled through Oxigraph's bulk loader in chunks, never by transactions.

use std::io::{self, Write};

use oxigraph::io::{RdfFormat, RdfSerializer, WriterQuadSerializer};
use oxigraph::model::{GraphNameRef, LiteralRef, NamedNode, NamedOrBlankNodeRef, Quad, TermRef, TripleRef};
use oxigraph::store::{BulkLoader, StorageError};

use crate::vocab::{self, geo};

/// Receives the triples of an import, one at a time.
pub trait Sink {
    /// Takes one triple.
    fn triple(&mut self, t: TripleRef<'_>) -> io::Result<()>;
    /// Writes whatever is buffered; called once at the end.
    fn finish(&mut self) -> io::Result<()>;
}

/// How many bytes the bulk writers hand to the kernel at a time: the
/// N-Triples buffer here, and the `BufWriter` of every imported, exported
/// or generated file.
///
/// Measured on the project's machine (ext4, Linux 6.18, which caches files
/// in large folios): writing 622 MB takes 0.9–1.4 s of system time in
/// 64 KiB writes, 0.23 s in 1 MiB writes and 0.13 s in 4 MiB writes
/// (`dd if=/dev/zero bs=…`). Past a few MiB nothing more is won, and
/// the buffer is the import's largest allocation after its memos.
pub const WRITE_CHUNK: usize = 4 << 20;

/// N-Triples (or N-Quads, with a graph name) written by hand into one buffer.
pub struct NTriples<W: Write> {
    out: W,
    buf: Vec<u8>,
    /// ` <graph>` for N-Quads, empty for N-Triples.
    graph: Vec<u8>,
}

impl<W: Write> NTriples<W> {
    /// An N-Triples writer.
    pub fn new(out: W) -> Self {
        Self {
            out,
            // Grows to the size of one write (the first flush), not more.
            buf: Vec::new(),
            graph: Vec::new(),
        }
    }

    /// An N-Quads writer putting every triple in `graph`.
    pub fn with_graph(out: W, graph: &NamedNode) -> Self {
        let mut w = Self::new(out);
        w.graph.push(b' ');
        iri(&mut w.graph, graph.as_str());
        w
    }

    /// The writer, once [`Sink::finish`] has written everything to it.
    pub fn into_inner(self) -> W {
        self.out
    }
}

impl<W: Write> Sink for NTriples<W> {
    fn triple(&mut self, t: TripleRef<'_>) -> io::Result<()> {
        write_terms(&mut self.buf, t);
        self.buf.extend_from_slice(&self.graph);
        self.buf.extend_from_slice(b" .\n");
        if self.buf.len() >= WRITE_CHUNK {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        self.out.flush()
    }
}

/// Appends one N-Triples line for `t` to `buf`.
///
/// ```
/// use conflict_kg::import::sink::write_triple;
/// use oxigraph::model::{LiteralRef, NamedNodeRef, TripleRef};
/// let s = NamedNodeRef::new_unchecked("http://e/s");
/// let mut buf = Vec::new();
/// write_triple(&mut buf, TripleRef::new(s, s, LiteralRef::new_simple_literal("a \"b\"\n")));
/// assert_eq!(buf, b"<http://e/s> <http://e/s> \"a \\\"b\\\"\\n\" .\n");
/// ```
pub fn write_triple(buf: &mut Vec<u8>, t: TripleRef<'_>) {
    write_terms(buf, t);
    buf.extend_from_slice(b" .\n");
}

/// The three terms of `t`, space-separated, without the final ` .`.
#[allow(
    clippy::match_wildcard_for_single_variants,
    reason = "RDF 1.2 triple terms exist only with oxigraph's rdf-12 feature, on with the shacl feature"
)]
fn write_terms(buf: &mut Vec<u8>, t: TripleRef<'_>) {
    match t.subject {
        NamedOrBlankNodeRef::NamedNode(n) => iri(buf, n.as_str()),
        NamedOrBlankNodeRef::BlankNode(b) => {
            // The importers never mint blank nodes; kept total for any caller.
            buf.extend_from_slice(b"_:");
            buf.extend_from_slice(b.as_str().as_bytes());
        }
    }
    buf.push(b' ');
    iri(buf, t.predicate.as_str());
    buf.push(b' ');
    match t.object {
        TermRef::NamedNode(n) => iri(buf, n.as_str()),
        TermRef::Literal(l) => literal(buf, l),
        TermRef::BlankNode(b) => {
            buf.extend_from_slice(b"_:");
            buf.extend_from_slice(b.as_str().as_bytes());
        }
        #[allow(
            unreachable_patterns,
            reason = "RDF 1.2 triple terms exist only with oxigraph's rdf-12 feature"
        )]
        _ => buf.extend_from_slice(t.object.to_string().as_bytes()),
    }
}

fn iri(buf: &mut Vec<u8>, iri: &str) {
    buf.push(b'<');
    buf.extend_from_slice(iri.as_bytes());
    buf.push(b'>');
}

fn literal(buf: &mut Vec<u8>, l: LiteralRef<'_>) {
    buf.push(b'"');
    escape(buf, l.value());
    buf.push(b'"');
    if let Some(lang) = l.language() {
        buf.push(b'@');
        buf.extend_from_slice(lang.as_bytes());
    } else if l.datatype() != oxigraph::model::vocab::xsd::STRING {
        buf.extend_from_slice(b"^^");
        iri(buf, l.datatype().as_str());
    }
}

/// N-Triples string escaping, as Oxigraph writes it: `"`, `\\`, the short
/// escapes for control characters, `\uXXXX` for the other ones.
fn escape(buf: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b >= 0x20 && b != b'"' && b != b'\\' && b != 0x7f {
            continue;
        }
        buf.extend_from_slice(&bytes[start..i]);
        start = i + 1;
        let short: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            _ => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                buf.extend_from_slice(b"\\u00");
                buf.push(HEX[usize::from(b >> 4)]);
                buf.push(HEX[usize::from(b & 0xf)]);
                continue;
            }
        };
        buf.extend_from_slice(short);
    }
    buf.extend_from_slice(&bytes[start..]);
}

/// Turtle written by hand: prefixes declared once, each subject's
/// consecutive triples grouped with `;`, `a` for `rdf:type` (its classes
/// listed with `,`), prefixed names for vocabulary terms, full IRIs
/// for records (their local parts hold `/`). As the importers emit each
/// subject's triples together, every subject is written once per event or
/// entity; the file is about 41 % of N-Triples.
pub struct Turtle<W: Write> {
    out: W,
    buf: Vec<u8>,
    subject: String,
    /// Whether the predicate last written was `rdf:type`, for a list of
    /// classes (`a ckg:Place, ckg:Country`). Other predicates that repeat
    /// are written again after `;`: remembering every predicate would cost
    /// the writer 4 % of its instructions, for lists the importers never
    /// emit.
    typed: bool,
    /// The prefixes `(name, namespace)`, by the length of their namespace:
    /// most IRIs written are records, whose namespace no prefix has, and
    /// this turns them away with one lookup.
    by_len: Vec<Vec<(&'static str, &'static str)>>,
    /// The IRIs written as prefixed names, with their names: the few dozen
    /// vocabulary terms an import writes over and over are copied from here,
    /// not worked out again. An open-addressing table of [`NAMES`] slots:
    /// an IRI goes in the first empty slot of the [`PROBES`] from [`slot`]
    /// on, and stays (none is ever evicted, so a lookup stops at the first
    /// empty slot); when those are all taken, it is not kept. An empty slot
    /// holds a space, which no IRI has (not even an empty one).
    names: Vec<(String, Vec<u8>)>,
}

/// How many slots the table of prefixed names has (a power of two): an
/// import uses about 80 names, so few share a slot and lookups of the IRIs
/// that are not in it (records) end at once on an empty slot.
const NAMES: usize = 1024;

/// How many slots from its own an IRI may go to.
const PROBES: usize = 4;

/// The slot of `iri` in the table of prefixed names: a hash of its length
/// and its last 16 bytes, which hold the start of most local names (a
/// class and a property that differ only by their initial's case, such as
/// `ckg:Participation` and `ckg:participation`, get other slots).
fn slot(iri: &[u8]) -> usize {
    // A multiply folded to 64 bits mixes every input bit into every output bit.
    fn fold(x: u64, k: u64) -> u64 {
        let m = u128::from(x) * u128::from(k);
        #[allow(clippy::cast_possible_truncation, reason = "the two halves, folded")]
        let folded = (m >> 64) as u64 ^ m as u64;
        folded
    }
    // Eight bytes at `at` in one load (every vocabulary IRI has 16 or more);
    // fewer byte by byte.
    fn word(bytes: &[u8], at: usize) -> u64 {
        match bytes.get(at..at + 8).map(<[u8; 8]>::try_from) {
            Some(Ok(w)) => u64::from_le_bytes(w),
            _ => bytes.iter().fold(0, |w, &b| w << 8 | u64::from(b)),
        }
    }
    let n = iri.len();
    let (a, b) = match n {
        16.. => (word(iri, n - 16), word(iri, n - 8)),
        8.. => (word(&iri[..n - 8], 0), word(iri, n - 8)),
        _ => (0, word(iri, 0)),
    };
    let h = fold(a ^ n as u64, 0x9e37_79b9_7f4a_7c15);
    let h = fold(h ^ b, 0xd6e8_feb8_6659_fd93);
    #[allow(clippy::cast_possible_truncation, reason = "masked below NAMES")]
    let slot = h as usize & (NAMES - 1);
    slot
}

/// Whether a byte may stand in the local part of a prefixed name as we
/// write them (letters, digits, `-`, `_`; the first may not be `-`).
#[allow(clippy::cast_possible_truncation, reason = "b < 256")]
const PLAIN: [bool; 256] = {
    let mut plain = [false; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        plain[b] = byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_';
        b += 1;
    }
    plain
};

impl<W: Write> Turtle<W> {
    /// A Turtle writer with the prefixes of [`prefixes`].
    pub fn new(out: W) -> Self {
        let mut by_len: Vec<Vec<_>> = Vec::new();
        // Grows to the size of one write (the first flush), not more.
        let mut buf = Vec::new();
        for (name, iri) in prefixes() {
            if by_len.len() <= iri.len() {
                by_len.resize_with(iri.len() + 1, Vec::new);
            }
            by_len[iri.len()].push((name, iri));
            buf.extend_from_slice(b"@prefix ");
            buf.extend_from_slice(name.as_bytes());
            buf.extend_from_slice(b": <");
            buf.extend_from_slice(iri.as_bytes());
            buf.extend_from_slice(b"> .\n");
        }
        buf.push(b'\n');
        Self {
            out,
            buf,
            subject: String::new(),
            typed: false,
            by_len,
            names: vec![(" ".to_owned(), Vec::new()); NAMES],
        }
    }

    /// The writer, once [`Sink::finish`] has written everything to it.
    pub fn into_inner(self) -> W {
        self.out
    }

    /// Writes `iri` as a prefixed name when a prefix covers it with a plain
    /// local part (letters, digits, `-`, `_`), else in full.
    fn iri(&mut self, iri: &str) {
        let bytes = iri.as_bytes();
        let home = slot(bytes);
        let mut free = None;
        for probe in 0..PROBES {
            let at = (home + probe) & (NAMES - 1);
            let (known, name) = &self.names[at];
            if known == iri {
                self.buf.extend_from_slice(name);
                return;
            }
            if known == " " {
                free = Some(at);
                break;
            }
        }
        if let Some(split) = memchr::memrchr2(b'#', b'/', bytes) {
            let (namespace, local) = bytes.split_at(split + 1);
            let prefix = self
                .by_len
                .get(namespace.len())
                .and_then(|same| same.iter().find(|(_, ns)| ns.as_bytes() == namespace));
            if let Some((prefix, _)) = prefix
                && local.first().is_some_and(|&b| b != b'-')
                && local.iter().all(|&b| PLAIN[usize::from(b)])
            {
                let start = self.buf.len();
                self.buf.extend_from_slice(prefix.as_bytes());
                self.buf.push(b':');
                self.buf.extend_from_slice(local);
                if let Some(at) = free {
                    let (known, name) = &mut self.names[at];
                    known.clear();
                    known.push_str(iri);
                    name.extend_from_slice(&self.buf[start..]);
                }
                return;
            }
        }
        iri_into(&mut self.buf, iri);
    }
}

fn iri_into(buf: &mut Vec<u8>, iri: &str) {
    buf.push(b'<');
    buf.extend_from_slice(iri.as_bytes());
    buf.push(b'>');
}

impl<W: Write> Sink for Turtle<W> {
    fn triple(&mut self, t: TripleRef<'_>) -> io::Result<()> {
        let subject = match t.subject {
            NamedOrBlankNodeRef::NamedNode(n) => n.as_str(),
            NamedOrBlankNodeRef::BlankNode(_) => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "the importers never write blank nodes",
                ));
            }
        };
        let typed = t.predicate == oxigraph::model::vocab::rdf::TYPE;
        let same = !self.subject.is_empty() && self.subject == subject;
        if same && typed && self.typed {
            // One more class of the same subject.
            self.buf.extend_from_slice(b", ");
        } else {
            if same {
                self.buf.extend_from_slice(b" ;\n\t");
            } else {
                if !self.subject.is_empty() {
                    self.buf.extend_from_slice(b" .\n");
                }
                self.subject.clear();
                self.subject.push_str(subject);
                iri_into(&mut self.buf, subject);
                self.buf.push(b' ');
            }
            self.typed = typed;
            if typed {
                self.buf.push(b'a');
            } else {
                self.iri(t.predicate.as_str());
            }
            self.buf.push(b' ');
        }
        self.object(t.object)
    }

    fn finish(&mut self) -> io::Result<()> {
        if !self.subject.is_empty() {
            self.buf.extend_from_slice(b" .\n");
            self.subject.clear();
        }
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        self.out.flush()
    }
}

impl<W: Write> Turtle<W> {
    /// Writes the object of a triple, then hands a full buffer to the writer.
    #[allow(
        clippy::match_wildcard_for_single_variants,
        reason = "RDF 1.2 triple terms exist only with oxigraph's rdf-12 feature, on with the shacl feature"
    )]
    fn object(&mut self, object: TermRef<'_>) -> io::Result<()> {
        match object {
            TermRef::NamedNode(n) => self.iri(n.as_str()),
            TermRef::Literal(l) => {
                self.buf.push(b'"');
                escape(&mut self.buf, l.value());
                self.buf.push(b'"');
                if let Some(lang) = l.language() {
                    self.buf.push(b'@');
                    self.buf.extend_from_slice(lang.as_bytes());
                } else if l.datatype() != oxigraph::model::vocab::xsd::STRING {
                    self.buf.extend_from_slice(b"^^");
                    self.iri(l.datatype().as_str());
                }
            }
            // Blank nodes, and RDF 1.2 triple terms.
            _ => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "the importers write only IRIs and literals as objects",
                ));
            }
        }
        if self.buf.len() >= WRITE_CHUNK {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }
}

/// Any other format, through Oxigraph's streaming serializer (Turtle groups
/// consecutive triples of one subject, which is how the importers emit them).
pub struct Serialized<W: Write> {
    inner: Option<WriterQuadSerializer<W>>,
    graph: Option<NamedNode>,
}

impl<W: Write> Serialized<W> {
    /// A serializer for `format`; formats with named graphs put every triple in `graph`.
    pub fn new(format: RdfFormat, graph: &NamedNode, out: W) -> io::Result<Self> {
        let mut serializer = RdfSerializer::from_format(format);
        if matches!(format, RdfFormat::Turtle | RdfFormat::TriG | RdfFormat::RdfXml) {
            for (name, iri) in prefixes() {
                serializer = serializer
                    .with_prefix(name, iri)
                    .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
            }
        }
        Ok(Self {
            inner: Some(serializer.for_writer(out)),
            graph: format.supports_datasets().then(|| graph.clone()),
        })
    }
}

/// The prefixes of exports plus the geographic ones the importers use.
pub fn prefixes() -> impl Iterator<Item = (&'static str, &'static str)> {
    vocab::PREFIXES
        .iter()
        .copied()
        .chain([("geo", geo::WGS84), ("geosparql", geo::GEOSPARQL)])
}

impl<W: Write> Sink for Serialized<W> {
    fn triple(&mut self, t: TripleRef<'_>) -> io::Result<()> {
        let Some(w) = self.inner.as_mut() else {
            return Err(io::Error::other("the serializer was already finished"));
        };
        match &self.graph {
            Some(g) => w.serialize_quad(t.in_graph(g)),
            None => w.serialize_quad(t.in_graph(GraphNameRef::DefaultGraph)),
        }
    }

    fn finish(&mut self) -> io::Result<()> {
        match self.inner.take() {
            Some(w) => w.finish()?.flush(),
            None => Ok(()),
        }
    }
}

/// Quads handed to the bulk loader this many at a time.
const CHUNK: usize = 100_000;

/// A store filled by Oxigraph's bulk loader, in chunks, into one named graph.
pub struct Store<'a> {
    loader: BulkLoader<'a>,
    graph: NamedNode,
    chunk: Vec<Quad>,
}

impl<'a> Store<'a> {
    /// Loads into `graph` through `loader`, its memory bounded to about
    /// 256 MB (Oxigraph's default is 2 GB a thread), so that a bulk load
    /// keeps the import's flat memory; [`Store::commit`] makes it visible.
    pub fn new(loader: BulkLoader<'a>, graph: NamedNode) -> Self {
        Self {
            loader: loader.with_max_memory_size_in_megabytes(256),
            graph,
            chunk: Vec::with_capacity(CHUNK),
        }
    }

    /// Commits everything loaded.
    pub fn commit(mut self) -> Result<(), StorageError> {
        self.load_chunk()?;
        self.loader.commit()
    }

    fn load_chunk(&mut self) -> Result<(), StorageError> {
        if !self.chunk.is_empty() {
            self.loader.load_quads(self.chunk.drain(..))?;
        }
        Ok(())
    }
}

impl Sink for Store<'_> {
    fn triple(&mut self, t: TripleRef<'_>) -> io::Result<()> {
        self.chunk.push(t.in_graph(self.graph.as_ref()).into_owned());
        if self.chunk.len() >= CHUNK {
            self.load_chunk().map_err(io::Error::other)?;
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        self.load_chunk().map_err(io::Error::other)
    }
}

/// Counts triples and forgets them (benchmarks, dry runs).
#[derive(Debug, Default)]
pub struct Discard;

impl Sink for Discard {
    fn triple(&mut self, _: TripleRef<'_>) -> io::Result<()> {
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::NamedNodeRef;
    use oxigraph::model::vocab::xsd;

    fn read_turtle(text: &str) -> Vec<oxigraph::model::Triple> {
        oxigraph::io::RdfParser::from_format(RdfFormat::Turtle)
            .for_slice(text.as_bytes())
            .map(|q| q.map(oxigraph::model::Triple::from))
            .collect::<Result<_, _>>()
            .unwrap()
    }

    fn line(t: TripleRef<'_>) -> String {
        let mut buf = Vec::new();
        write_triple(&mut buf, t);
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn literals_are_escaped_and_typed_like_oxigraph_writes_them() {
        let s = NamedNodeRef::new_unchecked("http://e/s");
        for o in [
            LiteralRef::new_simple_literal("plain"),
            LiteralRef::new_simple_literal("q\"b\\s\nl\rr\tt é \u{8}\u{c}\u{1}\u{7f}"),
            LiteralRef::new_language_tagged_literal_unchecked("Ménaka", "fr"),
            LiteralRef::new_typed_literal("2024-03", xsd::G_YEAR_MONTH),
            LiteralRef::new_typed_literal("12", xsd::INTEGER),
        ] {
            let t = TripleRef::new(s, s, o);
            assert_eq!(line(t), format!("{t} .\n"));
        }
    }

    #[test]
    fn turtle_groups_subjects_and_reads_back_as_the_same_triples() {
        let s = NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/id/event/acled-x1");
        let o = NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/id/event/acled-x1/time");
        let ty = oxigraph::model::vocab::rdf::TYPE;
        let event = NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#Event");
        let odd = NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/ontology#-odd");
        let triples = [
            TripleRef::new(s, ty, event),
            TripleRef::new(s, ty, o),
            TripleRef::new(s, odd, LiteralRef::new_simple_literal("q\"b\\s\nl é")),
            TripleRef::new(s, odd, LiteralRef::new_simple_literal("second")),
            TripleRef::new(
                s,
                event,
                LiteralRef::new_typed_literal("2024-03", xsd::G_YEAR_MONTH),
            ),
            TripleRef::new(
                o,
                ty,
                LiteralRef::new_language_tagged_literal_unchecked("x", "fr"),
            ),
            TripleRef::new(s, ty, o),
        ];
        let mut w = Turtle::new(Vec::new());
        for t in triples {
            w.triple(t).unwrap();
        }
        w.finish().unwrap();
        let text = String::from_utf8(w.into_inner()).unwrap();
        assert!(text.contains("<https://w3id.org/conflict-kg/id/event/acled-x1> a ckg:Event, <https://w3id.org/conflict-kg/id/event/acled-x1/time> ;\n\t<https://w3id.org/conflict-kg/ontology#-odd> "), "{text}");
        // Another predicate that repeats is written again.
        assert!(
            text.contains(
                "l é\" ;\n\t<https://w3id.org/conflict-kg/ontology#-odd> \"second\" ;\n\tckg:Event "
            ),
            "{text}"
        );
        assert!(text.contains("^^xsd:gYearMonth"), "{text}");
        let parsed = read_turtle(&text);
        let expected: Vec<oxigraph::model::Triple> = triples.iter().map(|t| t.into_owned()).collect();
        assert_eq!(parsed, expected);
    }

    #[test]
    fn names_cached_in_colliding_slots_are_never_mixed_up() {
        // More prefixed IRIs than the table of names has slots, of every
        // length and ending, some not writable as prefixed names, each used
        // many times in a scattered order: every name written from the table
        // must still be the one of its own IRI, and those the table could
        // not keep are written all the same.
        let mut iris = Vec::new();
        for (_, ns) in prefixes() {
            for local in [
                "a",
                "ab",
                "Event",
                "x-1",
                "x_1",
                "-odd",
                "a.b",
                "1",
                "long-local-name-9",
            ] {
                iris.push(format!("{ns}{local}"));
            }
            for n in 0..120 {
                iris.push(format!("{ns}t{n}"));
            }
        }
        // More than the table holds: some are never kept.
        assert!(iris.len() > NAMES + NAMES / 2);
        let s = NamedNodeRef::new_unchecked("https://w3id.org/conflict-kg/id/event/acled-x1");
        let mut triples = Vec::new();
        for round in 0..3 {
            for (i, iri) in iris.iter().enumerate() {
                let other = &iris[(i * 7 + round * 13) % iris.len()];
                triples.push((iri.clone(), other.clone()));
            }
        }
        let mut w = Turtle::new(Vec::new());
        let mut expected = Vec::new();
        for (p, o) in &triples {
            let t = TripleRef::new(s, NamedNodeRef::new_unchecked(p), NamedNodeRef::new_unchecked(o));
            w.triple(t).unwrap();
            expected.push(t.into_owned());
        }
        w.finish().unwrap();
        let kept: Vec<_> = w.names.iter().filter(|(iri, _)| iri != " ").collect();
        assert!(
            kept.len() > NAMES / 2,
            "the table is used: {} names kept",
            kept.len()
        );
        let distinct: std::collections::BTreeSet<_> = kept.iter().map(|(iri, _)| iri).collect();
        assert_eq!(distinct.len(), kept.len(), "an IRI is kept once");
        for (iri, name) in kept {
            let name = std::str::from_utf8(name).unwrap();
            let (prefix, local) = name.split_once(':').unwrap();
            let ns = prefixes().find(|(p, _)| *p == prefix).unwrap().1;
            assert_eq!(format!("{ns}{local}"), *iri, "{name} is kept for {iri}");
        }
        let text = String::from_utf8(w.into_inner()).unwrap();
        assert!(text.contains("\tckg:Event "), "prefixed names are used");
        let parsed = read_turtle(&text);
        assert!(parsed == expected, "the Turtle reads back as other triples");
    }

    #[test]
    fn the_bulk_loader_sink_fills_a_store_graph() {
        use crate::import::{Dataset, NoRejects, Options, run};
        let csv = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/ucdp/sample.csv"
        ))
        .unwrap();
        let store = oxigraph::store::Store::new().unwrap();
        let graph = NamedNode::new_unchecked("https://w3id.org/conflict-kg/graph/ucdp");
        let mut sink = Store::new(store.bulk_loader(), graph.clone());
        let summary = run(
            Dataset::Ucdp,
            csv.as_slice(),
            "u.csv",
            &Options::default(),
            &mut sink,
            &mut NoRejects,
        )
        .unwrap();
        sink.commit().unwrap();
        assert_eq!(
            crate::store::graph_size(&store, &graph).unwrap() as u64,
            summary.triples
        );
        assert_eq!(store.len().unwrap() as u64, summary.triples);
    }

    #[test]
    fn n_quads_put_the_graph_before_the_dot() {
        let g = NamedNode::new_unchecked("http://e/g");
        let mut w = NTriples::with_graph(Vec::new(), &g);
        let s = NamedNodeRef::new_unchecked("http://e/s");
        w.triple(TripleRef::new(s, s, s)).unwrap();
        w.finish().unwrap();
        assert_eq!(
            String::from_utf8(w.out).unwrap(),
            "<http://e/s> <http://e/s> <http://e/s> <http://e/g> .\n"
        );
    }
}
