//! Reader: a change against an earlier value, in every way reports write it.
//!
//! - the amount and the percentage of one change, in either order and however tied: `đạt
//!   51,50 tạ/ha, tăng 2,63% (1,32 tạ/ha)`, `giảm 1.686 ha (bằng 2,24%)`, `tăng 5,3%, tương
//!   ứng tăng 27,4 tỷ USD`, `giảm 103,7 nghìn tấn, tương đương giảm 0,4%`, `giảm 1,2% (-540
//!   ha)`; the level is the figure the change is said of, before it;
//! - the amount and the index: `7,72 triệu ha, giảm 26,1 nghìn ha và bằng 99,7% (so với cùng
//!   kỳ)`;
//! - both levels and the change between them: `từ 41,6% năm 2016 xuống còn 33,1% năm 2020,
//!   giảm 8,5 điểm phần trăm`, `năm 2016 chiếm 25,2%, đến năm 2020 chiếm 30,8%, tăng 5,6 điểm
//!   phần trăm`, `giảm từ 480 hộ xuống 395 hộ, giảm 85 hộ (17,7%)`; a rate's change written in
//!   `%` may be points or percent, and either reading is accepted;
//! - a fraction of one unit and the change it makes: `53,5/52 ha, tăng 2,9%` (`tăng`/`vượt`:
//!   how much the first exceeds the second);
//! - the earlier level named after the change: `1.260 lao động, tăng 5% so với năm 2023 (là)
//!   1.200 lao động`, `… tăng 5% so với cùng kỳ (1.200 lao động)`;
//! - levels given year by year and a change between two of those years, named by their years:
//!   `năm 2024 là 437 hộ, tăng so với năm 2023 là 6,1%`, `… năm 2022 đạt 86,1 ha; năm 2023
//!   đạt 90,4 ha. So sánh năm 2023 với năm 2022 thì tăng 5,0%`;
//! - `gấp N lần` with both levels: `gấp 2,58 lần so năm 2015 (24.013/9.278 tỷ đồng)`, `cao gấp
//!   1,6 lần khu vực nông thôn (3,48 triệu đồng)` after the level.

use super::passage::{Passages, Sentence};
use super::relation::{ChangeForm, Operand, Rel, Relation, Sure};
use super::words::*;
use crate::analysis::Analysis;
use crate::figures::extract::Direction;
use crate::figures::model::FigId;

pub fn read(a: &Analysis, p: &Passages, range: std::ops::Range<usize>, out: &mut Vec<Relation>) {
    for si in range.clone() {
        year_levels(a, p, si, out);
        levels_before(a, p, si, out);
    }
    for s in &p.sentences[range] {
        // Every form needs a change word (or `từ … xuống`, `gấp`, a year to compare with).
        if s.figs.len() < 2 || !["tăng", "giảm", "gấp", "vượt", "từ", "năm", "-", "+", "thấp", "cao"].iter().any(|w| s.words().contains(w)) {
            continue;
        }
        amount_and_percentage(a, s, out);
        levels(a, s, out);
        fraction_change(a, s, out);
        times(a, s, out);
        earlier_level_after(a, s, out);
        same_period_level(a, s, out);
    }
}

/// The earlier level named as the same period before (`cùng kỳ năm trước là 1.146 tỷ đồng`)
/// beside the level now and one change in percent, in any order: `đạt 1.240 tỷ đồng, cùng kỳ
/// năm trước là 1.146 tỷ đồng, tăng 8,2%`; `tăng 8,2%, đạt 1.240 tỷ đồng; cùng kỳ năm trước
/// đạt 1.146 tỷ đồng`. Only when the sentence holds exactly these: one earlier level, one
/// other level of its kind, one percentage of change.
fn same_period_level(a: &Analysis, s: &Sentence, out: &mut Vec<Relation>) {
    let named_before = |j: usize| {
        let c = own_clause(s.before(j));
        has_word(c, "cùng kỳ") && !has_any(c, &["so với", "so cùng kỳ", "tăng", "giảm"]) && ends_with_any(c, &["là", "đạt", "có", "được"]).is_some()
    };
    let befores: Vec<usize> = (0..s.figs.len()).filter(|&j| named_before(j) && is_level(a.quantity(s.figs[j])) && !is_rate(a.quantity(s.figs[j]))).collect();
    let [b] = befores[..] else { return };
    let bq = a.quantity(s.figs[b]);
    let nows: Vec<usize> = (0..s.figs.len()).filter(|&j| j != b && dir_before(s, j).is_none() && is_level(a.quantity(s.figs[j])) && same_kind(a.quantity(s.figs[j]), bq)).collect();
    let changes: Vec<(usize, Direction)> = (0..s.figs.len()).filter_map(|j| dir_before(s, j).filter(|_| is_rate(a.quantity(s.figs[j])) && !is_rate(bq) && !is_rate_per_year(a.quantity(s.figs[j]))).map(|d| (j, d))).collect();
    let ([now], [(k, dir)]) = (&nows[..], &changes[..]) else { return };
    push(out, Relation::new(Rel::Change { form: ChangeForm::PctOfLevels { now: Operand::Fig(s.figs[*now]), before: Operand::Fig(s.figs[b]) }, dir: *dir, stated: s.figs[*k] }, Sure::Probable, "change").tied_by(s.gap_range(*k)));
}

fn push(out: &mut Vec<Relation>, r: Relation) {
    if !out.iter().rev().take(8).any(|o| o.rel == r.rel) {
        out.push(r);
    }
}

/// The direction of a change said right before figure `k` (`tăng`, `giảm`, `tương ứng tăng`,
/// `(-`), if any.
fn dir_before(s: &Sentence, k: usize) -> Option<Direction> {
    let b = s.before(k);
    if let Some(d) = change_before(b) {
        return Some(d);
    }
    let t = b.trim_end();
    if t.ends_with("(-") || t.ends_with("(−") || t.ends_with("( -") {
        return Some(Direction::Down);
    }
    if t.ends_with("(+") {
        return Some(Direction::Up);
    }
    None
}

/// Do the words between two figures tie the second to the first as the same change given
/// another way: a bracket, `tương ứng`, `tương đương`, `bằng`, `hay`, possibly with the
/// change word again (`tương ứng tăng`)?
fn same_change_link(gap: &str) -> bool {
    // (A semicolon ends a list item: `tăng 29,3%; 173 doanh nghiệp có vốn …` is the next item.)
    if gap.contains(';') {
        return false;
    }
    let t = gap.trim().trim_start_matches(',').trim();
    let t = t.strip_suffix("tăng").or_else(|| t.strip_suffix("giảm")).or_else(|| t.strip_suffix("tăng thêm")).unwrap_or(t).trim();
    let t = t.trim_end_matches(['-', '−', '+']).trim();
    t.is_empty() || t == "(" || t == "(bằng" || t == "( bằng" || starts_with_any(t, EQUIV).is_some_and(|w| t.len() - w.len() <= 3) || {
        let inner = t.strip_prefix('(').unwrap_or(t).trim();
        starts_with_any(inner, EQUIV).is_some_and(|w| inner.len() - w.len() <= 3)
    }
}

/// The level a change at figure `k` is said of: the nearest amount before it in the sentence,
/// in the same clause, not itself a change, a plan or a rate.
fn level_before(a: &Analysis, s: &Sentence, k: usize, like: &crate::numbers::Quantity) -> Option<FigId> {
    for j in (k.saturating_sub(4)..k).rev() {
        let q = a.quantity(s.figs[j]);
        // A semicolon ends the level's clause, unless what follows it only compares it (`là
        // 18.400 tỷ đồng; so với cuối năm trước tăng 1.700 tỷ đồng`).
        if let Some((_, rest)) = s.gap(j + 1).rsplit_once(';') {
            starts_with_any(rest.trim_start(), &["so với", "so cùng kỳ", "tăng", "giảm"])?;
        }
        // Another change of the same kind between the level and this one: which level each
        // is said of is not clear.
        if dir_before(s, j).is_some() && same_kind(q, like) && !is_rate(q) {
            return None;
        }
        if dir_before(s, j).is_some() || is_rate(q) || plan_before(s.before(j)) {
            continue;
        }
        if is_level(q) && same_kind(q, like) && q.value.exact().is_some() {
            return Some(s.figs[j]);
        }
    }
    None
}

/// `tăng 2,63% (1,32 tạ/ha)`, `giảm 1.686 ha (bằng 2,24%)`, `tăng 5,3%, tương ứng tăng 27,4
/// tỷ USD`, and the index form `giảm 26,1 nghìn ha và bằng 99,7%`.
fn amount_and_percentage(a: &Analysis, s: &Sentence, out: &mut Vec<Relation>) {
    for k in 0..s.figs.len() - 1 {
        let Some(dir) = dir_before(s, k) else { continue };
        let (x, xq) = fig_q(a, s, k);
        let (y, yq) = fig_q(a, s, k + 1);
        let gap = s.after(k);
        // The index: `giảm 26,1 nghìn ha và bằng 99,7%`.
        if !is_rate(xq) && is_rate(yq) && ends_with_any(gap, &["và bằng", ", bằng", "bằng"]).is_some() && yq.value.exact().is_some_and(|v| v > rust_decimal::Decimal::from(50)) {
            if let Some(now) = level_before(a, s, k, xq) {
                push(out, Relation::new(Rel::Change { form: ChangeForm::IndexOfAmount { now, amount: x }, dir, stated: y }, Sure::Probable, "change").tied_by(s.gap_range(k + 1)));
            }
            continue;
        }
        if !same_change_link(gap) || dir_before(s, k + 1).is_some_and(|d| d != dir) {
            continue;
        }
        let (pct, amount, aq) = match (is_rate(xq), is_rate(yq)) {
            (true, false) => (x, y, yq),
            (false, true) => (y, x, xq),
            _ => continue,
        };
        if !is_level(aq) {
            continue;
        }
        // The level: an amount of the change's kind before the change.
        let Some(now) = level_before(a, s, k, aq) else { continue };
        push(out, Relation::new(Rel::Change { form: ChangeForm::PctOfAmount { now, amount }, dir, stated: pct }, Sure::Probable, "change").tied_by(s.gap_range(k + 1)));
    }
}

/// Both levels and the change between them: `từ A (năm X) xuống còn B (năm Y), giảm C`, `năm
/// X chiếm A, đến năm Y chiếm B, tăng C`.
fn levels(a: &Analysis, s: &Sentence, out: &mut Vec<Relation>) {
    let n = s.figs.len();
    for k in 0..n.saturating_sub(2) {
        let (b, bq) = fig_q(a, s, k);
        let (c, cq) = fig_q(a, s, k + 1);
        let before_b = own_clause(s.before(k));
        let between = s.after(k);
        // `từ A … xuống (còn) B`, `từ A … lên B`, `từ A … còn B`.
        let from_to = move_from(before_b) && move_to(between);
        // `năm X (là|đạt|chiếm) A, (đến) năm Y (là|đạt|chiếm) B`.
        let by_years = !from_to && years_in(before_b).len() == 1 && years_in(between).len() == 1 && years_in(before_b) != years_in(between) && years_in(before_b)[0] < years_in(between)[0];
        if !(from_to || by_years) || !same_kind(bq, cq) || bq.value.exact().is_none() || cq.value.exact().is_none() {
            continue;
        }
        // Levels, not changes themselves (`năm 2014 tăng 8,26%, năm 2015 tăng 8,39%`).
        if dir_before(s, k).is_some() || dir_before(s, k + 1).is_some() || (by_years && (change_clause(s.before(k)) || change_clause(between))) {
            continue;
        }
        // The stated change: the next figure with a change word, right after the levels.
        for j in k + 2..n.min(k + 4) {
            let Some(dir) = dir_before(s, j).or_else(|| has_any(own_clause(s.before(j)), &["tỷ lệ giảm", "mức giảm"]).then_some(Direction::Down)).or_else(|| has_any(own_clause(s.before(j)), &["tỷ lệ tăng", "mức tăng"]).then_some(Direction::Up)) else {
                continue;
            };
            let (st, sq) = fig_q(a, s, j);
            if per_year(s, j, sq) {
                break;
            }
            let points = sq.unit.as_ref().is_some_and(|u| u.name == "điểm") && s.after(j).trim_start().starts_with("phần trăm");
            let form = if is_rate(sq) && !is_rate(bq) {
                ChangeForm::PctOfLevels { now: Operand::Fig(c), before: Operand::Fig(b) }
            } else if is_rate(sq) && is_rate(bq) {
                // Points or percent of a rate: the percent reading is an alternative of
                // `PctOfLevels`; the points reading is `AmountOfLevels`. Both are tried.
                push(out, Relation::new(Rel::Change { form: ChangeForm::AmountOfLevels { now: Operand::Fig(c), before: Operand::Fig(b) }, dir, stated: st }, Sure::Probable, "change"));
                ChangeForm::PctOfLevels { now: Operand::Fig(c), before: Operand::Fig(b) }
            } else if points || (same_kind(sq, bq) && is_amount(sq)) {
                ChangeForm::AmountOfLevels { now: Operand::Fig(c), before: Operand::Fig(b) }
            } else {
                continue;
            };
            push(out, Relation::new(Rel::Change { form, dir, stated: st }, Sure::Probable, "change"));
            // A second stated change right after (`giảm 85 hộ (17,7%)`).
            if j + 1 < n && same_change_link(s.after(j)) {
                let (st2, sq2) = fig_q(a, s, j + 1);
                if is_rate(sq2) && !is_rate(bq) {
                    push(out, Relation::new(Rel::Change { form: ChangeForm::PctOfLevels { now: Operand::Fig(c), before: Operand::Fig(b) }, dir, stated: st2 }, Sure::Probable, "change"));
                }
            }
            break;
        }
    }
}

/// The two levels of a rate in the sentence before, the change between them summed up in this
/// one: `… giảm từ 58,2% năm 2006 xuống 27,9% năm 2021. Như vậy, sau 16 năm, tỷ lệ hộ nghèo đã
/// giảm 30,3%.` This sentence opens with `như vậy` (`tóm lại`, `tính chung`) and gives one
/// percentage, a change; the sentence before ends with its levels (`từ A … xuống B`), no change
/// stated after them. Points or percent, as for levels in one sentence.
fn levels_before(a: &Analysis, p: &Passages, si: usize, out: &mut Vec<Relation>) {
    let s = &p.sentences[si];
    if si == 0 || s.rates() != 1 || starts_with_any(s.before(0).trim_start(), &["như vậy", "tóm lại", "tính chung"]).is_none() {
        return;
    }
    let t = &p.sentences[si - 1];
    let Some(j) = (0..s.figs.len()).find(|&j| is_rate(a.quantity(s.figs[j]))) else { return };
    let Some(dir) = dir_before(s, j) else { return };
    let (st, sq) = fig_q(a, s, j);
    if t.para != s.para || t.figs.len() < 2 || per_year(s, j, sq) {
        return;
    }
    // The last two rates of the sentence before, written `từ A … xuống/lên B`, nothing after.
    let rates: Vec<usize> = (0..t.figs.len()).filter(|&k| is_rate(a.quantity(t.figs[k]))).collect();
    let [.., k, l] = rates[..] else { return };
    let (b, bq) = fig_q(a, t, k);
    let (c, cq) = fig_q(a, t, l);
    let from_to = l == k + 1 && move_from(own_clause(t.before(k))) && move_to(t.after(k));
    if !from_to || is_rate_per_year(bq) || is_rate_per_year(cq) || bq.value.exact().is_none() || cq.value.exact().is_none() || (l + 1..t.figs.len()).any(|m| dir_before(t, m).is_some()) {
        return;
    }
    for form in [ChangeForm::AmountOfLevels { now: Operand::Fig(c), before: Operand::Fig(b) }, ChangeForm::PctOfLevels { now: Operand::Fig(c), before: Operand::Fig(b) }] {
        push(out, Relation::new(Rel::Change { form, dir, stated: st }, Sure::Probable, "change"));
    }
}

/// A change per year (`bình quân mỗi năm giảm 1,17%`, `1,2%/năm`): no change between two levels.
fn per_year(s: &Sentence, j: usize, q: &crate::numbers::Quantity) -> bool {
    has_any(own_clause(s.before(j)), &["bình quân", "mỗi năm", "hằng năm", "hàng năm"]) || is_rate_per_year(q)
}

/// `53,5/52 ha, tăng 2,9%`, `45/40 ha, vượt 12,5% kế hoạch`: how much the first of a fraction
/// of one unit exceeds (or falls short of) the second.
fn fraction_change(a: &Analysis, s: &Sentence, out: &mut Vec<Relation>) {
    for k in 0..s.figs.len() - 1 {
        let (f, fq) = fig_q(a, s, k);
        if !is_fraction(fq) || fq.unit.is_none() {
            continue;
        }
        let (p, pq) = fig_q(a, s, k + 1);
        if !is_rate(pq) || pq.value.exact().is_none() {
            continue;
        }
        let gap = s.after(k);
        if gap.chars().count() > 60 || gap.contains(';') {
            continue;
        }
        let dir = if ends_with_any(gap, &["tăng", "vượt", "tăng thêm"]).is_some() {
            Direction::Up
        } else if ends_with_any(gap, &["giảm", "thấp hơn", "còn thiếu"]).is_some() {
            Direction::Down
        } else {
            continue;
        };
        push(out, Relation::new(Rel::Change { form: ChangeForm::PctOfLevels { now: Operand::Num(f), before: Operand::Den(f) }, dir, stated: p }, Sure::Probable, "change"));
    }
}

/// `gấp N lần` with both levels: in a bracket after it as a fraction or two amounts with a
/// slash (`(24.013/9.278 tỷ đồng)`), or the level before it and the other in a bracket after
/// (`5,54 triệu đồng, cao gấp 1,6 lần khu vực nông thôn (3,48 triệu đồng)`).
fn times(a: &Analysis, s: &Sentence, out: &mut Vec<Relation>) {
    let n = s.figs.len();
    for k in 0..n {
        let (t, tq) = fig_q(a, s, k);
        if !is_times(s, k, tq) {
            continue;
        }
        if k + 1 >= n || !s.after(k).contains('(') || s.after(k).chars().count() > 60 {
            continue;
        }
        let (x, xq) = fig_q(a, s, k + 1);
        let form = if is_fraction(xq) {
            ChangeForm::Times { now: Operand::Num(x), before: Operand::Den(x) }
        } else if k + 2 < n && s.after(k + 1).trim() == "/" && same_kind(xq, a.quantity(s.figs[k + 2])) {
            ChangeForm::Times { now: Operand::Fig(x), before: Operand::Fig(s.figs[k + 2]) }
        } else if let Some(now) = (k > 0).then(|| level_before(a, s, k, xq)).flatten() {
            ChangeForm::Times { now: Operand::Fig(now), before: Operand::Fig(x) }
        } else {
            continue;
        };
        push(out, Relation::new(Rel::Change { form, dir: Direction::Up, stated: t }, Sure::Probable, "change"));
    }
}

/// `1.260 lao động, tăng 5% so với năm 2023 là 1.200 lao động`: the level, the change in
/// percent, then the earlier level named after `so với`.
fn earlier_level_after(a: &Analysis, s: &Sentence, out: &mut Vec<Relation>) {
    for k in 1..s.figs.len().saturating_sub(1) {
        let (pct, pq) = fig_q(a, s, k);
        // `bằng 108,2% so với cùng kỳ năm trước (1.146 tỷ đồng)`: the index of the two levels.
        // (Against a plan it is the plan reader's: `đạt 95% so với kế hoạch (1.200 tấn)`.)
        let index = dir_before(s, k).is_none()
            && ends_with_any(s.before(k), &["bằng", "đạt"]).is_some()
            && pq.value.exact().is_some_and(|v| v > rust_decimal::Decimal::from(50))
            && !has_any(s.after(k), &["kế hoạch", "kh", "dự toán", "chỉ tiêu", "nhiệm vụ"]);
        let Some(dir) = dir_before(s, k).or(index.then_some(Direction::Up)) else { continue };
        let (b, bq) = fig_q(a, s, k + 1);
        // `tăng 250 tấn so với năm 2023 (năm 2023 đạt 7.400 tấn)`: a change in amount.
        let in_amount = !index && !is_rate(pq) && is_amount(pq) && same_kind(pq, bq);
        if !(is_rate(pq) || in_amount) || pq.value.exact().is_none() || is_rate_per_year(pq) {
            continue;
        }
        let gap = s.after(k).trim();
        // (The bracket may name the earlier period again: `so với cùng kỳ (cùng kỳ 13.800 con)`.)
        let named_again = gap.rsplit_once('(').is_some_and(|(_, t)| matches!(t.trim(), "cùng kỳ" | "cùng kỳ năm trước" | "năm trước"));
        let tied = starts_with_any(gap, &["so với", "so"]).is_some()
            && (gap.ends_with('(') || named_again || ends_with_any(gap, &["là", "đạt", "có", "với"]).is_some())
            && gap.chars().count() <= 40
            // (A colon opens a list: `tăng 10% so với cùng kỳ: lúa xuân đạt 120 ha; …` names
            // a part after it, not the earlier level.)
            && !gap.contains([';', ',', '.', ':']);
        // (A rate's earlier level, `còn 12,4%, giảm 1,3% so với năm 2023 (13,7%)`: the rate now
        // is the nearest one before the change, in its clause chain.)
        let rate_levels = is_rate(bq) && is_rate(pq) && !index;
        if !tied || !(is_level(bq) || rate_levels) || (is_rate(bq) && !rate_levels) || bq.value.exact().is_none() {
            continue;
        }
        let now = if rate_levels {
            (0..k).rev().take(2).find(|&j| {
                let q = a.quantity(s.figs[j]);
                is_rate(q) && !is_threshold(q) && q.value.exact().is_some() && dir_before(s, j).is_none() && !s.gap(j + 1).contains(';')
            }).map(|j| s.figs[j])
        } else {
            level_before(a, s, k, bq)
        };
        let Some(now) = now else { continue };
        let (now, before) = (Operand::Fig(now), Operand::Fig(b));
        let form = if index {
            ChangeForm::IndexOfLevels { now, before }
        } else if in_amount {
            ChangeForm::AmountOfLevels { now, before }
        } else {
            ChangeForm::PctOfLevels { now, before }
        };
        push(out, Relation::new(Rel::Change { form, dir, stated: pct }, Sure::Probable, "change").tied_by(s.gap_range(k + 1)));
    }
}

/// The year a level is given for: the last year named in its own clause (`năm 2013 là 1.530
/// hộ`, `năm 2023 đạt 90,4 ha`).
fn year_of_level(s: &Sentence, k: usize) -> Option<u32> {
    let clause = own_clause(s.before(k));
    if has_any(clause, &["so với", "so sánh"]) {
        return None;
    }
    years_in(clause).last().copied()
}

/// A change in percent between the levels of two years, each level stated with its year in
/// this sentence or the one before it in the paragraph: `năm 2024 là 437 hộ, tăng so với
/// năm 2023 là 6,1%`, `so sánh năm 2023 với năm 2022 thì tăng 5,0%`. The year compared
/// with is named after `so với` (or `so sánh năm X với năm Y`); the later year is the one the
/// comparison names, or that of the level the change follows. Each year must have exactly one
/// level of the kind.
fn year_levels(a: &Analysis, p: &Passages, si: usize, out: &mut Vec<Relation>) {
    let s = &p.sentences[si];
    if !s.words().contains("so") || !s.words().contains("năm") {
        return;
    }
    // The levels with their years: (sentence, figure index, year).
    let mut levels: Vec<(usize, usize, u32)> = Vec::new();
    let prev = si.checked_sub(1).filter(|&k| p.sentences[k].para == s.para);
    for k in prev.into_iter().chain(std::iter::once(si)) {
        let t = &p.sentences[k];
        for j in 0..t.figs.len() {
            let q = a.quantity(t.figs[j]);
            if is_level(q) && !is_rate(q) && q.value.exact().is_some() && dir_before(t, j).is_none() && !plan_before(t.before(j)) {
                if let Some(y) = year_of_level(t, j) {
                    levels.push((k, j, y));
                }
            }
        }
    }
    if levels.len() < 2 {
        return;
    }
    for k in 0..s.figs.len() {
        let (pct, pq) = fig_q(a, s, k);
        if !is_rate(pq) || is_rate_per_year(pq) || pq.value.exact().is_none() {
            continue;
        }
        let clause = own_clause(s.before(k));
        let dir = if has_word(clause, "tăng") { Direction::Up } else if has_word(clause, "giảm") { Direction::Down } else { continue };
        // `so sánh năm X với năm Y`, or `so với năm Y` after the level of year X.
        let (now_year, then_year) = if let Some(at) = clause.find("so sánh") {
            let ys = years_in(&clause[at..]);
            if ys.len() != 2 {
                continue;
            }
            (Some(ys[0]), ys[1])
        } else if let Some(at) = clause.find("so với") {
            let ys = years_in(&clause[at..]);
            if ys.len() != 1 {
                continue;
            }
            (None, ys[0])
        } else {
            continue;
        };
        let now_year = match now_year {
            Some(y) => y,
            // The level this change follows, in this sentence.
            None => match levels.iter().rev().find(|&&(t, j, _)| t == si && j < k) {
                Some(&(_, j, y)) if (j + 1..k).all(|g| is_rate(a.quantity(s.figs[g]))) => y,
                _ => continue,
            },
        };
        if now_year == then_year {
            continue;
        }
        let unique = |y: u32| {
            let mut it = levels.iter().filter(|l| l.2 == y);
            match (it.next(), it.next()) {
                (Some(&(t, j, _)), None) => Some(p.sentences[t].figs[j]),
                _ => None,
            }
        };
        let (Some(now), Some(before)) = (unique(now_year), unique(then_year)) else { continue };
        if !same_kind(a.quantity(now), a.quantity(before)) {
            continue;
        }
        push(out, Relation::new(Rel::Change { form: ChangeForm::PctOfLevels { now: Operand::Fig(now), before: Operand::Fig(before) }, dir, stated: pct }, Sure::Probable, "change"));
    }
}
