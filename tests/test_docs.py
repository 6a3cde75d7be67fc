"""The README keeps up with the code: every command, every API path and every data file is named there."""

from __future__ import annotations

import argparse
import re

from conftest import ROOT

from communique.cli import _parser

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands():
    block = README.split("```")[1]
    assert "make demo" in block and "make test" in block
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme():
    sub = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    for name in sub.choices:
        assert re.search(rf"communique {name}\b", README), name


def test_every_api_path_is_in_the_readme(tmp_path):
    from communique.api import ServerSettings, create_app
    from communique.store import Store

    db = tmp_path / "empty.duckdb"
    Store(db).close()
    paths = create_app(ServerSettings(db=str(db))).openapi()["paths"]
    for path in paths:
        name = path.removeprefix("/api/").split("/")[0]
        assert f"`{name}" in README or name in README, path


def test_every_shipped_data_file_is_in_the_readme():
    package = ROOT / "src" / "communique"
    for path in package.rglob("*"):
        if path.suffix in (".tsv", ".yaml") and path.parent.name != "templates":
            assert path.name in README, path.relative_to(package)
