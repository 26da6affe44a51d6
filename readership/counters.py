"""Counting article views, and the most read articles of today and this week.

Two stores behind one interface (`counter()` picks): Redis when
`READERSHIP_REDIS_URL` is set (a sorted set a day, `ZINCRBY`; the week is a
`ZUNIONSTORE` of seven days), the database otherwise (`DailyViews`, one row an
article a day, incremented with `F() + 1`). Days are the site's local days.
"""

from datetime import date, timedelta
from functools import cache

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from articles.models import Article

from .models import DailyViews

TODAY, WEEK = "today", "week"
WEEK_DAYS = 7
# Redis keeps a day's counts this long (the week needs the last seven).
REDIS_DAY_SECONDS = (WEEK_DAYS + 2) * 86400


def local_today() -> date:
    return timezone.localdate()


class DatabaseCounter:
    def record(self, article_id: int, day: date) -> None:
        rows = DailyViews.objects.filter(article_id=article_id, day=day)
        if rows.update(views=F("views") + 1):
            return
        try:
            with transaction.atomic():
                DailyViews.objects.create(article_id=article_id, day=day, views=1)
        except IntegrityError:  # another request created the row first
            rows.update(views=F("views") + 1)

    def most_read(self, today: date, limit: int) -> dict[str, list[Article]]:
        """Today's and this week's most read public articles, in one query: each
        read article's sums over the week's rows, ranked twice by a window."""
        start = today - timedelta(days=WEEK_DAYS - 1)
        in_week = Q(daily_views__day__gte=start, daily_views__day__lte=today)
        week = Sum("daily_views__views", filter=in_week)
        day = Sum("daily_views__views", filter=Q(daily_views__day=today), default=0)
        rows = list(
            Article.objects.published()
            .filter(in_week)
            .only("title", "slug")
            .annotate(
                week=week,
                today=day,
                week_rank=Window(RowNumber(), order_by=[week.desc(), F("id").desc()]),
                today_rank=Window(RowNumber(), order_by=[day.desc(), F("id").desc()]),
            )
            .filter(Q(week_rank__lte=limit) | Q(today_rank__lte=limit, today__gt=0))
        )
        return {
            TODAY: sorted(
                (r for r in rows if r.today_rank <= limit and r.today), key=lambda r: r.today_rank
            ),
            WEEK: sorted((r for r in rows if r.week_rank <= limit), key=lambda r: r.week_rank),
        }


class RedisCounter:
    def __init__(self, url: str):
        import redis

        self.redis = redis.Redis.from_url(url)

    @staticmethod
    def day_key(day: date) -> str:
        return f"readership:day:{day.isoformat()}"

    def record(self, article_id: int, day: date) -> None:
        key = self.day_key(day)
        with self.redis.pipeline() as pipe:
            pipe.zincrby(key, 1, article_id)
            pipe.expire(key, REDIS_DAY_SECONDS)
            pipe.execute()

    def most_read(self, today: date, limit: int) -> dict[str, list[Article]]:
        """The top of today's and the week's sorted sets (a few extra, as some
        may have left the site since), then one query for the public ones."""
        week_key = f"readership:week:{today.isoformat()}"
        days = [self.day_key(today - timedelta(days=n)) for n in range(WEEK_DAYS)]
        with self.redis.pipeline() as pipe:
            pipe.zunionstore(week_key, days)
            pipe.expire(week_key, 120)
            pipe.zrevrange(self.day_key(today), 0, limit * 2 - 1)
            pipe.zrevrange(week_key, 0, limit * 2 - 1)
            _, _, top_today, top_week = pipe.execute()
        ranked = {TODAY: [int(pk) for pk in top_today], WEEK: [int(pk) for pk in top_week]}
        ids = {pk for pks in ranked.values() for pk in pks}
        articles = Article.objects.published().only("title", "slug").in_bulk(ids) if ids else {}
        return {
            period: [articles[pk] for pk in pks if pk in articles][:limit]
            for period, pks in ranked.items()
        }


@cache
def counter():
    url = settings.READERSHIP_REDIS_URL
    return RedisCounter(url) if url else DatabaseCounter()
