"""The holder's "My certificates", the PDF download, the admins' list and status form, the hooks."""

from django.urls import reverse

from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from portal.core.dashboard import panels_for
from portal.core.navigation import links_for


def login(client, user):
    client.force_login(user)
    session = client.session
    session["mfa_enrolled"] = True
    session.save()


def test_my_certificates_and_the_download(client, issue, applicant, make_user):
    credential = issue(holder=applicant)
    issue(holder=make_user(Role.APPLICANT), holder_name="Orang Lain")
    login(client, applicant)
    page = client.get("/credentials/").content.decode()
    assert credential.number in page and "Orang Lain" not in page
    assert "Sertifikat saya" in page
    response = client.get(f"/credentials/{credential.pk}/pdf/")  # rendered on demand if not there yet
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f'filename="{credential.number}.pdf"' in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF-")
    assert not AuditEvent.objects.filter(action="credential.download").exists()  # the holder's own


def test_nobody_else_downloads_it(client, issue, applicant, make_user, balks_admin, lsp_admin):
    credential = issue(holder=applicant)
    for user in (make_user(Role.APPLICANT), make_user(Role.ASSESSOR), make_user(Role.SECRETARIAT), balks_admin):
        login(client, user)
        assert client.get(f"/credentials/{credential.pk}/pdf/").status_code == 404
    client.logout()
    assert client.get(f"/credentials/{credential.pk}/pdf/").status_code == 302  # to the login page
    login(client, lsp_admin)
    assert client.get(f"/credentials/{credential.pk}/pdf/").status_code == 200
    assert AuditEvent.objects.filter(action="credential.download", actor=lsp_admin).count() == 1


def test_admin_list_search_and_revoke(client, issue, lsp_admin, applicant):
    target = issue(holder=applicant, holder_name="Rina Marlina")
    issue(holder_name="Budi Santoso")
    issue(kind="lks", holder_name="LKSA Harapan", subject="Terakreditasi A", subject_code="A")
    login(client, lsp_admin)
    page = client.get("/credentials/manage/").content.decode()
    assert "Rina Marlina" in page and "Budi Santoso" in page and "LKSA Harapan" not in page
    page = client.get("/credentials/manage/", {"q": "marlina"}).content.decode()
    assert "Rina Marlina" in page and "Budi Santoso" not in page
    page = client.get("/credentials/manage/", {"q": target.number.lower().replace("-", "")}).content.decode()
    assert target.number in page and "Budi Santoso" not in page

    url = reverse("credentials:manage_detail", args=[target.pk])
    response = client.post(url, {"action": "revoke", "reason": "x"})
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    response = client.post(url, {"action": "revoke", "reason": "Memalsukan dokumen portofolio"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.status, target.status_reason) == ("revoked", "Memalsukan dokumen portofolio")
    page = client.get(f"/verify/{target.number}/").content.decode()
    assert 'data-status="revoked"' in page and "Memalsukan dokumen portofolio" in page


def test_admin_pages_are_for_the_admins_of_the_kind(client, issue, balks_admin, applicant, make_user):
    worker = issue()
    login(client, balks_admin)
    assert client.get(f"/credentials/manage/{worker.pk}/").status_code == 404
    assert client.get("/credentials/manage/").status_code == 200
    login(client, applicant)
    assert client.get("/credentials/manage/").status_code == 404
    assert client.get(f"/credentials/manage/{worker.pk}/").status_code == 404
    login(client, make_user(Role.SECRETARIAT))
    assert client.get("/credentials/manage/").status_code == 404


def test_a_post_for_a_move_not_offered_is_refused(client, issue, lsp_admin):
    credential = issue()
    login(client, lsp_admin)
    response = client.post(f"/credentials/manage/{credential.pk}/", {"action": "reinstate", "reason": "Bukan dibekukan"})
    assert response.status_code == 200 and "action" in response.context["form"].errors
    credential.refresh_from_db()
    assert credential.status == "valid"


def test_dashboard_panel_and_navigation(issue, applicant, lsp_admin, balks_admin):
    credential = issue(holder=applicant)
    panel = next(p for p in panels_for(applicant) if p.url == "/credentials/")
    assert panel.count == 1
    assert panel.items[0][0] == f"{credential.number} · Pekerja Sosial Generalis"
    assert panel.items[0][1] == f"/credentials/{credential.pk}/pdf/"
    assert [link.url for link in links_for(applicant)].count("/credentials/") == 1
    admin_panel = next(p for p in panels_for(lsp_admin) if p.url == "/credentials/manage/")
    assert admin_panel.count == 1
    assert next(p for p in panels_for(balks_admin) if p.url == "/credentials/manage/").count == 0
    assert "/credentials/manage/" in [link.url for link in links_for(lsp_admin)]


def test_dashboard_page_renders_the_panel(client, issue, applicant, django_assert_max_num_queries):
    issue(holder=applicant)
    login(client, applicant)
    page = client.get("/").content.decode()
    assert "Sertifikat saya" in page and "/credentials/" in page


def test_demo_seeder_is_idempotent(db, reference_data):
    from portal.core.demo import seed
    from portal.credentials.models import Credential

    seed(log=lambda *a: None)
    seed(log=lambda *a: None)
    ours = Credential.objects.filter(source__startswith="demo:")
    assert sorted(ours.values_list("source", flat=True)) == ["demo:lks-accreditation", "demo:worker-certificate"]
    assert all(c.signature for c in ours)


def test_the_admin_search_matches_names_and_numbers_through_trigram_indexes(issue):
    from django.db import connection

    from portal.credentials.models import Credential

    marlina, other = issue(holder_name="Marlina Siregar"), issue(holder_name="Budi Santoso")
    found = lambda text: set(Credential.objects.matching(text))  # noqa: E731
    assert found("  RLINA sire ") == {marlina}
    assert found(marlina.number.lower().replace("-", " ")) == {marlina}
    assert found(marlina.number[:11].lower()) == {marlina, other}  # "ps-gen-2026"
    assert found("") == {marlina, other} and found("zz") == set()
    with connection.cursor() as cursor:  # the planner may use them (it would not bother on a table this small)
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = Credential.objects.matching("marlina 2026").order_by().query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "credential_holder_trgm_idx" in plan and "credential_lookup_trgm_idx" in plan, plan
