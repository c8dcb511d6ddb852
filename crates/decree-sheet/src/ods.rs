//! What calamine leaves out of an `.ods` sheet: merged regions and percentages.
//!
//! calamine reports no merge list for OpenDocument and gives a percentage as its
//! plain fraction. Both are in `content.xml`: a merged cell carries
//! `table:number-columns-spanned`/`number-rows-spanned` and the cells it covers
//! are `table:covered-table-cell`; a percentage has
//! `office:value-type="percentage"`. This pass walks the sheets' rows and cells,
//! counting repeats the way calamine does, so positions match its ranges.

use crate::merge::Merge;
use quick_xml::events::{BytesStart, Event};
use std::collections::{HashMap, HashSet};
use std::io::Read;

/// Merges and percentage cells of one sheet, by absolute (row, col).
#[derive(Debug, Default, Clone)]
pub(crate) struct Extras {
    pub merges: Vec<Merge>,
    pub percent: HashSet<(u32, u32)>,
}

/// Repeated rows of percentages are expanded only this far: calamine itself
/// refuses sheets much larger, and a hostile repeat count must not exhaust memory.
const MAX_PERCENT_CELLS: usize = 5_000_000;

/// Extras of every sheet, by sheet name.
pub(crate) fn read_extras(bytes: &[u8]) -> Result<HashMap<String, Extras>, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut content = Vec::new();
    zip.by_name("content.xml")
        .map_err(|e| format!("content.xml: {e}"))?
        .read_to_end(&mut content)
        .map_err(|e| format!("content.xml: {e}"))?;
    walk(&content).map_err(|e| format!("content.xml: {e}"))
}

/// Where the walk is: which sheet, row and column.
#[derive(Default)]
struct Walk {
    out: HashMap<String, Extras>,
    current: Option<(String, Extras)>,
    /// Nesting of `table:table` (a table inside a cell is not a sheet).
    depth: u32,
    row: u32,
    rows_repeated: u32,
    col: u32,
    percent_cells: usize,
}

fn walk(content: &[u8]) -> Result<HashMap<String, Extras>, quick_xml::Error> {
    let mut reader = quick_xml::Reader::from_reader(content);
    let mut w = Walk::default();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf)? {
            Event::Start(e) => w.start(&e, false),
            Event::Empty(e) => w.start(&e, true),
            Event::End(e) => w.end(e.name().as_ref()),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(w.out)
}

impl Walk {
    fn start(&mut self, e: &BytesStart, empty: bool) {
        match e.name().as_ref() {
            "table:table" => {
                self.depth += 1;
                if self.depth == 1 && !empty {
                    let name = attr_text(e, "table:name").unwrap_or_default();
                    self.current = Some((name, Extras::default()));
                    self.row = 0;
                } else if empty {
                    self.depth -= 1;
                }
            }
            "table:table-row" if self.depth == 1 => {
                self.col = 0;
                self.rows_repeated = attr_count(e, "table:number-rows-repeated");
                if empty {
                    self.end_row();
                }
            }
            "table:table-cell" | "table:covered-table-cell" if self.depth == 1 => {
                let covered = e.name().as_ref() == "table:covered-table-cell";
                self.cell(e, covered);
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "table:table" => {
                if self.depth == 1 {
                    if let Some((name, extras)) = self.current.take() {
                        self.out.insert(name, extras);
                    }
                }
                self.depth = self.depth.saturating_sub(1);
            }
            "table:table-row" if self.depth == 1 => self.end_row(),
            _ => {}
        }
    }

    fn end_row(&mut self) {
        self.row = self.row.saturating_add(self.rows_repeated.max(1));
    }

    fn cell(&mut self, e: &BytesStart, covered: bool) {
        let repeated = attr_count(e, "table:number-columns-repeated");
        let Some((_, extras)) = self.current.as_mut() else {
            return;
        };
        if !covered {
            let cols = attr_count(e, "table:number-columns-spanned");
            let rows = attr_count(e, "table:number-rows-spanned");
            if cols > 1 || rows > 1 {
                extras.merges.push(Merge {
                    top: self.row,
                    left: self.col,
                    bottom: self.row.saturating_add(rows - 1),
                    right: self.col.saturating_add(cols - 1),
                });
            }
            if attr_is(e, "office:value-type", "percentage") {
                for r in 0..self.rows_repeated.max(1) {
                    for c in 0..repeated {
                        if self.percent_cells >= MAX_PERCENT_CELLS {
                            break;
                        }
                        self.percent_cells += 1;
                        extras.percent.insert((self.row.saturating_add(r), self.col.saturating_add(c)));
                    }
                }
            }
        }
        self.col = self.col.saturating_add(repeated);
    }
}

/// A count attribute (repeats, spans): at least 1.
fn attr_count(e: &BytesStart, name: &str) -> u32 {
    e.try_get_attribute(name).ok().flatten().and_then(|a| a.value.trim().parse::<u32>().ok()).unwrap_or(1).max(1)
}

fn attr_is(e: &BytesStart, name: &str, value: &str) -> bool {
    e.try_get_attribute(name).ok().flatten().is_some_and(|a| a.value.as_ref() == value)
}

fn attr_text(e: &BytesStart, name: &str) -> Option<String> {
    let a = e.try_get_attribute(name).ok().flatten()?;
    a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_percent_at_calamine_positions() {
        let xml = br#"<office:document-content><office:body><office:spreadsheet>
<table:table table:name="PL2">
<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="3"/></table:table-row>
<table:table-row><table:table-cell table:number-columns-spanned="3" office:value-type="string"><text:p>A</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="percentage" office:value="0.85"/></table:table-row>
<table:table-row><table:table-cell table:number-rows-spanned="2"/><table:table-cell/></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"#;
        let out = walk(xml).unwrap();
        let pl2 = &out["PL2"];
        assert_eq!(
            pl2.merges,
            vec![Merge { top: 2, left: 0, bottom: 2, right: 2 }, Merge { top: 3, left: 0, bottom: 4, right: 0 },]
        );
        assert!(pl2.percent.contains(&(2, 3)));
    }
}
