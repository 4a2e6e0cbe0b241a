"""Task data and message payloads for synthetic people, shaped as the real forms ask for them.

Each answer comes from the person's attributes and a draw from a stream keyed by the person, the task
and the how-manieth time the task comes up, so every variant asks the same person the same question
and gets the same answer. `decisions` in the scenario give the share of the favourable outcome per task
(the meaning of 'favourable' for each task is listed in `FAVOURABLE`). The data is checked against the
task's own form by the runner: a refusal is a sampler bug, never something to paper over.
"""
from __future__ import annotations

import datetime as dt
import random
from typing import Any, Callable

from engine.simulation.population import Person, birth_date
from engine.simulation.scenario import Scenario

FAVOURABLE = {
    "consent": "(drawn per person: arrivals.consent)",
    "placement": "a place found at the first try (else: no place, escalated)",
    "placement_final": "placed (else: an interim place)",
    "police_assessment": "the police see an indication of trafficking",
    "police_offer_assessment": "the police see an indication of trafficking",
    "eu_status": "the EU citizen resides on a basis that gives rights under Union law",
    "eu_exemption_decision": "exemption granted",
    "age_assessment": "assessed as a minor",
    "first_stage": "reasonable grounds (positive)",
    "prepare": "information requested from the police",
    "hearing": "the panel wants to hear the person (read at prepare)",
    "final_decision": "victim status plausible (positive)",
    "second_review": "negative decision overturned",
    "reconsideration": "positive on reconsideration",
    "final_reconsideration": "positive on reconsideration",
    "objection_decision": "objection upheld",
    "appeal_tracking": "appeal lodged",
    "permit_decision": "permit granted",
    "ind_on_advice": "permit granted on the panel's advice",
    "extend_permit": "permit extended",
    "continued_residence": "continued residence granted",
    "immediate_danger": "the person is in immediate danger (read at safety_check)",
    "multiple_problems": "a non-Dutch adult needs OMM rather than COSM (read at placement)",
    "shelter_not_needed": "the person needs no shelter: placement outcome 'not_needed' (read at placement, "
                          "before a place is sought)",
}
# The prosecutor's decision on a report: its outcomes exclude each other (see Sampler.sends).
PROSECUTION_DECISION = ("dismissal", "prosecution_started")
MEMBERS = [{"name": "Voorzitter Aalders", "role": "chair", "voting": True},
           {"name": "Zorg Brouwer", "role": "care", "voting": True},
           {"name": "Jurist Claassen", "role": "legal", "voting": True},
           {"name": "Arbeid Dekker", "role": "labour", "voting": True},
           {"name": "Politie Liaison", "role": "police_liaison", "voting": False}]
CHILD_EXPERT = {"name": "Kind Evers", "role": "child_expert", "voting": True}
DECIDED_BY = ["Voorzitter Aalders", "Zorg Brouwer", "Jurist Claassen"]
REVIEWED_BY = ["Lid Fransen", "Lid Gerritsen"]
RECONSIDERED_BY = ["Lid Hendriks"]
INDICATORS = {"labour": ("ilo_forced_labour", "withholding_wages"), "sexual": ("nl_signals", "forced_sex_or_earnings"),
              "criminal": ("nl_signals", "drugs_or_stolen_goods_found"), "other": ("ilo_forced_labour", "deception")}
REASONS = "Indicatoren gewogen volgens de lijst; zie dossier."
ACTION = {"action_taken": "Opgevolgd door de behandelaar."}


class Sampler:
    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self._tasks: dict[str, Callable[[Person, dt.date, random.Random], dict[str, Any]]] = {
            name[len("_t_"):]: getattr(self, name) for name in dir(self) if name.startswith("_t_")}

    def favourable(self, person: Person, task: str, occurrence: int, default: float = 1.0) -> bool:
        """One draw for the person's answer at this task's n-th occurrence."""
        rng = random.Random(f"{person.seed}:decide:{task}:{occurrence}")
        return rng.random() < self.scenario.decision(task, default, person.attributes())

    def knows(self, task: str) -> bool:
        return task in self._tasks

    def task_data(self, person: Person, task: str, today: dt.date, occurrence: int,
                  form_key: str | None = None) -> dict[str, Any]:
        if task not in self._tasks:
            raise KeyError(f"the simulation has no sampler for task {task!r}")
        self._occurrence, self._form_key = occurrence, form_key
        return self._tasks[task](person, today, random.Random(f"{person.seed}:data:{task}:{occurrence}"))

    def _yes(self, person: Person, task: str, default: float = 1.0) -> bool:
        return self.favourable(person, task, self._occurrence, default)

    # -- coordinator -------------------------------------------------------------------------------
    def _t_register_signal(self, p: Person, today: dt.date, rng: random.Random) -> dict[str, Any]:
        data = {"signal_source": p.signal_source, "signal_date": today.isoformat(), "person_alias": f"Persoon {p.number}",
                "legal_name": f"Fictief Persoon {p.number}",
                "birth_date": birth_date(p, today).isoformat(),
                "age_doubt": p.minor and p.residence_status not in ("dutch", "eu") and rng.random() < 0.3,
                "nationality": "fictief", "residence_status": p.residence_status,
                "unaccompanied": p.minor and p.residence_status != "dutch",
                "exploitation_form": p.exploitation_form, "suspected_offence": p.suspect}
        if p.residence_status == "dublin":
            data["asylum_applied_on"] = (today - dt.timedelta(days=rng.randint(5, 60))).isoformat()
        return data

    def _t_safety_check(self, p: Person, today: dt.date, rng: random.Random) -> dict[str, Any]:
        danger = self.favourable(p, "immediate_danger", 0, 0.3)
        return {"immediate_danger": danger, "safe_location": not danger, "emergency_bed": danger}

    def _t_consent(self, p: Person, today: dt.date, rng: random.Random) -> dict[str, Any]:
        return {"consent_given": p.consents, "informed_in_language": "Engels"}

    def _shelter(self, p: Person, rng: random.Random) -> str:
        """Minors go to youth shelter; Dutch adults to a regular shelter (COSM is for non-Dutch adults in
        the reflection period); the others to COSM or, with multiple problems, OMM."""
        if p.minor:
            return "youth"
        if p.residence_status == "dutch":
            return "regular"
        return "omm" if self._yes(p, "multiple_problems", 0.25) else "cosm"

    def refused_placement(self, task: str, data: dict[str, Any]) -> dict[str, Any]:
        """The same placement when the shelter type has no free place: no place (escalated) at the first
        placement, an interim place at the final one."""
        if task == "placement_final":
            return {**data, "placement_outcome": "interim", "shelter_type": "regular"}
        return {**data, "placement_outcome": "no_place", "shelter_type": "none"}

    def _t_placement(self, p: Person, today: dt.date, rng: random.Random) -> dict[str, Any]:
        if self._yes(p, "shelter_not_needed", 0.0):
            return {"placement_outcome": "not_needed", "shelter_type": "none", "placement_start": today.isoformat(),
                    "reasons": "Verblijft in het eigen netwerk."}
        if self._yes(p, "placement", 0.9):
            return {"placement_outcome": "placed", "shelter_type": self._shelter(p, rng), "placement_start": today.isoformat()}
        return {"placement_outcome": "no_place", "shelter_type": "none", "placement_start": today.isoformat()}

    def _t_placement_final(self, p: Person, today: dt.date, rng: random.Random) -> dict[str, Any]:
        outcome = "placed" if self._yes(p, "placement_final", 0.8) else "interim"
        shelter = self._shelter(p, rng) if outcome == "placed" else "regular"
        return {"placement_outcome": outcome, "shelter_type": shelter, "placement_start": today.isoformat()}

    def _escalation(self, p: Person, today: dt.date, rng: random.Random) -> dict[str, Any]:
        return {"escalated_to": "Landelijk coördinator", "action_taken": "Noodbed verlengd en plaats gezocht."}

    _t_placement_escalation = _t_no_place_escalation = _t_placement_final_escalation = _escalation

    def _t_eu_status(self, p: Person, today: dt.date, rng: random.Random) -> dict[str, Any]:
        since = today - dt.timedelta(days=rng.randint(100, 3000))
        basis = rng.choice(["worker", "self_employed", "jobseeker"]) if self._yes(p, "eu_status", 0.8) else "none"
        return {"union_basis": basis, "lawful_residence_since": since.isoformat() if basis != "none" else None}

    def _t_eu_exemption_request(self, p: Person, today: dt.date, rng: random.Random) -> dict[str, Any]:
        return {"ground": "threat", "statement_by": "police", "statement_date": today.isoformat()}

    # -- police, IND, guardian, prosecutor, lawyer ------------------------------------------------
    def _indication(self, p: Person, today: dt.date, rng: random.Random, task: str) -> dict[str, Any]:
        indication = self._yes(p, task, 0.8)
        data: dict[str, Any] = {"indication": indication, "offered_by": "police", "offered_on": today.isoformat()}
        if not indication:  # a "no indication" carries its reasons to the person (issue 9 item 6)
            data["reasons"] = "Geen aanwijzing van mensenhandel in de signalen."
        return data

    def _t_police_assessment(self, p: Person, today: dt.date, rng: random.Random) -> dict[str, Any]:
        return self._indication(p, today, rng, "police_assessment")

    def _t_police_offer_assessment(self, p: Person, today: dt.date, rng: random.Random) -> dict[str, Any]:
        return self._indication(p, today, rng, "police_offer_assessment")

    def _granted(self, task: str, default: float) -> Callable[[Person, dt.date, random.Random], dict[str, Any]]:
        return lambda p, today, rng: {"outcome": "granted" if self._yes(p, task, default) else "refused",
                                      "reasons": REASONS}

    def _t_eu_exemption_decision(self, p: Person, today: dt.date, rng: random.Random) -> dict[str, Any]:
        return self._granted("eu_exemption_decision", 0.8)(p, today, rng)

    def _t_permit_decision(self, p: Person, today: dt.date, rng: random.Random) -> dict[str, Any]:
        return self._granted("permit_decision", 0.9)(p, today, rng)

    def _t_ind_on_advice(self, p: Person, today: dt.date, rng: random.Random) -> dict[str, Any]:
        granted = self._yes(p, "ind_on_advice", 0.95)
        return {"outcome": "granted" if granted else "refused", "follows_advice": True, "reasons": REASONS}

    def _t_continued_residence(self, p: Person, today: dt.date, rng: random.Random) -> dict[str, Any]:
        return {**self._granted("continued_residence", 0.9)(p, today, rng), "continued_ground": "three_years"}

    def _t_extend_permit(self, p: Person, today: dt.date, rng: random.Random) -> dict[str, Any]:
        return {"outcome": "extended" if self._yes(p, "extend_permit", 0.9) else "ended", "reasons": REASONS}

    def _t_withdraw_permit(self, p: Person, today: dt.date, rng: random.Random) -> dict[str, Any]:
        return {"outcome": "withdrawn", "criminal_case_instance": "none", "criminal_case_final": True, "reasons": REASONS}

    # a notice of intended decision (art. 4:8 Awb): its reasons, then the person's view (none: the term runs out
    # on the timer, so the sampler always gives one when the task is reached first)
    def _t_intend_withdrawal(self, p: Person, today: dt.date, rng: random.Random) -> dict[str, Any]:
        return {"reasons": REASONS}

    def _view(self, p: Person, today: dt.date, rng: random.Random) -> dict[str, Any]:
        return {"view_given": True, "view_received_on": today.isoformat(),
                "view_summary": "De persoon licht de omstandigheden toe."}

    def _t_intended_refusal_view(self, p: Person, today: dt.date, rng: random.Random) -> dict[str, Any]:
        return self._view(p, today, rng)

    def _t_intended_withdrawal_view(self, p: Person, today: dt.date, rng: random.Random) -> dict[str, Any]:
        return self._view(p, today, rng)

    _t_intended_extension_view = _t_intended_continued_view = _t_intended_advice_view = _t_intended_withdrawal_view

    def _t_age_assessment(self, p: Person, today: dt.date, rng: random.Random) -> dict[str, Any]:
        return {"method": "schouw", "assessors": 3, "outcome": "minor" if self._yes(p, "age_assessment", 0.7) else "adult",
                "reasons": "Schouw door drie beoordelaars."}

    def _action(self, p: Person, today: dt.date, rng: random.Random) -> dict[str, Any]:
        return dict(ACTION)

    _t_leads_reminder = _t_permit_escalation = _t_objection_overdue = _t_first_stage_escalation = _action
    _t_term_extension_late = _action

    def _t_best_interests(self, p: Person, today: dt.date, rng: random.Random) -> dict[str, Any]:
        return {"child_views": "Wil naar school.", "identity": "Fictief.", "family_environment": "Familie in het buitenland.",
                "care_protection_safety": "Risico op hernieuwde ronselactie.", "vulnerability": "Schulden.",
                "health": "Goed.", "education": "Geen school.", "child_heard_on": today.isoformat(),
                "guardian_present": True, "best_interests_summary": "Beschermde opvang en school gaan voor."}

    def _t_np_assessment(self, p: Person, today: dt.date, rng: random.Random) -> dict[str, Any]:
        data: dict[str, Any] = {
            "identification_status": "signal", "exploitation_form": p.exploitation_form,
            "offence": "Drugstransport, fictief", "offence_category": "consequential", "max_penalty_years": 4,
            "violence_against_persons": False, "exclusion_like": False, "compulsion_means": ["threats"],
            "compulsion_intensity": "direct_order", "causal_link": "direct_consequence", "timing": "during",
            "proceeds_to": "exploiter", "age_at_offence": 16 if p.minor else 30, "recommendation": "no_prosecution",
            "reasons": REASONS}
        if self._form_key == "prosecutor.non_punishment":  # the prosecutor also records his decision
            data["prosecution_outcome"] = "no_prosecution"
        if p.minor:
            data["child_specific_test"] = True
        return data

    def _t_np_departure(self, p: Person, today: dt.date, rng: random.Random) -> dict[str, Any]:
        return {"follow_up": "Advies besproken met de officier."}

    def _t_appeal_tracking(self, p: Person, today: dt.date, rng: random.Random) -> dict[str, Any]:
        lodged = self._yes(p, "appeal_tracking", 0.3)
        return {"appeal_lodged": lodged, "court": "Rechtbank (fictief)" if lodged else None,
                "lodged_on": today.isoformat() if lodged else None}

    # -- panel -------------------------------------------------------------------------------------
    def _t_compose_panel(self, p: Person, today: dt.date, rng: random.Random) -> dict[str, Any]:
        return {"panel_members": MEMBERS + ([CHILD_EXPERT] if p.minor else [])}

    def _positive(self, p: Person, task: str, default: float) -> str:
        return "positive" if self._yes(p, task, default) else "negative"

    def _t_first_stage(self, p: Person, today: dt.date, rng: random.Random) -> dict[str, Any]:
        list_name, code = INDICATORS[p.exploitation_form]
        indicator = {"list_name": list_name, "code": code, "status": "reported_by_person", "source": "self",
                     "weight": "strong"}
        return {"indicators": [indicator], "threshold": "suspect_cannot_prove",
                "outcome": self._positive(p, "first_stage", 0.85), "reasons": REASONS}

    def _t_prepare(self, p: Person, today: dt.date, rng: random.Random) -> dict[str, Any]:
        info = self._yes(p, "prepare", 0.5)
        return {"info_requested_from": ["police"] if info else [], "info_question": "Lopend onderzoek?" if info else None,
                "hearing_wanted": self.favourable(p, "hearing", self._occurrence, 0.5)}

    def _t_hearing(self, p: Person, today: dt.date, rng: random.Random) -> dict[str, Any]:
        return {"heard_on": today.isoformat(), "interpreter": "Engels", "guardian_present": True if p.minor else None,
                "summary": "Verklaring over de werkgever."}

    def _t_final_decision(self, p: Person, today: dt.date, rng: random.Random) -> dict[str, Any]:
        return {"threshold": "suspect_cannot_prove", "outcome": self._positive(p, "final_decision", 0.75),
                "reasons": REASONS, "decided_by": DECIDED_BY}

    # The local child panel (variant uk-devolved) answers as the central body would for the same child:
    # the same draw, so the two arms differ in when the decision comes, not in what it is.
    _t_local_first_stage = _t_first_stage
    _t_local_final_decision = _t_final_decision

    def _t_second_review(self, p: Person, today: dt.date, rng: random.Random) -> dict[str, Any]:
        overturned = self._yes(p, "second_review", 0.1)
        return {"outcome": "overturned" if overturned else "confirmed", "reasons": REASONS, "reviewed_by": REVIEWED_BY}

    def _reconsider(self, task: str) -> Callable[[Person, dt.date, random.Random], dict[str, Any]]:
        return lambda p, today, rng: {"outcome": self._positive(p, task, 0.3), "reasons": REASONS,
                                      "reconsidered_by": RECONSIDERED_BY}

    def _t_reconsideration(self, p: Person, today: dt.date, rng: random.Random) -> dict[str, Any]:
        return self._reconsider("reconsideration")(p, today, rng)

    def _t_final_reconsideration(self, p: Person, today: dt.date, rng: random.Random) -> dict[str, Any]:
        return self._reconsider("final_reconsideration")(p, today, rng)

    def _t_objection_hearing(self, p: Person, today: dt.date, rng: random.Random) -> dict[str, Any]:
        return {"heard_on": today.isoformat(), "waived": False, "notes": "Gehoord."}

    def _t_objection_lateness(self, p: Person, today: dt.date, rng: random.Random) -> dict[str, Any]:
        return {"excusable": self._yes(p, "objection_lateness", 0.5), "reasons": REASONS}

    def _t_objection_decision(self, p: Person, today: dt.date, rng: random.Random) -> dict[str, Any]:
        return {"outcome": "upheld" if self._yes(p, "objection_decision", 0.3) else "rejected", "reasons": REASONS}

    # -- messages ----------------------------------------------------------------------------------
    def message_payload(self, p: Person, name: str, today: dt.date) -> dict[str, Any]:
        day = today.isoformat()
        payloads: dict[str, dict[str, Any]] = {
            "report_filed": {"filed_on": day, "filed_with": "police", "report_ref": f"PL-SIM-{p.number:05d}"},
            "guardian_appointed": {"body": "Nidos", "appointed_on": day},
            "information_received": {"source": "police", "answer": "Geen lopend onderzoek bekend."},
            "leads_assessment": {"leads_in_nl": True, "presence_needed": True, "assessed_on": day},
            "cooperation_offered": {"offered_on": day, "description": "Verklaring als getuige."},
            "declined": {"declined_on": day},
            "cannot_cooperate": {"ground": "threat", "statement_by": "police", "statement_date": day},
            "objection_lodged": {"lodged_on": day, "grounds": "Het besluit weegt de indicatoren onjuist."},
            "reconsideration_requested": {"requested_on": day, "grounds": "Nieuwe feiten over de werkgever."},
            "prosecution_decision": {"decision": "no_prosecution", "follows_advice": True},
            "prosecution_started": {"on": day, "articles": ["273f Sr"], "reference": f"PN-SIM-{p.number:05d}"},
            "dismissal": {"on": day, "articles": ["273f Sr"]},
            "conviction": {"on": day, "articles": ["273f Sr"]},
            "acquittal": {"on": day, "articles": ["273f Sr"], "instance": "first", "final": True},
            "report_withdrawn": {"withdrawn_on": day, "under_threat": p.suspect},
            "asylum_applied": {"applied_on": day, "dublin_claimant": p.residence_status == "dublin"},
            "child_missing": {"missing_since": day, "risk_level": "high"},
            "child_found": {"found_on": day},
            "threat_statement": {"confirmed": p.suspect, "statement_by": "police", "statement_date": day},
        }
        if name not in payloads:
            raise KeyError(f"the simulation has no payload for message {name!r}")
        return payloads[name]

    def sends(self, p: Person, name: str, occurrence: int) -> float | None:
        """Days until the message comes, or None when it never comes for this person."""
        if name == "report_filed" and not p.reports:
            return None
        if name in ("child_missing", "child_found") and not p.minor:
            return None
        if name not in self.scenario.messages:
            return None
        after = self.scenario.messages[name][1]
        rng = random.Random(f"{p.seed}:message:{name}:{occurrence}")
        if name in PROSECUTION_DECISION:  # one decision, one moment: the delay from the decision's own stream
            moment = random.Random(f"{p.seed}:message:prosecution_decision:{occurrence}:after")
            return after.sample(moment) if self._prosecutor_decides(p, name, occurrence) else None
        if name != "report_filed" and rng.random() >= self.scenario.message_probability(name, p.attributes()):
            return None
        return after.sample(rng)

    def _prosecutor_decides(self, p: Person, name: str, occurrence: int) -> bool:
        """Dismissal and prosecution are the two outcomes of one decision: one draw, the dismissal's share
        first, the prosecution's next, so no one gets both and the dismissal share is what the scenario says."""
        u = random.Random(f"{p.seed}:message:prosecution_decision:{occurrence}").random()
        low = 0.0
        for outcome in PROSECUTION_DECISION:
            share = self.scenario.message_probability(outcome, p.attributes()) if outcome in self.scenario.messages else 0.0
            if outcome == name:
                return low <= u < low + share
            low += share
        return False
