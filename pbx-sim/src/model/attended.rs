//! Attended transfers: the transferor puts its call on hold and calls a third party to
//! consult (a second call), then completes the transfer (the held party is joined to the
//! consulted one and the transferor leaves), aborts it (the consultation ends, the held call
//! resumes), swaps between the two, or makes it a three-way call. The steps and their words
//! are Yeastar's (API 2.0 `call/attended_transfer` and `call/attended_transfer_operate`:
//! "A and B are in a call, B performs attended transfer to transfer the call to C, A will be
//! held. B can swap the call to talk with A").

use super::{CallError, CallState, Model, SimCall};

/// What ends or changes an attended transfer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operate {
    /// `complete`: the held party now talks to the consulted one; the transferor leaves.
    Complete,
    /// `abort`: the consultation ends and the held call resumes.
    Abort,
    /// `swap`: the transferor talks to the other party, and the one it leaves is held.
    Swap,
    /// `threeway`: all three talk; the transfer is over.
    Threeway,
}

impl Operate {
    /// The operation a vendor word names (`complete`, `abort`, `swap`, `threeway`).
    pub fn parse(word: &str) -> Option<Operate> {
        match word.trim() {
            "complete" => Some(Operate::Complete),
            "abort" => Some(Operate::Abort),
            "swap" => Some(Operate::Swap),
            "threeway" => Some(Operate::Threeway),
            _ => None,
        }
    }
}

/// An attended transfer under way: the held call, the consultation call, the transferor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consult {
    /// The family both calls are in.
    pub family: &'static str,
    /// The id of the call the transferor put on hold.
    pub held: String,
    /// The id of the transferor's call to the third party.
    pub consult: String,
    /// The transferor's number.
    pub transferor: String,
}

impl Model {
    /// Starts an attended transfer of the call `name` names (the transferor's channel, the
    /// call's id or a party) to `target`: the call is held and the transferor calls
    /// `target`. The held call, whose id the vendor answers with.
    pub fn attended_transfer(
        &mut self,
        family: &'static str,
        name: &str,
        target: &str,
    ) -> Result<SimCall, CallError> {
        let call = self.calls.get(family, name)?;
        let transferor = transferor(&call, name).to_owned();
        let consulting = self.consult_of(family, &call.id).is_some();
        if consulting || transferor == target || self.calls.busy(family, target) {
            return Err(CallError::Busy);
        }
        let held = self.calls.hold(family, &call.id, true)?;
        let consult = self.calls.start(family, &transferor, target, false);
        self.extensions.learn(target);
        self.consults.push(Consult {
            family,
            held: held.id.clone(),
            consult: consult.id,
            transferor,
        });
        Ok(held)
    }

    /// Ends or changes the attended transfer of the call `name` names (the transferor's
    /// channel in either call, or either call's id): `NotFound` when it is in none. The
    /// first call (the one held at the start), as it is now.
    pub fn attended_operate(
        &mut self,
        family: &str,
        name: &str,
        operate: Operate,
    ) -> Result<SimCall, CallError> {
        let held = self.calls.get(family, name)?.id;
        let index = self
            .consults
            .iter()
            .position(|c| c.family == family && (c.held == held || c.consult == held))
            .ok_or(CallError::NotFound)?;
        let consult = self
            .consults
            .get(index)
            .cloned()
            .ok_or(CallError::NotFound)?;
        match operate {
            Operate::Complete | Operate::Abort => {
                self.consults.remove(index);
                let ended = self.hang_up(family, &consult.consult)?;
                if operate == Operate::Complete {
                    return self.calls.transfer_from(
                        family,
                        &consult.held,
                        &consult.transferor,
                        &ended.to,
                    );
                }
                self.calls.hold(family, &consult.held, false)
            }
            Operate::Swap => {
                let first = self.calls.get(family, &consult.held)?;
                // Back to the held party: the consulted one is held in its place.
                let back = first.state == CallState::Held;
                self.calls.hold(family, &consult.consult, back)?;
                self.calls.hold(family, &consult.held, !back)
            }
            Operate::Threeway => {
                self.consults.remove(index);
                self.calls.hold(family, &consult.consult, false)?;
                self.calls.hold(family, &consult.held, false)
            }
        }
    }

    /// The attended transfer the call `id` is the held or consultation call of.
    pub fn consult_of(&self, family: &str, id: &str) -> Option<&Consult> {
        self.consults
            .iter()
            .find(|c| c.family == family && (c.held == id || c.consult == id))
    }
}

/// The party of `call` that `name` names: the one on that channel, the party itself, else
/// (the call's id) the extension's side.
fn transferor<'c>(call: &'c SimCall, name: &str) -> &'c str {
    let (near, far) = if call.inbound {
        (&call.to, &call.from)
    } else {
        (&call.from, &call.to)
    };
    if name == call.trunk_channel || name == far.as_str() {
        far
    } else {
        near
    }
}
