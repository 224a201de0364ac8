"""Personal tokens: how scripts call the API and feed readers fetch a private feed."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class TokenPurpose(models.TextChoices):
    API = "api", "API (scripts, notebooks)"
    FEED = "feed", "Feed (a feed reader's private URL)"


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A token an analyst (or an operator for them) made; the key itself is never stored.

    The key is 256 random bits, so one SHA-256 of it is as good as a slow password hash: no
    dictionary to try, and a lookup by hash is one index read per request.
    """

    Purpose = TokenPurpose

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. 'notebook on my laptop'.")
    purpose = models.CharField(max_length=4, choices=TokenPurpose.choices, default=TokenPurpose.API)
    # The key's first characters, shown in lists so an analyst can tell tokens apart.
    prefix = models.CharField(max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(purpose__in=TokenPurpose.values), name="api_token_purpose_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
