//! Text similarity for pairing tasks across versions.
//!
//! Three measures, each for an edit planning offices make:
//! - Dice over character trigrams of the folded text tolerates small edits (a word
//!   added, a date changed, diacritics retyped);
//! - containment (the shared trigrams over the shorter text's) credits an old task
//!   absorbed whole into a longer new row, or one piece of a split;
//! - key phrases (word pairs weighted by their rarity across both plans) credit
//!   shared specific wording over the boilerplate every row repeats.

use decree_norm::fold;
use std::collections::HashMap;

/// A text prepared once for many comparisons: its trigrams, packed and sorted,
/// with their counts, so two texts compare by one merge.
#[derive(Debug, Clone)]
pub struct Grams {
    counts: Vec<(u64, u32)>,
    total: u32,
}

impl Grams {
    pub fn new(text: &str) -> Self {
        Self::from_folded(&fold(text))
    }

    pub(crate) fn from_folded(folded: &str) -> Self {
        // Padding lets one-word texts still have grams and marks word edges.
        let chars: Vec<u64> = format!("  {folded} ").chars().map(u64::from).collect();
        let mut grams: Vec<u64> = chars.windows(3).map(|w| w.iter().fold(0, |acc, &c| (acc << 21) | c)).collect();
        grams.sort_unstable();
        let total = u32::try_from(grams.len()).unwrap_or(u32::MAX);
        let mut counts: Vec<(u64, u32)> = Vec::new();
        for g in grams {
            match counts.last_mut() {
                Some((last, n)) if *last == g => *n += 1,
                _ => counts.push((g, 1)),
            }
        }
        Grams { counts, total }
    }

    /// How many grams the text has.
    pub fn len(&self) -> u32 {
        self.total
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// Grams the two texts share (multiset overlap, so repeated phrases count).
    pub fn common(&self, other: &Grams) -> u32 {
        let (mut a, mut b) = (self.counts.iter().peekable(), other.counts.iter().peekable());
        let mut common = 0;
        while let (Some(&&(ga, na)), Some(&&(gb, nb))) = (a.peek(), b.peek()) {
            match ga.cmp(&gb) {
                std::cmp::Ordering::Less => {
                    a.next();
                }
                std::cmp::Ordering::Greater => {
                    b.next();
                }
                std::cmp::Ordering::Equal => {
                    common += na.min(nb);
                    a.next();
                    b.next();
                }
            }
        }
        common
    }

    /// Dice similarity in 0..=1.
    pub fn similarity(&self, other: &Grams) -> f64 {
        if self.total == 0 || other.total == 0 {
            return if self.total == other.total { 1.0 } else { 0.0 };
        }
        2.0 * f64::from(self.common(other)) / f64::from(self.total + other.total)
    }

    /// The share of this text's grams found in `other` (1 when it is wholly inside).
    pub fn contained_in(&self, other: &Grams) -> f64 {
        if self.total == 0 {
            return 0.0;
        }
        f64::from(self.common(other)) / f64::from(self.total)
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

/// Word and word-pair ids shared by both plans, with how many tasks hold each.
#[derive(Debug, Default)]
pub(crate) struct Vocab {
    ids: HashMap<String, u32>,
    pub(crate) terms: Vec<String>,
    pub(crate) df: Vec<u32>,
    pub(crate) docs: u32,
}

impl Vocab {
    /// Sorted, deduplicated ids of the words (`phrases` false) or word pairs of a
    /// folded text, counted once per text towards the document frequency.
    pub(crate) fn add(&mut self, folded: &str, phrases: bool) -> Vec<u32> {
        let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
        let terms: Vec<String> = if phrases {
            words.windows(2).map(|w| w.join(" ")).collect()
        } else {
            words.iter().map(|w| (*w).to_string()).collect()
        };
        let mut ids: Vec<u32> = terms.into_iter().map(|t| self.id(t)).collect();
        ids.sort_unstable();
        ids.dedup();
        for &id in &ids {
            if let Some(n) = self.df.get_mut(id as usize) {
                *n += 1;
            }
        }
        ids
    }

    fn id(&mut self, term: String) -> u32 {
        if let Some(&id) = self.ids.get(&term) {
            return id;
        }
        let id = u32::try_from(self.terms.len()).unwrap_or(u32::MAX);
        self.ids.insert(term.clone(), id);
        self.terms.push(term);
        self.df.push(0);
        id
    }

    /// Rarity of a term: 0 for one every text holds, growing for rarer ones.
    pub(crate) fn idf(&self, id: u32) -> f64 {
        let df = self.df.get(id as usize).copied().unwrap_or(0).max(1);
        (f64::from(self.docs.max(1)) / f64::from(df)).ln().max(0.0)
    }

    pub(crate) fn df(&self, id: u32) -> u32 {
        self.df.get(id as usize).copied().unwrap_or(0)
    }

    /// Weighted Dice of two sorted id sets, each term weighted by its rarity.
    pub(crate) fn weighted_dice(&self, a: &[u32], b: &[u32]) -> f64 {
        let weight = |ids: &[u32]| ids.iter().map(|&i| self.idf(i)).sum::<f64>();
        let total = weight(a) + weight(b);
        if total <= 0.0 {
            return 0.0;
        }
        2.0 * shared(a, b).map(|i| self.idf(i)).sum::<f64>() / total
    }

    /// The rarest shared terms, for showing why two texts were linked.
    pub(crate) fn rarest_shared(&self, a: &[u32], b: &[u32], n: usize) -> Vec<String> {
        let mut common: Vec<u32> = shared(a, b).collect();
        common.sort_by_key(|&i| (self.df(i), i));
        common.iter().take(n).filter_map(|&i| self.terms.get(i as usize).cloned()).collect()
    }
}

/// Ids present in both sorted slices.
fn shared<'a>(a: &'a [u32], b: &'a [u32]) -> impl Iterator<Item = u32> + 'a {
    a.iter().copied().filter(move |x| b.binary_search(x).is_ok())
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
    fn containment_credits_a_text_inside_a_longer_one() {
        let short = Grams::new("Công khai thủ tục hành chính trên Cổng dịch vụ công của tỉnh");
        let long = Grams::new(
            "Rà soát, đơn giản hóa thủ tục; công khai thủ tục hành chính trên Cổng dịch vụ công của tỉnh \
             và tiếp nhận, xử lý kịp thời phản ánh, kiến nghị của người dân, doanh nghiệp về quy định hành \
             chính, bảo đảm đúng thời hạn theo quy định",
        );
        assert!(short.similarity(&long) < 0.6);
        assert!(short.contained_in(&long) > 0.95);
    }

    #[test]
    fn rare_phrases_weigh_more_than_boilerplate() {
        let mut v = Vocab::default();
        let texts = ["thuc hien x1 y1", "thuc hien x2 y2", "thuc hien x3 y3", "chuyen doi p1 q1", "chuyen doi p2 q2"];
        let ids: Vec<Vec<u32>> = texts.iter().map(|t| v.add(t, true)).collect();
        v.docs = 5;
        let dice = |a: usize, b: usize| v.weighted_dice(&ids[a], &ids[b]);
        assert!(dice(3, 4) > dice(0, 1));
        assert_eq!(v.rarest_shared(&ids[3], &ids[4], 3), ["chuyen doi"]);
    }

    #[test]
    fn overlap() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(set_overlap(&s(&[]), &s(&[])), 1.0);
        assert_eq!(set_overlap(&s(&["a"]), &s(&["a", "b"])), 0.5);
    }
}
