# Search indexes the names on an article too (its bylines and tags): index
# every existing article again. Derived data, so nothing to undo.

from django.db import migrations


def index_names(apps, schema_editor):
    from articles.search_index import documents
    from search.indexing import rebuild

    Article = apps.get_model("articles", "Article")
    rebuild(documents(Article.objects.all()), using=schema_editor.connection.alias)


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0015_audit_actions_merged"),
        ("people", "0002_sort_name_help"),
    ]

    operations = [migrations.RunPython(index_names, migrations.RunPython.noop)]
