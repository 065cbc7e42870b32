//! The pages, as functions from plain data to markup. No HTTP here, no rule logic:
//! handlers in `routes` prepare the data.

use maud::{Markup, html};

use super::layout::{Chrome, contact_with, display_url, external, page, picto, qr_code};
use super::places::Where;
use crate::rules::{Orientation, Rules};

/// One answer of a question, as a big link.
pub struct ChoiceLink<'a> {
    pub label: &'a str,
    pub hint: Option<&'a str>,
    pub pictogram: Option<&'a str>,
    pub href: String,
}

/// A question and its answers.
pub struct QuestionView<'a> {
    pub question: &'a str,
    pub help: Option<&'a str>,
    pub choices: Vec<ChoiceLink<'a>>,
    pub progress: Progress,
    pub back: Option<String>,
    /// Many answers with pictograms (the themes): shown as a grid of tiles.
    pub grid: bool,
}

/// "Question 2 of at most 4".
#[derive(Clone, Copy)]
pub struct Progress {
    pub step: usize,
    pub total: usize,
}

fn progress(chrome: &Chrome<'_>, progress: Progress) -> Markup {
    let tr = chrome.tr;
    let text = tr.args(
        "step",
        &[
            ("n", progress.step.into()),
            ("total", progress.total.into()),
        ],
    );
    html! {
        div.progress {
            p.step { (text) }
            progress max=(progress.total) value=(progress.step) aria-hidden="true" {}
        }
    }
}

fn back_link(chrome: &Chrome<'_>, href: &str) -> Markup {
    html! {
        p.back { a href=(href) { (picto("back")) span { (chrome.tr.t("back")) } } }
    }
}

fn choices(view: &QuestionView<'_>) -> Markup {
    html! {
        ul.choices.grid[view.grid] {
            @for choice in &view.choices {
                li {
                    a.choice href=(choice.href) {
                        @if let Some(name) = choice.pictogram { (picto(name)) }
                        span.text {
                            span.label { (choice.label) }
                            @if let Some(hint) = choice.hint { span.hint { (hint) } }
                        }
                    }
                }
            }
        }
    }
}

/// The home page: what aiguillage does, and the first question.
pub fn home(chrome: &Chrome<'_>, view: &QuestionView<'_>) -> Markup {
    let tr = chrome.tr;
    let body = html! {
        p.intro { (tr.t("home-intro")) }
        h1 #question { (view.question) }
        @if let Some(help) = view.help { p.help { (help) } }
        (choices(view))
        section.card.write aria-labelledby="write" {
            h2 #write { (picto("chat")) span { (tr.t("home-write-title")) } }
            form.chat method="post" action="/chat#dernier" {
                @if chrome.flow.lang != crate::lang::Lang::default() {
                    input type="hidden" name="lang" value=(chrome.flow.lang.code());
                }
                label for="message" { (tr.t("home-write")) }
                div.field {
                    textarea #message name="message" rows="2" maxlength="1000" required {}
                    button.button.primary type="submit" { (tr.t("chat-send")) (picto("next")) }
                }
            }
        }
    };
    page(chrome, view.question, body)
}

/// One question per page.
pub fn question(chrome: &Chrome<'_>, view: &QuestionView<'_>) -> Markup {
    let title = format!(
        "{} ({})",
        view.question,
        chrome.tr.args(
            "step",
            &[
                ("n", view.progress.step.into()),
                ("total", view.progress.total.into())
            ]
        )
    );
    let body = html! {
        @if let Some(back) = &view.back { (back_link(chrome, back)) }
        (progress(chrome, view.progress))
        h1 #question { (view.question) }
        @if let Some(help) = view.help { p.help { (help) } }
        (choices(view))
    };
    page(chrome, &title, body)
}

pub struct PlaceView<'a> {
    pub question: &'a str,
    pub help: &'a str,
    /// The other parameters of the visit, carried as hidden fields.
    pub hidden: Vec<(String, String)>,
    pub typed: Option<&'a str>,
    pub problem: Where,
    pub progress: Progress,
    pub back: Option<String>,
}

/// "Where do you live?": a postcode or a commune, typed.
pub fn place(chrome: &Chrome<'_>, view: &PlaceView<'_>) -> Markup {
    let tr = chrome.tr;
    let invalid = !matches!(view.problem, Where::Unknown);
    let described = if invalid {
        "near-help near-problem"
    } else {
        "near-help"
    };
    let body = html! {
        @if let Some(back) = &view.back { (back_link(chrome, back)) }
        (progress(chrome, view.progress))
        form.place method="get" action="/question" {
            @for (name, value) in &view.hidden {
                input type="hidden" name=(name) value=(value);
            }
            h1 { label for="near" { (view.question) } }
            p.help #near-help { (view.help) }
            @match &view.problem {
                Where::Unknown => {}
                Where::NotFound(typed) => {
                    p.problem #near-problem role="alert" { (picto("warning")) span { (tr.args("place-not-found", &[("query", typed.as_str().into())])) } }
                }
                Where::Choose(_) => {
                    p.problem #near-problem role="alert" { (picto("info")) span { (tr.t("place-choose")) } }
                }
            }
            @if let Where::Choose(options) = &view.problem {
                ul.choices.grid {
                    @for (label, href) in options {
                        li { a.choice href=(href) { (picto("place")) span.text { span.label { (label) } } } }
                    }
                }
            }
            div.field {
                input #near type="text" name="near" value=[view.typed] aria-describedby=(described) aria-invalid=[invalid.then_some("true")] spellcheck="false" maxlength="100" required;
                button.button.primary type="submit" { (tr.t("place-submit")) (picto("next")) }
            }
        }
    };
    page(chrome, view.question, body)
}

pub struct RecapRow<'a> {
    pub topic: &'a str,
    pub answer: String,
    pub change: String,
}

/// The answers, each with a "change" link, before the referral.
pub fn recap(chrome: &Chrome<'_>, rows: &[RecapRow<'_>], next: &str, back: &str) -> Markup {
    let tr = chrome.tr;
    let title = tr.t("recap-title");
    let body = html! {
        (back_link(chrome, back))
        h1 { (title) }
        p.help { (tr.t("recap-intro")) }
        dl.recap {
            @for row in rows {
                div.row {
                    dt { (row.topic) }
                    dd {
                        span.answer { (row.answer) }
                        a.change href=(row.change) {
                            (tr.t("change"))
                            span.visually-hidden { " : " (row.topic) }
                        }
                    }
                }
            }
        }
        p.actions { a.button.primary href=(next) { (tr.t("see-referral")) (picto("next")) } }
    };
    page(chrome, &title, body)
}

/// The referral: what to do, why, what to bring, where, and the other options.
pub fn orientation(
    chrome: &Chrome<'_>,
    orientation: &Orientation<'_>,
    recap: &str,
    places: Markup,
    share: &str,
) -> Markup {
    let title = orientation.referral.title.get(chrome.tr.lang);
    page(
        chrome,
        title,
        orientation_body(chrome, orientation, recap, places, 1, share),
    )
}

/// The content of a referral, with its title at heading `level` (1 on its own page, 2
/// at the end of a conversation).
pub fn orientation_body(
    chrome: &Chrome<'_>,
    orientation: &Orientation<'_>,
    recap: &str,
    places: Markup,
    level: u8,
    share: &str,
) -> Markup {
    let tr = chrome.tr;
    let lang = tr.lang;
    let rules: &Rules = chrome.rules;
    let referral = orientation.referral;
    let title = referral.title.get(lang);
    let body = html! {
        div.referral-head {
            (picto(&referral.pictogram))
            div {
                p.eyebrow { (tr.t("referral-eyebrow")) }
                @if level == 1 { h1 { (title) } } @else { h2.referral-title { (title) } }
            }
        }
        p.summary { (referral.summary.get(lang)) }
        section.card aria-labelledby="why" {
            h2 #why { (picto("why")) span { (tr.t("why")) } }
            ul.reasons {
                @for reason in &orientation.reasons { li { (reason.get(lang)) } }
            }
        }
        @if !referral.steps.is_empty() {
            section.card aria-labelledby="steps" {
                h2 #steps { (picto("check")) span { (tr.t("what-to-do")) } }
                ol.steps {
                    @for step in &referral.steps { li { (step.get(lang)) } }
                }
            }
        }
        @if let Some(reach) = &referral.contact {
            section.card.contact-card aria-labelledby="contact" {
                h2 #contact { (picto("phone")) span { (tr.t("contact")) } }
                (contact_with(chrome, reach))
            }
        }
        (places)
        @if let Some(local) = orientation.local {
            section.card aria-labelledby="programme" {
                h2 #programme { (picto(&referral.pictogram)) span { (local.name.get(lang)) } }
                @if !local.who.is_empty() {
                    h3 { (tr.t("programme-who")) }
                    ul { @for who in &local.who { li { (who.get(lang)) } } }
                }
                @if !local.get.is_empty() {
                    h3 { (tr.t("programme-get")) }
                    ul { @for get in &local.get { li { (get.get(lang)) } } }
                }
                @for reach in &local.contacts { (contact_with(chrome, reach)) }
            }
        }
        @if !orientation.bring.is_empty() {
            section.card aria-labelledby="bring" {
                h2 #bring { (picto("bring")) span { (tr.t("bring")) } }
                ul.checklist {
                    @for item in &orientation.bring { li { (item.get(lang)) } }
                }
            }
        }
        @if let Some(theme) = orientation.theme {
            section.card aria-labelledby="site" {
                h2 #site { (picto("external")) span { (tr.t("official-site")) } }
                (external(tr, &theme.site.url, html! { strong { (theme.site.name.get(lang)) } " — " (display_url(&theme.site.url)) }, chrome.kiosk))
            }
        }
        @if !orientation.also.is_empty() {
            section.card.also-card aria-labelledby="also" {
                h2 #also { (picto("info")) span { (tr.t("also")) } }
                ul.also {
                    @for also in orientation.also {
                        li {
                            (picto(&rules.referral(also.kind).pictogram))
                            span { strong { (rules.referral(also.kind).title.get(lang)) } " " (also.text.get(lang)) }
                        }
                    }
                }
            }
        }
        // On the printed slip only: reopen this referral on a phone.
        section.slip aria-labelledby="slip" {
            h2 #slip { (tr.t("slip-title")) }
            (qr_code(share, &tr.t("slip-qr")))
            p.url { (share) }
        }
        p.actions {
            a.button href=(recap) { (picto("back")) span { (tr.t("change-answers")) } }
            a.button.primary href=(chrome.home_href()) { (picto("restart")) span { (tr.t("restart")) } }
            @if !chrome.kiosk {
                button.button.print-button #imprimer type="button" hidden { (picto("print")) span { (tr.t("print")) } }
            }
        }
        @if !chrome.kiosk { script src=(chrome.assets.url("print.js")) defer {} }
    };
    body
}

/// A friendly error page: what happened, and a way back.
pub fn error(chrome: &Chrome<'_>, title: &str, message: &str) -> Markup {
    let tr = chrome.tr;
    let body = html! {
        h1 { (title) }
        p { (message) }
        p.actions { a.button.primary href=(chrome.home_href()) { (picto("home")) span { (tr.t("restart")) } } }
    };
    page(chrome, title, body)
}
