from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models import Article


class DailyViews(models.Model):
    """How many times an article was read on a day (the database counter; with
    Redis configured the counts live in Redis instead). No reader is recorded."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="daily_views"
    )
    day = models.DateField(_("day"))
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("daily views")
        verbose_name_plural = _("daily views")
        constraints = [
            models.UniqueConstraint(fields=["article", "day"], name="daily_views_article_day"),
        ]
        indexes = [models.Index(fields=["day", "article"], name="daily_views_day_idx")]

    def __str__(self):
        return f"{self.article_id} {self.day}: {self.views}"
