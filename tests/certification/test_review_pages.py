"""The secretariat's checklist page of an application (the kernel's desk review, portal.core.review):
check one item, accept all, decide — what the pages answer."""

import pytest

from certification.choices import ApplicationStatus
from certification.models import Application
from portal.audit.models import AuditEvent

from .helpers import submitted_application

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_the_checklist_checks_one_item_accepts_the_rest_and_declares_eligible(client, make_user, secretariat):
    application = submitted_application(make_user)
    secretariat.regional_office = application.regional_office
    secretariat.save()
    ijazah = application.documents.get(requirement__kind="ijazah")
    base = f"/secretariat/applications/{application.pk}/"
    client.force_login(secretariat)
    page = client.get(base).content.decode()
    assert f'<article class="review-item border-top py-2" id="item-doc-{ijazah.pk}">' in page
    assert f'<input type="hidden" name="item" value="doc:{ijazah.pk}">' in page
    assert "Terima semua butir yang belum diperiksa" in page

    # A flag without a note: the page again, with the form's error as a message; nothing is saved.
    response = client.post(f"{base}item/", {"item": f"doc:{ijazah.pk}", "status": "needs_revision", "note": " "})
    assert response.status_code == 200
    assert messages_of(response) == ["Tuliskan apa yang harus diperbaiki pemohon."]
    assert response.context["item_form"].errors == {"note": ["Tuliskan apa yang harus diperbaiki pemohon."]}

    response = client.post(f"{base}item/", {"item": f"doc:{ijazah.pk}", "status": "needs_revision", "note": "Buram"})
    assert (response.status_code, response["Location"]) == (302, f"{base}#item-doc-{ijazah.pk}")
    ijazah.refresh_from_db()
    assert (ijazah.review_status, ijazah.review_note, ijazah.reviewed_by) == ("needs_revision", "Buram", secretariat)
    page = client.get(base).content.decode()
    assert f'id="note-doc-{ijazah.pk}" value="Buram"' in page

    response = client.post(f"{base}accept-all/", follow=True)
    others = application.documents.count() + application.essays.count() - 1
    assert messages_of(response) == [f"{others} butir diterima."]
    assert AuditEvent.objects.filter(action="application.review_item").latest("id").after == {
        "item": str(application.essays.last()), "review_status": "accepted",
    }
    assert AuditEvent.objects.filter(action="application.review_item").count() == others + 1

    response = client.post(f"{base}decide/", {"action": "declare_eligible"})
    assert response.status_code == 200  # the flagged diploma is not accepted: the page again, with the reason
    assert messages_of(response)[0].startswith("Periksa semua butir terlebih dahulu; belum diterima: Ijazah")
    client.post(f"{base}item/", {"item": f"doc:{ijazah.pk}", "status": "accepted"})
    response = client.post(f"{base}decide/", {"action": "declare_eligible"}, follow=True)
    assert response.redirect_chain == [("/secretariat/applications/", 302)]
    assert messages_of(response) == [  # and the next step it leaves waiting (issue 20, item 9)
        "Selesai: Memenuhi syarat.",
        f'Berikutnya: <a href="/secretariat/assessment/applications/{application.pk}/" class="alert-link">Tugaskan asesor</a>',
    ]
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.ELIGIBLE

    response = client.post(f"{base}accept-all/", follow=True)
    assert messages_of(response) == ["Butir hanya dapat diperiksa selama permohonan menunggu verifikasi."]

    # Once eligible, no decision is offered; one sent from a page opened earlier is refused beside the field.
    page = client.get(base).content.decode()
    assert 'id="decision-title"' not in page
    response = client.post(f"{base}decide/", {"action": "return_for_revision", "note": "Buram lagi"}, follow=True)
    assert response.redirect_chain == [(base, 302)]
    assert messages_of(response) == [
        "Keputusan ini tidak dapat diambil lagi: permohonan sudah berlanjut sejak halaman ini dibuka."
    ]
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.ELIGIBLE


def test_the_decision_offers_only_what_the_workflow_allows_now(make_user):
    from certification.forms import DecisionForm

    assert [name for name, _ in DecisionForm(actions=["declare_eligible", "withdraw"]).fields["action"].choices] == [
        "declare_eligible"
    ]
    assert DecisionForm(actions=[]).fields["action"].choices == []
