"""An LKS that registers itself attaches its accreditation certificates imported from the register kept before the
portal: the certificate number and the Tanda Daftar number the register recorded must both match. Its page then
lists them for everyone who sees the LKS; BALKS admins detach one attached by mistake. Audited, rate-limited."""

from datetime import date, timedelta

import pytest

from accreditation.models import ImportedAccreditation
from portal.audit.models import AuditEvent
from portal.credentials.models import Credential
from portal.imports import kinds
from portal.imports import services as imports
from portal.regions.models import RegionalOffice
from tests.auth import Client
from tests.imports.helpers import LKS_HEADER, WORKER_HEADER, csv_bytes, worker_rows

from .helpers import make_institution

pytestmark = pytest.mark.django_db

TODAY = date.today()
#: (Tanda Daftar, LKS name, certificate number, grade, issued, valid until, status) as the old register kept them
REGISTER = [
    ("460/2016/LKS/012", "LKSA Pelita Hati", "BALKS/2017/A/0031", "A", date(2017, 8, 14), date(2022, 8, 13), "kedaluwarsa"),
    ("460/2016/LKS/012", "LKSA Pelita Hati", "BALKS/2022/B/0107", "B", TODAY - timedelta(days=400), TODAY + timedelta(days=600), ""),
    ("460/2019/LKS/207", "Panti Werdha Sejahtera", "BALKS/2021/B/0412", "B", date(2021, 2, 1), date(2024, 1, 31), ""),
]


@pytest.fixture
def register(balks_admin):
    rows = [[reg, name, "Jawa Barat", "LKSA", grade, number, issued.isoformat(), until.isoformat(), status]
            for reg, name, number, grade, issued, until, status in REGISTER]
    _plan, result = imports.apply(kinds.get("lks"), csv_bytes(LKS_HEADER, rows), "lks.csv", actor=balks_admin)
    assert result["created"] == 3
    return {number: Credential.objects.get(number=number) for _r, _n, number, *_rest in REGISTER}


@pytest.fixture
def lks(operator):
    return make_institution(operator, registration_number="460/2023/LKS/012")


def signed_in(user, language="en"):
    """A client signed in as `user`, who reads the portal in English (the messages the tests compare)."""
    user.language = language
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


def attach(client, lks, number, registration):
    return client.post(f"/lks/{lks.pk}/imported/", {"number": number, "registration_number": registration})


def test_the_operator_attaches_the_lks_s_old_certificates(operator, lks, register, django_assert_max_num_queries):
    client = signed_in(operator)
    page = client.get(f"/lks/{lks.pk}/").content.decode()
    assert "Accreditations from before the portal" in page and f"/lks/{lks.pk}/imported/" in page
    form = client.get(f"/lks/{lks.pk}/imported/")
    assert form.status_code == 200 and 'value="460/2023/LKS/012"' in form.content.decode()  # its Tanda Daftar now
    # Typed as people type: lower case, spaces for slashes.
    response = attach(client, lks, "balks 2017 a 0031", " 460/2016/lks/012 ")
    assert response.status_code == 302 and response["Location"] == f"/lks/{lks.pk}/#imported"
    assert attach(client, lks, "BALKS/2022/B/0107", "460-2016-LKS-012").status_code == 302
    links = ImportedAccreditation.objects.filter(institution=lks).order_by("credential__issued_on")
    assert [link.credential.number for link in links] == ["BALKS/2017/A/0031", "BALKS/2022/B/0107"]
    assert all(link.attached_by == operator for link in links)
    events = AuditEvent.objects.for_object(lks).filter(action="accreditation.imported_attach").order_by("id")
    assert [(e.actor, e.after["number"], e.after["registration_number"]) for e in events] == [
        (operator, "BALKS/2017/A/0031", "460/2016/lks/012"), (operator, "BALKS/2022/B/0107", "460-2016-LKS-012"),
    ]
    # Listed on the LKS's page, newest first, with their status and the public page.
    client.get(f"/lks/{lks.pk}/")  # shows the messages of the two attachments
    with django_assert_max_num_queries(20):
        page = client.get(f"/lks/{lks.pk}/").content.decode()
    assert page.index("BALKS/2022/B/0107") < page.index("BALKS/2017/A/0031")
    assert page.count('data-testid="imported-accreditation"') == 2
    assert "/verify/BALKS/2022/B/0107/" in page and "Terakreditasi B" in page
    assert ">Berlaku<" in page or ">Valid<" in page
    assert "Kedaluwarsa" in page or "Expired" in page
    # The certificates themselves are unchanged: public, verifiable by number, no holder account.
    assert Credential.objects.get(number="BALKS/2017/A/0031").holder is None


def queries_of(request):
    """How many queries `request()` runs (counted as they execute: a request resets Django's query log)."""
    from django.db import connection

    count = 0

    def counting(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counting):
        request()
    return count


def test_the_page_costs_the_same_queries_for_one_or_many_certificates(operator, lks, register):
    client = signed_in(operator)
    attach(client, lks, "BALKS/2017/A/0031", "460/2016/LKS/012")
    client.get(f"/lks/{lks.pk}/")
    one = queries_of(lambda: client.get(f"/lks/{lks.pk}/"))
    attach(client, lks, "BALKS/2022/B/0107", "460/2016/LKS/012")
    client.get(f"/lks/{lks.pk}/")
    assert queries_of(lambda: client.get(f"/lks/{lks.pk}/")) == one <= 20


@pytest.mark.parametrize("number, registration", [
    ("BALKS/2017/A/0031", "460/2019/LKS/207"),   # another LKS's Tanda Daftar
    ("BALKS/2017/A/0031", "460/2016/LKS/013"),   # one digit off
    ("BALKS/2021/B/0412", "460/2016/LKS/012"),   # another LKS's certificate
    ("BALKS/1999/A/0001", "460/2016/LKS/012"),   # not in the register
    ("LSPS/2014/000000", "460/2016/LKS/012"),    # a worker certificate
    ("////", "460/2016/LKS/012"),                # no letters or digits at all
    ("BALKS/2017/A/0031", "—/—"),
])
def test_numbers_that_do_not_match_are_refused_with_one_message(operator, lks, register, number, registration):
    from certification import reference as certification_reference

    certification_reference.load()
    imports.apply(kinds.get("workers"), csv_bytes(WORKER_HEADER, worker_rows(1)), "workers.csv")
    client = signed_in(operator)
    response = attach(client, lks, number, registration)
    assert response.status_code == 400
    assert "No accreditation certificate from before the portal has this number and this Tanda Daftar number" in \
        response.content.decode()
    assert not ImportedAccreditation.objects.exists()
    assert not AuditEvent.objects.filter(action="accreditation.imported_attach").exists()


def test_a_certificate_the_portal_issued_is_not_attached_this_way(operator, lks, balks_admin):
    from portal.credentials.services import issue_credential

    issued = issue_credential(kind="lks", source="test:lks", holder_name=lks.name, subject="Terakreditasi A (Sangat Baik)",
                              subject_code="A", issuer="BALKS")
    response = attach(signed_in(operator), lks, issued.number, lks.registration_number)
    assert response.status_code == 400 and not ImportedAccreditation.objects.exists()


def test_the_refusal_is_in_indonesian_by_default(operator, lks, register):
    response = attach(signed_in(operator, language="id"), lks, "BALKS/2017/A/0031", "salah")
    assert response.status_code == 400
    assert "Tidak ada sertifikat akreditasi dari sebelum portal" in response.content.decode()


def test_empty_and_overlong_input_is_refused_beside_the_field(operator, lks, register):
    client = signed_in(operator)
    empty = attach(client, lks, "", "")
    assert empty.status_code == 400 and empty.content.decode().count("This field is required.") == 2
    long = attach(client, lks, "B" * 61, "4" * 101)
    assert long.status_code == 400 and "Ensure this value has at most 60 characters" in long.content.decode()
    assert not ImportedAccreditation.objects.exists()


def test_a_certificate_goes_to_one_lks(make_user, operator, lks, register, balks_admin):
    client = signed_in(operator)
    assert attach(client, lks, "BALKS/2017/A/0031", "460/2016/LKS/012").status_code == 302
    again = attach(client, lks, "BALKS/2017/A/0031", "460/2016/LKS/012")
    assert again.status_code == 400 and "already listed for this LKS" in again.content.decode()
    other_operator = make_user("lks_operator")
    other = make_institution(other_operator, name="LKSA Pelita Hati Baru")
    other_client = signed_in(other_operator)
    taken = attach(other_client, other, "BALKS/2017/A/0031", "460/2016/LKS/012")
    assert taken.status_code == 400 and "attached to another LKS in the portal" in taken.content.decode()
    assert ImportedAccreditation.objects.get().institution == lks
    # BALKS detaches it (audited); then the other LKS may attach it.
    link = ImportedAccreditation.objects.get()
    admin = signed_in(balks_admin)
    assert f"/lks/{lks.pk}/imported/{link.pk}/detach/" in admin.get(f"/lks/{lks.pk}/").content.decode()
    response = admin.post(f"/lks/{lks.pk}/imported/{link.pk}/detach/")
    assert response.status_code == 302 and not ImportedAccreditation.objects.exists()
    [event] = AuditEvent.objects.for_object(lks).filter(action="accreditation.imported_detach")
    assert event.actor == balks_admin and event.before["number"] == "BALKS/2017/A/0031"
    assert attach(other_client, other, "BALKS/2017/A/0031", "460/2016/LKS/012").status_code == 302
    assert ImportedAccreditation.objects.get().institution == other


ROLES = ["applicant", "assessor", "secretariat", "lsp_admin", "balks_admin", "dpo", "lks_operator"]


@pytest.mark.parametrize("role", ROLES)
def test_only_the_lks_s_operators_attach_and_only_balks_admins_detach(make_user, operator, lks, register, role):
    kwargs = {"regional_office": RegionalOffice.objects.get(code="II")} if role == "secretariat" else {}
    client = signed_in(make_user(role, **kwargs))  # an lks_operator here operates another LKS, not this one
    assert client.get(f"/lks/{lks.pk}/imported/").status_code == 404
    assert attach(client, lks, "BALKS/2017/A/0031", "460/2016/LKS/012").status_code == 404
    assert not ImportedAccreditation.objects.exists()
    assert attach(signed_in(operator), lks, "BALKS/2017/A/0031", "460/2016/LKS/012").status_code == 302
    link = ImportedAccreditation.objects.get()
    detached = client.post(f"/lks/{lks.pk}/imported/{link.pk}/detach/")
    assert detached.status_code == (302 if role == "balks_admin" else 404)
    assert ImportedAccreditation.objects.exists() == (role != "balks_admin")
    assert signed_in(operator).post(f"/lks/{lks.pk}/imported/{link.pk}/detach/").status_code == 404  # operators never detach


def test_who_sees_the_list_sees_the_lks(make_user, operator, lks, register, balks_admin):
    attach(signed_in(operator), lks, "BALKS/2017/A/0031", "460/2016/LKS/012")
    region_ii = make_user("secretariat", regional_office=RegionalOffice.objects.get(code="II"))
    other_region = make_user("secretariat", regional_office=RegionalOffice.objects.exclude(pk=region_ii.regional_office_id).first())
    for user in (balks_admin, region_ii):
        page = signed_in(user).get(f"/lks/{lks.pk}/")
        assert page.status_code == 200 and "BALKS/2017/A/0031" in page.content.decode()
        assert f"/lks/{lks.pk}/imported/\"" not in page.content.decode()  # no "add" button but for operators
    for user in (other_region, make_user("applicant"), make_user("lks_operator"), make_user("lsp_admin")):
        assert signed_in(user).get(f"/lks/{lks.pk}/").status_code == 404
    assert Client().get(f"/lks/{lks.pk}/").status_code == 302  # to the sign-in page


def test_attaching_is_rate_limited(settings, operator, lks, register):
    settings.ACCREDITATION_IMPORTED_ATTACH_RATE = "3/h"
    client = signed_in(operator)
    for _ in range(3):
        assert attach(client, lks, "BALKS/2017/A/0031", "wrong").status_code == 400
    assert attach(client, lks, "BALKS/2017/A/0031", "460/2016/LKS/012").status_code == 429
    assert client.get(f"/lks/{lks.pk}/imported/").status_code == 200  # the form itself is not counted
    assert not ImportedAccreditation.objects.exists()
