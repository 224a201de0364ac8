from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "engagements"
    verbose_name = "Defense engagements"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from engagements import sessions  # noqa: F401 - connects the login receiver
