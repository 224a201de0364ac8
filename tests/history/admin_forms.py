"""Posting the engagement's admin change form as an editor would: every inline re-posted as
shown, with the changes a test asks for."""

from django.urls import reverse


def engagement_change_data(client, engagement, **changes) -> dict:
    """The change form's data as shown, with ``changes`` applied: a field name of the
    engagement (``location="Kuala Lumpur"``) or an inline field (``participations-0-title``)."""
    url = reverse("admin:engagements_engagement_change", args=[engagement.pk])
    context = client.get(url).context
    form = context["adminform"].form
    data = {name: form.initial.get(name) for name in form.fields}
    data = {name: ("" if value is None else value) for name, value in data.items()}
    for formset in context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name, field in management.fields.items():
            data[f"{formset.formset.prefix}-{name}"] = management.initial.get(name, field.initial)
        for n, inline_form in enumerate(formset.formset.forms):
            for name in inline_form.fields:
                value = inline_form.instance.pk if name == "id" else inline_form.initial.get(name)
                if name == "DELETE" or value is None:
                    value = ""
                if value is False:
                    continue  # an unticked box is left out of a POST
                data[f"{formset.formset.prefix}-{n}-{name}"] = "on" if value is True else value
    data.update(changes)
    return data


def inline_prefix(data: dict, prefix: str, pk: int) -> str:
    """The form prefix (``participations-1``) of the inline row with this id."""
    return next(k for k, v in data.items() if k.startswith(f"{prefix}-") and k.endswith("-id") and v == pk).rsplit(
        "-", 1
    )[0]


def post_engagement_change(client, engagement, data):
    url = reverse("admin:engagements_engagement_change", args=[engagement.pk])
    return client.post(url, data, follow=True)
