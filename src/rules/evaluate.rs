//! The engine: given what is known, the referral or the next question.
//!
//! The policy is an ordered decision table. We walk it: a rule already false is
//! skipped; a rule whose conditions all hold gives the referral; at the first rule still
//! undecided we ask its first unknown fact, in asking order. Before asking, we check
//! that the answer can still matter: when every way of answering the remaining
//! questions ends at the same rule, that rule is the referral now.
//!
//! Pure and total: no IO, no panic. Decisions are remembered (see [`Decisions`]).

use super::{Check, FactIx, PolicyRule, ProgIx, RuleIx, Rules};

/// Decisions already taken and questions left, by what is known. The space is small
/// (a few thousand sets of answers) and exploring the policy is the costliest part of
/// a question page: every choice link is a decision. Bounded; a reload of the rules
/// starts afresh.
pub struct Decisions {
    steps: quick_cache::sync::Cache<(Answers, Programmes), Step>,
    left: quick_cache::sync::Cache<(Answers, Programmes), usize>,
}

/// How many decisions (and as many counts of questions left) are remembered.
const DECISIONS_KEPT: usize = 8192;

impl Default for Decisions {
    fn default() -> Decisions {
        Decisions {
            steps: quick_cache::sync::Cache::new(DECISIONS_KEPT),
            left: quick_cache::sync::Cache::new(DECISIONS_KEPT),
        }
    }
}

impl std::fmt::Debug for Decisions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Decisions({} remembered)", self.steps.len())
    }
}

/// The most facts a rules folder may define (the answers fit in a fixed array).
pub const MAX_FACTS: usize = 16;
/// The most choices one fact may have (the values of a condition fit in a `u64`).
pub const MAX_CHOICES: usize = 64;
/// The most programmes the rules may define (programme sets fit in a `u32`).
pub const MAX_PROGRAMMES: usize = 32;

/// The answers given so far: for each fact, the index of the chosen value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Answers([Option<u8>; MAX_FACTS]);

impl Answers {
    pub fn get(&self, fact: FactIx) -> Option<u8> {
        self.0[fact.index()]
    }

    pub fn set(&mut self, fact: FactIx, value: u8) {
        self.0[fact.index()] = Some(value);
    }

    pub fn clear(&mut self, fact: FactIx) {
        self.0[fact.index()] = None;
    }

    pub fn with(mut self, fact: FactIx, value: u8) -> Answers {
        self.set(fact, value);
        self
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(Option::is_none)
    }
}

/// What is known of the programmes the resident's territory runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Programmes {
    known: u32,
    present: u32,
}

impl Programmes {
    /// Nothing known: the resident has not said where they live.
    pub const UNKNOWN: Programmes = Programmes {
        known: 0,
        present: 0,
    };

    /// Everything known: `present` is the set of programmes the territory runs.
    pub fn known(count: usize, present: u32) -> Programmes {
        let known = if count >= 32 {
            u32::MAX
        } else {
            (1u32 << count) - 1
        };
        Programmes {
            known,
            present: present & known,
        }
    }

    pub fn is_known(self) -> bool {
        self.known != 0
    }

    fn knows(self, prog: ProgIx) -> bool {
        self.known & (1 << prog.0) != 0
    }

    pub fn runs(self, prog: ProgIx) -> bool {
        self.present & (1 << prog.0) != 0
    }

    fn with(self, prog: ProgIx, runs: bool) -> Programmes {
        let bit = 1 << prog.0;
        Programmes {
            known: self.known | bit,
            present: if runs {
                self.present | bit
            } else {
                self.present & !bit
            },
        }
    }
}

/// Something the engine may need to know.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Var {
    Fact(FactIx),
    /// Where the resident lives, to know whether their territory runs this programme.
    Place(ProgIx),
}

/// What to do next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Ask(Var),
    Refer(RuleIx),
    /// No rule can ever match these answers. `validate` rejects policies where this can
    /// happen, so with checked rules it is never returned.
    Unmatched,
}

/// A replay of the questionnaire over given answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Walk {
    /// The questions asked, in order; their answers are in `answers`.
    pub path: Vec<Var>,
    /// Only the answers that were asked for: stale or extra answers are left out.
    pub answers: Answers,
    pub step: Step,
}

enum Truth {
    False,
    True,
    Unknown(Var),
}

impl Rules {
    /// The referral, or the next question, for what is known.
    pub fn decide(&self, answers: &Answers, programmes: Programmes) -> Step {
        let key = (*answers, programmes);
        if let Some(step) = self.decisions.steps.get(&key) {
            return step;
        }
        let step = self.explore(answers, programmes);
        self.decisions.steps.insert(key, step);
        step
    }

    fn explore(&self, answers: &Answers, programmes: Programmes) -> Step {
        for (ix, rule) in self.policy.iter().enumerate() {
            match truth(rule, answers, programmes) {
                Truth::False => continue,
                Truth::True => return Step::Refer(rule_ix(ix)),
                Truth::Unknown(var) => {
                    let mut outcome = Outcome::None;
                    self.reach(answers, programmes, ix, &mut outcome);
                    return match outcome {
                        Outcome::One(rule) => Step::Refer(rule),
                        Outcome::None | Outcome::Several => Step::Ask(var),
                    };
                }
            }
        }
        Step::Unmatched
    }

    /// Replays the questionnaire: asks each question in turn and takes its answer from
    /// `given`, until a referral or a question `given` does not answer. `place` is what
    /// is known of the resident's territory: everything or nothing.
    pub fn walk(&self, given: &Answers, place: Programmes) -> Walk {
        let mut answers = Answers::default();
        let mut programmes = Programmes::UNKNOWN;
        let mut path = Vec::new();
        loop {
            let step = self.decide(&answers, programmes);
            match step {
                Step::Ask(Var::Fact(fact)) => match given.get(fact) {
                    Some(value) => answers.set(fact, value),
                    None => {
                        return Walk {
                            path,
                            answers,
                            step,
                        };
                    }
                },
                Step::Ask(Var::Place(_)) if place.is_known() && !programmes.is_known() => {
                    programmes = place;
                }
                Step::Ask(Var::Place(_)) | Step::Refer(_) | Step::Unmatched => {
                    return Walk {
                        path,
                        answers,
                        step,
                    };
                }
            }
            if let Step::Ask(var) = step {
                path.push(var);
            }
        }
    }

    /// The largest number of questions still to ask, whatever the answers.
    pub fn questions_left(&self, answers: &Answers, programmes: Programmes) -> usize {
        let key = (*answers, programmes);
        if let Some(left) = self.decisions.left.get(&key) {
            return left;
        }
        let left = self.count_left(answers, programmes);
        self.decisions.left.insert(key, left);
        left
    }

    fn count_left(&self, answers: &Answers, programmes: Programmes) -> usize {
        match self.decide(answers, programmes) {
            Step::Ask(var) => {
                1 + (0..self.arity(var))
                    .map(|nth| {
                        let (answers, programmes) =
                            self.branch(var, nth, answers, programmes, true);
                        self.questions_left(&answers, programmes)
                    })
                    .max()
                    .unwrap_or(0)
            }
            Step::Refer(_) | Step::Unmatched => 0,
        }
    }

    /// How many ways there are of answering `var`.
    pub(crate) fn arity(&self, var: Var) -> u8 {
        match var {
            // `validate` caps the choices of a fact at MAX_CHOICES.
            Var::Fact(fact) => self.fact(fact).choices.len() as u8,
            // The territory runs the programme, or it does not.
            Var::Place(_) => 2,
        }
    }

    /// What is known once `var` is answered with its `nth` possible answer. With
    /// `whole_place`, learning the place reveals every programme at once, as it does for a
    /// resident; otherwise only `var`'s programme becomes known.
    pub(crate) fn branch(
        &self,
        var: Var,
        nth: u8,
        answers: &Answers,
        programmes: Programmes,
        whole_place: bool,
    ) -> (Answers, Programmes) {
        match var {
            Var::Fact(fact) => (answers.with(fact, nth), programmes),
            Var::Place(prog) => {
                let runs = nth == 1;
                let programmes = if whole_place {
                    Programmes::known(self.programmes.len(), if runs { 1 << prog.0 } else { 0 })
                } else {
                    programmes.with(prog, runs)
                };
                (*answers, programmes)
            }
        }
    }

    /// Explores every way of answering what is unknown, from rule `from` on (the rules
    /// before it are already false and stay so), and notes which rules can decide.
    fn reach(&self, answers: &Answers, programmes: Programmes, from: usize, outcome: &mut Outcome) {
        for (ix, rule) in self.policy.iter().enumerate().skip(from) {
            match truth(rule, answers, programmes) {
                Truth::False => continue,
                Truth::True => {
                    outcome.note(rule_ix(ix));
                    return;
                }
                Truth::Unknown(var) => {
                    for nth in 0..self.arity(var) {
                        let (answers, programmes) =
                            self.branch(var, nth, answers, programmes, false);
                        self.reach(&answers, programmes, ix, outcome);
                        if matches!(outcome, Outcome::Several) {
                            return;
                        }
                    }
                    return;
                }
            }
        }
        // No rule matches: this is an outcome of its own, which keeps the question open.
        *outcome = Outcome::Several;
    }

    /// The rule a complete set of answers leads to (for validation and tests).
    pub fn rule_for(&self, answers: &Answers, programmes: Programmes) -> Option<RuleIx> {
        self.policy
            .iter()
            .position(|rule| matches!(truth(rule, answers, programmes), Truth::True))
            .map(rule_ix)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    None,
    One(RuleIx),
    Several,
}

impl Outcome {
    fn note(&mut self, rule: RuleIx) {
        *self = match *self {
            Outcome::None => Outcome::One(rule),
            Outcome::One(seen) if seen == rule => Outcome::One(rule),
            Outcome::One(_) | Outcome::Several => Outcome::Several,
        };
    }
}

fn truth(rule: &PolicyRule, answers: &Answers, programmes: Programmes) -> Truth {
    let mut first_unknown = None;
    for check in &rule.checks {
        match *check {
            Check::Fact { fact, values } => match answers.get(fact) {
                Some(value) if values & (1 << value) == 0 => return Truth::False,
                Some(_) => {}
                None => {
                    first_unknown.get_or_insert(Var::Fact(fact));
                }
            },
            Check::Programme(prog) => {
                if !programmes.knows(prog) {
                    first_unknown.get_or_insert(Var::Place(prog));
                } else if !programmes.runs(prog) {
                    return Truth::False;
                }
            }
        }
    }
    match first_unknown {
        None => Truth::True,
        Some(var) => Truth::Unknown(var),
    }
}

fn rule_ix(ix: usize) -> RuleIx {
    // `validate` caps the policy well below u16::MAX rules.
    RuleIx(ix as u16)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{RuleFiles, fact_ix, validate};

    fn rules() -> Rules {
        validate::check(&RuleFiles::embedded())
            .0
            .expect("the shipped rules load")
    }

    fn answers(rules: &Rules, pairs: &[(&str, &str)]) -> Answers {
        let mut answers = Answers::default();
        for (fact, value) in pairs {
            let fact = rules.fact_by_id(fact).expect("a fact");
            let value = rules
                .fact(fact)
                .choices
                .iter()
                .position(|c| c.value == *value)
                .expect("a value");
            answers.set(fact, value as u8);
        }
        answers
    }

    fn kind(rules: &Rules, step: Step) -> &str {
        match step {
            Step::Refer(rule) => &rules.referral(rules.rule(rule).refer).kind,
            other => panic!("not a referral: {other:?}"),
        }
    }

    #[test]
    fn with_nothing_known_the_theme_is_asked_first() {
        let rules = rules();
        assert_eq!(
            rules.decide(&Answers::default(), Programmes::UNKNOWN),
            Step::Ask(Var::Fact(rules.theme_fact))
        );
    }

    #[test]
    fn a_scam_is_decided_by_the_theme_alone() {
        let rules = rules();
        let step = rules.decide(
            &answers(&rules, &[("theme", "arnaque")]),
            Programmes::UNKNOWN,
        );
        assert_eq!(kind(&rules, step), "cybermalveillance");
    }

    #[test]
    fn the_place_comes_before_a_programme_question_and_only_where_it_matters() {
        let rules = rules();
        let learn = answers(&rules, &[("theme", "apprendre")]);
        assert!(matches!(
            rules.decide(&learn, Programmes::UNKNOWN),
            Step::Ask(Var::Place(_))
        ));
        let with_pass = rules.programmes_of(rules.territory("16"));
        let pass_public = rules.fact_by_id("pass_public").expect("pass_public");
        assert_eq!(
            rules.decide(&learn, with_pass),
            Step::Ask(Var::Fact(pass_public))
        );
        let without = rules.programmes_of(rules.territory("75"));
        assert_eq!(kind(&rules, rules.decide(&learn, without)), "mediation");
        // A blocked file never needs the place.
        let file = answers(&rules, &[("theme", "caf"), ("need", "dossier")]);
        assert_eq!(
            kind(&rules, rules.decide(&file, Programmes::UNKNOWN)),
            "france_services"
        );
    }

    #[test]
    fn a_walk_keeps_only_the_answers_it_asked_for() {
        let rules = rules();
        let given = answers(
            &rules,
            &[
                ("theme", "arnaque"),
                ("device", "none"),
                ("autonomy", "for_me"),
            ],
        );
        let walk = rules.walk(&given, Programmes::UNKNOWN);
        assert_eq!(walk.path, vec![Var::Fact(rules.theme_fact)]);
        assert_eq!(walk.answers, answers(&rules, &[("theme", "arnaque")]));
    }

    #[test]
    fn questions_left_is_the_longest_remaining_path() {
        let rules = rules();
        assert_eq!(
            rules.questions_left(
                &answers(&rules, &[("theme", "arnaque")]),
                Programmes::UNKNOWN
            ),
            0
        );
        let acces = answers(&rules, &[("theme", "acces")]);
        assert_eq!(rules.questions_left(&acces, Programmes::UNKNOWN), 2);
        // theme, need, autonomy, then device and internet (or the place and the Pass).
        assert_eq!(
            rules.questions_left(&Answers::default(), Programmes::UNKNOWN),
            5
        );
    }

    /// Every partial set of answers, in every state of knowledge of the place, gets a
    /// question or a referral: the engine is total on the shipped rules.
    #[test]
    fn the_engine_never_gets_stuck() {
        let rules = rules();
        fn each(rules: &Rules, fact: usize, answers: Answers, seen: &mut usize) {
            if fact == rules.facts.len() {
                for programmes in [
                    Programmes::UNKNOWN,
                    rules.programmes_of(rules.territory("16")),
                    rules.programmes_of(None),
                ] {
                    assert_ne!(
                        rules.decide(&answers, programmes),
                        Step::Unmatched,
                        "{answers:?}"
                    );
                    *seen += 1;
                }
                return;
            }
            each(rules, fact + 1, answers, seen);
            for value in 0..rules.facts[fact].choices.len() {
                each(
                    rules,
                    fact + 1,
                    answers.with(fact_ix(fact), value as u8),
                    seen,
                );
            }
        }
        let mut seen = 0;
        each(&rules, 0, Answers::default(), &mut seen);
        assert_eq!(seen, 3 * 14 * 3 * 4 * 4 * 3 * 3);
    }
}
