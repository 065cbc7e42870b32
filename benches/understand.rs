//! How long understanding one resident's text takes: with the shipped vocabulary, and
//! with one ten times larger (the shipped one and nine variants of each of its phrases),
//! to see how the cost grows as coordinators add words.
//!
//!     cargo bench --bench understand

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

use aiguillage::lang::Lang;
use aiguillage::rules::{Entry, Rules};
use aiguillage::understand::Understander;

/// A typical text: SMS spellings, a typo, a phrase, a negation and a fact.
const TEXT: &str = "bonjour jarive pa a me conecter sur le site de la caf pour ma declaration \
                    trimestrielle du rsa, jai pas d ordinateur que mon telephone";

fn shipped() -> Rules {
    Rules::load(None).expect("the shipped rules load").0
}

/// Nine variants of each entry: every word of its phrases with a suffix ("caf" → "cafb").
fn variants(entries: &[Entry]) -> Vec<Entry> {
    (b'b'..=b'j')
        .flat_map(|suffix| {
            let suffix = char::from(suffix);
            entries.iter().map(move |entry| {
                entry
                    .iter()
                    .map(|phrase| {
                        phrase
                            .split(' ')
                            .map(|word| format!("{word}{suffix}"))
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .collect()
            })
        })
        .collect()
}

fn ten_times_larger() -> Rules {
    let mut rules = shipped();
    for theme in &mut rules.themes {
        let vocabulary = &mut theme.vocabulary;
        for list in [
            &mut vocabulary.strong,
            &mut vocabulary.words,
            &mut vocabulary.hints,
        ] {
            let more = variants(list);
            list.extend(more);
        }
    }
    rules
}

fn understand(c: &mut Criterion) {
    let rules = shipped();
    let understander = Understander::new(&rules);
    let large_rules = ten_times_larger();
    let large = Understander::new(&large_rules);
    assert!(large.vocabulary_size() >= 8 * understander.vocabulary_size());
    assert_eq!(
        understander.understand(TEXT, Lang::Fr).theme,
        large.understand(TEXT, Lang::Fr).theme
    );

    c.bench_function("understand one text, shipped vocabulary", |b| {
        b.iter(|| understander.understand(black_box(TEXT), Lang::Fr))
    });
    c.bench_function("understand one text, vocabulary 10x larger", |b| {
        b.iter(|| large.understand(black_box(TEXT), Lang::Fr))
    });
    c.bench_function("compile the shipped vocabulary", |b| {
        b.iter(|| Understander::new(black_box(&rules)))
    });
}

criterion_group!(benches, understand);
criterion_main!(benches);
