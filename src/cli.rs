//! Command-line definitions (clap derive). The help text is the
//! documentation: every command says what it reads, what it writes and how
//! it behaves when something goes wrong.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const EXIT_CODES: &str = "\
Exit codes:
  0  every input was read
  1  error: nothing useful could be done (e.g. the output could not be written)
  2  usage error (unknown option, missing argument)
  3  some inputs were skipped (unreadable, binary or not UTF-8); the rest was processed

Problems with an input are printed on stderr as `path:line: what was expected, what was found`
and the run goes on with the next input.";

/// Turn Danish municipal meeting minutes (referater) into exact, year-keyed
/// budget data.
///
/// budgetspor finds the budget tables in minutes converted from PDF, reads
/// Danish numbers exactly ("1.190.839", "-2.093,8", "1,5 mio. kr.") into whole
/// kroner, and gives every figure its meaning: measure (vedtaget budget,
/// korrigeret budget, forventet regnskab, regnskab, afvigelse, …), fiscal
/// year, as-of date, unit and provenance (file, line, raw text).
#[derive(Debug, Parser)]
#[command(name = "budgetspor", version, after_help = EXIT_CODES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Extract(ExtractArgs),
}

/// Output formats of tidy tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Apache Parquet (typed: dates are dates, amounts are 64-bit integers).
    Parquet,
    /// Comma-separated values with a header row; dates as YYYY-MM-DD.
    Csv,
    /// One JSON object per line.
    Ndjson,
}

/// Extract every value cell of every table into one tidy table.
///
/// Reads the given files, and every .txt and .md file below the given
/// directories, recognizes the tables in them, and writes one row per value
/// cell with its meaning and provenance (see the schema in README.md).
/// Amounts are whole kroner (`amount_kr`), exact; counts, percentages,
/// dates and row numbers are kept as `value` with an empty `amount_kr`.
///
/// The output format follows the file extension (.parquet, .csv,
/// .ndjson/.jsonl) unless --format says otherwise; Parquet when unsure.
/// Without -o, or with `-o -`, CSV goes to stdout. Files are written
/// atomically: a temporary file renamed into place, so an interrupted run
/// never leaves half a file.
///
/// Example: budgetspor extract fixtures/minutes -o out/cells.parquet
#[derive(Debug, clap::Args)]
#[command(after_help = EXIT_CODES)]
pub struct ExtractArgs {
    /// Minutes files or directories (searched recursively for .txt and .md).
    #[arg(required = true, value_name = "PATHS")]
    pub paths: Vec<PathBuf>,

    /// Where to write the cells; `-` for CSV on stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Output format; default from the output file's extension.
    #[arg(short, long, value_enum)]
    pub format: Option<Format>,

    /// Also write a CSV of the cells that looked like numbers but were not
    /// used as values, with file, line, raw text and reason.
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,

    /// Treat a skipped input as an error (exit code 1 instead of 3).
    #[arg(long)]
    pub strict: bool,

    /// Print only problems on stderr, no warnings or summary.
    #[arg(short, long)]
    pub quiet: bool,
}
