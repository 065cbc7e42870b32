//! The shipped policy, exhaustively: for every combination of answers and for a
//! territory with a Pass Numérique (near=16000) and one without (near=75011), the API
//! gives the referral of the DESIGN.md policy, and asks no question whose answer
//! cannot change it.
//!
//! The oracle below is the DESIGN.md table written again, independently of the engine.

use serde_json::{Map, Value, json};

use crate::helpers::TestApp;

const THEMES: [&str; 13] = [
    "caf",
    "emploi",
    "ecole",
    "sante",
    "impots",
    "identite",
    "retraite",
    "logement",
    "compte",
    "apprendre",
    "equipement",
    "acces",
    "arnaque",
];
const FACTS: [(&str, &[&str]); 5] = [
    ("need", &["demarche", "dossier"]),
    ("autonomy", &["alone", "learn", "for_me"]),
    ("device", &["none", "smartphone", "computer"]),
    ("internet", &["yes", "no"]),
    ("pass_public", &["yes", "no"]),
];

type Combo = [&'static str; 6];

/// DESIGN.md section 4, as written there.
fn oracle(c: &Combo, has_pass: bool) -> &'static str {
    let [theme, need, autonomy, device, internet, pass] = *c;
    let pass = has_pass && pass == "yes";
    match () {
        _ if theme == "arnaque" => "cybermalveillance",
        _ if theme == "equipement" => "equipement",
        _ if theme == "acces"
            && (device == "smartphone" || device == "computer")
            && internet == "no" =>
        {
            "wifi"
        }
        _ if theme == "acces" => "libre_service",
        _ if theme == "apprendre" && pass => "pass_numerique",
        _ if theme == "apprendre" => "mediation",
        _ if ["caf", "emploi", "sante", "impots", "identite", "retraite"].contains(&theme)
            && need == "dossier" =>
        {
            "france_services"
        }
        _ if autonomy == "for_me" => "aidants_connect",
        _ if autonomy == "learn" && pass => "pass_numerique",
        _ if autonomy == "learn" => "mediation",
        _ if autonomy == "alone" && device == "none" => "libre_service",
        _ if autonomy == "alone" && internet == "no" => "wifi",
        _ => "solidarite_numerique",
    }
}

fn combos() -> Vec<Combo> {
    let mut all = Vec::new();
    for theme in THEMES {
        for need in FACTS[0].1 {
            for autonomy in FACTS[1].1 {
                for device in FACTS[2].1 {
                    for internet in FACTS[3].1 {
                        for pass in FACTS[4].1 {
                            all.push([theme, need, autonomy, device, internet, pass]);
                        }
                    }
                }
            }
        }
    }
    all
}

fn slot(fact: &str) -> usize {
    match fact {
        "theme" => 0,
        other => {
            1 + FACTS
                .iter()
                .position(|(id, _)| *id == other)
                .unwrap_or_else(|| panic!("unknown fact {other}"))
        }
    }
}

fn values(slot: usize) -> &'static [&'static str] {
    if slot == 0 {
        &THEMES
    } else {
        FACTS[slot - 1].1
    }
}

/// Whether, knowing `known` (slots set to Some), some completion makes the answer to
/// `asked` change the referral.
fn matters(known: &[Option<&'static str>; 6], asked: usize, has_pass: bool) -> bool {
    combos().iter().any(|combo| {
        let consistent = known
            .iter()
            .zip(combo)
            .enumerate()
            .all(|(i, (k, v))| i == asked || k.is_none_or(|k| k == *v));
        consistent && {
            let first = oracle(combo, has_pass);
            values(asked).iter().any(|value| {
                let mut other = *combo;
                other[asked] = value;
                oracle(&other, has_pass) != first
            })
        }
    })
}

#[tokio::test]
async fn every_combination_gets_the_design_referral_asking_only_what_matters() {
    let app = TestApp::new();
    let mut checked = 0;
    for (near, has_pass) in [("16000", true), ("75011", false)] {
        let mut seen_questions = std::collections::HashSet::new();
        for combo in combos() {
            let mut answers = Map::new();
            let mut known: [Option<&'static str>; 6] = [None; 6];
            let kind = loop {
                let body = json!({"answers": answers, "near": near});
                let response = app
                    .post_json("/api/v1/triage", &body.to_string())
                    .await
                    .json();
                match response["status"].as_str() {
                    Some("referral") => {
                        break response["referral"]["kind"]
                            .as_str()
                            .unwrap_or("")
                            .to_owned();
                    }
                    Some("question") => {
                        let id = response["question"]["id"].as_str().unwrap_or("").to_owned();
                        let asked = slot(&id);
                        assert!(known[asked].is_none(), "{id} asked twice for {combo:?}");
                        // Checking "does it matter" once per situation keeps the test quick.
                        if seen_questions.insert((known, asked)) {
                            assert!(
                                matters(&known, asked, has_pass),
                                "near={near}: `{id}` asked after {known:?} but cannot change the referral"
                            );
                        }
                        known[asked] = Some(combo[asked]);
                        answers.insert(id, Value::from(combo[asked]));
                    }
                    _ => panic!("unexpected response {response}"),
                }
            };
            assert_eq!(
                kind,
                oracle(&combo, has_pass),
                "near={near}, answers {combo:?}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 2 * 13 * 2 * 3 * 3 * 2 * 2);
}
