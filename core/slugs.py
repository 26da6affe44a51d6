"""Unicode slugs that no other row has: "AI반도체 혁신센터" gives
"ai반도체-혁신센터", then "ai반도체-혁신센터-2". Shared by every model with a
slug (articles, categories, tags, people); knows no model of its own."""

from django.utils.text import slugify

SLUG_MAX_LENGTH = 200


def slug_base(text: str, fallback: str = "article") -> str:
    """A Unicode slug for `text`: "AI반도체 혁신센터" gives "ai반도체-혁신센터"; a
    text with no letters at all gives `fallback`."""
    return slugify(text, allow_unicode=True)[:SLUG_MAX_LENGTH].strip("-") or fallback


def first_free_slug(base: str, taken) -> str:
    """`base`, or `base` with "-2", "-3", ... appended, whichever `taken` lacks."""
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        suffix = f"-{n}"
        candidate = base[: SLUG_MAX_LENGTH - len(suffix)] + suffix
    return candidate


def unique_slug(model, text: str, *, exclude_pk=None, fallback: str = "article") -> str:
    """A slug for `text` that no other row of `model` uses."""
    base = slug_base(text, fallback)
    taken = model._default_manager.filter(slug__startswith=base)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    return first_free_slug(base, set(taken.values_list("slug", flat=True)))
