//! The event spec reader from text: the repository's event files generate, each kind of
//! mistake is a rendered error at its file, line and column, and event files cut short or
//! corrupted are refused without a panic.

use std::path::{Path, PathBuf};

fn specs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

const FAMILY: &str = r#"
name = "Demo API"
version = "v1"
url = "/api/{version}/{path}?token={token}&type={format}"
formats = ["json"]
envelope = "status"

[events]
transport = "http_report"
key = "action"
"#;

const RING: &str = r#"name = "Ringing"
summary = "Rings."
event = "RING"
call_keys = ["callid", "inbound.inboundid"]

[fields.callid]
type = "string"

[fields.inbound]
type = "object"
required = false

[fields.inbound.fields.inboundid]
type = "string"

[[examples]]
name = "ring"
body = '''{"action":"RING","callid":"1.2","inbound":{"inboundid":"1.3"}}'''
"#;

fn generate(family: &str, events: &[(&str, &str)]) -> Result<String, Vec<String>> {
    pbx_gen::generate_from_text_with_events(family, &[], events).map(|c| c.to_string())
}

fn errors(family: &str, events: &[(&str, &str)]) -> String {
    generate(family, events)
        .expect_err("a spec error")
        .join("\n")
}

/// `(family text, [(module, event text)])` of every repository family with event files.
fn families_with_events() -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(specs())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("events").is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("events"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        files.sort();
        let events = files
            .iter()
            .map(|f| {
                let stem = f.file_stem().unwrap().to_string_lossy().into_owned();
                (stem, read(f))
            })
            .collect();
        out.push((without_session(&read(&dir.join("family.toml"))), events));
    }
    out
}

/// The family text without its `[session]` tables, whose endpoints are not given here.
fn without_session(family: &str) -> String {
    let Some(start) = family.find("\n[session]") else {
        return family.to_owned();
    };
    let end = family
        .find("\n[events]")
        .filter(|&e| e > start)
        .unwrap_or(family.len());
    format!("{}{}", &family[..start], &family[end..])
}

fn pairs(events: &[(String, String)]) -> Vec<(&str, &str)> {
    events
        .iter()
        .map(|(m, t)| (m.as_str(), t.as_str()))
        .collect()
}

#[test]
fn repository_event_files_generate_from_text() {
    let families = families_with_events();
    assert!(families.len() >= 2);
    for (family, events) in &families {
        let code = generate(family, &pairs(events)).unwrap_or_else(|e| panic!("{}", e.join("\n")));
        assert!(code.contains("FamilyEvents for Event"), "no events module");
        for (module, _) in events {
            assert!(code.contains(&format!("pub mod {module}")), "{module}");
        }
    }
}

#[test]
fn a_declared_event_generates_its_variant_and_keys() {
    let code = generate(FAMILY, &[("ring", RING)]).unwrap();
    for part in [
        "pub mod events",
        "Ring (ring :: Ring)",
        "\"inboundid\"",
        "Unknown (",
    ] {
        assert!(code.contains(part), "{part} in {code}");
    }
}

#[test]
fn each_mistake_is_reported_at_its_place() {
    let cases: [(&str, &str, &str); 6] = [
        (
            "event = \"RING\"\n",
            "event = \"RING\"\nkind = \"x\"\n",
            "unknown key `kind` in the event file\n --> events/ring.toml:4:1",
        ),
        (
            "\"inbound.inboundid\"",
            "\"inbound.trunk\"",
            "call key `inbound.trunk` names no field: there is no `trunk`",
        ),
        (
            "\"inbound.inboundid\"",
            "\"inbound\"",
            "call key `inbound` ends at the object `inbound`, not at a value",
        ),
        (
            r#""callid":"1.2","#,
            r#""callid":"1.2","extra":1,"#,
            "`extra` is not declared in the spec\n  --> events/ring.toml:18:",
        ),
        (
            r#"{"action":"RING""#,
            r#"{"action":"BYE""#,
            "the body names the event `BYE`, not `RING`",
        ),
        (
            "type = \"string\"\n\n[fields.inbound]",
            "type = \"strng\"\n\n[fields.inbound]",
            "unknown type `strng`",
        ),
    ];
    for (from, to, expected) in cases {
        let text = RING.replacen(from, to, 1);
        assert_ne!(text, RING, "{from}");
        let found = errors(FAMILY, &[("ring", &text)]);
        assert!(found.contains(expected), "{expected}\nnot in\n{found}");
    }
}

#[test]
fn framing_mistakes_are_reported_in_the_family_file() {
    let no_table = FAMILY.replace(
        "[events]\ntransport = \"http_report\"\nkey = \"action\"\n",
        "",
    );
    assert!(errors(&no_table, &[("ring", RING)]).contains("has no `[events]` table"));
    let trigger_key = FAMILY.replace("http_report", "url_trigger");
    assert!(errors(&trigger_key, &[]).contains("named by its path"));
    let no_key = FAMILY.replace("key = \"action\"\n", "");
    assert!(errors(&no_key, &[]).contains("missing required key `key`"));
    let reserved = errors(FAMILY, &[("unknown", &RING.replace("RING", "X"))]);
    assert!(reserved.contains("which is taken"), "{reserved}");
    let twice = errors(FAMILY, &[("ring", RING), ("ringing", RING)]);
    assert!(
        twice.contains("event `RING` is already declared"),
        "{twice}"
    );
    // `[events]` alone declares no event: everything decodes as unknown.
    assert!(
        generate(FAMILY, &[])
            .unwrap()
            .contains("FamilyEvents for Event")
    );
}

#[test]
fn event_files_cut_short_or_corrupted_are_refused_without_panicking() {
    let noise = ['"', '[', ']', '=', '\n', '{', '\'', '.', '\u{e9}'];
    let mut tried = 0usize;
    for (family, events) in families_with_events() {
        for (module, text) in events.iter().take(4) {
            let cuts = text.char_indices().map(|(i, _)| i).step_by(97);
            for at in cuts {
                let short = &text[..at];
                let _ = generate(&family, &[(module, short)]);
                for c in noise {
                    let mut broken = text.clone();
                    let end = text[at..]
                        .chars()
                        .next()
                        .map_or(at, |ch| at + ch.len_utf8());
                    broken.replace_range(at..end, &c.to_string());
                    if let Err(errors) = generate(&family, &[(module, &broken)]) {
                        assert!(errors.iter().all(|e| e.contains("-->")), "{errors:?}");
                    }
                    tried += 1;
                }
            }
        }
    }
    assert!(tried > 100);
}
