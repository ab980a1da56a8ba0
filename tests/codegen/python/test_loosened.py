"""What the generator loosens instead of refusing (one warning naming the place; --strict
refuses), the name-collision rule, and non-JSON bodies and responses. The compiled side of
these constructs is tests/codegen/loosened_test.cpp over fixtures/loosened.yaml."""

from __future__ import annotations

import json
import textwrap
import unittest

from support import REPO, SpecTestCase, translate, schemas, spec_text
from codegen.cpp import declared_type, result_expression, return_type, status_condition, type_name

S = "spec.yaml#/components/schemas"


def op(body: str, method: str = "post") -> str:
    return spec_text(f"paths:\n  /x:\n    {method}:\n" + textwrap.indent(textwrap.dedent(body), "      "))


class LoosenedSchemas(SpecTestCase):
    def assert_loosened(self, text: str, where: str, message: str, instead: str) -> translate.Spec:
        spec = self.build(text)
        self.assertIn(f"{where}: {message}; {instead}", self.diagnostics.warnings)
        self.assert_refused(text, where, message)
        return spec

    def test_ignored_keywords(self) -> None:
        for kw in ("not: {type: string}", "const: 1", "propertyNames: {maxLength: 3}", "contains: {type: string}"):
            with self.subTest(kw):
                spec = self.assert_loosened(
                    schemas(f"M: {{type: object, properties: {{a: {{{kw}}}}}}}\n"),
                    f"{S}/M/properties/a",
                    f"unsupported schema: '{kw.split(':')[0]}' keyword",
                    "the keyword is ignored (not checked)",
                )
                self.assertEqual(type_name(self.field(spec, "M", "a").type), "::nlohmann::json")

    def test_patterns_the_matcher_cannot_run(self) -> None:
        for pattern, message in (
            ("(?=a)b", "unsupported pattern: lookahead is not supported"),
            ("(a)\\1", "unsupported pattern: escape '\\1' is not supported"),
            ("(a{1000}){1000}", "unsupported pattern: compiles to 1000001 instructions, over the limit of 4096"),
            ("[z-a]", "invalid pattern: range out of order in character class"),
        ):
            with self.subTest(pattern):
                spec = self.build(schemas(f"M: {{type: object, properties: {{a: {{type: string, pattern: '{pattern}'}}}}}}\n"))
                warning = f"{S}/M/properties/a/pattern: {message}"
                self.assertTrue(any(w.startswith(warning) for w in self.diagnostics.warnings), self.diagnostics.warnings)
                self.assertTrue(any(w.endswith("; the pattern is not checked") for w in self.diagnostics.warnings))
                self.assertIsNone(self.field(spec, "M", "a").type.constraints.pattern)

    def test_ecmascript_patterns_are_checked(self) -> None:
        # Annex B's literal '-' next to a class escape, \b, '{' that starts no quantifier.
        for pattern in ("^[\\w-.]+$", "\\bword\\b", "^x{$", "\\u00e9{2,}"):
            with self.subTest(pattern):
                spec = self.build(schemas(f"M: {{type: object, properties: {{a: {{type: string, pattern: '{pattern}'}}}}}}\n"))
                self.assertEqual(self.diagnostics.warnings, [])
                self.assertEqual(self.field(spec, "M", "a").type.constraints.pattern, pattern)

    def test_json_keywords(self) -> None:
        spec = self.assert_loosened(
            schemas("M: {type: object, properties: {a: {type: array, prefixItems: [{type: string}]}}}\n"),
            f"{S}/M/properties/a",
            "unsupported schema: 'prefixItems' keyword",
            "generated as nlohmann::json",
        )
        self.assertEqual(type_name(self.field(spec, "M", "a").type), "::nlohmann::json")

    def test_refusals_that_are_loosened(self) -> None:
        """Legal schemas with no exact C++ type (issue 18): nlohmann::json, or a placeholder name."""
        for schema, where, message in (
            ("L: {type: array, items: {$ref: '#/components/schemas/L'}}\nM: {type: object, properties: {a: {$ref: '#/components/schemas/L'}}}",
             f"{S}/L", "recursive schema needs an infinite type (recursion is supported only through a struct)"),
            ("M: {type: object, properties: {a: {enum: []}}}", f"{S}/M/properties/a/enum", "unsupported schema: an empty enum (no value is valid)"),
            ("M: {type: object, properties: {a: {type: string, nullable: true, enum: [null]}}}", f"{S}/M/properties/a/enum",
             "unsupported schema: an enum of only null"),
            ("M: {type: object, properties: {a: {oneOf: [{type: 'null'}]}}}", f"{S}/M/properties/a/oneOf", "unsupported schema: oneOf of only null"),
            ("M: {type: object, properties: {a: {properties: {x: {type: string}}, oneOf: [{required: [x]}, {required: [y]}]}}}",
             f"{S}/M/properties/a/properties", "unsupported schema: 'properties' next to oneOf"),
            ("M: {type: object, properties: {a: {oneOf: [{type: string, nullable: true}, {type: integer}]}}}", f"{S}/M/properties/a/oneOf/0",
             "unsupported schema: a nullable oneOf alternative (make the oneOf nullable instead)"),
            ("M: {type: object, properties: {a: {anyOf: [{type: string, maxLength: 3}, {type: integer}]}}}", f"{S}/M/properties/a/anyOf/0",
             "unsupported schema: constraints on a scalar anyOf alternative"),
            ("M: {type: object, properties: {a: {oneOf: [{type: string}, {type: string}]}}}", f"{S}/M/properties/a/oneOf/1",
             f"unsupported schema: oneOf alternatives {S}/M/properties/a/oneOf/0 and {S}/M/properties/a/oneOf/1 are the same C++ type"),
            ("M: {type: object, properties: {a: {anyOf: [{type: array, items: {type: string}, maxItems: 1},"
             " {type: array, items: {type: string}, minItems: 3}]}}}", f"{S}/M/properties/a/anyOf/1",
             f"unsupported schema: anyOf alternatives {S}/M/properties/a/anyOf/0 and {S}/M/properties/a/anyOf/1"
             " are the same C++ type std::vector<std::string>"),
            ("M: {type: object, properties: {a: {allOf: [{type: object, properties: {x: {type: string}}}, true, false]}}}",
             f"{S}/M/properties/a/allOf/2", "unsupported schema: an allOf member that is the schema false (no value is valid)"),
        ):
            with self.subTest(where):
                unchecked = "empty enum" in message or "schema false" in message
                instead = "generated as nlohmann::json (not checked)" if unchecked else "generated as nlohmann::json"
                spec = self.assert_loosened(schemas(schema + "\n"), where, message, instead)
                # the recursion stops one level down: an array of any JSON values
                expected = "std::vector<::nlohmann::json>" if where.endswith("/L") else "::nlohmann::json"
                self.assertEqual(type_name(self.field(spec, "M", "a").type), expected)
        spec = self.build(schemas("M: {type: object, properties: {'+': {type: string}, '-': {type: string, enum: ['+', '-', a]}}}\n"))
        self.assertIn(f"{S}/M/properties/+: cannot derive a C++ member name from property '+'; the member is named 'unnamed'",
                      self.diagnostics.warnings)
        self.assertEqual([f.name for f in next(d for d in spec.declarations if d.name == "M").fields], ["unnamed", "unnamed_2"])
        self.assertIn(f"{S}/M/properties/-/enum/1: cannot derive a C++ enumerator name from '-'; the enumerator is named 'unnamed_2'",
                      self.diagnostics.warnings)

    def test_true_all_of_member_adds_nothing(self) -> None:
        """`allOf: [X, true]` is X (JSON Schema 2020-12 §4.3.2): no warning, not even with --strict."""
        text = schemas("M: {allOf: [{type: object, required: [x], properties: {x: {type: string}}}, true]}\n", "3.1.0")
        spec = self.build(text)
        self.assertEqual(self.diagnostics.warnings, [])
        self.assertEqual(type_name(self.field(spec, "M", "x").type), "std::string")
        self.assertTrue(self.field(spec, "M", "x").required)
        self.build(text, strict=True)

    def test_read_only_and_write_only_in_31(self) -> None:
        """Legal in 3.1 (OAS 3.0 forbids it: a refusal there): an ordinary optional member."""
        text = "M: {type: object, required: [a], properties: {a: {type: string, readOnly: true, writeOnly: true}}}\n"
        spec = self.assert_loosened(
            schemas(text, "3.1.0"),
            f"{S}/M/properties/a",
            "unsupported schema: both readOnly and writeOnly",
            "an optional member, sent and received (the flags are ignored)",
        )
        a = self.field(spec, "M", "a")
        self.assertEqual((a.required, a.read_only, a.is_optional_member), (False, False, True))
        self.assert_refused(schemas(text), f"{S}/M/properties/a", "unsupported schema: both readOnly and writeOnly", "--namespace", "arize")

    def test_type_name_without_letters(self) -> None:
        """A component `_-` is legal (OAS §4.8.7.1): it becomes Unnamed, or the first free UnnamedN."""
        text = schemas("_-: {type: object, properties: {a: {type: string}}}\n'.': {type: object, properties: {b: {$ref: '#/components/schemas/_-'}}}\n"
                       "Unnamed: {type: object, properties: {c: {type: integer}}}\n")
        spec = self.assert_loosened(text, f"{S}/_-", "cannot derive a C++ type name for this schema", "the type is named 'Unnamed2'")
        self.assertIn(f"{S}/.: cannot derive a C++ type name for this schema; the type is named 'Unnamed3'", self.diagnostics.warnings)
        self.assertEqual(type_name(self.field(spec, "Unnamed3", "b").type), "Unnamed2")
        self.assertEqual(type_name(self.field(spec, "Unnamed2", "a").type), "std::string")
        self.assertEqual(type_name(self.field(spec, "Unnamed", "c").type), "std::int64_t")

    def test_recursion_through_a_required_member_and_a_one_of_alternative(self) -> None:
        """`S.v: V`, `V: oneOf [S, string]` holds S by value: S holds V through Box, required or not."""
        for required in ("[v]", "[]"):
            with self.subTest(required=required):
                spec = self.build(schemas(f"S: {{type: object, required: {required}, properties: {{v: {{$ref: '#/components/schemas/V'}}}}}}\n"
                                          "V: {oneOf: [{$ref: '#/components/schemas/S'}, {type: string}]}\n"))
                v = self.field(spec, "S", "v")
                self.assertEqual(type_name(v.type), "::arize::Box<V>")
                self.assertEqual(v.required, required == "[v]")
        spec = self.build(schemas("A: {type: object, required: [a], properties: {a: {$ref: '#/components/schemas/A'}}}\n"))
        self.assertEqual(type_name(self.field(spec, "A", "a").type), "::arize::Box<A>")
        # a oneOf that is its own alternative nests itself with nothing between (Core §9.4.1)
        self.assert_refused(schemas("U: {oneOf: [{$ref: '#/components/schemas/U'}, {type: string}]}\n"), f"{S}/U",
                            "recursive schema needs an infinite type: U -> U (a oneOf/anyOf that is its own alternative", "--namespace", "arize")

    def test_ref_to_an_anchor(self) -> None:
        """`$ref: '#foo'` names the schema with `$anchor: foo` (JSON Schema 2020-12 §8.2.2): the same type as its pointer."""
        text = schemas("B: {$anchor: foo, type: object, properties: {x: {type: string}}}\n"
                       "M: {type: object, properties: {a: {$ref: '#foo'}, b: {$ref: '#/components/schemas/B'}}}\n", "3.1.0")
        spec = self.build(text, strict=True)
        self.assertEqual(self.diagnostics.warnings, [])
        self.assertEqual([type_name(self.field(spec, "M", m).type) for m in "ab"], ["B", "B"])
        self.assert_refused(text.replace("'#foo'", "'#bar'"), f"{S}/M/properties/a/$ref", "no $anchor 'bar'", "--namespace", "arize")
        self.assert_refused(text.replace("'#foo'", "'#1x'"), f"{S}/M/properties/a/$ref", "neither a JSON pointer nor an anchor name",
                            "--namespace", "arize")

    def test_unknown_formats(self) -> None:
        spec = self.assert_loosened(
            schemas("M: {type: object, properties: {t: {type: integer, format: unixtime}}}\n"),
            f"{S}/M/properties/t/format",
            "unsupported schema: integer format 'unixtime'",
            "generated as std::int64_t",
        )
        self.assertEqual(type_name(self.field(spec, "M", "t").type), "std::int64_t")
        spec = self.assert_loosened(
            schemas("M: {type: object, properties: {n: {type: number, format: int32}}}\n"),
            f"{S}/M/properties/n/format",
            "unsupported schema: number format 'int32'",
            "generated as double",
        )
        self.assertEqual(type_name(self.field(spec, "M", "n").type), "double")

    def test_non_string_enums(self) -> None:
        for t, cpp in (("integer", "std::int64_t"), ("number", "double"), ("boolean", "bool")):
            with self.subTest(t):
                values = "[true]" if t == "boolean" else "[1, 2]"
                spec = self.assert_loosened(
                    schemas(f"M: {{type: object, properties: {{e: {{type: {t}, enum: {values}}}}}}}\n"),
                    f"{S}/M/properties/e/type",
                    f"unsupported schema: non-string enum (type {t})",
                    f"generated as its type ({t}); values not checked",
                )
                self.assertEqual(type_name(self.field(spec, "M", "e").type), cpp)

    def test_type_lists(self) -> None:
        spec = self.build(schemas("M: {type: object, properties: {b: {type: [boolean]}}}\n", "3.1.0"))
        self.assertEqual(type_name(self.field(spec, "M", "b").type), "bool")
        self.assertEqual(self.diagnostics.warnings, [])
        spec = self.assert_loosened(
            schemas("M: {type: object, properties: {v: {type: [string, integer]}}}\n", "3.1.0"),
            f"{S}/M/properties/v/type",
            'unsupported schema: type list ["string", "integer"] (only [X, "null"] is supported)',
            "generated as nlohmann::json",
        )
        self.assertEqual(type_name(self.field(spec, "M", "v").type), "::nlohmann::json")

    def test_keywords_next_to_ref(self) -> None:
        text = schemas(
            """
            A: {type: object, properties: {x: {type: string}}}
            M: {type: object, properties: {a: {$ref: "#/components/schemas/A", type: object, description: d}}}
            """,
            "3.1.0",
        )
        spec = self.build(text)
        self.assertEqual(type_name(self.field(spec, "M", "a").type), "A")
        self.assertEqual(self.diagnostics.warnings, [])  # type and annotations: nothing is lost
        self.assert_refused(text, f"{S}/M/properties/a/type", "unsupported schema: 'type' next to $ref")
        self.assert_loosened(
            schemas(
                """
                A: {type: string}
                M: {type: object, properties: {a: {$ref: "#/components/schemas/A", maxLength: 3}}}
                """
            ),
            f"{S}/M/properties/a/maxLength",
            "unsupported schema: 'maxLength' next to $ref",
            "ignored (the target's type is used)",
        )

    def test_all_of_members_without_properties_and_annotation_redefinitions(self) -> None:
        text = schemas(
            """
            Base: {type: object, required: [id], properties: {id: {type: string, description: one}}}
            M:
              allOf:
                - $ref: "#/components/schemas/Base"
                - {type: object, nullable: false, required: [name]}
                - {properties: {id: {type: string, description: two}, name: {type: string}}}
            """
        )
        spec = self.build(text)
        self.assertEqual(self.diagnostics.warnings, [])
        self.assertEqual([(f.name, f.required) for f in spec.find("M").fields], [("id", True), ("name", True)])
        spec = self.assert_loosened(
            schemas(
                """
                M:
                  allOf:
                    - {properties: {a: {type: string}}}
                    - {properties: {a: {type: integer}}}
                """
            ),
            f"{S}/M/allOf/1/properties/a",
            "property 'a' is defined differently in two allOf members",
            "generated as nlohmann::json",
        )
        self.assertEqual(type_name(self.field(spec, "M", "a").type), "::nlohmann::json")

    def test_all_of_narrowing_an_enum(self) -> None:
        # The vendor's created-key schemas pin the discriminator this way: the member keeps the
        # wider enum type, and the discriminator's validation holds the pin.
        spec = self.assert_loosened(
            schemas(
                """
                Kind: {type: string, enum: [USER, SERVICE]}
                Base: {type: object, required: [kind], properties: {kind: {$ref: "#/components/schemas/Kind"}}}
                M:
                  allOf:
                    - $ref: "#/components/schemas/Base"
                    - {properties: {kind: {type: string, enum: [USER], description: pinned}}}
                """
            ),
            f"{S}/M/allOf/1/properties/kind",
            "property 'kind' narrows its enum to ['USER'] in an allOf member",
            "generated as the wider enum (the narrowing holds through a discriminator only)",
        )
        self.assertEqual(type_name(self.field(spec, "M", "kind").type), "::arize::Open<Kind>")

    def test_all_of_enum_outside_the_wider_one_is_a_conflict(self) -> None:
        spec = self.assert_loosened(
            schemas(
                """
                Kind: {type: string, enum: [USER, SERVICE]}
                M:
                  allOf:
                    - {properties: {kind: {$ref: "#/components/schemas/Kind"}}}
                    - {properties: {kind: {type: string, enum: [BOT]}}}
                """
            ),
            f"{S}/M/allOf/1/properties/kind",
            "property 'kind' is defined differently in two allOf members",
            "generated as nlohmann::json",
        )
        self.assertEqual(type_name(self.field(spec, "M", "kind").type), "::nlohmann::json")

    def test_scalar_all_of(self) -> None:
        spec = self.assert_loosened(
            schemas(
                """
                S: {type: string}
                M: {type: object, properties: {s: {allOf: [{$ref: "#/components/schemas/S"}, {maxLength: 3}]}}}
                """
            ),
            f"{S}/M/properties/s/allOf",
            "unsupported schema: allOf members that are not objects",
            f"the type of {S}/M/properties/s/allOf/0 is used",
        )
        self.assertEqual(type_name(self.field(spec, "M", "s").type), "std::string")

    def test_required_name_not_defined(self) -> None:
        self.assert_loosened(
            schemas("M: {type: object, required: [b], properties: {a: {type: string}}}\n"),
            f"{S}/M/required/0",
            "required property 'b' is not defined",
            "not checked (the object has no such member)",
        )

    def test_broken_discriminator_is_ignored(self) -> None:
        spec = self.assert_loosened(
            schemas(
                """
                A: {type: object, properties: {kind: {type: string}, a: {type: string}}}
                B: {type: object, required: [kind], properties: {kind: {type: string}, b: {type: integer}}}
                U:
                  oneOf: [{$ref: "#/components/schemas/A"}, {$ref: "#/components/schemas/B"}]
                  discriminator: {propertyName: kind}
                """
            ),
            f"{S}/U/oneOf/0",
            "discriminator property 'kind' must be required in alternative A",
            "the discriminator is ignored (oneOf decoding by trying each alternative)",
        )
        self.assertIsNone(spec.find("U").discriminator)

    def test_recursion_through_an_optional_member_and_a_map(self) -> None:
        spec = self.build(
            schemas(
                """
                Node:
                  type: object
                  properties:
                    parent: {$ref: "#/components/schemas/Node"}
                    named: {type: object, additionalProperties: {$ref: "#/components/schemas/Node"}}
                    children: {type: array, items: {$ref: "#/components/schemas/Node"}}
                """
            )
        )
        self.assertEqual(declared_type(self.field(spec, "Node", "parent")), "std::optional<::arize::Box<Node>>")
        self.assertEqual(type_name(self.field(spec, "Node", "named").type), "std::map<std::string, ::arize::Box<Node>>")
        self.assertEqual(type_name(self.field(spec, "Node", "children").type), "std::vector<Node>")  # no Box needed


class NameCollisions(SpecTestCase):
    def test_request_struct_gives_way_to_a_component(self) -> None:
        text = spec_text(
            """
            paths:
              /keys:
                post:
                  operationId: create_api_key
                  requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/CreateApiKeyRequest"}}}}
                  responses: {"204": {description: ok}}
            components:
              schemas:
                CreateApiKeyRequest: {type: object, properties: {name: {type: string}}}
            """
        )
        spec = self.build(text)
        self.assertEqual(self.operation(spec, "create_api_key").request_name, "CreateApiKeyRequest2")
        self.assertIsInstance(spec.find("CreateApiKeyRequest"), translate.Struct)

    def test_inline_name_gives_way_to_a_later_component(self) -> None:
        spec = self.build(
            schemas(
                """
                Pet: {type: object, properties: {size: {type: string, enum: [s, l]}}}
                PetSize: {type: string, enum: [small]}
                """
            )
        )
        self.assertEqual(type_name(self.field(spec, "Pet", "size").type), "::arize::Open<PetSize2>")
        self.assertEqual([v.wire for v in spec.find("PetSize").values], ["small"])

    def test_two_components_with_one_cpp_name(self) -> None:
        spec = self.build(
            schemas(
                """
                ApiKey: {type: object, properties: {a: {type: string}}}
                api_key: {type: object, properties: {b: {type: string}}}
                """
            )
        )
        self.assertEqual([f.name for f in spec.find("ApiKey").fields], ["a"])
        self.assertEqual([f.name for f in spec.find("ApiKey2").fields], ["b"])
        self.assertEqual(
            self.diagnostics.warnings,
            [f"{S}/api_key: type name 'ApiKey' is already used by {S}/ApiKey; this one is ApiKey2"],
        )

    def test_members_and_enumerators(self) -> None:
        spec = self.build(
            schemas(
                """
                M: {type: object, properties: {authTime: {type: integer}, auth_time: {type: integer}, auth-time: {type: integer}}}
                E: {type: string, enum: [read-only, read_only, READ_ONLY]}
                """
            )
        )
        self.assertEqual([f.name for f in spec.find("M").fields], ["authTime", "auth_time", "auth_time_2"])
        self.assertEqual([v.name for v in spec.find("E").values], ["read_only_2", "read_only", "READ_ONLY"])

    def test_operation_without_operation_id(self) -> None:
        spec = self.build(op('responses: {"204": {description: ok}}\n', "delete").replace("/x:", "/pets/{petId}:").replace(
            "delete:\n", "delete:\n      parameters: [{name: petId, in: path, required: true, schema: {type: string}}]\n"
        ))
        self.assertEqual(self.operation(spec, "delete_pets_by_pet_id").request_name, "DeletePetsByPetIdRequest")


class NonJsonBodies(SpecTestCase):
    def test_media_type_choice_and_encodings(self) -> None:
        spec = self.build(
            op(
                """
                operationId: up
                requestBody:
                  content:
                    multipart/form-data: {schema: {type: object, properties: {f: {type: string, format: binary}, n: {type: array, items: {type: integer}}, o: {type: object, properties: {a: {type: string}}}}}}
                    application/xml: {schema: {type: string}}
                responses:
                  "200": {description: ok, content: {text/csv: {schema: {type: string}}, application/xml: {}}}
                """
            )
        )
        o = self.operation(spec, "up")
        self.assertEqual(o.body.encoding, "multipart")
        self.assertEqual([(f.name, f.kind, f.repeated) for f in o.body.form_fields], [("f", "file", False), ("n", "text", True), ("o", "json", False)])
        self.assertEqual(return_type(o), "std::string")
        self.assertEqual(result_expression(o, o.responses[0]), "response.body")
        self.assertEqual(o.accept, "text/csv")

    def test_json_is_preferred_then_form_then_raw(self) -> None:
        spec = self.build(
            op(
                """
                operationId: up
                requestBody:
                  content:
                    application/octet-stream: {}
                    application/x-www-form-urlencoded: {schema: {type: object, properties: {a: {type: string}}}}
                responses: {"204": {description: ok}}
                """
            )
        )
        self.assertEqual(self.operation(spec, "up").body.encoding, "form")
        spec = self.build(
            op('operationId: up\nrequestBody: {required: true, content: {"*/*": {}}}\nresponses: {"204": {description: ok}}\n')
        )
        body = self.operation(spec, "up").body
        self.assertEqual((body.encoding, type_name(body.type), body.media_type), ("raw", "std::string", "application/octet-stream"))


class Manifest(SpecTestCase):
    def test_examples_and_counts(self) -> None:
        self.write(
            spec_text(
                """
                paths:
                  /x:
                    get:
                      operationId: x
                      responses:
                        "200":
                          description: ok
                          content:
                            application/json:
                              schema: {$ref: "#/components/schemas/M"}
                              examples: {one: {value: {a: "1"}}}
                components:
                  schemas:
                    M: {type: object, properties: {a: {type: string}}, example: {a: "2"}}
                """
            )
        )
        proc = self.cli("spec.yaml", "--out", "out", "--manifest", "m.json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        m = json.loads((self.dir / "m.json").read_text())
        self.assertEqual((m["structs"], m["operations"], m["warnings"]), (1, 1, []))
        self.assertEqual(
            [(e["where"], e["cpp"], e["value"]) for e in m["examples"]],
            [
                (f"{S}/M/example", "M", {"a": "2"}),
                ("spec.yaml#/paths/~1x/get/responses/200/content/application~1json/examples/one/value", "M", {"a": "1"}),
            ],
        )

    def test_dangling_ref_is_refused_unless_opted_in(self) -> None:
        text = schemas("M: {type: object, properties: {a: {$ref: '#/components/schemas/Nowhere'}}}\n")
        self.assert_refused(text, f"{S}/M/properties/a/$ref", "does not exist", "--out", "out")
        self.write(text)
        proc = self.cli("spec.yaml", "--out", "out", "--dangling-refs-as-json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("generated as nlohmann::json (--dangling-refs-as-json)", proc.stderr)


if __name__ == "__main__":
    unittest.main()
