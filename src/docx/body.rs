//! `word/document.xml`, `word/footnotes.xml` and `word/endnotes.xml` read into paragraphs and
//! tables, in order.
//!
//! Read: the text of runs (`w:t`), tabs, line breaks, footnote and endnote references, the
//! paragraph's style, numbering and outline level, and tables with their merged cells
//! (`w:gridSpan`, `w:vMerge`, `w:gridBefore`, `w:gridAfter`). Left out, as Word does not show
//! them as text of the page: deleted and moved-away text of tracked changes, field codes
//! (`w:instrText`; a field's shown result is read), the properties a tracked change replaced,
//! drawings and text boxes, and the `mc:Fallback` copy of content. A table inside a table cell
//! gives its paragraphs to the cell.

use std::collections::HashMap;

use super::xml::{attr, local, num_attr, Ev, Events};
use super::{Error, MAX_COLUMNS};

/// Footnote or endnote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NoteKind {
    Foot,
    End,
}

/// A piece of a paragraph's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    Tab,
    /// A line break (`w:br` other than a page or column break, `w:cr`).
    Break,
    /// A footnote or endnote reference, with the note's `w:id`.
    Note(NoteKind, i64),
}

/// A paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Para {
    /// Its position among the paragraphs of the part, in document order (0-based).
    pub index: u32,
    /// `w:pStyle`.
    pub style: Option<String>,
    /// `w:numPr`: `w:numId` and `w:ilvl` as given on the paragraph.
    pub num_id: Option<u32>,
    pub ilvl: Option<u8>,
    /// `w:outlineLvl` on the paragraph.
    pub outline: Option<u8>,
    pub pieces: Vec<Piece>,
}

impl Para {
    fn push_text(&mut self, t: &str) {
        if let Some(Piece::Text(s)) = self.pieces.last_mut() {
            s.push_str(t);
        } else {
            self.pieces.push(Piece::Text(t.to_string()));
        }
    }
}

/// How a cell takes part in a vertical merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VMerge {
    #[default]
    No,
    /// The first cell of a merge (`w:vMerge w:val="restart"`): it holds the text.
    Restart,
    /// A cell covered by the one above (`w:vMerge` with no value or `continue`).
    Continue,
}

/// A table cell.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cell {
    /// Grid columns it spans (`w:gridSpan`, 1 to [`MAX_COLUMNS`]).
    pub span: usize,
    pub vmerge: VMerge,
    pub paras: Vec<Para>,
}

/// A table row.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Row {
    /// Grid columns left empty before the first cell and after the last (`w:gridBefore`,
    /// `w:gridAfter`).
    pub before: usize,
    pub after: usize,
    pub cells: Vec<Cell>,
}

/// A table.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    pub rows: Vec<Row>,
}

/// A block of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Para(Para),
    Table(Table),
}

/// The body of the document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    pub items: Vec<Item>,
}

/// Footnotes and endnotes by kind and `w:id`: their paragraphs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Notes {
    pub map: HashMap<(NoteKind, i64), Vec<Para>>,
}

/// Elements whose content is not read (see the module's documentation).
fn skipped(name: &[u8]) -> bool {
    matches!(
        name,
        b"del"
            | b"moveFrom"
            | b"delText"
            | b"instrText"
            | b"delInstrText"
            | b"pPrChange"
            | b"rPrChange"
            | b"sectPrChange"
            | b"tblPrChange"
            | b"trPrChange"
            | b"tcPrChange"
            | b"tblGridChange"
            | b"numberingChange"
            | b"sectPr"
            | b"drawing"
            | b"pict"
            | b"object"
            | b"txbxContent"
            | b"Fallback"
    )
}

/// Where finished paragraphs go.
enum Mode {
    Body,
    Notes,
}

struct Reader {
    mode: Mode,
    stack: Vec<Vec<u8>>,
    /// Depth inside a skipped element (0: reading).
    skip: usize,
    /// Depth of nested paragraphs (a paragraph inside a paragraph is read as part of it).
    p_depth: usize,
    para: Option<Para>,
    paras_seen: u32,
    /// Depth of nested tables; only the outermost one makes rows and cells.
    tbl_depth: usize,
    table: Option<Table>,
    /// The note being read, in notes mode.
    note: Option<(NoteKind, i64)>,
    /// Inside `w:body` (body mode).
    in_body: bool,
    seen_body: bool,
    doc: Document,
    notes_out: Vec<((NoteKind, i64), Para)>,
}

impl Reader {
    fn new(mode: Mode) -> Self {
        Reader {
            mode,
            stack: Vec::new(),
            skip: 0,
            p_depth: 0,
            para: None,
            paras_seen: 0,
            tbl_depth: 0,
            table: None,
            note: None,
            in_body: false,
            seen_body: false,
            doc: Document::default(),
            notes_out: Vec::new(),
        }
    }

    fn parent(&self) -> Option<&[u8]> {
        self.stack.last().map(Vec::as_slice)
    }

    fn grand(&self) -> Option<&[u8]> {
        self.stack.len().checked_sub(2).map(|i| self.stack[i].as_slice())
    }

    fn cell(&mut self) -> Option<&mut Cell> {
        self.table.as_mut()?.rows.last_mut()?.cells.last_mut()
    }

    fn open(&mut self, tag: &quick_xml::events::BytesStart<'_>, name: &[u8], empty: bool) {
        let parent = self.parent();
        let in_ppr = parent == Some(b"pPr");
        let in_tcpr = parent == Some(b"tcPr");
        let in_trpr = parent == Some(b"trPr");
        let in_r = parent == Some(b"r");
        let in_numpr = parent == Some(b"numPr") && self.grand() == Some(b"pPr");
        match name {
            b"body" => {
                self.in_body = true;
                self.seen_body = true;
            }
            b"footnote" | b"endnote" if matches!(self.mode, Mode::Notes) => {
                let kind = if name == b"footnote" { NoteKind::Foot } else { NoteKind::End };
                let special = matches!(attr(tag, b"type").as_deref(), Some("separator" | "continuationSeparator" | "continuationNotice"));
                self.note = num_attr(tag, b"id").filter(|_| !special).map(|id| (kind, id));
            }
            b"p" if !empty => {
                self.p_depth += 1;
                if self.p_depth == 1 {
                    self.para = Some(Para { index: self.paras_seen, ..Para::default() });
                    self.paras_seen += 1;
                }
            }
            // An empty paragraph is counted all the same.
            b"p" if self.p_depth == 0 => self.paras_seen += 1,
            b"tbl" if !empty => {
                self.tbl_depth += 1;
                if self.tbl_depth == 1 && matches!(self.mode, Mode::Body) && self.p_depth == 0 {
                    self.table = Some(Table::default());
                }
            }
            b"tr" if self.tbl_depth == 1 => {
                if let Some(t) = self.table.as_mut() {
                    t.rows.push(Row::default());
                }
            }
            b"tc" if self.tbl_depth == 1 => {
                if let Some(r) = self.table.as_mut().and_then(|t| t.rows.last_mut()) {
                    r.cells.push(Cell { span: 1, ..Cell::default() });
                }
            }
            b"gridSpan" if in_tcpr && self.tbl_depth == 1 => {
                let span = num_attr(tag, b"val").unwrap_or(1).clamp(1, MAX_COLUMNS as i64) as usize;
                if let Some(c) = self.cell() {
                    c.span = span;
                }
            }
            b"vMerge" if in_tcpr && self.tbl_depth == 1 => {
                let v = if attr(tag, b"val").as_deref() == Some("restart") { VMerge::Restart } else { VMerge::Continue };
                if let Some(c) = self.cell() {
                    c.vmerge = v;
                }
            }
            b"gridBefore" | b"gridAfter" if in_trpr && self.tbl_depth == 1 => {
                let n = num_attr(tag, b"val").unwrap_or(0).clamp(0, MAX_COLUMNS as i64) as usize;
                if let Some(r) = self.table.as_mut().and_then(|t| t.rows.last_mut()) {
                    if name == b"gridBefore" {
                        r.before = n;
                    } else {
                        r.after = n;
                    }
                }
            }
            _ => {}
        }
        let Some(p) = self.para.as_mut() else { return };
        match name {
            b"pStyle" if in_ppr && self.p_depth == 1 => p.style = attr(tag, b"val"),
            b"outlineLvl" if in_ppr && self.p_depth == 1 => p.outline = num_attr(tag, b"val").and_then(|v| u8::try_from(v).ok()),
            b"numId" if in_numpr && self.p_depth == 1 => {
                p.num_id = num_attr(tag, b"val").and_then(|v| u32::try_from(v).ok())
            }
            b"ilvl" if in_numpr && self.p_depth == 1 => {
                p.ilvl = num_attr(tag, b"val").and_then(|v| u8::try_from(v).ok()).filter(|&l| l < 9)
            }
            b"tab" | b"ptab" if in_r => p.pieces.push(Piece::Tab),
            // A page or column break is no line break of the text.
            b"br" if in_r && !matches!(attr(tag, b"type").as_deref(), Some("page" | "column")) => p.pieces.push(Piece::Break),
            b"cr" if in_r => p.pieces.push(Piece::Break),
            b"noBreakHyphen" if in_r => p.push_text("-"),
            b"footnoteReference" | b"endnoteReference" if in_r => {
                let kind = if name == b"footnoteReference" { NoteKind::Foot } else { NoteKind::End };
                if let Some(id) = num_attr(tag, b"id") {
                    p.pieces.push(Piece::Note(kind, id));
                }
            }
            _ => {}
        }
    }

    fn close(&mut self, name: &[u8]) {
        match name {
            b"body" => self.in_body = false,
            b"footnote" | b"endnote" => self.note = None,
            b"p" => {
                self.p_depth = self.p_depth.saturating_sub(1);
                if self.p_depth == 0 {
                    if let Some(p) = self.para.take() {
                        self.finish(p);
                    }
                }
            }
            b"tbl" => {
                self.tbl_depth = self.tbl_depth.saturating_sub(1);
                if self.tbl_depth == 0 {
                    if let Some(t) = self.table.take() {
                        self.doc.items.push(Item::Table(t));
                    }
                }
            }
            _ => {}
        }
    }

    fn finish(&mut self, p: Para) {
        match self.mode {
            Mode::Notes => {
                if let Some(key) = self.note {
                    self.notes_out.push((key, p));
                }
            }
            Mode::Body => {
                if !self.in_body {
                    return;
                }
                if let Some(c) = self.cell() {
                    c.paras.push(p);
                } else if let Some(t) = self.table.as_mut() {
                    // A paragraph of a table outside any cell (not valid Word): its own row.
                    t.rows.push(Row { cells: vec![Cell { span: 1, vmerge: VMerge::No, paras: vec![p] }], ..Row::default() });
                } else {
                    self.doc.items.push(Item::Para(p));
                }
            }
        }
    }

    fn run(mut self, mut ev: Events<'_>) -> Result<Self, Error> {
        while let Some(e) = ev.next_event()? {
            match e {
                Ev::Open { tag, empty } => {
                    let name = local(&tag).to_vec();
                    if self.skip > 0 {
                        if !empty {
                            self.skip += 1;
                        }
                        continue;
                    }
                    if skipped(&name) {
                        if !empty {
                            self.skip = 1;
                        }
                        continue;
                    }
                    self.open(&tag, &name, empty);
                    if !empty {
                        self.stack.push(name);
                    }
                }
                Ev::End => {
                    if self.skip > 0 {
                        self.skip -= 1;
                        continue;
                    }
                    if let Some(name) = self.stack.pop() {
                        self.close(&name);
                    }
                }
                Ev::Text(t) => {
                    if self.skip == 0 && self.parent() == Some(b"t") && self.grand() == Some(b"r") {
                        if let Some(p) = self.para.as_mut() {
                            p.push_text(&t);
                        }
                    }
                }
            }
        }
        Ok(self)
    }
}

/// Read `word/document.xml`.
pub fn parse_document(text: &str) -> Result<Document, Error> {
    let r = Reader::new(Mode::Body).run(Events::new("word/document.xml", text))?;
    if !r.seen_body {
        return Err(Error::BadXml { part: "word/document.xml".to_string(), detail: "<w:body> missing".to_string() });
    }
    Ok(r.doc)
}

/// Read `word/footnotes.xml` or `word/endnotes.xml` into `notes`.
pub fn parse_notes(text: &str, kind: NoteKind, notes: &mut Notes) -> Result<(), Error> {
    let part = match kind {
        NoteKind::Foot => "word/footnotes.xml",
        NoteKind::End => "word/endnotes.xml",
    };
    let r = Reader::new(Mode::Notes).run(Events::new(part, text))?;
    for (key, p) in r.notes_out {
        notes.map.entry(key).or_default().push(p);
    }
    Ok(())
}
