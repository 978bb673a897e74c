"""Build ``nlp/data/train.jsonl`` and ``nlp/data/test.jsonl`` from the hand-written seed files.

Every message in ``nlp/data/seed/*.txt`` is written out literally, one per line:

* ``CODE|text`` in ``<category>.txt`` (the category is the file name), or
* ``CODE@category|text`` in any file (used by ``mixed.txt``),

where ``CODE`` is ``P`` (kien_nghi_phan_anh), ``N`` (khieu_nai), ``T`` (to_cao) or ``H``
(hoi_dap), followed by ``!`` when the message is urgent. Lines starting with ``#`` and blank
lines are ignored. The split is deterministic and stable: a message goes to the test set
when the SHA-1 of its text is 0 modulo 5, whatever else is in the data.

Run ``python -m nlp.build_data`` after editing a seed file, then ``python -m nlp.train``.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from core.labels import Category, Kind

DATA_DIR = Path(__file__).resolve().parent / "data"
SEED_DIR = DATA_DIR / "seed"

KIND_CODES: dict[str, Kind] = {
    "P": Kind.KIEN_NGHI_PHAN_ANH,
    "N": Kind.KHIEU_NAI,
    "T": Kind.TO_CAO,
    "H": Kind.HOI_DAP,
}

Record = dict[str, str | bool]


def parse_seed(path: Path) -> list[Record]:
    """Parse one seed file into records ``{"text", "kind", "category", "urgent"}``."""
    records: list[Record] = []
    default_category = path.stem
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        head, sep, text = line.partition("|")
        text = text.strip()
        if not sep or not text:
            raise ValueError(f"{path.name}:{lineno}: expected CODE|text")
        code, _, category = head.partition("@")
        category = category or default_category
        urgent = code.endswith("!")
        code = code.rstrip("!")
        if code not in KIND_CODES:
            raise ValueError(f"{path.name}:{lineno}: unknown kind code {code!r}")
        if category not in {c.value for c in Category}:
            raise ValueError(f"{path.name}:{lineno}: unknown category {category!r}")
        records.append(
            {
                "text": text,
                "kind": KIND_CODES[code].value,
                "category": category,
                "urgent": urgent,
            }
        )
    return records


def load_seed(seed_dir: Path = SEED_DIR) -> list[Record]:
    """All records of all seed files; duplicate texts are an error."""
    records: list[Record] = []
    for path in sorted(seed_dir.glob("*.txt")):
        records.extend(parse_seed(path))
    seen: set[str] = set()
    for rec in records:
        key = str(rec["text"]).casefold()
        if key in seen:
            raise ValueError(f"duplicate message: {rec['text']!r}")
        seen.add(key)
    return records


def split(records: list[Record], every: int = 5) -> tuple[list[Record], list[Record]]:
    """Deterministic split: a message is test when the SHA-1 of its text is 0 modulo
    ``every`` (about one in ``every``). Each message's side depends on its text alone, so
    adding messages never moves old ones between train and test: figures stay comparable
    from one data round to the next."""

    def digest(rec: Record) -> str:
        return hashlib.sha1(str(rec["text"]).encode("utf-8")).hexdigest()

    train: list[Record] = []
    test: list[Record] = []
    for rec in sorted(records, key=digest):
        (test if int(digest(rec), 16) % every == 0 else train).append(rec)
    return train, test


def write_jsonl(path: Path, records: list[Record]) -> None:
    """Write records as UTF-8 JSON lines (keys in a fixed order)."""
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    """Rebuild train.jsonl and test.jsonl; print a summary of the label counts."""
    del argv
    records = load_seed()
    train, test = split(records)
    write_jsonl(DATA_DIR / "train.jsonl", train)
    write_jsonl(DATA_DIR / "test.jsonl", test)
    print(f"{len(records)} messages: {len(train)} train, {len(test)} test")
    for field in ("kind", "category"):
        counts: dict[str, int] = {}
        for rec in records:
            counts[str(rec[field])] = counts.get(str(rec[field]), 0) + 1
        print(field, dict(sorted(counts.items())))
    print("urgent", sum(bool(r["urgent"]) for r in records))
    return 0


if __name__ == "__main__":
    sys.exit(main())
