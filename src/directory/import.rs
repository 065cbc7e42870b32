//! Importing a directory file of the national standard « lieux de médiation numérique »:
//! CSV or JSON, v1.0.x, or v0.x exports with their old field names.
//!
//! Every problem is reported with its row, field, value and why, and the import goes
//! on: a bad field is dropped (or repaired, and said so), the rest of the place kept. A
//! row is rejected only when it cannot be shown at all (no id, no name, a duplicate id).

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use serde_json::Value;

use super::geo::{Communes, Point};
use super::hours::Hours;
use super::place::{Located, Place};
use super::schema::{ListField, Schema};
use crate::normalize::fold;
use crate::rules::Phone;

/// Beyond this distance from its commune's centre, a place's coordinates are suspect.
const FAR_FROM_COMMUNE_KM: f64 = 60.0;
/// The standard limits `presentation_resume` to this many characters.
const SUMMARY_MAX: usize = 280;
/// Dates before this are placeholders (1970-01-01 epochs), not real updates.
const EARLIEST_REAL_UPDATE: (i32, u32, u32) = (2000, 1, 1);

/// The format of a directory file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

impl Format {
    /// From a file name: `.json` is JSON, anything else CSV.
    pub fn of(path: &str) -> Format {
        if path.to_ascii_lowercase().ends_with(".json") {
            Format::Json
        } else {
            Format::Csv
        }
    }
}

/// One problem of one row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The line of the CSV file (the header is line 1), or the position of the element
    /// in a JSON array (from 1).
    pub row: usize,
    pub field: String,
    pub value: String,
    pub why: String,
    /// Whether the whole row was left out because of it.
    pub rejected: bool,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let value: String = self.value.chars().take(80).collect();
        let more = if self.value.chars().count() > 80 {
            "…"
        } else {
            ""
        };
        write!(
            f,
            "row {}: {} = «{value}{more}»: {}",
            self.row, self.field, self.why
        )?;
        if self.rejected {
            write!(f, " (row left out)")?;
        }
        Ok(())
    }
}

/// What an import gives: the places kept, and everything that was wrong.
#[derive(Debug)]
pub struct Import {
    pub places: Vec<Place>,
    pub problems: Vec<Problem>,
    pub rows: usize,
    pub rejected: usize,
    /// Columns of the file that the standard does not know (ignored).
    pub ignored_columns: Vec<String>,
    /// Whether old (v0.x) field names were found and mapped.
    pub old_fields: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("the file is not valid CSV: {0}")]
    Csv(String),
    #[error("the file is not valid JSON: {0}")]
    Json(String),
    #[error("the JSON file must hold an array of places (or an object with a `data` array)")]
    JsonShape,
}

/// Every column of the v1 standard, in its order.
const COLUMNS: [&str; 32] = [
    "id",
    "pivot",
    "nom",
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "complement_adresse",
    "latitude",
    "longitude",
    "typologie",
    "telephone",
    "courriels",
    "site_web",
    "horaires",
    "presentation_resume",
    "presentation_detail",
    "source",
    "itinerance",
    "structure_parente",
    "date_maj",
    "services",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "dispositif_programmes_nationaux",
    "formations_labels",
    "autres_formations_labels",
    "modalites_acces",
    "modalites_accompagnement",
    "fiche_acces_libre",
    "prise_rdv",
];

/// Fields of v0.x exports and what they became in v1.
const OLD_FIELDS: [&str; 8] = [
    "courriel",
    "accessibilite",
    "labels_autres",
    "labels_nationaux",
    "conditions_acces",
    "publics_accueillis",
    "presentation_resumee",
    "SIRET",
];

/// v0.x services → v1.
const OLD_SERVICES: [(&str, &str); 16] = [
    (
        "Devenir autonome dans les démarches administratives",
        "Aide aux démarches administratives",
    ),
    (
        "Réaliser des démarches administratives avec un accompagnement",
        "Aide aux démarches administratives",
    ),
    (
        "Accompagner les démarches de santé",
        "Aide aux démarches administratives",
    ),
    (
        "Prendre en main un smartphone ou une tablette",
        "Maîtrise des outils numériques du quotidien",
    ),
    (
        "Prendre en main un ordinateur",
        "Maîtrise des outils numériques du quotidien",
    ),
    (
        "Utiliser le numérique au quotidien",
        "Maîtrise des outils numériques du quotidien",
    ),
    (
        "Approfondir ma culture numérique",
        "Compréhension du monde numérique",
    ),
    (
        "Promouvoir la citoyenneté numérique",
        "Compréhension du monde numérique",
    ),
    (
        "Favoriser mon insertion professionnelle",
        "Insertion professionnelle via le numérique",
    ),
    (
        "Créer et développer mon entreprise",
        "Insertion professionnelle via le numérique",
    ),
    (
        "Accéder à une connexion internet",
        "Accès internet et matériel informatique",
    ),
    (
        "Accéder à du matériel",
        "Accès internet et matériel informatique",
    ),
    (
        "S’équiper en matériel informatique",
        "Acquisition de matériel informatique à prix solidaire",
    ),
    (
        "S'équiper en matériel informatique",
        "Acquisition de matériel informatique à prix solidaire",
    ),
    ("Créer avec le numérique", "Loisirs et créations numériques"),
    (
        "Soutenir la parentalité et l'éducation avec le numérique",
        "Parentalité et éducation avec le numérique",
    ),
];

/// v0.x `modalites_accompagnement` → v1. « A ma place » (someone does it for you) has
/// no v1 value: it is closest to an individual accompaniment.
const OLD_ACCOMPANIMENT: [(&str, &str); 4] = [
    ("Seul", "En autonomie"),
    ("Avec de l'aide", "Accompagnement individuel"),
    ("Dans un atelier", "Dans un atelier collectif"),
    ("A ma place", "Accompagnement individuel"),
];

/// v0.x `labels_nationaux` → the v1 field and value they became.
const OLD_LABELS: [(&str, ListField, &str); 8] = [
    ("CNFS", ListField::Programmes, "Conseillers numériques"),
    (
        "Conseillers numériques",
        ListField::Programmes,
        "Conseillers numériques",
    ),
    ("France Services", ListField::Programmes, "France Services"),
    ("Aidants Connect", ListField::Programmes, "Aidants Connect"),
    (
        "Point numérique CAF",
        ListField::Programmes,
        "Point d'accès numérique CAF",
    ),
    (
        "Relais numérique CAF",
        ListField::Programmes,
        "Point d'accès numérique CAF",
    ),
    (
        "Fabriques de Territoire",
        ListField::TrainingLabels,
        "Fabriques de Territoire",
    ),
    ("APTIC", ListField::OtherLabels, "APTIC (Pass numérique)"),
];

/// Reads a directory file.
pub fn import(bytes: &[u8], format: Format, communes: &Communes) -> Result<Import, ImportError> {
    let rows = match format {
        Format::Csv => csv_rows(bytes)?,
        Format::Json => json_rows(bytes)?,
    };
    let mut ignored = BTreeMap::new();
    let mut old_fields = false;
    for (_, row) in &rows {
        for key in row.keys() {
            if OLD_FIELDS.contains(&key.as_str()) {
                old_fields = true;
            } else if !COLUMNS.contains(&key.as_str()) {
                ignored.insert(key.clone(), ());
            }
        }
    }
    let mut checker = RowChecker {
        schema: Schema::embedded(),
        communes,
        hours: HashMap::new(),
        problems: Vec::new(),
    };
    let mut places = Vec::new();
    let mut ids = HashSet::new();
    let mut rejected = 0;
    let count = rows.len();
    for (row, fields) in rows {
        match checker.place(row, upgrade(fields), &mut ids) {
            Some(place) => places.push(place),
            None => rejected += 1,
        }
    }
    Ok(Import {
        places,
        problems: checker.problems,
        rows: count,
        rejected,
        ignored_columns: ignored.into_keys().collect(),
        old_fields,
    })
}

type Row = HashMap<String, String>;

fn csv_rows(bytes: &[u8]) -> Result<Vec<(usize, Row)>, ImportError> {
    // Accept a UTF-8 byte-order mark and `;` separators (common in French spreadsheets).
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let delimiter = if first_line.iter().filter(|b| **b == b';').count()
        > first_line.iter().filter(|b| **b == b',').count()
    {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(bytes);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| ImportError::Csv(e.to_string()))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| ImportError::Csv(e.to_string()))?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let row: Row = headers
            .iter()
            .zip(record.iter())
            .filter(|(_, value)| !value.trim().is_empty())
            .map(|(header, value)| (header.clone(), value.trim().to_owned()))
            .collect();
        rows.push((line, row));
    }
    Ok(rows)
}

fn json_rows(bytes: &[u8]) -> Result<Vec<(usize, Row)>, ImportError> {
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| ImportError::Json(e.to_string()))?;
    let items = match value {
        Value::Array(items) => items,
        Value::Object(mut object) => match object.remove("data") {
            Some(Value::Array(items)) => items,
            _ => return Err(ImportError::JsonShape),
        },
        _ => return Err(ImportError::JsonShape),
    };
    Ok(items
        .into_iter()
        .enumerate()
        .map(|(ix, item)| {
            let row = match item {
                Value::Object(object) => object
                    .into_iter()
                    .filter_map(|(key, value)| Some((key, json_text(value)?)))
                    .filter(|(_, value)| !value.trim().is_empty())
                    .collect(),
                _ => Row::new(),
            };
            (ix + 1, row)
        })
        .collect())
}

/// A JSON value as the text a CSV cell would hold.
fn json_text(value: Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(text.trim().to_owned()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(items) => Some(
            items
                .into_iter()
                .filter_map(json_text)
                .collect::<Vec<_>>()
                .join("|"),
        ),
        Value::Object(_) => None,
    }
}

/// Renames and maps the fields of v0.x exports to v1.
fn upgrade(mut row: Row) -> Row {
    for (old, new) in [
        ("courriel", "courriels"),
        ("accessibilite", "fiche_acces_libre"),
        ("presentation_resumee", "presentation_resume"),
    ] {
        if let Some(value) = row.remove(old) {
            row.entry(new.to_owned()).or_insert(value);
        }
    }
    if let Some(siret) = row.remove("SIRET") {
        let digits: String = siret.chars().filter(char::is_ascii_alphanumeric).collect();
        row.entry("pivot".to_owned()).or_insert(digits);
    }
    row.remove("publics_accueillis");
    let add = |row: &mut Row, field: ListField, value: &str| {
        let cell = row.entry(field.column().to_owned()).or_default();
        if !split(cell).any(|v| v == value) {
            if !cell.is_empty() {
                cell.push('|');
            }
            cell.push_str(value);
        }
    };
    if let Some(labels) = row.remove("labels_autres") {
        for label in split(&labels) {
            add(&mut row, ListField::OtherLabels, label);
        }
    }
    if let Some(labels) = row.remove("labels_nationaux") {
        for label in split(&labels) {
            match OLD_LABELS
                .iter()
                .find(|(old, _, _)| old.eq_ignore_ascii_case(label))
            {
                Some((_, field, value)) => add(&mut row, *field, value),
                None => add(&mut row, ListField::OtherLabels, label),
            }
        }
    }
    if let Some(conditions) = row.remove("conditions_acces") {
        for condition in split(&conditions) {
            if condition.to_lowercase().contains("pass num") {
                add(&mut row, ListField::OtherLabels, "APTIC (Pass numérique)");
            } else {
                add(&mut row, ListField::Fees, condition);
            }
        }
    }
    for (field, table) in [
        (ListField::Services, &OLD_SERVICES[..]),
        (ListField::Accompaniment, &OLD_ACCOMPANIMENT[..]),
    ] {
        if let Some(cell) = row.get(field.column()) {
            let mut values: Vec<&str> = Vec::new();
            for value in split(cell) {
                let mapped = table
                    .iter()
                    .find(|(old, _)| *old == value)
                    .map_or(value, |(_, new)| new);
                if !values.contains(&mapped) {
                    values.push(mapped);
                }
            }
            let joined = values.join("|");
            row.insert(field.column().to_owned(), joined);
        }
    }
    row
}

/// The values of a list cell: `|` in v1, `;` in v0.x.
fn split(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(['|', ';'])
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

struct RowChecker<'a> {
    schema: &'a Schema,
    communes: &'a Communes,
    /// Opening hours already parsed: many places share the same (a third of them).
    hours: HashMap<String, Result<Hours, String>>,
    problems: Vec<Problem>,
}

impl RowChecker<'_> {
    fn report(&mut self, row: usize, field: &str, value: &str, why: impl Into<String>) {
        self.problems.push(Problem {
            row,
            field: field.to_owned(),
            value: value.to_owned(),
            why: why.into(),
            rejected: false,
        });
    }

    fn reject(
        &mut self,
        row: usize,
        field: &str,
        value: &str,
        why: impl Into<String>,
    ) -> Option<Place> {
        self.problems.push(Problem {
            row,
            field: field.to_owned(),
            value: value.to_owned(),
            why: why.into(),
            rejected: true,
        });
        None
    }

    fn place(&mut self, row: usize, fields: Row, ids: &mut HashSet<String>) -> Option<Place> {
        let get = |name: &str| {
            fields
                .get(name)
                .map(String::as_str)
                .filter(|v| !v.is_empty())
        };
        let Some(id) = get("id") else {
            return self.reject(row, "id", "", "the id is missing: every place needs one");
        };
        if !ids.insert(id.to_owned()) {
            return self.reject(row, "id", id, "this id is already used by an earlier row");
        }
        let Some(name) = get("nom") else {
            return self.reject(
                row,
                "nom",
                "",
                "the name is missing: the place cannot be shown",
            );
        };
        for required in ["commune", "adresse", "pivot"] {
            if get(required).is_none() {
                self.report(row, required, "", "required by the standard but missing");
            }
        }
        let postcode = self.code(row, "code_postal", get("code_postal"), |c| {
            c.bytes().all(|b| b.is_ascii_digit())
        });
        let insee = self.code(row, "code_insee", get("code_insee"), |c| {
            c.bytes().all(|b| b.is_ascii_digit())
                || (c.starts_with("2A") || c.starts_with("2B"))
                    && c[2..].bytes().all(|b| b.is_ascii_digit())
        });
        let by_insee = insee
            .as_deref()
            .and_then(|insee| self.communes.by_insee(insee));
        let by_postcode = postcode
            .as_deref()
            .map(|p| self.communes.by_postcode(p))
            .unwrap_or_default();
        let commune_point = match by_insee {
            // Trust the INSEE code only when it agrees with the postcode.
            Some(commune)
                if by_postcode.is_empty()
                    || commune
                        .postcodes
                        .iter()
                        .any(|p| Some(p) == postcode.as_ref()) =>
            {
                Some(commune)
            }
            // They disagree: the commune's name tells which one is wrong.
            Some(commune)
                if fold(&commune.name) == fold(get("commune").unwrap_or_default())
                    && by_postcode
                        .iter()
                        .any(|c| c.department == commune.department) =>
            {
                let value = postcode.clone().unwrap_or_default();
                let why = format!(
                    "is not a postcode of {} ({}), the commune of its code_insee: check it",
                    commune.name, commune.insee
                );
                self.report(row, "code_postal", &value, why);
                Some(commune)
            }
            Some(commune) => {
                let value = insee.clone().unwrap_or_default();
                let why = format!(
                    "is {} ({}), which does not have the postcode of this row: the postcode is used",
                    commune.name, commune.department
                );
                self.report(row, "code_insee", &value, why);
                by_postcode.first().cloned()
            }
            None => by_postcode.first().cloned(),
        };
        let department = commune_point.as_ref().map(|c| c.department.clone());
        let centre = commune_point.and_then(|c| c.point);
        let (point, located) = self.point(row, get("latitude"), get("longitude"), centre);
        let mut lists = vec![Vec::new(); ListField::ALL.len()];
        for field in ListField::ALL {
            if let Some(cell) = get(field.column()) {
                for value in split(cell) {
                    if self.schema.accepts(field, value) {
                        lists[field.index()].push(value.to_owned());
                    } else {
                        self.report(
                            row,
                            field.column(),
                            value,
                            "not a value of the standard: left out",
                        );
                    }
                }
            }
        }
        let summary = get("presentation_resume").map(str::to_owned);
        if let Some(summary) = &summary
            && summary.chars().count() > SUMMARY_MAX
        {
            self.report(
                row,
                "presentation_resume",
                summary,
                format!("longer than the {SUMMARY_MAX} characters of the standard"),
            );
        }
        Some(Place {
            id: id.to_owned(),
            name: name.to_owned(),
            address: get("adresse").unwrap_or_default().to_owned(),
            address_extra: get("complement_adresse").map(str::to_owned),
            postcode: postcode.unwrap_or_default(),
            commune: get("commune").unwrap_or_default().to_owned(),
            insee,
            department,
            point,
            located,
            phone: self.phone(row, get("telephone")),
            emails: get("courriels")
                .map(|cell| self.emails(row, cell))
                .unwrap_or_default(),
            website: get("site_web").and_then(|cell| self.url(row, "site_web", cell)),
            hours: get("horaires").and_then(|raw| {
                match self
                    .hours
                    .entry(raw.to_owned())
                    .or_insert_with(|| Hours::parse(raw))
                    .clone()
                {
                    Ok(hours) => Some(hours),
                    Err(why) => {
                        self.report(
                            row,
                            "horaires",
                            raw,
                            format!("not OSM opening_hours ({why}): hours left out"),
                        );
                        None
                    }
                }
            }),
            summary,
            detail: get("presentation_detail").map(str::to_owned),
            lists,
            accessibility: get("fiche_acces_libre")
                .and_then(|cell| self.url(row, "fiche_acces_libre", cell)),
            appointment: get("prise_rdv").and_then(|cell| self.url(row, "prise_rdv", cell)),
            updated: self.date(row, get("date_maj")),
            parent: get("structure_parente").map(str::to_owned),
        })
    }

    /// A 5-character code; the leading zero that JSON numbers lose is put back.
    fn code(
        &mut self,
        row: usize,
        field: &str,
        value: Option<&str>,
        valid: impl Fn(&str) -> bool,
    ) -> Option<String> {
        let value = value?;
        let code = if value.len() == 4 && value.bytes().all(|b| b.is_ascii_digit()) {
            format!("0{value}")
        } else {
            value.to_owned()
        };
        if code.len() == 5 && valid(&code) {
            Some(code)
        } else {
            self.report(row, field, value, "not a 5-character code: left out");
            None
        }
    }

    fn point(
        &mut self,
        row: usize,
        lat: Option<&str>,
        lon: Option<&str>,
        centre: Option<Point>,
    ) -> (Option<Point>, Located) {
        let fallback = |checker: &mut Self, value: &str, why: &str| {
            let why = match centre {
                Some(_) => format!("{why}: placed at the centre of its commune"),
                None => format!("{why}, and its commune is unknown: the place has no location"),
            };
            checker.report(row, "latitude/longitude", value, why);
            (centre, Located::AtCommuneCentre)
        };
        let (lat_text, lon_text) = match (lat, lon) {
            (None, None) => return fallback(self, "", "no coordinates"),
            (lat, lon) => (lat.unwrap_or_default(), lon.unwrap_or_default()),
        };
        let value = format!("{lat_text}, {lon_text}");
        let parsed = match (
            lat_text.replace(',', ".").parse::<f64>(),
            lon_text.replace(',', ".").parse::<f64>(),
        ) {
            (Ok(lat), Ok(lon)) => Point::new(lat, lon),
            _ => None,
        };
        let Some(point) = parsed else {
            return fallback(self, &value, "not valid coordinates");
        };
        let Some(centre) = centre else {
            return (Some(point), Located::Exactly);
        };
        if point.km_to(centre) <= FAR_FROM_COMMUNE_KM {
            return (Some(point), Located::Exactly);
        }
        // Latitude and longitude swapped is the commonest mistake: try it.
        if let Some(swapped) = Point::new(point.lon, point.lat)
            && swapped.km_to(centre) <= FAR_FROM_COMMUNE_KM
        {
            self.report(
                row,
                "latitude/longitude",
                &value,
                "latitude and longitude were swapped: swapped back",
            );
            return (Some(swapped), Located::Exactly);
        }
        // Coordinates are usually more reliable than codes: keep them, but say so.
        self.report(
            row,
            "latitude/longitude",
            &value,
            format!("more than {FAR_FROM_COMMUNE_KM} km from its commune: kept, check them"),
        );
        (Some(point), Located::Exactly)
    }

    fn phone(&mut self, row: usize, value: Option<&str>) -> Option<Phone> {
        let value = value?;
        let digits: String = value.chars().filter(char::is_ascii_digit).collect();
        // JSON exports sometimes hold the number as 33545… (a number, without the +).
        let normalised = if value.trim_start().starts_with('+') {
            format!("+{digits}")
        } else if digits.len() == 10 && digits.starts_with('0') {
            format!("+33{}", &digits[1..])
        } else if (11..=12).contains(&digits.len())
            && [
                "33", "590", "594", "262", "596", "269", "687", "689", "508", "681",
            ]
            .iter()
            .any(|p| digits.starts_with(p))
        {
            format!("+{digits}")
        } else {
            String::new()
        };
        let valid = (9..=13).contains(&normalised.len());
        match Phone::parse(&normalised).filter(|_| valid) {
            Some(phone) => Some(Phone {
                display: display_phone(&phone.tel),
                tel: phone.tel,
            }),
            None => {
                self.report(row, "telephone", value, "not a phone number: left out");
                None
            }
        }
    }

    fn emails(&mut self, row: usize, cell: &str) -> Vec<String> {
        cell.split(['|', ';', ',', ' '])
            .map(str::trim)
            .filter(|email| !email.is_empty() && *email != "-")
            .filter_map(|email| {
                let valid = email
                    .split_once('@')
                    .is_some_and(|(user, domain)| !user.is_empty() && domain.contains('.'))
                    && !email.contains(char::is_whitespace);
                if valid {
                    Some(email.to_owned())
                } else {
                    self.report(row, "courriels", email, "not an e-mail address: left out");
                    None
                }
            })
            .collect()
    }

    /// The first web address of a cell; anything else is reported and left out (no
    /// broken or dangerous link on a page).
    fn url(&mut self, row: usize, field: &str, cell: &str) -> Option<String> {
        let first = split(cell).next()?;
        let valid = (first.starts_with("https://") || first.starts_with("http://"))
            && first.len() > "https://".len()
            && !first.contains(char::is_whitespace);
        if valid {
            Some(first.to_owned())
        } else {
            self.report(
                row,
                field,
                first,
                "not a web address (http:// or https://): left out",
            );
            None
        }
    }

    fn date(&mut self, row: usize, value: Option<&str>) -> Option<NaiveDate> {
        let Some(value) = value else {
            self.report(row, "date_maj", "", "required by the standard but missing");
            return None;
        };
        let date = NaiveDate::parse_from_str(value.get(..10).unwrap_or(value), "%Y-%m-%d").ok();
        let (y, m, d) = EARLIEST_REAL_UPDATE;
        match date {
            Some(date)
                if NaiveDate::from_ymd_opt(y, m, d).is_some_and(|earliest| date >= earliest) =>
            {
                Some(date)
            }
            Some(_) => {
                self.report(
                    row,
                    "date_maj",
                    value,
                    "a placeholder date (1970 epoch), not a real update: left out",
                );
                None
            }
            None => {
                self.report(
                    row,
                    "date_maj",
                    value,
                    "not a date of the form 2024-08-01: left out",
                );
                None
            }
        }
    }
}

/// `+33545932222` → `05 45 93 22 22`; other numbers as they are.
fn display_phone(tel: &str) -> String {
    match tel.strip_prefix("+33") {
        Some(rest) if rest.len() == 9 => {
            let digits = format!("0{rest}");
            digits
                .as_bytes()
                .chunks(2)
                .map(|pair| String::from_utf8_lossy(pair).into_owned())
                .collect::<Vec<_>>()
                .join(" ")
        }
        _ => tel.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(rows: &str) -> Import {
        let header = COLUMNS.join(",");
        import(
            format!("{header}\n{rows}").as_bytes(),
            Format::Csv,
            Communes::embedded(),
        )
        .expect("readable")
    }

    fn row(values: &[(&str, &str)]) -> String {
        COLUMNS
            .iter()
            .map(|column| {
                let value = values
                    .iter()
                    .find(|(c, _)| c == column)
                    .map_or("", |(_, v)| v);
                format!("\"{}\"", value.replace('"', "\"\""))
            })
            .collect::<Vec<_>>()
            .join(",")
    }

    fn good(extra: &[(&str, &str)]) -> String {
        let mut values = vec![
            ("id", "lieu-1"),
            ("pivot", "00000000000000"),
            ("nom", "Médiathèque"),
            ("commune", "Angoulême"),
            ("code_postal", "16000"),
            ("adresse", "1 rue de la Paix"),
            ("latitude", "45.65"),
            ("longitude", "0.16"),
            ("date_maj", "2024-08-01"),
        ];
        for (column, value) in extra {
            values.retain(|(c, _)| c != column);
            values.push((column, value));
        }
        row(&values)
    }

    #[test]
    fn a_good_row_is_kept_without_problem() {
        let import = csv(&good(&[
            ("telephone", "+33545932222"),
            ("horaires", "Mo-Fr 09:00-12:00"),
        ]));
        assert_eq!(import.problems, Vec::new());
        let place = &import.places[0];
        assert_eq!(place.department.as_deref(), Some("16"));
        assert_eq!(
            place.phone.as_ref().map(|p| p.display.as_str()),
            Some("05 45 93 22 22")
        );
        assert!(place.hours.is_some());
    }

    #[test]
    fn bad_fields_are_reported_and_the_rest_of_the_place_kept() {
        let import = csv(&good(&[
            ("horaires", "du lundi au vendredi"),
            (
                "services",
                "Aide aux démarches administratives|Cours de cuisine",
            ),
            ("latitude", "abc"),
            ("site_web", "www.exemple.fr"),
            ("date_maj", "1970-01-01"),
        ]));
        assert_eq!(import.places.len(), 1);
        let fields: Vec<&str> = import.problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "latitude/longitude",
                "services",
                "site_web",
                "horaires",
                "date_maj"
            ]
        );
        let place = &import.places[0];
        assert_eq!(
            place.list(ListField::Services),
            ["Aide aux démarches administratives"]
        );
        assert_eq!(place.located, Located::AtCommuneCentre);
        assert!(place.point.is_some());
    }

    #[test]
    fn rows_without_id_or_name_and_duplicates_are_rejected() {
        let rows = [
            good(&[]),
            good(&[("nom", "")]),
            good(&[("id", "")]),
            good(&[("id", "lieu-2"), ("nom", "")]),
        ]
        .join("\n");
        let import = csv(&rows);
        assert_eq!(
            (import.rows, import.places.len(), import.rejected),
            (4, 1, 3)
        );
        assert!(import.problems.iter().all(|p| p.rejected));
        assert_eq!(import.problems[0].row, 3);
    }

    #[test]
    fn swapped_coordinates_are_put_back() {
        let import = csv(&good(&[("latitude", "0.16"), ("longitude", "45.65")]));
        assert_eq!(import.places[0].point.map(|p| p.lat), Some(45.65));
        assert!(import.problems[0].why.contains("swapped"));
    }

    #[test]
    fn a_v0_json_export_is_mapped_to_v1() {
        let json = r#"[{"id": 1, "nom": "Bus France Services", "commune": "Saint-Fraigne", "code_postal": 16140,
            "adresse": "Rue du Chant du Coq", "latitude": 45.95, "longitude": -0.0086, "telephone": 33630392518,
            "courriel": "bus@exemple.fr", "accessibilite": "https://acceslibre.beta.gouv.fr/x",
            "labels_nationaux": "France Services;CNFS;APTIC", "conditions_acces": "Gratuit;Accepte le Pass numérique",
            "services": "Devenir autonome dans les démarches administratives;Accéder à du matériel",
            "modalites_accompagnement": "Seul;Dans un atelier", "date_maj": "2023-06-01", "SIRET": "401 092 267 00020",
            "result_score": 0.75}]"#;
        let import = import(json.as_bytes(), Format::Json, Communes::embedded()).expect("readable");
        assert!(import.old_fields);
        assert_eq!(import.ignored_columns, ["result_score"]);
        assert_eq!(import.problems, Vec::new());
        let place = &import.places[0];
        assert_eq!(
            place.list(ListField::Programmes),
            ["France Services", "Conseillers numériques"]
        );
        assert_eq!(
            place.list(ListField::OtherLabels),
            ["APTIC (Pass numérique)"]
        );
        assert_eq!(place.list(ListField::Fees), ["Gratuit"]);
        assert_eq!(
            place.list(ListField::Services),
            [
                "Aide aux démarches administratives",
                "Accès internet et matériel informatique"
            ]
        );
        assert_eq!(
            place.list(ListField::Accompaniment),
            ["En autonomie", "Dans un atelier collectif"]
        );
        assert_eq!(
            place.phone.as_ref().map(|p| p.tel.as_str()),
            Some("+33630392518")
        );
        assert_eq!(place.emails, ["bus@exemple.fr"]);
        assert!(place.accessibility.is_some());
    }

    #[test]
    fn malformed_files_are_errors_not_panics() {
        for (bytes, format) in [
            (&b"{\"a\": 1}"[..], Format::Json),
            (b"[1, 2", Format::Json),
            (b"\xff\xfe", Format::Csv),
        ] {
            let _ = import(bytes, format, Communes::embedded());
        }
        let import =
            import(b"[1, \"x\", null]", Format::Json, Communes::embedded()).expect("an array");
        assert_eq!(import.rejected, 3);
    }
}
