"""Load, validate and cache the BPMN/DMN models in processes/, one immutable `ModelSet` per variant.

A model set is identified by the SHA-256 of its files (names and bytes). A case records the version it
started on and keeps running on exactly those files: they are stored once per version in the database
(`engine.store`), so later edits to processes/ never change a running case.

Layout: shared models at the top of processes/; `processes/variants/<name>/` holds only the files that
differ for that variant (same name replaces, new name adds). The variant `default` is the top alone.
"""
from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from lxml import etree

from engine.errors import SpecInvalid
from engine.model_checks import check_model_set
from engine.runtime_parser import Parser, parse, process_ids, process_specs

MODEL_SUFFIXES = (".bpmn", ".dmn")
DEFAULT_VARIANT = "default"
PROCESSES_DIR = Path(__file__).resolve().parent.parent / "processes"


def version_of(files: Mapping[str, bytes]) -> str:
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    return digest.hexdigest()


@dataclass
class ModelSet:
    """The parsed models of one variant at one version. Specs are shared by every case that runs on them."""

    variant: str
    files: dict[str, bytes]
    version: str = ""
    _parser: Parser | None = field(default=None, repr=False)
    _specs: dict[str, tuple[Any, dict[str, Any]]] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        self.version = self.version or version_of(self.files)

    @property
    def parser(self) -> Parser:
        if self._parser is None:
            self._parser = parse(self.files)
        return self._parser

    @property
    def process_ids(self) -> list[str]:
        return process_ids(self.parser)

    def spec(self, process_id: str) -> tuple[Any, dict[str, Any]]:
        """(top spec, called sub-process specs), parsed once per model set."""
        with self._lock:
            if process_id not in self._specs:
                self._specs[process_id] = process_specs(self.parser, process_id)
            return self._specs[process_id]

    def validate(self, form_exists: Callable[[str], bool] | None = None) -> list[SpecInvalid]:
        """Every fault in the set: XML and schema errors, erkend's own checks, then the library's parse."""
        try:
            faults = check_model_set(self.files, form_exists)
        except etree.XMLSyntaxError:
            faults = []  # reported with file and line by the parse below
        try:
            for process_id in process_ids(self.parser):
                self.spec(process_id)
        except SpecInvalid as exc:
            if not faults:
                faults.append(exc)
        return faults


def read_model_files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())
            if p.is_file() and p.suffix in MODEL_SUFFIXES}


class SpecLibrary:
    """All variants found under a processes/ directory, plus older versions loaded from storage."""

    def __init__(self, root: Path = PROCESSES_DIR) -> None:
        self.root = root
        self._by_version: dict[str, ModelSet] = {}
        self._current: dict[str, ModelSet] = {}
        self._lock = threading.Lock()
        shared = read_model_files(root)
        self._current[DEFAULT_VARIANT] = self._remember(ModelSet(DEFAULT_VARIANT, shared))
        variants_dir = root / "variants"
        if variants_dir.is_dir():
            for vdir in sorted(p for p in variants_dir.iterdir() if p.is_dir()):
                files = {**shared, **read_model_files(vdir)}
                self._current[vdir.name] = self._remember(ModelSet(vdir.name, files))

    def _remember(self, model_set: ModelSet) -> ModelSet:
        with self._lock:
            return self._by_version.setdefault(model_set.version, model_set)

    @property
    def variants(self) -> list[str]:
        return sorted(self._current)

    def current(self, variant: str = DEFAULT_VARIANT) -> ModelSet:
        try:
            return self._current[variant]
        except KeyError:
            raise SpecInvalid("-", variant, "unknown variant") from None

    def by_version(self, version: str, load_files: Callable[[str], tuple[str, dict[str, bytes]]]) -> ModelSet:
        """The model set of a stored version; `load_files(version)` -> (variant, files) reads storage."""
        model_set = self._by_version.get(version)
        if model_set is None:
            variant, files = load_files(version)
            model_set = self._remember(ModelSet(variant, files))
        return model_set

    def validate_all(self, form_exists: Callable[[str], bool] | None = None) -> list[SpecInvalid]:
        faults: list[SpecInvalid] = []
        for variant in self.variants:
            for fault in self.current(variant).validate(form_exists):
                if str(fault) not in {str(f) for f in faults}:
                    faults.append(fault)
        return faults


