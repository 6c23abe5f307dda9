//! Write a minutes file with its tab-separated tables in another layout,
//! line for line: `cargo run -p budgetspor-core --example relayout --
//! aligned|pipe|tsv IN OUT`. Used to make the layout variants that
//! `shared/score.py` is run on (README, "Layouts").

use budgetspor_core::relayout::{relayout, Layout};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [layout, input, output] = args.as_slice() else {
        eprintln!("usage: relayout aligned|pipe|tsv IN OUT");
        std::process::exit(2);
    };
    let layout = match layout.as_str() {
        "aligned" => Layout::Aligned,
        "pipe" => Layout::Pipe,
        "tsv" => Layout::Tsv,
        other => {
            eprintln!("relayout: expected aligned, pipe or tsv, found {other:?}");
            std::process::exit(2);
        }
    };
    let text = std::fs::read_to_string(input).unwrap_or_else(|e| {
        eprintln!("{input}: {e}");
        std::process::exit(1);
    });
    if let Err(e) = std::fs::write(output, relayout(&text, layout)) {
        eprintln!("{output}: {e}");
        std::process::exit(1);
    }
}
