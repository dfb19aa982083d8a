//! Switchvox never sends a Basic password over plain HTTP unless Basic was chosen: with
//! `HttpAuth::Auto`, a Basic-only challenge over `http://` is refused (the password would
//! travel in clear); over `https://` it is answered.

use std::time::Duration;

use pbx_api::client::{AuthKind, ClientConfig, Error, HttpAuth, SwitchvoxClient};
use pbx_api::prelude::*;
use pbx_api::switchvox;
use pbx_tests::sim_pbx::{Family, PASSWORD, SimPbx, USER};
use pbx_tests::tls;

fn switchvox(pbx: &SimPbx, mode: HttpAuth) -> SwitchvoxClient {
    let config = ClientConfig::new(&pbx.url).timeout(Duration::from_secs(10));
    let config = if pbx.url.starts_with("https://") {
        config.trust_pem(tls::openssl_fixture().trust_pem)
    } else {
        config
    };
    SwitchvoxClient::new(config, USER, PASSWORD, mode, Format::Xml).expect("config")
}

fn call() -> switchvox::call::Request {
    switchvox::call::Request::new("15551112222", "800", "1106")
}

#[tokio::test]
async fn auto_over_http_refuses_a_basic_only_challenge() {
    let pbx = SimPbx::start(Family::SwitchvoxBasic).await;
    let error = switchvox(&pbx, HttpAuth::Auto)
        .send(&call())
        .await
        .expect_err("Basic in clear");
    assert!(
        matches!(
            error,
            Error::Auth {
                kind: AuthKind::BasicInClear,
                ..
            }
        ),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(message.contains("in clear"), "{message}");
    assert!(message.contains("https://"), "{message}");
    assert!(message.contains("HttpAuth::Basic"), "{message}");
    assert_eq!(pbx.executed_dials(), 0);
}

#[tokio::test]
async fn basic_chosen_explicitly_works_over_http() {
    let pbx = SimPbx::start(Family::SwitchvoxBasic).await;
    switchvox(&pbx, HttpAuth::Basic)
        .send(&call())
        .await
        .expect("Basic, as chosen");
    assert_eq!(pbx.executed_dials(), 1);
}

#[tokio::test]
async fn auto_over_http_still_answers_digest() {
    let pbx = SimPbx::start(Family::SwitchvoxDigest).await;
    switchvox(&pbx, HttpAuth::Auto)
        .send(&call())
        .await
        .expect("Digest");
    assert_eq!(pbx.executed_dials(), 1);
}

#[tokio::test]
async fn auto_over_https_answers_a_basic_challenge() {
    let identity = tls::openssl_fixture();
    let pbx = SimPbx::start_tls(Family::SwitchvoxBasic, &identity).await;
    switchvox(&pbx, HttpAuth::Auto)
        .send(&call())
        .await
        .expect("Basic over TLS");
    assert_eq!(pbx.executed_dials(), 1);
}
