//! What happened to a call, as the event senders see it: the call's parties and channels,
//! which way it goes (between extensions, out through a trunk, in from one), and the change.
//! The model's hooks (`hooks.rs`) make these; each family's bodies are built from them.

use crate::model::{Cdr, SimCall};

/// Which way a call goes. The reports name an outside party by an `inbound`/`outbound`
/// object and an extension by `ext`, so the difference shows on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Leg {
    /// Extension to extension.
    Internal,
    /// An extension calling out through a trunk.
    Outbound,
    /// A call from outside ringing an extension.
    Inbound,
}

impl Leg {
    /// The CDR `type` (`Internal`, `Outbound`, `Inbound`; XS `tong-hua-ji-lu-bao-gao.md`).
    pub fn cdr_type(self) -> &'static str {
        match self {
            Leg::Internal => "Internal",
            Leg::Outbound => "Outbound",
            Leg::Inbound => "Inbound",
        }
    }
}

/// The trunk name the simulator's outside calls use (as its query endpoints answer).
pub(crate) const TRUNK: &str = "sim-trunk";

/// One call as the bodies describe it.
#[derive(Debug, Clone)]
pub(crate) struct CallFacts {
    /// The call id in the family's format.
    pub id: String,
    /// The family module.
    pub family: &'static str,
    /// The calling party.
    pub from: String,
    /// The called party.
    pub to: String,
    pub leg: Leg,
    /// The calling party's channel.
    pub from_channel: String,
    /// The called party's channel.
    pub to_channel: String,
}

impl CallFacts {
    /// The facts of a call of the model.
    pub fn of(call: &SimCall, leg: Leg) -> CallFacts {
        // The model names the extension's channel `channel` and the far end's
        // `trunk_channel`; for a call from outside the extension is the called party.
        let (from_channel, to_channel) = if call.inbound {
            (call.trunk_channel.clone(), call.channel.clone())
        } else {
            (call.channel.clone(), call.trunk_channel.clone())
        };
        CallFacts {
            id: call.id.clone(),
            family: call.family,
            from: call.from.clone(),
            to: call.to.clone(),
            leg,
            from_channel,
            to_channel,
        }
    }

    /// The parties that are extensions, caller first.
    pub fn extensions(&self) -> Vec<&str> {
        match self.leg {
            Leg::Internal => vec![&self.from, &self.to],
            Leg::Outbound => vec![&self.from],
            Leg::Inbound => vec![&self.to],
        }
    }

    /// Whether the called party is an extension.
    pub fn callee_is_extension(&self) -> bool {
        self.leg != Leg::Outbound
    }
}

/// Why a call failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The party was busy (the model refuses a dial from an extension already in a call).
    Busy,
}

/// What happened.
#[derive(Debug, Clone)]
pub(crate) enum Change {
    /// A call was placed; the model answers it at once, so it rings and is answered.
    Dialled,
    /// A call from outside rings an extension ([`crate::Simulator::inbound`]).
    Ringing,
    /// A ringing call from outside was accepted.
    Answered,
    /// The call was put on hold (`true`) or taken off it.
    Held(bool),
    /// The far party was replaced by `joined`.
    Transferred {
        /// The new party.
        joined: String,
    },
    /// The call ended; `by` hung up; `cdr` is the record written for it.
    HungUp { by: String, cdr: Option<Cdr> },
    /// A dial that did not become a call.
    Failed(Failure),
}

/// A change to a call.
#[derive(Debug, Clone)]
pub(crate) struct Happened {
    pub call: CallFacts,
    pub change: Change,
}

impl Happened {
    /// The party other than `by`.
    pub fn other<'a>(&'a self, by: &str) -> &'a str {
        if by == self.call.from {
            &self.call.to
        } else {
            &self.call.from
        }
    }
}
