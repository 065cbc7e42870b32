//! The questionnaire's handlers: parse the query string, walk the rules, hand plain
//! data to a page. Navigation is GET: every step is a URL that can be bookmarked,
//! shared as a QR code, or reached with the browser's back button.

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};

use super::AppState;
use super::error::{ErrorPage, PageError};
use super::flow::{Flow, FlowError, Located};
use super::layout::Chrome;
use super::pages::{self, ChoiceLink, PlaceView, Progress, QuestionView, RecapRow};
use super::places;
use crate::i18n::Tr;
use crate::lang::Lang;
use crate::rules::{Answers, FactIx, Rules, Step, Var, Walk};
use crate::stats::{Channel, Event};

/// One request of the questionnaire: the state and the visit.
pub struct Visit<'a> {
    pub state: &'a AppState,
    pub flow: Flow,
    /// Where the visit comes from, for the statistics.
    pub channel: Channel,
    /// The page's path (`/question`), for links to the same page in another
    /// language or display.
    pub path: String,
    /// The site's address as the browser used it (`http://localhost:8080`), for
    /// QR codes when no public address is configured.
    pub origin: Option<String>,
}

/// What a page handler needs of the request, besides the state.
pub struct PageRequest {
    pub query: Option<String>,
    pub path: String,
    /// The browser's languages, for a first visit without `lang`.
    pub accept_language: Option<String>,
    /// `Host`, when it is a plain host name (and port).
    pub host: Option<String>,
}

impl<S: Send + Sync> FromRequestParts<S> for PageRequest {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<PageRequest, Self::Rejection> {
        let accept_language = parts
            .headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|value| value.to_str().ok())
            .map(|value| value.chars().take(200).collect());
        let host = parts
            .headers
            .get(header::HOST)
            .and_then(|value| value.to_str().ok())
            .filter(|host| {
                host.len() <= 255
                    && host
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b))
            })
            .map(str::to_owned);
        Ok(PageRequest {
            query: parts.uri.query().map(str::to_owned),
            path: parts.uri.path().to_owned(),
            accept_language,
            host,
        })
    }
}

impl PageRequest {
    /// The visit this request describes: its query string, and the browser's language
    /// when the link chose none.
    pub fn flow(&self, rules: &Rules) -> Result<Flow, FlowError> {
        let mut flow = Flow::parse(rules, self.query.as_deref())?;
        if !flow.lang_chosen
            && let Some(accept) = &self.accept_language
        {
            flow.lang = Lang::negotiate(accept);
        }
        Ok(flow)
    }
}

impl<'a> Visit<'a> {
    pub fn new(state: &'a AppState, flow: Flow, channel: Channel) -> Visit<'a> {
        Visit {
            state,
            flow,
            channel,
            path: String::new(),
            origin: None,
        }
    }

    /// The same visit, as requested by `request` (its page and the host it asked).
    pub fn from_request(self, request: &PageRequest) -> Visit<'a> {
        Visit {
            path: request.path.clone(),
            origin: request.host.as_ref().map(|host| format!("http://{host}")),
            ..self
        }
    }

    /// The address of a referral for a phone (QR code of the slip): the same answers,
    /// language and display, but not the kiosk mode.
    pub fn share(&self, flow: &Flow) -> String {
        let mut flow = flow.clone();
        flow.display.kiosk = false;
        self.absolute(&flow.href(self.rules(), "/orientation"))
    }

    /// An address of the site that a phone can open (for QR codes).
    pub fn absolute(&self, href: &str) -> String {
        let base = self
            .state
            .public_url
            .as_deref()
            .or(self.origin.as_deref())
            .unwrap_or("http://localhost");
        format!("{base}{href}")
    }

    /// The same visit, on the page at `path`.
    pub fn at(self, path: &str) -> Visit<'a> {
        Visit {
            path: path.to_owned(),
            ..self
        }
    }

    /// A kiosk: the server runs as one, or the link says so.
    pub fn kiosk(&self) -> bool {
        self.state.kiosk || self.flow.display.kiosk
    }

    fn rules(&self) -> &'a Rules {
        &self.state.rules
    }

    pub fn chrome(&self) -> Chrome<'_> {
        Chrome {
            tr: Tr::new(&self.state.catalog, self.flow.lang),
            rules: &self.state.rules,
            assets: &self.state.assets,
            flow: &self.flow,
            path: &self.path,
            kiosk: self.kiosk(),
        }
    }

    /// The page at `canonical` (its URL without the answers that do not matter), from
    /// the page cache or rendered by `render` and kept. Everything else that shapes a
    /// page is in the key: language, kiosk, the site's address (QR codes) and the
    /// minute (opening hours).
    fn cached(&self, canonical: &str, render: impl FnOnce() -> maud::Markup) -> Response {
        let key = format!(
            "{}|{}|{}|{}|{canonical}",
            self.state.clock.now().timestamp() / 60,
            self.flow.lang.code(),
            self.kiosk(),
            self.origin.as_deref().unwrap_or_default(),
        );
        let page = self.state.pages.get(&key).unwrap_or_else(|| {
            let page = axum::body::Bytes::from(render().into_string());
            self.state.pages.insert(key, page.clone());
            page
        });
        Html(page).into_response()
    }

    /// Where the resident is: what they said, else where the kiosk stands.
    pub fn located(&self) -> Located<'a> {
        Located::new(
            &self.state.rules,
            self.state.communes,
            self.flow.near.as_deref(),
            self.state.here.as_deref(),
        )
    }

    /// Where a set of answers leads: the recap when they decide a referral, else the
    /// next question.
    fn next_href(&self, answers: Answers, located: &Located<'_>) -> String {
        let walk = self.rules().walk(&answers, located.programmes);
        let path = if matches!(walk.step, Step::Refer(_)) {
            "/recapitulatif"
        } else {
            "/question"
        };
        self.flow.with_answers(answers).href(self.rules(), path)
    }

    fn progress(&self, walk: &Walk, located: &Located<'_>) -> Progress {
        let asked = walk.path.len();
        let left = self
            .rules()
            .questions_left(&walk.answers, located.programmes);
        Progress {
            step: asked + 1,
            total: asked + left.max(1),
        }
    }

    fn back(&self, walk: &Walk) -> Option<String> {
        let back = self.flow.back(walk)?;
        let path = if back.answers.is_empty() && back.near.is_none() {
            "/"
        } else {
            "/question"
        };
        Some(back.href(self.rules(), path))
    }

    fn question_view(&self, walk: &Walk, fact: FactIx, located: &Located<'a>) -> QuestionView<'a> {
        let rules = self.rules();
        let lang = self.flow.lang;
        let (question, help) = rules.question(fact, located.territory);
        let fact_def = rules.fact(fact);
        let choices = fact_def
            .choices
            .iter()
            .enumerate()
            .map(|(value, choice)| ChoiceLink {
                label: choice.label.get(lang),
                hint: choice.hint.as_ref().map(|hint| hint.get(lang)),
                pictogram: choice.pictogram.as_deref(),
                href: self.next_href(walk.answers.with(fact, value as u8), located),
            })
            .collect();
        QuestionView {
            question: question.get(lang),
            help: help.map(|help| help.get(lang)),
            choices,
            progress: self.progress(walk, located),
            back: self.back(walk),
            grid: fact == rules.theme_fact,
        }
    }
}

impl Visit<'_> {
    /// Statistics of a question page: the previous answer, and this question.
    pub fn progressed(&self, walk: &Walk, asked: Var) {
        self.answered(walk);
        let question = var_id(self.rules(), asked).to_owned();
        self.state.stats.record(Event::Asked {
            channel: self.channel,
            question,
        });
    }

    /// Statistics of the step after an answer: the answer (and the start of a triage
    /// when it was the first).
    fn answered(&self, walk: &Walk) {
        let Some(last) = walk.path.last() else { return };
        let channel = self.channel;
        if walk.path.len() == 1
            && let Some(theme) = self.rules().theme(&walk.answers)
        {
            let lang = self.flow.lang.code();
            self.state.stats.record(Event::Started {
                channel,
                lang,
                theme: theme.id.clone(),
            });
        }
        let question = var_id(self.rules(), *last).to_owned();
        self.state
            .stats
            .record(Event::Answered { channel, question });
    }

    /// Statistics of a referral given.
    pub fn referred(
        &self,
        walk: &Walk,
        orientation: &crate::rules::Orientation<'_>,
        located: &Located<'_>,
    ) {
        self.state.stats.record(Event::Referral {
            channel: self.channel,
            lang: self.flow.lang.code(),
            theme: orientation
                .theme
                .map(|theme| theme.id.clone())
                .unwrap_or_default(),
            referral: orientation.referral.kind.clone(),
            department: located.department.clone().unwrap_or_default(),
            questions: u8::try_from(walk.path.len()).unwrap_or(u8::MAX),
        });
    }
}

/// The stable id of a question: its fact's id, or `near` for the place.
pub fn var_id(rules: &Rules, var: Var) -> &str {
    match var {
        Var::Fact(fact) => &rules.fact(fact).id,
        Var::Place(_) => crate::rules::PLACE,
    }
}

/// Runs a page handler with the visit parsed from the query string, and renders any
/// error as a friendly page in the visitor's language.
fn respond(
    state: &AppState,
    request: PageRequest,
    handler: impl FnOnce(&Visit<'_>) -> Result<Response, PageError>,
) -> Response {
    match request.flow(&state.rules) {
        Ok(flow) => {
            let channel = if state.kiosk || flow.display.kiosk {
                Channel::Kiosk
            } else {
                Channel::Web
            };
            let visit = Visit::new(state, flow, channel).from_request(&request);
            match handler(&visit) {
                Ok(response) => response,
                Err(error) => error_page(&visit, error).into_response(),
            }
        }
        Err(error) => {
            tracing::info!(problem = flow_problem(&error), "bad questionnaire link");
            let visit = Visit::new(state, Flow::default(), Channel::Web);
            error_page(&visit, PageError::BadLink).into_response()
        }
    }
}

fn flow_problem(error: &FlowError) -> &'static str {
    match error {
        FlowError::TooLong => "too long",
        FlowError::Repeated(_) => "repeated parameter",
        FlowError::UnknownValue { .. } => "unknown value",
        FlowError::UnknownLang(_) => "unknown language",
    }
}

pub fn error_page(visit: &Visit<'_>, error: PageError) -> ErrorPage {
    let chrome = visit.chrome();
    let tr = chrome.tr;
    let (title, message) = match &error {
        PageError::BadLink => (tr.t("error-bad-link-title"), tr.t("error-bad-link")),
        PageError::NotFound => (tr.t("error-not-found-title"), tr.t("error-not-found")),
        PageError::Internal(detail) => {
            tracing::error!(detail = detail.as_str(), "internal error");
            (tr.t("error-internal-title"), tr.t("error-internal"))
        }
    };
    ErrorPage(error.status(), pages::error(&chrome, &title, &message))
}

pub async fn home(State(state): State<AppState>, request: PageRequest) -> Response {
    respond(&state, request, |visit| {
        let located = visit.located();
        let first = Answers::default();
        let walk = visit.rules().walk(&first, located.programmes);
        match walk.step {
            Step::Ask(Var::Fact(fact)) => {
                Ok(visit.cached(&visit.flow.href(visit.rules(), "/"), || {
                    let view = visit.question_view(&walk, fact, &located);
                    pages::home(&visit.chrome(), &view)
                }))
            }
            _ => Ok(see_other(&visit.flow.href(visit.rules(), "/question"))),
        }
    })
}

pub async fn question(State(state): State<AppState>, request: PageRequest) -> Response {
    respond(&state, request, |visit| {
        let rules = visit.rules();
        let located = visit.located();
        let walk = rules.walk(&visit.flow.answers, located.programmes);
        match walk.step {
            Step::Ask(Var::Fact(_)) if walk.path.is_empty() && visit.flow.near.is_none() => Ok(
                see_other(&visit.flow.with_answers(Answers::default()).href(rules, "/")),
            ),
            Step::Ask(var @ Var::Fact(fact)) => {
                visit.progressed(&walk, var);
                let view = visit.question_view(&walk, fact, &located);
                Ok(pages::question(&visit.chrome(), &view).into_response())
            }
            Step::Ask(var @ Var::Place(_)) => {
                visit.progressed(&walk, var);
                Ok(place_page(visit, &walk, &located))
            }
            Step::Refer(_) => Ok(see_other(
                &visit
                    .flow
                    .with_answers(walk.answers)
                    .href(rules, "/recapitulatif"),
            )),
            Step::Unmatched => Err(PageError::Internal("the policy matched no rule".to_owned())),
        }
    })
}

fn place_page(visit: &Visit<'_>, walk: &Walk, located: &Located<'_>) -> Response {
    let rules = visit.rules();
    let lang = visit.flow.lang;
    let hidden: Vec<(String, String)> = form_urlencoded::parse(
        visit
            .flow
            .with_answers(walk.answers)
            .query(rules)
            .as_bytes(),
    )
    .filter(|(key, _)| key != "near")
    .map(|(key, value)| (key.into_owned(), value.into_owned()))
    .collect();
    let problem = places::where_problem(visit, located, "/question");
    let view = PlaceView {
        question: rules.place.question.get(lang),
        help: rules.place.help.get(lang),
        hidden,
        typed: visit.flow.near.as_deref(),
        problem,
        progress: visit.progress(walk, located),
        back: visit.back(walk),
    };
    pages::place(&visit.chrome(), &view).into_response()
}

pub async fn recap(State(state): State<AppState>, request: PageRequest) -> Response {
    respond(&state, request, |visit| {
        let rules = visit.rules();
        let lang = visit.flow.lang;
        let located = visit.located();
        let walk = rules.walk(&visit.flow.answers, located.programmes);
        if !matches!(walk.step, Step::Refer(_)) {
            return Ok(see_other(&visit.flow.href(rules, "/question")));
        }
        visit.answered(&walk);
        let rows: Vec<RecapRow<'_>> = walk
            .path
            .iter()
            .map(|var| {
                let change = visit.flow.before(&walk, *var).href(rules, "/question");
                match *var {
                    Var::Fact(fact) => {
                        let value = walk.answers.get(fact).map_or(0, usize::from);
                        let fact = rules.fact(fact);
                        RecapRow {
                            topic: fact.topic.get(lang),
                            answer: fact.choices[value].label.get(lang).to_owned(),
                            change,
                        }
                    }
                    Var::Place(_) => RecapRow {
                        topic: rules.place.topic.get(lang),
                        answer: place_label(visit, &located),
                        change,
                    },
                }
            })
            .collect();
        let flow = visit.flow.with_answers(walk.answers);
        let next = flow.href(rules, "/orientation");
        let back = visit
            .back(&walk)
            .unwrap_or_else(|| visit.chrome().home_href());
        Ok(pages::recap(&visit.chrome(), &rows, &next, &back).into_response())
    })
}

/// "Angoulême (16000)", or what the resident typed when it matches several communes.
fn place_label(visit: &Visit<'_>, located: &Located<'_>) -> String {
    located
        .label()
        .unwrap_or_else(|| visit.flow.near.clone().unwrap_or_default())
}

pub async fn orientation(State(state): State<AppState>, request: PageRequest) -> Response {
    respond(&state, request, |visit| {
        let rules = visit.rules();
        let located = visit.located();
        let walk = rules.walk(&visit.flow.answers, located.programmes);
        let Some(orientation) = rules.orientation(&walk, located.territory) else {
            return Ok(see_other(&visit.flow.href(rules, "/question")));
        };
        visit.referred(&walk, &orientation, &located);
        let flow = visit.flow.with_answers(walk.answers);
        Ok(visit.cached(&flow.href(rules, "/orientation"), || {
            let recap = flow.href(rules, "/recapitulatif");
            let chrome = visit.chrome();
            let section = places::referral_section(visit, &chrome, &orientation, &located, &flow);
            let share = visit.share(&flow);
            pages::orientation(&chrome, &orientation, &recap, section, &share)
        }))
    })
}

pub async fn not_found(State(state): State<AppState>, uri: Uri) -> Response {
    // Keep the visitor's language on a mistyped path, when the link carries it.
    let lang = uri
        .query()
        .and_then(|query| form_urlencoded::parse(query.as_bytes()).find(|(key, _)| key == "lang"))
        .and_then(|(_, code)| Lang::parse(&code))
        .unwrap_or_default();
    let visit = Visit::new(
        &state,
        Flow {
            lang,
            ..Flow::default()
        },
        Channel::Web,
    );
    error_page(&visit, PageError::NotFound).into_response()
}

pub async fn healthz() -> &'static str {
    "ok"
}

fn see_other(href: &str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(axum::http::header::LOCATION, href.to_owned())],
    )
        .into_response()
}
