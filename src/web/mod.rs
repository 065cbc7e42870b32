//! HTTP and HTML: the only module that knows either. Handlers are thin: they parse
//! the request, call the rules and the directory, and hand plain data to a page.

pub mod admin;
pub mod api;
pub mod assets;
pub mod chat;
pub mod error;
pub mod flow;
pub mod kiosk;
pub mod layout;
pub mod limit;
pub mod pages;
pub mod places;
pub mod reception;
pub mod routes;

use std::path::PathBuf;
use std::sync::{Arc, Weak};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, MatchedPath};
use axum::http::{HeaderName, HeaderValue, Request, StatusCode, header};
use axum::routing::{get, post};
use tower_http::CompressionLevel;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::{CompressionLayer, DefaultPredicate};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::clock::Clock;
use crate::directory::{Communes, Directory, Finder};
use crate::i18n::Catalog;
use crate::rules::Rules;
use crate::stats::Stats;
use crate::understand::Understander;
use assets::AssetTable;

/// What every handler shares: read-only, one pointer to clone (the router and the
/// middleware clone it several times per request).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl AppState {
    pub fn new(shared: Shared) -> AppState {
        AppState(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The contents of [`AppState`].
#[derive(Clone)]
pub struct Shared {
    pub rules: Arc<Rules>,
    /// The vocabulary of `rules`, compiled once when they are loaded.
    pub understander: Arc<Understander>,
    pub communes: &'static Communes,
    pub catalog: Arc<Catalog>,
    pub assets: Arc<AssetTable>,
    pub directory: Arc<Directory>,
    /// The spatial indexes of `rules` × `directory`.
    pub finder: Arc<Finder>,
    /// Where this kiosk stands: the place used when the resident has given none.
    pub here: Option<Arc<str>>,
    pub clock: Clock,
    pub stats: Stats,
    /// The coordinator's token; `None` switches the coordinator's pages off.
    pub admin_token: Option<Arc<str>>,
    /// Where the statistics database lives (`None`: statistics off).
    pub data_dir: Option<PathBuf>,
    pub limiter: Arc<limit::Limiter>,
    /// How to reload rules and directory (`POST /admin/reload`).
    pub reload: Option<Weak<dyn Reload>>,
    /// The server runs a kiosk: every visit is in kiosk mode.
    pub kiosk: bool,
    /// The public address of the site (`https://aide.exemple.fr`), for QR codes;
    /// the request's Host when not set.
    pub public_url: Option<Arc<str>>,
    /// Home and referral pages already rendered (see [`PageCache`]); emptied by a
    /// reload.
    pub pages: Arc<PageCache>,
}

/// The home page and referral pages already rendered, by everything that shapes
/// them: the answers and options (the canonical URL), the language, the site's
/// address and the minute (opening hours say "closes at 17:00"). A kiosk network
/// shows the same pages again and again; rendering a referral (places, opening hours,
/// QR code) costs ten times a question page, the home page (thirteen themes, each a
/// decision) three times. Statistics are still counted on every visit. Bounded.
pub struct PageCache(quick_cache::sync::Cache<String, axum::body::Bytes>);

/// How many rendered pages are kept (at most about 30 KB each).
const PAGES_KEPT: usize = 128;

impl Default for PageCache {
    fn default() -> PageCache {
        PageCache(quick_cache::sync::Cache::new(PAGES_KEPT))
    }
}

impl PageCache {
    pub fn get(&self, key: &str) -> Option<axum::body::Bytes> {
        self.0.get(key)
    }

    pub fn insert(&self, key: String, page: axum::body::Bytes) {
        self.0.insert(key, page);
    }
}

/// Reloading the rules and the directory from disk.
pub trait Reload: Send + Sync {
    /// Builds and installs new rules and directory; on any problem, the previous ones
    /// keep serving and the problem is returned.
    fn reload(&self) -> Result<Reloaded, String>;
}

/// What a reload installed.
#[derive(Clone, Copy, Debug, serde::Serialize)]
pub struct Reloaded {
    pub rules: usize,
    pub places: usize,
}

/// How long a request may take, slow clients included, before it is answered 408.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);
/// The largest body any route accepts (the API has its own, smaller, limit).
const MAX_BODY: usize = 64 * 1024;

/// Brotli and gzip quality for responses (0–11 and 0–9): fast, and pages still
/// shrink about sixfold.
const COMPRESSION_QUALITY: i32 = 4;

/// Pages load nothing from elsewhere and run no script; nobody may frame them.
/// The only script is the optional print button (`static/print.js`, from this site).
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/api/v1/triage", post(api::triage))
        .route("/api/v1/understand", get(api::understand))
        .layer(DefaultBodyLimit::max(api::MAX_BODY))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            limit::limit,
        ));
    let admin = Router::new()
        .route("/stats", get(admin::dashboard).post(admin::merge))
        .route("/stats.csv", get(admin::export))
        .route("/admin/reload", post(admin::reload))
        .layer(DefaultBodyLimit::max(admin::MAX_UPLOAD))
        .layer(security_header(header::CACHE_CONTROL, "no-store"));
    Router::new()
        .route("/", get(routes::home))
        .route("/question", get(routes::question))
        .route("/recapitulatif", get(routes::recap))
        .route("/orientation", get(routes::orientation))
        .route("/chat", get(chat::show).post(chat::message))
        .route("/accueil", get(reception::page_handler))
        .route("/toujours-la", get(kiosk::still_there))
        .route("/borne/fin", get(kiosk::end))
        .route("/lieux/{id}", get(places::place))
        .route("/annuaire", get(places::search))
        .route("/a-propos", get(places::about))
        .route("/healthz", get(routes::healthz))
        .route("/static/{name}", get(assets::serve))
        .merge(api)
        .merge(admin)
        .fallback(routes::not_found)
        .with_state(state.clone())
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(security_header(
            header::CONTENT_SECURITY_POLICY,
            CONTENT_SECURITY_POLICY,
        ))
        .layer(
            // Pages travel compressed to phones on slow connections. Quality 4: brotli's
            // default (11) costs milliseconds per page for a few percent fewer bytes.
            CompressionLayer::new()
                .quality(CompressionLevel::Precise(COMPRESSION_QUALITY))
                .compress_when(DefaultPredicate::new()),
        )
        .layer(security_header(header::REFERRER_POLICY, "no-referrer"))
        .layer(security_header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(security_header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            kiosk::idle,
        ))
        .layer(CatchPanicLayer::custom(panicked))
        .layer(
            // Logs the route pattern (`/question`), never the path or query string: they
            // carry a resident's answers and place.
            TraceLayer::new_for_http().make_span_with(|request: &Request<Body>| {
                let route = request
                    .extensions()
                    .get::<MatchedPath>()
                    .map_or("unmatched", MatchedPath::as_str);
                tracing::info_span!("request", method = %request.method(), route)
            }),
        )
}

/// A bug, not the visitor's fault: the detail goes to the log, a plain 500 to them.
fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    tracing::error!("a request panicked");
    axum::response::IntoResponse::into_response((
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "Un problème est survenu. Ce n'est pas de votre faute : réessayez dans un instant.",
    ))
}

fn security_header(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}
