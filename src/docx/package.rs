//! The container: what the bytes are, and the XML parts of a .docx read out of its zip.
//!
//! The parts are found at the names Word, LibreOffice, Google Docs and python-docx give them
//! (`word/document.xml`, …); the package's relationships are not followed.

use std::io::{Cursor, Read};

use super::{one_line, Error, MAX_PART_BYTES};

/// The XML parts the reader uses, as text.
#[derive(Debug, Clone, Default)]
pub struct Parts {
    pub document: String,
    pub styles: Option<String>,
    pub numbering: Option<String>,
    pub footnotes: Option<String>,
    pub endnotes: Option<String>,
}

/// The first bytes of an OLE compound file (Word 97-2003, and encrypted Office 2007+ files).
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// `name` in UTF-16LE, as OLE directory entries hold stream names.
fn utf16le(name: &str) -> Vec<u8> {
    name.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// What an OLE compound file holds, from the stream names in it: `EncryptionInfo` is the
/// stream of an encrypted Office 2007+ file, `WordDocument` the text of a Word 97-2003 file.
fn ole_kind(bytes: &[u8]) -> Error {
    let has = |name: &str| memchr::memmem::find(bytes, &utf16le(name)).is_some();
    if has("EncryptionInfo") || has("EncryptedPackage") {
        Error::Encrypted
    } else if has("WordDocument") {
        Error::WordDoc
    } else {
        Error::OtherOle
    }
}

/// The reason a zip error gives, on one line.
fn zip_detail(e: &zip::result::ZipError) -> String {
    one_line(&format!("zip: {e}"))
}

/// Read the parts of a .docx.
pub fn read(bytes: &[u8]) -> Result<Parts, Error> {
    if bytes.starts_with(&OLE_MAGIC) {
        return Err(ole_kind(bytes));
    }
    if bytes.starts_with(b"{\\rtf") {
        return Err(Error::Rtf);
    }
    let mut zip = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(z) => z,
        Err(e) if bytes.starts_with(b"PK") => return Err(Error::Damaged(zip_detail(&e))),
        Err(_) => return Err(Error::NotZip),
    };
    let document = match part(&mut zip, "word/document.xml")? {
        Some(d) => d,
        None => {
            let odt = part(&mut zip, "mimetype").ok().flatten().is_some_and(|m| m.contains("opendocument"));
            return Err(if odt { Error::OpenDocument } else { Error::Missing("word/document.xml") });
        }
    };
    Ok(Parts {
        document,
        styles: part(&mut zip, "word/styles.xml")?,
        numbering: part(&mut zip, "word/numbering.xml")?,
        footnotes: part(&mut zip, "word/footnotes.xml")?,
        endnotes: part(&mut zip, "word/endnotes.xml")?,
    })
}

/// One part as text (`None` when the package has no such part), at most [`MAX_PART_BYTES`].
fn part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<String>, Error> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(Error::Damaged(zip_detail(&e))),
    };
    let mut raw = Vec::new();
    // The size the zip declares is not trusted: read one byte past the cap to know.
    file.take(MAX_PART_BYTES + 1)
        .read_to_end(&mut raw)
        .map_err(|e| Error::Damaged(one_line(&format!("{name}: {e}"))))?;
    if raw.len() as u64 > MAX_PART_BYTES {
        return Err(Error::TooLarge(name.to_string()));
    }
    decode(name, raw).map(Some)
}

/// XML text in UTF-8 (with or without a byte-order mark) or UTF-16 (with one), the encodings
/// an XML part of a .docx may use.
fn decode(name: &str, raw: Vec<u8>) -> Result<String, Error> {
    let utf16 = |le: bool| {
        let units: Vec<u16> = raw[2..]
            .chunks_exact(2)
            .map(|c| if le { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) })
            .collect();
        String::from_utf16(&units).map_err(|_| bad_encoding(name))
    };
    match raw.get(..2) {
        Some([0xFF, 0xFE]) => utf16(true),
        Some([0xFE, 0xFF]) => utf16(false),
        _ => {
            let mut text = String::from_utf8(raw).map_err(|_| bad_encoding(name))?;
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Ok(text)
        }
    }
}

fn bad_encoding(name: &str) -> Error {
    Error::BadEncoding(name.to_string())
}
