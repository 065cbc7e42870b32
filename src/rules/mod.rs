//! Rules as data: themes, questions, referral kinds, the policy and the territories.
//!
//! `load` reads the TOML files, `validate` checks them and builds [`Rules`], `evaluate`
//! walks the policy for a set of answers, `scenario` replays the rule tests. This module
//! is pure after loading: no IO, no clock, no HTTP. No theme, question or referral word
//! lives in Rust: only the structure does.

pub mod diagnostic;
pub mod evaluate;
pub mod load;
pub mod orientation;
pub mod raw;
pub mod scenario;
pub mod text;
pub mod validate;

use std::path::Path;

pub use diagnostic::{Diagnostic, Severity};
pub use evaluate::{Answers, Programmes, Step, Var, Walk};
pub use load::RuleFiles;
pub use orientation::Orientation;
pub use text::Text;

/// The id of the fact whose choices are the themes. It is part of the public API
/// (`answers.theme`), not a theme word.
pub const THEME_FACT: &str = "theme";

/// The pseudo-question "where do you live", as named in the API and in scenarios.
pub const PLACE: &str = "near";

/// Index of a fact in [`Rules::facts`], which is also the order questions are asked in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FactIx(pub(crate) u8);

/// Index of a referral kind in [`Rules::referrals`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KindIx(pub(crate) u8);

/// Index of a programme in [`Rules::programmes`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProgIx(pub(crate) u8);

/// Index of a rule in [`Rules::policy`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RuleIx(pub(crate) u16);

impl FactIx {
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

impl KindIx {
    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    /// The kind at `ix` of `Rules::referrals` (saturating: rules hold fewer than 255).
    pub fn from_index(ix: usize) -> KindIx {
        KindIx(u8::try_from(ix).unwrap_or(u8::MAX))
    }
}

impl ProgIx {
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

impl RuleIx {
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

/// The checked rules. Built only by [`validate::validate`]; read-only afterwards.
#[derive(Debug)]
pub struct Rules {
    pub site: Site,
    pub themes: Vec<Theme>,
    pub place: PlaceQuestion,
    /// In the order questions are asked.
    pub facts: Vec<Fact>,
    pub theme_fact: FactIx,
    pub referrals: Vec<Referral>,
    pub programmes: Vec<Programme>,
    pub policy: Vec<PolicyRule>,
    /// Sorted by département code.
    pub territories: Vec<Territory>,
    pub scenarios: Vec<scenario::Scenario>,
    pub language: Language,
    /// The engine's memory of decisions already taken.
    pub(crate) decisions: evaluate::Decisions,
}

/// How residents write, whatever the theme: from `language.toml`. Every word is folded
/// (lowercase, without accents or punctuation, see [`crate::normalize::fold`]).
#[derive(Debug, Default)]
pub struct Language {
    /// A single word as residents type it → the words it stands for (`pa` → `pas`).
    pub spellings: Vec<(String, String)>,
    /// Words that deny what follows them (`pas`, `sans`, `not`).
    pub negations: Vec<String>,
    /// Small words skipped when phrases are compared (`le`, `de`, `mon`).
    pub fillers: Vec<String>,
    /// Phrases that use a theme's word in another sense (`retraite aux flambeaux`,
    /// `apprendre la guitare`): found in a text, the words inside them point to no theme.
    pub elsewhere: Vec<Entry>,
    /// Phrases saying that what comes before them in the sentence is settled ("ma carte
    /// vitale est à jour", "tout est en règle"): those words point to no theme.
    pub settled: Vec<Entry>,
    /// Words of requests that are not ours ("plombier", "vétérinaire", "recette"): in the
    /// sentence that asks, or after the last sentence naming a theme, while the asking
    /// sentence names none, they mean the themes named elsewhere are background.
    pub offtopic: Vec<Entry>,
}

impl Language {
    /// The words skipped when phrases are compared: the fillers, and the spellings that
    /// stand for fillers only (`1` is `un`, `e` is `et`).
    pub fn skipped(&self) -> Vec<String> {
        let is_filler = |word: &str| self.fillers.iter().any(|filler| filler == word);
        self.fillers
            .iter()
            .cloned()
            .chain(
                self.spellings
                    .iter()
                    .filter(|(_, meant)| meant.split(' ').all(is_filler))
                    .map(|(spelt, _)| spelt.clone()),
            )
            .collect()
    }
}

/// One entry of a list of residents' words: the folded phrases it stands for, its `|`
/// alternatives spelt out ("pas|sans ordi" → "pas ordi", "sans ordi"). An entry is one
/// idea: however many of its phrases a text holds, it counts once.
pub type Entry = Vec<String>;

/// The words and phrases that point to a theme, folded, each listed once.
#[derive(Debug, Default)]
pub struct Vocabulary {
    /// Decide the theme even beside another theme's words ("arnaque", "mot de passe").
    pub strong: Vec<Entry>,
    /// Say the theme on their own ("caf", "allocations familiales").
    pub words: Vec<Entry>,
    /// Point to the theme without deciding it alone ("loyer").
    pub hints: Vec<Entry>,
    /// Answers that rule the theme out when a text states them and names another
    /// theme well enough: asking that it be done for you is not coming to learn.
    pub unless: Vec<(FactIx, u8)>,
    /// Answers that put the theme first when a text states them and names the theme
    /// well enough, whatever else it names: wanting to learn to declare one's income
    /// is coming to learn, not about taxes.
    pub first_when: Vec<(FactIx, u8)>,
}

#[derive(Debug)]
pub struct Site {
    pub name: Text,
    pub tagline: Text,
    pub help: Text,
    pub contact: Contact,
}

/// A phone line, office or site a resident can reach.
#[derive(Clone, Debug)]
pub struct Contact {
    pub name: Text,
    pub phone: Option<Phone>,
    pub hours: Option<Text>,
    pub url: Option<String>,
}

/// A phone number as shown (`01 70 772 372`) and as dialled (`+33170772372`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone {
    pub display: String,
    pub tel: String,
}

impl Phone {
    /// Accepts French numbers written with spaces, dots or dashes, `+33…`, and short
    /// numbers (`17`, `3949`). `None` when the text holds something else than digits.
    pub fn parse(display: &str) -> Option<Phone> {
        let display = display.trim();
        let international = display.starts_with('+');
        let digits: String = display.chars().filter(char::is_ascii_digit).collect();
        let only_separators = display
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '+' | '(' | ')'));
        if digits.is_empty() || !only_separators {
            return None;
        }
        let tel = if international {
            format!("+{digits}")
        } else if digits.len() == 10 && digits.starts_with('0') {
            format!("+33{}", &digits[1..])
        } else {
            digits
        };
        Some(Phone {
            display: display.to_owned(),
            tel,
        })
    }
}

#[derive(Debug)]
pub struct Theme {
    pub id: String,
    pub label: Text,
    pub hint: Option<Text>,
    pub pictogram: String,
    pub reason: Text,
    pub site: Link,
    pub bring: Vec<Text>,
    /// The theme's own service in the national standard (mediators offering it first).
    pub service: Option<String>,
    /// How residents name this theme in their own words.
    pub vocabulary: Vocabulary,
}

#[derive(Clone, Debug)]
pub struct Link {
    pub name: Text,
    pub url: String,
}

/// The question "where do you live", asked when the answer depends on local programmes.
#[derive(Debug)]
pub struct PlaceQuestion {
    pub topic: Text,
    pub question: Text,
    pub help: Text,
}

#[derive(Debug)]
pub struct Fact {
    pub id: String,
    /// A short name for the recap ("Votre besoin").
    pub topic: Text,
    pub question: Text,
    pub help: Option<Text>,
    pub choices: Vec<Choice>,
    /// The programme this fact belongs to: asked only where a territory runs it.
    pub programme: Option<ProgIx>,
}

#[derive(Debug)]
pub struct Choice {
    pub value: String,
    pub label: Text,
    pub hint: Option<Text>,
    pub pictogram: Option<String>,
    /// The answer in plain words, given back as a reason of the referral.
    pub reason: Text,
    /// Phrases that give this answer in a resident's own words.
    pub words: Vec<Entry>,
    /// Words that give this answer when denied ("pas d'ordinateur").
    pub negated: Vec<Entry>,
}

#[derive(Debug)]
pub struct Referral {
    pub kind: String,
    pub title: Text,
    pub pictogram: String,
    pub summary: Text,
    pub steps: Vec<Text>,
    pub bring: Vec<Text>,
    pub also: Vec<Also>,
    pub contact: Option<Contact>,
    /// The programme whose local details (who, where to get it) this referral shows.
    pub programme: Option<ProgIx>,
    /// Which places of the directory fit; `None` for remote help only.
    pub places: Option<PlaceRules>,
}

/// Which places of the directory fit a referral, in the fields of the national standard.
#[derive(Debug)]
pub struct PlaceRules {
    /// A heading of its own for the list of places (remote referrals use it).
    pub heading: Option<Text>,
    /// A place fits when it meets every condition of one of these.
    pub matches: Vec<PlaceMatch>,
    /// Places offering the theme's own service come first.
    pub theme_service_first: bool,
    /// Only places of the resident's département (a departmental programme).
    pub same_department: bool,
    /// When no place fits nearby: the places of this referral instead, with a note.
    pub fallback: Option<KindIx>,
    pub fallback_note: Option<Text>,
}

#[derive(Debug)]
pub struct PlaceMatch {
    pub conditions: Vec<FieldCondition>,
}

/// A list field of a place must hold one of `values` (or be empty, with `or_empty`).
#[derive(Debug)]
pub struct FieldCondition {
    pub field: crate::directory::schema::ListField,
    pub values: Vec<String>,
    pub or_empty: bool,
}

#[derive(Debug)]
pub struct Also {
    pub kind: KindIx,
    pub text: Text,
}

#[derive(Debug)]
pub struct Programme {
    pub id: String,
    pub name: Text,
    pub facts: Vec<FactIx>,
}

/// One row of the decision table.
#[derive(Debug)]
pub struct PolicyRule {
    /// The checks in asking order: ordinary facts, then the place, then programme facts.
    pub(crate) checks: Vec<Check>,
    pub refer: KindIx,
    pub because: Text,
    /// Where the rule is written, for diagnostics: `rules/policy.toml:12`.
    pub origin: String,
    pub(crate) file: usize,
    pub(crate) at: usize,
}

#[derive(Clone, Copy, Debug)]
pub(crate) enum Check {
    /// The fact's answer must be one of the values of the bit set.
    Fact { fact: FactIx, values: u64 },
    /// The resident's territory must run the programme.
    Programme(ProgIx),
}

impl PolicyRule {
    /// The facts this rule looks at, in asking order.
    pub fn facts(&self) -> impl Iterator<Item = FactIx> + '_ {
        self.checks.iter().filter_map(|check| match check {
            Check::Fact { fact, .. } => Some(*fact),
            Check::Programme(_) => None,
        })
    }

    pub fn programme(&self) -> Option<ProgIx> {
        self.checks.iter().find_map(|check| match check {
            Check::Programme(prog) => Some(*prog),
            Check::Fact { .. } => None,
        })
    }
}

#[derive(Debug)]
pub struct Territory {
    pub department: String,
    pub name: Text,
    pub programmes: Vec<LocalProgramme>,
}

/// A programme as one territory runs it.
#[derive(Debug)]
pub struct LocalProgramme {
    pub programme: ProgIx,
    pub name: Text,
    pub reason: Text,
    pub who: Vec<Text>,
    pub get: Vec<Text>,
    pub contacts: Vec<Contact>,
    pub questions: Vec<(FactIx, LocalQuestion)>,
    /// Ids of directory places that take part (checked against the directory at load).
    pub places: Vec<String>,
}

#[derive(Debug)]
pub struct LocalQuestion {
    pub question: Text,
    pub help: Option<Text>,
}

/// Why rules could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read the rules folder {folder}: {source}")]
    Read {
        folder: String,
        source: std::io::Error,
    },
    #[error("the rules have {} problem(s):\n{}", .0.iter().filter(|d| d.is_error()).count(), render(.0))]
    Invalid(Vec<Diagnostic>),
}

fn render(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

impl Rules {
    /// Loads and checks the rules of a folder, or the embedded defaults.
    pub fn load(dir: Option<&Path>) -> Result<(Rules, Vec<Diagnostic>), LoadError> {
        let files = match dir {
            Some(dir) => RuleFiles::from_dir(dir).map_err(|source| LoadError::Read {
                folder: dir.display().to_string(),
                source,
            })?,
            None => RuleFiles::embedded(),
        };
        let (rules, diagnostics) = validate::check(&files);
        match rules {
            Some(rules) => Ok((rules, diagnostics)),
            None => Err(LoadError::Invalid(diagnostics)),
        }
    }

    pub fn fact(&self, fact: FactIx) -> &Fact {
        &self.facts[fact.index()]
    }

    pub fn fact_by_id(&self, id: &str) -> Option<FactIx> {
        self.facts
            .iter()
            .position(|fact| fact.id == id)
            .map(fact_ix)
    }

    pub fn referral(&self, kind: KindIx) -> &Referral {
        &self.referrals[kind.index()]
    }

    pub fn rule(&self, rule: RuleIx) -> &PolicyRule {
        &self.policy[rule.index()]
    }

    /// The theme chosen among the answers, if any.
    pub fn theme(&self, answers: &Answers) -> Option<&Theme> {
        answers
            .get(self.theme_fact)
            .map(|value| &self.themes[usize::from(value)])
    }

    /// The territory of a département, if it has a file.
    pub fn territory(&self, department: &str) -> Option<&Territory> {
        self.territories
            .binary_search_by(|territory| territory.department.as_str().cmp(department))
            .ok()
            .map(|ix| &self.territories[ix])
    }

    /// What a territory knows of the programmes: all known, the ones it runs present.
    pub fn programmes_of(&self, territory: Option<&Territory>) -> Programmes {
        let present = territory.map_or(0, |territory| {
            territory
                .programmes
                .iter()
                .fold(0, |mask, local| mask | 1 << local.programme.0)
        });
        Programmes::known(self.programmes.len(), present)
    }

    /// The question text of a fact, as the resident's territory words it.
    pub fn question<'r>(
        &'r self,
        fact: FactIx,
        territory: Option<&'r Territory>,
    ) -> (&'r Text, Option<&'r Text>) {
        let local = territory.and_then(|territory| {
            territory
                .programmes
                .iter()
                .flat_map(|local| &local.questions)
                .find(|(f, _)| *f == fact)
                .map(|(_, question)| question)
        });
        let fact = self.fact(fact);
        match local {
            Some(local) => (&local.question, local.help.as_ref().or(fact.help.as_ref())),
            None => (&fact.question, fact.help.as_ref()),
        }
    }
}

pub(crate) fn fact_ix(ix: usize) -> FactIx {
    FactIx(u8::try_from(ix).expect("validate caps the number of facts"))
}
