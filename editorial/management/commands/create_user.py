import getpass
import os

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from articles.roles import GROUP_NAMES
from editorial.links import site_link


class Command(BaseCommand):
    help = (
        "Create a newsroom user who can log in to the admin with a role, in one step. "
        "The password is asked for, read from an environment variable, or set by the "
        "user through a printed invitation link."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("email")
        parser.add_argument(
            "--role", action="append", choices=sorted(GROUP_NAMES), required=True,
            help="writer, editor or moderator; repeat for several.",
        )  # fmt: skip
        how = parser.add_mutually_exclusive_group()
        how.add_argument(
            "--password-from-env", metavar="VARIABLE",
            help="Read the password from this environment variable.",
        )  # fmt: skip
        how.add_argument(
            "--invite", action="store_true",
            help="Set no password; print a link where the user chooses one.",
        )  # fmt: skip

    def handle(self, *args, username, email, role, password_from_env, invite, **options):
        User = get_user_model()
        if User.objects.filter(**{User.USERNAME_FIELD: username}).exists():
            raise CommandError(
                f"A user named {username!r} exists; give a role with `manage.py assign_role`."
            )
        groups = list(Group.objects.filter(name__in=[GROUP_NAMES[name] for name in role]))
        if len(groups) != len(set(role)):
            raise CommandError("The role groups are missing; run `manage.py migrate`.")
        user = User(**{User.USERNAME_FIELD: username}, email=email, is_staff=True)
        password = None
        if password_from_env:
            password = os.environ.get(password_from_env)
            if not password:
                raise CommandError(f"The environment variable {password_from_env} is empty.")
        elif not invite:
            password = self.ask_password()
        if password is not None:
            try:
                password_validation.validate_password(password, user)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            user.set_password(password)
        else:
            user.set_unusable_password()
        with transaction.atomic():
            user.full_clean(exclude=["password"])
            user.save()
            user.groups.add(*groups)
        names = ", ".join(group.name for group in groups)
        self.stdout.write(self.style.SUCCESS(f"{username} can log in to the admin as {names}."))
        if invite:
            path = reverse(
                "password_reset_confirm",
                kwargs={
                    "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": default_token_generator.make_token(user),
                },
            )
            days = settings.PASSWORD_RESET_TIMEOUT // 86400
            self.stdout.write(
                f"Send {username} this link to choose a password (valid {days} days):"
            )
            self.stdout.write(site_link(path))

    def ask_password(self) -> str:
        if not os.isatty(0):
            raise CommandError(
                "No terminal to ask for a password: use --password-from-env VARIABLE or --invite."
            )
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The passwords differ.")
        return password
