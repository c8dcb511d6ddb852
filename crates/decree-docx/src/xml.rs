//! A thin pull reader over one XML part: nesting depth bounded, DOCTYPE refused,
//! entity references resolved without ever expanding a declared entity.

use crate::DocxError;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;
use std::borrow::Cow;

/// Deeper nesting than this is hostile: Word's own documents stay under ~30
/// levels even with tables inside tables inside text boxes.
pub(crate) const MAX_DEPTH: usize = 256;

pub(crate) struct Xml<'a> {
    reader: Reader<&'a [u8]>,
    depth: usize,
    part: &'static str,
}

impl<'a> Xml<'a> {
    /// `text` is UTF-8; the reader validates each piece as it reads it.
    pub fn new(text: &'a [u8], part: &'static str) -> Self {
        let mut reader = Reader::from_reader(text);
        // Whitespace inside w:t is content; end names are checked so a damaged
        // part is an error rather than a silently misread tree.
        reader.config_mut().trim_text(false);
        Self { reader, depth: 0, part }
    }

    /// The next event. `Eof` inside an element is an error (a truncated part).
    pub fn next(&mut self) -> Result<Event<'a>, DocxError> {
        let ev = self.reader.read_event().map_err(|e| self.error(e))?;
        match &ev {
            Event::Start(_) => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return Err(DocxError::TooDeep { part: self.part.to_owned(), limit: MAX_DEPTH });
                }
            }
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            Event::DocType(_) => return Err(DocxError::DocType { part: self.part.to_owned() }),
            Event::Eof if self.depth > 0 => {
                return Err(self.error("the part ends inside an element (truncated?)"));
            }
            _ => {}
        }
        Ok(ev)
    }

    /// Skips the rest of the element whose `Start` was just read.
    pub fn skip(&mut self) -> Result<(), DocxError> {
        let target = self.depth.saturating_sub(1);
        loop {
            match self.next()? {
                Event::End(_) if self.depth == target => return Ok(()),
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    /// The text content of the element whose `Start` was just read (for `w:t`),
    /// appended to `out`; child elements are skipped.
    pub fn text_into(&mut self, out: &mut String) -> Result<(), DocxError> {
        loop {
            match self.next()? {
                // A line feed typed inside w:t is whitespace to Word, not a break.
                Event::Text(t) if t.contains(['\n', '\r']) => out.push_str(&t.replace(['\n', '\r'], " ")),
                Event::Text(t) => out.push_str(&t),
                Event::CData(t) => out.push_str(&t),
                Event::GeneralRef(r) => push_ref(&r, out),
                Event::Start(_) => self.skip()?,
                Event::End(_) | Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    pub fn error(&self, message: impl std::fmt::Display) -> DocxError {
        DocxError::Xml {
            part: self.part.to_owned(),
            message: format!("{message} (at byte {})", self.reader.buffer_position()),
        }
    }
}

/// `&amp;`, `&#x1EA0;`: the five predefined entities and character references.
/// Anything else cannot have been declared (DOCTYPE is refused), so it is kept as
/// printed rather than expanded.
fn push_ref(r: &BytesRef<'_>, out: &mut String) {
    let name: &str = r;
    let ch = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => r.resolve_char_ref().ok().flatten(),
    };
    match ch {
        Some(c) => out.push(c),
        None => {
            out.push('&');
            out.push_str(name);
            out.push(';');
        }
    }
}

/// The element's name without its namespace prefix (`w:tbl` → `tbl`).
pub(crate) fn local<'n>(e: &'n BytesStart<'_>) -> &'n str {
    e.local_name().into_inner()
}

/// The value of the attribute whose local name is `key` (`w:val` → `val`).
pub(crate) fn attr<'e>(e: &'e BytesStart<'_>, key: &str) -> Option<Cow<'e, str>> {
    let value = e.attributes().with_checks(false).flatten().find_map(|a| {
        let k: &str = a.key.0;
        (k.rsplit(':').next() == Some(key)).then_some(a.value)
    })?;
    if !value.contains('&') {
        return Some(value);
    }
    Some(Cow::Owned(unescape(&value)))
}

/// Resolves references in an attribute value (`w:lvlText="&#61623;"`).
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or(""));
        let after = rest.get(amp + 1..).unwrap_or("");
        match after.find(';').filter(|&semi| semi <= 12) {
            Some(semi) => {
                push_ref(&BytesRef::new(after.get(..semi).unwrap_or("")), &mut out);
                rest = after.get(semi + 1..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A `w:val` that is a number.
pub(crate) fn attr_num(e: &BytesStart<'_>, key: &str) -> Option<u32> {
    attr(e, key).and_then(|v| v.trim().parse().ok())
}

/// A Word on/off property: present means on unless `w:val` says `0`, `false`,
/// `off` or `none`.
pub(crate) fn on_off(e: &BytesStart<'_>) -> bool {
    !matches!(attr(e, "val").as_deref(), Some("0" | "false" | "off" | "none"))
}
