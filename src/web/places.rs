//! Places on pages: the list under a referral, the place page `/lieux/{id}`, the
//! directory search `/annuaire`, and the about page with the data's attribution.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDateTime, NaiveTime};
use maud::{Markup, html};

use super::AppState;
use super::error::PageError;
use super::flow::{Flow, Located, commune_choice};
use super::layout::{Chrome, display_url, external, page, phone_number, picto};
use super::routes::{PageRequest, Visit, error_page};
use crate::directory::find::{MAX_KM, SHOWN, Search};
use crate::directory::hours::OpenState;
use crate::directory::schema::ListField;
use crate::directory::{Place, Resolution};
use crate::i18n::Tr;
use crate::lang::Lang;
use crate::rules::{KindIx, Orientation, Rules, Text};
use crate::stats::Channel;

/// The most places the directory search lists.
const SEARCH_LIMIT: usize = 15;

/// A place as listed: how far, and whether it is open.
pub struct Card<'a> {
    pub place: &'a Place,
    pub km: Option<f64>,
    /// The local time where the place is, and its state then.
    pub now: NaiveDateTime,
    pub state: Option<OpenState>,
    pub href: String,
}

/// What a referral page says about places.
pub enum Places<'a> {
    /// Remote help only: no place fits this referral.
    Remote,
    /// We need to know where the resident is (or which commune they mean).
    Where(Where),
    /// The nearest places around a commune; none when none fit within `MAX_KM`.
    Near {
        commune: String,
        cards: Vec<Card<'a>>,
        note: Option<&'a Text>,
    },
}

pub enum Where {
    Unknown,
    NotFound(String),
    /// Several communes match: their labels and links.
    Choose(Vec<(String, String)>),
}

/// The places of a referral, around where the resident is.
/// The places section of a referral, as the referral page and the chat show it.
pub fn referral_section(
    visit: &Visit<'_>,
    chrome: &Chrome<'_>,
    orientation: &Orientation<'_>,
    located: &Located<'_>,
    flow: &Flow,
) -> Markup {
    let places = for_referral(visit, orientation, located);
    let hidden = hidden_fields(&visit.state.rules, flow);
    let heading = orientation
        .referral
        .places
        .as_ref()
        .and_then(|p| p.heading.as_ref());
    section(chrome, &places, heading, &hidden)
}

pub fn for_referral<'a>(
    visit: &Visit<'a>,
    orientation: &Orientation<'a>,
    located: &Located<'a>,
) -> Places<'a> {
    let state = visit.state;
    let rules: &'a Rules = &state.rules;
    let kind = orientation.rule.refer;
    if orientation.referral.places.is_none() {
        return Places::Remote;
    }
    let Some((from, label)) = located.point.clone() else {
        return Places::Where(where_problem(visit, located, "/orientation"));
    };
    let listed = orientation
        .local
        .map_or(&[][..], |local| local.places.as_slice());
    let search = Search {
        kind,
        from,
        department: located.department.as_deref(),
        theme_service: orientation.theme.and_then(|theme| theme.service.as_deref()),
        listed,
        limit: SHOWN,
    };
    let found = state.finder.find(rules, &state.directory, search);
    let note = found
        .fallback
        .and_then(|_| orientation.referral.places.as_ref()?.fallback_note.as_ref());
    let cards = found
        .places
        .iter()
        .map(|nearby| card(visit, nearby.place, Some(nearby.km)))
        .collect();
    Places::Near {
        commune: label,
        cards,
        note,
    }
}

/// Why we cannot list places yet, with the communes to choose from if several match.
pub fn where_problem(visit: &Visit<'_>, located: &Located<'_>, path: &str) -> Where {
    match (&visit.flow.near, &located.resolution) {
        (Some(typed), Some(Resolution::NotFound)) => Where::NotFound(typed.clone()),
        (_, Some(Resolution::Found(communes))) if communes.len() > 1 => Where::Choose(
            communes
                .iter()
                .take(30)
                .map(|commune| {
                    let (label, near) =
                        commune_choice(commune, visit.flow.near.as_deref().unwrap_or_default());
                    let flow = Flow {
                        near: Some(near),
                        ..visit.flow.clone()
                    };
                    (label, flow.href(&visit.state.rules, path))
                })
                .collect(),
        ),
        _ => Where::Unknown,
    }
}

pub fn card<'a>(visit: &Visit<'_>, place: &'a Place, km: Option<f64>) -> Card<'a> {
    let now = visit.state.clock.local(place.department.as_deref());
    let state = place.hours.as_ref().map(|hours| hours.state(now));
    let href = visit.flow.href(
        &visit.state.rules,
        &format!("/lieux/{}", encode_path(&place.id)),
    );
    Card {
        place,
        km,
        now,
        state,
        href,
    }
}

/// A place id in a URL path (ids of the open data are ASCII, but may hold anything).
fn encode_path(id: &str) -> String {
    form_urlencoded::byte_serialize(id.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

/// "3,2 km" in French, "3.2 km" in English.
pub fn distance(lang: Lang, km: f64) -> String {
    let text = if km < 10.0 {
        format!("{km:.1}")
    } else {
        format!("{km:.0}")
    };
    match lang {
        // A decimal comma in most of our languages.
        Lang::Fr | Lang::Falc | Lang::Es | Lang::Pt | Lang::Uk | Lang::Tr => text.replace('.', ","),
        Lang::En | Lang::Ar | Lang::Prs => text,
    }
}

/// "9 h", "17 h 30".
pub fn time(lang: Lang, time: NaiveTime) -> String {
    use chrono::Timelike;
    match lang {
        Lang::Fr | Lang::Falc if time.minute() == 0 => format!("{} h", time.hour()),
        Lang::Fr | Lang::Falc => format!("{} h {:02}", time.hour(), time.minute()),
        Lang::En | Lang::Ar | Lang::Es | Lang::Pt | Lang::Uk | Lang::Tr | Lang::Prs => {
            format!("{}:{:02}", time.hour(), time.minute())
        }
    }
}

/// "aujourd'hui", "demain", "lundi 30".
fn day(tr: Tr<'_>, now: NaiveDateTime, at: NaiveDateTime) -> String {
    let days = (at.date() - now.date()).num_days();
    match days {
        0 => tr.t("today").into_owned(),
        1 => tr.t("tomorrow").into_owned(),
        _ => tr.args(
            "weekday-date",
            &[
                ("day", weekday(tr, at.date().weekday()).into()),
                ("date", at.day().into()),
            ],
        ),
    }
}

fn weekday(tr: Tr<'_>, day: chrono::Weekday) -> String {
    let id = [
        "day-1", "day-2", "day-3", "day-4", "day-5", "day-6", "day-7",
    ][day.num_days_from_monday() as usize];
    tr.t(id).into_owned()
}

/// "Ouvert · ferme à 17 h", "Fermé · ouvre lundi 30 à 9 h", or the data's comment.
pub fn open_text(tr: Tr<'_>, now: NaiveDateTime, state: &OpenState) -> (bool, String) {
    let lang = tr.lang;
    let with_comment = |text: String, comment: &Option<String>| match comment {
        Some(comment) => format!("{text} ({comment})"),
        None => text,
    };
    match state {
        OpenState::Open {
            until: Some(until),
            comment,
        } => (
            true,
            with_comment(
                tr.args("open-until", &[("time", time(lang, until.time()).into())]),
                comment,
            ),
        ),
        OpenState::Open {
            until: None,
            comment,
        } => (true, with_comment(tr.t("open-now").into_owned(), comment)),
        OpenState::Closed {
            opens: Some(opens),
            comment,
        } => (
            false,
            with_comment(
                tr.args(
                    "closed-opens",
                    &[
                        ("day", day(tr, now, *opens).into()),
                        ("time", time(lang, opens.time()).into()),
                    ],
                ),
                comment,
            ),
        ),
        OpenState::Closed {
            opens: None,
            comment,
        } => (
            false,
            with_comment(tr.t("closed-now").into_owned(), comment),
        ),
        OpenState::Unknown { comment } => (
            false,
            comment
                .clone()
                .unwrap_or_else(|| tr.t("hours-unknown").into_owned()),
        ),
    }
}

/// The week's hours, one line a day: "lundi : 9 h – 12 h, 14 h – 17 h".
fn week(tr: Tr<'_>, place: &Place, now: NaiveDateTime) -> Vec<(String, String)> {
    let Some(hours) = &place.hours else {
        return Vec::new();
    };
    hours
        .week(now.date())
        .into_iter()
        .map(|day| {
            let mut text = if day.ranges.is_empty() {
                tr.t("closed").into_owned()
            } else {
                day.ranges
                    .iter()
                    .map(|(start, end)| {
                        format!("{} – {}", time(tr.lang, *start), time(tr.lang, *end))
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            if !day.comments.is_empty() {
                text = format!("{text} ({})", day.comments.join(", "));
            }
            let name = tr.args(
                "weekday-date",
                &[
                    ("day", weekday(tr, day.date.weekday()).into()),
                    ("date", day.date.day().into()),
                ],
            );
            (name, text)
        })
        .collect()
}

/// The week's hours in one line (for the API): "lundi 23 : 9 h – 12 h ; mardi 24 : fermé…".
pub fn week_text(tr: Tr<'_>, place: &Place, now: NaiveDateTime) -> Option<String> {
    let week = week(tr, place, now);
    (!week.is_empty()).then(|| {
        week.iter()
            .map(|(day, hours)| format!("{day} : {hours}"))
            .collect::<Vec<_>>()
            .join(" ; ")
    })
}

/// One place in a list.
pub fn card_markup(chrome: &Chrome<'_>, card: &Card<'_>, heading_level: u8) -> Markup {
    let tr = chrome.tr;
    let place = card.place;
    html! {
        li.place {
            @if heading_level == 3 {
                h3 { a href=(card.href) { (french(&place.name)) } }
            } @else {
                h2 { a href=(card.href) { (french(&place.name)) } }
            }
            @if let Some(km) = card.km {
                p.distance { (picto("place")) span { (tr.args("distance", &[("km", distance(tr.lang, km).into())])) " · " (french(&place.commune)) } }
            }
            p.address { (french(&address(place))) }
            @if let Some(state) = &card.state {
                @let (open, text) = open_text(tr, card.now, state);
                p class=(if open { "open yes" } else { "open no" }) { (picto("clock")) span { (text) } }
            }
            @if place.is_itinerant() {
                p.itinerant { (picto("bus")) span { (tr.t("itinerant")) } }
            }
            @if let Some(phone) = &place.phone {
                p { (phone_number(phone, chrome.kiosk)) }
            }
            @if !place.list(ListField::Access).is_empty() {
                p.access { strong { (tr.t("access")) } " " (french(&place.list(ListField::Access).join(" · "))) }
            }
            // A kiosk cannot follow these links: the place page of a phone can.
            @if !chrome.kiosk && (place.appointment.is_some() || place.accessibility.is_some()) {
                p.links {
                    @if let Some(url) = &place.appointment {
                        a.external href=(url) rel="noopener noreferrer" { (picto("calendar")) span { (tr.t("appointment")) } }
                    }
                    @if let Some(url) = &place.accessibility {
                        a.external href=(url) rel="noopener noreferrer" { (picto("accessible")) span { (tr.t("accessibility")) } }
                    }
                }
            }
        }
    }
}

/// Text of the directory, in French whatever the page's language: marked so that a
/// screen reader pronounces it in French, and isolated so that an address keeps its
/// order (« 17 rue … ») in a right-to-left page.
fn french(text: &str) -> Markup {
    html! { bdi lang="fr" { (text) } }
}

fn address(place: &Place) -> String {
    let mut parts = vec![place.address.clone()];
    if let Some(extra) = &place.address_extra {
        parts.push(extra.clone());
    }
    parts.push(
        format!("{} {}", place.postcode, place.commune)
            .trim()
            .to_owned(),
    );
    parts.retain(|part| !part.is_empty());
    parts.join(", ")
}

/// The places section of a referral page.
pub fn section(
    chrome: &Chrome<'_>,
    places: &Places<'_>,
    heading: Option<&Text>,
    hidden: &[(String, String)],
) -> Markup {
    let tr = chrome.tr;
    let lang = tr.lang;
    let title = heading.map_or_else(
        || tr.t("places-title").into_owned(),
        |h| h.get(lang).to_owned(),
    );
    match places {
        Places::Remote => html! {},
        Places::Where(problem) => html! {
            section.card.places aria-labelledby="places" {
                h2 #places { (picto("place")) span { (title) } }
                (where_form(chrome, problem, hidden, "/orientation"))
            }
        },
        Places::Near {
            commune,
            cards,
            note,
        } => html! {
            section.card.places aria-labelledby="places" {
                h2 #places { (picto("place")) span { (title) } }
                p.near { (tr.args("places-near", &[("commune", commune.as_str().into())])) }
                @if let Some(note) = note { p.note { (picto("info")) span { (note.get(lang)) } } }
                @if cards.is_empty() {
                    p.problem { (picto("info")) span { (tr.args("places-none", &[("km", MAX_KM.into())])) } }
                } @else {
                    ol.place-list { @for card in cards { (card_markup(chrome, card, 3)) } }
                }
                details.other-place {
                    summary { (tr.t("places-elsewhere")) }
                    (where_form(chrome, &Where::Unknown, hidden, "/orientation"))
                }
            }
        },
    }
}

/// "Where are you?": a postcode or a commune, with the problem of the last try.
fn where_form(
    chrome: &Chrome<'_>,
    problem: &Where,
    hidden: &[(String, String)],
    action: &str,
) -> Markup {
    let tr = chrome.tr;
    let invalid = matches!(problem, Where::NotFound(_) | Where::Choose(_));
    html! {
        @match problem {
            Where::NotFound(typed) => {
                p.problem #near-problem role="alert" { (picto("warning")) span { (tr.args("place-not-found", &[("query", typed.as_str().into())])) } }
            }
            Where::Choose(options) => {
                p.problem #near-problem role="alert" { (picto("info")) span { (tr.t("place-choose")) } }
                ul.choices.grid {
                    @for (label, href) in options {
                        li { a.choice href=(href) { (picto("place")) span.text { span.label { (label) } } } }
                    }
                }
            }
            Where::Unknown => {}
        }
        form.place method="get" action=(action) {
            @for (name, value) in hidden { input type="hidden" name=(name) value=(value); }
            label for="near" { (tr.t("places-where")) }
            div.field {
                input #near type="text" name="near" aria-invalid=[invalid.then_some("true")] aria-describedby=[invalid.then_some("near-problem")] spellcheck="false" maxlength="100" required;
                button.button.primary type="submit" { (tr.t("places-search")) (picto("search")) }
            }
        }
    }
}

/// `GET /lieux/{id}`: everything about one place.
pub async fn place(
    State(state): State<AppState>,
    Path(id): Path<String>,
    request: PageRequest,
) -> Response {
    let flow = request.flow(&state.rules).unwrap_or_default();
    let visit = Visit::new(&state, flow, Channel::Web).at(&request.path);
    let Some(place) = state.directory.get(&id) else {
        return error_page(&visit, PageError::NotFound).into_response();
    };
    let located = visit.located();
    let km = located
        .point
        .as_ref()
        .zip(place.point)
        .map(|((from, _), to)| from.km_to(to));
    let card = card(&visit, place, km);
    let chrome = visit.chrome();
    let tr = chrome.tr;
    let now = card.now;
    let back = {
        let walk = state.rules.walk(&visit.flow.answers, located.programmes);
        matches!(walk.step, crate::rules::Step::Refer(_))
            .then(|| visit.flow.href(&state.rules, "/orientation"))
    };
    let week = week(tr, place, now);
    let body = html! {
        @if let Some(back) = &back {
            p.back { a href=(back) { (picto("back")) span { (tr.t("back-to-referral")) } } }
        }
        h1 { (french(&place.name)) }
        @if let Some(summary) = &place.summary { p.summary lang="fr" { (summary) } }
        ul.place-list.single { (card_markup(&chrome, &card, 2)) }
        @if !week.is_empty() {
            section.card aria-labelledby="week" {
                h2 #week { (picto("clock")) span { (tr.t("week-hours")) } }
                table.week {
                    caption.visually-hidden { (tr.t("week-hours")) }
                    tbody {
                        @for (day, hours) in &week { tr { th scope="row" { (day) } td { (hours) } } }
                    }
                }
            }
        }
        @let services = place.list(ListField::Services);
        @if !services.is_empty() {
            section.card aria-labelledby="services" {
                h2 #services { (picto("check")) span { (tr.t("place-services")) } }
                ul lang="fr" { @for service in services { li { (service) } } }
            }
        }
        @let programmes = place.list(ListField::Programmes);
        @if !programmes.is_empty() {
            section.card aria-labelledby="labels" {
                h2 #labels { (picto("info")) span { (tr.t("place-programmes")) } }
                ul lang="fr" { @for programme in programmes { li { (programme) } } }
            }
        }
        @if place.website.is_some() || !place.emails.is_empty() {
            section.card aria-labelledby="contact" {
                h2 #contact { (picto("external")) span { (tr.t("place-contact")) } }
                @if let Some(url) = &place.website {
                    (external(tr, url, html! { (display_url(url)) }, chrome.kiosk))
                }
                @for email in &place.emails {
                    @if chrome.kiosk { p { (email) } } @else { p { a.external href={ "mailto:" (email) } { (email) } } }
                }
            }
        }
        @if let Some(updated) = place.updated {
            p.updated { (tr.args("place-updated", &[("date", updated.format("%d/%m/%Y").to_string().into())])) }
        }
    };
    page(&chrome, &place.name, body).into_response()
}

/// `GET /annuaire?near=…&kind=…`: the places of one kind of help near a commune.
pub async fn search(State(state): State<AppState>, request: PageRequest) -> Response {
    let query = request.query.clone().unwrap_or_default();
    let kind_param: Option<String> = form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "kind")
        .map(|(_, v)| v.trim().to_owned())
        .filter(|v| !v.is_empty());
    let mut flow = request.flow(&state.rules).unwrap_or_default();
    flow.answers = crate::rules::Answers::default();
    let visit = Visit::new(&state, flow, Channel::Web).at(&request.path);
    let rules = &state.rules;
    let kinds: Vec<(KindIx, &crate::rules::Referral)> = rules
        .referrals
        .iter()
        .enumerate()
        .filter(|(_, r)| r.places.is_some())
        .map(|(ix, r)| (KindIx::from_index(ix), r))
        .collect();
    let chosen = kind_param
        .and_then(|kind| kinds.iter().find(|(_, r)| r.kind == kind))
        .or(kinds.first())
        .copied();
    let located = visit.located();
    let chrome = visit.chrome();
    let tr = chrome.tr;
    let lang = tr.lang;
    let results: Option<Places<'_>> = match (chosen, located.point.clone()) {
        (Some((kind, _)), Some((from, label))) => {
            let search = Search {
                kind,
                from,
                department: located.department.as_deref(),
                theme_service: None,
                listed: &[],
                limit: SEARCH_LIMIT,
            };
            let found = state.finder.find(rules, &state.directory, search);
            let cards = found
                .places
                .iter()
                .map(|nearby| card(&visit, nearby.place, Some(nearby.km)))
                .collect();
            Some(Places::Near {
                commune: label,
                cards,
                note: None,
            })
        }
        _ => None,
    };
    let problem = if visit.flow.near.is_some() {
        where_problem(&visit, &located, "/annuaire")
    } else {
        Where::Unknown
    };
    let title = tr.t("search-title");
    let body = html! {
        h1 { (title) }
        p.help { (tr.t("search-intro")) }
        @match &problem {
            Where::NotFound(typed) => {
                p.problem #near-problem role="alert" { (picto("warning")) span { (tr.args("place-not-found", &[("query", typed.as_str().into())])) } }
            }
            Where::Choose(options) => {
                p.problem #near-problem role="alert" { (picto("info")) span { (tr.t("place-choose")) } }
                ul.choices { @for (label, href) in options { li { a.choice href={ (href) "&kind=" (chosen.map_or("", |(_, r)| r.kind.as_str())) } { (picto("place")) span.text { span.label { (label) } } } } } }
            }
            _ => {}
        }
        form.search method="get" action="/annuaire" {
            @for (name, value) in hidden_fields(rules, &visit.flow) { input type="hidden" name=(name) value=(value); }
            div.search-fields {
                p {
                    label for="near" { (tr.t("places-where")) }
                    input #near type="text" name="near" value=[visit.flow.near.as_deref()] spellcheck="false" maxlength="100" required;
                }
                p {
                    label for="kind" { (tr.t("search-kind")) }
                    select #kind name="kind" {
                        @for (_, referral) in &kinds {
                            option value=(referral.kind) selected[chosen.is_some_and(|(_, c)| c.kind == referral.kind)] { (referral.title.get(lang)) }
                        }
                    }
                }
            }
            button.button.primary type="submit" { (tr.t("places-search")) (picto("search")) }
        }
        @if let Some(Places::Near { commune, cards, .. }) = &results {
            section aria-labelledby="results" {
                h2 #results { (tr.args("places-near", &[("commune", commune.as_str().into())])) }
                @if cards.is_empty() {
                    p.problem { (picto("info")) span { (tr.args("places-none", &[("km", MAX_KM.into())])) } }
                } @else {
                    ol.place-list { @for card in cards.iter() { (card_markup(&chrome, card, 3)) } }
                }
            }
        }
    };
    page(&chrome, &title, body).into_response()
}

/// `GET /a-propos`: what aiguillage is, what it keeps (nothing), where its data comes from.
pub async fn about(State(state): State<AppState>, request: PageRequest) -> Response {
    let flow = request.flow(&state.rules).unwrap_or_default();
    let visit = Visit::new(&state, flow, Channel::Web).at(&request.path);
    let chrome = visit.chrome();
    let tr = chrome.tr;
    let title = tr.t("about-title");
    let updated = state
        .directory
        .updated
        .map(|date| date.format("%d/%m/%Y").to_string())
        .unwrap_or_default();
    let body = html! {
        h1 { (title) }
        p { (tr.t("about-what")) }
        h2 { (tr.t("about-privacy-title")) }
        p { (tr.t("about-privacy")) }
        h2 { (tr.t("about-data-title")) }
        ul {
            li { (tr.args("about-places", &[("count", state.directory.places.len().into()), ("date", updated.as_str().into())])) }
            li { (tr.t("about-communes")) }
        }
        p { (tr.t("about-licence")) }
        (external(tr, "https://www.etalab.gouv.fr/licence-ouverte-open-licence/", html! { "Licence Ouverte 2.0" }, chrome.kiosk))
    };
    page(&chrome, &title, body).into_response()
}

/// The hidden fields that carry a visit through a form (all but `near`).
pub fn hidden_fields(rules: &Rules, flow: &Flow) -> Vec<(String, String)> {
    form_urlencoded::parse(flow.query(rules).as_bytes())
        .filter(|(key, _)| key != "near")
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect()
}
