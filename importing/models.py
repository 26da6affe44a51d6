from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models import Article


class LegacyAddress(models.Model):
    """An address an imported post had on its old site (its `permalink`, a
    Hugo alias, or the site's pattern): answered with a 301 to the article
    (importing/middleware.py)."""

    path = models.CharField(_("old path"), max_length=500, unique=True)
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="legacy_addresses",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")

    def __str__(self):
        return self.path
