//! The questionnaire in plain HTML, as a resident clicks through it.

use crate::helpers::{TestApp, links};

/// The choice link of a page whose URL sets `param` (`"need=dossier"`).
fn choice(body: &str, param: &str) -> String {
    links(body)
        .into_iter()
        .find(|href| href.split(['?', '&']).any(|part| part == param))
        .unwrap_or_else(|| panic!("no link setting {param} in:\n{body}"))
}

#[tokio::test]
async fn the_home_page_offers_the_thirteen_themes_as_links() {
    let app = TestApp::new();
    let home = app.get("/").await;
    assert_eq!(home.status, 200);
    home.assert_contains("Pour quoi venez-vous ?");
    // A theme that decides alone (a scam) links straight to the recap.
    let themes = links(&home.body)
        .into_iter()
        .filter(|href| href.contains("?theme="))
        .count();
    assert_eq!(themes, 13);
    assert!(!home.body.contains("<script"), "no JavaScript");
}

#[tokio::test]
async fn a_resident_goes_from_a_theme_to_a_referral_by_links_alone() {
    let app = TestApp::new();
    let home = app.get("/").await;
    let (_, caf) = app.visit(&choice(&home.body, "theme=caf")).await;
    caf.assert_contains("Question 2 sur");
    let (_, need) = app.visit(&choice(&caf.body, "need=demarche")).await;
    need.assert_contains("Comment voulez-vous faire ?");
    let (uri, recap) = app.visit(&choice(&need.body, "autonomy=for_me")).await;
    assert!(uri.starts_with("/recapitulatif?"), "{uri}");
    recap.assert_contains("Vérifiez vos réponses");
    let orientation_link = links(&recap.body)
        .into_iter()
        .find(|href| href.starts_with("/orientation?"))
        .expect("a link to the referral");
    let (_, referral) = app.visit(&orientation_link).await;
    assert_eq!(referral.status, 200);
    referral.assert_contains("Un aidant fait la démarche pour vous");
    referral.assert_contains("Vous voulez qu'une personne le fasse pour vous.");
    referral.assert_contains("Votre numéro allocataire");
    referral.assert_contains("https://www.caf.fr");
    referral.assert_contains("Recommencer");
}

#[tokio::test]
async fn a_question_page_shows_the_step_and_a_back_link_that_keeps_the_answers() {
    let app = TestApp::new();
    let page = app.get("/question?theme=impots&need=demarche").await;
    assert_eq!(page.status, 200);
    page.assert_contains("Question 3 sur 5");
    page.assert_contains("<progress max=\"5\" value=\"3\"");
    assert!(
        links(&page.body).contains(&"/question?theme=impots".to_owned()),
        "back keeps the theme"
    );
    // Every answer link keeps the earlier answers.
    let answers: Vec<String> = links(&page.body)
        .into_iter()
        .filter(|href| href.contains("autonomy="))
        .collect();
    assert_eq!(answers.len(), 3);
    assert!(
        answers
            .iter()
            .all(|href| href.contains("theme=impots&need=demarche"))
    );
}

#[tokio::test]
async fn the_first_question_after_the_theme_goes_back_home() {
    let app = TestApp::new();
    let page = app.get("/question?theme=ecole").await;
    assert!(links(&page.body).contains(&"/".to_owned()));
}

#[tokio::test]
async fn answers_that_decide_go_to_the_recap_and_a_complete_question_url_redirects_there() {
    let app = TestApp::new();
    let page = app.get("/question?theme=caf").await;
    assert_eq!(
        choice(&page.body, "need=dossier"),
        "/recapitulatif?theme=caf&need=dossier"
    );
    let redirect = app.get("/question?theme=arnaque&device=none").await;
    assert_eq!(redirect.status, 303);
    assert_eq!(
        redirect.location(),
        "/recapitulatif?theme=arnaque",
        "answers that do not matter are dropped"
    );
}

#[tokio::test]
async fn the_recap_lists_each_answer_with_a_change_link() {
    let app = TestApp::new();
    let recap = app
        .get("/recapitulatif?theme=sante&need=demarche&autonomy=alone&device=none")
        .await;
    assert_eq!(recap.status, 200);
    for answer in [
        "Santé et carte Vitale",
        "Faire une démarche",
        "Je veux le faire moi-même",
        "Non, je n'en ai pas",
    ] {
        recap.assert_contains(answer);
    }
    let hrefs = links(&recap.body);
    assert!(
        hrefs.contains(&"/question?theme=sante&need=demarche".to_owned()),
        "changing autonomy drops it and what followed"
    );
    assert!(
        hrefs.contains(
            &"/orientation?theme=sante&need=demarche&autonomy=alone&device=none".to_owned()
        )
    );
}

#[tokio::test]
async fn an_incomplete_recap_or_referral_goes_back_to_the_question() {
    let app = TestApp::new();
    let recap = app.get("/recapitulatif?theme=caf").await;
    assert_eq!(
        (recap.status.as_u16(), recap.location()),
        (303, "/question?theme=caf")
    );
    let referral = app.get("/orientation?theme=caf").await;
    assert_eq!(
        (referral.status.as_u16(), referral.location()),
        (303, "/question?theme=caf")
    );
}

#[tokio::test]
async fn learning_asks_where_the_resident_lives_then_the_territory_words_the_pass_question() {
    let app = TestApp::new();
    let place = app.get("/question?theme=apprendre").await;
    place.assert_contains("Où habitez-vous ?");
    place.assert_contains("<form class=\"place\" method=\"get\" action=\"/question\">");
    place.assert_contains("<input type=\"hidden\" name=\"theme\" value=\"apprendre\">");
    let charente = app.get("/question?theme=apprendre&near=16000").await;
    charente.assert_contains("Touchez-vous le RSA");
    let maritime = app
        .get("/question?theme=apprendre&near=La+Rochelle+17000")
        .await;
    maritime.assert_contains("Délégation Territoriale");
    let paris = app.get("/question?theme=apprendre&near=75011").await;
    assert_eq!(
        paris.status, 303,
        "Paris has no Pass: the referral is decided"
    );
}

#[tokio::test]
async fn the_pass_numerique_referral_says_who_and_where_locally() {
    let app = TestApp::new();
    let page = app
        .get("/orientation?theme=apprendre&pass_public=yes&near=16000")
        .await;
    assert_eq!(page.status, 200);
    page.assert_contains("Apprenez avec un Pass Numérique");
    page.assert_contains("Pass Numérique de la Charente");
    page.assert_contains("La Charente donne des Pass Numérique.");
    page.assert_contains("Les personnes qui touchent le RSA.");
}

#[tokio::test]
async fn an_unknown_place_gets_a_clear_message_not_an_error_page() {
    let app = TestApp::new();
    let page = app.get("/question?theme=apprendre&near=99999").await;
    assert_eq!(page.status, 200);
    page.assert_contains("Nous ne trouvons pas « 99999 »");
    page.assert_contains("aria-invalid=\"true\"");
}

#[tokio::test]
async fn a_place_shared_by_several_departements_asks_which_commune() {
    let app = TestApp::new();
    let page = app.get("/question?theme=apprendre&near=Saint-Martin").await;
    assert_eq!(page.status, 200);
    page.assert_contains("Plusieurs communes correspondent");
}

#[tokio::test]
async fn remote_referrals_give_the_phone_number_as_a_tel_link() {
    let app = TestApp::new();
    let page = app
        .get(
            "/orientation?theme=emploi&need=demarche&autonomy=alone&device=smartphone&internet=yes",
        )
        .await;
    page.assert_contains("Appelez Solidarité Numérique");
    page.assert_contains("href=\"tel:+33170772372\"");
}

#[tokio::test]
async fn bad_links_get_a_friendly_page_with_a_way_back() {
    let app = TestApp::new();
    for uri in [
        "/question?theme=foot",
        "/question?theme=caf&theme=impots",
        "/orientation?theme=caf&need=peut-etre",
        "/recapitulatif?lang=klingon",
        &format!("/question?near={}", "x".repeat(3000)),
    ] {
        let page = app.get(uri).await;
        assert_eq!(page.status, 400, "{uri}");
        page.assert_contains("Ce lien ne marche pas");
        page.assert_contains("Recommencer");
    }
}

#[tokio::test]
async fn unknown_parameters_are_ignored() {
    let app = TestApp::new();
    let page = app.get("/question?theme=caf&utm_source=affiche").await;
    assert_eq!(page.status, 200);
}

#[tokio::test]
async fn an_unknown_path_gets_a_friendly_404() {
    let app = TestApp::new();
    let page = app.get("/../../etc/passwd").await;
    assert_eq!(page.status, 404);
    page.assert_contains("Cette page n'existe pas");
}

#[tokio::test]
async fn static_files_carry_a_hash_and_are_cached_for_a_year() {
    let app = TestApp::new();
    let home = app.get("/").await;
    let css = links(&home.body)
        .into_iter()
        .find(|href| href.ends_with(".css"))
        .expect("a stylesheet");
    assert!(css.starts_with("/static/style."), "{css}");
    let response = app.get(&css).await;
    assert_eq!(response.status, 200);
    assert_eq!(response.headers["content-type"], "text/css; charset=utf-8");
    assert_eq!(
        response.headers["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(app.get("/static/style.css.bak").await.status, 404);
    assert_eq!(app.get("/static/..%2FCargo.toml").await.status, 404);
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::new();
    for uri in [
        "/",
        "/question?theme=caf",
        "/healthz",
        "/nulle-part",
        "/question?theme=x",
    ] {
        let response = app.get(uri).await;
        let csp = response.headers["content-security-policy"]
            .to_str()
            .unwrap_or("");
        assert!(
            csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"),
            "{uri}: {csp}"
        );
        assert!(!csp.contains("unsafe-inline"), "{uri}");
        assert_eq!(response.headers["referrer-policy"], "no-referrer", "{uri}");
        assert_eq!(
            response.headers["x-content-type-options"], "nosniff",
            "{uri}"
        );
    }
}

#[tokio::test]
async fn healthz_answers_ok() {
    let app = TestApp::new();
    let response = app.get("/healthz").await;
    assert_eq!(
        (response.status.as_u16(), response.body.as_str()),
        (200, "ok")
    );
}
