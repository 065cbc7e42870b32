//! Accessible to everyone: languages, display options, kiosk, reception, the slip.

use axum::body::Body;
use axum::http::{Request, header};

use crate::helpers::{TestApp, links};
use aiguillage::config::Config;

const LANGS: [&str; 9] = ["fr", "falc", "en", "ar", "es", "pt", "uk", "tr", "prs"];

fn message_ids(path: &str) -> Vec<String> {
    std::fs::read_to_string(path)
        .expect("a Fluent file")
        .lines()
        .filter(|line| !line.starts_with('#') && line.contains(" = "))
        .filter_map(|line| line.split(" = ").next().map(str::to_owned))
        .collect()
}

#[test]
fn every_interface_message_exists_in_every_language_and_every_id_the_code_uses_exists() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/static/i18n");
    let french = message_ids(&format!("{dir}/fr.ftl"));
    for lang in LANGS {
        let ids = message_ids(&format!("{dir}/{lang}.ftl"));
        let missing: Vec<&String> = french.iter().filter(|id| !ids.contains(id)).collect();
        assert!(missing.is_empty(), "{lang}.ftl lacks {missing:?}");
    }
    // Every `t("…")` and `args("…"` of the web code names a French message.
    for entry in
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/src/web")).expect("src/web")
    {
        let path = entry.expect("a file").path();
        let code = std::fs::read_to_string(&path).expect("code");
        for marker in ["tr.t(\"", "tr.args(\"", ".tr.t(\""] {
            for rest in code.split(marker).skip(1) {
                let id = rest.split('"').next().unwrap_or_default();
                assert!(
                    french.iter().any(|f| f == id),
                    "{}: unknown message {id:?}",
                    path.display()
                );
            }
        }
    }
}

#[tokio::test]
async fn every_page_has_a_language_switch_naming_each_language_in_itself_that_keeps_the_answers() {
    let app = TestApp::new();
    let page = app.get("/question?theme=caf&need=demarche").await;
    for (code, name) in [
        ("ar", "العربية"),
        ("uk", "Українська"),
        ("fa-AF", "دری"),
        ("fr", "Français facile"),
    ] {
        page.assert_contains(&format!("lang=\"{code}\""));
        page.assert_contains(name);
    }
    let arabic = links(&page.body)
        .into_iter()
        .find(|l| l.contains("lang=ar"))
        .expect("a link to Arabic");
    assert!(
        arabic.contains("theme=caf") && arabic.contains("need=demarche"),
        "{arabic}"
    );
    let page = app.get(&arabic).await;
    page.assert_contains("<html lang=\"ar\" dir=\"rtl\">");
    // The choice links carry the language on.
    assert!(
        links(&page.body)
            .iter()
            .filter(|l| l.contains("autonomy="))
            .all(|l| l.contains("lang=ar"))
    );
}

#[tokio::test]
async fn the_browser_language_is_honoured_on_a_first_visit_and_a_chosen_one_wins() {
    let app = TestApp::new();
    let request = |uri: &str| {
        Request::get(uri)
            .header(header::ACCEPT_LANGUAGE, "uk-UA,uk;q=0.9,fr;q=0.5")
            .body(Body::empty())
            .expect("request")
    };
    let page = app.request(request("/")).await;
    page.assert_contains("<html lang=\"uk\" dir=\"ltr\">");
    assert!(
        links(&page.body)
            .iter()
            .filter(|l| l.starts_with("/question?theme="))
            .all(|l| l.contains("lang=uk"))
    );
    let page = app.request(request("/?lang=fr")).await;
    page.assert_contains("<html lang=\"fr\"");
    assert!(
        links(&page.body)
            .iter()
            .filter(|l| l.starts_with("/question?theme="))
            .all(|l| l.contains("lang=fr"))
    );
}

#[tokio::test]
async fn rule_texts_and_interface_are_translated_and_arabic_phone_numbers_read_left_to_right() {
    let app = TestApp::new();
    let page = app.get("/orientation?theme=emploi&need=demarche&autonomy=alone&device=smartphone&internet=yes&lang=en").await;
    page.assert_contains("Call Solidarité Numérique");
    page.assert_contains("Why?");
    let falc = app.get("/?lang=falc").await;
    falc.assert_contains("La CAF et vos aides");
    let arabic = app.get("/orientation?theme=caf&need=dossier&lang=ar").await;
    arabic.assert_contains("<span dir=\"ltr\">01 70 772 372</span>");
}

#[tokio::test]
async fn display_options_are_links_kept_across_the_visit() {
    let app = TestApp::new();
    let page = app
        .get("/question?theme=caf&texte=grand&contraste=fort")
        .await;
    page.assert_contains("<body class=\"text-large contrast-high\">");
    let next: Vec<String> = links(&page.body)
        .into_iter()
        .filter(|l| l.contains("need="))
        .collect();
    assert!(
        !next.is_empty()
            && next
                .iter()
                .all(|l| l.contains("texte=grand") && l.contains("contraste=fort"))
    );
    page.assert_contains("Texte normal");
    page.assert_contains("Contraste normal");
}

#[tokio::test]
async fn a_kiosk_has_no_link_leaving_the_site_and_wipes_an_idle_visit() {
    let app = TestApp::with_config(Config {
        kiosk: true,
        ..Config::default()
    });
    let page = app
        .get("/orientation?theme=caf&need=dossier&near=16000")
        .await;
    page.assert_contains("<body class=\"kiosk\">");
    for href in links(&page.body) {
        assert!(
            href.starts_with('/') || href.starts_with('#'),
            "a link leaving the site: {href}"
        );
    }
    page.assert_contains("<span class=\"qr\"><svg role=\"img\"");
    assert_eq!(
        page.headers["refresh"],
        "120;url=/toujours-la?theme=caf&need=dossier&near=16000&retour=%2Forientation"
    );
    assert!(
        !page.body.contains("print.js"),
        "no print button on a kiosk"
    );

    let still = app
        .get("/toujours-la?theme=caf&need=demarche&borne=1&retour=%2Fquestion")
        .await;
    still.assert_contains("Vous êtes toujours là ?");
    assert_eq!(
        still.headers["refresh"],
        "30;url=/borne/fin?q=autonomy&borne=1"
    );
    assert!(links(&still.body).contains(&"/question?theme=caf&need=demarche&borne=1".to_owned()));
    // No redirection elsewhere than our own pages.
    let evil = app
        .get("/toujours-la?retour=https%3A%2F%2Fexemple.org")
        .await;
    assert!(links(&evil.body).iter().all(|l| !l.contains("exemple.org")));

    let end = app.get("/borne/fin?q=autonomy&borne=1").await;
    assert_eq!((end.status.as_u16(), end.location()), (303, "/?borne=1"));
    let home = app.get("/?borne=1").await;
    assert!(
        !home.headers.contains_key("refresh"),
        "a blank home page stays"
    );
    let question = app.get("/question?theme=caf&borne=1").await;
    assert!(question.headers.contains_key("refresh"));
}

#[tokio::test]
async fn reception_mode_puts_every_question_on_one_page_and_gives_the_referral_with_its_reasons() {
    let app = TestApp::new();
    let empty = app.get("/accueil").await;
    assert_eq!(empty.status, 200);
    assert_eq!(empty.body.matches("<fieldset").count(), 6);
    empty.assert_contains("type=\"radio\" name=\"theme\" value=\"caf\"");
    let result = app.get("/accueil?theme=caf&need=dossier&near=16000").await;
    result.assert_contains("Allez dans une France Services");
    result.assert_contains("Vous avez un problème avec votre dossier.");
    result.assert_contains("checked");
    let missing = app.get("/accueil?theme=caf").await;
    missing.assert_contains("Il manque une réponse :");
    missing.assert_contains("href=\"#q-need\"");
}

#[tokio::test]
async fn the_referral_page_carries_a_slip_with_a_qr_code_that_reopens_it() {
    let app = TestApp::with_config(Config {
        public_url: Some("https://aide.exemple.fr/".to_owned()),
        ..Config::default()
    });
    let page = app
        .get("/orientation?theme=caf&need=dossier&near=16000")
        .await;
    let url = "https://aide.exemple.fr/orientation?theme=caf&need=dossier&near=16000";
    page.assert_contains(&format!(
        "<p class=\"url\">{}</p>",
        url.replace('&', "&amp;")
    ));
    // The QR code, as a phone's camera would read it, is that very address.
    assert_eq!(read_qr_code(&page.body), url);
    page.assert_contains("<script src=\"/static/print.");
    // Longer addresses too (the code grows with them); the kiosk mode stays behind.
    for answers in [
        "theme=acces&device=smartphone&internet=no&near=17000&lang=ar&texte=grand&contraste=fort",
        "theme=emploi&need=demarche&autonomy=alone&device=smartphone&internet=yes&lang=uk",
    ] {
        let page = app.get(&format!("/orientation?{answers}&borne=1")).await;
        let codes = read_qr_codes(&page.body);
        // The slip's code, and the official sites shown as codes on a kiosk.
        let expected = format!("https://aide.exemple.fr/orientation?{answers}");
        assert!(codes.contains(&expected), "{expected} not in {codes:?}");
        assert!(codes.len() >= 2, "{codes:?}");
        assert!(
            codes.iter().all(|code| code.starts_with("https://")),
            "{codes:?}"
        );
    }
}

/// Reads the first QR code of a page.
fn read_qr_code(html: &str) -> String {
    read_qr_codes(html).into_iter().next().expect("a QR code")
}

/// Reads every QR code of a page: each SVG path drawn on a bitmap, then decoded by
/// `rqrr` (an independent decoder).
fn read_qr_codes(html: &str) -> Vec<String> {
    html.split("<span class=\"qr\"><svg")
        .skip(1)
        .filter_map(|rest| rest.split("</svg>").next())
        .map(decode_svg)
        .collect()
}

fn decode_svg(svg: &str) -> String {
    let attribute = |name: &str| {
        svg.split(&format!(" {name}=\""))
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("the attribute")
            .to_owned()
    };
    let size: usize = attribute("viewBox")
        .rsplit(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a size");
    // Every `M x,y h n v1 h-n z` is a dark run of n modules.
    let mut dark = vec![false; size * size];
    for run in attribute("d").split('z').filter(|run| !run.is_empty()) {
        let numbers: Vec<usize> = run
            .split(|c: char| !c.is_ascii_digit())
            .filter(|n| !n.is_empty())
            .map(|n| n.parse().expect("a number"))
            .collect();
        let [x, y, len, ..] = numbers[..] else {
            panic!("not a run: {run}")
        };
        for cell in &mut dark[y * size + x..y * size + x + len] {
            *cell = true;
        }
    }
    const SCALE: usize = 4;
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(size * SCALE, size * SCALE, |x, y| {
            if dark[(y / SCALE) * size + x / SCALE] {
                0
            } else {
                255
            }
        });
    let grids = image.detect_grids();
    let (_, content) = grids
        .first()
        .expect("a QR code is found")
        .decode()
        .expect("it decodes");
    content
}

#[tokio::test]
async fn the_only_script_is_the_optional_print_button_served_from_this_site() {
    let app = TestApp::new();
    let page = app.get("/orientation?theme=arnaque").await;
    let src = page
        .body
        .split("<script src=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a script");
    let script = app.get(src).await;
    assert_eq!(
        script.headers["content-type"],
        "text/javascript; charset=utf-8"
    );
    assert!(script.body.contains("window.print()"));
    let csp = page.headers["content-security-policy"]
        .to_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe"),
        "{csp}"
    );
    // The button is hidden until the script shows it: without script, nothing is broken.
    page.assert_contains("id=\"imprimer\" type=\"button\" hidden");
}

#[tokio::test]
async fn a_referral_page_kept_in_memory_is_never_served_to_another_language_or_site() {
    let app = TestApp::new();
    let uri = "/orientation?theme=caf&need=dossier&near=16000";
    let request = |language: &str, host: &str| {
        Request::get(uri)
            .header(header::ACCEPT_LANGUAGE, language)
            .header(header::HOST, host)
            .body(Body::empty())
            .expect("a valid request")
    };
    let french = app.request(request("fr-FR", "borne.exemple.fr")).await;
    let english = app.request(request("en-GB", "borne.exemple.fr")).await;
    let elsewhere = app.request(request("fr-FR", "aide.exemple.fr")).await;
    let again = app.request(request("fr-FR", "borne.exemple.fr")).await;
    french.assert_contains("<html lang=\"fr\"");
    english.assert_contains("<html lang=\"en\"");
    assert!(french.body.contains("borne.exemple.fr/orientation"));
    assert!(elsewhere.body.contains("aide.exemple.fr/orientation"));
    assert!(!elsewhere.body.contains("borne.exemple.fr"));
    assert_eq!(again.body, french.body);
}
