"""The search backend's own structures: an FTS5 table on SQLite, the GIN index of the stored
``tsvector`` on PostgreSQL (alliance87.knowledge.search.backends)."""

from django.db import migrations


def install(apps, schema_editor):
    from alliance87.knowledge.search import backends

    backends.install()


def uninstall(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "sqlite":
            cursor.execute("DROP TABLE IF EXISTS knowledge_fts")
        else:
            cursor.execute("DROP INDEX IF EXISTS knowledge_searchtext_vector")


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]
    operations = [migrations.RunPython(install, uninstall)]
