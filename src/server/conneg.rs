//! Content negotiation: the `Accept` header, q-values and wildcards.

/// One media range of an `Accept` header.
#[derive(Debug, Clone, PartialEq)]
struct Range {
    kind: String,
    subtype: String,
    q: f32,
}

fn ranges(accept: &str) -> Vec<Range> {
    accept
        .split(',')
        .filter_map(|part| {
            let mut params = part.split(';');
            let media = params.next()?.trim().to_ascii_lowercase();
            let (kind, subtype) = media.split_once('/')?;
            let mut q: f32 = 1.0;
            for p in params {
                if let Some((k, v)) = p.split_once('=')
                    && k.trim().eq_ignore_ascii_case("q")
                {
                    q = v.trim().parse().unwrap_or(0.0);
                }
            }
            Some(Range {
                kind: kind.trim().to_owned(),
                subtype: subtype.trim().to_owned(),
                q: q.clamp(0.0, 1.0),
            })
        })
        .collect()
}

/// The best of `offered` media types (in the server's order of preference)
/// for `accept`; `None` when none is acceptable (a 406). A missing or empty
/// header accepts anything, so the first offer wins.
///
/// ```
/// use conflict_kg::server::conneg::negotiate;
/// let offers = ["text/html", "text/turtle", "application/ld+json"];
/// assert_eq!(negotiate(Some("text/turtle;q=0.9, application/ld+json"), &offers), Some("application/ld+json"));
/// assert_eq!(negotiate(Some("text/*"), &offers), Some("text/html"));
/// assert_eq!(negotiate(Some("image/png"), &offers), None);
/// ```
pub fn negotiate<'a>(accept: Option<&str>, offered: &[&'a str]) -> Option<&'a str> {
    let accept = accept.map(str::trim).filter(|a| !a.is_empty()).unwrap_or("*/*");
    let ranges = ranges(accept);
    let mut best: Option<(&str, f32, u8)> = None;
    for offer in offered {
        let (kind, subtype) = offer.split_once('/').unwrap_or((offer, ""));
        // The most specific matching range decides the q of an offer.
        let matched = ranges
            .iter()
            .filter_map(|r| {
                let specificity = match (r.kind.as_str(), r.subtype.as_str()) {
                    (k, s) if k == kind && s == subtype => 3,
                    (k, "*") if k == kind => 2,
                    ("*", "*") => 1,
                    _ => return None,
                };
                Some((specificity, r.q))
            })
            .max_by_key(|(s, _)| *s);
        if let Some((specificity, q)) = matched
            && q > 0.0
            && best.is_none_or(|(_, bq, bs)| q > bq || (q >= bq && specificity > bs))
        {
            best = Some((offer, q, specificity));
        }
    }
    best.map(|(o, _, _)| o)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RDF: [&str; 4] = [
        "text/turtle",
        "application/n-triples",
        "application/ld+json",
        "application/rdf+xml",
    ];

    #[test]
    fn q_values_wildcards_and_order() {
        let cases: &[(Option<&str>, Option<&str>)] = &[
            (None, Some("text/turtle")),
            (Some(""), Some("text/turtle")),
            (Some("*/*"), Some("text/turtle")),
            (Some("application/rdf+xml"), Some("application/rdf+xml")),
            (Some("application/*"), Some("application/n-triples")),
            (
                Some("text/turtle;q=0.1, application/ld+json;q=0.5"),
                Some("application/ld+json"),
            ),
            (Some("text/turtle;q=0, */*;q=0.1"), Some("application/n-triples")),
            (Some("text/html"), None),
            (Some("TEXT/Turtle"), Some("text/turtle")),
            (Some("garbage"), None),
            (Some("text/turtle;q=abc"), None),
        ];
        for (accept, expected) in cases {
            assert_eq!(negotiate(*accept, &RDF), *expected, "{accept:?}");
        }
    }

    #[test]
    fn a_specific_zero_beats_a_wildcard() {
        assert_eq!(
            negotiate(Some("*/*, text/turtle;q=0"), &RDF),
            Some("application/n-triples")
        );
    }

    #[test]
    fn browsers_get_html() {
        let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        assert_eq!(
            negotiate(Some(browser), &["text/turtle", "text/html"]),
            Some("text/html")
        );
    }
}
