"""Words for the codes that reach a page or a letter, in Dutch and in English.

The models, forms and policy speak in stable codes (`tcn_unlawful`, `identification_first_stage`,
`task_completed`); people read words. Field labels are taken from the form schemas and fact labels from
the case-fact catalogue, so a label is written once, where its code is defined; the codes that have no
schema of their own (options, decisions, events, procedures, statuses, roles, messages) get their words
here. tests/unit/test_vocabulary.py fails when a code that can reach a page has no words in either
language. Letter types have their titles in letters/catalogue.py.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterator, Mapping

from marshmallow import Schema
from marshmallow import fields as mf

from engine.case_facts import FACTS
from engine.simulation import words as simulation_words
from forms.node_titles import FLOW_TITLES, NODE_TITLES

Words = tuple[str, str]  # (Dutch, English)

OPTIONS: dict[str, Words] = {
    # indicator lists (forms.fields)
    "ilo_forced_labour": ("ILO-indicatoren dwangarbeid", "ILO forced labour indicators"),
    "ilo_ec_operational": ("ILO/EC operationele indicatoren", "ILO/EC operational indicators"),
    "nl_signals": ("Nederlandse signalenlijst", "Dutch list of signals"),
    "abuse_of_vulnerability": ("Misbruik van kwetsbaarheid", "Abuse of vulnerability"),
    "deception": ("Misleiding", "Deception"),
    "restriction_of_movement": ("Beperking van bewegingsvrijheid", "Restriction of movement"),
    "isolation": ("Isolatie", "Isolation"),
    "physical_sexual_violence": ("Fysiek of seksueel geweld", "Physical or sexual violence"),
    "intimidation_threats": ("Intimidatie en bedreiging", "Intimidation and threats"),
    "retention_of_documents": ("Innemen van documenten", "Retention of identity documents"),
    "withholding_wages": ("Inhouden van loon", "Withholding of wages"),
    "debt_bondage": ("Schuldslavernij", "Debt bondage"),
    "abusive_conditions": ("Onmenselijke werk- en leefomstandigheden", "Abusive working and living conditions"),
    "excessive_overtime": ("Buitensporig overwerk", "Excessive overtime"),
    "deceptive_recruitment": ("Misleidende werving", "Deceptive recruitment"),
    "coercive_recruitment": ("Werving onder dwang", "Coercive recruitment"),
    "recruitment_abuse_of_vulnerability": ("Werving met misbruik van kwetsbaarheid",
                                           "Recruitment by abuse of vulnerability"),
    "exploitation": ("Uitbuiting", "Exploitation"),
    "coercion_at_destination": ("Dwang op de bestemming", "Coercion at destination"),
    "abuse_of_vulnerability_at_destination": ("Misbruik van kwetsbaarheid op de bestemming",
                                              "Abuse of vulnerability at destination"),
    "forced_sex_or_earnings": ("Gedwongen seks of afdragen van verdiensten", "Forced sex or handing over earnings"),
    "dangerous_work_long_days": ("Gevaarlijk werk of lange dagen", "Dangerous work or long days"),
    "underpaid_or_unpaid": ("Onderbetaald of onbetaald", "Underpaid or unpaid"),
    "no_control_documents_or_bank": ("Geen zeggenschap over papieren of bankrekening",
                                     "No control over documents or bank account"),
    "false_promises": ("Valse beloften", "False promises"),
    "abused_blackmailed_threatened": ("Mishandeld, gechanteerd of bedreigd", "Abused, blackmailed or threatened"),
    "high_debt_to_employer": ("Hoge schuld aan werkgever", "High debt to the employer"),
    "cash_uninsured": ("Contant betaald, onverzekerd", "Paid in cash, uninsured"),
    "lives_at_workplace_or_unknown_address": ("Woont op het werk of op een onbekend adres",
                                              "Lives at the workplace or at an unknown address"),
    "otherwise_under_pressure": ("Op een andere manier onder druk", "Otherwise under pressure"),
    "school_absence_dropout": ("Schoolverzuim of schooluitval", "School absence or dropout"),
    "sudden_money_goods": ("Plotseling geld of spullen", "Sudden money or goods"),
    "drugs_or_stolen_goods_found": ("Drugs of gestolen goederen aangetroffen", "Drugs or stolen goods found"),
    "absconding": ("Weglopen", "Absconding"),
    # indicator status, source, weight
    "not_assessed": ("Niet beoordeeld", "Not assessed"),
    "not_present": ("Niet aanwezig", "Not present"),
    "reported_by_person": ("Gemeld door de persoon", "Reported by the person"),
    "observed": ("Waargenomen", "Observed"),
    "documented": ("Gedocumenteerd", "Documented"),
    "self": ("De persoon zelf", "The person"),
    "police": ("Politie", "Police"),
    "kmar": ("Koninklijke Marechaussee", "Royal Netherlands Marechaussee"),
    "ngo": ("Maatschappelijke organisatie", "Non-governmental organisation"),
    "medical": ("Medisch", "Medical"),
    "inspector": ("Arbeidsinspectie", "Labour inspectorate"),
    "document": ("Document", "Document"),
    "strong": ("Sterk", "Strong"),
    "medium": ("Middel", "Medium"),
    "weak": ("Zwak", "Weak"),
    # registration
    "labour_inspectorate": ("Nederlandse Arbeidsinspectie", "Netherlands Labour Authority"),
    "care_coordinator": ("Zorgcoördinator", "Care coordinator"),
    "municipality": ("Gemeente", "Municipality"),
    "lawyer": ("Advocaat", "Lawyer"),
    "dutch": ("Nederlander", "Dutch national"),
    "eu": ("Burger van de Unie", "EU citizen"),
    "tcn_lawful": ("Derdelander met rechtmatig verblijf", "Third-country national, lawful residence"),
    "tcn_unlawful": ("Derdelander zonder rechtmatig verblijf", "Third-country national, no lawful residence"),
    "eu_family": ("Derdelander, familielid van een burger van de Unie",
                  "Third-country national, family member of an EU citizen"),
    "witness_reporter": ("Getuige-aangever (derdelander, geen slachtoffer)",
                         "Witness-reporter (third-country national, not a victim)"),
    # basis of residence under Union law (Directive 2004/38/EC)
    "worker": ("Werknemer", "Worker"),
    "self_employed": ("Zelfstandige", "Self-employed"),
    "jobseeker": ("Werkzoekende", "Job-seeker"),
    "self_sufficient": ("Voldoende middelen en ziektekostenverzekering", "Sufficient resources and sickness insurance"),
    "student": ("Student", "Student"),
    "family_member": ("Familielid van een burger van de Unie", "Family member of an EU citizen"),
    "first_three_months": ("Eerste drie maanden van het verblijf", "First three months of residence"),
    "dublin": ("Dublinclaimant", "Dublin claimant"),
    "asylum": ("Asielzoeker", "Asylum seeker"),
    "labour": ("Arbeid", "Labour"),
    "sexual": ("Seksueel", "Sexual"),
    "criminal": ("Criminele activiteiten", "Criminal activities"),
    "other": ("Anders", "Other"),
    # placement
    "placed": ("Geplaatst", "Placed"),
    "interim": ("Tussenplaatsing", "Interim place"),
    "no_place": ("Geen plaats", "No place"),
    "not_needed": ("Geen opvang nodig", "No shelter needed"),
    "cosm": ("COSM (categorale opvang)", "COSM (categorical shelter)"),
    "omm": ("OMM (meervoudige problematiek)", "OMM (multiple problems)"),
    "regular": ("Reguliere opvang", "Regular shelter"),
    "youth": ("Jeugdopvang", "Youth shelter"),
    "none": ("Geen", "None"),
    "threat": ("Dreiging", "Threat"),
    "excusable": ("Verschoonbaar", "Excusable"),
    "not_excusable": ("Niet verschoonbaar", "Not excusable"),
    # identity and delivery of letters
    "care_of_lawyer": ("Per adres van de advocaat", "Care of the lawyer"),
    "postal_address": ("Eigen postadres", "Own postal address"),
    "via_coordinator": ("Uitreiking via de zorgcoördinator", "Handed over by the care coordinator"),
    "nl": ("Nederlands", "Dutch"),
    "en": ("Engels", "English"),
    # nationality is typed as text; a value the vocabulary knows is shown in the reader's language. The
    # demo's fictional people come from a fictional country (engine.demo.DEMO_NATIONALITY).
    "ruritanian": ("Ruritaans", "Ruritanian"),
    # panel
    "chair": ("Voorzitter", "Chair"),
    "care": ("Zorg", "Care"),
    "legal": ("Juridisch", "Legal"),
    "child_expert": ("Deskundige kinderen", "Child expert"),
    "police_liaison": ("Contactpersoon politie", "Police liaison"),
    "prosecution_liaison": ("Contactpersoon OM", "Prosecution liaison"),
    "suspect_cannot_prove": ("Vermoeden, niet te bewijzen", "Suspect but cannot prove"),
    "all_available_evidence": ("Al het beschikbare bewijs", "All available evidence"),
    "positive": ("Positief", "Positive"),
    "negative": ("Negatief", "Negative"),
    "confirmed": ("Bevestigd", "Confirmed"),
    "overturned": ("Herzien", "Overturned"),
    "ind": ("IND", "IND"),
    "signal": ("Signaal", "Signal"),
    "reflection_period": ("Bedenktijd", "Reflection period"),
    "panel_plausible": ("Slachtofferschap aannemelijk (panel)", "Victim status plausible (panel)"),
    "b8_3": ("Verblijf B8/3", "Residence B8/3"),
    "trafficker_convicted": ("Dader veroordeeld", "Trafficker convicted"),
    "status_related": ("Statusgerelateerd", "Status-related"),
    "consequential": ("Gevolg van de uitbuiting", "Consequential"),
    "escape_related": ("Bij ontsnapping", "Escape-related"),
    "unrelated": ("Geen verband", "Unrelated"),
    "threats": ("Bedreiging", "Threats"),
    "violence": ("Geweld", "Violence"),
    "document_retention": ("Innemen van documenten", "Retention of documents"),
    "dependency": ("Afhankelijkheid", "Dependency"),
    "direct_order": ("Directe opdracht", "Direct order"),
    "environmental_pressure": ("Druk uit de omgeving", "Environmental pressure"),
    "direct_consequence": ("Direct gevolg", "Direct consequence"),
    "in_course_of": ("Tijdens de uitbuiting", "In the course of the exploitation"),
    "during": ("Tijdens", "During"),
    "after": ("Na afloop", "After"),
    "exploiter": ("Uitbuiter", "Exploiter"),
    "person": ("De persoon", "The person"),
    "shared": ("Gedeeld", "Shared"),
    "no_prosecution": ("Niet vervolgen", "No prosecution"),
    "sepot": ("Sepot", "Dismissal (sepot)"),
    "ontslag": ("Ontslag van alle rechtsvervolging", "Discharge from prosecution"),
    "art_9a": ("Rechterlijk pardon (art. 9a Sr)", "Judicial pardon (art. 9a Sr)"),
    "mitigation": ("Strafvermindering", "Mitigation"),
    "no_non_punishment": ("Geen non-punishment", "No non-punishment"),
    "upheld": ("Gegrond", "Upheld"),
    "rejected": ("Ongegrond", "Rejected"),
    "inadmissible": ("Niet-ontvankelijk", "Inadmissible"),
    # IND
    "schouw": ("Leeftijdsschouw", "Age inspection (schouw)"),
    "medical_lto": ("Medisch leeftijdsonderzoek", "Medical age assessment"),
    "documents": ("Documenten", "Documents"),
    "minor": ("Minderjarig", "Minor"),
    "adult": ("Meerderjarig", "Adult"),
    "granted": ("Verleend", "Granted"),
    "refused": ("Geweigerd", "Refused"),
    "extended": ("Verlengd", "Extended"),
    "ended": ("Beëindigd", "Ended"),
    "withdrawn": ("Ingetrokken", "Withdrawn"),
    "maintained": ("Niet ingetrokken, vergunning loopt door", "Not withdrawn, the permit runs on"),
    "conviction": ("Veroordeling", "Conviction"),
    "three_years": ("Drie jaar verblijf", "Three years of residence"),
    "prosecution": ("Vervolging", "Prosecution"),
    # messages and criminal case
    "first": ("Eerste aanleg", "First instance"),
    "appeal": ("Hoger beroep", "Appeal"),
    "cassation": ("Cassatie", "Cassation"),
    "prosecute": ("Vervolgen", "Prosecute"),
    "summons": ("Dagvaarding", "Summons"),
    "transaction": ("Transactie", "Settlement"),
    "dismissed": ("Geseponeerd", "Dismissed"),
    "prosecuted": ("Vervolgd", "Prosecuted"),
    "convicted": ("Veroordeeld", "Convicted"),
    "acquitted": ("Vrijgesproken", "Acquitted"),
    "high": ("Hoog", "High"),
    "low": ("Laag", "Low"),
}

# Codes the engine writes into the case (facts and routing), shown with the facts.
FACT_VALUES: dict[str, Words] = {
    "doubt": ("Leeftijd in twijfel", "Age in doubt"),
    "indication": ("Aanwijzing mensenhandel", "Indication of trafficking"),
    "no_indication": ("Geen aanwijzing mensenhandel", "No indication of trafficking"),
    "permit": ("Vergunning verleend", "Permit granted"),
    "not_extended": ("Vergunning niet verlengd", "Permit not extended"),
    "continued": ("Voortgezet verblijf", "Continued residence"),
    "reflection_ended": ("Bedenktijd beëindigd", "Reflection period ended"),
    "b83": ("B8/3", "B8/3"),
    "b83_dublin": ("B8/3 (Dublin)", "B8/3 (Dublin)"),
    "b83_witness": ("B8/3 (getuige-aangever)", "B8/3 (witness-reporter)"),
    "referral_hub": ("Landelijk Verwijsloket Mensenhandel", "National Referral Desk for Human Trafficking"),
    "prosecution_started": ("Vervolging ingesteld", "Prosecution started"),
    "dismissal": ("Sepot", "Dismissal"),
    "acquittal": ("Vrijspraak", "Acquittal"),
}

DECISIONS: dict[str, Words] = {
    "identification_first_stage": ("Identificatie, eerste fase", "Identification, first stage"),
    "identification_reconsideration": ("Heroverweging eerste fase", "Reconsideration of the first stage"),
    "identification_final": ("Identificatie, eindbeslissing", "Identification, final decision"),
    "identification_second_review": ("Tweede beoordeling", "Second review"),
    "identification_final_reconsideration": ("Heroverweging eindbeslissing", "Reconsideration of the final decision"),
    "non_punishment_advice": ("Advies non-punishment", "Non-punishment advice"),
    "reflection_offer": ("Aanbod bedenktijd (politie/KMar)", "Offer of the reflection period (police/KMar)"),
    "residence_permit": ("Verblijfsvergunning", "Residence permit"),
    "residence_on_advice": ("Verblijf op advies van het panel", "Residence on the panel's advice"),
    "permit_extension": ("Verlenging verblijfsvergunning", "Permit extension"),
    "permit_withdrawal": ("Intrekking verblijfsvergunning", "Permit withdrawal"),
    "continued_residence": ("Voortgezet verblijf", "Continued residence"),
    "eu_shelter_exemption": ("Ontheffing opvang burger van de Unie", "Shelter exemption for an EU citizen"),
    "objection": ("Beslissing op bezwaar", "Decision on objection"),
    "objection_admissibility": ("Te laat bezwaar: verschoonbaarheid", "Late objection: excusability"),
    "reference_decision": ("Beslissing (referentiemodel)", "Decision (reference model)"),
}

EVENTS: dict[str, Words] = {
    "case_started": ("Zaak gestart", "Case started"),
    "case_completed": ("Zaak afgesloten", "Case closed"),
    "case_reopened": ("Zaak heropend voor bezwaar na sluiting", "Case reopened for an objection after closure"),
    "case_viewed": ("Dossier ingezien", "Case file viewed"),
    "task_completed": ("Taak afgerond", "Task completed"),
    "decision_taken": ("Beslissing genomen", "Decision taken"),
    "fact_recorded": ("Gegeven vastgelegd", "Fact recorded"),
    "message_received": ("Bericht ontvangen", "Message received"),
    "message_sent": ("Bericht verstuurd", "Message sent"),
    "letter_issued": ("Brief verstuurd", "Letter issued"),
    "letters_listed": ("Brieven ingezien", "Letters listed"),
    "letter_downloaded": ("Brief gedownload", "Letter downloaded"),
    "timer_fired": ("Termijn verstreken", "Deadline passed"),
    "timer_paused": ("Termijn stilgezet", "Deadline paused"),
    "timer_resumed": ("Termijn hervat", "Deadline resumed"),
    "timer_stuck": ("Termijn vastgelopen", "Deadline stuck"),
    "timer_failed": ("Termijn mislukt", "Deadline failed"),
    "timer_incident": ("Storing bij termijn", "Deadline incident"),
    "timer_retried": ("Termijn opnieuw geprobeerd", "Deadline retried"),
    "party_linked": ("Betrokkene gekoppeld", "Party linked"),
    "party_unlinked": ("Betrokkene ontkoppeld", "Party unlinked"),
    "overview_viewed": ("Overzicht ingezien", "Overview viewed"),
    "inbox_viewed": ("Inbox ingezien", "Inbox viewed"),
    "audit_exported": ("Auditlog geëxporteerd", "Audit log exported"),
    "simulation_requested": ("Simulatie gevraagd", "Simulation requested"),
    "simulation_done": ("Simulatie klaar", "Simulation finished"),
    "simulation_failed": ("Simulatie mislukt", "Simulation failed"),
    "case_migrated": ("Zaak naar nieuwe modelversie", "Case moved to a new model version"),
    "case_migration_refused": ("Modelversie niet gewijzigd", "Model version change refused"),
    "case_purged": ("Zaak verwijderd na bewaartermijn", "Case purged after its retention period"),
    "totp_enabled": ("Tweede inlogstap aangezet", "Second sign-in factor turned on"),
    "sessions_ended": ("Aanmeldingen beëindigd", "Sessions ended"),
    "token_issued": ("API-sleutel uitgegeven", "API token issued"),
    "token_revoked": ("API-sleutel ingetrokken", "API token revoked"),
    "session_ended": ("Aanmelding beëindigd", "Session ended"),
    "sessions_listed": ("Aanmeldingen ingezien", "Sessions listed"),
}

# Keys of an event's details as the timeline shows them; other keys are internal (hashes, ids).
EVENT_DETAILS: dict[str, Words] = {
    "title": ("Taak", "Task"),
    "process": ("Procedure", "Procedure"),
    "decision": ("Beslissing", "Decision"),
    "outcome": ("Uitkomst", "Outcome"),
    "timer": ("Termijn", "Deadline"),
    "due_at": ("Verloopt", "Due"),
    "message": ("Bericht", "Message"),
    "letter_type": ("Brief", "Letter"),
    "fact": ("Gegeven", "Fact"),
    "username": ("Gebruiker", "User"),
    "kind": ("Als", "As"),
    "variant": ("Variant", "Variant"),
    "page": ("Pagina", "Page"),
}

PROCESSES: dict[str, Words] = {
    "procedure": ("Procedure slachtoffer mensenhandel", "Procedure for victims of trafficking"),
    "referral": ("Verwijzing en intake", "Referral and intake"),
    "shelter_placement": ("Opvang en plaatsing (36 uur)", "Shelter and placement (36 hours)"),
    "eu_shelter": ("EU-burger: opvang en ontheffing", "EU citizen: shelter and exemption"),
    "minors": ("Kinderroute", "Minors' route"),
    "identification": ("Identificatie", "Identification"),
    "police_offer": ("Bedenktijd aanbieden door politie/KMar", "Reflection period offered by police/KMar"),
    "non_punishment": ("Beoordeling non-punishment", "Non-punishment assessment"),
    "residence": ("Bedenktijd en verblijf (B8/3)", "Reflection period and residence (B8/3)"),
    "objection": ("Bezwaar en beroep", "Objection and appeal"),
    "objection_residence": ("Bezwaar en beroep (IND-besluit)", "Objection and appeal (IND decision)"),
    "objection_reflection": ("Bezwaar tegen weigering bedenktijd", "Objection against the refusal of the reflection period"),
    "reference_case": ("Referentiezaak", "Reference case"),
    "reference_review": ("Tweede beoordeling (referentie)", "Second review (reference)"),
}

VARIANTS: dict[str, Words] = {"default": ("standaard", "default"), **simulation_words.VARIANTS}

STATUSES: dict[str, Words] = {
    "running": ("loopt", "running"),
    "completed": ("afgesloten", "closed"),
    "stopped": ("gestopt", "stopped"),
    "paused": ("gepauzeerd", "paused"),
    "pending": ("loopt", "running"),
    "fired": ("verstreken", "passed"),
    "cancelled": ("vervallen", "cancelled"),
}

ROLES: dict[str, Words] = {
    "coordinator": ("coördinator", "coordinator"),
    "panel": ("panel", "panel"),
    "local_panel": ("lokaal kinderpanel", "local child panel"),  # a lane of the UK-like variants, no access role
    "ind": ("IND", "IND"),
    "lawyer": ("advocaat", "lawyer"),
    "guardian": ("voogd", "guardian"),
    "police": ("politie", "police"),
    "prosecutor": ("officier van justitie", "public prosecutor"),
    "policy": ("beleid", "policy"),
    "admin": ("beheerder", "administrator"),
    "person": ("de persoon", "the person"),
    "system": ("systeem", "system"),
}

PARTY_KINDS: dict[str, Words] = {
    "panel": ("panellid", "panel member"),
    "lawyer": ("advocaat", "lawyer"),
    "guardian": ("voogd", "guardian"),
    "investigator": ("rechercheur / officier", "investigator / prosecutor"),
    "conflict": ("panellid met belang (uitgesloten)", "panel member with an interest (excluded)"),
}

MESSAGES: dict[str, Words] = {
    "report_filed": ("Aangifte gedaan", "Report filed"),
    "report_withdrawn": ("Aangifte ingetrokken", "Report withdrawn"),
    "threat_statement": ("Verklaring over dreiging", "Statement on a threat"),
    "threat_statement_requested": ("Verklaring over dreiging gevraagd", "Statement on a threat requested"),
    "cooperation_offered": ("Medewerking aangeboden", "Cooperation offered"),
    "cannot_cooperate": ("Medewerking onmogelijk", "Unable to cooperate"),
    "declined": ("Bedenktijd afgewezen", "Reflection period declined"),
    "leads_assessment": ("Beoordeling opsporingsindicaties", "Assessment of investigative leads"),
    "prosecution_started": ("Vervolging ingesteld", "Prosecution started"),
    "dismissal": ("Sepot", "Dismissal"),
    "acquittal": ("Vrijspraak", "Acquittal"),
    "conviction": ("Veroordeling", "Conviction"),
    "investigation_closed": ("Onderzoek afgesloten", "Investigation closed"),
    "prosecution_decision": ("Vervolgingsbeslissing OM", "Prosecution decision"),
    "asylum_applied": ("Asielaanvraag", "Asylum application"),
    "guardian_appointed": ("Voogd benoemd", "Guardian appointed"),
    "child_missing": ("Kind vermist", "Child missing"),
    "child_found": ("Kind teruggevonden", "Child found"),
    "information_received": ("Informatie ontvangen", "Information received"),
    "information_requested": ("Informatie gevraagd", "Information requested"),
    "objection_lodged": ("Bezwaar ingediend", "Objection lodged"),
    "reconsideration_requested": ("Heroverweging gevraagd", "Reconsideration requested"),
    "missing_child_alert": ("Melding vermist kind", "Missing child alert"),
    "issue_letter": ("Brief gevraagd", "Letter requested"),
}

# Figures of a policy simulation: their words live with the simulation (engine.simulation.words).
KPIS: dict[str, Words] = {key: words for key, (words, _unit) in simulation_words.KPIS.items()}
kpi_words = simulation_words.kpi_words

# The same figures' short names, under the bars of a chart.
KPI_SHORT: dict[str, Words] = {
    "reflection": ("Bedenktijd", "Reflection period"),
    "shelter": ("Opvang", "Shelter"),
    "permit": ("Vergunning", "Permit"),
    "identified": ("Erkend", "Identified"),
    "protected": ("Beschermd", "Protected"),
    "protected_non_reporters": ("Beschermd, geen aangifte", "Protected, no report"),
    "days_to_reflection": ("Tot bedenktijd", "To reflection"),
    "days_to_first_assessment": ("Tot eerste beoordeling", "To first assessment"),
    "days_to_final_decision": ("Tot eindbesluit", "To final decision"),
    "days_to_permit": ("Tot vergunning", "To permit"),
}

SIMULATION_STATUSES: dict[str, Words] = {
    "queued": ("wacht op de verwerker", "waiting for the worker"),
    "running": ("loopt", "running"),
    "done": ("klaar", "finished"),
    "failed": ("mislukt", "failed"),
}

# Fields that many forms share under labels of their own ("Besluit", "Redelijke gronden"): in the case
# data, where the last form's value stands, they get a neutral label.
SHARED_FIELDS: dict[str, Words] = {
    "outcome": ("Uitkomst", "Outcome"),
    "reasons": ("Motivering", "Reasons"),
    "name": ("Naam", "Name"),
    "case_reference": ("Kenmerk van de zaak", "Case reference"),
    "period": ("Periode", "Period"),
    "variant": ("Variant", "Variant"),
}

# The policy values a deadline is computed from (processes/policy.json), named where a derivation is
# explained on a page (forms.deadline_words).
POLICY_VALUES: dict[str, Words] = {
    "placement_decision": ("Plaatsingsbeslissing (36 uur)", "Placement decision (36 hours)"),
    "reflection_period": ("Bedenktijd", "Reflection period"),
    "reflection_period_dublin": ("Bedenktijd Dublinclaimant", "Reflection period for a Dublin claimant"),
    "eu_exemption_years": ("Jaren waarin een EU-burger ontheffing nodig heeft",
                           "Years in which an EU citizen needs an exemption"),
    "permit_decision": ("Beslistermijn verblijfsvergunning", "Decision term for the residence permit"),
    "dublin_report_term": ("Termijn voor aangifte door een Dublinclaimant", "Term for a Dublin claimant's report"),
    "dublin_leads_assessment": ("Beoordeling opsporingsindicaties (Dublin)", "Assessment of investigative leads (Dublin)"),
    "permit_validity": ("Geldigheid verblijfsvergunning", "Validity of the residence permit"),
    "continued_residence": ("Voortgezet verblijf", "Continued residence"),
    "continued_on_prosecution": ("Voortgezet verblijf bij vervolging", "Continued residence on prosecution"),
    "first_stage_decision": ("Beslistermijn eerste fase", "Decision term of the first stage"),
    "information_reply": ("Antwoordtermijn informatieverzoek", "Reply term for a request for information"),
    "recovery_minimum": ("Minimale herstelperiode", "Minimum recovery period"),
    "child_panel_information": ("Termijn voor de informatie aan het kinderpanel",
                                "Term for the information to the child panel"),
    "simulation_only": ("Alleen voor de beleidssimulatie (geen echte zaken)", "For the policy simulation only (no real cases)"),
    "child_decisions": ("Wie beslist over kinderen (centraal of lokaal kinderpanel)",
                        "Who decides on children (central body or local child panel)"),
    "reconsideration_term": ("Heroverwegingstermijn", "Reconsideration term"),
    "objection_term_vw": ("Bezwaartermijn (Vreemdelingenwet)", "Objection term (Aliens Act)"),
    "objection_term_awb": ("Bezwaartermijn (Awb)", "Objection term (General Administrative Law Act)"),
    "objection_decision": ("Beslistermijn bezwaar", "Decision term on objection"),
    "objection_decision_committee": ("Beslistermijn bezwaar met adviescommissie",
                                     "Decision term on objection with an advisory committee"),
    "appeal_term_vw": ("Beroepstermijn (Vreemdelingenwet)", "Appeal term (Aliens Act)"),
    "appeal_term_awb": ("Beroepstermijn (Awb)", "Appeal term (General Administrative Law Act)"),
    "departure_term": ("Vertrektermijn", "Departure term"),
    "age_of_majority": ("Meerderjarigheid", "Age of majority"),
    "late_objection_window": ("Termijn waarin een te laat bezwaar nog wordt ingenomen",
                              "Window in which a late objection is still taken in"),
    "objection_decision_extension": ("Verdaging beslistermijn bezwaar (ten hoogste)",
                                     "Extension of the decision term on objection (at most)"),
    "objection_postal_receipt": ("Ontvangsttermijn van een tijdig gepost bezwaar",
                                 "Receipt term of an objection posted in time"),
    "threat_statement_term": ("Termijn voor de verklaring over dreiging", "Term for the statement on threats"),
    "intended_decision_response": ("Reactietermijn op een voornemen", "Term to respond to an intended decision"),
    "intended_decision_before": ("Besluiten met eerst een voornemen", "Decisions preceded by a notice of intention"),
    "reflection_offer": ("Aanbod en weigering bedenktijd: wie, rechtsvorm en rechtsmiddel",
                         "Offer and refusal of the reflection period: by whom, legal nature and remedy"),
    "case_retention": ("Bewaartermijn van de zaak", "Retention period of the case"),
}


# A user task's title as the models name it (in Dutch), with its English: pages show the model's own
# title to Dutch readers and these words to English ones (tests/unit/test_vocabulary.py: every user task).
TASK_TITLES: dict[str, Words] = {
    "Leeftijdsonderzoek": ("Leeftijdsonderzoek", "Age assessment"),
    "Beroep volgen": ("Beroep volgen", "Follow the appeal"),
    "Beoordeling belang van het kind": ("Beoordeling belang van het kind", "Best-interests assessment of the child"),
    "Panel samenstellen": ("Panel samenstellen", "Compose the panel"),
    "Toestemming vastleggen": ("Toestemming vastleggen", "Record consent"),
    "Besluit voortgezet verblijf": ("Besluit voortgezet verblijf", "Decision on continued residence"),
    "Beslissen": ("Beslissen", "Decide"),
    "Besluit ontheffing": ("Besluit ontheffing", "Decision on the exemption"),
    "Ontheffing aanvragen": ("Ontheffing aanvragen", "Apply for an exemption"),
    "Verblijf op grond van Unierecht vastleggen": ("Verblijf op grond van Unierecht vastleggen", "Record residence under Union law"),
    "Verlenging vergunning": ("Verlenging vergunning", "Extension of the permit"),
    "Eindbeslissing identificatie": ("Eindbeslissing identificatie", "Final identification decision"),
    "Heroverweging eindbeslissing": ("Heroverweging eindbeslissing", "Reconsideration of the final decision"),
    "Escalatie: eerste beslissing te laat": ("Escalatie: eerste beslissing te laat", "Escalation: first decision late"),
    "Eerste beslissing (redelijke gronden)": ("Eerste beslissing (redelijke gronden)", "First decision (reasonable grounds)"),
    "Horen van de persoon": ("Horen van de persoon", "Hearing the person"),
    "Besluit IND op advies panel": ("Besluit IND op advies panel", "IND decision on the panel's advice"),
    "Intake": ("Intake", "Intake"),
    "Voornemen tot intrekking": ("Voornemen tot intrekking", "Intention to withdraw"),
    "Zienswijze vastleggen": ("Zienswijze vastleggen", "Record the person's view"),
    "Rappel beoordeling opsporingsindicaties": ("Rappel beoordeling opsporingsindicaties", "Reminder: assessment of investigative leads"),
    "Eindbeslissing kinderpanel": ("Eindbeslissing kinderpanel", "Final decision of the child panel"),
    "Eerste beslissing kinderpanel (redelijke gronden)": ("Eerste beslissing kinderpanel (redelijke gronden)", "First decision of the child panel (reasonable grounds)"),
    "Escalatie: geen plaats of tussenplaatsing": ("Escalatie: geen plaats of tussenplaatsing", "Escalation: no place or an interim placement"),
    "Non-punishment beoordelen": ("Non-punishment beoordelen", "Assess non-punishment"),
    "Non-punishment toetsen bij vervolgingsbeslissing": ("Non-punishment toetsen bij vervolgingsbeslissing", "Assess non-punishment at the prosecution decision"),
    "Afwijking van advies beoordelen": ("Afwijking van advies beoordelen", "Assess the departure from the advice"),
    "Beslissing op bezwaar": ("Beslissing op bezwaar", "Decision on the objection"),
    "Hoorzitting": ("Hoorzitting", "Hearing"),
    "Termijnoverschrijding beoordelen": ("Termijnoverschrijding beoordelen", "Assess the late objection"),
    "Escalatie: beslistermijn bezwaar": ("Escalatie: beslistermijn bezwaar", "Escalation: decision term on the objection"),
    "Besluit verblijfsvergunning": ("Besluit verblijfsvergunning", "Decision on the residence permit"),
    "Escalatie: besluit niet binnen 24 uur": ("Escalatie: besluit niet binnen 24 uur", "Escalation: no decision within 24 hours"),
    "Escalatie: opvang niet binnen 36 uur": ("Escalatie: opvang niet binnen 36 uur", "Escalation: no shelter within 36 hours"),
    "Escalatie: geen definitieve plaats binnen 36 uur": ("Escalatie: geen definitieve plaats binnen 36 uur", "Escalation: no final place within 36 hours"),
    "Definitieve plaatsing": ("Definitieve plaatsing", "Final placement"),
    "Besluit opvang langere termijn": ("Besluit opvang langere termijn", "Decision on longer-term shelter"),
    "Signalen beoordelen (geringste aanwijzing)": ("Signalen beoordelen (geringste aanwijzing)", "Assess the signals (slightest indication)"),
    "Informatie opvragen en horen voorbereiden": ("Informatie opvragen en horen voorbereiden", "Request information and prepare the hearing"),
    "Heroverweging eerste beslissing": ("Heroverweging eerste beslissing", "Reconsideration of the first decision"),
    "Signaal registreren": ("Signaal registreren", "Register the signal"),
    "Intake beoordelen": ("Intake beoordelen", "Review the intake"),
    "Veiligheidscheck": ("Veiligheidscheck", "Safety check"),
    "Verdaging niet meer mogelijk": ("Verdaging niet meer mogelijk", "Extension no longer possible"),
    "Tweede beoordeling (andere leden)": ("Tweede beoordeling (andere leden)", "Second review (other members)"),
    "Intrekking na sepot of vrijspraak": ("Intrekking na sepot of vrijspraak", "Withdrawal after dismissal or acquittal"),
}


# Where a procedure stands when it waits for something other than a user task or a timer: the names the
# models give their message and signal catch events (in Dutch), with their English. The case file's
# "Staat bij" shows them (tests/unit/test_vocabulary.py: every such event of the models).
WAITING_TITLES: dict[str, Words] = {
    "18 jaar geworden": ("18 jaar geworden", "Turned 18"),
    "Aangifte gedaan": ("Aangifte gedaan", "Report filed"),
    "Aangifte ingetrokken": ("Aangifte ingetrokken", "Report withdrawn"),
    "Aangifte ingetrokken vóór besluit": ("Aangifte ingetrokken vóór besluit", "Report withdrawn before the decision"),
    "Afgezien": ("Afgezien", "Declined"),
    "Andere medewerking": ("Andere medewerking", "Other cooperation"),
    "Asielaanvraag": ("Asielaanvraag", "Asylum application"),
    "Beoordeling politie/OM ontvangen": ("Beoordeling politie/OM ontvangen",
                                         "Assessment by the police or prosecution received"),
    "Beslissing OM ontvangen": ("Beslissing OM ontvangen", "Prosecution's decision received"),
    "Bezwaar ingediend": ("Bezwaar ingediend", "Objection lodged"),
    "Bezwaar na de termijn ontvangen": ("Bezwaar na de termijn ontvangen", "Objection received after the term"),
    "Bezwaartermijn loopt": ("Bezwaartermijn loopt", "Objection term running"),
    "Gebeurtenissen voor alle procedures": ("Gebeurtenissen voor alle procedures", "Events for every procedure"),
    "Heroverwegings- en bezwaartermijn lopen": ("Heroverwegings- en bezwaartermijn lopen",
                                                "Reconsideration and objection terms running"),
    "Heroverwegingstermijn loopt": ("Heroverwegingstermijn loopt", "Reconsideration term running"),
    "Identificatie afgerond": ("Identificatie afgerond", "Identification completed"),
    "Informatie ontvangen": ("Informatie ontvangen", "Information received"),
    "Kan niet meewerken (dreiging/medisch)": ("Kan niet meewerken (dreiging/medisch)",
                                              "Cannot cooperate (threats or health)"),
    "Keuze van het slachtoffer": ("Keuze van het slachtoffer", "The victim's choice"),
    "Kind teruggevonden": ("Kind teruggevonden", "Child found"),
    "Kind vermist": ("Kind vermist", "Child missing"),
    "Onderzoek afgesloten": ("Onderzoek afgesloten", "Investigation closed"),
    "Procedures afgerond": ("Procedures afgerond", "Procedures completed"),
    "Sepot": ("Sepot", "Case dismissed"),
    "Te laat bezwaar?": ("Te laat bezwaar?", "Late objection?"),
    "Verblijf terwijl panel beslist": ("Verblijf terwijl panel beslist", "Stay while the panel decides"),
    "Verblijfsspoor gewijzigd": ("Verblijfsspoor gewijzigd", "Residence track changed"),
    "Vergunning loopt": ("Vergunning loopt", "Permit running"),
    "Verklaring dreiging ontvangen": ("Verklaring dreiging ontvangen", "Statement on threats received"),
    "Veroordeling": ("Veroordeling", "Conviction"),
    "Vervolging ingesteld": ("Vervolging ingesteld", "Prosecution started"),
    "Verzoek om heroverweging": ("Verzoek om heroverweging", "Request for reconsideration"),
    "Verzoek om heroverweging eindbeslissing": ("Verzoek om heroverweging eindbeslissing",
                                                "Request for reconsideration of the final decision"),
    "Voogd benoemd": ("Voogd benoemd", "Guardian appointed"),
    "Vrijspraak": ("Vrijspraak", "Acquittal"),
    "Wachten op 18e verjaardag": ("Wachten op 18e verjaardag", "Waiting for the 18th birthday"),
    "Wachten op antwoord": ("Wachten op antwoord", "Waiting for an answer"),
    "Wachten op beoordeling opsporingsindicaties": ("Wachten op beoordeling opsporingsindicaties",
                                                    "Waiting for the assessment of the leads"),
    "Wachten op de partners": ("Wachten op de partners", "Waiting for the partners"),
    "Wachten op verklaring dreiging": ("Wachten op verklaring dreiging", "Waiting for the statement on threats"),
    "Wachten op verklaring dreiging (vóór besluit)": ("Wachten op verklaring dreiging (vóór besluit)",
                                                      "Waiting for the statement on threats (before the decision)"),
    "Wachten: aanwijzing": ("Wachten: aanwijzing", "Waiting: indication"),
    "Wachten: eerste beoordeling": ("Wachten: eerste beoordeling", "Waiting: first assessment"),
    "Wachten: status unierecht": ("Wachten: status unierecht", "Waiting: status under Union law"),
}


# A deadline's name as the models' timers name it (in Dutch), with its English (tests/unit/test_vocabulary.py:
# every timer of the models).
DEADLINE_TITLES: dict[str, Words] = {
    "18e verjaardag": ("18e verjaardag", "18th birthday"),
    "24 uur verstreken": ("24 uur verstreken", "24 hours passed"),
    "36 uur verstreken": ("36 uur verstreken", "36 hours passed"),
    "36 uur verstreken zonder definitieve plaats": ("36 uur verstreken zonder definitieve plaats", "36 hours passed without a final place"),
    "4 werkweken verstreken": ("4 werkweken verstreken", "4 working weeks passed"),
    "5 werkdagen verstreken": ("5 werkdagen verstreken", "5 working days passed"),
    "Antwoordtermijn verstreken": ("Antwoordtermijn verstreken", "Reply term ended"),
    "Bedenktijd verstreken": ("Bedenktijd verstreken", "Reflection period ended"),
    "Beslistermijn (3 maanden) verstreken": ("Beslistermijn (3 maanden) verstreken", "Decision term (3 months) ended"),
    "Beslistermijn bezwaar verstreken": ("Beslistermijn bezwaar verstreken", "Decision term on the objection ended"),
    "Bezwaartermijn verstreken": ("Bezwaartermijn verstreken", "Objection term ended"),
    "Geen bezwaar meer": ("Geen bezwaar meer", "No more objection possible"),
    "Heroverwegingstermijn verstreken": ("Heroverwegingstermijn verstreken", "Reconsideration term ended"),
    "Minimale herstelperiode verstreken": ("Minimale herstelperiode verstreken", "Minimum recovery period ended"),
    "Reactietermijn voornemen verstreken": ("Reactietermijn voornemen verstreken", "Term to respond to the intended decision ended"),
    "Vergunning verlopen tijdens reactietermijn": ("Vergunning verlopen tijdens reactietermijn", "Permit expired during the term to respond"),
    "Vergunning verlopen vóór voornemen": ("Vergunning verlopen vóór voornemen", "Permit expired before the notice of intended decision"),
    "Termijn verklaring dreiging verstreken": ("Termijn verklaring dreiging verstreken", "Term for the statement on threats ended"),
    "Termijn verklaring dreiging verstreken of vergunning verlopen": ("Termijn verklaring dreiging verstreken of vergunning verlopen", "Term for the statement on threats ended, or the permit expired"),
    "Termijn verklaring dreiging verstreken (vóór besluit)": ("Termijn verklaring dreiging verstreken (vóór besluit)", "Term for the statement on threats ended (before the decision)"),
    "Termijn voor het kinderpanel verstreken": ("Termijn voor het kinderpanel verstreken", "Term for the child panel ended"),
    "Vergunning verloopt of 3 jaar bereikt": ("Vergunning verloopt of 3 jaar bereikt", "Permit expires or 3 years reached"),
}


KINDS: dict[str, Mapping[str, Words]] = {
    "option": {**OPTIONS, **FACT_VALUES},
    "decision": DECISIONS,
    "event": EVENTS,
    "event_detail": EVENT_DETAILS,
    "process": PROCESSES,
    "variant": VARIANTS,
    "status": STATUSES,
    "role": ROLES,
    "party": PARTY_KINDS,
    "message": MESSAGES,
    "kpi": KPIS,
    "kpi_short": KPI_SHORT,
    "simulation_status": SIMULATION_STATUSES,
    "policy": POLICY_VALUES,
    "task_title": TASK_TITLES,
    "deadline_title": DEADLINE_TITLES,
    "waiting_title": WAITING_TITLES,
    "node_title": NODE_TITLES,
    "flow_title": FLOW_TITLES,
    # a step of a model: where a procedure stands (a user task, a timer or an event it waits for) and every
    # other named step a diagram draws
    "step_title": {**TASK_TITLES, **DEADLINE_TITLES, **WAITING_TITLES, **NODE_TITLES},
}


def _field_words(field: mf.Field) -> Words | None:
    text = field.metadata.get("label")
    return (text["nl"], text["en"]) if isinstance(text, Mapping) else None


def schema_fields(schema: Schema) -> Iterator[tuple[str, mf.Field]]:
    """Every field of a schema and of the schemas nested in it (a list of rows, a nested object)."""
    for name, field in schema.fields.items():
        yield field.data_key or name, field
        inner = field.inner if isinstance(field, mf.List) else field
        if isinstance(inner, mf.Nested):
            yield from schema_fields(inner.schema)


@lru_cache(maxsize=1)
def field_labels() -> dict[str, Words]:
    """Field name -> its label, from every form schema (the first form that names a field wins) and,
    for the case facts, from the fact catalogue."""
    from forms.catalogue import all_forms

    registry = all_forms()
    out: dict[str, Words] = dict(SHARED_FIELDS)
    for key in registry.keys():
        for name, field in schema_fields(registry.schema(key)):
            words = _field_words(field)
            if words and name not in out:
                out[name] = words
    for fact in FACTS.values():
        out.setdefault(fact.name, (fact.label_nl, fact.label_en))
    return out


def words(kind: str, code: object, lang: str = "nl") -> str | None:
    """The label of `code` in `lang` ("nl" or "en"), or None when the vocabulary has none."""
    table: Mapping[str, Words] = field_labels() if kind == "field" else KINDS.get(kind, {})
    found = table.get(str(code))
    if found is None:
        return None
    return found[1] if lang == "en" else found[0]
