//! Reading the data directory: every `*.toml` file, record by record.
//!
//! A file is parsed once into spanned TOML; each `[[kind]]` entry is then
//! deserialized on its own, so one malformed record is reported without hiding
//! the findings in the others. Ids are collected even from records that failed,
//! so a broken record does not cascade into "unknown id" findings elsewhere.

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::diagnostic::Diagnostics;
use super::raw::{RawActor, RawAgreement, RawClaim, RawEvent, RawPlace, RawRelation, RawSource};
use crate::iri::Kind;

/// One data file, read whole.
#[derive(Debug, Clone)]
pub struct DataFile {
    /// Its path as found (relative to the working directory if the data dir was).
    pub path: PathBuf,
    /// Its content.
    pub text: String,
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
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
                diags.at(
                    &path,
                    &prefix,
                    valid,
                    "the file is not valid UTF-8 here; save it as UTF-8",
                );
                continue;
            }
        };
        loaded.add_file(DataFile { path, text }, diags);
    }
    if loaded.files.is_empty() && diags.is_empty() {
        diags.file(dir, "no *.toml data files in this directory");
    }
    Ok(loaded)
}

impl Loaded {
    /// Parses one file's content and adds its records.
    pub fn add_file(&mut self, file: DataFile, diags: &mut Diagnostics) {
        let index = self.files.len();
        let (table, errors) = DeTable::parse_recoverable(&file.text);
        for e in &errors {
            let at = e.span().map_or(0, |s| s.start);
            diags.at(
                &file.path,
                &file.text,
                at,
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
        let Some(kind) = Kind::from_table(key) else {
            let known: Vec<_> = Kind::ALL.iter().map(|k| format!("[[{}]]", k.as_str())).collect();
            diags.at(
                &file.path,
                &file.text,
                key_span.start,
                format!("unknown table `{key}`; records are {}", known.join(", ")),
            );
            return;
        };
        let span = value.span();
        let DeValue::Array(items) = value.into_inner() else {
            diags.at(
                &file.path,
                &file.text,
                span.start,
                format!("`{key}` must be an array of tables: write each record under [[{key}]]"),
            );
            return;
        };
        for item in items {
            let span = item.span();
            let Some(table) = item.get_ref().as_table() else {
                diags.at(
                    &file.path,
                    &file.text,
                    span.start,
                    format!("each `{key}` must be a table"),
                );
                continue;
            };
            if let Some(id) = table
                .get("id")
                .and_then(|v| v.get_ref().as_str().map(|s| (s, v.span())))
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
                diags.at(
                    &file.path,
                    &file.text,
                    at,
                    format!("in [[{key}]]: {}", first_line(e.message())),
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
