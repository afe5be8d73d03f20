//! Relations between figures, as the readers find them in the text: typed, with the words that
//! tied the figures and how sure the tie is. The checks judge relations and nothing else; the
//! hover card and the inlay hints show them.

use std::ops::Range;

use crate::figures::extract::Direction;
use crate::figures::model::FigId;

/// How sure a reading is. It decides how loudly a contradiction is reported: a certain tie gives
/// an error, a probable one a warning, a possible one information at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Sure {
    /// The words leave no other reading (`121/130, đạt 90,4%`; `(kế hoạch 570 tỷ đồng, đạt
    /// 98,3%)`).
    Certain,
    /// The usual reading, but the figures were tied across sentences or by their units and
    /// position (`Kế hoạch vốn 48 tỷ đồng. … giải ngân 30,2 tỷ đồng, đạt 62,9% kế hoạch`).
    Probable,
    /// One reading among others.
    Possible,
}

/// One number of a relation: a figure, or the numerator or denominator of a fraction figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operand {
    Fig(FigId),
    Num(FigId),
    Den(FigId),
}

impl Operand {
    pub fn fig(self) -> FigId {
        match self {
            Operand::Fig(f) | Operand::Num(f) | Operand::Den(f) => f,
        }
    }
}

/// How a change is stated, and which figure is its stated result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeForm {
    /// The level now and the amount of the change; the percentage is stated:
    /// `đạt 115.000 triệu đồng, tăng 8.021 triệu đồng (7,5%)` → 8.021 / (115.000 − 8.021).
    PctOfAmount { now: FigId, amount: FigId },
    /// The level now and the amount of the change; the index against the earlier level is
    /// stated: `7,72 triệu ha, giảm 26,1 nghìn ha và bằng 99,7%` → 7,72 / (7,72 + 0,0261).
    IndexOfAmount { now: FigId, amount: FigId },
    /// Both levels; the percentage is stated (percent or percentage points for rates):
    /// `năm 2023 đạt 2.140 tỷ, năm 2024 đạt 2.310 tỷ, tăng 7,9%`; `53,5/52 ha, tăng 2,9%`.
    PctOfLevels { now: Operand, before: Operand },
    /// Both levels; the amount is stated: `giảm từ 3,2% xuống 2,1%, giảm 1,1 điểm phần trăm`,
    /// `từ 480 hộ còn 395 hộ, giảm 85 hộ`.
    AmountOfLevels { now: Operand, before: Operand },
    /// Both levels; the index of the later against the earlier is stated (a table's `ƯTH/CK`
    /// column: `105,3` for 105,3%; for rates it may be the difference in points).
    IndexOfLevels { now: Operand, before: Operand },
    /// Both levels; `gấp N lần` is stated: `gấp 2,58 lần so năm 2015 (24.013/9.278 tỷ đồng)`.
    Times { now: Operand, before: Operand },
}

impl ChangeForm {
    /// The two figures the change is computed from (later first).
    pub fn figs(&self) -> [FigId; 2] {
        match *self {
            ChangeForm::PctOfAmount { now, amount } | ChangeForm::IndexOfAmount { now, amount } => [now, amount],
            ChangeForm::PctOfLevels { now, before } | ChangeForm::AmountOfLevels { now, before } | ChangeForm::IndexOfLevels { now, before } | ChangeForm::Times { now, before } => [now.fig(), before.fig()],
        }
    }
}

/// What a text gives to compute an average yearly growth from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrowthFrom {
    /// Both levels: `năm 2015 đạt 1.000 tỷ … năm 2020 đạt 1.470 tỷ`.
    Levels { start: FigId, end: FigId },
    /// The end level and the increase since the start: `năm 2020 đạt 380 tỷ đồng, tăng 249,9 tỷ
    /// đồng so với năm 2015` (the start is 380 − 249,9).
    Increase { end: FigId, amount: FigId },
    /// The whole increase in percent (`tăng 35,3% so với năm 2016`) or as a multiple (`gấp 1,5
    /// lần năm 2020`).
    Cumulative { pct: FigId },
    /// Each year's rate (`các năm 2021, 2022 và 2023 lần lượt là 6,0%; 8,2% và 7,1%`): the first
    /// `n` of `rates`. With `index`, the rates and the average are indices (`Năm trước = 100`: a
    /// table's `105,96 104,29` and its average `105,12`).
    Yearly { rates: [FigId; 8], n: u8, index: bool },
}

impl GrowthFrom {
    /// Each year's rate (or index) from a list of them, and how many years that is (at most
    /// eight are kept).
    pub fn yearly(rates: &[FigId], index: bool) -> Option<(GrowthFrom, u32)> {
        let n = rates.len().min(8);
        let mut arr = [*rates.first()?; 8];
        arr[..n].copy_from_slice(&rates[..n]);
        Some((GrowthFrom::Yearly { rates: arr, n: n as u8, index }, n as u32))
    }

    pub fn figs(&self) -> Vec<FigId> {
        match *self {
            GrowthFrom::Levels { start, end } => vec![start, end],
            GrowthFrom::Increase { end, amount } => vec![end, amount],
            GrowthFrom::Cumulative { pct } => vec![pct],
            GrowthFrom::Yearly { rates, n, .. } => rates[..n as usize].to_vec(),
        }
    }
}

/// Whether a list of parts (or of shares) is the whole breakdown of its total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Completeness {
    /// It may name only some parts (`trong đó thu tiền sử dụng đất 1.200 triệu đồng`).
    Subset,
    /// Read as the whole breakdown, as such lists nearly always are (two parts or more after
    /// `trong đó`, with no word saying otherwise; categories `Loại …` of a classification).
    Usual,
    /// Complete by its words (`gồm`, `bao gồm`, `còn lại`, a bracket or a colon of named
    /// parts), or by what it names (the economy's three sectors, a scale of grades down to its
    /// lowest).
    Said,
}

/// A relation the text states between figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rel {
    /// actual ÷ plan × 100 is the stated percentage of plan.
    OfPlan { actual: FigId, plan: FigId, stated: FigId },
    /// part ÷ whole × 100 (× 1000 for ‰) is the stated percentage.
    Ratio { part: Operand, whole: Operand, stated: FigId },
    /// A change against an earlier value.
    Change { form: ChangeForm, dir: Direction, stated: FigId },
    /// A total and its parts: they must not exceed it, and, unless the list may be a subset,
    /// must make it whole.
    Parts { total: FigId, parts: Vec<FigId>, complete: Completeness, lines_below: bool },
    /// Shares of one whole: they must not exceed 100%, and, unless they may be only some of
    /// its parts, must make it up. `bare`: numbers among them that lost their `%`.
    Shares { shares: Vec<FigId>, bare: Vec<FigId>, complete: Completeness },
    /// Amounts and their percentages of one and the same whole, which each pair implies
    /// (amount ÷ percentage): they must agree (`hộ nghèo 86 hộ, tỷ lệ 6,94%; hộ cận nghèo 120
    /// hộ, tỷ lệ 9,68%` both imply about 1.240 hộ).
    SameWhole { pairs: Vec<(FigId, FigId)> },
    /// Average yearly growth `rate` over `years` years, from what the text gives of the start
    /// and the end. Unless `exact` (a base year and an end year are written), the period may be
    /// read as `years` or `years − 1` steps. With `down`, the rate is an average decrease
    /// (`bình quân giảm 1,3%/năm`), written without its sign.
    Growth { from: GrowthFrom, rate: FigId, years: u32, exact: bool, down: bool },
}

/// A relation, how sure its reading is, which reader found it and the words that tied it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    pub rel: Rel,
    pub sure: Sure,
    /// The reader that found it (a module name in `reading/`).
    pub reader: &'static str,
    /// Absolute byte range of the words that tie the figures.
    pub tie: Option<Range<usize>>,
}

impl Relation {
    pub fn new(rel: Rel, sure: Sure, reader: &'static str) -> Relation {
        Relation { rel, sure, reader, tie: None }
    }

    pub fn tied_by(mut self, r: Range<usize>) -> Relation {
        self.tie = Some(r);
        self
    }

    /// The figure whose stated value the relation checks (none for parts, shares and implied
    /// wholes, whose result is a sum or an agreement).
    pub fn stated(&self) -> Option<FigId> {
        match &self.rel {
            Rel::OfPlan { stated, .. } | Rel::Ratio { stated, .. } | Rel::Change { stated, .. } => Some(*stated),
            Rel::Growth { rate, .. } => Some(*rate),
            Rel::Parts { .. } | Rel::Shares { .. } | Rel::SameWhole { .. } => None,
        }
    }

    /// Every figure the relation ties.
    pub fn figs(&self) -> Vec<FigId> {
        match &self.rel {
            Rel::OfPlan { actual, plan, stated } => vec![*actual, *plan, *stated],
            Rel::Ratio { part, whole, stated } => vec![part.fig(), whole.fig(), *stated],
            Rel::Change { form, stated, .. } => {
                let mut v = form.figs().to_vec();
                v.dedup();
                v.push(*stated);
                v
            }
            Rel::Parts { total, parts, .. } => std::iter::once(*total).chain(parts.iter().copied()).collect(),
            Rel::Shares { shares, .. } => shares.clone(),
            Rel::SameWhole { pairs } => pairs.iter().flat_map(|&(x, p)| [x, p]).collect(),
            Rel::Growth { from, rate, .. } => {
                let mut v = from.figs();
                v.push(*rate);
                v
            }
        }
    }
}
