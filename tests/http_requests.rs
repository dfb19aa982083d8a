//! Requests beyond a parameter body, from the spec keys that describe them: parameters in a
//! GET's query string, bare POSTs (`body = "none"`), downloads streamed under a cap, the API
//! version a client speaks (`versions`), and every page of a paged list (`[pagination]`).
//! Against the simulated PBX on 127.0.0.1 where a PBX is needed; every wait is bounded.

use pbx_api::client::{ClientConfig, Error};
use pbx_api::prelude::*;
use pbx_api::wire::page::{PageError, PageLimits, Paged};
use pbx_api::wire::send::{AsyncSender, Sender};
use pbx_api::{openvox, yeastar_p, yeastar_s};
use pbx_tests::started::{openvox, start, within, yeastar_s};

#[test]
fn get_parameters_follow_the_token_in_the_query_percent_encoded_in_declared_order() {
    let request = yeastar_p::extension::list::Request::new()
        .page(2)
        .page_size(20)
        .sort_by(yeastar_p::extension::list::SortBy::CallerIdName);
    let http = request.to_http(Format::Json, "t/k n").expect("encodes");
    assert_eq!(http.method, "GET");
    assert_eq!(
        http.path_and_query,
        "/openapi/v1.0/extension/list?access_token=t%2Fk%20n&page=2&page_size=20&sort_by=caller_id_name"
    );
    assert!(http.body.is_empty(), "a GET has no body");
    assert_eq!(http.content_type, "", "and no Content-Type");
    // Constraints are checked before anything is built.
    let bad = yeastar_p::extension::list::Request::new().page(0);
    assert!(bad.to_http(Format::Json, "t").is_err(), "page is 1-based");
}

#[test]
fn query_parameters_are_read_back_from_the_url_the_token_left_alone() {
    let query = vec![
        ("access_token".to_owned(), "abc".to_owned()),
        ("page".to_owned(), "3".to_owned()),
        ("page_size".to_owned(), "50".to_owned()),
        ("order_by".to_owned(), "desc".to_owned()),
    ];
    let (request, ignored) =
        yeastar_p::extension::list::Request::decode_lenient_http(Format::Json, &query, b"")
            .expect("decodes");
    assert!(ignored.is_empty(), "{ignored:?}");
    assert_eq!(request.page, Some(3));
    assert_eq!(request.page_size, Some(50));
    assert_eq!(
        request.order_by,
        Some(yeastar_p::extension::list::OrderBy::Desc)
    );
    let escaped = vec![
        ("recording".to_owned(), "a%20b%2Bc.wav".to_owned()),
        ("random".to_owned(), "r1".to_owned()),
    ];
    let (download, _) =
        openvox::recording::download::Request::decode_lenient_http(Format::Json, &escaped, b"")
            .expect("decodes");
    assert_eq!(download.recording, "a b+c.wav", "percent-decoded");
    let broken = vec![("page".to_owned(), "x".to_owned())];
    assert!(
        yeastar_p::extension::list::Request::decode_lenient_http(Format::Json, &broken, b"")
            .is_err(),
        "a page that is no number is refused"
    );
}

#[test]
fn a_bodiless_post_has_no_body_and_no_content_type() {
    let http = openvox::extensionlist::query::Request::new()
        .to_http(Format::Xml, "tok")
        .expect("encodes");
    assert_eq!(http.method, "POST");
    assert_eq!(
        http.path_and_query,
        "/api/v0.0.1/extensionlist/query?token=tok&type=xml"
    );
    assert!(http.body.is_empty());
    assert_eq!(http.content_type, "");
}

#[test]
fn a_family_of_several_versions_builds_urls_for_the_one_chosen() {
    let request = yeastar_s::outbound::query::Request::new();
    let default = request.to_http(Format::Json, "t").expect("encodes");
    assert!(
        default
            .path_and_query
            .starts_with("/api/v1.0.0/outbound/query?"),
        "{}",
        default.path_and_query
    );
    let newer = request
        .to_http_at(Format::Json, "t", "v1.1.0")
        .expect("a version the family lists");
    assert!(
        newer
            .path_and_query
            .starts_with("/api/v1.1.0/outbound/query?"),
        "{}",
        newer.path_and_query
    );
    let err = request
        .to_http_at(Format::Json, "t", "v9.9.9")
        .expect_err("no such version");
    assert_eq!(err.param(), "version");
    assert_eq!(
        <yeastar_s::Api as pbx_api::wire::Api>::META.versions,
        &["v1.0.0", "v1.0.1", "v1.1.0"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_on_another_version_is_answered_and_an_unknown_one_refused_unsent() {
    let pbx = start().await;
    let on = |version: &str| yeastar_s(ClientConfig::new(pbx.url()).api_version(version));
    pbx.record_exchanges(true);
    let client = on("v1.0.1");
    within(client.outbound().query().send())
        .await
        .expect("the simulator answers v1.0.1");
    let lines: Vec<String> = pbx
        .take_exchanges()
        .into_iter()
        .map(|x| x.request_line)
        .collect();
    assert!(
        lines.iter().all(|l| l.contains("/api/v1.0.1/")),
        "login and query on the version chosen: {lines:?}"
    );
    let err = within(on("v2.0.0").outbound().query().send())
        .await
        .expect_err("the family has no v2.0.0");
    assert!(
        matches!(&err, Error::Version { version, since: None, .. } if version == "v2.0.0"),
        "{err:?}"
    );
    assert_eq!(err.delivery(), pbx_api::client::Delivery::NotSent);
    assert_eq!(pbx.requests("yeastar_s::login"), 1, "nothing more was sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bare_post_is_answered() {
    let pbx = start().await;
    let ov = openvox(ClientConfig::new(pbx.url()));
    // The simulator lists the extensions in a call, with their state.
    within(ov.extension().dial_outbound("1000", "16103").send())
        .await
        .expect("a call from 1000");
    pbx.record_exchanges(true);
    let list = within(ov.extensionlist().query().send())
        .await
        .expect("extensionlist/query");
    assert_eq!(list.extlist.len(), 1, "the extension in a call");
    assert_eq!(list.extlist[0].extnumber, "1000");
    let sent = pbx
        .take_exchanges()
        .into_iter()
        .find(|x| x.endpoint == "openvox::extensionlist::query")
        .expect("logged");
    assert_eq!(sent.request, "", "no body went out");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recording_downloads_as_a_stream_and_a_cap_stops_it() {
    let pbx = start().await;
    let ov = openvox(ClientConfig::new(pbx.url()));
    let name = "exten-101-106-20200505-042135-1588641695.1772.wav";
    let random = within(ov.recording().get_random(name).send())
        .await
        .expect("get_random")
        .random;
    let request = openvox::recording::download::Request::new(name, random.clone());
    let mut file = Vec::new();
    let written = within(ov.download(&request, &mut file))
        .await
        .expect("the recording");
    assert_eq!(written as usize, file.len());
    assert_eq!(&file[..4], b"RIFF", "a WAV file");
    assert_eq!(&file[8..12], b"WAVE");

    let capped = openvox(ClientConfig::new(pbx.url()).max_download_bytes(1000));
    let mut part = Vec::new();
    let err = within(capped.download(&request, &mut part))
        .await
        .expect_err("larger than the cap");
    match err {
        Error::DownloadTooLarge { limit, written, .. } => {
            assert_eq!(limit, 1000);
            assert!(written <= 1000 && written as usize == part.len());
        }
        other => panic!("expected DownloadTooLarge, got {other:?}"),
    }
    // A download endpoint is not an ordinary call, and an ordinary call is no download.
    let err = within(ov.send(&request))
        .await
        .expect_err("send refuses it");
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    let err = within(ov.download(&openvox::extensionlist::query::Request::new(), &mut part))
        .await
        .expect_err("no download");
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_download_is_the_vendor_error_with_nothing_written() {
    let pbx = start().await;
    let ov = openvox(ClientConfig::new(pbx.url()));
    within(ov.login()).await.expect("login");
    pbx.inject(pbx_sim::Fault {
        endpoint: Some("openvox::recording::download".into()),
        kind: pbx_sim::FaultKind::Vendor("10004".into()),
        times: 1,
    });
    let request = openvox::recording::download::Request::new("a.wav", "r");
    let mut file = Vec::new();
    let err = within(ov.download(&request, &mut file))
        .await
        .expect_err("refused");
    match &err {
        Error::Vendor { error, .. } => assert_eq!(error.code.code(), "10004"),
        other => panic!("expected the vendor's error, got {other:?}"),
    }
    assert!(file.is_empty(), "nothing was written");
}

/// A client that answers `extension/list` from a fixed list, a page at a time, counting the
/// requests: what the page helper sees of a PBX.
struct Pages {
    items: Vec<i64>,
    total: i64,
    sent: std::sync::atomic::AtomicUsize,
}

impl Sender for Pages {
    type Api = yeastar_p::Api;
    type Error = std::convert::Infallible;
}

impl AsyncSender for Pages {
    async fn send_endpoint<E: Endpoint<Api = yeastar_p::Api>>(
        &self,
        request: E,
    ) -> Result<E::Response, Self::Error> {
        self.sent.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let http = request.to_http(Format::Json, "t").expect("encodes");
        let query = http.path_and_query.split_once('?').map_or("", |q| q.1);
        let get = |name: &str| {
            query
                .split('&')
                .find_map(|kv| kv.strip_prefix(&format!("{name}=")))
                .and_then(|v| v.parse::<usize>().ok())
                .expect("the page parameters are in the query")
        };
        let (page, size) = (get("page"), get("page_size"));
        let start = ((page - 1) * size).min(self.items.len());
        let end = (start + size).min(self.items.len());
        let data: Vec<String> = self.items[start..end]
            .iter()
            .map(|id| format!(r#"{{"id":{id},"number":"{}"}}"#, 1000 + id))
            .collect();
        let body = format!(
            r#"{{"errcode":0,"errmsg":"SUCCESS","total_number":{},"data":[{}]}}"#,
            self.total,
            data.join(",")
        );
        Ok(E::decode_response(Format::Json, body.as_bytes()).expect("a page decodes"))
    }
}

fn pages(n: i64, total: i64) -> Pages {
    Pages {
        items: (1..=n).collect(),
        total,
        sent: Default::default(),
    }
}

#[tokio::test]
async fn every_page_is_fetched_until_the_total() {
    let pbx = pages(45, 45);
    let limits = PageLimits {
        page_size: 20,
        max_pages: 10,
    };
    let all = within(
        yeastar_p::extension::list::Request::new()
            .order_by(yeastar_p::extension::list::OrderBy::Asc)
            .all_pages_via(&pbx, limits),
    )
    .await
    .expect("three pages");
    let ids: Vec<i64> = all.iter().map(|e| e.id).collect();
    assert_eq!(ids, (1..=45).collect::<Vec<_>>());
    assert_eq!(pbx.sent.load(std::sync::atomic::Ordering::SeqCst), 3);
    // Through the generated method's builder, too.
    let again = within(pbx.extension().list().all(limits))
        .await
        .expect("all");
    assert_eq!(again.len(), 45);
}

#[tokio::test]
async fn a_list_longer_than_the_page_bound_is_an_error_and_an_empty_page_ends_it() {
    let pbx = pages(100, 100);
    let limits = PageLimits {
        page_size: 10,
        max_pages: 3,
    };
    let err = within(pbx.extension().list().all(limits))
        .await
        .expect_err("more than 3 pages");
    assert!(
        matches!(
            err,
            PageError::TooManyPages {
                pages: 3,
                fetched: 30,
                total: Some(100)
            }
        ),
        "{err:?}"
    );
    assert_eq!(pbx.sent.load(std::sync::atomic::Ordering::SeqCst), 3);
    // A total that overstates the list: the first empty page ends it.
    let short = pages(12, 500);
    let all = within(short.extension().list().all(PageLimits {
        page_size: 5,
        max_pages: 50,
    }))
    .await
    .expect("ends at the empty page");
    assert_eq!(all.len(), 12);
    assert_eq!(short.sent.load(std::sync::atomic::Ordering::SeqCst), 4);
}

/// The page helper on a bare request, for code that holds a request rather than a builder.
trait AllPagesVia: Paged + Sized {
    async fn all_pages_via<S: AsyncSender<Api = Self::Api>>(
        self,
        sender: &S,
        limits: PageLimits,
    ) -> Result<Vec<Self::Item>, PageError<S::Error>> {
        pbx_api::wire::page::all_pages(sender, self, limits).await
    }
}

impl<E: Paged> AllPagesVia for E {}
