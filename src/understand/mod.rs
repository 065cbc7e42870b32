//! Understanding a resident's own words: which theme they come for, if any, and which
//! answers they already gave ("je n'ai pas d'ordinateur" → device = none).
//!
//! Owns the scoring of free text against the vocabulary of `rules/` (the `strong`,
//! `words`, `hints`, `unless` and `first_when` of each theme, the `words` and `negated`
//! of each answer, and `language.toml` with its `elsewhere` phrases), compiled once per
//! rules load by [`Understander::new`].
//! Must never fail or panic, whatever the text; never do IO, read the clock or log the
//! text; never hold a theme word: every word comes from the rule files.
//!
//! How a text is scored: its words are normalised (`text`), recognised as vocabulary
//! words exactly, by stem or as typos (`lexicon`), then the vocabulary's phrases are
//! found, longest first: a word inside a longer phrase no longer counts on its own
//! ("emploi du temps" is not "emploi"). Each phrase found adds its weight to its themes;
//! a phrase listed by several themes weighs less (it says little). The best theme is
//! the answer when its score reaches [`MIN_SCORE`], otherwise the text is out of scope.

pub mod eval;
mod lexicon;
mod text;

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::lang::Lang;
use crate::rules::{FactIx, Rules, fact_ix};
use lexicon::{Lexicon, Quality, Shape, WordId};
use text::{Pipeline, Word};

pub use text::{MAX_CHARS, MAX_WORDS};

/// The weight of a theme's `strong` phrase: one of them outweighs two ordinary words of
/// another theme, so that "SMS de l'Assurance Maladie avec un lien" is a scam.
const STRONG: f32 = 2.5;
/// The weight of a theme's ordinary `words`: one is enough to be understood.
const WORD: f32 = 1.0;
/// The weight of a `hint`: below [`MIN_SCORE`] alone, it takes two hints or a hint
/// beside a word to decide.
const HINT: f32 = 0.45;
/// Hints add up to two hints' worth at most: a theme only hinted at ("pas d'ordinateur
/// ni de portable") is understood when nothing else is named, but never outweighs a
/// theme the text names ("… pouvez-vous faire ma demande de retraite").
const HINTS_CAP: f32 = 2.0 * HINT;
/// Each word of a phrase beyond the first adds this share to its weight: a longer phrase
/// is more specific ("lettre de motivation" says more than "apprendre").
const PHRASE_BONUS: f32 = 0.25;
/// Phrases longer than this many words get no more bonus.
const MAX_BONUS_WORDS: usize = 3;
/// A phrase that starts with a negation ("pas d'ordinateur", "sans internet") describes
/// the resident's situation more than what they come for: it weighs this share, enough
/// to be understood alone, but less than any theme the text names ("j'ai pas d'ordi pour
/// mes impôts" is about taxes).
const DENIAL: f32 = 0.8;
/// The score a theme needs to be the answer. Set so that one ordinary word (even found
/// by its stem or as a typo), or two hints, is enough, while one hint alone, or a word
/// that several themes share, is not: "bonjour", "j'ai mal au dos" or "un café" must
/// come out as not understood, not as the nearest theme.
const MIN_SCORE: f32 = 0.75;
/// The share of its weight a phrase keeps when the text asks, in another sentence, for
/// something that is not ours ("la CAF m'a versé l'APL, merci. Vous connaissez un
/// plombier ?"): even a strong phrase beside a word falls below [`MIN_SCORE`], so the
/// story around such a request is not taken for what the resident comes for, while a
/// text naming its theme again and again is still understood.
const ASIDE: f32 = 0.1;
/// How many themes [`Understanding::candidates`] lists at most.
const MAX_CANDIDATES: usize = 3;
/// Scores are turned into 0..1 with `1 - exp(-score / SCALE)`: a theme at the minimum
/// score is about 0.6, one with two words about 0.9.
const SCALE: f32 = 0.8;

/// What a text says, as far as the vocabulary tells.
#[derive(Clone, Debug, PartialEq)]
pub struct Understanding {
    /// Index into `rules.themes`; `None` when the text is not understood or out of scope.
    pub theme: Option<usize>,
    /// How sure [`Understanding::theme`] is, from 0 to 1 (for `None` too: how sure the
    /// text is about none of the themes).
    pub confidence: f32,
    /// Themes the text points to, best first, each with a score from 0 to 1.
    pub candidates: Vec<(usize, f32)>,
    /// The answers the text states, one at most per fact, in the order of `rules.facts`.
    pub facts: Vec<(FactIx, u8)>,
}

/// A phrase (or word) of the themes' vocabulary, with what it weighs for each theme.
#[derive(Debug)]
struct ThemeTerm {
    words: Vec<WordId>,
    /// For each theme listing it: the theme, the weight (already lowered when several
    /// themes share the phrase), whether it is only a hint, and the entry it comes from.
    /// Empty for a phrase of `language.toml`.
    themes: Vec<Listing>,
    /// What a phrase of `language.toml` does to the theme phrases around it.
    role: Role,
    /// The phrase as listed, for [`Understander::explain`].
    text: String,
}

/// What a phrase does beside pointing to themes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// A theme phrase, or a phrase of `elsewhere`: it hides the shorter phrases inside it.
    Plain,
    /// A phrase of `settled`: what comes before it in its sentence points to no theme.
    Settled,
    /// A phrase of `offtopic`: in the sentence that asks, or after the last sentence
    /// naming a theme, while the asking sentence names none, it makes what the other
    /// sentences name background.
    Offtopic,
}

/// A theme phrase as one theme lists it.
#[derive(Clone, Copy, Debug)]
struct Listing {
    theme: usize,
    weight: f32,
    hint: bool,
    /// The entry of the rule file (one line between quotes): its phrases count once.
    entry: u32,
}

/// A phrase that gives an answer to a question.
#[derive(Debug)]
struct FactTerm {
    words: Vec<WordId>,
    fact: FactIx,
    choice: u8,
    /// Listed under `negated`: counts only when denied, otherwise only when not.
    negated: bool,
}

/// The vocabulary of a set of rules, compiled for understanding texts. Built once per
/// rules load; read-only and shareable between threads afterwards.
#[derive(Debug)]
pub struct Understander {
    pipeline: Pipeline,
    lexicon: Lexicon,
    themes: usize,
    theme_terms: Vec<ThemeTerm>,
    /// First word of a phrase → the theme phrases starting with it.
    theme_index: HashMap<WordId, Vec<u32>>,
    /// Second word of a phrase → the theme phrases of two words or more: to find them
    /// when their first word has a typo.
    theme_second: HashMap<WordId, Vec<u32>>,
    fact_terms: Vec<FactTerm>,
    fact_index: HashMap<WordId, Vec<u32>>,
    fact_second: HashMap<WordId, Vec<u32>>,
    /// Words that follow each other in a phrase, to split words glued together.
    pairs: HashSet<(WordId, WordId)>,
    /// For each theme, the answers that rule it out of a text naming another theme.
    unless: Vec<Vec<(FactIx, u8)>>,
    /// For each theme, the answers that put it first when a text names it.
    first_when: Vec<Vec<(FactIx, u8)>>,
}

/// What the phrases found in a text give each theme.
struct Scores {
    score: Vec<f32>,
    /// The share of each score that comes from `strong` phrases and `words`: what the
    /// text names, beside what it only hints at.
    named: Vec<f32>,
    /// The position of the first word that counted for each theme.
    first: Vec<usize>,
    /// Each phrase that counted: term, quality, first word, number of words.
    credited: Vec<(u32, Quality, usize, usize)>,
}

/// A phrase found in a text.
#[derive(Clone, Copy, Debug)]
struct Found {
    term: u32,
    start: usize,
    len: usize,
    quality: Quality,
}

impl Understander {
    pub fn new(rules: &Rules) -> Understander {
        let pipeline = Pipeline::new(&rules.language);
        let mut lexicon = Lexicon::default();
        let mut theme_terms: Vec<ThemeTerm> = Vec::new();
        let mut by_words: HashMap<Vec<WordId>, usize> = HashMap::new();
        let mut entries = 0u32;
        for (theme, definition) in rules.themes.iter().enumerate() {
            let vocabulary = &definition.vocabulary;
            let lists = [
                (&vocabulary.strong, STRONG, false),
                (&vocabulary.words, WORD, false),
                (&vocabulary.hints, HINT, true),
            ];
            for (list, weight, hint) in lists {
                for phrases in list {
                    entries += 1;
                    for phrase in phrases {
                        let written = pipeline.phrase(phrase);
                        // Negations make a phrase no more specific ("pas cher").
                        let meaningful = written
                            .iter()
                            .filter(|word| !pipeline.is_negation(word))
                            .count();
                        let words: Vec<WordId> =
                            written.iter().map(|word| lexicon.intern(word)).collect();
                        if words.is_empty() {
                            continue;
                        }
                        let ix = *by_words.entry(words.clone()).or_insert_with(|| {
                            theme_terms.push(ThemeTerm {
                                words,
                                themes: Vec::new(),
                                role: Role::Plain,
                                text: phrase.clone(),
                            });
                            theme_terms.len() - 1
                        });
                        let extra = meaningful.clamp(1, MAX_BONUS_WORDS) - 1;
                        let denial = written
                            .first()
                            .is_some_and(|word| pipeline.is_negation(word));
                        let listing = Listing {
                            theme,
                            weight: weight
                                * (1.0 + PHRASE_BONUS * extra as f32)
                                * if denial { DENIAL } else { 1.0 },
                            hint,
                            entry: entries,
                        };
                        let term = &mut theme_terms[ix];
                        match term.themes.iter_mut().find(|l| l.theme == theme) {
                            Some(known) if known.weight >= listing.weight => {}
                            Some(known) => *known = listing,
                            None => term.themes.push(listing),
                        }
                    }
                }
            }
        }
        // Phrases that use a theme's words in another sense point to no theme: found in
        // a text, they only hide the shorter phrases inside them ("retraite aux
        // flambeaux" is not about a pension).
        // Phrases saying a matter is settled ("ma carte vitale est à jour") do the same
        // for what comes before them in their sentence, and phrases of requests that are
        // not ours ("un plombier") make the rest of the text background.
        let other_senses = [
            (&rules.language.elsewhere, Role::Plain),
            (&rules.language.settled, Role::Settled),
            (&rules.language.offtopic, Role::Offtopic),
        ];
        for (list, role) in other_senses {
            for phrase in list.iter().flatten() {
                let words: Vec<WordId> = pipeline
                    .phrase(phrase)
                    .iter()
                    .map(|word| lexicon.intern(word))
                    .collect();
                // A phrase listed in `elsewhere` too takes the later role, and so does a
                // theme's hint ("cadeau" hints at a scam, and asks for a gift): it names
                // no theme.
                if let Some(&known) = by_words.get(&words) {
                    let term = &mut theme_terms[known];
                    if term.themes.iter().all(|listing| listing.hint) {
                        term.role = role;
                    }
                } else if !words.is_empty() {
                    by_words.insert(words.clone(), theme_terms.len());
                    theme_terms.push(ThemeTerm {
                        words,
                        themes: Vec::new(),
                        role,
                        text: phrase.clone(),
                    });
                }
            }
        }
        // A phrase several themes list says little about which one the text is about:
        // its weight falls like an inverse document frequency, to about half when two
        // themes share it, and to a quarter when every theme does.
        let count = rules.themes.len().max(1) as f32;
        for term in &mut theme_terms {
            let shared = term.themes.len().max(1) as f32;
            let specificity = (1.0 + count / shared).ln() / (1.0 + count).ln();
            for listing in &mut term.themes {
                listing.weight *= specificity;
            }
        }
        lift_to_their_parts(&mut theme_terms, &by_words);
        let theme_index = index(theme_terms.iter().map(|term| term.words.as_slice()), 0);
        let theme_second = index(theme_terms.iter().map(|term| term.words.as_slice()), 1);

        let mut fact_terms = Vec::new();
        for (fact, definition) in rules.facts.iter().enumerate() {
            for (choice, answer) in definition.choices.iter().enumerate() {
                let lists = [(&answer.words, false), (&answer.negated, true)];
                for (list, negated) in lists {
                    for phrase in list.iter().flatten() {
                        let words: Vec<WordId> = pipeline
                            .phrase(phrase)
                            .iter()
                            .map(|word| lexicon.intern(word))
                            .collect();
                        if words.is_empty() {
                            continue;
                        }
                        fact_terms.push(FactTerm {
                            words,
                            fact: fact_ix(fact),
                            choice: u8::try_from(choice).unwrap_or(u8::MAX),
                            negated,
                        });
                    }
                }
            }
        }
        let fact_index = index(fact_terms.iter().map(|term| term.words.as_slice()), 0);
        let fact_second = index(fact_terms.iter().map(|term| term.words.as_slice()), 1);
        let pairs = theme_terms
            .iter()
            .map(|term| term.words.as_slice())
            .chain(fact_terms.iter().map(|term| term.words.as_slice()))
            .flat_map(|words| words.windows(2).map(|pair| (pair[0], pair[1])))
            .collect();
        Understander {
            pairs,
            pipeline,
            lexicon,
            themes: rules.themes.len(),
            theme_terms,
            theme_index,
            theme_second,
            fact_terms,
            fact_index,
            fact_second,
            unless: rules
                .themes
                .iter()
                .map(|theme| theme.vocabulary.unless.clone())
                .collect(),
            first_when: rules
                .themes
                .iter()
                .map(|theme| theme.vocabulary.first_when.clone())
                .collect(),
        }
    }

    /// How many distinct words the vocabulary holds.
    pub fn vocabulary_size(&self) -> usize {
        self.lexicon.len()
    }

    /// What `text` says. `lang` is the language of the interface the resident uses; the
    /// vocabulary of every language is used whatever it is, since residents mix them.
    pub fn understand(&self, text: &str, lang: Lang) -> Understanding {
        let _ = lang;
        let (words, recognised) = self.recognise(text);
        let scores = self.theme_scores(&words, &recognised);
        let mut ranked: Vec<(usize, f32)> = scores
            .score
            .iter()
            .copied()
            .enumerate()
            .filter(|(_, score)| *score > 0.0)
            .collect();
        // Between equal scores, the theme named first wins: residents name what they come
        // for, then the context ("ma CSS est refusée alors que je touche le RSA").
        ranked.sort_by_key(|&(theme, score)| {
            (
                std::cmp::Reverse((score * 1000.0).round() as i64),
                scores.first[theme],
                theme,
            )
        });
        // A theme the text's own answers rule out ("… faites-le pour moi" is not coming
        // to learn) gives way to another theme the text names well enough.
        let facts = self.facts(&words, &recognised);
        let stated = |answers: Option<&Vec<(FactIx, u8)>>| {
            answers.is_some_and(|answers| answers.iter().any(|answer| facts.contains(answer)))
        };
        let ruled_out = |theme: usize| stated(self.unless.get(theme));
        if ranked
            .iter()
            .any(|&(theme, score)| score >= MIN_SCORE && !ruled_out(theme))
        {
            ranked.retain(|&(theme, _)| !ruled_out(theme));
        }
        // A theme the text's own answers put first ("je veux apprendre à déclarer mes
        // revenus" is coming to learn) goes ahead of the others when the text names it,
        // not only hints at it. A stable sort: otherwise the order of the scores stays.
        ranked.sort_by_key(|&(theme, _)| {
            !(scores.named[theme] >= MIN_SCORE && stated(self.first_when.get(theme)))
        });
        let best = ranked.first().map_or(0.0, |(_, score)| *score);
        let second = ranked.get(1).map_or(0.0, |(_, score)| *score);
        let theme = ranked
            .first()
            .filter(|(_, score)| *score >= MIN_SCORE)
            .map(|(theme, _)| *theme);
        let confidence = match theme {
            // Sure when the evidence is strong and no other theme comes close.
            Some(_) => squash(best) * best / (best + second),
            None => 1.0 - squash(best),
        };
        let candidates = ranked
            .iter()
            .take(MAX_CANDIDATES)
            .map(|(theme, score)| (*theme, squash(*score)))
            .collect();
        Understanding {
            theme,
            confidence: confidence.clamp(0.0, 1.0),
            candidates,
            facts,
        }
    }

    /// The phrases found in `text`, each with its themes and weights, for tuning the
    /// vocabulary ("caf ← « caf » 1.00").
    pub fn explain(&self, text: &str, rules: &Rules) -> Vec<String> {
        let (words, recognised) = self.recognise(text);
        self.theme_scores(&words, &recognised)
            .credited
            .iter()
            .map(|(term, quality, start, len)| {
                let term = &self.theme_terms[*term as usize];
                let written: Vec<&str> = words[*start..*start + *len]
                    .iter()
                    .map(|word| word.text.as_str())
                    .collect();
                let themes: Vec<String> = term
                    .themes
                    .iter()
                    .map(|listing| {
                        let id = rules
                            .themes
                            .get(listing.theme)
                            .map_or("?", |t| t.id.as_str());
                        format!("{id} {:.2}", listing.weight * quality)
                    })
                    .collect();
                let themes = if term.role == Role::Settled {
                    vec!["no theme for what comes before it (settled)".to_owned()]
                } else if term.role == Role::Offtopic {
                    // A theme's hint can be a request that is not ours too ("cadeau").
                    let mut themes = themes;
                    themes.push("a request that is not ours (offtopic)".to_owned());
                    themes
                } else if themes.is_empty() {
                    vec!["no theme (elsewhere)".to_owned()]
                } else {
                    themes
                };
                format!(
                    "« {} » as « {} » → {}",
                    written.join(" "),
                    term.text,
                    themes.join(", ")
                )
            })
            .collect()
    }

    /// The words of `text`, and the vocabulary words each may be. A word recognised in
    /// no way that splits into vocabulary words (« cartevitale ») stands for them.
    fn recognise(&self, text: &str) -> (Vec<Word>, Vec<Vec<(WordId, Quality)>>) {
        let mut words = Vec::new();
        let mut recognised = Vec::new();
        let mut found = Vec::new();
        for word in self.pipeline.words(text) {
            let grammar = self.pipeline.is_grammar(&word.text);
            self.lexicon.recognise(&word.text, grammar, &mut found);
            let parts = if found.is_empty() && !grammar {
                self.lexicon.unglue(
                    &word.text,
                    |part| self.pipeline.is_grammar(part),
                    |first, second| self.pairs.contains(&(first, second)),
                )
            } else {
                None
            };
            let Some(parts) = parts else {
                words.push(word);
                recognised.push(found.clone());
                continue;
            };
            for (ix, part) in parts.into_iter().enumerate() {
                if self.pipeline.is_grammar(part) {
                    continue;
                }
                recognised.push(
                    self.lexicon
                        .exact(part)
                        .map(|id| vec![(id, lexicon::EXACT)])
                        .unwrap_or_default(),
                );
                words.push(Word {
                    text: part.to_owned(),
                    clause: word.clause,
                    sentence: word.sentence,
                    asks: word.asks,
                    denied: word.denied && ix == 0,
                });
            }
        }
        (words, recognised)
    }

    /// Each theme's score, and the phrases that counted.
    fn theme_scores(&self, words: &[Word], recognised: &[Vec<(WordId, Quality)>]) -> Scores {
        let found = self.find(
            words,
            recognised,
            [&self.theme_index, &self.theme_second],
            |term| self.theme_terms[term as usize].words.as_slice(),
        );
        let hits = outermost(found);
        let mut credited: Vec<(u32, Quality, usize, usize)> = Vec::new();
        for &hit in &hits {
            // A phrase written twice counts once.
            match credited.iter_mut().find(|(term, ..)| *term == hit.term) {
                Some((_, quality, ..)) => *quality = quality.max(hit.quality),
                None => credited.push((hit.term, hit.quality, hit.start, hit.len)),
            }
        }
        // What a sentence says is settled before a `settled` phrase counts for nothing;
        // only a phrase written as listed says so ("tout régler" is not "tout réglé").
        let settled: Vec<(u32, usize)> = credited
            .iter()
            .filter(|(term, quality, ..)| {
                self.theme_terms[*term as usize].role == Role::Settled && *quality >= lexicon::EXACT
            })
            .map(|&(_, _, start, _)| (words[start].sentence, start))
            .collect();
        let is_settled = |start: usize| {
            settled
                .iter()
                .any(|&(sentence, at)| words[start].sentence == sentence && start < at)
        };
        // When the sentence that asks names no theme, only hints at one, and a request
        // that is not ours is named in it ("… vous connaissez un serrurier pas cher ?")
        // or after the last sentence naming a theme ("Ma retraite est versée. Je fais du
        // bénévolat. Vous savez à qui m'adresser ?"), what the other sentences name is
        // the story around it, not what the resident comes for.
        let aside = asking_sentence(words).filter(|&asking| {
            let named = |hit: &Found| {
                self.theme_terms[hit.term as usize]
                    .themes
                    .iter()
                    .any(|listing| !listing.hint)
                    && !is_settled(hit.start)
            };
            let last_named = hits
                .iter()
                .filter(|hit| named(hit))
                .map(|hit| words[hit.start].sentence)
                .max();
            let (mut offtopic, mut themed) = (false, false);
            for hit in &hits {
                let sentence = words[hit.start].sentence;
                let here = sentence == asking;
                let later = last_named.is_none_or(|last| sentence > last);
                let term = &self.theme_terms[hit.term as usize];
                // Read as written or as another form, not as a typo ("habite" is not
                // "habits").
                offtopic |=
                    (here || later) && term.role == Role::Offtopic && hit.quality >= lexicon::STEM;
                themed |= here && named(hit);
            }
            offtopic && !themed
        });
        let share = |start: usize| match aside {
            Some(asking) if words[start].sentence != asking => ASIDE,
            _ => 1.0,
        };
        // An entry of the rule file counts once ("pas|ni ordi|portable" in "ni ordi ni
        // portable"), and several forms of one word listed for a theme ("retraite",
        // "retraites") match the same words of the text: for each theme, an entry and a
        // stretch of text each count once, with the best of their phrases.
        let mut by_entry: BTreeMap<(usize, u32), (f32, bool, usize, usize)> = BTreeMap::new();
        for (term, quality, start, len) in credited.iter().filter(|hit| !is_settled(hit.2)) {
            for listing in &self.theme_terms[*term as usize].themes {
                let value = listing.weight * quality * share(*start);
                let slot = by_entry.entry((listing.theme, listing.entry)).or_insert((
                    0.0,
                    listing.hint,
                    *start,
                    *len,
                ));
                if value > slot.0 {
                    *slot = (value, listing.hint, *start, *len);
                }
            }
        }
        let mut counted: BTreeMap<(usize, usize, usize), (f32, bool)> = BTreeMap::new();
        for ((theme, _), (value, hint, start, len)) in by_entry {
            let slot = counted.entry((theme, start, len)).or_insert((0.0, hint));
            if value > slot.0 {
                *slot = (value, hint);
            }
        }
        let mut scores = Scores {
            score: vec![0.0; self.themes],
            named: vec![0.0; self.themes],
            first: vec![usize::MAX; self.themes],
            credited,
        };
        let mut hinted = vec![0.0f32; self.themes];
        for ((theme, start, _), (value, hint)) in counted {
            if theme < self.themes {
                if hint {
                    hinted[theme] += value;
                } else {
                    scores.score[theme] += value;
                }
                scores.first[theme] = scores.first[theme].min(start);
            }
        }
        scores.named.clone_from(&scores.score);
        for (score, hints) in scores.score.iter_mut().zip(hinted) {
            *score += hints.min(HINTS_CAP);
        }
        scores
    }

    /// Every phrase whose words follow each other in one clause of the text. `indexes`
    /// are the phrases by first and by second word: a phrase of several words is also
    /// found when one of its words has a typo that only its neighbours make sure of
    /// (« fance travail », « carte vitalle », « mot de pase »).
    fn find<'t>(
        &self,
        words: &[Word],
        recognised: &[Vec<(WordId, Quality)>],
        [by_first, by_second]: [&HashMap<WordId, Vec<u32>>; 2],
        term_words: impl Fn(u32) -> &'t [WordId],
    ) -> Vec<Found> {
        let mut found: Vec<Found> = Vec::new();
        // What each word of the text is like, worked out once for all the phrases.
        let words: Vec<(&Word, bool, Shape)> = words
            .iter()
            .map(|word| {
                let grammar = self.pipeline.is_grammar(&word.text);
                (word, grammar, Shape::of(&word.text))
            })
            .collect();
        for (at, candidates) in recognised.iter().enumerate() {
            let anchored = [(by_first, 0), (by_second, 1)];
            for (index, position) in anchored {
                let Some(start) = at.checked_sub(position) else {
                    continue;
                };
                // By its second word, a phrase is looked for only where the word before
                // is unknown: a typo of the first word, not another word.
                if position == 1 && !recognised[start].is_empty() {
                    continue;
                }
                for (anchor, _) in candidates {
                    for &term in index.get(anchor).into_iter().flatten() {
                        if let Some(quality) =
                            self.matches(&words, recognised, start, term_words(term))
                        {
                            found.push(Found {
                                term,
                                start,
                                len: term_words(term).len(),
                                quality,
                            });
                        }
                    }
                }
            }
        }
        // A phrase found from its first and from its second word is one phrase.
        found.sort_by(|a, b| {
            (a.term, a.start)
                .cmp(&(b.term, b.start))
                .then(b.quality.total_cmp(&a.quality))
        });
        found.dedup_by(|a, b| a.term == b.term && a.start == b.start);
        found
    }

    /// How sure the phrase `wanted` is at `start` of the text, if it is there: each word
    /// recognised, all in one clause, and at most one word of a longer phrase near enough
    /// to its own (a typo), when it is not a small grammar word.
    fn matches(
        &self,
        words: &[(&Word, bool, Shape)],
        recognised: &[Vec<(WordId, Quality)>],
        start: usize,
        wanted: &[WordId],
    ) -> Option<Quality> {
        let here = words.get(start..start + wanted.len())?;
        let clause = here.first()?.0.clause;
        let mut quality = lexicon::EXACT;
        let mut typos = 0;
        // Words of meaning written right: a typo needs one beside it.
        let mut sure = 0;
        for (k, ((word, grammar, shape), id)) in here.iter().zip(wanted).enumerate() {
            if word.clause != clause {
                return None;
            }
            if let Some((_, q)) = recognised[start + k].iter().find(|(known, _)| known == id) {
                quality = quality.min(*q);
                if !grammar {
                    sure += 1;
                }
            } else if wanted.len() > 1 && typos == 0 && !grammar && self.lexicon.near(shape, *id) {
                quality = quality.min(lexicon::TYPO);
                typos += 1;
            } else {
                return None;
            }
        }
        (typos == 0 || sure > 0).then_some(quality)
    }

    /// The answers the text states. When it states several answers to one question
    /// ("pas d'ordinateur, juste mon téléphone"), the one listed last in facts.toml wins:
    /// answers are listed from the least to the most the resident has or wants.
    fn facts(&self, words: &[Word], recognised: &[Vec<(WordId, Quality)>]) -> Vec<(FactIx, u8)> {
        let found = self.find(
            words,
            recognised,
            [&self.fact_index, &self.fact_second],
            |term| self.fact_terms[term as usize].words.as_slice(),
        );
        let mut stated: Vec<(FactIx, u8)> = Vec::new();
        // As for themes: "je ne veux pas qu'on fasse à ma place" (learn) is not "à ma
        // place" (for me).
        for hit in outermost(found) {
            let term = &self.fact_terms[hit.term as usize];
            if words[hit.start].denied != term.negated {
                continue;
            }
            match stated.iter_mut().find(|(fact, _)| *fact == term.fact) {
                Some((_, choice)) => *choice = (*choice).max(term.choice),
                None => stated.push((term.fact, term.choice)),
            }
        }
        stated.sort();
        stated
    }
}

/// The sentence of a text of several sentences that says what the resident asks: the
/// last one ending with a question mark, or else the last one. `None` for one sentence.
fn asking_sentence(words: &[Word]) -> Option<u32> {
    let (first, last) = (words.first()?.sentence, words.last()?.sentence);
    if first == last {
        return None;
    }
    let question = words.iter().rev().find(|word| word.asks);
    Some(question.map_or(last, |word| word.sentence))
}

/// The phrases found, longest first, without those inside a longer one found: a word
/// inside a longer phrase no longer counts alone ("emploi du temps" is not "emploi").
/// Phrases that merely overlap ("pas internet" and "internet chez moi") all stay.
fn outermost(mut found: Vec<Found>) -> Vec<Found> {
    found.sort_by(|a, b| {
        b.len
            .cmp(&a.len)
            .then(b.quality.total_cmp(&a.quality))
            .then(a.start.cmp(&b.start))
    });
    let mut accepted: Vec<(usize, usize, Quality)> = Vec::new();
    found.retain(|hit| {
        let end = hit.start + hit.len;
        let inside = accepted.iter().any(|&(start, len, quality)| {
            let longer = len > hit.len && start <= hit.start && end <= start + len;
            // The same words read as written hide a reading with a typo: « envoyé un
            // courrier » is not « envoyer un courriel ».
            let surer = (start, len) == (hit.start, hit.len)
                && quality > lexicon::TYPO
                && hit.quality <= lexicon::TYPO;
            longer || surer
        });
        if !inside {
            accepted.push((hit.start, hit.len, hit.quality));
        }
        !inside
    });
    found
}

/// A phrase hides the shorter phrases found inside it ([`outermost`]): it must then weigh
/// at least as much for a theme as they do. "mdp perdu", an ordinary phrase of accounts,
/// holds "mot de passe", a strong one: found in a text, it weighs as much as that.
fn lift_to_their_parts(terms: &mut [ThemeTerm], by_words: &HashMap<Vec<WordId>, usize>) {
    let mut lifts: Vec<(usize, usize, f32)> = Vec::new();
    for (ix, term) in terms.iter().enumerate() {
        let n = term.words.len();
        let parts = (1..n).flat_map(|len| (0..=n - len).map(move |start| start..start + len));
        for part in parts.filter_map(|range| by_words.get(&term.words[range])) {
            for inner in &terms[*part].themes {
                let outer = term.themes.iter().position(|l| l.theme == inner.theme);
                if let Some(at) = outer.filter(|&at| term.themes[at].weight < inner.weight) {
                    lifts.push((ix, at, inner.weight));
                }
            }
        }
    }
    for (ix, at, weight) in lifts {
        let listing = &mut terms[ix].themes[at];
        listing.weight = listing.weight.max(weight);
    }
}

/// The `position`th word of each phrase → the phrases, for those long enough.
fn index<'a>(
    terms: impl Iterator<Item = &'a [WordId]>,
    position: usize,
) -> HashMap<WordId, Vec<u32>> {
    let mut index: HashMap<WordId, Vec<u32>> = HashMap::new();
    for (ix, words) in terms.enumerate() {
        if let (Some(word), Ok(ix)) = (words.get(position), u32::try_from(ix)) {
            index.entry(*word).or_default().push(ix);
        }
    }
    index
}

fn squash(score: f32) -> f32 {
    1.0 - (-score / SCALE).exp()
}

#[cfg(test)]
mod tests;
