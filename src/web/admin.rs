//! The coordinator's pages, behind the admin token: the statistics dashboard
//! (`/stats`, `/stats.csv`, merging other instances' exports) and the reload of rules
//! and directory (`POST /admin/reload`).
//!
//! The token travels in an `Authorization` header (HTTP Basic, any user name, or
//! Bearer), compared in constant time. No cookie, nothing stored.

use axum::extract::{Multipart, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use chrono::{Duration, NaiveDate};
use maud::{Markup, PreEscaped, html};
use subtle::ConstantTimeEq;

use super::AppState;
use super::flow::Flow;
use super::layout::page;
use super::routes::Visit;
use crate::stats::report::CSV_HEADER;
use crate::stats::{Channel, Filter, Report, Row, Store};

/// The largest upload of CSV exports to merge.
pub const MAX_UPLOAD: usize = 8 * 1024 * 1024;

/// Whether the request carries the admin token; `None` when no token is set (the
/// coordinator's pages are then switched off).
fn authorised(state: &AppState, headers: &HeaderMap) -> Option<bool> {
    let token = state.admin_token.as_deref()?;
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|value| {
            if let Some(bearer) = value.strip_prefix("Bearer ") {
                return Some(bearer.trim().to_owned());
            }
            let basic = value.strip_prefix("Basic ")?;
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(basic.trim())
                .ok()?;
            let decoded = String::from_utf8(decoded).ok()?;
            decoded
                .split_once(':')
                .map(|(_, password)| password.to_owned())
        });
    Some(given.is_some_and(|given| bool::from(given.as_bytes().ct_eq(token.as_bytes()))))
}

/// The answer to a request without the right token: the browser asks for it.
fn challenge() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        [(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"aiguillage\", charset=\"UTF-8\""),
        )],
        "Jeton d'administration requis.",
    )
        .into_response()
}

fn switched_off(state: &AppState) -> Response {
    let visit = Visit::new(state, Flow::default(), Channel::Web);
    super::routes::error_page(&visit, super::error::PageError::NotFound).into_response()
}

/// The period and channel of the dashboard, from the query string; the last 30 days
/// by default.
fn filter(state: &AppState, query: Option<&str>) -> Filter {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .take(10)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let date = |name: &str| get(name).and_then(|v| NaiveDate::parse_from_str(&v, "%Y-%m-%d").ok());
    let today = state.clock.local(None).date();
    let to = date("to").unwrap_or(today);
    let from = date("from").unwrap_or(to - Duration::days(29)).min(to);
    let channel = get("channel").filter(|c| Channel::ALL.iter().any(|known| known.id() == c));
    Filter {
        from: from.format("%Y-%m-%d").to_string(),
        to: to.format("%Y-%m-%d").to_string(),
        channel,
    }
}

/// This instance's counters for a filter.
async fn rows(state: &AppState, filter: &Filter) -> Result<Vec<Row>, String> {
    let Some(dir) = state.data_dir.clone() else {
        return Ok(Vec::new());
    };
    let (from, to) = (format!("{}T00", filter.from), format!("{}T23", filter.to));
    tokio::task::spawn_blocking(move || {
        if !dir.join(crate::stats::store::FILE).exists() {
            return Ok(Vec::new());
        }
        Store::read(&dir)
            .and_then(|store| store.rows(&from, &to))
            .map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| e.to_string())?
}

/// `GET /stats`: the dashboard.
pub async fn dashboard(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    match authorised(&state, &headers) {
        None => return switched_off(&state),
        Some(false) => return challenge(),
        Some(true) => {}
    }
    let filter = filter(&state, query.as_deref());
    match rows(&state, &filter).await {
        Ok(rows) => render(&state, &filter, &rows, None).into_response(),
        Err(error) => {
            tracing::error!("statistics cannot be read: {error}");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "Les statistiques ne peuvent pas être lues pour le moment.",
            )
                .into_response()
        }
    }
}

/// `POST /stats`: the dashboard with other instances' CSV exports merged in (for this
/// view only: nothing is stored).
pub async fn merge(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    mut form: Multipart,
) -> Response {
    match authorised(&state, &headers) {
        None => return switched_off(&state),
        Some(false) => return challenge(),
        Some(true) => {}
    }
    let filter = filter(&state, query.as_deref());
    let mut rows: Vec<Row> = rows(&state, &filter).await.unwrap_or_default();
    let mut files = 0;
    let mut bad = 0;
    loop {
        let field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) => return unreadable_upload(&error),
        };
        let bytes = match field.bytes().await {
            Ok(bytes) => bytes,
            Err(error) => return unreadable_upload(&error),
        };
        if bytes.is_empty() {
            continue;
        }
        let (merged, skipped) = Row::from_csv(&bytes);
        files += 1;
        bad += skipped;
        rows.extend(merged);
    }
    render(&state, &filter, &rows, Some((files, bad))).into_response()
}

/// A sent file too big, or not a form: the status the multipart reader chose (413,
/// 400) and what to do, in plain words.
fn unreadable_upload(error: &axum::extract::multipart::MultipartError) -> Response {
    let status = error.status();
    let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
        format!(
            "Le fichier est trop gros : {} Mo au plus. Envoyez un export plus court \
             (une période plus courte).",
            MAX_UPLOAD / (1024 * 1024)
        )
    } else {
        "Le fichier n'a pas pu être lu. Envoyez le fichier CSV exporté par une autre \
         installation (« Télécharger le CSV »)."
            .to_owned()
    };
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message,
    )
        .into_response()
}

/// `GET /stats.csv`: the hourly counters of the period, to merge or to open in a
/// spreadsheet.
pub async fn export(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    match authorised(&state, &headers) {
        None => return switched_off(&state),
        Some(false) => return challenge(),
        Some(true) => {}
    }
    let filter = filter(&state, query.as_deref());
    let rows = match rows(&state, &filter).await {
        Ok(rows) => rows,
        Err(error) => {
            tracing::error!("statistics cannot be read: {error}");
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                "Les statistiques ne peuvent pas être lues.",
            )
                .into_response();
        }
    };
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut ok = writer.write_record(CSV_HEADER).is_ok();
    for row in rows
        .iter()
        .filter(|r| filter.channel.as_ref().is_none_or(|c| *c == r.channel))
    {
        ok &= writer.write_record(row.csv_fields()).is_ok();
    }
    let body = writer.into_inner().unwrap_or_default();
    if !ok {
        return (StatusCode::INTERNAL_SERVER_ERROR, "export failed").into_response();
    }
    let name = format!(
        "attachment; filename=\"aiguillage-statistiques-{}-{}.csv\"",
        filter.from, filter.to
    );
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&name).unwrap_or(HeaderValue::from_static("attachment")),
            ),
        ],
        body,
    )
        .into_response()
}

fn render(
    state: &AppState,
    filter: &Filter,
    rows: &[Row],
    merged: Option<(usize, usize)>,
) -> Markup {
    let report = Report::of(rows, filter);
    let visit = Visit::new(state, Flow::default(), Channel::Web);
    let chrome = visit.chrome();
    let rules = &state.rules;
    let theme_label = |id: &str| {
        rules.themes.iter().find(|t| t.id == id).map_or_else(
            || id.to_owned(),
            |t| t.label.get(crate::lang::Lang::Fr).to_owned(),
        )
    };
    let referral_label = |id: &str| {
        rules.referrals.iter().find(|r| r.kind == id).map_or_else(
            || id.to_owned(),
            |r| r.title.get(crate::lang::Lang::Fr).to_owned(),
        )
    };
    let question_label = |id: &str| {
        if id == crate::rules::PLACE {
            return rules.place.topic.get(crate::lang::Lang::Fr).to_owned();
        }
        rules.facts.iter().find(|f| f.id == id).map_or_else(
            || id.to_owned(),
            |f| f.topic.get(crate::lang::Lang::Fr).to_owned(),
        )
    };
    let labelled =
        |values: &[(String, u64)], label: &dyn Fn(&str) -> String| -> Vec<(String, u64)> {
            values
                .iter()
                .map(|(id, n)| {
                    (
                        if id.is_empty() {
                            "—".to_owned()
                        } else {
                            label(id)
                        },
                        *n,
                    )
                })
                .collect()
        };
    let query = {
        let mut q = form_urlencoded::Serializer::new(String::new());
        q.append_pair("from", &filter.from)
            .append_pair("to", &filter.to);
        if let Some(channel) = &filter.channel {
            q.append_pair("channel", channel);
        }
        q.finish()
    };
    let today = state.clock.local(None).date();
    let preset = |days: i64| {
        format!(
            "/stats?from={}&to={}",
            (today - Duration::days(days - 1)).format("%Y-%m-%d"),
            today.format("%Y-%m-%d")
        )
    };
    let title = "Statistiques anonymes";
    let body = html! {
        h1 { (title) }
        p.help { "Ce que le triage a vu, compté par heure. Rien ne permet de reconnaître une personne : pas d'adresse IP, pas de texte écrit, pas de lieu plus précis que le département." }
        form.search method="get" action="/stats" {
            div.search-fields {
                p { label for="from" { "Du" } input #from type="date" name="from" value=(filter.from) required; }
                p { label for="to" { "Au" } input #to type="date" name="to" value=(filter.to) required; }
                p {
                    label for="channel" { "Canal" }
                    select #channel name="channel" {
                        option value="" selected[filter.channel.is_none()] { "Tous" }
                        @for channel in Channel::ALL {
                            option value=(channel.id()) selected[filter.channel.as_deref() == Some(channel.id())] { (channel_label(channel.id())) }
                        }
                    }
                }
            }
            button.button.primary type="submit" { "Afficher" }
        }
        p.links {
            a href=(preset(7)) { "7 derniers jours" } " · "
            a href=(preset(30)) { "30 derniers jours" } " · "
            a href=(preset(365)) { "12 derniers mois" } " · "
            a href={ "/stats.csv?" (query) } { "Exporter en CSV" }
        }
        @if let Some((files, bad)) = merged {
            p.note { (format!("{files} fichier(s) fusionné(s) avec les chiffres de cette instance, pour cette page seulement.")) @if bad > 0 { (format!(" {bad} ligne(s) illisible(s) ignorée(s).")) } }
        }
        section.card aria-labelledby="totals" {
            h2 #totals { "En bref" }
            dl.totals {
                div { dt { "Triages commencés" } dd { (report.started) } }
                div { dt { "Orientations données" } dd { (report.referrals) } }
                div { dt { "Textes non compris" } dd { (report.not_understood) } }
                div { dt { "Bornes laissées sans réponse" } dd { (report.abandoned) } }
                @if let Some(average) = report.average_questions {
                    div { dt { "Questions posées par orientation, en moyenne" } dd { (format!("{average:.1}").replace('.', ",")) } }
                }
            }
        }
        (chart_section("themes", "Orientations par thème", &labelled(&report.by_theme, &theme_label)))
        (chart_section("referrals", "Orientations par type d'aide", &labelled(&report.by_referral, &referral_label)))
        (chart_section("days", "Orientations par jour", &report.by_day))
        (chart_section("channels", "Orientations par canal", &labelled(&report.by_channel, &|id: &str| channel_label(id).to_owned())))
        (chart_section("departments", "Orientations par département", &labelled(&report.by_department, &|id: &str| id.to_owned())))
        section.card aria-labelledby="questions" {
            h2 #questions { "Où les personnes s'arrêtent" }
            p.help { "Pour chaque question : combien de fois elle a été affichée, combien de fois elle a reçu une réponse, et combien de bornes ont été laissées sans réponse à cette question. Un écart fort signale une question difficile." }
            @if report.questions.is_empty() {
                p { "Pas encore de chiffres sur cette période." }
            } @else {
                div.table-box { table.figures {
                    caption.visually-hidden { "Abandons par question" }
                    thead { tr { th scope="col" { "Question" } th scope="col" { "Affichée" } th scope="col" { "Répondue" } th scope="col" { "Taux de réponse" } th scope="col" { "Borne laissée" } } }
                    tbody {
                        @for (question, asked, answered, abandoned) in &report.questions {
                            tr {
                                th scope="row" { (question_label(question)) }
                                td { (asked) } td { (answered) }
                                td { @if *asked > 0 { (format!("{} %", (answered * 100).checked_div(*asked).unwrap_or(0))) } @else { "—" } }
                                td { (abandoned) }
                            }
                        }
                    }
                } }
            }
        }
        section.card aria-labelledby="merge" {
            h2 #merge { "Fusionner les chiffres d'autres instances" }
            p.help { "Chaque serveur garde ses propres statistiques. Ajoutez ici les exports CSV des autres pour voir le total (rien n'est enregistré)." }
            form method="post" action={ "/stats?" (query) } enctype="multipart/form-data" {
                p { label for="files" { "Fichiers CSV exportés" } input #files type="file" name="files" accept=".csv,text/csv" multiple required; }
                button.button type="submit" { "Fusionner" }
            }
        }
    };
    page(&chrome, title, body)
}

fn channel_label(id: &str) -> &str {
    match id {
        "kiosk" => "Borne",
        "reception" => "Accueil",
        "web" => "Site",
        "chat" => "Discussion",
        "api" => "API",
        other => other,
    }
}

/// A section with an accessible bar chart and the same figures as a table.
fn chart_section(id: &str, title: &str, values: &[(String, u64)]) -> Markup {
    let heading = format!("{id}-title");
    html! {
        section.card aria-labelledby=(heading) {
            h2 id=(heading) { (title) }
            @if values.is_empty() {
                p { "Pas encore de chiffres sur cette période." }
            } @else {
                (bar_chart(&heading, values))
                div.table-box { table.figures {
                    caption.visually-hidden { (title) }
                    thead { tr { th scope="col" { "Catégorie" } th scope="col" { "Nombre" } } }
                    tbody { @for (label, n) in values { tr { th scope="row" { (label) } td { (n) } } } }
                } }
            }
        }
    }
}

/// Horizontal bars, drawn on the server: no script, readable without colour (each bar
/// carries its figure).
fn bar_chart(labelled_by: &str, values: &[(String, u64)]) -> Markup {
    const ROW: usize = 34;
    const LABEL: usize = 260;
    const WIDTH: usize = 720;
    let max = values.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1);
    let height = ROW * values.len() + 8;
    let bars: String = values
        .iter()
        .enumerate()
        .map(|(i, (label, n))| {
            let y = i * ROW + 4;
            let width = ((WIDTH - LABEL - 60) as u64 * n / max).max(2);
            let label: String = label.chars().take(34).collect();
            format!(
                r#"<text x="{lx}" y="{ty}" text-anchor="end" class="chart-label">{label}</text><rect x="{x}" y="{y}" width="{width}" height="{h}" rx="3" class="chart-bar"/><text x="{vx}" y="{ty}" class="chart-value">{n}</text>"#,
                lx = LABEL - 10,
                ty = y + ROW / 2 + 1,
                x = LABEL,
                h = ROW - 10,
                vx = LABEL as u64 + width + 8,
                label = escape(&label),
            )
        })
        .collect();
    let svg = format!(
        r#"<svg class="chart" role="img" aria-labelledby="{labelled_by}" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" xmlns="http://www.w3.org/2000/svg">{bars}</svg>"#
    );
    // Built from numbers and escaped labels only.
    html! { div.chart-box { (PreEscaped(svg)) } }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `POST /admin/reload`: reloads rules and directory from disk; a version that fails
/// its checks is refused and the previous one keeps serving.
pub async fn reload(State(state): State<AppState>, headers: HeaderMap) -> Response {
    match authorised(&state, &headers) {
        None => return switched_off(&state),
        Some(false) => return challenge(),
        Some(true) => {}
    }
    let Some(reloader) = state.reload.as_ref().and_then(std::sync::Weak::upgrade) else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            axum::Json(serde_json::json!({"error": "reload unavailable"})),
        )
            .into_response();
    };
    match tokio::task::spawn_blocking(move || reloader.reload()).await {
        Ok(Ok(reloaded)) => axum::Json(serde_json::json!({"status": "reloaded", "rules": reloaded.rules, "places": reloaded.places})).into_response(),
        Ok(Err(why)) => {
            tracing::error!("reload refused, the previous rules keep serving:\n{why}");
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                axum::Json(serde_json::json!({"status": "refused", "error": "the new rules or directory have problems: the previous ones keep serving", "problems": why})),
            )
                .into_response()
        }
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, axum::Json(serde_json::json!({"error": "reload failed"}))).into_response(),
    }
}
