//! The public JSON API, v1 (DESIGN.md section 6): `POST /api/v1/triage` walks the
//! policy, `GET /api/v1/understand` reads a resident's own words.
//!
//! Input is checked by hand (a `serde_json::Value`, a query string), so that every error
//! names the field and the values allowed there. Any mistake of the caller is a 4xx
//! JSON error; nothing a caller sends can cause a 500. Never logs what residents wrote.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::AppState;
use super::flow::{Flow, Located, commune_choice};
use super::places::{self, Card, Places, Where};
use super::routes::Visit;
use crate::directory::Resolution;
use crate::directory::hours::OpenState;
use crate::i18n::Tr;
use crate::lang::Lang;
use crate::rules::{Answers, Orientation, PLACE, Rules, Step, Var};
use crate::stats::{Channel, Event};
use crate::understand::Understanding;

/// The largest triage request body accepted.
pub const MAX_BODY: usize = 16 * 1024;

/// The longest text `GET /api/v1/understand` reads, in characters: a resident's problem
/// fits in a few sentences.
pub const MAX_TEXT: usize = 1000;

/// A caller's mistake, as JSON: what is wrong, where, and what is allowed.
#[derive(Debug, Serialize)]
pub struct ApiError {
    #[serde(skip)]
    status: StatusCode,
    error: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    allowed: Option<Vec<String>>,
}

impl ApiError {
    fn new(status: StatusCode, error: impl Into<String>) -> ApiError {
        ApiError {
            status,
            error: error.into(),
            field: None,
            allowed: None,
        }
    }

    fn field(mut self, field: impl Into<String>) -> ApiError {
        self.field = Some(field.into());
        self
    }

    fn allowed<S: Into<String>>(mut self, allowed: impl IntoIterator<Item = S>) -> ApiError {
        self.allowed = Some(allowed.into_iter().map(Into::into).collect());
        self
    }

    fn invalid(field: impl Into<String>, error: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, error).field(field)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, axum::Json(&self)).into_response()
    }
}

/// `POST /api/v1/triage`.
pub async fn triage(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    match triage_response(&state, &headers, body) {
        Ok(value) => axum::Json(value).into_response(),
        Err(error) => error.into_response(),
    }
}

fn triage_response(
    state: &AppState,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Value, ApiError> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Le corps de la requête doit être du JSON : envoyez l'en-tête Content-Type: application/json.",
        ));
    }
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("Le corps de la requête dépasse {MAX_BODY} octets."),
            )
        } else {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "Le corps de la requête n'a pas pu être lu.",
            )
        }
    })?;
    let value: Value = serde_json::from_slice(&body).map_err(|error| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!(
                "Le JSON est mal formé (ligne {}, colonne {}).",
                error.line(),
                error.column()
            ),
        )
    })?;
    let request = TriageRequest::parse(&state.rules, &value)?;
    let rules = &state.rules;
    let flow = Flow {
        answers: request.answers,
        near: request.near.clone(),
        lang: request.lang,
        ..Flow::default()
    };
    let visit = Visit::new(state, flow, Channel::Api);
    let located = visit.located();
    if let Some(Resolution::NotFound) = located.resolution {
        return Err(ApiError::invalid(
            "near",
            "Ce code postal, ce code INSEE ou cette commune est inconnu.",
        ));
    }
    let walk = rules.walk(&request.answers, located.programmes);
    let lang = request.lang;
    match walk.step {
        Step::Ask(Var::Fact(fact)) => {
            let (text, _) = rules.question(fact, located.territory);
            let definition = rules.fact(fact);
            let choices: Vec<Value> = definition
                .choices
                .iter()
                .map(|choice| json!({"value": choice.value, "label": choice.label.get(lang)}))
                .collect();
            Ok(
                json!({"status": "question", "question": {"id": definition.id, "text": text.get(lang), "choices": choices}}),
            )
        }
        Step::Ask(Var::Place(_)) => Ok(place_question(
            rules,
            &located,
            visit.flow.near.as_deref().unwrap_or_default(),
            lang,
        )),
        Step::Refer(_) => {
            let Some(orientation) = rules.orientation(&walk, located.territory) else {
                return Err(internal());
            };
            visit.referred(&walk, &orientation, &located);
            let places = match places::for_referral(&visit, &orientation, &located) {
                // Places need one commune: when several match, ask which one.
                Places::Where(Where::Choose(_)) => {
                    return Ok(place_question(
                        rules,
                        &located,
                        visit.flow.near.as_deref().unwrap_or_default(),
                        lang,
                    ));
                }
                Places::Near { cards, .. } => {
                    cards.iter().map(|card| place_json(&visit, card)).collect()
                }
                Places::Remote | Places::Where(_) => Vec::new(),
            };
            Ok(
                json!({"status": "referral", "referral": referral_json(rules, &orientation, lang, places)}),
            )
        }
        Step::Unmatched => Err(internal()),
    }
}

/// `GET /api/v1/understand?q=TEXT[&lang=fr]`: the theme and facts a resident's own words
/// state. The text is never logged.
pub async fn understand(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    match understand_response(&state, query.as_deref()) {
        Ok(value) => axum::Json(value).into_response(),
        Err(error) => error.into_response(),
    }
}

fn understand_response(state: &AppState, query: Option<&str>) -> Result<Value, ApiError> {
    let mut text: Option<String> = None;
    let mut lang: Option<Lang> = None;
    // Other parameters are ignored, as on pages: a link may carry tracking parameters.
    for (key, value) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
        match &*key {
            "q" if text.is_some() => {
                return Err(ApiError::invalid("q", "« q » est donné deux fois."));
            }
            "q" => text = Some(value.into_owned()),
            "lang" if lang.is_some() => {
                return Err(ApiError::invalid("lang", "« lang » est donné deux fois.")
                    .allowed(Lang::codes()));
            }
            "lang" => {
                let parsed = Lang::parse(&value).ok_or_else(|| {
                    ApiError::invalid("lang", format!("Langue inconnue : « {value} »."))
                        .allowed(Lang::codes())
                })?;
                lang = Some(parsed);
            }
            _ => {}
        }
    }
    let Some(text) = text.filter(|text| !text.trim().is_empty()) else {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "Écrivez le problème dans le paramètre « q » : /api/v1/understand?q=…",
        )
        .field("q"));
    };
    if text.chars().count() > MAX_TEXT {
        return Err(ApiError::invalid(
            "q",
            format!("« q » est trop long ({MAX_TEXT} caractères au plus)."),
        ));
    }
    let lang = lang.unwrap_or_default();
    let understood = state.understander.understand(&text, lang);
    if understood.theme.is_none() {
        state.stats.record(Event::NotUnderstood {
            channel: Channel::Api,
            lang: lang.code(),
        });
    }
    Ok(understanding_json(&state.rules, &understood))
}

fn understanding_json(rules: &Rules, understood: &Understanding) -> Value {
    let theme_id = |ix: usize| rules.themes.get(ix).map(|theme| theme.id.clone());
    let candidates: Vec<Value> = understood
        .candidates
        .iter()
        .filter_map(|(ix, score)| Some(json!({"theme": theme_id(*ix)?, "score": rounded(*score)})))
        .collect();
    let facts: Map<String, Value> = understood
        .facts
        .iter()
        .filter_map(|(fact, value)| {
            let fact = rules.facts.get(fact.index())?;
            let choice = fact.choices.get(usize::from(*value))?;
            Some((fact.id.clone(), Value::from(choice.value.clone())))
        })
        .collect();
    json!({
        "theme": understood.theme.and_then(theme_id),
        "confidence": rounded(understood.confidence),
        "candidates": candidates,
        "facts": facts,
    })
}

/// A score with two decimals: more would be noise, and long floats hard to read.
fn rounded(score: f32) -> f64 {
    (f64::from(score) * 100.0).round() / 100.0
}

fn internal() -> ApiError {
    tracing::error!("the policy matched no rule");
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Erreur interne : les règles ne donnent pas de réponse.",
    )
}

/// The `near` question: where the resident lives. When what they gave matches several
/// communes, the choices are those communes.
fn place_question(rules: &Rules, located: &Located<'_>, typed: &str, lang: Lang) -> Value {
    let choices: Vec<Value> = match &located.resolution {
        Some(Resolution::Found(communes)) => communes
            .iter()
            .map(|c| {
                let (label, value) = commune_choice(c, typed);
                json!({"value": value, "label": label})
            })
            .collect(),
        _ => Vec::new(),
    };
    json!({"status": "question", "question": {"id": PLACE, "text": rules.place.question.get(lang), "choices": choices}})
}

fn place_json(visit: &Visit<'_>, card: &Card<'_>) -> Value {
    let place = card.place;
    let (open_now, next_change) = match &card.state {
        Some(OpenState::Open { until, .. }) => (Some(true), *until),
        Some(OpenState::Closed { opens, .. }) => (Some(false), *opens),
        Some(OpenState::Unknown { .. }) | None => (None, None),
    };
    json!({
        "id": place.id,
        "name": place.name,
        "address": place.address,
        "commune": place.commune,
        "distance_km": card.km.map(|km| (km * 10.0).round() / 10.0),
        "open_now": open_now,
        "next_change": next_change.map(|at| at.format("%Y-%m-%dT%H:%M").to_string()),
        "phone": place.phone.as_ref().map(|phone| phone.tel.clone()),
        "hours": places::week_text(Tr::new(&visit.state.catalog, visit.flow.lang), place, card.now),
    })
}

fn referral_json(
    rules: &Rules,
    orientation: &Orientation<'_>,
    lang: Lang,
    places: Vec<Value>,
) -> Value {
    let referral = orientation.referral;
    json!({
        "kind": referral.kind,
        "title": referral.title.get(lang),
        "why": orientation.reasons.iter().map(|text| text.get(lang)).collect::<Vec<_>>(),
        "bring": orientation.bring.iter().map(|text| text.get(lang)).collect::<Vec<_>>(),
        "also": orientation.also.iter().map(|also| json!({"kind": rules.referral(also.kind).kind, "text": also.text.get(lang)})).collect::<Vec<_>>(),
        "places": places,
    })
}

/// A checked triage request.
struct TriageRequest {
    answers: Answers,
    near: Option<String>,
    lang: Lang,
}

impl TriageRequest {
    fn parse(rules: &Rules, value: &Value) -> Result<TriageRequest, ApiError> {
        const KEYS: [&str; 3] = ["answers", "near", "lang"];
        let object = value.as_object().ok_or_else(|| {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Le corps doit être un objet JSON.",
            )
            .allowed(KEYS)
        })?;
        if let Some(key) = object.keys().find(|key| !KEYS.contains(&key.as_str())) {
            return Err(
                ApiError::invalid(key.clone(), format!("Champ inconnu : « {key} ».")).allowed(KEYS),
            );
        }
        let answers = match object.get("answers") {
            None | Some(Value::Null) => Answers::default(),
            Some(Value::Object(answers)) => parse_answers(rules, answers)?,
            Some(_) => {
                return Err(ApiError::invalid(
                    "answers",
                    "« answers » doit être un objet : {\"fait\": \"valeur\"}.",
                )
                .allowed(rules.facts.iter().map(|fact| fact.id.clone())));
            }
        };
        let near = match object.get("near") {
            None | Some(Value::Null) => None,
            Some(Value::String(near)) if near.chars().count() <= 100 => {
                let near = near.trim();
                (!near.is_empty()).then(|| near.to_owned())
            }
            Some(Value::String(_)) => {
                return Err(ApiError::invalid(
                    "near",
                    "« near » est trop long (100 caractères au plus).",
                ));
            }
            Some(_) => {
                return Err(ApiError::invalid(
                    "near",
                    "« near » doit être un texte : un code postal, un code INSEE ou une commune.",
                ));
            }
        };
        let lang = match object.get("lang") {
            None | Some(Value::Null) => Lang::default(),
            Some(Value::String(code)) => Lang::parse(code).ok_or_else(|| {
                ApiError::invalid("lang", format!("Langue inconnue : « {code} »."))
                    .allowed(Lang::codes())
            })?,
            Some(_) => {
                return Err(ApiError::invalid("lang", "« lang » doit être un texte.")
                    .allowed(Lang::codes()));
            }
        };
        Ok(TriageRequest {
            answers,
            near,
            lang,
        })
    }
}

fn parse_answers(rules: &Rules, answers: &Map<String, Value>) -> Result<Answers, ApiError> {
    let mut parsed = Answers::default();
    for (id, value) in answers {
        let field = format!("answers.{id}");
        let Some(fact) = rules.fact_by_id(id) else {
            return Err(
                ApiError::invalid(field, format!("Fait inconnu : « {id} »."))
                    .allowed(rules.facts.iter().map(|fact| fact.id.clone())),
            );
        };
        let choices = &rules.fact(fact).choices;
        let allowed = || choices.iter().map(|choice| choice.value.clone());
        let value = match value {
            Value::String(value) => value,
            Value::Null => continue,
            _ => {
                return Err(ApiError::invalid(
                    field,
                    format!("La valeur de « {id} » doit être un texte."),
                )
                .allowed(allowed()));
            }
        };
        match choices.iter().position(|choice| choice.value == *value) {
            Some(ix) => parsed.set(fact, ix as u8),
            None => {
                return Err(ApiError::invalid(
                    field,
                    format!("Valeur inconnue pour « {id} » : « {value} »."),
                )
                .allowed(allowed()));
            }
        }
    }
    Ok(parsed)
}
