//! Measuring understanding on labelled phrasings (`tests/understand/*.tsv`).
//!
//! Owns the file format and the figures: in-scope accuracy overall and per theme,
//! out-of-scope rejection, fact precision and recall, and the confusions. Must never
//! read files or print: the caller does (the `eval` example, the regression test).
//!
//! Format: UTF-8, one example per line, three fields separated by tabs:
//! `theme<TAB>facts<TAB>text`. `theme` is a theme id or `none` (out of scope); `facts`
//! is `-` or `fact=value` pairs separated by commas. Lines starting with `#` and blank
//! lines are skipped.

use std::collections::BTreeMap;

use super::Understander;
use crate::lang::Lang;
use crate::rules::Rules;

/// What the text of a labelled example must be understood as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Example {
    /// 1-based line in its file.
    pub line: usize,
    /// A theme id, or `None` for out of scope.
    pub theme: Option<String>,
    /// `(fact id, value)` pairs the text states.
    pub facts: Vec<(String, String)>,
    pub text: String,
}

/// Reads examples; an error names the line and what is wrong with it.
pub fn parse(tsv: &str) -> Result<Vec<Example>, String> {
    let mut examples = Vec::new();
    for (ix, line) in tsv.lines().enumerate() {
        let number = ix + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut fields = line.splitn(3, '\t');
        let (Some(theme), Some(facts), Some(text)) = (fields.next(), fields.next(), fields.next())
        else {
            return Err(format!("line {number}: expected theme<TAB>facts<TAB>text"));
        };
        let facts = if facts == "-" {
            Vec::new()
        } else {
            facts
                .split(',')
                .map(|pair| {
                    pair.split_once('=')
                        .map(|(fact, value)| (fact.to_owned(), value.to_owned()))
                        .ok_or_else(|| format!("line {number}: `{pair}` is not fact=value"))
                })
                .collect::<Result<_, _>>()?
        };
        examples.push(Example {
            line: number,
            theme: (theme != "none").then(|| theme.to_owned()),
            facts,
            text: text.to_owned(),
        });
    }
    Ok(examples)
}

/// A text understood as another theme than expected.
#[derive(Clone, Debug)]
pub struct Confusion {
    pub line: usize,
    /// Theme ids, `none` for out of scope.
    pub expected: String,
    pub got: String,
    pub text: String,
}

/// A text whose stated facts differ from the expected ones.
#[derive(Clone, Debug)]
pub struct FactMiss {
    pub line: usize,
    pub missing: Vec<String>,
    pub extra: Vec<String>,
    pub text: String,
}

/// The figures of one set of examples.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Theme id → (understood right, examples).
    pub per_theme: BTreeMap<String, (usize, usize)>,
    pub in_scope_right: usize,
    pub in_scope: usize,
    pub rejected: usize,
    pub out_of_scope: usize,
    pub facts_right: usize,
    pub facts_stated: usize,
    pub facts_expected: usize,
    pub confusions: Vec<Confusion>,
    pub fact_misses: Vec<FactMiss>,
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

impl Report {
    /// Share of in-scope texts understood as the right theme.
    pub fn accuracy(&self) -> f64 {
        ratio(self.in_scope_right, self.in_scope)
    }

    /// Share of out-of-scope texts understood as no theme.
    pub fn rejection(&self) -> f64 {
        ratio(self.rejected, self.out_of_scope)
    }

    pub fn fact_precision(&self) -> f64 {
        ratio(self.facts_right, self.facts_stated)
    }

    pub fn fact_recall(&self) -> f64 {
        ratio(self.facts_right, self.facts_expected)
    }
}

/// Understands every example and compares with its labels.
pub fn evaluate(understander: &Understander, rules: &Rules, examples: &[Example]) -> Report {
    let mut report = Report::default();
    for example in examples {
        let understood = understander.understand(&example.text, Lang::Fr);
        let got = understood.theme.map(|ix| rules.themes[ix].id.clone());
        match &example.theme {
            Some(expected) => {
                report.in_scope += 1;
                let entry = report.per_theme.entry(expected.clone()).or_default();
                entry.1 += 1;
                if got.as_ref() == Some(expected) {
                    report.in_scope_right += 1;
                    entry.0 += 1;
                }
            }
            None => {
                report.out_of_scope += 1;
                if got.is_none() {
                    report.rejected += 1;
                }
            }
        }
        if got != example.theme {
            report.confusions.push(Confusion {
                line: example.line,
                expected: example.theme.clone().unwrap_or_else(|| "none".to_owned()),
                got: got.unwrap_or_else(|| "none".to_owned()),
                text: example.text.clone(),
            });
        }
        let stated: Vec<String> = understood
            .facts
            .iter()
            .map(|(fact, value)| {
                let fact = rules.fact(*fact);
                let value = fact
                    .choices
                    .get(usize::from(*value))
                    .map_or("?", |choice| choice.value.as_str());
                format!("{}={value}", fact.id)
            })
            .collect();
        let expected: Vec<String> = example
            .facts
            .iter()
            .map(|(fact, value)| format!("{fact}={value}"))
            .collect();
        let right = stated.iter().filter(|s| expected.contains(s)).count();
        report.facts_right += right;
        report.facts_stated += stated.len();
        report.facts_expected += expected.len();
        if right != stated.len() || right != expected.len() {
            report.fact_misses.push(FactMiss {
                line: example.line,
                missing: expected
                    .iter()
                    .filter(|e| !stated.contains(e))
                    .cloned()
                    .collect(),
                extra: stated
                    .iter()
                    .filter(|s| !expected.contains(s))
                    .cloned()
                    .collect(),
                text: example.text.clone(),
            });
        }
    }
    report
}
