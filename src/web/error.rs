//! The one error type of the web layer: a friendly page for people, JSON for the API.
//! Internal details go to the log, never to the response.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// What went wrong with a page request.
#[derive(Debug)]
pub enum PageError {
    /// A link with values aiguillage does not know (old bookmark, typed by hand).
    BadLink,
    NotFound,
    /// Our fault; the message goes to the log only.
    Internal(String),
}

impl PageError {
    pub fn status(&self) -> StatusCode {
        match self {
            PageError::BadLink => StatusCode::BAD_REQUEST,
            PageError::NotFound => StatusCode::NOT_FOUND,
            PageError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// A page error once rendered (the rendering needs the state, hence two steps).
pub struct ErrorPage(pub StatusCode, pub maud::Markup);

impl IntoResponse for ErrorPage {
    fn into_response(self) -> Response {
        (self.0, self.1).into_response()
    }
}
