"""Named, versioned stages and the runner that checks and runs them.

A stage is a small class with a ``name``, a ``version``, what it ``requires`` and what it
``provides`` (plain strings such as ``"tokens"``, ``"flags"``, ``"candidates"``), and
declared parameters.  Register it with :func:`register`; it is then listed by
``ocrfix stages`` and can be put in a pipeline.  The default pipeline is every
registered stage with ``default = True``, sorted by ``order``.

Resources (lexicon, gazetteer, ...) are loaded lazily through :func:`resource`, once per
process, and their checksums go into each document's stamp.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import importlib
import json
import threading
from dataclasses import dataclass
from typing import Any, Callable, ClassVar

from . import __version__
from .errors import ConfigError, StageError
from .model import Document, Stamp

#: what every document has before any stage runs
INITIAL = frozenset({"text", "translation", "meta", "pages", "tokens"})

#: modules that register stages; importing them fills the registry
STAGE_MODULES = [
    "pipeline.normalize",
    "pipeline.detect",
    "pipeline.lexicon_stage",
    "pipeline.names_stage",
    "pipeline.translation_stage",
    "pipeline.decide",
    "pipeline.quality",
]


@dataclass(frozen=True)
class Param:
    """A declared stage parameter."""

    type: type
    default: Any
    description: str
    choices: tuple | None = None

    def check(self, stage: str, name: str, value: Any) -> Any:
        if self.type is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if self.type is bool and isinstance(value, str):
            if value.lower() in ("1", "true", "yes", "on"):
                value = True
            elif value.lower() in ("0", "false", "no", "off"):
                value = False
        elif self.type in (int, float) and isinstance(value, str):
            try:
                value = self.type(value)
            except ValueError:
                pass
        if not isinstance(value, self.type):
            raise ConfigError(f"parameter {stage}.{name} must be {self.type.__name__}, got {value!r}",
                              code="E302")
        if self.choices and value not in self.choices:
            raise ConfigError(f"parameter {stage}.{name} must be one of {self.choices}, got {value!r}",
                              code="E302")
        return value


class Stage:
    """Base class of a stage: override :meth:`process`."""

    name: ClassVar[str] = ""
    version: ClassVar[str] = "0"
    requires: ClassVar[frozenset[str]] = frozenset()
    provides: ClassVar[frozenset[str]] = frozenset()
    params: ClassVar[dict[str, Param]] = {}
    order: ClassVar[int] = 100
    default: ClassVar[bool] = True
    description: ClassVar[str] = ""
    #: names of resources the stage uses (for the stamp and for warm-up)
    resources: ClassVar[tuple[str, ...]] = ()

    def __init__(self, **params: Any):
        unknown = set(params) - set(self.params)
        if unknown:
            raise ConfigError(f"unknown parameter(s) for stage {self.name}: {', '.join(sorted(unknown))}; "
                              f"known: {', '.join(sorted(self.params)) or 'none'}", code="E301")
        self.config = {k: p.default for k, p in self.params.items()}
        for k, v in params.items():
            self.config[k] = self.params[k].check(self.name, k, v)

    @property
    def ident(self) -> str:
        return f"{self.name}@{self.version}"

    def process(self, doc: Document) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def __call__(self, doc: Document) -> Document:
        self.process(doc)
        doc.provided |= set(self.provides)
        return doc


_REGISTRY: dict[str, type[Stage]] = {}
_RESOURCES: dict[str, Callable[[], Any]] = {}
_LOADED: dict[str, Any] = {}
_LOCK = threading.Lock()


def register(cls: type[Stage]) -> type[Stage]:
    """Class decorator: add a stage to the registry."""
    if not cls.name:
        raise ConfigError(f"stage class {cls.__name__} has no name")
    _REGISTRY[cls.name] = cls
    return cls


def load_stage_modules() -> None:
    for mod in STAGE_MODULES:
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as exc:
            if exc.name != mod:  # a real import error inside the module
                raise


def registry() -> dict[str, type[Stage]]:
    load_stage_modules()
    return dict(_REGISTRY)


def default_stage_names() -> list[str]:
    return [c.name for c in sorted(registry().values(), key=lambda c: (c.order, c.name)) if c.default]


def resource(name: str) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    """Decorator registering a loader of a named resource (loaded once per process)."""

    def deco(fn: Callable[[], Any]) -> Callable[[], Any]:
        _RESOURCES[name] = fn
        return fn

    return deco


def get_resource(name: str) -> Any:
    """The loaded resource ``name`` (loading it on first use)."""
    if name in _LOADED:
        return _LOADED[name]
    with _LOCK:
        if name not in _LOADED:
            if name not in _RESOURCES:
                load_stage_modules()
            if name not in _RESOURCES:
                raise ConfigError(f"no loader for resource {name!r}", code="E303")
            _LOADED[name] = _RESOURCES[name]()
    return _LOADED[name]


def resource_checksum(obj: Any) -> str:
    return str(getattr(obj, "checksum", "") or "")


def parse_stage_params(pairs: list[str]) -> dict[str, dict[str, Any]]:
    """``["detect.min_len=3", ...]`` → ``{"detect": {"min_len": "3"}}``."""
    out: dict[str, dict[str, Any]] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        stage, dot, name = key.partition(".")
        if not sep or not dot or not stage or not name:
            raise ConfigError(f"stage parameter must look like STAGE.NAME=VALUE, got {pair!r}", code="E304")
        try:
            parsed: Any = json.loads(value)
        except json.JSONDecodeError:
            parsed = value
        out.setdefault(stage, {})[name] = parsed
    return out


class Pipeline:
    """An ordered, checked list of configured stages."""

    def __init__(self, names: list[str] | None = None, params: dict[str, dict] | None = None,
                 skip: list[str] | None = None):
        reg = registry()
        names = list(names) if names else default_stage_names()
        names = [n for n in names if n not in set(skip or [])]
        params = dict(params or {})
        unknown = [n for n in names if n not in reg]
        if unknown:
            raise ConfigError(f"unknown stage(s): {', '.join(unknown)}; known: {', '.join(sorted(reg))}",
                              code="E305")
        stray = set(params) - set(names)
        if stray:
            raise ConfigError(f"parameters given for stage(s) not in the pipeline: {', '.join(sorted(stray))}",
                              code="E306")
        self.stages: list[Stage] = [reg[n](**params.get(n, {})) for n in names]
        self.check_order()

    def check_order(self) -> None:
        have = set(INITIAL)
        for st in self.stages:
            missing = set(st.requires) - have
            if missing:
                raise ConfigError(f"stage {st.name} requires {', '.join(sorted(missing))}, "
                                  f"which no earlier stage provides", code="E307")
            have |= set(st.provides)

    @property
    def parameters(self) -> dict[str, dict]:
        return {st.name: dict(st.config) for st in self.stages}

    @property
    def resource_names(self) -> list[str]:
        seen: list[str] = []
        for st in self.stages:
            for r in st.resources:
                if r not in seen:
                    seen.append(r)
        return seen

    def warm_up(self) -> None:
        for r in self.resource_names:
            get_resource(r)

    def config_hash(self) -> str:
        payload = json.dumps({"stages": [s.ident for s in self.stages], "params": self.parameters,
                              "version": __version__}, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(payload.encode()).hexdigest()[:16]

    def resume_key(self, doc: Document) -> str:
        return f"{doc.content_hash[:24]}-{self.config_hash()}"

    def run(self, doc: Document) -> Document:
        for st in self.stages:
            try:
                st(doc)
            except StageError:
                raise
            except Exception as exc:  # wrap with the stage name and document id
                raise StageError(st.ident, doc.id, exc) from exc
        doc.stamp = Stamp(
            ocrfix_version=__version__,
            stages=[s.ident for s in self.stages],
            parameters=self.parameters,
            resources={r: resource_checksum(get_resource(r)) for r in self.resource_names},
            key=self.resume_key(doc),
            created=_dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        )
        return doc
