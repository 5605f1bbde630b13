"""A meeting's place and city in each language ("Nueva York" only on Spanish pages; issue 13).

Each meeting's place and city, written in one language, become that text in the meeting's
language (its original); the seed loader then writes the seeded meeting's in every language.
"""

from django.db import migrations

import alliance87.core.content


def to_each_language(apps, schema_editor):
    Meeting = apps.get_model("governance", "Meeting")
    for meeting in Meeting.objects.all():
        lang = meeting.language or "en"
        for name in ("place", "city"):
            text = getattr(meeting, name)
            setattr(meeting, f"{name}_by_language", {lang: text, "_original": lang} if text else {})
        meeting.save(update_fields=["place_by_language", "city_by_language"])


def to_one(apps, schema_editor):
    Meeting = apps.get_model("governance", "Meeting")
    for meeting in Meeting.objects.all():
        for name, length in (("place", 300), ("city", 100)):
            values = getattr(meeting, f"{name}_by_language") or {}
            text = values.get(meeting.language) or values.get("en") or ""
            setattr(meeting, name, text[:length])
        meeting.save(update_fields=["place", "city"])


class Migration(migrations.Migration):
    dependencies = [("governance", "0007_verbose_names")]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="place_by_language",
            field=alliance87.core.content.MultilingualField(
                blank=True, default=dict, verbose_name="place"
            ),
        ),
        migrations.AddField(
            model_name="meeting",
            name="city_by_language",
            field=alliance87.core.content.MultilingualField(
                blank=True, default=dict, verbose_name="city"
            ),
        ),
        migrations.RunPython(to_each_language, to_one),
        migrations.RemoveField(model_name="meeting", name="place"),
        migrations.RemoveField(model_name="meeting", name="city"),
        migrations.RenameField(
            model_name="meeting", old_name="place_by_language", new_name="place"
        ),
        migrations.RenameField(model_name="meeting", old_name="city_by_language", new_name="city"),
    ]
