//! One module per subcommand, each with a `run(args) -> Outcome`.

pub mod chart;
pub mod check;
pub mod common;
pub mod compare;
pub mod extract;
pub mod names;
pub mod run;
pub mod series;

use crate::cli::{Cli, Command};
use std::process::ExitCode;

/// How a command ended, mapped onto the documented exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Every input was read (exit 0).
    Complete,
    /// Nothing useful could be done (exit 1).
    Failed,
    /// Some inputs were skipped, the rest was processed (exit 3).
    Partial,
    /// `check --fail-on-mismatch` found a mismatch (exit 4).
    Mismatch,
}

impl From<Outcome> for ExitCode {
    fn from(outcome: Outcome) -> ExitCode {
        ExitCode::from(match outcome {
            Outcome::Complete => 0,
            Outcome::Failed => 1,
            Outcome::Partial => 3,
            Outcome::Mismatch => 4,
        })
    }
}

pub fn dispatch(cli: Cli) -> Outcome {
    match cli.command {
        Command::Extract(args) => extract::run(&args),
        Command::Series(args) => series::run(&args),
        Command::Compare(args) => compare::run(&args),
        Command::Names(args) => names::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Run(args) => run::run(&args),
        Command::Chart(args) => chart::run(&args),
    }
}
