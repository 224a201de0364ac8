"""The read-only JSON API (/api/v1/): the dashboard's lists and details for scripts.

Every list reads the same FilterSet and selector as its page (engagements/dashboard/), so a
script, a CSV and the browser see the same rows for the same filters.
"""
