"""Where library images are used. The apps that use images (articles) name
their relations to `Image` here from their `AppConfig.ready()`, so this app
counts and lists uses without importing them."""

# Reverse relation names on Image, e.g. "hero_uses", "body_uses".
RELATIONS: list[str] = []


def register(*names: str) -> None:
    for name in names:
        if name not in RELATIONS:
            RELATIONS.append(name)


def users(image) -> list:
    """The objects that use `image`, each once, in the order of the relations."""
    seen, found = set(), []
    for name in RELATIONS:
        for obj in getattr(image, name).all():
            if obj.pk not in seen:
                seen.add(obj.pk)
                found.append(obj)
    return found
