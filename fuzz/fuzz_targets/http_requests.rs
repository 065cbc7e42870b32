//! Any request to the whole application — method, path, query, headers, body: never
//! a panic, never a 500.
#![no_main]

use std::sync::OnceLock;

use aiguillage::app::App;
use aiguillage::config::Config;
use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use libfuzzer_sys::fuzz_target;
use tower::ServiceExt;

fn app() -> &'static (axum::Router, tokio::runtime::Runtime) {
    static APP: OnceLock<(axum::Router, tokio::runtime::Runtime)> = OnceLock::new();
    APP.get_or_init(|| {
        let config = Config {
            admin_token: Some("fuzz".to_owned()),
            ..Config::default()
        };
        let app = App::build(&config).expect("the app builds");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        (app.router(), runtime)
    })
}

const PATHS: &[&str] = &[
    "/",
    "/question",
    "/recapitulatif",
    "/orientation",
    "/chat",
    "/accueil",
    "/annuaire",
    "/a-propos",
    "/lieux/",
    "/api/v1/triage",
    "/api/v1/understand",
    "/toujours-la",
    "/borne/fin",
    "/stats",
    "/stats.csv",
    "/admin/reload",
    "/static/",
    "/healthz",
];
const TYPES: &[&str] = &[
    "application/json",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "text/plain",
    "",
];

fuzz_target!(|data: &[u8]| {
    let (router, runtime) = app();
    if data.len() < 3 {
        return;
    }
    let method = if data[0] % 2 == 0 { "GET" } else { "POST" };
    let path = PATHS[usize::from(data[1]) % PATHS.len()];
    let content_type = TYPES[usize::from(data[2]) % TYPES.len()];
    let rest = &data[3..];
    // The rest: a query or path tail, a `|`, then the body.
    let split = rest.iter().position(|b| *b == b'|').unwrap_or(rest.len());
    let tail: String = String::from_utf8_lossy(&rest[..split])
        .chars()
        .filter(|c| c.is_ascii_graphic() && *c != '#')
        .collect();
    let body = rest.get(split + 1..).unwrap_or_default().to_vec();
    let uri = if path.ends_with('/') && path.len() > 1 {
        format!("{path}{tail}")
    } else {
        format!("{path}?{tail}")
    };
    let mut request = Request::builder().method(method).uri(&uri);
    if !content_type.is_empty() {
        request = request.header("content-type", content_type);
    }
    request = request.header("authorization", "Bearer fuzz");
    let Ok(request) = request.body(Body::from(body)) else {
        return;
    };
    let status = runtime.block_on(async {
        let response = router
            .clone()
            .oneshot(request)
            .await
            .expect("the router answers");
        let status = response.status();
        let _ = response.into_body().collect().await;
        status
    });
    assert!(status.as_u16() != 500, "{method} {uri} gave a 500");
});
