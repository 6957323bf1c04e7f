"""The programmes' settings (read by `portal.settings`): exams, units of competency, accreditation,
credentials, complaints and appeals. Every variable is documented in `.env.example`; no defaults in the apps."""

from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured

from .environment import env, env_bool, env_list, key_value_pairs

# --- Exams (certification.exams) ----------------------------------------------------------------
# Defaults; most are also data on each session (ExamSession) or round (ExamPolicy), editable by staff.
#: Hours before a session starts at which booking, cancellation and rebooking close.
EXAM_CANCEL_CUTOFF_HOURS = int(env("EXAM_CANCEL_CUTOFF_HOURS", "48"))
#: Total (0–100) from which the computed suggestion is *Kompeten*.
EXAM_PASS_MARK = Decimal(env("EXAM_PASS_MARK", "70"))
#: Each component's own minimum (0–100) for a *Kompeten* suggestion.
EXAM_COMPONENT_MIN = Decimal(env("EXAM_COMPONENT_MIN", "60"))
#: Relative weight of each exam component in the total (renormalised over the components that apply
#: to a candidate's route).
EXAM_COMPONENT_WEIGHTS = {
    name: Decimal(weight)
    for name, weight in key_value_pairs(
        "EXAM_COMPONENT_WEIGHTS", "portfolio:20,cognitive:40,practical:40,interview:20,practice_evidence:20"
    ).items()
}
#: Parts of the cognitive test and their weights (DOMAIN.md: knowledge 30, values 30, skills 40).
EXAM_COGNITIVE_PARTS = {
    name: Decimal(weight)
    for name, weight in key_value_pairs("EXAM_COGNITIVE_PARTS", "knowledge:30,values:30,skills:40").items()
}
#: Reminders before a session, in days; each is sent once, to bookings made before it fell due.
EXAM_REMINDER_DAYS = tuple(int(days) for days in env_list("EXAM_REMINDER_DAYS", "7,1"))
# Days before an assessor's No. Reg. MET (BNSP registration) expires when they are reminded, each once.
ASSESSOR_LICENCE_REMINDER_DAYS = tuple(int(days) for days in env_list("ASSESSOR_LICENCE_REMINDER_DAYS", "90,30"))

# --- Units of competency and FR.APL.02 (certification.competency) ---------------------------------
#: Largest spreadsheet (XLSX or CSV) an LSP admin may import as a scheme's units of competency.
COMPETENCY_IMPORT_MAX_BYTES = int(env("COMPETENCY_IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))
#: Rows (one per performance criterion, KUK) such a spreadsheet may hold.
COMPETENCY_IMPORT_MAX_ROWS = int(env("COMPETENCY_IMPORT_MAX_ROWS", "2000"))

# --- The computer-based test (certification.cbt) ----------------------------------------------------
#: Seconds after a test's deadline during which answers already on their way are still kept; past
#: them an answer is refused and the test is submitted (the clock itself is the server's).
CBT_LATE_GRACE_SECONDS = int(env("CBT_LATE_GRACE_SECONDS", "10"))

# --- Importing the register from before the portal (portal.imports; docs/import.md) ---------------------
#: Largest import file (XLSX or CSV) in bytes: 20 MB holds about 200,000 rows of CSV.
IMPORT_MAX_BYTES = int(env("IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
#: Rows an import file may hold.
IMPORT_MAX_ROWS = int(env("IMPORT_MAX_ROWS", "200000"))
#: Problems kept and shown per file (the count says how many there are in all).
IMPORT_ERRORS_SHOWN = int(env("IMPORT_ERRORS_SHOWN", "200"))
#: A job still waiting this many seconds after its last change (a lost worker) is handed to a task again.
IMPORT_STALE_SECONDS = int(env("IMPORT_STALE_SECONDS", "1800"))

# --- Accreditation (accreditation) -----------------------------------------------------------------
#: Evidence files an LKS may attach to one indicator of its self-assessment.
ACCREDITATION_MAX_EVIDENCE_PER_INDICATOR = int(env("ACCREDITATION_MAX_EVIDENCE_PER_INDICATOR", "10"))
#: Assessors a visitation team needs at least.
ACCREDITATION_MIN_TEAM = int(env("ACCREDITATION_MIN_TEAM", "2"))
#: Days before an accreditation expires on which the LKS is reminded to re-apply (each once).
ACCREDITATION_RENEWAL_REMINDER_DAYS = sorted(
    (int(days) for days in env_list("ACCREDITATION_RENEWAL_REMINDER_DAYS", "365,180,90")), reverse=True
)
#: Attempts per client address to attach a certificate from before the portal to an LKS (its number and
#: Tanda Daftar number are the proof, so guessing is slowed down).
ACCREDITATION_IMPORTED_ATTACH_RATE = env("ACCREDITATION_IMPORTED_ATTACH_RATE", "20/h")

# --- Credentials (portal.credentials: certificate numbers, signing, PDFs, verification) -----------
#: Years a social-worker certificate is valid.
CREDENTIAL_VALIDITY_YEARS = int(env("CREDENTIAL_VALIDITY_YEARS", "5"))
#: Years an LKS accreditation is valid, by grade.
CREDENTIAL_LKS_VALIDITY_YEARS = {
    grade.upper(): int(years) for grade, years in key_value_pairs("CREDENTIAL_LKS_VALIDITY_YEARS", "A:5,B:3,C:2").items()
}
#: First part of a credential number, by kind: PS-GEN-2026-000123-K, LKS-A-2026-000045-7.
CREDENTIAL_NUMBER_PREFIXES = {
    "worker": env("CREDENTIAL_PREFIX_WORKER", "PS"),
    "lks": env("CREDENTIAL_PREFIX_LKS", "LKS"),
}
#: Who signs the certificates (printed on the PDF), by kind.
CREDENTIAL_SIGNATORIES = {
    "worker": {
        "name": env("CREDENTIAL_SIGNATORY_WORKER_NAME", "Dra. Ratna Dewi Anggraini, M.Si."),
        "title": env("CREDENTIAL_SIGNATORY_WORKER_TITLE", "Ketua LSP Kemensos"),
        "title_en": env("CREDENTIAL_SIGNATORY_WORKER_TITLE_EN", "Chair, LSP Kemensos"),
    },
    "lks": {
        "name": env("CREDENTIAL_SIGNATORY_LKS_NAME", "Drs. Bambang Sutrisno, M.Si."),
        "title": env("CREDENTIAL_SIGNATORY_LKS_TITLE", "Ketua Badan Akreditasi LKS"),
        "title_en": env("CREDENTIAL_SIGNATORY_LKS_TITLE_EN", "Chair, LKS Accreditation Board"),
    },
}
CREDENTIAL_SIGNATURE_PLACE = env("CREDENTIAL_SIGNATURE_PLACE", "Jakarta")
#: Certificates stamped onto a design rendered once (fast); 0 renders each whole with WeasyPrint (docs/credentials.md).
CREDENTIAL_PDF_STAMPED = env_bool("CREDENTIAL_PDF_STAMPED", True)
#: Ed25519 signing keys, `key-id:base64` pairs (base64 of the 32-byte private key or of a PKCS#8
#: PEM/DER file). Required in production; in development a key derived from DJANGO_SECRET_KEY is used.
CREDENTIAL_SIGNING_KEYS = key_value_pairs("CREDENTIAL_SIGNING_KEYS")
#: The key that signs new credentials (default: the last of CREDENTIAL_SIGNING_KEYS).
CREDENTIAL_SIGNING_KEY_ID = env("CREDENTIAL_SIGNING_KEY_ID", "")
#: Public keys of retired signing keys whose private half is gone, `key-id:base64` (32-byte raw
#: public key): certificates signed with them still verify.
CREDENTIAL_RETIRED_PUBLIC_KEYS = key_value_pairs("CREDENTIAL_RETIRED_PUBLIC_KEYS")
if CREDENTIAL_SIGNING_KEY_ID and CREDENTIAL_SIGNING_KEY_ID not in CREDENTIAL_SIGNING_KEYS:
    raise ImproperlyConfigured("CREDENTIAL_SIGNING_KEY_ID must name one of CREDENTIAL_SIGNING_KEYS.")
#: The electronic seal (PAdES) on issued PDFs (certificates, admission cards; portal/core/sealing.py): the
#: LSP's certificate from BSrE as a PKCS#12 file and its passphrase, or a PEM/DER key and certificate, and the
#: issuing CA's certificates (comma-separated paths). Unset outside production: a demonstration seal derived
#: from DJANGO_SECRET_KEY. Unset in production: PDFs are not sealed (check --deploy warns).
PDF_SEAL_ENABLED = env_bool("PDF_SEAL_ENABLED", True)
PDF_SEAL_PKCS12 = env("PDF_SEAL_PKCS12", "")
PDF_SEAL_PASSPHRASE = env("PDF_SEAL_PASSPHRASE", "")
PDF_SEAL_KEY = env("PDF_SEAL_KEY", "")
PDF_SEAL_CERT = env("PDF_SEAL_CERT", "")
PDF_SEAL_CHAIN = env_list("PDF_SEAL_CHAIN")
#: Days before expiry on which the holder is reminded (each exactly once).
CREDENTIAL_REMINDER_DAYS = sorted({int(d) for d in env_list("CREDENTIAL_REMINDER_DAYS", "180,90,30")}, reverse=True)
#: How long a reverse proxy or a browser may keep a visitor's verification page or JSON before asking
#: again (`Cache-Control: public, max-age=…`). The origin shows a change on the very next request; a
#: cache in front shows it within this many seconds.
CREDENTIAL_PUBLIC_MAX_AGE = int(env("CREDENTIAL_PUBLIC_MAX_AGE", "60"))
#: A credential whose PDF is still missing this long after issuance is rendered by the sweep (its task
#: was lost with a worker or never reached the broker); rendering one takes about a second.
CREDENTIAL_PDF_LOST_AFTER_SECONDS = int(env("CREDENTIAL_PDF_LOST_AFTER_SECONDS", "120"))
#: Bulk issuance: credentials issued per Celery task before the batch re-enqueues itself.
CREDENTIAL_BATCH_CHUNK = int(env("CREDENTIAL_BATCH_CHUNK", "25"))

# --- Complaints (portal.complaints: anyone files, staff handle, the complainant follows by code) ----
#: Days from receipt within which a complaint is triaged (category, handler), and from triage within
#: which it is resolved or rejected; past either, its handler is reminded daily.
COMPLAINT_SLA_TRIAGE_DAYS = int(env("COMPLAINT_SLA_TRIAGE_DAYS", "3"))
COMPLAINT_SLA_RESOLVE_DAYS = int(env("COMPLAINT_SLA_RESOLVE_DAYS", "30"))
#: Hour of the day (Asia/Jakarta) of the daily reminder run.
COMPLAINT_DAILY_HOUR = int(env("COMPLAINT_DAILY_HOUR", "7"))
#: The complaint form refuses a sending faster than this many seconds after the form was shown (a
#: script) or older than COMPLAINT_FORM_MAX_AGE_HOURS (a form kept open, a replayed one).
COMPLAINT_MIN_FILL_SECONDS = int(env("COMPLAINT_MIN_FILL_SECONDS", "3"))
COMPLAINT_FORM_MAX_AGE_HOURS = int(env("COMPLAINT_FORM_MAX_AGE_HOURS", "24"))
#: Complaints one client address may send (besides PUBLIC_RATE_LIMIT for every page of the form).
COMPLAINT_FILE_RATE = env("COMPLAINT_FILE_RATE", "10/h")
#: Evidence files a signed-in complainant may attach.
COMPLAINT_MAX_EVIDENCE = int(env("COMPLAINT_MAX_EVIDENCE", "5"))

# --- Appeals (portal.appeals: banding, FR.AK.04; ISO/IEC 17024 §9.8) ------------------------------------
#: Days after a decision within which the candidate or the LKS may appeal (the last day included).
APPEAL_PERIOD_DAYS = int(env("APPEAL_PERIOD_DAYS", "14"))
#: Days from an appeal's submission within which the panel decides; reminded daily from
#: APPEAL_REMIND_DAYS before, and when overdue.
APPEAL_DECISION_DAYS = int(env("APPEAL_DECISION_DAYS", "30"))
APPEAL_REMIND_DAYS = int(env("APPEAL_REMIND_DAYS", "3"))
#: Members an appeals panel needs before it is handed the appeal.
APPEAL_PANEL_MIN_MEMBERS = int(env("APPEAL_PANEL_MIN_MEMBERS", "1"))
#: Supporting documents an appellant may attach.
APPEAL_MAX_DOCUMENTS = int(env("APPEAL_MAX_DOCUMENTS", "5"))
