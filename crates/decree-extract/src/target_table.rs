//! Target tables: indicator rows with a reference-year value and a plan-year target.

use crate::columns::{align, Role};
use crate::{quote, unparsed, Context, Extraction};
use decree_layout::Table;
use decree_model::{IndexName, Indicator, Measure, Target};
use decree_norm::{parse_measure, parse_rank};

pub(crate) fn is_target_table(roles: &[Role]) -> bool {
    roles.iter().any(|r| matches!(r, Role::Value { .. }))
        && roles.iter().any(|r| matches!(r, Role::Group | Role::Task | Role::Other))
        && !roles.iter().any(|r| matches!(r, Role::Lead | Role::Support | Role::Deadline))
}

pub(crate) fn read(table: &Table, roles: &[Role], ctx: &Context, out: &mut Extraction) {
    let index = ctx.index_hint.or_else(|| ctx.annex.as_ref().and_then(|a| a.indices.first().copied()));
    let Some(index) = index else {
        out.findings.push(unparsed(
            &table.prov,
            format!("Bảng chỉ tiêu {} không rõ thuộc chỉ số nào (PCI, PAPI, SIPAS, PAR INDEX).", table.index + 1),
        ));
        return;
    };
    let romans = table.body().iter().any(|r| is_roman(align(r, roles).get(Role::Stt)));
    let mut roman = String::new();
    for (i, row) in table.rows.iter().enumerate().skip(table.header_rows) {
        let cells = align(row, roles);
        let code = cells.get(Role::Stt).trim().trim_end_matches('.').to_owned();
        let name =
            [Role::Group, Role::Task, Role::Other].iter().map(|&r| cells.get(r)).find(|t| !t.is_empty()).unwrap_or("");
        let name = &crate::one_line(name);
        let row_no = u32::try_from(i).unwrap_or(u32::MAX);
        if code.is_empty() {
            if !continue_name(out, name) && !row.is_blank() {
                out.findings.push(unparsed(
                    &row.prov.in_table(table.index, row_no),
                    format!("Dòng bảng chỉ tiêu không có số thứ tự: {}", quote(name)),
                ));
            }
            continue;
        }
        if is_roman(&code) {
            roman.clone_from(&code);
        }
        let full = if romans && !is_roman(&code) && !roman.is_empty() { format!("{roman}.{code}") } else { code };
        let (baseline, target, max) = measures(&cells, roles, ctx.plan_year);
        let prov = row.prov.in_table(table.index, row_no);
        add_indicator(out, index, &full, name, max);
        if baseline.is_some() || target.is_some() {
            let indicator = indicator_id(index, &full);
            let direction = crate::link::direction(out, &indicator);
            out.targets.push(Target { indicator, baseline, target, direction, provenance: prov });
        }
    }
}

fn is_roman(code: &str) -> bool {
    let c = code.trim().trim_end_matches('.');
    !c.is_empty() && c.chars().all(|ch| matches!(ch, 'I' | 'V' | 'X' | 'L'))
}

pub(crate) fn indicator_id(index: IndexName, code: &str) -> String {
    if code.is_empty() {
        index.as_str().to_owned()
    } else {
        format!("{index}:{code}")
    }
}

/// A name cut by a page break continues on a row with no number.
fn continue_name(out: &mut Extraction, name: &str) -> bool {
    if !name.chars().next().is_some_and(char::is_lowercase) {
        return false;
    }
    match out.indicators.last_mut() {
        Some(last) => {
            last.name.push(' ');
            last.name.push_str(name);
            true
        }
        None => false,
    }
}

fn add_indicator(out: &mut Extraction, index: IndexName, code: &str, name: &str, max: Option<f64>) {
    let id = indicator_id(index, code);
    if let Some(existing) = out.indicators.iter_mut().find(|i| i.id == id) {
        existing.max = existing.max.or(max);
        return;
    }
    let parent = match code.rsplit_once('.') {
        Some((p, _)) => indicator_id(index, p),
        None => index.as_str().to_owned(),
    };
    let catalog = crate::link::entry(index, name).map(|e| e.key.clone());
    out.indicators.push(Indicator {
        id,
        index,
        code: code.to_owned(),
        name: name.to_owned(),
        parent: Some(parent),
        max,
        catalog,
    });
}

/// Baseline and target measures of a row, and the maximum either states.
fn measures(
    cells: &crate::columns::Aligned,
    roles: &[Role],
    plan_year: Option<i32>,
) -> (Option<Measure>, Option<Measure>, Option<f64>) {
    let mut sides: [Option<Measure>; 2] = [None, None];
    let mut max = None;
    let mut seen = Vec::new();
    for role in roles {
        let Role::Value { target, rank, year } = *role else {
            continue;
        };
        if seen.contains(role) {
            continue;
        }
        seen.push(*role);
        let text = cells.get(*role).trim();
        let side = usize::from(target);
        let year = year.or(if target { plan_year } else { plan_year.map(|y| y - 1) });
        if rank {
            if let (Some(m), Some((r, to, of))) = (sides[side].as_mut(), parse_rank(text)) {
                m.rank = Some(r);
                m.rank_to = to;
                m.rank_of = of;
                m.raw = format!("{} | {text}", m.raw);
            }
            continue;
        }
        if let Some(p) = parse_measure(text, year) {
            max = max.or(p.max);
            sides[side] = Some(p.measure);
        }
    }
    let [baseline, target] = sides;
    (baseline, target, max)
}
