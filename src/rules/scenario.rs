//! Rule scenarios: answers and a territory, the questions that must be asked and the
//! referral they must lead to. Written as data in `rules/tests/*.toml`, replayed by
//! `aiguillage check` and by `cargo test`.

use super::{Answers, FactIx, KindIx, PLACE, Rules, Step, Var};

#[derive(Debug)]
pub struct Scenario {
    pub name: String,
    /// `file:line`, for the report of a failing scenario.
    pub origin: String,
    pub(crate) file: usize,
    pub(crate) at: usize,
    /// The département the resident lives in; `None` when they have not said.
    pub department: Option<String>,
    pub answers: Answers,
    pub asked: Vec<Asked>,
    pub refer: KindIx,
}

/// A question of the questionnaire, as listed in a scenario's `asked`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Asked {
    Fact(FactIx),
    Place,
}

impl Scenario {
    /// Replays the scenario; on failure, says what happened instead, for the coordinator.
    pub fn run(&self, rules: &Rules) -> Result<(), String> {
        let territory = self
            .department
            .as_deref()
            .and_then(|department| rules.territory(department));
        let place = match &self.department {
            Some(_) => rules.programmes_of(territory),
            None => super::Programmes::UNKNOWN,
        };
        let walk = rules.walk(&self.answers, place);
        let asked: Vec<Asked> = walk
            .path
            .iter()
            .map(|var| match var {
                Var::Fact(fact) => Asked::Fact(*fact),
                Var::Place(_) => Asked::Place,
            })
            .collect();
        let names = |asked: &[Asked]| -> String {
            let names: Vec<&str> = asked
                .iter()
                .map(|asked| asked_name(rules, *asked))
                .collect();
            format!("[{}]", names.join(", "))
        };
        let rule = match walk.step {
            Step::Refer(rule) => rules.rule(rule),
            Step::Ask(Var::Fact(fact)) => {
                return Err(format!(
                    "after {} the questionnaire asks `{}`, which this scenario does not answer",
                    names(&asked),
                    rules.fact(fact).id
                ));
            }
            Step::Ask(Var::Place(_)) => {
                return Err(format!(
                    "after {} the questionnaire asks where the resident lives; give a `department`",
                    names(&asked)
                ));
            }
            Step::Unmatched => return Err("no rule of the policy matches these answers".to_owned()),
        };
        let mut problems = Vec::new();
        if rule.refer != self.refer {
            problems.push(format!(
                "the referral is `{}` (rule at {}), not `{}`",
                rules.referral(rule.refer).kind,
                rule.origin,
                rules.referral(self.refer).kind
            ));
        }
        if asked != self.asked {
            problems.push(format!(
                "the questions asked are {}, not {}",
                names(&asked),
                names(&self.asked)
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("; "))
        }
    }
}

pub fn asked_name(rules: &Rules, asked: Asked) -> &str {
    match asked {
        Asked::Fact(fact) => &rules.fact(fact).id,
        Asked::Place => PLACE,
    }
}
