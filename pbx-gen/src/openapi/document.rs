//! A family as one OpenAPI 3.1 document: info from `family.toml`, every endpoint's
//! operations, the error codes and security schemes as components, and the session's links.

use pbx_wire::{Format, Task};
use serde_json::{Map, Value, json};

use super::Unsupported;
use super::envelope;
use super::links;
use super::operation::{self, Operation};
use super::schema::Form;
use super::security;
use crate::model::{Api, Endpoint, Session, TokenSession};

/// The family's document.
pub fn build(api: &Api) -> Result<Value, Unsupported> {
    let Api {
        module,
        file,
        name,
        doc,
        version,
        url: _,
        formats,
        envelope: family_envelope,
        json_scalars: _,
        json_content_type: _,
        xml_content_type: _,
        xml_declaration,
        user_agent: _,
        errors,
        endpoints,
        session,
        versions,
        events: _,
    } = api;
    let mut paths = Map::new();
    let mut token_key: Option<String> = None;
    let mut ids: Vec<(String, &Endpoint)> = Vec::new();
    for ep in endpoints {
        for op in operation::build(api, ep)? {
            let Operation {
                path,
                method,
                value,
                token_key: key,
            } = op;
            if let Some(key) = key {
                match &token_key {
                    Some(k) if *k != key => {
                        return Err(Unsupported::new(
                            &ep.file,
                            format!("the token travels as `{key}` here and `{k}` elsewhere"),
                        ));
                    }
                    _ => token_key = Some(key),
                }
            }
            if let Some(id) = value["operationId"].as_str() {
                if ids.iter().any(|(i, _)| i == id) {
                    return Err(Unsupported::new(
                        &ep.file,
                        format!("operation id `{id}` twice"),
                    ));
                }
                ids.push((id.to_owned(), ep));
            }
            let item = paths.entry(path.clone()).or_insert_with(|| json!({}));
            if item.get(&method).is_some() {
                return Err(Unsupported::new(
                    &ep.file,
                    format!("`{method} {path}` is already another endpoint's"),
                ));
            }
            item[method] = value;
        }
    }
    if let Some(session) = session {
        add_session_links(&mut paths, session, token_key.as_deref(), &ids, endpoints)?;
    }
    links::add_call_links(&mut paths, api, &ids);
    let mut description = doc.trim().to_owned();
    if let Some(declaration) = xml_declaration {
        description.push_str(&format!(
            "\n\nXML bodies start with `{declaration}`. Generated from `{file}` and its endpoint files by pbx; webhooks are not described yet (the PBXes' event reports are not in the specs)."
        ));
    } else {
        description.push_str(&format!(
            "\n\nGenerated from `{file}` and its endpoint files by pbx; webhooks are not described yet (the PBXes' event reports are not in the specs)."
        ));
    }
    let mut schemas = Map::new();
    schemas.insert(
        "ErrorCode".into(),
        envelope::codes_schema(*family_envelope, errors, Form::Json),
    );
    if formats.contains(&Format::Xml) {
        schemas.insert(
            "ErrorCodeXml".into(),
            envelope::codes_schema(*family_envelope, errors, Form::Xml),
        );
    }
    let mut components = json!({ "schemas": schemas });
    let schemes = security::schemes(session.as_ref(), token_key.as_deref());
    if !schemes.is_empty() {
        components["securitySchemes"] = Value::Object(schemes);
    }
    let tags: Vec<Value> = Task::ALL
        .iter()
        .filter(|t| endpoints.iter().any(|e| e.task == **t))
        .map(|t| json!({ "name": operation::task_name(*t) }))
        .collect();
    Ok(json!({
        "openapi": "3.1.0",
        "info": {
            "title": name,
            "version": version,
            "description": description,
            "x-pbx-family": module,
            "x-pbx-versions": versions,
        },
        "servers": [{
            "url": "http://{host}:{port}",
            "description": "The PBX (or `pbx sim`, which prints its port).",
            "variables": {
                "host": { "default": "127.0.0.1" },
                "port": { "default": "80" },
            },
        }],
        "tags": tags,
        "paths": paths,
        "components": components,
    }))
}

/// Links from the login (and a refreshing keep-alive) to the operations its token opens:
/// the keep-alive and the logout.
fn add_session_links(
    paths: &mut Map<String, Value>,
    session: &Session,
    token_key: Option<&str>,
    ids: &[(String, &Endpoint)],
    endpoints: &[Endpoint],
) -> Result<(), Unsupported> {
    let Some(TokenSession {
        login,
        keep_alive,
        logout,
        grant,
        renews,
    }) = &session.token
    else {
        return Ok(());
    };
    let Some(key) = token_key else {
        return Ok(());
    };
    let find = |path: &[String]| endpoints.iter().find(|e| e.module_path == path);
    let id_of = |ep: &Endpoint| {
        ids.iter()
            .find(|(_, e)| std::ptr::eq(*e, ep))
            .map(|(i, _)| i.clone())
    };
    let Some(login_ep) = find(&login.module_path) else {
        return Ok(());
    };
    let token_wire = login_ep
        .response
        .iter()
        .find(|f| f.ident == grant.token)
        .map(|f| f.wire.clone())
        .ok_or_else(|| Unsupported::new(&login_ep.file, "the token field is not in the answer"))?;
    let mut sources = vec![login_ep];
    if *renews && let Some(step) = keep_alive {
        sources.extend(find(&step.module_path));
    }
    let mut targets = Vec::new();
    for step in keep_alive.iter().chain(std::iter::once(logout)) {
        targets.extend(find(&step.module_path).and_then(id_of));
    }
    for source in sources {
        let Some(source_id) = id_of(source) else {
            continue;
        };
        let mut links = Map::new();
        for target in &targets {
            links.insert(
                target.clone(),
                json!({
                    "operationId": target,
                    "parameters": { format!("query.{key}"): format!("$response.body#/{token_wire}") },
                    "description": format!("The answer's `{token_wire}` is the token the `{key}` query key carries (security scheme `token`) on every other operation."),
                }),
            );
        }
        for item in paths.values_mut() {
            for op in item
                .as_object_mut()
                .into_iter()
                .flat_map(|m| m.values_mut())
            {
                if op["operationId"].as_str() == Some(source_id.as_str())
                    && let Some(ok) = op["responses"].get_mut("200")
                {
                    ok["links"] = Value::Object(links.clone());
                }
            }
        }
    }
    Ok(())
}
