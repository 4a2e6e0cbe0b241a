"""Declarations of the referral and intake process and of the whole procedure that calls the others."""
from __future__ import annotations

from processes.tools.bpmn_builder import Proc


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
             "The whole case: intake, for EU citizens the shelter exemption, the minors' route when needed, the non-punishment assessment when the "
             "person is suspected of an offence, identification (variant-specific) and, for third-country "
             "nationals, the B8/3 reflection and residence track.")
    p.lane("coordinator", "Zorgcoördinatie / care coordinator, who holds the case.")
    p.start("proc_start", "Signaal", "coordinator")
    p.call("call_referral", "Verwijzing en intake", "coordinator", "referral")
    p.xor("gw_consent", "Toestemming?", "coordinator")
    p.end("proc_end_no_consent", "Afgesloten zonder toestemming", "coordinator")
    p.xor("gw_eu", "EU-burger?", "coordinator")
    p.call("call_eu_shelter", "EU-burger: opvang en ontheffing", "coordinator", "eu_shelter")
    p.xor("gw_eu_done", "", "coordinator")
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
    p.xor("gw_residence", "Derdelander (B8/3)?", "coordinator",
          "A third-country national (Dublin claimants included) enters the B8/3 track once there is at least an "
          "indication (current) or an identification decision (decoupled).")
    p.call("call_residence", "Bedenktijd en verblijf (B8/3)", "coordinator", "residence")
    p.xor("gw_residence_done", "", "coordinator")
    p.end("proc_end", "Zaak afgesloten", "coordinator")
    p.chain("proc_start", "call_referral", "gw_consent")
    p.flow("gw_consent", "proc_end_no_consent", "geen toestemming", "not consent_given")
    p.flow("gw_consent", "gw_eu", "toestemming", default=True)
    p.flow("gw_eu", "call_eu_shelter", "ja", 'residence_track == "eu"')
    p.flow("gw_eu", "gw_eu_done", "nee", default=True)
    p.flow("call_eu_shelter", "gw_eu_done")
    p.flow("gw_eu_done", "gw_minor")
    p.flow("gw_minor", "call_minors", "ja", 'route == "minor"')
    p.flow("gw_minor", "gw_minor_done", "nee", default=True)
    p.flow("call_minors", "gw_minor_done")
    p.chain("turns_adult", "to_adult_route", "gw_minor_done")
    p.chain("child_missing", "missing_alert", "child_found", "call_minors")
    p.flow("gw_minor_done", "gw_offence")
    p.flow("gw_offence", "call_non_punishment", "ja", "non_punishment_assessment")
    p.flow("gw_offence", "gw_offence_done", "nee", default=True)
    p.flow("call_non_punishment", "gw_offence_done")
    p.chain("gw_offence_done", "call_identification", "gw_residence")
    p.chain("child_missing_ident", "missing_alert_ident", "child_found_ident", "call_identification")
    p.flow("gw_residence", "call_residence", "ja", 'residence_track in ("b83", "b83_dublin") and identification_outcome != "none"')
    p.flow("gw_residence", "gw_residence_done", "nee", default=True)
    p.flow("call_residence", "gw_residence_done")
    p.flow("gw_residence_done", "proc_end")
    return p
