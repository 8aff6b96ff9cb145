"""Units get the folded `search_text` the other searchable models have (core.text), filled
for the units already stored, so the unit pickers find names typed without accents."""

from django.db import migrations, models

from core.text import fold


def fill(apps, schema_editor):
    unit_model = apps.get_model("units", "AdministrativeUnit")
    units = list(unit_model.objects.using(schema_editor.connection.alias).only("pk", "name", "code"))
    for unit in units:
        unit.search_text = fold(f"{unit.name} {unit.code}")
    unit_model.objects.using(schema_editor.connection.alias).bulk_update(units, ["search_text"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("units", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="administrativeunit",
            name="search_text",
            field=models.CharField(default="", editable=False, max_length=300),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
