"""Loading the demo newsroom: the Korean sample posts in demo/posts/, then what
a post file cannot say: header order, tags, generated hero images, the front
page's lead and picks, and some readership so "most read" has something to show.

Each step is idempotent; `load()` runs them only into a database without
articles of its own (see the command)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html

from articles.models import Article, Category
from curation.models import Placement
from images.services import image_from_bytes
from readership.counters import counter, local_today

from .illustrations import illustration

POSTS = settings.BASE_DIR / "demo" / "posts"
NAV_ORDER = ["정치", "경제", "사회", "국제", "문화", "IT·과학", "스포츠", "오피니언"]
LEAD = "semiconductor-exports-record"
PICKS = [
    "pangyo-ai-chip-center",
    "column-ai-newsroom",
    "subway-late-night-service",
    "k-league-title-race",
]
# Hero captions and credits, as a photo desk would write them.
CAPTIONS = {
    "semiconductor-exports-record": (
        "AI반도체 수요가 이끈 반도체 수출 증가세를 표현한 그래픽.",
        "그래픽=뉴스룸 디자인팀",
    ),
    "seoul-first-snow": ("첫눈이 내린 서울 도심을 표현한 일러스트.", "일러스트=뉴스룸"),
    "pangyo-ai-chip-center": (
        "판교테크노밸리 AI반도체 혁신센터를 표현한 그래픽.",
        "그래픽=뉴스룸 디자인팀",
    ),
    "short-track-world-cup": ("쇼트트랙 계주를 표현한 일러스트.", "일러스트=뉴스룸"),
}


# Illustrations inside a few bodies, with the caption and credit a photo desk writes.
FIGURES = {
    "seoul-first-snow": ("서울 도심에 첫눈이 내리는 모습을 표현한 일러스트", "일러스트=뉴스룸"),
    "small-satellites-in-orbit": (
        "초소형 군집위성이 한반도 상공을 도는 모습을 표현한 그래픽",
        "그래픽=뉴스룸 디자인팀",
    ),
    "hanok-light-exhibition": (
        "북촌 한옥 대청마루에 빛이 흐르는 모습을 표현한 일러스트",
        "일러스트=뉴스룸",
    ),
}


def import_posts():
    """The one call into the importer: the report of importing demo/posts/."""
    from importing.importer import import_posts as run_import
    from importing.importer import post_files_from_paths, read_post_files

    return run_import(read_post_files(post_files_from_paths([POSTS])))


def demo_articles():
    return Article.objects.filter(source_id__isnull=False).prefetch_related("categories")


def order_navigation() -> None:
    for position, name in enumerate(NAV_ORDER, start=1):
        Category.objects.filter(name=name).update(nav_order=position)


def attach_hero(article, image_bytes: bytes, *, filename: str, alt: str, caption="", credit=""):
    """Give `article` a hero image from `image_bytes`, through the image library."""
    article.hero = image_from_bytes(
        image_bytes, filename=filename, alt=alt, caption=caption, credit=credit
    )
    article.hero_image_alt = alt
    article.save(update_fields=["hero", "hero_image_alt"])


def illustrate(article) -> None:
    if article.hero_id or article.hero_image_url:
        return
    section = article.categories.all()[0].name if article.categories.all() else ""
    caption, credit = CAPTIONS.get(article.slug, ("", ""))
    attach_hero(
        article,
        illustration(article.title, section, article.slug),
        filename=f"{article.slug}.jpg",
        alt=f"{section} 기사 그래픽: {article.title}",
        caption=caption,
        credit=credit,
    )


def add_figure(article, image_bytes: bytes, *, alt: str, caption: str, credit: str) -> None:
    """Put a library image with its caption and credit after the body's first
    paragraph, as CKEditor's image2 writes a figure."""
    image = image_from_bytes(
        image_bytes, filename=f"{article.slug}-figure.jpg", alt=alt, caption=caption,
        credit=credit,
    )  # fmt: skip
    if f'data-image-id="{image.pk}"' in article.body:
        return
    figure = format_html(
        '<figure class="image align-center"><img src="{}" alt="{}" width="{}" height="{}" '
        'data-image-id="{}"><figcaption>{} {}</figcaption></figure>',
        image.file.url, alt, image.width, image.height, image.pk, caption, credit,
    )  # fmt: skip
    head, paragraph_end, rest = article.body.partition("</p>")
    article.body = head + paragraph_end + figure + rest
    article.save()


def illustrate_body(article) -> None:
    if article.slug not in FIGURES:
        return
    caption, credit = FIGURES[article.slug]
    section = article.categories.all()[0].name if article.categories.all() else ""
    add_figure(
        article,
        illustration(caption, section, article.slug + "-figure"),
        alt=caption,
        caption=caption + ".",
        credit=credit,
    )


def make_recent(articles) -> None:
    """Move the publication times so that the newest story is twenty minutes
    old, keeping the gaps between them: the demo reads as today's paper."""
    newest = max(article.published_at for article in articles)
    shift = timezone.now() - timedelta(minutes=20) - newest
    if shift <= timedelta(0):
        return
    for article in articles:
        article.published_at += shift
        article.save(update_fields=["published_at"])


def curate() -> None:
    by_slug = {
        article.slug: article for article in Article.objects.filter(slug__in=[LEAD, *PICKS])
    }
    if LEAD in by_slug:
        Placement.objects.get_or_create(slot=Placement.Slot.LEAD, article=by_slug[LEAD])
    for position, slug in enumerate(PICKS):
        if slug in by_slug:
            Placement.objects.get_or_create(
                slot=Placement.Slot.PICK, article=by_slug[slug], defaults={"position": position}
            )


def seed_readership(articles) -> None:
    """Some views, so the most read box has lists on the first visit."""
    count = counter()
    today = local_today()
    for rank, article in enumerate(sorted(articles, key=lambda a: a.slug)[:12]):
        for days_ago in range(3):
            for _ in range((12 - rank) * (3 - days_ago) % 17 + 1):
                count.record(article.pk, today - timedelta(days=days_ago))


def load(*, fresh: bool):
    """Import the posts and finish them. `fresh`: the database had no articles
    (only then are times moved and views seeded)."""
    report = import_posts()
    if report.failed:
        return report
    with transaction.atomic():
        order_navigation()
        articles = list(demo_articles())
        if fresh:
            make_recent(articles)
        for article in articles:
            illustrate(article)
            illustrate_body(article)
        curate()
    if fresh:
        seed_readership(articles)
    return report
