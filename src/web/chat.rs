//! The chat: a resident writes their problem in their own words; aiguillage answers in
//! short bubbles, confirms what it understood, asks the remaining questions (buttons,
//! or typed answers understood the same way), and ends with the referral.
//!
//! Stateless and without JavaScript: the conversation is rebuilt from the answers in
//! the URL. A typed message is sent by POST, understood, and never stored, logged or
//! put in a URL: the reply is a redirection to the conversation with the answers it
//! gave. The newest message is where the page opens (`#dernier`), and the page's title
//! starts with it, so that a screen reader announces it first.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};

use super::AppState;
use super::error::PageError;
use super::flow::Flow;
use super::layout::{contact_with, page, picto};
use super::pages;
use super::places;
use super::routes::{PageRequest, Visit, error_page};
use crate::normalize::fold;
use crate::rules::{FactIx, Rules, Step, Var};
use crate::stats::{Channel, Event};

/// A typed message longer than this is cut (nobody types more at a kiosk).
const MAX_MESSAGE: usize = 1000;

/// What the conversation is waiting for, beyond the answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// The normal course: the next question, or the referral.
    Course,
    /// A theme was understood from the text: is it right?
    Propose(usize),
    /// The resident said no, or the text was not understood: the theme buttons.
    Choose { misunderstood: bool },
    /// A typed answer to the current question was not understood.
    Unclear,
}

/// The chat's own parameters, beside the answers of the flow.
fn mode(rules: &Rules, query: &str) -> Mode {
    let mut mode = Mode::Course;
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        match &*key {
            "propose" => {
                if let Some(ix) = rules.themes.iter().position(|theme| theme.id == value) {
                    mode = Mode::Propose(ix);
                }
            }
            "choisir" => {
                mode = Mode::Choose {
                    misunderstood: value == "incompris",
                }
            }
            "incompris" => mode = Mode::Unclear,
            _ => {}
        }
    }
    mode
}

fn chat_href(rules: &Rules, flow: &Flow, extra: Option<(&str, &str)>) -> String {
    let mut href = flow.href(rules, "/chat");
    if let Some((key, value)) = extra {
        let pair = form_urlencoded::Serializer::new(String::new())
            .append_pair(key, value)
            .finish();
        href.push(if href.contains('?') { '&' } else { '?' });
        href.push_str(&pair);
    }
    href.push_str("#dernier");
    href
}

/// `GET /chat`: the conversation so far.
pub async fn show(State(state): State<AppState>, request: PageRequest) -> Response {
    let query = request.query.clone().unwrap_or_default();
    let flow = match request.flow(&state.rules) {
        Ok(flow) => flow,
        Err(_) => {
            let visit = Visit::new(&state, Flow::default(), Channel::Chat);
            return error_page(&visit, PageError::BadLink).into_response();
        }
    };
    let visit = Visit::new(&state, flow, Channel::Chat).from_request(&request);
    render(&visit, mode(&state.rules, &query))
}

/// `POST /chat`: a typed message, understood, then back to the conversation.
pub async fn message(State(state): State<AppState>, body: Bytes) -> Response {
    let body = String::from_utf8_lossy(&body);
    let rules = &state.rules;
    let flow = match Flow::parse(rules, Some(&body)) {
        Ok(flow) => flow,
        Err(_) => {
            let visit = Visit::new(&state, Flow::default(), Channel::Chat);
            return error_page(&visit, PageError::BadLink).into_response();
        }
    };
    let text: String = form_urlencoded::parse(body.as_bytes())
        .find(|(key, _)| key == "message")
        .map(|(_, value)| value.chars().take(MAX_MESSAGE).collect())
        .unwrap_or_default();
    let visit = Visit::new(&state, flow, Channel::Chat);
    let target = if text.trim().is_empty() {
        chat_href(rules, &visit.flow, None)
    } else {
        understand(&visit, &text)
    };
    (
        StatusCode::SEE_OTHER,
        [(axum::http::header::LOCATION, target)],
    )
        .into_response()
}

/// Where a typed message leads: the conversation with what it said.
fn understand(visit: &Visit<'_>, text: &str) -> String {
    let state = visit.state;
    let rules = &state.rules;
    let lang = visit.flow.lang;
    let located = visit.located();
    let walk = rules.walk(&visit.flow.answers, located.programmes);
    let understood = state.understander.understand(text, lang);
    // Facts the text states are kept whatever the question: they spare questions later.
    let mut answers = visit.flow.answers;
    for (fact, value) in &understood.facts {
        if answers.get(*fact).is_none() && *fact != rules.theme_fact {
            answers.set(*fact, *value);
        }
    }
    let flow = visit.flow.with_answers(answers);
    match walk.step {
        Step::Ask(Var::Fact(fact)) if fact == rules.theme_fact => match understood.theme {
            Some(theme) => chat_href(rules, &flow, Some(("propose", &rules.themes[theme].id))),
            None => {
                state.stats.record(Event::NotUnderstood {
                    channel: Channel::Chat,
                    lang: lang.code(),
                });
                chat_href(rules, &flow, Some(("choisir", "incompris")))
            }
        },
        Step::Ask(Var::Fact(fact)) => {
            let value = understood
                .facts
                .iter()
                .find(|(f, _)| *f == fact)
                .map(|(_, v)| *v)
                .or_else(|| by_label(rules, fact, text, lang));
            match value {
                Some(value) => chat_href(
                    rules,
                    &flow.with_answers(flow.answers.with(fact, value)),
                    None,
                ),
                None => chat_href(rules, &flow, Some(("incompris", "1"))),
            }
        }
        // The place question: what they typed is the place.
        Step::Ask(Var::Place(_)) => {
            let near: String = text.trim().chars().take(100).collect();
            chat_href(
                rules,
                &Flow {
                    near: Some(near),
                    ..flow
                },
                None,
            )
        }
        Step::Refer(_) | Step::Unmatched => chat_href(rules, &flow, None),
    }
}

/// The choice whose label the typed answer names ("oui", "un téléphone"), when exactly
/// one shares the most words with it.
fn by_label(rules: &Rules, fact: FactIx, text: &str, lang: crate::lang::Lang) -> Option<u8> {
    let typed: Vec<String> = fold(text)
        .split(' ')
        .filter(|w| w.len() > 1 || w.chars().all(char::is_alphanumeric))
        .map(str::to_owned)
        .collect();
    if typed.is_empty() {
        return None;
    }
    let scores: Vec<usize> = rules
        .fact(fact)
        .choices
        .iter()
        .map(|choice| {
            let label = fold(choice.label.get(lang));
            let first = label.split(' ').next().unwrap_or_default().to_owned();
            // The first word of a label ("Oui", "Non") decides a short answer alone.
            let first_matches = typed.first() == Some(&first);
            let shared = label
                .split(' ')
                .filter(|w| w.len() > 3 && typed.iter().any(|t| t == w))
                .count();
            shared * 2 + usize::from(first_matches)
        })
        .collect();
    let best = *scores.iter().max()?;
    (best > 0 && scores.iter().filter(|s| **s == best).count() == 1)
        .then(|| scores.iter().position(|s| *s == best).map(|ix| ix as u8))
        .flatten()
}

/// One bubble of the conversation.
enum Bubble {
    Bot(String),
    You(String),
}

fn render(visit: &Visit<'_>, mode: Mode) -> Response {
    let state = visit.state;
    let rules = &state.rules;
    let chrome = visit.chrome();
    let tr = chrome.tr;
    let lang = tr.lang;
    let located = visit.located();
    let walk = rules.walk(&visit.flow.answers, located.programmes);
    let mut bubbles = vec![Bubble::Bot(tr.t("chat-hello").into_owned())];
    for var in &walk.path {
        match *var {
            Var::Fact(fact) => {
                let (question, _) = rules.question(fact, located.territory);
                let value = walk.answers.get(fact).map_or(0, usize::from);
                bubbles.push(Bubble::Bot(question.get(lang).to_owned()));
                bubbles.push(Bubble::You(
                    rules.fact(fact).choices[value].label.get(lang).to_owned(),
                ));
            }
            Var::Place(_) => {
                bubbles.push(Bubble::Bot(rules.place.question.get(lang).to_owned()));
                bubbles.push(Bubble::You(
                    located
                        .label()
                        .or_else(|| visit.flow.near.clone())
                        .unwrap_or_default(),
                ));
            }
        }
    }
    // The newest message, its buttons, and what follows.
    let (last, buttons, after): (String, Markup, Markup) = match (mode, walk.step) {
        (Mode::Propose(theme), Step::Ask(Var::Fact(fact))) if fact == rules.theme_fact => {
            let label = rules.themes[theme].label.get(lang);
            let yes = chat_href(
                rules,
                &visit
                    .flow
                    .with_answers(visit.flow.answers.with(fact, theme as u8)),
                None,
            );
            let no = chat_href(rules, &visit.flow, Some(("choisir", "non")));
            let buttons = html! {
                ul.choices.chat-choices {
                    li { a.choice href=(yes) { (picto("yes")) span.text { span.label { (tr.t("chat-yes")) } } } }
                    li { a.choice href=(no) { (picto("no")) span.text { span.label { (tr.t("chat-no")) } } } }
                }
            };
            (
                tr.args("chat-understood", &[("theme", label.into())]),
                buttons,
                html! {},
            )
        }
        (Mode::Choose { misunderstood }, Step::Ask(Var::Fact(fact)))
            if fact == rules.theme_fact =>
        {
            let text = if misunderstood {
                tr.t("chat-not-understood")
            } else {
                tr.t("chat-choose")
            };
            (
                text.into_owned(),
                choice_links(visit, fact),
                human(visit, misunderstood),
            )
        }
        (_, Step::Ask(var @ Var::Fact(fact))) => {
            visit.progressed(&walk, var);
            let (question, help) = rules.question(fact, located.territory);
            let mut text = question.get(lang).to_owned();
            if mode == Mode::Unclear {
                text = format!("{} {text}", tr.t("chat-unclear"));
            }
            let help = help
                .map(|help| html! { p.help { (help.get(lang)) } })
                .unwrap_or_default();
            (text, html! { (help) (choice_links(visit, fact)) }, html! {})
        }
        (_, Step::Ask(var @ Var::Place(_))) => {
            visit.progressed(&walk, var);
            let mut text = format!(
                "{} {}",
                rules.place.question.get(lang),
                rules.place.help.get(lang)
            );
            if let Some(typed) = &visit.flow.near
                && located.point.is_none()
            {
                text = format!(
                    "{} {text}",
                    tr.args("place-not-found", &[("query", typed.as_str().into())])
                );
            }
            (text, html! {}, html! {})
        }
        (_, Step::Refer(_)) => {
            let Some(orientation) = rules.orientation(&walk, located.territory) else {
                return error_page(visit, PageError::Internal("no orientation".to_owned()))
                    .into_response();
            };
            visit.referred(&walk, &orientation, &located);
            let flow = visit.flow.with_answers(walk.answers);
            let recap = flow.href(rules, "/recapitulatif");
            let section = places::referral_section(visit, &chrome, &orientation, &located, &flow);
            let share = visit.share(&flow);
            let body = pages::orientation_body(&chrome, &orientation, &recap, section, 2, &share);
            let text = tr.args(
                "chat-referral",
                &[("title", orientation.referral.title.get(lang).into())],
            );
            (text, html! {}, html! { div.chat-referral { (body) } })
        }
        (_, Step::Unmatched) => {
            return error_page(
                visit,
                PageError::Internal("the policy matched no rule".to_owned()),
            )
            .into_response();
        }
    };
    let ask_text = !matches!(walk.step, Step::Refer(_));
    let title = format!("{last} — {}", tr.t("chat-title"));
    let hidden = places::hidden_fields(rules, &visit.flow);
    let near_hidden = visit.flow.near.clone();
    let body = html! {
        h1.visually-hidden { (tr.t("chat-title")) }
        ol.conversation {
            @for bubble in &bubbles {
                @match bubble {
                    Bubble::Bot(text) => li.bot { span.visually-hidden { (tr.t("chat-bot-says")) } (text) },
                    Bubble::You(text) => li.you { span.visually-hidden { (tr.t("chat-you-said")) } (text) },
                }
            }
            li.bot.last #dernier tabindex="-1" { span.visually-hidden { (tr.t("chat-bot-says")) } (last) }
        }
        (buttons)
        @if ask_text {
            form.chat method="post" action="/chat#dernier" {
                @for (name, value) in &hidden { input type="hidden" name=(name) value=(value); }
                @if let Some(near) = &near_hidden { input type="hidden" name="near" value=(near); }
                label for="message" { (tr.t("chat-write")) }
                div.field {
                    textarea #message name="message" rows="2" maxlength="1000" {}
                    button.button.primary type="submit" { (tr.t("chat-send")) (picto("next")) }
                }
            }
        }
        (after)
        p.actions {
            a.button href=(chrome.flow_href("/")) { (picto("restart")) span { (tr.t("restart")) } }
        }
    };
    page(&chrome, &title, body).into_response()
}

/// The answers of a question, as big links that continue the conversation.
fn choice_links(visit: &Visit<'_>, fact: FactIx) -> Markup {
    let rules = &visit.state.rules;
    let lang = visit.flow.lang;
    html! {
        ul.choices.chat-choices.grid[fact == rules.theme_fact] {
            @for (value, choice) in rules.fact(fact).choices.iter().enumerate() {
                li {
                    a.choice href=(chat_href(rules, &visit.flow.with_answers(visit.flow.answers.with(fact, value as u8)), None)) {
                        @if let Some(name) = &choice.pictogram { (picto(name)) }
                        span.text {
                            span.label { (choice.label.get(lang)) }
                            @if let Some(hint) = &choice.hint { span.hint { (hint.get(lang)) } }
                        }
                    }
                }
            }
        }
    }
}

/// A person to talk to: the receptionist, or the phone line of the site.
fn human(visit: &Visit<'_>, shown: bool) -> Markup {
    if !shown {
        return html! {};
    }
    let tr = visit.chrome().tr;
    let site = &visit.state.rules.site;
    html! {
        section.card aria-labelledby="human" {
            h2 #human { (picto("person")) span { (tr.t("chat-human")) } }
            p { (site.help.get(tr.lang)) }
            (contact_with(&visit.chrome(), &site.contact))
        }
    }
}
