//! Hover cards (Markdown, Vietnamese or English): a footnote marker shows its text; a heading
//! shows its section's figure count and findings; a figure or an indicator shows the indicator
//! card built by the figures engine.

use std::ops::Range;

use rust_decimal::Decimal;

use crate::analysis::Analysis;
use crate::checks::all_met::met;
use crate::checks::fig::{decimals, shown, vi, vi_auto};
use crate::checks::{balance, count_items, number_format, plan_percent, ratio_percent, shares_sum, sum_parts, Locale, Severity};
use crate::figures::compare::{agree, round, sum, Agreement, Written};
use crate::figures::extract::{Direction, Q};
use crate::figures::lexicon::lower_is_better;
use crate::figures::model::{in_unit_of, written, FigId};
use crate::numbers::{Bound, Certainty, Quantity, UnitKind, Value};
use crate::ide::figure;
use crate::ide::links;
use crate::ide::navigation;

/// A hover: Markdown text and the range it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoverCard {
    pub markdown: String,
    pub range: Range<usize>,
}

fn t(locale: Locale, vi: &str, en: &str) -> String {
    match locale {
        Locale::Vi => vi.to_string(),
        Locale::En => en.to_string(),
    }
}

/// The hover at `offset`, if anything there has one: a footnote marker, a figure, a heading,
/// an indicator's name (in that order). Never panics, whatever the offset.
pub fn hover(a: &Analysis, offset: usize, locale: Locale) -> Option<HoverCard> {
    if offset > a.len() {
        return None;
    }
    footnote(a, offset, locale)
        .or_else(|| crate::ide::table::hover(a, offset, locale))
        .or_else(|| figure::figure_at(a, offset).and_then(|f| indicator_card(a, &figure::target_of_figure(a, f), locale)))
        .or_else(|| heading(a, offset, locale))
        .or_else(|| figure::name_at(a, offset).and_then(|t| indicator_card(a, &t, locale)))
}

fn footnote(a: &Analysis, offset: usize, locale: Locale) -> Option<HoverCard> {
    let line = a.line_of(offset);
    let start = a.line_start(line);
    let li = &a.lines()[line];
    let r = li.footnote_refs.iter().find(|r| start + r.range.start as usize <= offset && offset <= start + r.range.end as usize)?;
    let range = start + r.range.start as usize..start + r.range.end as usize;
    let markdown = match navigation::footnote_text(a, offset) {
        Some((label, texts)) => {
            format!("**{} {label}**\n\n{}", t(locale, "Chú thích", "Footnote"), texts.join("\n\n"))
        }
        None => format!(
            "**{} {}**\n\n{}",
            t(locale, "Chú thích", "Footnote"),
            r.label,
            t(locale, "Không tìm thấy nội dung chú thích.", "No footnote text found.")
        ),
    };
    Some(HoverCard { markdown, range })
}

fn heading(a: &Analysis, offset: usize, locale: Locale) -> Option<HoverCard> {
    let line = a.line_of(offset);
    let sec = a.structure.sections.iter().find(|s| s.line as usize <= line && line <= s.heading_end_line as usize && s.selection.start <= offset && offset <= s.selection.end)?;
    let lines = sec.line as usize..=sec.last_line as usize;
    let figures: usize = lines.clone().map(|i| a.lines()[i].quantities.len()).sum();
    let findings: Vec<_> = a.findings.iter().filter(|f| sec.range.start <= f.range.start && f.range.start <= sec.range.end).collect();
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let mut md = format!("**{} {}**\n\n", sec.number_text, sec.name).replace("** ", "**");
    md.push_str(&match locale {
        Locale::Vi => format!(
            "Dòng {}–{} · {} số liệu · {} lỗi, {} cảnh báo, {} thông tin",
            sec.line + 1,
            sec.last_line + 1,
            figures,
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info)
        ),
        Locale::En => format!(
            "Lines {}–{} · {} figures · {} errors, {} warnings, {} notes",
            sec.line + 1,
            sec.last_line + 1,
            figures,
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info)
        ),
    });
    for f in findings.iter().take(8) {
        md.push_str(&format!("\n- {} `{}` ({} {}): {}", sev_icon(f.severity), f.code, t(locale, "dòng", "line"), a.line_of(f.range.start) + 1, f.message.get(locale)));
    }
    if findings.len() > 8 {
        md.push_str(&format!("\n- … (+{})", findings.len() - 8));
    }
    Some(HoverCard { markdown: md, range: sec.selection.clone() })
}

// ---------------------------------------------------------------------------------------------
// The indicator card

/// A number with a quantity's unit: `90,5 tỷ đồng`, `1,71%`.
fn with_unit(v: Decimal, decimals: u32, q: &Quantity) -> String {
    format!("{}{}", vi_auto(v, decimals), unit_suffix(q))
}

fn unit_suffix(q: &Quantity) -> String {
    let Some(u) = &q.unit else { return String::new() };
    let mut n = u.name.to_string();
    for p in &u.per {
        n.push('/');
        n.push_str(p.name);
    }
    if matches!(u.kind, UnitKind::Percent | UnitKind::PerMille) && u.per.is_empty() {
        n
    } else {
        format!(" {n}")
    }
}

fn is_rate(q: &Quantity) -> bool {
    q.unit.as_ref().is_some_and(|u| matches!(u.kind, UnitKind::Percent | UnitKind::PerMille) && u.per.is_empty())
}

fn overlaps(x: &Range<usize>, y: &Range<usize>) -> bool {
    x.start < y.end && y.start < x.end || x == y
}

/// One figure as read: as written, then normalised (`3.368 triệu đồng = 3 368 000 000 đồng`),
/// the reading of an ambiguous number, and whether it is an estimate.
fn describe(a: &Analysis, f: FigId, locale: Locale) -> String {
    let q = a.quantity(f);
    let (sq, certainty) = a.figures.settled(q);
    let mut out = format!("`{}`", shown(a, f).replace('`', ""));
    // The number and its unit as written (without bound words: `98% trở lên` → `98%`).
    let ls = a.line_start(f.line as usize);
    let core_end = q.unit.as_ref().map_or(q.number_range.end, |u| u.range.end.max(q.number_range.end));
    let written = a.slice(ls + q.number_range.start as usize..ls + core_end as usize).trim().to_string();
    // Leading zeros (`03 chỉ tiêu`) say nothing; spaces before a unit (`100 %`) neither.
    let same = |x: &str, spaces: bool| {
        let k = |s: &str| {
            let s = s.trim_start_matches('0');
            if spaces {
                s.replace(' ', "")
            } else {
                s.to_string()
            }
        };
        k(x) == k(&written)
    };
    match figure::normalised(&sq) {
        Some(n) if !same(&n, false) => out.push_str(&format!(" = {n}")),
        Some(_) => {}
        None => {
            // A number written unlike the Vietnamese convention (`114.63%`): how it is read.
            if let Some(v) = sq.value.exact() {
                let read = format!("{}{}", vi(v, decimals(&sq)), unit_suffix(&sq));
                if !same(&read, true) && sq.style.compound.is_none() {
                    out.push_str(&format!(" ({} {read})", t(locale, "đọc là", "read as")));
                }
            }
        }
    }
    if let Some(amb) = &sq.ambiguity {
        if certainty == Certainty::Unsure {
            let alt = match &amb.alternative {
                Value::Exact(v) => figure::spaced(*v, 6),
                _ => String::new(),
            };
            out.push_str(&match locale {
                Locale::Vi => format!(" (cách viết chưa rõ; cũng có thể đọc là {alt})"),
                Locale::En => format!(" (ambiguous format; it could also read {alt})"),
            });
        }
    }
    if q.estimated {
        out.push_str(&t(locale, " · ước tính", " · estimate"));
    }
    out
}

/// The stated percentage of plan (value and decimals), when it is one.
fn stated_percent(a: &Analysis, f: FigId) -> Option<(Decimal, u32)> {
    let (q, _) = a.figures.settled(a.quantity(f));
    if !q.unit.as_ref().is_some_and(|u| u.kind == UnitKind::Percent) {
        return None;
    }
    Some((q.value.exact()?, decimals(&q)))
}

/// A computed percentage at the stated precision (one decimal when none is stated), and a note
/// when the stated one differs: (`90,5%`, ` (văn bản ghi 98,3%)`).
fn percent_text(c: Decimal, lo: Decimal, hi: Decimal, stated: Option<(Decimal, u32)>, sign: &str, locale: Locale) -> (String, String) {
    match stated {
        None => (format!("{}{sign}", vi(round(c, 1), 1)), String::new()),
        Some((st, d)) => match agree(st, d, c, lo, hi) {
            // Rounded or truncated, the computed value is the stated one.
            Agreement::Exact => (format!("{}{sign}", vi(st, d)), " ✓".to_string()),
            Agreement::Rounding => (
                format!("{}{sign}", vi(round(c, d), d)),
                match locale {
                    Locale::Vi => format!(" (văn bản ghi {}{sign}: chênh lệch do làm tròn)", vi(st, d)),
                    Locale::En => format!(" (the text says {}{sign}: a rounding difference)", vi(st, d)),
                },
            ),
            Agreement::Contradiction => (
                format!("{}{sign}", vi(round(c, d), d)),
                match locale {
                    Locale::Vi => format!(" (văn bản ghi {}{sign})", vi(st, d)),
                    Locale::En => format!(" (the text says {}{sign})", vi(st, d)),
                },
            ),
        },
    }
}

/// The card of an indicator (or of a figure that belongs to no statement).
fn indicator_card(a: &Analysis, target: &figure::Target, locale: Locale) -> Option<HoverCard> {
    let Some((k, id)) = target.stmt else {
        let f = target.fig?;
        let mut md = format!("**{}** · {} {}\n\n- {}", t(locale, "Số liệu", "Figure"), t(locale, "dòng", "line"), f.line + 1, describe(a, f, locale));
        for l in read_links(a, Some(f), Some(f), &[], locale) {
            md.push_str("\n- ");
            md.push_str(&l);
        }
        return Some(HoverCard { markdown: md, range: target.range.clone() });
    };
    // A percentage of plan stated on its own after another one (`…, đạt 211,39% so với dự
    // toán, 192,95% chỉ tiêu phấn đấu`): the card of the value it is about.
    let (k, id) = match target.fig.and_then(|f| links::owner_of_plan_percent(a, f)) {
        Some(owner) => match figure::stmt_index(a, owner) {
            Some(j) => (j, owner),
            None => (k, id),
        },
        None => (k, id),
    };
    let s = a.statement(id);
    let line = id.line as usize;
    let fig = |q: Q| FigId { line: id.line, q };
    let target_ctx = a.figures.ctx.get(k).is_some_and(|c| c.plan);
    let full_name = figure::name_text(a, id).unwrap_or_default();
    let lower = lower_is_better(&full_name);
    let mut md = format!(
        "**{}** · {} {}",
        figure::display_name(a, id).unwrap_or_else(|| t(locale, "Số liệu", "Figure")),
        t(locale, "dòng", "line"),
        line + 1
    );
    if target_ctx {
        md.push_str(&t(locale, " · chỉ tiêu kế hoạch (mục tiêu)", " · a target"));
    }
    md.push('\n');
    let mut items: Vec<String> = Vec::new();
    // The figure hovered, when it is not the value: how it reads (when that says more than
    // the text), or, when the card does not show it anyway, what it is.
    if let Some(f) = target.fig.filter(|_| target.role != Some(figure::Role::Value)) {
        let d = describe(a, f, locale);
        let plain = format!("`{}`", shown(a, f).replace('`', ""));
        if d != plain || matches!(target.role, Some(figure::Role::Other | figure::Role::Count) | None) {
            items.push(format!("{}: {d}", t(locale, "Số liệu", "Figure")));
        }
    }
    let value = s.value.map(|v| (fig(v), a.figures.settled(a.quantity(fig(v))).0));
    if let Some((vf, _)) = &value {
        items.push(format!("{}: {}", t(locale, "Giá trị", "Value"), describe(a, *vf, locale)));
    }
    // Plan, percentage of plan, status.
    let stated_pp = s.plan_percent.and_then(|pp| stated_percent(a, fig(pp)));
    let mut status: Option<&str> = None;
    if let Some(p) = s.plan {
        let pf = fig(p);
        let (pq, _) = a.figures.settled(a.quantity(pf));
        let mut l = format!("{}: `{}`", t(locale, "Kế hoạch", "Plan"), shown(a, pf).replace('`', ""));
        if let Some((_, vq)) = &value {
            if is_rate(vq) {
                if let (Some(w), Some(pv), Bound::Exact) = (in_unit_of(vq, &pq), pq.value.exact(), pq.bound) {
                    let diff = w.value - pv;
                    let sign = if diff > Decimal::ZERO { "+" } else if diff < Decimal::ZERO { "−" } else { "±" };
                    let unit = unit_suffix(&pq);
                    let d = decimals(vq).max(decimals(&pq));
                    l.push_str(&match locale {
                        Locale::Vi => format!(" · chênh lệch {sign}{} điểm{unit}", vi_auto(diff.abs(), d)),
                        Locale::En => format!(" · difference {sign}{} points{unit}", vi_auto(diff.abs(), d)),
                    });
                }
            } else if let Some(op) = plan_percent::of_plan(a, id) {
                let (pct, note) = percent_text(op.percent, op.lo, op.hi, stated_pp, "%", locale);
                l.push_str(&match locale {
                    Locale::Vi => format!(" → đạt {pct} kế hoạch{note}"),
                    Locale::En => format!(" → {pct} of plan{note}"),
                });
            }
            if let Some(m) = met(vq, &pq, lower) {
                status = Some(if !m {
                    "below"
                } else if beyond(vq, &pq, lower) {
                    "above"
                } else {
                    "met"
                });
            }
        }
        items.push(l);
    } else if let (Some(pp), Some((_, vq))) = (stated_pp, &value) {
        // `11 triệu đồng, đạt 110% kế hoạch`: the plan it implies.
        items.extend(implied_plan(vq, pp, true, locale));
        status = Some(match pp.0.cmp(&Decimal::ONE_HUNDRED) {
            std::cmp::Ordering::Less => "below",
            std::cmp::Ordering::Equal => "met",
            std::cmp::Ordering::Greater => "above",
        });
    } else if let Some(pp) = stated_pp {
        items.push(format!("{}: {}%", t(locale, "Tỷ lệ so với kế hoạch", "Percentage of plan"), vi(pp.0, pp.1)));
    }
    // More percentages of plan (another plan, or a bare `đạt 36%`): the plans they imply.
    if let Some((_, vq)) = &value {
        for more in links::more_plan_percents(a, id) {
            if let Some(pp) = stated_percent(a, more.fig) {
                items.extend(implied_plan(vq, pp, more.sure, locale));
            }
        }
    }
    if let Some(st) = status.filter(|_| !target_ctx) {
        let word = match (st, locale) {
            ("below", Locale::Vi) => "chưa đạt",
            ("above", Locale::Vi) => "vượt",
            (_, Locale::Vi) => "đạt",
            ("below", Locale::En) => "not met",
            ("above", Locale::En) => "exceeded",
            (_, Locale::En) => "met",
        };
        let mut l = match locale {
            Locale::Vi => format!("Đánh giá: **{word}** kế hoạch"),
            Locale::En => format!("Status: plan **{word}**"),
        };
        if lower {
            l.push_str(&t(locale, " (chỉ tiêu càng thấp càng tốt)", " (lower is better)"));
        }
        items.push(l);
    }
    // A fraction and its percentage.
    if let Some(of) = ratio_percent::of_fraction(a, id) {
        let sign = if of.per_mille { "‰" } else { "%" };
        let (pct, _) = a.figures.settled(a.quantity(of.stated));
        let stated = pct.value.exact().map(|v| (v, decimals(&pct)));
        let (pct, note) = percent_text(of.computed, of.lo, of.hi, stated, sign, locale);
        items.push(format!("{}: {}/{} = {pct}{note}", t(locale, "Tỷ lệ", "Ratio"), vi_auto(of.num, 3), vi_auto(of.den, 3)));
    } else if let Some(ls) = number_format::lost_slash_reading(a, line, s) {
        // `27738 trường …, tỷ lệ 71,5%`: the ratio if the count is the fraction it probably was.
        let (pct, note) = percent_text(ls.computed, ls.lo, ls.hi, Some((ls.stated, ls.decimals)), "%", locale);
        let (digits, frac) = (&ls.digits, format!("{}/{}", ls.num, ls.den));
        items.push(match locale {
            Locale::Vi => format!("Tỷ lệ, tính từ các số liệu nếu «{digits}» là {frac} (có thể): {frac} = {pct}{note}"),
            Locale::En => format!("Ratio, from the figures if “{digits}” is {frac} (possibly): {frac} = {pct}{note}"),
        });
    } else if let Some((_, vq)) = &value {
        if let (Value::Fraction { num, den }, Some(r)) = (&vq.value, vq.value.ratio()) {
            items.push(format!("{}: {}/{} = {}%", t(locale, "Tỷ lệ", "Ratio"), vi_auto(*num, 3), vi_auto(*den, 3), vi_auto(r * Decimal::ONE_HUNDRED, 1)));
        }
    }
    // Changes against an earlier value.
    for c in &s.changes {
        let cf = fig(c.q);
        let (cq, _) = a.figures.settled(a.quantity(cf));
        let since = match (c.since, locale) {
            (Some(y), Locale::Vi) => format!("So với năm {y}"),
            (Some(y), Locale::En) => format!("Against {y}"),
            (None, Locale::Vi) => "So với kỳ trước".to_string(),
            (None, Locale::En) => "Against before".to_string(),
        };
        let verb = match (c.times, c.dir, locale) {
            (true, _, Locale::Vi) => "gấp",
            (true, _, Locale::En) => "times",
            (_, Direction::Up, Locale::Vi) => "tăng",
            (_, Direction::Up, Locale::En) => "up",
            (_, Direction::Down, Locale::Vi) => "giảm",
            (_, Direction::Down, Locale::En) => "down",
        };
        let mut l = format!("{since}: {verb} `{}`", shown(a, cf).replace('`', ""));
        if let Some((_, vq)) = &value {
            let prior = match (vq.value.exact(), c.times) {
                (Some(v), true) => cq.value.exact().filter(|x| !x.is_zero()).and_then(|x| v.checked_div(x)),
                (Some(v), false) => in_unit_of(&cq, vq).and_then(|w| match c.dir {
                    Direction::Up => v.checked_sub(w.value),
                    Direction::Down => v.checked_add(w.value),
                }),
                _ => None,
            };
            if let Some(p) = prior {
                let d = decimals(vq).max(decimals(&cq)).max(if c.times { 2 } else { 0 });
                let when = c.since.map(|y| y.to_string());
                l.push_str(&match (locale, when) {
                    (Locale::Vi, Some(y)) => format!(" → năm {y}: {}", with_unit(p, d, vq)),
                    (Locale::Vi, None) => format!(" → trước đó: {}", with_unit(p, d, vq)),
                    (Locale::En, Some(y)) => format!(" → in {y}: {}", with_unit(p, d, vq)),
                    (Locale::En, None) => format!(" → before: {}", with_unit(p, d, vq)),
                });
                if is_rate(vq) && is_rate(&cq) {
                    l.push_str(&t(locale, " (nếu là điểm %)", " (if percentage points)"));
                }
            }
        }
        items.push(l);
    }
    // A share of a whole.
    if let Some((p, _)) = &s.share {
        let pf = fig(*p);
        let text = a.line_text(line);
        let from = (a.quantity(pf).range.end as usize).min(text.len());
        let rest = &text[from..];
        let cut = rest.find([',', ';', '.', '(', ')']).unwrap_or(rest.len());
        let whole: String = rest[..cut].trim().chars().take(60).collect();
        let mut l = format!("{}: `{}` {}", t(locale, "Tỷ trọng", "Share"), shown(a, pf).replace('`', ""), whole.replace(['*', '`'], ""));
        if let Some((c, st, d)) = share_from_amounts(a, k) {
            let (pct, note) = percent_text(c, c, c, Some((st, d)), "%", locale);
            l.push_str(&format!(" ({}: {pct}{note})", t(locale, "tính từ các số liệu", "from the amounts")));
        }
        items.push(l.trim_end().to_string());
    }
    // A declared count and the items counted.
    if let Some(c) = count_items::item_count(a, k) {
        let rel = if c.counted == c.declared { " ✓".to_string() } else { format!(" — {} {}", t(locale, "văn bản ghi", "the text says"), c.declared) };
        items.push(format!("{}: {} {}{rel}", t(locale, "Đếm được", "Counted"), c.counted, c.what.get(locale)));
    } else if let Some(names) = [target.fig, s.count.map(fig), s.value.map(fig)].into_iter().flatten().find_map(|f| links::items_named(a, f)) {
        // Items found by name (a reading): as many as the count says.
        let list: Vec<String> = names
            .iter()
            .map(|(n, l)| match l {
                Some(l) => format!("{n} ({} {})", t(locale, "dòng", "line"), l + 1),
                None => n.clone(),
            })
            .collect();
        items.push(format!("{}: {} {}: {} ✓", t(locale, "Đếm được (có thể)", "Counted (possibly)"), names.len(), t(locale, "mục được nêu tên", "items named"), list.join("; ")));
    }
    // Shares of one whole, added up.
    let vfig0 = s.value.map(fig);
    if let Some(g) = [target.fig, vfig0].into_iter().flatten().find_map(|f| shares_sum::group_of(a, f)) {
        items.extend(shares_line(a, &g, locale));
    }
    // A balance carried over: revenue − spending.
    if let Some((vf, vq)) = value.as_ref().filter(|_| balance::is_carried(&s.key)) {
        if let Some(b) = balance::balances(a).into_iter().find(|b| b.carried == *vf) {
            let (pct, note) = match b.agreement {
                Agreement::Exact => (with_unit(b.difference, decimals(vq), vq), " ✓".to_string()),
                _ => (with_unit(b.difference, decimals(vq).max(b.difference.normalize().scale().min(3)), vq), format!(" ({} {})", t(locale, "văn bản ghi", "the text says"), shown(a, *vf))),
            };
            let at = |f: FigId| format!("`{}` ({} {})", shown(a, f).replace('`', ""), t(locale, "dòng", "line"), f.line + 1);
            items.push(format!("{}: {} − {} = {pct}{note}", t(locale, "Tổng thu − tổng chi", "Revenue − spending"), at(b.revenue), at(b.spending)));
        }
    }
    // Total and parts.
    if let Some(l) = parts_line(a, id, locale) {
        items.push(l);
    }
    if let Some((vf, _)) = &value {
        // (Not the line after the parts that is something else: see `sum_parts::counted`.)
        if let Some(pl) = a.figures.parts_lists.iter().find(|pl| pl.parts[..sum_parts::counted(a, pl)].contains(vf)) {
            items.push(format!("{}: `{}` ({} {})", t(locale, "Thuộc tổng", "Part of"), shown(a, pl.total).replace('`', ""), t(locale, "dòng", "line"), pl.total.line + 1));
        }
    }
    // The other mentions of the same indicator.
    let others = figure::other_mentions(a, k);
    let cited: Vec<u32> = others.iter().filter_map(|&j| a.figures.stmts.get(j)).map(|sid| sid.line).collect();
    if !others.is_empty() {
        let mut list: Vec<String> = others
            .iter()
            .take(6)
            .filter_map(|&j| {
                let sid = *a.figures.stmts.get(j)?;
                let o = a.statement(sid);
                let mut x = format!("{} {}: `{}`", t(locale, "dòng", "line"), sid.line + 1, shown(a, FigId { line: sid.line, q: o.value? }).replace('`', ""));
                if let Some(p) = o.plan {
                    x.push_str(&format!(" ({} {})", t(locale, "KH", "plan"), shown(a, FigId { line: sid.line, q: p })));
                }
                if a.figures.ctx.get(j).is_some_and(|c| c.plan) {
                    x.push_str(&t(locale, " (mục tiêu)", " (target)"));
                }
                Some(x)
            })
            .collect();
        if others.len() > 6 {
            list.push(format!("… (+{})", others.len() - 6));
        }
        items.push(format!("{}: {}", t(locale, "Cùng chỉ tiêu", "Same indicator"), list.join("; ")));
    }
    // What the wording around the figures suggests (see `links`).
    let has_ratio = ratio_percent::of_fraction(a, id).is_some() || s.share.is_some() && share_from_amounts(a, k).is_some();
    let vfig = value.as_ref().map(|(vf, _)| *vf);
    let ratio_fig = if has_ratio { None } else { target.fig.or(vfig) };
    // The figure hovered when it is not one the card is built around.
    let parts_fig = match target.role {
        Some(figure::Role::Other) | None => target.fig.or(vfig),
        _ => vfig.or(target.fig),
    };
    let mut read = read_links(a, ratio_fig, parts_fig, &cited, locale);
    items.append(&mut read);
    // What the reading layer tied these figures to, with the checks' own arithmetic (the whole
    // named elsewhere, the plan from the sentence before, the earlier level).
    let on_line: Vec<FigId> = s.figures().map(fig).chain(target.fig).collect();
    items.extend(relations_read(a, &on_line, id.line, locale));
    // Findings on it.
    let span = a.abs(line, s.span.clone());
    let findings: Vec<_> = a
        .findings
        .iter()
        .filter(|f| overlaps(&f.range, &span) || f.related.iter().any(|r| overlaps(&r.range, &target.range)))
        .collect();
    for f in findings.iter().take(4) {
        items.push(format!("{} `{}`: {}", sev_icon(f.severity), f.code, f.message.get(locale).replace('\n', " ")));
    }
    if findings.len() > 4 {
        items.push(format!("… (+{})", findings.len() - 4));
    }
    for i in items {
        md.push_str("\n- ");
        md.push_str(&i);
    }
    Some(HoverCard { markdown: md, range: target.range.clone() })
}

/// The relations the reading layer found for figures `figs` (stated results first: the reading
/// the checks use, through [`crate::checks::fig::best_reading`]; then totals and structures),
/// as card lines: what was computed from which figures (with their lines when not `home`), how
/// it compares with the text, and how sure the reading is.
pub fn relations_read(a: &Analysis, figs: &[FigId], home: u32, locale: Locale) -> Vec<String> {
    use crate::reading::relation::{Rel, Sure};
    let mut out = Vec::new();
    let mut seen: Vec<*const crate::reading::relation::Relation> = Vec::new();
    let sure = |s: Sure| {
        let (vi, en) = crate::checks::fig::sure_words(s);
        if locale == Locale::Vi { vi } else { en }
    };
    let elsewhere = |r: &crate::reading::relation::Relation| {
        let mut lines: Vec<u32> = r.figs().iter().map(|f| f.line).filter(|&l| l != home).collect();
        lines.sort_unstable();
        lines.dedup();
        if lines.is_empty() {
            String::new()
        } else {
            let l: Vec<String> = lines.iter().map(|l| (l + 1).to_string()).collect();
            format!(" ({} {})", t(locale, "số liệu ở dòng", "figures on line"), l.join(", "))
        }
    };
    for &f in figs {
        let Some((r, c)) = crate::checks::fig::best_reading(a, f) else { continue };
        if seen.contains(&(r as *const _)) {
            continue;
        }
        seen.push(r as *const _);
        let what = match (&r.rel, locale) {
            (Rel::OfPlan { .. }, Locale::Vi) => "So với kế hoạch",
            (Rel::OfPlan { .. }, Locale::En) => "Of plan",
            (Rel::Ratio { .. }, Locale::Vi) => "Tỷ lệ",
            (Rel::Ratio { .. }, Locale::En) => "Share",
            (Rel::Change { .. }, Locale::Vi) => "Mức thay đổi",
            (Rel::Change { .. }, Locale::En) => "Change",
            (Rel::Growth { .. }, Locale::Vi) => "Tăng bình quân",
            (Rel::Growth { .. }, Locale::En) => "Average growth",
            (_, Locale::Vi) => "Liên hệ",
            (_, Locale::En) => "Relation",
        };
        let d = c.decimals + 1;
        let verdict = match c.agreement() {
            Agreement::Exact => " ✓".to_string(),
            Agreement::Rounding => format!(" ≈ {} {}{} ({})", t(locale, "văn bản ghi", "the text says"), vi(c.stated_value, c.decimals), c.sign, t(locale, "làm tròn", "rounding")),
            Agreement::Contradiction => format!(" ✗ {} {}{}", t(locale, "văn bản ghi", "the text says"), vi(c.stated_value, c.decimals), c.sign),
        };
        out.push(format!("{what}: {} = {}{}{verdict} · {}{}", c.formula, vi(round(c.value, d), d), c.sign, sure(r.sure), elsewhere(r)));
    }
    for &f in figs {
        for r in a.reading.about(f) {
            if seen.contains(&(r as *const _)) || r.sure == Sure::Possible || !matches!(r.rel, Rel::Parts { .. } | Rel::Shares { .. }) {
                continue;
            }
            seen.push(r as *const _);
            let d = crate::reading::describe(a, r);
            // (Without the reader's tag: `[khả năng cao; parts]`.)
            let d = d.rsplit_once(" [").map_or(d.as_str(), |(x, _)| x).to_string();
            out.push(format!("{}: {d} · {}", t(locale, "Đọc được", "Read"), sure(r.sure)));
        }
    }
    out
}

/// The plan a percentage of plan implies for an amount (`11 triệu đồng, đạt 110% kế hoạch` →
/// ≈ 10 triệu đồng); `sure` is false for a bare `đạt 36%` (said so on the card).
fn implied_plan(vq: &Quantity, pp: (Decimal, u32), sure: bool, locale: Locale) -> Option<String> {
    if is_rate(vq) || pp.0 <= Decimal::ZERO {
        return None;
    }
    let plan = vq.value.exact()?.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(pp.0)?;
    let d = if plan.abs() >= Decimal::from(1000) { 0 } else { 2 };
    let pct = vi(pp.0, pp.1);
    Some(match (locale, sure) {
        (Locale::Vi, true) => format!("Kế hoạch (suy ra từ {pct}%): ≈ {}", with_unit(plan, d, vq)),
        (Locale::Vi, false) => format!("Kế hoạch (suy ra từ {pct}%, nếu đó là tỷ lệ so với kế hoạch): ≈ {}", with_unit(plan, d, vq)),
        (Locale::En, true) => format!("Plan (implied by {pct}%): ≈ {}", with_unit(plan, d, vq)),
        (Locale::En, false) => format!("Plan (implied by {pct}%, if that is of the plan): ≈ {}", with_unit(plan, d, vq)),
    })
}

/// The ties [`links`] reads from the wording: a percentage computed from two counts on the
/// line (for `ratio`), parts in the running text that add up to a total (for `total`), the
/// same figure elsewhere (for `total`, leaving out the lines in `cited`). Each says it is a
/// reading (`có thể`).
fn read_links(a: &Analysis, ratio: Option<FigId>, total: Option<FigId>, cited: &[u32], locale: Locale) -> Vec<String> {
    let mut out = Vec::new();
    let code = |f: FigId| format!("`{}`", shown(a, f).replace('`', ""));
    let at = |f: FigId, home: u32| if f.line == home { String::new() } else { format!(" ({} {})", t(locale, "dòng", "line"), f.line + 1) };
    if let Some(rf) = ratio {
        let (pq, _) = a.figures.settled(a.quantity(rf));
        let d = decimals(&pq);
        let shown_pct = |pct: Decimal| {
            let (v, truncated) = links::as_stated(pct, pq.value.exact().unwrap_or_default(), d);
            let note = if truncated { t(locale, " (cắt bớt, không làm tròn)", " (truncated, not rounded)") } else { String::new() };
            format!("{}%{note}", vi(v, d))
        };
        if let Some((c, w, pct)) = links::ratio_of_counts(a, rf) {
            out.push(match locale {
                Locale::Vi => format!("Tỷ lệ, tính từ các số liệu (có thể): {} / {} = {} ✓", code(c), code(w), shown_pct(pct)),
                Locale::En => format!("Ratio, from the figures (possibly): {} / {} = {} ✓", code(c), code(w), shown_pct(pct)),
            });
        } else if let Some((w, pct)) = links::share_of_named_whole(a, rf) {
            let part = a.lines()[rf.line as usize].statements.iter().find(|s| s.share.as_ref().is_some_and(|(p, _)| *p == rf.q)).and_then(|s| s.value);
            if let Some(v) = part {
                let vf = FigId { line: rf.line, q: v };
                out.push(match locale {
                    Locale::Vi => format!("Tỷ trọng, tính từ các số liệu (có thể): {} / {}{} = {} ✓", code(vf), code(w), at(w, rf.line), shown_pct(pct)),
                    Locale::En => format!("Share, from the figures (possibly): {} / {}{} = {} ✓", code(vf), code(w), at(w, rf.line), shown_pct(pct)),
                });
            }
        }
    }
    if let Some(tf) = total {
        // Parts of it, and a total above it it is a part of (not when the extractor tied it to
        // a list: the card says `Thuộc tổng` then), read from the wording.
        for r in links::parts_readings(a, tf) {
            out.push(reading_text(a, tf, &r, tf.line, None, locale));
        }
        let tied_part = a.figures.parts_lists.iter().any(|pl| pl.parts.contains(&tf));
        if let Some((total, r)) = links::part_of_reading(a, tf).filter(|_| !tied_part) {
            let of = format!("{}{}", code(total), at(total, tf.line));
            out.push(reading_text(a, total, &r, tf.line, Some(of), locale));
        }
        let same: Vec<String> = links::same_figure_elsewhere(a, tf)
            .into_iter()
            .filter(|g| !cited.contains(&g.line))
            .take(6)
            .map(|g| format!("{} {}: {}", t(locale, "dòng", "line"), g.line + 1, code(g)))
            .collect();
        if !same.is_empty() {
            out.push(format!("{}: {}", t(locale, "Cùng số liệu ở (có thể cùng chỉ tiêu)", "The same figure at (possibly the same indicator)"), same.join("; ")));
        }
    }
    out
}

/// A reading of the parts of `total` as a card line: `Có thể gồm: a + b → cộng lại s ✓`, or,
/// from a part's card (`of` names the total), `Có thể là một phần của t: …`. Figures on
/// another line than `home` say which.
fn reading_text(a: &Analysis, total: FigId, r: &links::PartsReading, home: u32, of: Option<String>, locale: Locale) -> String {
    let (tq, _) = a.figures.settled(a.quantity(total));
    let at = |f: FigId| if f.line == home { String::new() } else { format!(" ({} {})", t(locale, "dòng", "line"), f.line + 1) };
    let list: Vec<String> = r.parts.iter().map(|&p| format!("`{}`{}", shown(a, p).replace('`', ""), at(p))).collect();
    // As many decimals as the sum needs in the total's unit (`3.400.000.000đ` + `107 tỷ 646
    // triệu đồng` is 111,046 tỷ đồng, not 111), four at most.
    let d = r.parts.iter().map(|&p| decimals(a.quantity(p))).max().unwrap_or(0).max(decimals(&tq)).max(r.sum.normalize().scale().min(4));
    let sum = with_unit(r.sum, d, &tq);
    let head = match (locale, of, r.disposition) {
        (Locale::Vi, None, false) => "Có thể gồm".to_string(),
        (Locale::En, None, false) => "Possibly made of".to_string(),
        (Locale::Vi, None, true) => "Kết quả xử lý (có thể)".to_string(),
        (Locale::En, None, true) => "What became of it (possibly)".to_string(),
        (Locale::Vi, Some(of), false) => format!("Có thể là một phần của {of}"),
        (Locale::En, Some(of), false) => format!("Possibly a part of {of}"),
        (Locale::Vi, Some(of), true) => format!("Có thể là một phần của {of} (kết quả xử lý)"),
        (Locale::En, Some(of), true) => format!("Possibly a part of {of} (what became of it)"),
    };
    let tail = match (locale, r.exact) {
        (_, true) => " ✓".to_string(),
        (Locale::Vi, false) => " — ít hơn tổng (phần còn lại chưa nêu?)".to_string(),
        (Locale::En, false) => " — less than the total (the rest not stated?)".to_string(),
    };
    match locale {
        Locale::Vi => format!("{head}: {} → cộng lại {sum}{tail}", list.join(" + ")),
        Locale::En => format!("{head}: {} → adding up to {sum}{tail}", list.join(" + ")),
    }
}

/// Is a value beyond its plan (not just at it)? Exact plans and ranges only.
fn beyond(value: &Quantity, plan: &Quantity, lower_better: bool) -> bool {
    let Some(w) = in_unit_of(value, plan).map(|w| w.value) else { return false };
    match (&plan.value, plan.bound) {
        (Value::Exact(p), Bound::Exact) => {
            if lower_better {
                w < *p
            } else {
                w > *p
            }
        }
        (Value::Range { lo, hi }, _) => {
            if lower_better {
                w < *lo
            } else {
                w > *hi
            }
        }
        _ => false,
    }
}

/// A share recomputed from the amounts: the shares of the same whole (same report, same part,
/// sibling sections, a whole of the same name) that add up to 100% within rounding, and
/// their amounts. (computed, stated, stated decimals).
fn share_from_amounts(a: &Analysis, k: usize) -> Option<(Decimal, Decimal, u32)> {
    let id = *a.figures.stmts.get(k)?;
    let s = a.statement(id);
    let (p, whole) = s.share.as_ref()?;
    let ctx = a.figures.ctx.get(k)?;
    let parent = |c: &crate::figures::model::Context| c.section.and_then(|x| a.structure.sections.get(x)).and_then(|x| x.parent);
    let (vq, _) = a.figures.settled(a.quantity(FigId { line: id.line, q: s.value? }));
    if is_rate(&vq) || vq.value.exact().is_none() || whole.split_whitespace().count() < 2 {
        return None;
    }
    let mut shares = Decimal::ZERO;
    let mut slack = Decimal::ZERO;
    let mut total = Decimal::ZERO;
    let mut n = 0;
    for (j, sid) in a.figures.stmts.iter().enumerate() {
        let o = a.statement(*sid);
        let Some((op, ow)) = &o.share else { continue };
        let c = &a.figures.ctx[j];
        if c.scope != ctx.scope || c.plan != ctx.plan || parent(c) != parent(ctx) || !(ow == whole || figure::same_indicator(ow, whole)) {
            continue;
        }
        let (pq, _) = a.figures.settled(a.quantity(FigId { line: sid.line, q: *op }));
        let Some(ov) = o.value else { continue };
        let (oq, _) = a.figures.settled(a.quantity(FigId { line: sid.line, q: ov }));
        let (Some(sv), Some(w)) = (pq.value.exact(), in_unit_of(&oq, &vq)) else { continue };
        if is_rate(&oq) || !is_rate(&pq) || oq.value.exact().is_none() {
            continue;
        }
        shares += sv;
        slack += Decimal::new(5, decimals(&pq) + 1);
        total += w.value;
        n += 1;
    }
    if n < 2 || (shares - Decimal::ONE_HUNDRED).abs() > slack || total.is_zero() {
        return None;
    }
    let (pq, _) = a.figures.settled(a.quantity(FigId { line: id.line, q: *p }));
    let c = vq.value.exact()?.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(total)?;
    Some((c, pq.value.exact()?, decimals(&pq)))
}

/// `Các tỷ lệ cùng tổng thể: 8,5% + 26,1% + 65,4% = 100% ✓` for a share among others of one whole.
fn shares_line(a: &Analysis, g: &shares_sum::ShareGroup, locale: Locale) -> Option<String> {
    let (s, lo, hi) = g.total(a)?;
    let list: Vec<String> = g.figs.iter().map(|&f| format!("{}%", vi_auto(a.quantity(f).value.exact().unwrap_or_default(), 3))).collect();
    let hundred = Decimal::ONE_HUNDRED;
    let rel = if lo > hundred {
        t(locale, " — vượt quá 100%", " — more than 100%")
    } else if hi < hundred {
        if g.exhaustive {
            t(locale, " — chưa đủ 100% (thiếu một loại?)", " — less than 100% (a category missing?)")
        } else {
            t(locale, " (phần còn lại: các thành phần khác)", " (the rest: other parts)")
        }
    } else {
        " ✓".to_string()
    };
    let lines: std::collections::BTreeSet<u32> = g.figs.iter().map(|f| f.line + 1).collect();
    let at = if lines.len() > 1 {
        format!(" ({} {})", t(locale, "dòng", "lines"), lines.iter().map(u32::to_string).collect::<Vec<_>>().join(", "))
    } else {
        String::new()
    };
    Some(format!("{}{at}: {} = {}%{rel}", t(locale, "Các tỷ lệ cùng tổng thể", "Shares of the same whole"), list.join(" + "), vi_auto(s, 3)))
}

/// `Trong đó: 3 thành phần, cộng lại 244,6 ha` for a total with its parts (the list the
/// sum-parts check reads, and its rule: below a total, a last line that the others already make
/// up is not a part, e.g. the balance after the spending items).
fn parts_line(a: &Analysis, id: crate::figures::model::StmtId, locale: Locale) -> Option<String> {
    let pl = a.figures.parts_lists.iter().find(|pl| pl.total_stmt == id && pl.parts.len() >= 2)?;
    let (tq, _) = a.figures.settled(a.quantity(pl.total));
    let n = sum_parts::counted(a, pl);
    let parts: Option<Vec<Written>> = pl.parts[..n].iter().map(|&f| in_unit_of(&a.figures.settled(a.quantity(f)).0, &tq)).collect();
    let parts = parts?;
    let tw = written(&tq)?;
    let (s, lo, hi) = sum(&parts)?;
    let dec = pl.parts[..n].iter().map(|&f| decimals(a.quantity(f))).max().unwrap_or(0).max(decimals(&tq));
    let rel = if agree(tw.value, tw.ulp.scale(), s, lo, hi) != Agreement::Contradiction {
        " ✓".to_string()
    } else if s > tw.value {
        t(locale, " — lớn hơn tổng", " — more than the total")
    } else {
        t(locale, " — ít hơn tổng (danh sách chưa đủ?)", " — less than the total (a partial list?)")
    };
    Some(match locale {
        Locale::Vi => format!("Trong đó: {n} thành phần, cộng lại {}{rel}", with_unit(s, dec, &tq)),
        Locale::En => format!("Of which: {n} parts, adding up to {}{rel}", with_unit(s, dec, &tq)),
    })
}

fn sev_icon(s: Severity) -> &'static str {
    match s {
        // Text, not emoji: editors' hover fonts often lack the emoji glyphs.
        Severity::Error => "**[lỗi]**",
        Severity::Warning => "**[cảnh báo]**",
        Severity::Info | Severity::Hint => "[thông tin]",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Config;

    #[test]
    fn footnote_and_heading_cards() {
        let t = "1. Kinh tế\nChi 9,4 tỷ đồng⁽¹⁾.\n3. Xã hội\n¹ Sửa chữa trường học.\n";
        let a = Analysis::from_text(t, &Config::default());
        let h = hover(&a, t.find('⁽').unwrap(), Locale::Vi).unwrap();
        assert!(h.markdown.contains("Sửa chữa trường học"), "{}", h.markdown);
        let h = hover(&a, t.find("Xã hội").unwrap(), Locale::Vi).unwrap();
        assert!(h.markdown.starts_with("**3. Xã hội**"), "{}", h.markdown);
        assert!(h.markdown.contains("heading-gap"), "{}", h.markdown);
        // The indicator's words give its card; plain words give nothing.
        assert!(hover(&a, t.find("Chi").unwrap(), Locale::Vi).unwrap().markdown.contains("`9,4 tỷ đồng` = 9 400 000 000 đồng"));
        assert!(hover(&a, t.find("trường").unwrap(), Locale::Vi).is_none());
    }

    fn card(t: &str, at: &str, k: usize) -> String {
        let a = Analysis::from_text(t, &Config::default());
        hover(&a, t.find(at).unwrap() + k, Locale::Vi).map(|h| h.markdown).unwrap_or_default()
    }

    #[test]
    fn the_card_shows_what_the_reading_tied() {
        // The whole on the section's lead line, the share two lines below.
        let t = "1. Đất đai\nDiện tích tự nhiên toàn xã 2.500 ha.\nĐất ở 150 ha.\nĐất lúa 625 ha, chiếm 25%.\n";
        let c = card(t, "25%", 1);
        assert!(c.contains("Tỷ lệ: 625 ha / 2.500 ha = 25") && c.contains("✓") && c.contains("đọc theo ngữ cảnh") && c.contains("số liệu ở dòng 2"), "{c}");
        // The plan in the sentence before, and a wrong percentage.
        let t = "1. Kinh tế\nKế hoạch vốn năm là 48 tỷ đồng. Đến nay giải ngân 30,2 tỷ đồng, đạt 70% kế hoạch.\n";
        let c = card(t, "70%", 1);
        assert!(c.contains("So với kế hoạch: 30,2 tỷ đồng / 48 tỷ đồng = 62,9") && c.contains("✗ văn bản ghi 70%"), "{c}");
        // The earlier level named after the change.
        let t = "1. Lao động\nNăm 2024 có 1.260 lao động có việc làm, tăng 5% so với năm 2023 là 1.200 lao động.\n";
        let c = card(t, "5%", 0);
        assert!(c.contains("Mức thay đổi:") && c.contains("✓"), "{c}");
        // A total and its parts.
        let t = "1. Chăn nuôi\nTổng đàn trâu bò 1.800 con (bò 1.350 con, trâu 450 con).\n";
        let c = card(t, "1.800", 1);
        assert!(c.contains("Đọc được: tổng 1.800 con"), "{c}");
    }

    #[test]
    fn figure_card_plan_percentage_and_finding() {
        let t = "- Cơ cấu kinh tế: Giá trị sản xuất ước đạt trên 515,74 tỷ đồng (chỉ tiêu 570 tỷ đồng, đạt 98,3%).\n";
        let a = Analysis::from_text(t, &Config::default());
        let h = hover(&a, t.find("515,74").unwrap() + 2, Locale::Vi).unwrap();
        assert_eq!(&t[h.range.clone()], "trên 515,74 tỷ đồng");
        let md = h.markdown;
        assert!(md.starts_with("**Giá trị sản xuất** · dòng 1"), "{md}");
        assert!(md.contains("`trên 515,74 tỷ đồng` = 515 740 000 000 đồng"), "{md}");
        assert!(md.contains("Kế hoạch: `570 tỷ đồng` → đạt 90,5% kế hoạch (văn bản ghi 98,3%)"), "{md}");
        assert!(md.contains("Đánh giá: **chưa đạt** kế hoạch"), "{md}");
        assert!(md.contains("`plan-percent`"), "{md}");
        // The same card from the plan, the percentage and the indicator's name.
        for at in ["570", "98,3", "Giá trị sản"] {
            assert!(card(t, at, 1).contains("đạt 90,5% kế hoạch"), "{at}");
        }
        let en = hover(&a, t.find("570").unwrap(), Locale::En).unwrap().markdown;
        assert!(en.contains("Plan: `570 tỷ đồng` → 90,5% of plan (the text says 98,3%)"), "{en}");
        assert!(en.contains("Status: plan **not met**"), "{en}");
    }

    #[test]
    fn figure_card_status_bounds_and_lower_is_better() {
        let t = "2. Chỉ tiêu xã hội\n- Tỷ lệ phát triển dân số tự nhiên 11%0 (kế hoạch dưới 13%0);\n- Tỷ lệ hộ nghèo giữ mức 1,2% (kế hoạch 1%);\n- Tỷ lệ hộ gia đình đạt chuẩn văn hoá đạt 98,4% (kế hoạch 98% trở lên);\n- Thu ngân sách 3.368 triệu đồng (kế hoạch 1.728 triệu đồng);\n";
        let md = card(t, "11%0", 1);
        assert!(md.contains("= 1,1%"), "{md}");
        assert!(md.contains("**đạt** kế hoạch"), "{md}");
        let md = card(t, "1,2%", 1);
        assert!(md.contains("**chưa đạt** kế hoạch (chỉ tiêu càng thấp càng tốt)"), "{md}");
        assert!(md.contains("chênh lệch +0,2 điểm%"), "{md}");
        assert!(card(t, "98,4%", 1).contains("**đạt** kế hoạch"));
        let md = card(t, "3.368", 1);
        assert!(md.contains("`3.368 triệu đồng` = 3 368 000 000 đồng"), "{md}");
        assert!(md.contains("đạt 194,9% kế hoạch"), "{md}");
        assert!(md.contains("**vượt** kế hoạch"), "{md}");
    }

    #[test]
    fn figure_card_implied_plan_change_share_ratio_and_mentions() {
        let t = "1. Thương mại\nTổng thu nhập từ thương mại dịch vụ ước đạt 159.917 triệu đồng, đạt 97% kế hoạch năm, tăng 13.233 triệu đồng so với năm 2019, chiếm 74% cơ cấu kinh tế.\n\
                 Số hộ đạt chuẩn: 121/130 hộ, đạt 90,4%.\n2. Tổng hợp\nTổng thu nhập từ thương mại dịch vụ 159.917 triệu đồng.\n";
        let md = card(t, "159.917", 1);
        assert!(md.contains("Kế hoạch (suy ra từ 97%): ≈ 164 863 triệu đồng") || md.contains("≈ 164.863 triệu đồng"), "{md}");
        assert!(md.contains("**chưa đạt**"), "{md}");
        assert!(md.contains("So với năm 2019: tăng `13.233 triệu đồng` → năm 2019: 146.684 triệu đồng"), "{md}");
        assert!(md.contains("Tỷ trọng: `74%` cơ cấu kinh tế"), "{md}");
        assert!(md.contains("Cùng chỉ tiêu: dòng 5: `159.917 triệu đồng`"), "{md}");
        let md = card(t, "90,4", 1);
        assert!(md.contains("Tỷ lệ: 121/130 = 93,1% (văn bản ghi 90,4%)"), "{md}");
        assert!(md.contains("`ratio-percent`"), "{md}");
        // A count that lost its slash: the ratio it gives read as a fraction.
        let t = "Đến nay đã có 27738 trường đạt chuẩn, tỷ lệ 71,5%.\n";
        let md = card(t, "71,5", 1);
        assert!(md.contains("Tỷ lệ, tính từ các số liệu nếu «27738» là 27/38 (có thể): 27/38 = 71,1% (văn bản ghi 71,5%)"), "{md}");
        // A part of a total above it, read from the wording.
        let t = "Tiếp nhận 12 vụ (05 vụ trộm, 07 vụ đánh nhau). Hòa giải 04 vụ, chuyển Công an huyện 08 vụ.\n";
        let md = card(t, "04 vụ", 1);
        assert!(md.contains("Có thể là một phần của `12 vụ` (kết quả xử lý): `04 vụ` + `08 vụ` → cộng lại 12 vụ ✓"), "{md}");
    }

    #[test]
    fn figure_card_counts_shares_and_balance() {
        // A declared count and the items listed below it.
        let t = "I. CHỈ TIÊU\n1. Chỉ tiêu kinh tế (03 chỉ tiêu):\n- Thu ngân sách 3.368 triệu đồng;\n- Tổng mức đầu tư 42 tỷ đồng.\n";
        let md = card(t, "03 chỉ", 1);
        assert!(md.contains("Đếm được: 2 mục được liệt kê bên dưới — văn bản ghi 3"), "{md}");
        // Shares of one whole, added up.
        let t = "- Cơ cấu kinh tế: Giá trị sản xuất ước đạt 515,74 tỷ đồng. Trong đó nông nghiệp 8,5%; tiểu thủ công nghiệp 26,1%; dịch vụ 65,4%.\n";
        let md = card(t, "26,1", 1);
        assert!(md.contains("Các tỷ lệ cùng tổng thể: 8,5% + 26,1% + 65,4% = 100% ✓"), "{md}");
        let t = "Hạnh kiểm: Loại Tốt có 92,3%; Loại Khá có 7,5%; Loại TB có 0,5%.\n";
        let md = card(t, "7,5", 1);
        assert!(md.contains("= 100,3% — vượt quá 100%"), "{md}");
        // A balance carried over: revenue − spending.
        let t = "3. Tài chính\nTổng thu ngân sách năm 2021 là: 7.804.089.625đ\nTổng chi ngân sách năm 2021 là: 7.687.148.250đ\nCân đối chuyển sang năm 2022: 116.941.375đ\n";
        let md = card(t, "116.941", 1);
        assert!(md.contains("Tổng thu − tổng chi: `7.804.089.625đ` (dòng 2) − `7.687.148.250đ` (dòng 3) = 116.941.375 đồng ✓"), "{md}");
    }

    #[test]
    fn hover_never_panics() {
        let t = "Thu 3.368 triệu đồng⁽¹⁾ (kế hoạch 1.728), e\u{301} 12,500 liều 𝟙\r\n¹ Chi tiết 5 tỷ.\n";
        let a = Analysis::from_text(t, &Config::default());
        for o in 0..t.len() + 5 {
            let _ = hover(&a, o, Locale::Vi);
            let _ = hover(&a, o, Locale::En);
        }
    }
}
