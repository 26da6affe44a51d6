"""Names as Korean newsrooms print them. No models here: the data migration
that made the first people (articles 0014) uses these functions too."""

import re
import unicodedata

# Job titles a byline ends with ("최민지 기자"), longest first so that
# "선임기자" is not read as "선임" + "기자".
TITLES = (
    "선임기자", "전문기자", "논설위원", "편집위원", "객원기자", "특파원", "기자",
    "PD", "Correspondent", "Reporter",
)  # fmt: skip
# A byline naming a desk or team rather than a person ("경제부", "Economy Desk").
_ORGANIZATION = re.compile(
    r"(부|팀|국|센터|데스크|취재단|편집국|\bdesk|\bteam|\bstaff|\bnewsroom)$", re.IGNORECASE
)
# Between names in one byline: "홍길동, 김철수", "홍길동·김철수", "A and B", "A 및 B".
_SEPARATORS = re.compile(r"\s*(?:[,·ㆍ/&]|\band\b|\s및\s)\s*")
_CONTROL = re.compile("[\x00-\x1f\x7f\ufffe\uffff]")


def clean(text: str) -> str:
    """One line of text: NFC, no control characters, single spaces."""
    text = _CONTROL.sub(" ", unicodedata.normalize("NFC", text or ""))
    return " ".join(text.split())


def is_hangul(text: str) -> bool:
    return bool(text) and all("\uac00" <= char <= "\ud7a3" for char in text if not char.isspace())


def person_name(first: str, last: str, fallback: str = "") -> str:
    """A user's name in the order their language writes it: Korean family name
    first with no space ("최" + "민지" is "최민지", never "민지 최"), others
    given name first ("Jane Doe")."""
    first, last = clean(first), clean(last)
    if first and last:
        return f"{last}{first}" if is_hangul(first) and is_hangul(last) else f"{first} {last}"
    return first or last or clean(fallback)


def split_title(text: str) -> tuple[str, str]:
    """("최민지", "기자") from "최민지 기자"; the title is empty when none is known."""
    text = clean(text)
    for title in TITLES:
        if text.endswith(title) and len(text) > len(title):
            name = text[: -len(title)]
            if name.endswith(" ") or (is_hangul(title) and is_hangul(name) and len(name) >= 2):
                return name.strip(), title
    return text, ""


def looks_like_organization(name: str) -> bool:
    return bool(_ORGANIZATION.search(clean(name)))


def parse_byline(text: str) -> list[tuple[str, str]]:
    """The (name, title) pairs of a printed byline, in order. A title written
    once after several names is everyone's: "홍길동·김철수 기자" gives
    [("홍길동", "기자"), ("김철수", "기자")]."""
    names = [part for part in _SEPARATORS.split(clean(text)) if part]
    pairs = [split_title(part) for part in names]
    shared = ""
    for index in range(len(pairs) - 1, -1, -1):
        name, title = pairs[index]
        if looks_like_organization(name):
            continue
        shared = title or shared
        pairs[index] = (name, title or shared)
    return [(name, title) for name, title in pairs if name]
