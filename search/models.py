from django.db import models
from django.utils.translation import gettext_lazy as _


class RowKeyField(models.BigIntegerField):
    """A 64-bit key that SQLite keeps as the table's rowid ("integer primary
    key"), so that FTS5 can use it as its own rowid without a second index."""

    def db_type(self, connection):
        if connection.vendor == "sqlite":
            return "integer"
        return super().db_type(connection)


class SearchDocument(models.Model):
    """An article as search sees it: its tokens (search/tokenizer.py), keyed by
    recency so the engines can hand out the newest matches first.

    Derived data, written only by search/indexing.py and rebuilt by
    `manage.py rebuild_search_index`. The database's own full-text index hangs
    off this table (search/backends.py): on SQLite an FTS5 table over it, kept
    in step by triggers; on PostgreSQL a `tsv` column with a GIN index. Neither
    is part of Django's model state; a migration that makes Django copy this
    table (SQLite's way of altering one) must install them again.
    """

    recency = RowKeyField(primary_key=True)
    article_id = models.BigIntegerField(unique=True)
    title = models.TextField()
    body = models.TextField()

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self):
        return f"article {self.article_id}"
