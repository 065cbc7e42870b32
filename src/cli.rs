//! Output of the command-line tools (`check`, `import`), the only code that prints.
#![allow(clippy::print_stdout)]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use crate::directory::{Communes, Directory, Import};
use crate::rules::{RuleFiles, Rules, validate};

/// `aiguillage check`: every problem of a rules folder, then the scenarios' result;
/// with `--places`, the directory file too, and the places the rules name in it.
pub fn check(dir: Option<&Path>, places: Option<&Path>) -> ExitCode {
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
    for diagnostic in &diagnostics {
        println!("{diagnostic}\n");
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let Some(rules) = rules else {
        println!(
            "{}: {errors} error(s), {warnings} warning(s): the rules cannot be used",
            files.origin
        );
        return ExitCode::FAILURE;
    };
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
    match places {
        Some(path) => match Directory::from_file(path, Communes::embedded()) {
            Ok((directory, import)) => {
                summarise(&path.display().to_string(), &import, false);
                if listed_places_exist(&rules, &directory) {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::FAILURE
                }
            }
            Err(error) => {
                println!("error: {error}");
                ExitCode::FAILURE
            }
        },
        None => ExitCode::SUCCESS,
    }
}

/// The places that territories list must exist in the directory.
fn listed_places_exist(rules: &Rules, directory: &Directory) -> bool {
    let mut ok = true;
    for territory in &rules.territories {
        for local in &territory.programmes {
            for id in local.places.iter().filter(|id| directory.get(id).is_none()) {
                println!(
                    "error: territory {} lists the place `{id}`, which is not in the directory",
                    territory.department
                );
                ok = false;
            }
        }
    }
    ok
}

/// `aiguillage import FILE`: every problem of a directory file, row by row.
pub fn import(path: &Path) -> ExitCode {
    match Directory::from_file(path, Communes::embedded()) {
        Ok((_, import)) => {
            summarise(&path.display().to_string(), &import, true);
            if import.places.is_empty() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(error) => {
            println!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn summarise(name: &str, import: &Import, every_problem: bool) {
    if every_problem {
        for problem in &import.problems {
            println!("{name}: {problem}");
        }
        if !import.problems.is_empty() {
            println!();
        }
    }
    if import.old_fields {
        println!("{name}: old (v0.x) field names found and mapped to the v1 standard");
    }
    if !import.ignored_columns.is_empty() {
        println!(
            "{name}: columns not in the standard, ignored: {}",
            import.ignored_columns.join(", ")
        );
    }
    let mut by_field: BTreeMap<&str, usize> = BTreeMap::new();
    for problem in &import.problems {
        *by_field.entry(problem.field.as_str()).or_default() += 1;
    }
    let fields: Vec<String> = by_field
        .iter()
        .map(|(field, n)| format!("{field} {n}"))
        .collect();
    println!(
        "{name}: {} rows, {} places kept, {} rows left out, {} problems{}",
        import.rows,
        import.rows - import.rejected,
        import.rejected,
        import.problems.len(),
        if fields.is_empty() {
            String::new()
        } else {
            format!(" ({})", fields.join(", "))
        },
    );
}
