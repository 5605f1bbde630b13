"""A partner's acronym in each language ("OIT" in Spanish, "ILO" in English; issue 13).

The single acronym each partner had becomes the same acronym in every language; the seed
loader then writes the seeded partners' acronyms per language (data/acronyms.json).
"""

from django.db import migrations

import alliance87.core.content

LANGUAGES = ("en", "es", "fr", "pt")


def to_each_language(apps, schema_editor):
    Partner = apps.get_model("partners", "Partner")
    for partner in Partner.objects.exclude(acronym=""):
        partner.acronym_by_language = dict.fromkeys(LANGUAGES, partner.acronym)
        partner.save(update_fields=["acronym_by_language"])


def to_one(apps, schema_editor):
    Partner = apps.get_model("partners", "Partner")
    for partner in Partner.objects.all():
        values = partner.acronym_by_language or {}
        partner.acronym = (values.get("en") or next(iter(values.values()), ""))[:40]
        partner.save(update_fields=["acronym"])


class Migration(migrations.Migration):
    dependencies = [("partners", "0009_verbose_names")]

    operations = [
        migrations.AddField(
            model_name="partner",
            name="acronym_by_language",
            field=alliance87.core.content.MultilingualField(
                blank=True, default=dict, verbose_name="acronym"
            ),
        ),
        migrations.RunPython(to_each_language, to_one),
        migrations.RemoveField(model_name="partner", name="acronym"),
        migrations.RenameField(
            model_name="partner", old_name="acronym_by_language", new_name="acronym"
        ),
    ]
