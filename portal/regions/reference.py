"""Reference data: the six BBPPKS regional offices and Indonesia's 38 provinces.

Province codes are Kemendagri's (the first two digits of a NIK). The assignment of provinces to
offices is data: admins change it in the admin. `load()` is idempotent and used by the data
migration and by tests that flush the database.
"""

REGIONAL_OFFICES = [
    ("I", "BBPPKS Regional I Padang", "Padang", "Jl. Raya Padang - Bukittinggi KM 24, Padang Pariaman, Sumatera Barat"),
    ("II", "BBPPKS Regional II Bandung", "Bandung", "Jl. Raya Lembang No. 26, Lembang, Bandung Barat, Jawa Barat"),
    ("III", "BBPPKS Regional III Yogyakarta", "Yogyakarta", "Jl. Kesejahteraan Sosial No. 1, Sleman, DI Yogyakarta"),
    ("IV", "BBPPKS Regional IV Banjarmasin", "Banjarmasin", "Jl. A. Yani KM 21, Banjarbaru, Kalimantan Selatan"),
    ("V", "BBPPKS Regional V Makassar", "Makassar", "Jl. Perintis Kemerdekaan KM 11, Makassar, Sulawesi Selatan"),
    ("VI", "BBPPKS Regional VI Jayapura", "Jayapura", "Jl. Raya Sentani, Jayapura, Papua"),
]

# (code, name, capital, regional office)
PROVINCES = [
    ("11", "Aceh", "Banda Aceh", "I"),
    ("12", "Sumatera Utara", "Medan", "I"),
    ("13", "Sumatera Barat", "Padang", "I"),
    ("14", "Riau", "Pekanbaru", "I"),
    ("15", "Jambi", "Jambi", "I"),
    ("16", "Sumatera Selatan", "Palembang", "II"),
    ("17", "Bengkulu", "Bengkulu", "I"),
    ("18", "Lampung", "Bandar Lampung", "II"),
    ("19", "Kepulauan Bangka Belitung", "Pangkalpinang", "II"),
    ("21", "Kepulauan Riau", "Tanjungpinang", "I"),
    ("31", "DKI Jakarta", "Jakarta", "II"),
    ("32", "Jawa Barat", "Bandung", "II"),
    ("33", "Jawa Tengah", "Semarang", "III"),
    ("34", "DI Yogyakarta", "Yogyakarta", "III"),
    ("35", "Jawa Timur", "Surabaya", "III"),
    ("36", "Banten", "Serang", "II"),
    ("51", "Bali", "Denpasar", "III"),
    ("52", "Nusa Tenggara Barat", "Mataram", "V"),
    ("53", "Nusa Tenggara Timur", "Kupang", "V"),
    ("61", "Kalimantan Barat", "Pontianak", "IV"),
    ("62", "Kalimantan Tengah", "Palangka Raya", "IV"),
    ("63", "Kalimantan Selatan", "Banjarbaru", "IV"),
    ("64", "Kalimantan Timur", "Samarinda", "IV"),
    ("65", "Kalimantan Utara", "Tanjung Selor", "IV"),
    ("71", "Sulawesi Utara", "Manado", "V"),
    ("72", "Sulawesi Tengah", "Palu", "V"),
    ("73", "Sulawesi Selatan", "Makassar", "V"),
    ("74", "Sulawesi Tenggara", "Kendari", "V"),
    ("75", "Gorontalo", "Gorontalo", "V"),
    ("76", "Sulawesi Barat", "Mamuju", "V"),
    ("81", "Maluku", "Ambon", "V"),
    ("82", "Maluku Utara", "Sofifi", "V"),
    ("91", "Papua", "Jayapura", "VI"),
    ("92", "Papua Barat", "Manokwari", "VI"),
    ("93", "Papua Selatan", "Merauke", "VI"),
    ("94", "Papua Tengah", "Nabire", "VI"),
    ("95", "Papua Pegunungan", "Wamena", "VI"),
    ("96", "Papua Barat Daya", "Sorong", "VI"),
]


def load(RegionalOffice=None, Province=None):
    """Create missing offices and provinces; never overwrite what admins edited."""
    if RegionalOffice is None:
        from .models import Province, RegionalOffice
    offices = {}
    for code, name, city, address in REGIONAL_OFFICES:
        offices[code], _ = RegionalOffice.objects.get_or_create(
            code=code, defaults={"name": name, "city": city, "address": address}
        )
    for code, name, capital, office in PROVINCES:
        Province.objects.get_or_create(
            code=code, defaults={"name": name, "capital": capital, "regional_office": offices[office]}
        )
