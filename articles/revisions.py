"""What a stored revision of an article holds, compared with the article now.

Revisions are django-reversion's (registered in apps.py). Restoring brings back
the content fields below through the ordinary change form, so a restore passes
every check a save passes (permissions, concurrent edits, slug redirects).
Publication state (status, times) and authorship are not restored: publishing
stays a separate, permissioned and audited step.
"""

import difflib

from .models import Article

RESTORABLE_FIELDS = [
    "title",
    "slug",
    "excerpt",
    "feature_text",
    "body",
    "hero_image_url",
    "hero_image_alt",
    "hero_image_decorative",
    "categories",
    "byline",
]


def restorable_values(version) -> dict:
    """The form's initial data for restoring `version`."""
    stored = version.field_dict
    return {name: stored[name] for name in RESTORABLE_FIELDS if name in stored}


def changes_since(version, article: Article) -> list[dict]:
    """Each restorable field that differs between `version` and `article` now:
    {"label", "then", "now", "diff"} (a line diff for long texts)."""
    now = {name: getattr(article, name) for name in RESTORABLE_FIELDS if name != "categories"}
    now["categories"] = sorted(article.categories.values_list("pk", flat=True))
    then = restorable_values(version)
    then["categories"] = sorted(then.get("categories", []))
    rows = []
    for name in RESTORABLE_FIELDS:
        if name not in then or then[name] == now[name]:
            continue
        label = Article._meta.get_field(name).verbose_name
        old, new = then[name], now[name]
        if name == "categories":
            names = dict(article.categories.model.objects.values_list("pk", "name"))
            old = ", ".join(names.get(pk, f"#{pk}") for pk in old)
            new = ", ".join(names.get(pk, f"#{pk}") for pk in new)
        diff = ""
        if name in ("body", "feature_text", "excerpt"):
            diff = "\n".join(
                difflib.unified_diff(
                    str(old).replace(">", ">\n").splitlines(),
                    str(new).replace(">", ">\n").splitlines(),
                    "this version",
                    "now",
                    lineterm="",
                )
            )
        rows.append({"label": label, "then": old, "now": new, "diff": diff})
    return rows
