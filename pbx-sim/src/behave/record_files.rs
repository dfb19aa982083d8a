//! Downloads answered from the model's records (`[sim]` actions `download_recording` and
//! `download_cdr`): the recording of an ended call as WAV bytes, and the call records as CSV.
//! Their requests are GET links, so the parameters are read from the query string; a CDR
//! download keeps the records of the period its `[sim]` `start` and `end` name.

use pbx_api::wire::EndpointMeta;
use pbx_api::wire::query::percent_decode;
use pbx_api::wire::sim::SimAction;

use super::Refusal;
use crate::facts::facts;
use crate::model::Model;

/// The file a download endpoint answers from the model, or the vendor's refusal; `None` when
/// its `[sim]` table names no download action (the simulator then makes a file up).
pub(crate) fn file(
    model: &Model,
    meta: &EndpointMeta,
    query: &[(String, String)],
) -> Option<Result<Vec<u8>, Refusal>> {
    let sim = meta.sim.filter(|s| s.action.is_download())?;
    // The pairs are as sent: percent-decoded here (a broken escape is kept as sent).
    let decoded = |text: &str| percent_decode(text).unwrap_or_else(|| text.to_owned());
    let param = |name: Option<&str>| {
        let name = name?;
        query
            .iter()
            .find(|(k, _)| decoded(k) == name)
            .map(|(_, v)| decoded(v).trim().to_owned())
    };
    let family = meta.api.module;
    Some(match sim.action {
        SimAction::DownloadRecording => param(sim.call)
            .and_then(|name| model.recording_bytes(&name))
            .ok_or_else(|| Refusal::code(sim.not_found.unwrap_or(facts(family).call_not_found))),
        _ => {
            // `all`, absent or empty: every record; else the numbers of `a,b`.
            let numbers: Option<Vec<String>> = param(sim.extension)
                .filter(|t| !t.is_empty() && !t.eq_ignore_ascii_case("all"))
                .map(|t| t.split(',').map(|n| n.trim().to_owned()).collect());
            let bounds = (param(sim.start), param(sim.end));
            super::generic::period(family, bounds).map(|filter| {
                model
                    .records
                    .cdr_csv_of(&filter, numbers.as_deref())
                    .into_bytes()
            })
        }
    })
}
