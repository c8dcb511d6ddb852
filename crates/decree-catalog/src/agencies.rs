//! The agency gazetteer: one canonical name per body, with the spellings and
//! abbreviations plans print for it (`UBND cấp huyện`, `Sở TT&TT`, `Công chức VPTK`),
//! shipped as data in `data/agencies.json` so tasks can be grouped by body across
//! documents and provinces.

use decree_norm::fold;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

const AGENCIES_JSON: &str = include_str!("../../../data/agencies.json");

#[derive(Debug, Deserialize)]
pub struct Gazetteer {
    pub version: u32,
    #[serde(default)]
    pub sources: Vec<String>,
    /// Folded abbreviation → folded expansion, applied word by word before lookup,
    /// so `UBND tỉnh` and `Ủy ban nhân dân tỉnh` meet without listing both.
    #[serde(default)]
    pub expand: BTreeMap<String, String>,
    pub agencies: Vec<Agency>,
}

#[derive(Debug, Deserialize)]
pub struct Agency {
    /// The canonical name, as a person would write it in full.
    pub name: String,
    /// `province`, `district` or `commune` when the body belongs to one level.
    pub level: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
}

struct Index {
    gazetteer: Gazetteer,
    /// Match key → position in `agencies`.
    keys: HashMap<String, usize>,
}

static INDEX: LazyLock<Index> = LazyLock::new(|| {
    // The file is part of the source tree and a test parses it, so failing here
    // is a build defect, not bad input.
    let gazetteer: Gazetteer =
        serde_json::from_str(AGENCIES_JSON).unwrap_or_else(|e| panic!("data/agencies.json is invalid: {e}"));
    let mut keys = HashMap::new();
    for (i, agency) in gazetteer.agencies.iter().enumerate() {
        for name in std::iter::once(&agency.name).chain(&agency.aliases) {
            keys.entry(key(&gazetteer.expand, name)).or_insert(i);
        }
    }
    Index { gazetteer, keys }
});

/// The matching key: folded, abbreviations expanded, `và` dropped (`HĐND & UBND` is
/// `HĐND và UBND`; fold already turns `&` and dashes into spaces).
fn key(expand: &BTreeMap<String, String>, name: &str) -> String {
    let folded = fold(name);
    let words: Vec<&str> = folded
        .split(' ')
        .flat_map(|w| expand.get(w).map_or(w, String::as_str).split(' '))
        .filter(|w| !w.is_empty() && *w != "va")
        .collect();
    words.join(" ")
}

impl Gazetteer {
    /// The shipped gazetteer.
    pub fn get() -> &'static Gazetteer {
        &INDEX.gazetteer
    }

    /// The gazetteer entry of a body name as printed, if it is known.
    pub fn lookup(&self, printed: &str) -> Option<&Agency> {
        let index = &*INDEX;
        let i = index.keys.get(&key(&self.expand, printed))?;
        self.agencies.get(*i)
    }
}

/// The canonical name of a body: the gazetteer's name when known, else the name as
/// printed (trimmed), so unknown bodies still group by their own spelling.
pub fn canonical_agency(printed: &str) -> String {
    Gazetteer::get().lookup(printed).map_or_else(|| printed.trim().to_string(), |a| a.name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gazetteer_parses_and_keys_are_unique() {
        let g = Gazetteer::get();
        assert!(g.agencies.len() > 20);
        let mut seen = HashMap::new();
        for (i, a) in g.agencies.iter().enumerate() {
            for n in std::iter::once(&a.name).chain(&a.aliases) {
                if let Some(j) = seen.insert(key(&g.expand, n), i) {
                    assert_eq!(i, j, "{n} names two agencies");
                }
            }
        }
    }

    #[test]
    fn spellings_meet() {
        assert_eq!(canonical_agency("UBND cấp huyện"), "Ủy ban nhân dân cấp huyện");
        assert_eq!(canonical_agency("Ủy ban nhân dân cấp huyện"), "Ủy ban nhân dân cấp huyện");
        assert_eq!(canonical_agency("Sở TT&TT"), "Sở Thông tin và Truyền thông");
        assert_eq!(canonical_agency("Sở Thông tin và Truyền thông"), "Sở Thông tin và Truyền thông");
        assert_eq!(canonical_agency("Công chức VPTK"), "Công chức Văn phòng - Thống kê");
        assert_eq!(canonical_agency("Văn phòng HĐND & UBND"), canonical_agency("Văn phòng HĐND&UBND"));
        assert_eq!(canonical_agency("Sở Lao động, Thương binh và xã hội"), "Sở Lao động - Thương binh và Xã hội");
        assert_eq!(canonical_agency("  Ban Tiếp công dân "), "Ban Tiếp công dân");
    }
}
