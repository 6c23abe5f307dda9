//! The `budgetspor` command line. Parsing lives in [`budgetspor::cli`], each
//! subcommand in [`budgetspor::cmd`]; this file only wires them together.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = budgetspor::cli::Cli::parse();
    budgetspor::cmd::dispatch(cli).into()
}
