//! The rule files as written: one `Raw*` type per table, mirroring the TOML.
//!
//! Nothing here is trusted: ids may be unknown, texts missing, values misspelt.
//! Only `validate` turns these into the checked [`Rules`](super::Rules).

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::text::RawText;

pub type S<T> = Spanned<T>;

/// An array-of-tables element, with the offset of its header for diagnostics.
#[derive(Debug)]
pub struct Item<T> {
    pub at: usize,
    pub file: usize,
    pub value: T,
}

/// `site.toml`: what the interface says about itself and the human help it offers.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSite {
    pub name: S<RawText>,
    pub tagline: S<RawText>,
    pub help: RawHelp,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHelp {
    pub text: S<RawText>,
    pub contact: RawContact,
}

/// A phone line or office a resident can reach.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawContact {
    pub name: S<RawText>,
    pub phone: Option<S<String>>,
    pub hours: Option<S<RawText>>,
    pub url: Option<S<String>>,
}

/// `themes.toml`: `[[theme]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTheme {
    pub id: S<String>,
    pub label: S<RawText>,
    pub hint: Option<S<RawText>>,
    pub pictogram: S<String>,
    pub reason: S<RawText>,
    pub site: RawLink,
    #[serde(default)]
    pub bring: Vec<S<RawText>>,
    /// The theme's own service in the national standard, preferred among mediators.
    pub service: Option<S<String>>,
    /// Words and phrases that decide this theme even beside another theme's words.
    #[serde(default)]
    pub strong: Vec<S<String>>,
    /// Words and phrases that say this theme on their own.
    #[serde(default)]
    pub words: Vec<S<String>>,
    /// Words that point to this theme without deciding it on their own.
    #[serde(default)]
    pub hints: Vec<S<String>>,
    /// Answers that rule this theme out of a text naming another theme.
    #[serde(default)]
    pub unless: BTreeMap<S<String>, S<OneOrMany>>,
    /// Answers that put this theme first when a text states them and names it.
    #[serde(default)]
    pub first_when: BTreeMap<S<String>, S<OneOrMany>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLink {
    pub name: S<RawText>,
    pub url: S<String>,
}

/// `facts.toml`: `[place]` and `[[fact]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlaceQuestion {
    pub topic: S<RawText>,
    pub question: S<RawText>,
    pub help: S<RawText>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFact {
    pub id: S<String>,
    pub topic: S<RawText>,
    pub question: S<RawText>,
    pub help: Option<S<RawText>>,
    #[serde(default, rename = "choice")]
    pub choices: Vec<S<RawChoice>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChoice {
    pub value: S<String>,
    pub label: S<RawText>,
    pub hint: Option<S<RawText>>,
    pub pictogram: Option<S<String>>,
    pub reason: S<RawText>,
    /// Phrases that give this answer when a resident writes them.
    #[serde(default)]
    pub words: Vec<S<String>>,
    /// Words that give this answer when the resident denies them ("pas d'ordinateur").
    #[serde(default)]
    pub negated: Vec<S<String>>,
}

/// `referrals.toml`: `[[referral]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReferral {
    pub kind: S<String>,
    pub title: S<RawText>,
    pub pictogram: S<String>,
    pub summary: S<RawText>,
    #[serde(default)]
    pub steps: Vec<S<RawText>>,
    #[serde(default)]
    pub bring: Vec<S<RawText>>,
    #[serde(default)]
    pub also: Vec<S<RawAlso>>,
    pub contact: Option<RawContact>,
    pub programme: Option<S<String>>,
    pub places: Option<RawPlaces>,
}

/// `[referral.places]`: which places of the directory fit a referral.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlaces {
    pub heading: Option<S<RawText>>,
    #[serde(default)]
    pub theme_service_first: bool,
    #[serde(default)]
    pub same_department: bool,
    pub fallback: Option<S<String>>,
    pub fallback_note: Option<S<RawText>>,
    #[serde(default, rename = "match")]
    pub matches: Vec<S<BTreeMap<S<String>, S<OneOrMany>>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAlso {
    pub kind: S<String>,
    pub text: S<RawText>,
}

/// `programmes.toml`: `[[programme]]`, local schemes some territories run.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProgramme {
    pub id: S<String>,
    pub name: S<RawText>,
    #[serde(default)]
    pub facts: Vec<S<String>>,
}

/// `policy.toml`: `[[rule]]`, in order.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    #[serde(default)]
    pub when: BTreeMap<S<String>, S<OneOrMany>>,
    pub programme: Option<S<String>>,
    pub refer: S<String>,
    pub because: S<RawText>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn values(&self) -> &[String] {
        match self {
            OneOrMany::One(value) => std::slice::from_ref(value),
            OneOrMany::Many(values) => values,
        }
    }
}

/// `territories/*.toml`: one département and the programmes it runs.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTerritory {
    pub department: S<String>,
    pub name: S<RawText>,
    #[serde(default, rename = "programme")]
    pub programmes: Vec<S<RawLocalProgramme>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLocalProgramme {
    pub id: S<String>,
    pub name: S<RawText>,
    pub reason: S<RawText>,
    #[serde(default)]
    pub who: Vec<S<RawText>>,
    #[serde(default)]
    pub get: Vec<S<RawText>>,
    #[serde(default)]
    pub contacts: Vec<RawContact>,
    #[serde(default)]
    pub questions: BTreeMap<S<String>, S<RawLocalQuestion>>,
    /// Ids of directory places that take part in the programme.
    #[serde(default)]
    pub places: Vec<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLocalQuestion {
    pub question: S<RawText>,
    pub help: Option<S<RawText>>,
}

/// `tests/*.toml`: `[[scenario]]`, answers and the referral they must lead to.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    pub name: S<String>,
    pub department: Option<S<String>>,
    #[serde(default)]
    pub answers: BTreeMap<S<String>, S<String>>,
    pub asked: S<Vec<String>>,
    pub refer: S<String>,
}

/// `language.toml`: how residents write, whatever the theme.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLanguage {
    /// A spelling as residents type it → the words it stands for (`pa` → `pas`).
    #[serde(default)]
    pub spellings: BTreeMap<S<String>, S<String>>,
    /// Words that deny what follows them (`pas`, `sans`).
    #[serde(default)]
    pub negations: Vec<S<String>>,
    /// Small words skipped when phrases are compared (`le`, `de`, `mon`).
    #[serde(default)]
    pub fillers: Vec<S<String>>,
    /// Phrases that use a theme's word for something else ("retraite aux flambeaux").
    #[serde(default)]
    pub elsewhere: Vec<S<String>>,
    /// Phrases saying that what comes before them is settled ("tout est en règle").
    #[serde(default)]
    pub settled: Vec<S<String>>,
    /// Words of requests that are not ours ("plombier", "vétérinaire").
    #[serde(default)]
    pub offtopic: Vec<S<String>>,
}

/// Every rule file, parsed but unchecked.
#[derive(Debug, Default)]
pub struct RawRules {
    pub site: Option<Item<RawSite>>,
    pub themes: Vec<Item<RawTheme>>,
    pub place: Option<Item<RawPlaceQuestion>>,
    pub facts: Vec<Item<RawFact>>,
    pub referrals: Vec<Item<RawReferral>>,
    pub programmes: Vec<Item<RawProgramme>>,
    pub policy: Vec<Item<RawRule>>,
    pub territories: Vec<Item<RawTerritory>>,
    pub scenarios: Vec<Item<RawScenario>>,
    pub language: Option<Item<RawLanguage>>,
    /// Ids of items that could not be read (their errors are already reported).
    pub broken: std::collections::HashSet<String>,
    /// Files with errors of their own, relative to the rules folder: names they define
    /// may be missing, so their absence is not reported again elsewhere.
    pub failed_files: std::collections::HashSet<String>,
}
