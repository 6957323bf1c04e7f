"""The default rubric of every scheme (admins edit it in the admin). Idempotent."""

from decimal import Decimal

LEVELS = {
    "1": "Belum tampak: bukti tidak ada atau tidak relevan.",
    "2": "Sebagian: bukti ada tetapi belum lengkap atau belum konsisten.",
    "3": "Memadai: bukti lengkap dan sesuai standar kompetensi.",
    "4": "Sangat baik: bukti lengkap, konsisten, dan menunjukkan praktik unggul.",
}

CRITERIA = [
    ("knowledge", "Penerapan teori perilaku manusia dan lingkungan sosial", "Esai pengetahuan 1, CV bagian praktik.", "1.00", True),
    ("knowledge", "Pemahaman kebijakan dan program kesejahteraan sosial", "Esai pengetahuan 2 dan 4.", "1.00", True),
    ("knowledge", "Penggunaan data dan hasil penelitian", "Esai pengetahuan 5, publikasi atau penelitian di CV.", "0.50", False),
    ("skills", "Asesmen kebutuhan klien", "Esai keterampilan 1, surat keterangan pengalaman kerja.", "1.50", True),
    ("skills", "Perencanaan dan pelaksanaan intervensi", "Esai keterampilan 2 dan 3.", "1.50", True),
    ("skills", "Komunikasi dan konseling", "Esai keterampilan 4.", "1.00", True),
    ("skills", "Pemantauan, evaluasi, dan dokumentasi", "Esai keterampilan 5 dan 6.", "1.00", True),
    ("values", "Penerapan kode etik pekerja sosial", "Esai nilai 1.", "1.00", True),
    ("values", "Kerahasiaan dan penghormatan martabat klien", "Esai nilai 2.", "1.00", True),
    ("values", "Non-diskriminasi dan keberpihakan pada kelompok rentan", "Esai nilai 3, rekomendasi.", "1.00", True),
]


def load(apps=None):
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    Scheme = apps.get_model("certification", "Scheme")
    Rubric = apps.get_model("assessment", "Rubric")
    Criterion = apps.get_model("assessment", "Criterion")
    for scheme in Scheme.objects.all():
        if Rubric.objects.filter(scheme=scheme).exists():
            continue
        rubric = Rubric.objects.create(scheme=scheme, name=f"Rubrik portofolio {scheme.name}", scale_min=1, scale_max=4)
        for order, (area, title, description, weight, required) in enumerate(CRITERIA, start=1):
            Criterion.objects.create(
                rubric=rubric, area=area, order=order, title=title, description=description,
                weight=Decimal(weight), required=required, descriptors=LEVELS,
            )
