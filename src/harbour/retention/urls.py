from django.urls import path

from harbour.retention import views

urlpatterns = [
    path("school-settings/<int:school_id>/retention/", views.retention_schedule, name="retention-schedule"),
    path("legal-holds/", views.legal_holds, name="legal-holds"),
    path("legal-holds/<int:case_id>/", views.legal_hold, name="legal-hold"),
    path("your-support/subject-access.zip", views.subject_access_mine, name="subject-access-mine"),
    path("subject-access/", views.subject_access_people, name="subject-access-people"),
    path("subject-access/people/<int:person_id>/", views.subject_access_person, name="subject-access-person"),
]
