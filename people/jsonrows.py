"""Related rows read inside the parent row's own query, as a JSON list.

A public page may run six queries in all; a list every card or article page
shows (its bylines, its tags) would cost one more each as a prefetch. As a
scalar subquery of the parent's query it costs none. (A database helper with
no model of its own: it belongs in a `core` app once there is one.)
"""

import json

from django.db.models import Aggregate, F, JSONField, Subquery
from django.db.models.functions import JSONObject


class JSONList(Aggregate):
    """The aggregated values as one JSON array (json_group_array on SQLite,
    jsonb_agg on PostgreSQL). The order of the elements is not guaranteed
    (SQLite before 3.44 has no ORDER BY inside an aggregate): sort after."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


def json_rows(queryset, *, group_by: str, **fields) -> Subquery:
    """A scalar subquery: `fields` (names to field paths) of each row of
    `queryset` (filtered to the outer row with OuterRef, grouped by
    `group_by`, the field pointing to it) as a JSON list of objects; None
    when there are no rows."""
    rows = (
        queryset.order_by()
        .values(group_by)
        .annotate(rows=JSONList(JSONObject(**{key: F(path) for key, path in fields.items()})))
        .values("rows")
    )
    return Subquery(rows, output_field=JSONField())


def loads(value) -> list[dict]:
    """The rows `json_rows` gave (the drivers hand JSON over as text or parsed)."""
    if not value:
        return []
    return json.loads(value) if isinstance(value, str) else list(value)
