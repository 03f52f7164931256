"""Fill untranslated entries of a .po file from a JSON mapping {msgid: msgstr}.

    uv run python scripts/po_fill.py cwis/locale/zh_Hans/LC_MESSAGES/django.po mapping.json

For plural entries give a list of forms (zh-hans has one). Prints the msgids still
untranslated, so a translator sees what is left. The .po file stays the source of truth;
the mapping is a convenience for filling many entries at once.
"""

import json
import sys

import polib


def main(po_path: str, mapping_path: str) -> int:
    po = polib.pofile(po_path)
    with open(mapping_path, encoding="utf-8") as f:
        mapping = json.load(f)
    for entry in po:
        if entry.obsolete or entry.msgid not in mapping:
            continue
        value = mapping[entry.msgid]
        if entry.msgid_plural:
            forms = value if isinstance(value, list) else [value]
            entry.msgstr_plural = dict(enumerate(forms))
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.save()
    left = [e.msgid for e in po.untranslated_entries()] + [e.msgid for e in po.fuzzy_entries()]
    for msgid in left:
        print(msgid)
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
