//! `POST /api/v1/triage`: the shape of its answers and of its errors.

use axum::body::Body;
use axum::http::{Request, header};
use serde_json::json;

use crate::helpers::TestApp;

#[tokio::test]
async fn with_no_answer_the_first_question_is_the_theme() {
    let app = TestApp::new();
    let response = app.post_json("/api/v1/triage", "{}").await;
    assert_eq!(response.status, 200);
    let body = response.json();
    assert_eq!(body["status"], "question");
    assert_eq!(body["question"]["id"], "theme");
    assert_eq!(body["question"]["text"], "Pour quoi venez-vous ?");
    assert_eq!(
        body["question"]["choices"].as_array().map(Vec::len),
        Some(13)
    );
    assert_eq!(
        body["question"]["choices"][0],
        json!({"value": "caf", "label": "CAF et allocations"})
    );
}

#[tokio::test]
async fn a_referral_has_its_kind_title_reasons_bring_also_and_places() {
    let app = TestApp::new();
    let body = app
        .post_json(
            "/api/v1/triage",
            r#"{"answers": {"theme": "caf", "need": "dossier"}, "near": "16000", "lang": "fr"}"#,
        )
        .await
        .json();
    assert_eq!(body["status"], "referral");
    let referral = &body["referral"];
    assert_eq!(referral["kind"], "france_services");
    assert_eq!(referral["title"], "Allez dans une France Services");
    assert_eq!(
        referral["why"],
        json!([
            "Vous venez pour la CAF ou vos allocations.",
            "Vous avez un problème avec votre dossier.",
            "Un agent France Services peut contacter l'organisme pour débloquer votre dossier."
        ])
    );
    assert!(referral["bring"].as_array().is_some_and(|bring| {
        bring
            .iter()
            .any(|b| b.as_str().is_some_and(|b| b.contains("numéro allocataire")))
    }));
    assert_eq!(referral["also"][0]["kind"], "solidarite_numerique");
    assert!(referral["places"].is_array());
}

#[tokio::test]
async fn the_territory_words_the_pass_question() {
    let app = TestApp::new();
    let body = app
        .post_json(
            "/api/v1/triage",
            r#"{"answers": {"theme": "apprendre"}, "near": "17000"}"#,
        )
        .await
        .json();
    assert_eq!(body["question"]["id"], "pass_public");
    assert!(
        body["question"]["text"]
            .as_str()
            .is_some_and(|text| text.contains("Délégation Territoriale"))
    );
}

#[tokio::test]
async fn without_near_the_place_is_asked_only_when_it_matters() {
    let app = TestApp::new();
    let body = app
        .post_json("/api/v1/triage", r#"{"answers": {"theme": "apprendre"}}"#)
        .await
        .json();
    assert_eq!(body["question"]["id"], "near");
    assert_eq!(body["question"]["choices"], json!([]));
    let body = app
        .post_json(
            "/api/v1/triage",
            r#"{"answers": {"theme": "caf", "need": "dossier"}}"#,
        )
        .await
        .json();
    assert_eq!(body["referral"]["kind"], "france_services");
}

#[tokio::test]
async fn unknown_facts_and_values_name_the_field_and_the_allowed_values() {
    let app = TestApp::new();
    let response = app
        .post_json(
            "/api/v1/triage",
            r#"{"answers": {"theme": "caf", "device": "minitel"}}"#,
        )
        .await;
    assert_eq!(response.status, 422);
    let body = response.json();
    assert_eq!(body["field"], "answers.device");
    assert_eq!(body["allowed"], json!(["none", "smartphone", "computer"]));
    assert!(
        body["error"]
            .as_str()
            .is_some_and(|e| e.contains("minitel"))
    );

    let body = app
        .post_json("/api/v1/triage", r#"{"answers": {"colour": "blue"}}"#)
        .await
        .json();
    assert_eq!(body["field"], "answers.colour");
    assert_eq!(body["allowed"][0], "theme");

    let body = app
        .post_json("/api/v1/triage", r#"{"answers": {"theme": 3}}"#)
        .await
        .json();
    assert_eq!(body["field"], "answers.theme");
    assert_eq!(body["allowed"].as_array().map(Vec::len), Some(13));

    let body = app
        .post_json("/api/v1/triage", r#"{"answers": {}, "lang": "xx"}"#)
        .await
        .json();
    assert_eq!(
        (body["field"].as_str(), body["allowed"][0].as_str()),
        (Some("lang"), Some("fr"))
    );

    let body = app
        .post_json("/api/v1/triage", r#"{"answer": {}}"#)
        .await
        .json();
    assert_eq!(body["field"], "answer");
    assert_eq!(body["allowed"], json!(["answers", "near", "lang"]));
}

#[tokio::test]
async fn an_unknown_place_is_a_422_naming_near() {
    let app = TestApp::new();
    let response = app
        .post_json(
            "/api/v1/triage",
            r#"{"answers": {"theme": "apprendre"}, "near": "00000"}"#,
        )
        .await;
    assert_eq!(response.status, 422);
    assert_eq!(response.json()["field"], "near");
}

#[tokio::test]
async fn malformed_bodies_get_4xx_json_errors() {
    let app = TestApp::new();
    for (body, status) in [
        ("{\"answers\": ", 400),
        ("not json", 400),
        ("[]", 422),
        ("null", 422),
        ("\"caf\"", 422),
        (r#"{"answers": []}"#, 422),
        (r#"{"near": 16000}"#, 422),
        ("\u{feff}{}", 400),
    ] {
        let response = app.post_json("/api/v1/triage", body).await;
        assert_eq!(response.status, status, "{body:?}: {}", response.body);
        assert!(response.json()["error"].is_string(), "{body:?}");
    }
}

#[tokio::test]
async fn a_wrong_content_type_is_415_and_an_oversized_body_is_413() {
    let app = TestApp::new();
    let request = Request::post("/api/v1/triage")
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from("{}"))
        .expect("request");
    let response = app.request(request).await;
    assert_eq!(response.status, 415);
    assert!(response.json()["error"].is_string());

    let request = Request::post("/api/v1/triage")
        .body(Body::from("{}"))
        .expect("request");
    assert_eq!(app.request(request).await.status, 415);

    let huge = format!(r#"{{"near": "{}"}}"#, "x".repeat(100_000));
    let response = app.post_json("/api/v1/triage", &huge).await;
    assert_eq!(response.status, 413);
    assert!(response.json()["error"].is_string());
}

#[tokio::test]
async fn the_api_accepts_json_with_a_charset() {
    let app = TestApp::new();
    let request = Request::post("/api/v1/triage")
        .header(header::CONTENT_TYPE, "application/json; charset=utf-8")
        .body(Body::from(r#"{"answers": {"theme": "arnaque"}}"#))
        .expect("request");
    let response = app.request(request).await;
    assert_eq!(response.json()["referral"]["kind"], "cybermalveillance");
}

#[tokio::test]
async fn other_methods_are_refused_without_a_server_error() {
    let app = TestApp::new();
    let response = app.get("/api/v1/triage").await;
    assert_eq!(response.status, 405);
}
