//! From a resident's text to the words that are compared with the vocabulary.
//!
//! Owns the one pipeline every text goes through, the vocabulary's phrases included:
//! fold (case, accents, apostrophes, punctuation), replace spellings, drop fillers, write
//! every negation as the first one listed ("jamais reçu" is "pas reçu", "ne marche plus"
//! is "ne marche pas"), mark denied words. Must never fail on any text, nor let its cost grow without bound: the
//! text is cut to [`MAX_CHARS`] and to [`MAX_WORDS`].

use std::collections::{HashMap, HashSet};

use crate::normalize::fold;
use crate::rules::Language;

/// Only this much of a text is read. A resident's problem fits in a few sentences; the
/// API refuses more than 1000 characters, and this keeps any other caller's cost bounded.
pub const MAX_CHARS: usize = 2000;
/// Words kept after spellings are replaced (a spelling can stand for several words).
pub const MAX_WORDS: usize = 300;

/// One word of a text, as compared with the vocabulary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    /// The sentence or clause it belongs to: phrases never span two of them.
    pub clause: u32,
    /// The sentence it belongs to (clauses end at commas too, sentences do not).
    pub sentence: u32,
    /// Its sentence ends with a question mark.
    pub asks: bool,
    /// Right after a negation ("pas", "sans"), fillers skipped.
    pub denied: bool,
}

/// The language data of `language.toml`, ready to use.
#[derive(Debug)]
pub struct Pipeline {
    /// One-word spellings, and two-word ones keyed "first second".
    spellings: HashMap<String, Vec<String>>,
    /// First words of the two-word spellings, to try those only when they can match.
    pair_starts: HashSet<String>,
    negations: HashSet<String>,
    /// The negation every other one is written as: the first listed.
    negation: String,
    fillers: HashSet<String>,
}

/// Characters that end a sentence, and with it a clause.
fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | ';' | '!' | '?' | '\n' | '\r' | '…' | '¿' | '¡')
}

/// Characters that end a clause: a phrase does not run across them.
fn ends_clause(c: char) -> bool {
    ends_sentence(c) || matches!(c, ',' | ':' | '(' | ')' | '|' | '/')
}

impl Pipeline {
    pub fn new(language: &Language) -> Pipeline {
        let mut spellings = HashMap::new();
        let mut pair_starts = HashSet::new();
        for (spelt, meant) in &language.spellings {
            if let Some((first, _)) = spelt.split_once(' ') {
                pair_starts.insert(first.to_owned());
            }
            let words = meant.split(' ').map(str::to_owned).collect();
            spellings.insert(spelt.clone(), words);
        }
        Pipeline {
            spellings,
            pair_starts,
            negations: language.negations.iter().cloned().collect(),
            negation: language.negations.first().cloned().unwrap_or_default(),
            fillers: language.fillers.iter().cloned().collect(),
        }
    }

    pub fn is_negation(&self, word: &str) -> bool {
        self.negations.contains(word)
    }

    /// Whether a word only shapes the sentence: never taken for a typo of a vocabulary word.
    pub fn is_grammar(&self, word: &str) -> bool {
        self.fillers.contains(word) || self.negations.contains(word)
    }

    /// The words of `text` that carry meaning, in order, fillers dropped.
    pub fn words(&self, text: &str) -> Vec<Word> {
        let text = cap(text, MAX_CHARS);
        let mut words = Vec::new();
        let mut sentence = 0u32;
        for (clause, piece) in text.split_inclusive(ends_clause).enumerate() {
            let clause = u32::try_from(clause).unwrap_or(u32::MAX);
            // Whether the previous kept word was a negation: the next one is denied.
            let mut denying = false;
            let folded = fold(piece);
            let raw: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
            let mut ix = 0;
            while ix < raw.len() && words.len() < MAX_WORDS {
                let (replacement, used) = self.spelling(&raw, ix);
                let expanded: Vec<&str> = match replacement {
                    Some(meant) => meant.iter().map(String::as_str).collect(),
                    None => vec![raw[ix]],
                };
                ix += used;
                for word in expanded {
                    if self.fillers.contains(word) || words.len() >= MAX_WORDS {
                        continue;
                    }
                    // Negations say the same whichever is written: phrases listed with one
                    // ("pas d'ordinateur", "ne marche plus") match them all.
                    let negation = self.negations.contains(word);
                    let text = if negation { &self.negation } else { word };
                    words.push(Word {
                        text: text.to_owned(),
                        clause,
                        sentence,
                        asks: false,
                        denied: denying,
                    });
                    denying = negation;
                }
            }
            if piece.ends_with(ends_sentence) {
                if piece.ends_with('?') {
                    for word in words.iter_mut().rev() {
                        if word.sentence != sentence {
                            break;
                        }
                        word.asks = true;
                    }
                }
                sentence = sentence.saturating_add(1);
            }
            if words.len() >= MAX_WORDS {
                break;
            }
        }
        words
    }

    /// The spelling that replaces the word at `ix` (or the two words from `ix`), and how
    /// many words it replaces.
    fn spelling(&self, raw: &[&str], ix: usize) -> (Option<&[String]>, usize) {
        if let Some(next) = raw.get(ix + 1)
            && self.pair_starts.contains(raw[ix])
            && let Some(meant) = self.spellings.get(&format!("{} {next}", raw[ix]))
        {
            return (Some(meant), 2);
        }
        (self.spellings.get(raw[ix]).map(Vec::as_slice), 1)
    }

    /// A vocabulary phrase as the words it is compared with.
    pub fn phrase(&self, phrase: &str) -> Vec<String> {
        self.words(phrase)
            .into_iter()
            .map(|word| word.text)
            .collect()
    }
}

/// The first `max` characters of `text`.
fn cap(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pipeline() -> Pipeline {
        Pipeline::new(&Language {
            spellings: vec![
                ("pa".into(), "pas".into()),
                ("jarive".into(), "j arrive".into()),
                ("don t".into(), "do not".into()),
            ],
            negations: vec!["pas".into(), "not".into()],
            fillers: vec!["j".into(), "d".into(), "a".into(), "la".into()],
            elsewhere: Vec::new(),
            settled: Vec::new(),
            offtopic: Vec::new(),
        })
    }

    fn texts(words: &[Word]) -> Vec<&str> {
        words.iter().map(|w| w.text.as_str()).collect()
    }

    #[test]
    fn case_accents_apostrophes_and_spellings_are_normalised() {
        let words = pipeline().words("JARIVE pa à me Connecter à la CAF !");
        assert_eq!(
            texts(&words),
            ["arrive", "pas", "me", "connecter", "caf"],
            "{words:?}"
        );
    }

    #[test]
    fn two_word_spellings_join_what_an_apostrophe_split() {
        let words = pipeline().words("I don't have");
        assert_eq!(texts(&words), ["i", "do", "pas", "have"]);
        assert!(words[3].denied);
    }

    #[test]
    fn every_negation_is_written_as_the_first_listed() {
        let words = pipeline().words("not internet, pas internet");
        assert_eq!(texts(&words), ["pas", "internet", "pas", "internet"]);
        assert!(words[1].denied && words[3].denied);
    }

    #[test]
    fn a_negation_denies_the_next_word_past_fillers_within_its_clause() {
        let words = pipeline().words("pas d'ordinateur, internet");
        assert_eq!(texts(&words), ["pas", "ordinateur", "internet"]);
        assert_eq!(
            words.iter().map(|w| w.denied).collect::<Vec<_>>(),
            [false, true, false]
        );
        assert_ne!(words[1].clause, words[2].clause);
    }

    #[test]
    fn commas_end_clauses_and_full_stops_end_sentences() {
        let words = pipeline().words("carte vitale, ameli. garage? bus\nmairie");
        let at = |w: &Word| (w.clause, w.sentence);
        assert_eq!(
            words.iter().map(at).collect::<Vec<_>>(),
            [(0, 0), (0, 0), (1, 0), (2, 1), (3, 2), (4, 3)]
        );
    }

    #[test]
    fn the_words_of_a_sentence_ending_with_a_question_mark_ask() {
        let words = pipeline().words("caf. garage ? bus, mairie ?? la");
        assert_eq!(
            words.iter().map(|w| w.asks).collect::<Vec<_>>(),
            [false, true, true, true]
        );
    }

    #[test]
    fn long_texts_are_cut_to_their_first_characters_and_words() {
        let many_words = "mot ".repeat(10_000);
        assert_eq!(pipeline().words(&many_words).len(), MAX_WORDS);
        let expanding = "don't ".repeat(10_000);
        assert_eq!(pipeline().words(&expanding).len(), MAX_WORDS);
        let late = format!("{} caf", "x".repeat(MAX_CHARS));
        assert_eq!(texts(&pipeline().words(&late)), ["x".repeat(MAX_CHARS)]);
    }
}
