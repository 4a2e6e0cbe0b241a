"""The report a policy maker can send on, in Dutch, as one self-contained HTML page (letters/ turns it
into PDF, as it does the letters): the question, how it was simulated, the comparison with 95 % CIs and
significance, the charts, the capacity answer with the runs that prove it, the calibration against
published figures, and every assumption.

The page refers to nothing outside itself: the charts are inline SVG and every value from the scenario
file is escaped, so the report cannot be made to pull in a file or call out.
"""
from __future__ import annotations

import html
import math

from engine.simulation import calibration, words
from engine.simulation.capacity import Answer
from engine.simulation.charts import CHARTS, render
from engine.simulation.exports import significant
from engine.simulation.kpis import KPIS
from engine.simulation.outputs import Results
from engine.simulation.statistics_ci import Interval, difference, summarise

NOT_MODELLED = [
    "Werktijden en roosters van de rollen: een rol werkt de klok rond (de wettelijke termijnen tellen wél "
    "werkdagen en feestdagen, zoals de modellen doen).",
    "Opvangplaatsen naar soort en hun bezetting; kosten.",
    "Berichten over de strafzaak (vervolging, sepot, veroordeling, vrijspraak), een ingetrokken aangifte, een "
    "asielaanvraag tijdens de procedure en een vermist kind, tenzij het scenario ze verstuurt.",
    "Seizoenen in de instroom; nationaliteit verder dan verblijfsstatus.",
    "Een Brits-achtige variant (lokale multidisciplinaire kinderpanels tegenover centrale besluiten): daarvoor "
    "is een eigen procesmodel nodig, dat er nog niet is.",
]
CSS = """
@page { size: A4; margin: 18mm 16mm 20mm 16mm;
        @bottom-right { content: "pagina " counter(page) " van " counter(pages); color: #555;
                        font: 8pt "Report Sans", "DejaVu Sans", sans-serif; } }
body { font-family: "Report Sans", "DejaVu Sans", sans-serif; font-size: 9.5pt; color: #222; line-height: 1.35; }
h1 { font-size: 17pt; margin: 0 0 4mm; } h2 { font-size: 12.5pt; margin: 7mm 0 2mm; border-bottom: 1px solid #999; }
table { border-collapse: collapse; width: 100%; font-size: 8pt; margin: 2mm 0; page-break-inside: auto; }
tr { page-break-inside: avoid; }
th, td { border: 1px solid #bbb; padding: 1mm 1.5mm; text-align: right; vertical-align: top; }
th { background: #eef1f5; } td.text, th.text { text-align: left; }
.sig { font-weight: bold; } .note { font-size: 8pt; color: #444; }
figure { margin: 3mm 0; page-break-inside: avoid; } figure svg { width: 100%; height: auto; }
figcaption { font-size: 8.5pt; font-style: italic; }
.box { border: 1px solid #4C72B0; background: #f3f6fb; padding: 2.5mm 3mm; margin: 2mm 0; }
ul.sources { font-size: 8pt; }
"""


def _num(x: float, digits: int = 1) -> str:
    if math.isnan(x):
        return "–"
    return f"{x:,.{digits}f}".replace(",", "\u2009").replace(".", ",")


def _ci(ci: Interval, digits: int = 1) -> str:
    if math.isnan(ci.mean):
        return "–"
    if math.isnan(ci.low):
        return _num(ci.mean, digits)
    return f"{_num(ci.mean, digits)} [{_num(ci.low, digits)}; {_num(ci.high, digits)}]"


def _digits(unit: str) -> int:
    return 2 if unit == "aandeel" else 1


def comparison_table(results: Results) -> str:
    variants = list(results.kpis)
    summaries = {v: summarise(reps) for v, reps in results.kpis.items()}
    diffs = difference(results.kpis[variants[0]], results.kpis[variants[-1]]) if len(variants) > 1 else {}
    keys = [k.key for k in KPIS] + sorted(k for k in summaries[variants[0]]
                                          if k.startswith(("utilisation_", "queue_peak_")))
    head = "".join(f"<th>{html.escape(words.variant(v))}</th>" for v in variants)
    if diffs:
        head += f"<th>Verschil ({html.escape(words.variant(variants[-1]))} − {html.escape(words.variant(variants[0]))})</th>"
    rows = []
    for key in keys:
        label, unit = words.kpi(key)
        cells = "".join(f"<td>{_ci(summaries[v].get(key, _NONE), _digits(unit))}</td>" for v in variants)
        if diffs:
            d = diffs.get(key, _NONE)
            mark = " class='sig'" if significant(d) else ""
            cells += f"<td{mark}>{_ci(d, _digits(unit))}{' *' if significant(d) else ''}</td>"
        rows.append(f"<tr><td class='text'>{html.escape(label)} <span class='note'>({unit})</span></td>{cells}</tr>")
    return (f"<table><thead><tr><th class='text'>Kengetal (gemiddelde [95%-BI])</th>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


_NONE = Interval(math.nan, math.nan, math.nan, 0)


OPS = {"<=": "ten hoogste", "<": "minder dan", ">=": "ten minste", ">": "meer dan"}


def target_words(answer: Answer) -> str:
    """The target as a sentence: 90e percentiel dagen tot eindbesluit ten hoogste 56."""
    return " en ".join(f"{words.kpi(c.kpi)[0].lower()} {OPS[c.op]} {_num(c.value, 0 if c.value == int(c.value) else 2)}"
                       for c in answer.clauses)


def capacity_section(answer: Answer | None) -> str:
    if answer is None:
        return ("<p>In deze run is geen capaciteitsvraag gesteld. Stel haar met bijvoorbeeld "
                "<code>--find panel_members --target \"p90_final_decision_days&lt;=56\"</code>.</p>")
    esc = html.escape
    below, found = answer.proof
    if answer.level is None:
        head = (f"<div class='box'>Het doel <b>{esc(target_words(answer))}</b> is voor {esc(words.lane(answer.lane))} "
                f"tot en met {answer.trials[-1].level if answer.trials else 0} niet gehaald.</div>")
    else:
        proof = (f" Bij {below.level} wordt het doel niet gehaald." if below is not None
                 else "")
        head = (f"<div class='box'>Kleinste capaciteit van <b>{esc(words.lane(answer.lane))}</b> waarbij "
                f"<b>{esc(target_words(answer))}</b> geldt ({esc(words.variant(answer.variant))}, {answer.replications} "
                f"herhalingen, beoordeeld op de grens van het 95%-BI): <b>{answer.level}</b>.{proof}</div>")
    rows = "".join(
        f"<tr><td>{t.level}</td>" + "".join(f"<td>{_ci(t.intervals[c.kpi])}</td>" for c in answer.clauses)
        + f"<td class='text'>{'voldoet' if t.passed else 'voldoet niet'}"
        + (" (bewijs)" if t in (below, found) and t is not None else "") + "</td></tr>"
        for t in answer.trials)
    heads = "".join(f"<th>{esc(words.kpi(c.kpi)[0])} [95%-BI]</th>" for c in answer.clauses)
    return (head + f"<table><thead><tr><th>Capaciteit</th>{heads}<th class='text'>Uitkomst</th></tr></thead>"
            f"<tbody>{rows}</tbody></table><p class='note'>Aangenomen: meer capaciteit maakt een kengetal nooit "
            "slechter; daarom is zoeken door verdubbelen en halveren geldig.</p>")


def calibration_section(rows: list[calibration.Row]) -> str:
    if not rows:
        return ("<p>Deze run bevat geen variant met gepubliceerde cijfers (de huidige werkwijze of het Britse model); "
                "de ijking staat in het rapport van die scenario's.</p>")
    body = []
    for r in rows:
        share = r.unit == "aandeel"
        scale, digits = (100.0, 1) if share else (1.0, 0)
        unit = " %" if share else ""
        sim = Interval(r.simulated.mean * scale, r.simulated.low * scale, r.simulated.high * scale, r.simulated.n)
        diff = (f"{_num(r.difference * scale, digits)}{' pp' if share else ''}"
                + ("" if share else f" ({_num(r.relative * 100, 0)} %)")) if r.modelled else "niet gemodelleerd"
        verdict = "–" if not r.modelled else ("binnen marge" if r.within else "buiten marge")
        body.append(f"<tr><td class='text'>{html.escape(r.label)}</td><td>{_num(r.published * scale, digits)}{unit}</td>"
                    f"<td>{_ci(sim, digits)}{unit if r.modelled else ''}</td><td>{diff}</td><td class='text'>{verdict}</td>"
                    f"<td class='text note'>{html.escape(r.source)}</td></tr>")
    inputs = ("De instroom, de aanmeldersmix en het aandeel minderjarigen zijn invoer uit dezelfde bronnen, dus dat "
              "zij kloppen toont vooral dat de steekproef werkt; " if any(r.variant == calibration.BASELINE for r in rows)
              else "Waar het scenario geen bron noemt, zijn ")
    notes = "".join(f"<li><strong>{html.escape(r.label)}</strong>: {html.escape(r.note)}</li>" for r in rows if r.note)
    close = sum(r.within for r in rows)
    modelled = sum(r.modelled for r in rows)
    outside = [r.label for r in rows if r.modelled and not r.within]
    outside_text = (f" Buiten de marge: {html.escape('; '.join(outside))}; de invoer die dat bepaalt is aangenomen "
                    "en is het eerst aan herziening toe." if outside else "")
    return (f"<table><thead><tr><th class='text'>Cijfer</th><th>Gepubliceerd</th><th>Gesimuleerd [95%-BI]</th>"
            f"<th>Verschil</th><th class='text'>Oordeel</th><th class='text'>Bron</th></tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>"
            f"<p>{close} van de {modelled} gemodelleerde cijfers vallen binnen de marge die het gepubliceerde cijfer "
            f"toelaat; {len(rows) - modelled} kan deze run niet maken. {inputs}"
            f"beslissingskansen, doorlooptijden en capaciteiten zijn aannames (zie de lijst hieronder).{outside_text}</p>"
            + (f"<ul class='note'>{notes}</ul>" if notes else ""))


def html_report(results: Results, answer: Answer | None = None, charts_svg: dict[str, str] | None = None) -> str:
    s, esc = results.scenario, html.escape
    variants = ", ".join(words.variant(v) for v in results.kpis)
    charts_svg = charts_svg if charts_svg is not None else render(results)
    figures = "".join(f"<figure>{_strip_xml_header(charts_svg[name])}<figcaption>{esc(title)}</figcaption></figure>"
                      for name, (title, _) in CHARTS.items() if name in charts_svg)
    assumptions = s.assumptions()
    assumed = [name for name, where in assumptions if where == "assumed"]
    sourced = [(name, where) for name, where in assumptions if where != "assumed"]
    return f"""<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>{esc(s.name)}</title>
<style>{CSS}</style></head><body>
<h1>Beleidssimulatie identificatie slachtoffers mensenhandel</h1>
<p class="note">Scenario: {esc(s.name)}. Alle personen in deze simulatie zijn fictief.</p>
<h2>1. De vraag</h2><p>{esc(s.question) or 'Geen vraag opgegeven in het scenario.'}</p>
<h2>2. Hoe is dit berekend</h2>
<p>Fictieve personen doorlopen de uitvoerbare procesmodellen van elke variant ({esc(variants)}) met de wettelijke
termijnen van die variant, op een virtuele klok: dezelfde modellen waarmee erkend echte zaken behandelt.
{results.replications} herhaling(en) van {_num(s.arrival_days, 0)} dagen instroom bij {_num(s.rate_per_year, 0)}
signalen per jaar, daarna {_num(s.follow_up_days, 0)} dagen gevolgd; startgetal (seed) {s.seed}. Elke variant
ontmoet dezelfde mensen met dezelfde antwoorden (gemeenschappelijke toevalsgetallen), zodat een verschil tussen
varianten een verschil in procedure is en geen toeval. Intervallen zijn 95%-betrouwbaarheidsintervallen (BI,
t-verdeling) over de herhalingen; een verschil met * is significant (het gepaarde 95%-BI bevat 0 niet).</p>
<h2>3. Vergelijking</h2>{comparison_table(results)}
<h2>4. Grafieken</h2>{figures}
<h2>5. Benodigde capaciteit</h2>{capacity_section(answer)}
<h2>6. IJking aan gepubliceerde cijfers</h2>
{calibration_section(calibration.table(results.kpis, s.arrival_days))}
<h2>7. Aannames en bronnen</h2>
<p>Alle {len(assumptions)} waarden in het scenariobestand, elk met herkomst: {len(sourced)} met bron,
{len(assumed)} aangenomen (te vervangen door een betere schatting).</p>
<ul class="sources">{''.join(f'<li>{esc(n)}: {esc(w)}</li>' for n, w in sourced)}</ul>
<p><b>Aangenomen:</b> <span class="note">{esc(', '.join(assumed))}</span></p>
<h2>8. Niet gemodelleerd in deze versie</h2><ul>{''.join(f'<li>{esc(n)}</li>' for n in NOT_MODELLED)}</ul>
</body></html>"""


def _strip_xml_header(svg: str) -> str:
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg

