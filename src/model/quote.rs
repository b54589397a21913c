//! Finding a curated quote in its source text.
//!
//! Curators paste sentences from documents, so the match forgives what copying
//! changes and nothing else: runs of whitespace count as one space, and both
//! sides are compared in Unicode NFC (a quote typed with a decomposed `é` still
//! matches). Offsets are Unicode code points into the original text, as Web
//! Annotation's `TextPositionSelector` wants; they are computed, never typed.

use unicode_normalization::UnicodeNormalization;

/// Characters of context kept on each side of a quote (`oa:prefix`, `oa:suffix`).
pub const CONTEXT_CHARS: usize = 32;

/// How many start offsets an "occurs N times" message lists.
const SHOWN_STARTS: usize = 10;

/// Where a quote sits in its source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The exact source text covered (original whitespace and characters).
    pub exact: String,
    /// Code-point offset of the first character.
    pub start: usize,
    /// Code-point offset one past the last character.
    pub end: usize,
    /// Up to [`CONTEXT_CHARS`] characters before the quote.
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] characters after the quote.
    pub suffix: String,
}

/// Why a quote could not be placed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuoteError {
    /// The quote is empty or only whitespace.
    #[error("the quote is empty; paste the sentence from the source")]
    Empty,
    /// The quote does not occur; `hint` says how close it came.
    #[error("the quote does not occur in the source text{hint}")]
    NotFound {
        /// A sentence starting with "; " that helps to fix it, or empty.
        hint: String,
    },
    /// The quote occurs more than once, so its offsets would be ambiguous.
    #[error(
        "the quote occurs {count} times in the source text (at line:column {starts}); extend it with neighbouring words so it occurs once"
    )]
    Ambiguous {
        /// How many times.
        count: usize,
        /// Where it starts in the source file, `line:column`, comma-separated (the first ten).
        starts: String,
    },
}

/// A source text prepared for repeated quote look-ups.
#[derive(Debug, Clone)]
pub struct SourceText {
    chars: Vec<char>,
    /// The text in NFC with whitespace runs collapsed to one space.
    normalized: Vec<char>,
    /// For each character of `normalized`, the code-point range in `chars` it came from.
    origin: Vec<(usize, usize)>,
}

impl SourceText {
    /// Prepares `text` (the full content of a source file).
    pub fn new(text: &str) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let mut normalized = Vec::with_capacity(chars.len());
        let mut origin = Vec::with_capacity(chars.len());
        let mut i = 0;
        while i < chars.len() {
            if chars[i].is_whitespace() {
                let start = i;
                while i < chars.len() && chars[i].is_whitespace() {
                    i += 1;
                }
                normalized.push(' ');
                origin.push((start, i));
                continue;
            }
            // Normalise one base character with what may combine with it at a
            // time, so every normalised character maps back to a range of
            // originals: combining marks, and characters that compose with a
            // preceding one (NFC quick check "maybe", e.g. Hangul vowel jamo).
            let start = i;
            i += 1;
            while i < chars.len() && !chars[i].is_whitespace() && joins_previous(chars[i]) {
                i += 1;
            }
            for c in chars[start..i].iter().copied().nfc() {
                normalized.push(c);
                origin.push((start, i));
            }
        }
        Self {
            chars,
            normalized,
            origin,
        }
    }

    /// The number of code points in the original text.
    pub fn char_count(&self) -> usize {
        self.chars.len()
    }

    /// Locates `quote`, which must occur exactly once.
    ///
    /// ```
    /// use conflict_kg::model::quote::SourceText;
    /// let text = SourceText::new("Le 6 avril,\n le Mali a rappelé son ambassadeur.");
    /// let found = text.locate("le  Mali a rappelé").unwrap();
    /// assert_eq!((found.start, found.end), (13, 30));
    /// assert_eq!(found.exact, "le Mali a rappelé");
    /// ```
    pub fn locate(&self, quote: &str) -> Result<Located, QuoteError> {
        let needle = normalize(quote);
        if needle.is_empty() {
            return Err(QuoteError::Empty);
        }
        // A match must cover whole clusters: ending inside one (after `a` of
        // `a` + two accents, say) would give offsets that take in more text
        // than the quote.
        let mut starts = find_all(&self.normalized, &needle);
        starts.retain(|&s| self.is_boundary(s) && self.is_boundary(s + needle.len()));
        match starts.as_slice() {
            [] => Err(QuoteError::NotFound {
                hint: self.hint(&needle),
            }),
            [one] => Ok(self.located(*one, *one + needle.len())),
            many => Err(QuoteError::Ambiguous {
                count: many.len(),
                starts: {
                    let mut shown: Vec<String> = many
                        .iter()
                        .take(SHOWN_STARTS)
                        .map(|&s| self.line_column(self.origin[s].0))
                        .collect();
                    if many.len() > SHOWN_STARTS {
                        shown.push("…".to_owned());
                    }
                    shown.join(", ")
                },
            }),
        }
    }

    /// Whether a match may start or end before the `i`th normalised character:
    /// not inside the characters normalised from one cluster of originals.
    fn is_boundary(&self, i: usize) -> bool {
        i == 0 || i >= self.origin.len() || self.origin[i - 1] != self.origin[i]
    }

    /// `line:column` (1-based, in characters) of the character at `offset`,
    /// so a curator finds each occurrence in an editor.
    fn line_column(&self, offset: usize) -> String {
        let before = &self.chars[..offset];
        let line_start = before.iter().rposition(|&c| c == '\n').map_or(0, |i| i + 1);
        let line = before.iter().filter(|&&c| c == '\n').count() + 1;
        format!("{line}:{}", offset - line_start + 1)
    }

    fn located(&self, from: usize, to: usize) -> Located {
        let start = self.origin[from].0;
        let end = self.origin[to - 1].1;
        let text = |a: usize, b: usize| self.chars[a..b].iter().collect::<String>();
        Located {
            exact: text(start, end),
            start,
            end,
            prefix: text(start.saturating_sub(CONTEXT_CHARS), start),
            suffix: text(end, (end + CONTEXT_CHARS).min(self.chars.len())),
        }
    }

    /// Explains how close a missing quote came, so a curator can fix it fast.
    fn hint(&self, needle: &[char]) -> String {
        let folded = |cs: &[char]| cs.iter().map(|&c| fold_typography(c)).collect::<Vec<_>>();
        let loose = find_all(&folded(&self.normalized), &folded(needle));
        if let Some(&at) = loose.first() {
            let found: String = self.normalized[at..at + needle.len()].iter().collect();
            return format!(
                "; it differs only in apostrophes, quotation marks or dashes from \"{found}\": copy those characters from the source"
            );
        }
        // The longest beginning of the quote that does occur: the mismatch is right after it.
        let (mut lo, mut hi) = (0, needle.len());
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if find_all(&self.normalized, &needle[..mid]).is_empty() {
                hi = mid - 1;
            } else {
                lo = mid;
            }
        }
        if lo < 8 {
            return "; check that it is copied from this source".to_owned();
        }
        let matched: String = needle[..lo].iter().collect();
        let rest: String = needle[lo..].iter().take(24).collect();
        format!(
            "; its first {lo} characters match (\"…{}\"), then the source differs at \"{rest}\"",
            tail(&matched, 24)
        )
    }
}

fn tail(s: &str, n: usize) -> String {
    let count = s.chars().count();
    s.chars().skip(count.saturating_sub(n)).collect()
}

fn normalize(text: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.trim().nfc() {
        if c.is_whitespace() {
            if out.last() != Some(&' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether NFC may change `c` together with the character before it: a mark
/// (canonical combining class not zero, reordered with its neighbours) or a
/// character that composes with a preceding one. Before any other character
/// NFC of the whole equals NFC of the parts.
fn joins_previous(c: char) -> bool {
    unicode_normalization::char::canonical_combining_class(c) != 0
        || !matches!(
            unicode_normalization::is_nfc_quick(std::iter::once(c)),
            unicode_normalization::IsNormalized::Yes
        )
}

/// Maps typographic variants to one plain form, for hints only (never for matching).
fn fold_typography(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{02BC}' | '`' | '\u{00B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{00AB}' | '\u{00BB}' => '"',
        '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
        '\u{00A0}' | '\u{202F}' => ' ',
        c => c,
    }
}

/// Every start index of `needle` in `hay`, overlapping matches included, in
/// linear time (Knuth–Morris–Pratt): a long quote against a long text never
/// costs their product.
fn find_all(hay: &[char], needle: &[char]) -> Vec<usize> {
    if needle.is_empty() || needle.len() > hay.len() {
        return Vec::new();
    }
    // border[i]: length of the longest proper border of needle[..=i].
    let mut border = vec![0; needle.len()];
    let mut k = 0;
    for i in 1..needle.len() {
        while k > 0 && needle[i] != needle[k] {
            k = border[k - 1];
        }
        if needle[i] == needle[k] {
            k += 1;
        }
        border[i] = k;
    }
    let mut out = Vec::new();
    k = 0;
    for (i, &c) in hay.iter().enumerate() {
        while k > 0 && c != needle[k] {
            k = border[k - 1];
        }
        if c == needle[k] {
            k += 1;
        }
        if k == needle.len() {
            out.push(i + 1 - k);
            k = border[k - 1];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Le 1er avril, le ministère a annoncé la destruction d’un « drone ».\n\
                        La région est connue.\nLa région est connue pour être une zone de refuge.";

    #[test]
    fn offsets_are_code_points_into_the_original() {
        let t = SourceText::new(TEXT);
        let found = t.locate("d’un « drone »").unwrap();
        let expect_start = TEXT.chars().take_while(|&c| c != '’').count() - 1;
        assert_eq!(found.start, expect_start);
        assert_eq!(found.end - found.start, "d’un « drone »".chars().count());
        assert_eq!(found.exact, "d’un « drone »");
        assert!(found.prefix.ends_with("la destruction "));
        assert!(found.suffix.starts_with(".\nLa région"));
    }

    #[test]
    fn whitespace_runs_match_any_whitespace() {
        let t = SourceText::new(TEXT);
        let found = t.locate("  drone ».   La région est connue.  ").unwrap();
        assert_eq!(found.exact, "drone ».\nLa région est connue.");
    }

    #[test]
    fn a_decomposed_quote_matches_a_composed_source() {
        let t = SourceText::new(TEXT);
        let nfd = "le ministe\u{300}re"; // è as e + combining grave
        assert!(t.locate(nfd).is_ok());
    }

    #[test]
    fn a_decomposed_source_matches_and_keeps_its_offsets() {
        let t = SourceText::new("x ministe\u{300}re y");
        let found = t.locate("ministère").unwrap();
        assert_eq!((found.start, found.end), (2, 12));
        assert_eq!(found.exact, "ministe\u{300}re");
    }

    #[test]
    fn a_decomposed_quote_gets_the_offsets_of_the_composed_source() {
        // "é" typed as e + U+0301 (NFD) in the quote, U+00E9 (NFC) in the source.
        let t = SourceText::new("Le Mali a rappelé son ambassadeur à Alger.");
        let found = t.locate("rappele\u{301} son ambassadeur a\u{300} Alger").unwrap();
        assert_eq!((found.start, found.end), (10, 41));
        assert_eq!(found.exact, "rappelé son ambassadeur à Alger");
    }

    #[test]
    fn characters_that_compose_with_the_previous_one_match_either_way() {
        // Hangul: 가 is ᄀ + ᅡ, 각 is 가 + ᆨ; NFC composes across these starters.
        let composed = SourceText::new("x \u{AC01} y");
        assert_eq!(
            composed.locate("\u{1100}\u{1161}\u{11A8}").map(|f| f.start),
            Ok(2)
        );
        let decomposed = SourceText::new("x \u{1100}\u{1161}\u{11A8} y");
        let found = decomposed.locate("\u{AC01}").unwrap();
        assert_eq!((found.start, found.end), (2, 5));
    }

    #[test]
    fn a_match_never_ends_inside_a_cluster() {
        // Regression (fuzz target `quote`): U+FFFD then U+1161 form one
        // normalisation cluster that NFC leaves as two characters; a quote
        // ending at U+FFFD used to get offsets covering U+1161 too.
        let t = SourceText::new("x \u{FFFD}\u{1161} y");
        assert!(matches!(t.locate("x \u{FFFD}"), Err(QuoteError::NotFound { .. })));
        assert_eq!(t.locate("x \u{FFFD}\u{1161}").map(|f| f.end), Ok(4));
        // a + circumflex + acute: NFC gives ấ as one character only when the
        // marks are in that order; a quote of "â" alone is not a match.
        let t = SourceText::new("Vi\u{1EA5}t v\u{0061}\u{0302}\u{0301}");
        assert!(t.locate("v\u{E2}").is_err());
    }

    #[test]
    fn overlapping_occurrences_count_and_long_lists_are_cut() {
        let t = SourceText::new(&"a".repeat(30));
        let e = t.locate("aa").unwrap_err().to_string();
        assert!(e.contains("occurs 29 times"), "{e}");
        assert!(
            e.contains("at line:column 1:1, 1:2, 1:3, 1:4, 1:5, 1:6, 1:7, 1:8, 1:9, 1:10, …)"),
            "{e}"
        );
        assert_eq!(find_all(&['a', 'b', 'a', 'b', 'a'], &['a', 'b', 'a']), vec![0, 2]);
        assert_eq!(find_all(&['a', 'a', 'b'], &['a', 'b']), vec![1]);
    }

    #[test]
    fn errors_say_what_to_fix() {
        let t = SourceText::new(TEXT);
        let cases: &[(&str, &str)] = &[
            ("", "empty"),
            ("   ", "empty"),
            ("La région est connue", "occurs 2 times"),
            ("la destruction d'un", "apostrophes"),
            (
                "le ministère a annoncé la construction",
                "first 26 characters match",
            ),
            ("Nothing like it", "check that it is copied"),
        ];
        for (quote, expected) in cases {
            let e = t.locate(quote).expect_err(quote).to_string();
            assert!(e.contains(expected), "{quote}: {e}");
        }
    }
}
