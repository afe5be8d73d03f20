//! Results of pure functions of a text, kept across the analyses of one document: an edit
//! changes a line or two, and the checks ask the same questions of the unchanged text again.
//!
//! Keyed by the text itself (not its hash), so a hit gives exactly what computing the value
//! again would. Each table holds what the last two analyses used: [`Memo::next_analysis`]
//! drops what the analysis before the last one left unused, so the memo never outgrows what
//! two analyses ask.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;

/// The memo of one document, shared by its snapshots ([`crate::document::Document`]).
#[derive(Debug, Default)]
pub struct Memo {
    /// The proper names and periods of a paragraph's text (cross-mention check).
    pub(crate) settings: Table<Arc<(BTreeSet<String>, BTreeSet<String>)>>,
    /// The proper names of a sentence's text (cross-mention check, levels).
    pub(crate) names: Table<Arc<BTreeSet<String>>>,
    /// Whether the words of a model parts list say nothing against its completeness
    /// ([`crate::reading::parts::complete_model_lists`]).
    pub(crate) complete: Table<bool>,
}

impl Memo {
    /// Start an analysis: what the analysis before the last one used and the last one did not
    /// is forgotten.
    pub fn next_analysis(&self) {
        self.settings.rotate();
        self.names.rotate();
        self.complete.rotate();
    }
}

/// Text → value, in two generations: `cur` holds what the running analysis used, `prev` what
/// the last one used.
#[derive(Debug)]
pub(crate) struct Table<V> {
    map: Mutex<Generations<V>>,
}

#[derive(Debug)]
struct Generations<V> {
    cur: FxHashMap<Box<str>, V>,
    prev: FxHashMap<Box<str>, V>,
}

impl<V> Default for Table<V> {
    fn default() -> Self {
        Table { map: Mutex::new(Generations { cur: FxHashMap::default(), prev: FxHashMap::default() }) }
    }
}

impl<V: Clone> Table<V> {
    /// The value for `key`, computed by `f` (outside the lock) when not known.
    pub(crate) fn get_or(&self, key: &str, f: impl FnOnce() -> V) -> V {
        {
            let mut m = self.map.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(v) = m.cur.get(key) {
                return v.clone();
            }
            if let Some((k, v)) = m.prev.remove_entry(key) {
                m.cur.insert(k, v.clone());
                return v;
            }
        }
        let v = f();
        self.map.lock().unwrap_or_else(|e| e.into_inner()).cur.insert(key.into(), v.clone());
        v
    }

    fn rotate(&self) {
        let mut m = self.map.lock().unwrap_or_else(|e| e.into_inner());
        let cur = std::mem::take(&mut m.cur);
        m.prev = cur;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_what_the_last_analysis_used() {
        let t: Table<usize> = Table::default();
        let calls = std::cell::Cell::new(0);
        let len = |s: &str| {
            calls.set(calls.get() + 1);
            s.len()
        };
        assert_eq!(t.get_or("abc", || len("abc")), 3);
        assert_eq!(t.get_or("abc", || len("abc")), 3);
        assert_eq!(calls.get(), 1);
        t.rotate();
        assert_eq!(t.get_or("abc", || len("abc")), 3);
        assert_eq!(calls.get(), 1);
        t.rotate();
        t.rotate();
        // Unused by the last analysis: computed again.
        assert_eq!(t.get_or("abc", || len("abc")), 3);
        assert_eq!(calls.get(), 2);
    }
}
