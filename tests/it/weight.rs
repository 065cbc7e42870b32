//! The page weight budget: what a phone on a slow connection downloads for one page
//! with an empty cache — the page, its stylesheet, its icon and its (optional)
//! script, compressed as a browser asks for them — stays under 30 KB.

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::helpers::TestApp;

/// The budget of issue "Proof under load", in bytes (30 KB, counted as 30,000).
const BUDGET: usize = 30_000;

/// What Chromium and Firefox send.
const ACCEPT_ENCODING: &str = "gzip, deflate, br, zstd";

/// One page of each kind, the heaviest variants included (every referral kind with
/// its places, the longest languages, the kiosk, reception with a referral).
const PAGES: &[&str] = &[
    "/",
    "/question?theme=caf",
    "/question?theme=acces&device=smartphone",
    "/question?theme=apprendre",
    "/question?theme=apprendre&near=Saint-Martin",
    "/recapitulatif?theme=impots&need=demarche&autonomy=learn&near=16000&pass_public=yes",
    "/orientation?theme=arnaque&near=16000",
    "/orientation?theme=equipement&near=16000",
    "/orientation?theme=acces&device=smartphone&internet=no&near=16000",
    "/orientation?theme=acces&device=none&near=17000",
    "/orientation?theme=apprendre&near=16000&pass_public=yes",
    "/orientation?theme=apprendre&near=75011",
    "/orientation?theme=caf&need=dossier&near=16300",
    "/orientation?theme=caf&need=dossier&near=99999",
    "/orientation?theme=ecole&autonomy=for_me&near=16000",
    "/orientation?theme=emploi&need=demarche&autonomy=alone&device=smartphone&internet=yes",
    "/lieux/france-services-110",
    "/annuaire?near=16300&kind=mediation",
    "/a-propos",
    "/chat?choisir=incompris",
    "/chat?theme=caf&need=dossier&near=16000",
    "/accueil?theme=caf&need=dossier&near=16000",
    "/toujours-la?theme=caf&retour=%2Fquestion",
    "/nulle-part",
];

/// The heaviest languages (longest words, another script) and the modes.
const VARIANTS: &[&str] = &[
    "lang=fr",
    "lang=falc",
    "lang=ar",
    "lang=uk",
    "lang=prs",
    "borne=1",
    "texte=grand&contraste=fort",
];

#[tokio::test]
async fn every_page_with_its_stylesheet_icon_and_script_weighs_less_than_30_kb() {
    let app = TestApp::new();
    let mut heaviest = (0, String::new());
    for page in PAGES {
        for variant in VARIANTS {
            let separator = if page.contains('?') { '&' } else { '?' };
            let uri = format!("{page}{separator}{variant}");
            let (weight, resources) = transferred(&app, &uri).await;
            let mut total = weight;
            for resource in &resources {
                let (size, _) = transferred(&app, resource).await;
                total += size;
            }
            assert!(
                total <= BUDGET,
                "{uri} weighs {total} bytes with {resources:?} (budget {BUDGET})"
            );
            if total > heaviest.0 {
                heaviest = (total, uri);
            }
        }
    }
    // Shown with `cargo test -- --nocapture`: the margin left.
    eprintln!("heaviest page: {} ({} bytes)", heaviest.1, heaviest.0);
}

/// The bytes `uri` costs on the wire (body as compressed; headers not counted), and
/// the files of this site it loads.
async fn transferred(app: &TestApp, uri: &str) -> (usize, BTreeSet<String>) {
    let request = Request::get(uri)
        .header(header::ACCEPT_ENCODING, ACCEPT_ENCODING)
        .body(Body::empty())
        .expect("a valid request");
    let (status, headers, bytes) = app.request_bytes(request).await;
    assert!(
        status == StatusCode::OK || status == StatusCode::NOT_FOUND,
        "{uri}: {status}"
    );
    let encoding = headers
        .get(header::CONTENT_ENCODING)
        .and_then(|value| value.to_str().ok());
    assert!(
        encoding.is_some() || bytes.len() < 1000,
        "{uri} travels uncompressed ({} bytes)",
        bytes.len()
    );
    if uri.starts_with("/static/") {
        return (bytes.len(), BTreeSet::new());
    }
    // The resources a page loads are named in its HTML; read it decompressed.
    let request = Request::get(uri)
        .body(Body::empty())
        .expect("a valid request");
    let (_, _, plain) = app.request_bytes(request).await;
    let html = String::from_utf8_lossy(&plain);
    let resources = ["href=\"/static/", "src=\"/static/"]
        .iter()
        .flat_map(|attribute| html.split(attribute).skip(1))
        .filter_map(|rest| rest.split('"').next())
        .map(|name| format!("/static/{name}"))
        .collect();
    (bytes.len(), resources)
}

#[tokio::test]
async fn no_page_needs_javascript_or_a_web_font() {
    let app = TestApp::new();
    for page in PAGES {
        let response = app.get(page).await;
        let html = &response.body;
        // The one script is the optional print button, loaded from this site.
        for script in html.split("<script").skip(1) {
            let tag = script.split('>').next().unwrap_or_default();
            assert!(
                tag.contains("src=\"/static/print.") && tag.contains("defer"),
                "{page}: unexpected script <script{tag}>"
            );
            assert!(
                script.starts_with(&format!("{tag}></script>")),
                "{page}: inline script"
            );
        }
        assert!(!html.contains(" onclick="), "{page}: inline event handler");
        // Every form and every link works with a plain request.
        assert!(!html.contains("href=\"javascript:"), "{page}");
    }
    let css = app.get("/").await;
    let stylesheet = css
        .body
        .split("href=\"/static/style.")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a stylesheet");
    let css = app.get(&format!("/static/style.{stylesheet}")).await;
    assert!(!css.body.contains("@font-face"), "system fonts only");
    assert!(
        !css.body.contains("url("),
        "the stylesheet loads nothing more"
    );
}

#[tokio::test]
async fn hashed_static_files_are_cached_for_a_year_and_pages_vary_by_encoding() {
    let app = TestApp::new();
    let referral = app
        .get("/orientation?theme=caf&need=dossier&near=16000")
        .await;
    let mut seen = 0;
    for name in referral.body.split("=\"/static/").skip(1) {
        let name = name.split('"').next().unwrap_or_default();
        let asset = app.get(&format!("/static/{name}")).await;
        assert_eq!(asset.status, StatusCode::OK, "{name}");
        assert_eq!(
            asset.headers[header::CACHE_CONTROL],
            "public, max-age=31536000, immutable",
            "{name}"
        );
        seen += 1;
    }
    assert!(seen >= 3, "stylesheet, icon and print script: {seen}");
    // A stale or made-up hash is not found, and not cached.
    let stale = app.get("/static/style.0000000000.css").await;
    assert_eq!(stale.status, StatusCode::NOT_FOUND);
    assert_eq!(stale.headers[header::CACHE_CONTROL], "no-store");

    let request = Request::get("/question?theme=caf")
        .header(header::ACCEPT_ENCODING, "gzip")
        .body(Body::empty())
        .expect("a valid request");
    let (_, headers, _) = app.request_bytes(request).await;
    assert_eq!(headers[header::CONTENT_ENCODING], "gzip");
    assert!(
        headers[header::VARY]
            .to_str()
            .is_ok_and(|vary| vary.to_ascii_lowercase().contains("accept-encoding"))
    );
}
