//! Fonts as text extraction needs them: how a shown string splits into codes,
//! each code's text and advance width, and whether the font is bold.
//!
//! Simple fonts (Type1, TrueType, Type3) take one byte per code; their text
//! comes from the `ToUnicode` map, else `/Differences` glyph names, else the
//! base encoding. Composite (Type0) fonts take codes by their encoding CMap
//! (`Identity-H`: two bytes, code = CID) and text from `ToUnicode`. Fonts named
//! like the legacy Vietnamese font families are converted ([`crate::legacy`]).

use crate::cmap::{CMap, Code};
use crate::encoding::{base_char, glyph_to_unicode, win_code, Base};
use crate::legacy::{self, Legacy};
use crate::objects::{get, get_array, get_dict, get_name, get_number, number, numbers, resolve, stream_data};
use lopdf::{Dictionary, Document, Object};

/// Most entries read from a `/W` array.
const MAX_WIDTHS: usize = 100_000;

#[derive(Debug)]
pub(crate) struct Font {
    kind: Kind,
    pub bold: bool,
    /// Text space units per glyph-space unit (0.001, or a Type3 font's matrix).
    scale: f64,
}

#[derive(Debug)]
enum Kind {
    /// Per code: text and width in glyph units.
    Simple(Box<[(String, f64)]>),
    Composite(Box<Composite>),
}

#[derive(Debug)]
struct Composite {
    /// The encoding CMap, `None` for `Identity-H/V`.
    encoding: Option<CMap>,
    /// The code is a UCS-2 / UTF-16 value (`Uni…-UCS2-H`).
    unicode_codes: bool,
    to_unicode: Option<CMap>,
    legacy: Option<Legacy>,
    /// `(first cid, last cid, width)`, sorted.
    widths: Vec<(u32, u32, f64)>,
    default_width: f64,
}

/// One code of a shown string.
pub(crate) struct Shown<'f> {
    pub text: &'f str,
    /// Advance in text space units, before font size.
    pub width: f64,
    /// A single-byte code 32: word spacing (`Tw`) applies.
    pub is_space: bool,
}

impl Font {
    /// A fallback for a missing or unreadable font: codes as Latin-1 text.
    pub fn fallback() -> Font {
        let table = (0..=255u8)
            .map(|c| (base_char(Base::WinAnsi, c).map(String::from).unwrap_or_default(), 500.0))
            .collect::<Vec<_>>()
            .into_boxed_slice();
        Font { kind: Kind::Simple(table), bold: false, scale: 0.001 }
    }

    pub fn load(doc: &Document, dict: &Dictionary) -> Font {
        let subtype = get_name(doc, dict, b"Subtype").unwrap_or_default();
        let base_font =
            get_name(doc, dict, b"BaseFont").map(|n| String::from_utf8_lossy(n).into_owned()).unwrap_or_default();
        let legacy = legacy::detect(&base_font);
        let to_unicode = get(doc, dict, b"ToUnicode").and_then(|o| stream_data(doc, o)).map(|d| CMap::parse(&d));
        if subtype == b"Type0" {
            let descendant = get_array(doc, dict, b"DescendantFonts")
                .and_then(|a| a.first())
                .map(|o| resolve(doc, o))
                .and_then(|o| if let Object::Dictionary(d) = o { Some(d) } else { None });
            let bold = is_bold(doc, &base_font, descendant.and_then(|d| get_dict(doc, d, b"FontDescriptor")));
            let composite = composite(doc, dict, descendant, to_unicode, legacy);
            return Font { kind: Kind::Composite(Box::new(composite)), bold, scale: 0.001 };
        }
        let bold = is_bold(doc, &base_font, get_dict(doc, dict, b"FontDescriptor"));
        let scale = if subtype == b"Type3" {
            get_array(doc, dict, b"FontMatrix").and_then(|m| numbers(doc, m).first().copied()).unwrap_or(0.001)
        } else {
            0.001
        };
        let table = simple_table(doc, dict, to_unicode.as_ref(), legacy, subtype == b"Type3");
        Font { kind: Kind::Simple(table), bold, scale }
    }

    /// Splits `bytes` into codes and reports each one's text and advance.
    pub fn show(&self, bytes: &[u8], codes: &mut Vec<Code>, mut each: impl FnMut(Shown<'_>)) {
        match &self.kind {
            Kind::Simple(table) => {
                for &b in bytes {
                    let (text, w) = table.get(usize::from(b)).map_or(("", 0.0), |(t, w)| (t.as_str(), *w));
                    each(Shown { text, width: w * self.scale, is_space: b == 32 });
                }
            }
            Kind::Composite(c) => {
                codes.clear();
                match &c.encoding {
                    Some(cmap) => cmap.split(bytes, 2, codes),
                    None => CMap::default().split(bytes, 2, codes),
                }
                let mut buf = String::new();
                for &code in codes.iter() {
                    buf.clear();
                    let text = c.text(code, &mut buf);
                    let cid = c.encoding.as_ref().map_or(Some(code.0), |e| e.to_cid(code)).unwrap_or(0);
                    let width = c.width(cid) * self.scale;
                    each(Shown { text, width, is_space: code == (32, 1) });
                }
            }
        }
    }
}

impl Composite {
    fn text<'a>(&'a self, code: Code, buf: &'a mut String) -> &'a str {
        let mapped = self.to_unicode.as_ref().and_then(|m| m.to_unicode(code));
        match (mapped, self.legacy) {
            (Some(t), None) => t,
            (Some(t), Some(l)) => {
                convert_legacy(t, l, buf);
                buf.as_str()
            }
            (None, _) if self.unicode_codes => {
                buf.extend(char::from_u32(code.0));
                buf.as_str()
            }
            (None, _) => "",
        }
    }

    fn width(&self, cid: u32) -> f64 {
        let i = self.widths.partition_point(|&(_, hi, _)| hi < cid);
        match self.widths.get(i) {
            Some(&(lo, _, w)) if lo <= cid => w,
            _ => self.default_width,
        }
    }
}

/// Converts text a ToUnicode map gave in the legacy font's Latin-1 reading.
fn convert_legacy(text: &str, legacy: Legacy, out: &mut String) {
    for c in text.chars() {
        match win_code(c) {
            Some(b) if !legacy::is_vietnamese_letter(c) => legacy::push_byte(legacy, b, out),
            _ => out.push(c),
        }
    }
}

fn composite(
    doc: &Document,
    dict: &Dictionary,
    descendant: Option<&Dictionary>,
    to_unicode: Option<CMap>,
    legacy: Option<Legacy>,
) -> Composite {
    let (encoding, unicode_codes) = match get(doc, dict, b"Encoding") {
        Some(Object::Name(n)) => {
            let name = String::from_utf8_lossy(n);
            (None, name.contains("UCS2") || name.contains("UTF16"))
        }
        Some(o @ Object::Stream(_)) => (stream_data(doc, o).map(|d| CMap::parse(&d)), false),
        _ => (None, false),
    };
    let mut widths = Vec::new();
    let mut default_width = 1000.0;
    if let Some(d) = descendant {
        default_width = get_number(doc, d, b"DW").unwrap_or(1000.0);
        if let Some(w) = get_array(doc, d, b"W") {
            widths = cid_widths(doc, w);
        }
    }
    Composite { encoding, unicode_codes, to_unicode, legacy, widths, default_width }
}

/// `/W [c [w1 w2 …] c1 c2 w …]` as sorted ranges.
fn cid_widths(doc: &Document, w: &[Object]) -> Vec<(u32, u32, f64)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < w.len() && out.len() < MAX_WIDTHS {
        let Some(first) = number(resolve(doc, &w[i])) else { break };
        let first = first.max(0.0) as u32;
        match w.get(i + 1).map(|o| resolve(doc, o)) {
            Some(Object::Array(ws)) => {
                for (k, v) in ws.iter().take(MAX_WIDTHS).enumerate() {
                    if let Some(v) = number(resolve(doc, v)) {
                        let cid = first.saturating_add(k as u32);
                        out.push((cid, cid, v));
                    }
                }
                i += 2;
            }
            Some(o) => {
                let last = number(o).unwrap_or(0.0).max(0.0) as u32;
                let v = w.get(i + 2).and_then(|o| number(resolve(doc, o))).unwrap_or(0.0);
                if last >= first {
                    out.push((first, last, v));
                }
                i += 3;
            }
            None => break,
        }
    }
    out.sort_by_key(|r| r.0);
    out
}

/// Each byte code's text and width for a simple font.
fn simple_table(
    doc: &Document,
    dict: &Dictionary,
    to_unicode: Option<&CMap>,
    legacy: Option<Legacy>,
    type3: bool,
) -> Box<[(String, f64)]> {
    let (base, differences) = encoding_of(doc, dict);
    let first = get_number(doc, dict, b"FirstChar").unwrap_or(0.0).max(0.0) as usize;
    let widths = get_array(doc, dict, b"Widths").map(|w| numbers(doc, w)).unwrap_or_default();
    let missing = get_dict(doc, dict, b"FontDescriptor")
        .and_then(|fd| get_number(doc, fd, b"MissingWidth"))
        .filter(|w| *w > 0.0)
        .unwrap_or(if widths.is_empty() && !type3 { 500.0 } else { 0.0 });
    (0..=255u8)
        .map(|code| {
            let i = usize::from(code);
            let width = i.checked_sub(first).and_then(|k| widths.get(k)).copied().unwrap_or(missing);
            let mut text = String::new();
            let mapped = to_unicode.and_then(|m| m.to_unicode((u32::from(code), 1)));
            match (mapped, legacy) {
                (Some(t), Some(l)) => convert_legacy(t, l, &mut text),
                (Some(t), None) => text.push_str(t),
                (None, Some(l)) => legacy::push_byte(l, code, &mut text),
                (None, None) => {
                    let named = differences.get(i).and_then(|n| n.as_deref()).and_then(glyph_to_unicode);
                    match named {
                        Some(t) => text = t,
                        None => text.extend(base_char(base, code)),
                    }
                }
            }
            (text, width)
        })
        .collect::<Vec<_>>()
        .into_boxed_slice()
}

/// The base encoding and the `/Differences` glyph names by code.
fn encoding_of(doc: &Document, dict: &Dictionary) -> (Base, Vec<Option<Vec<u8>>>) {
    let mut differences: Vec<Option<Vec<u8>>> = vec![None; 256];
    let base_of = |n: &[u8]| match n {
        b"MacRomanEncoding" => Base::MacRoman,
        b"StandardEncoding" => Base::Standard,
        _ => Base::WinAnsi,
    };
    let base = match get(doc, dict, b"Encoding") {
        Some(Object::Name(n)) => base_of(n),
        Some(Object::Dictionary(enc)) => {
            if let Some(diffs) = get_array(doc, enc, b"Differences") {
                let mut code = 0usize;
                for item in diffs {
                    match resolve(doc, item) {
                        Object::Integer(i) => code = usize::try_from(*i).unwrap_or(256),
                        Object::Name(n) => {
                            if let Some(slot) = differences.get_mut(code) {
                                *slot = Some(n.clone());
                            }
                            code = code.saturating_add(1);
                        }
                        _ => {}
                    }
                }
            }
            get_name(doc, enc, b"BaseEncoding").map_or(Base::WinAnsi, base_of)
        }
        _ => Base::WinAnsi,
    };
    (base, differences)
}

/// Bold by name (`…-Bold`, `,Bold`, `Semibold`, `Black`), weight or flags.
fn is_bold(doc: &Document, base_font: &str, descriptor: Option<&Dictionary>) -> bool {
    let name = legacy::strip_subset(base_font).to_ascii_lowercase();
    let by_name = ["bold", "black", "heavy", "semibold", "demi"].iter().any(|k| name.contains(k));
    let by_descriptor = descriptor.is_some_and(|fd| {
        let weight = get_number(doc, fd, b"FontWeight").unwrap_or(0.0);
        let flags = get_number(doc, fd, b"Flags").unwrap_or(0.0) as i64;
        weight >= 600.0 || flags & (1 << 18) != 0
    });
    by_name || by_descriptor
}
