//! Reading `[failure.<field>]` of an endpoint file: the fields a failure body carries beside its
//! status when it has no error code (S-Series `sms/send` answers
//! `{"status":"Failed","action":"sms-send"}`), so that such a body decodes as the vendor error
//! it is, its fields kept, rather than as an undecodable answer.

use pbx_wire::Envelope;
use pbx_wire::write::Place;

use crate::model::{Api, Field, Ty};
use crate::spec::field::{self, Side};
use crate::spec::toml::Table;

/// Reads the endpoint's `failure` table; empty when it has none.
pub fn parse(root: &Table<'_, '_>, api: &Api) -> Vec<Field> {
    let cx = root.cx();
    let Some(t) = root.table("failure", "the failure fields") else {
        return Vec::new();
    };
    let fields = field::fields(&t, Side::Response, api.json_scalars);
    t.finish(&[]);
    if api.envelope != Envelope::Status {
        cx.diag.error_help(
            cx.src,
            t.span.clone(),
            format!(
                "`failure` applies only to the `status` envelope, not `{}`",
                api.envelope.as_str()
            ),
            "it describes a `Failed` answer that carries no `errno`; this family's failures always carry a code",
        );
        return Vec::new();
    }
    let mut fields = fields;
    fields.retain(|f| {
        let scalar = !matches!(f.ty, Ty::Object(_) | Ty::List { .. });
        let envelope = f.wire == "status" || f.wire == "errno";
        if !scalar {
            cx.diag.error(
                cx.src,
                f.span.clone(),
                format!(
                    "failure field `{}` must be a scalar: a failure's fields are kept as name and text",
                    f.wire
                ),
            );
        } else if envelope {
            cx.diag.error(
                cx.src,
                f.span.clone(),
                format!(
                    "failure field `{}` is part of the status envelope; remove it",
                    f.wire
                ),
            );
        } else if f.place == Place::Attribute {
            cx.diag.error(
                cx.src,
                f.span.clone(),
                "a status-envelope body has no attributes: failure fields are elements",
            );
        }
        scalar && !envelope
    });
    fields
}
