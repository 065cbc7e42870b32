//! Finding the places that fit a referral, nearest first.
//!
//! One spatial index (`rstar`) per referral kind holds the places that fit it, built
//! when the rules or the directory are loaded. Points live on the unit sphere, so the
//! index's straight-line order is the great-circle order; distances are then computed
//! exactly (haversine).

use rstar::RTree;
use rstar::primitives::GeomWithData;

use super::Directory;
use super::geo::Point;
use super::place::Place;
use super::schema::ListField;
use crate::rules::{FieldCondition, KindIx, PlaceMatch, PlaceRules, Rules};

/// How many places a referral shows.
pub const SHOWN: usize = 5;
/// How far we look: beyond this, a place is not "near" any more and the remote options
/// are better advice.
pub const MAX_KM: f64 = 50.0;
/// How many of the nearest fitting places are considered before the theme's own
/// service is put first (so that a slightly farther specialist can come first).
const CANDIDATES: usize = 12;

type Entry = GeomWithData<[f64; 3], u32>;

/// The spatial indexes of one rules × directory pair.
pub struct Finder {
    trees: Vec<RTree<Entry>>,
}

impl std::fmt::Debug for Finder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sizes: Vec<usize> = self.trees.iter().map(RTree::size).collect();
        write!(f, "Finder({sizes:?})")
    }
}

/// A place and how far it is.
#[derive(Clone, Copy, Debug)]
pub struct Nearby<'d> {
    pub place: &'d Place,
    pub km: f64,
}

/// What a search found.
#[derive(Debug, Default)]
pub struct Found<'d> {
    pub places: Vec<Nearby<'d>>,
    /// The places come from the fallback referral kind (none of the referral's own
    /// fitted nearby).
    pub fallback: Option<KindIx>,
}

/// What a search is for.
#[derive(Clone, Copy, Debug)]
pub struct Search<'a> {
    pub kind: KindIx,
    pub from: Point,
    /// The resident's département, for departmental programmes.
    pub department: Option<&'a str>,
    /// The theme's own service (`Insertion professionnelle via le numérique`…).
    pub theme_service: Option<&'a str>,
    /// Places a territory lists for the referral's programme: they fit too.
    pub listed: &'a [String],
    /// How many places to give at most.
    pub limit: usize,
}

impl Finder {
    pub fn build(rules: &Rules, directory: &Directory) -> Finder {
        let trees = rules
            .referrals
            .iter()
            .map(|referral| {
                let entries = referral
                    .places
                    .as_ref()
                    .map(|criteria| {
                        directory
                            .places
                            .iter()
                            .enumerate()
                            .filter(|(_, place)| fits(&criteria.matches, place))
                            .filter_map(|(ix, place)| {
                                Some(Entry::new(place.point?.unit_vector(), ix as u32))
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                RTree::bulk_load(entries)
            })
            .collect();
        Finder { trees }
    }

    /// How many places fit each referral kind, anywhere.
    pub fn count(&self, kind: KindIx) -> usize {
        self.trees.get(kind.index()).map_or(0, RTree::size)
    }

    /// The places that fit, nearest first, within `MAX_KM`; the fallback's places when
    /// none fit.
    pub fn find<'d>(
        &self,
        rules: &Rules,
        directory: &'d Directory,
        search: Search<'_>,
    ) -> Found<'d> {
        let Some(criteria) = rules.referral(search.kind).places.as_ref() else {
            return Found::default();
        };
        let places = self.nearest(criteria, directory, search);
        if !places.is_empty() {
            return Found {
                places,
                fallback: None,
            };
        }
        match criteria
            .fallback
            .and_then(|kind| Some((kind, rules.referral(kind).places.as_ref()?)))
        {
            Some((kind, fallback)) => {
                let search = Search {
                    kind,
                    listed: &[],
                    ..search
                };
                let places = self.nearest(fallback, directory, search);
                let fallback = (!places.is_empty()).then_some(kind);
                Found { places, fallback }
            }
            None => Found::default(),
        }
    }

    fn nearest<'d>(
        &self,
        criteria: &PlaceRules,
        directory: &'d Directory,
        search: Search<'_>,
    ) -> Vec<Nearby<'d>> {
        let Some(tree) = self.trees.get(search.kind.index()) else {
            return Vec::new();
        };
        let in_department = |place: &Place| {
            !criteria.same_department || place.department.as_deref() == search.department
        };
        let mut found: Vec<Nearby<'d>> = Vec::new();
        for entry in tree.nearest_neighbor_iter(search.from.unit_vector()) {
            let place = &directory.places[entry.data as usize];
            let Some(point) = place.point else { continue };
            let km = search.from.km_to(point);
            if km > MAX_KM || found.len() >= CANDIDATES.max(search.limit) {
                break;
            }
            // The open data holds the same place twice at times (two sources): once is enough.
            let duplicate = found
                .iter()
                .any(|n| n.place.name == place.name && n.place.address == place.address);
            if in_department(place) && !duplicate {
                found.push(Nearby { place, km });
            }
        }
        for id in search.listed {
            if let Some(place) = directory.get(id)
                && let Some(point) = place.point
                && !found.iter().any(|nearby| nearby.place.id == place.id)
            {
                let km = search.from.km_to(point);
                if km <= MAX_KM {
                    found.push(Nearby { place, km });
                }
            }
        }
        found.sort_by(|a, b| a.km.total_cmp(&b.km));
        if criteria.theme_service_first
            && let Some(service) = search.theme_service
        {
            // Stable: distance order is kept within each group.
            found.sort_by_key(|nearby| !nearby.place.has(ListField::Services, service));
        }
        found.truncate(search.limit);
        found
    }
}

/// Whether a place meets every condition of one of the matches.
pub fn fits(matches: &[PlaceMatch], place: &Place) -> bool {
    matches
        .iter()
        .any(|m| m.conditions.iter().all(|condition| holds(condition, place)))
}

fn holds(condition: &FieldCondition, place: &Place) -> bool {
    let values = place.list(condition.field);
    (condition.or_empty && values.is_empty()) || values.iter().any(|v| condition.values.contains(v))
}
