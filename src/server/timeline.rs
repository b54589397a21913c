//! The timeline page: events in date order, drawn as an SVG at their precision.
//!
//! A day-precise event is a narrow bar, a month-precise one spans its month,
//! a year-precise one its year; an interval spans from the first day its
//! start may denote to the last day its end may denote. Uncertain (`?`)
//! dates are dashed, approximate (`~`) ones lighter, open ends fade out.
//! `?from=YYYY[-MM]&to=YYYY[-MM]` zooms.

use std::fmt::Write as _;

use oxhttp::model::{Body, Response, StatusCode};

use super::html::{self, esc};
use super::{Site, form_pairs, html_response, pages};
use crate::model::date::{Bound, Date, Edtf};

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn month_len(y: i64, m: i64) -> i64 {
    days(
        if m == 12 { y + 1 } else { y },
        if m == 12 { 1 } else { m + 1 },
        1,
    ) - days(y, m, 1)
}

/// The first and last day (inclusive) a date may denote.
fn span(d: Date) -> (i64, i64) {
    let y = i64::from(d.year);
    match (d.month, d.day) {
        (Some(m), Some(day)) => {
            let n = days(y, i64::from(m), i64::from(day));
            (n, n)
        }
        (Some(m), None) => {
            let m = i64::from(m);
            (days(y, m, 1), days(y, m, 1) + month_len(y, m) - 1)
        }
        _ => (days(y, 1, 1), days(y + 1, 1, 1) - 1),
    }
}

struct Bar {
    iri: String,
    edtf: String,
    label: String,
    kind: String,
    start: i64,
    end: i64,
    open_end: bool,
    uncertain: bool,
    approximate: bool,
}

fn bar(iri: String, edtf: String, label: String, kind: String) -> Option<Bar> {
    let parsed = Edtf::parse(&edtf).ok()?;
    let (start, end, open_end, dates): (i64, i64, bool, Vec<Date>) = match parsed {
        Edtf::Single(d) => (span(d).0, span(d).1, false, vec![d]),
        Edtf::Interval(a, b) => {
            let a_date = match a {
                Bound::Date(d) => Some(d),
                _ => None,
            };
            let b_date = match b {
                Bound::Date(d) => Some(d),
                _ => None,
            };
            let start = a_date.or(b_date).map(|d| span(d).0)?;
            let end = b_date.map_or(start, |d| span(d).1);
            (
                start,
                end,
                b_date.is_none(),
                a_date.into_iter().chain(b_date).collect(),
            )
        }
    };
    Some(Bar {
        iri,
        edtf,
        label,
        kind,
        start,
        end,
        open_end,
        uncertain: dates.iter().any(|d| d.uncertain),
        approximate: dates.iter().any(|d| d.approximate),
    })
}

fn bound(value: Option<&str>, last: bool) -> Option<i64> {
    let d = Edtf::parse(value?).ok()?;
    let Edtf::Single(d) = d else { return None };
    let (a, b) = span(d);
    Some(if last { b } else { a })
}

/// `/timeline`.
pub fn page(site: &Site, query: &str) -> Response<Body> {
    let params = form_pairs(query);
    let param = |k: &str| params.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
    let mut bars: Vec<Bar> = pages::events(site)
        .into_iter()
        .filter_map(|(iri, edtf, label, kind)| bar(iri, edtf, label, kind))
        .collect();
    bars.sort_by(|a, b| (a.start, a.end, &a.iri).cmp(&(b.start, b.end, &b.iri)));
    let lo = bound(param("from"), false);
    let hi = bound(param("to"), true);
    bars.retain(|b| lo.is_none_or(|lo| b.end >= lo) && hi.is_none_or(|hi| b.start <= hi));
    let mut body = String::from(
        "<h1>Timeline</h1><p class=\"sub\">Each bar covers what the source's date allows: a day, a whole month, a whole year, or an \
         interval. Dashed: uncertain (?). Pale: approximate (~). Fading: open-ended.</p>\
         <p>Zoom: <a href=\"/timeline\">all</a> · <a href=\"/timeline?from=2012&amp;to=2025\">2012–2025</a> · \
         <a href=\"/timeline?from=2024&amp;to=2025\">2024–2025</a> · <a href=\"/timeline?from=2025-03&amp;to=2025-04\">March–April 2025</a></p>",
    );
    if bars.is_empty() {
        body.push_str("<p>No event in this range.</p>");
        return html_response(StatusCode::OK, html::page("Timeline", &body));
    }
    let min = lo.unwrap_or_else(|| bars.iter().map(|b| b.start).min().unwrap_or(0));
    let max = hi
        .unwrap_or_else(|| bars.iter().map(|b| b.end).max().unwrap_or(0))
        .max(min + 1);
    // An open-ended interval runs on to the right edge (drawn fading).
    for b in bars.iter_mut().filter(|b| b.open_end) {
        b.end = b.end.max(max);
    }
    let (label_w, plot_w, row_h, top) = (420.0_f64, 560.0_f64, 22.0_f64, 30.0_f64);
    #[expect(clippy::cast_precision_loss, reason = "day numbers are far below 2^52")]
    let x = |d: i64| label_w + (d - min) as f64 / (max - min + 1) as f64 * plot_w;
    #[expect(clippy::cast_precision_loss, reason = "a few hundred rows")]
    let height = top + row_h * bars.len() as f64 + 10.0;
    let _ = write!(
        body,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{height}\" viewBox=\"0 0 {w} {height}\" role=\"img\" \
         aria-label=\"Timeline of {n} events\" style=\"max-width:100%;font:12px system-ui,sans-serif\">",
        w = label_w + plot_w + 20.0,
        n = bars.len()
    );
    // Ticks: years, or months when the range is short.
    let (first_year, last_year) = (year_of(min), year_of(max));
    let mut ticks: Vec<(i64, String)> = Vec::new();
    if last_year - first_year < 3 {
        for y in first_year..=last_year {
            for m in 1..=12 {
                ticks.push((
                    days(y, m, 1),
                    if m == 1 { format!("{y}") } else { format!("{m:02}") },
                ));
            }
        }
    } else {
        let step = ((last_year - first_year) / 12).max(1);
        ticks.extend(
            (first_year..=last_year)
                .step_by(usize::try_from(step).unwrap_or(1))
                .map(|y| (days(y, 1, 1), y.to_string())),
        );
    }
    for (d, label) in ticks.into_iter().filter(|(d, _)| *d >= min && *d <= max) {
        let _ = write!(
            body,
            "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{t}\" y2=\"{height}\" stroke=\"#d6dbe6\"/><text x=\"{x:.1}\" y=\"{ty}\" text-anchor=\"middle\" fill=\"#5b6477\">{label}</text>",
            x = x(d),
            t = top - 8.0,
            ty = top - 12.0
        );
    }
    for (i, b) in bars.iter().enumerate() {
        #[expect(clippy::cast_precision_loss, reason = "a few hundred rows")]
        let row = top + row_h * i as f64;
        let (x0, x1) = (x(b.start.max(min)), x(b.end.min(max) + 1));
        let path = site.local_path(&b.iri).unwrap_or_default();
        let fill = if b.approximate { "#a8c5da" } else { "#457b9d" };
        let dash = if b.uncertain {
            " stroke=\"#1d3557\" stroke-dasharray=\"3 2\""
        } else {
            ""
        };
        let fade = if b.open_end { " fill-opacity=\"0.45\"" } else { "" };
        let _ = write!(
            body,
            "<a href=\"{href}\"><title>{title}</title><text x=\"{tx}\" y=\"{ty:.1}\" text-anchor=\"end\" fill=\"#1d2330\">{label}</text>\
             <rect x=\"{x0:.1}\" y=\"{ry:.1}\" width=\"{bw:.1}\" height=\"{bh}\" rx=\"2\" fill=\"{fill}\"{dash}{fade}/></a>",
            href = esc(&path),
            title = esc(&format!("{} — {} ({})", b.label, b.edtf, b.kind)),
            tx = label_w - 8.0,
            ty = row + 14.0,
            label = esc(&truncate(&format!("{}  {}", b.edtf, b.label), 62)),
            ry = row + 4.0,
            bw = (x1 - x0).max(3.0),
            bh = row_h - 8.0,
        );
    }
    body.push_str("</svg>");
    html_response(StatusCode::OK, html::page("Timeline", &body))
}

fn year_of(day: i64) -> i64 {
    // 1970 + day / 365.2425, corrected by checking the first day of the year.
    let mut y = 1970 + day.div_euclid(365);
    while days(y, 1, 1) > day {
        y -= 1;
    }
    while days(y + 1, 1, 1) <= day {
        y += 1;
    }
    y
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days() {
        assert_eq!(days(1970, 1, 1), 0);
        assert_eq!(days(2000, 3, 1) - days(2000, 2, 1), 29);
        assert_eq!(month_len(2025, 2), 28);
        assert_eq!(year_of(days(2024, 12, 31)), 2024);
        assert_eq!(year_of(days(2025, 1, 1)), 2025);
    }

    #[test]
    fn precision_decides_the_span() {
        let b = |s: &str| bar("x".into(), s.into(), String::new(), String::new()).unwrap();
        let day = b("2025-04-06");
        assert_eq!(day.end - day.start, 0);
        let month = b("2023-11");
        assert_eq!(month.end - month.start, 29);
        let year = b("2012");
        assert_eq!(year.end - year.start, 365);
        let interval = b("2025-03-31/2025-04-01");
        assert_eq!(interval.end - interval.start, 1);
        let open = b("2025-03-31/..");
        assert!(open.open_end);
        assert!(b("2019?").uncertain && b("2025-04-06~").approximate);
    }
}
