//! Content tests readers use to recognise their formats, whatever the file is
//! called: containers first (zip, OLE compound file), then what they hold.

/// A zip archive (`.docx`, `.xlsx`, `.ods`).
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// An OLE compound file (`.doc`, `.xls`, or an encrypted Office file).
pub fn is_compound(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

/// `needle` occurs somewhere in `bytes`. Zip entry names are stored
/// uncompressed, in each local header and again in the central directory.
pub fn contains(bytes: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(bytes, needle).is_some()
}

/// A compound file holds a stream called `name` (directory entries are UTF-16LE).
pub fn has_stream(bytes: &[u8], name: &str) -> bool {
    let wide: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
    contains(bytes, &wide)
}

/// An encrypted Office Open XML file: a compound file with the encrypted package.
pub fn is_encrypted_ooxml(bytes: &[u8]) -> bool {
    is_compound(bytes) && has_stream(bytes, "EncryptedPackage")
}

/// Valid UTF-8 (allowing a cut last character) or UTF-16 with a BOM, with no
/// NUL in the first 8 KiB: a text dump, Markdown or HTML.
pub fn looks_like_text(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let head = &bytes[..bytes.len().min(8192)];
    if head.is_empty() || head.contains(&0) {
        return false;
    }
    match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() && head.len() == 8192,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compound_streams_are_found_by_their_wide_names() {
        let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        bytes.extend("WordDocument".encode_utf16().flat_map(u16::to_le_bytes));
        assert!(is_compound(&bytes));
        assert!(has_stream(&bytes, "WordDocument"));
        assert!(!has_stream(&bytes, "Workbook"));
    }

    #[test]
    fn text_is_told_from_binary() {
        assert!(looks_like_text("Kế hoạch số 107".as_bytes()));
        assert!(!looks_like_text(b"\x00\x01\x02"));
        assert!(!looks_like_text(b""));
    }
}
