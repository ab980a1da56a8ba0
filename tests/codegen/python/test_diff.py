"""codegen/diff.py: what changed between two documents, for a C++ caller."""

from __future__ import annotations

import subprocess
import sys

from support import REPO, SpecTestCase, spec_text

from codegen import diff

DIFF = REPO / "codegen" / "diff.py"

OLD = spec_text(
    """
    tags: [{name: Pets}]
    paths:
      /pets:
        get:
          operationId: pets_list
          tags: [Pets]
          parameters:
            - {name: limit, in: query, schema: {type: integer, format: int32, maximum: 50}}
            - {name: kind, in: query, schema: {type: string}}
          responses:
            "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/PetList"}}}}
            "404": {description: gone}
        post:
          operationId: create_pet
          tags: [Pets]
          requestBody:
            required: false
            content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}
          responses:
            "201": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}}
      /pets/{id}:
        delete:
          operationId: delete_pet
          tags: [Pets]
          parameters: [{name: id, in: path, required: true, schema: {type: string}}]
          responses: {"204": {description: deleted}}
    components:
      schemas:
        Status: {type: string, enum: [active, deleted, read-only]}
        Pet:
          type: object
          required: [name]
          properties:
            name: {type: string, maxLength: 10}
            tag: {type: string}
            status: {$ref: "#/components/schemas/Status"}
            age: {type: integer, format: int32}
        PetList:
          type: object
          required: [pets]
          properties: {pets: {type: array, items: {$ref: "#/components/schemas/Pet"}}}
    """
)

NEW = spec_text(
    """
    tags: [{name: Pets}]
    paths:
      /pets:
        get:
          operationId: list_pets
          tags: [Pets]
          parameters:
            - {name: limit, in: query, required: true, schema: {type: integer, format: int32, maximum: 100}}
            - {name: cursor, in: query, schema: {type: string}}
          responses:
            "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/ListPetsResponse"}}}}
            "429": {description: slow down}
        post:
          operationId: create_pet
          tags: [Pets]
          requestBody:
            required: true
            content: {application/json: {schema: {$ref: "#/components/schemas/NewPet"}}}
          responses:
            "201": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}}
      /pets/{id}/revoke:
        put:
          operationId: revoke_pet
          tags: [Pets]
          parameters: [{name: id, in: path, required: true, schema: {type: string}}]
          responses: {"204": {description: revoked}}
    components:
      schemas:
        Status: {type: string, enum: [ACTIVE, REVOKED, READ_ONLY]}
        Pet:
          type: object
          required: [name, tag]
          properties:
            name: {type: string, maxLength: 20}
            tag: {type: string}
            status: {$ref: "#/components/schemas/Status"}
            age: {type: integer, format: int64}
            color: {type: string}
        Cat: {type: object, required: [kind], properties: {kind: {type: string, enum: [cat]}}}
        Dog: {type: object, required: [kind], properties: {kind: {type: string, enum: [dog]}}}
        NewPet:
          oneOf: [{$ref: "#/components/schemas/Cat"}, {$ref: "#/components/schemas/Dog"}]
          discriminator: {propertyName: kind, mapping: {cat: "#/components/schemas/Cat", dog: "#/components/schemas/Dog"}}
        ListPetsResponse:
          type: object
          required: [pets]
          properties: {pets: {type: array, items: {$ref: "#/components/schemas/Pet"}}}
    """
)


class DiffTest(SpecTestCase):
    def report(self, old: str = OLD, new: str = NEW) -> str:
        return diff.diff(diff.read(self.write(old, "old.yaml")), diff.read(self.write(new, "new.yaml")))

    def section(self, text: str, title: str) -> list[str]:
        """The bullet lines of one `## title` section (empty when absent)."""
        lines = text.splitlines()
        if f"## {title}" not in lines:
            return []
        out = []
        for line in lines[lines.index(f"## {title}") + 2 :]:
            if not line.startswith("- "):
                break
            out.append(line[2:])
        return out

    def test_operations_removed_added_renamed_by_method_and_path(self) -> None:
        text = self.report()
        self.assertEqual(self.section(text, "Operations removed"), ["`DELETE /pets/{id}`: `PetsApi::delete_pet` (operationId `delete_pet`)"])
        self.assertEqual(self.section(text, "Operations added"), ["`PUT /pets/{id}/revoke`: `PetsApi::revoke_pet` (operationId `revoke_pet`)"])
        self.assertEqual(self.section(text, "Operations renamed"), ["`GET /pets`: `PetsApi::pets_list` -> `PetsApi::list_pets`"])

    def test_parameters_bodies_returns_and_status_codes(self) -> None:
        changed = self.section(self.report(), "Operations changed")
        self.assertIn("`GET /pets` ListPetsRequest: + parameter `cursor` (optional, `std::string`)", changed)
        self.assertIn("`GET /pets` ListPetsRequest: - parameter `kind`", changed)
        self.assertIn("`GET /pets` ListPetsRequest.limit: optional -> **required** (`::arize::Required<std::int32_t>`)", changed)
        self.assertIn("`GET /pets` ListPetsRequest.limit: constraints value <= 50 -> value <= 100", changed)
        self.assertIn("`GET /pets`: status codes + 429; - 404", changed)
        self.assertIn(
            "`POST /pets`: request body `Pet` -> **`NewPet`** (struct -> variant: `Cat` | `Dog`)",
            changed,
        )
        self.assertIn("`POST /pets`: request body required (`::arize::Required<NewPet>`)", changed)
        # the renamed list type is not reported as a changed return type
        self.assertFalse([c for c in changed if "returns" in c], changed)

    def test_types_renamed_when_the_members_are_the_same(self) -> None:
        text = self.report()
        self.assertEqual(self.section(text, "Types renamed"), ["struct `PetList` -> `ListPetsResponse`"])
        self.assertEqual(self.section(text, "Types removed"), [])
        self.assertEqual(self.section(text, "Types added"), ["struct `Cat`", "enum `CatKind`", "struct `Dog`", "enum `DogKind`", "variant `NewPet`"])

    def test_fields_required_added_and_type_changes(self) -> None:
        fields = self.section(self.report(), "Fields")
        self.assertEqual(
            fields,
            [
                "`Pet`: + field `color` (optional, `std::string`)",
                "`Pet`.name: constraints at most 10 characters -> at most 20 characters",
                "`Pet`.tag: optional -> **required** (`::arize::Required<std::string>`)",
                "`Pet`.age: type `std::int32_t` -> **`std::int64_t`**",
            ],
        )

    def test_enum_values_case_only_renames_are_told_apart(self) -> None:
        self.assertEqual(
            self.section(self.report(), "Enum values"),
            [
                "`Status`: `active` renamed `ACTIVE` on the wire (case/separator only; `Status::active` unchanged)",
                "`Status`: + `REVOKED` (`Status::revoked`)",
                "`Status`: `read-only` renamed `READ_ONLY` on the wire (case/separator only; `Status::read_only` unchanged)",
                "`Status`: - `deleted` (`Status::deleted`)",
            ],
        )

    def test_no_change(self) -> None:
        self.assertTrue(self.report(OLD, OLD).endswith("\nNo change for a C++ caller.\n"))

    def test_cli_check_reports_drift(self) -> None:
        old, new, out = self.write(OLD, "old.yaml"), self.write(NEW, "new.yaml"), self.dir / "CHANGES.md"

        def run(*extra: str) -> subprocess.CompletedProcess:
            cmd = [sys.executable, str(DIFF), str(old), str(new), "--out", str(out), *extra]
            return subprocess.run(cmd, capture_output=True, text=True, check=False)

        self.assertEqual(run("--check").returncode, 1)  # absent
        self.assertEqual(run().returncode, 0)
        self.assertEqual(run("--check").returncode, 0)
        out.write_text(out.read_text() + "edited\n")
        self.assertEqual(run("--check").returncode, 1)

    def test_a_refused_document_is_one_error_line(self) -> None:
        self.write(OLD, "old.yaml")
        self.write("openapi: 2.0\n", "bad.yaml")
        proc = subprocess.run(
            [sys.executable, str(DIFF), "old.yaml", "bad.yaml"], capture_output=True, text=True, cwd=self.dir, check=False
        )
        self.assertEqual(proc.returncode, 2)
        self.assertEqual(len(proc.stderr.splitlines()), 1, proc.stderr)
        self.assertTrue(proc.stderr.startswith("error: bad.yaml#/openapi: "), proc.stderr)
