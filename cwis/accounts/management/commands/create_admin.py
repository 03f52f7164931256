import getpass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cwis.accounts.models import User
from cwis.core.audit import SecurityEventKind, security_event_record
from cwis.core.permissions import ADMIN_ROLES


class Command(BaseCommand):
    help = (
        "Create one of the three administrators (system_admin, security_admin, audit_admin) "
        "when installing CWIS. No account is a superuser: each administrator does only their "
        "own work, and signs in with a second factor set up at the first sign-in."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(ADMIN_ROLES))
        parser.add_argument("--display-name", default="")

    def handle(self, *args, username, role, display_name, **options):
        if User.objects.filter(username=username).exists():
            raise CommandError(f"{username} exists already")
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("the two passwords differ")
        user = User(username=username, role=role, display_name=display_name)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        user.set_password(password)
        with transaction.atomic():
            user.full_clean()
            user.save()
            security_event_record(SecurityEventKind.ACCOUNT_CREATE, detail=f"cwis create_admin "
                                  f"--role {role}", username=username)
        self.stdout.write(f"created {username} ({role})")
