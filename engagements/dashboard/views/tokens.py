"""The account page of personal tokens: create (the key shown once), list, revoke."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from engagements.api.tokens import api_token_create, api_token_revoke
from engagements.models import ApiToken, TokenPurpose

# An analyst with more live tokens than this should revoke some first.
MAX_ACTIVE_TOKENS = 20


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What it is for, so you know which one to revoke.")
    purpose = forms.ChoiceField(choices=TokenPurpose.choices, initial=TokenPurpose.API)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request):
    created = None
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if ApiToken.objects.active().filter(user=request.user).count() >= MAX_ACTIVE_TOKENS:
            form.add_error(None, f"You have {MAX_ACTIVE_TOKENS} active tokens: revoke one before making another.")
        else:
            token, key = api_token_create(
                user=request.user, name=form.cleaned_data["name"], purpose=form.cleaned_data["purpose"]
            )
            # Rendered, not redirected: the key must never sit in a URL or a session.
            created = {"token": token, "key": key, "feed_url": _feed_url(request, key)}
            form = TokenForm()
    tokens = ApiToken.objects.filter(user=request.user)
    return render(
        request,
        "engagements/account_tokens.html",
        {"form": form, "created": created, "tokens": tokens, "api_docs": reverse("api:docs")},
        status=400 if request.method == "POST" and form.errors else 200,
    )


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    api_token_revoke(token=token)
    messages.success(request, f"Revoked “{token.name}”: it no longer opens anything.")
    return redirect("account_tokens")


def _feed_url(request, key: str) -> str:
    return request.build_absolute_uri(reverse("engagements:private_engagements_feed", args=[key]))
