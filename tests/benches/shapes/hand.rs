//! Hand-written serde types of the same shapes as the generated ones. Their fields are
//! decoded, never read, as in a benchmark of decoding they should be.
#![allow(dead_code)]

use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize)]
#[serde(rename = "xml")]
pub struct Dial {
    pub extid: String,
    pub outto: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub autoanswer: Option<String>,
}

#[derive(Deserialize)]
pub struct DialAnswer {
    pub status: String,
    #[serde(default)]
    pub callid: Option<String>,
    #[serde(default)]
    pub errno: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename = "xml")]
pub struct Query {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outboundid: Option<String>,
}

#[derive(Deserialize)]
pub struct QueryAnswer {
    pub status: String,
    #[serde(default)]
    pub outbound: Vec<Call>,
}

#[derive(Deserialize)]
pub struct Call {
    pub outboundid: String,
    pub from: String,
    pub to: String,
    pub trunk: String,
    pub status: String,
}

#[derive(Serialize, Deserialize)]
pub struct V2Dial {
    pub caller: String,
    pub callee: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub autoanswer: Option<String>,
}

#[derive(Serialize)]
#[serde(rename = "request")]
pub struct SvRequestXml {
    #[serde(rename = "@method")]
    pub method: String,
    pub parameters: SvParams,
}

#[derive(Serialize)]
pub struct SvRequestJson {
    pub request: SvInner,
}

#[derive(Serialize)]
pub struct SvInner {
    pub method: String,
    pub parameters: SvParams,
}

#[derive(Serialize)]
pub struct SvParams {
    pub dial_first: String,
    pub dial_second: String,
    pub dial_as_account_id: String,
    pub caller_id_name: String,
    pub variables: SvVariables,
}

#[derive(Serialize)]
pub struct SvVariables {
    pub variable: Vec<String>,
}

#[derive(Deserialize)]
pub struct SvResponseXml {
    pub result: SvResult,
}

#[derive(Deserialize)]
pub struct SvResult {
    pub call_info: SvCallInfoXml,
}

#[derive(Deserialize)]
pub struct SvCallInfoXml {
    #[serde(rename = "@dialed_first")]
    pub dialed_first: String,
    #[serde(rename = "@dialed_second")]
    pub dialed_second: String,
    #[serde(default)]
    pub variables: SvVariablesXml,
}

#[derive(Deserialize, Default)]
pub struct SvVariablesXml {
    #[serde(default)]
    pub ivr_variable: Vec<SvVariableXml>,
}

/// Switchvox's JSON answer to `switchvox.call`, its XML converted.
#[derive(Deserialize)]
pub struct SvResponseJson {
    pub response: SvResponseJsonInner,
}

#[derive(Deserialize)]
pub struct SvResponseJsonInner {
    pub method: String,
    pub result: SvResultJson,
}

#[derive(Deserialize)]
pub struct SvResultJson {
    pub call_info: SvCallInfoJson,
}

#[derive(Deserialize)]
pub struct SvCallInfoJson {
    pub dialed_first: String,
    pub dialed_second: String,
    #[serde(default)]
    pub variables: SvVariablesJson,
}

#[derive(Deserialize, Default)]
pub struct SvVariablesJson {
    #[serde(default)]
    pub ivr_variable: Vec<SvVariableJson>,
}

#[derive(Deserialize)]
pub struct SvVariableJson {
    pub id: String,
    pub name: String,
    pub status: String,
}

#[derive(Deserialize)]
pub struct SvVariableXml {
    #[serde(rename = "@id")]
    pub id: String,
    #[serde(rename = "@name")]
    pub name: String,
    #[serde(rename = "@status")]
    pub status: String,
}

#[derive(Deserialize)]
#[serde(rename = "response")]
pub struct SvCallsXml {
    #[serde(rename = "@method")]
    pub method: String,
    pub result: SvCallsResult,
}

#[derive(Deserialize)]
pub struct SvCallsResult {
    pub current_calls: SvCallsXmlList,
}

#[derive(Deserialize)]
pub struct SvCallsXmlList {
    #[serde(rename = "@total_items")]
    pub total_items: i64,
    #[serde(default)]
    pub current_call: Vec<SvCallXml>,
}

#[derive(Deserialize)]
pub struct SvCallXml {
    #[serde(rename = "@id")]
    pub id: String,
    #[serde(rename = "@state")]
    pub state: String,
    #[serde(rename = "@start_time", default)]
    pub start_time: Option<String>,
    #[serde(rename = "@duration", default)]
    pub duration: Option<i64>,
    #[serde(rename = "@from_caller_id_name", default)]
    pub from_caller_id_name: Option<String>,
    #[serde(rename = "@from_caller_id_number", default)]
    pub from_caller_id_number: Option<String>,
    #[serde(rename = "@to_caller_id_name", default)]
    pub to_caller_id_name: Option<String>,
    #[serde(rename = "@to_caller_id_number", default)]
    pub to_caller_id_number: Option<String>,
    #[serde(rename = "@format", default)]
    pub format: Option<String>,
    #[serde(rename = "@lotnum", default)]
    pub lotnum: Option<i64>,
}

/// Switchvox's JSON is its XML converted: one call is an object, not an array.
#[derive(Deserialize)]
pub struct SvCallsJson {
    pub response: SvCallsJsonResponse,
}

#[derive(Deserialize)]
pub struct SvCallsJsonResponse {
    pub method: String,
    pub result: SvCallsJsonResult,
}

#[derive(Deserialize)]
pub struct SvCallsJsonResult {
    pub current_calls: SvCallsJsonList,
}

#[derive(Deserialize)]
pub struct SvCallsJsonList {
    pub total_items: i64,
    pub current_call: SvCallJson,
}

#[derive(Deserialize)]
pub struct SvCallJson {
    pub id: String,
    pub state: String,
    #[serde(default)]
    pub start_time: Option<String>,
    #[serde(default)]
    pub duration: Option<i64>,
    #[serde(default)]
    pub from_caller_id_name: Option<String>,
    #[serde(default)]
    pub from_caller_id_number: Option<String>,
    #[serde(default)]
    pub to_caller_id_name: Option<String>,
    #[serde(default)]
    pub to_caller_id_number: Option<String>,
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub lotnum: Option<i64>,
}

/// `queuestatus/query`: XML numbers the items, `<item id="0">`; the id is not kept.
#[derive(Deserialize)]
pub struct QueueAnswer {
    pub status: String,
    pub queue: QueueInfo,
}

#[derive(Deserialize)]
pub struct QueueInfo {
    pub queuenumber: String,
    pub queuestatus: QueueState,
}

#[derive(Deserialize)]
pub struct QueueState {
    #[serde(default)]
    pub members: QueueMembersXml,
    pub callercount: i64,
}

#[derive(Deserialize, Default)]
pub struct QueueMembersXml {
    #[serde(default)]
    pub item: Vec<QueueAgent>,
}

#[derive(Deserialize)]
pub struct QueueAnswerJson {
    pub status: String,
    pub queue: QueueInfoJson,
}

#[derive(Deserialize)]
pub struct QueueInfoJson {
    pub queuenumber: String,
    pub queuestatus: QueueStateJson,
}

#[derive(Deserialize)]
pub struct QueueStateJson {
    #[serde(default)]
    pub members: Vec<QueueAgentJson>,
    pub callercount: i64,
}

#[derive(Deserialize)]
pub struct QueueAgent {
    pub agent: String,
    pub agentstatus: i64,
}

/// JSON sends the number as a string (`"agentstatus": "1"`).
#[derive(Deserialize)]
pub struct QueueAgentJson {
    pub agent: String,
    pub agentstatus: String,
}

#[derive(Deserialize)]
pub struct ExtList {
    pub status: String,
    #[serde(default)]
    pub extlist: Vec<ExtInfo>,
}

#[derive(Deserialize)]
pub struct ExtInfo {
    pub extnumber: String,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub port: Option<String>,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub agentid: Option<String>,
}

#[derive(Deserialize)]
pub struct PExtPage {
    pub errcode: i64,
    pub errmsg: String,
    #[serde(default)]
    pub total_number: Option<i64>,
    #[serde(default)]
    pub data: Vec<PExt>,
}

#[derive(Deserialize)]
pub struct PExt {
    pub id: i64,
    #[serde(default)]
    pub number: Option<String>,
    #[serde(default)]
    pub caller_id_name: Option<String>,
    #[serde(default)]
    pub presence_status: Option<String>,
    #[serde(default)]
    pub custom_presence_status: Option<String>,
    #[serde(default)]
    pub role_name: Option<String>,
    #[serde(default)]
    pub email_addr: Option<String>,
    #[serde(default)]
    pub mobile_number: Option<String>,
}
