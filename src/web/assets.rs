//! Serving the embedded static files. Each URL carries a hash of the file's content
//! (`/static/style.1a2b3c4d5e.css`), so browsers may keep it for a year; a new
//! version gets a new URL.

use std::borrow::Cow;
use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::AppState;
use crate::assets::Static;

/// Only these are served; the rest of `static/` (translations, pictograms inlined in
/// pages) stays inside the binary.
const SERVED: &[(&str, &str)] = &[
    ("style.css", "text/css; charset=utf-8"),
    ("favicon.svg", "image/svg+xml"),
    ("print.js", "text/javascript; charset=utf-8"),
];

struct Asset {
    data: Cow<'static, [u8]>,
    content_type: &'static str,
}

pub struct AssetTable {
    /// `style.1a2b3c4d5e.css` → the file.
    by_name: HashMap<String, Asset>,
    /// `style.css` → `/static/style.1a2b3c4d5e.css`.
    urls: HashMap<&'static str, String>,
}

impl AssetTable {
    pub fn embedded() -> AssetTable {
        let mut by_name = HashMap::new();
        let mut urls = HashMap::new();
        for &(name, content_type) in SERVED {
            let Some(file) = Static::get(name) else {
                continue;
            };
            let hash: String = file
                .metadata
                .sha256_hash()
                .iter()
                .take(5)
                .map(|b| format!("{b:02x}"))
                .collect();
            let hashed = match name.rsplit_once('.') {
                Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
                None => format!("{name}.{hash}"),
            };
            urls.insert(name, format!("/static/{hashed}"));
            by_name.insert(
                hashed,
                Asset {
                    data: file.data,
                    content_type,
                },
            );
        }
        AssetTable { by_name, urls }
    }

    /// The URL of a served file (`style.css` → `/static/style.1a2b3c4d5e.css`).
    pub fn url(&self, name: &str) -> &str {
        self.urls
            .get(name)
            .map_or("/static/missing", String::as_str)
    }
}

pub async fn serve(State(state): State<AppState>, Path(name): Path<String>) -> Response {
    match state.assets.by_name.get(&name) {
        Some(asset) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(asset.content_type),
                ),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ),
            ],
            asset.data.clone(),
        )
            .into_response(),
        None => (
            StatusCode::NOT_FOUND,
            [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
            "not found",
        )
            .into_response(),
    }
}
