//! `call_keys` of an event file: the dotted wire paths of the fields that identify the call
//! (`callid`, `inbound.inboundid`, `members.inbound.channel_id`), each checked to run through
//! objects and lists of objects to a scalar (or a list of scalars) the event declares.

use crate::model::{Field, Ty};
use crate::spec::toml::Table;

/// Reads and checks `call_keys`; every path returned names fields all the way down.
pub fn read(root: &Table<'_, '_>, fields: &[Field]) -> Vec<Vec<String>> {
    let cx = root.cx();
    let Some(list) = root.str_array("call_keys") else {
        return Vec::new();
    };
    let mut out: Vec<Vec<String>> = Vec::new();
    for key in list {
        let path: Vec<String> = key.value.split('.').map(str::to_owned).collect();
        match check(fields, &path) {
            Ok(()) if out.contains(&path) => cx.diag.error(
                cx.src,
                key.span,
                format!("call key `{}` is listed twice", key.value),
            ),
            Ok(()) => out.push(path),
            Err(problem) => cx.diag.error_help(
                cx.src,
                key.span,
                format!("call key `{}` {problem}", key.value),
                "a call key is the dotted wire path of a declared field: `callid`, `inbound.inboundid`",
            ),
        }
    }
    out
}

/// Whether `path` runs through `fields` to a scalar; what is wrong if not.
fn check(fields: &[Field], path: &[String]) -> Result<(), String> {
    let Some((first, rest)) = path.split_first() else {
        return Err("is empty".into());
    };
    let Some(field) = fields.iter().find(|f| f.wire == *first) else {
        return Err(format!("names no field: there is no `{first}`"));
    };
    let ty = match &field.ty {
        Ty::List { item, .. } => item.as_ref(),
        other => other,
    };
    match (ty, rest.is_empty()) {
        (Ty::Object(o), false) => check(&o.fields, rest),
        (Ty::Object(_), true) => Err(format!("ends at the object `{first}`, not at a value")),
        (Ty::Bool(_), true) => Err(format!(
            "ends at the boolean `{first}`, which identifies nothing"
        )),
        (_, true) => Ok(()),
        (_, false) => Err(format!("goes on past the value `{first}`")),
    }
}
