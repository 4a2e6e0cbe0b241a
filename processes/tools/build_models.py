"""The procedure models, declared once and written to processes/ (and the variant overlays) with
diagram interchange. Names are Dutch (the language of the procedure); documentation is English.

Every term a timer uses is read from the case's `policy` (processes/policy.json and the variant's own
policy.json); no model contains a literal duration.

Run: python -m processes.tools.build_models
"""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from processes.tools.bpmn_builder import Proc

ROOT = Path(__file__).resolve().parent.parent


def referral() -> Proc:
    p = Proc("referral", "Verwijzing en intake",
             "Referral and intake: a signal from any source is registered, the person's safety checked, consent "
             "recorded (adults; none is needed for minors), shelter arranged with a decision on longer-term "
             "placement within 36 hours (escalation when it runs out) and the case routed by the routing table.")
    p.lane("coordinator", "Zorgcoördinatie (CoMensha-taak) / care coordinator: intake, consent, placement.")
    p.start("ref_start", "Signaal ontvangen", "coordinator", "A signal from police, KMar, labour inspectorate, care, NGO, municipality, lawyer or the person.")
    p.script("ref_received", "Ontvangst vastleggen", "coordinator", "signal_received_at = now()\nidentification_outcome = 'none'\nresidence_outcome = 'none'\nbia_summary = ''",
             "bia_summary stays empty unless the minors' route records a best-interests assessment; letters quote it.")
    p.user("register_signal", "Signaal registreren", "coordinator", "coordinator.register_signal",
           "Register the signal: source, person (alias, stated birth date, age doubt), nationality and residence status, form of exploitation, suspicion of an offence.")
    p.script("assess_age", "Leeftijdsstatus bepalen", "coordinator",
             "age_status = 'doubt' if age_doubt else ('minor' if is_minor(birth_date, policy['age_of_majority']) else 'adult')",
             "Presumption of minority: a stated minor or an age in doubt is treated as a minor until assessed.")
    p.letter("ack", "Ontvangstbevestiging", "coordinator", "referral_acknowledgement", '"signal_source": signal_source')
    p.user("safety_check", "Veiligheidscheck", "coordinator", "coordinator.safety_check", "Immediate danger, safe location, emergency bed.")
    p.xor("gw_consent", "Volwassene?", "coordinator")
    p.user("consent", "Toestemming vastleggen", "coordinator", "coordinator.consent", "Informed consent of an adult to registration and referral.")
    p.script("no_consent_needed", "Geen toestemming nodig (minderjarige)", "coordinator", "consent_given = True\nconsent_required = False",
             "For a minor (or an age in doubt) no consent is needed: protection follows from the child's status.")
    p.xor("gw_consent_given", "Toestemming gegeven?", "coordinator")
    p.end("ref_end_no_consent", "Geen toestemming: signaal vastgelegd", "coordinator")
    p.user("placement", "Besluit opvang langere termijn", "coordinator", "coordinator.placement",
           "Immediate shelter and the decision on longer-term placement (COSM, OMM, regular or youth shelter).")
    p.btimer("placement_deadline", "36 uur verstreken", "placement",
             'due_in(policy["placement_decision"], since=signal_received_at)', interrupting=False,
             doc="Non-interrupting: the placement decision stays open; the coordinator is alerted.")
    p.user("placement_escalation", "Escalatie: opvang niet binnen 36 uur", "coordinator", "coordinator.placement_escalation",
           "Escalation when no longer-term placement was decided within 36 hours of the signal.")
    p.end("escalation_done", "Escalatie afgehandeld", "coordinator")
    p.rule("route", "Route bepalen", "coordinator", "routing", "processes/routing.dmn: minor or adult route; residence track.")
    p.end("ref_end", "Intake afgerond", "coordinator")
    p.chain("ref_start", "ref_received", "register_signal", "assess_age", "ack", "safety_check", "gw_consent")
    p.flow("gw_consent", "consent", "volwassene", 'age_status == "adult"')
    p.flow("gw_consent", "no_consent_needed", "minderjarig of twijfel", default=True)
    p.flow("consent", "gw_consent_given")
    p.flow("no_consent_needed", "gw_consent_given")
    p.flow("gw_consent_given", "ref_end_no_consent", "nee", "not consent_given")
    p.flow("gw_consent_given", "placement", "ja", default=True)
    p.chain("placement", "route", "ref_end")
    p.chain("placement_deadline", "placement_escalation", "escalation_done")
    return p


def procedure() -> Proc:
    p = Proc("procedure", "Procedure slachtoffer mensenhandel",
             "The whole case: intake, the minors' route when needed, the non-punishment assessment when the "
             "person is suspected of an offence, identification (variant-specific) and, for third-country "
             "nationals, the B8/3 reflection and residence track.")
    p.lane("coordinator", "Zorgcoördinatie / care coordinator, who holds the case.")
    p.start("proc_start", "Signaal", "coordinator")
    p.call("call_referral", "Verwijzing en intake", "coordinator", "referral")
    p.xor("gw_consent", "Toestemming?", "coordinator")
    p.end("proc_end_no_consent", "Afgesloten zonder toestemming", "coordinator")
    p.xor("gw_minor", "Minderjarig of leeftijd in twijfel?", "coordinator")
    p.call("call_minors", "Kinderroute", "coordinator", "minors")
    p.btimer("turns_adult", "18e verjaardag", "call_minors", 'comes_of_age(birth_date, policy["age_of_majority"])',
             doc="Date timer on the 18th birthday: the minors' route stops and the case continues on the adult route.")
    p.script("to_adult_route", "Naar volwassenenroute", "coordinator", "route = 'adult'\nage_status = 'adult'")
    p.bmsg("child_missing", "Kind vermist", "call_minors", "child_missing", "missing_report",
           doc="Interrupting: the minors' route and its timers stop (deadlines paused) while the child is missing.")
    p.throw("missing_alert", "Vermissing melden aan politie", "coordinator", "missing_child_alert",
            '{"case_reference": case_reference, "reported_at": now()}')
    p.catch("child_found", "Kind teruggevonden", "coordinator", "child_found", "found_report",
            "On return the minors' route starts again with fresh timers.")
    p.xor("gw_minor_done", "", "coordinator")
    p.xor("gw_offence", "Verdacht van strafbaar feit?", "coordinator")
    p.call("call_non_punishment", "Beoordeling non-punishment", "coordinator", "non_punishment")
    p.xor("gw_offence_done", "", "coordinator")
    p.call("call_identification", "Identificatie", "coordinator", "identification")
    p.bmsg("child_missing_ident", "Kind vermist tijdens identificatie", "call_identification", "child_missing",
           "missing_report", doc="Interrupting: the identification and its deadlines stop while the child is missing; "
                                 "on return it starts again with fresh deadlines (decisions taken stay in the case file).")
    p.throw("missing_alert_ident", "Vermissing melden aan politie", "coordinator", "missing_child_alert",
            '{"case_reference": case_reference, "reported_at": now()}')
    p.catch("child_found_ident", "Kind teruggevonden", "coordinator", "child_found", "found_report")
    p.xor("gw_residence", "Derdelander (B8/3)?", "coordinator")
    p.call("call_residence", "Bedenktijd en verblijf (B8/3)", "coordinator", "residence")
    p.xor("gw_residence_done", "", "coordinator")
    p.end("proc_end", "Zaak afgesloten", "coordinator")
    p.chain("proc_start", "call_referral", "gw_consent")
    p.flow("gw_consent", "proc_end_no_consent", "geen toestemming", "not consent_given")
    p.flow("gw_consent", "gw_minor", "toestemming", default=True)
    p.flow("gw_minor", "call_minors", "ja", 'route == "minor"')
    p.flow("gw_minor", "gw_minor_done", "nee", default=True)
    p.flow("call_minors", "gw_minor_done")
    p.chain("turns_adult", "to_adult_route", "gw_minor_done")
    p.chain("child_missing", "missing_alert", "child_found", "call_minors")
    p.flow("gw_minor_done", "gw_offence")
    p.flow("gw_offence", "call_non_punishment", "ja", "suspected_offence")
    p.flow("gw_offence", "gw_offence_done", "nee", default=True)
    p.flow("call_non_punishment", "gw_offence_done")
    p.chain("gw_offence_done", "call_identification", "gw_residence")
    p.chain("child_missing_ident", "missing_alert_ident", "child_found_ident", "call_identification")
    p.flow("gw_residence", "call_residence", "ja", 'residence_track in ("b83", "b83_dublin")')
    p.flow("gw_residence", "gw_residence_done", "nee", default=True)
    p.flow("call_residence", "gw_residence_done")
    p.flow("gw_residence_done", "proc_end")
    return p


def identification_current() -> Proc:
    p = Proc("identification", "Identificatie door politie/KMar (huidig)",
             "Current procedure (Vc 2000 B8/3): police or KMar assess the signal; at the slightest indication "
             "of trafficking they offer the reflection period. There is no separate identification decision.")
    p.lane("police", "Politie (AVIM) of KMar: signal assessment and the offer of the reflection period.")
    p.start("idc_start", "Start identificatie", "police")
    p.user("police_assessment", "Signalen beoordelen (geringste aanwijzing)", "police", "police.indication",
           "Police/KMar record whether there is the slightest indication of trafficking, and who offered the reflection period and when (Rb Den Haag ECLI:NL:RBDHA:2021:727).")
    p.script("idc_record", "Uitkomst vastleggen", "police",
             "identification_outcome = 'indication' if indication else 'none'\nidentification_basis = 'police'")
    p.end("idc_end", "Beoordeling afgerond", "police")
    p.chain("idc_start", "police_assessment", "idc_record", "idc_end")
    return p


def identification_decoupled() -> Proc:
    p = Proc("identification", "Ontkoppelde multidisciplinaire identificatie",
             "Decoupled identification: a multidisciplinary panel decides on reasonable grounds within 5 "
             "working days (opening protection), gathers information, may hear the person, and takes a final "
             "decision after the minimum recovery period. A negative final decision gets an automatic second "
             "review by members who did not take it; a confirmed negative decision is open to objection. No "
             "gateway here reads anything from the criminal investigation.")
    p.lane("panel", "Multidisciplinair panel: chair, care, medical/psychological, legal and labour experts (child expert for minors). Police/OM only as non-voting information source.")
    p.start("idd_start", "Start identificatie", "panel")
    p.script("idd_started", "Start vastleggen", "panel", "identification_started_on = today()")
    p.user("compose_panel", "Panel samenstellen", "panel", "panel.compose",
           "The chair composes the panel; police/prosecution may only join as non-voting information source.")
    p.script("check_panel", "Samenstelling toetsen", "panel",
             "panel_roles = [m['role'] for m in panel_members if m['voting']]\n"
             "panel_complete = route != 'minor' or 'child_expert' in panel_roles\n"
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
             "first_stage_outcome = outcome\nfirst_stage_on = today()")
    p.xor("gw_first", "Redelijke gronden?", "panel")
    p.letter("letter_first_negative", "Brief: geen redelijke gronden", "panel", "identification_first_stage_negative",
             '"outcome": first_stage_outcome, "reconsideration_until": due_in(policy["reconsideration_term"]), "best_interests": bia_summary')
    p.evgw("wait_reconsideration", "Heroverwegingstermijn loopt", "panel")
    p.catch("reconsideration_requested", "Verzoek om heroverweging", "panel", "reconsideration_requested", "reconsideration_request")
    p.timer("reconsideration_over", "Heroverwegingstermijn verstreken", "panel",
            'due_in(policy["reconsideration_term"], since=first_stage_on)')
    p.user("reconsideration", "Heroverweging eerste beslissing", "panel", "panel.reconsideration",
           "Reconsideration on request of a negative first-stage decision, by members who did not take it.",
           decision="identification_reconsideration")
    p.script("reconsideration_record", "Heroverweging vastleggen", "panel", "first_stage_outcome = outcome\nfirst_stage_on = today()")
    p.xor("gw_reconsidered", "Alsnog redelijke gronden?", "panel")
    p.letter("letter_reconsidered_negative", "Brief: heroverweging negatief", "panel", "identification_first_stage_negative",
             '"outcome": first_stage_outcome, "reconsidered": True, "best_interests": bia_summary')
    p.script("first_negative_record", "Negatief vastleggen", "panel", "identification_outcome = 'negative'")
    p.end("idd_end_first_negative", "Geen redelijke gronden", "panel")
    p.letter("letter_first_positive", "Brief: redelijke gronden (bescherming)", "panel", "identification_first_stage_positive",
             '"outcome": first_stage_outcome, "recovery_until": due_in(policy["recovery_minimum"], since=first_stage_on), "best_interests": bia_summary')
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
    p.script("positive_record", "Positief vastleggen", "panel", "identification_outcome = 'positive'")
    p.letter("letter_final_positive", "Brief: erkend als slachtoffer", "panel", "identification_final_positive",
             '"outcome": "positive", "best_interests": bia_summary')
    p.end("idd_end_positive", "Erkend", "panel")
    p.script("negative_record", "Negatief vastleggen", "panel",
             "identification_outcome = 'negative'\ndecision_sent_on = today()\nobjection_subject = 'identification'")
    p.letter("letter_final_negative", "Brief: niet erkend", "panel", "identification_final_negative",
             '"outcome": "negative", "panel_outcome": policy["panel_outcome"]["value"], "best_interests": bia_summary')
    p.call("call_objection", "Bezwaar", "panel", "objection")
    p.xor("gw_objection", "Bezwaar gegrond?", "panel")
    p.script("objection_positive", "Erkend na bezwaar", "panel", "identification_outcome = 'positive'")
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
    p.flow("reconsideration_over", "first_negative_record")
    p.chain("reconsideration_requested", "reconsideration", "reconsideration_record", "gw_reconsidered")
    p.flow("gw_reconsidered", "letter_first_positive", "ja", 'first_stage_outcome == "positive"')
    p.flow("gw_reconsidered", "letter_reconsidered_negative", "nee", default=True)
    p.flow("letter_reconsidered_negative", "first_negative_record")
    p.chain("first_negative_record", "idd_end_first_negative")
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
    p.chain("positive_record", "letter_final_positive", "idd_end_positive")
    p.chain("negative_record", "letter_final_negative", "call_objection", "gw_objection")
    p.flow("gw_objection", "objection_positive", "gegrond", "objection_upheld")
    p.flow("gw_objection", "idd_end_after_objection", "ongegrond of geen bezwaar", default=True)
    p.flow("objection_positive", "idd_end_after_objection")
    return p


def residence() -> Proc:
    p = Proc("residence", "Bedenktijd en verblijf (B8/3)",
             "Vc 2000 B8/3: reflection period (3 months; 30 days for Dublin claimants), the person's choice, the "
             "residence permit (IND within 24 hours after a report; Dublin: leads assessment by police/OM), the "
             "permit's life (1 year, extendable), messages from the criminal case, and continued residence after "
             "a conviction or 3 years. Where the variant allows it, a positive identification opens residence "
             "without a report.")
    p.lane("ind", "IND: decisions on reflection, permit, extension, withdrawal and continued residence.")
    p.lane("coordinator", "Zorgcoördinatie / care coordinator: shelter during the reflection period.")
    p.start("res_start", "Start verblijfstraject", "ind")
    p.xor("gw_basis", "Verblijf op grond van identificatie?", "ind")
    p.script("reflection_start", "Bedenktijd laten ingaan", "ind",
             "reflection_started_on = today()\n"
             "reflection_ends = due_in(policy['reflection_period_dublin'] if residence_track == 'b83_dublin' else policy['reflection_period'], since=reflection_started_on)")
    p.letter("letter_reflection", "Brief: bedenktijd verleend", "ind", "reflection_granted", '"reflection_ends": reflection_ends')
    p.user("shelter", "Opvang tijdens bedenktijd (COSM)", "coordinator", "coordinator.reflection_shelter",
           "Shelter during the reflection period (COSM placement through the coordinator).")
    p.evgw("wait_choice", "Keuze van het slachtoffer", "ind")
    p.catch("report_filed", "Aangifte gedaan", "ind", "report_filed", "report")
    p.catch("cooperation", "Andere medewerking", "ind", "cooperation_offered", "cooperation")
    p.catch("cannot_cooperate", "Kan niet meewerken (dreiging/medisch)", "ind", "cannot_cooperate", "cannot_cooperate_statement")
    p.catch("declined", "Afgezien", "ind", "declined", "declined_statement")
    p.timer("reflection_over", "Bedenktijd verstreken", "ind",
            "due_in(policy['reflection_period_dublin'] if residence_track == 'b83_dublin' else policy['reflection_period'], since=reflection_started_on)")
    p.script("reflection_ended", "Einde rechtmatig verblijf", "ind", "residence_outcome = 'reflection_ended'")
    p.letter("letter_reflection_ended", "Brief: einde bedenktijd", "ind", "reflection_ended")
    p.end("res_end_departure", "Vertrek", "ind")
    p.xor("gw_choice", "", "ind")
    p.xor("gw_dublin", "Dublinclaimant?", "ind")
    p.evgw("wait_leads", "Wachten op beoordeling opsporingsindicaties", "ind")
    p.catch("leads", "Beoordeling politie/OM ontvangen", "ind", "leads_assessment", "leads")
    p.timer("leads_overdue", "4 werkweken verstreken", "ind", 'due_in(policy["dublin_leads_assessment"])')
    p.user("leads_reminder", "Rappel beoordeling opsporingsindicaties", "ind", "ind.reminder",
           "The 4-week target passed: remind police/OM (escalation only; no consequence in law).")
    p.xor("gw_permit", "", "ind")
    p.user("permit_decision", "Besluit verblijfsvergunning", "ind", "ind.permit_decision",
           "Decision on the residence permit (B8/3, or on the ground of identification in the decoupled variant).",
           decision="residence_permit")
    p.btimer("permit_24h", "24 uur verstreken", "permit_decision", 'due_in(policy["permit_decision"])', interrupting=False)
    p.user("permit_escalation", "Escalatie: besluit niet binnen 24 uur", "ind", "ind.reminder", "The IND team lead is alerted.")
    p.end("permit_escalated", "Escalatie afgehandeld", "ind")
    p.xor("gw_granted", "Verleend?", "ind")
    p.script("permit_record", "Vergunning vastleggen", "ind",
             "permit_start = today()\npermit_valid_from = today()\nresidence_outcome = 'permit'\n"
             "residence_basis = 'identification' if policy['residence_on_identification']['value'] and identification_outcome == 'positive' else 'criminal_case'")
    p.letter("letter_granted", "Brief: vergunning verleend", "ind", "residence_granted",
             '"basis": residence_basis, "valid_until": due_in(policy["permit_validity"], since=permit_valid_from)')
    p.script("refused_record", "Afwijzing vastleggen", "ind", "residence_outcome = 'refused'")
    p.letter("letter_refused", "Brief: vergunning geweigerd", "ind", "residence_refused", '"reasons": reasons')
    p.end("res_end_refused", "Geweigerd", "ind")
    p.evgw("permit_running", "Vergunning loopt", "ind")
    p.catch("prosecution_started", "Vervolging ingesteld", "ind", "prosecution_started", "prosecution")
    p.catch("dismissal", "Sepot", "ind", "dismissal", "dismissal")
    p.catch("acquittal", "Vrijspraak", "ind", "acquittal", "acquittal")
    p.catch("conviction", "Veroordeling", "ind", "conviction", "conviction")
    p.timer("permit_milestone", "Vergunning verloopt of 3 jaar bereikt", "ind",
            'min(due_in(policy["permit_validity"], since=permit_valid_from), due_in(policy["continued_residence"], since=permit_start))',
            "One timer for the next milestone: the end of the permit year or 3 years of holding it (an event-based gateway holds one timer).")
    p.script("milestone_record", "Welk moment?", "ind",
             'three_years_reached = now() >= due_in(policy["continued_residence"], since=permit_start)')
    p.xor("gw_milestone", "3 jaar bereikt?", "ind")
    p.user("extend_permit", "Verlenging vergunning", "ind", "ind.permit_extension", "Extension while the conditions are met.",
           decision="permit_extension")
    p.xor("gw_extended", "Verlengd?", "ind")
    p.script("extended_record", "Verlenging vastleggen", "ind", "permit_valid_from = today()")
    p.letter("letter_extended", "Brief: vergunning verlengd", "ind", "residence_granted",
             '"basis": residence_basis, "extension": True, "valid_until": due_in(policy["permit_validity"], since=permit_valid_from)')
    p.xor("gw_prosecution", "Voortgezet verblijf bij vervolging?", "ind")
    p.xor("gw_outcome_basis", "Verblijf los van strafzaak?", "ind")
    p.user("withdraw_permit", "Intrekking na sepot of vrijspraak", "ind", "ind.permit_withdrawal",
           "The permit ends with the dismissal (Vc B8/3); withdrawal may be retroactive (ECLI:NL:RBDHA:2021:4297).",
           decision="permit_withdrawal")
    p.script("withdrawn_record", "Intrekking vastleggen", "ind", "residence_outcome = 'withdrawn'")
    p.letter("letter_withdrawn", "Brief: vergunning ingetrokken", "ind", "residence_refused",
             '"withdrawn": True, "retroactive_from": str(retroactive_from or "")')
    p.end("res_end_withdrawn", "Ingetrokken", "ind")
    p.xor("gw_continued_in", "", "ind")
    p.user("continued_residence", "Besluit voortgezet verblijf", "ind", "ind.continued_residence",
           "Continued residence on non-temporary humanitarian grounds after a conviction or 3 years (Vc B8/3).",
           decision="continued_residence")
    p.xor("gw_continued", "Verleend?", "ind")
    p.script("continued_record", "Voortgezet verblijf vastleggen", "ind", "residence_outcome = 'continued'")
    p.letter("letter_continued", "Brief: voortgezet verblijf", "ind", "residence_continued", '"ground": continued_ground')
    p.end("res_end_continued", "Voortgezet verblijf", "ind")

    p.chain("res_start", "gw_basis")
    p.flow("gw_basis", "gw_permit", "ja (ontkoppeld, positief)",
           'policy["residence_on_identification"]["value"] and identification_outcome == "positive"')
    p.flow("gw_basis", "reflection_start", "nee", default=True)
    p.chain("reflection_start", "letter_reflection", "shelter", "wait_choice")
    for catch in ("report_filed", "cooperation", "cannot_cooperate", "declined", "reflection_over"):
        p.flow("wait_choice", catch)
    for catch in ("report_filed", "cooperation", "cannot_cooperate"):
        p.flow(catch, "gw_choice")
    p.flow("declined", "reflection_ended")
    p.flow("reflection_over", "reflection_ended")
    p.chain("reflection_ended", "letter_reflection_ended", "res_end_departure")
    p.flow("gw_choice", "gw_dublin")
    p.flow("gw_dublin", "wait_leads", "ja", 'residence_track == "b83_dublin"')
    p.flow("gw_dublin", "gw_permit", "nee", default=True)
    p.flow("wait_leads", "leads")
    p.flow("wait_leads", "leads_overdue")
    p.chain("leads_overdue", "leads_reminder", "wait_leads")
    p.flow("leads", "gw_permit")
    p.chain("gw_permit", "permit_decision", "gw_granted")
    p.chain("permit_24h", "permit_escalation", "permit_escalated")
    p.flow("gw_granted", "permit_record", "ja", 'outcome == "granted"')
    p.flow("gw_granted", "refused_record", "nee", default=True)
    p.chain("refused_record", "letter_refused", "res_end_refused")
    p.chain("permit_record", "letter_granted", "permit_running")
    for catch in ("prosecution_started", "dismissal", "acquittal", "conviction", "permit_milestone"):
        p.flow("permit_running", catch)
    p.chain("permit_milestone", "milestone_record", "gw_milestone")
    p.flow("gw_milestone", "gw_continued_in", "ja", "three_years_reached")
    p.flow("gw_milestone", "extend_permit", "nee: verlenging", default=True)
    p.chain("extend_permit", "gw_extended")
    p.flow("gw_extended", "extended_record", "ja", 'outcome == "extended"')
    p.flow("gw_extended", "withdraw_permit", "nee", default=True)
    p.chain("extended_record", "letter_extended", "permit_running")
    p.flow("prosecution_started", "gw_prosecution")
    p.flow("gw_prosecution", "gw_continued_in", "ja", 'policy["continued_on_prosecution"]["value"]')
    p.flow("gw_prosecution", "permit_running", "nee", default=True)
    p.flow("dismissal", "gw_outcome_basis")
    p.flow("acquittal", "gw_outcome_basis")
    p.flow("gw_outcome_basis", "permit_running", "ja (identificatie)", 'residence_basis == "identification"')
    p.flow("gw_outcome_basis", "withdraw_permit", "nee", default=True)
    p.chain("withdraw_permit", "withdrawn_record", "letter_withdrawn", "res_end_withdrawn")
    p.flow("conviction", "gw_continued_in")
    p.chain("gw_continued_in", "continued_residence", "gw_continued")
    p.flow("gw_continued", "continued_record", "ja", 'outcome == "granted"')
    p.flow("gw_continued", "refused_record", "nee", default=True)
    p.chain("continued_record", "letter_continued", "res_end_continued")
    return p


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
             "route = 'adult'\nage_status = 'adult'\npresumed_minor = False\nbirth_date = assessed_birth_date or birth_date")
    p.end("min_end_adult", "Volwassene", "ind")
    p.xor("gw_minor_confirmed", "", "ind")
    p.script("guardian_body_pick", "Voogdij-instelling bepalen", "guardian",
             "guardian_body = 'Nidos' if unaccompanied else 'gecertificeerde instelling / Raad voor de Kinderbescherming'")
    p.catch("guardian_appointed", "Voogd benoemd", "guardian", "guardian_appointed", "guardian")
    p.letter("letter_guardian", "Brief aan voogd", "guardian", "minor_guardian_notice", '"guardian_body": guardian_body')
    p.user("best_interests", "Beoordeling belang van het kind", "guardian", "guardian.best_interests",
           "The seven elements and the procedural safeguards of CRC General Comment 14; its summary is quoted in every decision about the child.")
    p.script("bia_record", "Belang van het kind vastleggen", "guardian",
             "bia_summary = best_interests_summary\nbia_done_on = today()")
    p.end("min_end", "Kinderroute afgerond", "guardian")
    p.chain("min_start", "gw_doubt")
    p.flow("gw_doubt", "presume_minor", "ja", 'age_status == "doubt"')
    p.flow("gw_doubt", "gw_minor_confirmed", "nee", default=True)
    p.chain("presume_minor", "age_assessment", "gw_age")
    p.flow("gw_age", "judged_adult", "meerderjarig", 'outcome == "adult"')
    p.flow("gw_age", "gw_minor_confirmed", "minderjarig", default=True)
    p.chain("judged_adult", "min_end_adult")
    p.chain("gw_minor_confirmed", "guardian_body_pick", "guardian_appointed", "letter_guardian", "best_interests",
            "bia_record", "min_end")
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
             '"recommendation": recommendation, "child_test": bool(child_specific_test), "best_interests": bia_summary')
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


def objection() -> Proc:
    p = Proc("objection", "Bezwaar en beroep",
             "Objection against an appealable decision: within 6 weeks (art. 6:7 Awb) or 4 weeks for decisions "
             "under the Aliens Act (art. 69 Vw 2000), counted from the day after the decision was sent (art. 6:8 "
             "Awb) and extended by the Algemene termijnenwet; a hearing (art. 7:2 Awb); a decision within 6 weeks "
             "(art. 7:10 Awb); then appeal tracking for the lawyer.")
    p.lane("panel", "Bezwaarbehandeling (other panel members than those who decided).")
    p.lane("lawyer", "Advocaat: objection and appeal tracking for her own clients.")
    p.start("obj_start", "Besluit verzonden", "panel")
    p.evgw("wait_objection", "Bezwaartermijn loopt", "lawyer")
    p.catch("objection_lodged", "Bezwaar ingediend", "lawyer", "objection_lodged", "objection")
    p.timer("objection_term", "Bezwaartermijn verstreken", "lawyer",
            'due_in(policy["objection_term_vw"] if policy["panel_outcome"]["value"] == "advice" else policy["objection_term_awb"], since=decision_sent_on)')
    p.script("no_objection", "Besluit onherroepelijk", "panel", "objection_upheld = False\nobjection_status = 'final'")
    p.end("obj_end_final", "Onherroepelijk", "panel")
    p.script("objection_received", "Bezwaar vastleggen", "panel", "objection_lodged_on = objection['lodged_on']")
    p.user("objection_hearing", "Hoorzitting", "panel", "panel.objection_hearing", "Hearing of the objector (art. 7:2 Awb).")
    p.user("objection_decision", "Beslissing op bezwaar", "panel", "panel.objection_decision",
           "Decision on the objection.", decision="objection")
    p.btimer("objection_decision_due", "Beslistermijn bezwaar verstreken", "objection_decision",
             'due_in(policy["objection_decision"], since=objection_lodged_on)', interrupting=False)
    p.user("objection_overdue", "Escalatie: beslistermijn bezwaar", "panel", "panel.escalation",
           "The decision on the objection is late (art. 7:10 Awb; default notice art. 4:17 Awb).")
    p.end("objection_overdue_done", "Escalatie afgehandeld", "panel")
    p.script("objection_record", "Uitkomst vastleggen", "panel",
             "objection_upheld = outcome == 'upheld'\nobjection_status = outcome\nobjection_decided_on = today()")
    p.letter("letter_objection", "Brief: beslissing op bezwaar", "panel", "objection_decision",
             '"outcome": objection_status, "subject": objection_subject')
    p.xor("gw_upheld", "Gegrond?", "panel")
    p.end("obj_end_upheld", "Bezwaar gegrond", "panel")
    p.user("appeal_tracking", "Beroep volgen", "lawyer", "lawyer.appeal", "Appeal to the district court (and ABRvS) tracked by the lawyer.")
    p.end("obj_end_appeal", "Beroep vastgelegd", "lawyer")
    p.chain("obj_start", "wait_objection")
    p.flow("wait_objection", "objection_lodged")
    p.flow("wait_objection", "objection_term")
    p.chain("objection_term", "no_objection", "obj_end_final")
    p.chain("objection_lodged", "objection_received", "objection_hearing", "objection_decision", "objection_record",
            "letter_objection", "gw_upheld")
    p.chain("objection_decision_due", "objection_overdue", "objection_overdue_done")
    p.flow("gw_upheld", "obj_end_upheld", "gegrond", "objection_upheld")
    p.flow("gw_upheld", "appeal_tracking", "ongegrond", default=True)
    p.flow("appeal_tracking", "obj_end_appeal")
    return p


ROUTING_ROWS = [
    # adult?, residence status, route, residence track, annotation
    ("False", '"dutch"', "minor", "none", "Dutch minor: youth care, guardian by a certified institution"),
    ("False", '"eu"', "minor", "eu", "EU minor: shelter exemption check (EU law), no B8/3"),
    ("False", '"tcn_lawful"', "minor", "b83", "Third-country minor with lawful residence: B8/3 since 18-05-2023"),
    ("False", '"tcn_unlawful"', "minor", "b83", "Third-country minor without lawful residence: B8/3"),
    ("False", '"dublin"', "minor", "b83_dublin", "Dublin claimant, minor: 30-day reflection period"),
    ("True", '"dutch"', "adult", "none", "Dutch adult: no residence question"),
    ("True", '"eu"', "adult", "eu", "EU citizen: shelter exemption (IND ontheffing), no B8/3"),
    ("True", '"tcn_lawful"', "adult", "b83", "Third-country national, lawful residence: B8/3 since 18-05-2023"),
    ("True", '"tcn_unlawful"', "adult", "b83", "Third-country national without lawful residence: B8/3"),
    ("True", '"dublin"', "adult", "b83_dublin", "Dublin claimant: 30-day reflection period, leads assessment"),
]


def routing_dmn() -> str:
    """The routing table of the intake (Python cells, as SpiffWorkflow evaluates them; hit policy UNIQUE)."""
    rules = []
    for i, (adult, status, route, track, note) in enumerate(ROUTING_ROWS, 1):
        rules.append(f'''      <rule id="routing_rule_{i}">
        <description>{note}</description>
        <inputEntry id="routing_in_adult_{i}"><text>{adult}</text></inputEntry>
        <inputEntry id="routing_in_status_{i}"><text>{escape(status)}</text></inputEntry>
        <outputEntry id="routing_out_route_{i}"><text>"{route}"</text></outputEntry>
        <outputEntry id="routing_out_track_{i}"><text>"{track}"</text></outputEntry>
      </rule>''')
    body = "\n".join(rules)
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated by processes/tools/build_models.py; edit ROUTING_ROWS there. -->
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/"
             xmlns:dmndi="https://www.omg.org/spec/DMN/20191111/DMNDI/"
             xmlns:dc="http://www.omg.org/spec/DMN/20180521/DC/"
             id="defs_routing" name="Routering intake" namespace="https://erkend.example/dmn">
  <decision id="routing" name="Route bepalen">
    <description>Intake routing: minor route when the person is a minor or the age is in doubt (presumption of minority); residence track by nationality and residence status (Vc 2000 B8/3; Dublin: WBV 2019/10, 30-day reflection since 18-05-2023).</description>
    <decisionTable id="routing_table" hitPolicy="UNIQUE">
      <input id="routing_input_adult" label="Volwassene (adult)">
        <inputExpression id="routing_expr_adult" typeRef="boolean"><text>age_status == "adult"</text></inputExpression>
      </input>
      <input id="routing_input_status" label="Verblijfsstatus (residence status)">
        <inputExpression id="routing_expr_status" typeRef="string"><text>residence_status</text></inputExpression>
      </input>
      <output id="routing_output_route" label="Route" name="route" typeRef="string"/>
      <output id="routing_output_track" label="Verblijfstraject (residence track)" name="residence_track" typeRef="string"/>
{body}
    </decisionTable>
  </decision>
  <dmndi:DMNDI>
    <dmndi:DMNDiagram id="routing_diagram">
      <dmndi:DMNShape id="routing_di" dmnElementRef="routing">
        <dc:Bounds height="80" width="180" x="160" y="100"/>
      </dmndi:DMNShape>
    </dmndi:DMNDiagram>
  </dmndi:DMNDI>
</definitions>
'''


MODELS = {
    ROOT / "referral.bpmn": referral,
    ROOT / "procedure.bpmn": procedure,
    ROOT / "identification.bpmn": identification_current,
    ROOT / "variants" / "nl-decoupled" / "identification.bpmn": identification_decoupled,
    ROOT / "residence.bpmn": residence,
    ROOT / "minors.bpmn": minors,
    ROOT / "non_punishment.bpmn": non_punishment,
    ROOT / "objection.bpmn": objection,
}


def main() -> None:
    for path, build in MODELS.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(build().to_xml(), encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT.parent)}")
    (ROOT / "routing.dmn").write_text(routing_dmn(), encoding="utf-8")
    print("wrote processes/routing.dmn")


if __name__ == "__main__":
    main()
