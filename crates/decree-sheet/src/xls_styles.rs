//! Number formats and bold of `.xls` cells, which calamine does not expose.
//!
//! calamine's `.xls` reader uses the formats only to tell dates from numbers, so
//! a percent-formatted `0.85` would read `0.85`. This module reads what it needs
//! from the BIFF8 `Workbook` stream itself: FONT, FORMAT and XF records of the
//! globals, and the XF index of each cell record in every sheet. Anything it
//! cannot read (an older BIFF version, a damaged container) yields no styles, and
//! the cells fall back to plain numbers: styles refine values, they never block
//! reading a workbook.

use crate::value::CellStyle;
use std::collections::HashMap;

/// The non-default styles of one sheet's cells, by absolute (row, col).
pub(crate) type SheetStyles = HashMap<(u32, u32), CellStyle>;

/// Styles of every sheet, by sheet name; empty when the workbook cannot be read.
pub(crate) fn read(bytes: &[u8]) -> HashMap<String, SheetStyles> {
    let stream = cfb::stream(bytes, "Workbook").or_else(|| cfb::stream(bytes, "Book"));
    stream.map(|s| biff::styles(&s)).unwrap_or_default()
}

/// A little-endian reader over a byte slice that never panics.
fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes([*b.get(at)?, *b.get(at + 1)?]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes([*b.get(at)?, *b.get(at + 1)?, *b.get(at + 2)?, *b.get(at + 3)?]))
}

/// Just enough of the Compound File Binary format to read one stream.
mod cfb {
    use super::{u16_at, u32_at};

    const END_OF_CHAIN: u32 = 0xFFFF_FFFE;

    struct Header {
        sector: usize,
        mini_sector: usize,
        first_dir: u32,
        mini_cutoff: u64,
        first_mini_fat: u32,
    }

    /// The named stream's bytes (`Workbook`), or `None`.
    pub(super) fn stream(bytes: &[u8], name: &str) -> Option<Vec<u8>> {
        let header = header(bytes)?;
        let fat = fat(bytes, &header)?;
        let dir = chain(bytes, &fat, header.first_dir, header.sector, None)?;
        let root = entry(&dir, 0)?;
        let wanted = (0..dir.len() / 128).filter_map(|i| entry(&dir, i)).find(|e| e.name == name)?;
        let size = usize::try_from(wanted.size).ok()?;
        if wanted.size >= header.mini_cutoff {
            return chain(bytes, &fat, wanted.start, header.sector, Some(size));
        }
        let mini_fat = chain(bytes, &fat, header.first_mini_fat, header.sector, None)?;
        let mini_fat: Vec<u32> = (0..mini_fat.len() / 4).filter_map(|i| u32_at(&mini_fat, i * 4)).collect();
        let mini_stream = chain(bytes, &fat, root.start, header.sector, None)?;
        mini_chain(&mini_stream, &mini_fat, wanted.start, header.mini_sector, size)
    }

    fn header(b: &[u8]) -> Option<Header> {
        let shift = u16_at(b, 0x1E)?;
        let mini_shift = u16_at(b, 0x20)?;
        if !(7..=16).contains(&shift) || mini_shift > shift {
            return None;
        }
        Some(Header {
            sector: 1 << shift,
            mini_sector: 1 << mini_shift,
            first_dir: u32_at(b, 0x30)?,
            mini_cutoff: u64::from(u32_at(b, 0x38)?),
            first_mini_fat: u32_at(b, 0x3C)?,
        })
    }

    /// The file allocation table: its sectors are listed in the header's DIFAT
    /// array and, past 109 of them, in a chain of DIFAT sectors.
    fn fat(b: &[u8], h: &Header) -> Option<Vec<u32>> {
        let mut sectors: Vec<u32> = (0..109).filter_map(|i| u32_at(b, 0x4C + i * 4)).collect();
        let mut next = u32_at(b, 0x44)?;
        let per = h.sector / 4 - 1;
        let max_sectors = b.len() / h.sector + 1;
        let mut hops = 0;
        while next < END_OF_CHAIN && hops < max_sectors {
            let at = sector_offset(next, h.sector)?;
            sectors.extend((0..per).filter_map(|i| u32_at(b, at + i * 4)));
            next = u32_at(b, at + per * 4)?;
            hops += 1;
        }
        let mut fat = Vec::new();
        for s in sectors.into_iter().filter(|s| *s < END_OF_CHAIN - 3) {
            let at = sector_offset(s, h.sector)?;
            let sector = b.get(at..at + h.sector)?;
            fat.extend((0..h.sector / 4).filter_map(|i| u32_at(sector, i * 4)));
        }
        Some(fat)
    }

    fn sector_offset(s: u32, size: usize) -> Option<usize> {
        usize::try_from(s).ok()?.checked_add(1)?.checked_mul(size)
    }

    /// The bytes of a sector chain, cut to `size` when given; a loop or a sector
    /// outside the file ends the read with `None`.
    fn chain(b: &[u8], fat: &[u32], start: u32, size: usize, len: Option<usize>) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let mut s = start;
        let mut hops = 0;
        while s < END_OF_CHAIN && hops <= fat.len() {
            let at = sector_offset(s, size)?;
            out.extend_from_slice(b.get(at..at + size).or_else(|| b.get(at..))?);
            if len.is_some_and(|l| out.len() >= l) {
                break;
            }
            s = *fat.get(usize::try_from(s).ok()?)?;
            hops += 1;
        }
        if let Some(l) = len {
            out.truncate(l);
        }
        Some(out)
    }

    fn mini_chain(mini: &[u8], fat: &[u32], start: u32, size: usize, len: usize) -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(len);
        let mut s = start;
        let mut hops = 0;
        while s < END_OF_CHAIN && out.len() < len && hops <= fat.len() {
            let at = usize::try_from(s).ok()?.checked_mul(size)?;
            out.extend_from_slice(mini.get(at..at + size)?);
            s = *fat.get(usize::try_from(s).ok()?)?;
            hops += 1;
        }
        out.truncate(len);
        Some(out)
    }

    struct Entry {
        name: String,
        start: u32,
        size: u64,
    }

    fn entry(dir: &[u8], i: usize) -> Option<Entry> {
        let e = dir.get(i * 128..i * 128 + 128)?;
        let name_len = usize::from(u16_at(e, 0x40)?).min(64);
        let units: Vec<u16> = (0..name_len / 2).filter_map(|k| u16_at(e, k * 2)).take_while(|u| *u != 0).collect();
        Some(Entry {
            name: String::from_utf16_lossy(&units),
            start: u32_at(e, 0x74)?,
            // Only the low half: version 3 files may leave garbage in the high one,
            // and no workbook stream is that big.
            size: u64::from(u32_at(e, 0x78)?),
        })
    }
}

/// BIFF8 records: globals first (fonts, formats, XFs, sheets), then one
/// substream per sheet.
mod biff {
    use super::{u16_at, u32_at, SheetStyles};
    use crate::value::CellStyle;
    use std::collections::HashMap;

    const BOF: u16 = 0x0809;
    const EOF: u16 = 0x000A;

    struct Record<'a> {
        typ: u16,
        data: &'a [u8],
    }

    /// Records from `at` to the end of the stream.
    fn records(stream: &[u8], mut at: usize) -> impl Iterator<Item = Record<'_>> {
        std::iter::from_fn(move || {
            let typ = u16_at(stream, at)?;
            let len = usize::from(u16_at(stream, at + 2)?);
            let data = stream.get(at + 4..at + 4 + len)?;
            at += 4 + len;
            Some(Record { typ, data })
        })
    }

    #[derive(Default)]
    struct Globals {
        bold_fonts: Vec<bool>,
        formats: HashMap<u16, String>,
        /// Per XF: (font index, format index).
        xfs: Vec<(u16, u16)>,
        sheets: Vec<(String, usize)>,
    }

    pub(super) fn styles(stream: &[u8]) -> HashMap<String, SheetStyles> {
        let Some(globals) = globals(stream) else {
            return HashMap::new();
        };
        let xf_styles: Vec<CellStyle> = globals.xfs.iter().map(|&(font, fmt)| xf_style(&globals, font, fmt)).collect();
        globals.sheets.iter().map(|(name, pos)| (name.clone(), sheet(stream, *pos, &xf_styles))).collect()
    }

    fn globals(stream: &[u8]) -> Option<Globals> {
        let mut g = Globals::default();
        let mut records = records(stream, 0);
        let bof = records.next().filter(|r| r.typ == BOF)?;
        // BIFF8 only (`vers` 0x0600); older layouts differ and are rare.
        if u16_at(bof.data, 0)? != 0x0600 {
            return None;
        }
        for r in records {
            match r.typ {
                0x0031 => g.bold_fonts.push(u16_at(r.data, 6).is_some_and(|w| w >= 700)),
                0x041E => {
                    if let Some((id, code)) = format(r.data) {
                        g.formats.insert(id, code);
                    }
                }
                0x00E0 => g.xfs.push((u16_at(r.data, 0)?, u16_at(r.data, 2)?)),
                0x0085 => g.sheets.push(bound_sheet(r.data)?),
                EOF => break,
                _ => {}
            }
        }
        Some(g)
    }

    /// FORMAT: id, then an XLUnicodeString (length, flags, Latin-1 or UTF-16).
    fn format(d: &[u8]) -> Option<(u16, String)> {
        let id = u16_at(d, 0)?;
        let len = usize::from(u16_at(d, 2)?);
        Some((id, unicode_string(d.get(5..)?, len, *d.get(4)? & 1 == 1)))
    }

    /// BOUNDSHEET8: stream position of the sheet's BOF, flags, then a short string.
    fn bound_sheet(d: &[u8]) -> Option<(String, usize)> {
        let pos = usize::try_from(u32_at(d, 0)?).ok()?;
        let len = usize::from(*d.get(6)?);
        Some((unicode_string(d.get(8..)?, len, *d.get(7)? & 1 == 1), pos))
    }

    fn unicode_string(d: &[u8], len: usize, wide: bool) -> String {
        if wide {
            let units: Vec<u16> = (0..len).filter_map(|i| u16_at(d, i * 2)).collect();
            String::from_utf16_lossy(&units)
        } else {
            d.iter().take(len).map(|&b| char::from(b)).collect()
        }
    }

    fn xf_style(g: &Globals, font: u16, fmt: u16) -> CellStyle {
        let code = g.formats.get(&fmt).map(String::as_str).or_else(|| builtin(fmt)).unwrap_or("General");
        let mut style = CellStyle::of_format_code(code);
        // Font index 4 does not exist in BIFF: indices above it are one off.
        let font = usize::from(if font > 4 { font - 1 } else { font });
        style.bold = g.bold_fonts.get(font).copied().unwrap_or(false);
        style
    }

    /// Built-in formats that matter for the text of a value.
    fn builtin(id: u16) -> Option<&'static str> {
        Some(match id {
            9 => "0%",
            10 => "0.00%",
            14 => "dd/mm/yyyy",
            15 => "d-mmm-yy",
            16 => "d-mmm",
            17 => "mmm-yy",
            18 | 20 => "h:mm",
            19 | 21 => "h:mm:ss",
            22 => "dd/mm/yyyy h:mm",
            _ => return None,
        })
    }

    /// XF index of every cell record of the sheet whose substream starts at `pos`.
    fn sheet(stream: &[u8], pos: usize, xf_styles: &[CellStyle]) -> SheetStyles {
        let mut out = SheetStyles::new();
        let default = CellStyle::default();
        let mut put = |row: u16, col: u16, xf: u16| {
            if let Some(style) = xf_styles.get(usize::from(xf)).filter(|s| **s != default) {
                out.insert((u32::from(row), u32::from(col)), style.clone());
            }
        };
        let mut depth = 0;
        for r in records(stream, pos) {
            match r.typ {
                // Embedded charts have their own BOF..EOF substreams.
                BOF => depth += 1,
                EOF => {
                    depth -= 1;
                    if depth <= 0 {
                        break;
                    }
                }
                // NUMBER, RK, FORMULA, LABELSST, LABEL, BOOLERR: row, col, xf.
                0x0203 | 0x027E | 0x0006 | 0x00FD | 0x0204 | 0x0205 if depth == 1 => {
                    if let (Some(row), Some(col), Some(xf)) = (u16_at(r.data, 0), u16_at(r.data, 2), u16_at(r.data, 4))
                    {
                        put(row, col, xf);
                    }
                }
                // MULRK: row, first col, then (xf, rk) pairs.
                0x00BD if depth == 1 => {
                    let (Some(row), Some(first)) = (u16_at(r.data, 0), u16_at(r.data, 2)) else { continue };
                    let pairs = r.data.len().saturating_sub(6) / 6;
                    for i in 0..pairs {
                        if let Some(xf) = u16_at(r.data, 4 + i * 6) {
                            put(row, first.saturating_add(u16::try_from(i).unwrap_or(u16::MAX)), xf);
                        }
                    }
                }
                _ => {}
            }
        }
        out
    }
}
