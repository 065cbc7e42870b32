//! Folding text for comparison: what a resident types against what the data says.
//!
//! "Saint-Jean-d'Angély", "ST JEAN D ANGELY" and "saint jean dangely" should meet.

use unicode_normalization::UnicodeNormalization;

/// Lowercase, without accents, with apostrophes, hyphens and punctuation turned into
/// single spaces, and ligatures spelt out (`œ` → `oe`).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for c in text.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        let lower = c.to_lowercase();
        for c in lower {
            match c {
                'œ' => push_word(&mut out, "oe", &mut space),
                'æ' => push_word(&mut out, "ae", &mut space),
                'ß' => push_word(&mut out, "ss", &mut space),
                c if c.is_alphanumeric() => {
                    out.push(c);
                    space = false;
                }
                _ => {
                    if !space {
                        out.push(' ');
                        space = true;
                    }
                }
            }
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

fn push_word(out: &mut String, word: &str, space: &mut bool) {
    out.push_str(word);
    *space = false;
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn accents_case_and_punctuation_are_folded() {
        assert_eq!(fold("Saint-Jean-d'Angély"), "saint jean d angely");
        assert_eq!(fold("  L’Œuvre   Été!! "), "l oeuvre ete");
        assert_eq!(fold(""), "");
    }
}
