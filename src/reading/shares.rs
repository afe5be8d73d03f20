//! Reader: shares of one whole, which must not add up to more than 100% (and to exactly 100%
//! when they cover the whole: a classification, an economic structure).
//!
//! - a breakdown on one line: a run of statements whose values are percentages, opened by
//!   `Trong đó` or made of categories (`Loại Tốt 92,3%; Loại Khá 7,5%; Loại TB 0,2%`);
//! - `chiếm X% <whole>` of the same named whole in sibling sections or one section.

use std::collections::BTreeMap;

use super::passage::Passages;
use super::relation::{Rel, Relation, Sure};
use crate::analysis::Analysis;
use crate::figures::model::FigId;
use crate::numbers::{Quantity, UnitKind};
use crate::text::fold::fold_ascii;

fn is_pct(q: &Quantity) -> bool {
    q.unit.as_ref().is_some_and(|u| u.kind == UnitKind::Percent && u.per.is_empty())
}

/// Shares of one whole as a reader finds them: the percentages, the bare numbers among them (a
/// `%` lost), and whether they cover the whole.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ShareGroup {
    pub figs: Vec<FigId>,
    pub bare: Vec<FigId>,
    pub exhaustive: bool,
}

pub fn read(a: &Analysis, _p: &Passages, out: &mut Vec<Relation>) {
    // Only lines with figures can hold a breakdown: walk those (a long file is mostly other
    // lines, and reading each one's statements is a cache miss).
    for &line in &a.figures.quantity_lines {
        for g in line_breakdowns(a, line as usize) {
            if !plausible(a, &g.figs) {
                continue;
            }
            out.push(Relation::new(Rel::Shares { shares: g.figs, bare: g.bare, complete: g.exhaustive }, Sure::Probable, "shares"));
        }
    }
    for g in chiem_groups(a) {
        out.push(Relation::new(Rel::Shares { shares: g.figs, bare: g.bare, complete: g.exhaustive }, Sure::Probable, "shares"));
    }
}

/// Could these percentages be shares of one whole? Not when they add up far beyond it (rates of
/// several places: `Sơn La đạt 98,3%, Điện Biên 97,6%`).
fn plausible(a: &Analysis, figs: &[FigId]) -> bool {
    let sum: rust_decimal::Decimal = figs.iter().filter_map(|&f| a.quantity(f).value.exact()).sum();
    if sum > rust_decimal::Decimal::from(130) {
        return false;
    }
    true
}

/// Breakdowns written on line `line`: a run of statements whose values are percentages, opened
/// by `Trong đó` or made of categories (`Loại …`).
fn line_breakdowns(a: &Analysis, line: usize) -> Vec<ShareGroup> {
    let li = &a.lines()[line];
    let mut out = Vec::new();
    if li.statements.len() < 2 && li.statements.iter().all(|s| s.parts_from.is_none()) {
        return out;
    }
    let mut run: Vec<FigId> = Vec::new();
    let mut bare: Vec<FigId> = Vec::new();
    let mut categories = 0;
    let mut opened = false;
    let flush = |run: &mut Vec<FigId>, bare: &mut Vec<FigId>, categories: usize, opened: bool, out: &mut Vec<ShareGroup>| {
        let exhaustive = categories >= 2 && categories + 1 >= run.len();
        if run.len() >= 2 && (opened || exhaustive) {
            out.push(ShareGroup { figs: std::mem::take(run), bare: std::mem::take(bare), exhaustive });
        }
        run.clear();
        bare.clear();
    };
    for s in &li.statements {
        // Percentages after `trong đó` inside a statement (`… đạt 100%, trong đó loại giỏi 40,3%`).
        if let Some(from) = s.parts_from {
            flush(&mut run, &mut bare, categories, opened, &mut out);
            categories = 0;
            opened = true;
            for &q in &s.others {
                let qq = &li.quantities[q as usize];
                if qq.range.start >= from && is_pct(qq) {
                    run.push(FigId { line: line as u32, q });
                    categories += fold_ascii(&a.slice(a.abs(line, from..qq.range.start))).contains("loai") as usize;
                }
            }
            continue;
        }
        let Some(v) = s.value else {
            flush(&mut run, &mut bare, categories, opened, &mut out);
            categories = 0;
            opened = s.is_part;
            continue;
        };
        let q = &li.quantities[v as usize];
        let is_category = s.category;
        let id = FigId { line: line as u32, q: v };
        // A share is a bare category and its percentage (`nông nghiệp 8,5%`, `Loại Khá có
        // 7,5%`); a rate reached (`đạt 100% quân số`, `tỷ lệ khá giỏi đạt 75% trở lên`) is not.
        let rate_like = q.bound != crate::numbers::Bound::Exact || s.rate_like;
        if s.is_part {
            flush(&mut run, &mut bare, categories, opened, &mut out);
            categories = 0;
            opened = true;
        }
        if is_pct(q) && s.plan.is_none() && s.ratio.is_none() && !rate_like {
            run.push(id);
            categories += is_category as usize;
        } else if q.unit.is_none() && is_category && q.value.exact().is_some() && !s.key.is_empty() {
            // `Loại giỏi 33,1;` among percentages.
            run.push(id);
            bare.push(id);
            categories += 1;
        } else {
            flush(&mut run, &mut bare, categories, opened, &mut out);
            categories = 0;
            opened = false;
        }
    }
    flush(&mut run, &mut bare, categories, opened, &mut out);
    out
}

/// What groups `chiếm X% <whole>` shares (statement `k` of `figures.stmts`): the part (scope and
/// plan or results), the whole's name and the parent section.
type ChiemKey = (u32, bool, String, Option<usize>);

fn chiem_key(a: &Analysis, k: usize) -> Option<ChiemKey> {
    let id = *a.figures.stmts.get(k)?;
    let s = a.statement(id);
    let (q, whole) = s.share.as_ref()?;
    if whole.split_whitespace().count() < 2 || !is_pct(&a.lines()[id.line as usize].quantities[*q as usize]) {
        return None;
    }
    let ctx = &a.figures.ctx[k];
    let parent = ctx.section.and_then(|sec| a.structure.sections[sec].parent);
    Some((ctx.scope, ctx.plan, whole.clone(), parent))
}

fn share_fig(a: &Analysis, k: usize) -> Option<FigId> {
    let id = a.figures.stmts[k];
    a.statement(id).share.as_ref().map(|(q, _)| FigId { line: id.line, q: *q })
}

/// `chiếm X% <whole>` in sibling sections (or in one section): grouped by [`chiem_key`].
fn chiem_groups(a: &Analysis) -> Vec<ShareGroup> {
    let mut groups: BTreeMap<ChiemKey, Vec<FigId>> = BTreeMap::new();
    for k in 0..a.figures.stmts.len() {
        if let (Some(key), Some(f)) = (chiem_key(a, k), share_fig(a, k)) {
            groups.entry(key).or_default().push(f);
        }
    }
    groups.into_values().filter(|figs| figs.len() >= 2).map(|figs| ShareGroup { figs, ..Default::default() }).collect()
}
