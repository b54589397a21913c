//! Reading the data directory: every `*.toml` file, record by record.
//!
//! A file is parsed once into spanned TOML; each `[[kind]]` entry is then
//! deserialized on its own, so one malformed record is reported without hiding
//! the findings in the others. Ids are collected even from records that failed,
//! so a broken record does not cascade into "unknown id" findings elsewhere.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Deserialize;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::diagnostic::{Code, Diagnostics, LineIndex, Position};
use super::limits;
use super::raw::{RawActor, RawAgreement, RawClaim, RawEvent, RawPlace, RawRelation, RawSource};
use crate::iri::Kind;

/// One data file, read whole.
#[derive(Debug, Clone)]
pub struct DataFile {
    /// Its path as found (relative to the working directory if the data dir was).
    pub path: PathBuf,
    /// Its content.
    pub text: String,
    /// Its line index, made on the first finding.
    lines: OnceLock<LineIndex>,
}

impl DataFile {
    /// The file at `path` holding `text`.
    pub fn new(path: PathBuf, text: String) -> Self {
        Self {
            path,
            text,
            lines: OnceLock::new(),
        }
    }

    /// The line and column of byte `offset`.
    pub fn position(&self, offset: usize) -> Position {
        self.lines
            .get_or_init(|| LineIndex::new(&self.text))
            .position(&self.text, offset)
    }
}

/// A record with where it came from.
#[derive(Debug)]
pub struct At<T> {
    /// Index into [`Loaded::files`].
    pub file: usize,
    /// Byte range of the whole `[[kind]]` table.
    pub span: Range<usize>,
    /// The record.
    pub raw: T,
}

/// An id seen in the data, even in a record that failed to deserialize.
#[derive(Debug, Clone)]
pub struct SeenId {
    /// The id.
    pub id: String,
    /// The kind of record it names.
    pub kind: Kind,
    /// Index into [`Loaded::files`].
    pub file: usize,
    /// Byte range of the id's value.
    pub span: Range<usize>,
}

/// Everything read from the data directory, not yet checked for meaning.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The files, sorted by name.
    pub files: Vec<DataFile>,
    /// Every id seen, in reading order.
    pub ids: Vec<SeenId>,
    /// `[[source]]` records.
    pub sources: Vec<At<RawSource>>,
    /// `[[actor]]` records.
    pub actors: Vec<At<RawActor>>,
    /// `[[place]]` records.
    pub places: Vec<At<RawPlace>>,
    /// `[[event]]` records.
    pub events: Vec<At<RawEvent>>,
    /// `[[agreement]]` records.
    pub agreements: Vec<At<RawAgreement>>,
    /// `[[claim]]` records.
    pub claims: Vec<At<RawClaim>>,
    /// `[[relation]]` records.
    pub relations: Vec<At<RawRelation>>,
}

/// The data directory could not be read at all (not a finding in a file).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The directory is missing or unreadable.
    #[error("cannot read the data directory {}: {source}", path.display())]
    Dir {
        /// The directory.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    File {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Reads every `*.toml` file of `dir` (sorted by name), reporting syntax and
/// shape problems into `diags`.
pub fn load_dir(dir: &Path, diags: &mut Diagnostics) -> Result<Loaded, LoadError> {
    let entries = std::fs::read_dir(dir).map_err(|source| LoadError::Dir {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut paths = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|source| LoadError::Dir {
                path: dir.to_path_buf(),
                source,
            })?
            .path();
        if path.extension().is_some_and(|e| e == "toml") && path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    let mut loaded = Loaded::default();
    for path in paths {
        let bytes = std::fs::read(&path).map_err(|source| LoadError::File {
            path: path.clone(),
            source,
        })?;
        loaded.add_bytes(path, bytes, diags);
    }
    if loaded.files.is_empty() && diags.is_empty() {
        diags.file(dir, Code::NoDataFiles, "no *.toml data files in this directory");
    }
    Ok(loaded)
}

impl Loaded {
    /// Decodes one file's bytes (UTF-8, an optional byte-order mark) and adds
    /// its records; a file that is not UTF-8 is a finding at the first bad byte.
    ///
    /// The byte-order mark is dropped before parsing: it is an encoding
    /// signature, not text, so columns on the first line do not count it.
    pub fn add_bytes(&mut self, path: PathBuf, bytes: Vec<u8>, diags: &mut Diagnostics) {
        match String::from_utf8(bytes) {
            Ok(mut text) => {
                if text.starts_with('\u{feff}') {
                    text.drain(..'\u{feff}'.len_utf8());
                }
                self.add_file(DataFile::new(path, text), diags);
            }
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let bytes = e.as_bytes();
                let bom = usize::from(bytes.starts_with(b"\xEF\xBB\xBF")) * 3;
                let prefix = String::from_utf8_lossy(&bytes[bom.min(valid)..valid]).into_owned();
                diags.at(
                    &path,
                    &prefix,
                    prefix.len(),
                    Code::NotUtf8,
                    "the file is not valid UTF-8 here; save it as UTF-8",
                );
            }
        }
    }

    /// Parses one file's content and adds its records.
    pub fn add_file(&mut self, file: DataFile, diags: &mut Diagnostics) {
        let index = self.files.len();
        if let Some(at) = limits::too_deep(&file.text) {
            diags.push_at(&file.path, file.position(at),
                Code::TooDeep,
                format!(
                    "arrays, inline tables or dotted keys nest more than {} levels deep here; records need at most 4",
                    limits::MAX_DEPTH
                ),
            );
            self.files.push(file);
            return;
        }
        let (table, errors) = DeTable::parse_recoverable(&file.text);
        for e in &errors {
            let at = e.span().map_or(0, |s| s.start);
            diags.push_at(
                &file.path,
                file.position(at),
                Code::TomlSyntax,
                format!("invalid TOML: {}", first_line(e.message())),
            );
        }
        if errors.is_empty() {
            for (key, value) in table.into_inner() {
                self.add_table(index, &file, key.get_ref(), key.span(), value, diags);
            }
        }
        self.files.push(file);
    }

    fn add_table(
        &mut self,
        file_index: usize,
        file: &DataFile,
        key: &str,
        key_span: Range<usize>,
        value: toml::Spanned<DeValue<'_>>,
        diags: &mut Diagnostics,
    ) {
        if let Some(e) = limits::check_key(key, key_span.clone()) {
            diags.push_at(&file.path, file.position(e.span.start), Code::TooLong, e.message);
            return;
        }
        let Some(kind) = Kind::from_table(key) else {
            let known: Vec<_> = Kind::ALL.iter().map(|k| format!("[[{}]]", k.as_str())).collect();
            diags.push_at(
                &file.path,
                file.position(key_span.start),
                Code::UnknownTable,
                format!("unknown table `{key}`; records are {}", known.join(", ")),
            );
            return;
        };
        let span = value.span();
        let DeValue::Array(items) = value.into_inner() else {
            diags.push_at(
                &file.path,
                file.position(span.start),
                Code::NotArrayOfTables,
                format!("`{key}` must be an array of tables: write each record under [[{key}]]"),
            );
            return;
        };
        for item in items {
            let span = item.span();
            let Some(table) = item.get_ref().as_table() else {
                diags.push_at(
                    &file.path,
                    file.position(span.start),
                    Code::NotATable,
                    format!("each `{key}` must be a table"),
                );
                continue;
            };
            if let Some(e) = limits::check_record(item.get_ref()) {
                diags.push_at(&file.path, file.position(e.span.start), Code::TooLong, e.message);
                continue;
            }
            if let Some(id) = table
                .get("id")
                .and_then(|v| v.get_ref().as_str().map(|s| (s, v.span())))
                .filter(|(id, _)| id.chars().count() <= limits::max_chars("id", None).0)
            {
                self.ids.push(SeenId {
                    id: id.0.to_owned(),
                    kind,
                    file: file_index,
                    span: id.1,
                });
            }
            let de = ValueDeserializer::from(item);
            let result = match kind {
                Kind::Source => push(&mut self.sources, file_index, &span, RawSource::deserialize(de)),
                Kind::Actor => push(&mut self.actors, file_index, &span, RawActor::deserialize(de)),
                Kind::Place => push(&mut self.places, file_index, &span, RawPlace::deserialize(de)),
                Kind::Event => push(&mut self.events, file_index, &span, RawEvent::deserialize(de)),
                Kind::Agreement => push(
                    &mut self.agreements,
                    file_index,
                    &span,
                    RawAgreement::deserialize(de),
                ),
                Kind::Claim => push(&mut self.claims, file_index, &span, RawClaim::deserialize(de)),
                Kind::Relation => push(
                    &mut self.relations,
                    file_index,
                    &span,
                    RawRelation::deserialize(de),
                ),
            };
            if let Err(e) = result {
                let at = e.span().map_or(span.start, |s| s.start);
                let message = first_line(e.message());
                let code = if message.starts_with("missing field") {
                    Code::MissingField
                } else if message.starts_with("unknown field") {
                    Code::UnknownField
                } else {
                    Code::InvalidValue
                };
                diags.push_at(
                    &file.path,
                    file.position(at),
                    code,
                    format!("in [[{key}]]: {message}"),
                );
            }
        }
    }
}

fn push<T>(
    into: &mut Vec<At<T>>,
    file: usize,
    span: &Range<usize>,
    raw: Result<T, toml::de::Error>,
) -> Result<(), toml::de::Error> {
    into.push(At {
        file,
        span: span.clone(),
        raw: raw?,
    });
    Ok(())
}

fn first_line(message: &str) -> &str {
    message.lines().next().unwrap_or(message).trim_end()
}
