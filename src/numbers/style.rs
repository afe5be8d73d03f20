//! How numbers are written: per-number style, writing a value back in that style, and the
//! document-level view that settles ambiguous separators (`15,000`, `3.368`).

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

use super::{Numeral, Quantity, UnitKind, Value};

/// How one number was written, so that a corrected value can be written back the same way.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NumberStyle {
    /// Decimal separator as written (`,` in `52,3`, `.` in `114.63`); `None` without decimals.
    pub decimal_sep: Option<char>,
    /// Number of decimals written (`6,48` → 2, `36,0` → 1).
    pub decimals: u8,
    /// Thousands separator as written (`.` in `1.474.778`); `None` when not grouped.
    pub thousands_sep: Option<char>,
    /// The integer part has four or more digits and was written without separator (`25000`).
    pub ungrouped: bool,
    /// Width of a zero-padded integer part (`03` → 2, `010` → 3); 0 when not padded.
    pub min_int_digits: u8,
    /// Compound money (`58 tỷ 123 triệu`): the value is in units of the highest scale word.
    pub compound: Option<Box<CompoundStyle>>,
}

/// The scale words of a compound amount, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompoundStyle {
    /// (power of ten, word as written), highest first: `[(9, "tỷ"), (6, "triệu")]`.
    pub words: Vec<(u32, String)>,
    /// A lower group was zero-padded to three digits (`5 tỷ 010 triệu`).
    pub padded: bool,
}

impl NumberStyle {
    /// The house style of Vietnamese reports: `,` for decimals, `.` for thousands.
    pub fn vietnamese(decimals: u8) -> Self {
        NumberStyle { decimal_sep: Some(','), decimals, thousands_sep: Some('.'), ..Default::default() }
    }
}

/// Write `value` the way `style` describes: same decimal and thousands separators (when the
/// original had none, the Vietnamese ones, or the ones complementing the one it had), the same
/// number of decimals (rounding half away from zero), the same zero padding; compound money is
/// written back as `58 tỷ 123 triệu`.
pub fn format_like(value: Decimal, style: &NumberStyle) -> String {
    if let Some(c) = &style.compound {
        if let Some(s) = format_compound(value, c) {
            return s;
        }
    }
    let dec = style.decimal_sep.unwrap_or(if style.thousands_sep == Some(',') { '.' } else { ',' });
    let th = style.thousands_sep.unwrap_or(if dec == '.' { ',' } else { '.' });
    let dp = style.decimals.min(28) as u32;
    let v = value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    let neg = v.is_sign_negative() && !v.is_zero();
    let text = v.abs().to_string();
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_string(), f.to_string()),
        None => (text.clone(), String::new()),
    };
    let mut int = int;
    while int.len() < style.min_int_digits as usize {
        int.insert(0, '0');
    }
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if !style.ungrouped && int.len() > 3 {
        let first = int.len() % 3;
        for (k, ch) in int.chars().enumerate() {
            if k > 0 && (k + 3 - first) % 3 == 0 {
                out.push(th);
            }
            out.push(ch);
        }
    } else {
        out.push_str(&int);
    }
    if dp > 0 {
        out.push(dec);
        out.push_str(&frac);
        for _ in frac.len()..dp as usize {
            out.push('0');
        }
    }
    out
}

fn format_compound(value: Decimal, c: &CompoundStyle) -> Option<String> {
    let (top, _) = c.words.first()?;
    let bottom = c.words.last()?.0;
    if bottom > *top || *top > 18 {
        return None;
    }
    let total = value.checked_mul(Decimal::from(10u64.checked_pow(*top)?))?;
    let unit = Decimal::from(10u64.checked_pow(bottom)?);
    let total = (total / unit).round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    let mut rest = total.abs().to_u128()?;
    let neg = total.is_sign_negative() && !total.is_zero();
    // Groups from the top exponent down to the bottom one, every three powers of ten.
    let mut exps: Vec<u32> = Vec::new();
    let mut e = *top;
    loop {
        exps.push(e);
        if e <= bottom || e < 3 {
            break;
        }
        e -= 3;
    }
    let mut parts: Vec<String> = Vec::new();
    for (k, &e) in exps.iter().enumerate() {
        let div = 10u128.checked_pow(e.checked_sub(bottom)?)?;
        let g = rest / div;
        rest %= div;
        let word = c.words.iter().find(|(x, _)| *x == e).map(|(_, w)| w.clone()).unwrap_or_else(|| {
            match e {
                9 => "tỷ",
                6 => "triệu",
                _ => "nghìn",
            }
            .to_string()
        });
        if k == 0 {
            parts.push(format!("{}{g} {word}", if neg { "-" } else { "" }));
        } else if g > 0 {
            if c.padded {
                parts.push(format!("{g:03} {word}"));
            } else {
                parts.push(format!("{g} {word}"));
            }
        }
    }
    Some(parts.join(" "))
}

// ---------------------------------------------------------------------------------------------
// Ambiguity and the document-level resolver

/// The two readings of a lone separator followed by exactly three digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reading {
    /// `15,000` = 15 000; `3.368` = 3 368.
    Thousands,
    /// `127,823` = 127,823; `1.125` = 1,125.
    Decimal,
}

/// How sure a reading is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Certainty {
    /// Nothing but a convention supports the reading; report "ambiguous number format".
    Unsure,
    /// The document's other numbers (or the magnitude) support it.
    Likely,
    /// The unit decides it (`liều`, `người` are whole; `đồng` has no decimals).
    Sure,
}

/// A number written with a lone separator followed by exactly three digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ambiguity {
    /// The separator: `,` or `.`.
    pub sep: char,
    /// The reading [`Quantity::value`] uses (the lexer's choice from the unit and the
    /// Vietnamese convention, without document context).
    pub chosen: Reading,
    /// The value under the other reading.
    pub alternative: Value,
    /// How sure the lexer's choice is on its own (only [`Certainty::Sure`] when the unit decides).
    pub local: Certainty,
    /// Why the lexer chose as it did.
    pub reason: &'static str,
}

/// A document-level decision on an ambiguous quantity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    pub reading: Reading,
    pub value: Value,
    pub certainty: Certainty,
    pub reason: &'static str,
}

/// A style deviation of one number from the rest of its document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StyleNote {
    /// `114.63%` in a document that writes decimals with `,`.
    DecimalPoint,
    /// `52,3` in a document that writes decimals with `.`.
    DecimalComma,
    /// `1,474,778` in a document that groups thousands with `.`.
    ThousandsComma,
    /// `1.474.778` in a document that groups thousands with `,`.
    ThousandsDot,
    /// `25000` (four or more integer digits, not grouped) in a document that groups thousands.
    Ungrouped,
}

/// What separators a document uses, counted over its unambiguous numbers (and the ambiguous
/// ones whose unit settled them). Build it from every quantity of the document, then
/// [`resolve`](DocNumberStyle::resolve) the ambiguous ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocNumberStyle {
    /// Numbers with `,` as decimal separator (`52,3`, `16.568,8`).
    pub decimal_comma: u32,
    /// Numbers with `.` as decimal separator (`114.63`, `6.4`).
    pub decimal_point: u32,
    /// Numbers grouped with `.` (`1.474.778`, `16.568,8`).
    pub thousands_dot: u32,
    /// Numbers grouped with `,` (`1,474,778`).
    pub thousands_comma: u32,
    /// Integers of four or more digits written without grouping (`25000`).
    pub ungrouped: u32,
}

impl DocNumberStyle {
    pub fn new() -> Self {
        Self::default()
    }

    /// Count every quantity of a document.
    pub fn from_quantities<'a>(qs: impl IntoIterator<Item = &'a Quantity>) -> Self {
        let mut s = Self::new();
        for q in qs {
            s.add(q);
        }
        s
    }

    /// Count the numerals of one quantity (ambiguous ones only when their unit settled them).
    pub fn add(&mut self, q: &Quantity) {
        let settled = q.ambiguity.as_ref().is_none_or(|a| a.local == Certainty::Sure);
        for n in &q.numerals {
            if n.alt.is_some() && !settled {
                continue;
            }
            self.add_style(&n.style);
        }
    }

    fn add_style(&mut self, s: &NumberStyle) {
        match s.decimal_sep {
            Some(',') => self.decimal_comma += 1,
            Some('.') => self.decimal_point += 1,
            _ => {}
        }
        match s.thousands_sep {
            Some('.') => self.thousands_dot += 1,
            Some(',') => self.thousands_comma += 1,
            _ => {}
        }
        if s.ungrouped {
            self.ungrouped += 1;
        }
    }

    /// Evidence that `sep` is a thousands separator / a decimal separator in this document.
    fn evidence(&self, sep: char) -> (u32, u32) {
        if sep == '.' {
            (self.thousands_dot + self.decimal_comma, self.decimal_point + self.thousands_comma)
        } else {
            (self.thousands_comma + self.decimal_point, self.decimal_comma + self.thousands_dot)
        }
    }

    /// The decimal separator the document mostly uses (`,` unless `.` clearly wins).
    pub fn decimal_sep(&self) -> char {
        let (th_dot, dec_dot) = self.evidence('.');
        if dec_dot > th_dot {
            '.'
        } else {
            ','
        }
    }

    /// The thousands separator the document mostly uses.
    pub fn thousands_sep(&self) -> char {
        if self.decimal_sep() == '.' {
            ','
        } else {
            '.'
        }
    }

    /// Settle an ambiguous quantity (`None` when it is not ambiguous).
    ///
    /// Rules, in order: a unit that decides (counts are whole, `đồng` has no decimals) →
    /// [`Certainty::Sure`]; otherwise the document's own use of the separator (at least two
    /// uses one way and three times as many as the other way) → [`Certainty::Likely`], unless
    /// it contradicts a magnitude hint (`%` of 1000 or more), which leaves it
    /// [`Certainty::Unsure`]; a magnitude hint alone → `Likely`; nothing → the Vietnamese
    /// convention (`.` thousands, `,` decimals), `Unsure`.
    pub fn resolve(&self, q: &Quantity) -> Option<Resolution> {
        let a = q.ambiguity.as_ref()?;
        let value_of = |r: Reading| if r == a.chosen { q.value.clone() } else { a.alternative.clone() };
        if a.local == Certainty::Sure {
            return Some(Resolution {
                reading: a.chosen,
                value: q.value.clone(),
                certainty: Certainty::Sure,
                reason: a.reason,
            });
        }
        let (th, de) = self.evidence(a.sep);
        let doc = if th >= 2 && th >= 3 * de {
            Some(Reading::Thousands)
        } else if de >= 2 && de >= 3 * th {
            Some(Reading::Decimal)
        } else {
            None
        };
        let (reading, certainty, reason) = match (doc, a.local) {
            (Some(r), Certainty::Likely) if r != a.chosen => {
                (a.chosen, Certainty::Unsure, "the document's separators contradict the magnitude")
            }
            (Some(r), _) => (
                r,
                Certainty::Likely,
                if r == Reading::Thousands {
                    "the document uses this separator for thousands"
                } else {
                    "the document uses this separator for decimals"
                },
            ),
            (None, Certainty::Likely) => (a.chosen, Certainty::Likely, a.reason),
            (None, _) => (a.chosen, Certainty::Unsure, "no evidence in the document; Vietnamese convention assumed"),
        };
        Some(Resolution { reading, value: value_of(reading), certainty, reason })
    }

    /// The value to use for `q` in this document and how sure it is: the resolution of an
    /// ambiguous quantity, or its value with [`Certainty::Sure`].
    pub fn settle(&self, q: &Quantity) -> (Value, Certainty) {
        match self.resolve(q) {
            Some(r) => (r.value, r.certainty),
            None => (q.value.clone(), Certainty::Sure),
        }
    }

    /// How `n` deviates from the document's style, if it does (ambiguous numerals get none:
    /// [`resolve`](Self::resolve) them instead).
    pub fn note(&self, n: &Numeral) -> Option<StyleNote> {
        if n.alt.is_some() {
            return None;
        }
        let dec = self.decimal_sep();
        let (th_dot, dec_dot) = self.evidence('.');
        let decided = th_dot != dec_dot;
        match (n.style.decimal_sep, n.style.thousands_sep) {
            (Some('.'), _) if decided && dec == ',' => return Some(StyleNote::DecimalPoint),
            (Some(','), _) if decided && dec == '.' => return Some(StyleNote::DecimalComma),
            (_, Some(',')) if decided && dec == ',' => return Some(StyleNote::ThousandsComma),
            (_, Some('.')) if decided && dec == '.' => return Some(StyleNote::ThousandsDot),
            _ => {}
        }
        if n.style.ungrouped && self.thousands_dot + self.thousands_comma > self.ungrouped {
            return Some(StyleNote::Ungrouped);
        }
        None
    }
}

/// The lexer's local choice for an ambiguous number, from its unit alone.
pub(crate) fn local_choice(
    sep: char,
    kind: Option<UnitKind>,
    unit_scale_is_one: bool,
    thousands_value: Decimal,
    fraction: bool,
) -> (Reading, Certainty, &'static str) {
    let convention = if sep == '.' { Reading::Thousands } else { Reading::Decimal };
    match kind {
        Some(UnitKind::Count) => (Reading::Thousands, Certainty::Sure, "a count is a whole number"),
        Some(UnitKind::Money(_)) if unit_scale_is_one => {
            (Reading::Thousands, Certainty::Sure, "amounts in đồng have no decimals")
        }
        Some(UnitKind::Percent | UnitKind::PerMille) if thousands_value >= Decimal::from(1000) => {
            (Reading::Decimal, Certainty::Likely, "a percentage of 1000 or more is implausible")
        }
        _ if fraction => (Reading::Thousands, Certainty::Likely, "the parts of a fraction are counts"),
        _ => (convention, Certainty::Unsure, "Vietnamese convention: '.' thousands, ',' decimals"),
    }
}
