"""Registration codes in their normal form (cooperatives.models.normalize_registration_code),
so a code stored before the rule with fullwidth digits or an invisible character is the
same code as the one officers type now.

Each changed collective gets a new version and a history row saying why. A code whose
normal form another collective already holds is left as it is: the two are probably one
collective registered twice, for an officer to settle (the next save of either asks).
"""

from django.db import migrations
from django.utils import timezone

from cooperatives.models.collectives import normalize_registration_code
from core.text import fold

# Collective.search_fields when this migration was written (the code is one of them).
SEARCH_FIELDS = ("name", "registration_code", "legal_representative", "main_products")


def normalize_codes(apps, schema_editor):
    Collective = apps.get_model("cooperatives", "Collective")
    Historical = apps.get_model("cooperatives", "HistoricalCollective")
    tracked = [f.attname for f in Historical._meta.concrete_fields if not f.name.startswith("history_")]
    now = timezone.now()
    for collective in Collective.objects.exclude(registration_code=None).order_by("pk").iterator():
        code = normalize_registration_code(collective.registration_code)
        if code == collective.registration_code:
            continue
        if code is not None and Collective.objects.filter(registration_code=code).exclude(pk=collective.pk).exists():
            continue
        collective.registration_code = code
        # update(), not save(): the same in this migration's historical models as in tests.
        Collective.objects.filter(pk=collective.pk).update(
            registration_code=code, version=collective.version + 1, updated_at=now,
            search_text=fold(" ".join(str(getattr(collective, f) or "") for f in SEARCH_FIELDS)))
        collective.refresh_from_db()
        Historical.objects.create(
            **{name: getattr(collective, name) for name in tracked},
            history_date=now, history_type="~", history_user=None,
            history_change_reason="normalise registration code",
        )


class Migration(migrations.Migration):

    dependencies = [
        ("cooperatives", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(normalize_codes, migrations.RunPython.noop),
    ]
