"""Demo data of the registry, called by `manage.py seed_demo` (idempotent).

- the demo applicant (applicant@demo.test) gets a complete profile with documents;
- a few dozen realistic workers across the six regions, some certified (with a public credential);
- the demo assessor and five more assessors, with expertise and declared conflicts;
- `--workers N`: N synthetic workers in bulk (registry.bulk).
"""

import datetime
import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.core.demo import DEMO_DOMAIN, ensure_user
from portal.credentials.models import Credential
from portal.documents.services import store_upload
from portal.regions.models import Province, RegionalOffice

from . import nik as nik_rules
from . import services
from .choices import (
    DOC_DIPLOMA,
    DOC_EMPLOYMENT_LETTER,
    DOC_PHOTO,
    DOC_TRAINING_CERTIFICATE,
    CertificationStatus,
    Expertise,
    Gender,
    RoleType,
)
from .models import AssessorProfile, ConflictDeclaration, Education, Employment, Training, WorkerProfile, has_field

F, M = Gender.FEMALE, Gender.MALE
C, N, P, X = (CertificationStatus.CERTIFIED, CertificationStatus.NONE, CertificationStatus.IN_PROCESS,
              CertificationStatus.EXPIRED)

# (slug, name, gender, province, regency, regency code, birth date, education (level, school, programme,
#  social work, year), job (role, employer, position, start, end, hours/week), training or None, status)
WORKERS = [
    ("pekerja01", "Nur Aisyah Lubis", F, "11", "Kota Banda Aceh", "71", "1988-02-11",
     ("S1", "Universitas Syiah Kuala", "Psikologi", False, 2010),
     (RoleType.PKH, "Dinas Sosial Kota Banda Aceh", "Pendamping Sosial PKH", "2012-07-01", None, 40),
     ("Pelatihan Dasar Pekerjaan Sosial", "BBPPKS Regional I Padang", 120, 2014), C),
    ("pekerja02", "Rizky Ramadhan Siregar", M, "12", "Kota Medan", "71", "1992-11-03",
     ("S1", "Universitas Sumatera Utara", "Kesejahteraan Sosial", True, 2015),
     (RoleType.SAKTI_PEKSOS, "LKSA Yayasan Kasih Bunda Medan", "Pekerja Sosial", "2016-01-04", None, 40), None, C),
    ("pekerja03", "Yuli Kartika Sari", F, "13", "Kota Padang", "71", "1985-06-21",
     ("D3", "Akademi Pekerjaan Sosial Padang", "Pekerjaan Sosial", True, 2006),
     (RoleType.TKSK, "Dinas Sosial Kabupaten Padang Pariaman", "TKSK Kecamatan Batang Anai", "2008-03-01", None, 25),
     ("Bimbingan Teknis TKSK", "Kementerian Sosial RI", 32, 2019), N),
    ("pekerja04", "Doni Saputra", M, "14", "Kota Pekanbaru", "71", "1990-09-09",
     ("SMK", "SMK Negeri 1 Pekanbaru", "Pekerjaan Sosial", True, 2008),
     (RoleType.LKS_STAFF, "LKSLU Panti Werdha Khusnul Khotimah", "Pengasuh", "2010-05-01", None, 40), None, P),
    ("pekerja05", "Fitri Handayani", F, "15", "Kota Jambi", "71", "1994-04-17",
     ("S1", "Universitas Jambi", "Administrasi Publik", False, 2016),
     (RoleType.PKH, "Kementerian Sosial RI (PKH) Kota Jambi", "Pendamping Sosial PKH", "2017-02-01", None, 40),
     ("Bimbingan Teknis Pendampingan PKH", "Kementerian Sosial RI", 40, 2017), N),
    ("pekerja06", "Ahmad Fauzan Harahap", M, "21", "Kota Batam", "71", "1983-12-30",
     ("S2", "Universitas Indonesia", "Ilmu Kesejahteraan Sosial", True, 2012),
     (RoleType.ASN_COUNSELLOR, "Dinas Sosial Provinsi Kepulauan Riau", "Penyuluh Sosial Ahli Muda", "2009-01-02", None, 40),
     ("Pelatihan Manajemen Kasus", "Politeknik Kesejahteraan Sosial Bandung", 60, 2018), C),
    ("pekerja07", "Dewi Anggraini", F, "16", "Kota Palembang", "71", "1991-08-08",
     ("S1", "Universitas Sriwijaya", "Sosiologi", False, 2013),
     (RoleType.LKS_STAFF, "LKSA Panti Asuhan Aisyiyah Palembang", "Koordinator Pengasuhan", "2014-09-01", None, 40),
     ("Pelatihan Dasar Pekerjaan Sosial", "BBPPKS Regional II Bandung", 120, 2016), P),
    ("pekerja08", "Bambang Purnomo", M, "18", "Kota Bandar Lampung", "71", "1979-03-14",
     ("D4", "Sekolah Tinggi Kesejahteraan Sosial Bandung", "Pekerjaan Sosial", True, 2002),
     (RoleType.SAKTI_PEKSOS, "Balai Rehabilitasi Sosial Lampung", "Pekerja Sosial Penyelia", "2003-08-01", None, 40),
     None, X),
    ("pekerja09", "Maya Sari Wulandari", F, "31", "Kota Jakarta Timur", "75", "1987-01-25",
     ("S1", "Universitas Indonesia", "Ilmu Kesejahteraan Sosial", True, 2009),
     (RoleType.LKS_STAFF, "Yayasan Sayap Ibu Jakarta", "Pekerja Sosial Adopsi", "2010-02-01", None, 40),
     ("Pelatihan Perlindungan Anak Berbasis Keluarga", "UNICEF Indonesia", 48, 2015), C),
    ("pekerja10", "Hendra Gunawan", M, "31", "Kota Jakarta Selatan", "74", "1996-10-02",
     ("S1", "Universitas Negeri Jakarta", "Pendidikan Luar Sekolah", False, 2019),
     (RoleType.VOLUNTEER, "Taruna Siaga Bencana DKI Jakarta", "Relawan Tagana", "2019-11-01", None, 20), None, N),
    ("pekerja11", "Ratna Komalasari", F, "32", "Kabupaten Bandung", "04", "1989-05-05",
     ("S1", "Politeknik Kesejahteraan Sosial Bandung", "Pekerjaan Sosial", True, 2011),
     (RoleType.PKH, "Kementerian Sosial RI (PKH) Kabupaten Bandung", "Koordinator PKH Kabupaten", "2012-01-02", None, 40),
     ("Pelatihan Dasar Pekerjaan Sosial", "BBPPKS Regional II Bandung", 120, 2012), C),
    ("pekerja12", "Asep Sunandar", M, "32", "Kabupaten Garut", "05", "1993-07-19",
     ("SMA", "SMA Negeri 1 Garut", "IPS", False, 2011),
     (RoleType.TKSK, "Dinas Sosial Kabupaten Garut", "TKSK Kecamatan Tarogong Kidul", "2015-04-01", None, 25),
     ("Bimbingan Teknis TKSK", "Kementerian Sosial RI", 32, 2016), N),
    ("pekerja13", "Intan Permata Sari", F, "36", "Kota Serang", "73", "1995-12-12",
     ("D3", "Politeknik Kesejahteraan Sosial Bandung", "Rehabilitasi Sosial", True, 2016),
     (RoleType.LKS_STAFF, "LKS Rehabilitasi NAPZA Rumah Cemara Serang", "Konselor Adiksi", "2017-03-01", None, 40),
     None, P),
    ("pekerja14", "Sri Wahyuni", F, "33", "Kota Semarang", "74", "1984-04-04",
     ("S1", "Universitas Diponegoro", "Sosiologi", False, 2007),
     (RoleType.ASN_COUNSELLOR, "Dinas Sosial Provinsi Jawa Tengah", "Penyuluh Sosial Ahli Madya", "2008-01-02", None, 40),
     ("Pelatihan Dasar Pekerjaan Sosial", "BBPPKS Regional III Yogyakarta", 120, 2010), C),
    ("pekerja15", "Joko Susilo", M, "33", "Kabupaten Banyumas", "02", "1990-02-28",
     ("SMK", "SMK Negeri 3 Purwokerto", "Pekerjaan Sosial", True, 2008),
     (RoleType.PKH, "Kementerian Sosial RI (PKH) Kabupaten Banyumas", "Pendamping Sosial PKH", "2011-06-01", None, 40),
     None, N),
    ("pekerja16", "Anisa Rahmawati", F, "34", "Kota Yogyakarta", "71", "1992-09-15",
     ("S1", "UIN Sunan Kalijaga Yogyakarta", "Ilmu Kesejahteraan Sosial", True, 2014),
     (RoleType.SAKTI_PEKSOS, "LKSA Panti Asuhan Yatim Piatu Yogyakarta", "Pekerja Sosial", "2015-01-05", None, 40),
     ("Pelatihan Manajemen Kasus", "Politeknik Kesejahteraan Sosial Bandung", 60, 2016), C),
    ("pekerja17", "Eko Prasetyo", M, "35", "Kota Surabaya", "78", "1986-06-06",
     ("S1", "Universitas Airlangga", "Psikologi", False, 2008),
     (RoleType.LKS_STAFF, "LKSLU Griya Werdha Surabaya", "Kepala Pengasuhan", "2009-09-01", None, 40),
     ("Pelatihan Pendampingan Lanjut Usia", "BBPPKS Regional III Yogyakarta", 40, 2013), X),
    ("pekerja18", "Lestari Ningsih", F, "35", "Kabupaten Malang", "07", "1997-03-03",
     ("S1", "Universitas Muhammadiyah Malang", "Kesejahteraan Sosial", True, 2020),
     (RoleType.PKH, "Kementerian Sosial RI (PKH) Kabupaten Malang", "Pendamping Sosial PKH", "2021-01-04", None, 40),
     None, N),
    ("pekerja19", "Ni Luh Putu Ayu Lestari", F, "51", "Kota Denpasar", "71", "1991-11-20",
     ("S1", "Universitas Udayana", "Sosiologi", False, 2013),
     (RoleType.LKS_STAFF, "Yayasan Bali Hati Denpasar", "Pekerja Sosial Komunitas", "2014-02-01", None, 40),
     ("Pelatihan Dasar Pekerjaan Sosial", "BBPPKS Regional III Yogyakarta", 120, 2015), C),
    ("pekerja20", "I Gede Wirawan", M, "51", "Kabupaten Gianyar", "04", "1988-08-18",
     ("D3", "Akademi Pekerjaan Sosial Bali", "Pekerjaan Sosial", True, 2009),
     (RoleType.TKSK, "Dinas Sosial Kabupaten Gianyar", "TKSK Kecamatan Ubud", "2012-01-02", None, 25), None, N),
    ("pekerja21", "Syamsul Bahri", M, "61", "Kota Pontianak", "71", "1982-01-09",
     ("S1", "Universitas Tanjungpura", "Ilmu Pemerintahan", False, 2005),
     (RoleType.ASN_COUNSELLOR, "Dinas Sosial Provinsi Kalimantan Barat", "Penyuluh Sosial", "2006-03-01", None, 40),
     ("Pelatihan Penyuluhan Sosial", "BBPPKS Regional IV Banjarmasin", 40, 2012), C),
    ("pekerja22", "Rahmah Hayati", F, "63", "Kota Banjarmasin", "71", "1993-05-31",
     ("S1", "Universitas Lambung Mangkurat", "Kesejahteraan Sosial", True, 2015),
     (RoleType.PKH, "Kementerian Sosial RI (PKH) Kota Banjarmasin", "Pendamping Sosial PKH", "2016-04-01", None, 40),
     None, P),
    ("pekerja23", "Markus Dethan", M, "64", "Kota Samarinda", "72", "1987-07-07",
     ("S1", "Universitas Mulawarman", "Sosiologi", False, 2010),
     (RoleType.LKS_STAFF, "LKSA Panti Asuhan Kasih Samarinda", "Pengasuh", "2011-08-01", None, 40), None, N),
    ("pekerja24", "Andi Nurhalimah", F, "73", "Kota Makassar", "71", "1990-10-10",
     ("S1", "Universitas Hasanuddin", "Kesejahteraan Sosial", True, 2012),
     (RoleType.SAKTI_PEKSOS, "Sentra Wirajaya Makassar", "Pekerja Sosial", "2013-02-01", None, 40),
     ("Pelatihan Dasar Pekerjaan Sosial", "BBPPKS Regional V Makassar", 120, 2013), C),
    ("pekerja25", "Muhammad Arif Daeng Mappa", M, "73", "Kabupaten Gowa", "06", "1985-03-22",
     ("SMA", "SMA Negeri 1 Sungguminasa", "IPA", False, 2003),
     (RoleType.TKSK, "Dinas Sosial Kabupaten Gowa", "TKSK Kecamatan Somba Opu", "2009-01-02", None, 25),
     ("Bimbingan Teknis TKSK", "Kementerian Sosial RI", 32, 2014), N),
    ("pekerja26", "Grace Mamahit", F, "71", "Kota Manado", "71", "1994-01-14",
     ("S1", "Universitas Sam Ratulangi", "Sosiologi", False, 2016),
     (RoleType.PKH, "Kementerian Sosial RI (PKH) Kota Manado", "Pendamping Sosial PKH", "2017-05-02", None, 40),
     None, N),
    ("pekerja27", "Yohanes Bria", M, "53", "Kota Kupang", "71", "1989-09-29",
     ("S1", "Universitas Nusa Cendana", "Ilmu Sosial", False, 2012),
     (RoleType.VOLUNTEER, "Taruna Siaga Bencana Nusa Tenggara Timur", "Koordinator Relawan", "2013-01-07", None, 20),
     ("Pelatihan Dukungan Psikososial", "Palang Merah Indonesia", 24, 2019), N),
    ("pekerja28", "Baiq Nurul Hidayati", F, "52", "Kota Mataram", "71", "1992-02-02",
     ("S1", "Universitas Mataram", "Kesejahteraan Sosial", True, 2014),
     (RoleType.LKS_STAFF, "LKS Lombok Peduli Disabilitas", "Pekerja Sosial", "2015-03-02", None, 40), None, C),
    ("pekerja29", "Abraham Latuconsina", M, "81", "Kota Ambon", "71", "1986-11-11",
     ("D3", "Politeknik Negeri Ambon", "Administrasi Bisnis", False, 2007),
     (RoleType.TKSK, "Dinas Sosial Kota Ambon", "TKSK Kecamatan Sirimau", "2010-06-01", None, 25), None, N),
    ("pekerja30", "Maria Goreti Wenda", F, "91", "Kota Jayapura", "71", "1991-04-24",
     ("S1", "Universitas Cenderawasih", "Antropologi", False, 2014),
     (RoleType.PKH, "Kementerian Sosial RI (PKH) Kota Jayapura", "Pendamping Sosial PKH", "2015-07-01", None, 40),
     ("Bimbingan Teknis Pendampingan PKH", "Kementerian Sosial RI", 40, 2015), P),
    ("pekerja31", "Yakobus Kogoya", M, "95", "Kabupaten Jayawijaya", "02", "1993-12-01",
     ("SMA", "SMA Negeri 1 Wamena", "IPS", False, 2012),
     (RoleType.VOLUNTEER, "Yayasan Peduli Anak Papua Wamena", "Relawan Pendamping Anak", "2016-02-01", None, 20),
     None, N),
    ("pekerja32", "Sarah Mandacan", F, "92", "Kabupaten Manokwari", "02", "1988-05-16",
     ("S1", "Universitas Papua", "Ilmu Sosial", False, 2011),
     (RoleType.ASN_COUNSELLOR, "Dinas Sosial Provinsi Papua Barat", "Penyuluh Sosial", "2012-03-01", None, 40),
     ("Pelatihan Dasar Pekerjaan Sosial", "BBPPKS Regional VI Jayapura", 120, 2017), C),
]

APPLICANT = {
    "nik_regency": "73", "nik_district": "01", "full_name": "Siti Rahmawati", "gender": F, "province": "32",
    "regency": "Kota Bandung", "birth_place": "Bandung", "birth_date": "1990-05-14", "phone": "081322334455",
    "address": "Jl. Cihampelas No. 45, RT 02/RW 05, Kelurahan Cipaganti, Kecamatan Coblong",
    "educations": [
        ("SMA", "SMA Negeri 5 Bandung", "IPS", False, 2008),
        ("S1", "Politeknik Kesejahteraan Sosial Bandung", "Pekerjaan Sosial", True, 2012),
    ],
    "employments": [
        (RoleType.PKH, "Kementerian Sosial RI (PKH) Kota Bandung", "Pendamping Sosial PKH", "2013-03-01", "2019-12-31", 40),
        (RoleType.SAKTI_PEKSOS, "LKSA Yayasan Bina Insani Bandung", "Pekerja Sosial", "2020-01-06", None, 40),
    ],
    "trainings": [
        ("Pelatihan Dasar Pekerjaan Sosial", "BBPPKS Regional II Bandung", 120, 2013),
        ("Bimbingan Teknis Manajemen Kasus Perlindungan Anak", "Kementerian Sosial RI", 40, 2021),
    ],
}

# (slug or None for the demo assessor, name, institution, office, expertise, declarations)
ASSESSORS = [
    (None, None, "Politeknik Kesejahteraan Sosial Bandung", "II", [Expertise.CHILD_PROTECTION, Expertise.EDUCATION],
     [("institution", "Yayasan Sayap Ibu Jakarta", "", "", "Anggota dewan pembina"),
      ("person", "Rudi Hartono", "", "rudi.hartono@example.test", "Keponakan")]),
    ("asesor02", "Dra. Maria Ulfah, M.Si.", "Universitas Indonesia", "II", [Expertise.COMMUNITY, Expertise.POVERTY],
     [("institution", "Kementerian Sosial RI (PKH) Kota Depok", "", "", "Suami bekerja di sana")]),
    ("asesor03", "Dr. I Made Suardana", "Universitas Udayana", "III", [Expertise.DISABILITY, Expertise.INSTITUTIONS], []),
    ("asesor04", "Nurhayati, M.Kesos.", "Universitas Hasanuddin", "V", [Expertise.ELDERLY, Expertise.WOMEN],
     [("person", "Andi Nurhalimah", "", "", "Mantan mahasiswa bimbingan skripsi")]),
    ("asesor05", "Dr. Yohanes Wenda", "Universitas Cenderawasih", "VI", [Expertise.DISASTER, Expertise.COMMUNITY], []),
    ("asesor06", "Fadli Rahman, M.Si.", "UIN Imam Bonjol Padang", "I", [Expertise.REHABILITATION, Expertise.CORRECTIONS], []),
]


# ---- tiny but valid files for the demo documents ----------------------------------------------------
def demo_pdf(title):
    text = title.replace("(", "[").replace(")", "]")
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 4 0 R>>>>/Contents 5 0 R>>",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
        b"<</Length %d>>stream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def demo_photo(seed):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (240, 320), (200 - seed * 3 % 90, 215, 235))
    draw = ImageDraw.Draw(image)
    draw.ellipse((70, 50, 170, 160), fill=(120, 90, 70))
    draw.rectangle((45, 180, 195, 320), fill=(11, 79, 138))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def _pdf_upload(name, title):
    return SimpleUploadedFile(name, demo_pdf(title), content_type="application/pdf")


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


# ---- seeding ---------------------------------------------------------------------------------------
def _fill_profile(user, profile, *, nik, data, seed, with_documents=True):
    provinces = {p.code: p for p in Province.objects.all()}
    profile.nik = nik
    profile.full_name = data["full_name"]
    profile.birth_place = data["birth_place"]
    profile.birth_date = _date(data["birth_date"])
    profile.gender = data["gender"]
    profile.phone = data["phone"]
    profile.province = provinces[data["province"]]
    profile.regency = data["regency"]
    profile.address = data["address"]
    if with_documents:
        photo = SimpleUploadedFile("pas-foto.jpg", demo_photo(seed), content_type="image/jpeg")
        profile.photo = store_upload(user, photo, kind=DOC_PHOTO, images_only=True)
    profile.certification_status = data.get("status", CertificationStatus.NONE)
    profile.save()
    for level, school, programme, social_work, year in data["educations"]:
        diploma = store_upload(user, _pdf_upload(f"ijazah-{level.lower()}.pdf", f"Ijazah {level} {school}"), kind=DOC_DIPLOMA) if with_documents else None
        Education.objects.create(profile=profile, level=level, institution=school, study_programme=programme,
                                 graduation_year=year, social_work=social_work, diploma=diploma)
    for role, employer, position, start, end, hours in data["employments"]:
        letter = store_upload(user, _pdf_upload("surat-keterangan-kerja.pdf", f"Surat keterangan kerja {employer}"), kind=DOC_EMPLOYMENT_LETTER) if with_documents else None
        Employment.objects.create(profile=profile, employer=employer, position=position, role_type=role,
                                  start_date=_date(start), end_date=_date(end), hours_per_week=hours, letter=letter)
    for title, organiser, hours, year in data["trainings"]:
        certificate = store_upload(user, _pdf_upload("sertifikat-pelatihan.pdf", f"Sertifikat {title}"), kind=DOC_TRAINING_CERTIFICATE) if with_documents else None
        Training.objects.create(profile=profile, title=title, organiser=organiser, hours=hours, year=year, certificate=certificate)
    services.refresh_totals(profile)
    return profile


def seed_applicant(user):
    profile = services.profile_for(user)
    if profile.nik and profile.educations.exists() and profile.employments.exists():
        return profile
    profile.educations.all().delete()
    profile.employments.all().delete()
    profile.trainings.all().delete()
    data = APPLICANT
    nik = (
        data["province"] + data["nik_regency"] + data["nik_district"]
        + nik_rules.encode_date_segment(_date(data["birth_date"]), data["gender"] == F) + "0001"
    )
    # A NIK left from an older run under another account would collide: free it.
    WorkerProfile.objects.filter(nik=nik).exclude(pk=profile.pk).update(nik=None)
    _fill_profile(user, profile, nik=nik, data=data, seed=0)
    user.full_name = data["full_name"]
    user.save(update_fields=["full_name"])
    return profile


def seed_workers(password, log):
    created = 0
    for index, (slug, name, gender, province, regency, regency_code, birth, education, job, training, status) in enumerate(WORKERS, start=2):
        email = f"{slug}@{DEMO_DOMAIN}"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = ensure_user(email, full_name=name, role=Role.APPLICANT, password=password)
        profile = services.profile_for(user)
        if profile.nik:
            continue
        birth_date = _date(birth)
        nik = f"{province}{regency_code}{index % 30 + 1:02d}{nik_rules.encode_date_segment(birth_date, gender == F)}{index:04d}"
        data = {
            "full_name": name, "gender": gender, "province": province, "regency": regency,
            "birth_place": regency.replace("Kota ", "").replace("Kabupaten ", ""), "birth_date": birth,
            "phone": f"0812{index:04d}{index * 37 % 10000:04d}", "address": f"Jl. Pahlawan No. {index * 3}",
            "educations": [education], "employments": [job], "trainings": [training] if training else [],
            "status": status,
        }
        _fill_profile(user, profile, nik=nik, data=data, seed=index)
        created += 1
        if status in (CertificationStatus.CERTIFIED, CertificationStatus.EXPIRED):
            _issue_demo_credential(user, profile, index, expired=status == CertificationStatus.EXPIRED)
    log(f"registry: {created} demo workers created ({len(WORKERS)} in the demo set).")


def credential_number(subject_code, year, sequence):
    """A number in the kernel's format when the kernel has one (`portal.credentials.numbers`)."""
    try:
        from portal.credentials import numbers
    except ImportError:  # an older kernel: plain numbers
        return f"PS-{subject_code}-{year}-{sequence:06d}"
    return numbers.format_number(numbers.number_prefix(Credential.Kind.WORKER_CERTIFICATE, subject_code), year, sequence)


def compact_number(number):
    return re.sub(r"[^0-9A-Z]", "", number.upper())


def _issue_demo_credential(user, profile, index, *, expired):
    start = profile.employments.order_by("start_date").first().start_date
    issued = datetime.date(max(2015, start.year + 2), 6, 1 + index % 27) if not expired else datetime.date(2018, 3, 12)
    valid_until = issued.replace(year=issued.year + 5)
    level = "Spesialis" if profile.highest_education in ("S2", "S3") else "Generalis"
    # Demo sequences start at 900000 so they never meet the numbers real issuance gives out.
    number = credential_number(level[:3].upper(), issued.year, 900000 + index)
    extra = {"lookup": compact_number(number)} if has_field(Credential, "lookup") else {}
    Credential.objects.update_or_create(
        kind=Credential.Kind.WORKER_CERTIFICATE,
        source=f"registry.demo:{user.email}",
        defaults={
            **extra,
            "number": number,
            "holder": user,
            "holder_name": profile.full_name,
            "subject": f"Pekerja Sosial {level}",
            "subject_code": f"PS-{level[:3].upper()}",
            "issuer": "LSP Kemensos",
            "province": profile.province,
            "issued_on": issued,
            "valid_until": valid_until,
            "status": Credential.Status.VALID,
        },
    )


def seed_assessors(users, password, log):
    offices = {o.code: o for o in RegionalOffice.objects.all()}
    for slug, name, institution, office, expertise, declarations in ASSESSORS:
        if slug is None:
            user = users[Role.ASSESSOR]
        else:
            email = f"{slug}@{DEMO_DOMAIN}"
            user = User.objects.filter(email=email).first() or ensure_user(
                email, full_name=name, role=Role.ASSESSOR, password=password
            )
        profile, created = AssessorProfile.objects.get_or_create(
            user=user,
            defaults={"institution": institution, "regional_office": offices[office], "expertise": list(expertise),
                      "declarations_confirmed_at": timezone.now()},
        )
        if created:
            for kind, decl_name, decl_nik, decl_email, reason in declarations:
                ConflictDeclaration.objects.create(assessor=profile, kind=kind, name=decl_name, nik=decl_nik,
                                                   email=decl_email, reason=reason)
    log(f"registry: {len(ASSESSORS)} assessors with profiles.")


def seed_registry(users, options, log):
    password = options.get("password")
    seed_applicant(users[Role.APPLICANT])
    seed_workers(password, log)
    seed_assessors(users, password, log)
    workers = options.get("workers") or 0
    if workers:
        from .bulk import ensure_synthetic_workers

        ensure_synthetic_workers(workers, log)
