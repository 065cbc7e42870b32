//! A per-address rate limit on the API, in memory only: a burst, then a steady rate.
//! Addresses are neither logged nor kept beyond the limiter's own short memory.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::AppState;

/// Requests an address may make in a burst…
const BURST: u32 = 60;
/// …and then per minute.
const PER_MINUTE: u32 = 120;

pub struct Limiter {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
}

impl Limiter {
    pub fn new() -> Limiter {
        let quota = Quota::per_minute(NonZeroU32::new(PER_MINUTE).unwrap_or(NonZeroU32::MIN))
            .allow_burst(NonZeroU32::new(BURST).unwrap_or(NonZeroU32::MIN));
        Limiter {
            limiter: RateLimiter::keyed(quota),
        }
    }

    pub fn allows(&self, address: IpAddr) -> bool {
        let allowed = self.limiter.check_key(&address).is_ok();
        // Forget addresses whose bucket is full again, so memory stays bounded.
        if self.limiter.len() > 10_000 {
            self.limiter.retain_recent();
            self.limiter.shrink_to_fit();
        }
        allowed
    }
}

impl Default for Limiter {
    fn default() -> Limiter {
        Limiter::new()
    }
}

/// Middleware: 429 with a JSON error once an address exceeds the quota.
pub async fn limit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let address = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip());
    if let Some(address) = address
        && !state.limiter.allows(address)
    {
        let body = axum::Json(serde_json::json!({
            "error": "Trop de requêtes : réessayez dans une minute."
        }));
        return (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, HeaderValue::from_static("30"))],
            body,
        )
            .into_response();
    }
    next.run(request).await
}
