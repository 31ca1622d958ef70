"""Reading JSON out of a model's answer when the server does not enforce structured output."""

from __future__ import annotations

import json
import re
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

ModelT = TypeVar("ModelT", bound=BaseModel)

_FENCE = re.compile(r"```(?:json|JSON)?\s*\n?(.*?)```", re.DOTALL)


def extract_json(text: str) -> Any:
    """The first JSON value in `text`: the whole text, a ```json fence, or JSON inside prose.

    Raises ValueError when there is none.
    """
    text = (text or "").strip()
    if not text:
        raise ValueError("empty answer")
    try:
        return json.loads(text)
    except ValueError:
        pass
    for block in _FENCE.findall(text):
        try:
            return json.loads(block.strip())
        except ValueError:
            continue
    decoder = json.JSONDecoder()
    for match in re.finditer(r"[\[{]", text):
        try:
            value, _ = decoder.raw_decode(text, match.start())
        except ValueError:
            continue
        return value
    raise ValueError("no JSON in answer")


def parse_structured(text: str, schema: type[ModelT]) -> ModelT:
    """`text` read as `schema`, tolerating prose and code fences; raises ValueError if it can't.

    A bare list is accepted for a schema whose only field is a list (small models often answer
    `[...]` for `{"items": [...]}`).
    """
    value = extract_json(text)
    if isinstance(value, list):
        fields = schema.model_fields
        if len(fields) == 1:
            ((name, field),) = fields.items()
            if typing.get_origin(field.annotation) is list:
                value = {name: value}
    try:
        return schema.model_validate(value)
    except ValidationError as err:
        raise ValueError(f"answer does not fit {schema.__name__}") from err


def schema_instruction(schema: type[BaseModel]) -> str:
    """A line asking for JSON that fits `schema`, for servers without structured output."""
    return (
        "Answer with one JSON object only, no prose and no code fence, matching this JSON "
        f"schema: {json.dumps(schema.model_json_schema(), separators=(',', ':'))}"
    )
