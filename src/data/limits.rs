//! Bounds on what a data file may hold, checked before anything else reads it.
//!
//! Curated records are small: the longest note shipped is under 1 000
//! characters, the deepest value three levels down. The limits below are far
//! above that and far below what could hurt: a string of 10 MB pasted by
//! mistake, or a file of 100 000 nested brackets, is refused at its exact
//! position instead of being echoed in messages, compared character by
//! character with every id, or recursed into. `data/README.md` lists them.

use std::ops::Range;

use toml::de::DeValue;
use toml_parser::Source;
use toml_parser::lexer::TokenKind;

/// How deep arrays, inline tables and dotted keys may nest (records need 4).
pub const MAX_DEPTH: usize = 16;

/// The longest key (field name, language tag, table name), in characters.
pub const MAX_KEY: usize = 64;

/// The longest value of a field, in characters, and what the field holds.
///
/// `field` is the record's field; `sub` the key inside one of its entries
/// (`quote` in `evidence = [{ source, quote }]`), if any.
pub fn max_chars(field: &str, sub: Option<&str>) -> (usize, &'static str) {
    match (field, sub) {
        ("evidence", Some("quote")) => (10_000, "a quote"),
        ("statement" | "note", _) => (10_000, "a text"),
        ("label" | "alt_labels" | "title", _) => (1_000, "a label"),
        ("same_as" | "url", _) => (2_000, "an IRI"),
        ("file", _) => (255, "a file name"),
        ("date" | "stated", _) => (64, "a date"),
        ("language", _) => (MAX_KEY, "a language tag"),
        _ => (100, "an id or a name"),
    }
}

/// The byte offset of the first token that nests deeper than [`MAX_DEPTH`]
/// (counting open `[` and `{` plus the dots of a dotted key), if any.
///
/// The TOML parser has its own limit, but not always a position for it; and
/// checking first means no parser ever recurses that deep.
pub fn too_deep(text: &str) -> Option<usize> {
    let (mut open, mut dots) = (0usize, 0usize);
    for token in Source::new(text).lex() {
        match token.kind() {
            TokenKind::LeftSquareBracket | TokenKind::LeftCurlyBracket => {
                open += 1;
                dots = 0;
            }
            TokenKind::RightSquareBracket | TokenKind::RightCurlyBracket => {
                open = open.saturating_sub(1);
                dots = 0;
            }
            TokenKind::Dot => dots += 1,
            TokenKind::Whitespace | TokenKind::Atom | TokenKind::BasicString | TokenKind::LiteralString => {}
            _ => dots = 0,
        }
        if open + dots > MAX_DEPTH {
            return Some(token.span().start());
        }
    }
    None
}

/// A string or key over its limit: where, and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLong {
    /// Byte range of the offending value or key.
    pub span: Range<usize>,
    /// What to fix.
    pub message: String,
}

/// The first string or key of one record (a table) longer than its limit.
pub fn check_record(record: &DeValue<'_>) -> Option<TooLong> {
    let DeValue::Table(table) = record else {
        return None;
    };
    for (key, value) in table {
        let field = key.get_ref();
        if let Some(e) = check_key(field, key.span()) {
            return Some(e);
        }
        if let Some(e) = check_value(field, None, value.get_ref(), value.span()) {
            return Some(e);
        }
    }
    None
}

/// A key (field name, language tag, table name) longer than [`MAX_KEY`].
pub fn check_key(key: &str, span: Range<usize>) -> Option<TooLong> {
    let n = key.chars().count();
    (n > MAX_KEY).then(|| TooLong {
        span,
        message: format!("this key is {n} characters long; keys have at most {MAX_KEY}"),
    })
}

fn check_value(field: &str, sub: Option<&str>, value: &DeValue<'_>, span: Range<usize>) -> Option<TooLong> {
    match value {
        DeValue::String(s) => {
            let (max, what) = max_chars(field, sub);
            let n = s.chars().count();
            (n > max).then(|| TooLong {
                span,
                message: format!(
                    "`{field}{}` is {n} characters long; {what} has at most {max} (see data/README.md)",
                    sub.map_or_else(String::new, |s| format!(".{s}"))
                ),
            })
        }
        DeValue::Array(items) => items
            .iter()
            .find_map(|item| check_value(field, sub, item.get_ref(), item.span())),
        DeValue::Table(table) => table.iter().find_map(|(k, v)| {
            check_key(k.get_ref(), k.span())
                .or_else(|| check_value(field, Some(k.get_ref()), v.get_ref(), v.span()))
        }),
        DeValue::Integer(_) | DeValue::Float(_) | DeValue::Boolean(_) | DeValue::Datetime(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_counts_brackets_braces_and_dotted_keys() {
        assert_eq!(too_deep("a = [[1], { b = [2] }]\n[[actor]]\nx.y.z = 1.5\n"), None);
        let arrays = format!("x = {}{}", "[".repeat(MAX_DEPTH + 5), "]".repeat(MAX_DEPTH + 5));
        assert_eq!(too_deep(&arrays), Some(4 + MAX_DEPTH));
        let dotted = format!("{} = 1", vec!["a"; MAX_DEPTH + 2].join("."));
        assert_eq!(too_deep(&dotted), Some(2 * MAX_DEPTH + 1));
        // Brackets inside strings and comments do not count.
        let quoted = format!("x = \"{}\" # {}", "[".repeat(100), "{".repeat(100));
        assert_eq!(too_deep(&quoted), None);
    }

    #[test]
    fn limits_depend_on_the_field() {
        assert_eq!(max_chars("evidence", Some("quote")).0, 10_000);
        assert_eq!(max_chars("evidence", Some("source")).0, 100);
        assert_eq!(max_chars("label", Some("fr")).0, 1_000);
        assert_eq!(max_chars("id", None).0, 100);
    }
}
