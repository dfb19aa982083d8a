//! The simulated PBX's world: calls with their parties, channels and states, the records and
//! recordings of ended calls, queues and conferences, stored variables, the extension table
//! and attended transfers under way. Endpoints act on it through their
//! spec's `[sim]` table (`behave/generic.rs`); the simulator's handle reads it.

pub mod attended;
pub mod calls;
pub mod extensions;
pub mod groups;
pub mod records;
pub mod variables;

use std::time::Duration;

pub use attended::{Consult, Operate};
pub use calls::{ANSWER_WINDOW, CallError, CallState, Calls, SimCall};
pub use extensions::Extensions;
pub use groups::{GroupError, Groups, Member};
pub use records::{Cdr, CdrFilter, Records};
pub use variables::{Variable, Variables};

/// Everything the endpoints act on.
#[derive(Debug)]
pub struct Model {
    /// Calls up now.
    pub calls: Calls,
    /// Records and recordings of ended calls.
    pub records: Records,
    /// Queues and conferences.
    pub groups: Groups,
    /// Variables stored by name (Switchvox's global IVR variables).
    pub variables: Variables,
    /// The PBX's extensions, each with a stable id.
    pub extensions: Extensions,
    /// Attended transfers under way.
    pub consults: Vec<Consult>,
    /// How long an inbound call may ring before accepting or refusing it is too late.
    pub answer_window: Duration,
}

impl Default for Model {
    fn default() -> Self {
        Model {
            calls: Calls::default(),
            records: Records::default(),
            groups: Groups::default(),
            variables: Variables::default(),
            extensions: Extensions::default(),
            consults: Vec::new(),
            answer_window: ANSWER_WINDOW,
        }
    }
}

impl Model {
    /// Ends the call `name` names and writes its record.
    pub fn hang_up(&mut self, family: &str, name: &str) -> Result<SimCall, CallError> {
        let call = self.calls.end(family, name)?;
        // A call of an attended transfer ending ends the transfer.
        self.consults
            .retain(|c| c.family != family || (c.held != call.id && c.consult != call.id));
        self.records.write(&call);
        Ok(call)
    }

    /// Refuses an inbound call and writes its record (not answered).
    pub fn refuse(&mut self, family: &str, name: &str) -> Result<SimCall, CallError> {
        let call = self.calls.refuse(family, name, self.answer_window)?;
        self.records.write(&call);
        Ok(call)
    }

    /// Every call up now, every family.
    pub fn all_calls(&self) -> Vec<SimCall> {
        self.calls.up.clone()
    }

    /// The WAV bytes of a recording (by file name or call id), for download handlers.
    pub fn recording_bytes(&self, id: &str) -> Option<Vec<u8>> {
        self.records.recording_bytes(id)
    }

    /// The records `filter` keeps as CSV, for download handlers.
    pub fn cdr_csv(&self, filter: &CdrFilter) -> String {
        self.records.cdr_csv(filter)
    }
}

#[cfg(test)]
mod tests;
