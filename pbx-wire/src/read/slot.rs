//! A field's slot in the direct JSON and XML readers: its value and whether its member came
//! already, so that generated readers spend one call per member on both.

/// One field being read straight from a body: the value so far, and whether the member was
/// seen (a repeated member makes the direct reader give up, and the tree decides).
#[derive(Debug)]
pub struct Slot<T> {
    value: Option<T>,
    seen: bool,
}

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Slot<T> {
    /// An empty slot: no member seen.
    #[inline]
    pub const fn new() -> Self {
        Self {
            value: None,
            seen: false,
        }
    }

    /// Puts the member's value (`None` for a `null` or absent value); `None` when the member
    /// came before, which the caller `?`s out on.
    #[inline]
    pub fn put(&mut self, value: Option<T>) -> Option<()> {
        if self.seen {
            return None;
        }
        self.seen = true;
        self.value = value;
        Some(())
    }

    /// Puts a value that is never `null` (an XML element's): [`Slot::put`] of `Some(value)`.
    #[inline]
    pub fn set(&mut self, value: T) -> Option<()> {
        self.put(Some(value))
    }

    /// Marks the member seen and hands out its (empty) collection to fill; `None` when the
    /// member came before.
    #[inline]
    pub fn first(&mut self) -> Option<&mut T>
    where
        T: Default,
    {
        if self.seen {
            return None;
        }
        self.seen = true;
        Some(self.value.get_or_insert_with(T::default))
    }

    /// The value read, if any.
    #[inline]
    pub fn value(self) -> Option<T> {
        self.value
    }

    /// The value read, or the empty one (a list whose member never came).
    #[inline]
    pub fn or_default(self) -> T
    where
        T: Default,
    {
        self.value.unwrap_or_default()
    }
}

impl<I> Slot<Vec<I>> {
    /// The list read, `None` when it is empty or never came (a required list).
    #[inline]
    pub fn filled(self) -> Option<Vec<I>> {
        self.value.filter(|v| !v.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::Slot;

    #[test]
    fn a_second_member_is_refused_and_the_first_value_kept() {
        let mut s = Slot::new();
        assert_eq!(s.put(Some(1)), Some(()));
        assert_eq!(s.put(Some(2)), None);
        assert_eq!(s.value(), Some(1));
    }

    #[test]
    fn lists_fill_once_and_required_ones_must_hold_an_item() {
        let mut s: Slot<Vec<u8>> = Slot::new();
        if let Some(v) = s.first() {
            v.push(7);
        }
        assert!(s.first().is_none());
        assert_eq!(s.put(Some(vec![8])), None);
        assert_eq!(s.filled(), Some(vec![7]));
        let empty: Slot<Vec<u8>> = Slot::new();
        assert_eq!(empty.filled(), None);
        let mut opened: Slot<Vec<u8>> = Slot::new();
        let _ = opened.first();
        assert_eq!(opened.or_default(), Vec::<u8>::new());
    }
}
