"""An event's city in each language ("Nueva York" only on Spanish pages; issue 13).

Each event's city, written in one language, becomes that text in Spanish, marked as the
original: the seeded events are Spanish (the seed documents), and an event has no language of
its own. The seed loader then writes the seeded events' cities in every language; an editor
adds the others on the event's form.
"""

from django.db import migrations

import alliance87.core.content

ORIGINAL = "es"


def to_each_language(apps, schema_editor):
    Event = apps.get_model("knowledge", "Event")
    for event in Event.objects.exclude(city=""):
        event.city_by_language = {ORIGINAL: event.city, "_original": ORIGINAL}
        event.save(update_fields=["city_by_language"])


def to_one(apps, schema_editor):
    Event = apps.get_model("knowledge", "Event")
    for event in Event.objects.all():
        values = event.city_by_language or {}
        event.city = (values.get(ORIGINAL) or values.get("en") or "")[:100]
        event.save(update_fields=["city"])


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0002_search_backend")]

    operations = [
        migrations.AddField(
            model_name="event",
            name="city_by_language",
            field=alliance87.core.content.MultilingualField(
                blank=True, default=dict, verbose_name="city"
            ),
        ),
        migrations.RunPython(to_each_language, to_one),
        migrations.RemoveField(model_name="event", name="city"),
        migrations.RenameField(model_name="event", old_name="city_by_language", new_name="city"),
    ]
