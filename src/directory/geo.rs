//! Communes: a postcode, an INSEE code or a commune name → a point and a département.
//!
//! Built from `data/communes.csv` (Etalab / DINUM, Licence Ouverte 2.0), embedded in
//! the binary. Names are matched folded: accents, case, hyphens and "st"/"saint" do
//! not matter.

use std::collections::HashMap;
use std::sync::OnceLock;

use rust_embed::RustEmbed;
use serde::Deserialize;

use crate::normalize::fold;

#[derive(RustEmbed)]
#[folder = "data/"]
#[include = "communes.csv"]
struct Data;

/// A WGS84 point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub lat: f64,
    pub lon: f64,
}

#[derive(Clone, Debug)]
pub struct Commune {
    pub insee: String,
    pub name: String,
    pub postcodes: Vec<String>,
    /// `None` for the few communes the open data does not locate.
    pub point: Option<Point>,
    pub department: String,
}

impl Commune {
    /// The commune's first postcode, to show beside its name.
    pub fn postcode(&self) -> &str {
        self.postcodes.first().map_or("", String::as_str)
    }
}

/// What a resident's "where" turned out to be.
#[derive(Debug)]
pub enum Resolution<'a> {
    /// One or more communes; several when a postcode or a name is shared.
    Found(Vec<&'a Commune>),
    NotFound,
}

impl<'a> Resolution<'a> {
    /// The département, when every candidate commune is in the same one.
    pub fn department(&self) -> Option<&'a str> {
        match self {
            Resolution::Found(communes) => {
                let first = communes.first()?;
                communes
                    .iter()
                    .all(|commune| commune.department == first.department)
                    .then_some(first.department.as_str())
            }
            Resolution::NotFound => None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum GeoError {
    #[error("communes file, row {row}: {message}")]
    Row { row: usize, message: String },
}

#[derive(Deserialize)]
struct Row {
    insee_code: String,
    name: String,
    postcodes: String,
    lat: String,
    lon: String,
    department: String,
}

pub struct Communes {
    communes: Vec<Commune>,
    by_postcode: HashMap<String, Vec<u32>>,
    by_insee: HashMap<String, u32>,
    by_name: HashMap<String, Vec<u32>>,
}

impl std::fmt::Debug for Communes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Communes({})", self.communes.len())
    }
}

impl Communes {
    /// The communes embedded in the binary, parsed once.
    pub fn embedded() -> &'static Communes {
        static COMMUNES: OnceLock<Communes> = OnceLock::new();
        COMMUNES.get_or_init(|| {
            let file = Data::get("communes.csv")
                .map(|file| file.data)
                .unwrap_or_default();
            // The embedded file is checked by a test; an unreadable one would be a build
            // mistake, and an empty table keeps the server up (every place "not found").
            Communes::parse(&file).unwrap_or_else(|_| Communes::from_list(Vec::new()))
        })
    }

    pub fn parse(csv: &[u8]) -> Result<Communes, GeoError> {
        let mut reader = csv::Reader::from_reader(csv);
        let mut communes = Vec::new();
        for (ix, row) in reader.deserialize::<Row>().enumerate() {
            let row = row.map_err(|error| GeoError::Row {
                row: ix + 2,
                message: error.to_string(),
            })?;
            let point = match (row.lat.parse::<f64>(), row.lon.parse::<f64>()) {
                (Ok(lat), Ok(lon)) => Some(Point { lat, lon }),
                _ => None,
            };
            communes.push(Commune {
                insee: row.insee_code,
                name: row.name,
                postcodes: row
                    .postcodes
                    .split('|')
                    .filter(|p| !p.is_empty())
                    .map(str::to_owned)
                    .collect(),
                point,
                department: row.department,
            });
        }
        Ok(Communes::from_list(communes))
    }

    fn from_list(mut communes: Vec<Commune>) -> Communes {
        // Arrondissements municipaux ("Paris 11e Arrondissement") have no point of their
        // own in the open data: they borrow the point of their city ("Paris").
        let points: HashMap<(String, String), Point> = communes
            .iter()
            .filter_map(|c| Some(((c.department.clone(), fold(&c.name)), c.point?)))
            .collect();
        for commune in communes.iter_mut().filter(|c| c.point.is_none()) {
            let name = fold(&commune.name);
            let words: Vec<&str> = name.split(' ').collect();
            commune.point = (1..words.len())
                .rev()
                .find_map(|len| points.get(&(commune.department.clone(), words[..len].join(" "))))
                .copied();
        }
        let mut by_postcode: HashMap<String, Vec<u32>> = HashMap::new();
        let mut by_insee = HashMap::new();
        let mut by_name: HashMap<String, Vec<u32>> = HashMap::new();
        for (ix, commune) in communes.iter().enumerate() {
            let ix = ix as u32;
            for postcode in &commune.postcodes {
                by_postcode.entry(postcode.clone()).or_default().push(ix);
            }
            by_insee.insert(commune.insee.clone(), ix);
            by_name.entry(name_key(&commune.name)).or_default().push(ix);
        }
        Communes {
            communes,
            by_postcode,
            by_insee,
            by_name,
        }
    }

    pub fn len(&self) -> usize {
        self.communes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.communes.is_empty()
    }

    pub fn by_insee(&self, insee: &str) -> Option<&Commune> {
        self.by_insee
            .get(insee)
            .map(|ix| &self.communes[*ix as usize])
    }

    /// Finds the communes a resident means: a postcode ("16000"), an INSEE code
    /// ("16015"), a name ("angouleme", "St Jean d'Angély"), or a name with its postcode.
    pub fn resolve(&self, query: &str) -> Resolution<'_> {
        let query = query.trim();
        if query.is_empty() || query.len() > 200 {
            return Resolution::NotFound;
        }
        let folded = fold(query);
        let postcode = folded
            .split(' ')
            .find(|token| token.len() == 5 && token.bytes().all(|b| b.is_ascii_digit()));
        let name: String = folded
            .split(' ')
            .filter(|token| Some(*token) != postcode)
            .collect::<Vec<_>>()
            .join(" ");
        let mut found: Vec<&Commune> = match postcode {
            Some(postcode) => {
                let by_postcode = self.lookup(&self.by_postcode, postcode);
                if by_postcode.is_empty() && name.is_empty() {
                    self.by_insee(postcode).into_iter().collect()
                } else {
                    by_postcode
                }
            }
            None if is_insee(&folded) => {
                self.by_insee(&folded.to_uppercase()).into_iter().collect()
            }
            None => self.lookup(&self.by_name, &name_key(&name)),
        };
        if postcode.is_some() && !name.is_empty() {
            let key = name_key(&name);
            let named: Vec<&Commune> = found
                .iter()
                .copied()
                .filter(|c| name_key(&c.name) == key)
                .collect();
            if !named.is_empty() {
                found = named;
            }
        }
        // A city and its arrondissements share postcodes: keep the arrondissement.
        let names: Vec<String> = found.iter().map(|c| fold(&c.name)).collect();
        let kept: Vec<&Commune> = found
            .iter()
            .zip(&names)
            .filter(|(_, name)| {
                !names
                    .iter()
                    .any(|other| other.starts_with(&format!("{name} ")))
            })
            .map(|(commune, _)| *commune)
            .collect();
        if kept.is_empty() {
            Resolution::NotFound
        } else {
            Resolution::Found(kept)
        }
    }

    fn lookup(&self, index: &HashMap<String, Vec<u32>>, key: &str) -> Vec<&Commune> {
        index.get(key).map_or_else(Vec::new, |ixs| {
            ixs.iter().map(|ix| &self.communes[*ix as usize]).collect()
        })
    }
}

/// `16015`, `2A004`: the shape of an INSEE commune code (folded to lowercase).
fn is_insee(folded: &str) -> bool {
    folded.len() == 5
        && (folded.bytes().all(|b| b.is_ascii_digit())
            || (folded.starts_with("2a") || folded.starts_with("2b"))
                && folded[2..].bytes().all(|b| b.is_ascii_digit()))
}

/// A commune name as compared: folded, "st"/"ste" spelt out.
fn name_key(name: &str) -> String {
    fold(name)
        .split(' ')
        .map(|word| match word {
            "st" => "saint",
            "ste" => "sainte",
            other => other,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn communes() -> &'static Communes {
        Communes::embedded()
    }

    #[test]
    fn the_embedded_file_loads_every_commune() {
        assert_eq!(communes().len(), 35_014);
    }

    #[test]
    fn a_postcode_finds_its_commune_and_department() {
        let found = communes().resolve("16000");
        assert_eq!(found.department(), Some("16"));
        let Resolution::Found(list) = found else {
            panic!("16000 not found")
        };
        assert!(list.iter().any(|c| c.name == "Angoulême"));
    }

    #[test]
    fn a_name_is_found_whatever_its_accents_case_and_saint() {
        for query in [
            "Saint-Jean-d'Angély",
            "st jean d angely",
            "ST-JEAN-D'ANGELY",
        ] {
            let Resolution::Found(list) = communes().resolve(query) else {
                panic!("{query} not found")
            };
            assert_eq!(list.len(), 1, "{query}");
            assert_eq!(list[0].department, "17");
        }
    }

    #[test]
    fn a_paris_postcode_gives_the_arrondissement_with_a_point() {
        let Resolution::Found(list) = communes().resolve("75011") else {
            panic!("75011 not found")
        };
        assert_eq!(list.len(), 1);
        assert!(list[0].name.contains("11e"));
        assert!(list[0].point.is_some());
    }

    #[test]
    fn an_insee_code_and_an_unknown_postcode() {
        assert_eq!(
            communes().by_insee("16015").map(|c| c.name.as_str()),
            Some("Angoulême")
        );
        assert!(matches!(communes().resolve("16015"), Resolution::Found(_)));
        assert!(matches!(communes().resolve("99999"), Resolution::NotFound));
        assert!(matches!(
            communes().resolve("pas une commune"),
            Resolution::NotFound
        ));
    }
}
