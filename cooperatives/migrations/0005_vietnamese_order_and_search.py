"""Names in Vietnamese order (decision 28), collectives found by their kind (decision 27),
and on PostgreSQL the indexes that keep both fast at the country's size: GIN trigram
indexes on `search_text` (pg_trgm, for `LIKE '%word%'`) and B-tree indexes on the names
in the "vi" collation (core migration 0001) for the lists' default order."""

import django.db.models.functions.comparison
from django.contrib.postgres.indexes import GinIndex
from django.db import migrations, models
from django.db.models import Case, F, Value, When
from django.db.models.functions import Collate, Concat, Left

from core.migration_operations import OnPostgreSQL

# What core.models.search_text_of puts first in a collective's search text since this
# migration: its kind's code and Vietnamese label, folded.
KIND_WORDS = {"htx": "htx hop tac xa", "tht": "tht to hop tac", "union": "union lien hiep hop tac xa"}
SEARCH_TEXT_LENGTH = 600


def add_kind_words(apps, schema_editor):
    Collective = apps.get_model("cooperatives", "Collective")
    for kind, words in KIND_WORDS.items():
        Collective.objects.filter(kind=kind).update(search_text=Case(
            When(search_text="", then=Value(words)),
            default=Left(Concat(Value(words + " "), F("search_text")), SEARCH_TEXT_LENGTH),
        ))


def remove_kind_words(apps, schema_editor):
    Collective = apps.get_model("cooperatives", "Collective")
    for kind, words in KIND_WORDS.items():
        collectives = Collective.objects.filter(kind=kind)
        collectives.filter(search_text=words).update(search_text="")
        for collective in collectives.filter(search_text__startswith=words + " ").only("pk", "search_text"):
            Collective.objects.filter(pk=collective.pk).update(search_text=collective.search_text[len(words) + 1:])


def trigram_index(model: str, name: str) -> OnPostgreSQL:
    return OnPostgreSQL(migrations.AddIndex(
        model_name=model, index=GinIndex(fields=["search_text"], opclasses=["gin_trgm_ops"], name=name)))


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_vietnamese_collation_and_trigrams"),
        ("cooperatives", "0004_ethnicity_codes"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='annualreport',
            options={'ordering': ['-year', django.db.models.functions.comparison.Collate('collective__name', 'vi')], 'verbose_name': 'báo cáo năm', 'verbose_name_plural': 'báo cáo năm'},
        ),
        migrations.AlterModelOptions(
            name='collective',
            options={'ordering': [django.db.models.functions.comparison.Collate('name', 'vi')], 'verbose_name': 'tổ chức kinh tế tập thể', 'verbose_name_plural': 'tổ chức kinh tế tập thể'},
        ),
        migrations.AlterModelOptions(
            name='managementrole',
            options={'ordering': [django.db.models.functions.comparison.Collate('collective__name', 'vi'), 'role'], 'verbose_name': 'chức danh quản lý', 'verbose_name_plural': 'cán bộ quản lý'},
        ),
        migrations.AlterModelOptions(
            name='membership',
            options={'ordering': [django.db.models.functions.comparison.Collate('collective__name', 'vi'), django.db.models.functions.comparison.Collate('person__full_name', 'vi')], 'verbose_name': 'tư cách thành viên', 'verbose_name_plural': 'tư cách thành viên'},
        ),
        migrations.AlterModelOptions(
            name='person',
            options={'ordering': [django.db.models.functions.comparison.Collate('full_name', 'vi')], 'verbose_name': 'người', 'verbose_name_plural': 'thành viên, cán bộ'},
        ),
        migrations.RunPython(add_kind_words, remove_kind_words),
        trigram_index("collective", "collective_search_trgm"),
        trigram_index("person", "person_search_trgm"),
        trigram_index("trainingcourse", "trainingcourse_search_trgm"),
        trigram_index("tradeevent", "tradeevent_search_trgm"),
        OnPostgreSQL(migrations.AddIndex(model_name="collective", index=models.Index(
            Collate("name", "vi"), F("id"), name="collective_name_vi"))),
        OnPostgreSQL(migrations.AddIndex(model_name="person", index=models.Index(
            Collate("full_name", "vi"), F("id"), name="person_full_name_vi"))),
    ]
