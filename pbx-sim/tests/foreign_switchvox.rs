//! The requests real Switchvox clients send, byte for byte as their source builds them, and
//! the simulator's answers checked against the vendor's documented ones: 401 with a challenge
//! for anything without valid credentials, HTTP 200 with `<response>` otherwise, errors in
//! `<errors><error code= message=/>` (in JSON one error an object, several an array).

mod support;

use std::time::Duration;

use pbx_api::wire::{Element, Format};
use pbx_sim::SwitchvoxAuth;
use support::raw::{self, Answer, send};
use support::switchvox::{CALL_JSON, assert_challenged, json_errors, sim};

/// Probes without credentials, whatever their method and body (curl's first `--digest`
/// request is an empty-body POST; chicks/switchvox sends HEAD; PySwitchvox POSTs `{}`), get
/// the challenge before any routing, and nothing happens.
#[tokio::test]
async fn probes_without_credentials_get_the_challenge() {
    for (auth, scheme) in [
        (SwitchvoxAuth::Digest, "Digest"),
        (SwitchvoxAuth::Basic, "Basic"),
    ] {
        let pbx = sim(auth).await;
        let xml = "<request method=\"switchvox.call\"><parameters/></request>";
        for (method, path, body) in [
            ("HEAD", "/json", ""),
            ("GET", "/json", ""),
            ("POST", "/json", ""),
            ("POST", "/json", "{}"),
            ("POST", "/json", CALL_JSON),
            ("POST", "/xml", xml),
            ("PUT", "/xml", xml),
        ] {
            let reply = send(pbx.addr(), method, path, &[], body.as_bytes()).await;
            assert_challenged(&reply, scheme);
        }
        // Wrong credentials are refused the same way.
        let wrong = [("Authorization", "Basic YXBpOndyb25n".to_owned())];
        let reply = send(pbx.addr(), "POST", "/json", &wrong, CALL_JSON.as_bytes()).await;
        assert_challenged(&reply, scheme);
        assert!(pbx.calls().is_empty());
    }
}

/// digium/PySwitchvox@9a8d208:pyswitchvox/client.py: `_detect_auth` POSTs `json={}` to `/json`
/// with `HTTPDigestAuth`; a 200 keeps Digest. Queries are
/// `{"request": {"method": ..., "parameters": kwargs}}` (python's `json.dumps`, `", "` and
/// `": "`), so integers travel as JSON numbers where the spec has strings.
#[tokio::test]
async fn pyswitchvox_detects_digest_and_calls_with_integers() {
    let pbx = sim(SwitchvoxAuth::Digest).await;
    let ct = ("Content-Type", "application/json".to_owned());
    let probe = send(
        pbx.addr(),
        "POST",
        "/json",
        std::slice::from_ref(&ct),
        b"{}",
    )
    .await;
    assert_challenged(&probe, "Digest");
    let (nonce, opaque) = probe.challenge();
    let answer = |nc| Answer {
        method: "POST",
        uri: "/json",
        nonce: &nonce,
        opaque: &opaque,
        nc,
        cnonce: "0a4f113b5e6c7d8e",
    };
    let auth = ("Authorization", answer(1).requests());
    let reply = send(pbx.addr(), "POST", "/json", &[ct.clone(), auth], b"{}").await;
    // `{}` names no method: HTTP 200 and the error envelope, so Digest is kept.
    assert_eq!(reply.status, 200, "{reply:?}");
    let (errors, array) = json_errors(&reply);
    assert_eq!(
        errors,
        [(
            "10013".to_owned(),
            "Invalid number of parameters".to_owned()
        )]
    );
    assert!(!array, "one error is an object: {}", reply.body);

    // python-requests counts up on the same nonce.
    let auth = ("Authorization", answer(2).requests());
    let reply = send(
        pbx.addr(),
        "POST",
        "/json",
        &[ct, auth],
        CALL_JSON.as_bytes(),
    )
    .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert!(
        reply
            .body
            .contains(r#""call_info":{"dialed_first":"101","dialed_second":"301""#),
        "{}",
        reply.body
    );
    assert_eq!(pbx.calls().len(), 1);
}

/// PySwitchvox on Switchvox 6.6 and later: the probe's 401 offers Basic only, requests'
/// `HTTPDigestAuth.handle_401` leaves it alone, and the client switches to `HTTPBasicAuth`.
#[tokio::test]
async fn pyswitchvox_falls_back_to_basic() {
    let pbx = sim(SwitchvoxAuth::Basic).await;
    let ct = ("Content-Type", "application/json".to_owned());
    let probe = send(
        pbx.addr(),
        "POST",
        "/json",
        std::slice::from_ref(&ct),
        b"{}",
    )
    .await;
    assert_challenged(&probe, "Basic");
    let auth = ("Authorization", raw::basic());
    let reply = send(
        pbx.addr(),
        "POST",
        "/json",
        &[ct, auth],
        CALL_JSON.as_bytes(),
    )
    .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(pbx.calls().len(), 1);
}

/// lordmilko/SwitchvoxAPI@add3898: `SwitchvoxAPI/Request/SwitchvoxClient.cs` POSTs to `xml`
/// with `ContentType = "application/xml; encoding='utf8'"` and a `NetworkCredential`, so
/// `HttpWebRequest` sends once without credentials, then answers the challenge in .NET's
/// shape (fields joined by "," alone). `Request/RequestMethod.cs` builds the body with
/// `XDocument.ToString()` (two-space indent, `<parameters />` when empty); `Methods/Call.cs`
/// sends every optional parameter with its default; `Methods/CurrentCalls/GetList.cs` and
/// `HangUp.cs` the list and `current_call_id`.
#[tokio::test]
async fn lordmilko_switchvoxapi_xml_with_dotnet_digest() {
    let pbx = sim(SwitchvoxAuth::Digest).await;
    let ct = (
        "Content-Type",
        "application/xml; encoding='utf8'".to_owned(),
    );
    let call = "<request method=\"switchvox.call\">\n  <parameters>\n    <dial_first>101</dial_first>\n    <dial_second>301</dial_second>\n    <dial_as_account_id>1106</dial_as_account_id>\n    <ignore_user_api_settings>0</ignore_user_api_settings>\n    <caller_id_name>PBX</caller_id_name>\n    <ignore_user_call_rules>0</ignore_user_call_rules>\n    <timeout>30</timeout>\n    <timeout_second_call>30</timeout_second_call>\n    <auto_answer>0</auto_answer>\n  </parameters>\n</request>";
    let first = send(
        pbx.addr(),
        "POST",
        "/xml",
        std::slice::from_ref(&ct),
        call.as_bytes(),
    )
    .await;
    assert_challenged(&first, "Digest");
    let (nonce, opaque) = first.challenge();
    let answer = |nc| {
        Answer {
            method: "POST",
            uri: "/xml",
            nonce: &nonce,
            opaque: &opaque,
            nc,
            cnonce: "5d41402abc4b2a76b9719d911017c592",
        }
        .dotnet()
    };
    let reply = send(
        pbx.addr(),
        "POST",
        "/xml",
        &[ct.clone(), ("Authorization", answer(1))],
        call.as_bytes(),
    )
    .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert!(
        reply.body.contains("<response method=\"switchvox.call\">"),
        "{}",
        reply.body
    );
    assert!(
        reply.body.contains("dialed_first=\"101\""),
        "{}",
        reply.body
    );

    let list = "<request method=\"switchvox.currentCalls.getList\">\n  <parameters />\n</request>";
    let reply = send(
        pbx.addr(),
        "POST",
        "/xml",
        &[ct.clone(), ("Authorization", answer(2))],
        list.as_bytes(),
    )
    .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    let root = Element::parse(Format::Xml, reply.body.as_bytes()).expect("XML");
    let calls = root
        .child("result")
        .ok()
        .flatten()
        .and_then(|r| r.child("current_calls").ok().flatten())
        .expect("current_calls");
    assert_eq!(calls.attr("total_items"), Some("1"), "{}", reply.body);
    let id = calls
        .child("current_call")
        .ok()
        .flatten()
        .and_then(|c| c.attr("id"))
        .expect("a call id")
        .to_owned();

    let hang_up = format!(
        "<request method=\"switchvox.currentCalls.hangUp\">\n  <parameters>\n    <current_call_id>{id}</current_call_id>\n  </parameters>\n</request>"
    );
    let reply = send(
        pbx.addr(),
        "POST",
        "/xml",
        &[ct, ("Authorization", answer(3))],
        hang_up.as_bytes(),
    )
    .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert!(reply.body.contains("<result"), "{}", reply.body);
    assert!(pbx.calls().is_empty());
}

/// shrimpwagon/digium-switchvox-api@fd663c6:src/Switchvox/SwitchvoxClient.php: Basic since
/// e76db1b; JSON by default with Httpful's `sendsJson()`, the body
/// `json_encode(['request' => ['method' => $method, 'parameters' => $params]])`, so an empty
/// `$params` is `"parameters":[]`; XML through `XMLWriterPlus` with `setIndent(true)` (one
/// space) and `sendsXml()`.
#[tokio::test]
async fn shrimpwagon_php_basic_json_and_xml() {
    let pbx = sim(SwitchvoxAuth::Basic).await;
    let auth = ("Authorization", raw::basic());
    let json_ct = ("Content-Type", "application/json".to_owned());
    let call = r#"{"request":{"method":"switchvox.call","parameters":{"dial_first":"101","dial_second":"301","dial_as_account_id":"1106"}}}"#;
    let reply = send(
        pbx.addr(),
        "POST",
        "/json",
        &[json_ct.clone(), auth.clone()],
        call.as_bytes(),
    )
    .await;
    assert_eq!(reply.status, 200, "{reply:?}");

    let list = r#"{"request":{"method":"switchvox.currentCalls.getList","parameters":[]}}"#;
    let reply = send(
        pbx.addr(),
        "POST",
        "/json",
        &[json_ct, auth.clone()],
        list.as_bytes(),
    )
    .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    // One call: an object, as the vendor's converted XML has it.
    assert!(
        reply.body.contains(r#""total_items":1,"current_call":{"#),
        "{}",
        reply.body
    );

    let xml = "<request method=\"switchvox.call\">\n <parameters>\n  <dial_first>102</dial_first>\n  <dial_second>302</dial_second>\n  <dial_as_account_id>1106</dial_as_account_id>\n </parameters>\n</request>\n";
    let xml_ct = ("Content-Type", "application/xml".to_owned());
    let reply = send(pbx.addr(), "POST", "/xml", &[xml_ct, auth], xml.as_bytes()).await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert!(
        reply.body.contains("dialed_first=\"102\""),
        "{}",
        reply.body
    );
    assert_eq!(pbx.calls().len(), 2);
}

/// chicks/switchvox@b945a5a:lib/switchvox/base.rb: `login!` sends `HEAD /json` for the
/// challenge; requests carry `Content-Type: text/json`, the heredoc body of `wrap_json`, and
/// an RFC 2069 Digest header built once per login; a 401 logs in again and retries.
#[tokio::test]
async fn chicks_ruby_rfc2069_digest_with_text_json() {
    let pbx = sim(SwitchvoxAuth::Digest).await;
    let body = "        {\n          \"request\": {\n            \"method\": \"switchvox.currentCalls.getList\",\n            \"parameters\": {}\n          }\n        }\n";
    let ct = ("Content-Type", "text/json".to_owned());
    for _ in 0..2 {
        let login = send(pbx.addr(), "HEAD", "/json", &[], b"").await;
        assert_challenged(&login, "Digest");
        assert!(login.body.is_empty());
        let header = raw::ruby_rfc2069("POST", "/json", &login.challenge().0);
        let auth = ("Authorization", header);
        let reply = send(
            pbx.addr(),
            "POST",
            "/json",
            &[ct.clone(), auth.clone()],
            body.as_bytes(),
        )
        .await;
        assert_eq!(reply.status, 200, "{reply:?}");
        assert!(reply.body.contains("\"current_calls\""), "{}", reply.body);
        // Without `nc`, a nonce is good for one request: the gem's next request is
        // challenged, and it logs in again.
        let again = send(
            pbx.addr(),
            "POST",
            "/json",
            &[ct.clone(), auth],
            body.as_bytes(),
        )
        .await;
        assert_challenged(&again, "Digest");
    }
}

/// curl 7.x+ `--digest -u api:Secret123 -d '...'`: an empty-body POST first, then the body
/// with curl's Digest header and `-d`'s form content type (curl/curl@c948971:lib/vauth/digest.c).
#[tokio::test]
async fn curl_digest_shape() {
    let pbx = sim(SwitchvoxAuth::Digest).await;
    let form = (
        "Content-Type",
        "application/x-www-form-urlencoded".to_owned(),
    );
    let first = send(
        pbx.addr(),
        "POST",
        "/json",
        std::slice::from_ref(&form),
        b"",
    )
    .await;
    assert_challenged(&first, "Digest");
    let (nonce, opaque) = first.challenge();
    let header = Answer {
        method: "POST",
        uri: "/json",
        nonce: &nonce,
        opaque: &opaque,
        nc: 1,
        cnonce: "NjY1MzY5MWMzYjM4",
    }
    .curl();
    let reply = send(
        pbx.addr(),
        "POST",
        "/json",
        &[form, ("Authorization", header)],
        CALL_JSON.as_bytes(),
    )
    .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert!(
        reply.body.contains(r#""dialed_first":"101""#),
        "{}",
        reply.body
    );
}

/// The real `curl` binary, when it is on PATH (it is on the project's machines and CI).
#[tokio::test]
async fn the_curl_binary_places_a_call() {
    let pbx = sim(SwitchvoxAuth::Digest).await;
    let url = format!("http://{}/json", pbx.addr());
    let run = tokio::task::spawn_blocking(move || {
        std::process::Command::new("curl")
            .args(["-sS", "--max-time", "10", "--digest", "-u"])
            .arg(format!("{}:{}", raw::USER, raw::PASSWORD))
            .args(["-d", CALL_JSON, &url])
            .output()
    });
    let output = match tokio::time::timeout(Duration::from_secs(20), run).await {
        Ok(Ok(Ok(output))) => output,
        Ok(Ok(Err(e))) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("curl is not on PATH; its header shape is covered by curl_digest_shape");
            return;
        }
        other => panic!("curl did not run: {other:?}"),
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{output:?}");
    assert!(stdout.contains(r#""dialed_first":"101""#), "{stdout}");
    assert_eq!(pbx.calls().len(), 1);
}

/// Keys the envelope does not define, beside `method` and `parameters` or beside `request`,
/// are ignored, as are an XML declaration and whitespace; the call goes through.
#[tokio::test]
async fn extra_envelope_keys_are_ignored() {
    let pbx = sim(SwitchvoxAuth::Basic).await;
    let auth = [("Authorization", raw::basic())];
    let json = r#"{"request":{"id":7,"method":"switchvox.call","parameters":{"dial_first":"101","dial_second":"301","dial_as_account_id":"1106"},"version":"1"},"client":"x"}"#;
    let reply = send(pbx.addr(), "POST", "/json", &auth, json.as_bytes()).await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert!(
        reply.body.contains(r#""dialed_first":"101""#),
        "{}",
        reply.body
    );
    let xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<request method=\"switchvox.currentCalls.getList\" version=\"1\">\n\t<parameters></parameters>\n</request>\n";
    let reply = send(pbx.addr(), "POST", "/xml", &auth, xml.as_bytes()).await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert!(reply.body.contains("total_items=\"1\""), "{}", reply.body);
}
