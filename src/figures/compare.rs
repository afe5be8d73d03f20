//! Comparing a stated figure with the one computed from other figures, exactly (decimal) and
//! with an explicit rounding rule.
//!
//! Every written number carries its precision: `98,3` is known to ±0,05; `3.368 triệu` (money,
//! rounded to the million) to ±0,5 triệu; a count such as `121 hộ` is exact. The computed value
//! is therefore an interval. A stated figure with `k` decimals agrees when the computed value,
//! rounded half away from zero *or truncated* to `k` decimals, gives it (writers do both); it is
//! a *rounding difference* when it only agrees somewhere inside the interval allowed by the
//! inputs' precision; otherwise it contradicts them.

use rust_decimal::prelude::*;
use rust_decimal::RoundingStrategy;

/// A number as written: its value and the unit of its last written digit (0 when exact).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub value: Decimal,
    /// Half of this is the rounding error a writer may have introduced; 0 for exact counts.
    pub ulp: Decimal,
}

impl Written {
    pub fn exact(value: Decimal) -> Self {
        Written { value, ulp: Decimal::ZERO }
    }

    /// A value written with `decimals` decimals (`ulp` = 10^-decimals).
    pub fn rounded(value: Decimal, decimals: u32) -> Self {
        Written { value, ulp: Decimal::new(1, decimals.min(20)) }
    }

    fn lo(&self) -> Decimal {
        self.value - self.ulp / Decimal::TWO
    }

    fn hi(&self) -> Decimal {
        self.value + self.ulp / Decimal::TWO
    }
}

/// How a stated figure compares with the computed one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agreement {
    /// Rounded or truncated to the stated precision, the computed value is the stated one.
    Exact,
    /// Not exactly, but within what the inputs' own rounding allows (or off by one in the last
    /// digit of the stated figure): a rounding difference, worth a note at most.
    Rounding,
    /// Beyond rounding.
    Contradiction,
}

/// Round half away from zero to `decimals`.
pub fn round(v: Decimal, decimals: u32) -> Decimal {
    v.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero)
}

/// Truncate toward zero to `decimals`.
pub fn truncate(v: Decimal, decimals: u32) -> Decimal {
    v.round_dp_with_strategy(decimals, RoundingStrategy::ToZero)
}

/// Compare a stated value (written with `decimals` decimals) with an exact computed value and
/// the interval `[lo, hi]` the computation allows given its inputs' precision.
pub fn agree(stated: Decimal, decimals: u32, computed: Decimal, lo: Decimal, hi: Decimal) -> Agreement {
    if round(computed, decimals) == stated || truncate(computed, decimals) == stated {
        return Agreement::Exact;
    }
    let ulp = Decimal::new(1, decimals.min(20));
    // Values that, rounded or truncated, would be written as `stated`: [stated − ulp/2,
    // stated + ulp), the upper end excluded (truncating stated + ulp gives stated + ulp).
    let (s_lo, s_hi) = (stated - ulp / Decimal::TWO, stated + ulp);
    if hi >= s_lo && lo < s_hi {
        return Agreement::Rounding;
    }
    Agreement::Contradiction
}

/// `num / den × 100`, exactly, with the interval allowed by the inputs' precision.
/// `None` when the denominator can be zero.
pub fn percent(num: Written, den: Written) -> Option<(Decimal, Decimal, Decimal)> {
    let hundred = Decimal::ONE_HUNDRED;
    if den.lo() <= Decimal::ZERO {
        return None;
    }
    let c = num.value.checked_mul(hundred)?.checked_div(den.value)?;
    let lo = num.lo().checked_mul(hundred)?.checked_div(den.hi())?;
    let hi = num.hi().checked_mul(hundred)?.checked_div(den.lo())?;
    Some((c, lo.min(hi), hi.max(lo)))
}

/// The average yearly rate, in percent, that multiplies a level by `ratio` in `n` years:
/// `(ratio^(1/n) − 1) × 100`, the n-th root found by bisection in decimals (no binary floating
/// point).
pub fn annual_rate(n: u32, ratio: Decimal) -> Option<Decimal> {
    let (mut lo, mut hi) = (Decimal::ZERO, Decimal::TEN);
    for _ in 0..60 {
        let mid = (lo + hi) / Decimal::TWO;
        let mut p = Decimal::ONE;
        for _ in 0..n {
            p = p.checked_mul(mid)?.round_dp(18);
        }
        if p < ratio {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some((lo - Decimal::ONE) * Decimal::ONE_HUNDRED)
}

/// A sum, exactly, with its interval.
pub fn sum(parts: &[Written]) -> Option<(Decimal, Decimal, Decimal)> {
    let mut s = Decimal::ZERO;
    let mut lo = Decimal::ZERO;
    let mut hi = Decimal::ZERO;
    for p in parts {
        s = s.checked_add(p.value)?;
        lo = lo.checked_add(p.lo())?;
        hi = hi.checked_add(p.hi())?;
    }
    Some((s, lo, hi))
}

/// `a − b`, exactly, with its interval.
pub fn difference(a: Written, b: Written) -> Option<(Decimal, Decimal, Decimal)> {
    Some((a.value.checked_sub(b.value)?, a.lo().checked_sub(b.hi())?, a.hi().checked_sub(b.lo())?))
}

impl Written {
    /// This number as exact (no rounding) when `exact` holds.
    pub fn exact_if(self, exact: bool) -> Self {
        if exact {
            Written::exact(self.value)
        } else {
            self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros_free::d;

    /// Tiny helper: parse a decimal literal written with a dot.
    mod rust_decimal_macros_free {
        pub fn d(s: &str) -> rust_decimal::Decimal {
            s.parse().unwrap()
        }
    }

    #[test]
    fn ratio_and_percent() {
        // 121/130 = 93,08%: "90,4%" contradicts, "93,1%" agrees, "93%" agrees (rounded).
        let (c, lo, hi) = percent(Written::exact(d("121")), Written::exact(d("130"))).unwrap();
        assert_eq!(agree(d("90.4"), 1, c, lo, hi), Agreement::Contradiction);
        assert_eq!(agree(d("93.1"), 1, c, lo, hi), Agreement::Exact);
        assert_eq!(agree(d("93"), 0, c, lo, hi), Agreement::Exact);
        // Truncation is accepted: 1,4229 / 58,123 = 2,448% written 2,44.
        let (c, lo, hi) = percent(Written::rounded(d("1.4229"), 4), Written::rounded(d("58.123"), 3)).unwrap();
        assert_eq!(agree(d("2.44"), 2, c, lo, hi), Agreement::Exact);
    }

    #[test]
    fn input_rounding_makes_a_rounding_difference_not_an_error() {
        // 3.368 / 1.728 triệu (rounded to the million) = 194,907…%; stated 194,89%.
        let (c, lo, hi) = percent(Written::rounded(d("3368"), 0), Written::rounded(d("1728"), 0)).unwrap();
        assert_eq!(agree(d("194.89"), 2, c, lo, hi), Agreement::Rounding);
        // 515,74 / 570 = 90,48%; stated 98,3%: beyond any rounding.
        let (c, lo, hi) = percent(Written::rounded(d("515.74"), 2), Written::rounded(d("570"), 0)).unwrap();
        assert_eq!(round(c, 1), d("90.5"));
        assert_eq!(agree(d("98.3"), 1, c, lo, hi), Agreement::Contradiction);
    }

    #[test]
    fn sums_and_differences() {
        let (s, lo, hi) = sum(&[Written::exact(d("38")), Written::exact(d("4"))]).unwrap();
        assert_eq!(agree(d("42"), 0, s, lo, hi), Agreement::Exact);
        let (s, lo, hi) = difference(Written::exact(d("7804089625")), Written::exact(d("7687148250"))).unwrap();
        assert_eq!(agree(d("116941375"), 0, s, lo, hi), Agreement::Exact);
        assert!(percent(Written::exact(d("1")), Written::exact(d("0"))).is_none());
    }
}
