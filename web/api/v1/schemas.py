"""Request and response schemas of the API; the OpenAPI document is generated from these."""

from __future__ import annotations

from marshmallow import Schema, fields, validate


class ApiErrorBody(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    fields = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


class ApiErrorSchema(Schema):
    error = fields.Nested(ApiErrorBody, required=True)


class StartCaseSchema(Schema):
    process_id = fields.String(required=True, validate=validate.Length(min=1, max=128))
    variant = fields.String(load_default="default", validate=validate.Length(min=1, max=64))
    data = fields.Dict(keys=fields.String(), load_default=dict)


class TaskSchema(Schema):
    id = fields.String()
    name = fields.String()
    title = fields.String()
    lane = fields.String(allow_none=True)
    process_id = fields.String()
    form_key = fields.String(allow_none=True)
    form_schema = fields.Dict()


class DeadlineSchema(Schema):
    name = fields.String()
    due_at = fields.DateTime()
    status = fields.String()
    days_left = fields.Integer()
    overdue = fields.Boolean()
    process_id = fields.String(allow_none=True)
    derivation = fields.Dict(allow_none=True)  # as recorded when the timer was armed
    explanation = fields.String(allow_none=True)


class CaseSummarySchema(Schema):
    """engine.views.CaseSummary as disclosure.case_summary hands it out."""

    id = fields.Integer()
    reference = fields.String()
    process_id = fields.String()
    variant = fields.String()
    status = fields.String()
    version = fields.Integer()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    completed_at = fields.DateTime(allow_none=True)


class CaseSchema(CaseSummarySchema):
    data = fields.Dict()
    tasks = fields.List(fields.Nested(TaskSchema))
    deadlines = fields.List(fields.Nested(DeadlineSchema))
    decisions = fields.List(fields.Dict())


class CaseListSchema(Schema):
    cases = fields.List(fields.Nested(CaseSummarySchema))


class CaseListQuery(Schema):
    status = fields.String(validate=validate.OneOf(["running", "completed"]))
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=2**31 - 1))


class CompleteTaskSchema(Schema):
    data = fields.Dict(keys=fields.String(), required=True)
    version = fields.Integer(
        load_default=None,
        validate=validate.Range(min=0, max=2**31 - 1),
        metadata={"description": "the case version the form was based on; 409 if the case changed since"},
    )


class MessageSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=128))
    payload = fields.Dict(keys=fields.String(), load_default=dict)


class ObjectionAfterClosureSchema(Schema):
    """An objection received after the case closed, against the decision of one of its letters; `payload`
    is the objection's own form (message `objection_lodged`: received on, posted on, grounds)."""

    letter_id = fields.Integer(required=True, validate=validate.Range(min=1))
    payload = fields.Dict(keys=fields.String(), load_default=dict)


class ObjectableLetterSchema(Schema):
    id = fields.Integer()
    letter_type = fields.String()
    sent_on = fields.Date()
    objection_deadline = fields.Date()


class ObjectableLetterListSchema(Schema):
    letters = fields.List(fields.Nested(ObjectableLetterSchema))


class AcceptedSchema(Schema):
    accepted = fields.Boolean()
    message = fields.String()


class EventSchema(Schema):
    id = fields.Integer()
    at = fields.String()
    kind = fields.String()
    actor = fields.String()
    role = fields.String(allow_none=True)
    purpose = fields.String(allow_none=True)
    details = fields.Dict()
    hash = fields.String()


class EventListSchema(Schema):
    events = fields.List(fields.Nested(EventSchema))


class PartySchema(Schema):
    username = fields.String(
        required=True, validate=[validate.Length(min=1, max=64), validate.Regexp(r"^[^\x00-\x1f\x7f\ud800-\udfff]+$")]
    )
    kind = fields.String(
        required=True, validate=validate.OneOf(["lawyer", "guardian", "panel", "investigator", "conflict"])
    )


class PartyListSchema(Schema):
    parties = fields.List(fields.Nested(PartySchema))


class ClockAdvanceSchema(Schema):
    term = fields.String(required=True, metadata={"description": "ISO 8601 term, e.g. P3M, P6W, PT36H"})


class ClockSchema(Schema):
    now = fields.DateTime()
    fired = fields.Integer()


class SignInSessionSchema(Schema):
    """A live sign-in session: a handle (not the cookie, not its stored hash) and its times."""

    id = fields.String()
    created_at = fields.DateTime()
    seen_at = fields.DateTime()
    expires_at = fields.DateTime()


class SignInSessionListSchema(Schema):
    sessions = fields.List(fields.Nested(SignInSessionSchema))


class SessionsEndedSchema(Schema):
    ended = fields.Integer()


class TokenRevokedSchema(Schema):
    had_token = fields.Boolean()


class IssueTokenSchema(Schema):
    days = fields.Integer(load_default=90, validate=validate.Range(min=1, max=365))


class IssuedTokenSchema(Schema):
    username = fields.String()
    token = fields.String()
    expires_at = fields.DateTime()
