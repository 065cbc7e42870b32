//! A referral with everything the resident needs to act on it: the reasons, what to
//! bring, the official site, the local programme, the other options. Shared by the
//! HTML pages and the JSON API, so both say the same thing.

use super::{
    Also, LocalProgramme, PolicyRule, Referral, Rules, Step, Territory, Text, Theme, Var, Walk,
};

#[derive(Debug)]
pub struct Orientation<'r> {
    pub rule: &'r PolicyRule,
    pub referral: &'r Referral,
    pub theme: Option<&'r Theme>,
    /// The answers that decided it, in plain words, then the rule's `because`.
    pub reasons: Vec<&'r Text>,
    /// The theme's list, then the referral's own.
    pub bring: Vec<&'r Text>,
    /// The programme as the resident's territory runs it, for referrals that use one.
    pub local: Option<&'r LocalProgramme>,
    pub also: &'r [Also],
}

impl Rules {
    /// The orientation a finished walk leads to; `None` if the walk is not finished.
    pub fn orientation<'r>(
        &'r self,
        walk: &Walk,
        territory: Option<&'r Territory>,
    ) -> Option<Orientation<'r>> {
        let Step::Refer(rule) = walk.step else {
            return None;
        };
        let rule = self.rule(rule);
        let referral = self.referral(rule.refer);
        let theme = self.theme(&walk.answers);
        let local_programme = |prog| {
            territory?
                .programmes
                .iter()
                .find(|local| local.programme == prog)
        };
        let mut reasons: Vec<&Text> = walk
            .path
            .iter()
            .filter_map(|var| match *var {
                Var::Fact(fact) => {
                    let value = walk.answers.get(fact)?;
                    Some(&self.fact(fact).choices[usize::from(value)].reason)
                }
                Var::Place(prog) => local_programme(prog).map(|local| &local.reason),
            })
            .collect();
        reasons.push(&rule.because);
        let bring = theme
            .into_iter()
            .flat_map(|theme| &theme.bring)
            .chain(&referral.bring)
            .collect();
        Some(Orientation {
            rule,
            referral,
            theme,
            reasons,
            bring,
            local: referral.programme.and_then(local_programme),
            also: &referral.also,
        })
    }
}
