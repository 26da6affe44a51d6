"""Bylines as readers see them: "최민지 기자", "최민지·김도윤 기자",
"최민지 기자, 김도윤 특파원", "경제부"."""

from dataclasses import dataclass
from itertools import groupby

from django.urls import reverse

from . import jsonrows, names
from .jsonrows import JSONRows


@dataclass(frozen=True)
class Credit:
    """One name in an article's byline, with what the page prints and links."""

    name: str
    title: str
    kind: str
    slug: str

    @property
    def url(self) -> str:
        """The author page; none for a name only printed (an imported byline)."""
        return reverse("articles:person", kwargs={"slug": self.slug}) if self.slug else ""

    @property
    def is_organization(self) -> bool:
        return self.kind == "organization"

    @classmethod
    def of(cls, person) -> "Credit":
        return cls(person.name, person.title, person.kind, person.slug)


def grouped(credits) -> list[tuple[list[Credit], str]]:
    """Neighbours sharing a title print it once, as Korean papers do:
    "최민지·김도윤 기자" (names joined by a middle dot, the title after the
    last), and groups with different titles are separated by commas:
    "최민지 기자, 김도윤 특파원". A desk prints its name alone."""
    return [
        (list(group), title)
        for (title, _), group in groupby(credits, key=lambda c: (c.title, c.is_organization))
    ]


def byline_text(credits) -> str:
    return ", ".join(
        " ".join(filter(None, ["·".join(c.name for c in group), title]))
        for group, title in grouped(credits)
    )


def credits_rows(byline_model) -> JSONRows:
    """The credits of an article's bylines (rows of `byline_model` pointing to
    their article through `article` and to a Person through `person`), as
    JSON in the article's own row, read by `credits_from_json`."""
    person = byline_model._meta.get_field("person").related_model
    fields = {name: (person, name) for name in CREDIT_FIELDS}
    fields |= {"position": (byline_model, "position"), "pk": (byline_model, "id")}
    return JSONRows(byline_model, link="article", join="person", fields=fields)


CREDIT_FIELDS = ("name", "title", "kind", "slug")


def credits_json_of(people) -> list[dict]:
    """`people` in this order, as the rows `credits_rows` reads from the
    database: for an article shown with bylines not saved yet (a preview)."""
    return [
        {**{name: getattr(person, name) for name in CREDIT_FIELDS}, "position": n, "pk": n}
        for n, person in enumerate(people)
    ]


def credits_from_json(value) -> list[Credit]:
    rows = sorted(jsonrows.loads(value), key=lambda row: (row["position"], row["pk"]))
    return [Credit(row["name"], row["title"], row["kind"], row["slug"]) for row in rows]


def credits_from_text(text: str) -> list[Credit]:
    """The names of a printed byline ("홍길동·김철수 기자") as credits with no
    author page."""
    return [
        Credit(
            name, title, "organization" if names.looks_like_organization(name) else "person", ""
        )
        for name, title in names.parse_byline(text)
    ]
