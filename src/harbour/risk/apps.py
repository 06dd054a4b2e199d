from django.apps import AppConfig
from django.db.models.signals import post_migrate


class RiskConfig(AppConfig):
    name = "harbour.risk"

    def ready(self):
        from harbour.risk import rebuild

        # Once per migrate (sender=this app), after every app's migrations.
        post_migrate.connect(rebuild.after_migrate, sender=self, dispatch_uid="harbour.risk.kept_state")
