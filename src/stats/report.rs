//! The figures of the dashboard, computed from hourly counter rows (of this
//! instance's database, and of other instances' CSV exports merged in).

use std::collections::BTreeMap;

use super::{Channel, Event};

/// One hourly counter: the columns of the database and of the CSV export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub hour: String,
    pub event: String,
    pub channel: String,
    pub lang: String,
    pub theme: String,
    pub referral: String,
    pub department: String,
    pub question: String,
    pub questions: u32,
    pub count: u64,
}

pub const CSV_HEADER: [&str; 10] = [
    "hour",
    "event",
    "channel",
    "lang",
    "theme",
    "referral",
    "department",
    "question",
    "questions",
    "count",
];

impl Row {
    /// The counter an event adds one to.
    pub fn of(hour: &str, event: &Event) -> Row {
        let mut row = Row {
            hour: hour.to_owned(),
            event: event.kind().to_owned(),
            channel: String::new(),
            lang: String::new(),
            theme: String::new(),
            referral: String::new(),
            department: String::new(),
            question: String::new(),
            questions: 0,
            count: 1,
        };
        let channel: Channel = match event {
            Event::Started {
                channel,
                lang,
                theme,
            } => {
                row.lang = (*lang).to_owned();
                row.theme = theme.clone();
                *channel
            }
            Event::Asked { channel, question }
            | Event::Answered { channel, question }
            | Event::Abandoned { channel, question } => {
                row.question = question.clone();
                *channel
            }
            Event::Referral {
                channel,
                lang,
                theme,
                referral,
                department,
                questions,
            } => {
                row.lang = (*lang).to_owned();
                row.theme = theme.clone();
                row.referral = referral.clone();
                row.department = department.clone();
                row.questions = u32::from(*questions);
                *channel
            }
            Event::NotUnderstood { channel, lang } => {
                row.lang = (*lang).to_owned();
                *channel
            }
        };
        row.channel = channel.id().to_owned();
        row
    }

    pub fn csv_fields(&self) -> [String; 10] {
        [
            self.hour.clone(),
            self.event.clone(),
            self.channel.clone(),
            self.lang.clone(),
            self.theme.clone(),
            self.referral.clone(),
            self.department.clone(),
            self.question.clone(),
            self.questions.to_string(),
            self.count.to_string(),
        ]
    }

    /// Reads a CSV export (from this or another instance). Rows that do not fit are
    /// skipped and counted.
    pub fn from_csv(bytes: &[u8]) -> (Vec<Row>, usize) {
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
        let header_ok = reader
            .headers()
            .is_ok_and(|h| h.iter().eq(CSV_HEADER.iter().copied()));
        if !header_ok {
            return (Vec::new(), 1);
        }
        let mut rows = Vec::new();
        let mut bad = 0;
        for record in reader.records() {
            let parsed = record.ok().and_then(|r| {
                let field = |i: usize| r.get(i).map(str::to_owned);
                let plain = |s: &str| {
                    s.len() <= 40
                        && s.chars()
                            .all(|c| c.is_ascii_alphanumeric() || "_-:T".contains(c))
                };
                let row = Row {
                    hour: field(0)?,
                    event: field(1)?,
                    channel: field(2)?,
                    lang: field(3)?,
                    theme: field(4)?,
                    referral: field(5)?,
                    department: field(6)?,
                    question: field(7)?,
                    questions: field(8)?.parse().ok()?,
                    count: field(9)?.parse().ok()?,
                };
                let fields = [
                    &row.hour,
                    &row.event,
                    &row.channel,
                    &row.lang,
                    &row.theme,
                    &row.referral,
                    &row.department,
                    &row.question,
                ];
                fields.iter().all(|f| plain(f)).then_some(row)
            });
            match parsed {
                Some(row) => rows.push(row),
                None => bad += 1,
            }
        }
        (rows, bad)
    }
}

/// What the dashboard shows.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Inclusive local dates, `2026-11-01`.
    pub from: String,
    pub to: String,
    pub channel: Option<String>,
}

/// The figures of a period.
#[derive(Debug, Default, PartialEq)]
pub struct Report {
    pub started: u64,
    pub referrals: u64,
    pub not_understood: u64,
    pub abandoned: u64,
    pub by_theme: Vec<(String, u64)>,
    pub by_referral: Vec<(String, u64)>,
    pub by_channel: Vec<(String, u64)>,
    pub by_department: Vec<(String, u64)>,
    /// Referrals per day.
    pub by_day: Vec<(String, u64)>,
    /// Per question: shown, answered, left idle at it.
    pub questions: Vec<(String, u64, u64, u64)>,
    pub average_questions: Option<f64>,
}

impl Report {
    pub fn of(rows: &[Row], filter: &Filter) -> Report {
        let in_period = |row: &&Row| {
            let day = row.hour.get(..10).unwrap_or_default();
            day >= filter.from.as_str()
                && day <= filter.to.as_str()
                && filter
                    .channel
                    .as_ref()
                    .is_none_or(|channel| *channel == row.channel)
        };
        let rows: Vec<&Row> = rows.iter().filter(in_period).collect();
        let total = |event: &str| {
            rows.iter()
                .filter(|r| r.event == event)
                .map(|r| r.count)
                .sum()
        };
        let sums = |event: &str, key: fn(&Row) -> String| -> Vec<(String, u64)> {
            let mut sums: BTreeMap<String, u64> = BTreeMap::new();
            for row in rows.iter().filter(|r| r.event == event) {
                *sums.entry(key(row)).or_default() += row.count;
            }
            let mut sums: Vec<(String, u64)> = sums.into_iter().collect();
            sums.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            sums
        };
        let mut by_day: BTreeMap<String, u64> = BTreeMap::new();
        for row in rows.iter().filter(|r| r.event == "referral") {
            *by_day
                .entry(row.hour.get(..10).unwrap_or_default().to_owned())
                .or_default() += row.count;
        }
        let mut questions: BTreeMap<String, (u64, u64, u64)> = BTreeMap::new();
        for row in &rows {
            let slot = match row.event.as_str() {
                "asked" => 0,
                "answered" => 1,
                "abandoned" => 2,
                _ => continue,
            };
            let entry = questions.entry(row.question.clone()).or_default();
            match slot {
                0 => entry.0 += row.count,
                1 => entry.1 += row.count,
                _ => entry.2 += row.count,
            }
        }
        let referrals: u64 = total("referral");
        let asked_total: u64 = rows
            .iter()
            .filter(|r| r.event == "referral")
            .map(|r| r.count * u64::from(r.questions))
            .sum();
        Report {
            started: total("started"),
            referrals,
            not_understood: total("not_understood"),
            abandoned: total("abandoned"),
            by_theme: sums("referral", |r| r.theme.clone()),
            by_referral: sums("referral", |r| r.referral.clone()),
            by_channel: sums("referral", |r| r.channel.clone()),
            by_department: sums("referral", |r| r.department.clone()),
            by_day: by_day.into_iter().collect(),
            questions: questions
                .into_iter()
                .map(|(q, (a, b, c))| (q, a, b, c))
                .collect(),
            average_questions: (referrals > 0).then(|| asked_total as f64 / referrals as f64),
        }
    }
}
