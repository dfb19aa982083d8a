//! Reading `[[examples]]` of an endpoint file: the vendor's documented bodies, checked against
//! the spec, with every problem reported at the line and column inside the body that is at
//! fault. Vendor mistakes (`mistake`, `decodes`, `corrected`) are kept as written.

use std::ops::Range;

use pbx_wire::{Decodes, Format};
use toml::de::DeValue;

use crate::examples::{self, Problem};
use crate::model::{Api, Endpoint, Example, Mistake};
use crate::spec::family;
use crate::spec::field::Side;
use crate::spec::toml::{At, Cx, Table};

const KEYS: &[&str] = &[
    "name",
    "format",
    "request",
    "response",
    "mistake",
    "decodes",
    "corrected",
];

/// Reads every example of an endpoint, checking each body against its fields.
pub fn read(cx: Cx<'_>, root: &Table<'_, '_>, api: &Api, endpoint: &Endpoint) -> Vec<Example> {
    let mut out = Vec::new();
    let Some((array, _)) = root.array("examples") else {
        return out;
    };
    for item in array.iter() {
        let DeValue::Table(t) = item.get_ref() else {
            cx.diag.error(
                cx.src,
                item.span(),
                "each example is a table (`[[examples]]`)",
            );
            continue;
        };
        let t = Table::new(cx, t, item.span(), "an example");
        let name = t.req_str("name");
        let format = t.req_str("format").and_then(|f| {
            let formats = family::parse_formats(cx, std::slice::from_ref(&f), Some(&api.formats));
            let format = formats.first().copied()?;
            if !endpoint.formats.contains(&format) {
                let spoken: Vec<&str> = endpoint.formats.iter().map(|f| f.as_str()).collect();
                cx.diag.error_help(
                    cx.src,
                    f.span,
                    format!(
                        "this endpoint speaks only {} (its `formats`), so an example in {format} does not apply",
                        spoken.join(" and ")
                    ),
                    "remove the example, or add the format to the endpoint's `formats` if the vendor documents it",
                );
                return None;
            }
            Some(format)
        });
        let request = t.str("request");
        let response = t.str("response");
        let marked = t.get("mistake").is_some();
        let mistake = mistake(&t, request.is_some() && response.is_some());
        t.finish(KEYS);
        let (Some(name), Some(format)) = (name, format) else {
            continue;
        };
        if request.is_none() && response.is_none() {
            cx.diag.error(
                cx.src,
                item.span(),
                "an example needs a `request`, a `response`, or both",
            );
        }
        let bodies = [
            request.as_ref().map(|b| (b, Side::Request)),
            response.as_ref().map(|b| (b, Side::Response)),
        ];
        for (body, side) in bodies.into_iter().flatten() {
            let report = |problems: Vec<Problem>, text: &At<String>| {
                for problem in problems {
                    let span = locate_in_file(cx, text, format, &problem);
                    cx.diag.error(
                        cx.src,
                        span,
                        format!(
                            "example `{}` does not match the spec: {}",
                            name.value, problem.message
                        ),
                    );
                }
            };
            let problems = examples::check(api, endpoint, format, &body.value, side);
            match &mistake {
                // A mistake whose keys are wrong: those errors say it all.
                None if marked => {}
                None => report(problems, body),
                Some((m, decodes_at, corrected)) => {
                    if m.decodes == Decodes::Error && problems.is_empty() {
                        cx.diag.error_help(
                            cx.src,
                            decodes_at.clone(),
                            format!(
                                "example `{}` says `decodes = \"error\"`, but its body matches the spec",
                                name.value
                            ),
                            "remove `mistake` and `decodes`, or use `decodes = \"lenient\"`",
                        );
                    }
                    if let Some(c) = corrected {
                        report(examples::check(api, endpoint, format, &c.value, side), c);
                    }
                }
            }
        }
        out.push(Example {
            name: name.value,
            format,
            request: request.map(|r| r.value),
            response: response.map(|r| r.value),
            mistake: mistake.map(|(m, _, _)| m),
        });
    }
    out
}

/// Reads `mistake`, `decodes` and `corrected`; with the span of `decodes` and the corrected
/// body for checking.
pub(crate) fn mistake(
    t: &Table<'_, '_>,
    two_bodies: bool,
) -> Option<(Mistake, Range<usize>, Option<At<String>>)> {
    let cx = t.cx();
    let note = t.str("mistake");
    let decodes = t.str("decodes");
    let corrected = t.str("corrected");
    let Some(note) = note else {
        for key in [&decodes, &corrected].into_iter().flatten() {
            cx.diag.error_help(
                cx.src,
                key.span.clone(),
                "`decodes` and `corrected` apply only to an example with `mistake`",
                "say what the vendor's body gets wrong: `mistake = \"...\"`",
            );
        }
        return None;
    };
    let Some(decodes) = decodes else {
        t.missing("decodes");
        return None;
    };
    let kind = match decodes.value.as_str() {
        "error" => Decodes::Error,
        "lenient" => Decodes::Lenient,
        other => {
            cx.diag.error_help(
                cx.src,
                decodes.span.clone(),
                format!("`decodes` is `error` or `lenient`, not `{other}`"),
                "`error`: the decoder refuses the body with a typed error; `lenient`: it accepts it",
            );
            return None;
        }
    };
    if let Some(c) = &corrected {
        if kind == Decodes::Error {
            cx.diag.error_help(
                cx.src,
                c.span.clone(),
                "`corrected` applies only to `decodes = \"lenient\"`",
                "a body the decoder refuses decodes to nothing a correction could equal",
            );
        } else if two_bodies {
            cx.diag.error_help(
                cx.src,
                c.span.clone(),
                "`corrected` applies to an example with one body",
                "put the request and the response in examples of their own",
            );
        }
    }
    if note.value.trim().is_empty() {
        cx.diag.error(
            cx.src,
            note.span.clone(),
            "`mistake` is empty: say what the vendor's body gets wrong",
        );
    }
    let corrected = corrected.filter(|_| kind == Decodes::Lenient && !two_bodies);
    Some((
        Mistake {
            note: note.value,
            decodes: kind,
            corrected: corrected.as_ref().map(|c| c.value.clone()),
        },
        decodes.span,
        corrected,
    ))
}

/// Where in the spec file a problem of `body` is: the offending token inside the body when it
/// can be found and the TOML string maps byte for byte onto its value (literal strings, and
/// basic strings without escapes), else the whole string.
pub(crate) fn locate_in_file(
    cx: Cx<'_>,
    body: &At<String>,
    format: Format,
    problem: &Problem,
) -> Range<usize> {
    let whole = body.span.clone();
    let Some(inner) = locate(&body.value, format, problem) else {
        return whole;
    };
    let Some(raw) = cx.src.text.get(whole.clone()) else {
        return whole;
    };
    let Some(start) = content_start(raw, &body.value) else {
        return whole;
    };
    whole.start + start + inner.start..whole.start + start + inner.end
}

/// The offset of a TOML string's value inside its source text, when the source holds the value
/// verbatim.
fn content_start(raw: &str, value: &str) -> Option<usize> {
    for delim in ["'''", "\"\"\"", "'", "\""] {
        if let Some(rest) = raw.strip_prefix(delim) {
            let multi = delim.len() == 3;
            let skip = if multi && rest.starts_with("\r\n") {
                2
            } else if multi && rest.starts_with('\n') {
                1
            } else {
                0
            };
            let start = delim.len() + skip;
            return raw.get(start..)?.starts_with(value).then_some(start);
        }
    }
    None
}

/// Where in `body` a problem is: the syntax error's position, else the last key of its path
/// (searched in order, each after the one before), then its value after that key.
pub(crate) fn locate(body: &str, format: Format, problem: &Problem) -> Option<Range<usize>> {
    if let Some(at) = problem.offset {
        let at = at.min(body.len());
        let end = body[at..].chars().next().map_or(at, |c| at + c.len_utf8());
        return Some(at..end);
    }
    let mut found: Option<Range<usize>> = None;
    for segment in problem.path.split('.').filter(|s| !s.is_empty()) {
        let from = found.as_ref().map_or(0, |r| r.end);
        let hit = find_key(body, from, segment, format)?;
        found = Some(hit);
    }
    if let (Some(value), Some(key)) = (&problem.value, &found) {
        let quoted = match format {
            Format::Json => body[key.end..].find(value.as_str()),
            Format::Xml => body[key.end..].find(&format!(">{value}<")).map(|i| i + 1),
        };
        if let Some(i) = quoted.filter(|_| !value.is_empty()) {
            let start = key.end + i;
            return Some(start..start + value.len());
        }
    }
    if found.is_none() && problem.value.is_some() {
        let value = problem.value.as_deref()?;
        let start = body.find(value).filter(|_| !value.is_empty())?;
        return Some(start..start + value.len());
    }
    found
}

/// The next key named `name` at or after `from`: `"name"` followed by `:` in JSON, `<name`
/// (or an attribute `name=`) in XML.
fn find_key(body: &str, from: usize, name: &str, format: Format) -> Option<Range<usize>> {
    let mut at = from;
    while at <= body.len() {
        let rest = body.get(at..)?;
        let (needle, skip) = match format {
            Format::Json => (format!("\"{name}\""), 1),
            Format::Xml => (format!("<{name}"), 1),
        };
        let xml_attr = format!(" {name}=");
        let hit = match format {
            Format::Json => rest.find(&needle).map(|i| (i, needle.len())),
            Format::Xml => {
                let element = rest.find(&needle).map(|i| (i, needle.len()));
                let attr = rest.find(&xml_attr).map(|i| (i + 1, name.len() + 1));
                match (element, attr) {
                    (Some(e), Some(a)) => Some(if a.0 < e.0 { a } else { e }),
                    (e, a) => e.or(a),
                }
            }
        }?;
        let start = at + hit.0;
        let end = start + hit.1;
        let next = body[end..].chars().next();
        let whole_name = match format {
            Format::Json => body[end..].trim_start().starts_with(':'),
            Format::Xml => next.is_none_or(|c| !(c.is_alphanumeric() || "_-.:".contains(c))),
        };
        if whole_name {
            return Some(start + skip..start + skip + name.len());
        }
        at = end;
    }
    None
}

/// The byte offset a JSON syntax error names (`... at line L column C`) in `body`.
pub(crate) fn syntax_offset(body: &str, message: &str) -> Option<usize> {
    let tail = &message[message.rfind(" at line ")? + " at line ".len()..];
    let (line, column) = tail.split_once(" column ")?;
    let line: usize = line.trim().parse().ok()?;
    let column: usize = column.trim().parse().ok()?;
    let line_start = if line <= 1 {
        0
    } else {
        body.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let text = &body[line_start..];
    let within = text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| i);
    Some(line_start + within)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(path: &str, value: Option<&str>) -> Problem {
        Problem {
            message: String::new(),
            path: path.into(),
            value: value.map(str::to_owned),
            offset: None,
        }
    }

    #[test]
    fn finds_the_key_and_value_a_problem_names() {
        let body = "{\n  \"extid\": \"101\",\n  \"outto\": \"x1\"\n}";
        let r = locate(body, Format::Json, &problem("outto", Some("x1"))).unwrap();
        assert_eq!(&body[r], "x1");
        let r = locate(body, Format::Json, &problem("outto", None)).unwrap();
        assert_eq!(&body[r], "outto");
        let xml = "<xml>\n\t<queue>\n\t\t<queuenumber>9a</queuenumber>\n\t</queue>\n</xml>";
        let r = locate(xml, Format::Xml, &problem("queue.queuenumber", Some("9a"))).unwrap();
        assert_eq!(&xml[r], "9a");
        assert_eq!(locate(xml, Format::Xml, &problem("nothere", None)), None);
        // A key that only starts like the name is not it.
        let r = locate(
            "<xml><ab>1</ab><a>2</a></xml>",
            Format::Xml,
            &problem("a", None),
        );
        assert_eq!(r, Some(16..17));
    }

    #[test]
    fn json_syntax_positions_become_offsets() {
        let body = "{\n  \"a\": \"x\n}";
        assert_eq!(
            syntax_offset(body, "malformed JSON: bad at line 2 column 3"),
            Some(4)
        );
        assert_eq!(syntax_offset(body, "no position"), None);
    }

    #[test]
    fn only_verbatim_strings_map_into_the_file() {
        assert_eq!(content_start("'''\n{}'''", "{}"), Some(4));
        assert_eq!(content_start("'{}'", "{}"), Some(1));
        assert_eq!(content_start("\"{\\\"a\\\"}\"", "{\"a\"}"), None);
    }
}
