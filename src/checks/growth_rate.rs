//! Average yearly growth over a period against its start and end values: `tốc độ tăng trưởng
//! bình quân giai đoạn 2021-2025 đạt 8,2%/năm` with the 2020 and 2025 levels. The rate is
//! compounded ((1 + g)^n = end ÷ start); a period of n years may be counted as n or n − 1 steps
//! and either reading is accepted before anything is flagged. Relations from
//! [`crate::reading::growth`].

use super::fig::{BestReadings, shown, stated_percent, Judged};
use super::{CheckInfo, Finding, Message, Severity};
use crate::analysis::Analysis;
use crate::reading::relation::Rel;

pub const INFO: CheckInfo = CheckInfo {
    code: "growth-rate",
    default_severity: Severity::Warning,
    summary_vi: "Tốc độ tăng bình quân không khớp với giá trị đầu kỳ và cuối kỳ",
    summary_en: "An average growth rate does not match the start and end values",
    example: "bình quân 12%/năm giai đoạn 2021-2025, từ 1.000 tỷ đồng (2020) lên 1.300 tỷ đồng (2025) — (1.300/1.000)^(1/5) − 1 = 5,4%",
};

pub fn check(a: &Analysis, out: &mut Vec<Finding>) {
    let mut best = BestReadings::new(a);
    for r in &a.reading.relations {
        let Rel::Growth { from, rate, .. } = r.rel else { continue };
        let Some(computed) = best.of(r, rate) else { continue };
        out.extend(stated_percent(
            a,
            Judged {
                code: INFO.code,
                severity: INFO.default_severity,
                relation: r,
                computed,
                related: from.figs().into_iter().map(|f| (a.fig_range(f), Message::new(shown(a, f), shown(a, f)))).collect(),
                fix_title: |v| Message::new(format!("Sửa thành {v}"), format!("Change to {v}")),
            },
        ));
    }
}
