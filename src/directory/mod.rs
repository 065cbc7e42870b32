//! Places and geography: where a resident is, and (later) which places are near.
//!
//! Pure after loading: no IO once built, no clock (time is an argument).

pub mod geo;

pub use geo::{Commune, Communes, Resolution};
