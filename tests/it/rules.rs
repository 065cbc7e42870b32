//! The rule files: the shipped ones are clean, and broken ones are reported with file,
//! line and fix. Each broken case is the shipped rules with one edit, its diagnostics
//! snapshotted (tests/it/snapshots/).

use std::path::{Path, PathBuf};

use aiguillage::rules::{RuleFiles, validate};

fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")
}

#[test]
fn the_shipped_rules_have_no_diagnostic_and_their_scenarios_pass() {
    let (rules, diagnostics) = validate::check(&RuleFiles::embedded());
    let rendered: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    assert!(diagnostics.is_empty(), "{}", rendered.join("\n"));
    let rules = rules.expect("the shipped rules load");
    assert_eq!(rules.themes.len(), 13);
    assert!(rules.scenarios.len() >= 20);
    for scenario in &rules.scenarios {
        assert_eq!(scenario.run(&rules), Ok(()), "{}", scenario.name);
    }
}

#[test]
fn the_scenarios_cover_every_row_of_the_policy_and_both_territories() {
    let (rules, _) = validate::check(&RuleFiles::embedded());
    let rules = rules.expect("the shipped rules load");
    let mut covered = vec![false; rules.policy.len()];
    for scenario in &rules.scenarios {
        let territory = scenario
            .department
            .as_deref()
            .and_then(|d| rules.territory(d));
        let place = match &scenario.department {
            Some(_) => rules.programmes_of(territory),
            None => aiguillage::rules::Programmes::UNKNOWN,
        };
        if let aiguillage::rules::Step::Refer(rule) = rules.walk(&scenario.answers, place).step {
            covered[rule.index()] = true;
        }
    }
    let missing: Vec<&str> = rules
        .policy
        .iter()
        .zip(&covered)
        .filter(|(_, c)| !**c)
        .map(|(rule, _)| rule.origin.as_str())
        .collect();
    assert!(missing.is_empty(), "rules without a scenario: {missing:?}");
    for department in ["16", "17"] {
        assert!(
            rules
                .scenarios
                .iter()
                .any(|s| s.department.as_deref() == Some(department)),
            "no scenario in {department}"
        );
    }
}

/// Copies the shipped rules into a temporary folder and applies `edits`
/// (file, text to find, replacement), then checks them.
fn check_edited(edits: &[(&str, &str, &str)]) -> (bool, String) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    copy_dir(&rules_dir(), dir.path());
    for (file, find, replace) in edits {
        let path = dir.path().join(file);
        let text = std::fs::read_to_string(&path).expect("a rule file");
        assert!(text.contains(find), "{file} does not contain {find:?}");
        std::fs::write(&path, text.replacen(find, replace, 1)).expect("written");
    }
    let files = RuleFiles::from_dir(dir.path()).expect("readable");
    let (rules, diagnostics) = validate::check(&files);
    let prefix = dir.path().display().to_string();
    let report = diagnostics
        .iter()
        .map(|d| d.to_string().replace(&prefix, "rules"))
        .collect::<Vec<_>>()
        .join("\n");
    (rules.is_some(), report)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("created");
    for entry in std::fs::read_dir(from).expect("readable") {
        let path = entry.expect("an entry").path();
        let target = to.join(path.file_name().expect("a name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copied");
        }
    }
}

macro_rules! broken {
    ($name:ident, $edits:expr) => {
        #[test]
        fn $name() {
            let (usable, report) = check_edited($edits);
            assert!(!usable, "broken rules must be refused");
            insta::assert_snapshot!(report);
        }
    };
}

broken!(
    a_misspelt_key_is_reported_with_the_right_key,
    &[(
        "themes.toml",
        "label = {\n    fr = \"Impôts\"",
        "lable = {\n    fr = \"Impôts\""
    )]
);
broken!(
    unknown_facts_values_and_kinds_are_reported_with_the_closest_names,
    &[
        (
            "policy.toml",
            "when = { autonomy = \"for_me\" }",
            "when = { autonomie = \"for_me\" }"
        ),
        (
            "policy.toml",
            "internet = \"no\" }\nrefer = \"wifi\"",
            "internet = \"non\" }\nrefer = \"wifi\""
        ),
        (
            "policy.toml",
            "refer = \"mediation\"",
            "refer = \"mediaton\""
        ),
        (
            "themes.toml",
            "\nunless = { autonomy = \"for_me\" }",
            "\nunless = { autonomy = \"for me\" }"
        ),
        (
            "themes.toml",
            "\nfirst_when = { autonomy = \"learn\" }",
            "\nfirst_when = { autonomy = \"learning\" }"
        ),
    ]
);
broken!(
    a_toml_syntax_error_points_at_its_line,
    &[("facts.toml", "id = \"need\"", "id = \"need")]
);
broken!(
    duplicate_ids_are_reported_with_the_first_definition,
    &[
        ("themes.toml", "id = \"emploi\"", "id = \"caf\""),
        ("facts.toml", "value = \"learn\"", "value = \"alone\"")
    ]
);
broken!(
    a_policy_that_leaves_answers_without_referral_is_refused,
    &[(
        "policy.toml",
        "when = { autonomy = \"alone\" }\nrefer = \"solidarite_numerique\"",
        "when = { autonomy = \"alone\", device = \"smartphone\" }\nrefer = \"solidarite_numerique\""
    )]
);
broken!(
    a_question_never_asked_is_reported,
    &[(
        "facts.toml",
        "[[fact]]\nid = \"internet\"",
        "[[fact]]\nid = \"wifi_at_home\"\ntopic = \"Wifi\"\nquestion = \"Avez-vous le wifi ?\"\n[[fact.choice]]\nvalue = \"yes\"\nlabel = \"Oui\"\nreason = \"Oui.\"\n[[fact.choice]]\nvalue = \"no\"\nlabel = \"Non\"\nreason = \"Non.\"\n\n[[fact]]\nid = \"internet\""
    )]
);
broken!(
    a_failing_scenario_says_what_happened_instead,
    &[(
        "tests/policy.toml",
        "asked = [\"theme\", \"device\"]\nrefer = \"libre_service\"",
        "asked = [\"theme\"]\nrefer = \"wifi\""
    )]
);
broken!(
    empty_texts_bad_urls_and_unknown_pictograms_are_reported,
    &[
        (
            "themes.toml",
            "    fr = \"Vous venez pour les impôts.\",",
            "    fr = \"\","
        ),
        (
            "themes.toml",
            "url = \"https://www.impots.gouv.fr\"",
            "url = \"impots.gouv.fr\""
        ),
        (
            "referrals.toml",
            "pictogram = \"wifi\"",
            "pictogram = \"wi-fi\""
        ),
    ]
);
broken!(
    a_programme_fact_used_without_its_programme_is_reported,
    &[(
        "policy.toml",
        "when = { autonomy = \"learn\", pass_public = \"yes\" }\nprogramme = \"pass_numerique\"",
        "when = { autonomy = \"learn\", pass_public = \"yes\" }"
    )]
);
broken!(
    a_misspelt_table_is_reported,
    &[("programmes.toml", "[[programme]]\nid", "[[programmes]]\nid")]
);

#[test]
fn the_shipped_directory_reports_its_known_defects_and_keeps_every_row() {
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/lieux-mediation-numerique.csv"),
    )
    .expect("the CSV");
    let import = aiguillage::directory::import::import(
        &bytes,
        aiguillage::directory::Format::Csv,
        aiguillage::directory::Communes::embedded(),
    )
    .expect("readable");
    assert_eq!(
        (import.rows, import.places.len(), import.rejected),
        (3657, 3657, 0)
    );
    let count = |field: &str, why: &str| {
        import
            .problems
            .iter()
            .filter(|p| p.field == field && p.why.contains(why))
            .count()
    };
    // The defects data/SOURCE.md lists.
    assert_eq!(count("date_maj", "placeholder"), 105);
    assert_eq!(count("latitude/longitude", "no coordinates"), 4);
    assert_eq!(count("presentation_resume", "280"), 12);
    // Every place can be found on a map.
    assert!(import.places.iter().all(|place| place.point.is_some()));
}

#[test]
fn a_v0_export_is_read_with_its_old_field_names() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/v0-bus-france-services-charente.json");
    let (directory, import) = aiguillage::directory::Directory::from_file(
        &path,
        aiguillage::directory::Communes::embedded(),
    )
    .expect("readable");
    assert!(import.old_fields);
    assert_eq!(directory.places.len(), 12);
    let place = &directory.places[0];
    use aiguillage::directory::schema::ListField;
    assert!(place.has(ListField::Programmes, "France Services"));
    assert!(place.has(ListField::Programmes, "Conseillers numériques"));
    assert!(place.has(ListField::OtherLabels, "APTIC (Pass numérique)"));
    assert!(place.has(ListField::Services, "Aide aux démarches administratives"));
    assert!(place.hours.is_some());
}
broken!(
    place_criteria_name_columns_and_values_of_the_standard,
    &[
        (
            "referrals.toml",
            "dispositif_programmes_nationaux = [\"Aidants Connect\"]",
            "dispositif_programme = [\"Aidants Connect\"]"
        ),
        (
            "referrals.toml",
            "dispositif_programmes_nationaux = [\"France Services\"]",
            "dispositif_programmes_nationaux = [\"France Service\"]"
        ),
        (
            "themes.toml",
            "service = \"Insertion professionnelle via le numérique\"",
            "service = \"Insertion pro\""
        ),
    ]
);
broken!(
    mistakes_in_residents_words_are_reported_with_file_line_and_fix,
    &[
        (
            "themes.toml",
            "\"caf\", \"caf.fr\"",
            "\"caf\", \"\", \"CAF\", \"de la\", \"suspect|\", \"à la rue\", \"prime de la|du rentrée|du mois\", \"tapez 1\", \"caf.fr\""
        ),
        (
            "facts.toml",
            "\"aucun appareil\", \"no device\",",
            "\"aucun appareil\", \"no device\", \"ai un ordi\","
        ),
        (
            "language.toml",
            "\npa = \"pas\"",
            "\npa = \"pas\"\n\"c est la\" = \"x\"\nmdr = \"!\""
        ),
        (
            "language.toml",
            "\"le\", \"la\",",
            "\"le\", \"pas\", \"la\","
        ),
        (
            "language.toml",
            "\"compte rendu\",",
            "\"compte rendu\", \"de la\", \"compte|\", \"compte rendu\","
        )
    ]
);
