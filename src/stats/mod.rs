//! Anonymous statistics: what the triage saw, counted per hour, for the coordinator's
//! reports to funders. The only module that touches the database.
//!
//! A request hands an event to `Stats::record`, which never waits and never fails: the
//! event goes into a bounded channel, and one writer thread adds it to hourly counters
//! in SQLite, a transaction at most every second. Nothing identifies a person: no IP
//! address, no user agent, no free text, no place finer than the département, no
//! individual visit — only counts.

pub mod report;
pub mod store;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use tokio::sync::mpsc;

pub use report::{Filter, Report, Row};
pub use store::{Store, StoreError};

/// How many events may wait for the writer; beyond, new ones are dropped (and counted).
const QUEUE: usize = 8192;
/// The writer commits at least this often, so a crash loses at most this much.
const FLUSH_EVERY: Duration = Duration::from_millis(500);
/// Or as soon as this many events wait.
const BATCH: usize = 512;

/// Where a visit comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Channel {
    Kiosk,
    Reception,
    Web,
    Chat,
    Api,
}

impl Channel {
    pub const ALL: [Channel; 5] = [
        Channel::Kiosk,
        Channel::Reception,
        Channel::Web,
        Channel::Chat,
        Channel::Api,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Channel::Kiosk => "kiosk",
            Channel::Reception => "reception",
            Channel::Web => "web",
            Channel::Chat => "chat",
            Channel::Api => "api",
        }
    }
}

/// Something the triage saw. Every field is a stable id of the rules or a
/// département code: never a text a person wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// A theme was chosen (or understood): a triage began.
    Started {
        channel: Channel,
        lang: &'static str,
        theme: String,
    },
    /// A question was shown (`near` for the place).
    Asked { channel: Channel, question: String },
    /// A question was answered (the next step was shown).
    Answered { channel: Channel, question: String },
    /// A referral was given.
    Referral {
        channel: Channel,
        lang: &'static str,
        theme: String,
        referral: String,
        department: String,
        questions: u8,
    },
    /// A visit stopped before its referral (a kiosk left idle), at this question.
    Abandoned { channel: Channel, question: String },
    /// A text was not understood (the text itself is not kept).
    NotUnderstood {
        channel: Channel,
        lang: &'static str,
    },
}

impl Event {
    pub fn kind(&self) -> &'static str {
        match self {
            Event::Started { .. } => "started",
            Event::Asked { .. } => "asked",
            Event::Answered { .. } => "answered",
            Event::Referral { .. } => "referral",
            Event::Abandoned { .. } => "abandoned",
            Event::NotUnderstood { .. } => "not_understood",
        }
    }
}

/// The handle requests use to record events.
#[derive(Clone)]
pub struct Stats {
    sender: Option<mpsc::Sender<Message>>,
    dropped: Arc<AtomicU64>,
}

impl std::fmt::Debug for Stats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Stats(enabled: {})", self.sender.is_some())
    }
}

/// The writer thread; `finish` drains the queue and waits for the last commit.
pub struct Writer {
    thread: Option<JoinHandle<()>>,
    sender: mpsc::Sender<Message>,
}

enum Message {
    Event(DateTime<Utc>, Event),
    /// Write what came before, then stop.
    Stop,
}

impl Stats {
    /// Statistics switched off: events are ignored.
    pub fn disabled() -> Stats {
        Stats {
            sender: None,
            dropped: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Opens (or creates and migrates) the database in `dir` and starts the writer.
    pub fn start(dir: &Path) -> Result<(Stats, Writer), StoreError> {
        let mut store = Store::open(dir)?;
        let (sender, mut receiver) = mpsc::channel::<Message>(QUEUE);
        let thread = std::thread::Builder::new()
            .name("stats-writer".to_owned())
            .spawn(move || {
                let mut batch = Vec::with_capacity(BATCH);
                // Wait for one event (or the end), then gather what else is ready.
                let mut stopping = false;
                while !stopping && let Some(first) = receiver.blocking_recv() {
                    match first {
                        Message::Event(at, event) => batch.push((at, event)),
                        Message::Stop => stopping = true,
                    }
                    let started = Instant::now();
                    while batch.len() < BATCH && started.elapsed() < FLUSH_EVERY {
                        if stopping {
                            break;
                        }
                        match receiver.try_recv() {
                            Ok(Message::Event(at, event)) => batch.push((at, event)),
                            Ok(Message::Stop) => stopping = true,
                            Err(mpsc::error::TryRecvError::Empty) => {
                                std::thread::sleep(Duration::from_millis(20))
                            }
                            Err(mpsc::error::TryRecvError::Disconnected) => break,
                        }
                    }
                    if let Err(error) = store.add(&batch) {
                        tracing::error!("statistics not written ({} events): {error}", batch.len());
                    }
                    batch.clear();
                }
            })
            .map_err(|error| StoreError::Thread(error.to_string()))?;
        let writer_sender = sender.clone();
        Ok((
            Stats {
                sender: Some(sender),
                dropped: Arc::new(AtomicU64::new(0)),
            },
            Writer {
                thread: Some(thread),
                sender: writer_sender,
            },
        ))
    }

    /// Records an event, now. Never waits; a full queue drops the event.
    pub fn record(&self, event: Event) {
        self.record_at(Utc::now(), event);
    }

    pub fn record_at(&self, at: DateTime<Utc>, event: Event) {
        if let Some(sender) = &self.sender
            && sender.try_send(Message::Event(at, event)).is_err()
        {
            self.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Events dropped because the writer could not keep up.
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }

    pub fn is_enabled(&self) -> bool {
        self.sender.is_some()
    }
}

impl Writer {
    /// Waits until every event recorded before the last `Stats` handle was dropped is
    /// written. Call after the server has stopped.
    pub fn finish(mut self) {
        // Waits for room in the queue: everything recorded before is written first.
        let _ = self.sender.blocking_send(Message::Stop);
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            tracing::error!("the statistics writer stopped with a panic");
        }
    }
}
