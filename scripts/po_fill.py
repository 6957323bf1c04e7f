"""Fill a .po catalogue from a Python file of translations: `python scripts/po_fill.py PO DICTFILE`.

DICTFILE defines T = {msgid: msgstr} (a key may be a (context, msgid) pair) and optionally
PLURAL = {msgid: [msgstr, ...]}. Entries that
already have a translation are kept unless the dict gives a new one; fuzzy flags are cleared for
entries it fills. Prints what is still untranslated.
"""

import runpy
import sys

import polib


def main(po_path, dict_path):
    data = runpy.run_path(dict_path)
    singular, plural = data.get("T", {}), data.get("PLURAL", {})
    po = polib.pofile(po_path)
    for entry in po:
        if entry.msgid_plural and entry.msgid in plural:
            forms = plural[entry.msgid]
            entry.msgstr_plural = {i: forms[min(i, len(forms) - 1)] for i in range(max(1, len(forms)))}
        elif entry.msgctxt and (entry.msgctxt, entry.msgid) in singular:
            entry.msgstr = singular[(entry.msgctxt, entry.msgid)]
        elif not entry.msgctxt and entry.msgid in singular:
            entry.msgstr = singular[entry.msgid]
        else:
            continue
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = None
    po.metadata["Language"] = po.metadata.get("Language") or "id"
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.save()
    missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    for msgid in missing:
        print("untranslated:", repr(msgid))
    print(f"{po_path}: {len(po.translated_entries())} translated, {len(missing)} missing")


if __name__ == "__main__":
    main(*sys.argv[1:3])
