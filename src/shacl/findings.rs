//! SHACL violations on the curated data as findings at the line of each record.
//!
//! Every node of the facts graph is minted below its record
//! (`{base}id/{kind}/{id}`, then `…/evidence/1/quote`, `…/participation/…`,
//! `…/time/begin`), so a focus node names its record, and the loader's spans
//! name the line the record is defined on. A violation about a direct triple
//! that a `[[relation]]` record stands for (`town hosts alpha`) is reported at
//! that relation record, where the curator wrote it.

use oxigraph::model::Term;

use super::Violation;
use crate::data::diagnostic::{Code, Diagnostics};
use crate::model::Relation;
use crate::pipeline::Compiled;

/// One finding per violation, at the record the focus node belongs to:
/// `data/events.toml:12:6: event "x" (evidence/1/quote): <message> (shape …, path …, value …)`.
pub fn findings(violations: &[Violation], compiled: &Compiled) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let prefix = format!("{}id/", compiled.minter.base());
    for v in violations {
        let text = format!("{} {}", v.message, v.details());
        let focus = record_in(&v.focus, &prefix);
        let value = v.value.as_ref().and_then(|t| record_in(t, &prefix));
        let relation = focus
            .as_ref()
            .filter(|f| f.below.is_none())
            .and_then(|f| relation_of(v, f, value.as_ref(), compiled));
        let (at, what) = match (relation, &focus) {
            (Some(r), Some(f)) => (
                r.common.id.as_str(),
                format!("relation \"{}\" (subject {} \"{}\")", r.common.id, f.kind, f.id),
            ),
            (None, Some(f)) => {
                let below = f.below.map(|b| format!(" ({b})")).unwrap_or_default();
                (f.id, format!("{} \"{}\"{below}", f.kind, f.id))
            }
            (_, None) => ("", String::new()),
        };
        match compiled.locations.get(at) {
            Some((path, position)) => diags.push_at(path, *position, Code::Shacl, format!("{what}: {text}")),
            None => diags.file(
                &compiled.data_dir,
                Code::Shacl,
                format!("{}: {text}", super::show(&v.focus)),
            ),
        }
    }
    diags
}

/// The relation record that states the triple a violation is about: the one
/// from the focus record through the violation's property to its value, or,
/// for a shape on the subjects of some properties, from the focus through one
/// of them.
fn relation_of<'a>(
    v: &Violation,
    focus: &Record<'_>,
    value: Option<&Record<'_>>,
    compiled: &'a Compiled,
) -> Option<&'a Relation> {
    compiled.dataset.relations.iter().find(|r| {
        let Some(predicate) = compiled.ontology.relation_types.get(&r.relation_type) else {
            return false;
        };
        r.subject == focus.id
            && match (&v.predicate, value) {
                (Some(p), Some(value)) => p == predicate && r.object == value.id,
                (None, _) => v.subjects_of.contains(predicate),
                (Some(_), None) => false,
            }
    })
}

/// A record named by the path of a minted IRI after `{base}id/`.
#[derive(Debug, PartialEq, Eq)]
struct Record<'a> {
    kind: &'a str,
    id: &'a str,
    /// The node's path below the record, for nodes that are not the record itself.
    below: Option<&'a str>,
}

fn record_in<'t>(term: &'t Term, prefix: &str) -> Option<Record<'t>> {
    match term {
        Term::NamedNode(n) => n.as_str().strip_prefix(prefix).and_then(record_of),
        _ => None,
    }
}

fn record_of(path: &str) -> Option<Record<'_>> {
    let (kind, rest) = path.split_once('/')?;
    let (id, below) = match rest.split_once('/') {
        Some((id, below)) => (id, Some(below)),
        None => (rest, None),
    };
    Some(Record { kind, id, below })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minted_path_names_its_record() {
        assert_eq!(
            record_of("event/drone-downing/evidence/1/quote"),
            Some(Record {
                kind: "event",
                id: "drone-downing",
                below: Some("evidence/1/quote")
            })
        );
        assert_eq!(
            record_of("actor/fla"),
            Some(Record {
                kind: "actor",
                id: "fla",
                below: None
            })
        );
        assert_eq!(record_of("nothing"), None);
    }
}
