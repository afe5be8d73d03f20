//! Word files (.docx): a report written in Word, read as the Markdown text the rest of the
//! crate analyses.
//!
//! Pure: bytes in, text out; no file system. Layers, from the bottom:
//! - [`package`]: the container. Tells a .docx from what is often sent in its place (a
//!   Word 97-2003 `.doc`, a password-protected file, RTF, OpenDocument), and reads its XML parts
//!   from the zip with a cap on each part's uncompressed size (a zip bomb stops there);
//! - [`xml`]: the XML events (quick-xml), with a cap on their number, and the few attributes
//!   read;
//! - [`styles`] and [`numbering`]: which paragraphs are headings (Word heading styles, their
//!   Vietnamese names, `w:outlineLvl`), and the numbers Word draws before numbered paragraphs
//!   (`1.`, `1.1.`, `a)`, `I.`), which are not in the text: computed from `word/numbering.xml`
//!   as Word counts them;
//! - [`body`]: `word/document.xml`, the footnotes and endnotes, read into paragraphs and
//!   tables, in order;
//! - [`markdown`]: that model written as Markdown: one line a paragraph with a blank line
//!   between, headings with `#`, numbers before numbered paragraphs, pipe tables (a merged cell
//!   once, the cells it covers blank), footnote markers `[^1]` and the footnote texts
//!   `[^1]: …` at the end, which is what the footnote check reads.
//!
//! [`convert`] returns the text and, for each block of it (byte ranges), the Word paragraph or
//! table row it came from. The command line analyses that text, so the lines `check` prints for
//! a .docx are the lines `convert` prints.

pub mod body;
pub mod markdown;
pub mod numbering;
pub mod package;
pub mod styles;
pub mod xml;

use std::ops::Range;

use crate::checks::{Locale, Message};

/// The most one XML part may hold once uncompressed: a report is a few hundred kilobytes, the
/// longest a few megabytes; a zip bomb stops here.
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// The most XML events read from one part (a 64 MB part of real Word XML has about 5 million).
pub const MAX_XML_EVENTS: u64 = 16_000_000;
/// The most columns a table is given (a `w:gridSpan` of a million is clamped).
pub const MAX_COLUMNS: usize = 64;

/// A .docx read as Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    /// The report as Markdown (LF line ends, ends with a line break when not empty).
    pub text: String,
    /// Where each block of `text` came from, in order, by byte range (the line break after a
    /// block and the blank lines between blocks belong to none).
    pub blocks: Vec<Block>,
}

/// A block of the Markdown text and its origin in the Word file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub range: Range<usize>,
    pub source: Source,
}

/// What a block of the Markdown text was in the Word file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The `index`-th paragraph of the document body (0-based, in document order, counting
    /// the paragraphs inside table cells too).
    Paragraph { index: u32 },
    /// A row of the `table`-th table (0-based, both), written as one pipe row.
    TableRow { table: u32, row: u32 },
    /// The `|---|` line under a table's first row (no Word content).
    TableRule { table: u32 },
    /// A footnote or endnote text, with the label it is given in the Markdown (`[^label]`).
    Note { label: u32 },
}

impl Converted {
    /// The origin of the block holding byte `offset` of the text, if any.
    pub fn source_at(&self, offset: usize) -> Option<Source> {
        let i = self.blocks.partition_point(|b| b.range.end <= offset);
        self.blocks.get(i).filter(|b| b.range.start <= offset).map(|b| b.source)
    }
}

/// Why a file could not be read as a .docx.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// Neither a zip nor a known other format.
    NotZip,
    /// A Word 97-2003 document (OLE compound file with a `WordDocument` stream).
    WordDoc,
    /// An OLE compound file with `EncryptionInfo`: a password-protected Office file.
    Encrypted,
    /// Another OLE compound file (an old Excel or PowerPoint file, …).
    OtherOle,
    /// An RTF file.
    Rtf,
    /// An OpenDocument package (.odt): a zip, but not Word's.
    OpenDocument,
    /// A zip that cannot be read: truncated, damaged, or using what zip readers do not support.
    Damaged(String),
    /// A part every .docx has is not there (`word/document.xml`).
    Missing(&'static str),
    /// A part is larger than [`MAX_PART_BYTES`] once uncompressed.
    TooLarge(String),
    /// A part holds more than [`MAX_XML_EVENTS`] XML events.
    TooManyEvents(String),
    /// A part is neither UTF-8 nor UTF-16.
    BadEncoding(String),
    /// A part is not well-formed XML.
    BadXml { part: String, detail: String },
}

impl Error {
    /// The one-line message, in both languages.
    pub fn message(&self) -> Message {
        let mb = MAX_PART_BYTES / (1024 * 1024);
        match self {
            Error::NotZip => Message::new(
                "không phải tệp Word .docx (không phải tệp nén zip)",
                "not a Word .docx file (not a zip archive)",
            ),
            Error::WordDoc => Message::new(
                "là tệp Word 97-2003 (.doc) mang đuôi .docx: mở bằng Word và lưu lại dạng .docx",
                "a Word 97-2003 file (.doc) named .docx: open it in Word and save it as .docx",
            ),
            Error::Encrypted => Message::new(
                "tệp Word được đặt mật khẩu (đã mã hóa): gỡ mật khẩu trong Word rồi kiểm tra lại",
                "the Word file is password-protected (encrypted): remove the password in Word and check again",
            ),
            Error::OtherOle => Message::new(
                "là tệp Office dạng cũ (OLE), không phải tệp Word .docx",
                "an old-format Office file (OLE), not a Word .docx file",
            ),
            Error::Rtf => Message::new(
                "là tệp RTF mang đuôi .docx: mở bằng Word và lưu lại dạng .docx",
                "an RTF file named .docx: open it in Word and save it as .docx",
            ),
            Error::OpenDocument => Message::new(
                "là tệp OpenDocument (.odt), không phải .docx: lưu lại dạng .docx",
                "an OpenDocument file (.odt), not a .docx: save it as .docx",
            ),
            Error::Damaged(d) => Message::new(
                format!("tệp .docx bị hỏng hoặc không trọn vẹn ({d})"),
                format!("the .docx file is damaged or incomplete ({d})"),
            ),
            Error::Missing(p) => Message::new(
                format!("thiếu phần {p}: không phải tệp Word .docx"),
                format!("the part {p} is missing: not a Word .docx file"),
            ),
            Error::TooLarge(p) => Message::new(
                format!("phần {p} quá lớn khi giải nén (trên {mb} MB), có thể là bom zip: không đọc"),
                format!("the part {p} is too large uncompressed (over {mb} MB), possibly a zip bomb: not read"),
            ),
            Error::TooManyEvents(p) => Message::new(
                format!("phần {p} có quá nhiều phần tử XML (trên {MAX_XML_EVENTS}): không đọc"),
                format!("the part {p} has too many XML elements (over {MAX_XML_EVENTS}): not read"),
            ),
            Error::BadEncoding(p) => Message::new(
                format!("phần {p} không phải văn bản UTF-8 hay UTF-16"),
                format!("the part {p} is neither UTF-8 nor UTF-16 text"),
            ),
            Error::BadXml { part, detail } => Message::new(
                format!("phần {part} không phải XML hợp lệ ({detail})"),
                format!("the part {part} is not well-formed XML ({detail})"),
            ),
        }
    }

    /// The message in one language, on one line.
    pub fn to_line(&self, locale: Locale) -> String {
        one_line(self.message().get(locale))
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_line(Locale::Vi))
    }
}

impl std::error::Error for Error {}

/// White space runs (line breaks included) as one space, and at most 200 characters: a detail
/// taken from a crate's error stays on the one line of the message.
pub(crate) fn one_line(s: &str) -> String {
    let mut out = String::new();
    for (i, w) in s.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w);
    }
    if out.chars().count() > 200 {
        out = out.chars().take(199).collect::<String>() + "…";
    }
    out
}

/// Read a .docx: its paragraphs, headings, numbered paragraphs, tables and footnotes, in
/// order, as Markdown.
pub fn convert(bytes: &[u8]) -> Result<Converted, Error> {
    from_parts(&package::read(bytes)?)
}

/// [`convert`] from the XML parts, already out of the zip.
pub fn from_parts(parts: &package::Parts) -> Result<Converted, Error> {
    let styles = match &parts.styles {
        Some(x) => styles::parse(x)?,
        None => styles::Styles::default(),
    };
    let numbering = match &parts.numbering {
        Some(x) => numbering::parse(x)?,
        None => numbering::Numbering::default(),
    };
    let doc = body::parse_document(&parts.document)?;
    let mut notes = body::Notes::default();
    if let Some(x) = &parts.footnotes {
        body::parse_notes(x, body::NoteKind::Foot, &mut notes)?;
    }
    if let Some(x) = &parts.endnotes {
        body::parse_notes(x, body::NoteKind::End, &mut notes)?;
    }
    Ok(markdown::render(&doc, &notes, &styles, &numbering))
}

#[cfg(test)]
mod tests;
