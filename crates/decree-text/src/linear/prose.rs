//! Running text outside tables. pdftotext puts every printed line on its own
//! line (often with a blank line after it), so paragraphs are rebuilt: a line
//! continues the paragraph when it starts in lowercase, when both it and the
//! paragraph are a title in capitals, or when the line before filled the width.

use super::lex::{ends_sentence, is_all_caps, is_bullet, re, starts_lower, width, Line};
use decree_layout::{Block, ListItem, Paragraph};
use decree_model::Provenance;
use regex::Regex;
use std::sync::LazyLock;

/// Lines that start a new block whatever precedes them: numbered or lettered
/// items, articles, and bracketed notes such as `(Kèm theo Kế hoạch ...)`.
static BLOCK_START: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:(?:\d+(?:\.\d+)*[.)]|[IVXLC]+\.|[a-zđ]\))\s|(?:Điều|Chương|Mục|Phần)\s+\S|\()"));

struct Para {
    text: String,
    line: u32,
    last: String,
    caps: bool,
}

pub(super) struct Prose {
    cur: Option<Para>,
    /// Width of a full line of running text.
    full: usize,
}

impl Prose {
    pub fn new(lines: &[Line]) -> Self {
        let mut widths: Vec<usize> = lines.iter().map(|l| width(&l.text)).filter(|&w| w > 0).collect();
        widths.sort_unstable();
        let at = (widths.len().saturating_sub(1) as f64 * 0.9).round() as usize;
        let p90 = widths.get(at).copied().unwrap_or(0);
        Self { cur: None, full: p90.max(60) }
    }

    pub fn push(&mut self, line: &Line, out: &mut Vec<Block>) {
        let text = line.text.as_str();
        if let Some(p) = self.cur.as_mut() {
            if joins(p, text, self.full) {
                p.text.push(' ');
                p.text.push_str(text);
                p.last = text.to_owned();
                p.caps &= is_all_caps(text);
                return;
            }
        }
        self.flush(out);
        self.cur = Some(Para { text: text.to_owned(), line: line.no, last: text.to_owned(), caps: is_all_caps(text) });
    }

    pub fn flush(&mut self, out: &mut Vec<Block>) {
        let Some(p) = self.cur.take() else { return };
        let prov = Provenance::line(p.line);
        if is_bullet(&p.text) {
            let mut chars = p.text.chars();
            let marker = chars.next().map(String::from).unwrap_or_default();
            let text = chars.as_str().trim().to_owned();
            out.push(Block::ListItem(ListItem { marker, text, bold: false, prov }));
        } else {
            out.push(Block::Paragraph(Paragraph { text: p.text, bold: false, prov }));
        }
    }
}

fn joins(p: &Para, text: &str, full: usize) -> bool {
    if is_bullet(text) || BLOCK_START.is_match(text) || ends_sentence(&p.last) {
        return false;
    }
    if p.caps {
        return is_all_caps(text);
    }
    starts_lower(text) || (width(&p.last) * 4 >= full * 3 && !is_all_caps(text))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::linear::lex::scan;

    #[test]
    fn paragraphs() {
        let lines = scan(&[
            "CÁC NHIỆM VỤ, GIẢI PHÁP",
            "",
            "THUỘC TRÁCH NHIỆM CỦA SỞ NỘI VỤ",
            "",
            "(Kèm theo Kế hoạch số /KH-UBND)",
            "Một câu dài",
            "tiếp tục ở dòng sau.",
            "- Gạch đầu dòng",
        ]);
        let mut prose = Prose::new(&lines);
        let mut out = Vec::new();
        for l in lines.iter().filter(|l| !l.is_blank()) {
            prose.push(l, &mut out);
        }
        prose.flush(&mut out);
        let texts: Vec<String> = out
            .iter()
            .map(|b| match b {
                Block::Paragraph(p) => p.text.clone(),
                Block::ListItem(l) => format!("{} {}", l.marker, l.text),
                _ => String::new(),
            })
            .collect();
        assert_eq!(
            texts,
            [
                "CÁC NHIỆM VỤ, GIẢI PHÁP THUỘC TRÁCH NHIỆM CỦA SỞ NỘI VỤ",
                "(Kèm theo Kế hoạch số /KH-UBND)",
                "Một câu dài tiếp tục ở dòng sau.",
                "- Gạch đầu dòng"
            ]
        );
    }
}
