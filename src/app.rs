//! Wiring: load the rules, the directory, the translations and the assets, build the
//! router, serve it; reload rules and directory without stopping; drain the
//! statistics on the way out.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use arc_swap::ArcSwap;
use axum::Router;
use axum::extract::{ConnectInfo, Request};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::ServiceExt;

use crate::clock::Clock;
use crate::config::Config;
use crate::directory::{Communes, Directory, Finder, Resolution};
use crate::i18n::Catalog;
use crate::rules::{Diagnostic, LoadError, Rules};
use crate::stats::{Stats, Writer};
use crate::understand::Understander;
use crate::web::assets::AssetTable;
use crate::web::{self, AppState, Reload, Reloaded, Shared};

/// How long a client may take to send a request's headers (slow clients, idle
/// keep-alive connections) before the connection is closed.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// How long requests under way may take to finish when the server stops.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);

pub struct App {
    reloader: Arc<Reloader>,
    writer: Option<Writer>,
}

/// What a reload replaces: the rules and the directory, and what is built from them.
struct Knowledge {
    rules: Arc<Rules>,
    understander: Arc<Understander>,
    directory: Arc<Directory>,
    finder: Arc<Finder>,
}

/// Keeps the current router and builds a new one on reload.
struct Reloader {
    config: Config,
    /// The state that does not change on reload (translations, clock, statistics…).
    base: AppState,
    current: ArcSwap<Router>,
}

impl App {
    /// Loads everything the server serves. Fails, saying why, on invalid rules, an
    /// unusable directory, a wrong `--here` or an unwritable `--data-dir`.
    pub fn build(config: &Config) -> anyhow::Result<App> {
        let knowledge = load(config)?;
        let communes = Communes::embedded();
        if let Some(here) = &config.here
            && !matches!(communes.resolve(here), Resolution::Found(_))
        {
            anyhow::bail!("--here {here:?} is not a known postcode, commune or INSEE code");
        }
        let (stats, writer) = match &config.data_dir {
            Some(dir) => {
                let (stats, writer) = Stats::start(dir)
                    .with_context(|| format!("statistics in {}", dir.display()))?;
                (stats, Some(writer))
            }
            None => (Stats::disabled(), None),
        };
        let base = Shared {
            rules: knowledge.rules,
            understander: knowledge.understander,
            communes,
            catalog: Arc::new(
                Catalog::embedded().context("the interface translations cannot be loaded")?,
            ),
            assets: Arc::new(AssetTable::embedded()),
            directory: knowledge.directory,
            finder: knowledge.finder,
            here: config.here.as_deref().map(Arc::from),
            clock: config.clock.clone().unwrap_or_else(Clock::system),
            stats,
            admin_token: config
                .admin_token
                .as_deref()
                .filter(|t| !t.is_empty())
                .map(Arc::from),
            data_dir: config.data_dir.clone(),
            limiter: Arc::new(web::limit::Limiter::new()),
            reload: None,
            kiosk: config.kiosk,
            public_url: config
                .public_url
                .as_deref()
                .map(|url| Arc::from(url.trim_end_matches('/'))),
            pages: Arc::default(),
        };
        let reloader = Arc::new_cyclic(|weak: &std::sync::Weak<Reloader>| {
            let weak: std::sync::Weak<dyn Reload> = weak.clone();
            let state = AppState::new(Shared {
                reload: Some(weak),
                ..base.clone()
            });
            Reloader {
                config: config.clone(),
                current: ArcSwap::from_pointee(web::router(state.clone())),
                base: state,
            }
        });
        Ok(App { reloader, writer })
    }

    /// The application as one router, which always serves the current rules and
    /// directory (a reload swaps them between two requests).
    pub fn router(&self) -> Router {
        let reloader = self.reloader.clone();
        Router::new().fallback_service(tower::service_fn(move |request: Request| {
            let router = reloader.current.load_full();
            async move { (*router).clone().oneshot(request).await }
        }))
    }

    /// Writes the statistics still queued and stops their writer (when not serving:
    /// `serve` does it itself).
    pub fn finish(self) {
        if let Some(writer) = self.writer {
            writer.finish();
        }
    }

    /// Reloads rules and directory from disk (as SIGHUP does).
    pub fn reload(&self) -> Result<Reloaded, String> {
        self.reloader.reload()
    }

    /// Serves until `shutdown` resolves, then lets requests under way finish and
    /// writes the last statistics.
    pub async fn serve(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let router = self.router();
        let graceful = GracefulShutdown::new();
        tokio::pin!(shutdown);
        loop {
            tokio::select! {
                accepted = listener.accept() => {
                    let (stream, peer) = match accepted {
                        Ok(accepted) => accepted,
                        Err(error) => {
                            // Out of file descriptors and the like: wait, then go on.
                            tracing::warn!("accept failed: {error}");
                            tokio::time::sleep(Duration::from_millis(50)).await;
                            continue;
                        }
                    };
                    let service = router.clone().map_request(move |mut request: hyper::Request<hyper::body::Incoming>| {
                        request.extensions_mut().insert(ConnectInfo(peer));
                        request
                    });
                    let connection = hyper::server::conn::http1::Builder::new()
                        .timer(TokioTimer::new())
                        .header_read_timeout(HEADER_TIMEOUT)
                        .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
                    let connection = graceful.watch(connection);
                    tokio::spawn(async move {
                        let _ = connection.await;
                    });
                }
                () = &mut shutdown => break,
            }
        }
        drop(listener);
        if tokio::time::timeout(DRAIN_TIMEOUT, graceful.shutdown())
            .await
            .is_err()
        {
            tracing::warn!("some requests did not finish within {DRAIN_TIMEOUT:?}");
        }
        if let Some(writer) = self.writer {
            tokio::task::spawn_blocking(move || writer.finish())
                .await
                .context("the statistics writer")?;
        }
        Ok(())
    }
}

impl Reload for Reloader {
    fn reload(&self) -> Result<Reloaded, String> {
        let knowledge = load(&self.config).map_err(|error| format!("{error:#}"))?;
        let reloaded = Reloaded {
            rules: knowledge.rules.policy.len(),
            places: knowledge.directory.places.len(),
        };
        let state = AppState::new(Shared {
            rules: knowledge.rules,
            understander: knowledge.understander,
            directory: knowledge.directory,
            finder: knowledge.finder,
            pages: Arc::default(),
            ..Shared::clone(&self.base)
        });
        self.current.store(Arc::new(web::router(state)));
        tracing::info!(
            rules = reloaded.rules,
            places = reloaded.places,
            "rules and directory reloaded"
        );
        Ok(reloaded)
    }
}

/// Loads and checks the rules and the directory.
fn load(config: &Config) -> anyhow::Result<Knowledge> {
    let (rules, diagnostics) = Rules::load(config.rules.as_deref())
        .map_err(|error| match error {
            LoadError::Invalid(diagnostics) => anyhow::anyhow!(render(&diagnostics)),
            other => anyhow::anyhow!(other),
        })
        .context("the rules cannot be used")?;
    for warning in &diagnostics {
        tracing::warn!("{warning}");
    }
    let communes = Communes::embedded();
    let (directory, import) = match &config.places {
        Some(path) => Directory::from_file(path, communes)
            .context("the directory of places cannot be used")?,
        None => Directory::embedded(communes),
    };
    if directory.places.is_empty() {
        anyhow::bail!(
            "the directory of places {} has no usable place",
            directory.origin
        );
    }
    tracing::info!(
        places = directory.places.len(),
        problems = import.problems.len(),
        rejected = import.rejected,
        "directory loaded from {} (`aiguillage import` lists its problems)",
        directory.origin
    );
    let finder = Arc::new(Finder::build(&rules, &directory));
    let understander = Arc::new(Understander::new(&rules));
    Ok(Knowledge {
        rules: Arc::new(rules),
        understander,
        directory,
        finder,
    })
}

fn render(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM (systemd, containers).
pub async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

/// Binds the address and serves until SIGINT or SIGTERM; SIGHUP reloads.
pub async fn run(config: &Config, listen: SocketAddr) -> anyhow::Result<()> {
    let app = App::build(config)?;
    #[cfg(unix)]
    {
        let reloader = app.reloader.clone();
        if let Ok(mut hangup) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())
        {
            tokio::spawn(async move {
                while hangup.recv().await.is_some() {
                    let reloader = reloader.clone();
                    let result = tokio::task::spawn_blocking(move || reloader.reload()).await;
                    match result {
                        Ok(Ok(_)) => {}
                        Ok(Err(why)) => tracing::error!(
                            "reload refused, the previous rules keep serving:\n{why}"
                        ),
                        Err(error) => tracing::error!("reload failed: {error}"),
                    }
                }
            });
        }
    }
    let listener = TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    tracing::info!(address = %listen, "aiguillage is serving: open http://{listen}");
    app.serve(listener, shutdown_signal()).await
}
