//! Checking the rules: from the `Raw*` types to the [`Rules`] the rest of the code uses.
//!
//! Every problem is reported at once, each with file, line and the fix. Once the files
//! are consistent, the policy itself is checked by exhausting the answers: it must give
//! a referral for every combination, ask every question somewhere, ask no question
//! whose answer cannot change the referral, and pass its scenarios.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::diagnostic::{Diagnostic, Location, Report, SourceFile, did_you_mean};
use super::evaluate::{MAX_CHOICES, MAX_FACTS, MAX_PROGRAMMES};
use super::load::{self, RuleFiles};
use super::raw::{
    Item, OneOrMany, RawChoice, RawContact, RawFact, RawLanguage, RawLink, RawLocalProgramme,
    RawPlaces, RawProgramme, RawReferral, RawRule, RawRules, RawScenario, RawTerritory, RawTheme,
    S,
};
use super::scenario::{Asked, Scenario};
use super::text::{RawText, Text, TextProblem};
use super::{
    Also, Answers, Check, Choice, Contact, Entry, Fact, FactIx, FieldCondition, KindIx, Language,
    Link, LocalProgramme, LocalQuestion, PLACE, Phone, PlaceMatch, PlaceQuestion, PlaceRules,
    PolicyRule, ProgIx, Programme, Programmes, Referral, Rules, Site, Step, THEME_FACT, Territory,
    Theme, Var, Vocabulary, fact_ix,
};
use crate::assets;
use crate::directory::schema::{ListField, Schema};
use crate::normalize::fold;

/// The most rules a policy may have.
const MAX_RULES: usize = 4096;
/// The most words of a phrase of residents' words: longer ones would never be written
/// word for word.
const MAX_PHRASE_WORDS: usize = 6;
/// The most phrases one entry may stand for with its `|` alternatives: more would be
/// hard to read and to check.
const MAX_ALTERNATIVES: usize = 64;
/// Beyond this many answer combinations, the exhaustive checks are skipped (and say so).
const MAX_COMBINATIONS: u64 = 2_000_000;

/// Loads, parses and checks a rules folder. The rules are returned only when no
/// diagnostic is an error; warnings come back either way.
pub fn check(files: &RuleFiles) -> (Option<Rules>, Vec<Diagnostic>) {
    let mut report = Report::default();
    let raw = load::parse(files, &mut report);
    let mut broken = raw.broken.clone();
    // When a file that defines names has errors of its own, any of its names may be
    // missing: uses of unknown names are then left unreported until it is fixed.
    broken.extend(raw.failed_files.iter().map(|file| format!("file:{file}")));
    let mut checker = Checker {
        files: &files.files,
        origin: &files.origin,
        report: &mut report,
        broken: &broken,
    };
    let rules = checker.build(raw);
    let rules = match rules {
        Some(rules) if !report.has_errors() => {
            let mut checker = Checker {
                files: &files.files,
                origin: &files.origin,
                report: &mut report,
                broken: &broken,
            };
            checker.policy_behaviour(&rules);
            checker.scenarios(&rules);
            Some(rules)
        }
        _ => None,
    };
    let rules = if report.has_errors() { None } else { rules };
    (rules, report.into_diagnostics())
}

struct Checker<'a> {
    files: &'a [SourceFile],
    origin: &'a str,
    report: &'a mut Report,
    /// Ids of items already reported as unreadable: their uses are not reported again.
    broken: &'a HashSet<String>,
}

fn is_identifier(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && id.as_bytes()[0].is_ascii_lowercase()
}

impl Checker<'_> {
    /// Whether an unknown `name` defined in `file` is a consequence of an error already
    /// reported there.
    fn quiet(&self, name: &str, file: &str) -> bool {
        self.broken.contains(name) || self.broken.contains(&format!("file:{file}"))
    }

    fn error(
        &mut self,
        file: usize,
        offset: usize,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let at = Location::At(&self.files[file], offset);
        self.report.error(at, message, Some(help.into()));
    }

    fn warning(
        &mut self,
        file: usize,
        offset: usize,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let at = Location::At(&self.files[file], offset);
        self.report.warning(at, message, Some(help.into()));
    }

    fn origin_of(&self, file: usize, offset: usize) -> String {
        let (line, _) = self.files[file].position(offset);
        format!("{}:{line}", self.files[file].name)
    }

    fn text(&mut self, file: usize, raw: &S<RawText>) -> Text {
        match raw.get_ref().check() {
            Ok(text) => {
                let missing = text.missing();
                if !missing.is_empty() {
                    let codes: Vec<&str> = missing.iter().map(|lang| lang.code()).collect();
                    self.warning(
                        file,
                        raw.span().start,
                        format!("this text has no translation in: {}", codes.join(", ")),
                        format!(
                            "write it as {{ fr = \"…\", {} = \"…\" }} (French is shown meanwhile), or {{ all = \"…\" }} for a name that is the same in every language",
                            codes.join(" = \"…\", ")
                        ),
                    );
                }
                text
            }
            Err(problem) => {
                let (message, help) = match problem {
                    TextProblem::Empty => (
                        "this text is empty".to_owned(),
                        "write the text between the quotes".to_owned(),
                    ),
                    TextProblem::NoFrench => (
                        "this text has no French version".to_owned(),
                        r#"add fr = "…": French is the reference language"#.to_owned(),
                    ),
                    TextProblem::UnknownLanguage(code) => (
                        format!("`{code}` is not a language aiguillage speaks"),
                        format!(
                            "use one of: {}, or `all`",
                            crate::lang::Lang::codes().join(", ")
                        ),
                    ),
                    TextProblem::AllAndLanguages => (
                        "`all` is the same text in every language: it goes alone".to_owned(),
                        r#"keep { all = "…" } alone, or give each language its own text"#
                            .to_owned(),
                    ),
                };
                self.error(file, raw.span().start, message, help);
                Text::french("?")
            }
        }
    }

    fn texts(&mut self, file: usize, raw: &[S<RawText>]) -> Vec<Text> {
        raw.iter().map(|text| self.text(file, text)).collect()
    }

    fn optional_text(&mut self, file: usize, raw: &Option<S<RawText>>) -> Option<Text> {
        raw.as_ref().map(|text| self.text(file, text))
    }

    fn identifier(&mut self, file: usize, id: &S<String>, what: &str) {
        if !is_identifier(id.get_ref()) {
            self.error(
                file,
                id.span().start,
                format!("`{}` is not a valid {what} id", id.get_ref()),
                "use lowercase letters, digits and `_` only, starting with a letter (`caf`, `for_me`)",
            );
        }
    }

    fn url(&mut self, file: usize, url: &S<String>) -> String {
        let value = url.get_ref().trim();
        let valid = (value.starts_with("https://") || value.starts_with("http://"))
            && value.len() > "https://".len()
            && !value.contains(char::is_whitespace);
        if !valid {
            self.error(
                file,
                url.span().start,
                format!("`{value}` is not a web address"),
                "write the full address, starting with https://",
            );
        }
        value.to_owned()
    }

    fn pictogram(&mut self, file: usize, name: &S<String>) -> String {
        let value = name.get_ref();
        if !assets::has_pictogram(value) {
            let names = assets::pictogram_names();
            let help = match did_you_mean(value, names.iter().map(String::as_str)) {
                Some(close) => format!(
                    "did you mean `{close}`? The pictograms are the files of static/pictos/"
                ),
                None => format!(
                    "use one of the pictograms of static/pictos/: {}",
                    names.join(", ")
                ),
            };
            self.error(
                file,
                name.span().start,
                format!("there is no pictogram `{value}`"),
                help,
            );
        }
        value.clone()
    }

    fn contact(&mut self, file: usize, at: usize, raw: &RawContact) -> Contact {
        let phone = raw
            .phone
            .as_ref()
            .map(|phone| match Phone::parse(phone.get_ref()) {
                Some(parsed) => parsed,
                None => {
                    self.error(
                    file,
                    phone.span().start,
                    format!("`{}` is not a phone number", phone.get_ref()),
                    "write digits, spaces or dots only: \"01 70 772 372\" or \"+33 1 70 77 23 72\"",
                );
                    Phone {
                        display: phone.get_ref().clone(),
                        tel: String::new(),
                    }
                }
            });
        let url = raw.url.as_ref().map(|url| self.url(file, url));
        if phone.is_none() && url.is_none() {
            self.error(
                file,
                at,
                "this contact has neither a phone nor a web address",
                "add `phone = \"…\"` or `url = \"https://…\"`",
            );
        }
        Contact {
            name: self.text(file, &raw.name),
            phone,
            hours: self.optional_text(file, &raw.hours),
            url,
        }
    }

    fn link(&mut self, file: usize, raw: &RawLink) -> Link {
        Link {
            name: self.text(file, &raw.name),
            url: self.url(file, &raw.url),
        }
    }

    /// Reports the second and later uses of the same id.
    fn duplicates<'r>(
        &mut self,
        what: &str,
        ids: impl IntoIterator<Item = (usize, &'r S<String>)>,
    ) {
        let mut seen: HashMap<&str, String> = HashMap::new();
        for (file, id) in ids {
            let first = self.origin_of(file, id.span().start);
            if let Some(previous) = seen.get(id.get_ref().as_str()) {
                let help = format!(
                    "the {what} `{}` is already defined at {previous}: rename or remove one of them",
                    id.get_ref()
                );
                self.error(
                    file,
                    id.span().start,
                    format!("duplicate {what} `{}`", id.get_ref()),
                    help,
                );
            } else {
                seen.insert(id.get_ref(), first);
            }
        }
    }

    fn build(&mut self, raw: RawRules) -> Option<Rules> {
        let site = raw.site.as_ref().map(|site| {
            let file = site.file;
            let site = &site.value;
            Site {
                name: self.text(file, &site.name),
                tagline: self.text(file, &site.tagline),
                help: self.text(file, &site.help.text),
                contact: self.contact(file, site.help.text.span().start, &site.help.contact),
            }
        });
        let language = self.language(raw.language.as_ref());
        let skipped = language.skipped();
        let mut themes = self.themes(&raw.themes, &skipped);
        let place = raw.place.as_ref().map(|place| PlaceQuestion {
            topic: self.text(place.file, &place.value.topic),
            question: self.text(place.file, &place.value.question),
            help: self.text(place.file, &place.value.help),
        });
        let (mut facts, theme_fact) = self.facts(
            &raw.facts,
            &themes,
            raw.failed_files.contains("facts.toml"),
            &skipped,
        );
        let kinds: Vec<&str> = raw
            .referrals
            .iter()
            .map(|r| r.value.kind.get_ref().as_str())
            .collect();
        let programme_ids: Vec<&str> = raw
            .programmes
            .iter()
            .map(|p| p.value.id.get_ref().as_str())
            .collect();
        for (theme, item) in themes.iter_mut().zip(&raw.themes) {
            theme.vocabulary.unless = self.each_answer(item.file, &item.value.unless, &facts);
            theme.vocabulary.first_when =
                self.each_answer(item.file, &item.value.first_when, &facts);
        }
        let programmes = self.programmes(&raw.programmes, &mut facts);
        let referrals = self.referrals(&raw.referrals, &kinds, &programme_ids);
        let policy = self.policy(&raw.policy, &facts, &kinds, &programme_ids);
        let territories = self.territories(&raw.territories, &facts, &programmes);
        let scenarios = self.scenario_files(&raw.scenarios, &facts, &kinds);
        if raw.policy.is_empty() && !raw.failed_files.contains("policy.toml") {
            self.report.error(
                Location::Folder(self.origin),
                "the policy has no rule",
                Some("add `[[rule]]` tables to policy.toml".to_owned()),
            );
        }
        Some(Rules {
            site: site?,
            themes,
            place: place?,
            facts,
            theme_fact: theme_fact?,
            referrals,
            programmes,
            policy,
            territories,
            scenarios,
            language,
            decisions: Default::default(),
        })
    }

    fn themes(&mut self, raw: &[Item<RawTheme>], fillers: &[String]) -> Vec<Theme> {
        self.duplicates("theme", raw.iter().map(|t| (t.file, &t.value.id)));
        if raw.len() > MAX_CHOICES {
            self.error(
                raw[0].file,
                raw[MAX_CHOICES].at,
                format!("there are more than {MAX_CHOICES} themes"),
                "merge some themes",
            );
        }
        raw.iter()
            .map(|item| {
                let (file, theme) = (item.file, &item.value);
                self.identifier(file, &theme.id, "theme");
                Theme {
                    id: theme.id.get_ref().clone(),
                    label: self.text(file, &theme.label),
                    hint: self.optional_text(file, &theme.hint),
                    pictogram: self.pictogram(file, &theme.pictogram),
                    reason: self.text(file, &theme.reason),
                    site: self.link(file, &theme.site),
                    bring: self.texts(file, &theme.bring),
                    service: theme.service.as_ref().and_then(|service| {
                        self.list_value(
                            file,
                            ListField::Services,
                            service.span().start,
                            service.get_ref(),
                        )
                    }),
                    vocabulary: self.vocabulary(file, theme, fillers),
                }
            })
            .collect()
    }

    fn facts(
        &mut self,
        raw: &[Item<RawFact>],
        themes: &[Theme],
        file_failed: bool,
        fillers: &[String],
    ) -> (Vec<Fact>, Option<FactIx>) {
        self.duplicates("fact", raw.iter().map(|f| (f.file, &f.value.id)));
        if raw.len() > MAX_FACTS {
            self.error(
                raw[0].file,
                raw[MAX_FACTS].at,
                format!("there are more than {MAX_FACTS} facts"),
                "remove the facts no rule needs",
            );
        }
        let mut theme_fact = None;
        let facts = raw
            .iter()
            .take(MAX_FACTS)
            .enumerate()
            .map(|(ix, item)| {
                let (file, fact) = (item.file, &item.value);
                self.identifier(file, &fact.id, "fact");
                let is_theme = fact.id.get_ref() == THEME_FACT;
                let choices = if is_theme {
                    theme_fact = Some(fact_ix(ix));
                    if let Some(choice) = fact.choices.first() {
                        self.error(
                            file,
                            choice.span().start,
                            "the choices of the `theme` question are the themes",
                            "remove these [[fact.choice]] tables: add or edit themes in themes.toml",
                        );
                    }
                    themes
                        .iter()
                        .map(|theme| Choice {
                            value: theme.id.clone(),
                            label: theme.label.clone(),
                            hint: theme.hint.clone(),
                            pictogram: Some(theme.pictogram.clone()),
                            reason: theme.reason.clone(),
                            // A theme is understood from its own vocabulary, not from
                            // the answers of the `theme` question.
                            words: Vec::new(),
                            negated: Vec::new(),
                        })
                        .collect()
                } else {
                    self.choices(file, item.at, fact, fillers)
                };
                Fact {
                    id: fact.id.get_ref().clone(),
                    topic: self.text(file, &fact.topic),
                    question: self.text(file, &fact.question),
                    help: self.optional_text(file, &fact.help),
                    choices,
                    programme: None,
                }
            })
            .collect();
        if theme_fact.is_none() && !file_failed && !self.broken.contains(THEME_FACT) {
            let location = raw.first().map_or(Location::Folder(self.origin), |item| {
                Location::File(&self.files[item.file])
            });
            self.report.error(
                location,
                "there is no `theme` fact",
                Some("add a [[fact]] with id = \"theme\": the question that asks what the resident comes for".to_owned()),
            );
        }
        (facts, theme_fact)
    }

    fn choices(
        &mut self,
        file: usize,
        at: usize,
        fact: &RawFact,
        fillers: &[String],
    ) -> Vec<Choice> {
        // One phrase gives one answer of a question: listed for two, it would contradict
        // itself. The same phrase may give one answer and, denied, another
        // ("j'ai un ordi" / "pas d'ordi"), hence one record for each list.
        let mut seen_words = HashMap::new();
        let mut seen_negated = HashMap::new();
        self.duplicates(
            "value",
            fact.choices.iter().map(|c| (file, &c.get_ref().value)),
        );
        if fact.choices.len() < 2 {
            self.error(
                file,
                at,
                format!(
                    "the fact `{}` has fewer than two choices",
                    fact.id.get_ref()
                ),
                "add [[fact.choice]] tables: a question needs at least two answers",
            );
        }
        if fact.choices.len() > MAX_CHOICES {
            self.error(
                file,
                at,
                format!(
                    "the fact `{}` has more than {MAX_CHOICES} choices",
                    fact.id.get_ref()
                ),
                "split it into two questions",
            );
        }
        fact.choices
            .iter()
            .take(MAX_CHOICES)
            .map(|choice| {
                let choice: &RawChoice = choice.get_ref();
                self.identifier(file, &choice.value, "value");
                Choice {
                    value: choice.value.get_ref().clone(),
                    label: self.text(file, &choice.label),
                    hint: self.optional_text(file, &choice.hint),
                    pictogram: choice
                        .pictogram
                        .as_ref()
                        .map(|name| self.pictogram(file, name)),
                    reason: self.text(file, &choice.reason),
                    words: self.phrases(
                        file,
                        &choice.words,
                        fillers,
                        &mut seen_words,
                        choice.value.get_ref(),
                    ),
                    negated: self.phrases(
                        file,
                        &choice.negated,
                        fillers,
                        &mut seen_negated,
                        choice.value.get_ref(),
                    ),
                }
            })
            .collect()
    }

    /// `language.toml`: spellings, negations and fillers, each one folded word, and the
    /// phrases that mean something else than a theme.
    fn language(&mut self, raw: Option<&Item<RawLanguage>>) -> Language {
        let Some(item) = raw else {
            return Language::default();
        };
        let (file, raw) = (item.file, &item.value);
        let mut seen = HashMap::new();
        let mut spellings = Vec::new();
        for (spelt, meant) in &raw.spellings {
            let Some(key) = self.one_word(file, spelt, "spelling", &mut seen) else {
                continue;
            };
            if key.split(' ').count() > 2 {
                self.error(
                    file,
                    spelt.span().start,
                    format!("the spelling `{}` is more than two words", spelt.get_ref()),
                    "a spelling replaces one word as residents type it, or two that an apostrophe splits (\"don't\")",
                );
                continue;
            }
            let value = fold(meant.get_ref());
            if value.is_empty() {
                self.error(
                    file,
                    meant.span().start,
                    format!("the spelling `{key}` stands for nothing"),
                    format!("write the words it stands for, as in {key} = \"…\""),
                );
                continue;
            }
            spellings.push((key, value));
        }
        let mut words = |checker: &mut Self, list: &[S<String>], what: &str| {
            list.iter()
                .filter_map(|word| checker.one_word(file, word, what, &mut seen))
                .collect::<Vec<String>>()
        };
        let negations = words(self, &raw.negations, "negation");
        let fillers = words(self, &raw.fillers, "filler");
        let mut language = Language {
            spellings,
            negations,
            fillers,
            elsewhere: Vec::new(),
            settled: Vec::new(),
            offtopic: Vec::new(),
        };
        let skipped = language.skipped();
        let mut phrases = |list: &[S<String>], what: &'static str| {
            self.phrases(file, list, &skipped, &mut HashMap::new(), what)
        };
        language.elsewhere = phrases(&raw.elsewhere, "elsewhere");
        language.settled = phrases(&raw.settled, "settled");
        language.offtopic = phrases(&raw.offtopic, "offtopic");
        language
    }

    /// One word of `language.toml`, folded; `None` (reported) when it is empty, several
    /// words, or already listed in this file.
    fn one_word(
        &mut self,
        file: usize,
        word: &S<String>,
        what: &str,
        seen: &mut HashMap<String, (String, String)>,
    ) -> Option<String> {
        let folded = fold(word.get_ref());
        if folded.is_empty() {
            self.error(
                file,
                word.span().start,
                format!("this {what} is empty"),
                "write a word between the quotes, or remove the empty quotes",
            );
            return None;
        }
        // Spellings may be two words that an apostrophe splits: the caller checks them.
        if folded.contains(' ') && what != "spelling" {
            self.error(
                file,
                word.span().start,
                format!("the {what} `{}` is several words", word.get_ref()),
                "write one word, as residents type it, without spaces or apostrophes (`jai`, not `j'ai`)",
            );
            return None;
        }
        let here = self.origin_of(file, word.span().start);
        if let Some((previous, kind)) = seen.get(&folded) {
            let message = if kind == what {
                format!("the {what} `{folded}` is listed twice")
            } else {
                format!("`{folded}` is both a {kind} and a {what}")
            };
            let help = format!("it is already listed at {previous}: keep one of them");
            self.error(file, word.span().start, message, help);
            return None;
        }
        seen.insert(folded.clone(), (here, what.to_owned()));
        Some(folded)
    }

    /// A theme's `strong`, `words` and `hints`, each phrase listed once in the theme.
    fn vocabulary(&mut self, file: usize, theme: &RawTheme, fillers: &[String]) -> Vocabulary {
        let mut seen = HashMap::new();
        let id = theme.id.get_ref();
        Vocabulary {
            strong: self.phrases(file, &theme.strong, fillers, &mut seen, id),
            words: self.phrases(file, &theme.words, fillers, &mut seen, id),
            hints: self.phrases(file, &theme.hints, fillers, &mut seen, id),
            unless: Vec::new(),
            first_when: Vec::new(),
        }
    }

    /// Words or phrases a resident may write, folded, with their alternatives spelt out
    /// (`"pas|sans ordi|ordinateur"` is four phrases). Each must hold a word that is not
    /// a filler, be short enough to be written as is, and be listed once for `owner`
    /// (`seen` maps a folded phrase to where it was first listed and for which owner).
    fn phrases(
        &mut self,
        file: usize,
        list: &[S<String>],
        fillers: &[String],
        seen: &mut HashMap<String, (String, String)>,
        owner: &str,
    ) -> Vec<Entry> {
        let mut entries = Vec::new();
        for phrase in list {
            let at = phrase.span().start;
            let written = phrase.get_ref();
            let Some(expanded) = self.alternatives(file, at, written) else {
                continue;
            };
            let here = self.origin_of(file, at);
            let mut phrases: Vec<String> = Vec::new();
            for folded in expanded {
                if folded.is_empty() {
                    self.error(
                        file,
                        at,
                        "this word is empty",
                        "write a word or a phrase between the quotes, or remove the empty quotes",
                    );
                    break;
                }
                if folded
                    .split(' ')
                    .all(|word| fillers.iter().any(|f| f == word))
                {
                    self.error(
                        file,
                        at,
                        format!("`{folded}` is only small words that are skipped"),
                        "the fillers of language.toml are skipped when comparing phrases: add a word that carries the meaning",
                    );
                    break;
                }
                let words = folded.split(' ').count();
                let meaningful: Vec<&str> = folded
                    .split(' ')
                    .filter(|word| !fillers.iter().any(|f| f == word))
                    .collect();
                if words > 1 && meaningful.len() == 1 {
                    self.warning(
                        file,
                        at,
                        format!(
                            "`{written}` is compared as `{}` alone: its small words are skipped",
                            meaningful[0]
                        ),
                        format!(
                            "add a word that makes it specific, or write `{}` alone if that is what you mean",
                            meaningful[0]
                        ),
                    );
                }
                if words > MAX_PHRASE_WORDS {
                    self.error(
                        file,
                        at,
                        format!("`{written}` is too long ({words} words)"),
                        format!("keep to {MAX_PHRASE_WORDS} words at most: the words that matter, as residents write them"),
                    );
                    break;
                }
                if phrases.contains(&folded) {
                    // The same phrase twice among the alternatives of one entry.
                    continue;
                }
                if let Some((previous, first_owner)) = seen.get(&folded) {
                    if first_owner == owner {
                        self.error(
                            file,
                            at,
                            format!("`{folded}` is listed twice"),
                            format!("it is already listed at {previous}: remove one of them"),
                        );
                    } else {
                        self.error(
                            file,
                            at,
                            format!(
                                "`{folded}` already gives the answer `{first_owner}` at {previous}"
                            ),
                            "a phrase gives one answer of a question: remove it from one of them",
                        );
                    }
                    continue;
                }
                seen.insert(folded.clone(), (here.clone(), owner.to_owned()));
                phrases.push(folded);
            }
            if !phrases.is_empty() {
                entries.push(phrases);
            }
        }
        entries
    }

    /// Every phrase a written entry stands for, folded: each word may be alternatives
    /// separated by `|`. `None` (reported) when an alternative is empty or there are
    /// too many combinations.
    fn alternatives(&mut self, file: usize, at: usize, written: &str) -> Option<Vec<String>> {
        let mut expanded = vec![String::new()];
        let mut previous: Vec<&str> = Vec::new();
        for slot in written.split_whitespace() {
            let choices: Vec<&str> = slot.split('|').collect();
            // "got stolen|was stolen" reads as "got", then "stolen" or "was", then
            // "stolen": `|` separates single words, not phrases.
            if choices.len() + previous.len() > 2
                && let Some(twice) = choices.iter().find(|choice| previous.contains(choice))
            {
                self.warning(
                    file,
                    at,
                    format!("`{written}` has `{twice}` in two words that follow each other"),
                    "`|` separates alternatives of one word: write alternatives of several words as separate entries",
                );
            }
            previous.clone_from(&choices);
            if choices.iter().any(|choice| choice.trim().is_empty()) {
                self.error(
                    file,
                    at,
                    format!("`{written}` has an empty alternative"),
                    "write a word on each side of `|`: \"ordi|ordinateur\"",
                );
                return None;
            }
            if expanded.len() * choices.len() > MAX_ALTERNATIVES {
                self.error(
                    file,
                    at,
                    format!("`{written}` stands for more than {MAX_ALTERNATIVES} phrases"),
                    "split it into several entries, or list fewer alternatives",
                );
                return None;
            }
            expanded = expanded
                .iter()
                .flat_map(|start| {
                    choices
                        .iter()
                        .map(move |choice| format!("{start} {choice}"))
                })
                .collect();
        }
        Some(expanded.iter().map(|phrase| fold(phrase)).collect())
    }

    fn programmes(&mut self, raw: &[Item<RawProgramme>], facts: &mut [Fact]) -> Vec<Programme> {
        self.duplicates("programme", raw.iter().map(|p| (p.file, &p.value.id)));
        if raw.len() > MAX_PROGRAMMES {
            self.error(
                raw[0].file,
                raw[MAX_PROGRAMMES].at,
                format!("there are more than {MAX_PROGRAMMES} programmes"),
                "remove unused programmes",
            );
        }
        raw.iter()
            .take(MAX_PROGRAMMES)
            .enumerate()
            .map(|(ix, item)| {
                let (file, programme) = (item.file, &item.value);
                self.identifier(file, &programme.id, "programme");
                let prog = ProgIx(ix as u8);
                let mut owned = Vec::new();
                for id in &programme.facts {
                    let Some(fact) = self.fact_ref(file, id, facts) else {
                        continue;
                    };
                    let slot = &mut facts[fact.index()];
                    if slot.id == THEME_FACT {
                        self.error(
                            file,
                            id.span().start,
                            "the `theme` question cannot belong to a programme",
                            "remove `theme` from this list",
                        );
                    } else if slot.programme.is_some() {
                        self.error(
                            file,
                            id.span().start,
                            format!(
                                "the fact `{}` already belongs to another programme",
                                id.get_ref()
                            ),
                            "a fact belongs to one programme at most",
                        );
                    } else {
                        slot.programme = Some(prog);
                        owned.push(fact);
                    }
                }
                Programme {
                    id: programme.id.get_ref().clone(),
                    name: self.text(file, &programme.name),
                    facts: owned,
                }
            })
            .collect()
    }

    /// Answers written as `{ fact = "value" }` or `{ fact = ["value", …] }` (a rule's
    /// `when`, a theme's `unless` and `first_when`), resolved: each known fact with its
    /// known values.
    fn answers(
        &mut self,
        file: usize,
        written: &BTreeMap<S<String>, S<OneOrMany>>,
        facts: &[Fact],
    ) -> Vec<(FactIx, Vec<u8>)> {
        let mut answers = Vec::new();
        for (id, values) in written {
            let Some(fact) = self.fact_ref(file, id, facts) else {
                continue;
            };
            let at = values.span().start;
            let listed = values.get_ref().values();
            if listed.is_empty() {
                self.error(
                    file,
                    at,
                    "this list of values is empty",
                    "write at least one value",
                );
            }
            let known = listed
                .iter()
                .filter_map(|value| self.value_ref(file, at, &facts[fact.index()], value))
                .collect();
            answers.push((fact, known));
        }
        answers
    }

    /// A theme's `unless` or `first_when`: each answer it names, one by one.
    fn each_answer(
        &mut self,
        file: usize,
        written: &BTreeMap<S<String>, S<OneOrMany>>,
        facts: &[Fact],
    ) -> Vec<(FactIx, u8)> {
        self.answers(file, written, facts)
            .into_iter()
            .flat_map(|(fact, values)| values.into_iter().map(move |value| (fact, value)))
            .collect()
    }

    /// Resolves a fact id, reporting an unknown one with the closest known id.
    fn fact_ref(&mut self, file: usize, id: &S<String>, facts: &[Fact]) -> Option<FactIx> {
        let names: Vec<&str> = facts.iter().map(|f| f.id.as_str()).collect();
        self.lookup(file, id, &names, "fact", "facts.toml")
            .map(fact_ix)
    }

    /// The position of `name` among `known` (defined in `source`), or an error naming
    /// the closest one.
    fn lookup(
        &mut self,
        file: usize,
        name: &S<String>,
        known: &[&str],
        what: &str,
        source: &str,
    ) -> Option<usize> {
        let position = known.iter().position(|known| known == name.get_ref());
        if position.is_none() && !self.quiet(name.get_ref(), source) {
            let help = suggestion(name.get_ref(), known, source);
            self.error(
                file,
                name.span().start,
                format!("unknown {what} `{}`", name.get_ref()),
                help,
            );
        }
        position
    }

    fn value_ref(&mut self, file: usize, offset: usize, fact: &Fact, value: &str) -> Option<u8> {
        match fact.choices.iter().position(|choice| choice.value == value) {
            Some(ix) => Some(ix as u8),
            None if self.quiet(
                value,
                if fact.id == THEME_FACT {
                    "themes.toml"
                } else {
                    "facts.toml"
                },
            ) =>
            {
                None
            }
            None => {
                let names: Vec<&str> = fact.choices.iter().map(|c| c.value.as_str()).collect();
                let source = if fact.id == THEME_FACT {
                    "themes.toml"
                } else {
                    "facts.toml"
                };
                let help = suggestion(value, &names, source);
                self.error(
                    file,
                    offset,
                    format!("`{value}` is not a value of the fact `{}`", fact.id),
                    help,
                );
                None
            }
        }
    }

    fn kind_ref(&mut self, file: usize, kind: &S<String>, kinds: &[&str]) -> Option<KindIx> {
        self.lookup(file, kind, kinds, "referral kind", "referrals.toml")
            .map(|ix| KindIx(ix as u8))
    }

    fn programme_ref(
        &mut self,
        file: usize,
        id: &S<String>,
        programmes: &[&str],
    ) -> Option<ProgIx> {
        self.lookup(file, id, programmes, "programme", "programmes.toml")
            .map(|ix| ProgIx(ix as u8))
    }

    fn referrals(
        &mut self,
        raw: &[Item<RawReferral>],
        kinds: &[&str],
        programmes: &[&str],
    ) -> Vec<Referral> {
        self.duplicates("referral kind", raw.iter().map(|r| (r.file, &r.value.kind)));
        if raw.len() > usize::from(u8::MAX) {
            self.error(
                raw[0].file,
                raw[usize::from(u8::MAX)].at,
                "there are too many referral kinds",
                "keep fewer than 255",
            );
        }
        let referrals: Vec<Referral> = raw
            .iter()
            .take(usize::from(u8::MAX))
            .map(|item| {
                let (file, referral) = (item.file, &item.value);
                self.identifier(file, &referral.kind, "referral kind");
                let also = referral
                    .also
                    .iter()
                    .filter_map(|also| {
                        let also = also.get_ref();
                        let kind = self.kind_ref(file, &also.kind, kinds)?;
                        Some(Also {
                            kind,
                            text: self.text(file, &also.text),
                        })
                    })
                    .collect();
                let contact = referral
                    .contact
                    .as_ref()
                    .map(|contact| self.contact(file, item.at, contact));
                let programme = referral
                    .programme
                    .as_ref()
                    .and_then(|id| self.programme_ref(file, id, programmes));
                let places = referral
                    .places
                    .as_ref()
                    .map(|places| self.place_rules(file, item.at, places, kinds));
                Referral {
                    kind: referral.kind.get_ref().clone(),
                    title: self.text(file, &referral.title),
                    pictogram: self.pictogram(file, &referral.pictogram),
                    summary: self.text(file, &referral.summary),
                    steps: self.texts(file, &referral.steps),
                    bring: self.texts(file, &referral.bring),
                    also,
                    contact,
                    programme,
                    places,
                }
            })
            .collect();
        // A fallback must lead to places, and not back again.
        for (item, referral) in raw.iter().zip(&referrals) {
            let fallback = referral.places.as_ref().and_then(|places| places.fallback);
            if let Some(fallback) = fallback
                && referrals.get(fallback.index()).is_some_and(|target| {
                    target.places.as_ref().is_none_or(|p| p.fallback.is_some())
                })
            {
                self.error(
                    item.file,
                    item.at,
                    format!(
                        "the fallback of `{}` has no places of its own, or a fallback itself",
                        referral.kind
                    ),
                    "choose as fallback a referral kind with a [referral.places] and no fallback",
                );
            }
        }
        referrals
    }

    fn place_rules(
        &mut self,
        file: usize,
        at: usize,
        raw: &RawPlaces,
        kinds: &[&str],
    ) -> PlaceRules {
        if raw.matches.is_empty() {
            self.error(
                file,
                at,
                "[referral.places] has no [[referral.places.match]]",
                "add at least one [[referral.places.match]] with fields of the national standard",
            );
        }
        let columns: Vec<&str> = ListField::ALL.iter().map(|field| field.column()).collect();
        let matches = raw
            .matches
            .iter()
            .map(|conditions| {
                let conditions = conditions
                    .get_ref()
                    .iter()
                    .filter_map(|(column, values)| {
                        let field = ListField::ALL[self.lookup(
                            file,
                            column,
                            &columns,
                            "field of the national standard",
                            "its schema",
                        )?];
                        let mut checked = Vec::new();
                        let mut or_empty = false;
                        for value in values.get_ref().values() {
                            if value.is_empty() {
                                or_empty = true;
                            } else if let Some(value) =
                                self.list_value(file, field, values.span().start, value)
                            {
                                checked.push(value);
                            }
                        }
                        Some(FieldCondition {
                            field,
                            values: checked,
                            or_empty,
                        })
                    })
                    .collect();
                PlaceMatch { conditions }
            })
            .collect();
        PlaceRules {
            heading: self.optional_text(file, &raw.heading),
            matches,
            theme_service_first: raw.theme_service_first,
            same_department: raw.same_department,
            fallback: raw
                .fallback
                .as_ref()
                .and_then(|kind| self.kind_ref(file, kind, kinds)),
            fallback_note: self.optional_text(file, &raw.fallback_note),
        }
    }

    /// A value of a list field of the standard, checked against its schema.
    fn list_value(
        &mut self,
        file: usize,
        field: ListField,
        offset: usize,
        value: &str,
    ) -> Option<String> {
        let schema = Schema::embedded();
        if schema.accepts(field, value) {
            return Some(value.to_owned());
        }
        let allowed: Vec<&str> = schema
            .allowed(field)
            .unwrap_or_default()
            .iter()
            .map(String::as_str)
            .collect();
        let help = suggestion(
            value,
            &allowed,
            &format!("the standard's `{}`", field.column()),
        );
        self.error(
            file,
            offset,
            format!(
                "`{value}` is not a value of `{}` in the national standard",
                field.column()
            ),
            help,
        );
        None
    }

    fn policy(
        &mut self,
        raw: &[Item<RawRule>],
        facts: &[Fact],
        kinds: &[&str],
        programmes: &[&str],
    ) -> Vec<PolicyRule> {
        if raw.len() > MAX_RULES {
            self.error(
                raw[0].file,
                raw[MAX_RULES].at,
                format!("the policy has more than {MAX_RULES} rules"),
                "simplify the policy",
            );
        }
        raw.iter()
            .take(MAX_RULES)
            .filter_map(|item| {
                let (file, rule) = (item.file, &item.value);
                let mut checks = Vec::new();
                for (fact, values) in self.answers(file, &rule.when, facts) {
                    let mask = values.iter().fold(0u64, |mask, value| mask | 1 << value);
                    checks.push(Check::Fact { fact, values: mask });
                }
                let programme = rule.programme.as_ref().and_then(|id| self.programme_ref(file, id, programmes));
                for check in &checks {
                    if let Check::Fact { fact, .. } = check
                        && let Some(owner) = facts[fact.index()].programme
                        && programme != Some(owner)
                    {
                        let fact = &facts[fact.index()];
                        self.error(
                            file,
                            item.at,
                            format!("this rule uses `{}`, which is only asked where a territory runs `{}`", fact.id, programmes[owner.index()]),
                            format!("add `programme = \"{}\"` to this rule", programmes[owner.index()]),
                        );
                    }
                }
                if let Some(prog) = programme {
                    checks.push(Check::Programme(prog));
                }
                // Asking order: ordinary facts, then the place, then the programmes' own
                // facts (their wording depends on the territory).
                checks.sort_by_key(|check| match check {
                    Check::Fact { fact, .. } if facts[fact.index()].programme.is_none() => fact.index(),
                    Check::Programme(prog) => MAX_FACTS + prog.index(),
                    Check::Fact { fact, .. } => MAX_FACTS + MAX_PROGRAMMES + fact.index(),
                });
                let refer = self.kind_ref(file, &rule.refer, kinds);
                let because = self.text(file, &rule.because);
                Some(PolicyRule { checks, refer: refer?, because, origin: self.origin_of(file, item.at), file, at: item.at })
            })
            .collect()
    }

    fn territories(
        &mut self,
        raw: &[Item<RawTerritory>],
        facts: &[Fact],
        programmes: &[Programme],
    ) -> Vec<Territory> {
        self.duplicates(
            "territory for département",
            raw.iter().map(|t| (t.file, &t.value.department)),
        );
        let ids: Vec<&str> = programmes.iter().map(|p| p.id.as_str()).collect();
        let mut territories: Vec<Territory> = raw
            .iter()
            .map(|item| {
                let (file, territory) = (item.file, &item.value);
                let department = territory.department.get_ref();
                if !is_department(department) {
                    self.error(
                        file,
                        territory.department.span().start,
                        format!("`{department}` is not a département code"),
                        "write the code as on a postcode: \"16\", \"2A\", \"974\"",
                    );
                }
                self.duplicates(
                    "programme",
                    territory.programmes.iter().map(|p| (file, &p.get_ref().id)),
                );
                let locals = territory
                    .programmes
                    .iter()
                    .filter_map(|local| self.local_programme(file, local.get_ref(), facts, &ids))
                    .collect();
                Territory {
                    department: department.clone(),
                    name: self.text(file, &territory.name),
                    programmes: locals,
                }
            })
            .collect();
        territories.sort_by(|a, b| a.department.cmp(&b.department));
        territories
    }

    fn local_programme(
        &mut self,
        file: usize,
        local: &RawLocalProgramme,
        facts: &[Fact],
        ids: &[&str],
    ) -> Option<LocalProgramme> {
        let prog = self.programme_ref(file, &local.id, ids)?;
        let mut questions = Vec::new();
        for (id, question) in &local.questions {
            let Some(fact) = self.fact_ref(file, id, facts) else {
                continue;
            };
            if facts[fact.index()].programme != Some(prog) {
                self.error(
                    file,
                    id.span().start,
                    format!("a territory can only reword the questions of its programmes; `{}` is not one of `{}`", id.get_ref(), local.id.get_ref()),
                    format!("list `{}` in the facts of the programme in programmes.toml, or remove this question", id.get_ref()),
                );
                continue;
            }
            let question = question.get_ref();
            questions.push((
                fact,
                LocalQuestion {
                    question: self.text(file, &question.question),
                    help: self.optional_text(file, &question.help),
                },
            ));
        }
        let contacts = local
            .contacts
            .iter()
            .map(|contact| self.contact(file, local.id.span().start, contact))
            .collect();
        let places = local.places.iter().map(|id| id.get_ref().clone()).collect();
        Some(LocalProgramme {
            programme: prog,
            name: self.text(file, &local.name),
            reason: self.text(file, &local.reason),
            who: self.texts(file, &local.who),
            get: self.texts(file, &local.get),
            contacts,
            questions,
            places,
        })
    }

    fn scenario_files(
        &mut self,
        raw: &[Item<RawScenario>],
        facts: &[Fact],
        kinds: &[&str],
    ) -> Vec<Scenario> {
        raw.iter()
            .filter_map(|item| {
                let (file, scenario) = (item.file, &item.value);
                let mut answers = Answers::default();
                for (id, value) in &scenario.answers {
                    let Some(fact) = self.fact_ref(file, id, facts) else {
                        continue;
                    };
                    if let Some(value) = self.value_ref(
                        file,
                        value.span().start,
                        &facts[fact.index()],
                        value.get_ref(),
                    ) {
                        answers.set(fact, value);
                    }
                }
                let mut asked = Vec::new();
                for id in scenario.asked.get_ref() {
                    if id == PLACE {
                        asked.push(Asked::Place);
                    } else if let Some(ix) = facts.iter().position(|fact| fact.id == *id) {
                        asked.push(Asked::Fact(fact_ix(ix)));
                    } else {
                        let mut names: Vec<&str> = facts.iter().map(|f| f.id.as_str()).collect();
                        names.push(PLACE);
                        let help = suggestion(id, &names, "facts.toml");
                        self.error(
                            file,
                            scenario.asked.span().start,
                            format!("unknown question `{id}` in `asked`"),
                            help,
                        );
                    }
                }
                if let Some(department) = &scenario.department
                    && !is_department(department.get_ref())
                {
                    self.error(
                        file,
                        department.span().start,
                        format!("`{}` is not a département code", department.get_ref()),
                        "write the code as on a postcode: \"16\", \"2A\", \"974\"",
                    );
                }
                let refer = self.kind_ref(file, &scenario.refer, kinds)?;
                Some(Scenario {
                    name: scenario.name.get_ref().clone(),
                    origin: self.origin_of(file, item.at),
                    file,
                    at: item.at,
                    department: scenario.department.as_ref().map(|d| d.get_ref().clone()),
                    answers,
                    asked,
                    refer,
                })
            })
            .collect()
    }

    /// The policy as a resident meets it: a referral for every combination of answers,
    /// every question asked somewhere, no question whose answer never matters.
    fn policy_behaviour(&mut self, rules: &Rules) {
        let Some(first) = rules.policy.first() else {
            return;
        };
        let policy_file = first.file;

        let combinations = rules
            .facts
            .iter()
            .map(|fact| fact.choices.len() as u64)
            .product::<u64>()
            << rules.programmes.len().min(20);
        if combinations > MAX_COMBINATIONS {
            self.report.warning(
                Location::File(&self.files[policy_file]),
                format!("the policy has {combinations} combinations of answers: too many to check them all"),
                Some("keep fewer facts or choices to get the completeness checks back".to_owned()),
            );
            return;
        }

        // 1. Every complete set of answers, in every kind of territory, finds a rule.
        let mut gaps = Vec::new();
        for_each_completion(
            rules,
            Answers::default(),
            Programmes::UNKNOWN,
            &mut |answers, programmes| {
                if gaps.len() < 3 && rules.rule_for(&answers, programmes).is_none() {
                    gaps.push(describe(rules, &answers, programmes));
                }
            },
        );
        for gap in gaps {
            self.report.error(
                Location::File(&self.files[policy_file]),
                format!("no rule gives a referral when {gap}"),
                Some(
                    "add a rule for these answers, or end the policy with a rule without `when`"
                        .to_owned(),
                ),
            );
        }

        // 2. Walk the questionnaire as residents would, in every kind of territory.
        let mut explorer = Explorer {
            rules,
            asked: HashSet::new(),
            place_asked: false,
            reached: HashSet::new(),
            useless: BTreeMap::new(),
        };
        explorer.visit(Answers::default(), Programmes::UNKNOWN);
        for (ix, fact) in rules.facts.iter().enumerate() {
            if !explorer.asked.contains(&fact_ix(ix)) {
                let file = self
                    .files
                    .iter()
                    .position(|f| f.name.ends_with("facts.toml"))
                    .unwrap_or(policy_file);
                let offset = find_offset(&self.files[file], &format!("\"{}\"", fact.id));
                self.error(
                    file,
                    offset,
                    format!("the question `{}` is never asked", fact.id),
                    "no rule needs this answer before another rule decides: use it in a `when` of policy.toml, or remove it",
                );
            }
        }
        for (ix, rule) in rules.policy.iter().enumerate() {
            if !explorer.reached.contains(&ix) {
                self.warning(
                    rule.file,
                    rule.at,
                    format!("this rule never gives the referral `{}`", rules.referral(rule.refer).kind),
                    "the rules above it always decide first: move it up, narrow the rules above, or remove it",
                );
            }
        }
        for ((fact, situation), _) in explorer.useless {
            self.report.warning(
                Location::File(&self.files[policy_file]),
                format!("the question `{}` is asked when {situation}, but no answer to it changes the referral", rules.facts[fact.index()].id),
                Some("reorder the rules or their conditions so that this question is not needed there".to_owned()),
            );
        }
    }

    fn scenarios(&mut self, rules: &Rules) {
        if rules.scenarios.is_empty() {
            self.report.warning(
                Location::Folder(self.origin),
                "there are no rule scenarios",
                Some("add tests/*.toml files with [[scenario]] tables: they protect the policy from mistakes".to_owned()),
            );
        }
        for scenario in &rules.scenarios {
            if let Err(problem) = scenario.run(rules) {
                self.error(
                    scenario.file,
                    scenario.at,
                    format!("scenario « {} » fails: {problem}", scenario.name),
                    "fix the policy, or this scenario if the policy is right",
                );
            }
        }
    }
}

/// Walks the questionnaire over every answer a resident can give.
struct Explorer<'r> {
    rules: &'r Rules,
    asked: HashSet<FactIx>,
    place_asked: bool,
    reached: HashSet<usize>,
    /// Questions asked where their answer cannot matter, with a description of where.
    useless: BTreeMap<(FactIx, String), ()>,
}

impl Explorer<'_> {
    fn visit(&mut self, answers: Answers, programmes: Programmes) {
        let rules = self.rules;
        match rules.decide(&answers, programmes) {
            Step::Refer(rule) => {
                self.reached.insert(rule.index());
            }
            Step::Unmatched => {}
            Step::Ask(var) => {
                match var {
                    Var::Fact(fact) => {
                        self.asked.insert(fact);
                        if !answer_matters(rules, fact, answers, programmes)
                            && self.useless.len() < 5
                        {
                            self.useless
                                .insert((fact, describe(rules, &answers, programmes)), ());
                        }
                    }
                    Var::Place(_) => self.place_asked = true,
                }
                for nth in 0..rules.arity(var) {
                    let (answers, programmes) = rules.branch(var, nth, &answers, programmes, true);
                    self.visit(answers, programmes);
                }
            }
        }
    }
}

/// Whether some completion of the other unknowns gives different referral kinds for
/// different answers to `fact`.
fn answer_matters(rules: &Rules, fact: FactIx, answers: Answers, programmes: Programmes) -> bool {
    let arity = rules.fact(fact).choices.len() as u8;
    let mut matters = false;
    // Fix `fact` to its first value so that the completions range over the others only.
    for_each_completion(
        rules,
        answers.with(fact, 0),
        programmes,
        &mut |complete, programmes| {
            if matters {
                return;
            }
            let kind = |value: u8| {
                rules
                    .rule_for(&complete.with(fact, value), programmes)
                    .map(|rule| rules.rule(rule).refer)
            };
            let first = kind(0);
            matters = (1..arity).any(|value| kind(value) != first);
        },
    );
    matters
}

/// Calls `visit` with every completion of the unknown answers and programmes.
fn for_each_completion(
    rules: &Rules,
    answers: Answers,
    programmes: Programmes,
    visit: &mut dyn FnMut(Answers, Programmes),
) {
    let unknown_fact = (0..rules.facts.len())
        .map(fact_ix)
        .find(|fact| answers.get(*fact).is_none());
    if let Some(fact) = unknown_fact {
        for value in 0..rules.fact(fact).choices.len() {
            for_each_completion(rules, answers.with(fact, value as u8), programmes, visit);
        }
        return;
    }
    if programmes.is_known() || rules.programmes.is_empty() {
        visit(answers, programmes);
        return;
    }
    for present in 0..(1u32 << rules.programmes.len().min(20)) {
        visit(answers, Programmes::known(rules.programmes.len(), present));
    }
}

/// "theme = caf, need = demarche, in a territory without `pass_numerique`".
fn describe(rules: &Rules, answers: &Answers, programmes: Programmes) -> String {
    let mut parts: Vec<String> = rules
        .facts
        .iter()
        .enumerate()
        .filter_map(|(ix, fact)| {
            let value = answers.get(fact_ix(ix))?;
            Some(format!(
                "{} = {}",
                fact.id,
                fact.choices[usize::from(value)].value
            ))
        })
        .collect();
    if programmes.is_known() {
        for (ix, programme) in rules.programmes.iter().enumerate() {
            let runs = programmes.runs(ProgIx(ix as u8));
            parts.push(format!(
                "in a territory {} `{}`",
                if runs { "with" } else { "without" },
                programme.id
            ));
        }
    }
    if parts.is_empty() {
        "nothing is known yet".to_owned()
    } else {
        parts.join(", ")
    }
}

fn suggestion(word: &str, known: &[&str], source: &str) -> String {
    let mut unique: Vec<&str> = Vec::new();
    for name in known {
        if !unique.contains(name) {
            unique.push(name);
        }
    }
    let known = &unique;
    match did_you_mean(word, known.iter().copied()) {
        Some(close) => format!(
            "did you mean `{close}`? Known in {source}: {}",
            known.join(", ")
        ),
        None => format!("use one of those defined in {source}: {}", known.join(", ")),
    }
}

/// `16`, `2A`, `974`: the département codes of postcodes and the INSEE.
pub fn is_department(code: &str) -> bool {
    match code.len() {
        2 => {
            code.bytes().all(|b| b.is_ascii_digit()) && code != "00" || code == "2A" || code == "2B"
        }
        3 => code.starts_with("97") && code.bytes().all(|b| b.is_ascii_digit()),
        _ => false,
    }
}

fn find_offset(file: &SourceFile, needle: &str) -> usize {
    file.text.find(needle).unwrap_or(0)
}
