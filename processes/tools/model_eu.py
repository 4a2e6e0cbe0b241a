"""Declaration of the EU citizen's route: shelter and the IND exemption (ontheffing), no B8/3 while the person
derives rights from Union law (Vc 2000 B8/3; Wegwijzer Mensenhandel)."""
from __future__ import annotations

from processes.tools.bpmn_builder import Proc


def eu_shelter() -> Proc:
    p = Proc("eu_shelter", "EU-burger: opvang en ontheffing",
             "An EU/EEA/Swiss national relies on B8/3 only where he derives no rights from Union law; otherwise "
             "residence follows from Union law. In the first 5 years of residence an EU citizen needs an IND "
             "exemption (ontheffing) to use shelter without risking that residence right; it is granted when "
             "reporting is impossible for reasons of safety or health, supported by a police and/or medical "
             "statement. The exemption is an IND decision (brief L14) with a letter either way; a refusal is open "
             "to objection within 4 weeks (art. 69 Vw 2000), handled like the IND's residence refusals.")
    p.lane("coordinator", "Zorgcoördinatie: Union-law status, shelter and the exemption request with its statement.")
    p.lane("ind", "IND: the decision on the exemption (ontheffing).")
    p.start("eu_start", "EU-burger", "coordinator")
    p.user("eu_status", "Verblijf op grond van Unierecht vastleggen", "coordinator", "coordinator.eu_status",
           "The facts Union-law residence rests on: the basis on which the person resides (worker, self-employed, "
           "job-seeker, sufficient resources, student, family member, the first three months, or none) and since "
           "when he resides lawfully under Union law (not mere presence).")
    p.script("eu_status_facts", "Rechten uit Unierecht en 5 jaar bepalen", "coordinator",
             "permanent_residence = lawful_residence_since is not None and "
             "str(today()) >= due_in(policy['eu_exemption_years'], since=lawful_residence_since)[:10]\n"
             "union_rights = permanent_residence or union_basis in policy['union_residence_bases']['value']\n"
             "eu_exemption_needed = union_rights and not permanent_residence\n"
             "age_status = fact('age_status')\nresidence_status = fact('residence_status')\n"
             "suspected_offence = fact('suspect')",
             "Union rights follow from a basis of residence the policy lists (Directive 2004/38/EC art. 6, 7 and "
             "14(4)(b); verify) or from 5 years of continuous lawful residence (art. 16); the 5 years count from "
             "the start of lawful residence, so a longer stay without a basis does not count. Without a known "
             "start the exemption is needed.")
    p.rule("eu_route", "Route opnieuw bepalen", "coordinator", "routing",
           "The routing table reads the Union-law status: it decides the residence track again now that it is known.")
    p.script("eu_status_record", "Status Unierecht vastleggen", "coordinator",
             "record_fact('residence_track', residence_track)\nrecord_fact('union_rights', bool(union_rights))",
             "Without rights under Union law the person is treated as a third-country national for B8/3. The track "
             "is recorded before the Union-law status, so a procedure woken by that status reads the new track.")
    p.xor("gw_union", "Verblijf volgens Unierecht?", "coordinator")
    p.end("eu_end_b83", "Naar B8/3 (geen rechten uit Unierecht)", "coordinator")
    p.xor("gw_exemption", "Ontheffing nodig?", "coordinator")
    p.end("eu_end_no_exemption", "Opvang zonder ontheffing (na 5 jaar)", "coordinator")
    p.user("eu_exemption_request", "Ontheffing aanvragen", "coordinator", "coordinator.eu_exemption_request",
           "Request to the IND: reporting is impossible because of a threat or for medical reasons; police/KMar "
           "and/or medical statement.")
    p.user("eu_exemption_decision", "Besluit ontheffing", "ind", "ind.eu_exemption",
           "The IND grants or refuses the exemption; with it the person uses shelter without risking the Union-law "
           "residence right.", decision="eu_shelter_exemption")
    p.script("eu_exemption_record", "Ontheffing vastleggen", "ind",
             "shelter_exemption = outcome\nshelter_exemption_on = today()")
    p.xor("gw_exemption_granted", "Ontheffing verleend?", "ind")
    p.letter("letter_eu_granted", "Brief: ontheffing verleend", "ind", "eu_exemption_granted")
    p.end("eu_end", "Ontheffing verleend", "ind")
    # No notice of intended decision before the refusal: the exemption is applied for with the police/KMar or
    # medical statement, and a refusal that rests on what the applicant supplied needs none (art. 4:7 lid 1
    # sub b Awb [verify]). A refusal on other data (a statement the IND obtains itself) would need one; not
    # modelled.
    p.script("eu_refused_record", "Weigering vastleggen", "ind",
             "decision_sent_on = today()\nobjection_subject = 'eu_exemption'\nobjection_early = False")
    p.letter("letter_eu_refused", "Brief: ontheffing geweigerd", "ind", "eu_exemption_refused", '"reasons": reasons')
    p.call("call_objection_eu", "Bezwaar tegen weigering ontheffing", "ind", "objection_residence",
           "Objection within 4 weeks (art. 69 Vw 2000); upheld: the IND decides on the exemption again.")
    p.xor("gw_eu_objection", "Bezwaar gegrond?", "ind")
    p.end("eu_end_refused", "Ontheffing geweigerd", "ind")
    p.chain("eu_start", "eu_status", "eu_status_facts", "eu_route", "eu_status_record", "gw_union")
    p.flow("gw_union", "eu_end_b83", "nee: B8/3", "not union_rights")
    p.flow("gw_union", "gw_exemption", "ja", default=True)
    p.flow("gw_exemption", "eu_exemption_request", "ja: eerste 5 jaar", "eu_exemption_needed")
    p.flow("gw_exemption", "eu_end_no_exemption", "nee", default=True)
    p.chain("eu_exemption_request", "eu_exemption_decision", "eu_exemption_record", "gw_exemption_granted")
    p.flow("gw_exemption_granted", "letter_eu_granted", "ja", 'outcome == "granted"')
    p.flow("gw_exemption_granted", "eu_refused_record", "nee", default=True)
    p.chain("letter_eu_granted", "eu_end")
    p.chain("eu_refused_record", "letter_eu_refused", "call_objection_eu", "gw_eu_objection")
    p.flow("gw_eu_objection", "eu_exemption_decision", "gegrond: IND beslist opnieuw", "objection_upheld")
    p.flow("gw_eu_objection", "eu_end_refused", "ongegrond of geen bezwaar", default=True)
    return p
