//! Variables the PBX stores by name, each with an id and a value (Switchvox's global IVR
//! variables): added (or set, when the name exists), updated and removed by id, and listed.

/// One stored variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variable {
    /// Its id, a number unique in its family.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its value (empty when unset).
    pub value: String,
    family: String,
}

/// Every family's variables, in the order they were added.
#[derive(Debug, Default)]
pub struct Variables {
    all: Vec<Variable>,
    next: u64,
}

/// How many variables are kept in all, so requests cannot grow the simulator without end.
const KEEP: usize = 1_000;

impl Variables {
    /// Stores `name` = `value`, or sets the value of the variable of that name; its id either way.
    /// `None` once the store is full.
    pub fn add(&mut self, family: &str, name: &str, value: &str) -> Option<Variable> {
        if let Some(v) = self
            .all
            .iter_mut()
            .find(|v| v.family == family && v.name == name)
        {
            v.value = value.to_owned();
            return Some(v.clone());
        }
        if self.all.len() >= KEEP {
            return None;
        }
        self.next += 1;
        let v = Variable {
            id: self.next.to_string(),
            name: name.to_owned(),
            value: value.to_owned(),
            family: family.to_owned(),
        };
        self.all.push(v.clone());
        Some(v)
    }

    /// Sets the value of the variable with id `id`.
    pub fn update(&mut self, family: &str, id: &str, value: &str) -> Option<Variable> {
        let v = self
            .all
            .iter_mut()
            .find(|v| v.family == family && v.id == id)?;
        v.value = value.to_owned();
        Some(v.clone())
    }

    /// Deletes the variable with id `id`.
    pub fn remove(&mut self, family: &str, id: &str) -> Option<Variable> {
        let index = self
            .all
            .iter()
            .position(|v| v.family == family && v.id == id)?;
        Some(self.all.remove(index))
    }

    /// The family's variables, only the one with id `id` or name `name` when given.
    pub fn list(&self, family: &str, id: Option<&str>, name: Option<&str>) -> Vec<Variable> {
        self.all
            .iter()
            .filter(|v| v.family == family)
            .filter(|v| id.is_none_or(|i| i == v.id) && name.is_none_or(|n| n == v.name))
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::Variables;

    #[test]
    fn add_sets_an_existing_name_update_and_remove_go_by_id() {
        let mut vars = Variables::default();
        let a = vars.add("switchvox", "balance", "300").expect("added");
        let again = vars.add("switchvox", "balance", "400").expect("set");
        assert_eq!(again.id, a.id);
        assert_eq!(vars.list("switchvox", None, None).len(), 1);
        assert!(vars.list("openvox", None, None).is_empty());
        assert_eq!(
            vars.update("switchvox", &a.id, "5").map(|v| v.value),
            Some("5".to_owned())
        );
        assert_eq!(vars.list("switchvox", None, Some("balance"))[0].value, "5");
        assert!(vars.list("switchvox", Some("999"), None).is_empty());
        assert!(vars.update("switchvox", "999", "1").is_none());
        assert!(vars.remove("switchvox", &a.id).is_some());
        assert!(vars.remove("switchvox", &a.id).is_none());
        assert!(vars.list("switchvox", None, None).is_empty());
    }
}
