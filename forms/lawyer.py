"""Appeal tracking by the person's lawyer."""
from __future__ import annotations

from marshmallow import Schema

from forms.fields import day, flag, text


class Appeal(Schema):
    appeal_lodged = flag("Beroep ingesteld", "Appeal lodged")
    court = text("Rechtbank", "Court", required=False, max_len=120)
    lodged_on = day("Ingesteld op", "Lodged on", required=False, past_only=True)


SCHEMAS = {"lawyer.appeal": Appeal}
