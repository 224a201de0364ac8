"""Reference data the parser maps text onto: countries, topics and forums."""

from django.contrib.postgres.fields import ArrayField
from django.db import models


class Country(models.Model):
    """An ISO 3166-1 country, loaded for every country by a data migration."""

    code = models.CharField("ISO alpha-3", max_length=3, primary_key=True)
    alpha2 = models.CharField("ISO alpha-2", max_length=2, unique=True)
    name = models.CharField(max_length=100)
    official_name = models.CharField(max_length=200, blank=True)
    region = models.CharField(max_length=20, db_index=True)  # UN M49 continent: Africa, Americas, ...
    subregion = models.CharField(max_length=40, blank=True)  # UN M49 sub-region: South-eastern Asia, ...

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from engagements.dashboard.links import detail_url

        return detail_url("engagements:country", self.code)


class Topic(models.Model):
    """A term of the controlled topic vocabulary (SCHEMA.md), loaded by a data migration."""

    name = models.CharField(max_length=40, unique=True)  # as in the schema: "south china sea"
    label = models.CharField(max_length=60)  # for display: "South China Sea"

    class Meta:
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


class Forum(models.Model):
    """A multilateral event engagements happen at or on the sidelines of."""

    short_name = models.CharField(max_length=80, unique=True)  # "ADMM-Plus"
    name = models.CharField(max_length=200, blank=True)  # "ASEAN Defence Ministers' Meeting-Plus"
    aliases = ArrayField(models.CharField(max_length=200), default=list, blank=True)

    class Meta:
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.short_name
