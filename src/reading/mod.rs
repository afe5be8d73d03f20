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
//! - [`growth`]: average yearly growth over a period against its start and end values.

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
pub mod words;

use rustc_hash::FxHashMap;

use crate::analysis::Analysis;
use crate::figures::model::FigId;
use passage::Passages;
use relation::Relation;

/// Everything read from a document's figures.
#[derive(Debug, Clone, Default)]
pub struct Reading {
    pub passages: Passages,
    pub relations: Vec<Relation>,
    /// Figure → the relations that tie it, in order.
    by_fig: FxHashMap<FigId, Vec<u32>>,
}

/// A reader: add the relations it finds.
pub type Reader = fn(&Analysis, &Passages, &mut Vec<Relation>);

/// Every reader, in the order they run (the statements first: a later reader does not add a
/// relation for a stated figure an earlier one already tied the same way).
pub const READERS: [(&str, Reader); 8] = [
    ("statements", statements::read),
    ("plan", plan::read),
    ("ratio", ratio::read),
    ("change", change::read),
    ("parts", parts::read),
    ("shares", shares::read),
    ("growth", growth::read),
    ("same-whole", ratio::read_same_whole),
];

impl Reading {
    /// Read an analysed document (its lines, structure and figure model are built).
    pub fn build(a: &Analysis) -> Reading {
        let passages = passage::build(a);
        let mut relations = Vec::new();
        for (_, read) in READERS {
            read(a, &passages, &mut relations);
        }
        let mut by_fig: FxHashMap<FigId, Vec<u32>> = FxHashMap::default();
        for (i, r) in relations.iter().enumerate() {
            for f in r.figs() {
                let v = by_fig.entry(f).or_default();
                if v.last() != Some(&(i as u32)) {
                    v.push(i as u32);
                }
            }
        }
        Reading { passages, relations, by_fig }
    }

    /// The relations tying figure `f`.
    pub fn about(&self, f: FigId) -> impl Iterator<Item = &Relation> {
        self.by_fig.get(&f).into_iter().flatten().map(|&i| &self.relations[i as usize])
    }

    /// The relations whose stated result is figure `f`.
    pub fn stating(&self, f: FigId) -> impl Iterator<Item = &Relation> {
        self.about(f).filter(move |r| r.stated() == Some(f))
    }

    /// Does some relation already read `f` as its stated result?
    pub fn states(&self, f: FigId) -> bool {
        self.stating(f).next().is_some()
    }
}

/// Is figure `f` the stated result of a relation in `rels`?
pub fn already_stated(rels: &[Relation], f: FigId) -> bool {
    rels.iter().any(|r| r.stated() == Some(f))
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
        Rel::Growth { from, rate, years, .. } => match from {
            relation::GrowthFrom::Levels { start, end } => format!("tăng bình quân {} từ {} đến {} trong {years} năm", f(*rate), f(*start), f(*end)),
            relation::GrowthFrom::Increase { end, amount } => format!("tăng bình quân {} đến {}, tăng {} trong {years} năm", f(*rate), f(*end), f(*amount)),
            relation::GrowthFrom::Cumulative { pct } => format!("tăng bình quân {} cho cả {years} năm tăng {}", f(*rate), f(*pct)),
        },
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
