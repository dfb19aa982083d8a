//! Switchvox's HTTP authentication as the simulator enforces it: a captured Digest header
//! works once, an expired nonce is stale, and RFC 7235/7616 list syntax in all its forms.

mod support;

use std::time::Duration;

use pbx_sim::{SimConfig, Simulator, SwitchvoxAuth};
use support::raw::{self, Answer, send};
use support::switchvox::{CALL_JSON, assert_challenged, sim};

/// A captured Digest header works once: sent again (with any body) it is refused, and the
/// call is not placed twice.
#[tokio::test]
async fn a_replayed_digest_header_is_refused() {
    let pbx = sim(SwitchvoxAuth::Digest).await;
    let (nonce, opaque) = send(pbx.addr(), "POST", "/json", &[], b"")
        .await
        .challenge();
    let header = Answer {
        method: "POST",
        uri: "/json",
        nonce: &nonce,
        opaque: &opaque,
        nc: 1,
        cnonce: "abc",
    }
    .requests();
    let auth = [("Authorization", header)];
    let first = send(pbx.addr(), "POST", "/json", &auth, CALL_JSON.as_bytes()).await;
    assert_eq!(first.status, 200, "{first:?}");
    for body in [
        CALL_JSON,
        r#"{"request":{"method":"switchvox.currentCalls.getList","parameters":{}}}"#,
    ] {
        let again = send(pbx.addr(), "POST", "/json", &auth, body.as_bytes()).await;
        assert_challenged(&again, "Digest");
        let challenge = again.header("www-authenticate").unwrap_or_default();
        assert!(!challenge.contains("stale"), "{challenge}");
    }
    assert_eq!(pbx.calls().len(), 1);
}

/// A nonce past its life gets a 401 with `stale=true` (the password was right), and the
/// fresh nonce in it works.
#[tokio::test]
async fn an_expired_nonce_is_stale() {
    let pbx = Simulator::start(SimConfig {
        digest_nonce_life: Duration::ZERO,
        ..SimConfig::default()
    })
    .await
    .expect("simulator");
    let (nonce, opaque) = send(pbx.addr(), "POST", "/json", &[], b"")
        .await
        .challenge();
    let answer = Answer {
        method: "POST",
        uri: "/json",
        nonce: &nonce,
        opaque: &opaque,
        nc: 1,
        cnonce: "abc",
    };
    let auth = [("Authorization", answer.requests())];
    let reply = send(pbx.addr(), "POST", "/json", &auth, CALL_JSON.as_bytes()).await;
    assert_challenged(&reply, "Digest");
    let challenge = reply.header("www-authenticate").unwrap_or_default();
    assert!(challenge.contains("stale=true"), "{challenge}");
    assert_ne!(reply.challenge().0, nonce);
    assert!(pbx.calls().is_empty());
}

/// Builds a header from nonce, nc, cnonce and response.
type Build = fn(&str, &str, &str, &str) -> String;

/// RFC 7235/7616 list syntax beyond the clients above: scheme names in any case, quoted or
/// token values, backslash escapes in quoted strings, empty list elements, no `algorithm`.
#[tokio::test]
async fn digest_list_syntax_variants() {
    let pbx = sim(SwitchvoxAuth::Digest).await;
    let (nonce, _) = send(pbx.addr(), "POST", "/json", &[], b"")
        .await
        .challenge();
    let body = r#"{"request":{"method":"switchvox.currentCalls.getList","parameters":{}}}"#;
    let variants: [Build; 4] = [
        |n, nc, c, r| {
            format!(
                "digest username=\"api\", realm=\"switchvox\", nonce=\"{n}\", uri=\"/json\", qop=auth, nc={nc}, cnonce=\"{c}\", response=\"{r}\""
            )
        },
        |n, nc, c, r| {
            format!(
                "DIGEST username=\"a\\pi\",realm=switchvox,nonce={n},uri=\"/json\",qop=\"auth\",nc=\"{nc}\",cnonce={c},response={r}"
            )
        },
        |n, nc, c, r| {
            format!(
                "Digest  ,username = \"api\" ,, realm=\"switchvox\"\t, nonce=\"{n}\", uri=\"/json\", qop=auth, nc={nc}, cnonce=\"{c}\", response=\"{}\", algorithm=md5 ,",
                r.to_uppercase()
            )
        },
        |n, nc, c, r| {
            format!(
                "Digest username=\"api\", realm=\"switchvox\", nonce=\"{n}\", uri=\"/json\", qop=auth, nc={nc}, cnonce=\"{c}\", response=\"{r}\", opaque=\"x\""
            )
        },
    ];
    for (i, build) in variants.iter().enumerate() {
        let nc = format!("{:08x}", i + 1);
        let cnonce = format!("c{i}");
        let r = raw::response("POST", "/json", &nonce, &nc, &cnonce);
        let auth = [("Authorization", build(&nonce, &nc, &cnonce, &r))];
        let reply = send(pbx.addr(), "POST", "/json", &auth, body.as_bytes()).await;
        assert_eq!(reply.status, 200, "variant {i}: {reply:?}");
    }
    // Broken lists, another algorithm, a wrong response or a zero count are refused.
    let nc = "00000009";
    let r = raw::response("POST", "/json", &nonce, nc, "c");
    for (i, header) in [
        format!("Digest username=\"api\" realm=\"switchvox\", nonce=\"{nonce}\", uri=\"/json\", qop=auth, nc={nc}, cnonce=\"c\", response=\"{r}\""),
        format!("Digest username=\"api\", realm=\"switchvox\", nonce=\"{nonce}\", uri=\"/json\", qop=auth, nc={nc}, cnonce=\"c\", response=\"{r}\", algorithm=SHA-256"),
        format!("Digest username=\"api\", realm=\"switchvox\", nonce=\"{nonce}\", uri=\"/json\", qop=auth, nc={nc}, cnonce=\"c\", response=\"{}\"", raw::md5_hex("x")),
        format!("Digest username=\"api\", realm=\"switchvox\", nonce=\"{nonce}\", uri=\"/xml\", qop=auth, nc={nc}, cnonce=\"c\", response=\"{r}\""),
        format!("Digest username=\"api\", realm=\"switchvox\", nonce=\"{nonce}\", uri=\"/json\", qop=auth, nc=00000000, cnonce=\"c\", response=\"{}\"", raw::response("POST", "/json", &nonce, "00000000", "c")),
        format!("Digest username=\"api\", realm=\"switchvox\", nonce=\"{nonce}\", uri=\"/json\", qop=auth, cnonce=\"c\", response=\"{r}\""),
    ]
    .into_iter()
    .enumerate()
    {
        let reply = send(pbx.addr(), "POST", "/json", &[("Authorization", header)], body.as_bytes()).await;
        assert_challenged(&reply, "Digest");
        assert!(!reply.header("www-authenticate").unwrap_or_default().contains("stale"), "case {i}");
    }
    // Basic's scheme name is case-insensitive too.
    let basic = sim(SwitchvoxAuth::Basic).await;
    let lower = raw::basic().replacen("Basic", "basic", 1);
    let reply = send(
        basic.addr(),
        "POST",
        "/json",
        &[("Authorization", lower)],
        body.as_bytes(),
    )
    .await;
    assert_eq!(reply.status, 200, "{reply:?}");
}
