"""Groups and permissions in the admin's language.

Their names are rows written in English (Django's "Can add article", the
roles migration's "Writers"), and the admin shows them as they are stored.
These `__str__`s translate them where shown (user and group forms, filters,
lists); a name with no translation shows as stored.
"""

from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext

BUILTIN_ACTIONS = {
    "add": "Can add %(name)s",
    "change": "Can change %(name)s",
    "delete": "Can delete %(name)s",
    "view": "Can view %(name)s",
}


def group_name(group) -> str:
    return gettext(group.name)


def permission_name(permission) -> str:
    content_type = permission.content_type
    model = content_type.model_class()
    if model is None:
        return f"{content_type} | {permission.name}"
    opts = model._meta
    app = gettext(str(opts.app_config.verbose_name))
    model_name = gettext(str(opts.verbose_name))
    action, _, rest = permission.codename.partition("_")
    if action in BUILTIN_ACTIONS and rest == opts.model_name:
        label = gettext(BUILTIN_ACTIONS[action]) % {"name": model_name}
    else:
        label = gettext(permission.name)
    return f"{app} | {model_name} | {label}"


def install() -> None:
    Group.__str__ = group_name
    Permission.__str__ = permission_name
