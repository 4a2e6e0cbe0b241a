"""Who a letter is about, who it is addressed to, who gets a copy, and whose inbox it lands in.

Read from the case data: `person` (or `person_name` / `person_alias`), `lawyer`, `guardian` (see the
catalogue's docstring). A minor's letters always go to the guardian as well: when the case does not
name the guardian yet, the copy is addressed to "de voogd" of the guardianship body if known.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from engine.letter_issuing import PER_PERSON_ROLES, Recipient
from letters.authorities import Authority
from letters.catalogue import DecisionType
from letters.citations import CITATIONS
from letters.payload import MissingField


@dataclass(frozen=True)
class Party:
    role: str  # person | parents | lawyer | guardian | prosecutor | ind
    name: str
    organisation: str = ""
    address: tuple[str, ...] = ()
    user: str | None = None
    language: str | None = None
    v_number: str = ""
    capacity: str = ""  # printed after the name among the copies, e.g. "gezinsvoogd"


def _lines(value: Any) -> tuple[str, ...]:
    if not value:
        return ()
    if isinstance(value, str):
        return tuple(line.strip() for line in value.replace(",", "\n").split("\n") if line.strip())
    if isinstance(value, Mapping):
        street = " ".join(str(value[k]) for k in ("street", "number") if value.get(k))
        town = " ".join(str(value[k]) for k in ("postcode", "city") if value.get(k))
        return tuple(x for x in (street, town, str(value.get("country") or "")) if x)
    return tuple(str(v) for v in value if v)


def _party(role: str, data: Any) -> Party | None:
    if not isinstance(data, Mapping) or not data.get("name"):
        return None
    return Party(
        role=role,
        name=str(data["name"]),
        organisation=str(data.get("organisation") or ""),
        address=_lines(data.get("address")),
        user=str(data["username"]) if data.get("username") else None,
        language=str(data["language"]) if data.get("language") else None,
        v_number=str(data.get("v_number") or ""),
    )


def person_of(case_data: Mapping[str, Any]) -> Party:
    """The person the letter is about, under her legal name (issue 9 item 8): the case's ``person``
    mapping, else the identity recorded at intake (``legal_name``, ``v_number``, ``letter_language``,
    ``delivery``). An alias is never a name on a decision: without a legal name the letter is refused,
    naming the field."""
    party = _party("person", case_data.get("person"))
    if party is not None:
        return party
    name = case_data.get("legal_name") or case_data.get("person_name")
    if not name:
        raise MissingField(
            "case.legal_name",
            "de wettelijke naam van de betrokkene ontbreekt; een brief gaat nooit op een roepnaam",
            "the person's legal name is not recorded; a letter never goes to an alias",
        )
    return Party(
        role="person",
        name=str(name),
        address=delivery_address(case_data),
        language=str(case_data["letter_language"]) if case_data.get("letter_language") else None,
        v_number=str(case_data.get("v_number") or ""),
    )


# What the letter prints where the address goes when the person receives it through the coordinator:
# the shelter's address is confidential and never printed.
VIA_COORDINATOR = ("Uitreiking via de zorgcoördinator",)


def delivery_address(case_data: Mapping[str, Any]) -> tuple[str, ...]:
    """The address lines under the person's name: care of her lawyer, her own postal address, or
    nothing but the note that the coordinator hands the letter over (a shelter's address never)."""
    delivery = case_data.get("delivery")
    if delivery == "care_of_lawyer":
        lawyer = lawyer_of(case_data)
        if lawyer is None:
            raise MissingField(
                "case.lawyer",
                "bezorging per adres van de advocaat, maar er is geen advocaat vastgelegd",
                "delivery care of the lawyer, but no lawyer is recorded",
            )
        return (f"p/a {lawyer.name}", *((lawyer.organisation,) if lawyer.organisation else ()), *lawyer.address)
    if delivery == "postal_address":
        return _lines(case_data.get("postal_address"))
    if delivery == "via_coordinator":
        return VIA_COORDINATOR
    return ()


def guardian_of(case_data: Mapping[str, Any], required: bool = False) -> Party | None:
    data = case_data.get("guardian")
    party = _party("guardian", data)
    if party is not None:
        return party
    body = (data.get("body") if isinstance(data, Mapping) else None) or case_data.get("guardian_body")
    if body or required:
        return Party(
            role="guardian",
            name="De voogd van het kind",
            organisation=str(body or ""),
            address=_lines(data.get("address")) if isinstance(data, Mapping) else (),
        )
    return None


def lawyer_of(case_data: Mapping[str, Any]) -> Party | None:
    """The lawyer: the case's ``lawyer`` mapping, or the one recorded at intake."""
    party = _party("lawyer", case_data.get("lawyer"))
    if party is not None or not case_data.get("lawyer_name"):
        return party
    return Party(
        role="lawyer",
        name=str(case_data["lawyer_name"]),
        organisation=str(case_data.get("lawyer_office") or ""),
        address=_lines(case_data.get("lawyer_address")),
    )


def has_parents(case_data: Mapping[str, Any]) -> bool:
    """A child whose parents hold parental authority and who is not unaccompanied: the parents represent
    her, no guardian is appointed (art. 1:245 BW)."""
    return bool(case_data.get("parents")) and not case_data.get("unaccompanied")


def family_guardian_of(case_data: Mapping[str, Any]) -> Party | None:
    """The family guardian under a supervision order (OTS, art. 1:255 BW): beside the parents, never
    instead of them, so a copy."""
    name = case_data.get("family_guardian")
    return Party(role="guardian", name=str(name), capacity="gezinsvoogd") if name else None


def representative_of(case_data: Mapping[str, Any], person: Party) -> Party:
    """Who a minor's letters are addressed to (issue 9 item 9): the guardian (Nidos for an unaccompanied
    child, or the appointed guardian), or the parents with authority of a child who lives with them. A
    child presumed a minor whose guardian is not appointed yet: the guardianship body."""
    guardian = _party("guardian", case_data.get("guardian"))
    if guardian is not None:
        return guardian
    if has_parents(case_data):
        return Party(role="parents", name=str(case_data["parents"]), address=person.address,
                     language=person.language)
    found = guardian_of(case_data, required=True)
    assert found is not None
    return found


def addressee_of(
    kind: DecisionType,
    case_data: Mapping[str, Any],
    person: Party,
    authorities: Mapping[str, Authority],
    minor: bool = False,
) -> Party:
    if kind.addressee == "guardian":
        guardian = guardian_of(case_data, required=True)
        assert guardian is not None
        return guardian
    if kind.addressee == "prosecutor":
        office = authorities["prosecutor"]
        return Party(
            role="prosecutor",
            name="De officier van justitie",
            organisation=f"{office.name}, {office.unit}",
            address=office.address,
        )
    if minor:
        return representative_of(case_data, person)
    return person


def copies_of(
    kind: DecisionType, case_data: Mapping[str, Any], minor: bool, addressee: Party, authority: Authority
) -> tuple[Party, ...]:
    """The copies listed under the signature ("afschrift aan"): the lawyer; for a minor the guardian (when
    not the addressee) and the family guardian under a supervision order; never a guardian once the
    person is an adult (issue 9 item 10)."""
    copies: list[Party] = []
    guardian: Party | None = None
    if minor and has_parents(case_data):
        guardian = family_guardian_of(case_data)
    elif minor or kind.addressee == "guardian":
        guardian = guardian_of(case_data, required=minor)
    for party in (lawyer_of(case_data), guardian):
        if party is not None and party.role != addressee.role and party.role in _roles(kind):
            copies.append(party)
    if "ind" in kind.recipients and authority.key != "ind" and residence_at_stake(case_data):
        copies.append(Party(role="ind", name="Immigratie- en Naturalisatiedienst"))
    return tuple(copies)


# Residence tracks (routing) in which the person's stay depends on the decisions of the case.
_RESIDENCE_AT_STAKE = frozenset({"b83", "b83_dublin", "b83_witness", "asylum"})


def residence_at_stake(case_data: Mapping[str, Any]) -> bool:
    """Whether the IND needs the decision because the person's residence depends on it: a third-country
    national in the B8/3 or asylum track (an EU citizen without rights under Union law is routed to B8/3).
    Not a Dutch national, nor a Union citizen with rights under Union law (brief 1.1, [V:S1]); nor a case
    whose residence facts are not recorded yet: a disclosure needs a reason (issue 9 item 11)."""
    if case_data.get("union_rights") is True:
        return False
    return str(case_data.get("residence_track") or "") in _RESIDENCE_AT_STAKE


# The legal basis of each disclosure of a letter to a body or person other than the addressee and the
# deciding authority (keys of letters.citations; the IND's and the coordinator's unverified there).
DISCLOSURE_BASIS: Mapping[str, str] = {
    "lawyer": "awb_2_1",
    "guardian": "bw_245_302",
    "ind": "avg_6_1_e",
    "coordinator": "avg_6_1_e",
    "panel": "avg_6_1_e",
    "prosecutor": "om_aanwijzing",
}
_OWN_ROLE = {"ind": "ind", "panel": "panel", "referral_hub": "coordinator", "police": "police", "kmar": "police"}


def disclosures_of(recipients: tuple[Recipient, ...], authority_key: str) -> tuple[dict[str, Any], ...]:
    """Every recipient other than the person and the deciding authority's own role, with the basis on
    which it receives the letter; a recipient without a known basis is a configuration error."""
    out: list[dict[str, Any]] = []
    for role in sorted({r.role for r in recipients} - {"person", _OWN_ROLE.get(authority_key, authority_key)}):
        citation = CITATIONS[DISCLOSURE_BASIS[role]]
        out.append({"to": role, "basis": citation.text, "source": citation.source, "verified": citation.verified})
    return tuple(out)


def _roles(kind: DecisionType) -> frozenset[str]:
    return kind.recipients | {kind.addressee}


def recipients_of(
    kind: DecisionType, addressee: Party, copies: tuple[Party, ...], person: Party
) -> tuple[Recipient, ...]:
    """Inbox deliveries: the roles of the catalogue. A per-person role (lawyer, guardian) names the user
    when the case data does; otherwise only the user linked to the case in that role may read it."""
    out: list[Recipient] = []
    named = {p.role: p for p in (*copies, addressee, person)}
    for role in sorted(_roles(kind)):
        if role in PER_PERSON_ROLES:
            party = named.get(role)
            if party is None and role != "lawyer":  # a lawyer may be linked later; a guardian only for minors
                continue
            if role == "person" and not (party and party.user):
                continue
            out.append(
                Recipient(role, party.user if party else None, "addressee" if party is addressee else "copy")
            )
        elif role == "ind" and kind.authority != "ind" and not any(p.role == "ind" for p in copies):
            continue  # the IND gets another body's decision only where residence depends on it
        else:
            out.append(Recipient(role, None, "addressee" if addressee.role == role else "inbox"))
    if person.user and kind.addressee == "person" and not any(r.role == "person" for r in out):
        out.append(Recipient("person", person.user, "addressee"))
    return tuple(out)
