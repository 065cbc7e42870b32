//! Problems found in rule files, worded for a coordinator who never read Rust.
//!
//! Each diagnostic names the file, the line and column, what is wrong and, when we can
//! tell, what to write instead.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: String,
    /// 1-based; 0 when the problem concerns the whole file or folder.
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if self.line == 0 {
            write!(f, "{}: {severity}: {}", self.file, self.message)?;
        } else {
            write!(
                f,
                "{}:{}:{}: {severity}: {}",
                self.file, self.line, self.column, self.message
            )?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = fix: {help}")?;
        }
        Ok(())
    }
}

/// A rule file's name and text, able to turn byte offsets into lines.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The name shown in diagnostics: `rules/themes.toml` or the path given on the command line.
    pub name: String,
    pub text: String,
}

impl SourceFile {
    /// The 1-based line and column of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = &self.text[..floor_char_boundary(&self.text, offset)];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, column)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Collects diagnostics while the rules are loaded and checked.
#[derive(Debug, Default)]
pub struct Report {
    diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn error(&mut self, at: Location<'_>, message: impl Into<String>, help: Option<String>) {
        self.push(Severity::Error, at, message.into(), help);
    }

    pub fn warning(&mut self, at: Location<'_>, message: impl Into<String>, help: Option<String>) {
        self.push(Severity::Warning, at, message.into(), help);
    }

    fn push(
        &mut self,
        severity: Severity,
        at: Location<'_>,
        message: String,
        help: Option<String>,
    ) {
        let (file, line, column) = match at {
            Location::File(file) => (file.name.clone(), 0, 0),
            Location::At(file, offset) => {
                let (line, column) = file.position(offset);
                (file.name.clone(), line, column)
            }
            Location::Folder(name) => (name.to_owned(), 0, 0),
        };
        self.diagnostics.push(Diagnostic {
            severity,
            file,
            line,
            column,
            message,
            help,
        });
    }

    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    pub fn into_diagnostics(mut self) -> Vec<Diagnostic> {
        self.diagnostics.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity).cmp(&(&b.file, b.line, b.column, b.severity))
        });
        self.diagnostics.dedup();
        self.diagnostics
    }
}

/// Where a diagnostic points.
#[derive(Clone, Copy, Debug)]
pub enum Location<'a> {
    File(&'a SourceFile),
    At(&'a SourceFile, usize),
    Folder(&'a str),
}

/// The closest of `candidates` to a misspelt `word`, if one is close enough to be a typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // Below 0.8 Jaro-Winkler similarity, short identifiers such as `need` and `device`
    // start to "match" each other; the suggestion would then mislead more than help.
    const TYPO_SIMILARITY: f64 = 0.8;
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(word, candidate), candidate))
        .filter(|(score, _)| *score >= TYPO_SIMILARITY)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}
