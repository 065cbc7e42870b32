//! The chat: a resident's own words lead to the same referral as the questionnaire,
//! without JavaScript, and what they type is never kept.

use axum::body::Body;
use axum::http::{Request, header};

use crate::helpers::{TestApp, TestResponse, links};

/// Sends a typed message from the conversation at `from` (its hidden answers).
async fn say(app: &TestApp, from: &TestResponse, text: &str) -> String {
    let hidden: Vec<(String, String)> = from
        .body
        .split("<input type=\"hidden\" ")
        .skip(1)
        .filter_map(|rest| {
            let name = rest.split("name=\"").nth(1)?.split('"').next()?;
            let value = rest.split("value=\"").nth(1)?.split('"').next()?;
            Some((name.to_owned(), value.to_owned()))
        })
        .collect();
    let mut form = form_urlencoded::Serializer::new(String::new());
    for (name, value) in &hidden {
        form.append_pair(name, value);
    }
    form.append_pair("message", text);
    let request = Request::post("/chat")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form.finish()))
        .expect("request");
    let response = app.request(request).await;
    assert_eq!(response.status, 303, "{}", response.body);
    let location = response.location().to_owned();
    assert!(
        !location.contains(&text.replace(' ', "+")) || text.len() < 6,
        "the text is not in the URL: {location}"
    );
    location
}

async fn open(app: &TestApp, href: &str) -> TestResponse {
    let path = href.split('#').next().unwrap_or(href);
    let page = app.get(path).await;
    assert_eq!(page.status, 200, "{href}");
    page
}

#[tokio::test]
async fn a_typed_conversation_reaches_the_same_referral_as_the_questionnaire() {
    let app = TestApp::new();
    let start = open(&app, "/chat").await;
    start.assert_contains("Dites-moi ce qui vous bloque");
    assert!(!start.body.contains("<script"));

    let proposed = open(&app, &say(&app, &start, "je dois faire ma declaration trimestrielle a la caf, je veux que quelqu'un le fasse a ma place").await).await;
    proposed.assert_contains("J'ai compris : CAF et allocations. C'est bien ça ?");
    proposed.assert_contains("id=\"dernier\"");
    assert!(
        proposed
            .body
            .contains("<title>J'ai compris : CAF et allocations"),
        "the newest message comes first in the title"
    );
    let yes = links(&proposed.body)
        .into_iter()
        .find(|l| l.contains("theme=caf") && !l.contains("propose"))
        .expect("a yes link");
    let mut after = open(&app, &yes).await;
    if after.body.contains("Que voulez-vous faire ?") {
        // The answer typed in the resident's words.
        let next = say(&app, &after, "faire une demarche").await;
        assert!(next.contains("need=demarche"), "{next}");
        after = open(&app, &next).await;
    }
    // "à ma place" was understood from the first message: autonomy is not asked.
    after.assert_contains("Voici la bonne aide pour vous : Un aidant fait la démarche pour vous.");
    after.assert_contains("Vos identifiants d'impots.gouv");

    let questionnaire = app
        .get("/orientation?theme=caf&need=demarche&autonomy=for_me")
        .await;
    questionnaire.assert_contains("Un aidant fait la démarche pour vous");
}

#[tokio::test]
async fn buttons_work_as_well_as_typing() {
    let app = TestApp::new();
    let page = open(&app, "/chat?theme=arnaque").await;
    page.assert_contains("Arnaque : agissez tout de suite");
    let page = open(&app, "/chat?theme=acces").await;
    let smartphone = links(&page.body)
        .into_iter()
        .find(|l| l.contains("device=smartphone"))
        .expect("a button");
    let page = open(&app, &smartphone).await;
    page.assert_contains("Avez-vous internet chez vous ?");
    let no = say(&app, &page, "non").await;
    open(&app, &no)
        .await
        .assert_contains("Connectez-vous à un wifi gratuit");
}

#[tokio::test]
async fn text_not_understood_offers_the_theme_buttons_and_a_person() {
    let app = TestApp::new();
    let start = open(&app, "/chat").await;
    let page = open(&app, &say(&app, &start, "où sont les toilettes").await).await;
    page.assert_contains("Je n'ai pas bien compris");
    page.assert_contains("Parler à une personne");
    page.assert_contains("href=\"tel:+33170772372\"");
    assert_eq!(
        links(&page.body)
            .iter()
            .filter(|l| l.starts_with("/chat?theme="))
            .count(),
        13
    );
}

#[tokio::test]
async fn an_unclear_typed_answer_asks_again() {
    let app = TestApp::new();
    let page = open(&app, "/chat?theme=caf").await;
    let again = open(&app, &say(&app, &page, "bof").await).await;
    again.assert_contains("Je n'ai pas compris votre réponse");
    again.assert_contains("Que voulez-vous faire ?");
}

#[tokio::test]
async fn the_home_page_has_a_text_box_that_opens_the_chat() {
    let app = TestApp::new();
    let home = app.get("/").await;
    home.assert_contains("<form class=\"chat\" method=\"post\" action=\"/chat#dernier\">");
    home.assert_contains("<textarea id=\"message\" name=\"message\"");
}
