//! The XML events of one part (quick-xml), counted and capped, with every error made an
//! [`Error`] naming the part; and the few attribute and text helpers the readers need.
//!
//! Elements are matched by local name (`w:p` and `p` alike): Word writes the `w:` prefix, other
//! writers may bind the namespace to another prefix.

use std::borrow::Cow;

use quick_xml::events::{BytesRef, BytesStart, BytesText, Event};
use quick_xml::Reader;

use super::{one_line, Error, MAX_XML_EVENTS};

/// An XML event the readers act on.
pub enum Ev<'a> {
    /// An opening tag; `empty` for `<x/>` (no matching [`Ev::End`] follows).
    Open { tag: BytesStart<'a>, empty: bool },
    End,
    /// Character data (entities and character references resolved).
    Text(Cow<'a, str>),
}

/// The events of one part.
pub struct Events<'a> {
    reader: Reader<&'a [u8]>,
    part: &'static str,
    count: u64,
    depth: u64,
}

impl<'a> Events<'a> {
    pub fn new(part: &'static str, text: &'a str) -> Self {
        Events { reader: Reader::from_str(text), part, count: 0, depth: 0 }
    }

    fn bad(&self, detail: impl std::fmt::Display) -> Error {
        Error::BadXml { part: self.part.to_string(), detail: one_line(&format!("{detail}, byte {}", self.reader.error_position())) }
    }

    /// The next event, `None` at the end of the part. An element left open at the end is an
    /// error (a part cut short).
    pub fn next_event(&mut self) -> Result<Option<Ev<'a>>, Error> {
        loop {
            self.count += 1;
            if self.count > MAX_XML_EVENTS {
                return Err(Error::TooManyEvents(self.part.to_string()));
            }
            let ev = self.reader.read_event().map_err(|e| self.bad(e))?;
            return Ok(Some(match ev {
                Event::Start(tag) => {
                    self.depth += 1;
                    Ev::Open { tag, empty: false }
                }
                Event::Empty(tag) => Ev::Open { tag, empty: true },
                Event::End(_) => {
                    self.depth = self.depth.saturating_sub(1);
                    Ev::End
                }
                Event::Text(t) => Ev::Text(text(&t).map_err(|e| self.bad(e))?),
                Event::CData(t) => Ev::Text(match t.into_inner() {
                    Cow::Borrowed(b) => Cow::Borrowed(std::str::from_utf8(b).map_err(|e| self.bad(e))?),
                    Cow::Owned(b) => Cow::Owned(String::from_utf8(b).map_err(|e| self.bad(e))?),
                }),
                Event::GeneralRef(r) => Ev::Text(Cow::Owned(reference(&r).ok_or_else(|| self.bad("unknown entity"))?)),
                Event::Eof if self.depth > 0 => return Err(self.bad("unexpected end")),
                Event::Eof => return Ok(None),
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => continue,
            }));
        }
    }
}

/// Text as written between tags (line ends normalised).
fn text<'a>(t: &BytesText<'a>) -> Result<Cow<'a, str>, quick_xml::encoding::EncodingError> {
    t.xml10_content()
}

/// `&amp;`, `&lt;`, … and `&#7871;`, `&#x1EBF;`.
fn reference(r: &BytesRef<'_>) -> Option<String> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Some(c.to_string());
    }
    let name = r.decode().ok()?;
    quick_xml::escape::resolve_predefined_entity(&name).map(str::to_string)
}

/// The local name of a tag (`p` for `w:p`).
pub fn local<'t>(tag: &'t BytesStart<'_>) -> &'t [u8] {
    let name = tag.name().into_inner();
    match name.iter().rposition(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

/// The value of the attribute with local name `key` (`w:val` for `val`), unescaped.
pub fn attr(tag: &BytesStart<'_>, key: &[u8]) -> Option<String> {
    for a in tag.attributes().with_checks(false).flatten() {
        let k = a.key.into_inner();
        let k = match k.iter().rposition(|&b| b == b':') {
            Some(i) => &k[i + 1..],
            None => k,
        };
        if k == key {
            let raw = std::str::from_utf8(&a.value).ok()?;
            return Some(quick_xml::escape::unescape(raw).map(Cow::into_owned).unwrap_or_else(|_| raw.to_string()));
        }
    }
    None
}

/// A whole-number attribute.
pub fn num_attr(tag: &BytesStart<'_>, key: &[u8]) -> Option<i64> {
    attr(tag, key)?.trim().parse().ok()
}

/// An on/off property (`<w:isLgl/>`, `<w:tblHeader w:val="0"/>`): on unless its value says off.
pub fn on(tag: &BytesStart<'_>) -> bool {
    !matches!(attr(tag, b"val").as_deref(), Some("0" | "false" | "off"))
}
