"""Every message a procedure model waits for can be sent by some role, and the senders list names no
message that no model waits for (a renamed message would otherwise be undeliverable through the web)."""

from __future__ import annotations

from lxml import etree

from engine.access.rules import MESSAGE_SENDERS, may_send
from engine.specs import SpecLibrary

NS = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL"}
CATCHING = ("intermediateCatchEvent", "boundaryEvent", "startEvent", "receiveTask")


def _caught_messages() -> set[str]:
    library = SpecLibrary()
    names: set[str] = set()
    for variant in library.variants:
        for name, content in library.current(variant).files.items():
            if not name.endswith(".bpmn"):
                continue
            tree = etree.fromstring(content)
            messages = {m.get("id"): m.get("name") for m in tree.iterfind(".//bpmn:message", NS)}
            for tag in CATCHING:
                for event in tree.iterfind(f".//bpmn:{tag}", NS):
                    for definition in event.iterfind("bpmn:messageEventDefinition", NS):
                        names.add(messages[definition.get("messageRef")])
    return names


def test_every_awaited_message_has_a_sender_and_every_sender_entry_is_awaited() -> None:
    everything = _caught_messages()
    internal = {name for name in everything if name.startswith("internal.")}
    assert internal, "the procedures wait for the engine's own messages (case facts changed)"
    assert not internal & set(MESSAGE_SENDERS), "nobody outside may send the engine's internal messages"
    caught = everything - internal
    assert caught - set(MESSAGE_SENDERS) == set()
    assert set(MESSAGE_SENDERS) - caught == set()


def test_investigation_roles_send_only_criminal_case_messages() -> None:
    assert not may_send("police", "objection_lodged") and not may_send("prosecutor", "reconsideration_requested")
    assert may_send("prosecutor", "prosecution_decision") and not may_send("lawyer", "conviction")
