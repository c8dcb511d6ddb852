//! Text similarity for pairing tasks across versions: Dice coefficient over the
//! character trigrams of the folded text. Trigrams tolerate the small edits
//! revisions make (a word added, a date changed, diacritics retyped) far better
//! than whole-word sets, and need no dependency.

use decree_norm::fold;
use std::collections::HashMap;

/// A text prepared once for many comparisons.
#[derive(Debug, Clone)]
pub struct Grams {
    counts: HashMap<[char; 3], u32>,
    total: u32,
}

impl Grams {
    pub fn new(text: &str) -> Self {
        // Padding lets one-word texts still have grams and marks word edges.
        let chars: Vec<char> = format!("  {} ", fold(text)).chars().collect();
        let mut counts = HashMap::new();
        let mut total = 0;
        for w in chars.windows(3) {
            if let &[a, b, c] = w {
                *counts.entry([a, b, c]).or_insert(0) += 1;
                total += 1;
            }
        }
        Grams { counts, total }
    }

    /// Dice similarity in 0..=1 (multiset overlap, so repeated phrases count).
    pub fn similarity(&self, other: &Grams) -> f64 {
        if self.total == 0 || other.total == 0 {
            return if self.total == other.total { 1.0 } else { 0.0 };
        }
        let (small, large) = if self.counts.len() <= other.counts.len() { (self, other) } else { (other, self) };
        let common: u32 = small.counts.iter().map(|(g, n)| (*n).min(large.counts.get(g).copied().unwrap_or(0))).sum();
        2.0 * f64::from(common) / f64::from(self.total + other.total)
    }
}

/// Jaccard overlap of two sets of canonical body names; 1 when both are empty
/// (two rows that name nobody agree on that).
pub fn set_overlap(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let inter = a.iter().filter(|x| b.contains(x)).count();
    let union = a.len() + b.iter().filter(|x| !a.contains(x)).count();
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_and_disjoint() {
        let a = Grams::new("Tăng cường công tác thanh tra");
        assert!((a.similarity(&a) - 1.0).abs() < 1e-9);
        assert!(a.similarity(&Grams::new("xyz qqq")) < 0.1);
        let b = Grams::new("Tăng cường công tác thanh tra, kiểm tra");
        assert!(a.similarity(&b) > 0.7);
    }

    #[test]
    fn overlap() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(set_overlap(&s(&[]), &s(&[])), 1.0);
        assert_eq!(set_overlap(&s(&["a"]), &s(&["a", "b"])), 0.5);
    }
}
