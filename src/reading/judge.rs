//! What a relation says the stated figure should be, computed exactly: the one place where a
//! percentage of plan, a ratio, a change or an average growth is computed for the checks, the
//! hover card and the inlay hints.

use rust_decimal::prelude::*;

use super::relation::{ChangeForm, Operand, Rel, Relation};
use crate::analysis::Analysis;
use crate::figures::compare::{agree, percent, Agreement, Written};
use crate::figures::extract::Direction;
use crate::figures::model::{in_unit_of, written, FigId};
use crate::numbers::{Bound, Certainty, Quantity, UnitKind, Value};

/// The value a relation computes for its stated figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Computed {
    pub stated: FigId,
    /// The stated value as read, and the decimals it is written with.
    pub stated_value: Decimal,
    pub decimals: u32,
    /// The exact computed value, and the interval the inputs' precision allows.
    pub value: Decimal,
    pub lo: Decimal,
    pub hi: Decimal,
    /// Other values that would also be right (a change of a rate read as percentage points
    /// rather than percent; a period of n or n − 1 years), each with its interval.
    pub alternatives: Vec<(Decimal, Decimal, Decimal)>,
    /// The arithmetic, for messages: `30,2 tỷ đồng / 48 tỷ đồng`.
    pub formula: String,
    /// `%`, `‰`, ` lần`, or the stated figure's unit for an amount.
    pub sign: String,
    /// A figure's reading is unsure (an ambiguous `3.368`).
    pub unsure: bool,
    /// A figure is written as approximate (`hơn 2,5 triệu`, `gần 10.000 tỷ`): the interval is
    /// wide, and a stated figure inside it agrees.
    pub approx: bool,
    /// The stated figure's own bound (`tăng trên 12%`, `giảm bình quân gần 4,7%/năm`): it
    /// says on which side of the written number the result lies, not the number itself.
    pub stated_bound: Bound,
}

impl Computed {
    /// How the stated figure compares with the computed value (the best of the readings).
    pub fn agreement(&self) -> Agreement {
        if !matches!(self.stated_bound, Bound::Exact | Bound::About) {
            return self.bounded_agreement();
        }
        let mut best = agree(self.stated_value, self.decimals, self.value, self.lo, self.hi);
        for &(v, lo, hi) in &self.alternatives {
            best = best.min_by_rank(agree(self.stated_value, self.decimals, v, lo, hi));
        }
        if self.approx && best == Agreement::Rounding {
            return Agreement::Exact;
        }
        best
    }

    /// A stated figure with a bound agrees when some reading lies on its side of the number,
    /// give or take its last digit or 2% of it: `trên X` / `hơn X` at X or above, `dưới X` at X
    /// or below, `gần X` at X or a bit below (down to four fifths of it). A result far on the
    /// other side contradicts it; how far above `trên X` the result is says nothing.
    fn bounded_agreement(&self) -> Agreement {
        let x = self.stated_value;
        let slack = Decimal::new(1, self.decimals.min(20)).max(x.abs() * Decimal::new(2, 2));
        let fits = |&(_, lo, hi): &(Decimal, Decimal, Decimal)| match self.stated_bound {
            Bound::Above | Bound::AtLeast => hi >= x - slack,
            Bound::Below | Bound::AtMost => lo <= x + slack,
            Bound::Nearly => lo <= x + slack && hi >= x * Decimal::new(8, 1) - slack,
            Bound::Exact | Bound::About => true,
        };
        if std::iter::once((self.value, self.lo, self.hi)).chain(self.alternatives.iter().copied()).any(|r| fits(&r)) {
            Agreement::Exact
        } else {
            Agreement::Contradiction
        }
    }
}

trait Rank {
    fn min_by_rank(self, other: Self) -> Self;
}

impl Rank for Agreement {
    /// The more agreeing of two agreements.
    fn min_by_rank(self, other: Agreement) -> Agreement {
        let r = |a: Agreement| match a {
            Agreement::Exact => 0,
            Agreement::Rounding => 1,
            Agreement::Contradiction => 2,
        };
        if r(other) < r(self) {
            other
        } else {
            self
        }
    }
}

/// The number of decimals a quantity was written with.
pub fn decimals(q: &Quantity) -> u32 {
    q.numerals.first().map(|n| n.style.decimals as u32).unwrap_or(0)
}

fn is_per_mille(q: &Quantity) -> bool {
    q.unit.as_ref().is_some_and(|u| u.kind == UnitKind::PerMille)
}

fn is_rate(q: &Quantity) -> bool {
    q.in_percent_or_per_mille()
}

/// A figure as the document reads it, and whether that reading is unsure.
fn settled(a: &Analysis, f: FigId) -> (std::borrow::Cow<'_, Quantity>, bool) {
    let (q, c) = a.figures.settled(a.quantity(f));
    (q, c == Certainty::Unsure)
}

/// The stated figure, if it is an exact number.
fn stated_of(a: &Analysis, f: FigId) -> Option<(Decimal, u32, bool, std::borrow::Cow<'_, Quantity>)> {
    let (q, unsure) = settled(a, f);
    let v = q.value.exact()?;
    Some((v, decimals(&q), unsure, q))
}

/// A number for a formula, Vietnamese style, with the decimals it needs.
fn vi(v: Decimal) -> String {
    crate::checks::fig::vi_auto(v, 3)
}

/// Is a figure written as an excess (`vượt 6,3%`)?
pub fn says_excess(a: &Analysis, f: FigId) -> bool {
    // (Only the figure's own words: its line may be megabytes long.)
    crate::figures::extract::excess_word(&a.slice(a.fig_range(f).start..a.number_range(f).start))
}

/// The text of a figure as written.
fn shown(a: &Analysis, f: FigId) -> String {
    a.slice(a.fig_range(f)).trim().to_string()
}

/// Compute what `r` says its stated figure should be. `None` when the figures cannot be
/// compared (units that do not convert, a range or a bound where an exact number is needed).
pub fn compute(a: &Analysis, r: &Relation) -> Option<Computed> {
    let mut c = match &r.rel {
        Rel::OfPlan { actual, plan, stated } => of_plan(a, *actual, *plan, *stated),
        Rel::Ratio { part, whole, stated } => ratio(a, *part, *whole, *stated),
        Rel::Change { form, dir, stated } => change(a, *form, *dir, *stated),
        Rel::Growth { from, rate, years, exact, down } => growth(a, *from, *rate, *years, *exact, *down),
        Rel::Parts { .. } | Rel::Shares { .. } | Rel::SameWhole { .. } => None,
    }?;
    // A bound on the stated figure: `gần X` is always a result said roughly; `trên X`, `dưới X`
    // are results in a change or a growth rate (`tăng trên 12%`), but beside a share or a % of
    // plan as often a threshold (`4 địa phương giải ngân trên 85% kế hoạch`); `từ X trở lên`,
    // `tối đa X` are thresholds.
    c.stated_bound = settled(a, c.stated).0.bound;
    // (`vượt X% kế hoạch` is an excess said exactly, not a lower bound.)
    if matches!(r.rel, Rel::OfPlan { .. }) && says_excess(a, c.stated) {
        c.stated_bound = Bound::Exact;
    }
    let result = match c.stated_bound {
        Bound::Exact | Bound::About => true,
        // (Beside a share or a % of plan read from the context, a rough figure would only judge
        // the reading: `chiếm gần 22,4% kim ngạch xuất khẩu của cả nước` with another period's
        // whole.)
        Bound::Nearly => r.sure == super::relation::Sure::Certain || matches!(r.rel, Rel::Change { .. } | Rel::Growth { .. }),
        Bound::Above | Bound::Below => matches!(r.rel, Rel::Change { .. } | Rel::Growth { .. }),
        Bound::AtLeast | Bound::AtMost => false,
    };
    result.then_some(c)
}

/// actual ÷ plan × 100.
pub fn of_plan(a: &Analysis, actual: FigId, plan: FigId, stated: FigId) -> Option<Computed> {
    let (sv, d, u0, sq) = stated_of(a, stated)?;
    if sq.unit.as_ref().is_none_or(|u| u.kind != UnitKind::Percent) {
        return None;
    }
    let (vq, u1) = settled(a, actual);
    let (pq, u2) = settled(a, plan);
    let (c, lo, hi) = plan_quotient(&vq, &pq)?;
    // `vượt 6,3% kế hoạch`: by how much the actual exceeds the plan.
    let (c, lo, hi, excess) = if says_excess(a, stated) { (c - Decimal::ONE_HUNDRED, lo - Decimal::ONE_HUNDRED, hi - Decimal::ONE_HUNDRED, " − 100%") } else { (c, lo, hi, "") };
    // Two rates (a table row in `%`): the comparison may be the difference in points.
    let alternatives = if is_rate(&vq) && is_rate(&pq) { vec![points(in_unit_of(&vq, &pq)?, written(&pq)?, sv)] } else { Vec::new() };
    Some(Computed {
        stated,
        stated_value: sv,
        decimals: d,
        value: c,
        lo,
        hi,
        alternatives,
        formula: format!("{} / {}{excess}", shown(a, actual), shown(a, plan)),
        sign: "%".into(),
        unsure: u0 || u1 || u2,
        approx: vq.bound != Bound::Exact || pq.bound != Bound::Exact,
        stated_bound: Bound::Exact,
    })
}

/// Actual ÷ plan × 100 with the interval the figures allow: a plan that is a threshold (`dưới
/// 1%`, `từ 8% trở lên`) has no quotient; one said roughly (`khoảng 3.000 lao động`, `trên 17,5
/// tỷ đồng`) has one within its bounds, and an approximate actual (`trên 515,74 tỷ`) widens it a
/// little either way. (Shared by the plan check, the hover and the inlay hints.)
pub fn plan_quotient(actual: &Quantity, plan: &Quantity) -> Option<(Decimal, Decimal, Decimal)> {
    if matches!(plan.bound, Bound::AtLeast | Bound::AtMost | Bound::Below) {
        return None;
    }
    let (c, lo, hi) = percent(in_unit_of(actual, plan)?, written(plan)?)?;
    let (mut lo, mut hi) = widen(lo, hi, Bound::Exact, plan.bound);
    if actual.bound != Bound::Exact {
        lo *= Decimal::new(99, 2);
        hi *= Decimal::new(102, 2);
    }
    Some((c, lo, hi))
}

/// The difference of two rates in points, with its interval: signed when the stated figure is
/// negative (`-0,4`), else its size.
fn points(n: Written, b: Written, stated: Decimal) -> (Decimal, Decimal, Decimal) {
    let d = n.value - b.value;
    let d = if stated.is_sign_negative() { d } else { d.abs() };
    let half = (n.ulp + b.ulp) / Decimal::TWO;
    (d, d - half, d + half)
}

/// A figure's value with the interval its bound word allows: exact as written, `khoảng`
/// ±4%, `trên`/`hơn` up to 10% more, `gần` up to 5% less. Thresholds (`trở lên`, `dưới`) have
/// no value.
pub fn approximate(q: &Quantity) -> Option<Written> {
    let w = written(q)?;
    let v = w.value;
    let pct = |n: i64| v.abs() * Decimal::new(n, 2);
    Some(match q.bound {
        Bound::Exact => w,
        Bound::About => Written { value: v, ulp: w.ulp.max(pct(8)) },
        Bound::Above => Written { value: v + pct(5), ulp: pct(10) + w.ulp },
        Bound::Nearly => Written { value: v - pct(25) / Decimal::TEN, ulp: pct(5) + w.ulp },
        Bound::AtLeast | Bound::AtMost | Bound::Below => return None,
    })
}

/// The interval of a quotient widened for the bound words of its numerator and denominator.
pub fn widen(lo: Decimal, hi: Decimal, num: Bound, den: Bound) -> (Decimal, Decimal) {
    let f = |n: i64| Decimal::new(n, 2);
    let (mut lo, mut hi) = (lo, hi);
    match num {
        Bound::Above => hi *= f(110),
        Bound::Nearly => lo *= f(95),
        Bound::About => {
            lo *= f(92);
            hi *= f(108);
        }
        _ => {}
    }
    match den {
        Bound::Above => lo /= f(110),
        Bound::Nearly => hi /= f(95),
        Bound::About => {
            lo /= f(108);
            hi /= f(92);
        }
        _ => {}
    }
    (lo, hi)
}

/// The value of an operand with its precision, in the unit of `other` when both are figures
/// with units (a count is exact).
fn operand(a: &Analysis, o: Operand) -> Option<(Written, bool, std::borrow::Cow<'_, Quantity>)> {
    let (q, unsure) = settled(a, o.fig());
    match o {
        Operand::Fig(_) => {
            approximate(&q)?;
            Some((written(&q)?, unsure, q))
        }
        Operand::Num(_) | Operand::Den(_) => {
            let Value::Fraction { num, den } = q.value else { return None };
            let k = if matches!(o, Operand::Num(_)) { 0 } else { 1 };
            let v = if k == 0 { num } else { den };
            let d = q.numerals.get(k).map(|n| n.style.decimals as u32).unwrap_or(0);
            // Counts are exact; amounts of money, area… are rounded to their last digit.
            let counted = q.unit.as_ref().is_none_or(|u| u.kind == UnitKind::Count);
            Some((Written::rounded(v, d).exact_if(d == 0 && counted), unsure, q))
        }
    }
}

/// part ÷ whole × 100 (× 1000 for a stated ‰).
pub fn ratio(a: &Analysis, part: Operand, whole: Operand, stated: FigId) -> Option<Computed> {
    let (sv, d, u0, sq) = stated_of(a, stated)?;
    if !is_rate(&sq) {
        return None;
    }
    let per_mille = is_per_mille(&sq);
    let (mut p, u1, pq) = operand(a, part)?;
    let (w, u2, wq) = operand(a, whole)?;
    // Two figures in units: the part in the whole's unit.
    if let (Operand::Fig(_), Operand::Fig(_)) = (part, whole) {
        if let (Some(pu), Some(wu)) = (&pq.unit, &wq.unit) {
            let k = if pu.comparable(wu) {
                pu.convert(Decimal::ONE, wu)?
            } else if pu.kind == UnitKind::Count && wu.kind == UnitKind::Count && !wu.scale.is_zero() {
                // Two words for the counted (`219.400 em` of `2,5 triệu học sinh`): their scale
                // words still count.
                pu.scale.checked_div(wu.scale)?
            } else {
                Decimal::ONE
            };
            if k != Decimal::ONE {
                p = Written { value: p.value.checked_mul(k)?, ulp: p.ulp.checked_mul(k)? };
            }
        }
    }
    let approx = pq.bound != Bound::Exact || wq.bound != Bound::Exact;
    let (c, lo, hi) = percent(p, w)?;
    // Bound words widen the interval on their side: `hơn 2,5 triệu` is 2,5 triệu or a little
    // more.
    let (lo, hi) = widen(lo, hi, pq.bound, wq.bound);
    let k = Decimal::from(if per_mille { 10 } else { 1 });
    let formula = match (part, whole) {
        (Operand::Num(f), Operand::Den(g)) if f == g => {
            let Value::Fraction { num, den } = pq.value else { return None };
            format!("{}/{}", vi(num), vi(den))
        }
        _ => format!("{} / {}", operand_text(a, part), operand_text(a, whole)),
    };
    Some(Computed {
        stated,
        stated_value: sv,
        decimals: d,
        value: c * k,
        lo: lo * k,
        hi: hi * k,
        alternatives: Vec::new(),
        formula,
        sign: if per_mille { "‰".into() } else { "%".into() },
        unsure: u0 || u1 || u2,
        approx,
        stated_bound: Bound::Exact,
    })
}

fn operand_text(a: &Analysis, o: Operand) -> String {
    match o {
        Operand::Fig(f) => shown(a, f),
        Operand::Num(f) | Operand::Den(f) => {
            let q = a.quantity(f);
            match q.value {
                Value::Fraction { num, den } => vi(if matches!(o, Operand::Num(_)) { num } else { den }),
                _ => shown(a, f),
            }
        }
    }
}

/// A level of a change as a number in `like`'s unit (a figure, or a part of a fraction).
fn level_of<'a>(a: &'a Analysis, o: Operand, like: Option<&Quantity>) -> Option<(Written, bool, std::borrow::Cow<'a, Quantity>)> {
    let (w, u, q) = operand(a, o)?;
    if q.bound != Bound::Exact && q.bound != Bound::About {
        return None;
    }
    let w = match (o, like) {
        (Operand::Fig(_), Some(l)) if q.unit.is_some() && l.unit.is_some() => in_unit_of(&q, l)?,
        _ => w,
    };
    Some((w, u, q))
}

/// A change: the stated percentage, index, amount or ratio against the levels.
pub fn change(a: &Analysis, form: ChangeForm, dir: Direction, stated: FigId) -> Option<Computed> {
    let (sv, d, u0, sq) = stated_of(a, stated)?;
    let hundred = Decimal::ONE_HUNDRED;
    let base = |formula: String, value: Decimal, lo: Decimal, hi: Decimal, sign: &str, unsure: bool| Computed {
        stated,
        stated_value: sv,
        decimals: d,
        value,
        lo,
        hi,
        alternatives: Vec::new(),
        formula,
        sign: sign.into(),
        unsure: u0 || unsure,
        approx: false,
        stated_bound: Bound::Exact,
    };
    // The direction written must be the direction of the levels.
    let wrong_way = |n: Decimal, b: Decimal| (n > b && dir == Direction::Down) || (n < b && dir == Direction::Up);
    match form {
        ChangeForm::PctOfAmount { now, amount } | ChangeForm::IndexOfAmount { now, amount } => {
            if !is_rate(&sq) {
                return None;
            }
            let (v, u1, vq) = level_of(a, Operand::Fig(now), None)?;
            let (aq, u2) = settled(a, amount);
            if aq.bound != Bound::Exact || vq.unit.is_none() || is_rate(&vq) {
                return None;
            }
            let amt = in_unit_of(&aq, &vq)?;
            let earlier = match dir {
                Direction::Up => v.value.checked_sub(amt.value)?,
                Direction::Down => v.value.checked_add(amt.value)?,
            };
            if earlier <= Decimal::ZERO {
                return None;
            }
            let before = Written { value: earlier, ulp: v.ulp + amt.ulp };
            let sign = if dir == Direction::Up { "−" } else { "+" };
            if matches!(form, ChangeForm::IndexOfAmount { .. }) {
                let (c, lo, hi) = percent(v, before)?;
                return Some(base(format!("{}/({} {sign} {})", vi(v.value), vi(v.value), vi(amt.value)), c, lo, hi, "%", u1 || u2));
            }
            let (c, lo, hi) = percent(amt, before)?;
            Some(base(format!("{}/({} {sign} {})", vi(amt.value), vi(v.value), vi(amt.value)), c, lo, hi, "%", u1 || u2))
        }
        ChangeForm::PctOfLevels { now, before } => {
            if !is_rate(&sq) {
                return None;
            }
            let (n, u1, nq) = level_of(a, now, None)?;
            let (b, u2, _) = level_of(a, before, Some(&nq))?;
            if wrong_way(n.value, b.value) {
                return None;
            }
            let diff = Written { value: (n.value - b.value).abs(), ulp: n.ulp + b.ulp };
            let (c, lo, hi) = percent(diff, b)?;
            let mut r = base(format!("|{} − {}| / {}", vi(n.value), vi(b.value), vi(b.value)), c, lo, hi, "%", u1 || u2);
            // A rate's change in `%` is often in percentage points.
            if is_rate(&nq) {
                let dv = diff.value;
                r.alternatives.push((dv, dv - diff.ulp / Decimal::TWO, dv + diff.ulp / Decimal::TWO));
            }
            Some(r)
        }
        ChangeForm::AmountOfLevels { now, before } => {
            let (n, u1, nq) = level_of(a, now, None)?;
            let (b, u2, _) = level_of(a, before, Some(&nq))?;
            if wrong_way(n.value, b.value) {
                return None;
            }
            // `giảm 8,5 điểm phần trăm`: points of two rates.
            let points = sq.unit.as_ref().is_some_and(|u| u.name == "điểm") && is_rate(&nq);
            let (n, b) = if points || (is_rate(&sq) && is_rate(&nq)) { (n, b) } else { (level_of(a, now, Some(&sq))?.0, level_of(a, before, Some(&sq))?.0) };
            let diff = (n.value - b.value).abs();
            let ulp = n.ulp + b.ulp;
            let unit = if points {
                " điểm phần trăm".to_string()
            } else {
                sq.unit.as_ref().map(|u| if u.kind == UnitKind::Percent { "%".to_string() } else { format!(" {}", u.name) }).unwrap_or_default()
            };
            Some(base(format!("|{} − {}|", vi(n.value), vi(b.value)), diff, diff - ulp / Decimal::TWO, diff + ulp / Decimal::TWO, &unit, u1 || u2))
        }
        ChangeForm::IndexOfLevels { now, before } => {
            if !is_rate(&sq) {
                return None;
            }
            let (n, u1, nq) = level_of(a, now, None)?;
            let (b, u2, _) = level_of(a, before, Some(&nq))?;
            let (c, lo, hi) = percent(n, b)?;
            let mut r = base(format!("{} / {}", vi(n.value), vi(b.value)), c, lo, hi, "%", u1 || u2);
            // For a rate, a comparison column often holds the difference in points.
            if is_rate(&nq) {
                r.alternatives.push(points(n, b, sv));
            }
            Some(r)
        }
        ChangeForm::Times { now, before } => {
            let (n, u1, nq) = level_of(a, now, None)?;
            let (b, u2, _) = level_of(a, before, Some(&nq))?;
            let (c, lo, hi) = percent(n, b)?;
            Some(base(format!("{} / {}", vi(n.value), vi(b.value)), c / hundred, lo / hundred, hi / hundred, " lần", u1 || u2))
        }
    }
}

/// (end / start)^(1/n) − 1, as a percentage, for n = `years` and n = `years − 1` (a period
/// `2021-2025` has five years but four steps from the 2021 level to the 2025 one; reports
/// count both ways). The n-th root is found by bisection in decimals.
///
/// An average decrease (`down`: `bình quân giảm 1,3%/năm`) is written without its sign: the
/// computed rate is negated. The change of a rate (`tỷ lệ hộ nghèo từ 8,6% xuống 2,1%`,
/// `giảm 6,5% so với năm 2020`) is also read in points spread evenly over the years (6,5 / 5 =
/// 1,3 points a year), as reports count it; either reading agrees.
pub fn growth(a: &Analysis, from: super::relation::GrowthFrom, rate: FigId, years: u32, exact: bool, down: bool) -> Option<Computed> {
    use super::relation::GrowthFrom;
    let (sv, d, u0, sq) = stated_of(a, rate)?;
    // `giảm 10,2 điểm phần trăm so với năm 2018, bình quân mỗi năm giảm 1,7 điểm phần trăm`:
    // points, spread evenly (the reader takes `điểm` only before `phần trăm`).
    let in_points = super::words::is_points;
    if !(sq.unit.as_ref().is_some_and(|u| u.kind == UnitKind::Percent) || in_points(&sq)) || !(1..=30).contains(&years) {
        return None;
    }
    // The readings (the first shown), the arithmetic for messages, the sign after the value.
    let finish = |readings: Vec<(Decimal, Decimal, Decimal)>, formula: String, sign: String, unsure: bool, approx: bool| {
        let (value, lo, hi) = readings.first().copied()?;
        Some(Computed { stated: rate, stated_value: sv, decimals: d, value, lo, hi, alternatives: readings.into_iter().skip(1).collect(), formula, sign, unsure: u0 || unsure, approx, stated_bound: Bound::Exact })
    };
    if let GrowthFrom::Cumulative { pct } = from {
        let (c, u1) = settled(a, pct);
        if in_points(&c) != in_points(&sq) {
            return None;
        }
        if in_points(&c) {
            let cv = c.value.exact()?;
            let half = Decimal::new(5, decimals(&c) + 1);
            let readings = spread(cv, cv - half, cv + half, years, exact);
            return finish(readings, format!("{} / {years}", vi(cv)), " điểm phần trăm/năm".into(), u1, c.bound != Bound::Exact);
        }
    }
    // end / start, with its interval, and the figures that gave it.
    let (ratio, rlo, rhi, formula, unsure, approx) = match from {
        GrowthFrom::Levels { start, end } => {
            let (s, u1) = settled(a, start);
            let (e, u2) = settled(a, end);
            let sw = written(&s)?;
            let ew = if s.unit.is_some() && e.unit.is_some() { in_unit_of(&e, &s)? } else { written(&e)? };
            if sw.value <= Decimal::ZERO || ew.value <= Decimal::ZERO {
                return None;
            }
            let (c, lo, hi) = percent(ew, sw)?;
            let (lo, hi) = widen(lo, hi, e.bound, s.bound);
            (c / Decimal::ONE_HUNDRED, lo / Decimal::ONE_HUNDRED, hi / Decimal::ONE_HUNDRED, format!("{} / {}", vi(ew.value), vi(sw.value)), u1 || u2, s.bound != Bound::Exact || e.bound != Bound::Exact)
        }
        GrowthFrom::Increase { end, amount } => {
            let (e, u1) = settled(a, end);
            let (m, u2) = settled(a, amount);
            let ew = written(&e)?;
            let mw = if e.unit.is_some() && m.unit.is_some() { in_unit_of(&m, &e)? } else { written(&m)? };
            let start = Written { value: ew.value - mw.value, ulp: ew.ulp + mw.ulp };
            if start.value <= Decimal::ZERO {
                return None;
            }
            let (c, lo, hi) = percent(ew, start)?;
            let (lo, hi) = widen(lo, hi, e.bound, m.bound);
            (c / Decimal::ONE_HUNDRED, lo / Decimal::ONE_HUNDRED, hi / Decimal::ONE_HUNDRED, format!("{} / ({} − {})", vi(ew.value), vi(ew.value), vi(mw.value)), u1 || u2, e.bound != Bound::Exact || m.bound != Bound::Exact)
        }
        GrowthFrom::Yearly { rates, n, index } => {
            // Π (1 + rᵢ), each rate within its rounding.
            let (mut c, mut lo, mut hi, mut unsure, mut approx) = (Decimal::ONE, Decimal::ONE, Decimal::ONE, false, false);
            let mut shown = Vec::new();
            for &r in &rates[..n as usize] {
                let (q, u) = settled(a, r);
                let v = q.value.exact()?;
                // (An index is a rate plus 100: `105,96` is `5,96%`.)
                let v = if index { v - Decimal::ONE_HUNDRED } else { v };
                if !index && !q.unit.as_ref().is_some_and(|u| u.kind == UnitKind::Percent) {
                    return None;
                }
                let half = Decimal::new(5, decimals(&q) + 1);
                let k = Decimal::ONE_HUNDRED;
                c *= (k + v) / k;
                lo *= (k + v - half) / k;
                hi *= (k + v + half) / k;
                unsure |= u;
                approx |= q.bound != Bound::Exact;
                shown.push(format!("(1 + {}%)", vi(v)));
            }
            (c, lo, hi, shown.join(" × "), unsure, approx)
        }
        GrowthFrom::Cumulative { pct } => {
            let (c, u1) = settled(a, pct);
            let cv = c.value.exact()?;
            let cd = decimals(&c);
            let half = Decimal::new(5, cd + 1);
            let k = Decimal::ONE_HUNDRED;
            let pct = c.unit.as_ref().is_some_and(|u| u.kind == UnitKind::Percent);
            if down {
                // `giảm 52% so với năm 2020`: 48% of the start is left.
                if !pct || cv <= Decimal::ZERO || cv >= k {
                    return None;
                }
                ((k - cv) / k, (k - cv - Decimal::new(1, cd)) / k, (k - cv + half) / k, format!("(1 − {}%)", vi(cv)), u1, c.bound != Bound::Exact)
            } else if pct {
                ((k + cv) / k, (k + cv - half) / k, (k + cv + Decimal::new(1, cd)) / k, format!("(1 + {}%)", vi(cv)), u1, c.bound != Bound::Exact)
            } else {
                // A multiple (`gấp 1,5 lần`).
                (cv, cv - half, cv + Decimal::new(1, cd), format!("{} lần", vi(cv)), u1, c.bound != Bound::Exact)
            }
        }
    };
    let rate_for = crate::figures::compare::annual_rate;
    let mut readings = Vec::new();
    for n in steps(years, exact) {
        let v = rate_for(n, ratio)?;
        let l = rate_for(n, rlo)?;
        let h = rate_for(n, rhi)?;
        readings.push((v.round_dp(6), l.round_dp(6), h.round_dp(6)));
    }
    if down {
        for r in &mut readings {
            *r = (-r.0, -r.2, -r.1);
        }
    }
    // The change of a rate in points, spread evenly over the years: (total, lo, hi, formula).
    let points: Option<(Decimal, Decimal, Decimal, String)> = match from {
        GrowthFrom::Levels { start, end } => {
            let (s, _) = settled(a, start);
            let (e, _) = settled(a, end);
            let is_pct = |q: &Quantity| q.unit.as_ref().is_some_and(|u| u.kind == UnitKind::Percent);
            let (sw, ew) = (written(&s)?, written(&e)?);
            let t = if down { sw.value - ew.value } else { ew.value - sw.value };
            let half = (sw.ulp + ew.ulp) / Decimal::TWO;
            let shown = if down { format!("({} − {})", vi(sw.value), vi(ew.value)) } else { format!("({} − {})", vi(ew.value), vi(sw.value)) };
            (is_pct(&s) && is_pct(&e) && t > Decimal::ZERO).then(|| (t, t - half, t + half, shown))
        }
        GrowthFrom::Cumulative { pct } if down => {
            let (c, _) = settled(a, pct);
            let cv = c.value.exact()?;
            let half = Decimal::new(5, decimals(&c) + 1);
            Some((cv, cv - half, cv + half, format!("{}%", vi(cv))))
        }
        _ => None,
    };
    let mut linear_first = None;
    if let Some((t, lo, hi, shown)) = &points {
        let mut lin = spread(*t, *lo, *hi, years, exact);
        // Levels of a rate: the points are the reading reports mean; shown first.
        if matches!(from, GrowthFrom::Levels { .. }) {
            linear_first = Some(shown.clone());
            lin.append(&mut readings);
            readings = lin;
        } else {
            readings.append(&mut lin);
        }
    }
    // An average index (`105,12`) is the average rate plus 100.
    let as_index = matches!(from, GrowthFrom::Yearly { index: true, .. });
    if as_index {
        for r in &mut readings {
            *r = (r.0 + Decimal::ONE_HUNDRED, r.1 + Decimal::ONE_HUNDRED, r.2 + Decimal::ONE_HUNDRED);
        }
    }
    let formula = match linear_first {
        Some(shown) => format!("{shown} / {years}"),
        None if as_index => format!("100 × ({formula})^(1/{years})"),
        None if down => format!("1 − ({formula})^(1/{years})"),
        None => format!("({formula})^(1/{years}) − 1"),
    };
    finish(readings, formula, if as_index { String::new() } else { "%/năm".into() }, unsure, approx)
}

/// The numbers of steps a period of `years` may be read with: `years`, and `years − 1` when the
/// years are not both written and the period is three years or more.
fn steps(years: u32, exact: bool) -> impl Iterator<Item = u32> {
    [years, years.saturating_sub(1)].into_iter().filter(move |&n| n > 0 && (n == years || (years >= 3 && !exact)))
}

/// A whole change `t` (within `lo`–`hi`) spread evenly over the period, for each reading of its
/// steps.
fn spread(t: Decimal, lo: Decimal, hi: Decimal, years: u32, exact: bool) -> Vec<(Decimal, Decimal, Decimal)> {
    steps(years, exact)
        .map(|n| {
            let d = Decimal::from(n);
            ((t / d).round_dp(6), (lo / d).round_dp(6), (hi / d).round_dp(6))
        })
        .collect()
}
