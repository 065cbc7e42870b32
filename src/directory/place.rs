//! A place of the directory, checked: what the pages and the API show.

use chrono::NaiveDate;

use super::geo::Point;
use super::hours::Hours;
use super::schema::ListField;
use crate::rules::Phone;

/// How a place's point was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Located {
    /// The coordinates of the data.
    Exactly,
    /// The data had none (or wrong ones): the centre of its commune.
    AtCommuneCentre,
}

#[derive(Clone, Debug)]
pub struct Place {
    pub id: String,
    pub name: String,
    pub address: String,
    pub address_extra: Option<String>,
    pub postcode: String,
    pub commune: String,
    pub insee: Option<String>,
    pub department: Option<String>,
    pub point: Option<Point>,
    pub located: Located,
    pub phone: Option<Phone>,
    pub emails: Vec<String>,
    pub website: Option<String>,
    pub hours: Option<Hours>,
    pub summary: Option<String>,
    pub detail: Option<String>,
    /// The list fields of the standard, by `ListField::index`.
    pub lists: Vec<Vec<String>>,
    /// `fiche_acces_libre`: the accessibility sheet on acceslibre.
    pub accessibility: Option<String>,
    /// `prise_rdv`: where to book an appointment.
    pub appointment: Option<String>,
    pub updated: Option<NaiveDate>,
    pub parent: Option<String>,
}

impl Place {
    /// The values of a list field (`services`, `modalites_acces`…).
    pub fn list(&self, field: ListField) -> &[String] {
        self.lists.get(field.index()).map_or(&[], Vec::as_slice)
    }

    pub fn has(&self, field: ListField, value: &str) -> bool {
        self.list(field).iter().any(|v| v == value)
    }

    /// A bus or a travelling service: it is there on some days only.
    pub fn is_itinerant(&self) -> bool {
        self.list(ListField::Itinerancy)
            .iter()
            .any(|v| v == "Itinérant")
    }
}
