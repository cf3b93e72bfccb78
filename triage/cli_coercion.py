"""Option values turned into their types without pydantic.

typer 0.29 builds a pydantic TypeAdapter for every option it reads, even one left unset,
and importing pydantic takes about 80 ms: more than most `triage stats` answers. The
types triage's options use (text, flags, whole numbers within bounds, paths, choices,
and lists of those) are coerced here with typer's own helpers; any other annotation
still goes through typer's adapter. This leans on typer's internals, so pyproject pins
typer below 0.30, and `install` leaves typer as it is if they are not what it expects.
`tests/test_cli_speed.py` checks that a command runs without importing pydantic.
"""

import types
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, Union, get_args, get_origin

from typer._click import Context
from typer._click.exceptions import BadParameter
from typer.models import ParameterInfo

try:  # typer's internals: see the module's docstring
    from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
    from typer._param_types import coerce_cli_choice, coerce_cli_path
    from typer.core import _TyperParameter
except ImportError:  # pragma: no cover - another typer: its own coercion stays
    RuntimeParam = object  # type: ignore[assignment,misc]
    _TyperParameter = None  # type: ignore[assignment,misc]


@dataclass(frozen=True)
class PlainParam(RuntimeParam):
    """Coercion of one plain type, or a list of it."""

    leaf: type

    def _coerce_value(self, value: Any, param: Any, ctx: Context) -> Any:
        if isinstance(value, list | tuple):  # a list option: a list, as typer gives
            return [self._one(item, param, ctx) for item in value]
        return self._one(value, param, ctx)

    def _one(self, value: Any, param: Any, ctx: Context) -> Any:
        info = self.parameter_info
        try:
            if issubclass(self.leaf, Enum):
                return coerce_cli_choice(
                    value,
                    choices=tuple(self.leaf),
                    case_sensitive=info.case_sensitive,
                    ctx=ctx,
                )
            if self.leaf is bool:
                return _flag(value)
            if self.leaf is int:
                return _whole(value, info)
            if isinstance(value, bytes):
                value = value.decode("utf-8", "replace")
            if issubclass(self.leaf, Path):
                path = value if isinstance(value, self.leaf) else self.leaf(value)
                return coerce_cli_path(
                    path, info, path_type=self.leaf, param=param, ctx=ctx
                )
            return str(value)
        except ValueError as exc:
            raise BadParameter(str(exc), ctx=ctx, param=param) from None


_TRUE = {"1", "true", "t", "yes", "y", "on"}
_FALSE = {"0", "false", "f", "no", "n", "off"}


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in _TRUE | _FALSE | {""}:
        return word in _TRUE
    raise ValueError(f"{value!r} is not a valid boolean.")


def _whole(value: Any, info: ParameterInfo) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = str(value).strip()
        digits = text[1:] if text[:1] in "+-" else text
        if not (digits.isascii() and digits.isdigit()):
            raise ValueError(f"{value!r} is not a whole number.")
        number = int(text)
    if info.min is not None and number < info.min:
        raise ValueError(f"{number} is below the minimum, {info.min}.")
    if info.max is not None and number > info.max:
        raise ValueError(f"{number} is above the maximum, {info.max}.")
    return number


def plain_leaf(descriptor: TypeDescriptor) -> type | None:
    """The plain type this parameter holds, or None when typer must coerce it."""
    info = descriptor.parameter_info
    if descriptor.file_annotation is not None or info.parser is not None:
        return None
    if info.clamp or info.path_type is not None:
        return None
    annotation = _without_none(descriptor.annotation)
    if get_origin(annotation) is list:
        (annotation,) = get_args(annotation) or (None,)
    if annotation in (str, int, bool):
        return annotation  # type: ignore[return-value]
    if isinstance(annotation, type) and issubclass(annotation, Enum | Path):
        return annotation
    return None


def _without_none(annotation: Any) -> Any:
    if get_origin(annotation) in (Union, types.UnionType):
        kept = [a for a in get_args(annotation) if a is not type(None)]
        return kept[0] if len(kept) == 1 else annotation
    return annotation


def _runtime_param(self: _TyperParameter) -> RuntimeParam:
    if self._runtime_param is None:
        descriptor = self.type_descriptor
        leaf = plain_leaf(descriptor)
        if leaf is None:
            self._runtime_param = build_runtime_param(descriptor)
        else:
            self._runtime_param = PlainParam(
                descriptor.parameter_info, descriptor.annotation, leaf
            )
    return self._runtime_param


def install() -> None:
    """Coerce plain option types here from now on (idempotent). With a typer whose
    internals differ, nothing changes: typer coerces, only slower."""
    if _TyperParameter is None or not hasattr(_TyperParameter, "get_runtime_param"):
        return
    _TyperParameter.get_runtime_param = _runtime_param  # type: ignore[method-assign]
