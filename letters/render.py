"""Render a letter: typed context -> HTML (Jinja, autoescaped, sandboxed) -> PDF (WeasyPrint).

`render_letter` is the renderer handed to the engine's issuing step (engine.letter_issuing); it builds
the context from the case data and the decision payload, renders once, and says who receives it.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from engine.letter_issuing import LetterRequest, RenderedLetter
from letters.citations import held
from letters.context import LetterContext, build_context
from letters.formatting import en_date, en_term, en_weekday_date, nl_date, nl_term, nl_weekday_date
from letters.parties import disclosures_of, recipients_of
from letters.pdf import ASSETS, html_to_pdf

PACKAGE = Path(__file__).parent
TEMPLATES = PACKAGE / "templates"

_WORDS: dict[str, Any] = {
    "nature_nl": {"besluit": "besluit", "advice": "advies", "factual": "brief", "notice": "kennisgeving"},
    "nature_en": {"besluit": "decision", "advice": "advice", "factual": "letter", "notice": "notice"},
    "heading_nl": {
        "besluit": "Besluit",
        "advice": "Advies",
        "factual": "Bevestiging",
        "notice": "Kennisgeving",
    },
    "heading_en": {"besluit": "Decision", "advice": "Advice", "factual": "Confirmation", "notice": "Notice"},
    "remedy_heading_nl": {
        "objection": "Bezwaar maken",
        "appeal": "Beroep instellen",
        "none": "Geen bezwaar mogelijk",
    },
    "remedy_heading_en": {
        "objection": "How to object",
        "appeal": "How to appeal",
        "none": "No objection possible",
    },
    "default_reason_nl": {
        "besluit": "Dit besluit volgt uit de gegevens in uw dossier.",
        "advice": "Dit advies volgt uit de gegevens in het dossier.",
        "factual": "U bent bij ons aangemeld; daarom ontvangt u deze bevestiging.",
        "notice": "U bent de voogd van het kind; daarom ontvangt u deze kennisgeving.",
        "notice_person": "Wij laten u weten hoe uw procedure ervoor staat; daarom ontvangt u deze kennisgeving.",
    },
    "default_reason_en": {
        "besluit": "This decision follows from the information in your file.",
        "advice": "This advice follows from the information in the file.",
        "factual": "You were referred to us; this letter confirms it.",
        "notice": "You are the child's guardian; this notice informs you.",
        "notice_person": "This notice tells you where your procedure stands.",
    },
}


@lru_cache(maxsize=1)
def environment() -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        nl_date=nl_date,
        en_date=en_date,
        nl_weekday_date=nl_weekday_date,
        en_weekday_date=en_weekday_date,
        nl_term=nl_term,
        en_term=en_term,
        capitalize_first=lambda s: s[:1].upper() + s[1:],
    )
    env.globals.update(_WORDS)
    return env


@lru_cache(maxsize=1)
def template_version() -> str:
    """SHA-256 over everything that shapes a letter's text and look; stored with each letter."""
    digest = hashlib.sha256()
    files = sorted(
        [
            *TEMPLATES.rglob("*.j2"),
            ASSETS / "letter.css",
            PACKAGE / "catalogue.py",
            PACKAGE / "data" / "authorities.toml",
            PACKAGE / "data" / "remedies.toml",
            PACKAGE / "wording.py",
        ]
    )
    for path in files:
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def render_html(context: LetterContext) -> str:
    template = environment().get_template(context.type.template)
    return template.render(c=context, f=context.fields, a=context.authority)


def check_letter(request: LetterRequest) -> None:
    """What the issuing step checks in the decision's own transaction: that the letter can be written
    (its context builds; ValidationFailed names what is missing). The PDF is rendered after commit."""
    build_context(request.reference, request.case_data, request.payload, request.sent_at)


def render_letter(request: LetterRequest) -> RenderedLetter:
    context = build_context(request.reference, request.case_data, request.payload, request.sent_at)
    pdf = html_to_pdf(render_html(context))
    recipients = recipients_of(context.type, context.addressee, context.copies, context.person)
    return RenderedLetter(
        letter_type=context.type.key,
        pdf=pdf,
        decided_on=context.decided_on,
        sent_on=context.sent_on,
        objection_deadline=context.remedy.last_day,
        recipients=recipients,
        details={
            "template_version": template_version(),
            "nature": context.type.nature,
            "remedy": {
                "kind": context.remedy.kind,
                "term": context.remedy.term,
                "source": context.remedy.source,
                "last_day": context.remedy.last_day,
                "derivation": list(context.remedy.derivation),
            },
            "authority": context.authority.key,
            "addressee_role": context.addressee.role,
            "minor": context.minor,
            "translation": "en" if context.english else None,
            "legal_basis": [
                {"text": text, "verified": bool(c and c.verified), "assumed": bool(c and c.assumed)}
                for text, c in ((text, held(text)) for text in context.legal_basis)
            ],
            "disclosures": list(disclosures_of(recipients, context.authority.key)),
        },
    )
