//! One test on a real port: the server binds, answers over TCP, and stops gracefully.

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use aiguillage::app::App;
use aiguillage::config::Config;

#[tokio::test]
async fn the_server_answers_on_a_real_port_and_shuts_down_gracefully() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let address = listener.local_addr().expect("an address");
    let app = App::build(&Config::default()).expect("the app builds");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.serve(listener, async {
        let _ = stopped.await;
    }));

    let mut stream = TcpStream::connect(address).await.expect("connected");
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await
        .expect("sent");
    let mut response = String::new();
    stream.read_to_string(&mut response).await.expect("read");
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.ends_with("ok"), "{response}");

    let _ = stop.send(());
    server
        .await
        .expect("the server task ends")
        .expect("the server stops cleanly");
}
