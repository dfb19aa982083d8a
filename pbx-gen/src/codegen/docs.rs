//! Documentation text for generated items, from the specs' prose.

use pbx_wire::Effect;
use pbx_wire::read::BoolWire;

use crate::model::{Api, Endpoint, Field, Ty};

/// Spec prose made safe for rustdoc: brackets and angle brackets in vendor text are literal,
/// not links or HTML.
pub fn prose(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    for c in text.trim().chars() {
        match c {
            '`' => {
                in_code = !in_code;
                out.push(c);
            }
            '[' if !in_code => out.push_str("\\["),
            ']' if !in_code => out.push_str("\\]"),
            '<' if !in_code => out.push_str("&lt;"),
            '>' if !in_code => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// What the endpoint's `effect` means for a caller.
pub fn effect(effect: Effect) -> &'static str {
    match effect {
        Effect::Read => "reads state only; safe to repeat",
        Effect::Call => "acts on a call; never repeated automatically",
        Effect::Write => "changes configuration",
        Effect::Session => "manages the API session",
    }
}

/// The endpoint module's documentation.
pub fn endpoint(api: &Api, e: &Endpoint) -> String {
    let mut doc = format!("**{}**: {}", prose(&e.name), prose(&e.summary));
    if let Some(why) = &e.unverified {
        doc.push_str(&format!("\n\n**Unverified:** {}", prose(why)));
    }
    if !e.doc.trim().is_empty() {
        doc.push_str("\n\n");
        doc.push_str(&prose(&e.doc));
    }
    let formats: Vec<&str> = e.formats.iter().map(|f| f.as_str()).collect();
    doc.push_str(&format!("\n\n- Request: `{} {}`", e.method, e.url));
    if let Some(m) = &e.rpc_method {
        doc.push_str(&format!(" with method `{m}`"));
    }
    doc.push_str(&format!("\n- Formats: {}", formats.join(", ")));
    doc.push_str(&format!("\n- Effect: {}", effect(e.effect)));
    if !e.errors.is_empty() {
        doc.push_str("\n- Documented errors:");
        for code in &e.errors {
            if let Some(def) = api.errors.iter().find(|d| &d.code == code) {
                doc.push_str(&format!(
                    "\n  - `{code}` ([`ErrorCode::{}`](super::ErrorCode::{})): {}",
                    def.variant,
                    def.variant,
                    prose(&def.message)
                ));
            }
        }
    }
    doc.push_str(&format!("\n- Spec: `{}`", e.file));
    doc
}

/// A client method's documentation: what the endpoint does, its parameters (the required ones
/// are the arguments, in order; the optional ones the builder's setters), its documented
/// errors and the vendor's first example.
pub fn method(api: &Api, e: &Endpoint) -> String {
    let module = &e.module_path[e.module_path.len() - 1];
    let mut doc = format!("**{}**: {}", prose(&e.name), prose(&e.summary));
    if let Some(why) = &e.unverified {
        doc.push_str(&format!("\n\n**Unverified:** {}", prose(why)));
    }
    if !e.doc.trim().is_empty() {
        doc.push_str("\n\n");
        doc.push_str(&prose(&e.doc));
    }
    doc.push_str(&format!(
        "\n\nSends [`{module}::Request`] (`{} {}`); {}.",
        e.method,
        e.url,
        effect(e.effect)
    ));
    if !e.params.is_empty() {
        doc.push_str("\n\n# Parameters\n");
        for f in &e.params {
            let how = if f.required {
                "argument".to_owned()
            } else {
                format!("setter `.{}(..)`", crate::names::method_name(&f.ident))
            };
            let text = prose(&f.doc);
            let text = if text.is_empty() {
                "-".to_owned()
            } else {
                text
            };
            doc.push_str(&format!(
                "\n- `{}` ({how}): {}",
                f.wire,
                text.replace('\n', " ")
            ));
        }
    }
    let errors: Vec<String> = e
        .errors
        .iter()
        .filter_map(|code| {
            let def = api.errors.iter().find(|d| &d.code == code)?;
            Some(format!(
                "\n- `{code}` (`ErrorCode::{}`): {}",
                def.variant,
                prose(&def.message)
            ))
        })
        .collect();
    if !errors.is_empty() {
        doc.push_str("\n\n# Errors\n\nBesides the client's own, the PBX documents:\n");
        doc.push_str(&errors.concat());
    }
    if let Some(x) = e.examples.first() {
        doc.push_str(&format!(
            "\n\n# Example\n\nThe vendor's `{}` ({}):",
            x.name,
            x.format.as_str()
        ));
        for (what, body) in [("Request", &x.request), ("Response", &x.response)] {
            if let Some(body) = body {
                let fence = if body.contains("```") { "~~~~" } else { "```" };
                doc.push_str(&format!(
                    "\n\n{what}:\n\n{fence}{}\n{}\n{fence}",
                    x.format.as_str(),
                    body.trim()
                ));
            }
        }
    }
    doc.push_str(&format!("\n\nSpec: `{}`", e.file));
    doc
}

/// A field's documentation: the spec's text, then its wire name, constraints, default and
/// example.
pub fn field(f: &Field) -> String {
    let mut doc = prose(&f.doc);
    if doc.is_empty() {
        doc = format!("`{}`.", f.wire);
    }
    let mut facts = vec![format!("wire name `{}`", f.wire)];
    constraints(&f.ty, &mut facts);
    if let Some(d) = &f.default {
        facts.push(format!("PBX default `{d}`"));
    }
    if let Some(x) = &f.example
        && !f.secret
    {
        facts.push(format!("example `{x}`"));
    }
    if f.secret {
        facts.push("secret: hidden from `Debug` and errors".into());
    }
    doc.push_str(&format!("\n\n{}.", capitalise(&facts.join("; "))));
    doc
}

fn constraints(ty: &Ty, facts: &mut Vec<String>) {
    match ty {
        Ty::String(rules) => {
            if let Some((spelling, _)) = &rules.chars {
                facts.push(format!("characters `{spelling}` only"));
            }
            match (rules.min_length, rules.max_length) {
                (Some(lo), Some(hi)) => facts.push(format!("{lo} to {hi} characters")),
                (None, Some(hi)) => facts.push(format!("at most {hi} characters")),
                (Some(lo), None) => facts.push(format!("at least {lo} characters")),
                (None, None) => {}
            }
            if rules.name_value {
                facts.push("`NAME=VALUE`".into());
            }
        }
        Ty::Integer { min, max } => match (min, max) {
            (Some(lo), Some(hi)) => facts.push(format!("{lo} to {hi}")),
            (None, Some(hi)) => facts.push(format!("at most {hi}")),
            (Some(lo), None) => facts.push(format!("at least {lo}")),
            (None, None) => {}
        },
        Ty::Bool(wire) => facts.push(match wire {
            BoolWire::YesNo => "sent as `yes`/`no`".to_owned(),
            BoolWire::OneZero => "sent as `1`/`0`".to_owned(),
        }),
        Ty::List { item, .. } => constraints(item, facts),
        Ty::Enum(_) | Ty::Object(_) => {}
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
