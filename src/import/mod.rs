//! Streaming import of conflict-event datasets (ACLED exports, UCDP GED) as
//! RDF under the conflict ontology.
//!
//! A CSV file (gzip-compressed or not: the magic bytes tell) is read one
//! record at a time: the header is checked first (every column the mapping
//! needs must be there, and no column outside the dataset's published set),
//! then each row is checked whole and only then mapped to triples, which go
//! straight to a [`sink::Sink`]. Memory stays flat: nothing is buffered but
//! one row and a bounded set of the actors and places already described
//! ([`graph::Seen`]). A bad row is a [`RowError`] (`file:line:column:
//! message`) that stops the import or goes to a [`Rejects`] handler.

pub mod acled;
pub mod fields;
pub mod generate;
pub mod graph;
pub mod sink;
pub mod ucdp;

use std::fmt;
use std::io::{self, BufRead, BufReader, Read};

use csv::ByteRecord;

use crate::iri::Minter;
use crate::ontology::Ontology;
use graph::{Out, Terms};
use sink::Sink;

/// The datasets we import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dataset {
    /// ACLED (Armed Conflict Location & Event Data) exports.
    Acled,
    /// UCDP GED (Uppsala Conflict Data Program, Georeferenced Event Dataset).
    Ucdp,
}

impl Dataset {
    /// Its short name: the IRI segment and the graph name.
    pub fn name(self) -> &'static str {
        match self {
            Dataset::Acled => "acled",
            Dataset::Ucdp => "ucdp",
        }
    }

    /// Its name for people, with its article.
    pub fn title(self) -> &'static str {
        match self {
            Dataset::Acled => "an ACLED export",
            Dataset::Ucdp => "a UCDP GED file",
        }
    }

    /// The columns the mapping reads: each must be in the header.
    pub fn required(self) -> &'static [&'static str] {
        match self {
            Dataset::Acled => acled::REQUIRED,
            Dataset::Ucdp => ucdp::REQUIRED,
        }
    }

    /// The other columns of the published set: allowed, not mapped.
    pub fn ignored(self) -> &'static [&'static str] {
        match self {
            Dataset::Acled => acled::IGNORED,
            Dataset::Ucdp => ucdp::IGNORED,
        }
    }
}

/// The column a rejects file adds before the original ones, with what is
/// wrong; the importers ignore it, so a corrected rejects file imports as is.
pub const ERROR_COLUMN: &str = "conflict_kg_error";

/// What to do with a bad row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OnError {
    /// Stop at the first bad row.
    #[default]
    Fail,
    /// Hand it to the [`Rejects`] handler and go on.
    Skip,
}

/// Settings of an import.
#[derive(Debug, Clone)]
pub struct Options {
    /// Mints every IRI (its base was validated once).
    pub minter: Minter,
    /// What to do with a bad row.
    pub on_error: OnError,
    /// How many described actors and places to remember (see [`graph::Seen`]).
    pub remember: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            minter: Minter::default(),
            on_error: OnError::Fail,
            remember: 1 << 20,
        }
    }
}

/// A bad row: where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The file, as named to the importer.
    pub file: String,
    /// The line the record starts on (1 is the header).
    pub line: u64,
    /// The 1-based column number.
    pub column: usize,
    /// The column's name, when the row has that column.
    pub name: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: ", self.file, self.line, self.column)?;
        if !self.name.is_empty() {
            write!(f, "{}: ", self.name)?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for RowError {}

/// Why an import stopped.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The input could not be read (or decompressed).
    #[error("cannot read {file}: {source}")]
    Read {
        /// The file.
        file: String,
        /// Why.
        source: io::Error,
    },
    /// The header is not the dataset's.
    #[error("{file}:1: {message}")]
    Header {
        /// The file.
        file: String,
        /// Which columns are missing or unknown.
        message: String,
    },
    /// A bad row, with `--on-error fail`.
    #[error("{0}")]
    Row(RowError),
    /// The output could not be written.
    #[error("cannot write the output: {0}")]
    Write(#[source] io::Error),
    /// A rejected row could not be recorded.
    #[error("cannot write the rejects file: {0}")]
    Rejects(#[source] io::Error),
    /// The embedded ontology lacks a term the importer needs.
    #[error("{0}")]
    Ontology(String),
}

/// Receives the bad rows of an import with `OnError::Skip`.
pub trait Rejects {
    /// Called once with the input's header, before any row.
    fn header(&mut self, header: &ByteRecord) -> io::Result<()>;
    /// Called with each bad row, as read, and what is wrong with it.
    fn reject(&mut self, error: &RowError, record: &ByteRecord) -> io::Result<()>;
}

/// Rejects nothing (with `OnError::Fail`, the first bad row stops the import).
#[derive(Debug, Default)]
pub struct NoRejects;

impl Rejects for NoRejects {
    fn header(&mut self, _: &ByteRecord) -> io::Result<()> {
        Ok(())
    }

    fn reject(&mut self, _: &RowError, _: &ByteRecord) -> io::Result<()> {
        Ok(())
    }
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Data rows read.
    pub rows: u64,
    /// Rows mapped.
    pub imported: u64,
    /// Rows rejected.
    pub rejected: u64,
    /// Triples written.
    pub triples: u64,
    /// Distinct actors and places described (remembered at the end).
    pub entities: usize,
    /// Names of actors and places that slug like a name described before
    /// (`Gao` and `GAO`): written as that entity's `skos:altLabel`.
    pub respelled: u64,
}

/// A problem in one field, before the file and line are known.
#[derive(Debug)]
pub(crate) struct FieldError {
    /// 0-based column index.
    pub index: usize,
    /// What is wrong.
    pub message: String,
}

/// Why a row was not mapped.
pub(crate) enum RowFault {
    /// A field is bad: the row is rejected.
    Field(FieldError),
    /// The sink failed: the import stops.
    Write(io::Error),
}

impl From<FieldError> for RowFault {
    fn from(e: FieldError) -> Self {
        RowFault::Field(e)
    }
}

impl From<io::Error> for RowFault {
    fn from(e: io::Error) -> Self {
        RowFault::Write(e)
    }
}

/// One record, its text checked as UTF-8 once as a whole when it can be.
pub(crate) struct Record<'r> {
    bytes: &'r ByteRecord,
    /// The fields one after the other, when all of it is UTF-8.
    text: Option<&'r str>,
}

impl<'r> Record<'r> {
    /// `bytes`, its text checked.
    pub fn new(bytes: &'r ByteRecord) -> Self {
        Self {
            bytes,
            text: simdutf8::basic::from_utf8(bytes.as_slice()).ok(),
        }
    }
}

/// The columns the mapping reads, by their index in the file.
#[derive(Debug, Clone)]
pub(crate) struct Columns {
    index: Vec<usize>,
}

impl Columns {
    /// The text of the `i`th required column of `record`.
    pub fn get<'r>(&self, record: &Record<'r>, i: usize) -> Result<&'r str, FieldError> {
        let index = self.index[i];
        // A field of a UTF-8 record is UTF-8 when it starts and ends on
        // character boundaries (a character may straddle two fields).
        if let Some(field) = record
            .text
            .zip(record.bytes.range(index))
            .and_then(|(text, range)| text.get(range))
        {
            return Ok(field);
        }
        let bytes = record.bytes.get(index).unwrap_or_default();
        std::str::from_utf8(bytes).map_err(|e| FieldError {
            index,
            message: format!("is not valid UTF-8 (byte {})", e.valid_up_to() + 1),
        })
    }

    /// The text of the `i`th required column, which must not be blank.
    pub fn required<'r>(&self, record: &Record<'r>, i: usize) -> Result<&'r str, FieldError> {
        let v = self.get(record, i)?;
        if v.trim().is_empty() {
            return Err(self.error(i, "is empty"));
        }
        Ok(v)
    }

    /// A field error on the `i`th required column.
    pub fn error(&self, i: usize, message: impl Into<String>) -> FieldError {
        FieldError {
            index: self.index[i],
            message: message.into(),
        }
    }
}

/// Checks `header` against the dataset's columns; returns where each
/// required column is, or a message naming the missing and unknown ones.
fn check_header(dataset: Dataset, header: &ByteRecord) -> Result<Columns, String> {
    let names: Vec<String> = header
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let b = if i == 0 {
                b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b)
            } else {
                b
            };
            String::from_utf8_lossy(b).trim().to_owned()
        })
        .collect();
    let required = dataset.required();
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|r| !names.iter().any(|n| n == r))
        .collect();
    let unknown: Vec<&str> = names
        .iter()
        .map(String::as_str)
        .filter(|n| !required.contains(n) && !dataset.ignored().contains(n) && *n != ERROR_COLUMN)
        .collect();
    let mut seen = std::collections::HashSet::new();
    let duplicated: Vec<&str> = names
        .iter()
        .map(String::as_str)
        .filter(|n| !seen.insert(*n))
        .collect();
    if missing.is_empty() && unknown.is_empty() && duplicated.is_empty() {
        let index = required
            .iter()
            .map(|r| names.iter().position(|n| n == r).unwrap_or_default())
            .collect();
        return Ok(Columns { index });
    }
    let list = |what: &str, cols: &[&str]| {
        let quoted: Vec<String> = cols.iter().map(|c| format!("`{c}`")).collect();
        format!(
            "{what} column{} {}",
            if cols.len() == 1 { "" } else { "s" },
            quoted.join(", ")
        )
    };
    let mut problems = Vec::new();
    if !missing.is_empty() {
        problems.push(list("missing", &missing));
    }
    if !unknown.is_empty() {
        problems.push(list("unknown", &unknown));
    }
    if !duplicated.is_empty() {
        problems.push(list("repeated", &duplicated));
    }
    Err(format!(
        "not the header of {}: {}",
        dataset.title(),
        problems.join("; ")
    ))
}

/// A row mapper of one dataset.
pub(crate) trait Mapper {
    /// Buffers for the IRIs of a row's nodes, reused from row to row.
    type Bufs: Default;
    /// Checks `record` whole, then writes its triples.
    fn map<S: Sink>(
        &self,
        record: &Record<'_>,
        out: &mut Out<'_, S>,
        bufs: &mut Self::Bufs,
    ) -> Result<(), RowFault>;
}

/// Opens `input`, decompressing it when it starts with the gzip magic bytes.
pub fn decompress<'r>(input: impl Read + 'r) -> io::Result<Box<dyn Read + 'r>> {
    let mut reader = BufReader::with_capacity(1 << 16, input);
    let gzip = reader.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    Ok(if gzip {
        Box::new(flate2::bufread::MultiGzDecoder::new(reader))
    } else {
        Box::new(reader)
    })
}

/// Imports the CSV text `input` (plain or gzip) of `dataset`, named `file`
/// in messages, writing triples to `sink` and bad rows to `rejects`.
///
/// ```
/// use conflict_kg::import::{self, Dataset, NoRejects, Options, sink::NTriples};
/// let csv = "id,year,type_of_violence,side_a,side_b,dyad_name,date_start,date_end,date_prec,where_prec,\
/// where_coordinates,latitude,longitude,country,adm_1,adm_2,best,low,high,deaths_a,deaths_b,deaths_civilians,\
/// deaths_unknown,source_article\n\
/// 1,2020,3,Army,Civilians,Army - Civilians,2020-01-02,2020-01-02,1,1,Town,1.5,2.5,Land,,,3,2,4,0,3,0,0,Wire\n";
/// let mut nt = NTriples::new(Vec::new());
/// let summary = import::run(Dataset::Ucdp, csv.as_bytes(), "x.csv", &Options::default(), &mut nt, &mut NoRejects)?;
/// assert_eq!((summary.rows, summary.imported), (1, 1));
/// assert!(summary.triples > 30);
/// # Ok::<_, import::ImportError>(())
/// ```
pub fn run<R: Read, S: Sink>(
    dataset: Dataset,
    input: R,
    file: &str,
    options: &Options,
    sink: &mut S,
    rejects: &mut dyn Rejects,
) -> Result<Summary, ImportError> {
    let ontology = Ontology::embedded().map_err(|e| ImportError::Ontology(e.to_string()))?;
    run_with(dataset, input, file, options, &ontology, sink, rejects)
}

/// [`run`] with an ontology already parsed, for callers that import many
/// inputs (parsing the embedded ontology costs more than a small file).
pub fn run_with<R: Read, S: Sink>(
    dataset: Dataset,
    input: R,
    file: &str,
    options: &Options,
    ontology: &Ontology,
    sink: &mut S,
    rejects: &mut dyn Rejects,
) -> Result<Summary, ImportError> {
    let out = Out::new(sink, options.minter.base(), options.remember);
    run_into(dataset, input, file, options, ontology, out, rejects)
}

/// [`run_with`], writing through `out`.
fn run_into<R: Read, S: Sink>(
    dataset: Dataset,
    input: R,
    file: &str,
    options: &Options,
    ontology: &Ontology,
    out: Out<'_, S>,
    rejects: &mut dyn Rejects,
) -> Result<Summary, ImportError> {
    let read_error = |source: io::Error| ImportError::Read {
        file: file.to_owned(),
        source,
    };
    let input = decompress(input).map_err(read_error)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(input);
    let mut header = ByteRecord::new();
    let csv_error = |e: csv::Error| match e.into_kind() {
        csv::ErrorKind::Io(io) => read_error(io),
        other => read_error(io::Error::new(io::ErrorKind::InvalidData, format!("{other:?}"))),
    };
    if !reader.read_byte_record(&mut header).map_err(csv_error)? {
        return Err(ImportError::Header {
            file: file.to_owned(),
            message: format!("the file is empty; expected the header of {}", dataset.title()),
        });
    }
    let columns = check_header(dataset, &header).map_err(|message| ImportError::Header {
        file: file.to_owned(),
        message,
    })?;
    let terms = Terms::new(ontology).map_err(ImportError::Ontology)?;
    match dataset {
        Dataset::Acled => {
            let m = acled::Acled::new(columns, &terms, &options.minter).map_err(ImportError::Ontology)?;
            drive(&m, &mut reader, &header, file, options, out, rejects)
        }
        Dataset::Ucdp => {
            let m = ucdp::Ucdp::new(columns, &terms, &options.minter).map_err(ImportError::Ontology)?;
            drive(&m, &mut reader, &header, file, options, out, rejects)
        }
    }
}

fn drive<M: Mapper, R: Read, S: Sink>(
    mapper: &M,
    reader: &mut csv::Reader<R>,
    header: &ByteRecord,
    file: &str,
    options: &Options,
    mut out: Out<'_, S>,
    rejects: &mut dyn Rejects,
) -> Result<Summary, ImportError> {
    let names: Vec<String> = header
        .iter()
        .map(|b| {
            String::from_utf8_lossy(b)
                .trim_start_matches('\u{feff}')
                .trim()
                .to_owned()
        })
        .collect();
    if options.on_error == OnError::Skip {
        rejects.header(header).map_err(ImportError::Rejects)?;
    }
    let mut summary = Summary::default();
    let mut record = ByteRecord::new();
    let mut bufs = M::Bufs::default();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                return Err(match e.into_kind() {
                    csv::ErrorKind::Io(io) => ImportError::Read {
                        file: file.to_owned(),
                        source: io,
                    },
                    other => ImportError::Read {
                        file: file.to_owned(),
                        source: io::Error::new(io::ErrorKind::InvalidData, format!("{other:?}")),
                    },
                });
            }
        }
        summary.rows += 1;
        let fault = if record.len() == names.len() {
            match mapper.map(&Record::new(&record), &mut out, &mut bufs) {
                Ok(()) => {
                    summary.imported += 1;
                    continue;
                }
                Err(RowFault::Write(e)) => return Err(ImportError::Write(e)),
                Err(RowFault::Field(f)) => f,
            }
        } else if record.len() == 1 && record.get(0).is_some_and(<[u8]>::is_empty) {
            // A blank line (e.g. at the end of a hand-edited file) is no row.
            summary.rows -= 1;
            continue;
        } else {
            FieldError {
                index: record.len().min(names.len()),
                message: format!(
                    "the row has {} field{}, the header {}",
                    record.len(),
                    if record.len() == 1 { "" } else { "s" },
                    names.len()
                ),
            }
        };
        let error = RowError {
            file: file.to_owned(),
            line: record.position().map_or(0, csv::Position::line),
            column: fault.index + 1,
            name: if record.len() == names.len() {
                names.get(fault.index).cloned().unwrap_or_default()
            } else {
                String::new()
            },
            message: fault.message,
        };
        match options.on_error {
            OnError::Fail => return Err(ImportError::Row(error)),
            OnError::Skip => {
                summary.rejected += 1;
                rejects.reject(&error, &record).map_err(ImportError::Rejects)?;
            }
        }
    }
    out.finish().map_err(ImportError::Write)?;
    summary.triples = out.triples;
    summary.entities = out.remembered();
    summary.respelled = out.respelled;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_memos_change_nothing_even_when_the_seen_set_starts_afresh() {
        for dataset in [Dataset::Acled, Dataset::Ucdp] {
            let mut csv = Vec::new();
            match dataset {
                Dataset::Acled => generate::acled(500, 3, &mut csv),
                Dataset::Ucdp => generate::ucdp(500, 3, &mut csv),
            }
            .unwrap();
            for remember in [1, 2, 5, 40, 1 << 20] {
                let options = Options {
                    remember,
                    ..Options::default()
                };
                let import = |memos: bool| {
                    let mut nt = sink::NTriples::new(Vec::new());
                    let out = Out::new(&mut nt, options.minter.base(), remember);
                    let out = if memos { out } else { out.without_memos() };
                    let ontology = Ontology::embedded().unwrap();
                    let summary = run_into(
                        dataset,
                        csv.as_slice(),
                        "m.csv",
                        &options,
                        &ontology,
                        out,
                        &mut NoRejects,
                    );
                    (summary.unwrap(), nt.into_inner())
                };
                let (with, without) = (import(true), import(false));
                assert_eq!(with.0, without.0, "{dataset:?}, remembering {remember}");
                assert!(with.1 == without.1, "{dataset:?}, remembering {remember}");
            }
        }
    }

    fn header(cols: &[&str]) -> ByteRecord {
        ByteRecord::from(cols.to_vec())
    }

    #[test]
    fn the_header_names_what_is_missing_unknown_or_repeated() {
        let mut cols: Vec<&str> = acled::REQUIRED.to_vec();
        assert!(check_header(Dataset::Acled, &header(&cols)).is_ok());
        cols.extend(acled::IGNORED);
        assert!(check_header(Dataset::Acled, &header(&cols)).is_ok());
        cols.retain(|c| *c != "latitude" && *c != "notes");
        cols.push("colour");
        cols.push("fatalities");
        let e = check_header(Dataset::Acled, &header(&cols)).unwrap_err();
        assert_eq!(
            e,
            "not the header of an ACLED export: missing columns `latitude`, `notes`; unknown column `colour`; repeated column `fatalities`"
        );
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_first_name() {
        let mut cols: Vec<String> = acled::REQUIRED.iter().map(|c| (*c).to_owned()).collect();
        cols[0] = format!("\u{feff}{}", cols[0]);
        let h = ByteRecord::from(cols.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(check_header(Dataset::Acled, &h).is_ok());
    }

    #[test]
    fn row_errors_read_file_line_column() {
        let e = RowError {
            file: "a.csv".into(),
            line: 7,
            column: 23,
            name: "latitude".into(),
            message: "`95` is out of range".into(),
        };
        assert_eq!(e.to_string(), "a.csv:7:23: latitude: `95` is out of range");
    }
}
