"""Warnings and `--strict`: what the generator loosens instead of refusing.

Where OpenAPI lets a tool ignore a keyword, or a looser C++ type is still correct (the base
type, `nlohmann::json`), the generator goes on and records one warning naming the place. With
`--strict` each of those is the refusal it used to be (a SpecError, exit code 2).
"""

from __future__ import annotations

from .load import Node, SpecError


class Diagnostics:
    def __init__(self, strict: bool = False, dangling_refs_as_json: bool = False):
        self.strict = strict
        self.dangling_refs_as_json = dangling_refs_as_json
        self.dangling: set[tuple] = set()  # keys of $ref nodes that point nowhere (opt-in)
        self.warnings: list[str] = []

    def loosen(self, where: Node | str, refusal: str, instead: str) -> None:
        """`refusal` is the strict error; `instead` says what is generated in its place."""
        place = where.where if isinstance(where, Node) else where
        if self.strict:
            raise SpecError(place, refusal)
        self.warnings.append(f"{place}: {refusal}; {instead}")

    def extension(self, where: Node | str, refusal: str) -> None:
        """A construct generated beyond what the generator used to accept: quiet, unless strict."""
        if self.strict:
            raise SpecError(where.where if isinstance(where, Node) else where, refusal)
