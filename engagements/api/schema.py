"""The OpenAPI schema's view of the API: drf-spectacular's, plus the refusals every endpoint
may answer, so a client (and schemathesis) knows every status code it can meet."""

import django_filters as filters
from drf_spectacular.drainage import set_override
from drf_spectacular.openapi import AutoSchema

ERROR_BODY = {
    "type": "object",
    "description": "`detail` says why; a refused filter is named as a key, with its messages.",
    "additionalProperties": True,
}
REFUSALS = {
    "401": "No valid token or session (a token unknown, revoked, or of the feed kind).",
    "403": "The account is not in the analysts or editors group.",
    "429": "Too many requests for this token: wait the seconds in Retry-After.",
}


class ApiSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        refusals = dict(REFUSALS)
        if self._is_list_view():
            refusals["400"] = "A filter, the cursor or the page size is not valid; the body names it."
        else:
            refusals["404"] = "No such row."
            if getattr(self.view, "takes_filters", False):
                refusals["400"] = "A filter is not valid; the body names it."
        for code, description in sorted(refusals.items()):
            response = {"description": description, "content": {"application/json": {"schema": ERROR_BODY}}}
            if code == "429":
                response["headers"] = {
                    "Retry-After": {
                        "schema": {"type": "integer"},
                        "description": "Seconds to wait before trying again.",
                    }
                }
            responses.setdefault(code, response)
        return responses


def describe_filters(*filtersets) -> None:
    """Tell the schema the type of the filters it cannot guess: choices of rows (countries by
    code, topics by name, people by id) and choices read from the database (regions)."""
    for filterset in filtersets:
        for f in filterset.base_filters.values():
            if isinstance(f, filters.ModelMultipleChoiceFilter):
                by = f.extra.get("to_field_name")
                schema = {"type": "string", "description": f"{f.label}, by {by}"} if by else {"type": "integer"}
            elif isinstance(f, filters.MultipleChoiceFilter) and callable(f.extra.get("choices")):
                schema = {"type": "string", "description": str(f.label)}
            else:
                continue
            schema.setdefault("description", f"{f.label}, by id")
            set_override(f, "field", schema)
