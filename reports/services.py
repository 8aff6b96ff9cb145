"""Writes on plans and their targets (indicators.md, "Targets and status"): only admins.

Pages and the API both call these; each validates with full_clean inside one
transaction, so a plan is never left half-written. plan_create / plan_update belong to
the API helper (H3) and sit beside plan_clone here.
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.scope import ensure_admin
from core.services import delete_record, update_record, validated_save
from reports.models import INDICATOR_CODES, Plan, Target


def plan_clone(plan: Plan, *, actor, code: str, title: str | None = None) -> Plan:
    """A copy of `plan` for the next year: same unit, legal basis, document settings and
    targets, baseline and target years shifted by one, a new code. The title's year is
    shifted too unless given."""
    ensure_admin(actor)
    code = (code or "").strip()
    if not code:
        raise ValidationError({"code": [_("Hãy nhập mã cho kế hoạch mới.")]})
    if Plan.objects.filter(code=code).exists():
        raise ValidationError({"code": [_("Mã kế hoạch “%(code)s” đã được dùng.") % {"code": code}]})
    if not title:
        old, new = str(plan.target_year), str(plan.target_year + 1)
        title = (re.sub(rf"\b{old}\b", new, plan.title) if re.search(rf"\b{old}\b", plan.title)
                 else f"{plan.title} ({_('năm')} {new})")
    with transaction.atomic():
        clone = validated_save(
            Plan(code=code, title=title, unit_id=plan.unit_id, legal_basis=plan.legal_basis,
                 baseline_year=plan.baseline_year + 1, target_year=plan.target_year + 1,
                 **{name: getattr(plan, name) for name in Plan.DOCUMENT_FIELDS}),
            actor=actor,
        )
        for target in plan.targets.order_by("position", "pk"):
            validated_save(
                Target(plan=clone, indicator=target.indicator, comparator=target.comparator,
                       low=target.low, high=target.high, position=target.position),
                actor=actor,
            )
    return clone


# --- Plans with their targets, written together (the API's nested `targets`). ---

TARGET_FIELDS = ("indicator", "comparator", "low", "high")


def _replace_targets(plan: Plan, targets: list[dict], *, actor) -> None:
    """Delete the plan's targets and write `targets` in their order (Target.position).

    Errors come back as {"targets": [{field: [...]}, …]}, one object per target (empty
    for a valid one), so a client sees which line of its list is wrong.
    """
    errors: list[dict] = [{} for _target in targets]
    seen: set[str] = set()
    for index, data in enumerate(targets):
        code = data.get("indicator")
        if code not in INDICATOR_CODES:
            errors[index]["indicator"] = [_("Không có chỉ tiêu mã “%(code)s”.") % {"code": code}]
        elif code in seen:
            errors[index]["indicator"] = [_("Kế hoạch đã có chỉ tiêu này.")]
        seen.add(code)
    plan.targets.all().delete()
    for index, data in enumerate(targets):
        if errors[index]:
            continue
        target = Target(plan=plan, position=index, **{k: data.get(k) for k in TARGET_FIELDS})
        try:
            validated_save(target, actor=actor)
        except ValidationError as exc:
            errors[index] = {field: list(messages) for field, messages in exc.message_dict.items()}
    if any(errors):
        # Django flattens nested errors; pages read the flat sentences, the API the
        # per-target objects (`api_errors`, shaped by core.api.exception_handler).
        flat = [_("Chỉ tiêu thứ %(n)s – %(field)s: %(message)s") % {"n": i + 1, "field": f, "message": m}
                for i, e in enumerate(errors) for f, ms in e.items() for m in ms]
        exc = ValidationError({"targets": flat})
        exc.api_errors = {"targets": errors}
        raise exc


def plan_create(*, actor, data: dict, targets: list[dict] | None = None) -> Plan:
    """A plan and its targets in one transaction (admins only)."""
    ensure_admin(actor)
    with transaction.atomic():
        plan = validated_save(Plan(**data), actor=actor)
        _replace_targets(plan, targets or [], actor=actor)
    return plan


def plan_update(plan: Plan, *, actor, changes: dict, expected_version: int | None,
                targets: list[dict] | None = None) -> Plan:
    """Change a plan; `targets`, when given, replaces all its targets (None keeps them)."""
    ensure_admin(actor)
    with transaction.atomic():
        plan = update_record(plan, changes=changes, expected_version=expected_version, actor=actor)
        if targets is not None:
            _replace_targets(plan, targets, actor=actor)
    return plan


def plan_delete(plan: Plan, *, actor) -> None:
    """Delete a plan with its targets (they are part of it)."""
    ensure_admin(actor)
    delete_record(plan, actor=actor)
