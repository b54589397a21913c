//! `conflict-kg`: arguments → run → exit code.

mod cli;

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    // Rust ignores SIGPIPE, so a closed pipe surfaces as an error we map to success.
    ExitCode::from(cli::run(cli::Cli::parse()).code())
}
