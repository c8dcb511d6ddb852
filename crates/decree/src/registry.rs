//! Every reader decree has, in the order they are asked to recognise a file.
//! Adding a format is a reader crate and one line in [`READERS`].

use decree_layout::Reader;
use decree_model::Format;

/// Readers in sniffing order: binary containers first, text last, so a reader
/// of plain text never claims a file a more specific reader recognises.
/// PDFs go through decree-ocr's reader: decree-pdf's, with pages that have no
/// usable text layer sent to OCR.
pub static READERS: &[&dyn Reader] = &[
    &decree_ocr::ScanPdfReader,
    &decree_docx::DocxReader,
    &decree_sheet::SheetReader,
    &decree_ocr::ImageReader,
    &decree_html::HtmlReader,
    &decree_text::TextReader,
];

/// The reader and format for a file: by content first; where no reader
/// recognises the bytes, by extension, so a damaged `.xls` still reaches the
/// workbook reader and gets its precise error.
pub fn detect(bytes: &[u8], ext: &str) -> Option<(&'static dyn Reader, Format)> {
    let by_content = READERS.iter().find_map(|r| r.sniff(bytes, ext).map(|f| (*r, f)));
    by_content.or_else(|| {
        let format = format_for_extension(ext)?;
        reader_for(format).map(|r| (r, format))
    })
}

/// The reader that reads `format`, if any does.
pub fn reader_for(format: Format) -> Option<&'static dyn Reader> {
    READERS.iter().copied().find(|r| r.formats().contains(&format))
}

/// The format an extension (lower case, no dot) names.
pub fn format_for_extension(ext: &str) -> Option<Format> {
    Some(match ext {
        "pdf" => Format::Pdf,
        "docx" => Format::Docx,
        "doc" => Format::Doc,
        "xlsx" => Format::Xlsx,
        "xls" => Format::Xls,
        "ods" => Format::Ods,
        "md" | "markdown" => Format::Md,
        "html" | "htm" => Format::Html,
        "txt" | "text" => Format::Txt,
        "png" => Format::Png,
        "jpg" | "jpeg" => Format::Jpeg,
        "tif" | "tiff" => Format::Tiff,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reader_is_reachable_by_each_of_its_formats() {
        for reader in READERS {
            for format in reader.formats() {
                let found = reader_for(*format).map(|r| r.name());
                assert_eq!(found, Some(reader.name()), "{format:?}");
            }
        }
    }

    #[test]
    fn content_wins_over_extension() {
        let (reader, format) = detect(b"%PDF-1.7\n", "txt").unwrap_or_else(|| panic!("not detected"));
        assert_eq!((reader.name(), format), ("pdf", Format::Pdf));
        let (reader, format) = detect("Kế hoạch".as_bytes(), "pdf").unwrap_or_else(|| panic!("not detected"));
        assert_eq!((reader.name(), format), ("text", Format::Txt));
    }

    #[test]
    fn unknown_binary_is_not_claimed() {
        assert!(detect(&[0, 1, 2, 3, 0xff], "bin").is_none());
    }
}
