//! Inlay hints: the percentage of plan computed where the text states an actual figure and its
//! plan but no percentage (`3.368 triệu đồng (kế hoạch 1.728 triệu đồng)` ≈ 194,9% KH), and the
//! computed percentage after a stated one that contradicts its own figures (where the
//! plan-percent, ratio-percent, change-percent or growth-rate check reports it, from the figures
//! the reading tied it to, wherever they are). Nowhere else.

use std::collections::HashSet;
use std::ops::Range;

use crate::analysis::Analysis;
use crate::checks::fig::{shown, vi, vi_auto};
use crate::checks::{change_percent, growth_rate, plan_percent, ratio_percent, Locale};
use crate::figures::compare::{round, Agreement};
use crate::figures::lexicon::lower_is_better;
use crate::figures::model::{FigId, StmtId};
use crate::ide::figure;
use crate::numbers::Value;

/// An inlay hint: a label shown at a byte offset (after the text it is about).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlayHint {
    pub offset: usize,
    pub label: String,
    /// How the value was computed.
    pub tooltip: String,
}

/// The hints of the lines touching the byte range `range`, in document order. Never panics.
pub fn inlay_hints(a: &Analysis, range: Range<usize>, locale: Locale) -> Vec<InlayHint> {
    let mut out = Vec::new();
    if a.line_count() == 0 || range.start > range.end {
        return out;
    }
    let first = a.line_of(range.start.min(a.len())) as u32;
    let last = a.line_of(range.end.min(a.len())) as u32;
    // The percentages reported as contradicting their figures (looked up once, not per figure).
    let reported: HashSet<(&str, usize, usize)> = a
        .findings
        .iter()
        .filter(|f| CODES.contains(&f.code))
        .map(|f| (f.code, f.range.start, f.range.end))
        .collect();
    let from = a.figures.stmts.partition_point(|s| s.line < first);
    for (k, &id) in a.figures.stmts.iter().enumerate().skip(from) {
        if id.line > last {
            break;
        }
        if let Some(h) = missing_percent_of_plan(a, k, id, locale) {
            out.push(h);
        }
        out.extend(contradicted(a, id, &reported, locale));
    }
    out.extend(crate::ide::table::inlay_hints(a, first, last, locale));
    out.sort_by_key(|h| h.offset);
    out.retain(|h| range.start <= h.offset && h.offset <= range.end);
    out
}

/// An actual and its plan with no stated percentage: `≈ 194,9% KH` after the pair.
fn missing_percent_of_plan(a: &Analysis, k: usize, id: StmtId, locale: Locale) -> Option<InlayHint> {
    let s = a.statement(id);
    if s.plan_percent.is_some() || a.figures.ctx.get(k).is_some_and(|c| c.plan) {
        return None;
    }
    let (vf, pf) = (FigId { line: id.line, q: s.value? }, FigId { line: id.line, q: s.plan? });
    let (vq, pq) = (a.figures.settled(a.quantity(vf)).0, a.figures.settled(a.quantity(pf)).0);
    // Rates (`8% (chỉ tiêu 10%)`) are compared in points, not as a percentage of plan; less
    // is better for poor households, accidents…: a percentage of plan would mislead.
    if vq.in_percent_or_per_mille() || pq.in_percent_or_per_mille() || !matches!(vq.value, Value::Exact(_)) {
        return None;
    }
    if figure::name_text(a, id).is_some_and(|n| lower_is_better(&n)) {
        return None;
    }
    let op = plan_percent::of_plan(a, id)?;
    let text = a.line_text(id.line as usize);
    let start = a.line_start(id.line as usize);
    // After the pair, and after the bracket that closes it (`(kế hoạch 1.728 triệu đồng)`).
    let mut end = a.fig_range(vf).end.max(a.fig_range(pf).end) - start;
    let rest = text.get(end..).unwrap_or("");
    let trimmed = rest.trim_start();
    if trimmed.starts_with(')') {
        end += rest.len() - trimmed.len() + 1;
    }
    let c = op.percent;
    Some(InlayHint {
        offset: start + end,
        label: match locale {
            Locale::Vi => format!("≈ {}% KH", vi(round(c, 1), 1)),
            Locale::En => format!("≈ {}% of plan", vi(round(c, 1), 1)),
        },
        tooltip: match locale {
            Locale::Vi => format!("Tỷ lệ so với kế hoạch: {} / {} = {}%", shown(a, vf), shown(a, pf), vi_auto(c, 3)),
            Locale::En => format!("Percentage of plan: {} / {} = {}%", shown(a, vf), shown(a, pf), vi_auto(c, 3)),
        },
    })
}

/// A stated figure that contradicts the figures the reading tied it to (and is reported as
/// such by its check): the computed value after it, from the same reading and arithmetic as the
/// check (`crate::checks::fig::best_reading`), wherever those figures are (the plan in the
/// sentence before, the whole on the section's lead line).
fn contradicted(a: &Analysis, id: StmtId, findings: &HashSet<(&str, usize, usize)>, locale: Locale) -> Vec<InlayHint> {
    use crate::reading::relation::Sure;
    let mut out = Vec::new();
    let s = a.statement(id);
    let figs = s.figures().map(|q| FigId { line: id.line, q });
    let mut done: Vec<FigId> = Vec::new();
    for f in figs {
        let r = a.number_range(f);
        if done.contains(&f) || !CODES.iter().any(|code| findings.contains(&(*code, r.start, r.end))) {
            continue;
        }
        done.push(f);
        let Some((rel, c)) = crate::checks::fig::best_reading(a, f) else { continue };
        // (Not through a reading that is one among others: that finding is only a note.)
        if c.agreement() != Agreement::Contradiction || rel.sure == Sure::Possible || c.unsure {
            continue;
        }
        let d = c.decimals;
        let (shown_c, sign) = (vi(round(c.value, d), d), c.sign.as_str());
        let how = match (rel.sure, crate::checks::fig::sure_words(rel.sure)) {
            (Sure::Certain, _) => String::new(),
            (_, (vi, en)) => format!(" ({})", if locale == Locale::Vi { vi } else { en }),
        };
        out.push(InlayHint {
            offset: a.fig_range(f).end,
            label: match locale {
                Locale::Vi => format!("tính ra {shown_c}{sign}"),
                Locale::En => format!("computed {shown_c}{sign}"),
            },
            tooltip: match locale {
                Locale::Vi => format!("{} = {}{sign}; văn bản ghi {}{sign}{how}", c.formula, vi_auto(c.value, 3), vi(c.stated_value, d)),
                Locale::En => format!("{} = {}{sign}; the text says {}{sign}{how}", c.formula, vi_auto(c.value, 3), vi(c.stated_value, d)),
            },
        });
    }
    out
}

/// The checks whose contradictions get the computed value as a hint.
const CODES: &[&str] = &[plan_percent::INFO.code, ratio_percent::INFO.code, change_percent::INFO.code, growth_rate::INFO.code];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Config;

    fn hints(t: &str) -> Vec<(String, String)> {
        let a = Analysis::from_text(t, &Config::default());
        inlay_hints(&a, 0..t.len(), Locale::Vi).into_iter().map(|h| (t[..h.offset].chars().rev().take(12).collect::<Vec<_>>().into_iter().rev().collect(), h.label)).collect()
    }

    #[test]
    fn percentage_of_plan_where_none_is_stated() {
        let t = "- Thu ngân sách trên địa bàn đơn vị được hưởng 3.368 triệu đồng (kế hoạch 1.728 triệu đồng);\n\
                 - Tổng mức đầu tư phát triển trên địa bàn 42 tỷ đồng (kế hoạch 40 tỷ đồng).\n\
                 - Thu nhập bình quân đầu người đạt 52,3 triệu đồng (kế hoạch từ 51-55 triệu đồng);\n\
                 - Tỷ lệ hộ nghèo giữ mức 1,0% (kế hoạch 1%);\n\
                 + Thu ngân sách trên địa bàn đơn vị hưởng là 3.368 triệu đồng, đạt 194,89% (kế hoạch 1.728 triệu đồng);\n";
        let h = hints(t);
        assert_eq!(h.len(), 2, "{h:?}");
        assert_eq!(h[0].1, "≈ 194,9% KH");
        assert!(h[0].0.ends_with("triệu đồng)"), "{h:?}");
        assert_eq!(h[1].1, "≈ 105,0% KH");
        assert!(h[1].0.ends_with("tỷ đồng)"), "{h:?}");
        // A plan said roughly gives one too (as the check judges it); a threshold none.
        let t = "- Đào tạo nghề cho 860 lao động (kế hoạch khoảng 1.500 lao động);\n- Trồng rừng 52 ha (kế hoạch tối thiểu 40 ha);\n";
        let h = hints(t);
        assert_eq!(h.iter().map(|h| h.1.as_str()).collect::<Vec<_>>(), ["≈ 57,3% KH"], "{h:?}");
    }

    #[test]
    fn computed_value_after_a_contradicted_percentage() {
        let t = "- Cơ cấu kinh tế: Giá trị sản xuất ước đạt trên 515,74 tỷ đồng (chỉ tiêu 570 tỷ đồng, đạt 98,3%).\n\
                 Số hộ được công nhận: 121/130 hộ, đạt 90,4%; số hộ khác 93/100 hộ, đạt 93%.\n";
        let h = hints(t);
        assert_eq!(h.len(), 2, "{h:?}");
        assert!(h[0].0.ends_with("98,3%") && h[0].1 == "tính ra 90,5%", "{h:?}");
        assert!(h[1].0.ends_with("90,4%") && h[1].1 == "tính ra 93,1%", "{h:?}");
        // A check switched off: no hint for it.
        let mut cfg = Config::default();
        cfg.disabled.insert("plan-percent".into());
        let a = Analysis::from_text(t, &cfg);
        assert_eq!(inlay_hints(&a, 0..t.len(), Locale::En).iter().map(|h| h.label.as_str()).collect::<Vec<_>>(), vec!["computed 93,1%"]);
    }

    #[test]
    fn computed_value_from_figures_read_elsewhere() {
        // The plan in the sentence before; the earlier level after the change.
        let t = "1. Kinh tế\nKế hoạch vốn năm là 48 tỷ đồng. Đến nay giải ngân 30,2 tỷ đồng, đạt 70% kế hoạch.\n\
                 Năm 2024 có 1.260 lao động có việc làm, tăng 9% so với năm 2023 là 1.200 lao động.\n";
        let h = hints(t);
        assert!(h.iter().any(|(b, l)| b.ends_with("70%") && l == "tính ra 63%"), "{h:?}");
        assert!(h.iter().any(|(b, l)| b.ends_with("9%") && l == "tính ra 5%"), "{h:?}");
    }

    #[test]
    fn only_in_the_range_asked_and_never_panics() {
        let t = "Dòng đầu.\n- Thu 3.368 triệu đồng (kế hoạch 1.728 triệu đồng);\n";
        let a = Analysis::from_text(t, &Config::default());
        assert!(inlay_hints(&a, 0..5, Locale::Vi).is_empty());
        assert_eq!(inlay_hints(&a, 10..t.len(), Locale::Vi).len(), 1);
        for s in 0..t.len() + 2 {
            for e in [s, s + 1, t.len() + 5, 0] {
                let _ = inlay_hints(&a, s..e, Locale::Vi);
            }
        }
        let empty = Analysis::from_text("", &Config::default());
        assert!(inlay_hints(&empty, 0..10, Locale::Vi).is_empty());
    }
}
