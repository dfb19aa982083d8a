//! What an endpoint does to a simulated PBX, from its spec's `[sim]` table: the action, which
//! request parameters name the call, the parties, the extension, queue or conference, and how
//! a query's response is filled from the simulator's model. `pbx-sim` reads it so that most
//! endpoints need no simulator code of their own.

/// What sending the endpoint does to the simulated PBX (`action = ..`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SimAction {
    /// Places a call from `from` to `to`.
    Dial,
    /// Ends the call `call` names.
    Hangup,
    /// Puts the call on hold.
    Hold,
    /// Takes the call off hold.
    Unhold,
    /// Mutes the call.
    Mute,
    /// Unmutes the call.
    Unmute,
    /// Moves the call to the party `party` names.
    Transfer,
    /// Starts an attended transfer: the call `call` names is held and the transferor (the
    /// party on that channel) calls the party `party` names to consult; `busy` when that
    /// party is in a call.
    AttendedTransfer,
    /// Ends an attended transfer the call `call` names is in, as the parameter `operation`
    /// names says: `complete` (the held party joins the consulted one), `abort` (the
    /// consultation ends, the held call resumes), `swap` (the transferor switches between
    /// the two) or `threeway` (all three talk) — Yeastar's words (API 2.0
    /// `call/attended_transfer_operate`, P-Series `call/transfer`'s `attended_operate`).
    AttendedOperate,
    /// Answers a ringing inbound call.
    Accept,
    /// Refuses a ringing inbound call.
    Refuse,
    /// Acts on the call `call` names without changing it (listen to it, whisper, barge in):
    /// `not_found` when there is none; `busy` when `extension` names a party already in a
    /// call (the listener must be idle).
    OnCall,
    /// Adds the agent `party` (or `extension`) to `queue`.
    AgentAdd,
    /// Removes the agent from `queue`.
    AgentRemove,
    /// Pauses the agent in `queue`.
    AgentPause,
    /// Unpauses the agent in `queue`.
    AgentUnpause,
    /// Adds `party` to `conference`.
    ConferenceAdd,
    /// Removes `party` from `conference`.
    ConferenceKick,
    /// Mutes `party` in `conference`.
    ConferenceMute,
    /// Unmutes `party` in `conference`.
    ConferenceUnmute,
    /// Lists the calls up now into `list`.
    QueryCalls,
    /// Lists extensions and their state into `list`.
    QueryExtensions,
    /// Lists a queue's agents into `list`.
    QueryQueue,
    /// Lists a conference's members into `list`.
    QueryConference,
    /// Lists call records of ended calls into `list`.
    QueryCdr,
    /// Lists recordings of ended calls into `list`.
    QueryRecordings,
    /// Stores the variable `name` with `value`, or sets it if one of that name exists.
    VariableAdd,
    /// Sets the value of the variable `variable` names (by id).
    VariableUpdate,
    /// Deletes the variable `variable` names (by id).
    VariableRemove,
    /// Lists the stored variables into `list` (only the one `variable` or `name` names, when
    /// given).
    QueryVariables,
    /// Finds the recording `call` (or else `party`) names: a call's id, a record's sequence
    /// number or a file name; its fields are filled at the response's root.
    GetRecording,
    /// A download (`download` in the spec) answered with the recording `call` names (its file
    /// name or its call's id) from the model's records.
    DownloadRecording,
    /// A download answered with the model's call records as CSV, of the extensions
    /// `extension` names (`all` or `a,b`; every record without it).
    DownloadCdr,
}

impl SimAction {
    /// Every action with its spec spelling.
    pub const ALL: [(&'static str, SimAction); 33] = [
        ("dial", SimAction::Dial),
        ("hangup", SimAction::Hangup),
        ("hold", SimAction::Hold),
        ("unhold", SimAction::Unhold),
        ("mute", SimAction::Mute),
        ("unmute", SimAction::Unmute),
        ("transfer", SimAction::Transfer),
        ("attended_transfer", SimAction::AttendedTransfer),
        ("attended_operate", SimAction::AttendedOperate),
        ("accept", SimAction::Accept),
        ("refuse", SimAction::Refuse),
        ("on_call", SimAction::OnCall),
        ("agent_add", SimAction::AgentAdd),
        ("agent_remove", SimAction::AgentRemove),
        ("agent_pause", SimAction::AgentPause),
        ("agent_unpause", SimAction::AgentUnpause),
        ("conference_add", SimAction::ConferenceAdd),
        ("conference_kick", SimAction::ConferenceKick),
        ("conference_mute", SimAction::ConferenceMute),
        ("conference_unmute", SimAction::ConferenceUnmute),
        ("query_calls", SimAction::QueryCalls),
        ("query_extensions", SimAction::QueryExtensions),
        ("query_queue", SimAction::QueryQueue),
        ("query_conference", SimAction::QueryConference),
        ("query_cdr", SimAction::QueryCdr),
        ("query_recordings", SimAction::QueryRecordings),
        ("variable_add", SimAction::VariableAdd),
        ("variable_update", SimAction::VariableUpdate),
        ("variable_remove", SimAction::VariableRemove),
        ("query_variables", SimAction::QueryVariables),
        ("get_recording", SimAction::GetRecording),
        ("download_recording", SimAction::DownloadRecording),
        ("download_cdr", SimAction::DownloadCdr),
    ];

    /// The spec spelling (`query_calls`).
    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, a)| *a == self)
            .map_or("", |(name, _)| name)
    }

    /// Whether the action answers a download with a file from the model's records.
    pub fn is_download(self) -> bool {
        matches!(self, SimAction::DownloadRecording | SimAction::DownloadCdr)
    }

    /// Whether the action fills a response list from the model.
    pub fn is_query(self) -> bool {
        matches!(
            self,
            SimAction::QueryCalls
                | SimAction::QueryExtensions
                | SimAction::QueryQueue
                | SimAction::QueryConference
                | SimAction::QueryCdr
                | SimAction::QueryRecordings
                | SimAction::QueryVariables
        )
    }
}

/// A value of the simulator's model that a response field is filled with (`[sim.fill]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SimValue {
    /// `call.id`: the call's id, in the family's format.
    CallId,
    /// `call.from`: the calling party.
    From,
    /// `call.to`: the called party (the transfer target once transferred).
    To,
    /// `call.state`: the call's state, in the family's words (`[sim.states]`).
    State,
    /// `call.from_channel`: the calling party's channel.
    FromChannel,
    /// `call.to_channel`: the called party's channel (through the trunk for outside numbers).
    ToChannel,
    /// `call.trunk`: the trunk the call uses.
    Trunk,
    /// `call.duration`: seconds since the call started (or its length, for records).
    Duration,
    /// `item.name`: an extension, agent or member number; a record's or recording's id.
    Name,
    /// `item.status`: an extension's, agent's or member's state, in the family's words.
    Status,
    /// `item.id`: a stored variable's id (text); an extension's id in the simulator's
    /// extension table (a JSON number, as the P-Series sends it).
    ItemId,
    /// `item.value`: a stored variable's value.
    ItemValue,
    /// `call.start`: when the call started, Unix seconds (a JSON number).
    Start,
    /// `call.time`: when the call started, `MM/DD/YYYY HH:MM:SS` (UTC).
    Time,
    /// `call.kind`: `Inbound` (from outside) or `Outbound` (placed by an extension).
    Kind,
    /// `item.seq`: a record's sequence number, from 1 (a JSON number).
    Seq,
    /// `item.size`: a recording's size in bytes (a JSON number).
    Size,
    /// `item.url`: the path a recording is fetched from (`/api/download/<file name>`).
    Url,
    /// `=text`: the text itself, for a field the model has no value of (an extension's `type`,
    /// always `SIP` in the simulator).
    Text(&'static str),
}

impl SimValue {
    /// Every value with its spec spelling.
    pub const ALL: [(&'static str, SimValue); 18] = [
        ("call.id", SimValue::CallId),
        ("call.from", SimValue::From),
        ("call.to", SimValue::To),
        ("call.state", SimValue::State),
        ("call.from_channel", SimValue::FromChannel),
        ("call.to_channel", SimValue::ToChannel),
        ("call.trunk", SimValue::Trunk),
        ("call.duration", SimValue::Duration),
        ("item.name", SimValue::Name),
        ("item.status", SimValue::Status),
        ("item.id", SimValue::ItemId),
        ("item.value", SimValue::ItemValue),
        ("call.start", SimValue::Start),
        ("call.time", SimValue::Time),
        ("call.kind", SimValue::Kind),
        ("item.seq", SimValue::Seq),
        ("item.size", SimValue::Size),
        ("item.url", SimValue::Url),
    ];
}

/// A state of the model's calls and members, named by `[sim.states]` in the family's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SimState {
    /// Ringing, not yet answered.
    Ringing,
    /// Answered.
    Talking,
    /// On hold.
    Held,
    /// Muted.
    Muted,
    /// A queue agent that is paused, or an extension that is idle.
    Paused,
    /// An idle extension or agent.
    Idle,
}

impl SimState {
    /// Every state with its spec spelling.
    pub const ALL: [(&'static str, SimState); 6] = [
        ("ringing", SimState::Ringing),
        ("talking", SimState::Talking),
        ("held", SimState::Held),
        ("muted", SimState::Muted),
        ("paused", SimState::Paused),
        ("idle", SimState::Idle),
    ];
}

/// Which calls a call query lists (`direction = ..`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SimDirection {
    /// Calls placed from an extension (dial).
    Outbound,
    /// Calls from outside ([`SimAction::Accept`] and [`SimAction::Refuse`] act on them).
    Inbound,
}

/// An endpoint's `[sim]` table.
#[derive(Debug)]
pub struct SimMeta {
    /// What the endpoint does.
    pub action: SimAction,
    /// The parameter naming the call: its id or one of its channels.
    pub call: Option<&'static str>,
    /// The parameter naming the calling party (dial).
    pub from: Option<&'static str>,
    /// The parameter naming the called party (dial).
    pub to: Option<&'static str>,
    /// The parameter naming the new party: a transfer target, an agent, a member.
    pub party: Option<&'static str>,
    /// The parameter naming an extension (a filter of queries: `all` or `a,b`).
    pub extension: Option<&'static str>,
    /// The parameter naming the queue.
    pub queue: Option<&'static str>,
    /// The parameter naming the conference.
    pub conference: Option<&'static str>,
    /// The parameter naming a stored variable by its id (`variable_*`, `query_variables`).
    pub variable: Option<&'static str>,
    /// The parameter naming a stored variable by its name.
    pub name: Option<&'static str>,
    /// The parameter holding a stored variable's value.
    pub value: Option<&'static str>,
    /// `attended_operate`: the parameter naming the operation (`complete`, `abort`, `swap`,
    /// `threeway`).
    pub operation: Option<&'static str>,
    /// `query_extensions`: the parameter naming extensions by their ids in the simulator's
    /// extension table (`a,b`), not by number.
    pub extension_id: Option<&'static str>,
    /// `query_extensions`: without a filter, list every extension of the simulator's
    /// extension table, not only those in a call.
    pub table: bool,
    /// Each list item starts as a copy of the first item of that list in the spec's first
    /// documented JSON response, and `[sim.fill]` sets the model's fields over it: the
    /// fields the model has no value of keep the vendor's own example values.
    pub item_example: bool,
    /// The parameters bounding the records a records query or download keeps, by the call's
    /// start (`yyyy-mm-dd hh:mm:ss`, `MM/DD/YYYY HH:MM:SS` or Unix seconds), inclusive.
    pub start: Option<&'static str>,
    /// See `start`.
    pub end: Option<&'static str>,
    /// `query_calls`: only calls placed (`outbound`) or only calls from outside (`inbound`).
    pub direction: Option<SimDirection>,
    /// `query_calls`: the parameter whose value (`inbound` or `outbound`, any case) picks the
    /// calls listed, as `direction` does; any other value, or none, lists every call.
    pub direction_param: Option<&'static str>,
    /// The response list the model fills (a dotted path through objects), for queries.
    pub list: Option<&'static str>,
    /// With `calls`: the list holds one item per extension, this field naming it.
    pub group: Option<&'static str>,
    /// With `group`: the list inside each extension's item that holds its calls.
    pub calls: Option<&'static str>,
    /// The response field that gets the number of items (a dotted path).
    pub total: Option<&'static str>,
    /// Response fields (below the list's item, or the response's root) and their values.
    pub fill: &'static [(&'static str, SimValue)],
    /// The family's words for the model's states.
    pub states: &'static [(SimState, &'static str)],
    /// The code for an unknown call, queue or conference (else the family's).
    pub not_found: Option<&'static str>,
    /// The code for a busy extension.
    pub busy: Option<&'static str>,
    /// The code for an inbound call answered or refused after the vendor's window.
    pub timed_out: Option<&'static str>,
}

impl SimMeta {
    /// Nothing set: generated tables write their action and the keys their spec sets, and
    /// take the rest from here (`..SimMeta::BLANK`), fewer tokens for the compiler to read.
    /// Its own action is a placeholder that every table overrides.
    #[doc(hidden)]
    pub const BLANK: SimMeta = SimMeta {
        action: SimAction::Dial,
        call: None,
        from: None,
        to: None,
        party: None,
        extension: None,
        queue: None,
        conference: None,
        variable: None,
        name: None,
        value: None,
        operation: None,
        extension_id: None,
        table: false,
        item_example: false,
        start: None,
        end: None,
        direction: None,
        direction_param: None,
        list: None,
        group: None,
        calls: None,
        total: None,
        fill: &[],
        states: &[],
        not_found: None,
        busy: None,
        timed_out: None,
    };

    /// The family's word for `state`, if `[sim.states]` names one.
    pub fn state_word(&self, state: SimState) -> Option<&'static str> {
        self.states
            .iter()
            .find(|(s, _)| *s == state)
            .map(|(_, w)| *w)
    }
}
