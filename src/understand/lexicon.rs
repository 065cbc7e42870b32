//! The distinct words of the vocabulary, and how a resident's word is recognised as one
//! of them: exactly, by its stem (French or English), as a typo, or as a word glued to an
//! elided article or pronoun ("lemploi", "mactualiser", "jcherche").
//!
//! Owns the thresholds of recognition. Must never take a short word for another (« café »
//! is not « CAF »), nor cost more than a bounded number of comparisons per word.

use std::collections::HashMap;

use rust_stemmers::{Algorithm, Stemmer};

/// How sure a recognised word is, from 0 to 1: it scales the weight of what it matches.
pub type Quality = f32;

/// A word written exactly as in the vocabulary.
pub const EXACT: Quality = 1.0;
/// Another form of the same word ("allocations" for "allocation", "impôt" for "impots"):
/// nearly as sure, but stems sometimes join unrelated words.
pub const STEM: Quality = 0.95;
/// A typo ("conecter"): often right, sometimes another word one letter away.
pub const TYPO: Quality = 0.8;

/// Words shorter than this are never stemmed on the resident's side: the stem of a
/// four-letter word is itself or a three-letter root, and « cafe » would become « caf ».
const MIN_STEMMED: usize = 5;
/// A vocabulary word shorter than this is recognised only as written: acronyms such as
/// « caf », « apl », « ent » are too short for their stems or typos to mean them.
const MIN_VOCABULARY_STEMMED: usize = 4;
/// Stems shorter than this join too many unrelated words to be used (the French stem
/// of « notamment » is « not », that of « logement » « log »).
const MIN_STEM: usize = 4;
/// Typos are looked for only between words this long, on both sides. In shorter French
/// words one letter too often makes another real word: « soucis » / « souris »,
/// « plainte » / « plante », « gardes » / « grades », « cafe » / « caf ».
const MIN_TYPO: usize = 7;
/// When both words are this long, two letters may be wrong (« declarrationn »);
/// otherwise only one (« actualisaton », « conecter »). At two, « regarder » would be « reparer »,
/// « commencer » « commander », « invitation » « initiation » and « appartient »
/// « apartment ».
const LONG_WORD: usize = 11;

/// A word glued to an elided « l' », « d' », « m' »… is recognised only when what follows
/// is at least this long: « lent » is not « l'ENT ».
const MIN_ELIDED: usize = 4;
/// A letter doubled or not doubled by mistake (« vitalle », « adrese », « tellephone »)
/// is the commonest misspelling of French: it is forgiven from this length on, below
/// [`MIN_TYPO`], where the words compared without their doubled letters are the same.
const MIN_DOUBLED: usize = 5;
/// Inside a phrase of several words, one word may have one typo when the others are
/// written right and it is this long: « fance travail », « mot de pase », « emploi du
/// temp ». Shorter words of a phrase must be right (« ma cafe » is not « ma caf »).
const MIN_CONTEXT_TYPO: usize = 4;
/// A word glued to the next (« cartevitale », « polemploi ») is split when each part is a
/// vocabulary word at least this long.
const MIN_GLUED_PART: usize = 3;

/// What a word is like, for cheap bounds before an edit distance.
#[derive(Clone, Debug)]
pub struct Shape {
    text: String,
    length: usize,
    first: Option<char>,
    letters: u64,
}

impl Shape {
    pub fn of(word: &str) -> Shape {
        Shape {
            text: word.to_owned(),
            length: word.chars().count(),
            first: word.chars().next(),
            letters: letters(word),
        }
    }
}

/// Index of a word in the [`Lexicon`].
pub type WordId = u32;

/// The distinct words of the vocabulary, with what it takes to recognise them.
pub struct Lexicon {
    words: Vec<String>,
    /// The [`Shape`] of each word, by id.
    shapes: Vec<Shape>,
    exact: HashMap<String, WordId>,
    stems: HashMap<String, Vec<WordId>>,
    /// Words long enough for a doubled-letter typo, by their form without doubled letters.
    squeezed: HashMap<String, Vec<WordId>>,
    /// Words long enough for typos, by first letter: residents rarely mistype the first
    /// letter, and comparing only with these keeps the cost of a typo search small. Each
    /// with its length and its [`letters`].
    typos: HashMap<char, Vec<(WordId, usize, u64)>>,
    french: Stemmer,
    english: Stemmer,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon")
            .field("words", &self.words.len())
            .finish_non_exhaustive()
    }
}

impl Default for Lexicon {
    fn default() -> Lexicon {
        Lexicon {
            words: Vec::new(),
            shapes: Vec::new(),
            exact: HashMap::new(),
            stems: HashMap::new(),
            squeezed: HashMap::new(),
            typos: HashMap::new(),
            french: Stemmer::create(Algorithm::French),
            english: Stemmer::create(Algorithm::English),
        }
    }
}

impl Lexicon {
    /// The id of a vocabulary word, adding it when new.
    pub fn intern(&mut self, word: &str) -> WordId {
        if let Some(&id) = self.exact.get(word) {
            return id;
        }
        let id = WordId::try_from(self.words.len()).unwrap_or(WordId::MAX);
        self.words.push(word.to_owned());
        self.shapes.push(Shape::of(word));
        self.exact.insert(word.to_owned(), id);
        let length = word.chars().count();
        if length >= MIN_VOCABULARY_STEMMED {
            for stem in self.stems_of(word, true) {
                let ids = self.stems.entry(stem).or_default();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        if length >= MIN_DOUBLED {
            let ids = self.squeezed.entry(squeeze(word)).or_default();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        if length >= MIN_TYPO
            && let Some(first) = word.chars().next()
        {
            self.typos
                .entry(first)
                .or_default()
                .push((id, length, letters(word)));
        }
        id
    }

    /// The id of a word written exactly as in the vocabulary.
    pub fn exact(&self, word: &str) -> Option<WordId> {
        self.exact.get(word).copied()
    }

    /// Whether `word` of a text may be `id` with one typo, when the rest of a phrase
    /// around it is written right: same first letter, one edit, long enough.
    pub fn near(&self, word: &Shape, id: WordId) -> bool {
        let Some(theirs) = self.shapes.get(id as usize) else {
            return false;
        };
        // Cheap bounds first: most words of a text are far from the one wanted.
        word.length >= MIN_CONTEXT_TYPO
            && theirs.length >= MIN_CONTEXT_TYPO
            && word.length.abs_diff(theirs.length) <= 1
            && word.first == theirs.first
            && (word.letters ^ theirs.letters).count_ones() <= 2
            && strsim::osa_distance(&word.text, self.word(id)) == 1
    }

    /// Where a word unknown to the vocabulary is two words of a phrase glued together
    /// (`follows` tells which words follow each other in a phrase), each
    /// [`MIN_GLUED_PART`] letters or more, maybe with a small word between that
    /// `is_filler` (« cartevitale », « motdepasse »): the parts, in order. Only words of
    /// one phrase are split, so « maintenant » is never « main » and « tenant ».
    pub fn unglue<'w>(
        &self,
        word: &'w str,
        is_filler: impl Fn(&str) -> bool,
        follows: impl Fn(WordId, WordId) -> bool,
    ) -> Option<Vec<&'w str>> {
        let known = |part: &str| {
            (part.chars().count() >= MIN_GLUED_PART)
                .then(|| self.exact(part))
                .flatten()
        };
        for (at, _) in word.char_indices().skip(MIN_GLUED_PART) {
            let (left, right) = word.split_at(at);
            let Some(first) = known(left) else {
                continue;
            };
            if let Some(second) = known(right)
                && follows(first, second)
            {
                return Some(vec![left, right]);
            }
            for (inner, _) in right.char_indices().skip(1).take(3) {
                let (small, rest) = right.split_at(inner);
                if is_filler(small)
                    && let Some(second) = known(rest)
                    && follows(first, second)
                {
                    return Some(vec![left, small, rest]);
                }
            }
        }
        None
    }

    pub fn word(&self, id: WordId) -> &str {
        self.words.get(id as usize).map_or("", String::as_str)
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// The stems a word is recognised by: French, English, and the stem a verb shares
    /// with its other forms ([`verb_stem`]): the vocabulary writes « répondre », residents
    /// « je réponds ».
    fn stems_of(&self, word: &str, vocabulary: bool) -> Vec<String> {
        let mut stems = Vec::with_capacity(3);
        let french = self.french.stem(word);
        let verb = verb_stem(word, &french, vocabulary);
        let english = self.english.stem(word);
        for stem in [Some(french.into_owned()), Some(english.into_owned()), verb]
            .into_iter()
            .flatten()
        {
            if stem.chars().count() >= MIN_STEM && !stems.contains(&stem) {
                stems.push(stem);
            }
        }
        stems
    }

    /// The vocabulary words a resident's word may be, with how sure each is. `grammar`
    /// words (fillers, negations) are only ever recognised exactly. A word recognised in
    /// no other way may be an elided article or pronoun glued to a vocabulary word, as
    /// residents type without apostrophes: « lemploi », « dordinateur », « mactualiser »,
    /// and « j » before anything (« jcherche »).
    pub fn recognise(&self, word: &str, grammar: bool, found: &mut Vec<(WordId, Quality)>) {
        self.recognise_as_written(word, grammar, found);
        if grammar || found.iter().any(|(_, quality)| *quality > TYPO) {
            return;
        }
        // A word glued to an elided article is surer than a typo of another word:
        // « dimposition » is « d'imposition », not « disposition ».
        if let Some(rest) = elided(word) {
            let mut glued = Vec::new();
            self.recognise_as_written(rest, false, &mut glued);
            if found.is_empty() || glued.iter().any(|(_, quality)| *quality > TYPO) {
                *found = glued;
            }
        }
    }

    fn recognise_as_written(&self, word: &str, grammar: bool, found: &mut Vec<(WordId, Quality)>) {
        found.clear();
        if let Some(&id) = self.exact.get(word) {
            found.push((id, EXACT));
        }
        let length = word.chars().count();
        if grammar || length < MIN_STEMMED {
            return;
        }
        for stem in self.stems_of(word, false) {
            for &id in self.stems.get(&stem).into_iter().flatten() {
                if !found.iter().any(|(f, _)| *f == id) {
                    found.push((id, STEM));
                }
            }
        }
        if !found.is_empty() {
            return;
        }
        if let Some(ids) = self.squeezed.get(&squeeze(word)) {
            found.extend(ids.iter().map(|&id| (id, TYPO)));
            return;
        }
        if length < MIN_TYPO {
            return;
        }
        let Some(first) = word.chars().next() else {
            return;
        };
        let mut best = usize::MAX;
        let mine = letters(word);
        for &(id, other, theirs) in self.typos.get(&first).into_iter().flatten() {
            // One edit adds or removes at most two letters from the set of letters a word
            // uses: a cheap bound that spares most distance computations.
            let allowed = if length.min(other) >= LONG_WORD { 2 } else { 1 };
            let differ = (mine ^ theirs).count_ones() as usize;
            if other.abs_diff(length) > allowed || differ > 2 * allowed {
                continue;
            }
            // Optimal string alignment: Damerau-Levenshtein where each letter is edited
            // once, which counts a swap of two letters ("pronoet") as one typo.
            let distance = strsim::osa_distance(word, self.word(id));
            if distance > allowed {
                continue;
            }
            if distance < best {
                best = distance;
                found.clear();
            }
            if distance == best {
                found.push((id, TYPO));
            }
        }
    }
}

/// The stem French verbs share between their infinitive and their other forms, where the
/// Snowball stemmer leaves them apart. Verbs in « -re » keep their « r » (« répondre » →
/// « répondr », « réponds » → « répond »; « permettre » → « permettr », « permet » →
/// « permet »): only for a word of the vocabulary, as a resident's « rentre » (of
/// « rentrer ») is no such infinitive. Past participles in « -du » keep their « u »
/// (« répondu », « perdu »), and verbs in « -oyer » end in « i » or in « y » (« envoyer » →
/// « envoi », « envoyé » → « envoy »).
fn verb_stem(word: &str, stem: &str, vocabulary: bool) -> Option<String> {
    if vocabulary && word.ends_with("ttre") && stem.ends_with("ttr") {
        return Some(stem[..stem.len() - 2].to_owned());
    }
    if vocabulary && word.ends_with("re") && stem.ends_with('r') {
        return Some(stem[..stem.len() - 1].to_owned());
    }
    if word.ends_with("du") && stem.ends_with("du") {
        return Some(stem[..stem.len() - 1].to_owned());
    }
    if stem.ends_with("oy") {
        return Some(format!("{}i", &stem[..stem.len() - 1]));
    }
    None
}

/// What follows an elided « l », « d », « j », « m », « n », « s », « t » glued to a word
/// that starts with a vowel or « h » (« j » before anything), when long enough.
fn elided(word: &str) -> Option<&str> {
    let mut chars = word.chars();
    let first = chars.next()?;
    let second = chars.next()?;
    let vowel = matches!(second, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'h');
    let elides = first == 'j' || (vowel && matches!(first, 'l' | 'd' | 'm' | 'n' | 's' | 't'));
    let rest = &word[first.len_utf8()..];
    (elides && rest.chars().count() >= MIN_ELIDED).then_some(rest)
}

/// A word without its doubled letters (« vitalle » → « vitale », « adresse » → « adrese »).
fn squeeze(word: &str) -> String {
    let mut squeezed = String::with_capacity(word.len());
    let mut previous = None;
    for c in word.chars() {
        if previous != Some(c) {
            squeezed.push(c);
        }
        previous = Some(c);
    }
    squeezed
}

/// The set of letters a word uses, as bits (any other character shares one last bit).
fn letters(word: &str) -> u64 {
    word.chars().fold(0, |set, c| {
        let bit = match c {
            'a'..='z' => u32::from(c) - u32::from('a'),
            '0'..='9' => 26 + u32::from(c) - u32::from('0'),
            _ => 63,
        };
        set | 1 << bit
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon(words: &[&str]) -> Lexicon {
        let mut lexicon = Lexicon::default();
        for word in words {
            lexicon.intern(word);
        }
        lexicon
    }

    fn recognised(lexicon: &Lexicon, word: &str) -> Vec<(String, Quality)> {
        let mut found = Vec::new();
        lexicon.recognise(word, false, &mut found);
        found
            .into_iter()
            .map(|(id, q)| (lexicon.word(id).to_owned(), q))
            .collect()
    }

    /// `text` is recognised as `word` alone, with `quality`.
    #[track_caller]
    fn assert_recognised(lexicon: &Lexicon, text: &str, word: &str, quality: Quality) {
        assert_eq!(recognised(lexicon, text), [(word.to_owned(), quality)]);
    }

    #[test]
    fn other_forms_of_a_word_are_recognised_by_their_stem() {
        let lexicon = lexicon(&["allocation", "impots", "mail"]);
        assert_recognised(&lexicon, "allocations", "allocation", STEM);
        assert_recognised(&lexicon, "impot", "impots", STEM);
        assert_recognised(&lexicon, "mails", "mail", STEM);
    }

    #[test]
    fn other_forms_of_a_verb_are_recognised_by_the_stem_they_share() {
        let lexicon = lexicon(&["repondre", "comprendre", "permettre", "envoyer", "rent"]);
        assert_recognised(&lexicon, "repond", "repondre", STEM);
        assert_recognised(&lexicon, "reponds", "repondre", STEM);
        assert_recognised(&lexicon, "repondu", "repondre", STEM);
        assert_recognised(&lexicon, "comprends", "comprendre", STEM);
        assert_recognised(&lexicon, "permet", "permettre", STEM);
        assert_recognised(&lexicon, "envoye", "envoyer", STEM);
        // « rentre » is a form of « rentrer », not the stem of a verb in « -re ».
        assert!(recognised(&lexicon, "rentre").is_empty());
    }

    #[test]
    fn typos_are_recognised_in_long_words_only() {
        let lexicon = lexicon(&["connecter", "declaration", "caf", "pronote", "initiation"]);
        assert_recognised(&lexicon, "conecter", "connecter", TYPO);
        assert_recognised(&lexicon, "declaraton", "declaration", TYPO);
        assert_recognised(&lexicon, "declarrationn", "declaration", TYPO);
        assert!(recognised(&lexicon, "invitation").is_empty());
        assert_recognised(&lexicon, "pronote", "pronote", EXACT);
        assert_recognised(&lexicon, "pronot", "pronote", STEM);
        assert_recognised(&lexicon, "pornote", "pronote", TYPO);
        assert!(recognised(&lexicon, "cafe").is_empty());
        assert!(recognised(&lexicon, "cafes").is_empty());
        assert!(recognised(&lexicon, "caff").is_empty());
    }

    #[test]
    fn a_letter_doubled_or_not_by_mistake_is_forgiven_from_five_letters() {
        let lexicon = lexicon(&["vitale", "adresse", "caf", "cafe"]);
        assert_recognised(&lexicon, "vitalle", "vitale", TYPO);
        assert_recognised(&lexicon, "adrese", "adresse", TYPO);
        assert!(recognised(&lexicon, "caff").is_empty());
    }

    #[test]
    fn an_elided_word_is_preferred_to_a_typo_of_another() {
        let lexicon = lexicon(&["imposition", "disposition"]);
        assert_recognised(&lexicon, "dimposition", "imposition", EXACT);
    }

    #[test]
    fn words_glued_to_an_elided_article_are_recognised() {
        let lexicon = lexicon(&["emploi", "actualiser", "cherche", "ent"]);
        assert_recognised(&lexicon, "lemploi", "emploi", EXACT);
        assert_recognised(&lexicon, "mactualiser", "actualiser", EXACT);
        assert_recognised(&lexicon, "jcherche", "cherche", EXACT);
        assert!(recognised(&lexicon, "lent").is_empty());
        assert!(recognised(&lexicon, "lcherche").is_empty());
    }

    #[test]
    fn grammar_words_are_never_taken_for_typos() {
        let lexicon = lexicon(&["jamaica"]);
        let mut found = Vec::new();
        lexicon.recognise("jamais", true, &mut found);
        assert!(found.is_empty());
    }
}
