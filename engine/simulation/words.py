"""Words for what the simulation measures, in Dutch and English: the report (Dutch, for Dutch policy
makers), its charts and the policy page read them here, so a KPI key, a lane or a variant never reaches a
reader as a code. forms/vocabulary.py takes the KPI words from here (one place for each word);
tests/unit/test_vocabulary.py fails when a KPI the simulation measures has none."""
from __future__ import annotations

Words = tuple[str, str]  # (Dutch, English)

# The variants as the simulation compares them (forms/vocabulary.py has the same codes for the case pages).
VARIANTS: dict[str, Words] = {"nl-current": ("huidige werkwijze", "current procedure"),
                              "nl-decoupled": ("ontkoppelde identificatie", "decoupled identification"),
                              "uk-central": ("Brits model, centrale beslissingen",
                                             "UK-like, central decisions"),
                              "uk-devolved": ("Brits model, lokale kinderpanels",
                                              "UK-like, devolved child panels")}
LANES: dict[str, Words] = {
    "coordinator": ("coördinatie (CoMensha)", "coordination (CoMensha)"), "police": ("politie", "police"),
    "panel": ("multidisciplinair panel", "multidisciplinary panel"), "ind": ("IND", "IND"),
    "local_panel": ("lokaal kinderpanel", "local child panel"),
    "prosecutor": ("OM", "public prosecutor"), "guardian": ("voogd", "guardian"),
}
SHELTERS: dict[str, Words] = {"cosm": ("COSM", "COSM"), "omm": ("OMM", "OMM"),
                              "categorical": ("categorale opvang", "categorical shelter"),
                              "youth": ("jeugdopvang", "youth shelter")}
UNITS: dict[str, Words] = {"cases": ("zaken", "cases"), "days": ("dagen", "days"), "share": ("aandeel", "share"),
                           "tasks": ("taken", "tasks"), "times": ("keer", "times"), "euro": ("euro", "euro"),
                           "people": ("mensen", "people"), "nights": ("nachten", "nights")}
# key -> ((Dutch, English), unit)
KPIS: dict[str, tuple[Words, str]] = {
    "cases": (("Signalen (gestarte zaken)", "Signals (cases started)"), "cases"),
    "reflection": (("Bedenktijd verleend", "Reflection period granted"), "cases"),
    "shelter": (("Geplaatst in opvang", "Placed in shelter"), "cases"),
    "permit": (("Verblijfsvergunning (B8/3 of na identificatie)", "Residence permit (B8/3 or on identification)"),
               "cases"),
    "identified": (("Geïdentificeerd als slachtoffer", "Identified as victim"), "cases"),
    "protected": (("Beschermd (bedenktijd of vergunning)", "Protected (reflection period or permit)"), "cases"),
    "protected_non_reporters": (("Beschermd, zonder aangifte", "Protected, without a report"), "cases"),
    "non_reporters": (("Mensen die geen aangifte doen", "People who do not report"), "cases"),
    "days_to_reflection": (("Mediaan dagen tot bedenktijd", "Median days to reflection period"), "days"),
    "days_to_first_assessment": (("Mediaan dagen tot eerste beoordeling", "Median days to first assessment"),
                                 "days"),
    "days_to_final_decision": (("Mediaan dagen tot eindbesluit identificatie",
                                "Median days to final identification decision"), "days"),
    "p90_days_to_final_decision": (("90e percentiel dagen tot eindbesluit",
                                    "90th percentile days to final decision"), "days"),
    "mean_days_to_final_decision_minor": (("Gemiddeld dagen tot eindbesluit, kinderen",
                                           "Mean days to final decision, children"), "days"),
    "days_to_permit": (("Mediaan dagen tot verblijfsvergunning", "Median days to residence permit"), "days"),
    "placement_escalations": (("Plaatsing niet binnen 36 uur (geëscaleerd)",
                               "Placement not within 36 hours (escalated)"), "cases"),
    "first_stage_escalations": (("Eerste beoordeling later dan 5 werkdagen",
                                 "First assessment later than 5 working days"), "cases"),
    "objections": (("Bezwaren ingediend", "Objections lodged"), "cases"),
    "objections_upheld": (("Bezwaren gegrond", "Objections upheld"), "cases"),
    "objections_rejected": (("Bezwaren ongegrond", "Objections rejected"), "cases"),
    "breaches_total": (("Termijnen overschreden (alle soorten)", "Deadlines missed (all kinds)"), "times"),
    "cost_total": (("Kosten: uren en opvangnachten", "Cost: resource hours and shelter nights"), "euro"),
    "running_at_end": (("Zaken nog lopend aan het eind", "Cases still running at the end"), "cases"),
}
# Figures per lane, shelter type, deadline or case event: prefix -> ((Dutch, English) with {name}, unit, table)
FAMILIES: dict[str, tuple[Words, str, dict[str, Words] | None]] = {
    "utilisation_": (("Bezetting {name}", "Utilisation of {name}"), "share", LANES),
    "queue_peak_": (("Langste wachtrij {name}", "Longest queue for {name}"), "tasks", LANES),
    "per_week_": (("Taken per week, {name}", "Tasks per week, {name}"), "tasks", LANES),
    "cost_shelter_": (("Kosten opvangnachten {name}", "Cost of {name} nights"), "euro", SHELTERS),
    "refusals_": (("Geweigerd wegens gebrek aan plaats, {name}", "Refused for want of a place, {name}"), "people",
                  SHELTERS),
    "admissions_": (("Opgenomen in {name}", "Admitted to {name}"), "people", SHELTERS),
    "nights_": (("Nachten in {name}", "Nights in {name}"), "nights", SHELTERS),
    "occupancy_": (("Gemiddelde bezetting {name}", "Mean occupancy of {name}"), "share", SHELTERS),
    "cost_": (("Kosten uren {name}", "Cost of {name} hours"), "euro", LANES),
    "breach:": (("Termijn overschreden: {name}", "Deadline missed: {name}"), "times", None),
    "deadline:": (("Termijn verstreken: {name}", "Timer ran out: {name}"), "times", None),
    "event:": (("Gebeurtenis: {name}", "Case event: {name}"), "times", None),
}


def _pick(words: Words, lang: str) -> str:
    return words[1] if lang == "en" else words[0]


def variant(name: str, lang: str = "nl") -> str:
    return _pick(VARIANTS[name], lang) if name in VARIANTS else name


def lane(name: str, lang: str = "nl") -> str:
    return _pick(LANES[name], lang) if name in LANES else name


def kpi_words(key: str, lang: str = "nl") -> str | None:
    """A KPI's label in `lang`, the per-lane and per-type families included; None when it has none."""
    if key in KPIS:
        return _pick(KPIS[key][0], lang)
    for prefix, (template, _unit, names) in sorted(FAMILIES.items(), key=lambda item: -len(item[0])):
        if key.startswith(prefix):
            name = key.removeprefix(prefix)
            named = _pick(names[name], lang) if names and name in names else name.replace("_", " ")
            return _pick(template, lang).format(name=named)
    return None


def family_unit(key: str) -> str | None:
    """The unit of a figure of one of the families (longest prefix first), or None."""
    return next((unit for prefix, (_t, unit, _n) in sorted(FAMILIES.items(), key=lambda item: -len(item[0]))
                 if key.startswith(prefix)), None)


def kpi(key: str) -> tuple[str, str]:
    """(Dutch label, Dutch unit) of a KPI key, for the report."""
    unit = KPIS[key][1] if key in KPIS else (family_unit(key) or "")
    return kpi_words(key) or key.replace("_", " "), (UNITS[unit][0] if unit in UNITS else "")
