//! Command-line definitions (clap derive). The help text is the
//! documentation: every command says what it reads, what it writes and how
//! it behaves when something goes wrong.

use crate::export::{CsvDialect, Format};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const EXIT_CODES: &str = "\
Exit codes:
  0  every input was read
  1  error: nothing useful could be done (e.g. the output could not be written)
  2  usage error (unknown option, missing argument)
  3  some inputs were skipped (unreadable, binary or not UTF-8); the rest was processed
  4  `check --fail-on-mismatch` found a mismatch

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
    Series(SeriesArgs),
    Compare(CompareArgs),
    Names(NamesArgs),
    Check(CheckArgs),
    Run(RunArgs),
    Chart(ChartArgs),
    Fetch(FetchArgs),
}

/// Download a municipality's meetings from its agenda portal.
///
/// Asks PORTAL_URL/api/agenda/udvalgsliste for the committees (every group,
/// current and historic) and their meetings, then fetches each meeting
/// chosen by --since, --until and --committee from
/// PORTAL_URL/api/agenda/dagsorden/<meeting id>, and saves it as
///   DIR/<committee>/<date>_<meeting id>.json
/// which `extract` and `run` read (the committee, the meeting date and each
/// item's number and title come with every cell). With --attachments, each
/// item's PDF attachments are saved beside it, as
///   DIR/<committee>/<date>_<meeting id>/punkt-<NN>_<name>_<id>.pdf
/// and `extract` gives their cells the meeting and the item too.
///
/// A second run fetches only what is new: a meeting already saved is not
/// asked for again (--refresh asks for everything). Files are written
/// atomically: an interrupted run leaves no half-written file. Names are made
/// safe for any file system, and nothing is ever written outside DIR.
///
/// The client is polite: it names itself ("budgetspor/<version>"), asks at
/// most --rate requests a second, and retries timeouts, dropped connections
/// and server errors (5xx, 429) with a growing wait. A 4xx answer is reported
/// in one line and not retried. Problems with one meeting are printed as
/// `URL: what was expected, what was found` and the run goes on (exit 3); a
/// portal that does not answer the committee list fails at once (exit 1).
///
/// Example: budgetspor fetch https://dagsordener.greve.dk --since 2022-01-01 --out greve/
///          budgetspor run greve/
// Verbatim: the file layout above must keep its lines.
#[derive(Debug, clap::Args)]
#[command(after_help = EXIT_CODES, verbatim_doc_comment)]
pub struct FetchArgs {
    /// The agenda portal's address, e.g. https://dagsordener.greve.dk
    #[arg(value_name = "PORTAL_URL")]
    pub portal: String,

    /// Directory to save the meetings in (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// Only meetings on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<chrono::NaiveDate>,

    /// Only meetings on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub until: Option<chrono::NaiveDate>,

    /// Only committees whose name contains NAME, ignoring case ("byråd"
    /// takes "Byråd 2022-2025"); repeatable.
    #[arg(long = "committee", value_name = "NAME")]
    pub committees: Vec<String>,

    /// Also save each item's PDF attachments.
    #[arg(long)]
    pub attachments: bool,

    /// Fetch every chosen meeting and attachment again, even when saved.
    #[arg(long)]
    pub refresh: bool,

    /// At most this many requests a second.
    #[arg(long, value_name = "N", default_value_t = 2.0)]
    pub rate: f64,

    /// Retries of a request that timed out, lost its connection or got a
    /// server error; the waits between them grow from --retry-wait.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub retries: u32,

    /// The first wait before a retry, in seconds (then twice as long each
    /// time).
    #[arg(long, value_name = "SECONDS", default_value_t = 1.0)]
    pub retry_wait: f64,

    /// Give up on one request after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub timeout: u64,

    /// Print only problems on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

/// The charts of `budgetspor chart`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChartChoice {
    /// One bar per fiscal year (the most final figure of the latest
    /// vintage), the year's other figures as labelled markers beside it.
    Reservationspulje,
    /// The reservationspulje bridge (waterfall) of one fiscal year: from
    /// the adopted budget through each adjustment to the expected result.
    Bridge,
    /// Investment projects: budgeted gain to date and realized gain per
    /// as-of date, the period target marked; projects behind budget in red.
    Gevinst,
    /// Forsørgelses line items over fiscal years (default: the five
    /// largest): budget dashed, regnskab solid, forventet regnskab dotted.
    Ydelser,
    /// Deviation per forsørgelses line item (budget − result) for one fiscal
    /// year, diverging bars sorted by size.
    Budget,
    /// Budget follow-up (budgetopfølgning) of any money table: per line
    /// item the adopted and the adjusted budget and the expected result of
    /// one fiscal year, from the latest meeting, the deviation beside it.
    Opfolgning,
}

/// Draw a chart as SVG or PNG (by the output's extension).
///
/// Labels are Danish ("159,1 mio. kr."), the font (DejaVu Sans) is embedded
/// so the chart looks the same on any machine, and the same input gives the
/// same SVG bytes.
///
/// Example: budgetspor chart reservationspulje fixtures/minutes -o pulje.svg
#[derive(Debug, clap::Args)]
#[command(after_help = EXIT_CODES)]
pub struct ChartArgs {
    #[arg(value_enum)]
    pub chart: ChartChoice,

    #[command(flatten)]
    pub source: CellSource,

    /// The chart file: .svg or .png.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,

    /// Width in pixels.
    #[arg(long, default_value_t = 1000)]
    pub width: u32,

    /// Height in pixels.
    #[arg(long, default_value_t = 600)]
    pub height: u32,

    /// `bridge`, `budget`: the fiscal year (default: the latest year with
    /// a bridge, resp. with both a budget and a result).
    #[arg(long, value_name = "YEAR")]
    pub fiscal_year: Option<i32>,

    /// `ydelser`: the line items to draw (any printed variant; repeatable).
    #[arg(long = "line-item", value_name = "NAME")]
    pub line_items: Vec<String>,

    /// An SVG's labels: `text` (small, searchable, editable; a viewer
    /// without DejaVu Sans shows them in its own sans-serif, which is
    /// narrower, so nothing comes to overlap) or `paths` (the glyphs'
    /// outlines: the SVG looks exactly as the PNG in any viewer, at about
    /// 20 times the size). No effect on a PNG.
    #[arg(long, value_enum, default_value_t = SvgText::Text, value_name = "HOW")]
    pub svg_text: SvgText,
}

/// How a chart's SVG holds its labels (see `chart --svg-text`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SvgText {
    /// `<text>` elements in the font DejaVu Sans.
    Text,
    /// The outlines of the glyphs, as the PNG draws them.
    Paths,
}

/// Do the whole job: extract, check, build every series and comparison.
///
/// Reads the minutes (default: the bundled fixtures/minutes) and writes into
/// DIR (default: out/):
///   cells.parquet                 every value cell (see `extract`)
///   rejects.csv                   numeric-looking cells not used, with reasons
///   check.csv                     every arithmetic check (see `check`)
///   series/<series>.parquet       reservationspulje, forsorgelsesydelser,
///                                 investeringsprojekter, every vintage
///   compare/gevinst.parquet, compare/budget.parquet
///   charts/reservationspulje.svg|png, charts/bridge.svg|png,
///   charts/gevinst.svg|png, charts/ydelser.svg|png, charts/budget.svg|png,
///   charts/opfolgning.svg|png
///   budgetspor.xlsx               an Excel workbook: the reservationspulje,
///                                 the forsørgelsesydelser (wide, latest),
///                                 budget vs. result, gains, the checks,
///                                 all cells and their sources, in Danish
///   report.html                   one self-contained page: the charts, the
///                                 series and comparisons in Danish number
///                                 format, the check findings, and every
///                                 figure's provenance (file:line)
/// and prints a short summary.
///
/// Documents stream through in batches as in `extract` (written, checked,
/// dropped); the series, comparisons and charts are then built from
/// cells.parquet, reading only the cells they need. Unreadable files are
/// reported and skipped (exit 3); when no file could be read, nothing is
/// written (exit 1).
///
/// Example: budgetspor run            (the bundled minutes into out/)
// Verbatim: the list of files above must keep its lines.
#[derive(Debug, clap::Args)]
#[command(after_help = EXIT_CODES, verbatim_doc_comment)]
pub struct RunArgs {
    /// Minutes files or directories (searched recursively for .txt, .md, .pdf, .html, .htm and .json).
    #[arg(value_name = "PATHS", default_value = "fixtures/minutes")]
    pub paths: Vec<PathBuf>,

    /// Output directory.
    #[arg(long, value_name = "DIR", default_value = "out")]
    pub out: PathBuf,

    /// TOML file of line-item aliases (see `names`).
    #[arg(long, value_name = "FILE")]
    pub aliases: Option<PathBuf>,

    /// Print only problems on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Check the arithmetic of every extracted table.
///
/// Rules: `row_sum` — subtotal and total rows equal the items above them
/// (the items since the previous sum row, that sum row plus them, the
/// section's items, all items, or the sections' subtotals, whichever is
/// closest); `column_sum` — an "I alt" column equals the other money
/// columns of its row; `deviation` — an Afvigelse/Mer-/mindreforbrug/Forskel
/// column equals budget − result under the sign note printed by the table
/// ("-/+ = merforbrug/mindreforbrug"), realized − budgeted for investment
/// gains; `bridge` — each step of the reservationspulje bridge equals the
/// previous figure plus the adjustments since.
///
/// Printed figures are rounded, so a check passes within ±1 in the table's
/// unit per figure summed: `ok` (exact), `rounding` (within that), or
/// `mismatch` (a finding). Output columns: source, line, table_no, rule,
/// row_label, column_label, expected_kr, found_kr, tolerance_kr, status,
/// detail. By default only `rounding` and `mismatch` rows are written.
/// Findings do not change the exit code unless --fail-on-mismatch.
///
/// Example: budgetspor check fixtures/minutes
#[derive(Debug, clap::Args)]
#[command(after_help = EXIT_CODES)]
pub struct CheckArgs {
    #[command(flatten)]
    pub source: CellSource,

    /// Also write the checks that came out exact.
    #[arg(long)]
    pub all: bool,

    /// Exit with code 4 when any check is a mismatch.
    #[arg(long)]
    pub fail_on_mismatch: bool,

    #[command(flatten)]
    pub output: TableOutput,
}

/// Where cells come from: minutes, or a saved `extract` output.
#[derive(Debug, clap::Args)]
pub struct CellSource {
    /// Minutes files or directories (searched recursively for .txt, .md, .pdf, .html, .htm and .json).
    #[arg(value_name = "PATHS", required_unless_present = "from")]
    pub paths: Vec<PathBuf>,

    /// Read the cells from a saved `extract` output instead of minutes: a
    /// Parquet file (told by its content), or else the CSV `extract` writes.
    #[arg(long, value_name = "FILE", conflicts_with = "paths")]
    pub from: Option<PathBuf>,

    /// TOML file of line-item aliases, overriding automatic name matching:
    /// `"Canonical name" = ["variant", "other variant"]`.
    #[arg(long, value_name = "FILE")]
    pub aliases: Option<PathBuf>,

    /// Print only problems on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Where a table goes.
#[derive(Debug, clap::Args)]
pub struct TableOutput {
    /// Where to write; `-` (the default) for CSV on stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Output format; default from the output file's extension (.parquet,
    /// .csv, .ndjson/.jsonl/.json, .xlsx; anything else Parquet).
    #[arg(short, long, value_enum)]
    pub format: Option<Format>,

    /// Also write a Frictionless datapackage.json beside the output,
    /// describing its fields, currency DKK, and the measures as Fiscal Data
    /// Package phases.
    #[arg(long)]
    pub datapackage: bool,

    /// The CSV's dialect: `machine` for programs, `excel` to open in a
    /// spreadsheet (see the values).
    #[arg(long, value_enum, default_value_t = CsvDialect::Machine, value_name = "DIALECT")]
    pub csv_dialect: CsvDialect,
}

/// The series of `budgetspor series`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SeriesChoice {
    /// The reserve pool: forsørgelses tables' "Reservationspulje" row and
    /// the bridge table, step by step.
    Reservationspulje,
    /// Every forsørgelses- og sikringsydelse line item.
    Forsorgelsesydelser,
    /// Budgeted and realized gains per investment project.
    Investeringsprojekter,
}

/// Build a time series across meetings: one row per figure and vintage.
///
/// Every figure has a fiscal year and the date it was stated on (`as_of`:
/// the header's own date where the column has one, else the meeting date).
/// The same figure restated at a later meeting is a revision: `realtime_end`
/// is the date of the next vintage of the same figure, empty while it is the
/// latest. Line items are matched across meetings by canonical name (see
/// `budgetspor names`).
///
/// Columns: series, line_item, fiscal_year, measure, step_no, step, as_of,
/// realtime_end, amount_kr, source, row_line, row_label, column_label. The
/// reservationspulje bridge keeps its steps: measure `vedtaget_budget` for
/// the opening row, `justering` for adjustments, `mellemresultat` for the
/// "efter …" estimates, `forventet_regnskab` for the expected result.
///
/// Example: budgetspor series reservationspulje fixtures/minutes --latest
#[derive(Debug, clap::Args)]
#[command(after_help = EXIT_CODES)]
pub struct SeriesArgs {
    /// Which series.
    #[arg(value_enum)]
    pub series: SeriesChoice,

    #[command(flatten)]
    pub source: CellSource,

    /// Keep only these line items (canonical name or any printed variant).
    #[arg(long = "line-item", value_name = "NAME")]
    pub line_items: Vec<String>,

    /// Keep the vintage that was latest on this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", conflicts_with_all = ["latest", "first"])]
    pub as_of: Option<chrono::NaiveDate>,

    /// Keep only the latest vintage of every figure.
    #[arg(long, conflicts_with = "first")]
    pub latest: bool,

    /// Keep only the first vintage of every figure.
    #[arg(long)]
    pub first: bool,

    /// Instead of the rows, a summary per figure: first and latest value,
    /// number of vintages, total revision.
    #[arg(long, conflicts_with = "wide")]
    pub revisions: bool,

    /// Pivot to one row per line item and one column per fiscal year ×
    /// measure ("2024 forventet_regnskab"), the frame to paste into a
    /// spreadsheet; latest vintage unless --as-of or --first.
    #[arg(long)]
    pub wide: bool,

    #[command(flatten)]
    pub output: TableOutput,
}

/// What `budgetspor compare` compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Comparison {
    /// Investment projects: budgeted vs realized gain per project and date.
    Gevinst,
    /// Forsørgelses line items: budget against forventet regnskab and
    /// regnskab per line item and fiscal year.
    Budget,
}

/// Compare budgeted with realized figures.
///
/// `compare gevinst` gives one row per investment project and as-of date:
/// project, as_of, budgetteret_gevinst_periode_kr (target for the whole
/// project period), budgetteret_gevinst_kr (to date; empty where not
/// reported), realiseret_gevinst_kr (empty where reported as "-"),
/// afvigelse_kr (as reported, else realized − budgeted to date),
/// realiseret_pct (realized / budgeted to date, else / period target),
/// source, row_line.
///
/// `compare budget` gives one row per forsørgelses line item and fiscal
/// year: the latest vintage (or the one current at --as-of) of
/// vedtaget_budget_kr, korrigeret_budget_kr, budget_kr,
/// forventet_regnskab_kr and regnskab_kr; budget_basis (korrigeret, else
/// vedtaget, else budget) and result_basis (regnskab, else forventet
/// regnskab); afvigelse_kr = budget − result (positive: mindreforbrug) and
/// afvigelse_pct of the budget; as_of; source; budget_provenance and
/// result_provenance ("file:line" of the two figures compared).
///
/// Example: budgetspor compare gevinst fixtures/minutes -o gevinst.csv
#[derive(Debug, clap::Args)]
#[command(after_help = EXIT_CODES)]
pub struct CompareArgs {
    #[arg(value_enum)]
    pub what: Comparison,

    #[command(flatten)]
    pub source: CellSource,

    /// `compare budget`: use the figures current on this date (YYYY-MM-DD)
    /// instead of the latest.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<chrono::NaiveDate>,

    #[command(flatten)]
    pub output: TableOutput,
}

/// List canonical line-item names with their printed variants.
///
/// Names are matched by a folded key (case, punctuation, hyphens, æøå,
/// known suffixes such as " - ydelse" and abbreviations such as "SDP"), by a
/// shared abbreviation ("EGU/FGU" and "… (FGU)"), and by similar spelling
/// for long labels — the last kind is marked UNSURE: confirm it, or split
/// it, in an alias file (--aliases). Two labels of the same table are never
/// merged.
///
/// Example: budgetspor names fixtures/minutes --series forsorgelsesydelser
#[derive(Debug, clap::Args)]
#[command(after_help = EXIT_CODES)]
pub struct NamesArgs {
    #[command(flatten)]
    pub source: CellSource,

    /// Which series' line items (default: all three).
    #[arg(long, value_enum)]
    pub series: Option<SeriesChoice>,
}

/// Extract every value cell of every table into one tidy table.
///
/// Reads the given files, and every .txt, .md, .pdf, .html, .htm and .json
/// file below the given directories, recognizes the tables in them
/// (tab-separated, Markdown pipes, space-aligned columns as pdftotext and
/// text browsers print them, tables drawn with lines as w3m and pandoc
/// print them, label–amount lists, HTML `<table>`s, also inside Markdown),
/// and writes one row per value
/// cell with its meaning and provenance (see the schema in README.md).
/// Amounts are whole kroner (`amount_kr`), exact; counts, percentages,
/// dates and row numbers are kept as `value` with an empty `amount_kr`.
///
/// The output format follows the file extension (.parquet, .csv,
/// .ndjson/.jsonl/.json, .xlsx) unless --format says otherwise; Parquet
/// when unsure.
/// Without -o, or with `-o -`, CSV goes to stdout. Files are written
/// atomically: a temporary file renamed into place, so an interrupted run
/// never leaves half a file.
///
/// PDFs are read through `pdftotext -bbox-layout` (poppler-utils: apt-get
/// install poppler-utils): every word with its box, rebuilt into rows,
/// columns and cells, so labels and headers wrapped in their cells stay
/// whole and a table over a page break is one table. Their cells carry the
/// page, the line on the page and the row's box on it (`row_box`, points).
/// Without pdftotext a PDF is reported and skipped, and the run goes on.
///
/// HTML pages saved from an agenda portal are read as a browser parses
/// them; their cells carry the line of their `<tr>` and the table number.
/// The portal's meeting JSON (`…/api/agenda/dagsorden/{id}`) gives the
/// committee, the date and each item's number and title to its cells. What
/// a file is, is told by its content first: a Word or Excel file, an image
/// or a JSON that is no agenda is reported and skipped (exit 3).
///
/// Archives stream: documents are read in parallel, 64 at a time, and each
/// batch is written (one Parquet row group) before the next, so memory
/// stays flat however many documents there are. A progress bar shows on
/// stderr for 200 documents or more when stderr is a terminal. Text files
/// over 32 MB and lines over 64 KiB are skipped with a message.
///
/// Example: budgetspor extract fixtures/minutes -o out/cells.parquet
#[derive(Debug, clap::Args)]
#[command(after_help = EXIT_CODES)]
pub struct ExtractArgs {
    /// Minutes files or directories (searched recursively for .txt, .md, .pdf, .html, .htm and .json).
    #[arg(required = true, value_name = "PATHS")]
    pub paths: Vec<PathBuf>,

    /// Where to write the cells; `-` for CSV on stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Output format; default from the output file's extension (.parquet,
    /// .csv, .ndjson/.jsonl/.json, .xlsx; anything else Parquet).
    #[arg(short, long, value_enum)]
    pub format: Option<Format>,

    /// Write a Hive-partitioned Parquet dataset instead of one file:
    /// DIR/table_kind=KIND/fiscal_year=YEAR/part-0.parquet (a cell without a
    /// fiscal year under fiscal_year=__HIVE_DEFAULT_PARTITION__). DuckDB,
    /// Spark and polars scan it lazily, larger than memory:
    /// `SELECT … FROM read_parquet('DIR/**/*.parquet', hive_partitioning=true)`.
    /// The directory is built beside DIR and renamed into place at the end;
    /// an earlier dataset there is replaced, a directory holding anything
    /// else is refused.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["output", "format", "datapackage"])]
    pub dataset: Option<PathBuf>,

    /// Also write a CSV of the cells that looked like numbers but were not
    /// used as values, with file, line, raw text and reason.
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,

    /// Also write a CSV of every table found, one row each: where it
    /// stands, its layout and kind, its unit and where the unit is stated
    /// (`unit_source`: header, title, caption, row_label, prose,
    /// column_headers, cells, inferred, unknown), how many cells, amounts
    /// and rejects it gave, and for a table with figures but no amount,
    /// why ("no unit and no money words: kept as statistik …").
    #[arg(long, value_name = "FILE")]
    pub tables: Option<PathBuf>,

    /// Also write a Frictionless datapackage.json beside the output,
    /// describing its fields, currency DKK, and the measures as Fiscal Data
    /// Package phases.
    #[arg(long)]
    pub datapackage: bool,

    /// The dialect of every CSV written (the cells, --rejects, --tables):
    /// `machine` for programs, `excel` to open in a spreadsheet (see the
    /// values).
    #[arg(long, value_enum, default_value_t = CsvDialect::Machine, value_name = "DIALECT")]
    pub csv_dialect: CsvDialect,

    /// Treat a skipped input as an error (exit code 1 instead of 3).
    #[arg(long)]
    pub strict: bool,

    /// Print only problems on stderr: no warnings, summary or progress bar.
    #[arg(short, long)]
    pub quiet: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// The help of `--format` names the extensions that choose each
    /// format, so a format added to the exporters is added here too.
    #[test]
    fn format_help_names_every_extension() {
        let mut cli = Cli::command();
        for name in ["extract", "series", "compare", "check"] {
            let command = cli.find_subcommand_mut(name).expect(name);
            let format = command
                .get_arguments()
                .find(|a| a.get_id() == "format")
                .expect("--format");
            let help = format.get_help().expect("help").to_string();
            for &f in Format::value_variants() {
                for extension in f.exporter().extensions() {
                    assert!(
                        names_extension(&help, extension),
                        "{name} --format help lacks .{extension}: {help}"
                    );
                }
            }
        }
    }

    /// `.htm` in "… .htm and …", not only inside ".html".
    fn names_extension(help: &str, extension: &str) -> bool {
        let dotted = format!(".{extension}");
        help.match_indices(&dotted).any(|(at, _)| {
            !help[at + dotted.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
        })
    }

    /// Where a help text says which files a directory is searched for, it
    /// names every extension a source reads (`source::SOURCES`), so an
    /// input kind added there is added to the help too.
    #[test]
    fn paths_help_names_every_source_extension() {
        let mut cli = Cli::command();
        let mut helps = Vec::new();
        for command in cli.get_subcommands_mut() {
            let name = command.get_name().to_string();
            if name == "extract" {
                let about = command.get_long_about().expect("long about").to_string();
                helps.push((name.clone(), about));
            }
            for arg in command.get_arguments().filter(|a| a.get_id() == "paths") {
                let help = arg.get_help().expect("help").to_string();
                helps.push((name.clone(), help));
            }
        }
        assert!(helps.len() >= 5, "{helps:?}");
        for (name, help) in &helps {
            for extension in budgetspor_core::source::extensions() {
                assert!(
                    names_extension(help, extension),
                    "{name}: the help of PATHS lacks .{extension}: {help}"
                );
            }
        }
    }
}
