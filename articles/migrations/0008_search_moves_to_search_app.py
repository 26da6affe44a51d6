# The search index moved to the search app (the database's own full-text
# engine): the term table goes, and existing articles are indexed there. The
# terms were derived data, so nothing is carried over.

from django.db import migrations


def index_existing_articles(apps, schema_editor):
    from articles.search_index import documents
    from search.indexing import rebuild

    Article = apps.get_model("articles", "Article")
    rebuild(documents(Article.objects.all()), using=schema_editor.connection.alias)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0007_article_expires_at_idx'),
        ('search', '0001_initial'),
    ]

    operations = [
        migrations.DeleteModel(
            name='ArticleSearchTerm',
        ),
        migrations.RunPython(index_existing_articles, migrations.RunPython.noop),
    ]
