//! Wiring: load the rules, the communes, the translations and the assets, build the
//! router, bind the listener.

use std::sync::Arc;

use anyhow::Context;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::directory::Communes;
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
        let understander = Understander::new(&rules);
        let state = AppState {
            rules: Arc::new(rules),
            understander: Arc::new(understander),
            communes: Communes::embedded(),
            catalog: Arc::new(catalog),
            assets: Arc::new(AssetTable::embedded()),
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
