"""The OpenAPI schema's view of the API: drf-spectacular's, plus the refusals every endpoint
may answer, so a client (and schemathesis) knows every status code it can meet."""

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
