"""Forms filled in by police or KMar in the current procedure."""
from __future__ import annotations

from marshmallow import Schema

from forms.fields import choice, day, flag, text


class Indication(Schema):
    indication = flag("Geringste aanwijzing van mensenhandel", "Slightest indication of trafficking",
                      help_nl="Vc 2000 B8/3: bij de geringste aanwijzing wordt bedenktijd aangeboden.",
                      help_en="Vc 2000 B8/3: the reflection period is offered at the slightest indication.")
    offered_by = choice(["police", "kmar"], "Aangeboden door", "Offered by")
    offered_on = day("Aangeboden op", "Offered on")
    notes = text("Toelichting", "Notes", required=False)


SCHEMAS = {"police.indication": Indication}
