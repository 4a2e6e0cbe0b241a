"""SpiffWorkflow's BPMN/DMN parser behind two functions: parse a model set's files, get a process's specs.
The library's ValidationException becomes engine.errors.SpecInvalid (file, element id, reason) here, so
that engine.specs and everything above it never see a library type."""
from __future__ import annotations

from typing import Any, Mapping, TypeAlias

from lxml import etree
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser

from engine.errors import SpecInvalid

Parser: TypeAlias = Any  # a SpiffBpmnParser; the library ships no type information


def parse(files: Mapping[str, bytes]) -> Parser:
    """Every file of the set, BPMN and DMN, validated against the schema (XML entities never resolved)."""
    parser = SpiffBpmnParser(validator=VALIDATOR)
    for name in sorted(files):
        try:
            tree = etree.fromstring(files[name], parser=etree.XMLParser(resolve_entities=False, no_network=True))
            if name.endswith(".dmn"):
                parser.add_dmn_xml(tree, filename=name)
            else:
                parser.add_bpmn_xml(tree, filename=name)
        except etree.XMLSyntaxError as exc:
            raise SpecInvalid(name, f"line {exc.lineno}", f"not well-formed XML: {exc.msg}") from exc
        except ValidationException as exc:
            raise _spec_invalid(exc, name) from exc
    return parser


def process_ids(parser: Parser) -> list[str]:
    return sorted(parser.get_process_ids())


def process_specs(parser: Parser, process_id: str) -> tuple[Any, dict[str, Any]]:
    """(top spec, called sub-process specs) of one process; SpecInvalid if it does not parse."""
    if process_id not in parser.get_process_ids():
        raise SpecInvalid("-", process_id, "no such process in this model set")
    try:
        return parser.get_spec(process_id), parser.get_subprocess_specs(process_id)
    except ValidationException as exc:
        raise _spec_invalid(exc) from exc


def _spec_invalid(exc: ValidationException, file_name: str = "") -> SpecInvalid:
    reason = str(exc).split("\n")[0]
    return SpecInvalid(exc.file_name or file_name or "-", exc.id or "-", reason)
