//! Spec errors: collected (never the first only), rendered like rustc's own messages with
//! `--> file:line:col` and the offending line, and emitted as `compile_error!`s.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::ops::Range;

use proc_macro2::{Span, TokenStream};
use quote::quote_spanned;

use crate::spec::source::Source;

/// One spec error.
#[derive(Debug, Clone)]
pub struct SpecError {
    /// The spec file as the user would write its path.
    pub file: String,
    /// 1-based line and column, with the line's text and the width to underline.
    pub location: Option<Location>,
    /// What is wrong.
    pub message: String,
    /// How to fix it, if there is something to say.
    pub help: Option<String>,
}

/// Where in a file an error is.
#[derive(Debug, Clone)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The text of the line.
    pub text: String,
    /// Characters to underline.
    pub width: usize,
}

impl SpecError {
    /// Renders the error as rustc renders its own.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{}", self.message);
        match &self.location {
            None => {
                let _ = write!(out, "  --> {}", self.file);
            }
            Some(loc) if loc.text.is_empty() && loc.width == 0 => {
                let _ = write!(out, "  --> {}:{}:{}", self.file, loc.line, loc.column);
            }
            Some(loc) => {
                let gutter = loc.line.to_string().len();
                let pad = " ".repeat(gutter);
                let _ = writeln!(out, "{pad}--> {}:{}:{}", self.file, loc.line, loc.column);
                let _ = writeln!(out, "{pad} |");
                let _ = writeln!(out, "{} | {}", loc.line, loc.text);
                let lead: String = loc
                    .text
                    .chars()
                    .take(loc.column - 1)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                let _ = write!(out, "{pad} | {lead}{}", "^".repeat(loc.width.max(1)));
            }
        }
        if let Some(help) = &self.help {
            let _ = write!(out, "\n   = help: {help}");
        }
        out
    }
}

/// The error accumulator that every stage reports into.
#[derive(Debug, Default)]
pub struct Diagnostics {
    errors: RefCell<Vec<SpecError>>,
}

impl Diagnostics {
    /// Reports an error at a byte span of a spec file.
    pub fn error(&self, src: &Source, span: Range<usize>, message: impl Into<String>) {
        self.push(src, Some(span), message.into(), None);
    }

    /// Reports an error with a hint on how to fix it.
    pub fn error_help(
        &self,
        src: &Source,
        span: Range<usize>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.push(src, Some(span), message.into(), Some(help.into()));
    }

    /// Reports an error about a file's content as a whole (a missing top-level key), located
    /// at its start without quoting a line.
    pub fn file_start_error(&self, src: &Source, message: String) {
        self.errors.borrow_mut().push(SpecError {
            file: src.display.clone(),
            location: Some(Location {
                line: 1,
                column: 1,
                text: String::new(),
                width: 0,
            }),
            message,
            help: None,
        });
    }

    /// Reports an error about a file as a whole (missing, unreadable, badly named).
    pub fn file_error(&self, file: &str, message: impl Into<String>, help: Option<String>) {
        self.errors.borrow_mut().push(SpecError {
            file: file.to_owned(),
            location: None,
            message: message.into(),
            help,
        });
    }

    fn push(
        &self,
        src: &Source,
        span: Option<Range<usize>>,
        message: String,
        help: Option<String>,
    ) {
        let location = span.map(|s| src.locate(s));
        self.errors.borrow_mut().push(SpecError {
            file: src.display.clone(),
            location,
            message,
            help,
        });
    }

    /// The number of errors so far.
    pub fn count(&self) -> usize {
        self.errors.borrow().len()
    }

    /// Takes the errors, in the order reported.
    pub fn take(&self) -> Vec<SpecError> {
        std::mem::take(&mut *self.errors.borrow_mut())
    }

    /// One `compile_error!` per error, spanned at the macro call.
    pub fn into_compile_errors(self, span: Span) -> TokenStream {
        self.take()
            .iter()
            .map(|e| {
                let message = e.render();
                quote_spanned!(span=> ::core::compile_error!(#message);)
            })
            .collect()
    }
}
