//! Running aiguillage for a territory: anonymous statistics, the coordinator's
//! dashboard, reloads without downtime, and what the logs never contain.

use std::io::Write;
use std::path::Path;

use axum::body::Body;
use axum::http::{Request, header};
use base64::Engine;

use crate::helpers::TestApp;
use aiguillage::config::Config;
use aiguillage::stats::Store;

const TOKEN: &str = "jeton-de-test-assez-long";

fn with_stats(dir: &Path) -> TestApp {
    TestApp::with_config(Config {
        data_dir: Some(dir.to_path_buf()),
        admin_token: Some(TOKEN.to_owned()),
        ..Config::default()
    })
}

fn basic(token: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("coordination:{token}"))
    )
}

async fn admin_get(app: &TestApp, uri: &str, token: &str) -> crate::helpers::TestResponse {
    let request = Request::get(uri)
        .header(header::AUTHORIZATION, basic(token))
        .body(Body::empty())
        .expect("request");
    app.request(request).await
}

/// A small day of use: four visits through the questionnaire, two through the API.
async fn a_day_of_use(app: &TestApp) {
    for uri in [
        "/question?theme=caf",
        "/recapitulatif?theme=caf&need=dossier",
        "/orientation?theme=caf&need=dossier&near=16000",
        "/question?theme=impots",
        "/question?theme=impots&need=demarche",
        "/orientation?theme=impots&need=demarche&autonomy=for_me&near=17000",
        "/orientation?theme=arnaque",
        "/question?theme=apprendre",
    ] {
        assert!(
            app.get(uri).await.status.is_success() || app.get(uri).await.status.is_redirection(),
            "{uri}"
        );
    }
    app.post_json(
        "/api/v1/triage",
        r#"{"answers": {"theme": "acces", "device": "none"}, "near": "16000"}"#,
    )
    .await;
    app.get("/api/v1/understand?q=ou%20sont%20les%20toilettes")
        .await;
}

#[tokio::test]
async fn after_a_day_of_use_the_dashboard_shows_what_happened_and_nothing_personal_is_kept() {
    let dir = tempfile::tempdir().expect("a folder");
    let app = with_stats(dir.path());
    a_day_of_use(&app).await;
    app.finish().await;

    let store = Store::read(dir.path()).expect("the database");
    assert_eq!(store.integrity().expect("checked"), "ok");
    // The schema holds counters of stable ids only: no address, agent, text or place finer
    // than the département.
    assert_eq!(
        store.columns().expect("columns"),
        [
            "hour",
            "event",
            "channel",
            "lang",
            "theme",
            "referral",
            "department",
            "question",
            "questions",
            "count"
        ]
    );
    let rows = store.rows("0000", "9999").expect("rows");
    let referrals: u64 = rows
        .iter()
        .filter(|r| r.event == "referral")
        .map(|r| r.count)
        .sum();
    assert!(referrals >= 4, "{rows:?}");
    for row in &rows {
        for value in [
            &row.hour,
            &row.event,
            &row.channel,
            &row.lang,
            &row.theme,
            &row.referral,
            &row.department,
            &row.question,
        ] {
            assert!(
                value
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_-T".contains(c)),
                "not an id: {value:?}"
            );
        }
        assert!(
            !row.department.starts_with("160") && row.department.len() <= 3,
            "finer than a département: {row:?}"
        );
    }
    assert!(
        rows.iter()
            .any(|r| r.event == "not_understood" && r.channel == "api")
    );
    assert!(
        rows.iter()
            .any(|r| r.event == "asked" && r.question == "near")
    );
    assert!(
        rows.iter().any(|r| r.event == "referral"
            && r.referral == "france_services"
            && r.department == "16")
    );

    // The dashboard, behind the token.
    let app = with_stats(dir.path());
    let page = admin_get(&app, "/stats?from=2000-01-01&to=2100-12-31", TOKEN).await;
    assert_eq!(page.status, 200);
    page.assert_contains("Orientations par thème");
    page.assert_contains("CAF et allocations");
    page.assert_contains("Allez dans une France Services");
    page.assert_contains("<svg class=\"chart\" role=\"img\"");
    assert_eq!(page.headers["cache-control"], "no-store");
    assert_eq!(admin_get(&app, "/stats", "mauvais-jeton").await.status, 401);
    assert_eq!(app.get("/stats").await.status, 401);

    let csv = admin_get(&app, "/stats.csv?from=2000-01-01&to=2100-12-31", TOKEN).await;
    assert_eq!(csv.status, 200);
    assert!(csv.body.starts_with(
        "hour,event,channel,lang,theme,referral,department,question,questions,count\n"
    ));

    // Merging another instance's export doubles the totals, for this view only.
    let boundary = "----aiguillage";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"autre.csv\"\r\nContent-Type: text/csv\r\n\r\n{}\r\n--{boundary}--\r\n",
        csv.body
    );
    let request = Request::post("/stats?from=2000-01-01&to=2100-12-31")
        .header(header::AUTHORIZATION, basic(TOKEN))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .expect("request");
    let merged = app.request(request).await;
    assert_eq!(merged.status, 200);
    merged.assert_contains("1 fichier(s) fusionné(s)");
    merged.assert_contains(&format!(
        "<dt>Orientations données</dt><dd>{}</dd>",
        referrals * 2
    ));
}

#[tokio::test]
async fn without_a_token_the_coordinator_pages_are_off() {
    let app = TestApp::new();
    assert_eq!(app.get("/stats").await.status, 404);
    let request = Request::post("/admin/reload")
        .body(Body::empty())
        .expect("request");
    assert_eq!(app.request(request).await.status, 404);
}

fn copy_rules(to: &Path) {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).expect("a folder");
        for entry in std::fs::read_dir(from).expect("readable") {
            let path = entry.expect("an entry").path();
            let target = to.join(path.file_name().expect("a name"));
            if path.is_dir() {
                copy(&path, &target)
            } else {
                std::fs::copy(&path, &target).map(|_| ()).expect("copied")
            }
        }
    }
    copy(&Path::new(env!("CARGO_MANIFEST_DIR")).join("rules"), to);
}

#[tokio::test]
async fn a_broken_rules_file_pushed_by_reload_is_refused_and_the_previous_rules_keep_serving() {
    let dir = tempfile::tempdir().expect("a folder");
    copy_rules(dir.path());
    let app = TestApp::with_config(Config {
        rules: Some(dir.path().to_path_buf()),
        admin_token: Some(TOKEN.to_owned()),
        ..Config::default()
    });
    assert!(app.get("/").await.body.contains("CAF et allocations"));

    let themes = dir.path().join("themes.toml");
    let text = std::fs::read_to_string(&themes).expect("themes");
    std::fs::write(
        &themes,
        text.replacen(
            "label = {\n    fr = \"CAF et allocations\"",
            "lable = {\n    fr = \"CAF\"",
            1,
        ),
    )
    .expect("written");
    let request = Request::post("/admin/reload")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::empty())
        .expect("request");
    let refused = app.request(request).await;
    assert_eq!(refused.status, 422);
    let problems = refused.json()["problems"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        problems.contains("themes.toml:") && problems.contains("unknown key `lable`"),
        "{problems}"
    );
    assert!(
        app.get("/").await.body.contains("CAF et allocations"),
        "the previous rules keep serving"
    );

    std::fs::write(
        &themes,
        text.replacen(
            "    fr = \"CAF et allocations\"",
            "    fr = \"Allocations de la CAF\"",
            1,
        ),
    )
    .expect("written");
    let request = Request::post("/admin/reload")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::empty())
        .expect("request");
    let reloaded = app.request(request).await;
    assert_eq!(reloaded.status, 200, "{}", reloaded.body);
    assert!(app.get("/").await.body.contains("Allocations de la CAF"));
    // SIGHUP goes through the same reload.
    assert!(app.reload().is_ok());
}

/// A writer shared between the test and the log subscriber.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "current_thread")]
async fn the_logs_never_contain_answers_free_text_query_strings_or_addresses() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let app = TestApp::new();
    for uri in [
        "/question?theme=caf&need=dossier&near=Mont%C3%A9limar&secret=zzsecretzz",
        "/orientation?theme=caf&need=dossier&near=16000",
        "/api/v1/understand?q=zzsecretzz%20ma%20caf",
        "/question?theme=zzsecretzz",
        "/nulle-part/zzsecretzz",
    ] {
        app.get(uri).await;
    }
    app.post_json("/api/v1/triage", r#"{"answers": {"theme": "zzsecretzz"}}"#)
        .await;
    let logs = String::from_utf8(captured.0.lock().expect("logs").clone()).expect("text");
    assert!(
        logs.contains("route=\"/question\""),
        "the route pattern is logged: {logs}"
    );
    for secret in [
        "zzsecretzz",
        "Mont",
        "need=",
        "dossier",
        "16000",
        "127.0.0.1",
    ] {
        assert!(!logs.contains(secret), "{secret:?} in the logs:\n{logs}");
    }
}

#[test]
fn killing_the_server_mid_writes_leaves_a_sound_database_missing_at_most_the_last_second() {
    use std::io::Read;
    use std::net::TcpStream;
    use std::time::{Duration, Instant};

    let dir = tempfile::tempdir().expect("a folder");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("a port")
        .local_addr()
        .expect("an address")
        .port();
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_aiguillage"))
        .args(["--listen", &format!("127.0.0.1:{port}"), "--data-dir"])
        .arg(dir.path())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the server starts");
    let get = |path: &str| -> bool {
        let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
            return false;
        };
        let request =
            format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        let mut response = String::new();
        stream.write_all(request.as_bytes()).is_ok()
            && stream.read_to_string(&mut response).is_ok()
            && response.starts_with("HTTP/1.1 200")
    };
    let started = Instant::now();
    while !get("/healthz") {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the server did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // Phase 1: referrals that must all survive (more than a second before the kill).
    let mut before = 0;
    for _ in 0..40 {
        before += u64::from(get("/orientation?theme=arnaque"));
    }
    std::thread::sleep(Duration::from_millis(1500));
    // Phase 2: writes under way when the server is killed.
    let until = Instant::now() + Duration::from_millis(600);
    while Instant::now() < until {
        get("/orientation?theme=arnaque");
    }
    server.kill().expect("SIGKILL");
    server.wait().expect("stopped");

    let store = Store::read(dir.path()).expect("the database");
    assert_eq!(store.integrity().expect("checked"), "ok");
    let kept: u64 = store
        .rows("0000", "9999")
        .expect("rows")
        .iter()
        .filter(|r| r.event == "referral")
        .map(|r| r.count)
        .sum();
    assert!(
        before == 40 && kept >= before,
        "{kept} referrals kept, {before} sent more than a second before the kill"
    );
}
