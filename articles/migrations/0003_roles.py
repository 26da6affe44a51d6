"""The newsroom's roles as groups. A later change of a role's permissions gets a
new migration that calls `sync_roles` with the new table, so every database keeps
in step; this table is frozen as of this migration."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Writers": [
        "articles.add_article",
        "articles.change_article",
        "articles.view_article",
        "articles.add_category",
        "articles.view_category",
    ],
    "Editors": [
        "articles.add_article",
        "articles.change_article",
        "articles.delete_article",
        "articles.view_article",
        "articles.publish_article",
        "articles.add_category",
        "articles.view_category",
        "articles.view_auditevent",
        "articles.view_slugredirect",
    ],
    "Category moderators": [
        "articles.add_category",
        "articles.change_category",
        "articles.view_category",
        "articles.moderate_category",
        "articles.view_article",
        "articles.view_auditevent",
    ],
}


def create_all_permissions(apps):
    # post_migrate (which normally creates permissions) has not run yet in a
    # fresh database, so create them here first.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def sync_roles(apps, roles):
    create_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in roles.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)


def create_roles(apps, schema_editor):
    sync_roles(apps, ROLES)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
