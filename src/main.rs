//! The `budgetspor` command line. Parsing lives in [`budgetspor::cli`], each
//! subcommand in [`budgetspor::cmd`]; this file only wires them together.

use clap::Parser;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: extraction makes millions of
/// small, short-lived allocations (cell texts, frame buffers), and glibc's
/// malloc and free took a fifth of its CPU time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = budgetspor::cli::Cli::parse();
    budgetspor::cmd::dispatch(cli).into()
}
