//! A change and the figures it is computed from: the amount and the percentage of one change
//! (`đạt 115.000 triệu đồng, tăng 8.021 triệu đồng (7,5%)`: the earlier value is 115.000 − 8.021
//! = 106.979, and 8.021/106.979 = 7,5%), both levels and the change between them (`từ 480 hộ
//! còn 395 hộ, giảm 85 hộ (17,7%)`; a rate's change in `%` may be percentage points or
//! percent, and either reading is accepted), and `gấp N lần`. The relations come from
//! [`crate::reading::change`] and [`crate::reading::statements`].
//!
//! A probable contradiction at most (warning): the percentage may have been computed on another
//! base than the value stated.

use super::fig::{BestReadings, stated_percent, Judged};
use super::{CheckInfo, Finding, Message, Severity};
use crate::analysis::Analysis;
use crate::reading::relation::{ChangeForm, Rel};

pub const INFO: CheckInfo = CheckInfo {
    code: "change-percent",
    default_severity: Severity::Warning,
    summary_vi: "Mức tăng/giảm không khớp với các số liệu nó được tính từ",
    summary_en: "A change does not match the figures it is computed from",
    example: "đạt 115.000 triệu đồng, tăng 8.021 triệu đồng (8,5%) — 8.021/(115.000 − 8.021) = 7,5%",
};

pub fn check(a: &Analysis, out: &mut Vec<Finding>) {
    let mut best = BestReadings::new(a);
    for r in &a.reading.relations {
        let Rel::Change { form, stated, .. } = r.rel else { continue };
        let Some(computed) = best.of(r, stated) else { continue };
        let [x, y] = form.figs();
        let (lx, ly) = match form {
            ChangeForm::PctOfAmount { .. } | ChangeForm::IndexOfAmount { .. } => (("Giá trị", "Value"), ("Mức thay đổi", "Change")),
            _ => (("Giá trị sau", "Later value"), ("Giá trị trước", "Earlier value")),
        };
        let shown = |f| super::fig::shown(a, f);
        out.extend(stated_percent(
            a,
            Judged {
                code: INFO.code,
                severity: INFO.default_severity,
                relation: r,
                computed,
                related: vec![
                    (a.fig_range(x), Message::new(format!("{}: {}", lx.0, shown(x)), format!("{}: {}", lx.1, shown(x)))),
                    (a.fig_range(y), Message::new(format!("{}: {}", ly.0, shown(y)), format!("{}: {}", ly.1, shown(y)))),
                ],
                fix_title: |v| Message::new(format!("Sửa thành {v}"), format!("Change to {v}")),
            },
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::{Analysis, Config};

    fn found(text: &str) -> Vec<(String, String)> {
        // A line that settles the document's number style (`.` thousands, `,` decimals).
        let text = format!("- Dân số 12.345.678 người, thu nhập 52,35 triệu đồng.\n{text}");
        let a = Analysis::from_text(&text, &Config::default());
        a.findings
            .iter()
            .filter(|f| f.code == super::INFO.code)
            .map(|f| (f.severity.as_str().to_string(), f.message.vi.clone()))
            .collect()
    }

    #[test]
    fn percentage_checked_against_the_earlier_value() {
        let f = found("- Tổng thu ngân sách đạt 115.000 triệu đồng, tăng 8.021 triệu đồng (8,5%) so với năm 2019.\n");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, "warning");
        assert!(f[0].1.contains("8.021/(115.000 − 8.021) = 7,5%"), "{}", f[0].1);
        assert!(found("- Tổng thu ngân sách đạt 115.000 triệu đồng, tăng 8.021 triệu đồng (7,5%) so với năm 2019.\n").is_empty());
        // The arithmetic is shown in the value's unit.
        let f = found("- Tổng thu ngân sách đạt 115 tỷ đồng, tăng 8.021 triệu đồng (8,5%) so với năm 2019.\n");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].1.contains("8,021/(115 − 8,021) = 7,5%"), "{}", f[0].1);
        assert!(found("- Tổng thu ngân sách đạt 115.000 triệu đồng, tăng 8.021 triệu đồng, tăng 7,5% so với năm 2019.\n").is_empty());
        // Truncated instead of rounded: 7,4977… written 7,49 is fine; 7,4 is not.
        assert!(found("- Tổng chi đạt 106.979 triệu đồng, giảm 8.021 triệu đồng (giảm 6,97%).\n").is_empty());
    }

    #[test]
    fn rates_bounds_and_lone_figures_are_left_alone() {
        // A rate: `giảm 0,08%` is points.
        assert!(found("- Tỷ lệ hộ nghèo còn 1,63%, giảm 0,2 (15%).\n").is_empty());
        // No absolute change, or two of them.
        assert!(found("- Tổng thu đạt 115.000 triệu đồng, tăng 9% so với năm 2019.\n").is_empty());
        assert!(found("- Tổng thu đạt 115.000 triệu đồng, tăng 8.021 triệu đồng, tăng 500 triệu đồng (9%).\n").is_empty());
        // Approximate value.
        assert!(found("- Tổng thu đạt trên 115.000 triệu đồng, tăng 8.021 triệu đồng (9%).\n").is_empty());
        // Directions that disagree.
        assert!(found("- Tổng thu đạt 115.000 triệu đồng, tăng 8.021 triệu đồng, giảm 9%.\n").is_empty());
    }
}
