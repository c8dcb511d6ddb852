//! The indicator catalog and the official scores, both shipped as data in
//! `data/` and embedded at build time so the binary carries them.
//!
//! Matching a printed indicator name to a catalog entry tolerates case,
//! diacritics noise and small wording changes (`Tham gia người dân ở cấp cơ sở`
//! = `Tham gia của người dân ở cấp cơ sở`).

use decree_model::{Direction, IndexName, Unit};
use decree_norm::fold;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::sync::LazyLock;

mod reference;
pub use reference::{OfficialScores, PapiScores};

mod agencies;
pub use agencies::{canonical_agency, Agency, Gazetteer};

const CATALOG_JSON: &str = include_str!("../../../data/catalog.json");

/// The parsed catalog.
#[derive(Debug, Deserialize)]
pub struct Catalog {
    pub version: u32,
    pub indices: Vec<IndexEntry>,
}

#[derive(Debug, Deserialize)]
pub struct IndexEntry {
    pub index: IndexName,
    pub name_vi: String,
    pub name_en: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// How a parent relates to its children: `sum`, `mean` or `weighted`.
    pub aggregate: Aggregate,
    pub max: Option<f64>,
    pub indicators: Vec<Entry>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Aggregate {
    Sum,
    Mean,
    Weighted,
}

/// One indicator of an index's official framework.
#[derive(Debug, Deserialize)]
pub struct Entry {
    /// `PAPI:1.1`: the catalog key, also the record's `catalog` field.
    pub key: String,
    pub code: String,
    pub parent: Option<String>,
    pub name_vi: String,
    pub name_en: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub max: Option<f64>,
    pub weight: Option<f64>,
    pub unit: Option<Unit>,
    pub direction: Direction,
    pub from_year: Option<i32>,
    pub to_year: Option<i32>,
}

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| {
    // The file is part of the source tree; a test checks that it parses, so a
    // failure here is a build defect, not bad input.
    serde_json::from_str(CATALOG_JSON).unwrap_or_else(|e| panic!("data/catalog.json is invalid: {e}"))
});

/// A catalog name prepared for matching, once.
struct Name {
    index: usize,
    entry: usize,
    folded: String,
    /// ` folded `, for whole-word search inside a sentence.
    padded: String,
    words: BTreeSet<String>,
}

/// Folded names of every entry, built once.
static NAMES: LazyLock<Vec<Name>> = LazyLock::new(|| {
    let mut out = Vec::new();
    for (i, idx) in CATALOG.indices.iter().enumerate() {
        for (j, e) in idx.indicators.iter().enumerate() {
            for name in std::iter::once(&e.name_vi).chain(&e.aliases) {
                let folded = fold(name);
                out.push(Name {
                    index: i,
                    entry: j,
                    padded: format!(" {folded} "),
                    words: folded.split(' ').map(str::to_owned).collect(),
                    folded,
                });
            }
        }
    }
    out
});

impl Catalog {
    /// The catalog shipped with decree.
    pub fn get() -> &'static Catalog {
        &CATALOG
    }

    pub fn index(&self, index: IndexName) -> Option<&IndexEntry> {
        self.indices.iter().find(|i| i.index == index)
    }

    /// The entry with this key (`PAPI:1.1`).
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.indices.iter().flat_map(|i| &i.indicators).find(|e| e.key == key)
    }

    /// The entry whose name or alias matches `name`, within `index` when given.
    /// An exact match on the folded name wins; else the closest by shared words,
    /// if close enough.
    pub fn match_name(&self, index: Option<IndexName>, name: &str) -> Option<&Entry> {
        let wanted = fold(strip_noise(name));
        if wanted.is_empty() {
            return None;
        }
        let in_scope = |i: usize| index.is_none_or(|x| self.indices.get(i).is_some_and(|e| e.index == x));
        let entry = |n: &Name| self.indices.get(n.index).and_then(|x| x.indicators.get(n.entry));
        let names = NAMES.iter().filter(|n| in_scope(n.index));
        if let Some(n) = names.clone().find(|n| n.folded == wanted) {
            return entry(n);
        }
        let words: BTreeSet<&str> = wanted.split(' ').collect();
        let mut best: Option<(f64, &Name)> = None;
        for n in names {
            let shared = words.iter().filter(|w| n.words.contains(**w)).count();
            let union = words.len() + n.words.len() - shared;
            let score = shared as f64 / union.max(1) as f64;
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, n));
            }
        }
        match best {
            Some((score, n)) if score >= 0.75 => entry(n),
            _ => None,
        }
    }
}

impl Catalog {
    /// The longest catalog name that `text` contains (whole words), within
    /// `index` when given: the indicator a sentence talks about.
    pub fn find_in_text(&self, index: Option<IndexName>, text: &str) -> Option<&Entry> {
        let hay = format!(" {} ", fold(text));
        let in_scope = |i: usize| index.is_none_or(|x| self.indices.get(i).is_some_and(|e| e.index == x));
        NAMES
            .iter()
            .filter(|n| in_scope(n.index) && n.words.len() >= 2 && hay.contains(&n.padded))
            .max_by_key(|n| n.folded.len())
            .and_then(|n| self.indices.get(n.index).and_then(|x| x.indicators.get(n.entry)))
    }
}

/// Drops what plans add around an indicator's name: `Chỉ số` prefixes and
/// parenthesised scales (`(1=Rất thấp; 5=Rất cao)`).
fn strip_noise(name: &str) -> &str {
    let name = name.trim();
    let name = name.split(" (").next().unwrap_or(name);
    for prefix in ["Chỉ số thành phần ", "Chỉ số ", "Chỉ tiêu ", "Tiêu chí "] {
        if let Some(rest) = name.strip_prefix(prefix) {
            return rest;
        }
    }
    name
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn catalog_parses_and_keys_are_unique() {
        let c = Catalog::get();
        assert_eq!(c.indices.len(), 4);
        let keys: Vec<&str> = c.indices.iter().flat_map(|i| &i.indicators).map(|e| e.key.as_str()).collect();
        let unique: BTreeSet<&&str> = keys.iter().collect();
        assert_eq!(keys.len(), unique.len());
        for e in c.indices.iter().flat_map(|i| &i.indicators) {
            if let Some(p) = &e.parent {
                assert!(c.entry(p).is_some() || IndexName::ALL.iter().any(|i| i.as_str() == p), "{} parent {p}", e.key);
            }
        }
    }

    #[test]
    fn names_match_despite_wording_changes() {
        let c = Catalog::get();
        let hit = |i, n| c.match_name(Some(i), n).map(|e| e.key.as_str());
        assert_eq!(hit(IndexName::Papi, "Tham gia người dân ở cấp cơ sở"), Some("PAPI:1"));
        assert_eq!(hit(IndexName::Papi, "THAM GIA CỦA NGƯỜI DÂN Ở CẤP CƠ SỞ"), Some("PAPI:1"));
        assert_eq!(hit(IndexName::Papi, "Tri thức công dân"), Some("PAPI:1.1"));
        assert_eq!(hit(IndexName::Pci, "Chi phí gia nhập thị trường"), Some("PCI:1"));
        assert_eq!(hit(IndexName::Pci, "Kế hoạch năm sau"), None);
    }

    #[test]
    fn par_index_field_maxima_sum_to_100() {
        let c = Catalog::get();
        let par = c.index(IndexName::ParIndex).unwrap();
        let total: f64 = par.indicators.iter().filter(|e| !e.code.contains('.')).filter_map(|e| e.max).sum();
        assert!((total - 100.0).abs() < 1e-9, "{total}");
    }
}
