//! The simulated PBX's calls: two parties, their channels, a state, and what hold, mute,
//! transfer, accept and refuse do to them. Ids and channels are in each family's format.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The state of a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallState {
    /// An inbound call not yet answered.
    Ringing,
    /// Answered.
    Talking,
    /// On hold.
    Held,
}

/// A call the simulated PBX has up now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimCall {
    /// The call id the PBX answered with (OpenVox and the S-Series `callid`/`outboundid`/
    /// `inboundid`, API 2.0 `callid`, P-Series `call_id`: `seconds.sequence`; Switchvox: a
    /// number).
    pub id: String,
    /// The family module that placed it.
    pub family: &'static str,
    /// The calling party.
    pub from: String,
    /// The called party (the new party once transferred).
    pub to: String,
    /// The caller's channel (`PJSIP/1000-0000000a`; API 2.0 `channelid`, P-Series
    /// `channel_id`).
    pub channel: String,
    /// The channel of the called party's leg, which hangs the call up too.
    pub trunk_channel: String,
    /// Ringing, talking or held.
    pub state: CallState,
    /// Whether the call is muted.
    pub muted: bool,
    /// Whether it came in from outside ([`crate::Simulator::inbound`]).
    pub inbound: bool,
    /// When it started (Unix seconds), for its record.
    pub started_unix: u64,
    /// When it started, for its duration and the answer window.
    pub started: Instant,
}

impl SimCall {
    /// Whether `name` is the call's id or one of its channels.
    pub fn named(&self, name: &str) -> bool {
        self.id == name || self.channel == name || self.trunk_channel == name
    }

    /// Whether `number` is one of its parties.
    pub fn has_party(&self, number: &str) -> bool {
        self.from == number || self.to == number
    }

    /// Seconds since it started.
    pub fn seconds(&self) -> u64 {
        self.started.elapsed().as_secs()
    }
}

/// The calls of every family, and the counter their ids and channels come from.
#[derive(Debug, Default)]
pub struct Calls {
    pub(crate) up: Vec<SimCall>,
    next: u64,
}

/// Why an action on a call is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallError {
    /// No such call in the family.
    NotFound,
    /// The extension is already in a call.
    Busy,
    /// An inbound call answered or refused after the vendor's window.
    TimedOut,
}

/// How long an inbound call may ring before accept and refuse are too late: "10 s" on
/// Yeastar and OpenVox (10016 "The call is accepted/call refuse times out").
pub const ANSWER_WINDOW: Duration = Duration::from_secs(10);

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Calls {
    /// A new call between `from` and `to`, ringing if inbound.
    pub fn start(&mut self, family: &'static str, from: &str, to: &str, inbound: bool) -> SimCall {
        self.next += 1;
        let started_unix = unix_now();
        let id = match family {
            "switchvox" => format!("{}{:04}", started_unix, self.next),
            _ => format!("{started_unix}.{}", self.next),
        };
        let (near, far) = if inbound { (to, from) } else { (from, to) };
        let call = SimCall {
            id,
            family,
            from: from.to_owned(),
            to: to.to_owned(),
            channel: format!("PJSIP/{near}-{:08x}", self.next),
            trunk_channel: format!("PJSIP/trunk-{far}-{:08x}", self.next),
            state: if inbound {
                CallState::Ringing
            } else {
                CallState::Talking
            },
            muted: false,
            inbound,
            started_unix,
            started: Instant::now(),
        };
        self.up.push(call.clone());
        call
    }

    /// Whether `number` is in a call of `family` now.
    pub fn busy(&self, family: &str, number: &str) -> bool {
        self.up
            .iter()
            .any(|c| c.family == family && c.has_party(number))
    }

    /// The calls of `family` up now.
    pub fn of<'a>(&'a self, family: &'a str) -> impl Iterator<Item = &'a SimCall> + 'a {
        self.up.iter().filter(move |c| c.family == family)
    }

    /// The index of the call `name` names: by its id or a channel, else (the S-Series and
    /// OpenVox `extension/hold`, `extension/hangup`, ... name the extension) by a party.
    fn position(&self, family: &str, name: &str) -> Result<usize, CallError> {
        let of_family = |c: &&SimCall| c.family == family;
        self.up
            .iter()
            .position(|c| of_family(&c) && c.named(name))
            .or_else(|| {
                self.up
                    .iter()
                    .position(|c| of_family(&c) && c.has_party(name))
            })
            .ok_or(CallError::NotFound)
    }

    fn find(&mut self, family: &str, name: &str) -> Result<&mut SimCall, CallError> {
        let index = self.position(family, name)?;
        self.up.get_mut(index).ok_or(CallError::NotFound)
    }

    /// The call `name` (its id, a channel or a party) names, as it is.
    pub fn get(&self, family: &str, name: &str) -> Result<SimCall, CallError> {
        let index = self.position(family, name)?;
        self.up.get(index).cloned().ok_or(CallError::NotFound)
    }

    /// Ends the call `name` (its id, a channel or a party) names.
    pub fn end(&mut self, family: &str, name: &str) -> Result<SimCall, CallError> {
        let index = self.position(family, name)?;
        Ok(self.up.remove(index))
    }

    /// Holds (`true`) or resumes the call.
    pub fn hold(&mut self, family: &str, name: &str, on: bool) -> Result<SimCall, CallError> {
        let call = self.find(family, name)?;
        call.state = if on {
            CallState::Held
        } else {
            CallState::Talking
        };
        Ok(call.clone())
    }

    /// Mutes (`true`) or unmutes the call.
    pub fn mute(&mut self, family: &str, name: &str, on: bool) -> Result<SimCall, CallError> {
        let call = self.find(family, name)?;
        call.muted = on;
        Ok(call.clone())
    }

    /// Moves the call's far end to `party`.
    pub fn transfer(
        &mut self,
        family: &str,
        name: &str,
        party: &str,
    ) -> Result<SimCall, CallError> {
        self.next += 1;
        let next = self.next;
        let call = self.find(family, name)?;
        call.to = party.to_owned();
        call.trunk_channel = format!("PJSIP/{party}-{next:08x}");
        call.state = CallState::Talking;
        Ok(call.clone())
    }

    /// Transfers the call away from `leaving`, one of its parties (OpenVox and S-Series
    /// `calltransfer`'s `transferor`): its place goes to `party`, and the other party stays.
    /// A `leaving` that is not the calling party is the called one ([`Calls::transfer`]).
    pub fn transfer_from(
        &mut self,
        family: &str,
        name: &str,
        leaving: &str,
        party: &str,
    ) -> Result<SimCall, CallError> {
        if self.find(family, name)?.from != leaving {
            return self.transfer(family, name, party);
        }
        self.next += 1;
        let next = self.next;
        let call = self.find(family, name)?;
        call.from = party.to_owned();
        call.channel = format!("PJSIP/{party}-{next:08x}");
        call.state = CallState::Talking;
        Ok(call.clone())
    }

    /// Answers a ringing inbound call, within `window` of its start.
    pub fn accept(
        &mut self,
        family: &str,
        name: &str,
        window: Duration,
    ) -> Result<SimCall, CallError> {
        let call = self.find(family, name)?;
        if call.state == CallState::Ringing && call.started.elapsed() > window {
            return Err(CallError::TimedOut);
        }
        call.state = CallState::Talking;
        Ok(call.clone())
    }

    /// Refuses a ringing inbound call, within `window` of its start; it ends.
    pub fn refuse(
        &mut self,
        family: &str,
        name: &str,
        window: Duration,
    ) -> Result<SimCall, CallError> {
        let call = self.find(family, name)?;
        if call.started.elapsed() > window {
            return Err(CallError::TimedOut);
        }
        self.end(family, name)
    }
}
