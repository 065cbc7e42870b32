//! Measures free-text understanding on labelled phrasings.
//!
//!     cargo run --release --example eval                     # every set of tests/understand
//!     cargo run --release --example eval -- --file PATH      # one file (repeatable)
//!     cargo run --release --example eval -- --summary        # figures only, no texts
//!     cargo run --release --example eval -- --rules DIR      # another rules folder
//!     cargo run --release --example eval -- --explain        # with the phrases found
//!
//! Prints, for each file, in-scope accuracy overall and per theme, out-of-scope
//! rejection, fact precision and recall, then (without `--summary`) every confusion
//! (expected → got, with the text) and every fact difference.
//!
//! Held-out sets are for measuring, never for tuning: run them with `--summary` only.
#![allow(clippy::print_stdout)]

use std::path::PathBuf;
use std::process::ExitCode;

use aiguillage::rules::Rules;
use aiguillage::understand::Understander;
use aiguillage::understand::eval::{self, Report};

fn main() -> ExitCode {
    let mut files = Vec::new();
    let mut summary = false;
    let mut explain = false;
    let mut rules_dir: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--file" => match args.next() {
                Some(path) => files.push(PathBuf::from(path)),
                None => return usage("--file needs a path"),
            },
            "--rules" => match args.next() {
                Some(path) => rules_dir = Some(PathBuf::from(path)),
                None => return usage("--rules needs a folder"),
            },
            "--summary" => summary = true,
            "--explain" => explain = true,
            "-h" | "--help" => return usage(""),
            other => return usage(&format!("unknown argument `{other}`")),
        }
    }
    if files.is_empty() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/understand");
        // The sets tuned on (tune, dev, dev2, …), then the one only measured.
        files = std::fs::read_dir(&root)
            .map(|entries| {
                entries
                    .filter_map(|entry| entry.ok().map(|entry| entry.path()))
                    .filter(|path| path.extension().is_some_and(|ext| ext == "tsv"))
                    .collect()
            })
            .unwrap_or_default();
        files.sort_by_key(|path| set_order(path));
    }
    let rules = match Rules::load(rules_dir.as_deref()) {
        Ok((rules, _)) => rules,
        Err(error) => {
            println!("{error}");
            return ExitCode::FAILURE;
        }
    };
    let understander = Understander::new(&rules);
    for path in files {
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) => {
                println!("cannot read {}: {error}", path.display());
                return ExitCode::FAILURE;
            }
        };
        let examples = match eval::parse(&text) {
            Ok(examples) => examples,
            Err(error) => {
                println!("{}: {error}", path.display());
                return ExitCode::FAILURE;
            }
        };
        let report = eval::evaluate(&understander, &rules, &examples);
        println!("== {} ({} examples)", path.display(), examples.len());
        print_summary(&report);
        if !summary {
            print_details(&report, explain.then_some((&understander, &rules)));
        }
        println!();
    }
    ExitCode::SUCCESS
}

fn usage(problem: &str) -> ExitCode {
    if !problem.is_empty() {
        println!("error: {problem}");
    }
    println!(
        "usage: eval [--file PATH]... [--rules DIR] [--summary] [--explain]\n\
         Without --file, reads every .tsv of tests/understand: tune.tsv, the dev*.tsv\n\
         sets in number order, then heldout.tsv."
    );
    if problem.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn percent(value: f64) -> String {
    format!("{:.1} %", value * 100.0)
}

fn print_summary(report: &Report) {
    println!(
        "in-scope accuracy   {} ({}/{})",
        percent(report.accuracy()),
        report.in_scope_right,
        report.in_scope
    );
    for (theme, (right, total)) in &report.per_theme {
        println!(
            "  {theme:<12} {:>7} ({right}/{total})",
            percent(if *total == 0 {
                1.0
            } else {
                *right as f64 / *total as f64
            })
        );
    }
    println!(
        "out-of-scope rejected {} ({}/{})",
        percent(report.rejection()),
        report.rejected,
        report.out_of_scope
    );
    println!(
        "facts precision     {} ({}/{})",
        percent(report.fact_precision()),
        report.facts_right,
        report.facts_stated
    );
    println!(
        "facts recall        {} ({}/{})",
        percent(report.fact_recall()),
        report.facts_right,
        report.facts_expected
    );
}

fn print_details(report: &Report, explain: Option<(&Understander, &Rules)>) {
    println!("-- confusions (expected → got)");
    for confusion in &report.confusions {
        println!(
            "  {:>4}  {} → {}  {}",
            confusion.line, confusion.expected, confusion.got, confusion.text
        );
        if let Some((understander, rules)) = explain {
            for line in understander.explain(&confusion.text, rules) {
                println!("          {line}");
            }
        }
    }
    println!("-- facts (missing / extra)");
    for miss in &report.fact_misses {
        println!(
            "  {:>4}  -[{}] +[{}]  {}",
            miss.line,
            miss.missing.join(","),
            miss.extra.join(","),
            miss.text
        );
    }
}

/// Where a set of `tests/understand` comes in the default run: `tune.tsv`, then
/// `dev.tsv`, `dev2.tsv`, … in number order, then `heldout.tsv`.
fn set_order(path: &std::path::Path) -> (u8, u32, String) {
    let stem = path
        .file_stem()
        .and_then(|stem| stem.to_str())
        .unwrap_or_default();
    let rank = match stem {
        "tune" => 0,
        "heldout" => 2,
        _ => 1,
    };
    let number = stem
        .trim_start_matches(|c: char| !c.is_ascii_digit())
        .parse()
        .unwrap_or(0);
    (rank, number, stem.to_owned())
}
