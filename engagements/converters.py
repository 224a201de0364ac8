"""URL converters shared by the dashboard's, the API's and the accounts' routes."""

from django.urls import register_converter


class RowId:
    """A row's id in a URL: digits that fit PostgreSQL's bigint (up to 18 of them). A longer
    number matches no route, a 404, where ``<int:...>`` passed it on to the database and
    its "out of range" error made a 500."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


register_converter(RowId, "id")
