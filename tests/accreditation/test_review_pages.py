"""The secretariat's desk-review page of an accreditation (the kernel's desk review,
portal.core.review): check one item, accept all, decide — what the pages answer."""

import pytest

from accreditation.choices import AccreditationStatus
from accreditation.models import Accreditation
from portal.audit.models import AuditEvent

from .helpers import desk_reviewer, submitted

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_the_desk_review_checks_one_item_accepts_the_rest_and_accepts_for_visitation(client, make_user):
    accreditation = submitted(make_user)
    reviewer = desk_reviewer(make_user, accreditation)
    npwp = accreditation.review_items.get(key="legal:npwp")
    base = f"/accreditation/{accreditation.pk}/review/"
    client.force_login(reviewer)
    page = client.get(base).content.decode()
    assert '<article class="review-item border-top py-2" id="item-legal-npwp">' in page
    assert '<input type="hidden" name="item" value="legal:npwp">' in page
    total = accreditation.review_items.count()
    assert f"0 dari {total} diterima · 0 perlu perbaikan" in page

    # A flag without a note: back to the line, the form's error as a message; nothing is saved.
    response = client.post(f"{base}item/", {"item": "legal:npwp", "status": "needs_revision", "note": ""})
    assert (response.status_code, response["Location"]) == (302, f"{base}#item-legal-npwp")
    assert messages_of(client.get(base)) == ["Tuliskan apa yang harus diperbaiki LKS."]

    response = client.post(f"{base}item/", {"item": "legal:npwp", "status": "needs_revision", "note": "Tidak terbaca"})
    assert (response.status_code, response["Location"]) == (302, f"{base}#item-legal-npwp")
    npwp.refresh_from_db()
    assert (npwp.status, npwp.note, npwp.reviewed_by) == ("needs_revision", "Tidak terbaca", reviewer)
    page = client.get(base).content.decode()
    assert f'id="note-legal-npwp" maxlength="2000" value="Tidak terbaca"' in page
    assert f"0 dari {total} diterima · 1 perlu perbaikan" in page

    response = client.post(f"{base}accept-all/", follow=True)
    assert messages_of(response) == [f"{total - 1} butir diterima."]
    assert AuditEvent.objects.filter(action="accreditation.accept_all").get().after == {"accepted": total - 1}

    client.post(f"{base}item/", {"item": "legal:npwp", "status": "accepted"})
    response = client.post(f"{base}decide/", {"action": "accept_for_visitation"}, follow=True)
    assert response.redirect_chain == [(f"/accreditation/{accreditation.pk}/visitation/", 302)]
    assert messages_of(response) == ["Selesai: Diterima untuk visitasi."]
    assert Accreditation.objects.get(pk=accreditation.pk).status == AccreditationStatus.DESK_ACCEPTED

    response = client.post(f"{base}accept-all/", follow=True)
    assert messages_of(response) == ["Butir hanya dapat diperiksa selama akreditasi menunggu pemeriksaan berkas."]
