//! Secrets out of logged exchanges: values of names ending in `password`, `passwd`, `secret`
//! or `token` (so `access_token`, `refresh_token`, `client_secret` too) become `***`, in
//! query strings, JSON, XML (elements and attributes) and form-encoded bodies. A scan, not a
//! parse: it never fails, and leaves everything else byte for byte.

const HIDDEN: &str = "***";

/// Whether a field of this name holds a secret.
pub(crate) fn sensitive(name: &str) -> bool {
    let name = name.trim().to_ascii_lowercase();
    let name = name.rsplit(':').next().unwrap_or(&name);
    ["password", "passwd", "secret", "token"]
        .iter()
        .any(|end| name.ends_with(end))
}

/// `POST /path?token=abc&x=1` → `POST /path?token=***&x=1`.
pub(crate) fn request_line(line: &str) -> String {
    match line.split_once('?') {
        Some((head, query)) => format!("{head}?{}", form(query)),
        None => line.to_owned(),
    }
}

/// A request or answer body, whatever its format.
pub(crate) fn body(text: &str) -> String {
    match text.trim_start().as_bytes().first() {
        Some(b'{' | b'[') => json(text),
        Some(b'<') => xml(text),
        Some(_) if text.contains('=') => form(text),
        _ => text.to_owned(),
    }
}

/// `a=1&password=x` → `a=1&password=***`.
fn form(text: &str) -> String {
    text.split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, _)) if sensitive(k) => format!("{k}={HIDDEN}"),
            _ => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// The index just past the JSON string starting at `start` (a `"`), or the end of the text.
fn string_end(b: &[u8], start: usize) -> usize {
    let mut k = start + 1;
    while k < b.len() {
        match b[k] {
            b'\\' => k += 2,
            b'"' => return k + 1,
            _ => k += 1,
        }
    }
    b.len()
}

fn skip_space(b: &[u8], mut k: usize) -> usize {
    while k < b.len() && b[k].is_ascii_whitespace() {
        k += 1;
    }
    k
}

/// `{"password":"x"}` → `{"password":"***"}`; numbers and other scalars too.
fn json(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut i, mut copied) = (0, 0);
    while i < b.len() {
        if b[i] != b'"' {
            i += 1;
            continue;
        }
        let end = string_end(b, i);
        let key = text.get(i + 1..end.saturating_sub(1)).unwrap_or("");
        let colon = skip_space(b, end);
        if colon < b.len() && b[colon] == b':' && sensitive(key) {
            let start = skip_space(b, colon + 1);
            let stop = match b.get(start) {
                Some(b'"') => string_end(b, start),
                Some(b'{' | b'[') | None => start,
                Some(_) => {
                    let mut k = start;
                    while k < b.len() && !matches!(b[k], b',' | b'}' | b']') {
                        k += 1;
                    }
                    k
                }
            };
            if stop > start {
                out.push_str(text.get(copied..start).unwrap_or(""));
                out.push('"');
                out.push_str(HIDDEN);
                out.push('"');
                copied = stop;
            }
            i = stop.max(colon + 1);
        } else {
            i = end;
        }
    }
    out.push_str(text.get(copied..).unwrap_or(""));
    out
}

/// `<password>x</password>` → `<password>***</password>`, `password="x"` in a tag likewise.
fn xml(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut i, mut copied) = (0, 0);
    let hide = |out: &mut String, copied: &mut usize, from: usize, to: usize| {
        if to > from {
            out.push_str(text.get(*copied..from).unwrap_or(""));
            out.push_str(HIDDEN);
            *copied = to;
        }
    };
    while i < b.len() {
        if b[i] != b'<' || matches!(b.get(i + 1), Some(b'/' | b'?' | b'!') | None) {
            i += 1;
            continue;
        }
        let name_end = (i + 1..b.len())
            .find(|&k| b[k].is_ascii_whitespace() || matches!(b[k], b'>' | b'/'))
            .unwrap_or(b.len());
        let element = text.get(i + 1..name_end).unwrap_or("");
        // Attributes up to the tag's end, quotes respected.
        let mut k = name_end;
        let mut attribute_start = name_end;
        while k < b.len() && b[k] != b'>' {
            if matches!(b[k], b'"' | b'\'') {
                let quote = b[k];
                let close = (k + 1..b.len()).find(|&j| b[j] == quote).unwrap_or(b.len());
                let name = text
                    .get(attribute_start..k)
                    .unwrap_or("")
                    .trim()
                    .trim_end_matches('=');
                if sensitive(name) {
                    hide(&mut out, &mut copied, k + 1, close);
                }
                k = close + 1;
                attribute_start = k;
                continue;
            }
            if b[k].is_ascii_whitespace() {
                attribute_start = k;
            }
            k += 1;
        }
        let self_closing = k > 0 && b.get(k - 1) == Some(&b'/');
        let content = k + 1;
        if k < b.len() && !self_closing && sensitive(element) {
            const CDATA: &str = "<![CDATA[";
            if text.get(content..).is_some_and(|t| t.starts_with(CDATA)) {
                let from = content + CDATA.len();
                let to = text
                    .get(from..)
                    .and_then(|t| t.find("]]>"))
                    .map_or(b.len(), |n| from + n);
                hide(&mut out, &mut copied, from, to);
            } else {
                let to = (content..b.len())
                    .find(|&j| b[j] == b'<')
                    .unwrap_or(b.len());
                hide(&mut out, &mut copied, content, to);
            }
        }
        i = content;
    }
    out.push_str(text.get(copied..).unwrap_or(""));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_secrets_are_hidden_and_the_rest_kept() {
        let body = r#"{"username":"api", "password" : "Secret\"123", "access_token":"abc",
            "refresh_token":"def","access_token_expire_time":1800,"client_secret":42,"x":"password"}"#;
        let redacted = body_text(body);
        assert_eq!(
            redacted,
            r#"{"username":"api", "password" : "***", "access_token":"***",
            "refresh_token":"***","access_token_expire_time":1800,"client_secret":"***","x":"password"}"#
        );
    }

    fn body_text(text: &str) -> String {
        body(text)
    }

    #[test]
    fn xml_elements_cdata_and_attributes_are_hidden() {
        let body = "<request><password>Secret123</password><a:token><![CDATA[t<k]]></a:token>\
                    <user secret='s' name=\"n\"/><refresh_token/></request>";
        assert_eq!(
            body_text(body),
            "<request><password>***</password><a:token><![CDATA[***]]></a:token>\
             <user secret='***' name=\"n\"/><refresh_token/></request>"
        );
    }

    #[test]
    fn forms_and_queries_are_hidden() {
        assert_eq!(body_text("user=api&password=x"), "user=api&password=***");
        assert_eq!(
            request_line("POST /api?access_token=abc&page=1"),
            "POST /api?access_token=***&page=1"
        );
        assert_eq!(request_line("GET /json"), "GET /json");
    }

    #[test]
    fn broken_bodies_never_panic() {
        for text in [
            "{\"password\":",
            "{\"password\"",
            "{\"pass",
            "<password>",
            "<password",
            "<a b='",
            "<",
            "{\"token\": \"\\",
            "é<password>ü</password>",
        ] {
            let _ = body_text(text);
        }
        assert_eq!(
            body_text("<a>é</a><password>ü</password>"),
            "<a>é</a><password>***</password>"
        );
    }
}
