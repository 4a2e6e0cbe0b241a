"""Declarations of the referral and intake process and of the whole procedure that calls the others."""
from __future__ import annotations

from processes.tools.bpmn_builder import Proc
from processes.tools.model_identification import no_indication


def referral() -> Proc:
    p = Proc("referral", "Verwijzing en intake",
             "Referral and intake: a signal from any source is registered with its date and time, the person's "
             "safety checked, consent recorded (adults; none is needed for minors) and the case routed by the "
             "routing table. Intake records the case facts every procedure reads. Shelter placement, the "
             "reflection period and identification then run side by side (see `procedure`); an adult who "
             "refuses consent is still routed, because the police's duty to offer the reflection period stays.")
    p.lane("coordinator", "Zorgcoördinatie (CoMensha-taak) / care coordinator: intake, consent, routing.")
    p.start("ref_start", "Signaal ontvangen", "coordinator", "A signal from police, KMar, labour inspectorate, care, NGO, municipality, lawyer or the person.")
    p.script("ref_received", "Ontvangst vastleggen", "coordinator", "signal_received_at = now()\nidentification_outcome = 'none'\nresidence_outcome = 'none'\nbia_summary = ''\n"
             "union_rights = None",
             "bia_summary stays empty unless the minors' route records a best-interests assessment; letters quote it. "
             "Whether an EU citizen (or a family member) has rights under Union law is unknown until the EU route "
             "establishes it from the recorded basis of residence.")
    p.user("register_signal", "Signaal registreren", "coordinator", "coordinator.register_signal",
           "Register the signal: source, date and time, person (alias, stated birth date, age doubt), nationality and residence status, form of exploitation, suspicion of an offence.")
    p.script("assess_age", "Leeftijdsstatus en feiten vastleggen", "coordinator",
             "age_status = 'doubt' if age_doubt else ('minor' if is_minor(birth_date, policy['age_of_majority']) else 'adult')\n"
             "signal_at = signal_moment(signal_date, signal_time, signal_received_at)\n"
             "record_fact('signal_at', signal_at)\nrecord_fact('birth_date', birth_date)\n"
             "record_fact('age_status', age_status)\nrecord_fact('residence_status', residence_status)\n"
             "record_fact('suspect', bool(suspected_offence))\nrecord_fact('asylum_applied_on', asylum_applied_on)",
             "Presumption of minority: a stated minor or an age in doubt is treated as a minor until assessed. The "
             "signal's moment (date and time) starts the 36-hour placement clock.")
    p.letter("ack", "Ontvangstbevestiging", "coordinator", "referral_acknowledgement", '"signal_source": signal_source')
    p.user("safety_check", "Veiligheidscheck", "coordinator", "coordinator.safety_check", "Immediate danger, safe location, emergency bed.")
    p.xor("gw_consent", "Volwassene?", "coordinator")
    p.user("consent", "Toestemming vastleggen", "coordinator", "coordinator.consent", "Informed consent of an adult to registration and referral.")
    p.script("no_consent_needed", "Geen toestemming nodig (minderjarige)", "coordinator", "consent_given = True\nconsent_required = False",
             "For a minor (or an age in doubt) no consent is needed: protection follows from the child's status.")
    p.xor("gw_consent_done", "Toestemming vastgelegd", "coordinator")
    p.rule("route", "Route bepalen", "coordinator", "routing", "processes/routing.dmn: minor or adult route; residence track.")
    p.script("record_route", "Route vastleggen", "coordinator",
             "record_fact('route', route)\nrecord_fact('residence_track', residence_track)\n"
             "record_fact('consent_given', bool(consent_given))\n"
             "if policy['indication_by']['value'] == 'coordinator' and consent_given:\n"
             "    record_fact('indication', True)\n    record_fact('indication_on', today())\n"
             "    record_fact('reflection_offered_by', policy['reflection_offer']['value']['by'])",
             "Where the variant lets the coordinator's registration count as the first indication (decoupled), "
             "the reflection period starts now, before placement, guardian, panel or prosecutor; the body the "
             "variant names (policy reflection_offer) makes the offer.")
    p.end("ref_end", "Intake afgerond", "coordinator")
    p.chain("ref_start", "ref_received", "register_signal", "assess_age", "ack", "safety_check", "gw_consent")
    p.flow("gw_consent", "consent", "volwassene", 'age_status == "adult"')
    p.flow("gw_consent", "no_consent_needed", "minderjarig of twijfel", default=True)
    p.flow("consent", "gw_consent_done")
    p.flow("no_consent_needed", "gw_consent_done")
    p.chain("gw_consent_done", "route", "record_route", "ref_end")
    return p


def placement() -> Proc:
    p = Proc("shelter_placement", "Opvang en plaatsing (36 uur)",
             "Shelter at once and the decision on longer-term placement within 36 hours of the signal "
             "(action plan, action 26), counted from the signal's date and time to the hour. No place or an "
             "interim place is recorded as a case fact and escalated; the definitive placement follows. "
             "Placement runs beside the other procedures and blocks none of them.")
    p.lane("coordinator", "Zorgcoördinatie: immediate shelter and the placement decision.")
    p.start("pl_start", "Opvang nodig", "coordinator")
    p.user("placement", "Besluit opvang langere termijn", "coordinator", "coordinator.placement",
           "Immediate shelter and the decision on longer-term placement (COSM, OMM, regular or youth shelter); "
           "or: no place available, or an interim place; or: no shelter needed (the person stays with her own "
           "network or in her own home), which ends the placement without escalation.")
    p.btimer("placement_deadline", "36 uur verstreken", "placement",
             'due_in(policy["placement_decision"], since=fact("signal_at"))', interrupting=False,
             doc="Non-interrupting: the placement decision stays open; the coordinator is alerted.")
    p.user("placement_escalation", "Escalatie: opvang niet binnen 36 uur", "coordinator", "coordinator.placement_escalation",
           "Escalation when no longer-term placement was decided within 36 hours of the signal.")
    p.end("escalation_done", "Escalatie afgehandeld", "coordinator")
    p.script("placement_record", "Plaatsing vastleggen", "coordinator", "record_fact('placement_status', placement_outcome)")
    p.xor("gw_placed", "Geplaatst?", "coordinator")
    p.end("pl_end", "Geplaatst", "coordinator")
    p.end("pl_end_not_needed", "Geen opvang nodig", "coordinator")
    p.user("no_place_escalation", "Escalatie: geen plaats of tussenplaatsing", "coordinator",
           "coordinator.placement_escalation",
           "No place was available, or the person is in an interim place: escalated to the national coordinator.")
    p.user("placement_final", "Definitieve plaatsing", "coordinator", "coordinator.placement",
           "The longer-term place once it is found.")
    p.btimer("placement_final_deadline", "36 uur verstreken zonder definitieve plaats", "placement_final",
             'due_in(policy["placement_decision"], since=fact("signal_at"))', interrupting=False,
             doc="No place or only an interim place: the 36-hour clock still runs until the longer-term place is decided.")
    p.user("placement_final_escalation", "Escalatie: geen definitieve plaats binnen 36 uur", "coordinator",
           "coordinator.placement_escalation", "Escalation when the longer-term place is still not decided 36 hours after the signal.")
    p.end("final_escalation_done", "Escalatie afgehandeld", "coordinator")
    p.script("placement_final_record", "Definitieve plaatsing vastleggen", "coordinator",
             "record_fact('placement_status', placement_outcome)")
    p.xor("gw_final_placed", "Geplaatst?", "coordinator")
    p.xor("gw_still_waiting", "Nog geen plaats", "coordinator")
    p.end("pl_end_final", "Definitief geplaatst", "coordinator")
    p.end("pl_end_final_not_needed", "Geen opvang meer nodig", "coordinator")
    p.chain("pl_start", "placement", "placement_record", "gw_placed")
    p.chain("placement_deadline", "placement_escalation", "escalation_done")
    p.chain("placement_final_deadline", "placement_final_escalation", "final_escalation_done")
    p.flow("gw_placed", "pl_end", "geplaatst", 'placement_outcome == "placed"')
    p.flow("gw_placed", "pl_end_not_needed", "geen opvang nodig", 'placement_outcome == "not_needed"')
    p.flow("gw_placed", "no_place_escalation", "geen plaats of tussenplaatsing", default=True)
    p.chain("no_place_escalation", "gw_still_waiting", "placement_final", "placement_final_record", "gw_final_placed")
    p.flow("gw_final_placed", "pl_end_final", "geplaatst", 'placement_outcome == "placed"')
    p.flow("gw_final_placed", "pl_end_final_not_needed", "geen opvang meer nodig", 'placement_outcome == "not_needed"')
    p.flow("gw_final_placed", "gw_still_waiting", "nog niet", default=True)
    return p


def police_offer() -> Proc:
    p = Proc("police_offer", "Bedenktijd aanbieden door politie/KMar",
             "Where no identification by the panel follows (an adult who refused consent to the referral), the "
             "police or KMar keep their duty to offer the reflection period at the slightest indication of "
             "trafficking (Vc 2000 B8/3). The case stays open for that offer.")
    p.lane("police", "Politie (AVIM) of KMar: the offer of the reflection period.")
    p.start("po_start", "Geen verwijzing, wel signaal", "police")
    p.user("police_offer_assessment", "Signalen beoordelen (geringste aanwijzing)", "police", "police.indication",
           "Police/KMar record whether there is the slightest indication of trafficking, and who offered the reflection period and when. "
           "A decision of its own, kept in the decisions table.",
           decision="reflection_offer")
    p.script("po_record", "Uitkomst vastleggen", "police",
             "record_fact('indication', bool(indication))\n"
             "record_fact('indication_on', offered_on if indication else None)\n"
             "record_fact('first_assessment', 'indication' if indication else 'none')\n"
             "identification_outcome = record_fact('identification_outcome', 'indication' if indication else 'none')\n"
             "record_fact('reflection_offered_by', offered_by)")
    p.end("po_end", "Beoordeling afgerond", "police",
          "An indication: the residence track sends the offer's letter with the period's end.",
          letter_by="letter_reflection")
    p.chain("po_start", "police_offer_assessment", "po_record")
    no_indication(p, "po", "police", "po_record", "po_end")
    return p


def _wait_for_fact(p: Proc, prefix: str, name: str, fact_name: str, lane: str, after: str) -> None:
    """Go on to `after` once the case fact is recorded: look first (it may have been recorded before this
    branch got here), else wait for the engine's message that it changed."""
    p.xor(f"{prefix}_known", f"{name} bekend?", lane)
    p.catch(f"{prefix}_wait", f"Wachten: {name.lower()}", lane, f"internal.fact.{fact_name}", "internal_wake")
    p.xor(f"{prefix}_ready", f"{name} vastgelegd", lane)
    p.flow(f"{prefix}_known", f"{prefix}_ready", "ja", f'fact("{fact_name}") is not None')
    p.flow(f"{prefix}_known", f"{prefix}_wait", "nee", default=True)
    p.flow(f"{prefix}_wait", f"{prefix}_ready")
    p.flow(f"{prefix}_ready", after)


def _case_events(p: Proc) -> None:
    """Events about the whole person, heard by the case whatever procedure runs: each records a case
    fact (which wakes the procedures that wait for it); a missing child pauses every procedure's deadlines."""
    lane = "coordinator"
    p.xor("ev_loop", "Volgende gebeurtenis", lane)
    p.evgw("ev_wait", "Gebeurtenissen voor alle procedures", lane)
    p.catch("ev_missing", "Kind vermist", lane, "child_missing", "missing_report")
    p.script("missing_record", "Termijnen pauzeren", lane,
             "record_fact('missing', True)\npause_deadlines()",
             "Every running procedure keeps its position; its deadlines stop until the child is found.")
    p.throw("missing_alert", "Vermissing melden aan politie", lane, "missing_child_alert",
            '{"case_reference": case_reference, "reported_at": now()}')
    p.evgw("ev_wait_found", "Kind vermist", lane)
    p.catch("ev_found", "Kind teruggevonden", lane, "child_found", "found_report")
    p.script("found_record", "Termijnen hervatten", lane, "resume_deadlines()\nrecord_fact('missing', False)",
             "Each deadline resumes with the time it had left when the child went missing.")
    p.catch("ev_done_missing", "Procedures afgerond", lane, "internal.procedures_done", "internal_wake")
    p.catch("ev_asylum", "Asielaanvraag", lane, "asylum_applied", "asylum")
    p.script("asylum_status", "Nieuwe verblijfsstatus", lane,
             "residence_status = 'dublin' if asylum['dublin_claimant'] else 'asylum'\n"
             "age_status = fact('age_status')\nsuspected_offence = fact('suspect')\nunion_rights = fact('union_rights')")
    p.rule("asylum_route", "Route opnieuw bepalen", lane, "routing",
           "The routing table decides the residence track again for the new residence status.")
    p.script("asylum_record", "Asielaanvraag vastleggen", lane,
             "record_fact('asylum_applied_on', asylum['applied_on'])\n"
             "record_fact('residence_status', residence_status)\nrecord_fact('residence_track', residence_track)")
    p.catch("ev_report", "Aangifte gedaan", lane, "report_filed", "report")
    p.script("report_record", "Aangifte vastleggen", lane, "record_fact('reported', True)")
    p.catch("ev_withdrawn", "Aangifte ingetrokken", lane, "report_withdrawn", "withdrawal")
    p.script("withdrawal_record", "Intrekking aangifte vastleggen", lane,
             "record_fact('reported', False)\n"
             "record_fact('report_withdrawn_under_threat', bool(withdrawal['under_threat']))")
    criminal = ("prosecution_started", "dismissal", "acquittal", "conviction")
    names = {"prosecution_started": "Vervolging ingesteld", "dismissal": "Sepot", "acquittal": "Vrijspraak",
             "conviction": "Veroordeling"}
    for message in criminal:
        p.catch(f"ev_{message}", names[message], lane, message, "criminal_event")
        p.script(f"ev_{message}_kind", "Soort uitkomst", lane, f"criminal_event_kind = '{message}'")
    p.xor("ev_criminal", "Uitkomst strafzaak", lane)
    p.script("criminal_case_record", "Stand strafzaak vastleggen", lane,
             "record_fact('criminal_case', {'event': criminal_event_kind, 'on': criminal_event['on'], "
             "'instance': criminal_event.get('instance'), 'final': criminal_event.get('final')})")
    p.catch("ev_done", "Procedures afgerond", lane, "internal.procedures_done", "internal_wake")
    p.xor("ev_finished", "Geen gebeurtenissen meer", lane)
    p.chain("ev_loop", "ev_wait")
    for catch in ("ev_missing", "ev_asylum", "ev_report", "ev_withdrawn", "ev_done",
                  *(f"ev_{m}" for m in criminal)):
        p.flow("ev_wait", catch)
    p.chain("ev_missing", "missing_record", "missing_alert", "ev_wait_found")
    p.flow("ev_wait_found", "ev_found")
    p.flow("ev_wait_found", "ev_done_missing")
    p.chain("ev_found", "found_record", "ev_loop")
    p.chain("ev_asylum", "asylum_status", "asylum_route", "asylum_record", "ev_loop")
    p.chain("ev_report", "report_record", "ev_loop")
    p.chain("ev_withdrawn", "withdrawal_record", "ev_loop")
    for message in criminal:
        p.chain(f"ev_{message}", f"ev_{message}_kind", "ev_criminal")
    p.chain("ev_criminal", "criminal_case_record", "ev_loop")
    p.flow("ev_done", "ev_finished")
    p.flow("ev_done_missing", "ev_finished")


def procedure() -> Proc:
    p = Proc("procedure", "Procedure slachtoffer mensenhandel",
             "The person's file. After intake the procedures run side by side, each starting when its rule says "
             "so: shelter and the 36-hour placement; the reflection period and residence at the first indication "
             "(police in the current procedure, the coordinator's registration when decoupled); identification; "
             "non-punishment once the first assessment is known (so the prosecutor has it before deciding, and "
             "identification never waits for him); the minors' route; the EU citizen's exemption. Events about the "
             "whole person (a missing child, an asylum application, a report filed or withdrawn, the criminal "
             "case) and the 18th birthday reach every procedure through the case facts.")
    p.lane("coordinator", "Zorgcoördinatie / care coordinator, who holds the case.")
    c = "coordinator"
    p.start("proc_start", "Signaal", c)
    p.call("call_referral", "Verwijzing en intake", c, "referral")
    p.par("fork", "Procedures starten", c)
    # shelter and placement
    p.xor("gw_place", "Toestemming voor verwijzing?", c)
    p.call("call_placement", "Opvang en plaatsing", c, "shelter_placement")
    p.xor("gw_place_done", "Opvang afgerond", c)
    # EU citizen
    p.xor("gw_eu", "EU-burger?", c)
    p.call("call_eu_shelter", "EU-burger: opvang en ontheffing", c, "eu_shelter")
    p.xor("gw_eu_done", "EU-route afgerond", c)
    # minors
    p.xor("gw_minor", "Minderjarig of leeftijd in twijfel?", c)
    p.call("call_minors", "Kinderroute", c, "minors")
    p.bmsg("minor_came_of_age", "18 jaar geworden", "call_minors", "internal.came_of_age", "internal_wake",
           doc="Interrupting: on the 18th birthday the minors' route stops; every procedure treats the person as an adult.")
    p.xor("gw_minor_done", "Kinderroute afgerond", c)
    # identification (or the police's offer when there is no referral)
    p.xor("gw_ident", "Verwijzing naar identificatie?", c)
    p.call("call_identification", "Identificatie", c, "identification")
    p.call("call_police_offer", "Bedenktijd aanbieden (politie)", c, "police_offer")
    p.xor("gw_ident_done", "Identificatie afgerond", c)
    p.script("identification_closed", "Identificatie afgerond vastleggen", c, "record_fact('identification_done', True)")
    # non-punishment, once the first assessment is known
    p.xor("gw_np", "Verdacht van strafbaar feit?", c)
    p.call("call_non_punishment", "Beoordeling non-punishment", c, "non_punishment")
    _wait_for_fact(p, "np_first", "Eerste beoordeling", "first_assessment", c, "call_non_punishment")
    p.xor("gw_np_done", "Non-punishment afgerond", c)
    # reflection period and residence, at the first indication
    p.xor("gw_res", "Verblijfsvraag?", c,
          "A third-country national (Dublin claimants included) enters the B8/3 track at the first indication; an "
          "EU citizen (or a family member of one) only once the EU route found no rights under Union law. A "
          "witness-reporter who is not a victim has reported already and gets no reflection period: the "
          "IND decides on the permit for witness-reporters at once.")
    p.xor("gw_res_eu", "Geen rechten uit Unierecht?", c)
    _wait_for_fact(p, "res_eu", "Status Unierecht", "union_rights", c, "gw_res_eu")
    p.xor("gw_indicated", "Aanwijzing mensenhandel?", c)
    _wait_for_fact(p, "res_ind", "Aanwijzing", "indication", c, "gw_indicated")
    p.call("call_residence", "Bedenktijd en verblijf (B8/3)", c, "residence")
    p.xor("gw_res_done", "Verblijf afgerond", c)
    p.par("join_procedures", "Alle procedures afgerond", c)
    p.throw("procedures_done", "Procedures afgerond", c, "internal.procedures_done", '{"done": True}')
    # 18th birthday
    p.xor("gw_birthday", "Minderjarig of leeftijd in twijfel?", c)
    p.evgw("wait_birthday", "Wachten op 18e verjaardag", c)
    p.timer("turns_adult", "18e verjaardag", c, 'comes_of_age(fact("birth_date"), policy["age_of_majority"])',
            "Date timer on the 18th birthday (art. 1:233 BW): from then on every procedure and letter treats the person as an adult.")
    p.catch("birthday_not_needed", "Procedures afgerond", c, "internal.procedures_done", "internal_wake")
    p.script("to_adult_route", "Meerderjarig vastleggen", c,
             "record_fact('age_status', 'adult')\nrecord_fact('route', 'adult')\nrecord_fact('guardian', None)",
             "The guardian's role ends with the 18th birthday.")
    p.throw("came_of_age", "Meerderjarig", c, "internal.came_of_age", '{"on": today()}')
    p.xor("gw_birthday_done", "Verjaardag afgehandeld", c)
    _case_events(p)
    p.par("join_all", "Zaak afronden", c)
    p.end("proc_end", "Zaak afgesloten", c)

    p.chain("proc_start", "call_referral", "fork")
    for gw in ("gw_place", "gw_eu", "gw_minor", "gw_ident", "gw_np", "gw_res", "gw_birthday", "ev_loop"):
        p.flow("fork", gw)
    p.flow("gw_place", "call_placement", "ja", "consent_given")
    p.flow("gw_place", "gw_place_done", "nee", default=True)
    p.flow("call_placement", "gw_place_done")
    p.flow("gw_eu", "call_eu_shelter", "ja", 'residence_track == "eu" and consent_given')
    p.flow("gw_eu", "gw_eu_done", "nee", default=True)
    p.flow("call_eu_shelter", "gw_eu_done")
    p.flow("gw_minor", "call_minors", "ja", 'route == "minor"')
    p.flow("gw_minor", "gw_minor_done", "nee", default=True)
    p.flow("call_minors", "gw_minor_done")
    p.flow("minor_came_of_age", "gw_minor_done")
    # A witness-reporter who is not a victim is not identified as one: he gets no reflection period and the
    # IND decides on his permit on ground (c) at once (issue 9 item 18).
    p.flow("gw_ident", "gw_ident_done", "getuige-aangever: geen identificatie", 'residence_track == "b83_witness"')
    p.flow("gw_ident", "call_identification", "ja",
           '(consent_given or policy["indication_by"]["value"] == "police") and residence_track != "b83_witness"')
    p.flow("gw_ident", "call_police_offer", "nee: geen toestemming", default=True)
    p.flow("call_identification", "gw_ident_done")
    p.flow("call_police_offer", "gw_ident_done")
    p.chain("gw_ident_done", "identification_closed")
    p.flow("gw_np", "np_first_known", "ja", 'fact("suspect") and residence_track != "b83_witness"')
    p.flow("gw_np", "gw_np_done", "nee", default=True)
    p.flow("call_non_punishment", "gw_np_done")
    p.flow("gw_res", "res_ind_known", "derdelander", 'residence_track in ("b83", "b83_dublin")')
    p.flow("gw_res", "call_residence", "getuige-aangever: geen bedenktijd, geen aanwijzing nodig",
           'residence_track == "b83_witness"')
    p.flow("gw_res", "res_eu_known", "EU-burger", 'residence_track == "eu" and consent_given')
    p.flow("gw_res", "gw_res_done", "nee", default=True)
    p.flow("gw_res_eu", "res_ind_known", "ja: B8/3", 'fact("residence_track") in ("b83", "b83_dublin")')
    p.flow("gw_res_eu", "gw_res_done", "nee", default=True)
    p.flow("gw_indicated", "call_residence", "ja", 'fact("indication")')
    p.flow("gw_indicated", "gw_res_done", "nee", default=True)
    p.flow("call_residence", "gw_res_done")
    for done in ("gw_place_done", "gw_eu_done", "gw_minor_done", "identification_closed", "gw_np_done", "gw_res_done"):
        p.flow(done, "join_procedures")
    p.chain("join_procedures", "procedures_done", "join_all")
    p.flow("gw_birthday", "wait_birthday", "ja", 'route == "minor" and fact("birth_date")')
    p.flow("gw_birthday", "gw_birthday_done", "nee", default=True)
    p.flow("wait_birthday", "turns_adult")
    p.flow("wait_birthday", "birthday_not_needed")
    p.chain("turns_adult", "to_adult_route", "came_of_age", "gw_birthday_done")
    p.flow("birthday_not_needed", "gw_birthday_done")
    p.flow("gw_birthday_done", "join_all")
    p.flow("ev_finished", "join_all")
    p.chain("join_all", "proc_end")
    return p
