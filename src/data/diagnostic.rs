//! Findings about the curated data, each pointing at a file, line and column.
//!
//! Validation never stops at the first problem: every stage pushes what it
//! finds into [`Diagnostics`], and the CLI prints them all as
//! `path:line:col: message`, the form editors and CI logs turn into links.

use std::fmt;
use std::path::{Path, PathBuf};

/// A 1-based line and column (columns count Unicode scalar values, as editors do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Position {
    /// The position of byte `offset` in `text` (clamped to the text's end and
    /// to a character boundary, so a bad offset can never panic).
    pub fn of_offset(text: &str, offset: usize) -> Self {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Self { line, column }
    }
}

/// Positions of many byte offsets in one text without rescanning it for
/// each: the line starts, and the character count at every 4 KiB. A file with
/// thousands of findings is then reported in linear time, not quadratic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    /// Byte offset of each line's start.
    starts: Vec<usize>,
    /// Characters before each block of [`BLOCK`] bytes, then the total.
    blocks: Vec<usize>,
}

/// The block size of [`LineIndex`]: a position costs at most this many bytes scanned.
const BLOCK: usize = 4096;

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        starts.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        );
        let mut blocks = Vec::with_capacity(bytes.len() / BLOCK + 2);
        let mut count = 0;
        for chunk in bytes.chunks(BLOCK) {
            blocks.push(count);
            count += chars_in(chunk);
        }
        blocks.push(count);
        Self { starts, blocks }
    }

    /// The position of byte `offset` in `text` (the text indexed), as
    /// [`Position::of_offset`] gives it.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset);
        let line_start = self.starts[line - 1];
        let chars_before = |at: usize| {
            let block = at / BLOCK;
            self.blocks[block] + chars_in(&text.as_bytes()[block * BLOCK..at])
        };
        Position {
            line,
            column: chars_before(offset) - chars_before(line_start) + 1,
        }
    }
}

/// The characters of UTF-8 `bytes`: the bytes that are not continuation bytes.
fn chars_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

/// Declares [`Code`] with the list of all its values.
macro_rules! codes {
    ($($(#[$doc:meta])* $name:ident,)*) => {
        /// What kind of finding a diagnostic is: one code per message the data
        /// checks can emit (the text adds the details). Not printed; tests use
        /// it to prove that every kind of finding has an invalid fixture.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($(#[$doc])* $name,)*
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &[Code] = &[$(Code::$name,)*];
        }
    };
}

codes! {
    /// A data file is not valid UTF-8.
    NotUtf8,
    /// The data directory holds no `*.toml` file.
    NoDataFiles,
    /// A data file is not valid TOML.
    TomlSyntax,
    /// Arrays, inline tables or dotted keys nest deeper than [`crate::data::limits::MAX_DEPTH`].
    TooDeep,
    /// A string or key is longer than its field's limit ([`crate::data::limits`]).
    TooLong,
    /// A top-level table that is not a kind of record.
    UnknownTable,
    /// A kind of record written as something else than an array of tables.
    NotArrayOfTables,
    /// An entry of a record array that is not a table.
    NotATable,
    /// A record lacks a required field.
    MissingField,
    /// A record has a field its kind does not define.
    UnknownField,
    /// A field holds a value of the wrong type.
    InvalidValue,
    /// An id that is not a lowercase kebab-case slug.
    BadSlug,
    /// An id used twice.
    DuplicateId,
    /// A reference to an id that exists but names another kind of record.
    WrongKindReference,
    /// A reference to an id that does not exist.
    UnknownReference,
    /// The same id listed twice in one field.
    ListedTwice,
    /// The same actor listed twice in the same role.
    DuplicateParticipant,
    /// A name the ontology does not define (type, kind, role, stance, unit…).
    UnknownName,
    /// A date that is not valid EDTF as we accept it.
    InvalidDate,
    /// A language tag that is not BCP 47.
    InvalidLanguageTag,
    /// Two language tags that differ only in case (`en`, `EN`): the same language.
    DuplicateLanguage,
    /// A text or name that is empty.
    EmptyText,
    /// A required table of texts per language is missing.
    MissingTexts,
    /// A table of texts per language lacks a required language.
    MissingLanguage,
    /// An IRI that is not absolute and valid.
    InvalidIri,
    /// A quantity with both `value` and bounds, or neither.
    QuantityValueAndBounds,
    /// A quantity that is not a finite number.
    QuantityNotFinite,
    /// A quantity whose `min` exceeds its `max`.
    QuantityMinAboveMax,
    /// A record without evidence.
    NoEvidence,
    /// An empty quote.
    QuoteEmpty,
    /// A quote that does not occur in its source.
    QuoteNotFound,
    /// A quote that occurs more than once in its source.
    QuoteAmbiguous,
    /// A source `file` that is not a plain file name.
    BadSourceFileName,
    /// A source text that cannot be read.
    UnreadableSourceText,
    /// A source text that is not valid UTF-8.
    SourceNotUtf8,
    /// A place's `country` that is not a state.
    CountryNotState,
    /// A record that points at itself (own twin, part of itself, contradicts itself, related to itself).
    SelfReference,
    /// A claim about nothing.
    AboutNothing,
    /// A row of a data check (`queries/checks/`).
    Check,
    /// A violation of the SHACL shapes (`ontology/shapes.ttl`, or `--shapes`).
    Shacl,
}

/// One finding: where it is and what to fix.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The file the finding is in, as given (relative paths stay relative).
    pub path: PathBuf,
    /// Where in the file.
    pub position: Position,
    /// What kind of finding it is.
    pub code: Code,
    /// What is wrong and, where possible, how to fix it.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path.display(),
            self.position.line,
            self.position.column,
            self.message
        )
    }
}

/// All findings of a run, kept in the order files and records were read.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// Records a finding at byte `offset` of `text` (the content of `path`).
    pub fn at(&mut self, path: &Path, text: &str, offset: usize, code: Code, message: impl Into<String>) {
        self.push_at(path, Position::of_offset(text, offset), code, message);
    }

    /// Records a finding at a known position of `path`.
    pub fn push_at(&mut self, path: &Path, position: Position, code: Code, message: impl Into<String>) {
        self.0.push(Diagnostic {
            path: path.to_path_buf(),
            position,
            code,
            message: message.into(),
        });
    }

    /// Records a finding about a whole file (line 1, column 1).
    pub fn file(&mut self, path: &Path, code: Code, message: impl Into<String>) {
        self.push_at(path, Position { line: 1, column: 1 }, code, message);
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many findings there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The findings, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// Adds every finding of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let text = "ab\nçé x\n";
        assert_eq!(Position::of_offset(text, 0), Position { line: 1, column: 1 });
        assert_eq!(Position::of_offset(text, 3), Position { line: 2, column: 1 });
        // "çé " is 5 bytes but 3 characters: 'x' is at column 4.
        assert_eq!(Position::of_offset(text, 8), Position { line: 2, column: 4 });
    }

    #[test]
    fn offsets_past_the_end_or_inside_a_character_do_not_panic() {
        let text = "é";
        assert_eq!(Position::of_offset(text, 1), Position { line: 1, column: 1 });
        assert_eq!(Position::of_offset(text, 99), Position { line: 1, column: 2 });
    }

    proptest::proptest! {
        #[test]
        fn the_line_index_agrees_with_a_scan(text in "(a|é|\n|😀|\r){0,12000}", offsets in proptest::collection::vec(0usize..50_000, 1..20)) {
            let index = LineIndex::new(&text);
            for offset in offsets.into_iter().chain([0, text.len()]) {
                proptest::prop_assert_eq!(index.position(&text, offset), Position::of_offset(&text, offset));
            }
        }
    }

    #[test]
    fn display_is_path_line_col_message() {
        let mut d = Diagnostics::default();
        d.at(Path::new("data/x.toml"), "a\nbc", 3, Code::TomlSyntax, "bad");
        assert_eq!(
            d.iter().next().map(ToString::to_string).as_deref(),
            Some("data/x.toml:2:2: bad")
        );
    }
}
