"""The one catalogue of legal citations a letter may show: each with the text as printed (Dutch, and the
English of the translation where it differs), where it was read or what it rests on, and whether it was
verified against a source.

Every citation in a letter comes from here: the decision types' legal bases, the remedies, the wording of
coded values, the text of the templates, the basis of each disclosure and the panel's basis that a variant
assumes (policy value ``panel_legal_basis``, whose text must be held here). A test renders every letter
type and fails on a citation this catalogue does not hold.

``verified`` is True only where the domain brief marks the provision as read in a stored public source
(its tags [V:Sx]); background knowledge ([K]) and choices of a variant stay unverified until a lawyer
checks them against wetten.overheid.nl or EUR-Lex.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping


@dataclass(frozen=True)
class Citation:
    key: str
    text: str  # as printed in the Dutch letter
    source: str  # where it was read, or what it rests on
    verified: bool
    text_en: str = ""  # as printed in the English translation, where it differs
    assumed: bool = False  # a basis a variant assumes, not one that the law gives (yet)


_UNREAD = "achtergrondkennis, niet opnieuw gelezen (brief [K])"


def _c(key: str, text: str, source: str, verified: bool = False, en: str = "", assumed: bool = False) -> Citation:
    return Citation(key, text, source, verified, en, assumed)


_CITATIONS = [
    # Aliens Act: reflection period, permit, its end, and the duty to leave
    _c("vw_8k", "art. 8, aanhef en onder k, Vreemdelingenwet 2000", "brief S1, S7", True),
    _c("vw_8k_short", "art. 8, onder k, Vreemdelingenwet 2000", "brief S1, S7", True),
    _c("vw_8f_short", "art. 8, onder f, Vreemdelingenwet 2000",
       "rechtmatig verblijf zolang op een asielaanvraag niet is beslist; dat de bedenktijd dan eindigt is een "
       "inferentie (brief: 'trafficking is weighed there [inference, verify]'); " + _UNREAD,
       en="art. 8(f) Aliens Act 2000"),
    _c("vc_b83_1", "paragraaf B8/3.1 Vreemdelingencirculaire 2000", "brief S1 (WBV 2023/11)", True),
    _c("vc_b83", "paragraaf B8/3 Vreemdelingencirculaire 2000", "brief S1, S7", True),
    _c("vc_b83_continued", "paragraaf B8/3.2 Vreemdelingencirculaire 2000 (voortgezet verblijf)",
       "policy continued_residence; brief §9 punt 1: of voortgezet verblijf in B8/3 of B9 staat, is niet geverifieerd"),
    # the offer and the refusal of the reflection period by police/KMar (issue 9 item 6)
    _c("vw_72_3", "art. 72, derde lid, Vreemdelingenwet 2000",
       "issue 9 punt 6 (verify): een andere handeling van een bestuursorgaan die ten aanzien van een vreemdeling "
       "als zodanig rechtsgevolg heeft, wordt voor bezwaar en beroep gelijkgesteld met een beschikking; dat het "
       "aanbieden en het weigeren van bedenktijd door politie/KMar zo'n handeling is, is niet geverifieerd; " + _UNREAD,
       en="art. 72(3) Aliens Act 2000"),
    _c("reflection_offer_hub_assumed",
       "aanbod bedenktijd door het Landelijk Verwijsloket Mensenhandel namens de Minister van Asiel en Migratie "
       "(aangenomen)",
       "Variant nl-decoupled (policy reflection_offer): de registratie geldt als eerste aanwijzing en het "
       "verwijsloket biedt de bedenktijd aan; dat de minister die bevoegdheid zo kan beleggen (mandaat) is een "
       "aanname van de variant, niet geldend recht",
       en="offer of the reflection period by the National Referral Desk for Human Trafficking on behalf of the "
          "Minister for Asylum and Migration (assumed)",
       assumed=True),
    _c("vw_14", "art. 14 Vreemdelingenwet 2000", _UNREAD),
    _c("vw_14_16", "art. 14 en 16 Vreemdelingenwet 2000", _UNREAD),
    _c("vw_18", "art. 18, eerste lid, Vreemdelingenwet 2000 (weigering verlenging)",
       "issue 9 punt 3 (verify): verlenging rust op de verlengingsgronden, niet op de verleningsgrond; " + _UNREAD),
    _c("vw_8g", "art. 8, onder g, Vreemdelingenwet 2000",
       "issue 9 punt 16 (verify): rechtmatig verblijf zolang op een aanvraag tot verlenging van de "
       "verblijfsvergunning, tijdig ingediend, niet is beslist; " + _UNREAD,
       en="art. 8(g) Aliens Act 2000"),
    _c("vw_19", "art. 19 juncto art. 18 Vreemdelingenwet 2000 (intrekking)",
       "issue 9 punt 3 (verify): intrekking rust op de intrekkingsgrond; " + _UNREAD),
    _c("vb_348", "art. 3.48, eerste lid, Vreemdelingenbesluit 2000", "brief S7 (Wegwijzer; onderdelen verschillen per bron)", True),
    _c("vb_348_a", "art. 3.48, eerste lid, onder a, Vreemdelingenbesluit 2000", "brief S7 (sub a: slachtoffer dat aangifte doet)", True),
    _c("vb_348_b", "art. 3.48, eerste lid, onder b, Vreemdelingenbesluit 2000",
       "issue 9 punt 3: andere medewerking aan opsporing of vervolging; onderdeel niet geverifieerd"),
    _c("vb_348_c", "art. 3.48, eerste lid, onder c, Vreemdelingenbesluit 2000",
       "issue 9 punt 3 en brief S1 (getuige-aangever); onderdeel niet geverifieerd"),
    _c("vb_348_d", "art. 3.48, eerste lid, onder d, Vreemdelingenbesluit 2000", "brief S7 (sub d: kan niet meewerken)", True),
    _c("vb_351", "art. 3.51, eerste lid, Vreemdelingenbesluit 2000",
       "brief S7 (onderdelen k en h verschillen per bron; verify op wetten.overheid.nl)"),
    _c("vw_69", "art. 69, eerste lid, Vreemdelingenwet 2000", "brief S47", True),
    _c("vw_61_62", "art. 61, eerste lid, en art. 62, eerste lid, Vreemdelingenwet 2000",
       "issue 9 punt 17 (verify): vertrekplicht en vertrektermijn van vier weken; " + _UNREAD,
       en="art. 61(1) and 62(1) Aliens Act 2000"),
    # Union citizens: the shelter exemption
    _c("vw_8e", "art. 8, aanhef en onder e, Vreemdelingenwet 2000", _UNREAD),
    _c("dir_2004_38", "art. 7 en 14 Richtlijn 2004/38/EG (verblijfsrecht van burgers van de Unie)", _UNREAD),
    _c("wegwijzer_exemption",
       "Wegwijzer Mensenhandel: ontheffing voor opvang van burgers van de Unie in de eerste vijf jaar van verblijf",
       "brief S7", True),
    # General Administrative Law Act
    _c("awb_1_3", "art. 1:3 Algemene wet bestuursrecht", _UNREAD),
    _c("awb_1_3_text", "artikel 1:3 van de Algemene wet bestuursrecht", _UNREAD,
       en="article 1:3 of the General Administrative Law Act"),
    _c("awb_1_3_8_1", "art. 1:3 en 8:1 Algemene wet bestuursrecht", _UNREAD),
    _c("awb_1_3_ch9", "art. 1:3 en hoofdstuk 9 Algemene wet bestuursrecht", _UNREAD),
    _c("awb_ch9", "hoofdstuk 9 Algemene wet bestuursrecht", _UNREAD, en="chapter 9 of that Act"),
    _c("awb_2_1", "art. 2:1, eerste lid, Algemene wet bestuursrecht (bijstand en vertegenwoordiging)", _UNREAD),
    _c("awb_6_5", "art. 6:5 Algemene wet bestuursrecht", _UNREAD),
    _c("awb_6_7", "art. 6:7 Algemene wet bestuursrecht", "brief headline 4", True),
    _c("awb_6_8", "art. 6:8 Algemene wet bestuursrecht", _UNREAD),
    _c("awb_7_11", "art. 7:11 Algemene wet bestuursrecht", _UNREAD),
    _c("awb_4_7", "art. 4:7 Algemene wet bestuursrecht",
       "issue 9 punt 14: horen van de aanvrager voor een weigering die steunt op gegevens die hij niet zelf gaf; "
       + _UNREAD, en="art. 4:7 General Administrative Law Act"),
    _c("awb_4_8", "art. 4:8 Algemene wet bestuursrecht",
       "issue 9 punt 14: zienswijze van een belanghebbende die het besluit niet heeft aangevraagd, voor een "
       "besluit dat hem waarschijnlijk bezwaart (zoals intrekking); " + _UNREAD,
       en="art. 4:8 General Administrative Law Act"),
    _c("awb_6_14", "art. 6:14, eerste lid, Algemene wet bestuursrecht",
       "issue 9 punt 12; " + _UNREAD),
    _c("awb_7_10", "art. 7:10, eerste lid, Algemene wet bestuursrecht",
       "policy objection_decision; issue 9 punt 1; " + _UNREAD),
    _c("awb_7_10_3", "art. 7:10, derde lid, Algemene wet bestuursrecht",
       "issue 9 punt 1; policy objection_decision_extension; " + _UNREAD,
       en="art. 7:10(3) General Administrative Law Act"),
    _c("awb_6_9_6_11", "art. 6:9, tweede lid, en art. 6:11 Algemene wet bestuursrecht",
       "issue 9 punt 13; policy objection_postal_receipt; " + _UNREAD),
    _c("awb_7_10_13", "art. 7:10, eerste lid, en art. 7:13 Algemene wet bestuursrecht", _UNREAD),
    _c("awb_7_11_12", "art. 7:11 en 7:12 Algemene wet bestuursrecht", _UNREAD),
    _c("awb_8_81", "art. 8:81 Algemene wet bestuursrecht", _UNREAD,
       en="art. 8:81 General Administrative Law Act"),
    # criminal law: the outcomes a non-punishment advice may propose
    _c("sv_167", "art. 167 Wetboek van Strafvordering", "brief §4.1 (instrumenten S26; artikelnummer K)",
       en="art. 167 Code of Criminal Procedure"),
    _c("sr_40", "art. 40 Wetboek van Strafrecht", "brief §4.1 (artikelnummer K)", en="art. 40 Criminal Code"),
    _c("sr_9a", "art. 9a Wetboek van Strafrecht", "brief §4.1 (artikelnummer K)", en="art. 9a Criminal Code"),
    _c("om_aanwijzing", "Aanwijzing mensenhandel (2022A002) van het College van procureurs-generaal", "brief S24", True),
    _c("dir_8_cets_26", "art. 8 Richtlijn 2011/36/EU; art. 26 Verdrag van de Raad van Europa inzake bestrijding "
       "van mensenhandel", "brief §4.1 (K)"),
    # assistance, children
    _c("dir_11", "art. 11 Richtlijn 2011/36/EU, zoals gewijzigd bij Richtlijn (EU) 2024/1712",
       "brief §3.2: bijstand en steun aan slachtoffers (K; nummering na 2024/1712 niet gelezen). Grondslag van de "
       "bijstand, niet van een besluit van het panel"),
    _c("crc_3", "art. 3 Verdrag inzake de rechten van het kind", "brief §5.3 (S46, K)",
       en="art. 3 Convention on the Rights of the Child"),
    _c("bw_245_302", "art. 1:245 en 1:302 Burgerlijk Wetboek", "brief §5.1 (K)"),
    _c("avg_6_1_e", "art. 6, eerste lid, onder e, Algemene verordening gegevensbescherming (taak van algemeen belang)",
       _UNREAD),
    # the panel's decision: no statute gives a panel this power; a variant names what it assumes
    _c("panel_regeling_assumed",
       "besluit krachtens de Regeling identificatie slachtoffers mensenhandel (aangenomen)",
       "issue 9 punt 5 en brief §9 punt 6: de rechtsvorm en bevoegdheid van het panel zijn niet geregeld; deze "
       "ontkoppelde variant neemt aan dat een ministeriële regeling het panel de bevoegdheid geeft. Art. 273f Sr "
       "(omschrijving van het delict) en art. 11 van de Richtlijn (bijstand) geven die bevoegdheid niet",
       en="decision under the Regulation on the identification of victims of human trafficking (assumed)",
       assumed=True),
]

CITATIONS: Mapping[str, Citation] = MappingProxyType({c.key: c for c in _CITATIONS})
_BY_TEXT: Mapping[str, Citation] = MappingProxyType({c.text: c for c in _CITATIONS})


def cite(key: str) -> str:
    """The Dutch text of a held citation (KeyError for one the catalogue does not hold)."""
    return CITATIONS[key].text


def held(text: str) -> Citation | None:
    """The citation whose Dutch text this is, or None."""
    return _BY_TEXT.get(text)


def printed_forms() -> tuple[str, ...]:
    """Every text a letter may show for a citation, longest first (so a longer one is matched first)."""
    forms = {c.text for c in _CITATIONS} | {c.text_en for c in _CITATIONS if c.text_en}
    return tuple(sorted(forms, key=len, reverse=True))


assert len(_BY_TEXT) == len(_CITATIONS), "two citations with the same text"
