"""Declaration of the B8/3 reflection period and residence track."""
from __future__ import annotations

from processes.tools.bpmn_builder import Proc

# The reflection period's end and a Dublin claimant's last day to report, as the residence track stands:
# set when the period starts, and again when an asylum application re-routes the case.
REFLECTION_END = "due_in(policy['reflection_period_dublin'] if fact('residence_track') == 'b83_dublin' else policy['reflection_period'], since=reflection_started_on)"
# The end of the term for the statement on threats, and the permit's last moment (its year from
# permit_valid_from).
THREAT_DUE = 'due_in(policy["threat_statement_term"], since=threat_statement_requested_on)'
PERMIT_END = 'due_in(policy["permit_validity"], since=permit_valid_from)'
DUBLIN_REPORT_DUE = "due_in(policy['dublin_report_term'], since=fact('asylum_applied_on'))[:10] if fact('residence_track') == 'b83_dublin' else None"


def intended_decision(p: Proc, prefix: str, intended: str, then: str) -> str:
    """A notice of intended decision (voornemen) with a term to respond, before a withdrawal or refusal
    (art. 4:8 Awb before a decision the person did not apply for, art. 4:7 Awb before refusing what she
    applied for; issue 9 item 14): the intention is recorded with the reasons of the task before it, the
    letter names the last day to respond (policy intended_decision_response), and the final decision
    (`then`) is taken once the IND has recorded the person's view or the term has run out. Returns the
    first node."""
    p.script(f"{prefix}_record", "Voornemen vastleggen", "ind",
             f"intended = '{intended}'\nintended_reasons = reasons\nintended_on = today()\n"
             "intended_respond_by = due_in(policy['intended_decision_response'], since=intended_on)[:10]\n"
             "intended_view = None",
             "The reasons of the intended decision are those of the task before it; the response term runs "
             "from the day of the notice.")
    p.letter(f"{prefix}_letter", "Brief: voornemen", "ind", "intended_decision",
             '"intended": intended, "reasons": intended_reasons, "respond_by": intended_respond_by')
    p.user(f"{prefix}_view", "Zienswijze vastleggen", "ind", "ind.intended_view",
           "The person's view on the intended decision, in writing or orally (art. 4:8 Awb); the final decision "
           "weighs it.")
    p.btimer(f"{prefix}_term", "Reactietermijn voornemen verstreken", f"{prefix}_view",
             "due_in(policy['intended_decision_response'], since=intended_on)",
             doc="No view within the term: the IND decides without it.")
    p.chain(f"{prefix}_record", f"{prefix}_letter", f"{prefix}_view", then)
    p.flow(f"{prefix}_term", then)
    return f"{prefix}_record"


def residence() -> Proc:
    p = Proc("residence", "Bedenktijd en verblijf (B8/3)",
             "Vc 2000 B8/3: reflection period (3 months; 30 days for Dublin claimants), the person's choice, the "
             "residence permit (IND within 24 hours after a report; Dublin: leads assessment by police/OM), the "
             "permit's life (1 year, extendable), messages from the criminal case, and continued residence after "
             "a conviction or 3 years. It starts at the first indication, whatever else runs; placement runs beside "
             "it. Where the variant allows it, a positive identification opens residence without a report, and "
             "lawful stay goes on while the panel works. An asylum application re-routes the track; a report "
             "withdrawn under threat keeps the permit on the ground that the person cannot cooperate; an acquittal "
             "ends a permit only when final (berechting in feitelijke aanleg, Vc B8/3).")
    p.lane("ind", "IND: decisions on reflection, permit, extension, withdrawal and continued residence.")
    p.start("res_start", "Start verblijfstraject", "ind")
    p.xor("gw_witness", "Getuige-aangever?", "ind",
          "A witness-reporter who is not a victim gets no reflection period (Vc 2000 B8/3): he has reported, so the "
          "IND decides on the permit for witness-reporters (art. 3.48 lid 1 sub c Vb [verify]) at once.")
    p.script("witness_start", "Grond: getuige-aangever", "ind",
             "reflection_started_on = None\nreflection_ends = ''\ndublin_reported_on = None\n"
             "permit_ground = 'witness'\nextension_refused = False\ndublin_report_due = None\nrefusal_intended = False\n"
             "extension_intended = False\ncontinued_intended = False\nextension_pending = False\nwithdrawal_ground = None")
    p.script("reflection_start", "Bedenktijd laten ingaan", "ind",
             "reflection_started_on = str(fact('indication_on') or today())\n"
             f"reflection_ends = {REFLECTION_END}\n"
             "dublin_reported_on = None\npermit_ground = 'criminal_case'\nextension_refused = False\n"
             f"dublin_report_due = {DUBLIN_REPORT_DUE}\nrefusal_intended = False\nextension_intended = False\n"
             "continued_intended = False\nextension_pending = False\nwithdrawal_ground = None",
             "The reflection period runs from the first indication (the police's offer, or the coordinator's registration when decoupled). "
             "For a Dublin claimant the last day for a report that can lead to B8/3 (3 months after the asylum application) is fixed here.")
    p.letter("letter_reflection", "Brief: bedenktijd aangeboden (politie/KMar)", "ind", "reflection_granted",
             '"reflection_ends": reflection_ends, "offered_by": fact("reflection_offered_by")',
             "The offer is made and signed by the body that made it: police or KMar, or the body the variant names "
             "(policy reflection_offer), not the IND (issue 9 item 6).")
    p.evgw("wait_choice", "Keuze van het slachtoffer", "ind")
    p.catch("report_filed", "Aangifte gedaan", "ind", "report_filed", "report")
    p.catch("cooperation", "Andere medewerking", "ind", "cooperation_offered", "cooperation")
    p.catch("cannot_cooperate", "Kan niet meewerken (dreiging/medisch)", "ind", "cannot_cooperate", "cannot_cooperate_statement")
    p.catch("declined", "Afgezien", "ind", "declined", "declined_statement")
    p.timer("reflection_over", "Bedenktijd verstreken", "ind",
            REFLECTION_END)
    p.catch("identified", "Identificatie afgerond", "ind", "internal.fact.identification_done", "internal_wake")
    p.catch("rerouted", "Verblijfsspoor gewijzigd", "ind", "internal.fact.residence_track", "internal_wake")
    p.script("reroute_record", "Nieuw spoor vastleggen", "ind",
             f"reflection_ends = {REFLECTION_END}\ndublin_report_due = {DUBLIN_REPORT_DUE}",
             "A Dublin claimant's reflection period is 30 days from its start: its end and the timer are set "
             "again with that term.")
    p.xor("gw_rerouted", "Asielprocedure?", "ind")
    p.script("asylum_end", "Verblijf in asielprocedure", "ind", "residence_outcome = record_fact('residence_outcome', 'asylum')",
             "Lawful stay continues in the asylum procedure (art. 8 sub f Vw 2000); the reflection period ends "
             "[inference, verify].")
    p.letter("letter_reflection_asylum", "Brief: bedenktijd beëindigd (asielaanvraag)", "ind", "reflection_ended",
             '"ground": "asylum", "ended_on": str(fact("asylum_applied_on") or today())')
    p.end("res_end_asylum", "Asielprocedure", "ind")
    p.script("identified_check", "Uitkomst identificatie lezen", "ind",
             "reflection_running = str(today()) < reflection_ends[:10]\n"
             "if fact('residence_outcome') == 'permit' and fact('permit_on_advice'):\n"
             "    permit_start = fact('permit_on_advice')['start']\n    permit_valid_from = permit_start\n"
             "    residence_basis = fact('permit_on_advice')['basis']",
             "A permit the IND granted on the panel's advice runs on here from its own start.")
    p.xor("gw_identified", "Gevolg identificatie?", "ind")
    p.xor("gw_panel_works", "Panel nog bezig?", "ind",
          "Decoupled: lawful stay, the reflection period and shelter go on while the panel works; no person waits for protection on the panel.")
    p.evgw("wait_panel", "Verblijf terwijl panel beslist", "ind")
    p.catch("identified_late", "Identificatie afgerond", "ind", "internal.fact.identification_done", "internal_wake")
    p.catch("report_filed_late", "Aangifte gedaan", "ind", "report_filed", "report")
    p.catch("declined_late", "Afgezien", "ind", "declined", "declined_statement")
    # No notice of intended decision before the end of lawful stay here: art. 4:8 Awb asks for the person's
    # view only before a decision that rests on data she did not give herself (lid 1 sub b) [verify]. The
    # reflection period ends by the lapse of its term (the lawful stay of art. 8 sub k Vw 2000 lasts as long
    # as the period: no decision ends it) or on her own statement that she declines; a report withdrawn
    # before the permit decision ends it on her own withdrawal (report_lapsed). Where the stay went on while
    # the panel worked (decoupled), it ends on the panel's negative decision, a decision of its own on which
    # she was heard and which is open to objection (art. 4:11 sub b Awb [verify]). Art. 4:12 Awb (decisions
    # on money) does not apply to residence.
    p.script("reflection_ended", "Einde rechtmatig verblijf", "ind", "residence_outcome = record_fact('residence_outcome', 'reflection_ended')")
    p.letter("letter_reflection_ended", "Brief: einde bedenktijd", "ind", "reflection_ended")
    p.end("res_end_departure", "Vertrek", "ind")
    p.xor("gw_choice", "", "ind")
    p.xor("gw_dublin", "Dublinclaimant?", "ind")
    p.script("dublin_report_check", "Aangifte binnen 3 maanden na asielaanvraag?", "ind",
             "dublin_report_in_time = str(dublin_reported_on or today()) <= dublin_report_due",
             "Rb Den Haag ECLI:NL:RBDHA:2021:8048: a Dublin claimant's report counts only within 3 months of the asylum application.")
    p.xor("gw_dublin_in_time", "Op tijd?", "ind")
    p.script("report_date", "Datum aangifte vastleggen", "ind",
             "dublin_reported_on = str(report['filed_on'])\npermit_ground = 'criminal_case'")
    p.script("ground_cooperation", "Grond: andere medewerking", "ind", "permit_ground = 'cooperation'",
             "Other cooperation with the investigation or prosecution (art. 3.48 lid 1 Vb, ground b [verify]).")
    p.script("ground_cannot_cooperate", "Grond: kan niet meewerken", "ind", "permit_ground = 'cannot_cooperate'",
             "A statement that the person cannot cooperate because of a serious threat or a medical or psychological "
             "limitation (art. 3.48 lid 1 Vb, ground d).")
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
    # A report withdrawn before the permit decision (issue 9 item 16): the report is the application
    # (ambtshalve aanvraag, Vc B8/3), so without it the application lapses rather than being refused. Within
    # the reflection period the person may choose again; after it, lawful stay ends [inference, verify].
    # Withdrawn under threat, ground (d) is weighed first, on the police's statement.
    p.catch("report_withdrawn_leads", "Aangifte ingetrokken vóór besluit", "ind", "report_withdrawn", "withdrawal")
    p.bmsg("report_withdrawn_deciding", "Aangifte ingetrokken vóór besluit", "permit_decision", "report_withdrawn",
           "withdrawal")
    p.xor("gw_pending_basis", "Aanvraag rust op aangifte?", "ind",
          "Only a permit that would rest on the report (ground a) depends on it; the IND decides anew on any other ground.")
    p.xor("gw_pending_threat", "Onder dreiging ingetrokken?", "ind")
    p.script("pre_threat_request", "Verklaring dreiging vragen", "ind", "threat_statement_requested_on = today()",
             "Ground (d) rests on a statement of the police/KMar (or a doctor), not on the person's word (Vc B8/3).")
    p.throw("pre_threat_asked", "Verklaring dreiging opvragen bij politie", "ind", "threat_statement_requested",
            '{"case_reference": case_reference, "requested_on": threat_statement_requested_on}')
    p.evgw("wait_pre_threat", "Wachten op verklaring dreiging (vóór besluit)", "ind")
    p.catch("pre_threat_statement", "Verklaring dreiging ontvangen", "ind", "threat_statement", "threat_statement")
    p.timer("pre_threat_overdue", "Termijn verklaring dreiging verstreken (vóór besluit)", "ind",
            'due_in(policy["threat_statement_term"], since=threat_statement_requested_on)')
    p.xor("gw_pre_threat_confirmed", "Dreiging bevestigd?", "ind")
    p.script("pre_threat_ground", "Grond: kan niet meewerken", "ind", "permit_ground = 'cannot_cooperate'",
             "The IND decides on the permit on ground (d) of art. 3.48 lid 1 Vb [verify].")
    p.script("report_lapsed", "Aanvraag vervalt met de aangifte", "ind",
             "permit_ground = None\ndublin_reported_on = None\nreport_withdrawn_before_decision = True\n"
             "reflection_running = bool(reflection_ends) and today() < reflection_ends[:10]",
             "The application the report made lapses with it [inference, verify]; the reflection period, if it "
             "still runs, goes on.")
    p.xor("gw_lapsed", "Bedenktijd loopt nog?", "ind")
    p.script("lapsed_end", "Einde rechtmatig verblijf", "ind",
             "residence_outcome = record_fact('residence_outcome', 'reflection_ended')")
    p.letter("letter_lapsed", "Brief: einde bedenktijd (aangifte ingetrokken)", "ind", "reflection_ended",
             '"ground": "report_withdrawn", "ended_on": str(withdrawal["withdrawn_on"])')
    p.end("res_end_lapsed", "Vertrek", "ind")
    p.xor("gw_granted", "Verleend?", "ind")
    p.xor("gw_refusal_intended", "Voornemen nodig?", "ind",
          "Before refusing the permit the IND sends a notice of intended decision (art. 4:7 Awb [verify]) where the "
          "policy value intended_decision_before names the refusal; the second decision, after the view or the "
          "term, is final.")
    p.script("refusal_intended_set", "Voornemen tot weigering", "ind", "refusal_intended = True")
    intended_decision(p, "intended_refusal", "permit", "permit_decision")
    p.script("permit_record", "Vergunning vastleggen", "ind",
             "permit_start = today()\npermit_valid_from = today()\nresidence_outcome = record_fact('residence_outcome', 'permit')\n"
             "residence_basis = 'identification' if policy['residence_on_identification']['value'] and fact('identification_outcome') == 'positive' "
             "else permit_ground",
             "The ground of art. 3.48 lid 1 Vb the permit rests on: a report (a), other cooperation (b) or, on a "
             "statement that the person cannot cooperate, ground (d), which a dismissal does not end [verify].")
    p.letter("letter_granted", "Brief: vergunning verleend", "ind", "residence_granted",
             '"basis": residence_basis, "valid_until": due_in(policy["permit_validity"], since=permit_valid_from)')
    p.script("refused_record", "Afwijzing vastleggen", "ind",
             "residence_outcome = record_fact('residence_outcome', 'refused')\nrefused_decision = 'permit'\ndecision_sent_on = today()\nobjection_subject = 'residence'\nobjection_early = False")
    p.letter("letter_refused", "Brief: vergunning geweigerd", "ind", "residence_refused", '"reasons": reasons, "refusal": refused_decision')
    p.call("call_objection_refusal", "Bezwaar tegen weigering", "ind", "objection_residence",
           "Objection within 4 weeks (art. 69 Vw 2000); upheld: the IND decides again.")
    p.xor("gw_refusal_objection", "Bezwaar gegrond?", "ind")
    p.xor("gw_decide_again", "Welk besluit opnieuw?", "ind")
    p.end("res_end_refused", "Geweigerd", "ind")
    p.evgw("permit_running", "Vergunning loopt", "ind")
    p.catch("prosecution_started", "Vervolging ingesteld", "ind", "prosecution_started", "prosecution")
    p.catch("dismissal", "Sepot", "ind", "dismissal", "dismissal")
    p.catch("acquittal", "Vrijspraak", "ind", "acquittal", "acquittal")
    p.xor("gw_acquittal_final", "Berechting in feitelijke aanleg voorbij?", "ind",
          "The permit runs for the prosecution and the trial on the facts (berechting in feitelijke aanleg: first "
          "instance and appeal, not cassation; Vc B8/3): an acquittal at first instance with an appeal pending ends "
          "nothing; an acquittal on appeal does, even while cassation is open.")
    p.script("appeal_pending", "Hoger beroep loopt", "ind", "acquittal_appeal_pending = True")
    p.catch("report_withdrawn", "Aangifte ingetrokken", "ind", "report_withdrawn", "withdrawal")
    p.xor("gw_under_threat", "Onder dreiging ingetrokken?", "ind",
          "A report withdrawn under threat: the person cannot cooperate for compelling reasons (art. 3.48 lid 1 "
          "Vb, ground d [verify]); the permit goes on on that ground.")
    p.script("threat_statement_request", "Verklaring dreiging vragen", "ind",
             "threat_statement_requested_on = today()",
             "Ground (d) rests on a statement of the police/KMar (or a doctor) that the person cannot cooperate "
             "because of a serious threat (Vc B8/3); the person's word that he withdrew under threat is not enough.")
    p.throw("threat_statement_asked", "Verklaring dreiging opvragen bij politie", "ind", "threat_statement_requested",
            '{"case_reference": case_reference, "requested_on": threat_statement_requested_on}')
    p.evgw("wait_threat_statement", "Wachten op verklaring dreiging", "ind")
    p.catch("threat_statement", "Verklaring dreiging ontvangen", "ind", "threat_statement", "threat_statement")
    p.timer("threat_statement_overdue", "Termijn verklaring dreiging verstreken of vergunning verlopen", "ind",
            f'{THREAT_DUE} if extension_pending else min({THREAT_DUE}, {PERMIT_END})',
            "One timer (an event-based gateway holds one) for the next moment: the end of the term for the "
            "statement, or the permit's end while the IND still waits for it (issue 9 item 16).")
    p.script("threat_wait_moment", "Welk moment?", "ind",
             f"threat_statement_term_over = now() >= {THREAT_DUE}")
    p.xor("gw_threat_wait_moment", "Termijn verklaring voorbij?", "ind")
    # The permit's end passes while the IND waits for the statement (issue 9 item 16). The person does not
    # lose her lawful stay to the IND's wait: her application to extend, made before the end, keeps her stay
    # lawful until the IND has decided on it (art. 8, onder g, Vw 2000 [verify]), and the IND decides on the
    # extension, not on a withdrawal of a permit that has run out, once the ground is known.
    p.script("extension_pending_record", "Verlenging aangehouden", "ind",
             f"extension_pending = True\nextension_pending_since = {PERMIT_END}[:10]\nlawful_stay_basis = 'art_8_g'",
             "Lawful stay pending the decision on the application to extend (art. 8 sub g Vw 2000 [verify]); the "
             "IND decides on the extension once the statement is in or its term has ended; an extension runs on "
             "from the old end, without a gap.")
    p.letter("letter_extension_pending", "Brief: verlenging in behandeling", "ind", "residence_extension_pending",
             f'"valid_until": extension_pending_since, "statement_due": {THREAT_DUE}[:10]',
             "The person is told that her stay stays lawful and what the IND waits for: nothing is kept silent.")
    p.xor("gw_threat_extension", "Vergunning verlopen?", "ind")
    p.xor("gw_threat_confirmed", "Dreiging bevestigd?", "ind")
    # Other events while the IND waits for the statement (issue 9 item 16): a conviction opens continued
    # residence whatever the ground; a dismissal, acquittal or prosecution is noted and the wait goes on,
    # since a confirmed threat (ground d) survives the end of the criminal case and the withdrawal decision
    # that follows an unconfirmed one rests on the report's withdrawal anyway.
    p.catch("conviction_waiting", "Veroordeling", "ind", "conviction", "conviction")
    for message, name in (("dismissal", "Sepot"), ("acquittal", "Vrijspraak"), ("prosecution_started", "Vervolging ingesteld")):
        p.catch(f"{message}_waiting", name, "ind", message, message)
    p.script("criminal_event_waiting", "Strafzaak: gebeurtenis tijdens wachten", "ind",
             "criminal_event_while_waiting = True",
             "Recorded (the case fact criminal_case holds it); the statement still decides the ground.")
    p.script("threat_ground", "Grond: kan niet meewerken", "ind", "residence_basis = 'cannot_cooperate'",
             "The permit runs on, now on ground (d), which a dismissal does not end.")
    p.letter("letter_threat_ground", "Brief: vergunning loopt door op grond d", "ind", "residence_granted",
             '"basis": residence_basis, "ground_changed": True, '
             '"valid_until": due_in(policy["permit_validity"], since=permit_valid_from)')
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
    p.script("extended_record", "Verlenging vastleggen", "ind",
             "permit_valid_from = extension_pending_since if extension_pending else today()\n"
             "extension_refused = False\nextension_intended = False\nextension_pending = False\n"
             "if fact('residence_outcome') != 'permit':\n    residence_outcome = record_fact('residence_outcome', 'permit')",
             "After an objection against the refusal to extend was upheld, the permit runs again.")
    p.letter("letter_extended", "Brief: vergunning verlengd", "ind", "residence_granted",
             '"basis": residence_basis, "extension": True, "valid_until": due_in(policy["permit_validity"], since=permit_valid_from)')
    p.script("extension_refused_record", "Weigering verlenging vastleggen", "ind",
             "extension_refused = True\nextension_pending = False\n"
             "residence_outcome = record_fact('residence_outcome', 'not_extended')\n"
             "permit_valid_until = due_in(policy['permit_validity'], since=permit_valid_from)[:10]\n"
             "decision_sent_on = today()\nobjection_subject = 'extension'\nobjection_early = False",
             "Not extending the permit is a decision of its own on the extension article (art. 18 Vw 2000 "
             "[verify]), not a withdrawal: the permit runs out on its last day.")
    p.xor("gw_extension_intended", "Voornemen nodig?", "ind",
          "Before refusing to extend the permit the IND sends a notice of intended decision (art. 4:7 Awb where the "
          "refusal rests on data of the police or the prosecutor that differ from what the person gave, art. 4:8 "
          "where the extension is decided ex officio [verify]) when the policy value intended_decision_before "
          "names the extension. After an objection against the refusal was upheld the IND decides again without a "
          "second notice: the person was heard on the objection (art. 7:2 Awb) and art. 4:11 sub b Awb [verify] "
          "lets the IND omit a hearing when no new facts arose since.")
    p.script("extension_intended_set", "Voornemen tot weigering verlenging", "ind", "extension_intended = True")
    intended_decision(p, "intended_extension", "extension", "extend_permit")
    p.letter("letter_not_extended", "Brief: verlenging geweigerd", "ind", "residence_extension_refused",
             '"reasons": reasons, "valid_until": permit_valid_until')
    p.call("call_objection_extension", "Bezwaar tegen weigering verlenging", "ind", "objection_residence",
           "Objection within 4 weeks (art. 69 Vw 2000); upheld: the IND decides on the extension again.")
    p.xor("gw_extension_objection", "Bezwaar gegrond?", "ind")
    p.end("res_end_not_extended", "Niet verlengd", "ind")
    p.xor("gw_prosecution", "Voortgezet verblijf bij vervolging?", "ind")
    p.xor("gw_outcome_basis", "Verblijf los van strafzaak?", "ind")
    p.user("withdraw_permit", "Intrekking na sepot of vrijspraak", "ind", "ind.permit_withdrawal",
           "The permit ends with the dismissal, or with an acquittal once the trial on the facts is over (Vc B8/3); the "
           "form records the instance and finality; withdrawal may be retroactive (ECLI:NL:RBDHA:2021:4297).",
           decision="permit_withdrawal")
    p.script("withdrawn_record", "Intrekking vastleggen", "ind",
             "residence_outcome = record_fact('residence_outcome', 'withdrawn')\ndecision_sent_on = today()\nobjection_subject = 'withdrawal'\nobjection_early = False")
    p.call("call_objection_withdrawal", "Bezwaar tegen intrekking", "ind", "objection_residence",
           "Objection within 4 weeks (art. 69 Vw 2000); upheld: the permit runs on.")
    p.xor("gw_withdrawal_objection", "Bezwaar gegrond?", "ind")
    p.script("reinstated", "Vergunning herleeft", "ind",
             "residence_outcome = record_fact('residence_outcome', 'permit')\nextension_refused = False")
    p.letter("letter_withdrawn", "Brief: vergunning ingetrokken", "ind", "residence_refused",
             '"withdrawn": True, "refusal": "withdrawal_witness" if withdrawal_ground == "witness" else "withdrawal", '
             '"retroactive_from": str(retroactive_from or ""), '
             '"criminal_case_instance": criminal_case_instance, "criminal_case_final": criminal_case_final')
    p.end("res_end_withdrawn", "Ingetrokken", "ind")
    p.xor("gw_continued_in", "", "ind")
    p.user("continued_residence", "Besluit voortgezet verblijf", "ind", "ind.continued_residence",
           "Continued residence on non-temporary humanitarian grounds after a conviction or 3 years (Vc B8/3).",
           decision="continued_residence")
    p.xor("gw_continued", "Verleend?", "ind")
    p.script("continued_record", "Voortgezet verblijf vastleggen", "ind", "residence_outcome = record_fact('residence_outcome', 'continued')")
    p.letter("letter_continued", "Brief: voortgezet verblijf", "ind", "residence_continued", '"ground": continued_ground')
    p.end("res_end_continued", "Voortgezet verblijf", "ind")

    p.flow("res_start", "gw_witness")
    p.flow("gw_witness", "witness_start", "ja", 'fact("residence_track") == "b83_witness"')
    p.flow("gw_witness", "reflection_start", "nee", default=True)
    p.flow("witness_start", "gw_permit")
    p.chain("reflection_start", "letter_reflection", "wait_choice")
    for catch in ("report_filed", "cooperation", "cannot_cooperate", "declined", "reflection_over", "identified",
                  "rerouted"):
        p.flow("wait_choice", catch)
    p.chain("report_filed", "report_date", "gw_choice")
    p.chain("report_filed_late", "report_date")
    p.chain("cooperation", "ground_cooperation", "gw_choice")
    p.chain("cannot_cooperate", "ground_cannot_cooperate", "gw_choice")
    p.chain("rerouted", "reroute_record", "gw_rerouted")
    p.flow("gw_rerouted", "asylum_end", "asiel", 'fact("residence_track") == "asylum"')
    p.flow("gw_rerouted", "wait_choice", "Dublin of ongewijzigd", default=True)
    p.chain("asylum_end", "letter_reflection_asylum", "res_end_asylum")
    p.flow("identified", "identified_check")
    p.flow("identified_late", "identified_check")
    p.chain("identified_check", "gw_identified")
    p.flow("gw_identified", "permit_running", "vergunning al verleend (IND op advies panel)",
           'fact("residence_outcome") == "permit"')
    # The conditions exclude each other: the parser does not keep the order of the flows.
    p.flow("gw_identified", "gw_permit", "erkend: verblijf zonder aangifte",
           'fact("residence_outcome") != "permit" and policy["residence_on_identification"]["value"] '
           'and fact("identification_outcome") == "positive"')
    p.flow("gw_identified", "wait_choice", "niet erkend, bedenktijd loopt nog",
           'reflection_running and fact("residence_outcome") != "permit" and not '
           '(policy["residence_on_identification"]["value"] and fact("identification_outcome") == "positive")')
    p.flow("gw_identified", "reflection_ended", "niet erkend, bedenktijd voorbij", default=True)
    p.flow("reflection_over", "gw_panel_works")
    p.flow("gw_panel_works", "wait_panel", "ja: verblijf loopt door",
           'policy["residence_on_identification"]["value"] and not fact("identification_done") and fact("consent_given")')
    p.flow("gw_panel_works", "reflection_ended", "nee", default=True)
    for catch in ("identified_late", "report_filed_late", "declined_late"):
        p.flow("wait_panel", catch)
    p.flow("declined_late", "reflection_ended")
    p.flow("declined", "reflection_ended")
    p.chain("reflection_ended", "letter_reflection_ended", "res_end_departure")
    p.flow("gw_choice", "gw_dublin")
    p.flow("gw_dublin", "dublin_report_check", "ja", 'fact("residence_track") == "b83_dublin"')
    p.chain("dublin_report_check", "gw_dublin_in_time")
    p.flow("gw_dublin_in_time", "wait_leads", "ja", "dublin_report_in_time")
    p.flow("gw_dublin_in_time", "gw_permit", "nee: te laat, IND beslist zonder beoordeling opsporingsindicaties", default=True)
    p.flow("gw_dublin", "gw_permit", "nee", default=True)
    p.flow("wait_leads", "leads")
    p.flow("wait_leads", "leads_overdue")
    p.chain("leads_overdue", "leads_reminder", "wait_leads")
    p.flow("leads", "gw_permit")
    p.chain("gw_permit", "permit_decision", "gw_granted")
    p.flow("wait_leads", "report_withdrawn_leads")
    p.flow("report_withdrawn_leads", "gw_pending_basis")
    p.flow("report_withdrawn_deciding", "gw_pending_basis")
    p.flow("gw_pending_basis", "gw_pending_threat", "ja", 'permit_ground == "criminal_case" and not '
           '(policy["residence_on_identification"]["value"] and fact("identification_outcome") == "positive")')
    p.flow("gw_pending_basis", "gw_permit", "nee: IND beslist", default=True)
    p.flow("gw_pending_threat", "pre_threat_request", "onder dreiging", 'withdrawal["under_threat"]')
    p.flow("gw_pending_threat", "report_lapsed", "nee", default=True)
    p.chain("pre_threat_request", "pre_threat_asked", "wait_pre_threat")
    p.flow("wait_pre_threat", "pre_threat_statement")
    p.flow("wait_pre_threat", "pre_threat_overdue")
    p.flow("pre_threat_statement", "gw_pre_threat_confirmed")
    p.flow("gw_pre_threat_confirmed", "pre_threat_ground", "ja", 'threat_statement["confirmed"]')
    p.flow("gw_pre_threat_confirmed", "report_lapsed", "nee", default=True)
    p.flow("pre_threat_overdue", "report_lapsed")
    p.flow("pre_threat_ground", "gw_permit")
    p.flow("report_lapsed", "gw_lapsed")
    p.flow("gw_lapsed", "wait_choice", "ja: opnieuw kiezen", "reflection_running")
    p.flow("gw_lapsed", "lapsed_end", "nee", default=True)
    p.chain("lapsed_end", "letter_lapsed", "res_end_lapsed")
    p.chain("permit_24h", "permit_escalation", "permit_escalated")
    p.flow("gw_granted", "permit_record", "ja", 'outcome == "granted"')
    p.flow("gw_granted", "gw_refusal_intended", "nee", default=True)
    p.flow("gw_refusal_intended", "refusal_intended_set", "ja: eerst voornemen",
           '"permit" in policy["intended_decision_before"]["value"] and not refusal_intended')
    p.flow("gw_refusal_intended", "refused_record", "nee: besluit", default=True)
    p.chain("refusal_intended_set", "intended_refusal_record")
    p.chain("refused_record", "letter_refused", "call_objection_refusal", "gw_refusal_objection")
    p.flow("gw_refusal_objection", "gw_decide_again", "gegrond", "objection_upheld")
    p.flow("gw_refusal_objection", "res_end_refused", "ongegrond of geen bezwaar", default=True)
    p.flow("gw_decide_again", "gw_continued_in", "voortgezet verblijf", 'refused_decision == "continued"')
    p.flow("gw_decide_again", "gw_permit", "vergunning", default=True)
    p.chain("permit_record", "letter_granted", "permit_running")
    for catch in ("prosecution_started", "dismissal", "acquittal", "conviction", "report_withdrawn", "permit_milestone"):
        p.flow("permit_running", catch)
    p.chain("permit_milestone", "milestone_record", "gw_milestone")
    p.flow("gw_milestone", "gw_continued_in", "ja", "three_years_reached")
    p.flow("gw_milestone", "extend_permit", "nee: verlenging", default=True)
    p.chain("extend_permit", "gw_extended")
    p.flow("gw_extended", "extended_record", "ja", 'outcome == "extended"')
    p.flow("gw_extended", "gw_extension_intended", "nee", default=True)
    p.flow("gw_extension_intended", "extension_intended_set", "ja: eerst voornemen",
           '"extension" in policy["intended_decision_before"]["value"] and not extension_intended')
    p.flow("gw_extension_intended", "extension_refused_record", "nee: besluit", default=True)
    p.flow("extension_intended_set", "intended_extension_record")
    p.chain("extension_refused_record", "letter_not_extended", "call_objection_extension", "gw_extension_objection")
    p.flow("gw_extension_objection", "extend_permit", "gegrond: IND beslist opnieuw", "objection_upheld")
    p.flow("gw_extension_objection", "res_end_not_extended", "ongegrond of geen bezwaar", default=True)
    p.chain("extended_record", "letter_extended", "permit_running")
    p.flow("prosecution_started", "gw_prosecution")
    p.flow("gw_prosecution", "gw_continued_in", "ja", 'policy["continued_on_prosecution"]["value"]')
    p.flow("gw_prosecution", "permit_running", "nee", default=True)
    p.flow("dismissal", "gw_outcome_basis")
    p.flow("acquittal", "gw_acquittal_final")
    p.flow("gw_acquittal_final", "gw_outcome_basis", "onherroepelijk of in hoger beroep",
           'acquittal["final"] or acquittal["instance"] in ("appeal", "cassation")')
    p.flow("gw_acquittal_final", "appeal_pending", "hoger beroep loopt", default=True)
    p.flow("appeal_pending", "permit_running")
    p.flow("report_withdrawn", "gw_under_threat")
    p.flow("gw_under_threat", "threat_statement_request", "onder dreiging",
           'withdrawal["under_threat"] and residence_basis != "witness"')
    p.flow("gw_under_threat", "gw_outcome_basis", "nee", default=True)
    p.chain("threat_statement_request", "threat_statement_asked", "wait_threat_statement")
    p.flow("wait_threat_statement", "threat_statement")
    p.flow("wait_threat_statement", "threat_statement_overdue")
    for message in ("conviction", "dismissal", "acquittal", "prosecution_started"):
        p.flow("wait_threat_statement", f"{message}_waiting")
    for message in ("dismissal", "acquittal", "prosecution_started"):
        p.flow(f"{message}_waiting", "criminal_event_waiting")
    p.flow("criminal_event_waiting", "wait_threat_statement")
    p.flow("conviction_waiting", "gw_continued_in")
    p.flow("threat_statement", "gw_threat_confirmed")
    p.flow("gw_threat_confirmed", "threat_ground", "ja", 'threat_statement["confirmed"]')
    p.flow("gw_threat_confirmed", "gw_outcome_basis", "nee", default=True)
    p.chain("threat_statement_overdue", "threat_wait_moment", "gw_threat_wait_moment")
    p.flow("gw_threat_wait_moment", "gw_outcome_basis", "ja", "threat_statement_term_over")
    p.flow("gw_threat_wait_moment", "extension_pending_record", "nee: vergunning verlopen", default=True)
    p.chain("extension_pending_record", "letter_extension_pending", "wait_threat_statement")
    p.chain("threat_ground", "gw_threat_extension")
    p.flow("gw_threat_extension", "extend_permit", "ja: beslissen op verlenging (grond d)", "extension_pending")
    p.flow("gw_threat_extension", "letter_threat_ground", "nee", default=True)
    p.chain("letter_threat_ground", "permit_running")
    p.flow("gw_outcome_basis", "extend_permit", "vergunning verlopen: beslissen op verlenging", "extension_pending")
    p.flow("gw_outcome_basis", "permit_running", "ja (identificatie of kan niet meewerken)",
           'not extension_pending and residence_basis in ("identification", "cannot_cooperate")')
    p.script("witness_ground_ended", "Grond getuige-aangever vervallen", "ind", "withdrawal_ground = 'witness'",
             "A permit granted to a witness-reporter (art. 3.48 lid 1 sub c Vb [verify]) rests on his part as a "
             "witness in the criminal case, not on a victim's report: when that part ends (the report withdrawn, "
             "the case dismissed, the trial on the facts over) it is withdrawn on its own ground, and a report "
             "withdrawn under threat does not carry it to ground (d), which is for victims.")
    p.xor("gw_withdrawal_intended", "Voornemen nodig?", "ind",
          "Before withdrawing the permit the IND sends a notice of intended decision (art. 4:8 Awb [verify]) where "
          "the policy value intended_decision_before names the withdrawal.")
    p.user("intend_withdrawal", "Voornemen tot intrekking", "ind", "ind.intended_decision",
           "The reasons the IND intends to withdraw the permit (after a dismissal, a final acquittal or a report "
           "withdrawn); the person may respond before the decision.")
    intended_decision(p, "intended_withdrawal", "withdrawal", "withdraw_permit")
    # The permit's end passes while the notice of intended withdrawal awaits the person's view (issue 9): a
    # permit that has run out is not withdrawn. Her application to extend keeps her stay lawful until the
    # IND has decided on it (art. 8, onder g, Vw 2000 [verify]), and the IND decides on the extension, with
    # its own notice of intended refusal where the policy asks for one, as after the wait for a statement on
    # threats. The intention to withdraw is dropped.
    p.btimer("intended_withdrawal_permit_end", "Vergunning verlopen tijdens reactietermijn",
             "intended_withdrawal_view", PERMIT_END,
             doc="The permit's last moment, if it comes before the person's view or the end of the term to "
                 "respond; the withdrawal gives way to the decision on the extension.")
    p.script("withdrawal_extension_pending", "Verlenging in plaats van intrekking", "ind",
             f"extension_pending = True\nextension_pending_since = {PERMIT_END}[:10]\n"
             "lawful_stay_basis = 'art_8_g'\nintended_withdrawal_on = intended_on\nintended = ''",
             "Lawful stay pending the decision on the extension (art. 8 sub g Vw 2000 [verify]); the intention to "
             "withdraw is dropped, and an extension runs on from the old end, without a gap.")
    # The same when the permit ends before the IND has even sent the notice: no notice of withdrawing a
    # permit that has run out.
    p.btimer("intend_withdrawal_permit_end", "Vergunning verlopen vóór voornemen", "intend_withdrawal", PERMIT_END,
             doc="The permit's last moment, if it comes before the IND has given notice of the withdrawal.")
    p.script("withdrawal_extension_pending_early", "Verlenging in plaats van intrekking", "ind",
             f"extension_pending = True\nextension_pending_since = {PERMIT_END}[:10]\n"
             "lawful_stay_basis = 'art_8_g'\nintended_withdrawal_on = None",
             "As above, without a notice to name.")
    p.letter("letter_withdrawal_extension_pending", "Brief: verlenging in behandeling", "ind",
             "residence_extension_pending",
             '"valid_until": extension_pending_since, "withdrawal_dropped": True, '
             '"intended_withdrawal_on": intended_withdrawal_on',
             "The person is told that the permit is not withdrawn, that her stay stays lawful and that the IND "
             "decides on the extension.")
    p.chain("intended_withdrawal_permit_end", "withdrawal_extension_pending", "letter_withdrawal_extension_pending",
            "extend_permit")
    p.chain("intend_withdrawal_permit_end", "withdrawal_extension_pending_early", "letter_withdrawal_extension_pending")
    p.xor("gw_withdrawn", "Ingetrokken?", "ind",
          "After the person's view the IND may keep the permit: the intention is dropped and the permit runs on.")
    p.script("withdrawal_dropped", "Vergunning blijft", "ind", "intended = ''",
             "The intention to withdraw is dropped after the person's view; the permit runs on.")
    p.flow("gw_outcome_basis", "witness_ground_ended", "getuige-aangever: eigen grond",
           'not extension_pending and residence_basis == "witness"')
    p.flow("witness_ground_ended", "gw_withdrawal_intended")
    p.flow("gw_outcome_basis", "gw_withdrawal_intended", "nee", default=True)
    p.flow("gw_withdrawal_intended", "intend_withdrawal", "ja: eerst voornemen",
           '"withdrawal" in policy["intended_decision_before"]["value"]')
    p.flow("gw_withdrawal_intended", "withdraw_permit", "nee", default=True)
    p.flow("intend_withdrawal", "intended_withdrawal_record")
    p.chain("withdraw_permit", "gw_withdrawn")
    p.flow("gw_withdrawn", "withdrawal_dropped", "nee: vergunning blijft", 'outcome == "maintained"')
    p.flow("gw_withdrawn", "withdrawn_record", "ja", default=True)
    p.flow("withdrawal_dropped", "permit_running")
    p.chain("withdrawn_record", "letter_withdrawn", "call_objection_withdrawal", "gw_withdrawal_objection")
    p.flow("gw_withdrawal_objection", "reinstated", "gegrond", "objection_upheld")
    p.flow("gw_withdrawal_objection", "res_end_withdrawn", "ongegrond of geen bezwaar", default=True)
    p.flow("reinstated", "permit_running")
    p.flow("conviction", "gw_continued_in")
    p.chain("gw_continued_in", "continued_residence", "gw_continued")
    p.flow("gw_continued", "continued_record", "ja", 'outcome == "granted"')
    p.script("continued_refused_record", "Afwijzing voortgezet verblijf vastleggen", "ind",
             "residence_outcome = record_fact('residence_outcome', 'refused')\nrefused_decision = 'continued'\ndecision_sent_on = today()\nobjection_subject = 'continued'\nobjection_early = False",
             "Refusing continued residence is a decision of its own on art. 3.51 Vb [verify], not a refusal of the "
             "B8/3 permit.")
    p.letter("letter_continued_refused", "Brief: voortgezet verblijf geweigerd", "ind", "continued_residence_refused",
             '"reasons": reasons, "ground": continued_ground')
    p.xor("gw_continued_intended", "Voornemen nodig?", "ind",
          "Before refusing continued residence the IND sends a notice of intended decision (art. 4:7 Awb [verify]: "
          "the refusal rests on data of the prosecutor or the court, not on what the person gave) when the policy "
          "value intended_decision_before names it; after an upheld objection it decides again without one "
          "(art. 7:2 and 4:11 sub b Awb [verify]).")
    p.script("continued_intended_set", "Voornemen tot weigering voortgezet verblijf", "ind", "continued_intended = True")
    intended_decision(p, "intended_continued", "continued", "continued_residence")
    p.flow("gw_continued", "gw_continued_intended", "nee", default=True)
    p.flow("gw_continued_intended", "continued_intended_set", "ja: eerst voornemen",
           '"continued" in policy["intended_decision_before"]["value"] and not continued_intended')
    p.flow("gw_continued_intended", "continued_refused_record", "nee: besluit", default=True)
    p.flow("continued_intended_set", "intended_continued_record")
    p.chain("continued_refused_record", "letter_continued_refused", "call_objection_refusal")
    p.chain("continued_record", "letter_continued", "res_end_continued")
    return p
