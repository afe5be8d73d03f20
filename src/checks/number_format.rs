//! How numbers are written: an English decimal point in a document that writes decimals with a
//! comma (`114.63%`), an ambiguous number the document cannot settle (`12,500`), and a fraction
//! that lost its slash (`27738 trường đạt chuẩn, tỷ lệ 71,5%` — 27/38 = 71,1%).

use rust_decimal::Decimal;

use super::fig::vi;
use super::shares_sum::MISSING_PERCENT as FORMAT;
use super::{CheckInfo, Edit, Finding, Fix, Message, Severity};
use crate::analysis::Analysis;
use crate::figures::compare::{agree, percent, round, Agreement, Written};
use crate::figures::model::FigId;
use crate::numbers::{format_like, Certainty, Reading, StyleNote, UnitKind, Value};

pub const AMBIGUOUS: CheckInfo = CheckInfo {
    code: "ambiguous-number",
    default_severity: Severity::Info,
    summary_vi: "Số viết mơ hồ (12,500: mười hai nghìn năm trăm hay mười hai phẩy năm?)",
    summary_en: "An ambiguous number (12,500: twelve thousand five hundred or twelve and a half?)",
    example: "Tiêm 12,500 liều (văn bản không cho biết dấu phẩy là dấu gì)",
};

pub const LOST_SLASH: CheckInfo = CheckInfo {
    code: "number-lost-slash",
    default_severity: Severity::Error,
    summary_vi: "Một phân số bị mất dấu gạch chéo (27738 thay vì 27/38)",
    summary_en: "A fraction lost its slash (27738 instead of 27/38)",
    example: "27738 trường đạt chuẩn, tỷ lệ 71,5% (27/38 = 71,1%)",
};

pub fn check(a: &Analysis, out: &mut Vec<Finding>) {
    // Lines without figures have nothing to check (and reading them is a cache miss each).
    for &line in &a.figures.quantity_lines {
        let line = line as usize;
        let li = &a.lines()[line];
        for (qi, q) in li.quantities.iter().enumerate() {
            let fig = FigId { line: line as u32, q: qi as u32 };
            // An English decimal point (or comma) where the document writes the other one.
            for n in &q.numerals {
                if let Some(note @ (StyleNote::DecimalPoint | StyleNote::DecimalComma)) = a.figures.style.note(n) {
                    let written = a.slice(a.abs(line, n.range.clone())).to_string();
                    let mut style = n.style.clone();
                    let (from, to) = if note == StyleNote::DecimalPoint { ('.', ',') } else { (',', '.') };
                    style.decimal_sep = Some(to);
                    style.thousands_sep = None;
                    let fixed = format_like(n.value, &style);
                    out.push(
                        Finding::new(
                            FORMAT.code,
                            FORMAT.default_severity,
                            a.abs(line, n.range.clone()),
                            Message::new(
                                format!("«{written}» dùng dấu «{from}» làm dấu thập phân, trong khi văn bản dùng «{to}»: nên viết «{fixed}»."),
                                format!("“{written}” uses “{from}” as the decimal mark while the document uses “{to}”: write “{fixed}”."),
                            ),
                        )
                        .with_fix(Fix {
                            title: Message::new(format!("Viết thành {fixed}"), format!("Write {fixed}")),
                            edits: vec![Edit { range: a.abs(line, n.range.clone()), new_text: fixed }],
                            certain: false,
                        }),
                    );
                }
            }
            // An ambiguous number the document does not settle.
            if let Some(r) = a.figures.style.resolve(q) {
                if r.certainty == Certainty::Unsure {
                    let written = a.slice(a.number_range(fig)).to_string();
                    let other = match r.reading {
                        Reading::Thousands => "số thập phân",
                        Reading::Decimal => "số nguyên có dấu phân cách hàng nghìn",
                    };
                    let shown = match &r.value {
                        Value::Exact(v) => vi(*v, v.scale()),
                        _ => written.clone(),
                    };
                    out.push(Finding::new(
                        AMBIGUOUS.code,
                        AMBIGUOUS.default_severity,
                        a.number_range(fig),
                        Message::new(
                            format!("«{written}» có thể đọc hai cách; đang hiểu là {shown} (cũng có thể là {other}). Nên viết rõ."),
                            format!("“{written}” reads two ways; taken as {shown} here. Write it unambiguously."),
                        ),
                    ));
                }
            }
        }
        lost_slash(a, line, out);
    }
}

/// A count that lost its slash, read as the fraction it probably was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LostSlash {
    /// The count (`27738`) and the percentage stated with it (`71,5%`).
    pub count: FigId,
    pub percent: FigId,
    /// The digits as written and the fraction they were (`27/38`).
    pub digits: String,
    pub num: i64,
    pub den: i64,
    /// num/den in percent, with its interval, and how it agrees with the stated percentage.
    pub computed: Decimal,
    pub lo: Decimal,
    pub hi: Decimal,
    pub stated: Decimal,
    pub decimals: u32,
    pub agreement: Agreement,
}

/// `27738 trường đạt chuẩn, tỷ lệ 71,5%`: a count written without grouping, with a percentage
/// in the same statement and no fraction, whose digits split into a/b giving that percentage.
/// The one place this reading is made: the check below and the hover card use it.
pub fn lost_slash_reading(a: &Analysis, line: usize, s: &crate::figures::extract::Statement) -> Option<LostSlash> {
    let li = &a.lines()[line];
    let v = s.value?;
    let q = &li.quantities[v as usize];
    let is_count = q.unit.as_ref().is_some_and(|u| u.kind == UnitKind::Count);
    if !is_count || !q.style.ungrouped || q.numerals.len() != 1 || s.ratio.is_some() {
        return None;
    }
    let digits = a.slice(a.abs(line, q.numerals[0].range.clone())).to_string();
    if !(4..=8).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // The percentage stated with it.
    let pk = s.others.iter().chain(s.plan_percent.iter()).copied().find(|&k| li.quantities[k as usize].unit.as_ref().is_some_and(|u| u.kind == UnitKind::Percent))?;
    let pq = &li.quantities[pk as usize];
    let stated = pq.value.exact()?;
    let d = pq.numerals.first().map(|n| n.style.decimals as u32).unwrap_or(0);
    // Every reading a/b — a slash dropped between two digits, or a slash misread as a `7` or
    // a `1` (they look alike in scans) — with a ≤ b and no leading zeros, whose ratio is
    // within a point of the percentage; only a unique one is trusted.
    let mut splits: Vec<(&str, &str)> = (1..digits.len()).map(|cut| digits.split_at(cut)).collect();
    for (i, ch) in digits.char_indices() {
        if (ch == '7' || ch == '1') && i > 0 && i + 1 < digits.len() {
            splits.push((&digits[..i], &digits[i + 1..]));
        }
    }
    let mut candidates = Vec::new();
    for (x, y) in splits {
        if y.starts_with('0') || x.starts_with('0') {
            continue;
        }
        let (Ok(num), Ok(den)) = (x.parse::<i64>(), y.parse::<i64>()) else { continue };
        if num > den || den < 2 {
            continue;
        }
        let Some((c, lo, hi)) = percent(Written::exact(Decimal::from(num)), Written::exact(Decimal::from(den))) else { continue };
        if (c - stated).abs() <= Decimal::ONE {
            candidates.push((num, den, c, lo, hi, agree(stated, d, c, lo, hi)));
        }
    }
    let [(num, den, computed, lo, hi, agreement)] = candidates[..] else { return None };
    let line = line as u32;
    Some(LostSlash { count: FigId { line, q: v }, percent: FigId { line, q: pk }, digits, num, den, computed, lo, hi, stated, decimals: d, agreement })
}

fn lost_slash(a: &Analysis, line: usize, out: &mut Vec<Finding>) {
    for s in a.lines()[line].statements.iter() {
        let Some(r) = lost_slash_reading(a, line, s) else { continue };
        let LostSlash { count: fig, percent: pfig, ref digits, num, den, computed: c, stated, decimals: d, agreement, .. } = r;
        let slashed = format!("{num}/{den}");
        out.push(
            Finding::new(
                LOST_SLASH.code,
                LOST_SLASH.default_severity,
                a.number_range(fig),
                Message::new(
                    format!("«{digits}» có lẽ là «{slashed}» (dấu / bị mất hoặc bị đọc nhầm thành số): {slashed} = {}%, gần với tỷ lệ {}% ghi bên cạnh.", vi(round(c, 2), 2), vi(stated, d)),
                    format!("“{digits}” is probably “{slashed}” (a slash lost or misread as a digit): {slashed} = {}%, close to the {}% stated next to it.", vi(round(c, 2), 2), vi(stated, d)),
                ),
            )
            .with_related(a.fig_range(pfig), Message::new("Tỷ lệ ghi kèm", "Stated percentage"))
            .with_fix(Fix {
                title: Message::new(format!("Viết thành {slashed}"), format!("Write {slashed}")),
                edits: vec![Edit { range: a.number_range(fig), new_text: slashed.clone() }],
                certain: false,
            }),
        );
        // Read as a fraction, the percentage itself does not match exactly.
        if agreement == Agreement::Contradiction {
            let computed = round(c, d);
            out.push(
                Finding::new(
                    super::ratio_percent::INFO.code,
                    Severity::Warning,
                    a.number_range(pfig),
                    Message::new(
                        format!("Nếu là {slashed} thì tỷ lệ là {}%, văn bản ghi {}%.", vi(computed, d), vi(stated, d)),
                        format!("If it is {slashed}, the percentage is {}%; the text says {}%.", vi(computed, d), vi(stated, d)),
                    ),
                )
                .with_related(a.number_range(fig), Message::new("Phân số mất dấu /", "Fraction without its slash")),
            );
        }
    }
}
