"""The translation catalogues and how to regenerate them, shared by `make messages` and the i18n test.

Each catalogue covers a part of the tree: the kernel's (`locale/`) covers `portal/` and `templates/`
except the kernel apps that keep their own; each domain app keeps its own under `<app>/locale/`.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_CATALOGUES = [
    "registry",
    "certification",
    "certification/assessment",
    "certification/exams",
    "certification/competency",
    "certification/planning",
    "certification/cbt",
    "accreditation",
    "portal/credentials",
    "portal/complaints",
]
IGNORE = [".venv", "staticfiles", "tests", "scripts", "var", "benchmarks", "node_modules"]


def catalogue_dirs(root=ROOT):
    """(directory to run makemessages in, its --ignore list)."""
    yield root, IGNORE + APP_CATALOGUES
    for app in APP_CATALOGUES:
        if (root / app / "locale").is_dir():
            nested = [other[len(app) + 1 :] for other in APP_CATALOGUES if other.startswith(app + "/")]
            yield root / app, ["migrations", *nested]


def makemessages(root=ROOT, python=sys.executable):
    django_admin = [python, "-m", "django"]
    for directory, ignore in catalogue_dirs(root):
        args = [*django_admin, "makemessages", "-l", "id", "--no-obsolete", "-v", "0"]
        for item in ignore:
            args += ["--ignore", item]
        # In an app's directory makemessages must run without settings: with them it cannot import
        # a settings module of the tree (tests.settings) and, if it could, LOCALE_PATHS would send
        # the app's strings to the kernel's catalogue.
        env = None if directory == root else {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        subprocess.run(args, cwd=directory, check=True, env=env)


def po_files(root=ROOT):
    return sorted(
        path
        for directory, _ignore in catalogue_dirs(root)
        for path in (directory / "locale" / "id" / "LC_MESSAGES").glob("django.po")
    )


if __name__ == "__main__":
    makemessages()
    for po in po_files():
        print(po.relative_to(ROOT))
