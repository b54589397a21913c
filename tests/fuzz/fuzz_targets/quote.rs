//! The quote locator: never panics; a located quote's offsets slice back,
//! in the original text, to a passage equal to the quote once both are
//! normalised (NFC, whitespace runs as one space); a quote copied verbatim
//! from an NFC text at character boundaries is always found.
#![no_main]

use conflict_kg::model::quote::{CONTEXT_CHARS, QuoteError, SourceText};
use libfuzzer_sys::fuzz_target;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
use unicode_normalization::char::canonical_combining_class;

/// The oracle: NFC of the whole string, trimmed, whitespace runs as one space.
fn normalise(s: &str) -> String {
    let mut out = String::new();
    for c in s.nfc() {
        if c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out.trim_matches(' ').to_owned()
}

// The input: two little-endian `u16` (where to cut a quote from the text,
// and how long), then the text, a NUL byte and a quote (UTF-8, lossily).
fuzz_target!(|input: &[u8]| {
    let Some((head, rest)) = input.split_first_chunk::<4>() else { return };
    let from = u16::from_le_bytes([head[0], head[1]]);
    let len = u16::from_le_bytes([head[2], head[3]]);
    let (text, quote) = match rest.iter().position(|&b| b == 0) {
        Some(nul) => (&rest[..nul], &rest[nul + 1..]),
        None => (rest, &[][..]),
    };
    let (text, quote) = (String::from_utf8_lossy(text), String::from_utf8_lossy(quote));
    let (text, quote) = (text.as_ref(), quote.as_ref());
    let source = SourceText::new(text);
    let chars: Vec<char> = text.chars().collect();
    assert_eq!(source.char_count(), chars.len());
    let _ = check(&source, &chars, quote);
    // A quote cut from the text itself, to reach the success paths often.
    let from = usize::from(from) % (chars.len() + 1);
    let to = (from + usize::from(len) % 64).min(chars.len());
    let cut: String = chars[from..to].iter().collect();
    let found = check(&source, &chars, &cut);
    let nfc = text.nfc().eq(text.chars());
    // An edge is clean when NFC cannot join the characters on either side:
    // the next one is no mark and composes with nothing before it.
    let joins = |c: char| {
        canonical_combining_class(c) != 0 || !matches!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes)
    };
    let clean_edges = !chars.get(from).is_some_and(|&c| joins(c)) && !chars.get(to).is_some_and(|&c| joins(c));
    if nfc && clean_edges && !normalise(&cut).is_empty() {
        assert!(
            !matches!(found, Err(QuoteError::NotFound { .. }) | Err(QuoteError::Empty)),
            "a verbatim cut {cut:?} of an NFC text is not found: {found:?}"
        );
    }
});

fn check(source: &SourceText, chars: &[char], quote: &str) -> Result<(), QuoteError> {
    match source.locate(quote) {
        Ok(found) => {
            assert!(found.start < found.end && found.end <= chars.len());
            let exact: String = chars[found.start..found.end].iter().collect();
            assert_eq!(exact, found.exact);
            assert_eq!(normalise(&found.exact), normalise(quote), "offsets slice back to the quote");
            let prefix: String = chars[found.start.saturating_sub(CONTEXT_CHARS)..found.start].iter().collect();
            let suffix: String = chars[found.end..(found.end + CONTEXT_CHARS).min(chars.len())].iter().collect();
            assert_eq!((found.prefix, found.suffix), (prefix, suffix));
            Ok(())
        }
        Err(QuoteError::Empty) => {
            assert!(normalise(quote).is_empty(), "a quote with text is not empty");
            Err(QuoteError::Empty)
        }
        Err(e) => {
            assert!(!e.to_string().is_empty());
            Err(e)
        }
    }
}
