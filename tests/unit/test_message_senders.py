"""Who sends a message, and in which role, is decided once (engine.application.messages) for the pages
and the API alike: the role the caller acts in if it may send the message, else the first of her roles
that may; NotPermitted when none may."""
from __future__ import annotations

import pytest

from engine.access.rules import MESSAGE_SENDERS
from engine.application.messages import sendable, sender
from engine.errors import NotPermitted
from engine.ports import Actor


def _a_message_with_two_senders() -> tuple[str, list[str]]:
    name, roles = next((n, sorted(r)) for n, r in sorted(MESSAGE_SENDERS.items()) if len(r) >= 2)
    return name, roles


def test_the_role_acted_in_is_kept_when_it_may_send() -> None:
    name, roles = _a_message_with_two_senders()
    actor = Actor("u", frozenset(roles), roles[-1], purpose="message.send")
    assert sender(actor, name).role == roles[-1]


def test_otherwise_the_first_role_that_may_send_is_taken() -> None:
    name, roles = _a_message_with_two_senders()
    actor = Actor("u", frozenset({*roles, "policy"}), "policy", purpose="message.send")
    chosen = sender(actor, name)
    assert chosen.role == roles[0] and chosen.user == "u" and chosen.purpose == "message.send"


def test_a_caller_without_a_sending_role_is_refused() -> None:
    name, _ = _a_message_with_two_senders()
    with pytest.raises(NotPermitted):
        sender(Actor("u", frozenset({"policy"}), "policy"), name)


def test_sendable_lists_only_the_awaited_messages_a_role_may_send() -> None:
    name, roles = _a_message_with_two_senders()
    assert sendable({roles[0]}, [name, "no_such_message"]) == [name]
    assert sendable({"policy"}, [name]) == []
