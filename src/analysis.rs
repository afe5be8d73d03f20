//! An immutable snapshot of a document's analysis: its lines, structure and findings.
//! The server answers every request from one of these, never from a document being edited.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use ropey::Rope;

use crate::checks::{self, Finding, Locale, Severity};
use crate::document::{line_text, Document};
use crate::figures::model::{self, FigId, Figures, StmtId};
use crate::figures::extract::Statement;
use crate::numbers::Quantity;
use crate::reading::Reading;
use crate::syntax::line::{DirectiveScope, LineInfo, LineKind};
use crate::syntax::structure::{self, Structure};
use crate::tables::Tables;

/// What the user can switch: checks off, severities, language of messages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// Codes of checks switched off.
    pub disabled: BTreeSet<String>,
    /// Severity overrides by code.
    pub severity: BTreeMap<String, Severity>,
    pub locale: Locale,
}

#[derive(Debug, Clone)]
pub struct Analysis {
    rope: Rope,
    lines: Vec<Arc<LineInfo>>,
    /// The [`crate::document::LineFlags`] of every line.
    flags: Vec<u8>,
    starts: Vec<usize>,
    pub structure: Structure,
    /// The tables in the text (found before the structure: their cells are no headings).
    pub tables: Tables,
    pub figures: Figures,
    /// The relations read between figures (built after the figures, before the checks).
    pub reading: Reading,
    pub findings: Vec<Finding>,
    /// The document's memo of results computed from its text, shared with its other snapshots.
    pub(crate) memo: Arc<crate::memo::Memo>,
}

impl Analysis {
    /// Analyse a document (cheap to call after an edit: lines are already lexed).
    pub fn new(doc: &Document, config: &Config) -> Analysis {
        let memo = doc.memo().clone();
        memo.next_analysis();
        let lines = doc.lines().to_vec();
        let flags = doc.flags().to_vec();
        let starts = doc.line_starts();
        let rope = doc.rope().clone();
        let text = |i: usize| line_text(&rope, i).into_owned();
        let tables = Tables::detect(&lines, &text);
        let table_lines = tables.line_ranges();
        let structure = structure::build_with(&lines, &starts, &table_lines);
        let figures = Figures::build(&model::Input { lines: &lines, flags: &flags, starts: &starts, structure: &structure, text: &text, tables: &table_lines });
        let mut a = Analysis { rope, lines, flags, starts, structure, tables, figures, reading: Reading::default(), findings: Vec::new(), memo };
        a.reading = Reading::build_with(&a, Some(doc.reading_cache()));
        let mut findings = checks::run_all(&a);
        a.apply_config(&mut findings, config);
        findings.sort_by_key(|f| (f.range.start, f.range.end, f.code));
        a.findings = findings;
        a
    }

    pub fn from_text(text: &str, config: &Config) -> Analysis {
        Analysis::new(&Document::new(text), config)
    }

    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    pub fn lines(&self) -> &[Arc<LineInfo>] {
        &self.lines
    }

    /// The [`crate::document::LineFlags`] of every line.
    pub fn line_flags(&self) -> &[u8] {
        &self.flags
    }

    pub fn line_count(&self) -> usize {
        self.lines.len()
    }

    /// Text of line `i` without its line break.
    pub fn line_text(&self, i: usize) -> Cow<'_, str> {
        line_text(&self.rope, i)
    }

    pub fn line_start(&self, i: usize) -> usize {
        self.starts[i]
    }

    /// Byte range of line `i`'s content.
    pub fn line_range(&self, i: usize) -> std::ops::Range<usize> {
        self.starts[i]..self.starts[i] + self.lines[i].len as usize
    }

    /// The line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Text of a byte range (allocates only when the range spans rope chunks).
    pub fn slice(&self, range: std::ops::Range<usize>) -> Cow<'_, str> {
        let len = self.rope.len_bytes();
        let (s, e) = (range.start.min(len), range.end.min(len));
        let e = e.max(s);
        // (Byte offsets cut at character boundaries: those the lexer gives. Any other offset is
        // moved back to the boundary before it.)
        match self.rope.get_byte_slice(s..e) {
            Some(sl) => sl.into(),
            None => {
                let (cs, ce) = (self.rope.byte_to_char(s), self.rope.byte_to_char(e));
                self.rope.slice(cs..ce).into()
            }
        }
    }

    pub fn len(&self) -> usize {
        self.rope.len_bytes()
    }

    /// A figure as read: a table cell's figure carries the unit its table gives it (the row's
    /// `ĐVT`, `%` in a percentage column; see [`Tables::quantity`]).
    pub fn quantity(&self, f: FigId) -> &Quantity {
        if let Some(q) = self.tables.quantity(f) {
            return q;
        }
        &self.lines[f.line as usize].quantities[f.q as usize]
    }

    pub fn statement(&self, s: StmtId) -> &Statement {
        &self.lines[s.line as usize].statements[s.i as usize]
    }

    /// Absolute byte range of a figure (number, unit and bound words).
    pub fn fig_range(&self, f: FigId) -> std::ops::Range<usize> {
        let q = self.quantity(f);
        let s = self.starts[f.line as usize];
        s + q.range.start as usize..s + q.range.end as usize
    }

    /// Absolute byte range of a figure's number only.
    pub fn number_range(&self, f: FigId) -> std::ops::Range<usize> {
        let q = self.quantity(f);
        let s = self.starts[f.line as usize];
        s + q.number_range.start as usize..s + q.number_range.end as usize
    }

    /// Absolute byte range of a line-relative range.
    pub fn abs(&self, line: usize, r: std::ops::Range<u32>) -> std::ops::Range<usize> {
        let s = self.starts[line];
        s + r.start as usize..s + r.end as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The lines whose [`crate::document::LineFlags`] have one of the bits of `mask`, in order.
    pub fn lines_with(&self, mask: u8) -> impl DoubleEndedIterator<Item = usize> + '_ {
        self.flags.iter().enumerate().filter(move |&(_, &f)| f & mask != 0).map(|(i, _)| i)
    }

    /// The file's own `<!-- baocao-ls on -->` / `off` comment, if any (the last one wins).
    pub fn enable_override(&self) -> Option<bool> {
        self.lines_with(crate::document::LineFlags::DIRECTIVES)
            .flat_map(|i| self.lines[i].directives.iter())
            .filter_map(|d| match d.scope {
                DirectiveScope::Enable(on) => Some(on),
                _ => None,
            })
            .next_back()
    }

    /// Does the text look like a report? Used for plain-text and Markdown files, so that a
    /// README does not light up with report diagnostics. Signals: the administrative header
    /// (`Số: …/BC-…`, `BÁO CÁO`), parts (`Phần thứ …`), `Nơi nhận:`, Roman-numbered fields,
    /// and the vocabulary of these reports.
    pub fn looks_like_report(&self) -> bool {
        use crate::syntax::line::Special;
        use crate::syntax::structure::SectionKind;
        let mut score = 0;
        let mut specials = 0;
        for li in &self.lines {
            if let LineKind::Text(t) = &li.kind {
                if matches!(t.special, Some(Special::DocNumber) | Some(Special::TypeWord) | Some(Special::Recipients)) {
                    specials += 1;
                }
            }
        }
        score += 2 * specials.min(3);
        let mut romans = 0;
        for s in &self.structure.sections {
            match s.kind {
                SectionKind::Part => score += 3,
                SectionKind::Roman => romans += 1,
                _ => {}
            }
        }
        score += romans.min(3);
        // Vocabulary: look at the first lines only, cheaply.
        let mut vocab = 0;
        for i in 0..self.lines.len().min(400) {
            if self.lines[i].kind == LineKind::Blank {
                continue;
            }
            let t = crate::text::fold::fold_lower(&self.line_text(i));
            for w in ["ubnd", "ủy ban nhân dân", "uỷ ban nhân dân", "hđnd", "kinh tế - xã hội", "kinh tế xã hội", "kế hoạch", "chỉ tiêu"] {
                if t.contains(w) {
                    vocab += 1;
                }
            }
            if vocab >= 4 {
                break;
            }
        }
        score += vocab.min(4);
        score >= 5
    }

    /// Drop what the user switched off (settings and `<!-- baocao-ls ignore … -->` comments),
    /// and apply severity overrides.
    fn apply_config(&self, findings: &mut Vec<Finding>, config: &Config) {
        let mut file_codes: Vec<&str> = Vec::new();
        let mut file_all = false;
        // line -> codes switched off on it (empty vec = all)
        let mut line_rules: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
        let mut line_all: BTreeSet<usize> = BTreeSet::new();
        for i in self.lines_with(crate::document::LineFlags::DIRECTIVES) {
            let li = &self.lines[i];
            for d in &li.directives {
                match d.scope {
                    DirectiveScope::File => {
                        if d.codes.is_empty() {
                            file_all = true;
                        }
                        file_codes.extend(d.codes.iter().map(|s| s.as_str()));
                    }
                    DirectiveScope::Enable(_) => {}
                    DirectiveScope::Line => {
                        // A comment alone on its line applies to the next non-blank line.
                        let target = if li.kind == LineKind::Blank {
                            (i + 1..self.lines.len()).find(|&k| self.lines[k].kind != LineKind::Blank)
                        } else {
                            Some(i)
                        };
                        if let Some(t) = target {
                            if d.codes.is_empty() {
                                line_all.insert(t);
                            }
                            line_rules.entry(t).or_default().extend(d.codes.iter().map(|s| s.as_str()));
                        }
                    }
                }
            }
        }
        findings.retain(|f| {
            if config.disabled.contains(f.code) || file_all || file_codes.contains(&f.code) {
                return false;
            }
            let line = self.line_of(f.range.start);
            !(line_all.contains(&line) || line_rules.get(&line).is_some_and(|c| c.contains(&f.code)))
        });
        for f in findings.iter_mut() {
            if let Some(&s) = config.severity.get(f.code) {
                f.severity = s;
            }
        }
    }
}
