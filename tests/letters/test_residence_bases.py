"""A residence letter cites the article for what it decides and names the ground of the permit: refusal
on the grant articles, non-extension on art. 18 Vw 2000, withdrawal on art. 19 Vw 2000, refusal of
continued residence on art. 3.51 Vb (the last three unverified in letters.citations), and a permit on
ground (d) of art. 3.48 lid 1 Vb never says that the person reported the crime."""

from __future__ import annotations

import datetime as dt

import pytest

from engine.letter_issuing import LetterRequest
from letters.citations import CITATIONS
from letters.render import render_letter
from tests.letters.conftest import case_data, pdf_text

SENT = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.timezone.utc)
REASONS = "De voorwaarden zijn niet langer vervuld."


def _text(letter_type: str, **payload: object) -> str:
    request = LetterRequest(1, "ERK-2026-000002", case_data(), {"letter_type": letter_type,
                                                               "decided_on": "2026-01-02", **payload}, SENT)
    return pdf_text(render_letter(request).pdf)


def _basis(text: str) -> str:
    return text.split("Wettelijke grondslag")[1].split("Bezwaar maken")[0]


@pytest.mark.parametrize(("payload", "cited", "not_cited", "dictum"), [
    ({"refusal": "permit"}, ["vw_14_16", "vb_348"], ["vw_18", "vw_19", "vb_351"],
     "Wij weigeren u een verblijfsvergunning te verlenen."),
    ({"withdrawn": True, "refusal": "extension"}, ["vw_18"], ["vw_19", "vb_351", "vw_14_16"],
     "Wij weigeren uw verblijfsvergunning te verlengen."),
    ({"withdrawn": True}, ["vw_19"], ["vb_348", "vw_14_16", "vb_351"],
     "Wij trekken uw verblijfsvergunning in met ingang van"),
    ({"refusal": "continued"}, ["vb_351", "vc_b83_continued"], ["vb_348", "vw_19"],
     "Wij weigeren u een verblijfsvergunning op niet-tijdelijke humanitaire gronden (voortgezet verblijf)"),
])
def test_a_negative_residence_decision_cites_the_article_for_what_it_decides(
        payload: dict, cited: list[str], not_cited: list[str], dictum: str) -> None:
    text = _text("residence_refused", reasons=REASONS, **payload)
    basis = _basis(text)
    assert dictum in text
    for key in cited:
        assert CITATIONS[key].text in basis, key
    for key in not_cited:
        assert CITATIONS[key].text not in basis, key


def test_the_withdrawal_and_extension_articles_are_flagged_unverified() -> None:
    for key in ("vw_18", "vw_19", "vb_351", "vc_b83_continued", "vb_348_b", "vb_348_c", "vw_61_62"):
        assert CITATIONS[key].verified is False, key


@pytest.mark.parametrize(("basis", "says", "never"), [
    ("cannot_cooperate", "onder d, Vreemdelingenbesluit 2000", "aangifte gedaan"),
    ("d", "ernstige bedreiging", "aangifte gedaan"),
    ("cooperation", "onder b, Vreemdelingenbesluit 2000", "aangifte gedaan"),
    ("criminal_case", "u heeft aangifte gedaan van mensenhandel", "onder d"),
    ("c", "getuige-aangever", "onder d"),
])
def test_the_permit_letter_names_the_ground_of_art_3_48_it_rests_on(basis: str, says: str, never: str) -> None:
    text = _text("residence_granted", valid_until="2027-01-01", basis=basis)
    assert says in text and never not in text
    if "_" in basis:
        assert basis not in text  # no raw code of the model in the letter


def test_an_extension_of_a_ground_d_permit_does_not_say_the_person_reported() -> None:
    text = _text("residence_granted", valid_until="2027-01-01", basis="cannot_cooperate", extension=True)
    assert "Wij verlengen uw verblijfsvergunning" in text and "aangifte gedaan" not in text


def test_a_witness_reporters_permit_does_not_call_him_a_victim() -> None:
    """A witness-reporter is not a victim (art. 3.48 lid 1 sub c Vb, unverified): the permit letter says
    getuige-aangever and cites ground (c)."""
    text = _text("residence_granted", valid_until="2027-01-01", basis="witness")
    assert "als getuige-aangever van mensenhandel" in text and "als slachtoffer van mensenhandel" not in text
    assert "onder c, Vreemdelingenbesluit 2000" in text


def test_a_permit_kept_on_ground_d_after_a_report_withdrawn_under_threat_says_the_ground_changed() -> None:
    text = _text("residence_granted", valid_until="2027-01-07", basis="cannot_cooperate", ground_changed=True)
    assert "blijft geldig tot en met 7 januari 2027, voortaan op een andere grond" in text
    assert "onder d, Vreemdelingenbesluit 2000" in text and "aangifte gedaan" not in text
    assert "Wij verlengen" not in text and "U krijgt een verblijfsvergunning" not in text


@pytest.mark.parametrize(("letter_type", "payload", "cited", "not_cited", "title"), [
    ("residence_extension_refused", {"valid_until": "2026-01-01"}, ["vw_18", "vc_b83"],
     ["vw_19", "vw_14_16", "vb_351"], "Besluit verlenging verblijfsvergunning: geweigerd"),
    ("continued_residence_refused", {"ground": "three_years"}, ["vb_351", "vc_b83_continued", "vw_14_16"],
     ["vb_348", "vw_18", "vw_19"], "Besluit voortgezet verblijf: geweigerd"),
])
def test_refusing_an_extension_or_continued_residence_is_a_letter_type_of_its_own(
        letter_type: str, payload: dict, cited: list[str], not_cited: list[str], title: str) -> None:
    """Issue 9 item 15: their own types and titles, with the bases residence_refused gave them as variants."""
    text = _text(letter_type, reasons=REASONS, **payload)
    basis = _basis(text)
    assert title in text and "Besluit verblijfsvergunning: geweigerd" not in text
    for key in cited:
        assert CITATIONS[key].text in basis, key
    for key in not_cited:
        assert CITATIONS[key].text not in basis, key
    assert "Geachte Mira Kovač" in text
    assert "binnen vier weken" in text and "De laatste dag om bezwaar te maken is maandag 2 februari 2026" in text
