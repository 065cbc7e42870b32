//! The state of a visit, carried in the query string: the answers so far, where the
//! resident lives, their language. Every page is a bookmarkable URL; nothing is kept
//! on the server.

use crate::directory::{Commune, Communes, Point, Resolution};
use crate::lang::Lang;
use crate::rules::{Answers, FactIx, Programmes, Rules, Territory, Var, Walk, fact_ix};

/// Query strings longer than this are not links we made.
const MAX_QUERY: usize = 2048;
/// A postcode, an INSEE code or a commune name with its postcode fits in this.
const MAX_NEAR: usize = 100;

/// What the query string says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Flow {
    pub answers: Answers,
    pub near: Option<String>,
    pub lang: Lang,
    /// Whether the language was chosen (in the link), rather than guessed from the
    /// browser: a chosen one is carried in every link.
    pub lang_chosen: bool,
    pub display: Display,
}

/// How the pages look: chosen by links, carried across the visit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Display {
    /// A touchscreen kiosk: huge targets, no link leaving the site, idle reset.
    pub kiosk: bool,
    /// Larger text.
    pub large: bool,
    /// High contrast (7:1 at least).
    pub contrast: bool,
}

/// The parameters of `Display` in URLs.
pub const KIOSK: (&str, &str) = ("borne", "1");
pub const LARGE: (&str, &str) = ("texte", "grand");
pub const CONTRAST: (&str, &str) = ("contraste", "fort");

/// Why a query string is not a link aiguillage made.
#[derive(Debug, PartialEq, Eq)]
pub enum FlowError {
    TooLong,
    Repeated(String),
    UnknownValue { fact: String, value: String },
    UnknownLang(String),
}

impl Flow {
    /// Reads the parameters aiguillage knows and ignores the others (a bookmarked link
    /// may carry tracking parameters, or facts of an older version of the rules).
    pub fn parse(rules: &Rules, query: Option<&str>) -> Result<Flow, FlowError> {
        let query = query.unwrap_or("");
        if query.len() > MAX_QUERY {
            return Err(FlowError::TooLong);
        }
        let mut flow = Flow::default();
        let mut seen: Vec<String> = Vec::new();
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            let display = [KIOSK, LARGE, CONTRAST]
                .iter()
                .find(|(name, _)| *name == key);
            if let Some((name, on)) = display {
                let on = value == *on;
                match *name {
                    n if n == KIOSK.0 => flow.display.kiosk = on,
                    n if n == LARGE.0 => flow.display.large = on,
                    _ => flow.display.contrast = on,
                }
                continue;
            }
            let known = key == "near" || key == "lang" || rules.fact_by_id(&key).is_some();
            if !known {
                continue;
            }
            if seen.iter().any(|k| *k == key) {
                return Err(FlowError::Repeated(key.into_owned()));
            }
            seen.push(key.clone().into_owned());
            match &*key {
                "near" => {
                    let near = value.trim();
                    if near.chars().count() > MAX_NEAR {
                        return Err(FlowError::TooLong);
                    }
                    flow.near = (!near.is_empty()).then(|| near.to_owned());
                }
                "lang" => {
                    flow.lang = Lang::parse(&value)
                        .ok_or_else(|| FlowError::UnknownLang(value.clone().into_owned()))?;
                    flow.lang_chosen = true;
                }
                fact_id => {
                    let Some(fact) = rules.fact_by_id(fact_id) else {
                        continue;
                    };
                    if value.is_empty() {
                        continue;
                    }
                    let choice = rules
                        .fact(fact)
                        .choices
                        .iter()
                        .position(|choice| choice.value == value);
                    match choice {
                        Some(ix) => flow.answers.set(fact, ix as u8),
                        None => {
                            return Err(FlowError::UnknownValue {
                                fact: fact_id.to_owned(),
                                value: value.into_owned(),
                            });
                        }
                    }
                }
            }
        }
        Ok(flow)
    }

    /// The same visit with other answers.
    pub fn with_answers(&self, answers: Answers) -> Flow {
        Flow {
            answers,
            ..self.clone()
        }
    }

    /// The query string of this visit, answers in asking order, defaults left out.
    pub fn query(&self, rules: &Rules) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (ix, fact) in rules.facts.iter().enumerate() {
            if let Some(value) = self.answers.get(fact_ix(ix)) {
                query.append_pair(&fact.id, &fact.choices[usize::from(value)].value);
            }
        }
        if let Some(near) = &self.near {
            query.append_pair("near", near);
        }
        // A chosen French must be kept too: it overrides the browser's language.
        if self.lang != Lang::default() || self.lang_chosen {
            query.append_pair("lang", self.lang.code());
        }
        for (on, (name, value)) in [
            (self.display.kiosk, KIOSK),
            (self.display.large, LARGE),
            (self.display.contrast, CONTRAST),
        ] {
            if on {
                query.append_pair(name, value);
            }
        }
        query.finish()
    }

    /// `path?query`, or `path` alone when there is nothing to carry.
    pub fn href(&self, rules: &Rules, path: &str) -> String {
        let query = self.query(rules);
        if query.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{query}")
        }
    }

    /// The visit as it was before `var` was answered: `var` and every later answer of
    /// the walk are dropped (a "change" link). Changing the place forgets it.
    pub fn before(&self, walk: &Walk, var: Var) -> Flow {
        let mut flow = self.clone();
        let Some(position) = walk.path.iter().position(|v| *v == var) else {
            return flow;
        };
        for later in &walk.path[position..] {
            match *later {
                Var::Fact(fact) => flow.answers.clear(fact),
                Var::Place(_) => flow.near = None,
            }
        }
        flow
    }

    /// The visit with every answer of the walk before its last one (a "back" link).
    pub fn back(&self, walk: &Walk) -> Option<Flow> {
        walk.path.last().map(|last| self.before(walk, *last))
    }
}

/// Where the resident lives, as far as we know it.
#[derive(Debug)]
pub struct Located<'a> {
    pub resolution: Option<Resolution>,
    pub territory: Option<&'a Territory>,
    pub programmes: Programmes,
    pub department: Option<String>,
    /// The resident's commune, when exactly one matches what they gave.
    pub commune: Option<Commune>,
    /// Where to look for places from, and how to name it; `None` while we do not know
    /// one commune (a kiosk's own postcode stands for all its communes).
    pub point: Option<(Point, String)>,
}

impl<'a> Located<'a> {
    /// `near` is what the resident gave; `here`, where the kiosk stands, is used when
    /// they gave nothing.
    pub fn new(
        rules: &'a Rules,
        communes: &'a Communes,
        near: Option<&str>,
        here: Option<&str>,
    ) -> Located<'a> {
        let is_here = near.is_none() && here.is_some();
        let resolution = near.or(here).map(|near| communes.resolve(near));
        let department = resolution
            .as_ref()
            .and_then(Resolution::department)
            .map(str::to_owned);
        let territory = department
            .as_deref()
            .and_then(|department| rules.territory(department));
        let programmes = match &department {
            Some(_) => rules.programmes_of(territory),
            None => Programmes::UNKNOWN,
        };
        let commune = match &resolution {
            Some(Resolution::Found(found)) if found.len() == 1 => Some(found[0].clone()),
            _ => None,
        };
        let point = match (&resolution, &commune) {
            (_, Some(commune)) => commune
                .point
                .map(|point| (point, format!("{} ({})", commune.name, commune.postcode()))),
            // A kiosk configured with a postcode shared by several communes: their centre.
            (Some(Resolution::Found(found)), None) if is_here && department.is_some() => {
                let points: Vec<Point> = found.iter().filter_map(|c| c.point).collect();
                let n = points.len() as f64;
                let centre = (!points.is_empty())
                    .then(|| {
                        Point::new(
                            points.iter().map(|p| p.lat).sum::<f64>() / n,
                            points.iter().map(|p| p.lon).sum::<f64>() / n,
                        )
                    })
                    .flatten();
                centre.map(|centre| (centre, here.unwrap_or_default().to_owned()))
            }
            _ => None,
        };
        Located {
            resolution,
            territory,
            programmes,
            department,
            commune,
            point,
        }
    }

    /// "Angoulême (16000)", or `None` when we do not know one commune.
    pub fn label(&self) -> Option<String> {
        self.point.as_ref().map(|(_, label)| label.clone())
    }
}

/// A commune offered when several match what the resident typed: its label
/// ("Barret (16300)") and the `near` value that finds it alone ("Barret 16300").
pub fn commune_choice(commune: &Commune, typed: &str) -> (String, String) {
    let postcode = commune.postcode_as_typed(typed);
    (
        format!("{} ({postcode})", commune.name),
        format!("{} {postcode}", commune.name),
    )
}

/// The fact a question page asks, if the walk stops at one.
pub fn asked_fact(walk: &Walk) -> Option<FactIx> {
    match walk.step {
        crate::rules::Step::Ask(Var::Fact(fact)) => Some(fact),
        _ => None,
    }
}
