//! The directory's speed: the nearest fitting places over the whole shipped directory
//! (target ≤ 50 µs), and loading the directory at start-up (target ≤ 300 ms).
//!
//! Run with `cargo bench --bench directory`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

use aiguillage::directory::find::{SHOWN, Search};
use aiguillage::directory::{Communes, Directory, Finder, Format, Point, import};
use aiguillage::rules::{RuleFiles, Rules, validate};

const CSV: &[u8] = include_bytes!("../data/lieux-mediation-numerique.csv");

fn rules() -> Rules {
    validate::check(&RuleFiles::embedded())
        .0
        .expect("the shipped rules")
}

fn kind(rules: &Rules, id: &str) -> aiguillage::rules::KindIx {
    (0..rules.referrals.len())
        .map(aiguillage::rules::KindIx::from_index)
        .find(|kind| rules.referral(*kind).kind == id)
        .expect("a referral kind")
}

fn nearest(c: &mut Criterion) {
    let rules = rules();
    let communes = Communes::embedded();
    let (directory, _) = Directory::embedded(communes);
    let finder = Finder::build(&rules, &directory);
    let angouleme = Point::new(45.6458, 0.1450).expect("a point");
    let la_rochelle = Point::new(46.1621, -1.1765).expect("a point");
    let paris = Point::new(48.8566, 2.3522).expect("a point");
    let cases = [
        (
            "aidants_connect near Angoulême",
            "aidants_connect",
            angouleme,
            Some("Insertion professionnelle via le numérique"),
        ),
        (
            "france_services near La Rochelle",
            "france_services",
            la_rochelle,
            None,
        ),
        (
            "mediation near Angoulême, theme first",
            "mediation",
            angouleme,
            Some("Insertion professionnelle via le numérique"),
        ),
        (
            "aidants_connect near Paris (none within reach)",
            "aidants_connect",
            paris,
            None,
        ),
    ];
    for (name, id, from, theme_service) in cases {
        let kind = kind(&rules, id);
        c.bench_function(&format!("nearest places: {name}"), |b| {
            b.iter(|| {
                let search = Search {
                    kind,
                    from,
                    department: Some("16"),
                    theme_service,
                    listed: &[],
                    limit: SHOWN,
                };
                black_box(
                    finder
                        .find(&rules, &directory, black_box(search))
                        .places
                        .len(),
                )
            })
        });
    }
}

fn loading(c: &mut Criterion) {
    let communes = Communes::embedded();
    let rules = rules();
    let mut group = c.benchmark_group("loading");
    group.sample_size(10);
    group.bench_function(
        "import the shipped directory (3 657 places, hours parsed)",
        |b| {
            b.iter(|| {
                black_box(
                    import::import(black_box(CSV), Format::Csv, communes).map(|i| i.places.len()),
                )
            })
        },
    );
    let (directory, _) = Directory::embedded(communes);
    group.bench_function("build the spatial indexes of every referral kind", |b| {
        b.iter(|| black_box(Finder::build(&rules, &directory)))
    });
    group.bench_function("load and check the embedded rules", |b| {
        b.iter(|| black_box(rules_len()))
    });
    group.finish();
}

fn rules_len() -> usize {
    validate::check(&RuleFiles::embedded())
        .0
        .map_or(0, |rules| rules.policy.len())
}

criterion_group!(benches, nearest, loading);
criterion_main!(benches);
