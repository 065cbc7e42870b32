//! Texts a resident reads, in French and the other languages beside it.
//!
//! In a rule file a text is either a plain string (French only), a table of languages
//! (`label = { fr = "Allocations", en = "Benefits" }`), or `{ all = "caf.fr" }` for a
//! name that is the same in every language.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::lang::Lang;

/// A checked text: French always present, other languages optional.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    fr: Box<str>,
    others: Vec<(Lang, Box<str>)>,
    /// The same in every language (a name, an address).
    universal: bool,
}

impl Text {
    pub fn french(text: impl Into<Box<str>>) -> Text {
        Text {
            fr: text.into(),
            others: Vec::new(),
            universal: false,
        }
    }

    /// The text in `lang`, or in French when it has no translation.
    pub fn get(&self, lang: Lang) -> &str {
        self.others
            .iter()
            .find(|(l, _)| *l == lang)
            .map_or(&*self.fr, |(_, text)| &**text)
    }

    /// Whether the text was written in `lang` itself (French always is).
    pub fn has(&self, lang: Lang) -> bool {
        self.universal || lang == Lang::Fr || self.others.iter().any(|(l, _)| *l == lang)
    }

    /// The shipped languages this text lacks.
    pub fn missing(&self) -> Vec<Lang> {
        Lang::ALL
            .iter()
            .copied()
            .filter(|lang| !self.has(*lang))
            .collect()
    }
}

/// A text as written in a rule file.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum RawText {
    French(String),
    Translated(BTreeMap<String, String>),
}

/// Why a raw text cannot become a [`Text`].
#[derive(Debug, PartialEq, Eq)]
pub enum TextProblem {
    Empty,
    NoFrench,
    UnknownLanguage(String),
    AllAndLanguages,
}

impl RawText {
    pub fn check(&self) -> Result<Text, TextProblem> {
        match self {
            RawText::French(fr) => {
                let fr = fr.trim();
                if fr.is_empty() {
                    return Err(TextProblem::Empty);
                }
                Ok(Text::french(fr))
            }
            RawText::Translated(map) => {
                if let Some(all) = map.get("all") {
                    let all = all.trim();
                    if map.len() > 1 {
                        return Err(TextProblem::AllAndLanguages);
                    }
                    if all.is_empty() {
                        return Err(TextProblem::Empty);
                    }
                    return Ok(Text {
                        fr: all.into(),
                        others: Vec::new(),
                        universal: true,
                    });
                }
                let mut fr = None;
                let mut others = Vec::new();
                for (code, text) in map {
                    let lang = Lang::parse(code)
                        .ok_or_else(|| TextProblem::UnknownLanguage(code.clone()))?;
                    let text = text.trim();
                    if text.is_empty() {
                        return Err(TextProblem::Empty);
                    }
                    if lang == Lang::Fr {
                        fr = Some(text);
                    } else {
                        others.push((lang, text.into()));
                    }
                }
                let fr = fr.ok_or(TextProblem::NoFrench)?;
                Ok(Text {
                    fr: fr.into(),
                    others,
                    universal: false,
                })
            }
        }
    }
}
