from django.apps import AppConfig


class ReasonableStepsConfig(AppConfig):
    name = "harbour.reasonable_steps"
    label = "reasonable_steps"
    verbose_name = "Reasonable-steps report"
