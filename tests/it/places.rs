//! The directory: the nearest fitting places on every referral, checked against the
//! shipped open data read independently here.

use std::collections::HashMap;

use serde_json::Value;

use crate::helpers::{TestApp, links};
use aiguillage::config::Config;

/// The shipped places by id: (department from postcode, programmes, lat, lon).
fn data() -> HashMap<String, csv::StringRecord> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/lieux-mediation-numerique.csv"
    );
    let mut reader = csv::Reader::from_path(path).expect("the shipped CSV");
    reader
        .records()
        .map(|r| r.expect("a row"))
        .map(|r| (r[0].to_owned(), r))
        .collect()
}

fn haversine(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, la2) = (a.0.to_radians(), b.0.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((b.1 - a.1).to_radians() / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

async fn referral(app: &TestApp, body: &str) -> Value {
    let response = app.post_json("/api/v1/triage", body).await;
    assert_eq!(response.status, 200, "{}", response.body);
    response.json()
}

#[tokio::test]
async fn near_angouleme_aidants_connect_lists_real_charente_places_nearest_first() {
    let app = TestApp::new();
    let body = referral(&app, r#"{"answers": {"theme": "impots", "need": "demarche", "autonomy": "for_me"}, "near": "16000"}"#).await;
    assert_eq!(body["referral"]["kind"], "aidants_connect");
    let places = body["referral"]["places"].as_array().expect("places");
    assert_eq!(places.len(), 5);
    let data = data();
    // Angoulême's point in data/communes.csv.
    let angouleme = (45.6458, 0.1450);
    let mut previous = 0.0;
    for place in places {
        let row = &data[place["id"].as_str().expect("an id")];
        assert!(row[25].contains("Aidants Connect"), "{}", &row[2]);
        assert!(row[4].starts_with("16"), "{}", &row[4]);
        let km = place["distance_km"].as_f64().expect("a distance");
        let expected = haversine(
            angouleme,
            (row[8].parse().expect("lat"), row[9].parse().expect("lon")),
        );
        assert!((km - expected).abs() < 1.0, "{km} vs {expected}");
        assert!(km >= previous, "nearest first");
        previous = km;
    }
}

#[tokio::test]
async fn near_la_rochelle_france_services_lists_charente_maritime_places_with_their_hours() {
    let app = TestApp::new();
    let body = referral(
        &app,
        r#"{"answers": {"theme": "caf", "need": "dossier"}, "near": "17000"}"#,
    )
    .await;
    assert_eq!(body["referral"]["kind"], "france_services");
    let places = body["referral"]["places"].as_array().expect("places");
    assert!(places.len() >= 3);
    let data = data();
    for place in places {
        let row = &data[place["id"].as_str().expect("an id")];
        assert!(row[25].contains("France Services"));
        assert!(row[4].starts_with("17"), "{}", &row[4]);
    }
}

#[tokio::test]
async fn open_now_is_computed_from_the_hours_at_the_time_of_the_request() {
    // France services de Cozes: "Mo 09:00-13:00; Tu-We 09:00-12:00,14:00-17:00; …".
    let app = TestApp::new();
    let body = referral(
        &app,
        r#"{"answers": {"theme": "caf", "need": "dossier"}, "near": "Cozes"}"#,
    )
    .await;
    let cozes = body["referral"]["places"]
        .as_array()
        .and_then(|places| places.iter().find(|p| p["id"] == "france-services-110"))
        .cloned()
        .expect("Cozes is near 17120");
    // Monday 10:30: open until 13:00.
    assert_eq!(cozes["open_now"], true);
    assert_eq!(cozes["next_change"], "2026-11-23T13:00");
    assert!(cozes["hours"].as_str().is_some_and(|h| {
        h.starts_with("lundi 23 : 9 h – 13 h ; mardi 24 : 9 h – 12 h, 14 h – 17 h")
    }));
    assert_eq!(
        cozes["phone"].as_str().map(|p| p.starts_with("+33")),
        Some(true)
    );
}

#[tokio::test]
async fn remote_referrals_have_no_places() {
    let app = TestApp::new();
    let body = referral(&app, r#"{"answers": {"theme": "emploi", "need": "demarche", "autonomy": "alone", "device": "smartphone", "internet": "yes"}, "near": "16000"}"#).await;
    assert_eq!(body["referral"]["places"], serde_json::json!([]));
}

#[tokio::test]
async fn a_postcode_with_several_communes_asks_which_one() {
    let app = TestApp::new();
    let page = app
        .get("/orientation?theme=caf&need=dossier&near=16300")
        .await;
    assert_eq!(page.status, 200);
    page.assert_contains("Plusieurs communes correspondent");
    page.assert_contains("Barbezieux-Saint-Hilaire (16300)");
    let barbezieux = links(&page.body)
        .into_iter()
        .find(|l| l.contains("Barbezieux"))
        .expect("a link");
    let page = app.get(&barbezieux).await;
    page.assert_contains("Près de Barbezieux-Saint-Hilaire (16300)");
    page.assert_contains("href=\"tel:");

    let body = referral(
        &app,
        r#"{"answers": {"theme": "caf", "need": "dossier"}, "near": "16300"}"#,
    )
    .await;
    assert_eq!(body["question"]["id"], "near");
    assert!(
        body["question"]["choices"]
            .as_array()
            .is_some_and(|c| c.len() > 5)
    );
}

#[tokio::test]
async fn an_unknown_postcode_on_the_referral_page_gets_a_clear_message() {
    let app = TestApp::new();
    let page = app
        .get("/orientation?theme=caf&need=dossier&near=99999")
        .await;
    assert_eq!(page.status, 200);
    page.assert_contains("Nous ne trouvons pas « 99999 »");
    page.assert_contains("Allez dans une France Services");
}

#[tokio::test]
async fn without_a_place_the_referral_page_asks_for_one() {
    let app = TestApp::new();
    let page = app.get("/orientation?theme=caf&need=dossier").await;
    page.assert_contains("Votre code postal ou votre commune");
    page.assert_contains("<input type=\"hidden\" name=\"theme\" value=\"caf\">");
}

#[tokio::test]
async fn a_kiosk_with_its_own_place_lists_places_without_typing() {
    let app = TestApp::with_config(Config {
        here: Some("16300".to_owned()),
        ..Config::default()
    });
    let page = app.get("/orientation?theme=caf&need=dossier").await;
    page.assert_contains("Près de 16300");
    page.assert_contains("href=\"tel:");
    // The kiosk's place also decides the territory: Charente runs a Pass Numérique.
    let question = app.get("/question?theme=apprendre").await;
    question.assert_contains("Touchez-vous le RSA");
}

#[tokio::test]
async fn a_wrong_kiosk_place_stops_the_server_from_starting() {
    let config = Config {
        here: Some("nulle part".to_owned()),
        ..Config::default()
    };
    assert!(aiguillage::app::App::build(&config).is_err());
}

#[tokio::test]
async fn mediators_offering_the_theme_service_come_first() {
    let app = TestApp::new();
    let body = referral(&app, r#"{"answers": {"theme": "emploi", "need": "demarche", "autonomy": "learn", "pass_public": "no"}, "near": "16000"}"#).await;
    assert_eq!(body["referral"]["kind"], "mediation");
    let data = data();
    let offers: Vec<bool> = body["referral"]["places"]
        .as_array()
        .expect("places")
        .iter()
        .map(|p| {
            data[p["id"].as_str().expect("id")][21]
                .contains("Insertion professionnelle via le numérique")
        })
        .collect();
    assert!(offers.first() == Some(&true), "{offers:?}");
    assert!(
        offers.windows(2).all(|w| w[0] || !w[1]),
        "the theme's service first: {offers:?}"
    );
}

#[tokio::test]
async fn the_pass_numerique_shows_aptic_places_of_the_departement_or_mediators_to_ask() {
    let app = TestApp::new();
    let charente = app
        .get("/orientation?theme=apprendre&pass_public=yes&near=16000")
        .await;
    charente.assert_contains("Les lieux près de chez vous");
    assert!(!charente.body.contains("demandez-leur s'ils acceptent"));
    let maritime = app
        .get("/orientation?theme=apprendre&pass_public=yes&near=17000")
        .await;
    // No place takes the Pass there, nor any mediator within reach: no false promise.
    assert!(!maritime.body.contains("demandez-leur"));
    maritime.assert_contains("Nous ne connaissons pas de lieu qui convient");
}

#[tokio::test]
async fn a_scam_victim_is_shown_mediators_near_when_no_place_lists_the_security_service() {
    let app = TestApp::new();
    let page = app.get("/orientation?theme=arnaque&near=16000").await;
    page.assert_contains("Nous ne connaissons pas d'atelier sur la sécurité");
    assert!(
        page.body.matches("class=\"place").count() >= 3,
        "{}",
        page.main_text()
    );
    let api = app
        .post_json(
            "/api/v1/triage",
            r#"{"answers":{"theme":"arnaque"},"near":"16000"}"#,
        )
        .await
        .json();
    assert!(
        api["referral"]["places"]
            .as_array()
            .is_some_and(|places| places.len() >= 3),
        "{api}"
    );
}

#[tokio::test]
async fn a_place_page_shows_the_week_hours_and_an_unknown_place_is_404() {
    let app = TestApp::new();
    let page = app.get("/lieux/france-services-110").await;
    assert_eq!(page.status, 200);
    page.assert_contains("France services de Cozes");
    page.assert_contains("Horaires des 7 prochains jours");
    page.assert_contains("Ouvert maintenant · ferme à 13 h");
    assert_eq!(app.get("/lieux/nulle-part").await.status, 404);
}

#[tokio::test]
async fn the_directory_search_lists_places_of_a_kind_near_a_commune() {
    let app = TestApp::new();
    let page = app
        .get("/annuaire?near=Angoul%C3%AAme&kind=aidants_connect")
        .await;
    assert_eq!(page.status, 200);
    page.assert_contains("Près de Angoulême (16000)");
    assert!(
        links(&page.body)
            .iter()
            .filter(|l| l.starts_with("/lieux/"))
            .count()
            >= 5
    );
    let empty = app.get("/annuaire").await;
    assert_eq!(empty.status, 200);
    empty.assert_contains("Trouver un lieu");
}

#[tokio::test]
async fn the_about_page_credits_the_open_data_with_its_date() {
    let app = TestApp::new();
    let page = app.get("/a-propos").await;
    page.assert_contains("Licence Ouverte 2.0");
    page.assert_contains("01/08/2024");
    page.assert_contains("3657 lieux");
}
