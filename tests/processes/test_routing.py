"""Scenarios of the routing table (routing.dmn) and the facts it reads: a third-country family member of an EU
citizen derives rights from Union law and is not sent to B8/3 by default; Union rights and the 5-year test rest on
the recorded basis and start of lawful residence, not on presence or one checkbox; the table is evaluated again
when the Union-law status it reads is recorded; a witness-reporter who is not a victim has a status and track of
his own, without a reflection period (Vc 2000 B8/3; Directive 2004/38/EC, verify)."""
from __future__ import annotations

import datetime as dt

import pytest

from engine.errors import ValidationFailed
from processes.tools.model_routing import ANY, BASE_ROWS, UNION_NOT_HELD, UNION_UNKNOWN_OR_HELD
from tests.processes import steps
from tests.processes.scenario import Scenario


def _eu_route(cases, clock, status: str, variant: str = "nl-current") -> Scenario:  # type: ignore[no-untyped-def]
    s = Scenario(cases, clock, variant)
    steps.intake(s, residence_status=status, person_alias="Lena K.", exploitation_form="labour")
    return s


def test_third_country_family_member_of_an_eu_citizen_takes_the_union_law_route_not_b83(cases, clock) -> None:
    s = _eu_route(cases, clock, "eu_family")
    assert s.case.data["residence_track"] == "eu", "derived Union rights come first; B8/3 is not the default"
    assert "eu_status" in s.ready()
    s.do("eu_status", {"union_basis": "family_member", "lawful_residence_since": "2023-06-01"})
    s.do("police_assessment", {"indication": True, "offered_by": "police", "offered_on": "2026-01-05"})
    case = s.case
    assert case.data["union_rights"] is True and case.data["eu_exemption_needed"] is True
    assert "eu_exemption_request" in s.ready()
    assert "reflection_granted" not in s.letters(), "no B8/3 reflection period while Union rights are derived"


def test_family_member_without_derived_union_rights_is_routed_again_to_b83(cases, clock) -> None:
    """The routing table reads the Union-law status: once it is recorded as absent, the table decides again
    and the B8/3 track starts with the police's indication."""
    s = _eu_route(cases, clock, "eu_family")
    s.do("eu_status", {"union_basis": "none"})
    case = s.case
    assert case.data["residence_track"] == "b83"
    changes = [(e["details"]["version"], e["details"]["by"]) for e in s.events()
               if e["kind"] == "fact_recorded" and e["details"]["fact"] == "residence_track"]
    assert changes == [(1, "record_route"), (2, "eu_status_record")], "intake's track, then the track routed again"
    s.do("police_assessment", {"indication": True, "offered_by": "police", "offered_on": "2026-01-05"})
    assert s.timer_due("Bedenktijd verstreken") == dt.date(2026, 4, 5)
    assert s.letters() == ["referral_acknowledgement", "reflection_granted"]


def test_five_years_count_from_lawful_residence_not_from_presence(cases, clock) -> None:
    """Present since 2018 but a worker only since 1 February 2023: the 5 years of lawful residence
    (art. 16 Directive 2004/38/EC) end on 1 February 2028, so on 5 January 2026 the exemption is needed."""
    s = _eu_route(cases, clock, "eu")
    s.do("eu_status", {"union_basis": "worker", "lawful_residence_since": "2023-02-01"})
    assert s.case.data["eu_exemption_needed"] is True
    assert "eu_exemption_request" in s.ready()


def test_five_years_of_lawful_residence_give_union_rights_without_a_present_basis(cases, clock) -> None:
    """Permanent residence after 5 years of lawful residence does not depend on a present basis: no B8/3,
    no exemption."""
    s = _eu_route(cases, clock, "eu")
    s.do("eu_status", {"union_basis": "none", "lawful_residence_since": "2020-09-01"})
    case = s.case
    assert case.data["union_rights"] is True and case.data["residence_track"] == "eu"
    assert case.data["eu_exemption_needed"] is False
    assert "eu_exemption_request" not in s.ready()


def test_an_eu_citizen_without_a_basis_and_under_five_years_has_no_union_rights(cases, clock) -> None:
    s = _eu_route(cases, clock, "eu")
    s.do("eu_status", {"union_basis": "none", "lawful_residence_since": "2024-01-10"})
    assert s.case.data["union_rights"] is False and s.case.data["residence_track"] == "b83"


def test_the_union_status_form_refuses_an_unknown_basis_and_a_future_start(cases, clock) -> None:
    s = _eu_route(cases, clock, "eu")
    with pytest.raises(ValidationFailed) as caught:
        s.do("eu_status", {"union_basis": "tourist"})
    assert list(caught.value.errors) == ["union_basis"]
    with pytest.raises(ValidationFailed) as caught:
        s.do("eu_status", {"union_basis": "worker", "lawful_residence_since": "2099-01-01"})
    assert list(caught.value.errors) == ["lawful_residence_since"]
    assert s.case.data["residence_track"] == "eu", "bad input changes nothing"


def test_a_witness_reporter_gets_the_permit_decision_at_once_without_a_reflection_period(cases, clock) -> None:
    s = Scenario(cases, clock, "nl-current")
    steps.intake(s, residence_status="witness_reporter", person_alias="Omar T.")
    case = s.case
    assert case.data["residence_track"] == "b83_witness"
    assert "permit_decision" in s.ready(), "no indication or reflection period needed before the decision"
    assert "reflection_granted" not in s.letters()
    steps.permit(s)
    assert s.letter_payloads("residence_granted")[0]["basis"] == "witness"
    assert s.letters() == ["referral_acknowledgement", "residence_granted"]
    assert s.decisions() == [("residence_permit", "granted")]


def _matches(entry: str, value: object) -> bool:
    if entry == ANY:
        return True
    if entry == UNION_UNKNOWN_OR_HELD:
        return value is not False
    if entry == UNION_NOT_HELD:
        return value is False
    return entry.strip('"') == value


@pytest.mark.parametrize("adult", ["True", "False"])
@pytest.mark.parametrize("status", ["dutch", "eu", "eu_family", "tcn_lawful", "tcn_unlawful", "witness_reporter",
                                    "dublin", "asylum"])
@pytest.mark.parametrize("union", [None, True, False])
def test_every_status_and_union_law_state_meets_exactly_one_row(adult: str, status: str, union: object) -> None:
    hits = [row for row in BASE_ROWS
            if row[0] == adult and _matches(row[1], status) and _matches(row[2], union)]
    assert len(hits) == 1, hits
    track = hits[0][4]
    if status in ("eu", "eu_family"):
        assert track == ("b83" if union is False else "eu")
