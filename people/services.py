"""Finding and making people."""

from django.db import transaction

from . import names
from .models import Person


@transaction.atomic
def person_for_byline(name: str) -> Person:
    """The person a byline name stands for, made when there is none yet.

    "최민지 기자" finds (or makes) 최민지 with the title 기자; a desk name
    ("경제부", "Economy Desk") is made an organization. Several people with
    one name: the oldest profile is taken."""
    name, title = names.split_title(name)
    if not name:
        raise ValueError("A byline needs a name.")
    person = Person.objects.filter(name=name).order_by("pk").first()
    if person is None:
        kind = (
            Person.Kind.ORGANIZATION if names.looks_like_organization(name) else Person.Kind.PERSON
        )
        person = Person.objects.create(name=name, title=title, kind=kind)
    return person


@transaction.atomic
def person_for_user(user) -> Person:
    """The profile linked to an admin account, made from its name when missing."""
    person = Person.objects.filter(user=user).first()
    if person is None:
        name = names.person_name(user.first_name, user.last_name, user.get_username())
        person = Person.objects.create(name=name, user=user)
    return person
