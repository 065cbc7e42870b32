//! The national standard « Schéma de données des lieux de médiation numérique »
//! (v1.0.2, LaMednum), read from its own Table Schema file embedded in the binary:
//! which fields hold lists, and which values each list field accepts.
//!
//! Reading the enumerations from the published schema, rather than copying them here,
//! keeps the importer and the rule checks faithful to the standard.

use std::sync::OnceLock;

use rust_embed::RustEmbed;
use serde::Deserialize;

#[derive(RustEmbed)]
#[folder = "data/"]
#[include = "schema-lieux-mediation-numerique-*.json"]
struct SchemaFile;

/// The fields of the standard that hold several values, separated by `|`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ListField {
    Services,
    Publics,
    SpecificSupport,
    Fees,
    Programmes,
    TrainingLabels,
    OtherLabels,
    Access,
    Accompaniment,
    Typology,
    Itinerancy,
}

impl ListField {
    pub const ALL: [ListField; 11] = [
        ListField::Services,
        ListField::Publics,
        ListField::SpecificSupport,
        ListField::Fees,
        ListField::Programmes,
        ListField::TrainingLabels,
        ListField::OtherLabels,
        ListField::Access,
        ListField::Accompaniment,
        ListField::Typology,
        ListField::Itinerancy,
    ];

    /// The column name in the standard.
    pub fn column(self) -> &'static str {
        match self {
            ListField::Services => "services",
            ListField::Publics => "publics_specifiquement_adresses",
            ListField::SpecificSupport => "prise_en_charge_specifique",
            ListField::Fees => "frais_a_charge",
            ListField::Programmes => "dispositif_programmes_nationaux",
            ListField::TrainingLabels => "formations_labels",
            ListField::OtherLabels => "autres_formations_labels",
            ListField::Access => "modalites_acces",
            ListField::Accompaniment => "modalites_accompagnement",
            ListField::Typology => "typologie",
            ListField::Itinerancy => "itinerance",
        }
    }

    pub fn from_column(column: &str) -> Option<ListField> {
        ListField::ALL
            .into_iter()
            .find(|field| field.column() == column)
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

#[derive(Deserialize)]
struct TableSchema {
    fields: Vec<SchemaField>,
}

#[derive(Deserialize)]
struct SchemaField {
    name: String,
    #[serde(default)]
    constraints: Constraints,
}

#[derive(Default, Deserialize)]
struct Constraints {
    pattern: Option<String>,
}

/// The values each list field accepts; `None` for free fields (`typologie`,
/// `autres_formations_labels`).
#[derive(Debug)]
pub struct Schema {
    allowed: Vec<Option<Vec<String>>>,
}

impl Schema {
    pub fn embedded() -> &'static Schema {
        static SCHEMA: OnceLock<Schema> = OnceLock::new();
        SCHEMA.get_or_init(|| {
            let fields = SchemaFile::iter()
                .next()
                .and_then(|name| SchemaFile::get(&name))
                .and_then(|file| serde_json::from_slice::<TableSchema>(&file.data).ok())
                .map_or_else(Vec::new, |schema| schema.fields);
            let allowed = ListField::ALL
                .iter()
                .map(|field| {
                    fields
                        .iter()
                        .find(|f| f.name == field.column())
                        .and_then(|f| f.constraints.pattern.as_deref())
                        .and_then(enumeration)
                })
                .collect();
            Schema { allowed }
        })
    }

    /// The values the standard accepts in `field`, or `None` when any value is accepted.
    pub fn allowed(&self, field: ListField) -> Option<&[String]> {
        self.allowed
            .get(field.index())
            .and_then(|values| values.as_deref())
    }

    /// Whether `value` is accepted in `field`.
    pub fn accepts(&self, field: ListField, value: &str) -> bool {
        self.allowed(field)
            .is_none_or(|values| values.iter().any(|v| v == value))
    }
}

/// The values of a pattern of the form `(?:(?:^|\|)(A|B|C \(x\)))+$`.
fn enumeration(pattern: &str) -> Option<Vec<String>> {
    let inner = pattern
        .strip_prefix(r"(?:(?:^|\|)(")?
        .strip_suffix("))+$")?;
    let mut values = Vec::new();
    let mut current = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => current.extend(chars.next()),
            '|' => values.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    values.push(current);
    Some(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_schema_gives_the_enumerations_of_the_standard() {
        let schema = Schema::embedded();
        let services = schema
            .allowed(ListField::Services)
            .expect("services are an enumeration");
        assert_eq!(services.len(), 9);
        assert!(
            services
                .iter()
                .any(|s| s == "Aide aux démarches administratives")
        );
        assert!(schema.accepts(ListField::Programmes, "Relais numérique (Emmaüs Connect)"));
        assert!(!schema.accepts(ListField::Programmes, "CNFS"));
        assert!(schema.accepts(ListField::OtherLabels, "anything: a free field"));
        assert_eq!(
            schema.allowed(ListField::Itinerancy).map(<[String]>::len),
            Some(2)
        );
    }
}
