//! The command line: `aiguillage [serve]`, `aiguillage check`, `aiguillage import`.
//! Every option of the server also reads an environment variable, for systemd units
//! and containers.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::clock::Clock;

#[derive(Debug, Parser)]
#[command(
    name = "aiguillage",
    version,
    about = "Triage of residents' digital problems towards the right help."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub serve: ServeArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web interface and the API (the default).
    Serve(ServeArgs),
    /// Check a rules folder: every problem with file, line and fix; then the scenarios.
    Check(CheckArgs),
    /// Check a directory file of the national standard (CSV or JSON, v1 or v0.x):
    /// every bad row, field and value, without stopping at the first.
    Import(ImportArgs),
}

#[derive(Clone, Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "AIGUILLAGE_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Rules folder to use instead of the rules embedded in the binary.
    #[arg(long, env = "AIGUILLAGE_RULES", value_name = "DIR")]
    pub rules: Option<PathBuf>,
    /// Directory of places (CSV or JSON of the national standard) to use instead of
    /// the embedded one.
    #[arg(long, env = "AIGUILLAGE_PLACES", value_name = "FILE")]
    pub places: Option<PathBuf>,
    /// Where this kiosk is (a postcode, a commune or an INSEE code): "near here"
    /// without typing.
    #[arg(long, env = "AIGUILLAGE_HERE", value_name = "PLACE")]
    pub here: Option<String>,
    /// Folder of the anonymous statistics database.
    #[arg(
        long,
        env = "AIGUILLAGE_DATA_DIR",
        value_name = "DIR",
        default_value = "aiguillage-data"
    )]
    pub data_dir: PathBuf,
    /// Keep no statistics at all.
    #[arg(long, env = "AIGUILLAGE_NO_STATS")]
    pub no_stats: bool,
    /// Run as a touchscreen kiosk: huge targets, no link leaving the site, the visit
    /// wiped after 2 minutes without a touch.
    #[arg(long, env = "AIGUILLAGE_KIOSK")]
    pub kiosk: bool,
    /// The public address of the site (`https://aide.exemple.fr`), for the QR codes of
    /// printed slips. Without it, the address the browser used.
    #[arg(long, env = "AIGUILLAGE_PUBLIC_URL", value_name = "URL")]
    pub public_url: Option<String>,
    /// Token of the coordinator's pages (/stats, /admin/reload). Without it, they are off.
    #[arg(
        long,
        env = "AIGUILLAGE_ADMIN_TOKEN",
        value_name = "TOKEN",
        hide_env_values = true
    )]
    pub admin_token: Option<String>,
}

#[derive(Clone, Debug, Args)]
pub struct CheckArgs {
    /// Rules folder to check instead of the embedded rules.
    #[arg(long, env = "AIGUILLAGE_RULES", value_name = "DIR")]
    pub rules: Option<PathBuf>,
    /// Directory of places to check with the rules.
    #[arg(long, env = "AIGUILLAGE_PLACES", value_name = "FILE")]
    pub places: Option<PathBuf>,
}

#[derive(Clone, Debug, Args)]
pub struct ImportArgs {
    /// The file to check: `.csv` or `.json`.
    pub file: PathBuf,
}

/// What the server needs to start.
#[derive(Clone, Debug, Default)]
pub struct Config {
    pub rules: Option<PathBuf>,
    pub places: Option<PathBuf>,
    pub here: Option<String>,
    /// The system clock when `None`; tests fix it.
    pub clock: Option<Clock>,
    /// Statistics folder; `None`: no statistics.
    pub data_dir: Option<PathBuf>,
    pub admin_token: Option<String>,
    pub kiosk: bool,
    pub public_url: Option<String>,
}

impl From<&ServeArgs> for Config {
    fn from(args: &ServeArgs) -> Config {
        Config {
            rules: args.rules.clone(),
            places: args.places.clone(),
            here: args.here.clone(),
            clock: None,
            data_dir: (!args.no_stats).then(|| args.data_dir.clone()),
            admin_token: args.admin_token.clone(),
            kiosk: args.kiosk,
            public_url: args.public_url.clone(),
        }
    }
}
