"""Writes tests/data/cables-sample.csv from real pages of the WikiLeaks mirror, in the
format of the release's cables.csv: 8 quoted columns, backslash escapes (`\\"`, `\\\\`,
a backslash before each line break inside a field), records ended by a line break.

Run from the repository root: python tests/data/make_cables_csv.py
"""

from pathlib import Path

from sitegen.sources.wikileaks_html import parse_page, pre_blocks

ROOT = Path(__file__).resolve().parent.parent.parent
PAGES = ROOT.parent / "shared" / "corpus" / "cablegate-html" / "cable"
CABLES = ["2008/08/08OSLO461", "2009/06/09STATE63812", "2008/09/08MADRID996", "2006/09/06KABUL3934"]


def field(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\\n")
    return f'"{escaped}"'


def main() -> None:
    rows = []
    for number, name in enumerate(CABLES, start=1):
        page = (PAGES / f"{name}.html").read_text(encoding="utf-8")
        header, body = pre_blocks(page)
        meta = parse_page(page).metadata
        year, month, day = meta["created"][:10].split("-")
        date = f"{month}/{day}/{year} {meta['created'][11:16]}"
        values = [str(number), date, meta["reference_id"], meta["origin"]]
        values += [meta["classification"], "", header, body]
        rows.append(",".join(field(value) for value in values) + "\n")
    (ROOT / "tests" / "data" / "cables-sample.csv").write_text("".join(rows), encoding="utf-8")


if __name__ == "__main__":
    main()
