"""Dutch words for what the simulation measures, for the charts and the report (Dutch policy makers read
them): a KPI key, a lane or a variant never reaches the page as a code."""
from __future__ import annotations

VARIANTS = {"nl-current": "Huidige procedure", "nl-decoupled": "Ontkoppelde procedure"}
LANES = {"coordinator": "coördinatie (CoMensha)", "police": "politie", "panel": "multidisciplinair panel",
         "ind": "IND", "prosecutor": "OM", "guardian": "voogd"}
KPIS = {
    "cases": ("Signalen (gestarte zaken)", "zaken"),
    "reflection": ("Bedenktijd verleend", "zaken"),
    "shelter": ("Geplaatst in opvang", "zaken"),
    "permit": ("Verblijfsvergunning (B8/3 of na identificatie)", "zaken"),
    "identified": ("Geïdentificeerd als slachtoffer", "zaken"),
    "protected": ("Beschermd (bedenktijd of vergunning)", "zaken"),
    "protected_non_reporters": ("Beschermd, zonder aangifte", "zaken"),
    "non_reporters": ("Mensen die geen aangifte doen", "zaken"),
    "days_to_reflection": ("Mediaan dagen tot bedenktijd", "dagen"),
    "days_to_first_assessment": ("Mediaan dagen tot eerste beoordeling", "dagen"),
    "days_to_final_decision": ("Mediaan dagen tot eindbesluit identificatie", "dagen"),
    "p90_days_to_final_decision": ("90e percentiel dagen tot eindbesluit", "dagen"),
    "days_to_permit": ("Mediaan dagen tot verblijfsvergunning", "dagen"),
    "placement_escalations": ("Plaatsing niet binnen 36 uur (geëscaleerd)", "zaken"),
    "first_stage_escalations": ("Eerste beoordeling later dan 5 werkdagen", "zaken"),
    "objections": ("Bezwaren ingediend", "zaken"),
    "objections_upheld": ("Bezwaren gegrond", "zaken"),
    "running_at_end": ("Zaken nog lopend aan het eind", "zaken"),
}
RESOURCE_KPIS = {"utilisation_": ("Bezetting {lane}", "aandeel"), "queue_peak_": ("Langste wachtrij {lane}", "taken"),
                 "per_week_": ("Taken per week, {lane}", "taken")}


def variant(name: str) -> str:
    return VARIANTS.get(name, name)


def lane(name: str) -> str:
    return LANES.get(name, name)


def kpi(key: str) -> tuple[str, str]:
    """(Dutch label, unit) of a KPI key; resource KPIs named after their lane."""
    if key in KPIS:
        return KPIS[key]
    for prefix, (label, unit) in RESOURCE_KPIS.items():
        if key.startswith(prefix):
            return label.format(lane=lane(key.removeprefix(prefix))), unit
    return key.replace("_", " "), ""
