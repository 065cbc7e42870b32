//! `TestApp`: the application as the outside world sees it, one request at a time.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

use aiguillage::app::App;
use aiguillage::clock::Clock;
use aiguillage::config::Config;

pub struct TestApp {
    router: Router,
    app: Option<App>,
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl TestResponse {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|error| panic!("not JSON ({error}): {}", self.body))
    }

    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// Asserts the body contains `text`, showing the body when it does not.
    pub fn assert_contains(&self, text: &str) {
        assert!(
            self.body.contains(text),
            "expected {text:?} in:\n{}",
            self.main_text()
        );
    }
}

impl TestResponse {
    /// The text of the page's `<main>`, tags removed: what a failing test shows.
    pub fn main_text(&self) -> String {
        let main = self
            .body
            .split("<main")
            .nth(1)
            .and_then(|rest| rest.split("</main>").next())
            .unwrap_or(&self.body);
        let mut text = String::new();
        let mut in_tag = false;
        for c in main.chars() {
            match c {
                '<' => in_tag = true,
                '>' => {
                    in_tag = false;
                    text.push(' ');
                }
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        text.chars().take(3000).collect()
    }
}

impl TestApp {
    /// The app with the embedded rules and data, on Monday 23 November 2026 at 10:30
    /// in Paris, so that opening hours are predictable.
    pub fn new() -> TestApp {
        TestApp::with_config(Config::default())
    }

    pub fn with_config(config: Config) -> TestApp {
        let config = Config {
            clock: config.clock.or_else(|| Some(monday_morning())),
            ..config
        };
        let app = App::build(&config).expect("the app builds");
        TestApp {
            router: app.router(),
            app: Some(app),
        }
    }

    /// Writes the statistics still queued (as stopping the server does).
    pub async fn finish(mut self) {
        if let Some(app) = self.app.take() {
            tokio::task::spawn_blocking(move || app.finish())
                .await
                .expect("the writer stops");
        }
    }

    /// Reloads rules and directory, as SIGHUP does.
    pub fn reload(&self) -> Result<aiguillage::web::Reloaded, String> {
        self.app
            .as_ref()
            .map_or(Err("no app".to_owned()), App::reload)
    }

    pub async fn request(&self, request: Request<Body>) -> TestResponse {
        let (status, headers, bytes) = self.request_bytes(request).await;
        TestResponse {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// The response as it travels: status, headers and the body's bytes, still
    /// compressed when the request asked for it.
    pub async fn request_bytes(
        &self,
        request: Request<Body>,
    ) -> (StatusCode, HeaderMap, axum::body::Bytes) {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("the router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("the body is read")
            .to_bytes();
        (status, headers, bytes)
    }

    pub async fn get(&self, uri: &str) -> TestResponse {
        self.request(
            Request::get(uri)
                .body(Body::empty())
                .expect("a valid request"),
        )
        .await
    }

    /// Follows redirects within the site, as a browser would.
    pub async fn visit(&self, uri: &str) -> (String, TestResponse) {
        let mut uri = uri.to_owned();
        for _ in 0..5 {
            let response = self.get(&uri).await;
            if !response.status.is_redirection() {
                return (uri, response);
            }
            uri = response.location().to_owned();
        }
        panic!("too many redirects from {uri}");
    }

    pub async fn post_json(&self, uri: &str, body: &str) -> TestResponse {
        let request = Request::post(uri)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_owned()))
            .expect("a valid request");
        self.request(request).await
    }
}

/// Monday 23 November 2026, 10:30 in Paris.
pub fn monday_morning() -> Clock {
    Clock::fixed(
        chrono::DateTime::parse_from_rfc3339("2026-11-23T09:30:00Z")
            .expect("a date")
            .to_utc(),
    )
}

/// Every `href="…"` of a page, entities decoded.
pub fn links(body: &str) -> Vec<String> {
    body.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|href| href.replace("&amp;", "&"))
        .collect()
}
