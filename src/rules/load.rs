//! Reading rule files: from the copy embedded in the binary or from a folder on disk,
//! then parsing each TOML file into its `Raw*` types.
//!
//! Parsing keeps going after a problem: every syntax error, unknown key and wrong type
//! of every file is reported, each element of an array of tables on its own.

use std::path::Path;

use rust_embed::RustEmbed;
use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::diagnostic::{Location, Report, SourceFile, did_you_mean};
use super::raw::{Item, RawRules};

/// The default rules, compiled into the binary.
#[derive(RustEmbed)]
#[folder = "rules/"]
#[include = "*.toml"]
struct DefaultRules;

/// The text of every rule file of one folder.
#[derive(Clone, Debug)]
pub struct RuleFiles {
    /// What the folder is called in diagnostics.
    pub origin: String,
    pub files: Vec<SourceFile>,
}

impl RuleFiles {
    /// The rules compiled into the binary, named as in the source tree (`rules/themes.toml`).
    pub fn embedded() -> RuleFiles {
        let mut files: Vec<SourceFile> = DefaultRules::iter()
            .filter_map(|path| {
                let file = DefaultRules::get(&path)?;
                let text = String::from_utf8_lossy(&file.data).into_owned();
                Some(SourceFile {
                    name: format!("rules/{path}"),
                    text,
                })
            })
            .collect();
        files.sort_by(|a, b| a.name.cmp(&b.name));
        RuleFiles {
            origin: "rules".to_owned(),
            files,
        }
    }

    /// Every `.toml` file of `dir` and its sub-folders.
    pub fn from_dir(dir: &Path) -> std::io::Result<RuleFiles> {
        let mut files = Vec::new();
        let mut pending = vec![dir.to_path_buf()];
        while let Some(folder) = pending.pop() {
            for entry in std::fs::read_dir(&folder)? {
                let path = entry?.path();
                if path.is_dir() {
                    pending.push(path);
                } else if path.extension().is_some_and(|ext| ext == "toml") {
                    let bytes = std::fs::read(&path)?;
                    let text = String::from_utf8(bytes).map_err(|_| {
                        std::io::Error::new(
                            std::io::ErrorKind::InvalidData,
                            format!("{} is not UTF-8 text: save it as UTF-8", path.display()),
                        )
                    })?;
                    files.push(SourceFile {
                        name: path.display().to_string(),
                        text,
                    });
                }
            }
        }
        files.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(RuleFiles {
            origin: dir.display().to_string(),
            files,
        })
    }

    /// The file's path inside the rules folder, with `/` separators (`territories/16.toml`).
    pub fn relative_name<'a>(&self, file: &'a SourceFile) -> &'a str {
        let name = file.name.strip_prefix(&self.origin).unwrap_or(&file.name);
        name.trim_start_matches(['/', '\\'])
    }
}

/// The files every rules folder must have, and the tables each one holds.
const FILES: &[(&str, &[&str])] = &[
    ("site.toml", &["name", "tagline", "help"]),
    ("themes.toml", &["theme"]),
    ("facts.toml", &["place", "fact"]),
    ("referrals.toml", &["referral"]),
    ("programmes.toml", &["programme"]),
    ("policy.toml", &["rule"]),
    ("language.toml", &["spellings", "negations", "fillers"]),
];

/// Parses every file; problems go to `report`, good parts to the result.
pub fn parse(rule_files: &RuleFiles, report: &mut Report) -> RawRules {
    let mut raw = RawRules::default();
    for (name, _) in FILES {
        let present = rule_files
            .files
            .iter()
            .any(|file| rule_files.relative_name(file).replace('\\', "/") == *name);
        if !present {
            report.error(
                Location::Folder(&rule_files.origin),
                format!("the file `{name}` is missing"),
                Some(format!(
                    "add `{name}`: copy it from the default rules and adapt it"
                )),
            );
        }
    }
    for (ix, file) in rule_files.files.iter().enumerate() {
        let relative = rule_files.relative_name(file).replace('\\', "/");
        let (doc, errors) = DeTable::parse_recoverable(&file.text);
        for error in &errors {
            let offset = error.span().map_or(0, |span| span.start);
            report.error(
                Location::At(file, offset),
                format!("this is not valid TOML: {}", error.message()),
                Some("check the quotes, brackets and `=` signs around this place".to_owned()),
            );
        }
        if !errors.is_empty() {
            // Keep going with what the parser recovered: the rest of the file is still
            // checked, and its ids still count, so one typo does not cascade.
            raw.failed_files.insert(relative.clone());
        }
        let doc = doc.into_inner();
        let errors_before = report.error_count();
        let mut parser = FileParser {
            ix,
            file,
            doc: &doc,
            report,
            broken: &mut raw.broken,
        };
        match relative.as_str() {
            "site.toml" => {
                parser.keys(&["name", "tagline", "help"]);
                raw.site = parser.whole();
            }
            "themes.toml" => {
                parser.keys(&["theme"]);
                raw.themes = parser.array("theme");
            }
            "facts.toml" => {
                parser.keys(&["place", "fact"]);
                raw.place = parser.table("place");
                raw.facts = parser.array("fact");
            }
            "referrals.toml" => {
                parser.keys(&["referral"]);
                raw.referrals = parser.array("referral");
            }
            "programmes.toml" => {
                parser.keys(&["programme"]);
                raw.programmes = parser.array("programme");
            }
            "policy.toml" => {
                parser.keys(&["rule"]);
                raw.policy = parser.array("rule");
            }
            "language.toml" => {
                raw.language = parser.whole();
            }
            other if other.starts_with("territories/") => {
                parser.keys(&["department", "name", "programme"]);
                raw.territories.extend(parser.whole());
            }
            other if other.starts_with("tests/") => {
                parser.keys(&["scenario"]);
                raw.scenarios.extend(parser.array("scenario"));
            }
            _ => {
                let known: Vec<&str> = FILES.iter().map(|(name, _)| *name).collect();
                parser.report.error(
                    Location::File(file),
                    "this file is not used by aiguillage",
                    Some(format!(
                        "rename it to one of {}, or move it into `territories/` or `tests/`",
                        known.join(", ")
                    )),
                );
            }
        }
        if report.error_count() > errors_before {
            raw.failed_files.insert(relative);
        }
    }
    raw
}

struct FileParser<'a, 'i> {
    ix: usize,
    file: &'a SourceFile,
    doc: &'a DeTable<'i>,
    report: &'a mut Report,
    broken: &'a mut std::collections::HashSet<String>,
}

impl<'i> FileParser<'_, 'i> {
    /// Reports top-level keys this file does not know.
    fn keys(&mut self, allowed: &[&str]) {
        for key in self.doc.keys() {
            let name: &str = key.get_ref();
            if !allowed.contains(&name) {
                let help = match did_you_mean(name, allowed.iter().copied()) {
                    Some(close) => format!(
                        "did you mean `{close}`? This file may hold: {}",
                        allowed.join(", ")
                    ),
                    None => format!("this file may hold: {}", allowed.join(", ")),
                };
                self.report.error(
                    Location::At(self.file, key.span().start),
                    format!("unknown key `{name}`"),
                    Some(help),
                );
            }
        }
    }

    fn get(&self, key: &str) -> Option<&Spanned<DeValue<'i>>> {
        self.doc
            .iter()
            .find(|(k, _)| &**k.get_ref() == key)
            .map(|(_, v)| v)
    }

    /// The whole file as one `T` (single-table files such as a territory).
    fn whole<T: DeserializeOwned>(&mut self) -> Option<Item<T>> {
        let table = Spanned::new(0..self.file.text.len(), DeValue::Table(self.doc.clone()));
        self.deserialize(table)
    }

    /// A `[key]` table.
    fn table<T: DeserializeOwned>(&mut self, key: &str) -> Option<Item<T>> {
        let Some(value) = self.get(key).cloned() else {
            self.report.error(
                Location::File(self.file),
                format!("the table `[{key}]` is missing"),
                Some(format!("add a `[{key}]` table, as in the default rules")),
            );
            return None;
        };
        self.deserialize(value)
    }

    /// Each element of a `[[key]]` array of tables, deserialized on its own so that one
    /// bad element does not hide the problems of the next.
    fn array<T: DeserializeOwned>(&mut self, key: &str) -> Vec<Item<T>> {
        let Some(value) = self.get(key).cloned() else {
            return Vec::new();
        };
        let span_start = value.span().start;
        match value.into_inner() {
            DeValue::Array(elements) => elements
                .into_iter()
                .filter_map(|element| self.deserialize(element))
                .collect(),
            _ => {
                self.report.error(
                    Location::At(self.file, span_start),
                    format!("`{key}` must be a list of tables"),
                    Some(format!("write each one under its own `[[{key}]]` header")),
                );
                Vec::new()
            }
        }
    }

    fn deserialize<T: DeserializeOwned>(&mut self, value: Spanned<DeValue<'i>>) -> Option<Item<T>> {
        let at = value.span().start;
        let value_copy = value.clone();
        match T::deserialize(ValueDeserializer::from(value)) {
            Ok(parsed) => Some(Item {
                at,
                file: self.ix,
                value: parsed,
            }),
            Err(error) => {
                // Remember the id of what could not be read, so that its uses elsewhere
                // are not reported as unknown on top of this error.
                if let DeValue::Table(table) = value_copy.get_ref() {
                    for (key, value) in table.iter() {
                        if matches!(&**key.get_ref(), "id" | "kind" | "value")
                            && let DeValue::String(id) = value.get_ref()
                        {
                            self.broken.insert(id.to_string());
                        }
                    }
                }
                let offset = error.span().map_or(at, |span| span.start);
                let (message, help) = explain(error.message());
                self.report
                    .error(Location::At(self.file, offset), message, help);
                None
            }
        }
    }
}

/// Rewords serde's messages for a coordinator, with what to write instead.
fn explain(message: &str) -> (String, Option<String>) {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let allowed: Vec<&str> = expected
            .split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 1)
            .map(|(_, name)| name)
            .collect();
        let help = match did_you_mean(field, allowed.iter().copied()) {
            Some(close) => format!(
                "did you mean `{close}`? The keys allowed here are: {}",
                allowed.join(", ")
            ),
            None if allowed.is_empty() => "remove this key".to_owned(),
            None => format!("the keys allowed here are: {}", allowed.join(", ")),
        };
        return (format!("unknown key `{field}`"), Some(help));
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.trim_end_matches('`');
        return (
            format!("`{field}` is missing here"),
            Some(format!(
                "add `{field} = …` to this table, as in the default rules"
            )),
        );
    }
    if message.contains("untagged enum RawText") {
        return (
            "a text is expected here".to_owned(),
            Some(r#"write "…" in French, or { fr = "…", en = "…" } with translations"#.to_owned()),
        );
    }
    if message.contains("untagged enum OneOrMany") {
        return (
            "a value or a list of values is expected here".to_owned(),
            Some(r#"write "value" or ["value1", "value2"]"#.to_owned()),
        );
    }
    (message.to_owned(), None)
}
