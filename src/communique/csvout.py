"""CSV output that a spreadsheet cannot run: every caller that writes CSV writes it through here."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

# a cell starting with one of these is read as a formula by Excel, LibreOffice and Google Sheets
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A cell that cannot start a formula: text beginning = + - @ (or tab, CR) gets a leading quote.

    Lists and dicts become JSON; numbers stay numbers (a Goldstein score of -2.0 is not text).
    """
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(rows: Iterable[dict[str, Any]], out: TextIO) -> None:
    """Write rows (dicts with the same keys) as CSV with a header, every cell through `safe_cell`."""
    writer: csv.DictWriter | None = None
    for row in rows:
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(row))
            writer.writeheader()
        writer.writerow({k: safe_cell(v) for k, v in row.items()})
