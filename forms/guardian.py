"""The best-interests assessment filled in by the guardian (CRC General Comment 14, §§52-99)."""
from __future__ import annotations

from marshmallow import Schema

from forms.fields import day, flag, text


class BestInterests(Schema):
    child_views = text("Mening van het kind (art. 12 IVRK)", "The child's views (art. 12 CRC)")
    identity = text("Identiteit", "Identity")
    family_environment = text("Gezin en familierelaties", "Family environment and relations")
    care_protection_safety = text("Zorg, bescherming en veiligheid", "Care, protection and safety")
    vulnerability = text("Kwetsbaarheid", "Situation of vulnerability")
    health = text("Gezondheid", "Health")
    education = text("Onderwijs", "Education")
    child_heard_on = day("Kind gehoord op", "Child heard on", past_only=True)
    interpreter = text("Tolk (taal)", "Interpreter (language)", required=False, max_len=80)
    guardian_present = flag("Voogd aanwezig", "Guardian present")
    best_interests_summary = text("Weging (wordt in elk besluit geciteerd)", "Weighing (quoted in every decision)",
                                  min_len=20)


SCHEMAS = {"guardian.best_interests": BestInterests}
