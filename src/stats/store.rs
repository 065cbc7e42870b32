//! The statistics database: hourly counters in SQLite, the schema migrated at start-up.
//!
//! WAL journal and one transaction per batch: a crash (even SIGKILL) leaves a
//! consistent database that has every committed batch.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, params};

use super::Event;
use super::report::Row;
use crate::clock::local_time;

/// The database file, inside `--data-dir`.
pub const FILE: &str = "statistiques.sqlite";

/// The schema, one step per version (`PRAGMA user_version`). Never edit a step once
/// shipped: add the next one.
const MIGRATIONS: &[&str] = &["CREATE TABLE counts (
        hour TEXT NOT NULL,
        event TEXT NOT NULL,
        channel TEXT NOT NULL,
        lang TEXT NOT NULL,
        theme TEXT NOT NULL,
        referral TEXT NOT NULL,
        department TEXT NOT NULL,
        question TEXT NOT NULL,
        questions INTEGER NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (hour, event, channel, lang, theme, referral, department, question, questions)
    ) WITHOUT ROWID"];

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the data folder {0}: {1}")]
    Folder(PathBuf, std::io::Error),
    #[error("statistics database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("the statistics database is newer (version {0}) than this aiguillage")]
    TooNew(i64),
    #[error("cannot start the statistics writer: {0}")]
    Thread(String),
}

pub struct Store {
    connection: Connection,
}

impl Store {
    /// Opens the database of `dir`, creating the folder, the file and the schema.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(dir)
            .map_err(|error| StoreError::Folder(dir.to_path_buf(), error))?;
        let connection = Connection::open(dir.join(FILE))?;
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "NORMAL")?;
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        migrate(&connection)?;
        Ok(Store { connection })
    }

    /// A read-only view of the database of `dir` (the dashboard).
    pub fn read(dir: &Path) -> Result<Store, StoreError> {
        let connection = Connection::open_with_flags(
            dir.join(FILE),
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        Ok(Store { connection })
    }

    /// Adds a batch of events to the hourly counters, in one transaction.
    pub fn add(&mut self, events: &[(DateTime<Utc>, Event)]) -> Result<(), StoreError> {
        let transaction = self.connection.transaction()?;
        {
            let mut upsert = transaction.prepare_cached(
                "INSERT INTO counts (hour, event, channel, lang, theme, referral, department, question, questions, count)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1)
                 ON CONFLICT DO UPDATE SET count = count + 1",
            )?;
            for (at, event) in events {
                let row = Row::of(&hour(*at), event);
                upsert.execute(params![
                    row.hour,
                    row.event,
                    row.channel,
                    row.lang,
                    row.theme,
                    row.referral,
                    row.department,
                    row.question,
                    row.questions,
                ])?;
            }
        }
        transaction.commit()?;
        Ok(())
    }

    /// Every counter between two hours (`2026-11-23T00`), inclusive.
    pub fn rows(&self, from: &str, to: &str) -> Result<Vec<Row>, StoreError> {
        let mut query = self.connection.prepare(
            "SELECT hour, event, channel, lang, theme, referral, department, question, questions, count
             FROM counts WHERE hour >= ?1 AND hour <= ?2 ORDER BY hour",
        )?;
        let rows = query
            .query_map(params![from, to], |r| {
                Ok(Row {
                    hour: r.get(0)?,
                    event: r.get(1)?,
                    channel: r.get(2)?,
                    lang: r.get(3)?,
                    theme: r.get(4)?,
                    referral: r.get(5)?,
                    department: r.get(6)?,
                    question: r.get(7)?,
                    questions: r.get(8)?,
                    count: u64::try_from(r.get::<_, i64>(9)?).unwrap_or(0),
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// `PRAGMA integrity_check`: "ok" when the file is sound.
    pub fn integrity(&self) -> Result<String, StoreError> {
        Ok(self
            .connection
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    /// The columns of the counters table (for the test that nothing personal is kept).
    pub fn columns(&self) -> Result<Vec<String>, StoreError> {
        let mut query = self
            .connection
            .prepare("SELECT name FROM pragma_table_info('counts')")?;
        let names = query
            .query_map([], |r| r.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
        Ok(names)
    }
}

fn migrate(connection: &Connection) -> Result<(), StoreError> {
    let version: i64 = connection.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let known = MIGRATIONS.len() as i64;
    if version > known {
        return Err(StoreError::TooNew(version));
    }
    for (step, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        connection.execute_batch(&format!(
            "BEGIN; {sql}; PRAGMA user_version = {}; COMMIT;",
            step + 1
        ))?;
        tracing::info!(version = step + 1, "statistics database migrated");
    }
    Ok(())
}

/// The local hour of an instant, the unit of the counters: `2026-11-23T14`.
pub fn hour(at: DateTime<Utc>) -> String {
    local_time(at, None).format("%Y-%m-%dT%H").to_string()
}
