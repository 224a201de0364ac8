"""Personal tokens: made, looked up and revoked here only (the account page, the command, the
API's authentication and the private feeds all call these)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db.models import Q
from django.utils import timezone

from engagements.models import ApiToken, TokenPurpose

# Keys read "eng_" + 43 URL-safe characters (256 bits): the prefix tells a leaked key for
# what it is in a log or a secret scanner.
KEY_PREFIX = "eng_"
SHOWN_CHARS = len(KEY_PREFIX) + 6
# last_used_at is written at most this often per token, not on every request of a pull.
TOUCH_EVERY = dt.timedelta(minutes=1)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, user, name: str, purpose: str = TokenPurpose.API) -> tuple[ApiToken, str]:
    """A new token and its key: the only time the key exists outside the caller's hands."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip()[:100] or "token", purpose=purpose, prefix=key[:SHOWN_CHARS], key_hash=hash_key(key)
    )
    return token, key


def api_token_revoke(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def api_token_for_key(key: str, *, purpose: str) -> ApiToken | None:
    """The active token of that purpose the key belongs to, with its user; None otherwise."""
    if not key.startswith(KEY_PREFIX) or len(key) > 100:
        return None
    token = (
        ApiToken.objects.active()
        .select_related("user")
        .filter(key_hash=hash_key(key), purpose=purpose, user__is_active=True)
        .first()
    )
    if token is not None:
        _touch(token)
    return token


def _touch(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        # A conditional UPDATE: concurrent requests of one script write it once.
        ApiToken.objects.filter(pk=token.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - TOUCH_EVERY)
        ).update(last_used_at=now)
        token.last_used_at = now
