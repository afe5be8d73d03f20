//! Reader: an average yearly growth over a period, against what the text gives of the start and
//! the end.
//!
//! The rate: a percentage per year (`8,4%/năm`) or one said `bình quân` (`tăng bình quân
//! 8,4%`, `tốc độ tăng trưởng bình quân … đạt 8,4%`). The period: a span of years (`giai đoạn
//! 2021-2025`, `(2016 - 2020)`), a number of years (`bình quân 5 năm`), or a base year (`so với
//! năm 2015`) and the year of the end level. The start and end, in the sentence or the one
//! before in the paragraph:
//! - the end and the increase since the base year: `năm 2020 đạt 380 tỷ đồng, tăng 249,9 tỷ
//!   đồng so với năm 2015, bình quân tăng 20,1%/năm`;
//! - the whole increase in percent: `tăng 35,3% so với năm 2016, bình quân tăng 7,9%/năm`, or
//!   as a multiple: `gấp 1,5 lần năm 2020, bình quân tăng 8,4%/năm`;
//! - both levels with their years: `năm 2015 đạt 1.000 tỷ đồng … đến năm 2020 đạt 1.470 tỷ
//!   đồng … bình quân giai đoạn 2016-2020 tăng 8%/năm`.
//!
//! - each year's rate: `tăng bình quân 7,1%/năm; mức tăng các năm 2021, 2022 và 2023 lần lượt
//!   là 6,0%; 8,2% và 7,1%`, `năm 2022 tăng 8,0%, năm 2023 tăng 8,3%, năm 2024 tăng 9,1%` (one rate per year of
//!   the period's steps, the average compounded from them).
//!
//! The compound rate is computed for n and n − 1 steps (a span `2016-2020` counts five years
//! but four steps from the 2016 level) and either reading is accepted.

use super::passage::{Passages, Sentence};
use super::relation::{GrowthFrom, Rel, Relation, Sure};
use super::words::*;
use crate::analysis::Analysis;
use crate::figures::extract::Direction;
use crate::figures::model::FigId;
use crate::numbers::UnitKind;

pub fn read(a: &Analysis, p: &Passages, range: std::ops::Range<usize>, out: &mut Vec<Relation>) {
    for si in range {
        let s = &p.sentences[si];
        if s.rates() == 0 || !(s.words().contains("bình quân") || s.words().contains("/năm") || s.words().contains("/ năm") || s.figs.iter().any(|&f| is_rate_per_year(a.quantity(f)))) {
            continue;
        }
        for k in 0..s.figs.len() {
            let (rf, rq) = fig_q(a, s, k);
            if !average_rate(s, k, rq) {
                continue;
            }
            let span = span_near(a, s, k);
            let down = declining(s, k);
            // The sentence itself, then the one before in the paragraph.
            let mut found = false;
            for t in [Some(si), si.checked_sub(1).filter(|&j| p.sentences[j].para == s.para)].into_iter().flatten() {
                let ts = &p.sentences[t];
                // The sentence before with its own average: its increase is that average's.
                if t != si && (0..ts.figs.len()).any(|m| average_rate(ts, m, a.quantity(ts.figs[m]))) {
                    continue;
                }
                let upto = if t == si { k } else { ts.figs.len() };
                // The whole change before the rate, or joined right after it in the sentence
                // (`giảm bình quân 2,9%/năm và giảm 11,5% so với năm 2020`).
                let joined = (t == si && k + 1 < s.figs.len() && joined_change(s.after(k))).then_some(k + 1);
                let found_here = increase_since(a, ts, (0..upto).rev(), span, down).or_else(|| increase_since(a, ts, joined.into_iter(), span, down));
                if let Some((from, years, exact)) = found_here {
                    out.push(Relation::new(Rel::Growth { from, rate: rf, years, exact, down }, Sure::Probable, "growth"));
                    found = true;
                    break;
                }
            }
            if !found {
                if let Some((from, years, exact)) = levels_with_years(a, p, si, span) {
                    out.push(Relation::new(Rel::Growth { from, rate: rf, years, exact, down }, Sure::Probable, "growth"));
                    found = true;
                }
            }
            if !found && !down {
                if let Some((from, years)) = yearly_rates(a, p, si, rf, span).and_then(|rates| GrowthFrom::yearly(&rates, false)) {
                    out.push(Relation::new(Rel::Growth { from, rate: rf, years, exact: true, down }, Sure::Probable, "growth"));
                }
            }
        }
    }
}

/// Is figure `k` an average yearly growth rate: `%/năm`, or a percentage said `bình quân`?
fn average_rate(s: &Sentence, k: usize, q: &crate::numbers::Quantity) -> bool {
    let Some(u) = &q.unit else { return false };
    if !(u.kind == UnitKind::Percent || in_points(s, k, q)) || q.value.exact().is_none() || is_threshold(q) {
        return false;
    }
    if is_rate_per_year(q) {
        return has_any(own_clause(s.before(k)), &["tăng", "bình quân", "tốc độ", "tăng trưởng"]);
    }
    let c = own_clause(s.before(k));
    // `Bình quân cả giai đoạn 2020 – 2024, giá trị sản xuất tăng 5,4%`: the sentence's first
    // figure, its lead said `bình quân`.
    let lead = k == 0 && starts_with_any(s.before(0).trim_start(), &["bình quân", "tính bình quân"]).is_some() && has_word(c, "tăng");
    lead || has_word(c, "bình quân") && has_any(c, &["tăng", "tốc độ", "tăng trưởng"]) && !has_any(c, &["giảm"])
        || declining(s, k) && has_word(c, "bình quân")
        || starts_with_any(s.after(k).trim_start(), &["/năm", "mỗi năm", "một năm", "hằng năm", "hàng năm"]).is_some()
}

/// Is figure `k` a change in points of a percentage (`1,7 điểm phần trăm`)?
fn in_points(s: &Sentence, k: usize, q: &crate::numbers::Quantity) -> bool {
    is_points(q) && s.after(k).trim_start().starts_with("phần trăm")
}

/// Is the average rate `k` a decrease (`bình quân giảm 1,3%/năm`, `giảm bình quân hằng năm
/// 2,9%`): its clause says `giảm` and not `tăng`.
fn declining(s: &Sentence, k: usize) -> bool {
    let c = own_clause(s.before(k));
    has_word(c, "giảm") && !has_word(c, "tăng")
}

/// The words between an average rate and the next figure join a change of the same clause:
/// `/năm và giảm`, `, tăng` (nothing else: `…, riêng năm 2024 tăng 9,1% so với 2023` is one
/// year's change, not the whole period's).
fn joined_change(gap: &str) -> bool {
    let mut g = gap.trim();
    for unit in ["/ năm", "/năm", "mỗi năm", "một năm", "hằng năm", "hàng năm"] {
        g = g.strip_prefix(unit).unwrap_or(g).trim_start();
    }
    let g = g.trim_start_matches([',', ';']).trim_start();
    let g = g.strip_prefix("và").unwrap_or(g).trim();
    g == "tăng" || g == "giảm"
}

/// A span of years named near the rate (its clause or the sentence): `giai đoạn 2016-2020`,
/// `(2016 - 2020)`; or `N năm` before it. Returns (first year, last year) or (0, N).
fn span_near(a: &Analysis, s: &Sentence, k: usize) -> Option<(u32, u32)> {
    let text: String = s.gaps().collect::<Vec<_>>().join(" ");
    // `YYYY - YYYY` (any dash), nearest to the rate first: the clause of the rate, then the
    // whole sentence.
    for t in [own_clause(s.before(k)).to_string(), s.after(k).to_string(), text] {
        if let Some(sp) = year_span(&t) {
            return Some(sp);
        }
    }
    // `bình quân 5 năm`: a period figure before the rate.
    (0..k).rev().find_map(|j| {
        let q = a.quantity(s.figs[j]);
        (q.unit.as_ref().is_some_and(|u| u.kind == UnitKind::Period && u.name == "năm") && k - j <= 2).then(|| q.value.exact()).flatten().and_then(|v| v.to_string().parse::<u32>().ok()).map(|n| (0, n))
    })
}

/// The first `YYYY-YYYY` span in folded text.
fn year_span(t: &str) -> Option<(u32, u32)> {
    let ys: Vec<(usize, u32)> = {
        let mut v = Vec::new();
        let b = t.as_bytes();
        let mut i = 0;
        while i + 4 <= b.len() {
            if b[i..i + 4].iter().all(u8::is_ascii_digit) && (i == 0 || !b[i - 1].is_ascii_digit()) && b.get(i + 4).is_none_or(|c| !c.is_ascii_digit()) {
                if let Ok(y) = t[i..i + 4].parse::<u32>() {
                    if (1950..=2100).contains(&y) {
                        v.push((i, y));
                    }
                }
                i += 4;
            } else {
                i += 1;
            }
        }
        v
    };
    ys.windows(2).find_map(|w| {
        let between = &t[w[0].0 + 4..w[1].0];
        let dashy = between.trim().chars().all(|c| matches!(c, '-' | '–' | '—' | ' ')) && !between.trim().is_empty() || between.trim() == "đến";
        (dashy && w[1].1 > w[0].1 && w[1].1 - w[0].1 <= 30).then_some((w[0].1, w[1].1))
    })
}

/// `đạt E, tăng Δ so với năm Y0` or `tăng C% so với năm Y0` before figure `upto` of a
/// sentence; years from Y0 to the end year (a year written before E, or the span's end).
fn increase_since(a: &Analysis, s: &Sentence, cands: impl Iterator<Item = usize>, span: Option<(u32, u32)>, down: bool) -> Option<(GrowthFrom, u32, bool)> {
    let dir = if down { Direction::Down } else { Direction::Up };
    for j in cands {
        let (jf, jq) = fig_q(a, s, j);
        // Another average (`…, bình quân mỗi năm giảm 2,13 điểm phần trăm; nhóm hộ khác giảm
        // 2,8 điểm phần trăm và bình quân mỗi năm giảm 0,47 điểm phần trăm`) is no whole
        // change, and what comes before it is its own.
        if average_rate(s, j, jq) {
            break;
        }
        // `gấp 1,5 lần (so với) năm 2020`: the whole growth as a multiple.
        let times = !down && is_times(s, j, jq);
        if change_before(s.before(j)) != Some(dir) && !times {
            continue;
        }
        let after = s.after(j);
        let after = if times { after.trim_start().trim_start_matches("lần") } else { after };
        let after = if in_points(s, j, jq) { after.trim_start().trim_start_matches("phần trăm") } else { after };
        // `tăng Δ so với năm 2020`, or `So với năm 2020, … tăng Δ`.
        let base = starts_with_any(after.trim_start(), &["so với năm", "so với", "so năm"])
            .or_else(|| times.then(|| starts_with_any(after.trim_start(), &["năm"])).flatten())
            .and_then(|_| years_in(prefix(after, 40)).first().copied())
            .or_else(|| {
                // (In the words right before the figure: a `so với` before another figure is
                // that figure's.)
                let head = s.before(j);
                // (`so với cùng thời điểm năm 2016`: 30 letters, 40 bytes.)
                let at = head.rfind("so với")?;
                years_in(prefix(&head[at..], 48)).first().copied()
            });
        let head_years = years_in(&s.head_to(j));
        // (Else the report's year: `giảm 11,5% so với năm 2020` in a report of 2025; not
        // written, so a step more or less is accepted.)
        let end_year = head_years.iter().rev().find(|&&y| base.is_none_or(|b| y > b)).copied().or(span.map(|sp| sp.1)).or_else(|| a.figures.report_year.filter(|&ry| base.is_some_and(|b| ry > b)));
        // With a span of years named, the base is its start (or the year before it): `tăng
        // 9,08% so với năm 2024` is the last year's rate, not the growth since 2021.
        // Nor does one year's growth end before the span does (`năm 2022 so với 2021 tăng 8%`).
        if let (Some(b), Some((y0, y1))) = (base, span) {
            if y0 > 0 && ((b != y0 && b + 1 != y0) || end_year.is_some_and(|e| e != y1)) {
                continue;
            }
        }
        let (years, exact) = match (base, end_year, span) {
            // The base year and the end year written: that many steps.
            (Some(b), Some(e), _) if e > b && head_years.contains(&e) => (e - b, true),
            (Some(b), Some(e), _) if e > b => (e - b, false),
            (None, _, Some((0, n))) => (n, false),
            _ => continue,
        };
        if times || jq.unit.as_ref().is_some_and(|u| u.kind == UnitKind::Percent) || in_points(s, j, jq) {
            return Some((GrowthFrom::Cumulative { pct: jf }, years, exact));
        }
        // (A decrease by an amount is not read: the level it ends at is seldom the one before.)
        if down {
            continue;
        }
        // The end level: the amount of the same kind before the increase.
        let end = (0..j).rev().take(3).find(|&e| {
            let q = a.quantity(s.figs[e]);
            is_level(q) && same_kind(q, jq) && change_before(s.before(e)).is_none()
        })?;
        return Some((GrowthFrom::Increase { end: s.figs[end], amount: jf }, years, exact));
    }
    None
}

/// The words right before a level of a move: `tăng từ`, `lên`, `xuống`, `đến`.
fn moving(before: &str) -> bool {
    move_from(before) || move_to(before)
}

/// Both levels named with the span's first and last years in the paragraph: `năm 2015 (đạt|là)
/// A`, `đến năm 2020 (đạt|là) B`.
fn levels_with_years(a: &Analysis, p: &Passages, si: usize, span: Option<(u32, u32)>) -> Option<(GrowthFrom, u32, bool)> {
    let s = &p.sentences[si];
    let span = span.filter(|sp| sp.0 > 0);
    // No span said: the years of two levels of one kind in the average's own sentence
    // (`năm 2024 đạt 58 triệu đồng, năm 2020 đạt 42 triệu đồng, tăng bình quân 8,4%/năm`).
    let (y0, y1) = span.or_else(|| years_of_two_levels(a, s))?;
    if span.is_some() {
        // A span and a move without years (`giai đoạn 2020-2024, … từ 42 triệu đồng lên 58
        // triệu đồng`): the move's levels are the span's ends, n or n − 1 steps apart.
        if let Some(m) = move_levels(a, s) {
            return Some((m, y1 - y0 + 1, false));
        }
    }
    let mut start: Option<FigId> = None;
    let mut end: Option<FigId> = None;
    let (mut two_starts, mut two_ends) = (false, false);
    for t in (0..=si).rev().take_while(|&j| p.sentences[j].para == s.para).take(3) {
        let ts = &p.sentences[t];
        for j in 0..ts.figs.len() {
            let q = a.quantity(ts.figs[j]);
            // (Levels of a rate, `tỷ lệ hộ nghèo năm 2020 là 7,9%, đến năm 2025 còn 2,4%`, only in
            // the average's own sentence: a rate further off is seldom the one it averages.)
            let level = is_level(q) || (t == si && is_rate(q) && !is_threshold(q) && q.value.exact().is_some());
            if !level || (change_before(ts.before(j)).is_some() && !moving(ts.before(j))) {
                continue;
            }
            match level_year(ts, j) {
                Some(y) if y == y0 || y == y0.saturating_sub(1) => {
                    two_starts |= start.is_some_and(|f| a.quantity(f).value != q.value);
                    start = start.or(Some(ts.figs[j]));
                }
                Some(y) if y == y1 => {
                    two_ends |= end.is_some_and(|f| a.quantity(f).value != q.value);
                    end = end.or(Some(ts.figs[j]));
                }
                _ => {}
            }
        }
    }
    // Two levels given for one year (`lên 680 tỷ đồng năm 2011 …, năm 2011 là 752 tỷ đồng`):
    // which one the rate was computed from is open.
    if two_starts || two_ends {
        return None;
    }
    let (st, en) = (start?, end?);
    if !same_kind(a.quantity(st), a.quantity(en)) {
        return None;
    }
    let y_start = {
        let t = p.sentence_of(st).map(|k| &p.sentences[k])?;
        let j = t.index_of(st)?;
        level_year(t, j)?
    };
    // Both levels carry their years: that many steps between them. A start the year before
    // the span (`từ 419 tỷ đồng năm 2005 …, bình quân giai đoạn 2006 - 2011`) leaves the span's
    // own count open: one step fewer is read too.
    (y1 > y_start).then(|| (GrowthFrom::Levels { start: st, end: en }, y1 - y_start, y_start >= y0))
}

/// The year level `j` of a sentence is given for: written in its own clause (`năm 2015 đạt A`),
/// or right after it (`2.300 tỷ đồng năm 2015`).
fn level_year(t: &Sentence, j: usize) -> Option<u32> {
    let own = years_in(own_clause(t.before(j)));
    let after = years_in(prefix(t.after(j).trim_start(), 12));
    let after_year = (after.len() == 1 && t.after(j).trim_start().starts_with("năm")).then(|| after[0]);
    // `tăng từ 820 tỷ đồng năm 2015 lên 1.390 tỷ đồng năm 2021`: a level of a move has its year
    // after it (the year before it is the other level's).
    if moving(t.before(j)) && after_year.is_some() {
        return after_year;
    }
    if own.len() == 1 { Some(own[0]) } else { after_year }
}

/// The first and last years of the two levels of one kind a sentence gives with their years
/// (one level a year, nothing else of that kind with a year).
fn years_of_two_levels(a: &Analysis, s: &Sentence) -> Option<(u32, u32)> {
    let mut seen: Vec<(u32, FigId)> = Vec::new();
    for j in 0..s.figs.len() {
        let q = a.quantity(s.figs[j]);
        if !is_level(q) || change_before(s.before(j)).is_some() && !moving(s.before(j)) {
            continue;
        }
        if let Some(y) = level_year(s, j) {
            seen.push((y, s.figs[j]));
        }
    }
    if seen.len() != 2 || seen[0].0 == seen[1].0 || !same_kind(a.quantity(seen[0].1), a.quantity(seen[1].1)) {
        return None;
    }
    Some((seen[0].0.min(seen[1].0), seen[0].0.max(seen[1].0)))
}

/// The two levels of a move in a sentence, without years: `từ A (…) lên B`, of one kind.
fn move_levels(a: &Analysis, s: &Sentence) -> Option<GrowthFrom> {
    let from = (0..s.figs.len()).find(|&j| move_from(s.before(j)) && is_level(a.quantity(s.figs[j])))?;
    let to = (from + 1..s.figs.len()).find(|&j| move_to(s.before(j)))?;
    let (fq, tq) = (a.quantity(s.figs[from]), a.quantity(s.figs[to]));
    (is_level(tq) && same_kind(fq, tq) && years_in(own_clause(s.before(from))).is_empty() && years_in(s.before(to)).is_empty() && years_in(prefix(s.after(to).trim_start(), 12)).is_empty())
        .then_some(GrowthFrom::Levels { start: s.figs[from], end: s.figs[to] })
}

/// Each year's rate of the period, in the sentence of the average or the one before or after it
/// in the paragraph: years listed then `lần lượt (là)` and as many rates, or a rate after
/// `tăng` in a clause naming its year, for consecutive years. With a span `Y0-Y1` the years
/// must be its steps (`Y0+1..=Y1`, or `Y0..=Y1`); without one, three years at least.
fn yearly_rates(a: &Analysis, p: &Passages, si: usize, avg: FigId, span: Option<(u32, u32)>) -> Option<Vec<FigId>> {
    let s = &p.sentences[si];
    let near = [si.checked_sub(1), Some(si), Some(si + 1)];
    for t in near.into_iter().flatten().filter(|&t| t < p.sentences.len() && p.sentences[t].para == s.para) {
        let ts = &p.sentences[t];
        let plain = |j: usize| {
            let q = a.quantity(ts.figs[j]);
            ts.figs[j] != avg && is_rate(q) && !is_rate_per_year(q) && q.value.exact().is_some() && !is_threshold(q)
        };
        let mut found: Vec<(u32, FigId)> = Vec::new();
        // `các năm 2021, 2022 và 2023 lần lượt là 6,0%; 8,2% và 7,1%`.
        if let Some(j0) = (0..ts.figs.len()).find(|&j| has_word(ts.before(j), "lần lượt")) {
            let lead = ts.before(j0);
            let lead = &lead[..lead.find("lần lượt").unwrap_or(lead.len())];
            // The run of consecutive years that ends the words before `lần lượt`.
            let all = years_in(lead.rsplit([';', '(', ')', ':']).next().unwrap_or(lead));
            let mut years: Vec<u32> = Vec::new();
            for &y in all.iter().rev() {
                if years.last().is_none_or(|&l| l == y + 1) {
                    years.push(y);
                } else {
                    break;
                }
            }
            years.reverse();
            let rates: Vec<usize> = (j0..ts.figs.len()).take_while(|&j| plain(j) && (j == j0 || ts.before(j).chars().count() <= 6)).collect();
            if years.len() >= 2 && rates.len() == years.len() {
                found = years.iter().zip(&rates).map(|(&y, &j)| (y, ts.figs[j])).collect();
            }
        }
        // `năm 2022 tăng 8,0%, năm 2023 tăng 8,3%, …`.
        if found.is_empty() {
            for j in 0..ts.figs.len() {
                let clause = own_clause(ts.before(j));
                if !plain(j) || !has_word(clause, "tăng") || has_any(clause, &["bình quân", "giảm"]) {
                    continue;
                }
                if let Some(&y) = years_in(clause).first() {
                    found.push((y, ts.figs[j]));
                }
            }
        }
        let n = found.len();
        if !(2..=8).contains(&n) || found.windows(2).any(|w| w[1].0 != w[0].0 + 1) {
            continue;
        }
        let (first, last) = (found[0].0, found[n - 1].0);
        let fits = match span {
            Some((0, years)) => n as u32 == years,
            Some((y0, y1)) => last == y1 && (first == y0 + 1 || first == y0),
            None => n >= 3,
        };
        if fits {
            return Some(found.into_iter().map(|(_, f)| f).collect());
        }
    }
    None
}
