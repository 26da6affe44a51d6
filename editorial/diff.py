"""A staged change as editors read it: field by field, the visible text
(not the HTML) with deletions and insertions marked word by word."""

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.models import Article, Category
from search.tokenizer import html_to_text

from .services import CONTENT_FIELDS, changed_fields

HTML_FIELDS = {"body"}
BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|pre|figcaption|tr)>|<br\s*/?>", re.IGNORECASE)


def visible_text(html: str) -> str:
    """What a reader reads of `html`: its text, one line per paragraph."""
    return "\n".join(
        line.strip() for line in html_to_text(BLOCK_END.sub("\n", html)).splitlines()
    ).strip()


def _display(name: str, value, category_names: dict) -> str:
    if name == "categories":
        return ", ".join(category_names.get(pk, f"#{pk}") for pk in value or [])
    if name in HTML_FIELDS:
        return visible_text(value or "")
    return str(value or "")


def word_diff(old: str, new: str) -> str:
    """HTML: `old` turned into `new`, removed words in <del>, added in <ins>."""
    a, b = re.split(r"(\s+)", old), re.split(r"(\s+)", new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out))  # every piece is escaped above


def field_diffs(staged, live: dict | None = None) -> list[dict]:
    """Each changed field: {"name", "label", "old", "new", "diff"} against the
    values the change started from."""
    fields = changed_fields(staged)
    ids = set(staged.base.get("categories") or []) | set(staged.content.get("categories") or [])
    names = dict(Category.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    rows = []
    for name in CONTENT_FIELDS:
        if name not in fields:
            continue
        old = _display(name, staged.base.get(name), names)
        new = _display(name, staged.content.get(name), names)
        rows.append(
            {
                "name": name,
                "label": Article._meta.get_field(name).verbose_name,
                "old": old,
                "new": new,
                "diff": word_diff(old, new),
            }
        )
    return rows
