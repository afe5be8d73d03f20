//! `word/styles.xml`: which paragraph styles are headings, and the numbering a style carries
//! (Word's "multilevel list linked to headings" puts `w:numPr` in the heading styles).

use std::collections::HashMap;

use super::xml::{attr, local, num_attr, Ev, Events};
use super::Error;

/// How many `w:basedOn` links are followed (a cycle stops there).
const MAX_CHAIN: usize = 16;

/// One style.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Style {
    /// `w:name`, as written (`heading 1`, `Tiêu đề 2`).
    pub name: String,
    pub based_on: Option<String>,
    /// `w:outlineLvl` (0 = level 1; 9 = body text).
    pub outline: Option<u8>,
    pub num_id: Option<u32>,
    pub ilvl: Option<u8>,
}

/// The styles of a document, by `w:styleId`.
#[derive(Debug, Clone, Default)]
pub struct Styles {
    pub map: HashMap<String, Style>,
    /// The paragraph style of paragraphs that name none (`w:default="1"`).
    pub default_para: Option<String>,
}

/// The heading level a style's name gives: `heading 1`…`heading 9` (the name Word stores for
/// its built-in headings in every language), `Heading1`, and the Vietnamese names a localised
/// or home-made template uses (`Tiêu đề 1`, `Đề mục 1`).
pub fn level_in_name(name: &str) -> Option<u8> {
    let n = name.trim().to_lowercase();
    let rest = ["heading", "tiêu đề", "đề mục"].iter().find_map(|p| n.strip_prefix(p))?;
    let d: u8 = rest.trim().parse().ok()?;
    (1..=9).contains(&d).then_some(d)
}

impl Styles {
    /// The style and those it is based on, nearest first (`None`: the default style).
    fn chain<'s>(&'s self, id: Option<&'s str>) -> impl Iterator<Item = (&'s str, &'s Style)> + 's {
        let mut next = id.or(self.default_para.as_deref());
        std::iter::from_fn(move || {
            let id = next?;
            let s = self.map.get(id)?;
            next = s.based_on.as_deref();
            Some((id, s))
        })
        .take(MAX_CHAIN)
    }

    /// The heading level (1-based) of a paragraph of style `id`, if the style is a heading.
    pub fn heading_level(&self, id: Option<&str>) -> Option<u8> {
        for (sid, s) in self.chain(id) {
            if let Some(l) = level_in_name(&s.name).or_else(|| level_in_name(sid)) {
                return Some(l);
            }
            if let Some(o) = s.outline {
                return (o < 9).then_some(o + 1);
            }
        }
        None
    }

    /// Whether style `id` is one of Word's table-of-contents styles (`toc 1`…`toc 9`): a table
    /// of contents repeats the headings with page numbers.
    pub fn is_toc(&self, id: Option<&str>) -> bool {
        let Some(s) = id.and_then(|id| self.map.get(id)) else { return false };
        let n = s.name.trim().to_lowercase();
        n.strip_prefix("toc ").is_some_and(|d| d.trim().parse::<u8>().is_ok())
    }

    /// The numbering (`numId`, `ilvl`) a paragraph of style `id` gets from its style.
    pub fn numbering(&self, id: Option<&str>) -> (Option<u32>, Option<u8>) {
        let (mut num, mut lvl) = (None, None);
        for (_, s) in self.chain(id) {
            num = num.or(s.num_id);
            lvl = lvl.or(s.ilvl);
        }
        (num, lvl)
    }

    /// The `numId` a numbering style (`w:type="numbering"`) points to.
    pub fn numbering_style(&self, id: &str) -> Option<u32> {
        self.map.get(id)?.num_id
    }
}

/// Read `word/styles.xml`.
pub fn parse(text: &str) -> Result<Styles, Error> {
    let mut ev = Events::new("word/styles.xml", text);
    let mut out = Styles::default();
    // Open elements: their local names (the parent decides what a child means).
    let mut stack: Vec<Vec<u8>> = Vec::new();
    let mut cur: Option<(String, Style)> = None;
    while let Some(e) = ev.next_event()? {
        match e {
            Ev::Open { tag, empty } => {
                let name = local(&tag).to_vec();
                let parent = stack.last().map(Vec::as_slice);
                let grand = stack.len().checked_sub(2).map(|i| stack[i].as_slice());
                match (name.as_slice(), parent) {
                    (b"style", Some(b"styles")) => {
                        let id = attr(&tag, b"styleId").unwrap_or_default();
                        let para = attr(&tag, b"type").as_deref() == Some("paragraph");
                        if para && xml_on(&tag, b"default") && out.default_para.is_none() {
                            out.default_para = Some(id.clone());
                        }
                        cur = Some((id, Style::default()));
                    }
                    (b"name", Some(b"style")) => set(&mut cur, |s| s.name = attr(&tag, b"val").unwrap_or_default()),
                    (b"basedOn", Some(b"style")) => set(&mut cur, |s| s.based_on = attr(&tag, b"val")),
                    (b"outlineLvl", Some(b"pPr")) if grand == Some(b"style") => {
                        set(&mut cur, |s| s.outline = num_attr(&tag, b"val").and_then(|v| u8::try_from(v).ok()))
                    }
                    (b"numId", Some(b"numPr")) => set(&mut cur, |s| s.num_id = num_attr(&tag, b"val").and_then(|v| u32::try_from(v).ok())),
                    (b"ilvl", Some(b"numPr")) => {
                        set(&mut cur, |s| s.ilvl = num_attr(&tag, b"val").and_then(|v| u8::try_from(v).ok()).filter(|&l| l < 9))
                    }
                    _ => {}
                }
                if !empty {
                    stack.push(name);
                }
            }
            Ev::End => {
                if stack.pop().as_deref() == Some(b"style".as_slice()) {
                    if let Some((id, s)) = cur.take() {
                        out.map.entry(id).or_insert(s);
                    }
                }
            }
            Ev::Text(_) => {}
        }
    }
    Ok(out)
}

fn set(cur: &mut Option<(String, Style)>, f: impl FnOnce(&mut Style)) {
    if let Some((_, s)) = cur.as_mut() {
        f(s);
    }
}

/// An XML boolean attribute (`w:default="1"`).
fn xml_on(tag: &quick_xml::events::BytesStart<'_>, key: &[u8]) -> bool {
    matches!(attr(tag, key).as_deref(), Some("1" | "true" | "on"))
}
