//! Which governance index a piece of text names.

use decree_model::IndexName;
use decree_norm::fold;

/// Folded phrases that name each index, most specific first.
const NAMES: [(&str, IndexName); 15] = [
    ("par index", IndexName::ParIndex),
    ("parindex", IndexName::ParIndex),
    ("par-index", IndexName::ParIndex),
    ("chi so cai cach hanh chinh", IndexName::ParIndex),
    ("chi so cchc", IndexName::ParIndex),
    ("chi so par", IndexName::ParIndex),
    ("sipas", IndexName::Sipas),
    ("chi so hai long", IndexName::Sipas),
    ("papi", IndexName::Papi),
    ("quan tri va hanh chinh cong", IndexName::Papi),
    ("hieu qua quan tri", IndexName::Papi),
    ("pci", IndexName::Pci),
    ("nang luc canh tranh", IndexName::Pci),
    ("muc do hai long", IndexName::Sipas),
    ("su hai long", IndexName::Sipas),
];

/// Raw spellings one of [`NAMES`] needs; text with none of them names no index,
/// and skipping the fold for it keeps long documents fast.
const CUES: [&str; 20] = [
    "PCI",
    "PAPI",
    "SIPAS",
    "PAR",
    "par",
    "Par",
    "CCHC",
    "ỉ số",
    "Ỉ SỐ",
    "hài lòng",
    "Hài lòng",
    "HÀI LÒNG",
    "quản trị",
    "Quản trị",
    "QUẢN TRỊ",
    "năng lực",
    "Năng lực",
    "NĂNG LỰC",
    "hỉ số",
    "HỈ SỐ",
];

/// Indices named in `text`, in order of first mention.
pub(crate) fn mentioned(text: &str) -> Vec<IndexName> {
    if !CUES.iter().any(|c| text.contains(c)) {
        return Vec::new();
    }
    let t = format!(" {} ", fold(text));
    let mut found: Vec<(usize, IndexName)> = Vec::new();
    for (name, index) in NAMES {
        let mut from = 0;
        while let Some(pos) = t[from..].find(name) {
            let at = from + pos;
            if word_bounded(&t, at, name.len()) {
                found.push((at, index));
                break;
            }
            from = at + name.len();
        }
    }
    found.sort_by_key(|(at, _)| *at);
    let mut out: Vec<IndexName> = Vec::new();
    for (_, i) in found {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
}

fn word_bounded(t: &str, at: usize, len: usize) -> bool {
    let before = t[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
    let after = t[at + len..].chars().next().is_none_or(|c| !c.is_alphanumeric());
    before && after
}

/// The one index `text` names first, if any.
pub(crate) fn first(text: &str) -> Option<IndexName> {
    mentioned(text).into_iter().next()
}

/// Vietnamese name of the whole index, for its indicator record.
pub(crate) fn display_name(index: IndexName) -> &'static str {
    match index {
        IndexName::Pci => "Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)",
        IndexName::Papi => "Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI)",
        IndexName::Sipas => "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)",
        IndexName::ParIndex => "Chỉ số cải cách hành chính (PAR INDEX)",
    }
}
