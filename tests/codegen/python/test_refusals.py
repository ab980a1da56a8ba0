"""One test per refusal: exit code 2, ONE line `error: <file>#<pointer>: <message>`, nothing
written. What the generator cannot model correctly it must refuse, never print wrongly."""

from __future__ import annotations

import textwrap
import unittest

from support import SpecTestCase, schemas, spec_text

S = "spec.yaml#/components/schemas"


def op(body: str) -> str:
    """A spec with one GET /x operation whose YAML (below `get:`) is `body`."""
    return spec_text("paths:\n  /x:\n    get:\n" + textwrap.indent(textwrap.dedent(body), "      "))


OK_RESPONSES = 'responses: {"200": {description: ok}}\n'


class SchemaRefusals(SpecTestCase):
    def test_not_keyword(self) -> None:
        self.assert_refused(
            schemas("Pet: {type: object, properties: {tags: {not: {type: string}}}}\n"),
            f"{S}/Pet/properties/tags",
            "unsupported schema: 'not' keyword",
        )

    def test_const_keyword(self) -> None:
        self.assert_refused(schemas("K: {const: 3}\n"), f"{S}/K", "'const' keyword")

    def test_non_string_enum(self) -> None:
        self.assert_refused(schemas("Level: {type: integer, enum: [1, 2]}\n"), f"{S}/Level/type", "non-string enum")

    def test_non_string_enum_value(self) -> None:
        self.assert_refused(schemas("Level: {enum: [low, 2]}\n"), f"{S}/Level/enum/1", "non-string enum value 2")

    def test_type_list_other_than_x_and_null(self) -> None:
        self.assert_refused(
            schemas("V: {type: [string, integer]}\n", "3.1.0"), f"{S}/V/type", 'type list ["string", "integer"]'
        )

    def test_unknown_integer_format(self) -> None:
        self.assert_refused(schemas("N: {type: integer, format: uint128}\n"), f"{S}/N/format", "integer format 'uint128'")

    def test_number_format(self) -> None:
        self.assert_refused(schemas("N: {type: number, format: decimal}\n"), f"{S}/N/format", "number format 'decimal'")

    def test_properties_with_additional_properties_schema(self) -> None:
        self.assert_refused(
            schemas("M: {type: object, properties: {a: {type: string}}, additionalProperties: {type: integer}}\n"),
            f"{S}/M/additionalProperties",
            "properties together with an additionalProperties schema",
        )

    def test_allof_member_without_properties(self) -> None:
        self.assert_refused(
            schemas(
                """
                Free: {type: object}
                M:
                  allOf:
                    - $ref: "#/components/schemas/Free"
                    - {type: object, properties: {a: {type: string}}}
                """
            ),
            f"{S}/M/allOf/0",
            "neither properties nor allOf (a struct is needed here)",
        )

    def test_allof_member_that_is_not_an_object(self) -> None:
        self.assert_refused(
            schemas("M: {allOf: [{type: string}, {type: object, properties: {a: {type: string}}}]}\n"),
            f"{S}/M/allOf/0",
            "allOf member that is not an object",
        )

    def test_allof_conflicting_property(self) -> None:
        self.assert_refused(
            schemas(
                "M: {allOf: [{properties: {a: {type: string}}}, {properties: {a: {type: integer}}}]}\n"
            ),
            f"{S}/M/allOf/1/properties/a",
            "defined differently in two allOf members",
        )

    def test_required_property_not_defined(self) -> None:
        self.assert_refused(
            schemas("M: {type: object, required: [b], properties: {a: {type: string}}}\n"),
            f"{S}/M/required/0",
            "required property 'b' is not defined",
        )

    def test_member_name_collision_after_snake_casing(self) -> None:
        self.assert_refused(
            schemas("M: {type: object, properties: {createdAt: {type: string}, created_at: {type: string}}}\n"),
            f"{S}/M/properties/createdAt",
            "properties 'created_at' and 'createdAt' both become the C++ member 'created_at'",
        )

    def test_type_name_collision(self) -> None:
        self.assert_refused(
            schemas(
                """
                ApiKey: {type: object, properties: {a: {type: string}}}
                api_key: {type: object, properties: {a: {type: string}}}
                """
            ),
            f"{S}/api_key",
            "type name 'ApiKey' is already used by spec.yaml#/components/schemas/ApiKey",
        )

    def test_inline_type_name_collision(self) -> None:
        self.assert_refused(
            schemas(
                """
                Pet: {type: object, properties: {size: {type: string, enum: [s, l]}}}
                PetSize: {type: string, enum: [small]}
                """
            ),
            f"{S}/Pet/properties/size",
            "type name 'PetSize' is already used by spec.yaml#/components/schemas/PetSize",
        )

    def test_enumerator_collision(self) -> None:
        self.assert_refused(schemas("E: {type: string, enum: [read-only, read_only]}\n"), f"{S}/E/enum/0", "both become the enumerator 'read_only'")

    def test_duplicate_enum_value(self) -> None:
        self.assert_refused(schemas("E: {type: string, enum: [a, a]}\n"), f"{S}/E/enum/1", "duplicate enum value 'a'")

    def test_recursion_by_value(self) -> None:
        self.assert_refused(
            schemas(
                """
                A: {type: object, properties: {b: {$ref: "#/components/schemas/B"}}}
                B: {type: object, properties: {a: {$ref: "#/components/schemas/A"}}}
                """
            ),
            f"{S}/B/properties/a",
            "recursion through a member that is not an array",
        )

    def test_recursive_alias(self) -> None:
        self.assert_refused(
            schemas("L: {type: array, items: {$ref: '#/components/schemas/L'}}\n"),
            f"{S}/L",
            "recursive schema needs an infinite type",
        )

    def test_ref_cycle(self) -> None:
        self.assert_refused(
            schemas(
                """
                A: {$ref: "#/components/schemas/B"}
                B: {$ref: "#/components/schemas/A"}
                """
            ),
            f"{S}/A",
            "$ref cycle",
        )

    def test_missing_ref_target(self) -> None:
        self.assert_refused(
            schemas("A: {type: object, properties: {b: {$ref: '#/components/schemas/Nope'}}}\n"),
            f"{S}/A/properties/b/$ref",
            "does not exist",
        )

    def test_missing_ref_file(self) -> None:
        self.assert_refused(
            schemas("A: {type: object, properties: {b: {$ref: 'other.yaml#/B'}}}\n"),
            f"{S}/A/properties/b/$ref",
            "cannot read 'other.yaml'",
        )

    def test_remote_ref(self) -> None:
        self.assert_refused(
            schemas("A: {type: object, properties: {b: {$ref: 'https://example.com/s.yaml#/B'}}}\n"),
            f"{S}/A/properties/b/$ref",
            "remote $ref",
        )

    def test_keyword_next_to_ref(self) -> None:
        self.assert_refused(
            schemas("A: {type: object, properties: {b: {$ref: '#/components/schemas/C', maxLength: 3}}}\nC: {type: string}\n"),
            f"{S}/A/properties/b/maxLength",
            "'maxLength' next to $ref",
        )

    def test_tuple_items(self) -> None:
        self.assert_refused(schemas("A: {type: array, items: [{type: string}]}\n"), f"{S}/A/items", "tuple-style items")

    def test_lookbehind_pattern(self) -> None:
        self.assert_refused(schemas("A: {type: string, pattern: '(?<=a)b'}\n"), f"{S}/A/pattern", "lookbehind")

    def test_pattern_with_inline_flags(self) -> None:
        self.assert_refused(schemas("A: {type: string, pattern: '(?i)abc'}\n"), f"{S}/A/pattern", "inline flags")

    def test_pattern_with_python_only_escape(self) -> None:
        self.assert_refused(schemas("A: {type: string, pattern: '\\Aabc'}\n"), f"{S}/A/pattern", "escape '\\A'")

    def test_pattern_with_lookahead(self) -> None:
        self.assert_refused(schemas("A: {type: string, pattern: '(?=a)b'}\n"), f"{S}/A/pattern", "lookahead is not supported")

    def test_pattern_with_backreference(self) -> None:
        self.assert_refused(schemas("A: {type: string, pattern: '(a)\\1'}\n"), f"{S}/A/pattern", "escape '\\1'")

    def test_pattern_too_large_when_expanded(self) -> None:
        self.assert_refused(
            schemas("A: {type: string, pattern: '(a{1000}){1000}'}\n"), f"{S}/A/pattern", "over the limit of 4096"
        )

    def test_pattern_nested_too_deeply(self) -> None:
        self.assert_refused(schemas(f"A: {{type: string, pattern: '{'(' * 65}a{')' * 65}'}}\n"), f"{S}/A/pattern", "nested too deeply")

    def test_type_name_used_by_the_generated_code(self) -> None:
        self.assert_refused(schemas("T: {type: object, properties: {a: {type: string}}}\n"), f"{S}/T", "reserved")

    def test_required_write_only(self) -> None:
        self.assert_refused(
            schemas("A: {type: object, required: [p], properties: {p: {type: string, writeOnly: true}}}\n"),
            f"{S}/A/properties/p",
            "a required writeOnly property",
        )

    def test_invalid_pattern(self) -> None:
        self.assert_refused(schemas("A: {type: string, pattern: '(a'}\n"), f"{S}/A/pattern", "invalid pattern")


class VariantRefusals(SpecTestCase):
    PETS = """
        Cat: {type: object, required: [kind], properties: {kind: {type: string}}}
        Dog: {type: object, required: [name], properties: {name: {type: string}}}
        """

    def test_discriminator_property_missing_in_a_branch(self) -> None:
        self.assert_refused(
            schemas(
                textwrap.dedent(self.PETS)
                + "Pet: {oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}], "
                "discriminator: {propertyName: kind}}\n"
            ),
            f"{S}/Pet/oneOf/1",
            "discriminator property 'kind' is missing in alternative Dog",
        )

    def test_discriminator_mapping_to_something_else(self) -> None:
        self.assert_refused(
            schemas(
                textwrap.dedent(self.PETS)
                + "Pet: {oneOf: [{$ref: '#/components/schemas/Cat'}], "
                "discriminator: {propertyName: kind, mapping: {dog: '#/components/schemas/Dog'}}}\n"
            ),
            f"{S}/Pet/discriminator/mapping/dog",
            "is not one of the oneOf alternatives",
        )

    def test_discriminator_on_a_scalar_branch(self) -> None:
        self.assert_refused(
            schemas(
                textwrap.dedent(self.PETS)
                + "Pet: {oneOf: [{$ref: '#/components/schemas/Cat'}, {type: string}], discriminator: {propertyName: kind}}\n"
            ),
            f"{S}/Pet/oneOf/1",
            "a discriminator needs every alternative to be an object schema",
        )

    def test_alternatives_of_the_same_cpp_type(self) -> None:
        self.assert_refused(
            schemas("V: {oneOf: [{type: string}, {type: string, format: uuid}]}\n"),
            f"{S}/V/oneOf/1",
            "are the same C++ type std::string",
        )

    def test_constraints_on_a_scalar_alternative(self) -> None:
        self.assert_refused(
            schemas("V: {oneOf: [{type: string, maxLength: 3}, {type: integer}]}\n"),
            f"{S}/V/oneOf/0",
            "constraints on a scalar oneOf alternative",
        )


class OperationRefusals(SpecTestCase):
    def test_missing_operation_id(self) -> None:
        self.assert_refused(op(OK_RESPONSES), "spec.yaml#/paths/~1x/get", "operation has no operationId")

    def test_duplicate_operation_id(self) -> None:
        text = spec_text(
            """
            paths:
              /a: {get: {operationId: same, responses: {"200": {description: ok}}}}
              /b: {get: {operationId: same, responses: {"200": {description: ok}}}}
            """
        )
        self.assert_refused(text, "spec.yaml#/paths/~1b/get/operationId", "operationId 'same' is also used by")

    def test_cookie_parameter(self) -> None:
        self.assert_refused(
            op("operationId: x\nparameters: [{name: s, in: cookie, schema: {type: string}}]\n" + OK_RESPONSES),
            "spec.yaml#/paths/~1x/get/parameters/0/in",
            "cookie parameters",
        )

    def test_deep_object_parameter(self) -> None:
        self.assert_refused(
            op(
                "operationId: x\nparameters: [{name: f, in: query, style: deepObject, schema: {type: object}}]\n"
                + OK_RESPONSES
            ),
            "spec.yaml#/paths/~1x/get/parameters/0/style",
            "unsupported parameter style 'deepObject'",
        )

    def test_object_parameter(self) -> None:
        self.assert_refused(
            op(
                "operationId: x\nparameters: [{name: f, in: query, schema: {type: object, properties: {a: {type: string}}}}]\n"
                + OK_RESPONSES
            ),
            "spec.yaml#/paths/~1x/get/parameters/0/schema",
            "a parameter of an object",
        )

    def test_nullable_parameter(self) -> None:
        self.assert_refused(
            op("operationId: x\nparameters: [{name: f, in: query, schema: {type: string, nullable: true}}]\n" + OK_RESPONSES),
            "spec.yaml#/paths/~1x/get/parameters/0/schema",
            "a nullable parameter",
        )

    def test_parameter_named_body(self) -> None:
        self.assert_refused(
            op("operationId: x\nparameters: [{name: body, in: query, schema: {type: string}}]\n" + OK_RESPONSES),
            "spec.yaml#/paths/~1x/get/parameters/0/name",
            "reserved for the request body",
        )

    def test_parameter_with_content(self) -> None:
        self.assert_refused(
            op(
                "operationId: x\nparameters: [{name: f, in: query, content: {application/json: {schema: {type: object}}}}]\n"
                + OK_RESPONSES
            ),
            "spec.yaml#/paths/~1x/get/parameters/0/content",
            "'content'",
        )

    def test_undeclared_path_parameter(self) -> None:
        text = spec_text(
            """
            paths:
              /a/{id}:
                get: {operationId: x, responses: {"200": {description: ok}}}
            """
        )
        self.assert_refused(text, "spec.yaml#/paths/~1a~1{id}/get", "path parameter 'id' of '/a/{id}' is not declared")

    def test_path_parameter_not_in_path(self) -> None:
        text = spec_text(
            """
            paths:
              /a:
                get:
                  operationId: x
                  parameters: [{name: id, in: path, required: true, schema: {type: string}}]
                  responses: {"200": {description: ok}}
            """
        )
        self.assert_refused(text, "spec.yaml#/paths/~1a/get/parameters/0", "path parameter 'id' does not appear in '/a'")

    def test_multipart_body_that_is_not_an_object(self) -> None:
        self.assert_refused(
            op(
                "operationId: x\nrequestBody: {content: {multipart/form-data: {schema: {type: object}}}}\n" + OK_RESPONSES
            ),
            "spec.yaml#/paths/~1x/get/requestBody/content/multipart~1form-data/schema",
            "unsupported request body: a multipart/form-data body that is not an object with properties",
        )

    def test_inexpressible_operation_is_skipped_with_a_warning(self) -> None:
        text = op(
            "operationId: x\nrequestBody: {content: {multipart/form-data: {schema: {type: object}}}}\n" + OK_RESPONSES
        )
        self.write(text)
        proc = self.cli("spec.yaml", "--out", "out")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(
            proc.stderr,
            "warning: spec.yaml#/paths/~1x/get/requestBody/content/multipart~1form-data/schema: unsupported request body: "
            "a multipart/form-data body that is not an object with properties; operation GET /x skipped\n",
        )
        self.assertFalse((self.dir / "out" / "default_api.hpp").exists())

    def test_no_success_response(self) -> None:
        self.assert_refused(
            op('operationId: x\nresponses: {"404": {description: no}, default: {description: error}}\n'),
            "spec.yaml#/paths/~1x/get/responses",
            "operation declares no 2XX response",
        )

    def test_method_name_collision(self) -> None:
        text = spec_text(
            """
            paths:
              /a: {get: {operationId: getThing, responses: {"200": {description: ok}}}}
              /b: {get: {operationId: get_thing, responses: {"200": {description: ok}}}}
            """
        )
        self.assert_refused(text, "spec.yaml#/paths/~1b/get/operationId", "type name 'GetThingRequest' is already used")


class DocumentRefusals(SpecTestCase):
    def test_swagger_2(self) -> None:
        self.assert_refused('swagger: "2.0"\ninfo: {title: t, version: "1"}\n', "spec.yaml#/openapi", "only OpenAPI 3.0 and 3.1")

    def test_invalid_yaml(self) -> None:
        self.assert_refused("openapi: 3.0.3\ninfo: [\n", "spec.yaml#", "invalid YAML: line")

    def test_duplicate_key(self) -> None:
        self.assert_refused(
            schemas("A: {type: string}\nA: {type: integer}\n"), "spec.yaml#", "duplicate key 'A' (line 6)"
        )


if __name__ == "__main__":
    unittest.main()
