"""The home page's curated parts, chosen by an app above `articles`.

`curation/` registers a chooser in its `AppConfig.ready()`: a function that
returns the pinned lead's article id (or None) and the picks' article ids, each
already public. Without one the newest article leads and there are no picks.
"""

_choosers = []


def register(chooser) -> None:
    if chooser not in _choosers:
        _choosers.append(chooser)


def choose() -> tuple[int | None, list[int]]:
    for chooser in _choosers:
        return chooser()
    return None, []
