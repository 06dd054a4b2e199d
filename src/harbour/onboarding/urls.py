from django.urls import path

from harbour.onboarding import views

urlpatterns = [
    path("staff/<int:school_id>/import/", views.staff_import, name="staff-import"),
    path("staff/import/<int:import_id>/", views.staff_import_preview, name="staff-import-preview"),
    path("staff/import/template.csv", views.staff_import_template, name="staff-import-template"),
    path("school-settings/new/", views.school_new, name="school-new"),
]
