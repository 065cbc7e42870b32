//! Reception mode (`/accueil`): the whole orientation on one page for a receptionist —
//! every question as a compact radio group, keyboard first; the referral and its
//! reasons on submit; printing the slip.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};

use super::AppState;
use super::layout::{page, picto};
use super::places::{self, Places};
use super::routes::{PageRequest, Visit, error_page, var_id};
use crate::rules::{Step, Var, fact_ix};
use crate::stats::Channel;

/// `GET /accueil`.
pub async fn page_handler(State(state): State<AppState>, request: PageRequest) -> Response {
    let flow = match request.flow(&state.rules) {
        Ok(flow) => flow,
        Err(_) => {
            let visit = Visit::new(&state, Default::default(), Channel::Reception).at("/accueil");
            return error_page(&visit, super::error::PageError::BadLink).into_response();
        }
    };
    let visit = Visit::new(&state, flow, Channel::Reception).at("/accueil");
    let rules = &state.rules;
    let chrome = visit.chrome();
    let tr = chrome.tr;
    let lang = tr.lang;
    let located = visit.located();
    let submitted = !visit.flow.answers.is_empty() || visit.flow.near.is_some();
    let walk = rules.walk(&visit.flow.answers, located.programmes);
    let result: Markup = if !submitted {
        html! {}
    } else {
        match walk.step {
            Step::Refer(_) => match rules.orientation(&walk, located.territory) {
                Some(orientation) => {
                    visit.referred(&walk, &orientation, &located);
                    let flow = visit.flow.with_answers(walk.answers);
                    let full = flow.href(rules, "/orientation");
                    let found = places::for_referral(&visit, &orientation, &located);
                    let referral = orientation.referral;
                    html! {
                        section.card.result aria-labelledby="result" {
                            h2 #result { (picto(&referral.pictogram)) span { (referral.title.get(lang)) } }
                            p { (referral.summary.get(lang)) }
                            h3 { (tr.t("why")) }
                            ul.reasons { @for reason in &orientation.reasons { li { (reason.get(lang)) } } }
                            @if let Places::Near { commune, cards, .. } = &found {
                                h3 { (tr.args("places-near", &[("commune", commune.as_str().into())])) }
                                @if cards.is_empty() {
                                    p { (tr.args("places-none", &[("km", crate::directory::find::MAX_KM.into())])) }
                                } @else {
                                    ol.compact-places {
                                        @for card in cards {
                                            li {
                                                a href=(card.href) { (card.place.name) }
                                                @if let Some(km) = card.km { " · " (tr.args("distance", &[("km", places::distance(lang, km).into())])) }
                                                @if let Some(phone) = &card.place.phone { " · " span dir="ltr" { (phone.display) } }
                                            }
                                        }
                                    }
                                }
                            }
                            h3 { (tr.t("bring")) }
                            ul { @for item in &orientation.bring { li { (item.get(lang)) } } }
                            p.actions { a.button.primary href=(full) { (picto("print")) span { (tr.t("reception-full")) } } }
                        }
                    }
                }
                None => html! {},
            },
            Step::Ask(var) => {
                let missing = match var {
                    Var::Fact(fact) => rules
                        .question(fact, located.territory)
                        .0
                        .get(lang)
                        .to_owned(),
                    Var::Place(_) => rules.place.question.get(lang).to_owned(),
                };
                html! {
                    p.problem role="alert" {
                        (picto("info"))
                        span { (tr.t("reception-missing")) " " a.jump href={ "#q-" (var_id(rules, var)) } { (missing) } }
                    }
                }
            }
            Step::Unmatched => html! {},
        }
    };
    let hidden: Vec<(String, String)> = [(
        "lang",
        visit.flow.lang_chosen.then(|| visit.flow.lang.code()),
    )]
    .into_iter()
    .filter_map(|(k, v)| Some((k.to_owned(), v?.to_owned())))
    .collect();
    let title = tr.t("reception-title");
    let body = html! {
        h1 { (title) }
        p.help { (tr.t("reception-intro")) }
        (result)
        form.reception method="get" action="/accueil" {
            @for (name, value) in &hidden { input type="hidden" name=(name) value=(value); }
            @for (ix, fact) in rules.facts.iter().enumerate() {
                fieldset #{ "q-" (fact.id) } {
                    legend { (fact.question.get(lang)) }
                    div.radios {
                        @for (value, choice) in fact.choices.iter().enumerate() {
                            @let id = format!("{}-{}", fact.id, choice.value);
                            @let checked = visit.flow.answers.get(fact_ix(ix)) == Some(value as u8);
                            label for=(id) {
                                input #(id) type="radio" name=(fact.id) value=(choice.value) checked[checked];
                                span { (choice.label.get(lang)) }
                            }
                        }
                    }
                }
            }
            p #q-near {
                label for="near" { (rules.place.question.get(lang)) " " span.hint { (rules.place.help.get(lang)) } }
                input #near type="text" name="near" value=[visit.flow.near.as_deref()] maxlength="100" spellcheck="false";
            }
            p.actions {
                button.button.primary type="submit" { (picto("check")) span { (tr.t("reception-submit")) } }
                a.button href=(chrome.flow_href("/accueil")) { (picto("restart")) span { (tr.t("reception-clear")) } }
            }
        }
    };
    page(&chrome, &title, body).into_response()
}
