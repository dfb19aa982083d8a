//! Failures without a code in the status envelope (`[failure.<field>]` of a spec): S-Series
//! `sms/send` answers `{"action":"sms-send","status":"Failed","smsid":".."}`, no `errno`. Such
//! a body is read as the vendor error it is, its declared fields kept, and written back alike.

use crate::envelope::{Envelope, RawError, STATUS_ROOT};
use crate::error::DecodeError;
use crate::format::Format;
use crate::read;
use crate::tree::Element;
use crate::write::{JsonScalar, Place, Sink};

/// A field a failure body of an endpoint carries beside its status (`[failure.<field>]`),
/// kept in [`crate::VendorError::detail`] when the failure has no code.
#[derive(Debug)]
pub struct FailureField {
    /// The wire name.
    pub name: &'static str,
    /// How the value travels in JSON.
    pub json: JsonScalar,
}

impl Envelope {
    /// A failure without a code: the status envelope's `Failed` with no `errno`, on an endpoint
    /// that declares the fields such a failure carries (`names`). Returns those of the fields
    /// present, as name and text in declared order; `None` when the body is not such a
    /// failure (then [`Envelope::open_response`] decides), or when `names` is empty, so an
    /// endpoint that declares none still refuses a code-less failure as undecodable.
    pub fn bare_failure<'n>(
        self,
        root: &Element<'_>,
        format: Format,
        names: impl IntoIterator<Item = &'n str>,
    ) -> Result<Option<Vec<(String, String)>>, DecodeError> {
        let mut names = names.into_iter().peekable();
        if self != Envelope::Status
            || names.peek().is_none()
            || (format == Format::Xml && root.name != STATUS_ROOT)
        {
            return Ok(None);
        }
        let failed = read::scalar(root, "status", Place::Element)?
            .is_some_and(|s| s.trim().eq_ignore_ascii_case("failed"));
        // `errno` is only looked at on a failure: a success answer's stray `errno` is ignored
        // here as it is by the envelope and by the direct JSON reader.
        if !failed {
            return Ok(None);
        }
        let coded =
            read::scalar(root, "errno", Place::Element)?.is_some_and(|c| !c.trim().is_empty());
        if coded {
            return Ok(None);
        }
        let mut detail = Vec::new();
        for name in names {
            if let Some(value) = read::scalar(root, name, Place::Element)? {
                detail.push((name.to_owned(), value.into_owned()));
            }
        }
        Ok(Some(detail))
    }

    /// Writes an error response as [`Envelope::write_errors`] does; a status-envelope failure
    /// without a code (an empty first code) is written without `errno`, with its `detail`
    /// fields after the status, each in the JSON form `declared` gives it (a string if not
    /// declared).
    pub fn write_failure<S: Sink>(
        self,
        out: &mut S,
        format: Format,
        rpc_method: Option<&str>,
        errors: &[RawError],
        detail: &[(String, String)],
        declared: &[FailureField],
    ) {
        let bare = errors.first().is_none_or(|e| e.code.is_empty());
        if self != Envelope::Status || !bare || detail.is_empty() {
            return self.write_errors(out, format, rpc_method, errors);
        }
        out.begin_document(STATUS_ROOT);
        out.scalar("status", "Failed", JsonScalar::String, Place::Element);
        for (name, value) in detail {
            let json = declared
                .iter()
                .find(|f| f.name == name)
                .map_or(JsonScalar::String, |f| f.json);
            out.scalar(name, value, json, Place::Element);
        }
        out.end_document();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::XmlWriter;

    fn detail(format: Format, body: &str, names: &[&str]) -> Option<Vec<(String, String)>> {
        let root = Element::parse(format, body.as_bytes()).unwrap();
        Envelope::Status
            .bare_failure(&root, format, names.iter().copied())
            .unwrap()
    }

    #[test]
    fn only_a_code_less_failure_with_declared_fields_is_one() {
        let sms = r#"{"action":"sms-send","status":"Failed","smsid":"1"}"#;
        assert_eq!(
            detail(Format::Json, sms, &["action", "smsid", "absent"]),
            Some(vec![
                ("action".into(), "sms-send".into()),
                ("smsid".into(), "1".into())
            ])
        );
        assert_eq!(detail(Format::Json, sms, &[]), None);
        let coded = r#"{"status":"Failed","errno":"10027","action":"sms-send"}"#;
        assert_eq!(detail(Format::Json, coded, &["action"]), None);
        assert_eq!(
            detail(Format::Json, r#"{"status":"Success"}"#, &["action"]),
            None
        );
        let xml = "<xml><status>Failed</status><action>sms-send</action></xml>";
        assert_eq!(
            detail(Format::Xml, xml, &["action"]),
            Some(vec![("action".into(), "sms-send".into())])
        );
    }

    #[test]
    fn written_without_errno_and_with_the_fields() {
        let mut out = XmlWriter::new(64, None, None);
        let errors = [RawError {
            code: String::new(),
            message: None,
        }];
        let detail = [("action".to_owned(), "sms-send".to_owned())];
        Envelope::Status.write_failure(&mut out, Format::Xml, None, &errors, &detail, &[]);
        assert_eq!(
            String::from_utf8(out.finish()).unwrap(),
            "<xml><status>Failed</status><action>sms-send</action></xml>"
        );
    }
}
