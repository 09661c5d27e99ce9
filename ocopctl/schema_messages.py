"""pydantic's own validation errors (OC005) told in Vietnamese or English.

pydantic writes its messages in English only. Its error ``type`` is stable, so each type we
meet maps to a ``Msg`` whose English text is exactly pydantic's message, with the error's
``ctx`` as named parameters: ``--lang en`` prints what pydantic printed, byte for byte, and
Vietnamese gets a sentence of its own. When pydantic changes a wording (the English we build
no longer equals its ``msg``), or for a type not listed, ``message`` falls back to a Vietnamese
sentence around pydantic's English detail, whose English is that detail unchanged.

Our own validators raise ``ValueError(Msg(...))`` or ``PydanticCustomError(type, "{message}",
{"message": Msg(...)})``; their message is that ``Msg``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ocopctl.i18n import Msg

Builder = Callable[[dict[str, Any]], Msg]


def _plural(n: Any) -> bool:
    return bool(n != 1)


def _items(ctx: dict[str, Any], bound: str, at_least: bool) -> Msg:
    n, field_type, actual = ctx.get(bound), ctx.get("field_type", "Value"), ctx.get("actual_length")
    if at_least:
        if _plural(n):
            return Msg("{field_type} should have at least {min_length} items after validation, not {actual_length}",
                       field_type=field_type, min_length=n, actual_length=actual)
        return Msg("{field_type} should have at least {min_length} item after validation, not {actual_length}",
                   field_type=field_type, min_length=n, actual_length=actual)
    if _plural(n):
        return Msg("{field_type} should have at most {max_length} items after validation, not {actual_length}",
                   field_type=field_type, max_length=n, actual_length=actual)
    return Msg("{field_type} should have at most {max_length} item after validation, not {actual_length}",
               field_type=field_type, max_length=n, actual_length=actual)


def _chars(ctx: dict[str, Any], at_least: bool) -> Msg:
    if at_least:
        n = ctx.get("min_length")
        return Msg("String should have at least {min_length} characters", min_length=n) if _plural(n) \
            else Msg("String should have at least {min_length} character", min_length=n)
    n = ctx.get("max_length")
    return Msg("String should have at most {max_length} characters", max_length=n) if _plural(n) \
        else Msg("String should have at most {max_length} character", max_length=n)


def _choices(expected: Any) -> str:
    """pydantic's "'a', 'b' or 'c'", with its "or" told in the language in force."""
    text = str(expected)
    if " or " not in text:
        return text
    head, last = text.rsplit(" or ", 1)
    return Msg("{choices} or {last}", choices=head, last=last)


def _value_error(ctx: dict[str, Any]) -> Msg:
    error = ctx.get("error")
    detail = error.args[0] if isinstance(error, ValueError) and error.args else error
    return Msg("Value error, {error}", error=detail if isinstance(detail, Msg) else str(error))


def _fixed(msgid: str) -> Builder:
    return lambda ctx: Msg(msgid)


MESSAGES: dict[str, Builder] = {
    "missing": _fixed(Msg("Field required")),
    "extra_forbidden": _fixed(Msg("Extra inputs are not permitted")),
    "int_type": _fixed(Msg("Input should be a valid integer")),
    "int_parsing": _fixed(Msg("Input should be a valid integer, unable to parse string as an integer")),
    "int_from_float": _fixed(Msg("Input should be a valid integer, got a number with a fractional part")),
    "float_type": _fixed(Msg("Input should be a valid number")),
    "float_parsing": _fixed(Msg("Input should be a valid number, unable to parse string as a number")),
    "finite_number": _fixed(Msg("Input should be a finite number")),
    "decimal_type": _fixed(Msg("Decimal input should be an integer, float, string or Decimal object")),
    "decimal_parsing": _fixed(Msg("Input should be a valid decimal")),
    "string_type": _fixed(Msg("Input should be a valid string")),
    "string_unicode": _fixed(Msg("Input should be a valid string, unable to parse raw data as a unicode string")),
    "bool_type": _fixed(Msg("Input should be a valid boolean")),
    "bool_parsing": _fixed(Msg("Input should be a valid boolean, unable to interpret input")),
    "list_type": _fixed(Msg("Input should be a valid list")),
    "tuple_type": _fixed(Msg("Input should be a valid tuple")),
    "set_type": _fixed(Msg("Input should be a valid set")),
    "dict_type": _fixed(Msg("Input should be a valid dictionary")),
    "none_required": _fixed(Msg("Input should be None")),
    "date_type": _fixed(Msg("Input should be a valid date")),
    "model_attributes_type": _fixed(Msg("Input should be a valid dictionary or object to extract fields from")),
    "model_type": lambda ctx: Msg("Input should be a valid dictionary or instance of {class_name}",
                                  class_name=ctx.get("class_name")),
    "dataclass_type": lambda ctx: Msg("Input should be a dictionary or an instance of {class_name}",
                                      class_name=ctx.get("class_name")),
    "is_instance_of": lambda ctx: Msg("Input should be an instance of {class_name}", class_name=ctx.get("class")),
    "literal_error": lambda ctx: Msg("Input should be {expected}", expected=_choices(ctx.get("expected"))),
    "enum": lambda ctx: Msg("Input should be {expected}", expected=_choices(ctx.get("expected"))),
    "string_pattern_mismatch": lambda ctx: Msg("String should match pattern '{pattern}'", pattern=ctx.get("pattern")),
    "greater_than": lambda ctx: Msg("Input should be greater than {gt}", gt=ctx.get("gt")),
    "greater_than_equal": lambda ctx: Msg("Input should be greater than or equal to {ge}", ge=ctx.get("ge")),
    "less_than": lambda ctx: Msg("Input should be less than {lt}", lt=ctx.get("lt")),
    "less_than_equal": lambda ctx: Msg("Input should be less than or equal to {le}", le=ctx.get("le")),
    "multiple_of": lambda ctx: Msg("Input should be a multiple of {multiple_of}", multiple_of=ctx.get("multiple_of")),
    "too_short": lambda ctx: _items(ctx, "min_length", True),
    "too_long": lambda ctx: _items(ctx, "max_length", False),
    "string_too_short": lambda ctx: _chars(ctx, True),
    "string_too_long": lambda ctx: _chars(ctx, False),
    "date_parsing": lambda ctx: Msg("Input should be a valid date in the format YYYY-MM-DD, {error}",
                                    error=ctx.get("error")),
    "date_from_datetime_parsing": lambda ctx: Msg("Input should be a valid date or datetime, {error}",
                                                  error=ctx.get("error")),
    "union_tag_invalid": lambda ctx: Msg("Input tag {tag} found using {discriminator} does not match any of the "
                                         "expected tags: {expected_tags}", tag=repr(ctx.get("tag")),
                                         discriminator=ctx.get("discriminator"),
                                         expected_tags=ctx.get("expected_tags")),
    "union_tag_not_found": lambda ctx: Msg("Unable to extract tag using discriminator {discriminator}",
                                           discriminator=ctx.get("discriminator")),
    "value_error": _value_error,
}


def message(err: dict[str, Any]) -> Msg:
    """The message of one pydantic error (from ``ValidationError.errors()``), in either language."""
    ctx = err.get("ctx") or {}
    english = str(err.get("msg", ""))
    own = ctx.get("message")
    if isinstance(own, Msg) and str(own) == english:  # a PydanticCustomError of ours
        return own
    build = MESSAGES.get(str(err.get("type")))
    if build is not None:
        try:
            msg = build(ctx)
        except (KeyError, IndexError, ValueError):
            msg = None
        if msg is not None and str(msg) == english:
            return msg
    return Msg("{pydantic_error}", pydantic_error=english)
