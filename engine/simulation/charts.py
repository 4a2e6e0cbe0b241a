"""The charts of a run, each as SVG (for the report and the web page) and PNG (for slides and mail):
decision-time distributions, queues and cases in procedure over time, utilisation of each lane, and the
comparison of the variants with 95 % CIs. Matplotlib without a display (Agg); Dutch labels."""
from __future__ import annotations

import io
import math
from pathlib import Path
from typing import Callable

import matplotlib

matplotlib.use("Agg")  # no display: files only
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from engine.simulation import words  # noqa: E402
from engine.simulation.outputs import Results  # noqa: E402
from engine.simulation.records import Series  # noqa: E402
from engine.simulation.statistics_ci import Interval, difference, summarise  # noqa: E402

COLOURS = ["#4C72B0", "#DD8452", "#55A868", "#C44E52"]
COMPARED = ["protected", "reflection", "shelter", "permit", "identified", "days_to_first_assessment",
            "days_to_final_decision", "p90_days_to_final_decision", "placement_escalations",
            "first_stage_escalations"]
plt.rcParams.update({"font.family": "DejaVu Sans", "font.size": 9, "svg.hashsalt": "erkend",
                     "axes.spines.top": False, "axes.spines.right": False})


def decision_times(results: Results) -> Figure:
    fig, axes = plt.subplots(1, 2, figsize=(8, 3.2))
    for ax, key, title in zip(axes, ("first_assessment", "final_decision"),
                              ("Signaal → eerste beoordeling", "Signaal → eindbesluit identificatie")):
        data = [(i, v, results.decision_days[v][key]) for i, v in enumerate(results.kpis)
                if results.decision_days[v][key]]  # i: the variant's colour, the same in every chart
        top = max((max(values) for _, _, values in data), default=1.0) or 1.0
        bins = [top * i / 30 for i in range(31)]
        for i, variant, values in data:
            ax.hist(values, bins=bins, histtype="step", linewidth=1.6, color=COLOURS[i % 4],
                    label=f"{words.variant(variant)} (n={len(values)})")
        ax.set_title(title)
        ax.set_xlabel("dagen")
        ax.set_ylabel("zaken (alle herhalingen)")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts of cases
        if data:
            ax.legend(fontsize=7)
        else:
            ax.text(0.5, 0.5, "geen besluiten in deze run", ha="center", transform=ax.transAxes)
    fig.tight_layout()
    return fig


def _mean_series(runs: list[Series], name: str) -> tuple[list[float], list[float]]:
    if not runs:
        return [], []
    length = min(len(r.days) for r in runs)
    days = runs[0].days[:length]
    return days, [sum(r.values[name][i] for r in runs) / len(runs) for i in range(length)]


def queues(results: Results) -> Figure:
    lanes = sorted({name.removeprefix("queue_") for runs in results.series.values() for r in runs
                    for name in r.values if name.startswith("queue_")})
    panels = [("running", "In procedure (gemiddeld)")] + [(f"queue_{lane}", f"Wachtrij {words.lane(lane)}")
                                                          for lane in lanes]
    columns = 3
    rows = math.ceil(len(panels) / columns)
    fig, axes = plt.subplots(rows, columns, figsize=(9, 2.4 * rows + 0.6), squeeze=False)
    flat = [ax for row in axes for ax in row]
    for ax, (name, title) in zip(flat, panels):
        for i, (variant, runs) in enumerate(results.series.items()):
            days, values = _mean_series(runs, name)
            ax.plot(days, values, color=COLOURS[i % 4], linewidth=1.2, label=words.variant(variant))
            if name == "running":
                days, values = _mean_series(runs, "in_shelter")
                ax.plot(days, values, color=COLOURS[i % 4], linewidth=1, linestyle=":",
                        label=f"waarvan in opvang geplaatst ({words.variant(variant)})")
        ax.set_title(title, fontsize=9)
        ax.set_xlabel("dag", fontsize=8)
    for ax in flat[len(panels):]:
        ax.set_visible(False)
    handles, labels = flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=2, fontsize=7, frameon=False)
    fig.tight_layout(rect=(0, 0.1, 1, 1))
    return fig


def _bars(ax: Axes, keys: list[str], results: Results, scale: float = 1.0) -> None:
    variants = list(results.kpis)
    width = 0.8 / max(len(variants), 1)
    for i, variant in enumerate(variants):
        summary = summarise(results.kpis[variant])
        cis = [summary.get(k, Interval(math.nan, math.nan, math.nan, 0)) for k in keys]
        xs = [j + i * width for j in range(len(keys))]
        means = [0.0 if math.isnan(c.mean) else c.mean * scale for c in cis]
        errors = [[0.0 if math.isnan(c.low) else (c.mean - c.low) * scale for c in cis],
                  [0.0 if math.isnan(c.high) else (c.high - c.mean) * scale for c in cis]]
        ax.bar(xs, means, width=width * 0.9, color=COLOURS[i % 4], yerr=errors, capsize=3,
               label=words.variant(variant))
    ax.set_xticks([j + width * (len(variants) - 1) / 2 for j in range(len(keys))])


def utilisation(results: Results) -> Figure:
    keys = sorted({k for reps in results.kpis.values() for rep in reps for k in rep if k.startswith("utilisation_")})
    fig, ax = plt.subplots(figsize=(6.5, 3))
    _bars(ax, keys, results, scale=100)
    ax.set_xticklabels([words.lane(k.removeprefix("utilisation_")) for k in keys], fontsize=8)
    ax.set_ylabel("bezetting (% van de capaciteit)")
    ax.set_title("Bezetting per rol, gemiddeld over de hele periode (95%-BI)")
    ax.legend(fontsize=7)
    fig.tight_layout()
    return fig


def comparison(results: Results) -> Figure:
    """Two or more variants: the paired difference of each KPI against the first variant, with its CI
    (a bar that does not cross 0 is significant). One variant: its means with CIs."""
    variants = list(results.kpis)
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    keys = COMPARED if len(variants) > 1 else [k for k in COMPARED if words.kpi(k)[1] == "zaken"]
    labels = [words.kpi(k)[0] for k in keys]
    if len(variants) < 2:  # nothing to compare: the counts alone (days on the same axis would mislead)
        summary = summarise(results.kpis[variants[0]])
        cis = [summary.get(k, Interval(math.nan, math.nan, math.nan, 0)) for k in keys]
        ax.set_title(f"{words.variant(variants[0])}: gemiddelde met 95%-BI")
    else:
        diffs = difference(results.kpis[variants[0]], results.kpis[variants[-1]])
        cis = [diffs.get(k, Interval(math.nan, math.nan, math.nan, 0)) for k in keys]
        ax.axvline(0, color="#333", linewidth=0.8)
        ax.set_title(f"{words.variant(variants[-1])} min {words.variant(variants[0])} (gepaard, 95%-BI)")
    for y, ci in enumerate(cis):
        if math.isnan(ci.mean):
            continue
        low = ci.mean if math.isnan(ci.low) else ci.low
        high = ci.mean if math.isnan(ci.high) else ci.high
        ax.plot([low, high], [y, y], color=COLOURS[0], linewidth=2)
        ax.plot([ci.mean], [y], "o", color=COLOURS[1])
    ax.set_yticks(range(len(labels)), labels, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("verschil (zaken of dagen)" if len(variants) > 1 else "zaken")
    fig.tight_layout()
    return fig


CHARTS: dict[str, tuple[str, Callable[[Results], Figure]]] = {
    "decision_times": ("Verdeling van de beslistermijnen", decision_times),
    "queues": ("Wachtrijen en zaken in procedure in de tijd", queues),
    "utilisation": ("Bezetting per rol", utilisation),
    "comparison": ("Vergelijking van de varianten", comparison),
}


def svg_text(fig: Figure) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def render(results: Results) -> dict[str, str]:
    """Every chart as SVG text, by name (for the report)."""
    out = {}
    for name, (_, draw) in CHARTS.items():
        fig = draw(results)
        out[name] = svg_text(fig)
        plt.close(fig)
    return out


def write(results: Results, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (_, draw) in CHARTS.items():
        fig = draw(results)
        for suffix in ("svg", "png"):
            path = folder / f"{name}.{suffix}"
            fig.savefig(path, format=suffix, dpi=150, metadata={"Date": None} if suffix == "svg" else {})
            written.append(path)
        plt.close(fig)
    return written
