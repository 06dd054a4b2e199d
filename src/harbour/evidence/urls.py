from django.urls import path

from harbour.evidence import views

urlpatterns = [
    path("cases/<int:case_id>/evidence/", views.evidence_index, name="evidence-index"),
    path(
        "cases/<int:case_id>/incidents/<int:incident_id>/evidence/new/",
        views.evidence_new,
        name="evidence-new",
    ),
    path("cases/<int:case_id>/incidents/<int:incident_id>/cctv/new/", views.cctv_new, name="cctv-new"),
    path(
        "cases/<int:case_id>/evidence/<int:item_id>/file/", views.evidence_download, name="evidence-download"
    ),
    path(
        "cases/<int:case_id>/evidence/<int:item_id>/preview/", views.evidence_preview, name="evidence-preview"
    ),
    path("cases/<int:case_id>/evidence/withhold/", views.evidence_withhold, name="evidence-withhold"),
    path("cases/<int:case_id>/evidence/packs/new/", views.pack_new, name="pack-new"),
    path("cases/<int:case_id>/evidence/packs/<int:pack_id>/", views.pack_detail, name="pack-detail"),
    path(
        "cases/<int:case_id>/evidence/packs/<int:pack_id>/<str:fmt>/",
        views.pack_download,
        name="pack-download",
    ),
]
