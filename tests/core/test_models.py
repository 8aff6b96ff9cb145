"""core.models.CleanText: no text field of any registry model may hold a control
character, whichever door the value comes through (every door calls full_clean)."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from core.models import CleanText
from imports.models import PendingImport

PROJECT_APPS = {"core", "units", "accounts", "cooperatives", "ocop", "reports", "imports", "demo"}
# Written by code only (an upload's name and kind while it waits for confirmation), never
# edited by a person, never exported.
NOT_REGISTRY = {PendingImport}


def text_fields() -> list:
    found = []
    for model in apps.get_models():
        if (model._meta.app_label not in PROJECT_APPS or model in NOT_REGISTRY
                or model.__name__.startswith("Historical")):  # history rows copy validated records
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                found.append(pytest.param(model, field, id=f"{model.__name__}.{field.name}"))
    return found


def errors_of(model, field, value) -> list[str]:
    instance = model()
    setattr(instance, field.attname, value)
    others = [f.name for f in model._meta.fields if f.name != field.name]
    try:
        instance.clean_fields(exclude=others)
    except ValidationError as exc:
        return exc.message_dict.get(field.name, [])
    return []


def test_every_registry_model_mixes_the_rule_in():
    registry = {p.values[0] for p in text_fields()}
    assert len(registry) >= 10
    assert all(issubclass(model, CleanText) for model in registry)


@pytest.mark.parametrize(("model", "field"), text_fields())
def test_a_control_character_is_refused_naming_the_field(model, field):
    messages = errors_of(model, field, "Mẫu\x01thử\x9f")
    assert any("U+0001, U+009F" in m and str(field.verbose_name) in m for m in messages), messages


@pytest.mark.parametrize(("model", "field"), text_fields())
def test_line_breaks_are_for_multi_line_fields_only(model, field):
    messages = errors_of(model, field, "dòng 1\r\ndòng 2\tcột")
    control = [m for m in messages if "U+" in m]
    if isinstance(field, models.TextField):
        assert control == []
    else:
        assert control
        assert "U+000D, U+000A, U+0009" in control[0]
