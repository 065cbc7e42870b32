//! Output of the command-line tools (`check`), the only code that prints.
#![allow(clippy::print_stdout)]

use std::path::Path;
use std::process::ExitCode;

use crate::rules::{Diagnostic, RuleFiles, validate};

/// `aiguillage check`: every problem of a rules folder, then the scenarios' result.
pub fn check(dir: Option<&Path>) -> ExitCode {
    let files = match dir {
        Some(dir) => match RuleFiles::from_dir(dir) {
            Ok(files) => files,
            Err(error) => {
                println!("error: cannot read {}: {error}", dir.display());
                return ExitCode::FAILURE;
            }
        },
        None => RuleFiles::embedded(),
    };
    let (rules, diagnostics) = validate::check(&files);
    print_diagnostics(&diagnostics);
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    match rules {
        Some(rules) => {
            println!(
                "{}: {} themes, {} questions, {} referral kinds, {} rules, {} territories, {} scenarios passed{}",
                files.origin,
                rules.themes.len(),
                rules.facts.len(),
                rules.referrals.len(),
                rules.policy.len(),
                rules.territories.len(),
                rules.scenarios.len(),
                if warnings > 0 {
                    format!(", {warnings} warning(s)")
                } else {
                    String::new()
                },
            );
            ExitCode::SUCCESS
        }
        None => {
            println!(
                "{}: {errors} error(s), {warnings} warning(s): the rules cannot be used",
                files.origin
            );
            ExitCode::FAILURE
        }
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        println!("{diagnostic}\n");
    }
}
