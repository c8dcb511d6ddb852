//! Links printed indicator names to the catalog: the record's `catalog` key,
//! the target's direction, and the indicator a task serves.

use crate::Extraction;
use decree_catalog::{Catalog, Entry};
use decree_model::{Direction, IndexName, Indicator};

/// The catalog entry a printed name stands for, within its index.
pub(crate) fn entry(index: IndexName, name: &str) -> Option<&'static Entry> {
    // Every task row asks for its group's name again; matching a name against the
    // whole catalog once per distinct name keeps large annex tables fast.
    MATCHED.with(|memo| {
        let mut memo = memo.borrow_mut();
        if let Some(found) = memo.get(&(index, name.to_owned())) {
            return *found;
        }
        if memo.len() > 10_000 {
            memo.clear();
        }
        let found = Catalog::get().match_name(Some(index), name);
        memo.insert((index, name.to_owned()), found);
        found
    })
}

thread_local! {
    static MATCHED: std::cell::RefCell<std::collections::HashMap<(IndexName, String), Option<&'static Entry>>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// Direction of an indicator id: the whole index is better higher; a catalog
/// entry says for itself; unknown otherwise.
pub(crate) fn direction(out: &Extraction, indicator: &str) -> Option<Direction> {
    let ind = out.indicators.iter().find(|i| i.id == indicator)?;
    if ind.code.is_empty() {
        return Some(Direction::Up);
    }
    let key = ind.catalog.as_deref()?;
    Catalog::get().entry(key).map(|e| e.direction)
}

/// Ensures the document has an indicator record for a catalog entry (a task or
/// a sentence named it) and returns its id.
pub(crate) fn ensure_entry(out: &mut Extraction, index: IndexName, e: &Entry, printed: &str) -> String {
    if !out.indicators.iter().any(|i| i.id == e.key) {
        out.indicators.push(Indicator {
            id: e.key.clone(),
            index,
            code: e.code.clone(),
            name: printed.to_owned(),
            parent: Some(e.parent.clone().unwrap_or_else(|| index.as_str().to_owned())),
            max: None,
            catalog: Some(e.key.clone()),
        });
    }
    e.key.clone()
}
