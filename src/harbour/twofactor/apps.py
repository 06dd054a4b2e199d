from django.apps import AppConfig


class TwoFactorConfig(AppConfig):
    name = "harbour.twofactor"
    label = "twofactor"
    verbose_name = "Two-factor authentication and sessions"

    def ready(self):
        from harbour.twofactor import signals  # noqa: F401  (stamps the session at sign-in)
