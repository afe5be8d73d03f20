//! The structure pass: from lexed lines to the report's tree of sections.
//!
//! The level of a heading is not looked up in a fixed table. A stack holds the open headings
//! with their *style* (part, capital letter, Roman, `1.`, `1.1.`, `1)`, `a)`, …). A heading whose
//! style is already on the stack closes everything down to that entry and becomes its sibling;
//! a heading of a new style opens a level under the current one. So a report without Roman
//! numerals puts `1.` right under the part, and `1)` under `1.` nests while `1)` alone does not.
//!
//! The pass is linear in the number of lines and does no text scanning of its own: everything
//! it needs was computed per line by [`crate::syntax::line`].

use std::ops::Range;
use std::sync::Arc;

use crate::syntax::line::{HeadingLex, LineInfo, LineKind, Special, TextLex, TitleKind};
use crate::syntax::numbering::{roman_value, upper_follows, Numbering};

/// What a section is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SectionKind {
    /// The administrative header: number, place and date, `BÁO CÁO`, title.
    Header,
    /// `Phần thứ nhất` …
    Part,
    /// `A.`, `B-` groups.
    Group,
    /// `I.`, `II-` fields.
    Roman,
    /// `1.`, `1.1.`, `1)`.
    Numbered,
    /// `a)`, `b.`
    Lettered,
    /// `Nhiệm vụ 1.`
    Label,
    /// An unnumbered heading: a line in capitals or wholly in bold.
    Unnumbered,
    /// `Nơi nhận:` and its list.
    Recipients,
    /// The signature block.
    Signature,
}

/// The style of a heading number: headings of one style are siblings.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Style {
    Part,
    Upper,
    Roman,
    Arabic { depth: usize, paren: bool },
    Lower,
    Label(String),
    Unnumbered,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub kind: SectionKind,
    /// The number as resolved (an ambiguous `I.` becomes `Roman(1)` or stays a letter).
    pub numbering: Option<Numbering>,
    /// The number as written (`1.2.`, `Phần thứ hai`, `B-`), shown as the symbol's detail.
    pub number_text: String,
    /// The heading text cleaned of markup (the symbol's name).
    pub name: String,
    /// Line of the heading.
    pub line: u32,
    /// Byte range of the heading text, including title lines that follow a bare number.
    pub selection: Range<usize>,
    /// Byte range of the whole section, from the heading to its last non-blank line.
    pub range: Range<usize>,
    /// Last line of the heading itself (its title may continue on the following lines).
    pub heading_end_line: u32,
    /// Last non-blank line of the section.
    pub last_line: u32,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// Sections of the same document share a scope; a new header (a second report pasted
    /// below the first) starts a new one, and numbering sequences restart with it.
    pub scope: u32,
    /// What the title says: plan (targets) or results.
    pub title_kind: TitleKind,
}

/// The tree of a report. Sections are stored in document order (pre-order).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Structure {
    pub sections: Vec<Section>,
    pub roots: Vec<usize>,
    /// For each line, the innermost section whose heading or body holds it.
    pub line_section: Vec<Option<u32>>,
}

impl Structure {
    /// The innermost section holding `line`, if any.
    pub fn section_at_line(&self, line: usize) -> Option<&Section> {
        self.line_section.get(line).copied().flatten().map(|i| &self.sections[i as usize])
    }

    /// The chain of sections from the root down to the one holding `line`.
    pub fn ancestry(&self, line: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut cur = self.line_section.get(line).copied().flatten().map(|i| i as usize);
        while let Some(i) = cur {
            out.push(i);
            cur = self.sections[i].parent;
        }
        out.reverse();
        out
    }

    /// The part (`Phần thứ …`) holding `line`, if any.
    pub fn part_at_line(&self, line: usize) -> Option<&Section> {
        self.ancestry(line).into_iter().map(|i| &self.sections[i]).find(|s| s.kind == SectionKind::Part)
    }
}

/// Where the pass is in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// In the administrative header (before the body starts).
    Header,
    Body,
    /// After `Nơi nhận:` or a signature: no headings until a new report starts.
    Footer,
}

struct Builder<'a> {
    lines: &'a [Arc<LineInfo>],
    starts: &'a [usize],
    sections: Vec<Section>,
    roots: Vec<usize>,
    stack: Vec<(Style, usize)>,
    scope: u32,
}

/// Build the tree. `starts[i]` is the byte offset where line `i` starts.
pub fn build(lines: &[Arc<LineInfo>], starts: &[usize]) -> Structure {
    build_with(lines, starts, &[])
}

/// [`build`], with the line ranges of the tables ([`crate::tables`]), sorted: a table's cells
/// (`I`, `CHỈ TIÊU KINH TẾ`) are no headings.
pub fn build_with(lines: &[Arc<LineInfo>], starts: &[usize], tables: &[Range<u32>]) -> Structure {
    let mut b = Builder { lines, starts, sections: Vec::new(), roots: Vec::new(), stack: Vec::new(), scope: 0 };
    let mut mode = Mode::Header;
    let mut i = 0;
    let n = lines.len();
    // Sections whose heading is open; all are closed by a later heading or at the end.
    let mut t = 0;
    while i < n {
        let line = &lines[i];
        while t < tables.len() && tables[t].end as usize <= i {
            t += 1;
        }
        if tables.get(t).is_some_and(|r| r.start as usize <= i) {
            i = tables[t].end as usize;
            continue;
        }
        // The header block ends where a table starts.
        let limit = tables.get(t).map(|r| r.start as usize).unwrap_or(n);
        match (&line.kind, mode) {
            (LineKind::Blank, _) => {}
            (_, Mode::Header) => {
                let end = b.header(i, limit);
                mode = Mode::Body;
                // `header` returns the first line after the header block.
                i = end;
                continue;
            }
            (LineKind::Text(t), _) if t.special == Some(Special::Recipients) => {
                b.close_all(i);
                b.open_top(SectionKind::Recipients, i, "Nơi nhận".into(), String::new(), i);
                mode = Mode::Footer;
            }
            (LineKind::Text(t), _) if t.special == Some(Special::Signature) => {
                // The signature block may come before or after `Nơi nhận:`; consecutive
                // signature lines (`TM. ỦY BAN NHÂN DÂN` / `CHỦ TỊCH`) form one block.
                let prev_sig =
                    b.stack.last().is_some_and(|&(_, idx)| b.sections[idx].kind == SectionKind::Signature);
                if !prev_sig {
                    b.close_all(i);
                    let name = text_name(t);
                    b.open_top(SectionKind::Signature, i, name, String::new(), i);
                }
                mode = Mode::Footer;
            }
            (LineKind::Text(t), _)
                if matches!(t.special, Some(Special::DocNumber) | Some(Special::TypeWord)) =>
            {
                // A new report starts (reports pasted one after another).
                b.close_all(i);
                b.scope += 1;
                let end = b.header(i, limit);
                mode = Mode::Body;
                i = end;
                continue;
            }
            (LineKind::Heading(h), Mode::Body | Mode::Footer) => {
                // In the footer only a part or a group/Roman heading starts a new body.
                if mode == Mode::Footer
                    && !matches!(h.numbering, Numbering::Part(_) | Numbering::Roman(_) | Numbering::Upper(_))
                {
                    i += 1;
                    continue;
                }
                mode = Mode::Body;
                let next = b.heading(i, h);
                i = next;
                continue;
            }
            (LineKind::Text(t), Mode::Body) if is_unnumbered_heading(t) => {
                let name = text_name(t);
                b.push(Style::Unnumbered, SectionKind::Unnumbered, None, String::new(), name, i, i);
            }
            _ => {}
        }
        i += 1;
    }
    b.close_all(n);
    let line_section = line_sections(&b.sections, n);
    Structure { sections: b.sections, roots: b.roots, line_section }
}

fn text_name(t: &TextLex) -> String {
    t.short.as_deref().unwrap_or_default().to_string()
}

/// A line wholly in capitals, short enough to be a title.
fn is_unnumbered_heading(t: &TextLex) -> bool {
    t.special.is_none() && t.caps && t.chars <= 150
}

impl<'a> Builder<'a> {
    fn line_end(&self, i: usize) -> usize {
        self.starts[i] + self.lines[i].len as usize
    }

    fn content_start(&self, i: usize) -> usize {
        let li = &self.lines[i];
        let rel = match &li.kind {
            LineKind::Heading(h) => h.span.start,
            LineKind::Text(t) => t.content.start,
            _ => 0,
        };
        self.starts[i] + rel as usize
    }

    /// Lex the header block starting at `i`; returns the first line of the body.
    fn header(&mut self, i: usize, limit: usize) -> usize {
        let n = self.lines.len().min(limit);
        let mut j = i;
        let mut last_content = None;
        let mut type_word = false;
        let mut title_lines: Vec<usize> = Vec::new();
        let mut number_line = None;
        while j < n {
            match &self.lines[j].kind {
                LineKind::Blank => {}
                LineKind::Text(t) => {
                    match t.special {
                        Some(Special::TypeWord) => type_word = true,
                        Some(Special::DocNumber) => {
                            number_line.get_or_insert(j);
                        }
                        Some(Special::PlaceDate) => {}
                        Some(Special::Recipients) | Some(Special::Signature) => break,
                        None => {
                            // The body starts with the first long paragraph.
                            if t.chars > 250 || (t.ends_sentence && t.chars > 160) {
                                break;
                            }
                            if !t.caps || type_word {
                                title_lines.push(j);
                            }
                        }
                    }
                    last_content = Some(j);
                }
                _ => break,
            }
            j += 1;
        }
        if let Some(last) = last_content {
            let first = (i..=last).find(|&k| self.lines[k].kind != LineKind::Blank).unwrap_or(i);
            let detail = number_line
                .and_then(|k| match &self.lines[k].kind {
                    LineKind::Text(t) => t.short.as_deref().map(str::to_string),
                    _ => None,
                })
                .unwrap_or_default();
            let mut name = String::new();
            for &k in &title_lines {
                if let LineKind::Text(t) = &self.lines[k].kind {
                    if let Some(s) = t.short.as_deref().filter(|s| !s.is_empty()) {
                        if !name.is_empty() {
                            name.push(' ');
                        }
                        name.push_str(s);
                    }
                }
            }
            let name_trimmed = crate::syntax::line::clean_title(&name);
            name = name_trimmed;
            if name.is_empty() {
                name = if type_word { "BÁO CÁO".into() } else { detail.clone() };
            }
            let idx = self.sections.len();
            self.sections.push(Section {
                kind: SectionKind::Header,
                numbering: None,
                number_text: detail,
                name,
                line: first as u32,
                selection: self.content_start(first)..self.line_end(first),
                range: self.content_start(first)..self.line_end(last),
                heading_end_line: last as u32,
                last_line: last as u32,
                parent: None,
                children: Vec::new(),
                scope: self.scope,
                title_kind: TitleKind::Other,
            });
            self.roots.push(idx);
            // Title lines are recorded as the selection of the header when there are any.
            if let (Some(&a), Some(&z)) = (title_lines.first(), title_lines.last()) {
                self.sections[idx].selection = self.content_start(a)..self.line_end(z);
            }
        }
        j
    }

    /// Open the section of the heading on line `i`; returns the next line to look at.
    fn heading(&mut self, i: usize, h: &HeadingLex) -> usize {
        let numbering = self.resolve(&h.numbering);
        let (style, kind) = style_of(&numbering);
        let number_text = h.number_text.trim_end_matches([':', ' ']).to_string();
        let mut heading_end = i;
        let mut name = h.title.clone();
        // A bare number (`Phần thứ nhất:`, `I.`) takes its title from the following lines.
        if name.is_empty() {
            heading_end = self.title_lines(i);
            name = self.join_titles(i + 1..heading_end + 1);
            if name.is_empty() {
                name = number_text.clone();
            }
        }
        if style == Style::Part {
            self.close_all(i);
        }
        // The title's kind, from the heading line or its first title line.
        let title_kind = if !h.title.is_empty() {
            h.title_kind
        } else {
            (i + 1..=heading_end)
                .find_map(|k| match &self.lines[k].kind {
                    LineKind::Text(t) if t.short.is_some() => Some(t.title_kind),
                    _ => None,
                })
                .unwrap_or_default()
        };
        self.push(style, kind, Some(numbering), number_text, name, i, heading_end);
        if let Some(last) = self.sections.last_mut() {
            last.title_kind = title_kind;
        }
        heading_end + 1
    }

    /// Lines after a bare heading that hold its title: one short line, or up to three lines
    /// in capitals. Returns the last title line (or `i` when there is none).
    fn title_lines(&self, i: usize) -> usize {
        let n = self.lines.len();
        let mut last = i;
        let mut j = i + 1;
        let mut taken = 0;
        let mut caps_run = true;
        while j < n && taken < 3 {
            match &self.lines[j].kind {
                LineKind::Blank => {}
                LineKind::Text(t) if t.special.is_none() && t.chars <= 200 => {
                    if taken == 0 {
                        if !t.caps && t.ends_sentence {
                            break;
                        }
                        caps_run = t.caps;
                    } else if !(caps_run && t.caps) {
                        break;
                    }
                    last = j;
                    taken += 1;
                }
                _ => break,
            }
            j += 1;
        }
        last
    }

    /// The cleaned texts of the non-blank lines in `range`, joined by spaces.
    fn join_titles(&self, range: Range<usize>) -> String {
        let parts: Vec<&str> = range
            .filter_map(|k| match &self.lines[k].kind {
                LineKind::Text(t) => t.short.as_deref(),
                _ => None,
            })
            .filter(|s| !s.is_empty())
            .collect();
        crate::syntax::line::clean_title(&parts.join(" "))
    }

    /// Decide whether a single capital `I`, `V`, `X` continues a letter sequence or is Roman.
    fn resolve(&self, n: &Numbering) -> Numbering {
        let Numbering::Upper(c) = n else { return n.clone() };
        let Some(rv) = roman_value(&c.to_string()) else { return n.clone() };
        // The letters or Roman numerals already open at this level, most recent first.
        for (style, idx) in self.stack.iter().rev() {
            match (style, &self.sections[*idx].numbering) {
                (Style::Upper, Some(Numbering::Upper(prev))) if upper_follows(*prev, *c) => {
                    return n.clone();
                }
                (Style::Roman, Some(Numbering::Roman(v))) if v + 1 == rv => return Numbering::Roman(rv),
                _ => {}
            }
        }
        if matches!(c, 'I' | 'V' | 'X') {
            Numbering::Roman(rv)
        } else {
            n.clone()
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        style: Style,
        kind: SectionKind,
        numbering: Option<Numbering>,
        number_text: String,
        name: String,
        line: usize,
        heading_end: usize,
    ) {
        if let Some(pos) = self.stack.iter().position(|(s, _)| *s == style) {
            self.close_to(pos, line);
        }
        let parent = self.stack.last().map(|&(_, idx)| idx);
        let idx = self.sections.len();
        self.sections.push(Section {
            kind,
            numbering,
            number_text,
            name,
            line: line as u32,
            selection: self.content_start(line)..self.line_end(heading_end),
            range: self.content_start(line)..self.line_end(heading_end),
            heading_end_line: heading_end as u32,
            last_line: heading_end as u32,
            parent,
            children: Vec::new(),
            scope: self.scope,
            title_kind: TitleKind::Other,
        });
        match parent {
            Some(p) => self.sections[p].children.push(idx),
            None => self.roots.push(idx),
        }
        self.stack.push((style, idx));
    }

    fn open_top(&mut self, kind: SectionKind, line: usize, name: String, number_text: String, heading_end: usize) {
        let idx = self.sections.len();
        self.sections.push(Section {
            kind,
            numbering: None,
            number_text,
            name,
            line: line as u32,
            selection: self.content_start(line)..self.line_end(heading_end),
            range: self.content_start(line)..self.line_end(heading_end),
            heading_end_line: heading_end as u32,
            last_line: heading_end as u32,
            parent: None,
            children: Vec::new(),
            scope: self.scope,
            title_kind: TitleKind::Other,
        });
        self.roots.push(idx);
        // Footer sections are closed like headings, at the next section or the end.
        self.stack.push((Style::Unnumbered, idx));
    }

    /// Close stack entries from `pos` upwards; the next section starts at line `next`.
    fn close_to(&mut self, pos: usize, next: usize) {
        let last = self.last_content_line_before(next);
        while self.stack.len() > pos {
            let (_, idx) = self.stack.pop().expect("stack is longer than pos");
            let s = &mut self.sections[idx];
            let end_line = last.max(s.heading_end_line as usize);
            s.last_line = end_line as u32;
            s.range.end = self.starts[end_line] + self.lines[end_line].len as usize;
        }
    }

    fn close_all(&mut self, next: usize) {
        self.close_to(0, next);
    }

    fn last_content_line_before(&self, next: usize) -> usize {
        let mut k = next;
        while k > 0 {
            k -= 1;
            if self.lines[k].kind != LineKind::Blank {
                return k;
            }
        }
        0
    }
}

impl Style {
    /// The style of a heading number: headings of one style are siblings.
    pub fn of(n: &Numbering) -> Style {
        match n {
            Numbering::Part(_) => Style::Part,
            Numbering::Upper(_) => Style::Upper,
            Numbering::Roman(_) => Style::Roman,
            Numbering::Arabic { path, paren } => Style::Arabic { depth: path.len(), paren: *paren },
            Numbering::Lower(_) => Style::Lower,
            Numbering::Label { word, .. } => Style::Label(word.clone()),
            Numbering::Caps => Style::Unnumbered,
        }
    }
}

fn style_of(n: &Numbering) -> (Style, SectionKind) {
    let kind = match n {
        Numbering::Part(_) => SectionKind::Part,
        Numbering::Upper(_) => SectionKind::Group,
        Numbering::Roman(_) => SectionKind::Roman,
        Numbering::Arabic { .. } => SectionKind::Numbered,
        Numbering::Lower(_) => SectionKind::Lettered,
        Numbering::Label { .. } => SectionKind::Label,
        Numbering::Caps => SectionKind::Unnumbered,
    };
    (Style::of(n), kind)
}

/// For each line, the innermost section holding it (pre-order means later sections are deeper
/// or later, so a simple sweep with a stack suffices).
fn line_sections(sections: &[Section], n: usize) -> Vec<Option<u32>> {
    let mut out = vec![None; n];
    for (idx, s) in sections.iter().enumerate() {
        let end = (s.last_line as usize).min(n.saturating_sub(1));
        for slot in out.iter_mut().take(end + 1).skip(s.line as usize) {
            *slot = Some(idx as u32);
        }
    }
    out
}
