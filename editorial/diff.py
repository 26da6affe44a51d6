"""A staged change as editors read it: field by field, the visible text
(not the HTML) with deletions and insertions marked word by word."""

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from images.models import Image
from people.models import Person
from search.tokenizer import html_to_text

from .services import BYLINES, CONTENT_FIELDS, LINK_FIELDS, changed_fields, field_label

HTML_FIELDS = {"body"}
BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|pre|figcaption|tr)>|<br\s*/?>", re.IGNORECASE)


def visible_text(html: str) -> str:
    """What a reader reads of `html`: its text, one line per paragraph."""
    return "\n".join(
        line.strip() for line in html_to_text(BLOCK_END.sub("\n", html)).splitlines()
    ).strip()


def _display(name: str, value, names: dict) -> str:
    if name in LINK_FIELDS or name == BYLINES:
        # " · " between names: the word diff then marks whole names.
        return " · ".join(names[name].get(pk, f"#{pk}") for pk in value or [])
    if name == "hero":
        return names["hero"].get(value, f"#{value}") if value else ""
    if name in HTML_FIELDS:
        return visible_text(value or "")
    return str(value or "")


def _names(model, fields, name, staged) -> dict:
    """{pk: name} of the `model` rows field `name` names before or after, when it changed."""
    if name not in fields:
        return {}
    ids = set()
    for side in (staged.base, staged.content):
        value = side.get(name)
        ids |= set(value) if isinstance(value, list) else {value} - {None}
    rows = model.objects.filter(pk__in=ids)
    if model is Image:  # an image by its caption, else its file's name
        return {image.pk: image.caption or image.file.name.rsplit("/", 1)[-1] for image in rows}
    return dict(rows.values_list("pk", "name"))


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
    names = {
        name: _names(model, fields, name, staged)
        for name, model in {**LINK_FIELDS, "hero": Image, BYLINES: Person}.items()
    }
    rows = []
    for name in CONTENT_FIELDS:
        if name not in fields:
            continue
        old = _display(name, staged.base.get(name), names)
        new = _display(name, staged.content.get(name), names)
        rows.append(
            {
                "name": name,
                "label": field_label(name),
                "old": old,
                "new": new,
                "diff": word_diff(old, new),
            }
        )
    return rows
