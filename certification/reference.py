"""Seed schemes, routes, required documents and essay prompts (from DOMAIN.md). Idempotent: creates
what is missing and never overwrites what admins edited. Used by a data migration and by tests."""

SCHEMES = [
    # code, name, credential code, order, description
    ("ps-asisten", "Pekerja Sosial Asisten", "ASI", 1, "Pekerja sosial jenjang asisten (D3/D4 pekerjaan sosial)."),
    ("ps-generalis", "Pekerja Sosial Generalis", "GEN", 2, "Pekerja sosial jenjang generalis (S1/D4)."),
    ("ps-spesialis", "Pekerja Sosial Spesialis", "SPE", 3, "Pekerja sosial jenjang spesialis (S2 atau pengalaman setara)."),
    ("tks", "Tenaga Kesejahteraan Sosial", "TKS", 4, "TKSK, pendamping PKH, Sakti Peksos, staf LKS, dan relawan."),
]

BASE_DOCS = ["cv", "ijazah", "transcript", "work_letter", "recommendation", "photo"]

# scheme code -> list of route dicts
ROUTES = {
    "ps-asisten": [
        dict(kind="standard", min_education_level="D3", social_work_education_required=True, min_practice_years=2,
             components=["portfolio", "cognitive", "practical"], docs=BASE_DOCS + ["training?"]),
        dict(kind="training", min_education_level="D3", no_social_work_education=True, min_training_hours=120,
             components=["cognitive", "practical"], docs=BASE_DOCS + ["training"]),
        dict(kind="education", social_work_education_required=True,
             components=["cognitive", "practice_evidence", "interview"],
             docs=["cv", "student_letter", "transcript", "recommendation", "photo"]),
    ],
    "ps-generalis": [
        dict(kind="experience", min_education_level="S1", no_social_work_education=True, min_age=45,
             min_practice_years=15, components=["portfolio", "interview"], docs=BASE_DOCS + ["training?"]),
        dict(kind="standard", min_education_level="S1", social_work_education_required=True, min_practice_years=2,
             components=["portfolio", "cognitive", "practical"], docs=BASE_DOCS + ["training?"]),
        dict(kind="training", min_education_level="S1", no_social_work_education=True, min_training_hours=120,
             components=["cognitive", "practical"], docs=BASE_DOCS + ["training"]),
        dict(kind="education", social_work_education_required=True,
             components=["cognitive", "practice_evidence", "interview"],
             docs=["cv", "student_letter", "transcript", "recommendation", "photo"]),
    ],
    "ps-spesialis": [
        dict(kind="standard", min_education_level="S2", social_work_education_required=True, min_practice_years=3,
             components=["portfolio", "cognitive", "practical", "interview"], docs=BASE_DOCS + ["training?"]),
    ],
    "tks": [
        dict(kind="standard", min_education_level="SMA", min_practice_years=3, min_training_hours=160,
             components=["portfolio", "cognitive", "practical"],
             docs=["cv", "ijazah", "work_letter", "recommendation", "training", "photo"]),
        dict(kind="experience", min_education_level="SMA", min_age=45, min_practice_years=15,
             components=["portfolio", "interview"], docs=["cv", "ijazah", "work_letter", "recommendation", "photo"]),
    ],
}

ROUTE_DESCRIPTIONS = {
    "experience": "Berpendidikan di luar kesejahteraan sosial, usia minimal 45 tahun, 15 tahun praktik: portofolio dan wawancara.",
    "standard": "Berpendidikan sesuai jenjang dengan masa praktik minimal: portofolio, uji tulis, dan uji praktik.",
    "training": "Berlatar belakang non-kesejahteraan sosial dengan pelatihan dasar pekerjaan sosial 120 jam: uji tulis dan uji praktik.",
    "education": "Mahasiswa semester akhir atau lulusan baru program pekerjaan sosial: uji tulis, bukti praktik, dan wawancara.",
}

DOC_HELP = {
    "cv": "CV dengan 11 bagian: identitas, pendidikan, pekerjaan kesejahteraan sosial, praktik pekerjaan sosial, pelatihan, seminar, organisasi profesi, penelitian, publikasi, kontribusi, penghargaan.",
    "ijazah": "Ijazah terakhir, dipindai berwarna.",
    "transcript": "Transkrip nilai dari ijazah terakhir.",
    "work_letter": "Surat keterangan pengalaman kerja dari pimpinan tempat bekerja.",
    "recommendation": "Rekomendasi dari tempat bekerja atau organisasi profesi (misalnya IPSPI).",
    "training": "Sertifikat pelatihan, digabung dalam satu PDF.",
    "photo": "Pas foto berwarna terbaru, latar polos (JPEG atau PNG).",
    "student_letter": "Surat keterangan mahasiswa semester akhir atau surat keterangan lulus.",
}

ESSAYS = {
    "knowledge": [
        "Jelaskan bagaimana Anda menerapkan teori perilaku manusia dan lingkungan sosial dalam praktik Anda.",
        "Uraikan pemahaman Anda tentang kebijakan dan program kesejahteraan sosial yang relevan dengan pekerjaan Anda (misalnya PKH atau rehabilitasi sosial).",
        "Jelaskan metode pekerjaan sosial (individu, kelompok, komunitas) yang paling sering Anda gunakan dan alasannya.",
        "Uraikan pengetahuan Anda tentang peraturan kesejahteraan sosial (UU 11/2009, UU 14/2019) dan penerapannya dalam pekerjaan Anda.",
        "Jelaskan bagaimana Anda menggunakan data atau hasil penelitian dalam merencanakan intervensi.",
    ],
    "skills": [
        "Ceritakan satu kasus ketika Anda melakukan asesmen kebutuhan klien: langkah, alat, dan hasilnya.",
        "Uraikan bagaimana Anda menyusun rencana intervensi bersama klien.",
        "Ceritakan pengalaman Anda merujuk klien dan membangun jejaring dengan lembaga lain.",
        "Jelaskan bagaimana Anda berkomunikasi secara efektif dengan klien dalam situasi sulit.",
        "Uraikan cara Anda memantau dan mengevaluasi hasil pelayanan.",
        "Ceritakan bagaimana Anda mendokumentasikan dan melaporkan pekerjaan Anda.",
    ],
    "values": [
        "Ceritakan dilema etika yang pernah Anda hadapi dan bagaimana Anda menyelesaikannya sesuai kode etik pekerja sosial.",
        "Jelaskan bagaimana Anda menjaga kerahasiaan dan menghormati martabat klien.",
        "Uraikan bagaimana Anda menerapkan prinsip non-diskriminasi dan keberpihakan pada kelompok rentan.",
    ],
}
ESSAY_MIN_CHARS = 300
ESSAY_MAX_CHARS = 3000


def load(apps=None):
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    Scheme = apps.get_model("certification", "Scheme")
    Route = apps.get_model("certification", "Route")
    RequiredDocument = apps.get_model("certification", "RequiredDocument")
    EssayPrompt = apps.get_model("certification", "EssayPrompt")
    for code, name, credential_code, order, description in SCHEMES:
        scheme, _ = Scheme.objects.get_or_create(
            code=code,
            defaults={"name": name, "credential_code": credential_code, "order": order, "description": description},
        )
        for spec in ROUTES[code]:
            spec = dict(spec)
            docs = spec.pop("docs")
            kind = spec.pop("kind")
            route, created = Route.objects.get_or_create(
                scheme=scheme, kind=kind, defaults={**spec, "description": ROUTE_DESCRIPTIONS[kind]}
            )
            if not created:
                continue
            for position, doc in enumerate(docs, start=1):
                required = not doc.endswith("?")
                doc = doc.rstrip("?")
                RequiredDocument.objects.create(
                    route=route, kind=doc, required=required, help_text=DOC_HELP[doc], order=position
                )
            for area, prompts in ESSAYS.items():
                for position, prompt in enumerate(prompts, start=1):
                    EssayPrompt.objects.create(
                        route=route,
                        area=area,
                        order=position,
                        prompt=prompt,
                        min_chars=ESSAY_MIN_CHARS,
                        max_chars=ESSAY_MAX_CHARS,
                    )
