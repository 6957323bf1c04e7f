"""Version 1 of the accreditation instrument: the six standards of DOMAIN.md with realistic indicators,
weights (summing to 100), a 1–4 score scale with descriptors per indicator, required evidence, and the
default grade rules (A ≥ 86 → 5 years, B ≥ 71 → 3 years, C ≥ 56 → 2 years).

`load()` is idempotent: it creates version 1 when it is missing and never touches an existing version.
Used by the data migration and by tests that flush the database.
"""

SCALE = [(1, "Kurang"), (2, "Cukup"), (3, "Baik"), (4, "Sangat baik")]

GRADES = [("A", "86.00", 5), ("B", "71.00", 3), ("C", "56.00", 2)]

# (number, name, description, [indicators])
# indicator: (code, weight, allows N/A, text, required evidence, (descriptor 1, 2, 3, 4))
STANDARDS = [
    (1, "Program Pelayanan", "Visi, misi, rencana program, dan prosedur pelayanan LKS.", [
        ("1.1", "3", False,
         "LKS memiliki visi, misi, dan tujuan tertulis yang selaras dengan bidang pelayanannya.",
         "Dokumen visi, misi, dan tujuan (AD/ART atau profil lembaga).",
         ("Belum ada visi, misi, dan tujuan tertulis.",
          "Ada secara tertulis, tetapi tidak selaras dengan bidang pelayanan.",
          "Ada secara tertulis dan selaras dengan bidang pelayanan.",
          "Ada, selaras, ditinjau berkala, dan dipahami pengurus serta staf.")),
        ("1.2", "4", False,
         "LKS memiliki rencana program tahunan yang memuat sasaran, kegiatan, jadwal, dan anggaran.",
         "Rencana program dan anggaran tahun berjalan.",
         ("Tidak ada rencana program tertulis.",
          "Ada rencana program, tetapi tanpa sasaran atau anggaran.",
          "Rencana program lengkap dengan sasaran, jadwal, dan anggaran.",
          "Rencana lengkap, dievaluasi tiap tahun, dan hasil evaluasi dipakai untuk tahun berikutnya.")),
        ("1.3", "4", False,
         "Program pelayanan disusun berdasarkan asesmen kebutuhan penerima manfaat.",
         "Dokumen hasil asesmen kebutuhan atau analisis situasi.",
         ("Program tidak didasarkan pada asesmen kebutuhan.",
          "Asesmen kebutuhan dilakukan sebagian atau tidak terdokumentasi.",
          "Asesmen kebutuhan terdokumentasi dan menjadi dasar program.",
          "Asesmen kebutuhan melibatkan penerima manfaat dan keluarga serta diperbarui berkala.")),
        ("1.4", "4", False,
         "LKS memiliki standar operasional prosedur (SOP) pelayanan yang tertulis dan disosialisasikan.",
         "SOP pelayanan dan bukti sosialisasi kepada staf.",
         ("Belum ada SOP pelayanan.",
          "SOP ada untuk sebagian tahapan pelayanan.",
          "SOP lengkap untuk seluruh tahapan pelayanan dan disosialisasikan.",
          "SOP lengkap, dipatuhi dalam praktik, dan ditinjau berkala.")),
    ]),
    (2, "Proses Pelayanan", "Tahapan pelayanan dari pendekatan awal sampai terminasi dan bimbingan lanjut.", [
        ("2.1", "4", False,
         "Pendekatan awal dan penerimaan (intake) penerima manfaat dilakukan dengan prosedur tertulis, "
         "termasuk persetujuan penerima manfaat atau walinya.",
         "Formulir intake dan formulir persetujuan yang telah diisi (identitas disamarkan).",
         ("Penerimaan tanpa prosedur dan tanpa persetujuan tertulis.",
          "Prosedur ada, tetapi persetujuan tidak selalu didokumentasikan.",
          "Intake dan persetujuan terdokumentasi untuk setiap penerima manfaat.",
          "Intake terdokumentasi, disertai penjelasan hak dan kewajiban yang dipahami penerima manfaat.")),
        ("2.2", "5", False,
         "Asesmen individual dilakukan oleh pekerja sosial untuk setiap penerima manfaat.",
         "Contoh berkas asesmen individual (identitas disamarkan).",
         ("Asesmen individual tidak dilakukan.",
          "Asesmen dilakukan untuk sebagian penerima manfaat atau bukan oleh pekerja sosial.",
          "Asesmen individual dilakukan pekerja sosial untuk setiap penerima manfaat.",
          "Asesmen menyeluruh (bio-psiko-sosial-spiritual) dan diperbarui berkala.")),
        ("2.3", "4", False,
         "Rencana intervensi disusun bersama penerima manfaat dan/atau keluarganya.",
         "Contoh rencana intervensi yang ditandatangani penerima manfaat atau keluarga.",
         ("Tidak ada rencana intervensi.",
          "Rencana intervensi disusun tanpa melibatkan penerima manfaat.",
          "Rencana intervensi disusun bersama penerima manfaat atau keluarga.",
          "Rencana disusun bersama, memuat tujuan terukur, dan ditinjau berkala.")),
        ("2.4", "4", False,
         "Pelaksanaan intervensi (bimbingan fisik, mental, sosial, dan keterampilan) terdokumentasi.",
         "Catatan kegiatan atau jurnal pelayanan tiga bulan terakhir.",
         ("Kegiatan pelayanan tidak terdokumentasi.",
          "Sebagian kegiatan terdokumentasi.",
          "Seluruh kegiatan pelayanan terdokumentasi.",
          "Terdokumentasi lengkap dan dikaitkan dengan rencana intervensi setiap penerima manfaat.")),
        ("2.5", "3", False,
         "Rujukan ke layanan lain (kesehatan, pendidikan, hukum) dilakukan bila diperlukan dan tercatat.",
         "Surat rujukan atau buku registrasi rujukan.",
         ("Rujukan tidak pernah dilakukan meskipun dibutuhkan.",
          "Rujukan dilakukan, tetapi tidak tercatat.",
          "Rujukan dilakukan dan tercatat.",
          "Rujukan tercatat dan hasilnya dipantau bersama lembaga penerima rujukan.")),
        ("2.6", "5", True,
         "Terminasi dan bimbingan lanjut (reintegrasi ke keluarga atau masyarakat) direncanakan dan dipantau.",
         "Laporan terminasi dan bimbingan lanjut.",
         ("Terminasi tanpa perencanaan dan tanpa bimbingan lanjut.",
          "Terminasi direncanakan, tetapi tanpa bimbingan lanjut.",
          "Terminasi direncanakan dan bimbingan lanjut dilakukan.",
          "Terminasi dan bimbingan lanjut terencana, dipantau, dan hasilnya dievaluasi.")),
    ]),
    (3, "Manajemen Organisasi", "Struktur, legalitas, keuangan, administrasi, dan jejaring lembaga.", [
        ("3.1", "3", False,
         "Struktur organisasi dan uraian tugas tertulis ditetapkan oleh pengurus.",
         "SK struktur organisasi dan uraian tugas.",
         ("Tidak ada struktur organisasi tertulis.",
          "Struktur ada, tetapi tanpa uraian tugas.",
          "Struktur dan uraian tugas tertulis dan ditetapkan.",
          "Struktur dan uraian tugas ditetapkan, dijalankan, dan ditinjau berkala.")),
        ("3.2", "3", False,
         "Legalitas lembaga lengkap dan masih berlaku (akta, SK Kemenkumham, Tanda Daftar, izin operasional, NPWP).",
         "",
         ("Sebagian besar dokumen legalitas tidak ada.",
          "Dokumen legalitas ada, tetapi sebagian sudah tidak berlaku.",
          "Dokumen legalitas lengkap dan berlaku.",
          "Lengkap, berlaku, dan perubahan pengurus dicatatkan tepat waktu.")),
        ("3.3", "4", False,
         "Pengelolaan keuangan tertib: pembukuan, laporan keuangan tahunan, dan audit.",
         "Laporan keuangan tahun terakhir.",
         ("Tidak ada pembukuan.",
          "Pembukuan ada, tetapi tanpa laporan keuangan tahunan.",
          "Laporan keuangan tahunan disusun dan dilaporkan kepada pengurus.",
          "Laporan keuangan diaudit dan terbuka bagi donatur serta Dinas Sosial.")),
        ("3.4", "3", False,
         "Administrasi dan data penerima manfaat terkelola, termasuk perlindungan data pribadi (UU 27/2022).",
         "Contoh halaman buku induk atau basis data penerima manfaat (identitas disamarkan).",
         ("Data penerima manfaat tidak tercatat.",
          "Data tercatat, tetapi tidak lengkap atau tidak terlindungi.",
          "Data lengkap dan tersimpan dengan akses terbatas.",
          "Data lengkap, terlindungi, dan terhubung dengan DTKS/SIKS-NG.")),
        ("3.5", "2", False,
         "LKS menjalin jejaring dan kemitraan dengan Dinas Sosial, puskesmas, sekolah, dan lembaga lain.",
         "Nota kesepahaman atau perjanjian kerja sama.",
         ("Tidak ada kemitraan.",
          "Kemitraan informal tanpa perjanjian.",
          "Ada perjanjian kerja sama dengan sedikitnya dua mitra.",
          "Kemitraan aktif dengan berbagai mitra dan dievaluasi bersama.")),
    ]),
    (4, "Sumber Daya Manusia", "Pekerja sosial, tenaga kesejahteraan sosial, tenaga pendukung, dan pembinaan staf.", [
        ("4.1", "6", False,
         "LKS memiliki pekerja sosial profesional sesuai rasio penerima manfaat.",
         "Daftar pekerja sosial beserta ijazah atau sertifikat kompetensi.",
         ("Tidak ada pekerja sosial.",
          "Ada pekerja sosial, tetapi jauh di bawah rasio kebutuhan.",
          "Jumlah pekerja sosial mendekati rasio kebutuhan.",
          "Jumlah pekerja sosial memenuhi rasio dan berpendidikan pekerjaan sosial.")),
        ("4.2", "5", False,
         "Pekerja sosial dan tenaga kesejahteraan sosial telah tersertifikasi atau mengikuti pelatihan.",
         "Sertifikat kompetensi atau sertifikat pelatihan.",
         ("Belum ada yang tersertifikasi atau terlatih.",
          "Sebagian kecil telah mengikuti pelatihan.",
          "Sebagian besar telah mengikuti pelatihan dan sebagian tersertifikasi.",
          "Seluruh pekerja sosial tersertifikasi LSP Kemensos.")),
        ("4.3", "3", False,
         "Pengurus dan pengelola memahami kebijakan dan standar nasional pelayanan LKS (Permensos 22/2016).",
         "Daftar hadir dan materi sosialisasi standar pelayanan.",
         ("Pengurus belum mengenal standar pelayanan.",
          "Sebagian pengurus mengenal standar pelayanan.",
          "Pengurus dan pengelola memahami standar pelayanan.",
          "Standar pelayanan menjadi acuan rapat dan evaluasi lembaga.")),
        ("4.4", "3", False,
         "Tersedia tenaga pendukung (psikolog, tenaga kesehatan, pengasuh, guru) sesuai kebutuhan layanan.",
         "Daftar tenaga pendukung dan jadwal kerjanya.",
         ("Tidak ada tenaga pendukung.",
          "Tenaga pendukung ada, tetapi tidak sesuai kebutuhan.",
          "Tenaga pendukung sesuai kebutuhan utama layanan.",
          "Tenaga pendukung lengkap, termasuk melalui kerja sama dengan mitra.")),
        ("4.5", "3", False,
         "Pembinaan dan supervisi staf dilakukan secara berkala.",
         "Notulen supervisi atau rapat staf enam bulan terakhir.",
         ("Tidak ada pembinaan atau supervisi.",
          "Pembinaan dilakukan sesekali tanpa catatan.",
          "Supervisi berkala dan tercatat.",
          "Supervisi berkala, tercatat, dan ditindaklanjuti dengan pengembangan staf.")),
    ]),
    (5, "Sarana dan Prasarana", "Bangunan, asrama, aksesibilitas, dan keselamatan.", [
        ("5.1", "3", False,
         "Bangunan dan ruang pelayanan layak, aman, bersih, dan memenuhi standar kesehatan.",
         "Foto ruang pelayanan, dapur, dan kamar mandi.",
         ("Bangunan tidak layak atau membahayakan.",
          "Bangunan layak, tetapi kebersihan atau kesehatan kurang terjaga.",
          "Bangunan layak, bersih, dan sehat.",
          "Layak, bersih, sehat, dan dirawat terjadwal.")),
        ("5.2", "3", True,
         "Asrama atau ruang tidur sesuai kapasitas dan menjaga privasi (untuk pelayanan dalam panti).",
         "Foto asrama dan denah ruang tidur.",
         ("Ruang tidur jauh melebihi kapasitas.",
          "Ruang tidur sesuai kapasitas, tetapi tanpa privasi.",
          "Sesuai kapasitas, terpisah menurut jenis kelamin dan usia.",
          "Sesuai kapasitas, terpisah, dan tiap penerima manfaat memiliki tempat penyimpanan pribadi.")),
        ("5.3", "2", False,
         "Bangunan aksesibel bagi penyandang disabilitas dan lanjut usia (ramp, pegangan, toilet).",
         "Foto ramp, pegangan, dan toilet aksesibel.",
         ("Tidak ada fasilitas aksesibilitas.",
          "Ada sebagian fasilitas aksesibilitas.",
          "Fasilitas aksesibilitas utama tersedia.",
          "Seluruh area pelayanan aksesibel.")),
        ("5.4", "2", False,
         "Peralatan keselamatan (APAR, jalur evakuasi, kotak P3K) tersedia dan terawat.",
         "Foto APAR, rambu jalur evakuasi, dan kotak P3K.",
         ("Tidak ada peralatan keselamatan.",
          "Sebagian peralatan tersedia, tidak terawat.",
          "Peralatan lengkap dan terawat.",
          "Lengkap, terawat, dan simulasi evakuasi dilakukan berkala.")),
    ]),
    (6, "Hasil Pelayanan", "Pemenuhan kebutuhan dasar, perubahan keberfungsian sosial, dan kepuasan.", [
        ("6.1", "4", False,
         "Kebutuhan dasar penerima manfaat terpenuhi (pangan, sandang, kesehatan, pendidikan).",
         "Laporan pemenuhan kebutuhan dasar.",
         ("Kebutuhan dasar tidak terpenuhi.",
          "Sebagian kebutuhan dasar terpenuhi.",
          "Kebutuhan dasar terpenuhi.",
          "Kebutuhan dasar terpenuhi dan dipantau secara individual.")),
        ("6.2", "5", False,
         "Terjadi perubahan keberfungsian sosial penerima manfaat yang terukur.",
         "Laporan evaluasi perkembangan penerima manfaat.",
         ("Perubahan tidak diukur.",
          "Perubahan dicatat tanpa alat ukur.",
          "Perubahan diukur dengan alat ukur yang ditetapkan.",
          "Perubahan terukur, dilaporkan, dan menjadi dasar perbaikan program.")),
        ("6.3", "3", False,
         "Kepuasan penerima manfaat dan keluarga diukur dan ditindaklanjuti.",
         "Hasil survei kepuasan atau kotak saran dan tindak lanjutnya.",
         ("Kepuasan tidak diukur.",
          "Ada kotak saran tanpa tindak lanjut.",
          "Survei kepuasan dilakukan tiap tahun.",
          "Survei dilakukan, hasilnya diumumkan, dan ditindaklanjuti.")),
        ("6.4", "3", True,
         "Penerima manfaat yang telah reintegrasi atau mandiri tercatat dan dipantau.",
         "Data penerima manfaat yang reintegrasi dan laporan pemantauannya.",
         ("Tidak tercatat.",
          "Tercatat tanpa pemantauan.",
          "Tercatat dan dipantau sedikitnya sekali.",
          "Tercatat dan dipantau berkala bersama keluarga atau pendamping.")),
    ]),
]

TITLE = "Instrumen Akreditasi LKS (Permensos 8/2025)"
DESCRIPTION = (
    "Instrumen penilaian akreditasi Lembaga Kesejahteraan Sosial: enam standar (program pelayanan, proses "
    "pelayanan, manajemen organisasi, sumber daya manusia, sarana dan prasarana, hasil pelayanan), "
    "dinilai dengan skala 1–4. Formulir A (penilaian mandiri), Formulir B (bukti fisik), Formulir C (visitasi)."
)


def load(apps=None, *, publish=True):
    """Create version 1 when missing; return it."""
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    from django.utils import timezone

    InstrumentVersion = apps.get_model("accreditation", "InstrumentVersion")
    existing = InstrumentVersion.objects.filter(number=1).first()
    if existing is not None:
        return existing
    # Historical models (migrations) have no frozen-version guard; the live models do, so build the
    # version unpublished and publish it at the end.
    version = InstrumentVersion.objects.create(number=1, title=TITLE, description=DESCRIPTION)
    build(apps, version, SCALE, GRADES, STANDARDS)
    if publish:
        InstrumentVersion.objects.filter(pk=version.pk).update(published_at=timezone.now())
        version.refresh_from_db()
    return version


def build(apps, version, scale, grades, standards):
    ScaleLevel = apps.get_model("accreditation", "ScaleLevel")
    GradeRule = apps.get_model("accreditation", "GradeRule")
    Standard = apps.get_model("accreditation", "Standard")
    Indicator = apps.get_model("accreditation", "Indicator")
    Descriptor = apps.get_model("accreditation", "Descriptor")
    from decimal import Decimal

    for value, label in scale:
        ScaleLevel.objects.create(version=version, value=value, label=label)
    for grade, min_score, years in grades:
        GradeRule.objects.create(version=version, grade=grade, min_score=Decimal(min_score), validity_years=years)
    for number, name, description, indicators in standards:
        standard = Standard.objects.create(version=version, number=number, name=name, description=description)
        for order, (code, weight, allows_na, text, evidence, descriptors) in enumerate(indicators, start=1):
            indicator = Indicator.objects.create(
                standard=standard, code=code, order=order, text=text, weight=Decimal(weight),
                required_evidence=evidence, allows_not_applicable=allows_na,
            )
            Descriptor.objects.bulk_create(
                [Descriptor(indicator=indicator, value=v, text=t) for v, t in enumerate(descriptors, start=1)]
            )
