//! Places and geography: where a resident is, which places of the national open data
//! fit a referral, how far they are and when they are open.
//!
//! Pure after loading: no IO once built, no clock (time is an argument of every
//! function that needs it). Loading reads embedded files or the file given with
//! `--places`.

pub mod find;
pub mod geo;
pub mod hours;
pub mod import;
pub mod place;
pub mod schema;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;
use rust_embed::RustEmbed;

pub use find::{Finder, Nearby};
pub use geo::{Commune, Communes, Point, Resolution};
pub use import::{Format, Import, ImportError, Problem};
pub use place::{Located, Place};

#[derive(RustEmbed)]
#[folder = "data/"]
#[include = "lieux-mediation-numerique.csv"]
struct DefaultPlaces;

/// The places, read-only once loaded.
#[derive(Debug)]
pub struct Directory {
    pub places: Vec<Place>,
    by_id: HashMap<String, usize>,
    /// The most recent `date_maj` of the data: its age, shown to residents.
    pub updated: Option<NaiveDate>,
    /// Where the places come from: the embedded file or a path.
    pub origin: String,
}

#[derive(Debug, thiserror::Error)]
pub enum DirectoryError {
    #[error("cannot read the places file {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("the places file {path} cannot be used: {source}")]
    Import { path: String, source: ImportError },
}

impl Directory {
    /// The directory embedded in the binary (`data/lieux-mediation-numerique.csv`),
    /// imported once per process: it cannot change.
    pub fn embedded(communes: &Communes) -> (Arc<Directory>, Arc<Import>) {
        static EMBEDDED: OnceLock<(Arc<Directory>, Arc<Import>)> = OnceLock::new();
        let (directory, import) = EMBEDDED.get_or_init(|| {
            let bytes = DefaultPlaces::get("lieux-mediation-numerique.csv")
                .map(|file| file.data)
                .unwrap_or_default();
            let mut import =
                import::import(&bytes, Format::Csv, communes).unwrap_or_else(|_| empty_import());
            (
                Arc::new(Directory::new(
                    &mut import,
                    "data/lieux-mediation-numerique.csv",
                )),
                Arc::new(import),
            )
        });
        (directory.clone(), import.clone())
    }

    /// A directory file on disk (CSV or JSON, v1 or v0.x).
    pub fn from_file(
        path: &Path,
        communes: &Communes,
    ) -> Result<(Arc<Directory>, Arc<Import>), DirectoryError> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| DirectoryError::Read {
            path: name.clone(),
            source,
        })?;
        let mut import = import::import(&bytes, Format::of(&name), communes).map_err(|source| {
            DirectoryError::Import {
                path: name.clone(),
                source,
            }
        })?;
        Ok((
            Arc::new(Directory::new(&mut import, &name)),
            Arc::new(import),
        ))
    }

    /// Takes the places out of the import (its report stays).
    fn new(import: &mut Import, origin: &str) -> Directory {
        let places = std::mem::take(&mut import.places);
        let by_id = places
            .iter()
            .enumerate()
            .map(|(ix, place)| (place.id.clone(), ix))
            .collect();
        let updated = places.iter().filter_map(|place| place.updated).max();
        Directory {
            places,
            by_id,
            updated,
            origin: origin.to_owned(),
        }
    }

    pub fn get(&self, id: &str) -> Option<&Place> {
        self.by_id.get(id).map(|ix| &self.places[*ix])
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }
}

fn empty_import() -> Import {
    Import {
        places: Vec::new(),
        problems: Vec::new(),
        rows: 0,
        rejected: 0,
        ignored_columns: Vec::new(),
        old_fields: false,
    }
}
