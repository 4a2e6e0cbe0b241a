"""The event log as XES (IEEE 1849-2016), written as a stream with the standard library's XML writer,
so process-mining tools (pm4py, ProM, Disco) can read a simulated run as they read a real log.

One trace per simulated case and variant (`concept:name` = variant/case id); one event per recorded
event with the standard extensions: `concept:name` (what happened, in words a process miner can group
on), `time:timestamp`, `lifecycle:transition` = complete; plus `erkend:kind` and `erkend:value`.
"""
from __future__ import annotations

import io
from itertools import groupby
from typing import Iterable
from xml.sax.saxutils import XMLGenerator  # nosec B406  # writes the XES file; no XML is parsed
from xml.sax.xmlreader import AttributesImpl  # nosec B406  # attributes for the writer; no XML is parsed

EXTENSIONS = [("Concept", "concept", "http://www.xes-standard.org/concept.xesext"),
              ("Time", "time", "http://www.xes-standard.org/time.xesext"),
              ("Lifecycle", "lifecycle", "http://www.xes-standard.org/lifecycle.xesext")]
KIND_WORDS = {"case_started": "case started", "case_completed": "case completed", "task_completed": "task",
              "message_received": "message", "timer_fired": "deadline passed", "fact_recorded": "fact",
              "letter_requested": "letter"}

Row = tuple[str, int, str, str, str, str, str]  # records.EVENT_COLUMNS


def activity(kind: str, name: str) -> str:
    if kind in ("case_started", "case_completed"):
        return KIND_WORDS[kind]
    return f"{KIND_WORDS.get(kind, kind)}: {name}"


class Writer:
    def __init__(self, handle: io.TextIOBase) -> None:
        self.out = XMLGenerator(handle, encoding="utf-8", short_empty_elements=True)
        self.out.startDocument()
        self._open("log", {"xes.version": "1.0", "xes.features": "", "xmlns": "http://www.xes-standard.org/"})
        for name, prefix, uri in EXTENSIONS:
            self._empty("extension", {"name": name, "prefix": prefix, "uri": uri})
        for scope, keys in (("trace", [("string", "concept:name")]),
                            ("event", [("string", "concept:name"), ("date", "time:timestamp"),
                                       ("string", "lifecycle:transition")])):
            self._open("global", {"scope": scope})
            for tag, key in keys:
                self._empty(tag, {"key": key, "value": "1970-01-01T00:00:00+00:00" if tag == "date" else "-"})
            self._close("global")
        self._empty("classifier", {"name": "Activity", "keys": "concept:name"})
        self._empty("string", {"key": "concept:name", "value": "erkend policy simulation"})

    def _open(self, tag: str, attrs: dict[str, str]) -> None:
        self.out.ignorableWhitespace("\n")
        self.out.startElement(tag, AttributesImpl(attrs))

    def _close(self, tag: str) -> None:
        self.out.ignorableWhitespace("\n")
        self.out.endElement(tag)

    def _empty(self, tag: str, attrs: dict[str, str]) -> None:
        self._open(tag, attrs)
        self.out.endElement(tag)

    def traces(self, rows: Iterable[Row]) -> None:
        """Rows of one replication: grouped into one trace per case (events keep their order)."""
        ordered = sorted(rows, key=lambda row: (row[0], row[2]))  # stable: time order within a case
        for (variant, case), events in groupby(ordered, key=lambda row: (row[0], row[2])):
            self._open("trace", {})
            self._empty("string", {"key": "concept:name", "value": f"{variant}/{case}"})
            self._empty("string", {"key": "erkend:variant", "value": variant})
            for _, _, _, at, kind, name, value in events:
                self._open("event", {})
                self._empty("string", {"key": "concept:name", "value": activity(kind, name)})
                self._empty("date", {"key": "time:timestamp", "value": at})
                self._empty("string", {"key": "lifecycle:transition", "value": "complete"})
                self._empty("string", {"key": "erkend:kind", "value": kind})
                if value:
                    self._empty("string", {"key": "erkend:value", "value": value})
                self._close("event")
            self._close("trace")

    def close(self) -> None:
        self._close("log")
        self.out.ignorableWhitespace("\n")
        self.out.endDocument()
