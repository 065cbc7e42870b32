//! `GET /api/v1/understand`: a resident's own words as a theme and facts, its errors,
//! and understanding measured on the tuning set.

use std::path::{Path, PathBuf};

use serde_json::json;

use aiguillage::lang::Lang;
use aiguillage::rules::Rules;
use aiguillage::understand::Understander;
use aiguillage::understand::eval;

use crate::helpers::TestApp;

fn url(text: &str) -> String {
    let query: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("q", text)
        .finish();
    format!("/api/v1/understand?{query}")
}

#[tokio::test]
async fn a_text_comes_back_as_its_theme_confidence_candidates_and_facts() {
    let app = TestApp::new();
    let response = app
        .get(&url(
            "j'ai pas d'ordi, vous pouvez faire ma déclaration d'impôts à ma place ?",
        ))
        .await;
    assert_eq!(response.status, 200);
    assert_eq!(
        response.headers["content-type"], "application/json",
        "{}",
        response.body
    );
    let body = response.json();
    let keys: Vec<&String> = body.as_object().expect("an object").keys().collect();
    assert_eq!(keys, ["candidates", "confidence", "facts", "theme"]);
    assert_eq!(body["theme"], "impots");
    assert_eq!(
        body["facts"],
        json!({"device": "none", "autonomy": "for_me"})
    );
    let confidence = body["confidence"].as_f64().expect("a number");
    assert!((0.0..=1.0).contains(&confidence), "{body}");
    let candidates = body["candidates"].as_array().expect("a list");
    assert_eq!(candidates[0]["theme"], "impots");
    for candidate in candidates {
        let fields: Vec<&String> = candidate.as_object().expect("an object").keys().collect();
        assert_eq!(fields, ["score", "theme"]);
        assert!((0.0..=1.0).contains(&candidate["score"].as_f64().expect("a number")));
    }
}

#[tokio::test]
async fn an_out_of_scope_text_has_no_theme() {
    let app = TestApp::new();
    let body = app.get(&url("où sont les toilettes ?")).await.json();
    assert_eq!(body["theme"], serde_json::Value::Null);
    assert_eq!(body["facts"], json!({}));
    assert!(body["candidates"].is_array());
}

#[tokio::test]
async fn the_language_may_be_given() {
    let app = TestApp::new();
    let body = app
        .get("/api/v1/understand?q=carte%20vitale&lang=fr")
        .await
        .json();
    assert_eq!(body["theme"], "sante");
}

#[tokio::test]
async fn a_missing_or_blank_text_is_a_400_naming_q() {
    let app = TestApp::new();
    for uri in [
        "/api/v1/understand",
        "/api/v1/understand?lang=fr",
        "/api/v1/understand?q=",
        "/api/v1/understand?q=%20%20",
    ] {
        let response = app.get(uri).await;
        assert_eq!(response.status, 400, "{uri}");
        let body = response.json();
        assert_eq!(body["field"], "q", "{uri}");
        assert!(body["error"].as_str().is_some_and(|e| !e.is_empty()));
    }
}

#[tokio::test]
async fn a_text_longer_than_1000_characters_is_a_422_naming_q() {
    let app = TestApp::new();
    assert_eq!(app.get(&url(&"é".repeat(1000))).await.status, 200);
    let response = app.get(&url(&"é".repeat(1001))).await;
    assert_eq!(response.status, 422);
    assert_eq!(response.json()["field"], "q");
}

#[tokio::test]
async fn an_unknown_language_is_a_422_naming_lang_with_the_allowed_ones() {
    let app = TestApp::new();
    let response = app.get("/api/v1/understand?q=caf&lang=xx").await;
    assert_eq!(response.status, 422);
    let body = response.json();
    assert_eq!(body["field"], "lang");
    assert_eq!(body["allowed"], json!(Lang::codes()));
}

#[tokio::test]
async fn a_repeated_text_is_refused_rather_than_guessed() {
    let app = TestApp::new();
    let response = app.get("/api/v1/understand?q=caf&q=pronote").await;
    assert_eq!(response.status, 422);
    assert_eq!(response.json()["field"], "q");
}

#[tokio::test]
async fn any_text_gets_an_answer_never_a_500() {
    let app = TestApp::new();
    for text in ["😀", "\u{0}", "مرحبا", "%%%", "a&b=c", "\u{202e}caf"] {
        let response = app.get(&url(text)).await;
        assert_eq!(response.status, 200, "{text:?}: {}", response.body);
    }
    // Not percent-decodable as UTF-8: read leniently, still an answer.
    let response = app.get("/api/v1/understand?q=%FF%FEcaf").await;
    assert_eq!(response.status, 200, "{}", response.body);
}

fn tuning_set() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/understand/tune.tsv")
}

/// Floors under the figures of `cargo run --example eval` on the tuning set, so that a
/// change of the vocabulary or of the scoring that loses ground fails here.
#[test]
fn the_tuning_set_is_understood_above_its_floors() {
    let (rules, _) = Rules::load(None).expect("the shipped rules load");
    let understander = Understander::new(&rules);
    let text = std::fs::read_to_string(tuning_set()).expect("tune.tsv is readable");
    let examples = eval::parse(&text).expect("tune.tsv is well formed");
    assert!(examples.len() > 300);
    let report = eval::evaluate(&understander, &rules, &examples);
    let confusions: Vec<String> = report
        .confusions
        .iter()
        .map(|c| format!("{}: {} → {}  {}", c.line, c.expected, c.got, c.text))
        .collect();
    let summary = format!(
        "accuracy {:.3}, rejection {:.3}, facts precision {:.3} recall {:.3}\n{}",
        report.accuracy(),
        report.rejection(),
        report.fact_precision(),
        report.fact_recall(),
        confusions.join("\n")
    );
    assert!(report.accuracy() >= 0.95, "{summary}");
    assert!(report.rejection() >= 0.90, "{summary}");
    assert!(report.fact_precision() >= 0.75, "{summary}");
    assert!(report.fact_recall() >= 0.80, "{summary}");
    for (theme, (right, total)) in &report.per_theme {
        assert!(
            *right * 10 >= *total * 8,
            "{theme}: {right}/{total}\n{summary}"
        );
    }
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

fn edit(dir: &Path, file: &str, find: &str, replace: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).expect("a rule file");
    assert!(text.contains(find), "{file} does not contain {find:?}");
    std::fs::write(&path, text.replacen(find, replace, 1)).expect("written");
}

fn theme_of(dir: Option<&Path>, text: &str) -> Option<String> {
    let (rules, _) = Rules::load(dir).expect("the rules load");
    let understood = Understander::new(&rules).understand(text, Lang::Fr);
    understood.theme.map(|ix| rules.themes[ix].id.clone())
}

#[test]
fn a_phrase_added_to_elsewhere_hides_the_theme_word_without_recompiling() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    copy_dir(&rules, dir.path());
    let text = "la retraite de Russie de Napoléon";
    assert_eq!(
        theme_of(Some(dir.path()), text).as_deref(),
        Some("retraite")
    );
    edit(
        dir.path(),
        "language.toml",
        "elsewhere = [",
        "elsewhere = [\n    \"retraite de russie\",",
    );
    assert_eq!(theme_of(Some(dir.path()), text), None);
    assert_eq!(
        theme_of(Some(dir.path()), "ma retraite").as_deref(),
        Some("retraite")
    );
}

#[test]
fn a_word_added_to_a_rules_folder_is_understood_without_recompiling() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    copy_dir(&rules, dir.path());
    assert_eq!(theme_of(Some(dir.path()), "zorglub"), None);
    assert_eq!(theme_of(Some(dir.path()), "kaf"), None);

    edit(
        dir.path(),
        "themes.toml",
        "\"caf\", \"caf.fr\"",
        "\"caf\", \"zorglub\", \"caf.fr\"",
    );
    edit(
        dir.path(),
        "language.toml",
        "\npa = \"pas\"",
        "\npa = \"pas\"\nkaf = \"caf\"",
    );
    assert_eq!(
        theme_of(Some(dir.path()), "zorglub").as_deref(),
        Some("caf")
    );
    assert_eq!(theme_of(Some(dir.path()), "kaf").as_deref(), Some("caf"));
    assert_eq!(
        theme_of(None, "zorglub"),
        None,
        "the embedded rules are unchanged"
    );
}
