"""Building blocks shared by the procedure forms: bilingual labels and help, and the structured
indicator (status, source, date, weight, note) used by every indicator list."""
from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from engine.clock import current_clock

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def label(nl: str, en: str, help_nl: str = "", help_en: str = "") -> dict[str, Any]:
    meta: dict[str, Any] = {"label": {"nl": nl, "en": en}}
    if help_nl or help_en:
        meta["help"] = {"nl": help_nl, "en": help_en}
    return meta


def _optional(required: bool) -> dict[str, Any]:
    return {} if required else {"load_default": None, "allow_none": True}


def choice(options: list[str], nl: str, en: str, required: bool = True, **help: str) -> fields.String:
    return fields.String(required=required, **_optional(required),
                         validate=validate.OneOf(options), metadata={**label(nl, en, **help), "enum": options})


def text(nl: str, en: str, required: bool = True, min_len: int = 1, max_len: int = 5000, **help: str) -> fields.String:
    return fields.String(required=required, **_optional(required),
                         validate=validate.Length(min=min_len, max=max_len), metadata=label(nl, en, **help))


def flag(nl: str, en: str, required: bool = True, **help: str) -> fields.Boolean:
    return fields.Boolean(required=required, **_optional(required),
                          metadata=label(nl, en, **help))


EARLIEST_DAY = dt.date(1900, 1, 1)
LATEST_DAY = dt.date(2100, 12, 31)


class PlausibleDay(validate.Validator):
    """A day between 1900 and 2100, and with `past_only` not after today (the clock of the operation, so
    training and simulated cases judge by their own today). A birth date of 9999-12-31 once broke a case
    for good; the reason names the field in Dutch and English."""

    def __init__(self, nl: str, en: str, past_only: bool = False) -> None:
        self.nl, self.en, self.past_only = nl, en, past_only

    def __call__(self, value: dt.date) -> dt.date:
        if not EARLIEST_DAY <= value <= LATEST_DAY:
            raise ValidationError(f"{self.nl}: geen aannemelijke datum (tussen {EARLIEST_DAY} en {LATEST_DAY}) / "
                                  f"{self.en}: not a plausible date (between {EARLIEST_DAY} and {LATEST_DAY})")
        today = current_clock().now().astimezone(AMSTERDAM).date()
        if self.past_only and value > today:
            raise ValidationError(f"{self.nl}: mag niet in de toekomst liggen / {self.en}: cannot lie in the future")
        return value


def before_birth(nl: str, en: str) -> str:
    return f"{nl} kan niet vóór de geboortedatum liggen / {en} cannot come before the date of birth"


# Dutch reasons for the English messages the validators below raise (web.form_render reads them).
DUTCH_REASONS: dict[str, str] = {}


class ItemCount(validate.Length):
    """How many rows or choices a list needs, in words that speak of what is counted ("at least 3
    members"), not of characters as marshmallow's Length says for strings and lists alike."""

    def __init__(self, min: int | None = None, max: int | None = None,  # noqa: A002  (marshmallow's names)
                 nl: tuple[str, str] = ("rij", "rijen"), en: tuple[str, str] = ("row", "rows")) -> None:
        super().__init__(min=min, max=max)

        def count(n: int | None, nouns: tuple[str, str]) -> str:
            return f"{n} {nouns[0] if n == 1 else nouns[1]}"

        self.message_min = f"At least {count(min, en)}."
        self.message_max = f"At most {count(max, en)}."
        self.message_all = f"Between {min} and {count(max, en)}."
        DUTCH_REASONS[self.message_min] = f"Minstens {count(min, nl)}."
        DUTCH_REASONS[self.message_max] = f"Hoogstens {count(max, nl)}."
        DUTCH_REASONS[self.message_all] = f"Tussen {min} en {count(max, nl)}."


def day(nl: str, en: str, required: bool = True, past_only: bool = False, **help: str) -> fields.Date:
    """A date field. `past_only` where the day has happened by definition (a birth, a signal received)."""
    return fields.Date(required=required, **_optional(required), validate=PlausibleDay(nl, en, past_only),
                       metadata=label(nl, en, **help))


def event_day(nl: str, en: str, required: bool = True, **help: str) -> fields.Date:
    """The day something happened (a report filed, an objection received, a judgment given): never after
    today on the clock of the operation, as a partner's message reports what has taken place."""
    return day(nl, en, required=required, past_only=True, **help)


# The indicator lists of the brief (ILO 2012 forced labour; ILO/EC operational dimensions; Dutch signal
# lists). Keys are stable; labels are for people.
ILO_FORCED_LABOUR = ["abuse_of_vulnerability", "deception", "restriction_of_movement", "isolation",
                     "physical_sexual_violence", "intimidation_threats", "retention_of_documents",
                     "withholding_wages", "debt_bondage", "abusive_conditions", "excessive_overtime"]
ILO_EC_DIMENSIONS = ["deceptive_recruitment", "coercive_recruitment", "recruitment_abuse_of_vulnerability",
                     "exploitation", "coercion_at_destination", "abuse_of_vulnerability_at_destination"]
NL_SIGNALS = ["forced_sex_or_earnings", "dangerous_work_long_days", "underpaid_or_unpaid", "no_control_documents_or_bank",
              "false_promises", "abused_blackmailed_threatened", "high_debt_to_employer", "cash_uninsured",
              "lives_at_workplace_or_unknown_address", "otherwise_under_pressure", "school_absence_dropout",
              "sudden_money_goods", "drugs_or_stolen_goods_found", "absconding"]


class Indicator(Schema):
    """One indicator as structured data, never free text alone (brief §7)."""

    list_name = choice(["ilo_forced_labour", "ilo_ec_operational", "nl_signals"], "Lijst", "List")
    code = choice(ILO_FORCED_LABOUR + ILO_EC_DIMENSIONS + NL_SIGNALS, "Indicator", "Indicator")
    status = choice(["not_assessed", "not_present", "reported_by_person", "observed", "documented"], "Status", "Status")
    source = choice(["self", "police", "ngo", "medical", "inspector", "document"], "Bron", "Source")
    date = day("Datum", "Date", required=False, past_only=True)
    weight = choice(["strong", "medium", "weak"], "Gewicht", "Weight",
                    help_nl="ILO/EC-indeling sterk/middel/zwak", help_en="ILO/EC grading strong/medium/weak")
    note = text("Toelichting", "Note", required=False)


DEPARTING_NEEDS_REASONS = "verplicht bij afwijking van het advies / required when departing from the advice"


def reasons_required_when_departing(reasons_field: str, follows_field: str = "follows_advice") -> Any:
    """A schema check for a decision taken on advice: departing from the advice (`follows_field` false)
    needs reasons in `reasons_field` (motiveringsbeginsel, art. 3:46 Awb). Use it as a class attribute:
    `reasons_when_departing = reasons_required_when_departing("reasons")`."""

    @validates_schema
    def check(self: Schema, data: dict[str, Any], **_: Any) -> None:
        if data.get(follows_field) is False and not data.get(reasons_field):
            raise ValidationError([DEPARTING_NEEDS_REASONS], reasons_field)

    return check
