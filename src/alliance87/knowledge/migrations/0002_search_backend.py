"""The search backend's own structures: an FTS5 table on SQLite, GIN indexes per language on
PostgreSQL (alliance87.knowledge.search.backends)."""

from django.db import migrations


def install(apps, schema_editor):
    from alliance87.knowledge.search import backends

    backends.install()


def uninstall(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "sqlite":
            cursor.execute("DROP TABLE IF EXISTS knowledge_fts")
        else:
            for lang in ("en", "es", "fr", "pt"):
                cursor.execute(f"DROP INDEX IF EXISTS knowledge_searchtext_tsv_{lang}")


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]
    operations = [migrations.RunPython(install, uninstall)]
