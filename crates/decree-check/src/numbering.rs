//! Numbering: a code printed twice, or a code skipped, among siblings.
//!
//! Siblings are the numbered tasks under one heading or group row (prose lists
//! and table rows alike) and the indicator rows of one target table under one
//! parent. Codes compare within their kind: `(3)`, `3`, `1.3` (under `1`), `c)`.

use crate::finding;
use decree_model::{Finding, Provenance, Records, Severity};
use std::collections::BTreeMap;

/// Vietnamese letters as used for `a)` items, in order (no f, j, w, z).
const LETTERS: &str = "abcdđeghiklmnopqrstuvxy";

/// A code split into what is shared by its siblings and its own ordinal.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Ordinal {
    /// Kind and prefix: `(n)`, `n`, `1.n`, `Roman`, `letter`.
    family: String,
    n: u32,
}

fn ordinal(code: &str) -> Option<Ordinal> {
    let c = code.trim();
    if let Some(inner) = c.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
        return inner.parse().ok().map(|n| Ordinal { family: "()".to_owned(), n });
    }
    let c = c.trim_end_matches(['.', ')']);
    if let Some(n) = roman(c) {
        return Some(Ordinal { family: "roman".to_owned(), n });
    }
    if c.chars().count() == 1 {
        if let Some(i) = LETTERS.chars().position(|l| c.starts_with(l)) {
            return Some(Ordinal { family: "letter".to_owned(), n: u32::try_from(i).unwrap_or(0) + 1 });
        }
    }
    let (prefix, last) = c.rsplit_once('.').unwrap_or(("", c));
    let n: u32 = last.parse().ok()?;
    Some(Ordinal { family: format!("#{prefix}"), n })
}

fn roman(s: &str) -> Option<u32> {
    if s.is_empty() || !s.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L')) {
        return None;
    }
    let val = |c| match c {
        'I' => 1,
        'V' => 5,
        'X' => 10,
        _ => 50,
    };
    let digits: Vec<u32> = s.chars().map(val).collect();
    let mut total = 0;
    for (i, d) in digits.iter().enumerate() {
        if digits.get(i + 1).is_some_and(|next| next > d) {
            total -= *d as i64;
        } else {
            total += *d as i64;
        }
    }
    u32::try_from(total).ok()
}

/// One numbered item: its ordinal, the record it belongs to, where it is.
struct Item {
    ord: Ordinal,
    subject: String,
    code: String,
    prov: Provenance,
}

pub(crate) fn check(records: &Records, out: &mut Vec<Finding>) {
    let mut groups: BTreeMap<(String, String), Vec<Item>> = BTreeMap::new();
    for t in &records.tasks {
        let Some(code) = t.code.as_deref() else { continue };
        let Some(ord) = ordinal(code) else { continue };
        // A table row's own group entry (`1 Gia nhập thị trường`) is not its parent.
        let parent: Vec<&str> = t.path.iter().map(String::as_str).filter(|p| !starts_with_code(p, code)).collect();
        let scope = format!("{:?}|{}", t.provenance.table, parent.join(" › "));
        groups.entry((scope, ord.family.clone())).or_default().push(Item {
            ord,
            subject: t.id.clone(),
            code: code.to_owned(),
            prov: t.provenance.clone(),
        });
    }
    let mut seen_targets = std::collections::BTreeSet::new();
    for t in &records.targets {
        let Some(table) = t.provenance.table else { continue };
        let Some((index, code)) = t.indicator.split_once(':') else { continue };
        if !seen_targets.insert((table, t.indicator.clone())) {
            continue;
        }
        let Some(ord) = ordinal(code) else { continue };
        let scope = format!("table {table}|{index}");
        groups.entry((scope, ord.family.clone())).or_default().push(Item {
            ord,
            subject: t.indicator.clone(),
            code: code.to_owned(),
            prov: t.provenance.clone(),
        });
    }
    for ((scope, _), items) in &groups {
        sequence(scope, items, out);
    }
}

fn starts_with_code(path_entry: &str, code: &str) -> bool {
    path_entry.strip_prefix(code).is_some_and(|rest| rest.starts_with(' '))
}

/// Walks one sibling sequence in document order.
fn sequence(scope: &str, items: &[Item], out: &mut Vec<Finding>) {
    let context = scope.split_once('|').map_or("", |(_, p)| p);
    let within = if context.is_empty() { String::new() } else { format!(" trong «{context}»") };
    for pair in items.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if b.ord.n == a.ord.n {
            out.push(finding(
                "duplicate_code",
                Severity::Warning,
                vec![a.subject.clone(), b.subject.clone()],
                format!("Số thứ tự «{}» bị lặp{within}; đánh số lại cho đúng.", b.code),
                Some((f64::from(a.ord.n + 1), f64::from(b.ord.n))),
                b.prov.clone(),
            ));
        } else if b.ord.n > a.ord.n + 1 && b.ord.n - a.ord.n <= 20 {
            out.push(finding(
                "numbering_gap",
                Severity::Warning,
                vec![a.subject.clone(), b.subject.clone()],
                format!("Sau «{}» là «{}»{within}: thiếu số thứ tự ở giữa; kiểm tra mục bị sót.", a.code, b.code),
                Some((f64::from(a.ord.n + 1), f64::from(b.ord.n))),
                b.prov.clone(),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_by_kind() {
        assert_eq!(ordinal("(3)").map(|o| o.n), Some(3));
        assert_eq!(ordinal("1.3").map(|o| (o.family, o.n)), Some(("#1".to_owned(), 3)));
        assert_eq!(ordinal("IV").map(|o| o.n), Some(4));
        assert_eq!(ordinal("đ)").map(|o| o.n), Some(5));
        assert_eq!(ordinal("g)").map(|o| o.n), Some(7));
        assert_eq!(ordinal("Tổng"), None);
    }
}
