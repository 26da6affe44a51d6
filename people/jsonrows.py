"""Related rows read inside the parent row's own query, as a JSON list.

A public page may run six queries in all; a list every card or article page
shows (its bylines, its tags) would cost one more each as a prefetch. As a
scalar subquery of the parent's query it costs none.

The subquery's SQL is written here from the models' table and column names
rather than built with the ORM: a Subquery with JSONObject costs about 0.4 ms
of Python to build and compile on every request, a third of what an article
page's own queries cost; this costs next to nothing. (A database helper with
no model of its own: it belongs in a `core` app once there is one.)
"""

import json

from django.db.models import Expression, JSONField


class JSONRows(Expression):
    """`(SELECT <JSON array of objects> FROM <source> WHERE <link> = <outer pk>)`.

    `source` is a table (a model) with an optional inner join on a foreign key
    of it; `fields` maps each key of the objects to `(model, field name)`. The
    order of the elements is not guaranteed (SQLite before 3.44 has no ORDER BY
    inside an aggregate): give a position and sort after. SQLite gives `[]`
    for no rows, PostgreSQL NULL; `loads()` reads both."""

    output_field = JSONField()
    contains_aggregate = False

    def __init__(self, model, *, link: str, join: str | None = None, fields: dict):
        super().__init__()
        self.model, self.link, self.join, self.fields = model, link, join, fields

    def __repr__(self):
        return f"{type(self).__name__}({self.model.__name__}, fields={list(self.fields)})"

    def get_group_by_cols(self):
        return []

    def as_sql(self, compiler, connection):
        qn = connection.ops.quote_name
        meta = self.model._meta
        tables = {self.model: "r0"}
        source = f"{qn(meta.db_table)} r0"
        if self.join:
            foreign_key = meta.get_field(self.join)
            target = foreign_key.related_model
            tables[target] = "r1"
            source += (
                f" INNER JOIN {qn(target._meta.db_table)} r1"
                f" ON r1.{qn(target._meta.pk.column)} = r0.{qn(foreign_key.column)}"
            )
        pairs = ", ".join(
            f"'{key}', {tables[model]}.{qn(model._meta.get_field(name).column)}"
            for key, (model, name) in self.fields.items()
        )
        if connection.vendor == "postgresql":
            rows = f"JSONB_AGG(JSONB_BUILD_OBJECT({pairs}))"
        else:
            rows = f"JSON_GROUP_ARRAY(JSON_OBJECT({pairs}))"
        outer_pk = compiler.query.get_meta().pk.column
        outer = f"{qn(compiler.query.base_table)}.{qn(outer_pk)}"
        link = qn(meta.get_field(self.link).column)
        return f"(SELECT {rows} FROM {source} WHERE r0.{link} = {outer})", []


def loads(value) -> list[dict]:
    """The rows `JSONRows` gave (the drivers hand JSON over as text or parsed)."""
    if not value:
        return []
    return json.loads(value) if isinstance(value, str) else list(value)
