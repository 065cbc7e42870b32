//! The command line: `aiguillage [serve]`, `aiguillage check`. Every option of the
//! server also reads an environment variable, for systemd units and containers.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

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
}

#[derive(Clone, Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "AIGUILLAGE_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Rules folder to use instead of the rules embedded in the binary.
    #[arg(long, env = "AIGUILLAGE_RULES", value_name = "DIR")]
    pub rules: Option<PathBuf>,
}

#[derive(Clone, Debug, Args)]
pub struct CheckArgs {
    /// Rules folder to check instead of the embedded rules.
    #[arg(long, env = "AIGUILLAGE_RULES", value_name = "DIR")]
    pub rules: Option<PathBuf>,
}

/// What the server needs to start.
#[derive(Clone, Debug, Default)]
pub struct Config {
    pub rules: Option<PathBuf>,
}

impl From<&ServeArgs> for Config {
    fn from(args: &ServeArgs) -> Config {
        Config {
            rules: args.rules.clone(),
        }
    }
}
