from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from articles.roles import GROUP_NAMES


class Command(BaseCommand):
    help = "Give a user a newsroom role (writer, editor, moderator), or take it away."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", choices=sorted(GROUP_NAMES))
        parser.add_argument("--remove", action="store_true", help="Take the role away.")

    def handle(self, *args, username, role, remove, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        try:
            group = Group.objects.get(name=GROUP_NAMES[role])
        except Group.DoesNotExist:
            raise CommandError("The role groups are missing; run `manage.py migrate`.") from None
        if remove:
            user.groups.remove(group)
            self.stdout.write(self.style.SUCCESS(f"{username} is no longer in {group.name}."))
            return
        user.groups.add(group)
        if not user.is_staff:
            # Roles are worked in the admin, which needs staff status.
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        self.stdout.write(self.style.SUCCESS(f"{username} is now in {group.name}."))
