//! Bad input on a real port: random and malicious requests, huge bodies, slow and
//! idle clients. Each gets a 4xx (or a closed connection), never a 5xx, and the
//! server keeps answering everyone else.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use aiguillage::app::App;
use aiguillage::config::Config;

/// The server on a free port, stopped when dropped.
struct Served {
    address: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Served {
    async fn start() -> Served {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let address = listener.local_addr().expect("an address");
        let config = Config {
            admin_token: Some("robust".to_owned()),
            ..Config::default()
        };
        let app = App::build(&config).expect("the app builds");
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(app.serve(listener, async {
            let _ = stopped.await;
        }));
        Served {
            address,
            stop: Some(stop),
        }
    }

    /// Sends raw bytes, half-closes, and returns the status code of the answer (0 when
    /// the server closed the connection without one).
    async fn raw(&self, request: &[u8]) -> u16 {
        let mut stream = TcpStream::connect(self.address).await.expect("connected");
        // The server may answer and close before reading everything (413): a failed
        // write is then expected, and the answer is still there to read.
        let _ = stream.write_all(request).await;
        let _ = stream.shutdown().await;
        let mut response = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(20), async {
            let mut buffer = [0; 8192];
            loop {
                match stream.read(&mut buffer).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => response.extend_from_slice(&buffer[..n]),
                }
            }
        })
        .await;
        assert!(
            read.is_ok(),
            "no answer within 20 s to {:?}",
            preview(request)
        );
        status_of(&response)
    }

    async fn get(&self, path: &str) -> u16 {
        self.raw(format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes())
            .await
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

fn status_of(response: &[u8]) -> u16 {
    response
        .strip_prefix(b"HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| std::str::from_utf8(code).ok())
        .and_then(|code| code.parse().ok())
        .unwrap_or(0)
}

fn preview(request: &[u8]) -> String {
    String::from_utf8_lossy(&request[..request.len().min(200)]).into_owned()
}

/// A small deterministic generator (xorshift): the same requests on every run, so a
/// failure can be replayed.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
}

const METHODS: &[&str] = &[
    "GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "TRACE", "CONNECT", "BREW", "get",
];
const PATHS: &[&str] = &[
    "/",
    "/question",
    "/recapitulatif",
    "/orientation",
    "/chat",
    "/accueil",
    "/annuaire",
    "/a-propos",
    "/lieux/france-services-110",
    "/lieux/",
    "/api/v1/triage",
    "/api/v1/understand",
    "/toujours-la",
    "/borne/fin",
    "/stats",
    "/stats.csv",
    "/admin/reload",
    "/static/style.css",
    "/static/../Cargo.toml",
    "/static/..%2f..%2fCargo.toml",
    "/static/%2e%2e/%2e%2e/etc/passwd",
    "/../../etc/passwd",
    "//etc/passwd",
    "/static/",
    "/healthz",
    "*",
    "http://autre.example/",
];
const QUERIES: &[&str] = &[
    "theme=caf",
    "theme=caf&theme=impots&theme=",
    "theme=caf&need=dossier&need=demarche",
    "theme=caf&need=dossier&near=16000&near=17000",
    "near=%00%ff%fe",
    "theme=%C3%28",
    "theme[]=caf",
    "q=%F0%9F%98%80%F0%9F%98%80",
    "lang=xx&lang=ar&borne=2&texte=%%%",
    "retour=https://ailleurs.example/",
    "retour=//ailleurs.example",
    "theme=caf&%=&&&==",
    "q=jarive+pa+a+me+conecter+a+la+caf",
];
const TYPES: &[&str] = &[
    "application/json",
    "application/json; charset=latin1",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "multipart/form-data",
    "text/plain",
    "image/png",
];
const BODIES: &[&str] = &[
    r#"{"theme":"caf","facts":{"need":"dossier"},"near":"16000"}"#,
    r#"{"theme":"caf","facts":{"need":"dossier"}"#,
    r#"{"theme":42,"facts":[]}"#,
    r#"{"theme":"caf","facts":{"need":null,"need":"dossier"}}"#,
    r#"{"theme":"caf","facts":{"need":{"nested":[1,2,3]}}}"#,
    r#"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]"#,
    "",
    "null",
    "message=bonjour&theme=caf",
    "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nhour,x\r\n",
];

/// One random request: a method, a path, a query (some of it random bytes), maybe
/// repeated or broken headers, a body of another kind than announced, or cut short.
fn random_request(random: &mut Random) -> Vec<u8> {
    let mut request = Vec::new();
    request.extend_from_slice(random.pick(METHODS).as_bytes());
    request.push(b' ');
    request.extend_from_slice(random.pick(PATHS).as_bytes());
    match random.below(4) {
        0 => {}
        1 => {
            request.push(b'?');
            request.extend_from_slice(random.pick(QUERIES).as_bytes());
        }
        2 => {
            request.push(b'?');
            let query = random.pick(QUERIES);
            request.extend_from_slice(query.repeat(1 + random.below(200)).as_bytes());
        }
        _ => {
            // Raw bytes, invalid UTF-8 and control characters included.
            request.extend_from_slice(b"?theme=");
            let len = random.below(64);
            request.extend(random.bytes(len).into_iter().filter(|b| *b != b' '));
        }
    }
    request.extend_from_slice(b" HTTP/1.1\r\nHost: x\r\n");
    if random.below(3) == 0 {
        request.extend_from_slice(b"Authorization: Bearer robust\r\n");
    }
    if random.below(5) == 0 {
        let len = 1 + random.below(40);
        let header = random.bytes(len);
        request.extend_from_slice(&header);
        request.extend_from_slice(b"\r\n");
    }
    let body = random.pick(BODIES).as_bytes().to_vec();
    request.extend_from_slice(format!("Content-Type: {}\r\n", random.pick(TYPES)).as_bytes());
    let announced = match random.below(4) {
        0 => body.len() + 10, // truncated: less than announced
        1 => body.len().saturating_sub(1),
        _ => body.len(),
    };
    request.extend_from_slice(
        format!("Content-Length: {announced}\r\nConnection: close\r\n\r\n").as_bytes(),
    );
    request.extend_from_slice(&body);
    request
}

#[tokio::test]
async fn thousands_of_random_and_malicious_requests_get_no_server_error() {
    let server = Served::start().await;
    let mut random = Random(0x5eed_a16e);
    let mut statuses = std::collections::BTreeMap::<u16, usize>::new();
    for _ in 0..2000 {
        let request = random_request(&mut random);
        let status = server.raw(&request).await;
        assert!(status < 500, "{status} for {:?}", preview(&request));
        *statuses.entry(status).or_default() += 1;
    }
    // Mostly refusals, and some pages: the mix is what the generator aims at.
    assert!(
        statuses.keys().any(|s| (400..500).contains(s)),
        "{statuses:?}"
    );
    assert!(statuses.contains_key(&200), "{statuses:?}");
    assert_eq!(server.get("/healthz").await, 200);
}

#[tokio::test]
async fn path_traversal_on_static_files_finds_nothing() {
    let server = Served::start().await;
    for path in [
        "/static/../Cargo.toml",
        "/static/..%2fCargo.toml",
        "/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/static/....//....//etc/passwd",
        "/static/%252e%252e%252fCargo.toml",
        "/static/i18n/fr.ftl",
        "/static/pictos/caf.svg",
        "/static/style.css",
        "/static/..\\..\\Cargo.toml",
    ] {
        let status = server.get(path).await;
        assert!(status == 404 || status == 400, "{path}: {status}");
    }
}

#[tokio::test]
async fn ten_megabyte_bodies_are_refused_with_413() {
    let server = Served::start().await;
    let body = vec![b'a'; 10 * 1024 * 1024];
    for (path, content_type, auth) in [
        ("/api/v1/triage", "application/json", ""),
        ("/chat", "application/x-www-form-urlencoded", ""),
        (
            "/stats",
            "multipart/form-data; boundary=x",
            "Authorization: Bearer robust\r\n",
        ),
        (
            "/admin/reload",
            "text/plain",
            "Authorization: Bearer robust\r\n",
        ),
    ] {
        let mut request = format!(
            "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: {content_type}\r\n{auth}\
             Content-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .into_bytes();
        if path == "/stats" {
            request.extend_from_slice(
                b"--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n",
            );
        }
        request.extend_from_slice(&body);
        let status = server.raw(&request).await;
        assert!(
            status == 413 || (path == "/admin/reload" && status < 500 && status != 0),
            "{path}: {status}"
        );
    }
    // A body announced huge and never sent does not hold a worker either.
    let status = server
        .raw(b"POST /api/v1/triage HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 99999999999\r\nConnection: close\r\n\r\n")
        .await;
    assert!((400..500).contains(&status), "{status}");
    assert_eq!(server.get("/healthz").await, 200);
}

#[tokio::test]
async fn slow_and_idle_clients_are_cut_off_and_do_not_hold_up_others() {
    let server = Served::start().await;
    // 200 clients that open a connection and send half a request, then wait.
    let mut idle = Vec::new();
    for _ in 0..200 {
        let mut stream = TcpStream::connect(server.address).await.expect("connected");
        stream
            .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
            .await
            .expect("sent");
        idle.push(stream);
    }
    // One that sends its body a byte a second.
    let address = server.address;
    let trickle = tokio::spawn(async move {
        let mut stream = TcpStream::connect(address).await.expect("connected");
        stream
            .write_all(b"POST /api/v1/triage HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
            .await
            .expect("sent");
        let started = Instant::now();
        let mut response = Vec::new();
        let mut buffer = [0; 1024];
        loop {
            tokio::select! {
                read = stream.read(&mut buffer) => match read {
                    Ok(0) | Err(_) => break,
                    Ok(n) => response.extend_from_slice(&buffer[..n]),
                },
                () = tokio::time::sleep(Duration::from_secs(1)) => {
                    if stream.write_all(b" ").await.is_err() { break; }
                }
            }
            assert!(started.elapsed() < Duration::from_secs(30), "never cut off");
        }
        status_of(&response)
    });

    // Meanwhile everyone else is served at once.
    for path in [
        "/",
        "/question?theme=caf",
        "/orientation?theme=caf&need=dossier&near=16000",
    ] {
        let started = Instant::now();
        assert_eq!(server.get(path).await, 200, "{path}");
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{path} waited behind the slow clients"
        );
    }

    // The half-sent requests are closed after the header timeout (10 s).
    let mut closed = 0;
    for stream in &mut idle {
        let mut buffer = [0; 1024];
        let read = tokio::time::timeout(Duration::from_secs(20), stream.read(&mut buffer)).await;
        // Anything but a timeout: the server answered (408) or closed.
        if read.is_ok() {
            closed += 1;
        }
    }
    assert_eq!(closed, idle.len(), "idle connections left open");
    // The trickling body gets 408 after the request timeout (15 s).
    let status = trickle.await.expect("the slow client ends");
    assert!(status == 408 || status == 0, "{status}");
    assert_eq!(server.get("/healthz").await, 200);
}
