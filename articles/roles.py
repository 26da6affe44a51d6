"""The newsroom's roles and the permission questions the admin and the site ask.

Roles are Django groups created by migrations (see migrations/0003_roles.py for
what each may do). Superusers pass every check.
"""

# Role name (as `manage.py assign_role` takes it) -> the group the migration created.
GROUP_NAMES = {"writer": "Writers", "editor": "Editors", "moderator": "Category moderators"}

PUBLISH = "articles.publish_article"
MODERATE = "articles.moderate_category"


def can_publish(user) -> bool:
    """Publish, schedule and unpublish; also edit anyone's article (editors)."""
    return user.is_active and user.has_perm(PUBLISH)


def can_moderate(user) -> bool:
    return user.is_active and user.has_perm(MODERATE)


def can_edit_article(user, article) -> bool:
    """Editors edit any article; writers only their own."""
    if not (user.is_active and user.has_perm("articles.change_article")):
        return False
    return can_publish(user) or (article.author_id is not None and article.author_id == user.pk)


def can_preview(user, article) -> bool:
    """Who may open an unpublished article on the public site: staff who may edit it."""
    return user.is_authenticated and user.is_staff and can_edit_article(user, article)
