//! The reading of figures: sentences and paragraphs ([`passage`]), and one reader per kind of
//! relation that turns them into typed [`relation::Relation`]s carrying their evidence and how
//! sure the tie is. The checks only judge relations ([`judge`] computes what a stated figure
//! should be); the hover card and the inlay hints show the same relations.
//!
//! Readers, each a rule of the language with its fixtures (`tests/fixtures/*.txt`):
//! - [`statements`]: the ties the line extractor ([`crate::figures::extract`]) and the document
//!   model made (value, plan and % of plan in one statement; a fraction and its percentage; a
//!   total and its parts after `trong đó`);
//! - [`plan`]: a percentage of plan whose plan is written before the actual, in another sentence
//!   of the paragraph or section, or as a fraction of amounts;
//! - [`ratio`]: a percentage and the part and whole it is computed from, wherever the whole is
//!   named (`tương đương`, `tương ứng`, brackets, either order, paired lists, the same whole
//!   implied by sibling pairs);
//! - [`change`]: a change in every form (amount and percentage, both levels, `giảm … còn …`,
//!   percentage points, `gấp N lần`);
//! - [`parts`]: a total and its parts (`gồm`, `bao gồm`, `còn lại`, brackets, splits that must
//!   be complete);
//! - [`shares`]: shares of one whole listed once (economic structure, classifications);
//! - [`growth`]: average yearly growth over a period against its start and end values;
//! - [`table`]: the rows of the tables ([`crate::tables`]): % of plan, change, column totals,
//!   `Trong đó` sub-rows and share columns.

pub mod change;
pub mod growth;
pub mod judge;
pub mod parts;
pub mod passage;
pub mod plan;
pub mod ratio;
pub mod relation;
pub mod shares;
pub mod statements;
pub mod table;
pub mod words;

use std::ops::Range;
use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;

use crate::analysis::Analysis;
use crate::figures::model::FigId;
use crate::syntax::line::LineInfo;
use passage::Passages;
use relation::{Operand, Rel, Relation};

/// Everything read from a document's figures.
#[derive(Debug, Clone, Default)]
pub struct Reading {
    /// The paragraphs as line ranges, with whether they hold figures.
    pub paragraphs: Vec<(Range<u32>, bool)>,
    pub relations: Vec<Relation>,
    /// (figure, relation) for every figure a relation ties, sorted.
    by_fig: Vec<(FigId, u32)>,
}

/// A reader: add the relations it finds in sentences `range` of a window of paragraphs (it may
/// look back at the window's earlier sentences).
pub type Reader = fn(&Analysis, &Passages, Range<usize>, &mut Vec<Relation>);

/// The readers of a paragraph, in the order they run.
pub const READERS: [(&str, Reader); 7] = [
    ("plan", plan::read),
    ("ratio", ratio::read),
    ("change", change::read),
    ("parts", parts::read),
    ("shares", shares::read),
    ("growth", growth::read),
    ("same-whole", ratio::read_same_whole),
];

/// How many paragraphs before the one read a reader may look at (a whole, a plan, a total
/// named earlier in the section).
pub const PARAS_BACK: usize = 2;

/// What was read of each paragraph, kept across the analyses of one document: an edit reads
/// again only the paragraphs whose window (the paragraph and the two before it) it changed.
/// Keyed by the identity of the window's lexed lines (the document relexes a changed line into
/// a new `Arc`; an unchanged line keeps its own), with positions stored relative to the
/// window, so that lines inserted above move them without reading them again.
#[derive(Debug, Default)]
pub struct Cache {
    map: Mutex<CacheMap>,
}

#[derive(Debug, Default)]
struct CacheMap {
    entries: FxHashMap<u64, Entry>,
    generation: u64,
}

#[derive(Debug)]
struct Entry {
    /// The window's lines, held so that their identity cannot be reused by other lines.
    lines: Vec<Arc<LineInfo>>,
    /// Which of the window's lines are in the same section as the paragraph read.
    same_section: u128,
    /// The relations read, with lines relative to the window's first line and byte offsets
    /// relative to its start.
    relations: Vec<Relation>,
    generation: u64,
}

/// A paragraph to read, and its window: the paragraphs `from..to` (the two before it and the
/// one after it, which a list opened at its end may run into).
struct Job {
    from: usize,
    target: usize,
    to: usize,
    key: u64,
}

impl Reading {
    /// Read an analysed document (its lines, structure and figure model are built).
    pub fn build(a: &Analysis) -> Reading {
        Reading::build_with(a, None)
    }

    /// [`Reading::build`], reusing what `cache` holds of unchanged paragraphs.
    pub fn build_with(a: &Analysis, cache: Option<&Cache>) -> Reading {
        let paragraphs = passage::paragraphs(a);
        let lines = a.lines();
        let window_lines = |j: &Job| paragraphs[j.from].0.start..paragraphs[j.to - 1].0.end;
        let jobs: Vec<Job> = paragraphs
            .iter()
            .enumerate()
            .filter(|(_, (_, figs))| *figs)
            .map(|(k, _)| {
                // A list pasted with blank lines between its items: the window reaches its lead.
                // (Only a percentage looks back for its whole over its siblings.)
                let one = paragraphs[k].0.start as usize;
                let siblings = if paragraphs[k].0.len() == 1 && lines[one].quantities.iter().any(|q| q.in_percent_or_per_mille()) { passage::list_siblings_above(a, one) } else { 0 };
                let (from, to) = (k.saturating_sub(PARAS_BACK + siblings), (k + 2).min(paragraphs.len()));
                let mut j = Job { from, target: k, to, key: 0 };
                j.key = window_key(a, window_lines(&j), paragraphs[k].0.start, k - from);
                j
            })
            .collect();
        // Hits from the cache, rebased; the rest is read (on every core for a long report).
        let mut found: Vec<Option<Vec<Relation>>> = vec![None; jobs.len()];
        if let Some(c) = cache {
            let mut m = c.map.lock().unwrap_or_else(|e| e.into_inner());
            m.generation += 1;
            let g = m.generation;
            for (j, job) in jobs.iter().enumerate() {
                if let Some(e) = m.entries.get_mut(&job.key) {
                    let w = window_lines(job);
                    let wl = &lines[w.start as usize..w.end as usize];
                    if e.lines.len() == wl.len() && e.lines.iter().zip(wl).all(|(x, y)| Arc::ptr_eq(x, y)) && e.same_section == same_section_bits(a, w.clone(), paragraphs[job.target].0.start) {
                        e.generation = g;
                        found[j] = Some(e.relations.iter().map(|r| rebase(r, w.start as i64, a.line_start(w.start as usize) as i64)).collect());
                    }
                }
            }
        }
        let missing: Vec<usize> = (0..jobs.len()).filter(|&j| found[j].is_none()).collect();
        let threads = if missing.len() >= 256 { crate::par::cores() } else { 1 };
        // Many to read (a document just opened): the sentences of the whole document once.
        // A few: each paragraph's window. Both give the same sentences around a paragraph.
        let whole = (missing.len() > 64 && missing.len() * 4 > jobs.len()).then(|| passage::build_all(a, &paragraphs, threads));
        let read = crate::par::map(missing.len(), threads, |m| {
            let job = &jobs[missing[m]];
            match &whole {
                Some(p) => read_target(a, p, job.target as u32),
                None => read_target(a, &passage::build_window(a, &paragraphs[job.from..job.to], job.from as u32), job.target as u32),
            }
        });
        if let Some(c) = cache {
            let mut m = c.map.lock().unwrap_or_else(|e| e.into_inner());
            let g = m.generation;
            for (&j, rels) in missing.iter().zip(&read) {
                let job = &jobs[j];
                let w = window_lines(job);
                let base = a.line_start(w.start as usize) as i64;
                m.entries.insert(
                    job.key,
                    Entry {
                        lines: lines[w.start as usize..w.end as usize].to_vec(),
                        same_section: same_section_bits(a, w.clone(), paragraphs[job.target].0.start),
                        relations: rels.iter().map(|r| rebase(r, -(w.start as i64), -base)).collect(),
                        generation: g,
                    },
                );
            }
            m.entries.retain(|_, e| e.generation == g);
        }
        let mut read = read.into_iter();
        let mut relations = statements::read_document(a);
        relations.extend(shares::read_document(a));
        relations.extend(table::read_document(a));
        for f in found {
            match f {
                Some(rels) => relations.extend(rels),
                None => relations.extend(read.next().unwrap_or_default()),
            }
        }
        merge(a, &mut relations);
        let mut by_fig: Vec<(FigId, u32)> = relations.iter().enumerate().flat_map(|(i, r)| r.figs().into_iter().map(move |f| (f, i as u32))).collect();
        by_fig.sort_unstable();
        by_fig.dedup();
        Reading { paragraphs, relations, by_fig }
    }

    /// The relations tying figure `f`.
    pub fn about(&self, f: FigId) -> impl Iterator<Item = &Relation> {
        let start = self.by_fig.partition_point(|&(g, _)| g < f);
        self.by_fig[start..].iter().take_while(move |&&(g, _)| g == f).map(|&(_, i)| &self.relations[i as usize])
    }

    /// The relations whose stated result is figure `f`.
    pub fn stating(&self, f: FigId) -> impl Iterator<Item = &Relation> {
        self.about(f).filter(move |r| r.stated() == Some(f))
    }

    /// Does some relation already read `f` as its stated result?
    pub fn states(&self, f: FigId) -> bool {
        self.stating(f).next().is_some()
    }

    /// The paragraph holding `line`, as a line range.
    pub fn paragraph_of(&self, line: u32) -> Option<Range<u32>> {
        let k = self.paragraphs.partition_point(|(r, _)| r.end <= line);
        self.paragraphs.get(k).filter(|(r, _)| r.start <= line).map(|(r, _)| r.clone())
    }

    /// The sentences of the paragraph holding `line` (for the editor features and the checks
    /// that need a figure's sentence).
    pub fn sentences_at(&self, a: &Analysis, line: u32) -> Passages {
        match self.paragraph_of(line) {
            Some(r) => passage::build_window(a, &[(r, true)], 0),
            None => Passages::default(),
        }
    }
}

/// Read paragraph `target` of passages `p` (which hold its window).
fn read_target(a: &Analysis, p: &Passages, target: u32) -> Vec<Relation> {
    let first = p.sentences.partition_point(|s| s.para < target);
    let last = p.sentences.partition_point(|s| s.para <= target);
    let mut out = Vec::new();
    for (_, read) in READERS {
        read(a, p, first..last, &mut out);
    }
    out
}

/// The key of a window: the identity of its lines, which of them share the read paragraph's
/// section, and where the read paragraph is in it.
fn window_key(a: &Analysis, w: Range<u32>, target_line: u32, target_para: usize) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    for line in w.clone() {
        (Arc::as_ptr(&a.lines()[line as usize]) as usize).hash(&mut h);
    }
    same_section_bits(a, w.clone(), target_line).hash(&mut h);
    (target_line - w.start, target_para).hash(&mut h);
    h.finish()
}

/// Which lines of a window are in the section of `target_line`, as bits (a window longer than
/// 128 lines keeps the first 128).
fn same_section_bits(a: &Analysis, w: Range<u32>, target_line: u32) -> u128 {
    let sec = |l: u32| a.structure.line_section.get(l as usize).copied().flatten();
    let t = sec(target_line);
    w.take(128).enumerate().fold(0u128, |m, (i, l)| if sec(l) == t { m | (1 << i) } else { m })
}

/// A relation with its lines moved by `lines` and its byte offsets by `bytes`.
fn rebase(r: &Relation, lines: i64, bytes: i64) -> Relation {
    let f = |x: FigId| FigId { line: (x.line as i64 + lines) as u32, q: x.q };
    let o = |x: Operand| match x {
        Operand::Fig(g) => Operand::Fig(f(g)),
        Operand::Num(g) => Operand::Num(f(g)),
        Operand::Den(g) => Operand::Den(f(g)),
    };
    use relation::{ChangeForm as C, GrowthFrom as G};
    let rel = match &r.rel {
        Rel::OfPlan { actual, plan, stated } => Rel::OfPlan { actual: f(*actual), plan: f(*plan), stated: f(*stated) },
        Rel::Ratio { part, whole, stated } => Rel::Ratio { part: o(*part), whole: o(*whole), stated: f(*stated) },
        Rel::Change { form, dir, stated } => Rel::Change {
            form: match *form {
                C::PctOfAmount { now, amount } => C::PctOfAmount { now: f(now), amount: f(amount) },
                C::IndexOfAmount { now, amount } => C::IndexOfAmount { now: f(now), amount: f(amount) },
                C::PctOfLevels { now, before } => C::PctOfLevels { now: o(now), before: o(before) },
                C::AmountOfLevels { now, before } => C::AmountOfLevels { now: o(now), before: o(before) },
                C::IndexOfLevels { now, before } => C::IndexOfLevels { now: o(now), before: o(before) },
                C::Times { now, before } => C::Times { now: o(now), before: o(before) },
            },
            dir: *dir,
            stated: f(*stated),
        },
        Rel::Parts { total, parts, complete, lines_below } => Rel::Parts { total: f(*total), parts: parts.iter().map(|&p| f(p)).collect(), complete: *complete, lines_below: *lines_below },
        Rel::Shares { shares, bare, complete } => Rel::Shares { shares: shares.iter().map(|&p| f(p)).collect(), bare: bare.iter().map(|&p| f(p)).collect(), complete: *complete },
        Rel::SameWhole { pairs } => Rel::SameWhole { pairs: pairs.iter().map(|&(x, p)| (f(x), f(p))).collect() },
        Rel::Growth { from, rate, years, exact, down } => Rel::Growth {
            down: *down,
            from: match *from {
                G::Levels { start, end } => G::Levels { start: f(start), end: f(end) },
                G::Increase { end, amount } => G::Increase { end: f(end), amount: f(amount) },
                G::Cumulative { pct } => G::Cumulative { pct: f(pct) },
                G::Yearly { rates, n, index } => G::Yearly { rates: rates.map(f), n, index },
            },
            rate: f(*rate),
            years: *years,
            exact: *exact,
        },
    };
    let tie = r.tie.as_ref().map(|t| (t.start as i64 + bytes) as usize..(t.end as i64 + bytes) as usize);
    Relation { rel, sure: r.sure, reader: r.reader, tie }
}

/// What the readers found of one thing, said once: the same relation twice is kept once; a
/// list of parts or of shares read both from the line and from the sentence keeps the first
/// reading, as complete as either says; the model's parts lists are made complete by the
/// parts reader's rule; a list the parts reader read after a total replaces the model's
/// list in the same text (the reader splits items and skips nested lists and brackets).
fn merge(a: &Analysis, rels: &mut Vec<Relation>) {
    parts::complete_model_lists(a, rels);
    let mut keep = vec![true; rels.len()];
    let read_totals: rustc_hash::FxHashSet<FigId> = rels.iter().filter(|r| r.reader == "parts").filter_map(|r| match &r.rel {
        Rel::Parts { total, .. } => Some(*total),
        _ => None,
    }).collect();
    for (i, r) in rels.iter().enumerate() {
        if let Rel::Parts { total, lines_below, parts, .. } = &r.rel {
            if (!lines_below && r.reader == "statements" && read_totals.contains(total)) || parts.is_empty() {
                // (A list with no parts read only vetoes the model's reading: dropped too.)
                keep[i] = false;
            }
        }
    }
    let mut seen: FxHashMap<FigId, Vec<usize>> = FxHashMap::default();
    for i in 0..rels.len() {
        if !keep[i] {
            continue;
        }
        // Relations tied to the same first figure are the only ones that can repeat.
        let key = match rels[i].figs().first() {
            Some(&f) => f,
            None => continue,
        };
        let earlier = seen.entry(key).or_default();
        let mut drop = false;
        for &j in earlier.iter() {
            if rels[j].rel == rels[i].rel {
                drop = true;
                break;
            }
            match (&rels[j].rel, &rels[i].rel) {
                (Rel::Parts { total: t1, parts: p1, .. }, Rel::Parts { total: t2, parts: p2, complete: c2, .. }) if t1 == t2 && p1 == p2 => {
                    let c2 = *c2;
                    if let Rel::Parts { complete, .. } = &mut rels[j].rel {
                        *complete = (*complete).max(c2);
                    }
                    drop = true;
                    break;
                }
                _ => {}
            }
        }
        if drop {
            keep[i] = false;
        } else {
            earlier.push(i);
        }
    }
    // Shares: a later group sharing a figure with an earlier one is the same list read again.
    let mut in_shares: FxHashMap<FigId, usize> = FxHashMap::default();
    for i in 0..rels.len() {
        if !keep[i] {
            continue;
        }
        let Rel::Shares { shares, complete, .. } = &rels[i].rel else { continue };
        let c2 = *complete;
        if let Some(j) = shares.iter().find_map(|f| in_shares.get(f).copied()) {
            let same = matches!(&rels[j].rel, Rel::Shares { shares: s1, .. } if s1 == shares);
            if same {
                if let Rel::Shares { complete, .. } = &mut rels[j].rel {
                    *complete = (*complete).max(c2);
                }
            }
            keep[i] = false;
            continue;
        }
        for &f in shares {
            in_shares.insert(f, i);
        }
    }
    let mut k = 0;
    rels.retain(|_| {
        k += 1;
        keep[k - 1]
    });
}

/// A relation in words, for the `figures` command and the hover card: what is tied to what
/// (figures as written, with their lines), how sure the reading is, and what the stated figure
/// should be when the relation computes one.
pub fn describe(a: &Analysis, r: &Relation) -> String {
    use relation::{ChangeForm, Operand, Rel, Sure};
    let f = |x: FigId| format!("{} (dòng {})", a.slice(a.fig_range(x)).trim(), x.line + 1);
    let op = |o: Operand| match o {
        Operand::Fig(x) => f(x),
        Operand::Num(x) => format!("tử số của {}", f(x)),
        Operand::Den(x) => format!("mẫu số của {}", f(x)),
    };
    let what = match &r.rel {
        Rel::OfPlan { actual, plan, stated } => format!("% kế hoạch {} = {} / {}", f(*stated), f(*actual), f(*plan)),
        Rel::Ratio { part, whole, stated } => format!("tỷ lệ {} = {} / {}", f(*stated), op(*part), op(*whole)),
        Rel::Change { form, stated, .. } => match form {
            ChangeForm::PctOfAmount { now, amount } => format!("mức thay đổi {} của {} so với {} trước đó", f(*stated), f(*amount), f(*now)),
            ChangeForm::IndexOfAmount { now, amount } => format!("chỉ số {} của {} sau khi thay đổi {}", f(*stated), f(*now), f(*amount)),
            ChangeForm::PctOfLevels { now, before } | ChangeForm::AmountOfLevels { now, before } => format!("mức thay đổi {} từ {} đến {}", f(*stated), op(*before), op(*now)),
            ChangeForm::IndexOfLevels { now, before } => format!("chỉ số {} = {} / {}", f(*stated), op(*now), op(*before)),
            ChangeForm::Times { now, before } => format!("{} = {} / {}", f(*stated), op(*now), op(*before)),
        },
        Rel::Parts { total, parts, complete, .. } => {
            let ps: Vec<String> = parts.iter().map(|&p| f(p)).collect();
            format!("tổng {} {} {}", f(*total), if *complete == relation::Completeness::Subset { "⊇" } else { "=" }, ps.join(" + "))
        }
        Rel::Shares { shares, complete, .. } => {
            let ps: Vec<String> = shares.iter().map(|&p| f(p)).collect();
            format!("các tỷ lệ của một tổng thể {} {}", ps.join(" + "), if *complete == relation::Completeness::Subset { "≤ 100%" } else { "= 100%" })
        }
        Rel::SameWhole { pairs } => {
            let ps: Vec<String> = pairs.iter().map(|&(x, p)| format!("{} ↔ {}", f(x), f(p))).collect();
            format!("cùng một tổng thể: {}", ps.join("; "))
        }
        Rel::Growth { from, rate, years, down, .. } => {
            let how = if *down { "giảm bình quân" } else { "tăng bình quân" };
            match from {
                relation::GrowthFrom::Levels { start, end } => format!("{how} {} từ {} đến {} trong {years} năm", f(*rate), f(*start), f(*end)),
                relation::GrowthFrom::Increase { end, amount } => format!("{how} {} đến {}, tăng {} trong {years} năm", f(*rate), f(*end), f(*amount)),
                relation::GrowthFrom::Cumulative { pct } => format!("{how} {} cho cả {years} năm: {}", f(*rate), f(*pct)),
                relation::GrowthFrom::Yearly { rates, n, .. } => format!("{how} {} từ tốc độ từng năm {}", f(*rate), rates[..*n as usize].iter().map(|&r| f(r)).collect::<Vec<_>>().join("; ")),
            }
        }
    };
    let sure = match r.sure {
        Sure::Certain => "chắc chắn",
        Sure::Probable => "khả năng cao",
        Sure::Possible => "có thể",
    };
    let computed = judge::compute(a, r)
        .map(|c| format!(" → tính ra {}{}", crate::checks::fig::vi_auto(c.value, c.decimals.max(1) + 1), c.sign))
        .unwrap_or_default();
    format!("{what}{computed} [{sure}; {}]", r.reader)
}
