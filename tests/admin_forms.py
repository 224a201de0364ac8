"""What a browser posts from an admin change form: every field and inline row as shown."""


def _posted(value):
    """A form value as a browser posts it: None empty, a ticked box "on", an unticked one absent."""
    if value is None:
        return ""
    return "on" if value is True else value


def change_form_data(client, url: str) -> dict:
    """The change form's values and its inline rows, unchanged (an editor who changes
    nothing would post exactly this); tests then change the fields they are about."""
    context = client.get(url).context
    form = context["adminform"].form
    values = {name: value for name, value in form.initial.items() if name in form.fields}
    for formset in context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name, field in management.fields.items():
            values[f"{formset.formset.prefix}-{name}"] = management.initial.get(name, field.initial)
        for n, inline_form in enumerate(formset.formset.forms):
            for name in inline_form.fields:
                value = inline_form.instance.pk if name == "id" else inline_form.initial.get(name)
                values[f"{formset.formset.prefix}-{n}-{name}"] = None if name == "DELETE" else value
    return {name: _posted(value) for name, value in values.items() if value is not False}
