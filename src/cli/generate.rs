//! `conflict-kg completions` and `conflict-kg man`: generated from the clap definitions.

use clap::CommandFactory as _;

use super::{Cli, ExitStatus, Printer};

/// Arguments of `completions`.
#[derive(Debug, clap::Args)]
pub struct CompletionArgs {
    /// The shell.
    shell: clap_complete::Shell,
}

pub fn completions(args: &CompletionArgs, out: &mut Printer) -> anyhow::Result<ExitStatus> {
    // clap_complete panics on a write error, so render to memory first and
    // write through the printer, which handles a closed pipe.
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "conflict-kg", &mut buf);
    out.out().write_all(&buf)?;
    Ok(ExitStatus::Success)
}

pub fn man(out: &mut Printer) -> anyhow::Result<ExitStatus> {
    clap_mangen::Man::new(Cli::command()).render(out.out())?;
    Ok(ExitStatus::Success)
}
