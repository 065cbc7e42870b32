//! aiguillage: the triage assistant of French digital inclusion.
//!
//! See ARCHITECTURE.md for the map. In short: `rules` (the policy as data and its
//! engine), `directory` (places and geography), `web` (HTTP and HTML, the only part
//! that knows them), `app` (wiring), `config` (the command line).

pub mod app;
pub mod assets;
pub mod cli;
pub mod clock;
pub mod config;
pub mod directory;
pub mod i18n;
pub mod lang;
pub mod normalize;
pub mod rules;
pub mod stats;
pub mod understand;
pub mod web;
