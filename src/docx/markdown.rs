//! The document as Markdown, and where each block of it came from.
//!
//! - A paragraph is one line (a line break in it starts another line of the same block), with
//!   a blank line after it; empty paragraphs are left out. A heading (by style or outline
//!   level) gets `#` marks; a numbered paragraph gets the number Word draws (`1.1. `, `a) `,
//!   `- `). A table of contents (Word's `toc 1`… styles) is left out: it repeats the headings.
//!   Tabs are spaces, except in a paragraph with two tabs or more after its text starts:
//!   that is a row of tab-separated columns, which the table reader reads as such.
//! - A table of three columns or more is a pipe table: one line a row, `|---|` after the first
//!   row. A cell merged across columns (`w:gridSpan`) holds its text in its first column and
//!   leaves the others blank; a cell merged down rows (`w:vMerge`) holds it in its first row,
//!   and the rows below are blank, so no figure is counted twice; only a unit (`triệu đồng`,
//!   `%`) is repeated, because it applies to each row. A table of one or two columns is a
//!   layout table (the header of an administrative document, the signature block): its
//!   paragraphs are written as paragraphs.
//! - A footnote or endnote reference is `[^n]`, numbered in order of first reference; the note
//!   texts follow at the end, `[^n]: …`.

use std::collections::HashMap;

use super::body::{Cell, Document, Item, NoteKind, Notes, Para, Piece, Table, VMerge};
use super::numbering::{Counter, Numbering};
use super::styles::Styles;
use super::{Block, Converted, Source, MAX_COLUMNS};

struct Writer<'a> {
    styles: &'a Styles,
    numbering: &'a Numbering,
    counter: Counter,
    /// Labels given to notes, in order of first reference.
    labels: HashMap<(NoteKind, i64), u32>,
    order: Vec<(NoteKind, i64)>,
    out: Converted,
}

/// Where a paragraph is written: it decides what tabs and line breaks become.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Body,
    Cell,
    Note,
}

impl Writer<'_> {
    /// The text of a paragraph as written in its place, numbered; `None` when it is empty.
    fn para(&mut self, p: &Para, place: Place) -> Option<String> {
        let level = if place == Place::Body { self.heading_level(p) } else { None };
        let number = self.number(p);
        let mut text = String::new();
        for piece in &p.pieces {
            match piece {
                Piece::Text(t) => text.push_str(t),
                Piece::Tab => text.push('\t'),
                Piece::Break => text.push('\n'),
                Piece::Note(kind, id) => {
                    let key = (*kind, *id);
                    let next = self.order.len() as u32 + 1;
                    let label = *self.labels.entry(key).or_insert_with(|| next);
                    if label == next {
                        self.order.push(key);
                    }
                    text.push_str(&format!("[^{label}]"));
                }
            }
        }
        // White space written with the text (no-break spaces, …) ends no line.
        let text = text.replace(['\u{a0}', '\u{202f}'], " ");
        let keep_tabs = place == Place::Body && level.is_none() && text.trim_start().matches('\t').count() >= 2;
        let one_line = place != Place::Body || level.is_some();
        let mut lines: Vec<String> = Vec::new();
        for line in text.split('\n') {
            let line = if keep_tabs { line.to_string() } else { line.replace('\t', " ") };
            let line = line.trim_end();
            if !line.trim().is_empty() {
                lines.push(line.trim_start_matches([' ', '\t']).to_string());
            }
        }
        let mut body = lines.join(if one_line { " " } else { "\n" });
        if place == Place::Cell {
            body = body.replace('|', "\\|");
        }
        if body.is_empty() && number.is_none() {
            return None;
        }
        let mut out = String::new();
        if let Some(l) = level {
            out.push_str(&"#".repeat(l.min(6) as usize));
            out.push(' ');
        }
        if let Some(n) = number {
            out.push_str(&n);
        }
        out.push_str(&body);
        Some(out.trim_end().to_string())
    }

    /// The heading level of a paragraph: its outline level, else its style's.
    fn heading_level(&self, p: &Para) -> Option<u8> {
        match p.outline {
            Some(o) => (o < 9).then_some(o + 1),
            None => self.styles.heading_level(p.style.as_deref()),
        }
    }

    /// The number Word draws before a paragraph, counted.
    fn number(&mut self, p: &Para) -> Option<String> {
        let (style_num, style_lvl) = self.styles.numbering(p.style.as_deref());
        let num_id = p.num_id.or(style_num).filter(|&n| n != 0)?;
        let ilvl = p
            .ilvl
            .or(if p.num_id.is_none() { style_lvl } else { None })
            .or_else(|| p.style.as_deref().and_then(|s| self.numbering.level_of_style(num_id, s, self.styles)))
            .or(style_lvl)
            .unwrap_or(0);
        self.numbering.next(&mut self.counter, num_id, ilvl, self.styles)
    }

    /// Append a block: `text` then a line break.
    fn block(&mut self, text: &str, source: Source) {
        let start = self.out.text.len();
        self.out.text.push_str(text);
        self.out.blocks.push(super::Block { range: start..self.out.text.len(), source });
        self.out.text.push('\n');
    }

    /// A blank line before the next block (none at the start).
    fn gap(&mut self) {
        if !self.out.text.is_empty() && !self.out.text.ends_with("\n\n") {
            self.out.text.push('\n');
        }
    }

    fn body_para(&mut self, p: &Para) {
        if self.styles.is_toc(p.style.as_deref()) {
            return;
        }
        if let Some(t) = self.para(p, Place::Body) {
            self.gap();
            self.block(&t, Source::Paragraph { index: p.index });
        }
    }

    fn cell_text(&mut self, c: &Cell) -> String {
        let mut parts = Vec::new();
        for p in &c.paras {
            if let Some(t) = self.para(p, Place::Cell) {
                parts.push(t);
            }
        }
        parts.join(" ")
    }

    fn table(&mut self, t: &Table, index: u32) {
        let width = t
            .rows
            .iter()
            .map(|r| r.before + r.cells.iter().map(|c| c.span).sum::<usize>() + r.after)
            .max()
            .unwrap_or(0)
            .min(MAX_COLUMNS);
        if width <= 2 {
            // A layout table: its paragraphs, in reading order.
            for r in &t.rows {
                for c in &r.cells {
                    for p in &c.paras {
                        self.body_para(p);
                    }
                }
            }
            return;
        }
        // The text of the cell that starts a vertical merge, by column.
        let mut merged: Vec<String> = vec![String::new(); width];
        let mut rows: Vec<(u32, Vec<String>)> = Vec::new();
        for (ri, r) in t.rows.iter().enumerate() {
            let mut cells = vec![String::new(); width];
            let mut j = r.before;
            for c in &r.cells {
                let text = self.cell_text(c);
                if j < width {
                    cells[j] = match c.vmerge {
                        VMerge::Continue if is_unit(&merged[j]) => merged[j].clone(),
                        VMerge::Continue => String::new(),
                        VMerge::Restart | VMerge::No => {
                            merged[j] = text.clone();
                            text
                        }
                    };
                }
                j += c.span;
            }
            if cells.iter().any(|c| !c.is_empty()) {
                rows.push((ri as u32, cells));
            }
        }
        if rows.is_empty() {
            return;
        }
        self.gap();
        for (k, (ri, cells)) in rows.iter().enumerate() {
            let line = format!("| {} |", cells.join(" | "));
            self.block(&line, Source::TableRow { table: index, row: *ri });
            if k == 0 {
                let rule = format!("|{}", "---|".repeat(width));
                self.block(&rule, Source::TableRule { table: index });
            }
        }
    }

    fn notes(&mut self, notes: &Notes) {
        let mut first = true;
        // Notes may refer to notes: each label is written once, in order.
        let mut k = 0;
        while k < self.order.len() {
            let key = self.order[k];
            let label = k as u32 + 1;
            k += 1;
            let Some(paras) = notes.map.get(&key) else { continue };
            let mut parts = Vec::new();
            for p in paras {
                if let Some(t) = self.para(p, Place::Note) {
                    parts.push(t);
                }
            }
            let text = parts.join(" ");
            if first {
                self.gap();
                first = false;
            }
            let line = if text.is_empty() { format!("[^{label}]:") } else { format!("[^{label}]: {text}") };
            self.block(&line, Source::Note { label });
        }
    }
}

/// A unit (`triệu đồng`, `ha`, `%`) and no column header (`Chỉ tiêu` reads as a unit too).
fn is_unit(t: &str) -> bool {
    crate::tables::grid::is_unit(t) && crate::tables::header::role_of(t).0 == crate::tables::Role::Other
}

/// Write the document as Markdown.
pub fn render(doc: &Document, notes: &Notes, styles: &Styles, numbering: &Numbering) -> Converted {
    let mut w = Writer {
        styles,
        numbering,
        counter: Counter::default(),
        labels: HashMap::new(),
        order: Vec::new(),
        out: Converted { text: String::new(), blocks: Vec::new() },
    };
    let mut tables = 0;
    for item in &doc.items {
        match item {
            Item::Para(p) => w.body_para(p),
            Item::Table(t) => {
                w.table(t, tables);
                tables += 1;
            }
        }
    }
    w.notes(notes);
    debug_assert!(w.out.blocks.iter().all(|b: &Block| w.out.text.is_char_boundary(b.range.start) && w.out.text.is_char_boundary(b.range.end)));
    w.out
}
