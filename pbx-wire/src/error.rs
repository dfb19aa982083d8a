//! Errors of the wire layer: a body that cannot be decoded, a request that breaks its spec's
//! constraints, and a vendor's own error envelope.

use std::fmt;

/// A body that could not be decoded into the expected type. Never a panic: every malformed,
/// truncated or hostile body ends here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// Where in the body, as a dotted path of field names (`outbound[1].from`); empty for the
    /// body as a whole.
    pub path: String,
    /// What was wrong.
    pub kind: DecodeErrorKind,
}

/// The ways a body can fail to decode.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// Not well-formed JSON or XML.
    Syntax(String),
    /// Not UTF-8; the number of valid leading bytes is given.
    InvalidUtf8(usize),
    /// Nested deeper than [`crate::tree::MAX_DEPTH`].
    TooDeep,
    /// Refused content: DOCTYPE, undeclared entities.
    Forbidden(String),
    /// The vendor envelope is not there or not as documented.
    Envelope(String),
    /// A required field is absent.
    Missing,
    /// A field that may appear once appears more than once.
    Duplicate,
    /// A field has the wrong JSON type or shape.
    WrongType {
        /// What the spec describes.
        expected: &'static str,
        /// What the body holds.
        found: &'static str,
    },
    /// A value that does not parse as its type or breaks a constraint.
    Invalid(String),
    /// A field the spec does not declare (requests only; responses ignore extra fields).
    Unknown,
}

impl DecodeError {
    /// An error about the body as a whole.
    pub fn new(kind: DecodeErrorKind) -> Self {
        DecodeError {
            path: String::new(),
            kind,
        }
    }

    /// An error about one field.
    pub fn at(field: &str, kind: DecodeErrorKind) -> Self {
        DecodeError {
            path: field.to_owned(),
            kind,
        }
    }

    /// Prefixes the path with the enclosing field, as errors bubble out of nested readers.
    pub fn within(mut self, field: &str) -> Self {
        self.path = match (self.path.is_empty(), self.path.starts_with('[')) {
            (true, _) => field.to_owned(),
            (false, true) => format!("{field}{}", self.path),
            (false, false) => format!("{field}.{}", self.path),
        };
        self
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_empty() {
            write!(f, "field `{}`: ", self.path)?;
        }
        match &self.kind {
            DecodeErrorKind::Syntax(m) | DecodeErrorKind::Forbidden(m) => f.write_str(m),
            DecodeErrorKind::InvalidUtf8(at) => {
                write!(f, "the body is not valid UTF-8 (byte {at})")
            }
            DecodeErrorKind::TooDeep => write!(
                f,
                "the body nests deeper than {} levels",
                crate::tree::MAX_DEPTH
            ),
            DecodeErrorKind::Envelope(m) => write!(f, "unexpected envelope: {m}"),
            DecodeErrorKind::Missing => f.write_str("required but absent"),
            DecodeErrorKind::Duplicate => f.write_str("appears more than once"),
            DecodeErrorKind::WrongType { expected, found } => {
                write!(f, "expected {expected}, found {found}")
            }
            DecodeErrorKind::Invalid(m) => f.write_str(m),
            DecodeErrorKind::Unknown => f.write_str("not a parameter of this endpoint"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// A request that breaks a constraint of its spec; found before anything is sent.
///
/// One pointer wide, so `Result<Vec<u8>, InvalidRequest>` (what encoding returns) is no
/// larger than the `Vec`: returning it from the hot path costs no more than returning the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidRequest(Box<Detail>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Detail {
    param: String,
    reason: String,
}

impl InvalidRequest {
    /// An error for one parameter.
    #[cold]
    pub fn new(param: impl Into<String>, reason: impl Into<String>) -> Self {
        InvalidRequest(Box::new(Detail {
            param: param.into(),
            reason: reason.into(),
        }))
    }

    /// The parameter's wire name (with list index where it applies).
    pub fn param(&self) -> &str {
        &self.0.param
    }

    /// What is wrong, in words.
    pub fn reason(&self) -> &str {
        &self.0.reason
    }

    /// The parameter's wire name and the reason, taken out.
    pub fn into_parts(self) -> (String, String) {
        let detail = *self.0;
        (detail.param, detail.reason)
    }

    /// Prefixes the parameter with the enclosing field, for nested objects.
    pub fn within(mut self, field: &str) -> Self {
        let param = &mut self.0.param;
        *param = if param.starts_with('[') {
            format!("{field}{param}")
        } else {
            format!("{field}.{param}")
        };
        self
    }
}

impl fmt::Display for InvalidRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid parameter `{}`: {}", self.0.param, self.0.reason)
    }
}

impl std::error::Error for InvalidRequest {}

/// A broken constraint found while decoding: an error at the parameter.
impl From<InvalidRequest> for DecodeError {
    fn from(e: InvalidRequest) -> Self {
        let (param, reason) = e.into_parts();
        DecodeError::at(&param, DecodeErrorKind::Invalid(reason))
    }
}

/// The error codes of one API family, generated from its spec. Unknown codes are kept, never
/// refused: PBX firmware adds codes faster than documentation does.
pub trait ErrorCode: Clone + fmt::Debug + PartialEq + Send + Sync + 'static {
    /// The code for this wire value (`"10004"`); unknown values give the catch-all variant.
    fn from_code(code: &str) -> Self;
    /// The wire value of this code.
    fn code(&self) -> &str;
    /// The vendor's documented meaning, when the spec lists the code.
    fn description(&self) -> Option<&'static str>;
}

/// An error the PBX reported in its own envelope (`{"status":"Failed","errno":"10004"}`,
/// `<errors><error code=".." message=".."/></errors>`).
#[derive(Debug, Clone, PartialEq)]
pub struct VendorError<C> {
    /// The vendor's code, typed.
    pub code: C,
    /// The message the PBX sent with it, if any (Switchvox sends one; Yeastar does not).
    pub message: Option<String>,
    /// Further errors of the same response, when the PBX reported several.
    pub more: Vec<(C, Option<String>)>,
    /// The fields a failure without a code carried beside its status, as name and wire text,
    /// in the order the spec declares them (`[failure.<field>]`; S-Series `sms/send` answers
    /// `{"status":"Failed","action":"sms-send"}`). Empty for coded failures.
    pub detail: Vec<(String, String)>,
}

impl<C: ErrorCode> VendorError<C> {
    /// An error with a code and no message.
    pub fn new(code: C) -> Self {
        VendorError {
            code,
            message: None,
            more: Vec::new(),
            detail: Vec::new(),
        }
    }

    /// The fields of a failure without a code ([`VendorError::detail`]), as name and value.
    pub fn fields(&self) -> impl Iterator<Item = (&str, &str)> {
        self.detail.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// One field of a failure without a code, by its wire name.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// The message to show a person: the PBX's own, else the spec's description of the code.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref().or_else(|| self.code.description())
    }
}

impl<C: ErrorCode> fmt::Display for VendorError<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.code.code().is_empty() {
            f.write_str("PBX error without a code")?;
            for (i, (name, value)) in self.fields().enumerate() {
                let sep = if i == 0 { ": " } else { ", " };
                write!(f, "{sep}{name} = {value:?}")?;
            }
            return Ok(());
        }
        write!(f, "PBX error {}", self.code.code())?;
        match self.message() {
            Some(m) => write!(f, ": {m}"),
            None => f.write_str(" (not in the vendor's documented error table)"),
        }
    }
}

impl<C: ErrorCode> std::error::Error for VendorError<C> {}

/// Why a response could not be turned into the endpoint's typed response.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseError<C> {
    /// The PBX answered with its error envelope.
    Vendor(VendorError<C>),
    /// The body could not be decoded.
    Decode(DecodeError),
}

impl<C: ErrorCode> fmt::Display for ResponseError<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResponseError::Vendor(e) => e.fmt(f),
            ResponseError::Decode(e) => write!(f, "undecodable response: {e}"),
        }
    }
}

impl<C: ErrorCode> std::error::Error for ResponseError<C> {}

impl<C> From<DecodeError> for ResponseError<C> {
    fn from(e: DecodeError) -> Self {
        ResponseError::Decode(e)
    }
}
