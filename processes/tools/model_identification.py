"""Declarations of identification: by police/KMar (nl-current) and by the decoupled panel (nl-decoupled)."""
from __future__ import annotations

from processes.tools.bpmn_builder import Proc
from processes.tools.model_residence import intended_decision

# The tracks in which a "no indication" refuses the reflection period (a third-country national); anyone else
# has no reflection period to refuse and gets a notice of the assessment with its reasons.
REFLECTION_TRACKS = '("b83", "b83_dublin")'


def no_indication(p: Proc, prefix: str, lane: str, after: str, end: str) -> None:
    """After the police/KMar's assessment (`after`): no indication ends nothing silently (issue 9 item 6).
    A third-country national gets the refusal of the reflection period as a decision with its letter (the
    legal nature and remedy of the policy value reflection_offer); anyone else a notice with the reasons."""
    # No notice of intended decision before the refusal of the reflection period: police/KMar decide at the
    # first contact, on what the person tells them there, and the offer cannot wait for a term to respond
    # (art. 4:11 sub a Awb, urgency [verify]); the remedy is objection (policy reflection_offer).
    p.xor(f"{prefix}_gw_indication", "Aanwijzing?", lane)
    p.xor(f"{prefix}_gw_track", "Bedenktijd aan de orde?", lane,
          "The reflection period (Vc 2000 B8/3) is for a third-country national; for a Dutch or Union citizen "
          "there is none to refuse.")
    p.letter(f"{prefix}_letter_refused", "Brief: bedenktijd geweigerd", lane, "reflection_refused",
             '"reasons": reasons, "offered_by": offered_by, "decided_on": str(offered_on)',
             "The refusal of the reflection period by police/KMar, with its reasons and the remedy the policy "
             "value reflection_offer gives (art. 72 lid 3 Vw 2000 [verify]).")
    p.letter(f"{prefix}_letter_notice", "Brief: geen aanwijzing mensenhandel", lane, "no_indication_notice",
             '"reasons": reasons, "offered_by": offered_by, "decided_on": str(offered_on)',
             "The assessment and its reasons, for a person outside the B8/3 track.")
    p.xor(f"{prefix}_gw_refusal_remedy", "Bezwaar open?", lane,
          "The refusal is open to objection where the policy value reflection_offer gives it a remedy of objection "
          "(art. 72 lid 3 with art. 69 Vw 2000 [verify]); the body that refused decides on it.")
    p.script(f"{prefix}_refusal_objection", "Bezwaartermijn weigering openen", lane,
             "decision_sent_on = today()\nobjection_subject = 'reflection'\nobjection_early = False")
    p.call(f"{prefix}_call_objection", "Bezwaar tegen weigering bedenktijd", lane, "objection_reflection")
    p.end(f"{prefix}_end_refused", "Bedenktijd geweigerd", lane)
    p.end(f"{prefix}_end_notice", "Geen aanwijzing meegedeeld", lane)
    p.flow(after, f"{prefix}_gw_indication")
    p.flow(f"{prefix}_gw_indication", end, "ja", "indication")
    p.flow(f"{prefix}_gw_indication", f"{prefix}_gw_track", "nee", default=True)
    p.flow(f"{prefix}_gw_track", f"{prefix}_letter_refused", "ja", f'fact("residence_track") in {REFLECTION_TRACKS}')
    p.flow(f"{prefix}_gw_track", f"{prefix}_letter_notice", "nee", default=True)
    p.chain(f"{prefix}_letter_refused", f"{prefix}_gw_refusal_remedy")
    p.flow(f"{prefix}_gw_refusal_remedy", f"{prefix}_refusal_objection", "bezwaar",
           'policy["reflection_offer"]["value"]["remedy"] in ("objection_vw", "objection_awb")')
    p.flow(f"{prefix}_gw_refusal_remedy", f"{prefix}_end_refused", "geen bezwaar", default=True)
    p.chain(f"{prefix}_refusal_objection", f"{prefix}_call_objection", f"{prefix}_end_refused")
    p.chain(f"{prefix}_letter_notice", f"{prefix}_end_notice")


def identification_current() -> Proc:
    p = Proc("identification", "Identificatie door politie/KMar (huidig)",
             "Current procedure (Vc 2000 B8/3): police or KMar assess the signal; at the slightest indication "
             "of trafficking they offer the reflection period. There is no separate identification decision.")
    p.lane("police", "Politie (AVIM) of KMar: signal assessment and the offer of the reflection period.")
    p.start("idc_start", "Start identificatie", "police")
    p.user("police_assessment", "Signalen beoordelen (geringste aanwijzing)", "police", "police.indication",
           "Police/KMar record whether there is the slightest indication of trafficking, and who offered the reflection period and when (Rb Den Haag ECLI:NL:RBDHA:2021:727). "
           "The assessment is a decision of its own (the offer or the refusal of the reflection period), kept in "
           "the decisions table like the others.",
           decision="reflection_offer")
    p.script("idc_record", "Uitkomst vastleggen", "police",
             "identification_outcome = record_fact('identification_outcome', 'indication' if indication else 'none')\n"
             "identification_basis = 'police'\nrecord_fact('indication', bool(indication))\n"
             "record_fact('indication_on', offered_on if indication else None)\n"
             "record_fact('first_assessment', identification_outcome)\n"
             "record_fact('reflection_offered_by', offered_by)",
             "The police's indication is the first indication: the reflection period and the non-punishment "
             "assessment start from it. The body that offered it (police or KMar) signs the offer's letter.")
    p.end("idc_end", "Beoordeling afgerond", "police",
          "An indication: the residence track sends the offer's letter, signed by the body that made it, with the "
          "period's end (a Dutch or Union citizen has no reflection period to be offered).",
          letter_by="letter_reflection")
    p.chain("idc_start", "police_assessment", "idc_record")
    no_indication(p, "idc", "police", "idc_record", "idc_end")
    return p


def identification_decoupled() -> Proc:
    p = Proc("identification", "Ontkoppelde multidisciplinaire identificatie",
             "Decoupled identification: a multidisciplinary panel decides on reasonable grounds within 5 "
             "working days (opening protection), gathers information, may hear the person, and takes a final "
             "decision after the minimum recovery period. A negative final decision gets an automatic second "
             "review by members who did not take it; a confirmed negative decision is open to objection. No "
             "gateway here reads anything from the criminal investigation.")
    p.lane("panel", "Multidisciplinair panel: chair, care, medical/psychological, legal and labour experts (child expert for minors). Police/OM only as non-voting information source.")
    p.lane("ind", "IND: where the panel only advises (policy panel_outcome = advice), the decision on residence on the ground of the panel's advice.")
    p.start("idd_start", "Start identificatie", "panel")
    p.script("idd_started", "Start vastleggen", "panel", "identification_started_on = today()\nadvice_intended = False")
    p.user("compose_panel", "Panel samenstellen", "panel", "panel.compose",
           "The chair composes the panel; police/prosecution may only join as non-voting information source.")
    p.script("check_panel", "Samenstelling toetsen", "panel",
             "panel_roles = [m['role'] for m in panel_members if m['voting']]\n"
             "panel_complete = fact('route') != 'minor' or 'child_expert' in panel_roles\n"
             "if not panel_complete:\n    panel_members = []",
             "A child's case needs a voting child expert.")
    p.xor("gw_panel", "Samenstelling volledig?", "panel")
    p.user("first_stage", "Eerste beslissing (redelijke gronden)", "panel", "panel.first_stage",
           "Structured indicators (ILO 11, ILO/EC operational, Dutch signal lists) and the reasonable-grounds decision.",
           decision="identification_first_stage")
    p.btimer("first_stage_deadline", "5 werkdagen verstreken", "first_stage",
             'due_in(policy["first_stage_decision"], since=identification_started_on)', interrupting=False)
    p.user("first_stage_escalation", "Escalatie: eerste beslissing te laat", "panel", "panel.escalation",
           "The chair is alerted that the first-stage decision is overdue.")
    p.end("first_stage_escalated", "Escalatie afgehandeld", "panel")
    p.script("first_stage_record", "Eerste beslissing vastleggen", "panel",
             "first_stage_outcome = outcome\nfirst_stage_on = today()\nrecord_fact('first_assessment', outcome)",
             "The first assessment is a case fact: the non-punishment assessment starts from it, so the prosecutor "
             "has it before deciding on prosecution (ECtHR V.C.L. and A.N. v UK, 2021).")
    p.xor("gw_first", "Redelijke gronden?", "panel")
    p.letter("letter_first_negative", "Brief: geen redelijke gronden", "panel", "identification_first_stage_negative",
             '"outcome": first_stage_outcome, "reconsideration_until": due_in(policy["reconsideration_term"]), "best_interests": fact("bia_summary") or ""')
    p.evgw("wait_reconsideration", "Heroverwegingstermijn loopt", "panel")
    p.catch("reconsideration_requested", "Verzoek om heroverweging", "panel", "reconsideration_requested", "reconsideration_request")
    p.timer("reconsideration_over", "Heroverwegingstermijn verstreken", "panel",
            'due_in(policy["reconsideration_term"], since=first_stage_on)')
    p.user("reconsideration", "Heroverweging eerste beslissing", "panel", "panel.reconsideration",
           "Reconsideration on request of a negative first-stage decision, by members who did not take it.",
           decision="identification_reconsideration")
    p.script("reconsideration_record", "Heroverweging vastleggen", "panel",
             "first_stage_outcome = outcome\nfirst_stage_on = today()\nrecord_fact('first_assessment', outcome)")
    p.xor("gw_reconsidered", "Alsnog redelijke gronden?", "panel")
    p.letter("letter_reconsidered_negative", "Brief: heroverweging negatief", "panel", "identification_first_stage_negative",
             '"outcome": first_stage_outcome, "reconsidered": True, "best_interests": fact("bia_summary") or ""')
    p.script("first_negative_record", "Negatief vastleggen", "panel",
             "identification_outcome = record_fact('identification_outcome', 'negative')\n"
             "decision_sent_on = first_stage_on\nobjection_subject = 'identification_first_stage'\nobjection_early = False",
             "The negative first-stage decision ends identification and so the protection it opens: where the "
             "variant treats the panel's outcome as a decision (panel_outcome = decision, an assumed basis) it is "
             "open to objection, as its letter says (issue 9 item 13). The objection term runs from the day the "
             "(reconsidered) decision was sent.")
    # An objection lodged while the reconsideration window still runs is taken in at once.
    p.catch("first_stage_objection", "Bezwaar ingediend", "panel", "objection_lodged", "objection")
    p.script("first_stage_objection_record", "Bezwaar al ontvangen", "panel",
             "decision_sent_on = first_stage_on\nobjection_subject = 'identification_first_stage'\nobjection_early = True")
    p.call("call_objection_first", "Bezwaar tegen eerste beslissing", "panel", "objection",
           "Objection within 6 weeks (art. 6:7 Awb) against the negative first-stage decision; upheld: reasonable grounds.")
    p.xor("gw_first_objection", "Bezwaar gegrond?", "panel")
    p.script("first_objection_positive", "Redelijke gronden na bezwaar", "panel",
             "first_stage_outcome = 'positive'\nfirst_stage_on = today()\nrecord_fact('first_assessment', 'positive')")
    p.end("idd_end_first_negative", "Geen redelijke gronden", "panel")
    p.letter("letter_first_positive", "Brief: redelijke gronden (bescherming)", "panel", "identification_first_stage_positive",
             '"outcome": first_stage_outcome, "recovery_until": due_in(policy["recovery_minimum"], since=first_stage_on), "best_interests": fact("bia_summary") or ""')
    p.user("prepare", "Informatie opvragen en horen voorbereiden", "panel", "panel.prepare",
           "Information requests to police, IND or care, and whether to hear the person.")
    p.xor("gw_info", "Informatie opvragen?", "panel")
    p.throw("request_info", "Informatieverzoek", "panel", "information_requested",
            '{"case_reference": case_reference, "addressees": info_requested_from, "question": info_question}')
    p.evgw("wait_info", "Wachten op antwoord", "panel")
    p.catch("info_received", "Informatie ontvangen", "panel", "information_received", "information_reply")
    p.timer("info_deadline", "Antwoordtermijn verstreken", "panel", 'due_in(policy["information_reply"])',
            "The panel decides on the file when no answer arrives in time.")
    p.xor("gw_info_done", "", "panel")
    p.xor("gw_hearing", "Horen?", "panel")
    p.user("hearing", "Horen van de persoon", "panel", "panel.hearing", "Optional hearing of the person (as in the 2018 pilot).")
    p.xor("gw_hearing_done", "", "panel")
    p.timer("recovery_done", "Minimale herstelperiode verstreken", "panel",
            'due_in(policy["recovery_minimum"], since=first_stage_on)')
    p.user("final_decision", "Eindbeslissing identificatie", "panel", "panel.final_decision",
           "Final decision: is the person a victim of trafficking (plausible)?", decision="identification_final")
    p.script("final_record", "Eindbeslissing vastleggen", "panel", "final_outcome = outcome\ndecided_by = decided_by")
    p.xor("gw_final", "Positief?", "panel")
    p.user("second_review", "Tweede beoordeling (andere leden)", "panel", "panel.second_review",
           "Automatic second review of a negative decision by members who did not take it.",
           decision="identification_second_review")
    p.script("check_review", "Onafhankelijkheid toetsen", "panel",
             "review_independent = len(set(reviewed_by) & set(decided_by)) == 0\nreview_outcome = outcome\n"
             "if not review_independent:\n    reviewed_by = []",
             "Form data is merged into the case data (lists too): a refused list is cleared before the task is asked again.")
    p.xor("gw_independent", "Andere leden?", "panel")
    p.xor("gw_review", "Negatief bevestigd?", "panel")
    p.script("positive_record", "Positief vastleggen", "panel", "identification_outcome = record_fact('identification_outcome', 'positive')")
    p.letter("letter_final_positive", "Brief: erkend als slachtoffer", "panel", "identification_final_positive",
             '"outcome": "positive", "best_interests": fact("bia_summary") or ""')
    p.end("idd_end_positive", "Erkend", "panel")
    # panel_outcome = advice: the panel's outcome is advice to the IND (no remedy against it); for a
    # third-country national the IND decides on residence on the ground of that advice, a decision under
    # the Aliens Act with its 4-week objection term (art. 69 Vw 2000), handled by the IND.
    p.xor("gw_advice_positive", "Advies aan de IND?", "panel")
    p.xor("gw_advice_negative", "Advies aan de IND?", "panel")
    p.xor("gw_ind_decides", "", "ind")
    p.user("ind_on_advice", "Besluit IND op advies panel", "ind", "ind.advice_decision",
           "The IND decides on residence on the ground of the panel's advice; departing from the advice needs reasons.",
           decision="residence_on_advice")
    p.xor("gw_ind_granted", "Verleend?", "ind")
    p.script("ind_granted_record", "Vergunning op advies vastleggen", "ind",
             "permit_start = today()\npermit_valid_from = today()\nresidence_outcome = record_fact('residence_outcome', 'permit')\n"
             "residence_basis = 'identification'\nidentification_outcome = record_fact('identification_outcome', 'positive')\n"
             "identification_basis = 'ind_on_advice'\n"
             "record_fact('permit_on_advice', {'start': permit_start, 'basis': residence_basis})",
             "The permit's start and basis are a case fact: the residence track runs the permit on from them.")
    p.letter("letter_ind_granted", "Brief: vergunning verleend op advies", "ind", "residence_granted",
             '"basis": residence_basis, "follows_advice": follows_advice, '
             '"valid_until": due_in(policy["permit_validity"], since=permit_valid_from)')
    p.xor("gw_advice_intended", "Voornemen nodig?", "ind",
          "Before refusing residence on the panel's advice the IND sends a notice of intended decision: the "
          "refusal rests on the panel's findings, data the person did not give herself (art. 4:7 Awb, or 4:8 where "
          "the residence is decided ex officio [verify]), where the policy value intended_decision_before names "
          "'advice'. After an upheld objection the IND decides again without a second notice (art. 7:2 and 4:11 "
          "sub b Awb [verify]).")
    p.script("advice_intended_set", "Voornemen tot weigering op advies", "ind", "advice_intended = True")
    intended_decision(p, "intended_advice", "permit", "ind_on_advice")
    p.script("ind_refused_record", "Afwijzing op advies vastleggen", "ind",
             "identification_outcome = record_fact('identification_outcome', 'negative')\nrefused_decision = 'advice'\ndecision_sent_on = today()\n"
             "objection_subject = 'residence'\nobjection_early = False")
    p.letter("letter_ind_refused", "Brief: vergunning geweigerd op advies", "ind", "residence_refused",
             '"reasons": reasons, "follows_advice": follows_advice')
    p.call("call_objection_ind", "Bezwaar tegen besluit IND", "ind", "objection_residence",
           "Objection within 4 weeks (art. 69 Vw 2000); upheld: the IND decides again.")
    p.xor("gw_ind_objection", "Bezwaar gegrond?", "ind")
    p.end("idd_end_ind", "IND heeft besloten", "ind")
    p.script("negative_record", "Negatief vastleggen", "panel",
             "identification_outcome = record_fact('identification_outcome', 'negative')\ndecision_sent_on = today()\nobjection_subject = 'identification'\n"
             "objection_early = False\n"
             "reconsideration_until = due_in(policy['reconsideration_term'], since=decision_sent_on)[:10]")
    p.letter("letter_final_negative", "Brief: niet erkend", "panel", "identification_final_negative",
             '"outcome": "negative", "panel_outcome": policy["panel_outcome"]["value"], "best_interests": fact("bia_summary") or "", '
             '"reconsideration_until": reconsideration_until')
    # While the objection term runs, the person may instead ask for reconsideration within the policy's
    # (shorter) reconsideration term; an objection is taken at once (the objection process skips its wait).
    p.evgw("wait_final_remedy", "Heroverwegings- en bezwaartermijn lopen", "panel")
    p.catch("final_reconsideration_requested", "Verzoek om heroverweging eindbeslissing", "panel",
            "reconsideration_requested", "reconsideration_request")
    p.script("check_request_in_time", "Verzoek binnen termijn?", "panel",
             "final_reconsideration_in_time = today() <= reconsideration_until")
    p.xor("gw_request_in_time", "Binnen heroverwegingstermijn?", "panel",
          "A late request is recorded in the case history and leaves the objection term running.")
    p.catch("early_objection", "Bezwaar ingediend", "panel", "objection_lodged", "objection")
    p.script("early_objection_record", "Bezwaar al ontvangen", "panel", "objection_early = True")
    p.timer("final_objection_term", "Bezwaartermijn verstreken", "panel",
            'due_in(policy["objection_term_awb"], since=decision_sent_on)',
            "Neither reconsideration nor objection in time: the decision is final.")
    p.script("final_no_objection", "Besluit onherroepelijk", "panel", "objection_upheld = False\nobjection_status = 'final'")
    p.user("final_reconsideration", "Heroverweging eindbeslissing", "panel", "panel.reconsideration",
           "Reconsideration on request of the confirmed negative final decision, by members who took neither "
           "the decision nor its second review.", decision="identification_final_reconsideration")
    p.script("check_final_reconsideration", "Onafhankelijkheid heroverweging toetsen", "panel",
             "final_reconsideration_independent = len(set(reconsidered_by) & (set(decided_by) | set(reviewed_by))) == 0\n"
             "if final_reconsideration_independent:\n    final_outcome = outcome\n    final_reconsidered_on = today()\n"
             "else:\n    reconsidered_by = []")
    p.xor("gw_final_reconsideration_independent", "Andere leden?", "panel")
    p.xor("gw_final_reconsidered", "Alsnog erkend?", "panel")
    p.script("final_reconsidered_negative", "Heroverweging negatief vastleggen", "panel",
             "decision_sent_on = today()\nobjection_early = False")
    p.letter("letter_final_reconsidered_negative", "Brief: heroverweging eindbeslissing negatief", "panel",
             "identification_final_negative",
             '"outcome": "negative", "reconsidered": True, "panel_outcome": policy["panel_outcome"]["value"], '
             '"best_interests": fact("bia_summary") or ""')
    p.call("call_objection", "Bezwaar", "panel", "objection")
    p.xor("gw_objection", "Bezwaar gegrond?", "panel")
    p.script("objection_positive", "Erkend na bezwaar", "panel", "identification_outcome = record_fact('identification_outcome', 'positive')")
    p.end("idd_end_after_objection", "Afgerond na bezwaar", "panel")
    p.chain("idd_start", "idd_started", "compose_panel", "check_panel", "gw_panel")
    p.flow("gw_panel", "compose_panel", "nee: kinderdeskundige ontbreekt", "not panel_complete")
    p.flow("gw_panel", "first_stage", "ja", default=True)
    p.chain("first_stage_deadline", "first_stage_escalation", "first_stage_escalated")
    p.chain("first_stage", "first_stage_record", "gw_first")
    p.flow("gw_first", "letter_first_negative", "nee", 'first_stage_outcome == "negative"')
    p.chain("letter_first_negative", "wait_reconsideration")
    p.flow("wait_reconsideration", "reconsideration_requested")
    p.flow("wait_reconsideration", "reconsideration_over")
    p.flow("wait_reconsideration", "first_stage_objection")
    p.chain("first_stage_objection", "first_stage_objection_record", "call_objection_first")
    p.flow("reconsideration_over", "first_negative_record")
    p.chain("reconsideration_requested", "reconsideration", "reconsideration_record", "gw_reconsidered")
    p.flow("gw_reconsidered", "letter_first_positive", "ja", 'first_stage_outcome == "positive"')
    p.flow("gw_reconsidered", "letter_reconsidered_negative", "nee", default=True)
    p.flow("letter_reconsidered_negative", "first_negative_record")
    p.chain("first_negative_record", "call_objection_first", "gw_first_objection")
    p.flow("gw_first_objection", "first_objection_positive", "gegrond", "objection_upheld")
    p.flow("gw_first_objection", "idd_end_first_negative", "ongegrond of geen bezwaar", default=True)
    p.flow("first_objection_positive", "letter_first_positive")
    p.flow("gw_first", "letter_first_positive", "ja", default=True)
    p.chain("letter_first_positive", "prepare", "gw_info")
    p.flow("gw_info", "request_info", "ja", "len(info_requested_from) > 0")
    p.flow("gw_info", "gw_info_done", "nee", default=True)
    p.chain("request_info", "wait_info")
    p.flow("wait_info", "info_received")
    p.flow("wait_info", "info_deadline")
    p.flow("info_received", "gw_info_done")
    p.flow("info_deadline", "gw_info_done")
    p.flow("gw_info_done", "gw_hearing")
    p.flow("gw_hearing", "hearing", "ja", "hearing_wanted")
    p.flow("gw_hearing", "gw_hearing_done", "nee", default=True)
    p.flow("hearing", "gw_hearing_done")
    p.chain("gw_hearing_done", "recovery_done", "final_decision", "final_record", "gw_final")
    p.flow("gw_final", "positive_record", "ja", 'final_outcome == "positive"')
    p.flow("gw_final", "second_review", "nee", default=True)
    p.chain("second_review", "check_review", "gw_independent")
    p.flow("gw_independent", "second_review", "nee: zelfde leden", "not review_independent")
    p.flow("gw_independent", "gw_review", "ja", default=True)
    p.flow("gw_review", "positive_record", "herzien", 'review_outcome == "overturned"')
    p.flow("gw_review", "negative_record", "bevestigd", default=True)
    p.chain("positive_record", "letter_final_positive", "gw_advice_positive")
    p.flow("gw_advice_positive", "gw_ind_decides", "advies, derdelander", 'policy["panel_outcome"]["value"] == "advice" and fact("residence_track") in ("b83", "b83_dublin")')
    p.flow("gw_advice_positive", "idd_end_positive", "besluit of geen verblijfsvraag", default=True)
    p.chain("negative_record", "letter_final_negative", "gw_advice_negative")
    p.flow("gw_advice_negative", "gw_ind_decides", "advies, derdelander", 'policy["panel_outcome"]["value"] == "advice" and fact("residence_track") in ("b83", "b83_dublin")')
    p.flow("gw_advice_negative", "idd_end_after_objection", "advies, geen verblijfsvraag",
           'policy["panel_outcome"]["value"] == "advice" and fact("residence_track") not in ("b83", "b83_dublin")')
    p.flow("gw_advice_negative", "wait_final_remedy", "besluit", default=True)
    p.chain("gw_ind_decides", "ind_on_advice", "gw_ind_granted")
    p.flow("gw_ind_granted", "ind_granted_record", "ja", 'outcome == "granted"')
    p.flow("gw_ind_granted", "gw_advice_intended", "nee", default=True)
    p.flow("gw_advice_intended", "advice_intended_set", "ja: eerst voornemen",
           '"advice" in policy["intended_decision_before"]["value"] and not advice_intended')
    p.flow("gw_advice_intended", "ind_refused_record", "nee: besluit", default=True)
    p.flow("advice_intended_set", "intended_advice_record")
    p.chain("ind_granted_record", "letter_ind_granted", "idd_end_ind")
    p.chain("ind_refused_record", "letter_ind_refused", "call_objection_ind", "gw_ind_objection")
    p.flow("gw_ind_objection", "gw_ind_decides", "gegrond: IND beslist opnieuw", "objection_upheld")
    p.flow("gw_ind_objection", "idd_end_ind", "ongegrond of geen bezwaar", default=True)
    for event in ("final_reconsideration_requested", "early_objection", "final_objection_term"):
        p.flow("wait_final_remedy", event)
    p.chain("final_objection_term", "final_no_objection", "gw_objection")
    p.chain("early_objection", "early_objection_record", "call_objection")
    p.chain("final_reconsideration_requested", "check_request_in_time", "gw_request_in_time")
    p.flow("gw_request_in_time", "wait_final_remedy", "nee: te laat", "not final_reconsideration_in_time")
    p.flow("gw_request_in_time", "final_reconsideration", "ja", default=True)
    p.chain("final_reconsideration", "check_final_reconsideration", "gw_final_reconsideration_independent")
    p.flow("gw_final_reconsideration_independent", "final_reconsideration", "nee: betrokken leden",
           "not final_reconsideration_independent")
    p.flow("gw_final_reconsideration_independent", "gw_final_reconsidered", "ja", default=True)
    p.flow("gw_final_reconsidered", "positive_record", "ja", 'final_outcome == "positive"')
    p.flow("gw_final_reconsidered", "final_reconsidered_negative", "nee", default=True)
    p.chain("final_reconsidered_negative", "letter_final_reconsidered_negative", "call_objection", "gw_objection")
    p.flow("gw_objection", "objection_positive", "gegrond", "objection_upheld")
    p.flow("gw_objection", "idd_end_after_objection", "ongegrond of geen bezwaar", default=True)
    p.flow("objection_positive", "idd_end_after_objection")
    return p


def identification_uk() -> Proc:
    """A UK-like identification (the National Referral Mechanism with devolved child decision-making):
    a central body decides for everyone, in two stages with a recovery period between them, unless the
    policy value `child_decisions` is `local`: then a local multi-agency panel decides on a child, after
    gathering its partners' information, both stages at one sitting. The same model serves both arms
    (variants uk-central and uk-devolved); only the policy differs."""
    p = Proc("identification", "Identificatie naar Brits model (centraal, of lokaal kinderpanel)",
             "UK-like identification: a central body (as the Single Competent Authority) takes the reasonable-grounds "
             "decision and, after the minimum recovery period, the conclusive-grounds decision. Where the policy "
             "value child_decisions is 'local', a local multi-agency panel (children's services, police, health: "
             "the Devolved Decision-Making pilot) decides on a child instead, both decisions at one sitting, "
             "after asking its partners for information (at most child_panel_information). No gateway reads "
             "anything from the criminal investigation.")
    p.lane("panel", "Centrale beslisautoriteit: reasonable-grounds and conclusive-grounds decisions for every "
           "case not decided locally.")
    p.lane("local_panel", "Lokaal multidisciplinair kinderpanel (jeugdzorg, politie, gezondheidszorg): decides on "
           "children where decisions are devolved.")
    p.start("iduk_start", "Start identificatie", "panel")
    p.script("iduk_started", "Start vastleggen", "panel",
             "identification_started_on = today()\n"
             "decided_locally = fact('route') == 'minor' and policy['child_decisions']['value'] == 'local'")
    p.xor("gw_local", "Kind en lokaal panel?", "panel",
          "A child's case goes to the local panel only where the policy devolves child decisions.")
    # -- the central body ------------------------------------------------------------------------
    p.user("first_stage", "Eerste beslissing (redelijke gronden)", "panel", "panel.first_stage",
           "The central body's reasonable-grounds decision.", decision="identification_first_stage")
    p.script("first_stage_record", "Eerste beslissing vastleggen", "panel",
             "first_stage_outcome = outcome\nfirst_stage_on = today()\nrecord_fact('first_assessment', outcome)")
    p.xor("gw_first", "Redelijke gronden?", "panel")
    p.letter("letter_first_negative", "Brief: geen redelijke gronden", "panel", "identification_first_stage_negative",
             '"outcome": first_stage_outcome, "reconsideration_until": due_in(policy["reconsideration_term"]), "best_interests": fact("bia_summary") or ""')
    p.letter("letter_first_positive", "Brief: redelijke gronden (bescherming)", "panel", "identification_first_stage_positive",
             '"outcome": first_stage_outcome, "recovery_until": due_in(policy["recovery_minimum"], since=first_stage_on), "best_interests": fact("bia_summary") or ""')
    p.timer("recovery_done", "Minimale herstelperiode verstreken", "panel",
            'due_in(policy["recovery_minimum"], since=first_stage_on)')
    p.user("final_decision", "Eindbeslissing identificatie", "panel", "panel.final_decision",
           "The central body's conclusive-grounds decision.", decision="identification_final")
    p.script("final_record", "Eindbeslissing vastleggen", "panel", "final_outcome = outcome\ndecided_by = decided_by")
    # -- the local child panel ---------------------------------------------------------------------
    p.throw("local_request_info", "Informatie opvragen bij de partners", "local_panel", "information_requested",
            '{"case_reference": case_reference, "addressees": ["police", "care"], '
            '"question": "Wat weten jeugdzorg, politie en gezondheidszorg over dit kind?"}')
    p.evgw("local_wait_info", "Wachten op de partners", "local_panel")
    p.catch("local_info_received", "Informatie ontvangen", "local_panel", "information_received", "information_reply")
    p.timer("local_info_deadline", "Termijn voor het kinderpanel verstreken", "local_panel",
            'due_in(policy["child_panel_information"], since=identification_started_on)',
            "The panel decides on the file when the partners have not answered in time.")
    p.xor("gw_local_info_done", "", "local_panel")
    p.user("local_first_stage", "Eerste beslissing kinderpanel (redelijke gronden)", "local_panel", "panel.first_stage",
           "The local panel's reasonable-grounds decision.", decision="identification_first_stage")
    p.letter("letter_local_first_positive", "Brief: redelijke gronden (bescherming)", "local_panel",
             "identification_first_stage_positive",
             '"outcome": first_stage_outcome, "recovery_until": today(), "best_interests": fact("bia_summary") or ""')
    p.user("local_final_decision", "Eindbeslissing kinderpanel", "local_panel", "panel.final_decision",
           "The local panel's conclusive-grounds decision, at the same sitting.", decision="identification_final")
    p.script("local_final_record", "Eindbeslissing vastleggen", "local_panel",
             "final_outcome = outcome\ndecided_by = decided_by")
    # -- outcomes, shared by both ------------------------------------------------------------------
    p.script("first_negative_record", "Negatief vastleggen", "panel",
             "identification_outcome = record_fact('identification_outcome', 'negative')")
    p.end("iduk_end_first_negative", "Geen redelijke gronden", "panel")
    p.xor("gw_final", "Positief?", "panel")
    p.script("positive_record", "Positief vastleggen", "panel",
             "identification_outcome = record_fact('identification_outcome', 'positive')")
    p.letter("letter_final_positive", "Brief: erkend als slachtoffer", "panel", "identification_final_positive",
             '"outcome": "positive", "best_interests": fact("bia_summary") or ""')
    p.end("iduk_end_positive", "Erkend", "panel")
    p.script("negative_record", "Negatief vastleggen", "panel",
             "identification_outcome = record_fact('identification_outcome', 'negative')\ndecision_sent_on = today()\n"
             "reconsideration_until = due_in(policy['reconsideration_term'], since=decision_sent_on)[:10]")
    p.letter("letter_final_negative", "Brief: niet erkend", "panel", "identification_final_negative",
             '"outcome": "negative", "panel_outcome": policy["panel_outcome"]["value"], "best_interests": fact("bia_summary") or "", '
             '"reconsideration_until": reconsideration_until')
    p.end("iduk_end_negative", "Niet erkend", "panel")
    p.chain("iduk_start", "iduk_started", "gw_local")
    p.flow("gw_local", "local_request_info", "ja: lokaal kinderpanel", "decided_locally")
    p.flow("gw_local", "first_stage", "nee: centraal", default=True)
    p.chain("first_stage", "first_stage_record", "gw_first")
    p.flow("gw_first", "letter_first_negative", "nee", 'first_stage_outcome == "negative"')
    p.flow("gw_first", "letter_local_first_positive", "ja, kinderpanel", "decided_locally")
    p.flow("gw_first", "letter_first_positive", "ja", default=True)
    p.chain("letter_first_positive", "recovery_done", "final_decision", "final_record", "gw_final")
    p.chain("local_request_info", "local_wait_info")
    p.flow("local_wait_info", "local_info_received")
    p.flow("local_wait_info", "local_info_deadline")
    p.flow("local_info_received", "gw_local_info_done")
    p.flow("local_info_deadline", "gw_local_info_done")
    p.chain("gw_local_info_done", "local_first_stage", "first_stage_record")
    p.chain("letter_local_first_positive", "local_final_decision", "local_final_record", "gw_final")
    p.flow("letter_first_negative", "first_negative_record")
    p.chain("first_negative_record", "iduk_end_first_negative")
    p.flow("gw_final", "positive_record", "ja", 'final_outcome == "positive"')
    p.flow("gw_final", "negative_record", "nee", default=True)
    p.chain("positive_record", "letter_final_positive", "iduk_end_positive")
    p.chain("negative_record", "letter_final_negative", "iduk_end_negative")
    return p
