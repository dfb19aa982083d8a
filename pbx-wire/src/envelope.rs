//! The vendor envelopes around parameters and results. A family spec names one; the code for
//! each lives here once.

use crate::endpoint::Fields;
use crate::error::{DecodeError, DecodeErrorKind};
use crate::format::Format;
use crate::json;
use crate::read;
use crate::tree::{Element, Kind};
use crate::write::{JsonList, JsonScalar, Place, Sink};

pub use crate::failure::FailureField;

/// An envelope, as named in a family spec (`envelope = "status"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Envelope {
    /// OpenVox and Yeastar S-Series: parameters are the members of a flat JSON object or the
    /// children of an `<xml>` root; responses carry `status` = `Success` or `Failed` with an
    /// `errno`, always with HTTP 200.
    Status,
    /// Switchvox Extend: `<request method="switchvox.call"><parameters>..</parameters></request>`
    /// (JSON: `{"request":{"method":..,"parameters":{..}}}`); responses
    /// `<response method=".."><result>..</result></response>` or
    /// `<errors><error code=".." message=".."/></errors>` in place of the result.
    Switchvox,
    /// Yeastar P-Series OpenAPI: parameters are a flat JSON object; every response carries
    /// `errcode` (an integer, 0 for success) and `errmsg` beside its fields.
    Errcode,
}

/// An error as the envelope carried it, before the family's codes type it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawError {
    /// The code as sent.
    pub code: String,
    /// The message, if the envelope carries one.
    pub message: Option<String>,
}

/// The XML root of a status-envelope body.
pub(crate) const STATUS_ROOT: &str = "xml";

impl Envelope {
    /// Names the envelope's spec spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Envelope::Status => "status",
            Envelope::Switchvox => "switchvox",
            Envelope::Errcode => "errcode",
        }
    }

    /// Members of a response's result element that belong to the envelope, not to the
    /// endpoint's fields.
    pub fn reserved_fields(self) -> &'static [&'static str] {
        match self {
            Envelope::Status => &["status", "errno"],
            Envelope::Switchvox => &[],
            Envelope::Errcode => &["errcode", "errmsg"],
        }
    }

    /// Writes a request: the envelope, with `params` writing the parameters inside it.
    #[inline]
    pub fn write_request<S: Sink>(
        self,
        out: &mut S,
        format: Format,
        rpc_method: Option<&str>,
        params: impl FnOnce(&mut S),
    ) {
        match self {
            Envelope::Status | Envelope::Errcode => {
                out.begin_document(STATUS_ROOT);
                params(out);
                out.end_document();
            }
            Envelope::Switchvox => {
                rpc_open(out, format, "request", rpc_method);
                out.begin("parameters");
                params(out);
                out.end();
                rpc_close(out, format);
            }
        }
    }

    /// Finds the parameters inside a request body.
    pub fn open_request<'e, 'a>(
        self,
        root: &'e Element<'a>,
        format: Format,
        rpc_method: Option<&str>,
    ) -> Result<Option<&'e Element<'a>>, DecodeError> {
        match self {
            Envelope::Status | Envelope::Errcode => Ok(Some(root)),
            Envelope::Switchvox => {
                let request = rpc_root(root, format, "request", rpc_method)?;
                request.child("parameters")
            }
        }
    }

    /// Writes a success response with `fields` writing the result.
    pub fn write_success<S: Sink>(
        self,
        out: &mut S,
        format: Format,
        rpc_method: Option<&str>,
        fields: impl FnOnce(&mut S),
    ) {
        match self {
            Envelope::Status => {
                out.begin_document(STATUS_ROOT);
                out.scalar("status", "Success", JsonScalar::String, Place::Element);
                fields(out);
                out.end_document();
            }
            Envelope::Errcode => {
                out.begin_document(STATUS_ROOT);
                out.integer("errcode", 0, JsonScalar::Raw, Place::Element);
                out.scalar("errmsg", "SUCCESS", JsonScalar::String, Place::Element);
                fields(out);
                out.end_document();
            }
            Envelope::Switchvox => {
                rpc_open(out, format, "response", rpc_method);
                // Switchvox's JSON is its XML converted: one item alone, not in an array.
                out.one_item_lists();
                out.begin("result");
                fields(out);
                out.end();
                rpc_close(out, format);
            }
        }
    }

    /// Writes an error response.
    pub fn write_errors<S: Sink>(
        self,
        out: &mut S,
        format: Format,
        rpc_method: Option<&str>,
        errors: &[RawError],
    ) {
        match self {
            Envelope::Status => {
                out.begin_document(STATUS_ROOT);
                out.scalar("status", "Failed", JsonScalar::String, Place::Element);
                if let Some(first) = errors.first() {
                    out.scalar("errno", &first.code, JsonScalar::String, Place::Element);
                }
                out.end_document();
            }
            Envelope::Errcode => {
                out.begin_document(STATUS_ROOT);
                if let Some(first) = errors.first() {
                    let json = if is_json_integer(&first.code) {
                        JsonScalar::Raw
                    } else {
                        JsonScalar::String
                    };
                    out.scalar("errcode", &first.code, json, Place::Element);
                    let message = first.message.as_deref().unwrap_or("FAILURE");
                    out.scalar("errmsg", message, JsonScalar::String, Place::Element);
                }
                out.end_document();
            }
            Envelope::Switchvox => {
                rpc_open(out, format, "response", rpc_method);
                // One error is an object, several an array (the vendor's "Error Code
                // Formatting"; PySwitchvox tests `type(errors['error']) is list`).
                out.one_item_lists();
                out.begin_list("errors", Some("error"), JsonList::Wrapped);
                for error in errors {
                    out.begin("error");
                    let json = if is_json_integer(&error.code) {
                        JsonScalar::Raw
                    } else {
                        JsonScalar::String
                    };
                    out.scalar("code", &error.code, json, Place::Attribute);
                    if let Some(message) = &error.message {
                        out.scalar("message", message, JsonScalar::String, Place::Attribute);
                    }
                    out.end();
                }
                out.end_list();
                rpc_close(out, format);
            }
        }
    }

    /// Decodes a successful JSON response straight into `R`, without the document tree, when
    /// the body is plainly one; `None` otherwise (errors, vendor errors and anything unusual
    /// take the tree path through [`Envelope::open_response`], which has the last word).
    /// `rpc_method` is the method a Switchvox answer must name, as for XML.
    pub fn read_json_success<R: Fields>(self, body: &[u8], rpc_method: Option<&str>) -> Option<R> {
        // The member that says "success", and the value it must have (trimmed, any case).
        let (name, success) = match self {
            Envelope::Status => ("status", "success"),
            Envelope::Errcode => ("errcode", "0"),
            Envelope::Switchvox => return json::read_rpc_result(body, rpc_method),
        };
        let mut r = json::Reader::new(body)?;
        let mut seen = false;
        let value = R::read_json(&mut r, &mut |r, key| {
            if key != name {
                return Some(false);
            }
            if seen {
                return None;
            }
            seen = true;
            let text = r.text()??;
            let text = text.trim();
            let ok = match self {
                Envelope::Errcode => text == success,
                _ => text.eq_ignore_ascii_case(success),
            };
            ok.then_some(true)
        })?;
        r.end()?;
        seen.then_some(value)
    }

    /// Opens a response: the element holding the result fields, or the errors the PBX
    /// reported.
    pub fn open_response<'e, 'a>(
        self,
        root: &'e Element<'a>,
        format: Format,
        rpc_method: Option<&str>,
    ) -> Result<Result<&'e Element<'a>, Vec<RawError>>, DecodeError> {
        match self {
            Envelope::Status => {
                if format == Format::Xml && root.name != STATUS_ROOT {
                    return Err(DecodeError::new(DecodeErrorKind::Envelope(format!(
                        "root element `{}` is not `{STATUS_ROOT}`",
                        root.name
                    ))));
                }
                let status = read::scalar(root, "status", Place::Element)?.ok_or_else(|| {
                    DecodeError::new(DecodeErrorKind::Envelope("no `status` field".into()))
                })?;
                match status.trim() {
                    s if s.eq_ignore_ascii_case("success") => Ok(Ok(root)),
                    s if s.eq_ignore_ascii_case("failed") => {
                        let code = read::scalar(root, "errno", Place::Element)?
                            .map(|c| c.trim().to_owned())
                            .filter(|c| !c.is_empty())
                            .ok_or_else(|| {
                                DecodeError::new(DecodeErrorKind::Envelope(
                                    "`Failed` without an `errno`".into(),
                                ))
                            })?;
                        Ok(Err(vec![RawError {
                            code,
                            message: None,
                        }]))
                    }
                    other => Err(DecodeError::at(
                        "status",
                        DecodeErrorKind::Envelope(format!(
                            "`{}` is neither `Success` nor `Failed`",
                            read::truncate(other)
                        )),
                    )),
                }
            }
            Envelope::Errcode => {
                let code = read::scalar(root, "errcode", Place::Element)?
                    .map(|c| c.trim().to_owned())
                    .filter(|c| !c.is_empty())
                    .ok_or_else(|| {
                        DecodeError::new(DecodeErrorKind::Envelope("no `errcode` field".into()))
                    })?;
                if code == "0" {
                    return Ok(Ok(root));
                }
                let message = read::string(root, "errmsg", Place::Element)?;
                Ok(Err(vec![RawError { code, message }]))
            }
            Envelope::Switchvox => {
                let response = rpc_root(root, format, "response", rpc_method)?;
                if response.child("errors")?.is_some() {
                    let errors = read::list(response, "errors", Some("error"), |e| {
                        read::expect_object(e)?;
                        Ok(RawError {
                            code: read::required(
                                read::scalar(e, "code", Place::Attribute)?,
                                "code",
                            )?
                            .trim()
                            .to_owned(),
                            message: read::string(e, "message", Place::Attribute)?,
                        })
                    })?;
                    if errors.is_empty() {
                        return Err(DecodeError::at(
                            "errors",
                            DecodeErrorKind::Envelope("an empty error list".into()),
                        ));
                    }
                    return Ok(Err(errors));
                }
                match response.child("result")? {
                    Some(result) if matches!(result.kind, Kind::Object | Kind::Element) => {
                        Ok(Ok(result))
                    }
                    Some(_) => Err(DecodeError::at(
                        "result",
                        DecodeErrorKind::Envelope("`result` is not an element".into()),
                    )),
                    None => Err(DecodeError::new(DecodeErrorKind::Envelope(
                        "neither `result` nor `errors`".into(),
                    ))),
                }
            }
        }
    }
}

/// Whether `text` is a JSON integer literal as written (`-?(0|[1-9][0-9]*)`).
pub fn is_json_integer(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
}

fn rpc_open<S: Sink>(out: &mut S, format: Format, root: &'static str, rpc_method: Option<&str>) {
    match format {
        Format::Json => {
            out.begin_document("");
            out.begin(root);
        }
        Format::Xml => out.begin_document(root),
    }
    if let Some(method) = rpc_method {
        out.scalar("method", method, JsonScalar::String, Place::Attribute);
    }
}

fn rpc_close<S: Sink>(out: &mut S, format: Format) {
    if format == Format::Json {
        out.end();
    }
    out.end_document();
}

fn rpc_root<'e, 'a>(
    root: &'e Element<'a>,
    format: Format,
    name: &str,
    rpc_method: Option<&str>,
) -> Result<&'e Element<'a>, DecodeError> {
    let element = match format {
        Format::Json => root.child(name)?.ok_or_else(|| {
            DecodeError::new(DecodeErrorKind::Envelope(format!("no `{name}` member")))
        })?,
        Format::Xml if root.name == name => root,
        Format::Xml => {
            return Err(DecodeError::new(DecodeErrorKind::Envelope(format!(
                "root element `{}` is not `{name}`",
                root.name
            ))));
        }
    };
    if let (Some(expected), Some(found)) = (
        rpc_method,
        read::scalar(element, "method", Place::Attribute)?,
    ) && found != expected
    {
        return Err(DecodeError::at(
            "method",
            DecodeErrorKind::Envelope(format!("`{found}` is not `{expected}`")),
        ));
    }
    Ok(element)
}
