//! Black-box tests: the whole application behind its router, driven by `TestApp`.

mod access;
mod api;
mod chat;
mod helpers;
mod pages;
mod places;
mod policy;
mod robust;
mod rules;
mod smoke;
mod stats;
mod understand;
mod weight;
