//! The languages aiguillage speaks to residents.
//!
//! A closed set: adding a language means adding a variant here, its Fluent file in
//! `static/i18n/`, and its texts beside the French ones in `rules/`. `aiguillage check`
//! then reports every rule text still missing in it.

use std::fmt;

/// A language of the interface and of the rule texts. French is the reference: every
/// text exists in French, and any other language falls back to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Lang {
    #[default]
    Fr,
}

impl Lang {
    /// Every language, in the order of the language switch.
    pub const ALL: &'static [Lang] = &[Lang::Fr];

    /// The code used in URLs, rule files and the API (`lang=fr`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
        }
    }

    /// The BCP 47 tag for the `lang` attribute of the page.
    pub fn html_tag(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
        }
    }

    /// The language named in itself, for the language switch.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::Fr => "Français",
        }
    }

    pub fn is_rtl(self) -> bool {
        match self {
            Lang::Fr => false,
        }
    }

    /// Parses a code from a URL, a rule file or the API; `None` for a language we do not ship.
    pub fn parse(code: &str) -> Option<Lang> {
        Lang::ALL.iter().copied().find(|lang| lang.code() == code)
    }

    pub fn codes() -> Vec<&'static str> {
        Lang::ALL.iter().map(|lang| lang.code()).collect()
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}
