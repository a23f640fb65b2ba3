from django.urls import path

from skillpath.credentials import views

urlpatterns = [
    path("certificates/", views.my_certificates, name="certificates"),
    path("credentials/<uuid:certificate_id>/", views.credential_page, name="credential"),
    path("credentials/<uuid:certificate_id>.json", views.credential_json, name="credential_json"),
    path("credentials/<uuid:certificate_id>/status.json", views.credential_status, name="credential_status"),
    path("credentials/<uuid:certificate_id>.pdf", views.credential_pdf, name="credential_pdf"),
    path("credentials/<uuid:certificate_id>/revoke", views.credential_revoke, name="credential_revoke"),
    path("verify/", views.verifier, name="verify"),
    path("orgs/<slug:org>/issuer", views.issuer, name="issuer"),
    path("orgs/<slug:org>/did.json", views.did_document, name="did_document"),
    path("orgs/<slug:org>/status/revocation", views.status_list, name="status_list"),
]
