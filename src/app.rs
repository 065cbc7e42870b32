//! Wiring: load the rules, the communes, the translations and the assets, build the
//! router, bind the listener.

use std::sync::Arc;

use anyhow::Context;
use tokio::net::TcpListener;

use crate::clock::Clock;
use crate::config::Config;
use crate::directory::{Communes, Directory, Finder, Resolution};
use crate::i18n::Catalog;
use crate::rules::Rules;
use crate::understand::Understander;
use crate::web::assets::AssetTable;
use crate::web::{self, AppState};

pub struct App {
    pub state: AppState,
}

impl App {
    /// Loads everything the server serves. Fails, saying why, on invalid rules.
    pub fn build(config: &Config) -> anyhow::Result<App> {
        let (rules, diagnostics) =
            Rules::load(config.rules.as_deref()).context("the rules cannot be used")?;
        for warning in &diagnostics {
            tracing::warn!("{warning}");
        }
        let catalog = Catalog::embedded().context("the interface translations cannot be loaded")?;
        let communes = Communes::embedded();
        let clock = config.clock.clone().unwrap_or_else(Clock::system);
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
        if let Some(here) = &config.here
            && !matches!(communes.resolve(here), Resolution::Found(_))
        {
            anyhow::bail!("--here {here:?} is not a known postcode, commune or INSEE code");
        }
        let finder = Finder::build(&rules, &directory);
        let understander = Understander::new(&rules);
        let state = AppState {
            rules: Arc::new(rules),
            understander: Arc::new(understander),
            communes,
            catalog: Arc::new(catalog),
            assets: Arc::new(AssetTable::embedded()),
            directory,
            finder: Arc::new(finder),
            here: config.here.as_deref().map(Arc::from),
            clock,
        };
        Ok(App { state })
    }

    pub fn router(&self) -> axum::Router {
        web::router(self.state.clone())
    }

    /// Serves until `shutdown` resolves, then finishes the requests under way.
    pub async fn serve(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        axum::serve(listener, self.router())
            .with_graceful_shutdown(shutdown)
            .await
            .context("the server stopped")
    }
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

/// Binds the address and serves until SIGINT or SIGTERM.
pub async fn run(config: &Config, listen: std::net::SocketAddr) -> anyhow::Result<()> {
    let app = App::build(config)?;
    let listener = TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    tracing::info!(address = %listen, "aiguillage is serving: open http://{listen}");
    app.serve(listener, shutdown_signal()).await
}
