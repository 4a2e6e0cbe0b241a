"""Declarations of the minors' route, the non-punishment assessment and objection/appeal."""
from __future__ import annotations

from processes.tools.bpmn_builder import Proc


def minors() -> Proc:
    p = Proc("minors", "Kinderroute",
             "Minors' route: presumption of minority while age is in doubt, age assessment, guardian appointment "
             "(Nidos for unaccompanied minors; a certified institution / the child protection board for Dutch "
             "minors) and the mandatory best-interests assessment (CRC General Comment 14) that every later "
             "decision about the child quotes.")
    p.lane("ind", "IND / KMar: age assessment (schouw, with medical age assessment on offer).")
    p.lane("guardian", "Voogd (Nidos, gecertificeerde instelling): best-interests assessment with the child.")
    p.start("min_start", "Start kinderroute", "ind")
    p.xor("gw_doubt", "Leeftijd in twijfel?", "ind")
    p.script("presume_minor", "Vermoeden van minderjarigheid", "ind", "presumed_minor = True",
             "The person is treated as a child until the assessment says otherwise.")
    p.user("age_assessment", "Leeftijdsonderzoek", "ind", "ind.age_assessment",
           "Schouw by three independent assessors; medical age assessment (LTO) offered; outcome minor or adult.")
    p.xor("gw_age", "Meerderjarig?", "ind")
    p.script("judged_adult", "Naar volwassenenroute", "ind",
             "route = record_fact('route', 'adult')\nage_status = record_fact('age_status', 'adult')\npresumed_minor = False\n"
             "birth_date = record_fact('birth_date', assessed_birth_date or birth_date)")
    p.end("min_end_adult", "Volwassene", "ind")
    p.script("minor_confirmed", "Minderjarigheid vastleggen", "ind", "age_status = record_fact('age_status', 'minor')")
    p.xor("gw_minor_confirmed", "Minderjarig", "ind")
    p.xor("gw_parents", "Ouders met gezag?", "guardian",
          "A child who lives with parents holding parental authority is represented by them (art. 1:245 BW) and "
          "gets no guardian; a family guardian under a supervision order (OTS) stands beside them. Letters go to "
          "the parents, with a copy to the family guardian.")
    p.script("guardian_body_pick", "Voogdij-instelling bepalen", "guardian",
             "guardian_body = 'Nidos' if unaccompanied else 'gecertificeerde instelling / Raad voor de Kinderbescherming'")
    p.catch("guardian_appointed", "Voogd benoemd", "guardian", "guardian_appointed", "guardian")
    p.script("guardian_record", "Voogd vastleggen", "guardian", "record_fact('guardian', guardian)")
    p.letter("letter_guardian", "Brief aan voogd", "guardian", "minor_guardian_notice", '"guardian_body": guardian_body')
    p.user("best_interests", "Beoordeling belang van het kind", "guardian", "guardian.best_interests",
           "The seven elements and the procedural safeguards of CRC General Comment 14; its summary is quoted in every decision about the child.")
    p.script("bia_record", "Belang van het kind vastleggen", "guardian",
             "bia_summary = record_fact('bia_summary', best_interests_summary)\nbia_done_on = today()")
    p.end("min_end", "Kinderroute afgerond", "guardian")
    p.chain("min_start", "gw_doubt")
    p.flow("gw_doubt", "presume_minor", "ja", 'age_status == "doubt"')
    p.flow("gw_doubt", "gw_minor_confirmed", "nee", default=True)
    p.chain("presume_minor", "age_assessment", "gw_age")
    p.flow("gw_age", "judged_adult", "meerderjarig", 'outcome == "adult"')
    p.flow("gw_age", "minor_confirmed", "minderjarig", default=True)
    p.flow("minor_confirmed", "gw_minor_confirmed")
    p.chain("judged_adult", "min_end_adult")
    p.chain("gw_minor_confirmed", "gw_parents")
    p.flow("gw_parents", "best_interests", "ouders met gezag", "bool(parents) and not unaccompanied")
    p.flow("gw_parents", "guardian_body_pick", "voogd nodig", default=True)
    p.chain("guardian_body_pick", "guardian_appointed", "guardian_record", "letter_guardian", "best_interests",
            "bia_record", "min_end")
    return p


def non_punishment_current() -> Proc:
    p = Proc("non_punishment", "Beoordeling non-punishment door het OM (huidig)",
             "Current procedure (Aanwijzing mensenhandel 2022A002): the public prosecutor (officier van justitie) "
             "assesses the non-punishment principle himself when deciding on prosecution; there is no prior "
             "assessment by others and no advice. The checklist of the brief (status, offence, category and "
             "seriousness, compulsion, causal link, child-specific test) is recorded with the prosecution "
             "decision and its reasons. The prosecution decision is criminal-procedural (not an Awb decision) "
             "and reaches the person through the criminal procedure, so no letter is requested here.")
    p.lane("prosecutor", "Openbaar Ministerie (officier van justitie): assessment at the prosecution decision.")
    p.start("np_start", "Verdenking bij mogelijk slachtoffer", "prosecutor")
    p.user("np_assessment", "Non-punishment toetsen bij vervolgingsbeslissing", "prosecutor", "prosecutor.non_punishment",
           "Checklist A-E of the brief and the prosecution decision with reasons (Aanwijzing mensenhandel).")
    p.script("np_record", "Toets en vervolgingsbeslissing vastleggen", "prosecutor",
             "np_advice = recommendation\nnp_advice_on = today()\nnp_assessed_by = 'prosecutor'\n"
             "prosecution_decision = {'decision': prosecution_outcome, 'follows_advice': True, 'reasons': reasons}")
    p.end("np_end", "Afgerond", "prosecutor")
    p.chain("np_start", "np_assessment", "np_record", "np_end")
    return p


def non_punishment() -> Proc:
    p = Proc("non_punishment", "Beoordeling non-punishment",
             "Non-punishment (art. 8 Directive 2011/36/EU; Aanwijzing mensenhandel): the checklist (status, "
             "offence, category and seriousness, compulsion, causal link, child-specific test, proposal with "
             "reasons) leads to advice to the prosecutor before the prosecution decision. The prosecutor's "
             "answer comes back as a message; a departure from the advice must carry reasons.")
    p.lane("panel", "Adviseurs (panel): the structured non-punishment assessment.")
    p.start("np_start", "Verdenking bij mogelijk slachtoffer", "panel")
    p.user("np_assessment", "Non-punishment beoordelen", "panel", "panel.non_punishment",
           "Checklist A-F of the brief; outcome proposal with reasons.", decision="non_punishment_advice")
    p.script("np_record", "Advies vastleggen", "panel", "np_advice = recommendation\nnp_advice_on = today()")
    p.letter("letter_np", "Advies aan officier van justitie", "panel", "non_punishment_advice",
             '"recommendation": recommendation, "child_test": bool(child_specific_test), '
             '"best_interests": fact("bia_summary") or "", "first_assessment": fact("first_assessment")')
    p.catch("np_answer", "Beslissing OM ontvangen", "panel", "prosecution_decision", "prosecution_decision")
    p.xor("gw_follows", "Advies gevolgd?", "panel")
    p.user("np_departure", "Afwijking van advies beoordelen", "panel", "panel.np_departure",
           "The prosecutor departed from the advice (with reasons): record the follow-up.")
    p.end("np_end", "Afgerond", "panel")
    p.chain("np_start", "np_assessment", "np_record", "letter_np", "np_answer", "gw_follows")
    p.flow("gw_follows", "np_end", "ja", 'prosecution_decision["follows_advice"]')
    p.flow("gw_follows", "np_departure", "nee", default=True)
    p.flow("np_departure", "np_end")
    return p


# The objection term per handler: against the panel's decision 6 weeks (art. 6:7 Awb), or 4 weeks where the
# panel only advises and the IND decides (art. 69 Vw 2000); against an IND decision 4 weeks; against the
# refusal of the reflection period the term of the remedy the policy value reflection_offer gives.
_OBJECTION_TERM = {
    "panel": 'policy["objection_term_vw"] if policy["panel_outcome"]["value"] == "advice" else policy["objection_term_awb"]',
    "ind": 'policy["objection_term_vw"]',
    "police": 'policy["objection_term_awb"] if policy["reflection_offer"]["value"]["remedy"] == "objection_awb" '
              'else policy["objection_term_vw"]',
}
_OBJECTION_TITLE = {"panel": "Bezwaar en beroep", "ind": "Bezwaar en beroep (IND-besluit)",
                    "police": "Bezwaar tegen weigering bedenktijd"}
_HANDLER_LANE = {
    "panel": "Bezwaarbehandeling (other panel members than those who decided).",
    "ind": "IND: bezwaarbehandeling (decisions under the Aliens Act).",
    "police": "Politie/KMar (or the body the variant's reflection_offer names): objection against the refusal "
              "of the reflection period, decided by the body that refused it.",
}


def objection(pid: str = "objection", handler: str = "panel") -> Proc:
    """Objection and appeal; `handler` is the role that decides on the objection: the panel (against a
    panel decision), the IND (against a residence decision, always under the Aliens Act) or the police
    (against the refusal of the reflection period, under the remedy of the policy value reflection_offer)."""
    title = _OBJECTION_TITLE[handler]
    p = Proc(pid, title,
             "Objection against an appealable decision: within 6 weeks (art. 6:7 Awb) or 4 weeks for decisions "
             "under the Aliens Act (art. 69 Vw 2000), counted from the day after the decision was sent (art. 6:8 "
             "Awb) and extended by the Algemene termijnenwet; a hearing (art. 7:2 Awb); a decision within 6 weeks, "
             "or 12 weeks where an advisory committee hears the objection (art. 7:10 lid 1 and 7:13 Awb), both "
             "counted from the day after the objection term ended; then appeal tracking for the lawyer.")
    p.lane(handler, _HANDLER_LANE[handler])
    p.lane("lawyer", "Advocaat: objection and appeal tracking for her own clients.")
    p.start("obj_start", "Besluit verzonden", handler)
    p.script("objection_term_end", "Einde bezwaartermijn bepalen", handler,
             f"objection_term_ends = due_in({_OBJECTION_TERM[handler]}, since=decision_sent_on)[:10]",
             "The decision term on the objection counts from the day after the objection term ended (art. 7:10 "
             "lid 1 Awb), not from the day the objection was received.")
    p.xor("gw_lodged", "Bezwaar al ontvangen?", handler,
          "An objection that arrived while a reconsideration window ran, or one lodged after the case was "
          "closed (which reopens the case with it), is handled at once (objection_early).")
    p.evgw("wait_objection", "Bezwaartermijn loopt", "lawyer")
    p.catch("objection_lodged", "Bezwaar ingediend", "lawyer", "objection_lodged", "objection")
    p.timer("objection_term", "Bezwaartermijn verstreken", "lawyer",
            f"due_in({_OBJECTION_TERM[handler]}, since=decision_sent_on)")
    p.script("no_objection", "Besluit onherroepelijk", handler, "objection_upheld = False\nobjection_status = 'final'")
    p.end("obj_end_final", "Onherroepelijk", handler)
    p.evgw("wait_late_objection", "Te laat bezwaar?", "lawyer",
           "After the term the case still takes in an objection for the policy's late_objection_window: one "
           "posted in time (art. 6:9 lid 2 Awb) or late excusably (art. 6:11 Awb) is handled, any other is "
           "declared inadmissible by a decision with its own letter.")
    p.catch("late_objection_lodged", "Bezwaar na de termijn ontvangen", "lawyer", "objection_lodged", "objection")
    p.timer("late_objection_over", "Geen bezwaar meer", "lawyer",
            'due_in(policy["late_objection_window"], since=objection_term_ends)')
    p.script("late_objection_received", "Te laat bezwaar vastleggen", handler,
             "objection_lodged_on = objection['lodged_on']\nobjection_status = 'late'\n"
             "objection_posted_in_time = bool(objection.get('posted_on')) and str(objection['posted_on'])[:10] <= objection_term_ends "
             "and str(objection_lodged_on)[:10] <= due_in(policy['objection_postal_receipt'], since=objection_term_ends)[:10]")
    p.user("objection_lateness", "Termijnoverschrijding beoordelen", handler, f"{handler}.objection_lateness",
           "Posted in time (art. 6:9 lid 2 Awb, from the dates) or excusably late (art. 6:11 Awb)?",
           decision="objection_admissibility")
    p.xor("gw_late_admissible", "Ontvankelijk?", handler)
    p.script("late_inadmissible", "Niet-ontvankelijk vastleggen", handler,
             "objection_upheld = False\nobjection_status = 'inadmissible'\nobjection_decided_on = today()")
    p.letter("letter_late_inadmissible", "Brief: bezwaar niet-ontvankelijk", handler, "objection_decision",
             '"outcome": "inadmissible", "subject": objection_subject, "reasons": reasons, '
             '"objection_lodged_on": objection_lodged_on, "late": True')
    p.end("obj_end_inadmissible", "Niet-ontvankelijk", handler)
    p.script("objection_received", "Bezwaar vastleggen", handler, "objection_lodged_on = objection['lodged_on']")
    p.xor("gw_received_in_time", "Binnen de termijn ontvangen?", handler,
          "An objection received after the objection term ended (one lodged after the case was closed, which "
          "reopens it) has its lateness assessed first (art. 6:9 lid 2, 6:11 Awb).")
    p.script("objection_ack_terms", "Beslistermijn bezwaar bepalen", handler,
             'objection_decision_due_on = due_in(policy["objection_decision"], since=objection_term_ends)[:10]\n'
             'objection_decision_due_committee_on = due_in(policy["objection_decision_committee"], since=objection_term_ends)[:10]\n'
             'objection_decision_extended_to = None\nterm_extended_weeks = None',
             "The acknowledgement names the decision term the objection starts: 6 weeks from the day after the "
             "objection term ended, 12 weeks where an advisory committee hears it (art. 7:10 lid 1, 7:13 Awb).")
    p.letter("letter_objection_ack", "Brief: ontvangstbevestiging bezwaar", handler, "objection_acknowledgement",
             '"subject": objection_subject, "objection_lodged_on": objection_lodged_on, '
             '"objection_term_ends": objection_term_ends, "objection_decision_due_on": objection_decision_due_on, '
             '"objection_decision_due_committee_on": objection_decision_due_committee_on',
             "Art. 6:14 Awb: the receipt of the objection is acknowledged in writing.")
    p.user("objection_hearing", "Hoorzitting", handler, f"{handler}.objection_hearing", "Hearing of the objector (art. 7:2 Awb).")
    p.xor("gw_extend_term", "Beslissing verdagen?", handler,
          "Art. 7:10 lid 3 Awb: the decision may be put off once, by at most six weeks, in writing before the "
          "decision term ends; the notice names the new last day.")
    p.script("term_extension_record", "Verdaging vastleggen", handler,
             "objection_decision_due_before = objection_decision_due_committee_on if advisory_committee else objection_decision_due_on\n"
             "objection_term_extension_in_time = today() <= objection_decision_due_before "
             "and term_extended_weeks <= int(policy['objection_decision_extension']['term'][1:-1])\n"
             "if objection_term_extension_in_time:\n"
             "    objection_decision_extended_to = due_in('P' + str(term_extended_weeks) + 'W', 'statutory', since=objection_decision_due_before)[:10]\n"
             "    objection_term_extended_on = today()",
             "The new last day counts from the old one; like the term itself it moves past a weekend or holiday "
             "(Algemene termijnenwet).")
    p.xor("gw_extension_in_time", "Verdaging op tijd?", handler)
    p.letter("letter_term_extended", "Brief: verdaging beslissing op bezwaar", handler, "objection_decision_extended",
             '"subject": objection_subject, "objection_lodged_on": objection_lodged_on, '
             '"decision_due_before": objection_decision_due_before, "decision_due": objection_decision_extended_to, '
             '"reasons": term_extension_reasons')
    p.user("term_extension_late", "Verdaging niet meer mogelijk", handler, f"{handler}.escalation",
           "The decision term has already ended (or the extension exceeds six weeks): it can no longer be put off; "
           "decide now (art. 7:10 lid 3 Awb; default notice art. 4:17 Awb).")
    p.user("objection_decision", "Beslissing op bezwaar", handler, f"{handler}.objection_decision",
           "Decision on the objection.", decision="objection")
    p.btimer("objection_decision_due", "Beslistermijn bezwaar verstreken", "objection_decision",
             'due_in("P" + str(term_extended_weeks) + "W", "statutory", since=objection_decision_due_before) '
             'if objection_decision_extended_to else '
             'due_in(policy["objection_decision_committee"] if advisory_committee else policy["objection_decision"], '
             'since=objection_term_ends)', interrupting=False)
    p.user("objection_overdue", "Escalatie: beslistermijn bezwaar", handler, f"{handler}.escalation",
           "The decision on the objection is late (art. 7:10 Awb; default notice art. 4:17 Awb).")
    p.end("objection_overdue_done", "Escalatie afgehandeld", handler)
    p.script("objection_record", "Uitkomst vastleggen", handler,
             "objection_upheld = outcome == 'upheld'\nobjection_status = outcome\nobjection_decided_on = today()")
    p.letter("letter_objection", "Brief: beslissing op bezwaar", handler, "objection_decision",
             '"outcome": objection_status, "subject": objection_subject')
    p.xor("gw_upheld", "Gegrond?", handler)
    p.end("obj_end_upheld", "Bezwaar gegrond", handler)
    p.user("appeal_tracking", "Beroep volgen", "lawyer", "lawyer.appeal", "Appeal to the district court (and ABRvS) tracked by the lawyer.")
    p.end("obj_end_appeal", "Beroep vastgelegd", "lawyer")
    p.chain("obj_start", "objection_term_end", "gw_lodged")
    p.flow("gw_lodged", "objection_received", "ja", "objection_early")
    p.flow("gw_lodged", "wait_objection", "nee", default=True)
    p.flow("wait_objection", "objection_lodged")
    p.flow("wait_objection", "objection_term")
    p.chain("objection_term", "no_objection", "wait_late_objection")
    p.flow("wait_late_objection", "late_objection_lodged")
    p.flow("wait_late_objection", "late_objection_over")
    p.chain("late_objection_over", "obj_end_final")
    p.chain("late_objection_lodged", "late_objection_received", "objection_lateness", "gw_late_admissible")
    p.flow("gw_late_admissible", "objection_ack_terms", "ontvankelijk", "objection_posted_in_time or excusable")
    p.flow("gw_late_admissible", "late_inadmissible", "niet-ontvankelijk", default=True)
    p.chain("late_inadmissible", "letter_late_inadmissible", "obj_end_inadmissible")
    p.chain("objection_lodged", "objection_received", "gw_received_in_time")
    p.flow("gw_received_in_time", "objection_ack_terms", "ja", "str(objection_lodged_on)[:10] <= objection_term_ends")
    p.flow("gw_received_in_time", "late_objection_received", "nee: na de termijn", default=True)
    p.chain("objection_ack_terms", "letter_objection_ack", "objection_hearing", "gw_extend_term")
    p.flow("gw_extend_term", "term_extension_record", "ja", "term_extended_weeks")
    p.flow("gw_extend_term", "objection_decision", "nee", default=True)
    p.chain("term_extension_record", "gw_extension_in_time")
    p.flow("gw_extension_in_time", "letter_term_extended", "ja", "objection_term_extension_in_time")
    p.flow("gw_extension_in_time", "term_extension_late", "nee: termijn al verstreken", default=True)
    p.flow("letter_term_extended", "objection_decision")
    p.flow("term_extension_late", "objection_decision")
    p.chain("objection_decision", "objection_record", "letter_objection", "gw_upheld")
    p.chain("objection_decision_due", "objection_overdue", "objection_overdue_done")
    p.flow("gw_upheld", "obj_end_upheld", "gegrond", "objection_upheld")
    p.flow("gw_upheld", "appeal_tracking", "ongegrond", default=True)
    p.flow("appeal_tracking", "obj_end_appeal")
    return p


def objection_residence() -> Proc:
    return objection("objection_residence", "ind")


def objection_reflection() -> Proc:
    """Objection against the refusal of the reflection period (issue 9 item 6), decided by the body that
    refused it, within the term of the remedy the policy value reflection_offer gives."""
    return objection("objection_reflection", "police")
