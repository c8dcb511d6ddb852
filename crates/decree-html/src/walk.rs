//! The walk over the parsed tree that turns elements into layout blocks.

use decree_layout::{count_header_rows, Block, Cell, Heading, Layout, ListItem, Paragraph, Row, Table};
use decree_model::Provenance;
use scraper::{ElementRef, Html, Node};
use unicode_normalization::UnicodeNormalization;

/// Elements whose content is not document text.
const DROPPED: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button", "select", "svg",
    "math", "iframe", "head", "title", "object", "canvas", "textarea", "img", "video", "audio",
];
/// Elements that end the running paragraph before and after them.
const BREAKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "blockquote",
    "center",
    "pre",
    "dl",
    "dd",
    "dt",
    "figure",
    "figcaption",
    "address",
    "hr",
    "ul",
    "ol",
    "body",
    "html",
    "caption",
    "fieldset",
    "details",
    "summary",
];
/// Grid limits: a hostile `colspan="100000"` must not allocate a huge row.
const MAX_SPAN: usize = 200;
const MAX_WIDTH: usize = 1000;

/// The layout of an HTML document.
pub fn layout_of(html: &str) -> Layout {
    let doc = Html::parse_document(html);
    let mut b = Builder::default();
    b.walk(content_root(&doc));
    b.flush();
    Layout { blocks: b.blocks, pages: None }
}

/// The database's content root, else `<article>`/`<main>`, else `<body>`.
fn content_root(doc: &Html) -> ElementRef<'_> {
    let (mut main, mut body) = (None, None);
    for node in doc.root_element().descendants() {
        let Some(e) = ElementRef::wrap(node) else { continue };
        if e.value().attr("data-vbpl-content-root").is_some() {
            return e;
        }
        match e.value().name() {
            "article" | "main" if main.is_none() => main = Some(e),
            "body" if body.is_none() => body = Some(e),
            _ => {}
        }
    }
    main.or(body).unwrap_or_else(|| doc.root_element())
}

fn is_dropped(e: &ElementRef<'_>) -> bool {
    let v = e.value();
    if DROPPED.contains(&v.name()) || v.attr("hidden").is_some() || v.attr("aria-hidden") == Some("true") {
        return true;
    }
    v.attr("style").is_some_and(|s| {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

fn is_bold(e: &ElementRef<'_>) -> bool {
    let v = e.value();
    matches!(v.name(), "b" | "strong" | "th")
        || v.attr("style").is_some_and(|s| {
            let s = s.to_ascii_lowercase();
            s.contains("font-weight: bold") || s.contains("font-weight:bold") || s.contains("font-weight: 700")
        })
}

/// A run of inline text and how much of it is bold.
#[derive(Default)]
struct Run {
    text: String,
    bold: usize,
    plain: usize,
}

impl Run {
    fn push(&mut self, s: &str, bold: bool) {
        let n = s.chars().filter(|c| !c.is_whitespace()).count();
        if bold {
            self.bold += n;
        } else {
            self.plain += n;
        }
        self.text.push_str(s);
    }

    /// The text, NFC and collapsed, and whether all of it is bold.
    fn take(&mut self) -> (String, bool) {
        let text = collapse(&self.text);
        let bold = self.bold > 0 && self.plain == 0;
        *self = Run::default();
        (text, bold)
    }
}

/// NFC with whitespace (non-breaking spaces too) collapsed to single spaces.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split(char::is_whitespace).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    if out.is_ascii() {
        return out;
    }
    out.nfc().collect()
}

#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    run: Run,
    bold_depth: usize,
    /// The heading level or list marker the running paragraph will take.
    pending: Option<Pending>,
    /// Counters of the open lists (`None` for a bulleted one).
    lists: Vec<Option<u32>>,
    tables: u32,
}

enum Pending {
    Heading(u8),
    Item(String),
}

impl Builder {
    fn prov(&self) -> Provenance {
        Provenance::line(u32::try_from(self.blocks.len() + 1).unwrap_or(u32::MAX))
    }

    fn walk(&mut self, el: ElementRef<'_>) {
        for child in el.children() {
            match child.value() {
                Node::Text(t) => self.run.push(&t.text, self.bold_depth > 0),
                Node::Element(_) => {
                    if let Some(e) = ElementRef::wrap(child) {
                        self.element(e);
                    }
                }
                _ => {}
            }
        }
    }

    fn element(&mut self, e: ElementRef<'_>) {
        if is_dropped(&e) {
            return;
        }
        let name = e.value().name();
        match name {
            "br" => self.flush(),
            "table" => {
                self.flush();
                self.table(e);
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                let level = name.as_bytes().get(1).map_or(1, |d| d - b'0');
                self.pending = Some(Pending::Heading(level));
                self.walk(e);
                self.flush();
            }
            "ul" | "ol" => {
                self.flush();
                let start = e.value().attr("start").and_then(|s| s.trim().parse::<u32>().ok()).unwrap_or(1);
                self.lists.push((name == "ol").then(|| start.saturating_sub(1)));
                self.walk(e);
                self.flush();
                self.lists.pop();
            }
            "li" => {
                self.flush();
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{n}.")
                    }
                    _ => "-".to_owned(),
                };
                self.pending = Some(Pending::Item(marker));
                self.walk(e);
                self.flush();
            }
            _ => {
                let breaks = BREAKS.contains(&name);
                if breaks {
                    self.flush();
                }
                let bold = is_bold(&e);
                self.bold_depth += usize::from(bold);
                self.walk(e);
                self.bold_depth -= usize::from(bold);
                if breaks {
                    self.flush();
                }
            }
        }
    }

    /// Ends the running paragraph (or heading, or list item).
    fn flush(&mut self) {
        let (text, bold) = self.run.take();
        if text.is_empty() {
            return;
        }
        let prov = self.prov();
        let block = match self.pending.take() {
            Some(Pending::Heading(level)) => Block::Heading(Heading { level, number: None, text, prov }),
            Some(Pending::Item(marker)) => Block::ListItem(ListItem { marker, text, bold, prov }),
            None => Block::Paragraph(Paragraph { text, bold, prov }),
        };
        self.blocks.push(block);
    }

    fn table(&mut self, e: ElementRef<'_>) {
        let trs = rows_of(e);
        // A table used for page layout (one cell holding the document) is walked as
        // body text, not kept as a one-cell table.
        let cells: Vec<ElementRef<'_>> = trs.iter().flat_map(|tr| cells_of(*tr)).collect();
        if let [only] = cells.as_slice() {
            self.walk(*only);
            self.flush();
            return;
        }
        let prov = self.prov();
        let index = self.tables;
        self.tables += 1;
        let mut table = grid(&trs, index, &prov);
        if table.rows.is_empty() {
            return;
        }
        let th_rows = trs.iter().take_while(|tr| is_head_row(**tr)).count();
        table.header_rows = if th_rows > 0 { th_rows } else { count_header_rows(&table.rows) };
        self.blocks.push(Block::Table(table));
    }
}

/// The rows of a table, its own only (`table > tr`, `table > tbody > tr`).
fn rows_of(table: ElementRef<'_>) -> Vec<ElementRef<'_>> {
    let mut out = Vec::new();
    for child in table.children().filter_map(ElementRef::wrap) {
        match child.value().name() {
            "tr" => out.push(child),
            "thead" | "tbody" | "tfoot" => {
                out.extend(child.children().filter_map(ElementRef::wrap).filter(|r| r.value().name() == "tr"))
            }
            _ => {}
        }
    }
    out
}

fn cells_of(tr: ElementRef<'_>) -> impl Iterator<Item = ElementRef<'_>> {
    tr.children().filter_map(ElementRef::wrap).filter(|c| matches!(c.value().name(), "td" | "th"))
}

fn is_head_row(tr: ElementRef<'_>) -> bool {
    let in_thead = tr.parent().and_then(ElementRef::wrap).is_some_and(|p| p.value().name() == "thead");
    in_thead || (cells_of(tr).count() > 0 && cells_of(tr).all(|c| c.value().name() == "th"))
}

fn span(cell: &ElementRef<'_>, attr: &str) -> usize {
    cell.value().attr(attr).and_then(|s| s.trim().parse::<usize>().ok()).unwrap_or(1).clamp(1, MAX_SPAN)
}

/// Rows on the grid: each cell starts at the first column its row has free, past
/// the columns that cells of rows above still cover with their `rowspan`.
fn grid(trs: &[ElementRef<'_>], index: u32, prov: &Provenance) -> Table {
    let mut covered: Vec<usize> = Vec::new();
    let mut rows = Vec::new();
    for (i, tr) in trs.iter().enumerate() {
        let mut col = 0;
        let mut cells = Vec::new();
        for td in cells_of(*tr) {
            while covered.get(col).is_some_and(|n| *n > 0) {
                col += 1;
            }
            let (col_span, row_span) = (span(&td, "colspan"), span(&td, "rowspan"));
            if col + col_span > MAX_WIDTH {
                break;
            }
            let (text, bold) = cell_text(td);
            cells.push(Cell { text, col, col_span, row_span, bold });
            if covered.len() < col + col_span {
                covered.resize(col + col_span, 0);
            }
            covered[col..col + col_span].iter_mut().for_each(|n| *n = row_span);
            col += col_span;
        }
        covered.iter_mut().for_each(|n| *n = n.saturating_sub(1));
        let row = u32::try_from(i).unwrap_or(u32::MAX);
        rows.push(Row { cells, after_break: false, prov: prov.in_table(index, row) });
    }
    Table { index, header_rows: 0, rows, prov: prov.in_table(index, 0) }
}

/// A cell's text: one line per paragraph, list item or `<br>`; nested tables'
/// text kept, one line per row.
fn cell_text(td: ElementRef<'_>) -> (String, bool) {
    let mut lines = Vec::new();
    let mut run = Run::default();
    let mut all_bold = true;
    cell_walk(td, is_bold(&td), &mut run, &mut lines, &mut all_bold);
    end_line(&mut run, &mut lines, &mut all_bold);
    let bold = all_bold && !lines.is_empty();
    (lines.join("\n"), bold)
}

fn cell_walk(el: ElementRef<'_>, bold: bool, run: &mut Run, lines: &mut Vec<String>, all_bold: &mut bool) {
    for child in el.children() {
        match child.value() {
            Node::Text(t) => run.push(&t.text, bold),
            Node::Element(_) => {
                let Some(e) = ElementRef::wrap(child) else { continue };
                if is_dropped(&e) {
                    continue;
                }
                let name = e.value().name();
                let breaks = matches!(name, "br" | "tr" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
                    || BREAKS.contains(&name);
                if breaks {
                    end_line(run, lines, all_bold);
                }
                if name == "td" || name == "th" {
                    run.push(" ", bold);
                }
                cell_walk(e, bold || is_bold(&e), run, lines, all_bold);
                if breaks {
                    end_line(run, lines, all_bold);
                }
            }
            _ => {}
        }
    }
}

fn end_line(run: &mut Run, lines: &mut Vec<String>, all_bold: &mut bool) {
    let (text, bold) = run.take();
    if !text.is_empty() {
        *all_bold &= bold;
        lines.push(text);
    }
}
