from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from engagements.api.tokens import api_token_create
from engagements.models import TokenPurpose


class Command(BaseCommand):
    help = "Make a personal API (or feed) token for a user; prints the token alone on the last line."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="made by an operator", help="What the token is for.")
        parser.add_argument("--purpose", choices=TokenPurpose.values, default=TokenPurpose.API)

    def handle(self, *args, username, name, purpose, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        token, key = api_token_create(user=user, name=name, purpose=purpose)
        self.stdout.write(f"Token “{token.name}” ({token.get_purpose_display()}) for {username}; shown once:")
        self.stdout.write(key)
