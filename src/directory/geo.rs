//! Communes: a postcode, an INSEE code or a commune name → a point and a département.
//!
//! Built from `data/communes.csv` (Etalab / DINUM, Licence Ouverte 2.0), embedded in
//! the binary. Names are matched folded: accents, case, hyphens and "st"/"saint" do
//! not matter.

use std::borrow::Cow;
use std::sync::OnceLock;

use rust_embed::RustEmbed;

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

/// The mean radius of the Earth (IUGG), in km.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

impl Point {
    /// A point, if the coordinates are possible ones (and not the 0, 0 of a blank field).
    pub fn new(lat: f64, lon: f64) -> Option<Point> {
        let valid = lat.is_finite()
            && lon.is_finite()
            && (-90.0..=90.0).contains(&lat)
            && (-180.0..=180.0).contains(&lon)
            && !(lat == 0.0 && lon == 0.0);
        valid.then_some(Point { lat, lon })
    }

    /// The great-circle distance, in km (haversine).
    pub fn km_to(self, other: Point) -> f64 {
        let (lat1, lat2) = (self.lat.to_radians(), other.lat.to_radians());
        let dlat = lat2 - lat1;
        let dlon = (other.lon - self.lon).to_radians();
        let a = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
    }

    /// The point on the unit sphere: straight-line distances between these order
    /// points as great-circle distances do, so a plain 3-D index finds the nearest.
    pub fn unit_vector(self) -> [f64; 3] {
        let (lat, lon) = (self.lat.to_radians(), self.lon.to_radians());
        [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
    }
}

#[derive(Clone, Debug, PartialEq)]
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

    /// The postcode the resident typed, if it is one of the commune's; else its first.
    pub fn postcode_as_typed(&self, typed: &str) -> &str {
        self.postcodes
            .iter()
            .find(|p| typed.contains(p.as_str()))
            .map_or(self.postcode(), String::as_str)
    }
}

/// What a resident's "where" turned out to be.
#[derive(Debug, PartialEq)]
pub enum Resolution {
    /// One or more communes; several when a postcode or a name is shared.
    Found(Vec<Commune>),
    NotFound,
}

impl Resolution {
    /// The département, when every candidate commune is in the same one.
    pub fn department(&self) -> Option<&str> {
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
    #[error("communes file, line {line}: {message}")]
    Line { line: usize, message: String },
}

/// The 35 000 communes, kept compact: each row stays in the embedded text, and the
/// indexes are sorted arrays (a few hundred kilobytes rather than tens of megabytes
/// of strings and hash maps). A `Commune` is built when it is asked for.
pub struct Communes {
    text: &'static str,
    /// Byte range of each row in `text`.
    rows: Vec<(u32, u32)>,
    /// The point of each row (arrondissements borrow their city's); NaN when none.
    points: Vec<[f32; 2]>,
    by_postcode: Vec<(u32, u32)>,
    by_insee: Vec<([u8; 5], u32)>,
    /// A hash of the folded name → row; the name is compared again on a match.
    by_name: Vec<(u64, u32)>,
}

impl std::fmt::Debug for Communes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Communes({})", self.rows.len())
    }
}

const HEADER: &str = "insee_code,name,postcodes,lat,lon,department";

/// One row of the file, borrowed from the text.
struct Row<'t> {
    insee: &'t str,
    name: &'t str,
    postcodes: &'t str,
    lat: &'t str,
    lon: &'t str,
    department: &'t str,
}

fn split_row(line: &str) -> Option<Row<'_>> {
    let mut fields = line.split(',');
    let row = Row {
        insee: fields.next()?,
        name: fields.next()?,
        postcodes: fields.next()?,
        lat: fields.next()?,
        lon: fields.next()?,
        department: fields.next()?,
    };
    fields.next().is_none().then_some(row)
}

impl Communes {
    /// The communes embedded in the binary, read once.
    pub fn embedded() -> &'static Communes {
        static COMMUNES: OnceLock<Communes> = OnceLock::new();
        COMMUNES.get_or_init(|| {
            let text: &'static str = match Data::get("communes.csv").map(|file| file.data) {
                Some(Cow::Borrowed(bytes)) => std::str::from_utf8(bytes).unwrap_or_default(),
                // In debug builds the file is read from disk: keep it for the process.
                Some(Cow::Owned(bytes)) => Box::leak(
                    String::from_utf8(bytes)
                        .unwrap_or_default()
                        .into_boxed_str(),
                ),
                None => "",
            };
            // The embedded file is checked by a test; an unreadable one would be a build
            // mistake, and an empty table keeps the server up (every place "not found").
            Communes::parse(text).unwrap_or_else(|_| Communes::empty())
        })
    }

    fn empty() -> Communes {
        Communes {
            text: "",
            rows: Vec::new(),
            points: Vec::new(),
            by_postcode: Vec::new(),
            by_insee: Vec::new(),
            by_name: Vec::new(),
        }
    }

    /// Reads `insee_code,name,postcodes,lat,lon,department` rows (postcodes split by `|`).
    pub fn parse(text: &'static str) -> Result<Communes, GeoError> {
        let mut lines = text.split_inclusive('\n');
        let first = lines.next().unwrap_or_default();
        if first.trim_end() != HEADER {
            return Err(GeoError::Line {
                line: 1,
                message: format!("the header must be `{HEADER}`"),
            });
        }
        let mut communes = Communes::empty();
        communes.text = text;
        let mut offset = first.len();
        for (ix, line) in lines.enumerate() {
            let start = offset;
            offset += line.len();
            let trimmed = line.trim_end();
            if trimmed.is_empty() {
                continue;
            }
            let row = split_row(trimmed).ok_or_else(|| GeoError::Line {
                line: ix + 2,
                message: "six fields are expected".to_owned(),
            })?;
            let number = communes.rows.len() as u32;
            communes
                .rows
                .push((start as u32, (start + trimmed.len()) as u32));
            let point = match (row.lat.parse::<f64>(), row.lon.parse::<f64>()) {
                (Ok(lat), Ok(lon)) => Point::new(lat, lon),
                _ => None,
            };
            communes
                .points
                .push(point.map_or([f32::NAN; 2], |p| [p.lat as f32, p.lon as f32]));
            for postcode in row.postcodes.split('|') {
                if let Ok(code) = postcode.parse::<u32>() {
                    communes.by_postcode.push((code, number));
                }
            }
            if let Ok(insee) = <[u8; 5]>::try_from(row.insee.as_bytes()) {
                communes.by_insee.push((insee, number));
            }
            communes.by_name.push((hash(&name_key(row.name)), number));
        }
        communes.by_postcode.sort_unstable();
        communes.by_insee.sort_unstable();
        communes.by_name.sort_unstable();
        communes.borrow_city_points();
        Ok(communes)
    }

    /// Arrondissements municipaux ("Paris 11e Arrondissement") have no point of their
    /// own in the open data: they borrow the point of their city ("Paris").
    fn borrow_city_points(&mut self) {
        for ix in 0..self.rows.len() {
            if !self.points[ix][0].is_nan() {
                continue;
            }
            let Some(row) = self.row(ix) else { continue };
            let name = fold(row.name);
            let words: Vec<&str> = name.split(' ').collect();
            let city = (1..words.len()).rev().find_map(|len| {
                let key = words[..len].join(" ");
                self.named(&key).find(|&other| {
                    !self.points[other][0].is_nan()
                        && self
                            .row(other)
                            .is_some_and(|o| o.department == row.department)
                })
            });
            if let Some(city) = city {
                self.points[ix] = self.points[city];
            }
        }
    }

    fn row(&self, ix: usize) -> Option<Row<'static>> {
        let (start, end) = *self.rows.get(ix)?;
        split_row(self.text.get(start as usize..end as usize)?)
    }

    fn commune(&self, ix: usize) -> Option<Commune> {
        let row = self.row(ix)?;
        let [lat, lon] = self.points[ix];
        Some(Commune {
            insee: row.insee.to_owned(),
            name: row.name.to_owned(),
            postcodes: row
                .postcodes
                .split('|')
                .filter(|p| !p.is_empty())
                .map(str::to_owned)
                .collect(),
            point: Point::new(f64::from(lat), f64::from(lon)),
            department: row.department.to_owned(),
        })
    }

    /// Rows whose folded name is `key`.
    fn named<'s>(&'s self, key: &'s str) -> impl Iterator<Item = usize> + 's {
        let wanted = hash(key);
        let start = self.by_name.partition_point(|(h, _)| *h < wanted);
        self.by_name[start..]
            .iter()
            .take_while(move |(h, _)| *h == wanted)
            .map(|(_, ix)| *ix as usize)
            .filter(move |ix| self.row(*ix).is_some_and(|row| name_key(row.name) == key))
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The communes of a postcode.
    pub fn by_postcode(&self, postcode: &str) -> Vec<Commune> {
        let Ok(code) = postcode.parse::<u32>() else {
            return Vec::new();
        };
        if postcode.len() != 5 {
            return Vec::new();
        }
        let start = self.by_postcode.partition_point(|(c, _)| *c < code);
        self.by_postcode[start..]
            .iter()
            .take_while(|(c, _)| *c == code)
            .filter_map(|(_, ix)| self.commune(*ix as usize))
            .collect()
    }

    pub fn by_insee(&self, insee: &str) -> Option<Commune> {
        let key = <[u8; 5]>::try_from(insee.as_bytes()).ok()?;
        let ix = self
            .by_insee
            .binary_search_by(|(code, _)| code.cmp(&key))
            .ok()?;
        self.commune(self.by_insee[ix].1 as usize)
    }

    /// Finds the communes a resident means: a postcode ("16000"), an INSEE code
    /// ("16015"), a name ("angouleme", "St Jean d'Angély"), or a name with its postcode.
    pub fn resolve(&self, query: &str) -> Resolution {
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
        let mut found: Vec<Commune> = match postcode {
            Some(postcode) => {
                let by_postcode = self.by_postcode(postcode);
                if by_postcode.is_empty() && name.is_empty() {
                    self.by_insee(postcode).into_iter().collect()
                } else {
                    by_postcode
                }
            }
            None if is_insee(&folded) => {
                self.by_insee(&folded.to_uppercase()).into_iter().collect()
            }
            None => {
                let key = name_key(&name);
                self.named(&key).filter_map(|ix| self.commune(ix)).collect()
            }
        };
        if postcode.is_some() && !name.is_empty() {
            let key = name_key(&name);
            let named: Vec<Commune> = found
                .iter()
                .filter(|c| name_key(&c.name) == key)
                .cloned()
                .collect();
            if !named.is_empty() {
                found = named;
            }
        }
        // A city and its arrondissements share postcodes: keep the arrondissement.
        let names: Vec<String> = found.iter().map(|c| fold(&c.name)).collect();
        let keep: Vec<bool> = names
            .iter()
            .map(|name| {
                !names
                    .iter()
                    .any(|other| other.starts_with(&format!("{name} ")))
            })
            .collect();
        let kept: Vec<Commune> = found
            .into_iter()
            .zip(keep)
            .filter(|(_, keep)| *keep)
            .map(|(commune, _)| commune)
            .collect();
        if kept.is_empty() {
            Resolution::NotFound
        } else {
            Resolution::Found(kept)
        }
    }
}

fn hash(key: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    key.hash(&mut hasher);
    hasher.finish()
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
    fn distances_are_great_circle_kilometres() {
        let angouleme = Point::new(45.6484, 0.1562).expect("a point");
        let la_rochelle = Point::new(46.1603, -1.1511).expect("a point");
        let km = angouleme.km_to(la_rochelle);
        assert!((km - 116.0).abs() < 1.0, "{km}");
        assert_eq!(angouleme.km_to(angouleme), 0.0);
        assert!(Point::new(0.0, 0.0).is_none());
        assert!(Point::new(91.0, 0.0).is_none());
    }

    #[test]
    fn an_insee_code_and_an_unknown_postcode() {
        assert_eq!(
            communes().by_insee("16015").map(|c| c.name),
            Some("Angoulême".to_owned())
        );
        assert!(matches!(communes().resolve("16015"), Resolution::Found(_)));
        assert!(matches!(communes().resolve("99999"), Resolution::NotFound));
        assert!(matches!(
            communes().resolve("pas une commune"),
            Resolution::NotFound
        ));
    }
}
