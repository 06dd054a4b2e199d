from django.urls import path

from harbour.reasonable_steps import views

urlpatterns = [
    path("reasonable-steps/", views.index, name="reasonable-steps"),
    path("reasonable-steps/schools/<int:school_id>/", views.school_report, name="reasonable-steps-school"),
    path(
        "reasonable-steps/schools/<int:school_id>/report.pdf",
        views.school_pdf,
        name="reasonable-steps-school-pdf",
    ),
    path("reasonable-steps/trusts/<int:trust_id>/", views.trust_report, name="reasonable-steps-trust"),
    path(
        "reasonable-steps/trusts/<int:trust_id>/report.pdf",
        views.trust_pdf,
        name="reasonable-steps-trust-pdf",
    ),
]
