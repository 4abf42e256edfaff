"""Fill the Vietnamese catalogue from the extracted template and the table below.

Run `make translations` after adding a string: it extracts, merges, and this script fails
listing every msgid that has no Vietnamese text yet.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
POT = ROOT / "tracker/translations/messages.pot"
PO = ROOT / "tracker/translations/vi/LC_MESSAGES/messages.po"
TABLE = ROOT / "tracker/translations/vi.tsv"


def load_table() -> dict[str, str]:
    table = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        source, _, target = line.partition("\t")
        table[source] = target
    return table


def main() -> int:
    table = load_table()
    with POT.open("rb") as handle:
        catalog = read_po(handle, locale="vi")
    missing = []
    for message in catalog:
        if not message.id:
            continue
        if message.id in table:
            message.string = table[message.id]
        else:
            missing.append(message.id)
    catalog.language_team = "Vietnamese"
    catalog.fuzzy = False
    PO.parent.mkdir(parents=True, exist_ok=True)
    with PO.open("wb") as handle:
        write_po(handle, catalog, omit_header=False, width=100)
    if missing:
        print("no Vietnamese text yet for:", *missing, sep="\n  ", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
