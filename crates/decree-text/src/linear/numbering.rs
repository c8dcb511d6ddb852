//! Row numbers in the STT column: which lines start a new table row.
//!
//! A number alone on a line, or a number followed by a short first cell
//! (`2 Chất lượng bầu cử`), starts a row only when it continues the table's
//! numbering; that keeps `10 tháng 6 năm 2023 ...` or a lone `2022.` inside a
//! cell from being taken for a row.

use super::lex::{re, starts_like_cell};
use regex::Regex;
use std::sync::LazyLock;

static ARABIC: LazyLock<Regex> = LazyLock::new(|| re(r"^(\d{1,3}(?:\.\d{1,3}){0,3})\.?(?:\s+(\S.*))?$"));
static ROMAN: LazyLock<Regex> = LazyLock::new(|| re(r"^([IVXLC]{1,7})\.?(?:\s+(\S.*))?$"));
static LETTER: LazyLock<Regex> = LazyLock::new(|| re(r"^([A-H])[.)]?(?:\s+(\S.*))?$"));

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Num {
    Arabic(Vec<u32>),
    Roman(u32),
    Letter(u32),
}

/// A candidate row number at the start of a line.
#[derive(Debug, Clone)]
pub(super) struct RowNum<'a> {
    pub printed: &'a str,
    pub num: Num,
    /// The rest of the line: the start of the row's first cell, or "".
    pub rest: &'a str,
}

pub(super) fn parse(text: &str) -> Option<RowNum<'_>> {
    let (caps, kind) = if let Some(c) = ARABIC.captures(text) {
        (c, 0)
    } else if let Some(c) = ROMAN.captures(text) {
        (c, 1)
    } else {
        (LETTER.captures(text)?, 2)
    };
    let digits = caps.get(1)?.as_str();
    let rest = caps.get(2).map_or("", |m| m.as_str());
    let printed = text.get(..text.len() - rest.len()).unwrap_or(text).trim_end();
    let num = match kind {
        0 => Num::Arabic(digits.split('.').map(|p| p.parse().ok()).collect::<Option<Vec<u32>>>()?),
        1 => Num::Roman(roman_value(digits)?),
        _ => Num::Letter(u32::from(digits.chars().next()?) - u32::from('A') + 1),
    };
    Some(RowNum { printed, num, rest })
}

/// Value of a well-formed Roman numeral up to 89; anything else is not a row number.
fn roman_value(s: &str) -> Option<u32> {
    const TABLE: [(&str, u32); 7] = [("L", 50), ("XL", 40), ("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1)];
    let mut rest = s;
    let mut value = 0;
    for (sym, v) in TABLE {
        let mut count = 0;
        while let Some(r) = rest.strip_prefix(sym) {
            rest = r;
            value += v;
            count += 1;
            if count > 3 {
                return None;
            }
        }
    }
    (rest.is_empty() && value > 0).then_some(value)
}

/// The numbering seen so far in one table.
#[derive(Debug, Default)]
pub(super) struct Numbering {
    arabic: Option<Vec<u32>>,
    roman: Option<u32>,
    letter: Option<u32>,
    /// A Roman or letter group came after the last Arabic number: numbering may restart.
    group_since: bool,
}

impl Numbering {
    /// Does `n` continue the numbering (so the line starts a new row)?
    pub fn accepts(&self, n: &RowNum) -> bool {
        let alone = n.rest.is_empty();
        if !alone && !starts_like_cell(n.rest) {
            return false;
        }
        match &n.num {
            // A repeated numeral with a title (`III Chỉ số PAR`, `III Chỉ số PCI`) is
            // a slip in the source, still a group row.
            Num::Roman(v) => {
                *v == 1 || self.roman.is_some_and(|r| *v == r + 1 || (alone && *v == r + 2) || (!alone && *v == r))
            }
            Num::Letter(v) => *v == 1 || self.letter.is_some_and(|r| *v == r + 1),
            Num::Arabic(parts) => self.accepts_arabic(parts, alone),
        }
    }

    fn accepts_arabic(&self, parts: &[u32], alone: bool) -> bool {
        let Some(last) = &self.arabic else {
            // The first row: 1, 1.1, or (alone on its line) a small number.
            return parts == [1]
                || parts == [1, 1]
                || (alone && parts.len() == 1 && parts.first().is_some_and(|&p| p <= 3));
        };
        if parts == [1] && (alone || self.group_since) || parts == [1, 1] && self.group_since {
            return true;
        }
        successors(last, alone).iter().any(|s| s.as_slice() == parts)
    }

    pub fn push(&mut self, n: &Num) {
        match n {
            Num::Arabic(p) => {
                self.arabic = Some(p.clone());
                self.group_since = false;
            }
            Num::Roman(v) => {
                self.roman = Some(*v);
                self.group_since = true;
            }
            Num::Letter(v) => {
                self.letter = Some(*v);
                self.group_since = true;
            }
        }
    }
}

/// Numbers that may follow `last`: the next at the same depth (a gap of up to two
/// when the number stands alone), the first child, or the next at a shallower depth.
fn successors(last: &[u32], alone: bool) -> Vec<Vec<u32>> {
    let mut out = Vec::new();
    let skip = if alone { 3 } else { 1 };
    for depth in 1..=last.len() {
        let prefix = last.get(..depth - 1).unwrap_or(&[]);
        let Some(&at) = last.get(depth - 1) else {
            continue;
        };
        for step in 1..=skip {
            let mut next = prefix.to_vec();
            next.push(at + step);
            out.push(next);
        }
    }
    let mut child = last.to_vec();
    child.push(1);
    out.push(child);
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn run(lines: &[&str]) -> Vec<bool> {
        let mut n = Numbering::default();
        lines
            .iter()
            .map(|l| match parse(l) {
                Some(r) if n.accepts(&r) => {
                    n.push(&r.num);
                    true
                }
                _ => false,
            })
            .collect()
    }

    #[test]
    fn sequences() {
        assert_eq!(
            run(&["I Chỉ số PAPI", "1", "2 Chất lượng bầu cử", "2022.", "10 tháng 6 năm 2023", "3", "II", "1"]),
            [true, true, true, false, false, true, true, true]
        );
        assert_eq!(
            run(&["I", "1 Tham gia", "1.1", "1.2", "2 Công khai", "2.1", "7"]),
            [true, true, true, true, true, true, false]
        );
        assert_eq!(roman_value("XIV"), Some(14));
        assert_eq!(roman_value("IIII"), None);
        assert_eq!(parse("1.4 Đóng góp").unwrap().printed, "1.4");
    }
}
