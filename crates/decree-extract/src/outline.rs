//! The outline of a plan's body: `I.`, `1.`, `1.1.`, `(1)`, `a)`, `-`, `+`.
//!
//! Every heading, paragraph and list item becomes an [`Item`] with a rank (how
//! deep its kind of marker nests) and its parent, so a task knows the headings
//! above it and whether it is a leaf.

use decree_layout::Block;
use decree_model::Provenance;
use regex::Regex;
use std::sync::LazyLock;

static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:([IVXLC]+)\.|(\d+(?:\.\d+)*)\.?\)?|\((\d+)\)|([a-zđ])\)|([-+•–]))\s+(.*)$")
        .unwrap_or_else(|e| panic!("marker regex: {e}"))
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MarkerKind {
    Roman,
    /// Arabic with this many numbers (`1.` is 1, `1.2.` is 2).
    Arabic(u8),
    Paren,
    Letter,
    Dash,
    Plus,
    /// No marker: running text.
    None,
}

impl MarkerKind {
    /// Nesting depth; a larger rank nests inside a smaller one.
    pub fn rank(self) -> u8 {
        match self {
            MarkerKind::Roman => 10,
            MarkerKind::Arabic(d) => 20 + d.min(9),
            MarkerKind::Paren => 30,
            MarkerKind::Letter => 40,
            MarkerKind::Dash => 50,
            MarkerKind::Plus => 60,
            MarkerKind::None => 99,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub kind: MarkerKind,
    /// The marker as printed: `II.`, `1.2.`, `(3)`, `a)`, `-`.
    pub marker: String,
    pub text: String,
    /// A heading or an emphasised line: a title, not a task.
    pub title: bool,
    pub prov: Provenance,
    pub parent: Option<usize>,
}

impl Item {
    /// `1.2. Text` as a path entry.
    pub fn label(&self) -> String {
        if self.marker.is_empty() || matches!(self.kind, MarkerKind::Dash | MarkerKind::Plus) {
            self.text.clone()
        } else {
            format!("{} {}", self.marker, self.text)
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct Outline {
    pub items: Vec<Item>,
    stack: Vec<usize>,
}

impl Outline {
    pub fn extend(&mut self, blocks: &[&Block]) {
        for b in blocks {
            if let Some(item) = item_of(b) {
                self.push(item);
            }
        }
    }

    fn push(&mut self, mut item: Item) {
        // Running text that starts in lower case continues the previous item
        // across a page break or a stray blank line.
        if item.kind == MarkerKind::None && starts_lower(&item.text) {
            if let Some(last) = self.items.last_mut() {
                last.text.push(' ');
                last.text.push_str(&item.text);
                return;
            }
        }
        let rank = item.kind.rank();
        while let Some(&top) = self.stack.last() {
            let top_rank = self.items[top].kind.rank();
            if top_rank == MarkerKind::None.rank() || top_rank >= rank {
                self.stack.pop();
            } else {
                break;
            }
        }
        item.parent = self.stack.last().copied();
        self.items.push(item);
        self.stack.push(self.items.len() - 1);
    }

    /// Ancestors of item `i`, outermost first.
    pub fn ancestors(&self, i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut cur = self.items.get(i).and_then(|it| it.parent);
        while let Some(p) = cur {
            out.push(p);
            cur = self.items.get(p).and_then(|it| it.parent);
        }
        out.reverse();
        out
    }

    /// Children of item `i`, in order.
    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.items.iter().enumerate().skip(i + 1).filter(move |(_, it)| it.parent == Some(i)).map(|(j, _)| j)
    }
}

fn starts_lower(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_lowercase)
}

fn item_of(block: &Block) -> Option<Item> {
    let (text, marker, title, prov) = match block {
        Block::Heading(h) => {
            let text = match &h.number {
                Some(n) => format!("{n} {}", h.text),
                None => h.text.clone(),
            };
            (text, None, true, &h.prov)
        }
        Block::Paragraph(p) => (p.text.clone(), None, p.bold, &p.prov),
        Block::ListItem(l) => (l.text.clone(), Some(l.marker.clone()), l.bold, &l.prov),
        Block::Table(_) | Block::PageBreak { .. } => return None,
    };
    let text = text.trim().to_owned();
    if text.is_empty() {
        return None;
    }
    let (kind, marker, rest) = match marker {
        Some(m) => (kind_of_marker(&m), m, text),
        None => split_marker(&text),
    };
    let title = title || is_caps_title(&rest);
    Some(Item { kind, marker, text: rest, title, prov: prov.clone(), parent: None })
}

/// Splits `II. MỤC TIÊU` into its marker kind, marker and text.
pub(crate) fn split_marker(text: &str) -> (MarkerKind, String, String) {
    let Some(c) = MARKER.captures(text) else {
        return (MarkerKind::None, String::new(), text.to_owned());
    };
    let rest = c.get(6).map_or("", |m| m.as_str()).trim().to_owned();
    let marker_len = text.len() - c.get(6).map_or(0, |m| m.as_str().len());
    let marker = text[..marker_len].trim().to_owned();
    let kind = if c.get(1).is_some() {
        MarkerKind::Roman
    } else if let Some(a) = c.get(2) {
        // A bare number without a dot or parenthesis is only a marker when a
        // dot follows it in the source; `2023 là năm...` is not a list.
        if !marker.ends_with('.') && !marker.ends_with(')') && !a.as_str().contains('.') {
            return (MarkerKind::None, String::new(), text.to_owned());
        }
        MarkerKind::Arabic(u8::try_from(a.as_str().split('.').count()).unwrap_or(9))
    } else if c.get(3).is_some() {
        MarkerKind::Paren
    } else if c.get(4).is_some() {
        MarkerKind::Letter
    } else if marker == "+" {
        MarkerKind::Plus
    } else {
        MarkerKind::Dash
    };
    (kind, marker, rest)
}

fn kind_of_marker(marker: &str) -> MarkerKind {
    match marker {
        "+" => MarkerKind::Plus,
        "-" | "–" | "•" => MarkerKind::Dash,
        m => split_marker(&format!("{m} x")).0,
    }
}

/// `MỤC ĐÍCH, YÊU CẦU`: a line in capitals is a section title.
fn is_caps_title(text: &str) -> bool {
    if text.len() > 300 {
        return false;
    }
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 4 && letters.iter().all(|c| !c.is_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_recognised() {
        assert_eq!(split_marker("II. MỤC TIÊU").0, MarkerKind::Roman);
        assert_eq!(split_marker("1.1. Chỉ số").0, MarkerKind::Arabic(2));
        assert_eq!(split_marker("1. Nỗ lực").0, MarkerKind::Arabic(1));
        assert_eq!(split_marker("(3) Chấn chỉnh").1, "(3)");
        assert_eq!(split_marker("đ) Thực hiện").0, MarkerKind::Letter);
        assert_eq!(split_marker("- Công chức").0, MarkerKind::Dash);
        assert_eq!(split_marker("2023 là năm").0, MarkerKind::None);
        assert_eq!(split_marker("Trong thời gian qua").0, MarkerKind::None);
    }
}
