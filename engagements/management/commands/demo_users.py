import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

USERS = [
    # username, group, staff (admin access)
    ("editor", "editors", True),
    ("analyst", "analysts", False),
]


class Command(BaseCommand):
    help = "Create (or reset) a demo editor and a demo analyst with fresh random passwords, and print them."

    def handle(self, *args, **options):
        User = get_user_model()
        for username, group_name, staff in USERS:
            password = secrets.token_urlsafe(12)
            user, _ = User.objects.get_or_create(username=username)
            user.is_staff = staff
            user.is_active = True
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=group_name)])
            self.stdout.write(f"{group_name[:-1]:>8}: username {username!r}, password {password!r}")
