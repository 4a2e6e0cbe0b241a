"""The comparison as a text table (the terminal) and as a self-contained HTML page with hand-built SVG
bar charts (no JavaScript, no external files) that a policy maker can open or send on."""
from __future__ import annotations

import html
import math
from typing import Callable, Sequence

from engine.simulation.kpis import KPIS, Kpi, Kpis, labels
from engine.simulation.sampler import FAVOURABLE
from engine.simulation.scenario import Scenario
from engine.simulation.statistics_ci import Interval, difference, summarise

Column = tuple[str, list[Kpis]]  # (label, KPIs per replication)
COUNTS = ["reflection", "shelter", "permit", "identified", "protected", "protected_non_reporters"]
DAYS = ["days_to_reflection", "days_to_first_assessment", "days_to_final_decision", "days_to_permit"]
COLOURS = ["#4C72B0", "#DD8452", "#55A868", "#C44E52"]
CHART_LABELS = {"reflection": "Reflection period", "shelter": "Shelter", "permit": "Residence permit",
                "identified": "Identified", "protected": "Protected", "protected_non_reporters": "Protected, no report",
                "days_to_reflection": "To reflection", "days_to_first_assessment": "To first stage",
                "days_to_final_decision": "To final decision", "days_to_permit": "To permit"}
NOT_MODELLED = [
    "Individual panel members and caseworkers: a lane is a pool of equal people (a panel sitting takes "
    "its members per sitting together); no absences, no preferences.",
    "Nationality beyond residence status; behaviour that changes with the person's history in the case "
    "(decision tables read the person's attributes at arrival only).",
    "Shelter types the scenario does not list are unlimited; a placement refused for want of a place is "
    "recorded as no place (the model escalates it), not tried at another type.",
]


def format_interval(ci: Interval, unit: str, decimal_comma: bool = False) -> str:
    """'mean [low, high]', or the mean alone, or '–' when there is nothing to show. With `decimal_comma`
    (Dutch): '12,5 [10,1; 14,9]'."""
    if math.isnan(ci.mean):
        return "–"
    digits = 2 if unit == "share" else 1

    def number(value: float) -> str:
        text = f"{value:.{digits}f}"
        return text.replace(".", ",") if decimal_comma else text

    if math.isnan(ci.low):
        return number(ci.mean)
    separator = "; " if decimal_comma else ", "
    return f"{number(ci.mean)} [{number(ci.low)}{separator}{number(ci.high)}]"


def comparison(columns: Sequence[Column]) -> list[tuple[Kpi, list[Interval], Interval | None]]:
    summaries = [summarise(reps) for _, reps in columns]
    keys = [k.key for k in KPIS] + sorted({k for s in summaries for k in s} - {k.key for k in KPIS})
    described = labels(keys)
    diffs = difference(columns[0][1], columns[-1][1]) if len(columns) == 2 else {}
    return [(described[key], [s.get(key, Interval(math.nan, math.nan, math.nan, 0)) for s in summaries],
             diffs.get(key)) for key in keys if key in described]


def text_table(columns: Sequence[Column]) -> str:
    head = ["KPI (mean [95 % CI])"] + [label for label, _ in columns]
    if len(columns) == 2:
        head.append(f"difference ({columns[1][0]} − {columns[0][0]})")
    lines = [head]
    for kpi, cells, diff in comparison(columns):
        row = [kpi.label] + [format_interval(c, kpi.unit) for c in cells]
        if len(columns) == 2:
            row.append(format_interval(diff, kpi.unit) + (" *" if diff and significant(diff) else "") if diff else "–")
        lines.append(row)
    widths = [max(len(r[i]) for r in lines) for i in range(len(head))]
    out = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in lines]
    out.insert(1, "  ".join("-" * w for w in widths))
    if len(columns) == 2:
        out.append("* the paired difference's 95 % CI excludes 0 (same people in both)")
    return "\n".join(out)


def significant(ci: Interval) -> bool:
    """The paired difference's 95 % CI excludes 0."""
    return not math.isnan(ci.low) and (ci.low > 0 or ci.high < 0)


def bar_chart(title: str, keys: list[str], columns: Sequence[Column], unit: str,
              label_of: Callable[[str], str] | None = None) -> str:
    """Grouped bars (one group per KPI, one bar per column) with the 95 % CI as a whisker. `label_of`
    gives a KPI's short label (the page's language); by default the English chart labels."""
    summaries = [summarise(reps) for _, reps in columns]
    described = labels(keys)
    values = [[s.get(k) for s in summaries] for k in keys]
    top = max([c.high if not math.isnan(c.high) else c.mean for row in values for c in row
               if c is not None and not math.isnan(c.mean)] + [1.0])
    width, height, left, bottom, group = 760, 300, 50, 60, 700 / max(len(keys), 1)
    bar = min(40.0, (group - 20) / max(len(columns), 1))
    scale = (height - bottom - 30) / top
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="{html.escape(title)}" font-family="sans-serif" font-size="11">',
             f'<text x="{left}" y="16" font-size="13" font-weight="bold">{html.escape(title)} ({unit})</text>',
             f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" stroke="#333"/>']
    for g, (key, row) in enumerate(zip(keys, values)):
        x0 = left + g * group + 10
        for i, ci in enumerate(row):
            if ci is None or math.isnan(ci.mean):
                continue
            x, h = x0 + i * bar, ci.mean * scale
            parts.append(f'<rect x="{x:.1f}" y="{height - bottom - h:.1f}" width="{bar - 4:.1f}" height="{h:.1f}" '
                         f'fill="{COLOURS[i % len(COLOURS)]}"><title>{html.escape(columns[i][0])}: '
                         f'{ci.mean:.1f}</title></rect>')
            if not math.isnan(ci.low):
                cx = x + (bar - 4) / 2
                y_low, y_high = height - bottom - max(ci.low, 0.0) * scale, height - bottom - ci.high * scale
                parts.append(f'<path d="M{cx:.1f} {y_low:.1f}V{y_high:.1f}M{cx - 4:.1f} {y_low:.1f}h8'
                             f'M{cx - 4:.1f} {y_high:.1f}h8" stroke="#111" fill="none"/>')
        label = (label_of(key) if label_of else None) or CHART_LABELS.get(key) or (
            described[key].label if key in described else key)
        parts.append(f'<text x="{x0:.1f}" y="{height - bottom + 14}" font-size="10">'
                     f'{html.escape(_short(label))}</text>')
    parts.append(f'<text x="{left - 6}" y="{height - bottom - top * scale + 4:.1f}" text-anchor="end">{top:.0f}</text>'
                 f'<text x="{left - 6}" y="{height - bottom + 4}" text-anchor="end">0</text>'
                 f'<line x1="{left}" y1="{height - bottom}" x2="{left}" y2="{height - bottom - top * scale:.1f}" '
                 f'stroke="#333"/>')
    for i, (name, _) in enumerate(columns):
        parts.append(f'<rect x="{left + i * 180}" y="{height - 18}" width="10" height="10" '
                     f'fill="{COLOURS[i % len(COLOURS)]}"/><text x="{left + 14 + i * 180}" y="{height - 9}">'
                     f'{html.escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _short(label: str) -> str:
    return label if len(label) <= 28 else label[:26] + "…"


def html_report(scenarios: Sequence[Scenario], columns: Sequence[Column], replications: int) -> str:
    esc = html.escape
    rows = []
    for kpi, cells, diff in comparison(columns):
        tds = "".join(f"<td>{esc(format_interval(c, kpi.unit))}</td>" for c in cells)
        if len(columns) == 2:
            mark = " <strong>*</strong>" if diff and significant(diff) else ""
            tds += f"<td>{esc(format_interval(diff, kpi.unit)) if diff else '–'}{mark}</td>"
        rows.append(f"<tr><th scope='row'>{esc(kpi.label)}</th>{tds}</tr>")
    head = "".join(f"<th scope='col'>{esc(label)}</th>" for label, _ in columns)
    if len(columns) == 2:
        head += f"<th scope='col'>difference ({esc(columns[1][0])} − {esc(columns[0][0])})</th>"
    assumptions = "".join(
        f"<li><code>{esc(name)}</code> — {'<em>assumed</em>' if where == 'assumed' else esc(where)}</li>"
        for s in scenarios for name, where in s.assumptions())
    favourable = "".join(f"<li><code>{esc(task)}</code>: {esc(meaning)}</li>" for task, meaning in FAVOURABLE.items())
    first = scenarios[0]
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{esc(first.name_en or first.name)}</title>
<style>body{{font-family:sans-serif;max-width:60rem;margin:2rem auto;color:#222}}
table{{border-collapse:collapse;font-size:.9rem}}td,th{{border:1px solid #ccc;padding:.25rem .5rem;text-align:right}}
th[scope=row]{{text-align:left;font-weight:normal}}</style></head><body>
<h1>{esc(first.name_en or first.name)}</h1>
<p>{esc(first.question_en or first.question)}</p>
<p>Synthetic people (fictional) driven through the executable procedure models of each variant, with the
legal values of that variant, on a virtual clock. {replications} replication(s) of
{first.arrival_days:g} days of arrivals at {first.rate_per_year:g} a year, followed for
{first.follow_up_days:g} more days; seed {first.seed}. Each variant meets the same people with the same
answers (common random numbers). Intervals are 95 % t-intervals over replications.</p>
<h2>Key figures</h2>
<table><thead><tr><th>KPI (mean [95 % CI])</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>
{'<p>* the paired difference’s 95 % CI excludes 0.</p>' if len(columns) == 2 else ''}
<h2>Comparison</h2>
{bar_chart("People reaching protection", COUNTS, columns, "cases")}
{bar_chart("Time from signal", DAYS, columns, "median days")}
<h2>Assumptions and sources</h2>
<ul>{assumptions}</ul>
<h3>What the decision shares mean</h3><ul>{favourable}</ul>
<h2>Not modelled in this version</h2><ul>{''.join(f'<li>{esc(n)}</li>' for n in NOT_MODELLED)}</ul>
</body></html>
"""
