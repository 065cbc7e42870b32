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

/// In right-to-left text, a number written in groups ("01 70 772 372") would show its
/// groups in reverse order: each such number is isolated as left-to-right (Unicode
/// LRI … PDI, invisible).
pub fn isolate_numbers(text: &str) -> String {
    const LRI: char = '\u{2066}';
    const PDI: char = '\u{2069}';
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit()
            || (chars[i] == '+' && chars.get(i + 1).is_some_and(char::is_ascii_digit))
        {
            // The longest run of digits with single spaces or dots between them.
            let mut end = i + 1;
            let mut last_digit = i;
            while end < chars.len() {
                let c = chars[end];
                if c.is_ascii_digit() {
                    last_digit = end;
                } else if !((c == ' ' || c == '.')
                    && chars.get(end + 1).is_some_and(char::is_ascii_digit))
                {
                    break;
                }
                end += 1;
            }
            let run: String = chars[i..=last_digit].iter().collect();
            if run.contains([' ', '.']) {
                out.push(LRI);
                out.push_str(&run);
                out.push(PDI);
            } else {
                out.push_str(&run);
            }
            i = last_digit + 1;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::isolate_numbers;

    #[test]
    fn grouped_numbers_are_isolated_for_right_to_left_text() {
        assert_eq!(
            isolate_numbers("اتصل بـ 01 70 772 372."),
            "اتصل بـ \u{2066}01 70 772 372\u{2069}."
        );
        assert_eq!(isolate_numbers("33700 و 10 €"), "33700 و 10 €");
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
                    } else if lang.is_rtl() {
                        others.push((lang, isolate_numbers(text).into()));
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
