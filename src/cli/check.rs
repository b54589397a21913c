//! `conflict-kg check`: validate everything, report every finding, write nothing.

use anyhow::Context as _;

use super::shapes::{self, ShapesArgs};
use super::{Common, ExitStatus, Printer};
use conflict_kg::data::diagnostic::{Code, Diagnostics};
use conflict_kg::pipeline::Compiled;
use conflict_kg::{query, store};

/// Arguments of `check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    common: Common,
    #[command(flatten)]
    shapes: ShapesArgs,
}

pub fn run(args: &Args, out: &mut Printer) -> anyhow::Result<ExitStatus> {
    out.findings_to_stdout = true;
    let Some(compiled) = args.common.compile(out)? else {
        return Ok(ExitStatus::Failure);
    };
    let st = store::open(None)?;
    store::load(&st, &compiled)?;
    let mut diags = run_checks(&st, &compiled)?;
    diags.extend(args.shapes.validate(&compiled)?);
    if !diags.is_empty() {
        out.findings(&diags)?;
        return Ok(ExitStatus::Failure);
    }
    let d = &compiled.dataset;
    out.note(format_args!(
        "ok: {} records, {} quotes located in {} sources, {} checks passed{}",
        d.record_count(),
        d.quote_count(),
        d.sources.len(),
        query::checks().count(),
        shapes::NOTE
    ))?;
    Ok(ExitStatus::Success)
}

/// Runs the data checks of `queries/checks/`: every row is a finding, placed
/// at the record its `?id` names.
pub fn run_checks(st: &oxigraph::store::Store, compiled: &Compiled) -> anyhow::Result<Diagnostics> {
    let mut diags = Diagnostics::default();
    for check in query::checks() {
        let (_, rows) = query::select(st, check.text).with_context(|| format!("check {}", check.name))?;
        for row in rows {
            let id = row.get("id").map(query::display_term).unwrap_or_default();
            let message = row
                .get("message")
                .map_or_else(|| check.title().to_owned(), query::display_term);
            let text = format!("{message} [check {}]", check.name);
            match compiled.locations.get(&id) {
                Some((path, pos)) => diags.push_at(path, *pos, Code::Check, text),
                None => diags.file(&compiled.data_dir, Code::Check, format!("`{id}`: {text}")),
            }
        }
    }
    Ok(diags)
}
