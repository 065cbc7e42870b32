//! A kiosk left alone: after two minutes without a touch, "are you still there?"
//! (WCAG 2.2.1: a warning before the time runs out, and 30 seconds to go on with one
//! touch), then back to the home page with nothing of the visit left on screen.
//!
//! No script: the browser's own refresh, sent as the `Refresh` header (the same as a
//! `<meta http-equiv="refresh">`, which HTML defines from it). Only kiosk pages get it.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use maud::html;

use super::AppState;
use super::flow::Flow;
use super::layout::{page, picto};
use super::routes::{PageRequest, Visit, var_id};
use crate::rules::Step;
use crate::stats::{Channel, Event};

/// How long a kiosk waits without a touch before asking "are you still there?".
pub const IDLE_SECONDS: u32 = 120;
/// How long "are you still there?" waits before wiping the visit.
pub const GRACE_SECONDS: u32 = 30;

/// The pages a visit may be sent back to (no redirection elsewhere).
const PAGES: &[&str] = &[
    "/question",
    "/recapitulatif",
    "/orientation",
    "/chat",
    "/annuaire",
    "/a-propos",
    "/accueil",
];

fn safe_return(path: &str) -> &str {
    let known = path == "/"
        || PAGES.contains(&path)
        || path
            .strip_prefix("/lieux/")
            .is_some_and(|id| !id.is_empty() && !id.contains('/'));
    if known { path } else { "/" }
}

/// `GET /toujours-la`: "are you still there?".
pub async fn still_there(State(state): State<AppState>, request: PageRequest) -> Response {
    let flow = request.flow(&state.rules).unwrap_or_default();
    let back: String = form_urlencoded::parse(request.query.as_deref().unwrap_or("").as_bytes())
        .find(|(key, _)| key == "retour")
        .map(|(_, value)| safe_return(&value).to_owned())
        .unwrap_or_else(|| "/".to_owned());
    let visit = Visit::new(&state, flow, Channel::Kiosk).at("/toujours-la");
    let rules = &state.rules;
    let located = visit.located();
    // The question the visit stopped at, if it had not reached its referral.
    let question = match rules.walk(&visit.flow.answers, located.programmes).step {
        Step::Ask(var) => var_id(rules, var).to_owned(),
        Step::Refer(_) | Step::Unmatched => String::new(),
    };
    let end = {
        let mut end = form_urlencoded::Serializer::new(String::new());
        end.append_pair("q", &question);
        if visit.flow.display.kiosk {
            end.append_pair("borne", "1");
        }
        format!("/borne/fin?{}", end.finish())
    };
    let go_on = visit.flow.href(rules, &back);
    let chrome = visit.chrome();
    let tr = chrome.tr;
    let title = tr.t("idle-title");
    let body = html! {
        h1 { (title) }
        p.summary { (tr.args("idle-text", &[("seconds", GRACE_SECONDS.into())])) }
        ul.choices {
            li { a.choice href=(go_on) { (picto("yes")) span.text { span.label { (tr.t("idle-continue")) } } } }
            li { a.choice href=(end) { (picto("restart")) span.text { span.label { (tr.t("idle-restart")) } } } }
        }
    };
    let mut response = page(&chrome, &title, body).into_response();
    if let Ok(refresh) = HeaderValue::from_str(&format!("{GRACE_SECONDS};url={end}")) {
        response.headers_mut().insert(header::REFRESH, refresh);
    }
    response
}

/// `GET /borne/fin`: the visit is over; count where it stopped, and start afresh.
pub async fn end(State(state): State<AppState>, request: PageRequest) -> Response {
    let pairs: Vec<(String, String)> =
        form_urlencoded::parse(request.query.as_deref().unwrap_or("").as_bytes())
            .take(5)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
    let question = pairs
        .iter()
        .find(|(k, _)| k == "q")
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    // Only a real question of the rules is counted (the link may have been edited).
    let known = question == crate::rules::PLACE || state.rules.fact_by_id(question).is_some();
    if known {
        state.stats.record(Event::Abandoned {
            channel: Channel::Kiosk,
            question: question.to_owned(),
        });
    }
    let kiosk = pairs.iter().any(|(k, v)| k == "borne" && v == "1");
    let home = if kiosk {
        Flow {
            display: super::flow::Display {
                kiosk: true,
                ..Default::default()
            },
            ..Flow::default()
        }
    } else {
        Flow::default()
    };
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, home.href(&state.rules, "/"))],
    )
        .into_response()
}

/// Middleware: a kiosk page that keeps something of a visit asks "are you still
/// there?" after `IDLE_SECONDS` without a new page.
pub async fn idle(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let query = request.uri().query().unwrap_or_default().to_owned();
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .take(40)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let kiosk = state.kiosk || pairs.iter().any(|(k, v)| k == "borne" && v == "1");
    let response = next.run(request).await;
    let page = path == "/" || PAGES.contains(&path.as_str()) || path.starts_with("/lieux/");
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    // A blank home page has nothing to wipe.
    let blank = path == "/" && pairs.iter().all(|(k, _)| k == "borne");
    if !kiosk || !page || !html || blank || !response.status().is_success() {
        return response;
    }
    let mut target = form_urlencoded::Serializer::new(String::new());
    for (key, value) in pairs.iter().filter(|(k, _)| k != "retour") {
        target.append_pair(key, value);
    }
    target.append_pair("retour", &path);
    let mut response = response;
    if let Ok(refresh) = HeaderValue::from_str(&format!(
        "{IDLE_SECONDS};url=/toujours-la?{}",
        target.finish()
    )) {
        response.headers_mut().insert(header::REFRESH, refresh);
    }
    response
}
