"""Warnings and `--strict`: what the generator loosens instead of refusing.

Where OpenAPI lets a tool ignore a keyword, or a looser C++ type is still correct (the base
type, `nlohmann::json`), the generator goes on and records one warning naming the place. With
`--strict` each of those is the refusal it used to be (a SpecError, exit code 2).
"""

from __future__ import annotations

from .load import Node, SpecError


class Diagnostics:
    def __init__(self, strict: bool = False):
        self.strict = strict
        self.warnings: list[str] = []

    def loosen(self, where: Node | str, refusal: str, instead: str) -> None:
        """`refusal` is the strict error; `instead` says what is generated in its place."""
        place = where.where if isinstance(where, Node) else where
        if self.strict:
            raise SpecError(place, refusal)
        self.warnings.append(f"{place}: {refusal}; {instead}")
