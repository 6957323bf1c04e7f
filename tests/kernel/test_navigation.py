"""The top bar: per role a few items, the pages of a programme in one dropdown menu (issue 20, item 7:
the LSP admin's seven top-level links pushed the language switch off a 1280 px screen)."""

import re

import pytest

from portal.accounts.roles import Role
from portal.core.navigation import MAX_TOP_ITEMS, NavMenu, menu_for

pytestmark = pytest.mark.django_db


def shape(items):
    return [
        (item.label, [str(link.label) for link in item.links]) if isinstance(item, NavMenu) else str(item.label)
        for item in items
    ]


@pytest.mark.parametrize(
    "role, expected",
    [
        (Role.APPLICANT, ["Profil saya", ("Sertifikasi", ["Gelombang sertifikasi", "Permohonan saya", "Uji kompetensi"]), "Sertifikat saya"]),
        (Role.LKS_OPERATOR, ["LKS saya", "Sertifikat saya"]),
        (Role.ASSESSOR, ["Profil asesor saya", ("Sertifikasi", ["Penilaian saya", "Penilaian uji", "Rencana asesmen"]), "Visitasi"]),
        (Role.SECRETARIAT, ["Pekerja sosial", ("Sertifikasi", ["Verifikasi", "Asesmen", "Sesi uji kompetensi", "Tempat Uji Kompetensi (TUK)", "Rencana asesmen", "Dasbor sertifikasi"]),
                            ("Akreditasi", ["Akreditasi", "Dasbor akreditasi"])]),
        (
            Role.LSP_ADMIN,
            [("Sertifikasi", ["Verifikasi", "Asesmen", "Rekonsiliasi", "Sesi uji kompetensi", "Tempat Uji Kompetensi (TUK)",
                             "Unit kompetensi", "Rencana asesmen", "Rencana asesmen bawaan", "Bank soal (CBT)", "Dasbor sertifikasi",
                             "Pengaduan", "Banding", "Retensi data", "Impor register"]),
             "Pekerja sosial", "Sertifikat", "Asesor"],
        ),
        (Role.BALKS_ADMIN, [("Akreditasi", ["Antrean akreditasi LKS", "Pleno", "Dasbor akreditasi", "Pengaduan", "Banding", "Retensi data",
                                            "Impor register"]), "Sertifikat", "Asesor"]),
        (Role.DPO, [("Data pribadi", ["Permintaan data pribadi", "Register pelanggaran data", "Log akses"])]),
    ],
)
def test_each_role_has_a_few_top_items_with_menus(make_user, role, expected):
    items = menu_for(make_user(role), "/")
    assert shape(items) == expected
    assert len(items) <= MAX_TOP_ITEMS


def test_the_page_marks_its_link_and_menu_active(make_user):
    admin = make_user(Role.LSP_ADMIN)
    items = menu_for(admin, "/secretariat/exams/7/plenary/")
    [certification] = [item for item in items if isinstance(item, NavMenu)]
    assert certification.active is True
    assert [str(link.label) for link in certification.links if link.active] == ["Sesi uji kompetensi"]
    items = menu_for(admin, "/secretariat/exams/tuk/3/")  # the longer address: the test sites, not the sessions
    [certification] = [item for item in items if isinstance(item, NavMenu)]
    assert [str(link.label) for link in certification.links if link.active] == ["Tempat Uji Kompetensi (TUK)"]
    assert [str(item.label) for item in items if not isinstance(item, NavMenu) and item.active] == []

    items = menu_for(admin, "/workers/")
    assert [str(item.label) for item in items if item.active] == ["Pekerja sosial"]
    assert not any(item.active for item in items if isinstance(item, NavMenu))


def test_the_top_bar_shows_the_menu_as_a_dropdown(client, make_user):
    admin = make_user(Role.LSP_ADMIN)
    client.force_login(admin)
    html = client.get("/assessment/reconciliation/").content.decode()
    nav = html[html.index('<ul class="navbar-nav me-auto">'): html.index("</ul>\n        <ul")]
    toggles = re.findall(r'<a class="nav-link dropdown-toggle( active)?"[^>]*>([^<]+)</a>', nav)
    assert toggles == [(" active", "Sertifikasi")]
    assert re.findall(r'<a class="dropdown-item( active)?" href="([^"]+)"', nav) == [
        ("", "/secretariat/applications/"),
        ("", "/secretariat/assessment/"),
        (" active", "/assessment/reconciliation/"),
        ("", "/secretariat/exams/"),
        ("", "/secretariat/exams/tuk/"),
        ("", "/schemes/units/"),
        ("", "/planning/"),
        ("", "/planning/defaults/"),
        ("", "/cbt/items/"),
        ("", "/dashboards/certification/"),
        ("", "/complaints/manage/"),
        ("", "/appeals/"),
        ("", "/retention/"),
        ("", "/imports/"),
    ]
    assert re.findall(r'<a class="nav-link( active)?" href="([^"]+)"', nav) == [
        ("", "/"), ("", "/workers/"), ("", "/credentials/manage/"), ("", "/assessors/"),
    ]
