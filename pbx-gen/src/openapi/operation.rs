//! One endpoint as OpenAPI operations: its URL split into a path and query parameters, its
//! request body per format, its HTTP 200 answer, its security and its prose.

use pbx_wire::{Effect, Format, Task};
use serde_json::{Map, Value, json};

use super::Unsupported;
use super::envelope;
use super::examples::{self, Side};
use super::schema::{self, Cx, Form};
use super::security;
use crate::model::{Api, Endpoint, Field};

/// One operation, placed in the document by its path and method.
#[derive(Debug)]
pub struct Operation {
    /// The path key: the URL's path, with `#method` for a Switchvox method (one URL carries
    /// every method; the fragment is never sent, so each method gets a path of its own).
    pub path: String,
    /// The HTTP method, lower case.
    pub method: String,
    /// The operation object.
    pub value: Value,
    /// The query key carrying the session token, when the URL has one.
    pub token_key: Option<String>,
}

/// The URL of an endpoint, split.
struct Url {
    /// The path, `{format}` still in it when the format is in the path.
    path: String,
    /// `key = {format}` in the query.
    format_key: Option<String>,
    /// `key = {token}` in the query.
    token_key: Option<String>,
    /// `key = value` pairs with a fixed value.
    fixed: Vec<(String, String)>,
}

fn split_url(url: &str, file: &str) -> Result<Url, Unsupported> {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let path_placeholders = path.matches('{').count();
    let format_in_path = path.contains("{format}");
    // `{version}` stays in the path of a family with several versions: a path parameter.
    let version_in_path = path.contains("{version}");
    if path_placeholders > usize::from(format_in_path) + usize::from(version_in_path) {
        return Err(Unsupported::new(
            file,
            format!("a placeholder in the path of `{url}`"),
        ));
    }
    let mut split = Url {
        path: path.to_owned(),
        format_key: None,
        token_key: None,
        fixed: Vec::new(),
    };
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match value {
            "{format}" if !format_in_path => split.format_key = Some(key.to_owned()),
            "{token}" => split.token_key = Some(key.to_owned()),
            v if v.contains('{') => {
                return Err(Unsupported::new(file, format!("query `{pair}` of `{url}`")));
            }
            v => split.fixed.push((key.to_owned(), v.to_owned())),
        }
    }
    Ok(split)
}

/// The endpoint's operations: one, or one per format when the format is in the path.
pub fn build(api: &Api, ep: &Endpoint) -> Result<Vec<Operation>, Unsupported> {
    let Endpoint {
        module_path,
        file,
        name,
        summary,
        doc,
        method,
        url,
        rpc_method,
        formats,
        effect,
        params: _,
        response: _,
        errors,
        examples: _,
        task,
        unverified,
        // What the simulator does with the endpoint; no part of the HTTP contract.
        sim: _,
        // The code-less failure's fields: part of the answer schema (`responses`).
        failure: _,
        // Read where the request body and the answer are built.
        bodiless,
        download: _,
        since,
        pagination,
        resource,
    } = ep;
    let url = split_url(url, file)?;
    let per_format = url.path.contains("{format}");
    let groups: Vec<Vec<Format>> = if per_format {
        formats.iter().map(|f| vec![*f]).collect()
    } else {
        vec![formats.clone()]
    };
    let mut description = format!("**{name}.** {}", doc.trim());
    if let Some(why) = unverified {
        description.push_str(&format!("\n\nUnverified: {why}"));
    }
    if let Some(r) = resource {
        let wire = ep
            .response
            .iter()
            .find(|f| f.ident == r.field)
            .map_or(r.field.as_str(), |f| f.wire.as_str());
        description.push_str(&format!(
            "\n\nThe answer's `{wire}` is the path of a file ({}) below the PBX's base URL, \
             fetched with `GET` and the session's token as the other requests carry it.",
            r.download.as_str()
        ));
    }
    description.push_str(&format!("\n\n{}", effect_prose(*effect)));
    if let Some(v) = since {
        description.push_str(&format!("\n\nAdded in API version `{v}`."));
    }
    if !errors.is_empty() {
        description.push_str("\n\nDocumented errors:");
        for code in errors {
            let message = api
                .errors
                .iter()
                .find(|e| &e.code == code)
                .map(|e| e.message.as_str())
                .unwrap_or("");
            description.push_str(&format!("\n- `{code}` {message}"));
        }
    }
    let mut out = Vec::new();
    for group in groups {
        let mut path = url.path.clone();
        let mut id = module_path.join("_");
        if per_format {
            let f = group[0].as_str();
            path = path.replace("{format}", f);
            id = format!("{id}_{f}");
        }
        if let Some(m) = rpc_method {
            path = format!("{path}#{m}");
        }
        let mut parameters = Vec::new();
        if path.contains("{version}") {
            // A family whose PBXes run several API versions: the version is in the path.
            let mut versions = api.versions.clone();
            if versions.is_empty() {
                versions.push(api.version.clone());
            }
            if let Some(since) = &ep.since {
                versions.retain(|v| pbx_wire::compare_versions(v, since).is_ge());
            }
            // The family's default, unless the endpoint is newer: then the oldest that has it.
            let default = match versions.iter().find(|v| **v == api.version) {
                Some(v) => v.clone(),
                None => versions
                    .first()
                    .cloned()
                    .unwrap_or_else(|| api.version.clone()),
            };
            parameters.push(json!({
                "name": "version", "in": "path", "required": true,
                "description": "The API version the PBX runs.",
                "schema": { "type": "string", "enum": versions, "default": default },
            }));
        }
        if let Some(key) = &url.format_key {
            let values: Vec<&str> = group.iter().map(|f| f.as_str()).collect();
            parameters.push(json!({
                "name": key, "in": "query", "required": true,
                "description": "The body format of the request and the answer.",
                "schema": { "type": "string", "enum": values },
            }));
        }
        for (key, value) in &url.fixed {
            parameters.push(json!({
                "name": key, "in": "query", "required": true,
                "schema": { "type": "string", "const": value },
            }));
        }
        let query_cx = Cx {
            form: Form::Json,
            response: false,
            one_item_lists: false,
            file,
            errors: &api.errors,
        };
        for f in ep.params.iter().filter(|f| f.query) {
            let mut parameter = json!({
                "name": f.wire, "in": "query", "required": f.required,
                "schema": schema::field(f, query_cx)?,
            });
            if let Some(d) = parameter["schema"].get("description").cloned() {
                parameter["description"] = d;
            }
            parameters.push(parameter);
        }
        if let Some(agent) = &api.user_agent {
            parameters.push(json!({
                "name": "User-Agent", "in": "header", "required": true,
                "description": "The PBX refuses requests without this User-Agent.",
                "schema": { "type": "string", "const": agent },
            }));
        }
        let mut op = json!({
            "operationId": id,
            "summary": summary,
            "description": description,
            "tags": [task_name(*task)],
            "x-pbx-effect": effect_name(*effect),
            "x-pbx-spec": file,
        });
        if let Some(why) = unverified {
            op["x-pbx-unverified"] = json!(why);
        }
        if !parameters.is_empty() {
            op["parameters"] = Value::Array(parameters);
        }
        if let Some(since) = since {
            op["x-pbx-since"] = json!(since);
        }
        if let Some(p) = pagination {
            op["x-pbx-pagination"] = json!({
                "page": p.page.0, "page_size": p.page_size.0,
                "total": p.total.0, "items": p.items.0,
            });
        }
        let body_params: Vec<Field> = ep.params.iter().filter(|f| !f.query).cloned().collect();
        match (method.as_str(), body_params.is_empty()) {
            ("GET" | "HEAD", true) => {}
            ("GET" | "HEAD", false) => {
                return Err(Unsupported::new(
                    file,
                    format!("a {method} with body parameters"),
                ));
            }
            (_, true) if *bodiless => {}
            _ => op["requestBody"] = request_body(api, ep, &body_params, &group)?,
        }
        op["responses"] = responses(api, ep, &group)?;
        op["security"] = security::requirement(api.session.as_ref(), url.token_key.is_some());
        out.push(Operation {
            path,
            method: method.to_ascii_lowercase(),
            value: op,
            token_key: url.token_key.clone(),
        });
    }
    Ok(out)
}

/// A media type key without its parameters (`application/json`).
fn media(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or(content_type)
        .trim()
        .to_owned()
}

fn media_for(api: &Api, format: Format) -> String {
    match format {
        Format::Json => media(&api.json_content_type),
        Format::Xml => media(&api.xml_content_type),
    }
}

fn form(format: Format) -> Form {
    match format {
        Format::Json => Form::Json,
        Format::Xml => Form::Xml,
    }
}

fn request_body(
    api: &Api,
    ep: &Endpoint,
    body_params: &[Field],
    formats: &[Format],
) -> Result<Value, Unsupported> {
    let mut content = Map::new();
    for &format in formats {
        let cx = Cx {
            form: form(format),
            response: false,
            one_item_lists: false,
            file: &ep.file,
            errors: &api.errors,
        };
        let params = schema::object(body_params, cx)?;
        let body = envelope::request(api.envelope, ep.rpc_method.as_deref(), params, cx);
        let mut media_type = json!({ "schema": body });
        let examples = examples::for_format(&ep.examples, format, Side::Request, &ep.file)?;
        if !examples.is_empty() {
            media_type["examples"] = Value::Object(examples);
        }
        content.insert(media_for(api, format), media_type);
    }
    Ok(json!({ "required": true, "content": content }))
}

fn responses(api: &Api, ep: &Endpoint, formats: &[Format]) -> Result<Value, Unsupported> {
    let mut content = Map::new();
    for &format in formats {
        let cx = Cx {
            form: form(format),
            response: true,
            one_item_lists: api.envelope == pbx_wire::Envelope::Switchvox && format == Format::Json,
            file: &ep.file,
            errors: &api.errors,
        };
        if let Some(kind) = ep.download {
            // The file itself; an answer in the family's envelope is the vendor's error.
            let failure = envelope::failure_only(api.envelope, ep.rpc_method.as_deref(), cx.form);
            content.insert(media_for(api, format), json!({ "schema": failure }));
            let file_media = match kind {
                pbx_wire::Download::Audio => "audio/*",
                pbx_wire::Download::Csv => "text/csv",
                pbx_wire::Download::Bytes => "application/octet-stream",
            };
            // 3.1 says what the string holds with `contentMediaType` (3.0: `format: binary`,
            // downgrade.rs).
            content.insert(
                file_media.to_owned(),
                json!({ "schema": { "type": "string", "contentMediaType": file_media } }),
            );
            continue;
        }
        let fields = schema::object(&ep.response, cx)?;
        let mut body = envelope::answer(api.envelope, ep.rpc_method.as_deref(), fields, cx);
        if !ep.failure.is_empty() {
            let detail = schema::object(&ep.failure, cx)?;
            envelope::add_bare_failure(&mut body, detail, cx.form);
        }
        let mut media_type = json!({ "schema": body });
        let examples = examples::for_format(&ep.examples, format, Side::Response, &ep.file)?;
        if !examples.is_empty() {
            media_type["examples"] = Value::Object(examples);
        }
        content.insert(media_for(api, format), media_type);
    }
    let mut responses = json!({
        "200": {
            "description": "The answer: the result, or the vendor's error envelope (these PBXes answer failures with HTTP 200 too).",
            "content": content,
        },
    });
    // Below the API: a request that is not valid HTTP (a header value holding control
    // characters, say) is refused by the HTTP layer before any endpoint reads it.
    responses["400"] = json!({ "description": "Not a valid HTTP request (a header value with control characters): refused before the API reads it, with no body." });
    if ep.url.contains("{version}") {
        responses["404"] = json!({ "description": "No such path: a `version` the PBX does not run (`pbx sim` answers a bare 404)." });
    }
    if let Some(session) = &api.session
        && session.style == pbx_wire::session::SessionStyle::HttpAuth
    {
        responses["401"] = json!({ "description": "Missing or wrong HTTP credentials (a Digest challenge, or Basic refused)." });
    }
    Ok(responses)
}

fn effect_prose(effect: Effect) -> &'static str {
    match effect {
        Effect::Read => "Reads state only: safe to repeat.",
        Effect::Call => "Acts on a call: never repeat it automatically.",
        Effect::Write => "Changes configuration.",
        Effect::Session => "Part of the session: log in, keep alive or log out.",
    }
}

fn effect_name(effect: Effect) -> &'static str {
    match effect {
        Effect::Read => "read",
        Effect::Call => "call",
        Effect::Write => "write",
        Effect::Session => "session",
    }
}

/// The tag of a task (how the README groups endpoints).
pub fn task_name(task: Task) -> &'static str {
    match task {
        Task::Place => "place",
        Task::Control => "control",
        Task::Observe => "observe",
        Task::Records => "records",
        Task::Configure => "configure",
        Task::Session => "session",
    }
}
