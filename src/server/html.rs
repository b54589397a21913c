//! HTML building blocks: escaping, the page frame, links to resources.
//!
//! Every string that reaches a page goes through [`esc`]; pages load nothing
//! from the internet (the style sheet is inline).

use std::fmt::Write as _;

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes a query-string value.
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

const STYLE: &str = "
body{font:16px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;color:#1d2330;background:#fbfbfd}
header{background:#1d3557;color:#fff;padding:.6rem 1.5rem;display:flex;gap:1.5rem;align-items:baseline;flex-wrap:wrap}
header a{color:#fff;text-decoration:none}header strong a{font-size:1.15rem}
main{max-width:70rem;margin:0 auto;padding:1rem 1.5rem 3rem}
h1{font-size:1.6rem;margin:.8rem 0 .2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d6dbe6}
.sub{color:#5b6477;margin:.1rem 0 .8rem}.types a{background:#e8eef8;border-radius:3px;padding:0 .35rem;margin-right:.3rem;font-size:.9rem}
table{border-collapse:collapse;width:100%;font-size:.93rem}th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid #e4e7ee}
th{background:#f0f2f7;font-weight:600}td.p{width:14rem;color:#39435a}
blockquote{margin:.6rem 0;padding:.5rem .9rem;border-left:4px solid #457b9d;background:#f1f6fa}
blockquote .ctx{color:#8a93a6}blockquote .q{background:#fff3b0}
.cite{font-size:.85rem;color:#5b6477}code,pre,textarea{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.88rem}
pre{background:#f0f2f7;padding:.7rem;overflow:auto}textarea{width:100%;min-height:14rem}
.lit{color:#7a3e00}.lang{color:#8a93a6;font-size:.8rem}.warn{background:#fde2e1;padding:.5rem .8rem;border-radius:4px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));gap:.6rem}.card{background:#fff;border:1px solid #e4e7ee;border-radius:6px;padding:.6rem .8rem}
.card b{font-size:1.4rem;display:block}svg a:hover rect{fill:#e63946}
";

/// A whole page: header with navigation, `body` inside `<main>`.
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{} · conflict-kg</title><style>{STYLE}</style></head><body>\
         <header><strong><a href=\"/\">conflict-kg</a></strong>\
         <a href=\"/timeline\">Timeline</a><a href=\"/queries\">Queries</a><a href=\"/query\">SPARQL</a>\
         <a href=\"/ontology\">Ontology</a><a href=\"/.well-known/void\">VoID</a></header>\
         <main>{body}</main></body></html>\n",
        esc(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_neutralises_markup() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
        assert_eq!(
            url_encode("SELECT * { ?s ?p ?o }"),
            "SELECT%20%2A%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D"
        );
    }
}
