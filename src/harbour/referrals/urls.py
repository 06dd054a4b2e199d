from django.urls import path

from harbour.referrals import summary_views

urlpatterns = [
    path(
        "cases/<int:case_id>/referral-summary/",
        summary_views.referral_summary,
        name="referral-summary",
    ),
    path(
        "cases/<int:case_id>/referral-summary.pdf",
        summary_views.referral_summary_pdf,
        name="referral-summary-pdf",
    ),
    path(
        "your-support/cases/<int:case_id>/sharing/",
        summary_views.sharing_consent,
        name="sharing-consent",
    ),
]
