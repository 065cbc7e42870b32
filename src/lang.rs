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
    /// Français facile (FALC, « facile à lire et à comprendre »): short sentences,
    /// common words.
    Falc,
    En,
    Ar,
    Es,
    Pt,
    Uk,
    Tr,
    /// Dari (Afghan Persian).
    Prs,
}

impl Lang {
    /// Every language, in the order of the language switch.
    pub const ALL: &'static [Lang] = &[
        Lang::Fr,
        Lang::Falc,
        Lang::En,
        Lang::Ar,
        Lang::Es,
        Lang::Pt,
        Lang::Uk,
        Lang::Tr,
        Lang::Prs,
    ];

    /// The code used in URLs, rule files and the API (`lang=fr`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::Falc => "falc",
            Lang::En => "en",
            Lang::Ar => "ar",
            Lang::Es => "es",
            Lang::Pt => "pt",
            Lang::Uk => "uk",
            Lang::Tr => "tr",
            Lang::Prs => "prs",
        }
    }

    /// The BCP 47 tag for the `lang` attribute of the page (FALC is French).
    pub fn html_tag(self) -> &'static str {
        match self {
            Lang::Fr | Lang::Falc => "fr",
            Lang::En => "en",
            Lang::Ar => "ar",
            Lang::Es => "es",
            Lang::Pt => "pt",
            Lang::Uk => "uk",
            Lang::Tr => "tr",
            Lang::Prs => "fa-AF",
        }
    }

    /// The language named in itself, for the language switch.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::Fr => "Français",
            Lang::Falc => "Français facile",
            Lang::En => "English",
            Lang::Ar => "العربية",
            Lang::Es => "Español",
            Lang::Pt => "Português",
            Lang::Uk => "Українська",
            Lang::Tr => "Türkçe",
            Lang::Prs => "دری",
        }
    }

    pub fn is_rtl(self) -> bool {
        match self {
            Lang::Ar | Lang::Prs => true,
            Lang::Fr | Lang::Falc | Lang::En | Lang::Es | Lang::Pt | Lang::Uk | Lang::Tr => false,
        }
    }

    /// Parses a code from a URL, a rule file or the API; `None` for a language we do not ship.
    pub fn parse(code: &str) -> Option<Lang> {
        Lang::ALL.iter().copied().find(|lang| lang.code() == code)
    }

    pub fn codes() -> Vec<&'static str> {
        Lang::ALL.iter().map(|lang| lang.code()).collect()
    }

    /// The language a browser asks for first (`Accept-Language: ar,fr;q=0.8`), among
    /// ours; French when none matches.
    pub fn negotiate(accept_language: &str) -> Lang {
        let mut wanted: Vec<(f32, &str)> = accept_language
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.split(';');
                let tag = pieces.next()?.trim();
                let quality = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.parse::<f32>().ok())
                    .unwrap_or(1.0);
                (!tag.is_empty() && quality > 0.0).then_some((quality, tag))
            })
            .take(20)
            .collect();
        wanted.sort_by(|a, b| b.0.total_cmp(&a.0));
        wanted
            .iter()
            .find_map(|(_, tag)| {
                let primary = tag.split('-').next().unwrap_or(tag).to_ascii_lowercase();
                match primary.as_str() {
                    // Dari is written `prs`, or `fa-AF`; other Persian is not Dari.
                    "fa" if tag.to_ascii_lowercase().ends_with("-af") => Some(Lang::Prs),
                    "fa" => None,
                    other => Lang::ALL
                        .iter()
                        .copied()
                        .find(|lang| lang.code() == other && *lang != Lang::Falc),
                }
            })
            .unwrap_or_default()
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn the_browser_language_is_honoured_among_ours() {
        assert_eq!(Lang::negotiate("ar-MA,ar;q=0.9,fr;q=0.8"), Lang::Ar);
        assert_eq!(Lang::negotiate("de-DE,de;q=0.9,en;q=0.5"), Lang::En);
        assert_eq!(Lang::negotiate("fa-AF"), Lang::Prs);
        assert_eq!(Lang::negotiate("fa-IR"), Lang::Fr);
        assert_eq!(Lang::negotiate(""), Lang::Fr);
        assert_eq!(Lang::negotiate("uk;q=0.2, tr;q=0.9"), Lang::Tr);
        assert_eq!(Lang::negotiate("*"), Lang::Fr);
    }
}
