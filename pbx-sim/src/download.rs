//! What the simulator answers a download endpoint with (`download` in its spec): a small file
//! made on the spot, so a client's download path (streaming, cap, envelope refusals) is tested
//! end to end, unless the model holds the recording or the call records asked for.

use pbx_api::wire::{Download, ParamMeta};

/// Half a second of 8 kHz 16-bit mono silence: what a PBX records, in a WAV container.
const SAMPLES: u32 = 4000;

/// The file for a download of `kind`, requested with `query` (pairs as sent).
pub(crate) fn file(kind: Download, params: &[ParamMeta], query: &[(String, String)]) -> Vec<u8> {
    match kind {
        Download::Audio | Download::Bytes => wav(),
        Download::Csv => csv(params, query),
    }
}

/// The file for a download of `family`'s, from the model where it has one: the recording a
/// query value names (its file name or its call's id), or the family's call records as CSV;
/// else [`file`]'s stand-in.
pub(crate) fn from_model(
    model: &crate::model::Model,
    family: &str,
    kind: Download,
    params: &[ParamMeta],
    query: &[(String, String)],
) -> Vec<u8> {
    let found = match kind {
        Download::Audio | Download::Bytes => {
            query.iter().find_map(|(_, v)| model.recording_bytes(v))
        }
        Download::Csv => {
            let filter = crate::model::CdrFilter {
                family: Some(family.to_owned()),
                ..crate::model::CdrFilter::default()
            };
            let any = !model.records.search(&filter).is_empty();
            any.then(|| model.cdr_csv(&filter).into_bytes())
        }
    };
    found.unwrap_or_else(|| file(kind, params, query))
}

/// The `Content-Type` a file of `kind` is served with.
pub(crate) fn content_type(kind: Download) -> &'static str {
    match kind {
        Download::Audio => "audio/x-wav",
        Download::Csv => "text/csv",
        Download::Bytes => "application/octet-stream",
    }
}

/// Whether an answer is an envelope (a refusal) rather than a file.
pub(crate) fn is_envelope(body: &[u8]) -> bool {
    matches!(
        body.iter().find(|b| !b.is_ascii_whitespace()),
        Some(b'{' | b'<')
    )
}

fn wav() -> Vec<u8> {
    let data = SAMPLES * 2;
    let mut out = Vec::with_capacity(44 + data as usize);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes()); // fmt chunk size
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // mono
    out.extend_from_slice(&8000u32.to_le_bytes()); // sample rate
    out.extend_from_slice(&16000u32.to_le_bytes()); // byte rate
    out.extend_from_slice(&2u16.to_le_bytes()); // block align
    out.extend_from_slice(&16u16.to_le_bytes()); // bits per sample
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data.to_le_bytes());
    out.resize(44 + data as usize, 0);
    out
}

/// One header line of the request's parameters and one line of the values asked for: the
/// call records themselves are another part of the model.
fn csv(params: &[ParamMeta], query: &[(String, String)]) -> Vec<u8> {
    let value = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map_or(String::new(), |(_, v)| v.replace([',', '\n', '\r'], " "))
    };
    let header: Vec<&str> = params.iter().map(|p| p.name).collect();
    let row: Vec<String> = params.iter().map(|p| value(p.name)).collect();
    format!("{}\n{}\n", header.join(","), row.join(",")).into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_recording_is_a_well_formed_wav() {
        let wav = wav();
        assert_eq!(&wav[..4], b"RIFF");
        assert_eq!(&wav[8..16], b"WAVEfmt ");
        let size = u32::from_le_bytes([wav[4], wav[5], wav[6], wav[7]]) as usize;
        assert_eq!(size + 8, wav.len());
        assert!(!is_envelope(&wav));
        assert!(is_envelope(br#" {"status":"Failed"}"#));
    }
}
