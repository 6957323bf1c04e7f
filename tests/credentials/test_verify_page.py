"""The visitor's verification page is filled into a skeleton rendered once per shape
(`portal.core.skeleton`): it must be, byte for byte, the page the template renders, whatever the
facts (names with markup, quotes and any script), status, kind, language and optional fields."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.credentials import public

TEXT = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40)
OPTIONAL = st.one_of(st.just(""), TEXT)
NUMBER = st.text(st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123456789-/"), min_size=1, max_size=30)
DAY = st.dates(min_value=date(2000, 1, 1), max_value=date(2045, 12, 31))


@st.composite
def facts(draw):
    issued_on = draw(DAY)
    status = draw(st.sampled_from(["valid", "suspended", "revoked", "expired"]))
    return {
        "number": draw(NUMBER),
        "kind": draw(st.sampled_from(["worker", "lks"])),
        "holder_name": draw(TEXT),
        "subject": draw(TEXT),
        "subject_en": draw(OPTIONAL),
        "issuer": draw(TEXT),
        "issued_on": issued_on.isoformat(),
        "valid_until": (issued_on + timedelta(days=draw(st.integers(0, 3650)))).isoformat(),
        "status": status,
        "status_reason": draw(OPTIONAL) if status == "revoked" else "",
        "key_id": draw(TEXT),
        "signature": draw(TEXT),
        "province": draw(OPTIONAL),
    }


def visitor_request(number):
    request = RequestFactory().get(f"/verify/{number}/")
    request.user = AnonymousUser()
    return request


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=facts(), language=st.sampled_from(["id", "en"]))
def test_the_skeleton_page_is_the_template_page(data, language):
    credential = public.PublicCredential(data)
    request = visitor_request(data["number"])
    with translation.override(language):
        expected = render_to_string(public.PAGE_TEMPLATE, public.page_context(credential), request=request)
        assert public.visitor_page(request, credential) == expected


def test_the_page_shows_what_the_template_shows(reference_data):
    data = {
        "number": "PS-GEN-2026-000001-X", "kind": "worker", "holder_name": 'Ni <b>Luh</b> "Ayu" & Co', "subject": "S",
        "subject_en": "", "issuer": "LSP Kemensos", "issued_on": "2026-03-01", "valid_until": "2031-02-28",
        "status": "valid", "status_reason": "", "key_id": "k", "signature": "s", "province": "",
    }
    with translation.override("id"):  # whatever an earlier request on this thread left active
        page = public.visitor_page(visitor_request(data["number"]), public.PublicCredential(data))
    assert "Ni &lt;b&gt;Luh&lt;/b&gt; &quot;Ayu&quot; &amp; Co" in page and "<b>Luh</b>" not in page
    assert "1 Maret 2026" in page and "28 Februari 2031" in page
    assert f"Status per {public.display_date(timezone.localdate().isoformat(), 'id')}" in page
    assert 'href="/api/v1/credentials/PS-GEN-2026-000001-X/"' in page
    assert "next=/verify/PS-GEN-2026-000001-X/" in page


@pytest.mark.parametrize("number", ["LSPS 2015 0042", "LSPS/2015/0042?x", "PS-GEN-2026-000001-Ä"])
def test_numbers_that_are_not_plain_are_rendered_by_the_template(number):
    data = {
        "number": number, "kind": "worker", "holder_name": "A", "subject": "S", "subject_en": "", "issuer": "I",
        "issued_on": "2015-06-01", "valid_until": "2020-05-31", "status": "valid", "status_reason": "",
        "key_id": "k", "signature": "s", "province": "",
    }
    assert public.visitor_page(visitor_request("x"), public.PublicCredential(data)) is None
