from django.contrib.auth import views as auth_views
from django.urls import path

from harbour import health
from harbour.api import token_views as tokens
from harbour.api.api import api
from harbour.awareness import urls as awareness_urls
from harbour.cases.views import cases, confidentiality, incidents, people
from harbour.diary import views as diary
from harbour.evidence import urls as evidence_urls
from harbour.frontdesk import restriction_views as restrictions
from harbour.frontdesk import views as frontdesk
from harbour.observations import urls as observation_urls
from harbour.oidc import views as oidc
from harbour.onboarding import urls as onboarding_urls
from harbour.orders import urls as orders_urls
from harbour.plans import action_plan_views as plan
from harbour.plans import review_views as reviews
from harbour.plans import travel_views as travel
from harbour.plans import views as plans
from harbour.prevention import views as prevention
from harbour.reasonable_steps import urls as reasonable_steps_urls
from harbour.referrals import urls as referral_urls
from harbour.referrals import views as referrals
from harbour.retention import urls as retention_urls
from harbour.risk import views as risk
from harbour.schools import support_views as school_support
from harbour.schools import views as schools
from harbour.statistics import urls as statistics_urls
from harbour.twofactor import views as twofactor
from harbour.web import support_views as support
from harbour.web import trust_views as trust
from harbour.web import views as web
from harbour.web import work_views as work

urlpatterns = [
    path("", web.my_work, name="my-work"),
    path("work/<slug:section>/", work.my_work_section, name="my-work-section"),
    path("sign-in/", web.SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("sign-in/oidc/<slug:provider>/", oidc.ProviderSignIn.as_view(), name="oidc-sign-in"),
    path("sign-in/oidc/<slug:provider>/callback/", oidc.ProviderCallback.as_view(), name="oidc-callback"),
    path("sign-in/code/", twofactor.code, name="two-factor-code"),
    path("account/two-factor/", twofactor.account, name="two-factor"),
    path("account/two-factor/set-up/", twofactor.set_up, name="two-factor-set-up"),
    path("account/two-factor/recovery-codes/", twofactor.recovery_codes, name="two-factor-recovery-codes"),
    path("account/two-factor/turn-off/", twofactor.turn_off, name="two-factor-turn-off"),
    path("staff/member/<int:staff_id>/two-factor/reset/", twofactor.reset_for_staff, name="two-factor-reset"),
    path("healthz", health.healthz, name="healthz"),
    path("cases/", cases.case_list, name="case-list"),
    path("cases/new/", cases.case_open, name="case-open"),
    path("cases/<int:case_id>/", cases.case_detail, name="case-detail"),
    path("cases/<int:case_id>/status/", cases.case_status, name="case-status"),
    path("cases/<int:case_id>/circle/", cases.case_circle, name="case-circle"),
    path(
        "cases/<int:case_id>/circle/<int:member_id>/remove/",
        cases.case_circle_remove,
        name="case-circle-remove",
    ),
    path("cases/<int:case_id>/people/", people.case_people, name="case-people"),
    path("cases/<int:case_id>/access-log/", cases.case_access_log, name="case-access-log"),
    path("cases/<int:case_id>/incidents/new/", incidents.incident_new, name="incident-new"),
    path(
        "cases/<int:case_id>/incidents/<int:incident_id>/", incidents.incident_detail, name="incident-detail"
    ),
    path(
        "cases/<int:case_id>/incidents/<int:incident_id>/amend/",
        incidents.incident_amend,
        name="incident-amend",
    ),
    path("cases/<int:case_id>/meetings/new/", plans.meeting_new, name="meeting-new"),
    path("cases/<int:case_id>/meetings/<int:meeting_id>/", plans.meeting_detail, name="meeting-detail"),
    path(
        "cases/<int:case_id>/meetings/<int:meeting_id>/next-meeting.ics",
        plans.meeting_invitation,
        name="meeting-invitation",
    ),
    path("cases/<int:case_id>/review/", reviews.review_book, name="review-book"),
    path("cases/<int:case_id>/review.ics", reviews.review_invitation, name="review-invitation"),
    path("cases/<int:case_id>/plan/", plan.plan, name="plan"),
    path("cases/<int:case_id>/plan.pdf", plan.plan_pdf, name="plan-pdf"),
    path("cases/<int:case_id>/plan/actions/new/", plan.action_new, name="plan-action-new"),
    path("cases/<int:case_id>/plan/actions/<int:action_id>/", plan.action_edit, name="plan-action-edit"),
    path(
        "cases/<int:case_id>/plan/actions/<int:action_id>/decision/",
        plan.action_approval,
        name="plan-action-approval",
    ),
    path("cases/<int:case_id>/plan/cctv/", plan.cctv, name="plan-cctv"),
    path("cases/<int:case_id>/plan/travel/", travel.travel_arrangement, name="plan-travel"),
    path(
        "cases/<int:case_id>/confidentiality/",
        confidentiality.case_confidentiality,
        name="case-confidentiality",
    ),
    path("cases/<int:case_id>/risk/", risk.risk, name="risk"),
    path("cases/<int:case_id>/risk/screening/", risk.screening_new, name="risk-screening"),
    path("cases/<int:case_id>/risk/signals/<slug:code>/", risk.signal_acknowledge, name="risk-signal"),
    path("cases/<int:case_id>/referrals/", referrals.referrals, name="referrals"),
    path("cases/<int:case_id>/referrals/police/", referrals.police, name="referral-police"),
    path("cases/<int:case_id>/referrals/champion/", referrals.champion, name="referral-champion"),
    path("cases/<int:case_id>/referrals/policy/", referrals.policy, name="referral-policy"),
    path("cases/<int:case_id>/restrictions/new/", restrictions.restriction_new, name="restriction-new"),
    path(
        "cases/<int:case_id>/restrictions/<int:restriction_id>/",
        restrictions.restriction_detail,
        name="restriction-detail",
    ),
    path(
        "cases/<int:case_id>/restrictions/<int:restriction_id>/<slug:step>/",
        restrictions.restriction_step,
        name="restriction-step",
    ),
    path(
        "cases/<int:case_id>/restrictions/<int:restriction_id>/letters/<slug:kind>.pdf",
        restrictions.restriction_letter,
        name="restriction-letter",
    ),
    path(
        "school-settings/<int:school_id>/letters/<slug:kind>/",
        restrictions.letter_template,
        name="school-letter",
    ),
    path("front-desk/", frontdesk.front_desk, name="front-desk"),
    path("front-desk/people/<int:person_id>/attempt/", frontdesk.attempt, name="front-desk-attempt"),
    path("diary/", diary.diary, name="diary"),
    path("diary/new/", diary.entry_new, name="diary-new"),
    path("diary/share/", diary.share, name="diary-share"),
    path("diary/<int:entry_id>/", diary.entry_detail, name="diary-entry"),
    path("your-support/", support.your_support, name="your-support"),
    path("your-support/timeline/", support.support_timeline, name="support-timeline"),
    path("notices/", support.notices, name="notices"),
    path("trust/patterns/", trust.trust_patterns, name="trust-patterns"),
    path("people/", people.person_list, name="person-list"),
    path("people/new/", people.person_new, name="person-new"),
    path("people/<int:person_id>/", people.person_detail, name="person-detail"),
    path("people/<int:person_id>/edit/", people.person_edit, name="person-edit"),
    path("check-ins/", prevention.check_in_list, name="check-in-list"),
    path("check-ins/new/", prevention.check_in_new, name="check-in-new"),
    path("check-ins/<int:check_in_id>/", prevention.check_in_detail, name="check-in-detail"),
    path("online-safety/", prevention.online_safety, name="online-safety"),
    path("staff/", schools.staff_directory, name="staff-directory"),
    path("staff/<int:school_id>/new/", schools.staff_new, name="staff-new"),
    path("staff/member/<int:staff_id>/", schools.staff_edit, name="staff-edit"),
    path("school-settings/", schools.school_settings_list, name="school-settings-list"),
    path("school-settings/<int:school_id>/", schools.school_settings, name="school-settings"),
    path("school-settings/<int:school_id>/support/", school_support.support_resources, name="school-support"),
    path("account/api-tokens/", tokens.api_tokens, name="api-tokens"),
    path("account/api-tokens/<int:token_id>/revoke/", tokens.api_token_revoke, name="api-token-revoke"),
    path("staff/api-tokens/", tokens.admin_tokens, name="admin-api-tokens"),
    path("staff/api-tokens/<int:token_id>/revoke/", tokens.admin_token_revoke, name="admin-api-token-revoke"),
    *onboarding_urls.urlpatterns,
    path("api/v1/", api.urls),
    *evidence_urls.urlpatterns,
    *retention_urls.urlpatterns,
    *reasonable_steps_urls.urlpatterns,
    *referral_urls.urlpatterns,
    *statistics_urls.urlpatterns,
    *awareness_urls.urlpatterns,
    *orders_urls.urlpatterns,
    *observation_urls.urlpatterns,
]

handler404 = "harbour.web.errors.not_found"
handler403 = "harbour.web.errors.forbidden"
handler400 = "harbour.web.errors.bad_request"
handler500 = "harbour.web.errors.server_error"
