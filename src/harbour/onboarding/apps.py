from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "harbour.onboarding"
    label = "onboarding"
    verbose_name = "Onboarding a school: staff import and new schools"
