//! Queues and conferences: queue agents added, removed, paused and unpaused; conference
//! members added, muted, unmuted and kicked.

use std::collections::BTreeMap;

/// A queue agent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agent {
    /// The agent's extension.
    pub number: String,
    /// Whether the agent is paused.
    pub paused: bool,
}

/// A conference member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The member's number.
    pub number: String,
    /// Whether the member is muted.
    pub muted: bool,
    /// The member's channel in the room (`PJSIP/111-00000003`), new each time it joins.
    pub channel: String,
}

/// Why a queue or conference action is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupError {
    /// No such agent or member.
    NotFound,
    /// Already there.
    Busy,
}

/// Every family's queues and conferences, by (family, name).
#[derive(Debug, Default)]
pub struct Groups {
    queues: BTreeMap<(String, String), Vec<Agent>>,
    conferences: BTreeMap<(String, String), Vec<Member>>,
    /// Members joined so far: their channels' sequence numbers.
    joined: u64,
}

fn key(family: &str, name: &str) -> (String, String) {
    (family.to_owned(), name.to_owned())
}

impl Groups {
    /// Adds `number` to queue `queue`.
    pub fn agent_add(&mut self, family: &str, queue: &str, number: &str) -> Result<(), GroupError> {
        let agents = self.queues.entry(key(family, queue)).or_default();
        if agents.iter().any(|a| a.number == number) {
            return Err(GroupError::Busy);
        }
        agents.push(Agent {
            number: number.to_owned(),
            paused: false,
        });
        Ok(())
    }

    /// Removes `number` from queue `queue`.
    pub fn agent_remove(
        &mut self,
        family: &str,
        queue: &str,
        number: &str,
    ) -> Result<(), GroupError> {
        let agents = self
            .queues
            .get_mut(&key(family, queue))
            .ok_or(GroupError::NotFound)?;
        let before = agents.len();
        agents.retain(|a| a.number != number);
        if agents.len() == before {
            return Err(GroupError::NotFound);
        }
        Ok(())
    }

    /// Pauses (`true`) or unpauses agent `number` of queue `queue`.
    pub fn agent_pause(
        &mut self,
        family: &str,
        queue: &str,
        number: &str,
        on: bool,
    ) -> Result<(), GroupError> {
        let agent = self
            .queues
            .get_mut(&key(family, queue))
            .and_then(|agents| agents.iter_mut().find(|a| a.number == number))
            .ok_or(GroupError::NotFound)?;
        agent.paused = on;
        Ok(())
    }

    /// The agents of queue `queue` (of every queue of the family when `None`).
    pub fn agents(&self, family: &str, queue: Option<&str>) -> Vec<Agent> {
        self.queues
            .iter()
            .filter(|((f, q), _)| f == family && queue.is_none_or(|w| w == q))
            .flat_map(|(_, agents)| agents.iter().cloned())
            .collect()
    }

    /// Adds `number` to conference `room`, on a channel of its own.
    pub fn member_add(&mut self, family: &str, room: &str, number: &str) -> Result<(), GroupError> {
        let joined = self.joined + 1;
        let members = self.conferences.entry(key(family, room)).or_default();
        if members.iter().any(|m| m.number == number) {
            return Err(GroupError::Busy);
        }
        // Numbered apart from the calls' channels (counted from 1), in the same format.
        members.push(Member {
            number: number.to_owned(),
            muted: false,
            channel: format!("PJSIP/{number}-{:08x}", 0x8000_0000_u64 + joined),
        });
        self.joined = joined;
        Ok(())
    }

    /// Removes `number` from conference `room`.
    pub fn member_kick(
        &mut self,
        family: &str,
        room: &str,
        number: &str,
    ) -> Result<(), GroupError> {
        let members = self
            .conferences
            .get_mut(&key(family, room))
            .ok_or(GroupError::NotFound)?;
        let before = members.len();
        members.retain(|m| m.number != number);
        if members.len() == before {
            return Err(GroupError::NotFound);
        }
        Ok(())
    }

    /// Mutes (`true`) or unmutes member `number` of conference `room`.
    pub fn member_mute(
        &mut self,
        family: &str,
        room: &str,
        number: &str,
        on: bool,
    ) -> Result<(), GroupError> {
        let member = self
            .conferences
            .get_mut(&key(family, room))
            .and_then(|members| members.iter_mut().find(|m| m.number == number))
            .ok_or(GroupError::NotFound)?;
        member.muted = on;
        Ok(())
    }

    /// The members of conference `room` (of every conference of the family when `None`).
    pub fn members(&self, family: &str, room: Option<&str>) -> Vec<Member> {
        self.conferences
            .iter()
            .filter(|((f, r), _)| f == family && room.is_none_or(|w| w == r))
            .flat_map(|(_, members)| members.iter().cloned())
            .collect()
    }

    /// The members of conference `room`, in the order they joined.
    pub fn members_of(&self, family: &str, room: &str) -> &[Member] {
        self.conferences
            .get(&key(family, room))
            .map_or(&[], Vec::as_slice)
    }

    /// The family's conference rooms that anyone has joined, by number.
    pub fn rooms(&self, family: &str) -> Vec<String> {
        self.conferences
            .keys()
            .filter(|(f, _)| f == family)
            .map(|(_, room)| room.clone())
            .collect()
    }
}
