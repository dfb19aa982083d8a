//! The names of the Rust types one generated module holds: an endpoint's (`Request`,
//! `Response` and their nested types) or an event's (its struct and nested types).

use crate::model::{Field, Ty};
use crate::names;
use crate::spec::toml::Cx;

/// Refuses two types of one module with the same name, and a type named like a std item the
/// module imports by name (`Option`, `String`..: [`names::IMPORTED`]). `taken` are the
/// module's own names; `what` says whose module it is in messages ("endpoint", "event").
pub fn check<'f>(
    cx: Cx<'_>,
    what: &str,
    taken: &[&str],
    fields: impl IntoIterator<Item = &'f Field>,
) {
    let mut seen: Vec<&str> = taken.to_vec();
    let mut stack: Vec<&Field> = fields.into_iter().collect();
    while let Some(f) = stack.pop() {
        let ty = match &f.ty {
            Ty::List { item, .. } => item.as_ref(),
            other => other,
        };
        let name = match ty {
            Ty::Enum(e) => e.name.as_str(),
            Ty::Object(o) => {
                stack.extend(o.fields.iter());
                o.name.as_str()
            }
            _ => continue,
        };
        if names::IMPORTED.contains(&name) {
            cx.diag.error_help(
                cx.src,
                f.span.clone(),
                format!("a type of this {what} would be named `{name}`, a std name its generated module imports"),
                "set `rust_type` on the field to another name",
            );
        } else if seen.contains(&name) {
            cx.diag.error_help(
                cx.src,
                f.span.clone(),
                format!("two types of this {what} are named `{name}`"),
                "set `rust_type` on one of the fields",
            );
        } else {
            seen.push(name);
        }
    }
}
