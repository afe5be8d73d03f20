//! The Vietnamese number and unit lexer: every quantity written in one line of a report.
//!
//! [`lex`] is called for every line of every document, so it scans by hand (no regex), works on
//! the line folded to NFC lower case ([`crate::text::fold`]) and reports byte ranges in the
//! *original* line. It never panics and returns ranges that are in bounds, on char boundaries,
//! ordered and non-overlapping. Lines without an ASCII digit cost one byte scan.
//!
//! # What is a quantity
//! A number (or a range `51-55`, a fraction `478/648`, or compound money `58 tỷ 123 triệu đồng`)
//! with its unit when one follows (`triệu đồng`, `ha`, `%`, `‰`, `hộ`, `tạ/ha`,
//! `triệu đồng/người/năm`) and its bound words when adjacent (`trên 550 tỷ đồng`,
//! `từ 10 % trở lên`). See [`Quantity`].
//!
//! # Number formats
//! - Vietnamese: `.` thousands, `,` decimals: `1.474.778`, `52,3`, `16.568,8`.
//! - English style is accepted where unambiguous: `862.45`, `114.63%`, `6.4ha`, `7,804,089`,
//!   `1,234.5` (the separator is kept in [`NumberStyle`]; [`DocNumberStyle::note`] flags it).
//! - A lone separator followed by exactly three digits (`15,000`, `3.368`, `127,823`) is
//!   ambiguous: [`Quantity::ambiguity`] gives both readings. The lexer picks one from the unit
//!   (counts are whole and `đồng` has no decimals: sure; a percentage of 1000 or more is
//!   implausible: likely) or else from the convention (`.` thousands, `,` decimals: unsure).
//!   [`DocNumberStyle::resolve`] then uses the rest of the document and says how sure it is.
//!   A first group `0` (`0,125`) or longer than three digits is never a thousands group.
//! - Leading zeros (`03 chỉ tiêu`) are kept in the style. Integers of four or more digits
//!   written without grouping (`25000`, `1012`) are read as they are (style `ungrouped`).
//! - Not handled: numbers spelled out in words (`ba`, `hai mươi`), Roman numerals, negative
//!   numbers (the sign is in words: `giảm`), spaces as thousands separators (`5 000`),
//!   non-ASCII digits (superscripts are footnote markers).
//!
//! # Decisions on traps (refused: not quantities, reported in [`Lexed::skipped`])
//! - Dates: `15/01/2020`, `ngày 27/4`, `27/7`, `01/6`, `tháng 10/2020`, `tháng 9 năm 2020`,
//!   `ngày 20 tháng 12 năm 2022`, `20 tháng 12`, `15.01.2020`, `15-01-2020`
//!   → [`NotQuantity::Date`] (values as written, not validated). A bare
//!   `a/b` without unit or date word is a date when it is a valid day/month and either part
//!   has a leading zero or `a > b` (`27/7`, `01/6`); otherwise a fraction (`5/7`, `412/400`).
//! - Years: a four-digit integer 1900–2100 without separator, unit or bound word (`năm 2020`,
//!   `so với 2019`, `Luật ... 2013`) → [`NotQuantity::Year`]; `2020-2025`, `2021 – 2026`,
//!   `năm học 2020 – 2021`, `giai đoạn 2016-2020` → [`NotQuantity::YearSpan`]. With a unit or
//!   a bound it is a quantity (`1945 hộ`, `hơn 2000`). Durations stay quantities: `5 năm`,
//!   `05 năm 2021-2025` (5 years, then a year span), `dưới 5 tuổi`, `0 – 24 tháng`.
//! - Document numbers: `07/KH-UBND`, `Số: 4293 /BC-UBND`, `42/2020/NQ-CP`, `13-NQ/ĐU`,
//!   `Nghị định 90/2020/NĐ-CP`, `Nghị quyết 128`, `Quyết định 62`, `Chỉ thị số 15, 16`,
//!   `Kế hoạch số 07` → [`NotQuantity::DocNumber`]. `kế hoạch 1.728 triệu đồng` is a plan
//!   figure (only `kế hoạch số N` is a number of a plan document).
//! - `ISO 9001:2015` → [`NotQuantity::Standard`]; `7h30`, `7:30` → [`NotQuantity::Time`].
//! - Roads: `đường 30/4`, `Tỉnh lộ 16`, `Quốc lộ 49`, `đường 196` → [`NotQuantity::Road`]
//!   (unless a length or area unit follows); `QL1A` → [`NotQuantity::Identifier`].
//! - Identifiers (digits glued to letters): `F0`, `TDP3`, `H5N1`, `DT100`, `5K`, `NQ68`,
//!   `QĐ-23`, `Covid-19`, `Covid - 19`.
//! - Labels (an integer after a naming word, no unit after): `Khu 1`, `Tổ dân phố 4`, `đợt 01`,
//!   `lần 2`, `mức độ 2`, `giai đoạn 2`, `lớp 5`, `khối 1,2,3,4`, `tuổi 17`, `độ tuổi 18-25`,
//!   `đối tượng 4`, `nhà số 5`, `số 2 Khu La A` (a capitalised "unit" after a label word is a
//!   name) → [`NotQuantity::Label`]; but `số lớp 16`, `tổng số 46`, `mức 1,0%`,
//!   `Khu 1 có 200 hộ` (the 200) are quantities.
//! - Ordinals: `lần thứ 3`, `Kỳ họp thứ 3`, `con thứ 3` → [`NotQuantity::Ordinal`]
//!   (`lần thứ XIII`, `Khóa VII` have no digits and produce nothing).
//! - Map scales: `tỷ lệ 1/500`, `tỷ lệ 1/2000`, `1/5000` (1 over a usual scale denominator, no
//!   unit) → [`NotQuantity::Scale`]; a bare `1/2000` reads as a month and year.
//! - Heading numbers at the start of a line: `1.`, `1.1.`, `1.2 Công nghiệp`, `1)`, `1.5-`
//!   → [`NotQuantity::Heading`] (but `1.2 triệu đồng` at the start is a quantity).
//! - Footnote markers `[1]`, `[^2]`, `(3)` → [`NotQuantity::Marker`]; phone numbers (a leading
//!   0 and 9 to 11 digits) → [`NotQuantity::Phone`]; a comma list without spaces (`1,2,3,4`)
//!   → [`NotQuantity::List`]; malformed groupings and over-long digit runs → `Other`.
//!
//! # Units
//! A unit is the longest phrase of the vocabulary ([`UnitKind`]) right after the number, glued
//! (`6.4ha`, `3.000.000đ`) or after spaces/emphasis markup (`**3.749** quyết định`, `100 %`;
//! at most 8 bytes of gap), then any `/denominator`s (`tạ/ha`, `triệu đồng/ người/ năm`; a
//! slash followed by a digit is another number: `63 hồ sơ/7,01 ha`). Count nouns are an open
//! list in `units.rs` (canonical folded names: `xuất` → `suất`, `đ/c` → `đồng chí`, `HS`/`h/s`
//! → `học sinh`, `TDP` → `tổ dân phố`); an unknown noun gives no unit. `tỷ`/`triệu` alone are
//! money in đồng ([`Unit::implied_currency`]); `nghìn` alone is a bare multiplier.
//!
//! # Bounds
//! `trên`, `hơn`, `vượt`, `vượt quá` → [`Bound::Above`]; `từ … trở lên`, `… trở lên`,
//! `ít nhất`, `tối thiểu`, `không dưới` → [`Bound::AtLeast`]; `dưới`, `chưa đến` →
//! [`Bound::Below`]; `không quá`, `tối đa`, `… trở xuống` → [`Bound::AtMost`]; `khoảng`,
//! `xấp xỉ`, `chừng` → [`Bound::About`]; `gần` → [`Bound::Nearly`] (a bit below). `ước đạt`,
//! `ước tính`, `ước thực hiện`, `dự ước`, `ước` right before the number (or its bound word)
//! set [`Quantity::estimated`] without changing the bound (`ước đạt trên 55,1` is estimated
//! and above). Estimation words further away are for the claim extractor.

mod scan;
mod style;
mod units;

#[cfg(test)]
mod tests;

use std::ops::Range;

use rust_decimal::Decimal;

pub use style::{
    format_like, Ambiguity, Certainty, CompoundStyle, DocNumberStyle, NumberStyle, Reading, Resolution, StyleNote,
};
pub use units::{Currency, Unit, UnitAtom, UnitKind};

/// A quantity written in a line.
///
/// Offsets are byte offsets in the original line (`u32`). `range` covers the bound words, the
/// number(s) and the unit (`trên 550 tỷ đồng`, `từ 10 % trở lên`); `number_range` only the
/// numeric text (`550`; `51-55`; `478/648`; `58 tỷ 123 triệu` for compound money).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    pub range: Range<u32>,
    pub number_range: Range<u32>,
    /// The value in the written unit (`3.368 triệu đồng` → 3368; `58 tỷ 123 triệu` → 58,123).
    pub value: Value,
    /// Each number as written: one for an exact value, two for a range or a fraction, the
    /// groups of compound money (`58`, `123`). A quick fix on one of them replaces its `range`
    /// with [`format_like`]`(new, &numeral.style)`.
    pub numerals: Box<[Numeral]>,
    pub unit: Option<Unit>,
    pub bound: Bound,
    /// `ước đạt`, `ước tính`, `dự ước`... right before the number: an estimate.
    pub estimated: bool,
    /// How the whole `number_range` is written (the first numeral's style, or the compound
    /// style): `format_like(v, &q.style)` rewrites an exact quantity in its own style.
    pub style: NumberStyle,
    /// Set when a number has a lone separator followed by exactly three digits.
    pub ambiguity: Option<Box<Ambiguity>>,
    /// Only `=` (and spaces or emphasis markup) separates this quantity from the previous one
    /// on the line: `62 hộ = 1.37%`, `205 xuất = 63.000.000 đ`.
    pub equals_previous: bool,
}

/// One number as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Numeral {
    pub range: Range<u32>,
    pub value: Decimal,
    pub style: NumberStyle,
    /// The other reading of an ambiguous number (value and style).
    pub alt: Option<Box<(Decimal, NumberStyle)>>,
}

/// The value of a quantity, in its written unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Exact(Decimal),
    /// `51-55`, `từ 55-57`, `75-78%`, `từ 5 đến 7`, `80% – 100%`.
    Range {
        lo: Decimal,
        hi: Decimal,
    },
    /// `478/648`, `11/12 TDP`, `412/400` (over 1 is allowed).
    Fraction {
        num: Decimal,
        den: Decimal,
    },
}

impl Value {
    /// The exact value, if it is one.
    pub fn exact(&self) -> Option<Decimal> {
        match self {
            Value::Exact(v) => Some(*v),
            _ => None,
        }
    }

    /// `num / den` of a fraction (`None` for a zero denominator or another kind of value).
    pub fn ratio(&self) -> Option<Decimal> {
        match self {
            Value::Fraction { num, den } if !den.is_zero() => num.checked_div(*den),
            _ => None,
        }
    }

    /// Lowest and highest values (an exact value gives the same twice; a fraction its ratio).
    pub fn bounds(&self) -> Option<(Decimal, Decimal)> {
        match self {
            Value::Exact(v) => Some((*v, *v)),
            Value::Range { lo, hi } => Some((*lo, *hi)),
            Value::Fraction { .. } => self.ratio().map(|r| (r, r)),
        }
    }
}

/// A bound word that makes the value inexact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Bound {
    #[default]
    Exact,
    /// `trên`, `hơn`, `vượt`: more than.
    Above,
    /// `từ … trở lên`, `… trở lên`, `ít nhất`, `tối thiểu`, `không dưới`.
    AtLeast,
    /// `dưới`, `chưa đến`: less than.
    Below,
    /// `không quá`, `tối đa`, `… trở xuống`.
    AtMost,
    /// `khoảng`, `xấp xỉ`, `chừng`.
    About,
    /// `gần`: nearly (a bit below).
    Nearly,
}

impl Quantity {
    /// In per cent or per mille (`98,3%`, `11‰`, `8%/năm`).
    pub fn in_percent_or_per_mille(&self) -> bool {
        self.unit.as_ref().is_some_and(|u| matches!(u.kind, UnitKind::Percent | UnitKind::PerMille))
    }

    /// The exact value in the base unit of its kind (đồng, m², kg, a plain ratio, ...):
    /// `3.368 triệu đồng` → 3 368 000 000; `12,5 tấn/ha` → 1,25 (kg/m²); `11‰` → 0,011.
    /// `None` for ranges, fractions, quantities without unit, or on overflow.
    pub fn base_value(&self) -> Option<Decimal> {
        self.unit.as_ref()?.to_base(self.value.exact()?)
    }

    /// Lowest and highest value in the base unit (exact values and ranges).
    pub fn base_bounds(&self) -> Option<(Decimal, Decimal)> {
        let u = self.unit.as_ref()?;
        match &self.value {
            Value::Exact(v) => {
                let b = u.to_base(*v)?;
                Some((b, b))
            }
            Value::Range { lo, hi } => Some((u.to_base(*lo)?, u.to_base(*hi)?)),
            Value::Fraction { .. } => None,
        }
    }

    /// The counted noun (`hộ`, `chỉ tiêu`), for count units.
    pub fn noun(&self) -> Option<&str> {
        self.unit.as_ref()?.noun()
    }

    /// The same quantity read the other way when it is ambiguous (value, numerals, style and
    /// the ambiguity's `chosen`/`alternative` swapped); a plain clone otherwise.
    pub fn with_reading(&self, reading: Reading) -> Quantity {
        let mut q = self.clone();
        let Some(a) = q.ambiguity.as_mut() else { return q };
        if a.chosen == reading {
            return q;
        }
        a.chosen = reading;
        std::mem::swap(&mut q.value, &mut a.alternative);
        for n in &mut q.numerals {
            if let Some(alt) = n.alt.take() {
                let (v, s) = *alt;
                n.alt = Some(Box::new((n.value, std::mem::replace(&mut n.style, s))));
                n.value = v;
            }
        }
        if q.style.compound.is_none() {
            if let Some(n) = q.numerals.first() {
                q.style = n.style.clone();
            }
        }
        q
    }
}

/// Something with digits that is not a quantity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub range: Range<u32>,
    pub kind: NotQuantity,
}

/// Why digits were refused as a quantity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotQuantity {
    /// A date or part of one, as written (values are not validated: `31/2` is kept as is,
    /// so a check can flag it).
    Date {
        day: Option<u32>,
        month: Option<u32>,
        year: Option<u32>,
    },
    Year(u32),
    /// `2020-2025`; `2021-22` gives (2021, 2022).
    YearSpan(u32, u32),
    /// `07/KH-UBND`, `Nghị quyết 128`, `Số: 4293 /BC-UBND`.
    DocNumber,
    /// `Khu 1`, `mức độ 2`, `đợt 01`, `khối 1,2,3,4`, `tuổi 17`.
    Label,
    /// `lần thứ 3`, `kỳ họp thứ 3`.
    Ordinal,
    /// `đường 30/4`, `Tỉnh lộ 16`.
    Road,
    /// Digits glued to letters: `F0`, `QL1A`, `Covid-19`, `5K`.
    Identifier,
    /// `ISO 9001:2015`.
    Standard,
    /// `tỷ lệ 1/500`.
    Scale,
    /// `7h30`, `7:30`.
    Time,
    Phone,
    /// `1,2,3,4` without spaces.
    List,
    /// A heading number at the start of the line: `1.2.`, `1)`, `1.5-`.
    Heading,
    /// `[1]`, `[^2]`, `(3)`.
    Marker,
    /// Malformed grouping (`1.2.34`), over-long digit runs.
    Other,
}

/// Everything the lexer found on a line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Lexed {
    pub quantities: Vec<Quantity>,
    pub skipped: Vec<Skipped>,
}

/// Every quantity in `line` (one line, without its line break), in order, non-overlapping.
/// Never panics.
pub fn lex(line: &str) -> Vec<Quantity> {
    scan::scan(line).quantities
}

/// [`lex`] for a line whose lower-case fold (`fold(line, FoldMode::Lower)`) is already made, so
/// that the lexer and the claim extractor fold each line once.
pub fn lex_folded(line: &str, folded: &crate::text::fold::Folded) -> Vec<Quantity> {
    scan::scan_folded(line, folded).quantities
}

/// Like [`lex`], also returning what was refused as a quantity and why (dates, years, document
/// numbers, ...), for checks that need them (date validity, year spans).
pub fn lex_detailed(line: &str) -> Lexed {
    scan::scan(line)
}
