"""One test per construct the generator supports: the IR it builds and what it prints."""

from __future__ import annotations

import textwrap
import unittest

from support import SpecTestCase, flat, translate, models_text, schemas, spec_text
from codegen.cpp import declared_type, result_expression, return_type, status_condition, type_name, variant_type


class ObjectsTest(SpecTestCase):
    def test_required_and_optional_fields(self) -> None:
        spec = self.build(
            schemas(
                """
                Pet:
                  type: object
                  description: A pet.
                  required: [name]
                  properties:
                    name: {type: string, description: Its name.}
                    age: {type: integer}
                """
            )
        )
        name = self.field(spec, "Pet", "name")
        age = self.field(spec, "Pet", "age")
        self.assertEqual(declared_type(name), "::arize::Required<std::string>")
        self.assertFalse(name.is_optional_member)
        self.assertEqual(declared_type(age), "std::optional<std::int64_t>")
        self.assertTrue(age.is_optional_member)
        text = render_models(self, spec)
        self.assertIn("/// A pet.\nstruct Pet {\n  /// Its name.\n  ::arize::Required<std::string> name;\n", text)
        self.assertIn("  std::optional<std::int64_t> age{};\n", text)  # always {}
        self.assertIn("bool operator==(const Pet&) const = default;", text)
        self.assertIn('static constexpr std::string_view arize_schema_name = "Pet";', text)
        self.assertIn('.name = ::arize::detail::decode_field<std::string>(arize_object, "name", arize_path),', text)
        self.assertIn('::arize::detail::encode_optional_field(arize_json, "age", age, arize_options);', text)
        self.assertIn("inline std::ostream& operator<<(std::ostream& os, const Pet& value)", text)

    def test_snake_case_members_and_reserved_words(self) -> None:
        spec = self.build(
            schemas(
                """
                Thing:
                  type: object
                  properties:
                    createdAt: {type: string}
                    HTTPCode: {type: integer}
                    class: {type: string}
                    delete: {type: boolean}
                    x-request-id: {type: string}
                    2fa: {type: boolean}
                    arize_path: {type: string}
                """
            )
        )
        names = [f.name for f in spec.find("Thing").fields]
        self.assertEqual(names, ["created_at", "http_code", "class_", "delete_", "x_request_id", "v2fa", "arize_path_"])
        self.assertEqual([f.wire_name for f in spec.find("Thing").fields][0], "createdAt")

    def test_pascal_case_type_names(self) -> None:
        spec = self.build(schemas("api_key:\n  type: object\n  properties: {a: {type: string}}\n"))
        self.assertIsNotNone(spec.find("ApiKey"))
        self.assertEqual(spec.find("ApiKey").schema_name, "api_key")

    def test_inline_object_becomes_a_named_struct(self) -> None:
        spec = self.build(
            schemas(
                """
                Pet:
                  type: object
                  properties:
                    owner:
                      type: object
                      required: [name]
                      properties: {name: {type: string}}
                    toys:
                      type: array
                      items:
                        type: object
                        properties: {kind: {type: string}}
                """
            )
        )
        self.assertEqual(type_name(self.field(spec, "Pet", "owner").type), "PetOwner")
        self.assertEqual(type_name(self.field(spec, "Pet", "toys").type), "std::vector<PetToysItem>")
        self.assertIsNotNone(spec.find("PetToysItem"))


class NullableTest(SpecTestCase):
    def test_openapi_30_nullable(self) -> None:
        spec = self.build(
            schemas(
                """
                Pet:
                  type: object
                  required: [a]
                  properties:
                    a: {type: string, nullable: true}
                    b: {type: string, nullable: true}
                    c: {$ref: "#/components/schemas/Tag", nullable: true}
                Tag: {type: object, properties: {x: {type: string}}}
                """
            )
        )
        self.assertEqual(declared_type(self.field(spec, "Pet", "a")), "::arize::Required<::arize::Nullable<std::string>>")
        self.assertEqual(declared_type(self.field(spec, "Pet", "b")), "std::optional<::arize::Nullable<std::string>>")
        self.assertEqual(declared_type(self.field(spec, "Pet", "c")), "std::optional<::arize::Nullable<Tag>>")

    def test_openapi_31_type_lists_and_null_alternatives(self) -> None:
        spec = self.build(
            schemas(
                """
                Pet:
                  type: object
                  properties:
                    a: {type: [string, "null"]}
                    b: {type: ["null", integer], format: int32}
                    c:
                      oneOf: [{$ref: "#/components/schemas/Tag"}, {type: "null"}]
                    d: {type: string, enum: [x, y, null]}
                Tag: {type: object, properties: {x: {type: string}}}
                """,
                version="3.1.0",
            )
        )
        self.assertEqual(type_name(self.field(spec, "Pet", "a").type), "::arize::Nullable<std::string>")
        self.assertEqual(type_name(self.field(spec, "Pet", "b").type), "::arize::Nullable<std::int32_t>")
        self.assertEqual(type_name(self.field(spec, "Pet", "c").type), "::arize::Nullable<Tag>")
        self.assertEqual(type_name(self.field(spec, "Pet", "d").type), "::arize::Nullable<::arize::Open<PetD>>")
        self.assertEqual([v.wire for v in spec.find("PetD").values], ["x", "y"])


class EnumTest(SpecTestCase):
    def test_named_and_inline_string_enums(self) -> None:
        spec = self.build(
            schemas(
                """
                Role:
                  type: string
                  description: A role.
                  enum: [admin, read-only, ReadWrite, "", 2x, delete]
                Pet:
                  type: object
                  properties:
                    role: {$ref: "#/components/schemas/Role"}
                    size: {type: string, enum: [small, large]}
                """
            )
        )
        role = spec.find("Role")
        self.assertIsInstance(role, translate.Enum)
        self.assertEqual(
            [(v.name, v.wire) for v in role.values],
            [("admin", "admin"), ("read_only", "read-only"), ("read_write", "ReadWrite"), ("empty", ""), ("v2x", "2x"),
             ("delete_", "delete")],
        )
        self.assertEqual(type_name(self.field(spec, "Pet", "role").type), "::arize::Open<Role>")
        self.assertEqual(type_name(self.field(spec, "Pet", "size").type), "::arize::Open<PetSize>")
        text = render_models(self, spec)
        self.assertIn("/// A role.\nenum class Role { admin, read_only, read_write, empty, v2x, delete_ };", text)
        self.assertIn("struct EnumTraits<::arize::Role> {", text)
        self.assertIn('{::arize::Role::read_only, "read-only"},', text)
        self.assertIn("std::array<std::pair<::arize::Role, std::string_view>, 6> values{{", text)

    def test_enum_traits_of_another_namespace_specialize_arize(self) -> None:
        text = models_text(self.generate(schemas("Color: {type: string, enum: [red]}\n"), namespace="shop::v1"))
        self.assertIn("namespace shop::v1 {\n\nenum class Color { red };", text)
        self.assertIn("namespace arize {\n\ntemplate <>\nstruct EnumTraits<::shop::v1::Color> {", text)


class ContainersTest(SpecTestCase):
    def test_arrays(self) -> None:
        spec = self.build(
            schemas(
                """
                Pet:
                  type: object
                  properties:
                    tags: {type: array, minItems: 1, maxItems: 3, items: {type: string, maxLength: 5}}
                    anything: {type: array}
                """
            )
        )
        tags = self.field(spec, "Pet", "tags")
        self.assertEqual(type_name(tags.type), "std::vector<std::string>")
        self.assertEqual([c.kind for c in tags.checks], ["items", "each"])
        self.assertEqual(type_name(self.field(spec, "Pet", "anything").type), "std::vector<::nlohmann::json>")
        text = render_models(self, spec)
        self.assertIn(
            '::arize::detail::check_items(tags.value().size(), std::size_t{1}, std::size_t{3}, arize_path.field("tags"));',
            text,
        )
        self.assertIn("arize_path.field(\"tags\").index(arize_i0)", text)

    def test_maps_and_free_form_objects(self) -> None:
        spec = self.build(
            schemas(
                """
                Pet:
                  type: object
                  properties:
                    labels: {type: object, additionalProperties: {type: string}}
                    counts: {additionalProperties: {type: integer, format: int32}}
                    free1: {type: object, additionalProperties: true}
                    free2: {}
                    free3: {type: object}
                    free4: {type: object, additionalProperties: {}}
                """
            )
        )
        self.assertEqual(type_name(self.field(spec, "Pet", "labels").type), "std::map<std::string, std::string>")
        self.assertEqual(type_name(self.field(spec, "Pet", "counts").type), "std::map<std::string, std::int32_t>")
        for name in ("free1", "free2", "free3", "free4"):
            self.assertEqual(type_name(self.field(spec, "Pet", name).type), "::nlohmann::json", name)


class RefTest(SpecTestCase):
    def test_local_and_relative_file_refs(self) -> None:
        self.write(
            """
            Owner:
              type: object
              required: [name]
              properties:
                name: {type: string}
                home: {$ref: "#/Address"}
            Address:
              type: object
              properties: {city: {type: string}}
            """,
            "common/defs.yaml",
        )
        self.write('{"type": "object", "properties": {"id": {"type": "string"}}}', "tag.json")
        spec = self.build(
            schemas(
                """
                Pet:
                  type: object
                  properties:
                    owner: {$ref: "common/defs.yaml#/Owner"}
                    tag: {$ref: "tag.json"}
                    list: {type: array, items: {$ref: "#/components/schemas/Pet"}}
                """
            )
        )
        self.assertEqual(type_name(self.field(spec, "Pet", "owner").type), "Owner")
        self.assertEqual(type_name(self.field(spec, "Owner", "home").type), "Address")  # ref inside the other file
        self.assertEqual(type_name(self.field(spec, "Pet", "tag").type), "Tag")  # a whole file: named after it
        self.assertEqual(type_name(self.field(spec, "Pet", "list").type), "std::vector<Pet>")

    def test_the_same_schema_reached_twice_is_one_type(self) -> None:
        spec = self.build(
            schemas(
                """
                A: {type: object, properties: {x: {$ref: "#/components/schemas/C"}, y: {$ref: "#/components/schemas/C"}}}
                C: {type: object, properties: {v: {type: string}}}
                """
            )
        )
        self.assertEqual([d.name for d in spec.declarations], ["C", "A"])  # dependencies first

    def test_named_primitive_is_inlined_with_its_constraints(self) -> None:
        spec = self.build(
            schemas(
                """
                Id: {type: string, minLength: 3, description: An id.}
                Pet: {type: object, properties: {id: {$ref: "#/components/schemas/Id"}}}
                """
            )
        )
        f = self.field(spec, "Pet", "id")
        self.assertEqual(type_name(f.type), "std::string")
        self.assertEqual(f.type.constraints.min_length, 3)
        self.assertIn("An id.", f.doc)  # the description of the target when the use has none


class AllOfTest(SpecTestCase):
    def test_merge_properties_and_required(self) -> None:
        spec = self.build(
            schemas(
                """
                Base:
                  type: object
                  required: [id]
                  properties: {id: {type: string}, name: {type: string}}
                Extra:
                  allOf:
                    - $ref: "#/components/schemas/Base"
                    - type: object
                      required: [name, key]
                      properties: {key: {type: string}}
                  properties:
                    note: {type: string}
                """
            )
        )
        fields = spec.find("Extra").fields
        self.assertEqual([(f.name, f.required) for f in fields], [("id", True), ("name", True), ("key", True), ("note", False)])

    def test_single_ref_allof_with_default_is_that_type(self) -> None:
        spec = self.build(
            schemas(
                """
                Role: {type: string, enum: [admin, member]}
                Roles:
                  type: object
                  properties:
                    role:
                      allOf: [{$ref: "#/components/schemas/Role"}]
                      default: member
                      description: The role.
                """
            )
        )
        f = self.field(spec, "Roles", "role")
        self.assertEqual(type_name(f.type), "::arize::Open<Role>")
        self.assertEqual(f.doc[0], "The role.")
        self.assertTrue(any('Default: `"member"`' in line for line in f.doc), f.doc)
        self.assertIsNone(spec.find("RolesRole"))


class VariantTest(SpecTestCase):
    PETS = """
        Cat: {type: object, required: [kind, lives], properties: {kind: {type: string}, lives: {type: integer}}}
        Dog: {type: object, required: [kind], properties: {kind: {type: string}, bark: {type: string}}}
        """

    def test_oneof_with_discriminator_and_mapping(self) -> None:
        spec = self.build(
            schemas(
                textwrap.dedent(self.PETS)
                + textwrap.dedent(
                    """
                Pet:
                  oneOf: [{$ref: "#/components/schemas/Cat"}, {$ref: "#/components/schemas/Dog"}]
                  discriminator:
                    propertyName: kind
                    mapping: {cat: "#/components/schemas/Cat", kitty: Cat}
                """
                )
            )
        )
        pet = spec.find("Pet")
        self.assertIsInstance(pet, translate.Variant)
        self.assertEqual(variant_type(pet), "std::variant<Cat, Dog>")
        self.assertEqual(pet.discriminator, "kind")
        self.assertEqual([a.discriminator_values for a in pet.alternatives], [["cat", "kitty"], ["Dog"]])
        text = render_models(self, spec)
        self.assertIn("struct Pet {\n  std::variant<Cat, Dog> value;", text)
        self.assertIn('if (arize_tag == "cat" || arize_tag == "kitty") {', text)
        self.assertIn("std::in_place_index<1>, ::arize::decode<Dog>(arize_json, arize_path)", text)

    def test_oneof_and_anyof_without_discriminator(self) -> None:
        spec = self.build(
            schemas(
                textwrap.dedent(self.PETS)
                + textwrap.dedent(
                    """
                Pet: {oneOf: [{$ref: "#/components/schemas/Cat"}, {$ref: "#/components/schemas/Dog"}]}
                Size: {anyOf: [{type: integer}, {type: string}, {type: number, format: float}]}
                """
                )
            )
        )
        self.assertEqual(spec.find("Pet").combinator, "oneOf")
        self.assertIsNone(spec.find("Pet").discriminator)
        self.assertEqual(variant_type(spec.find("Size")), "std::variant<std::int64_t, std::string, float>")
        text = render_models(self, spec)
        self.assertIn("matches more than one oneOf alternative of Pet", text)
        self.assertIn("matches none of the anyOf alternatives of Size", text)

    def test_a_oneof_of_one_is_that_type(self) -> None:
        spec = self.build(schemas(textwrap.dedent(self.PETS) + "Pet: {oneOf: [{$ref: '#/components/schemas/Cat'}]}\nHolder: {type: object, properties: {p: {$ref: '#/components/schemas/Pet'}}}\n"))
        self.assertEqual(type_name(self.field(spec, "Holder", "p").type), "Cat")


class ScalarsTest(SpecTestCase):
    def test_formats(self) -> None:
        spec = self.build(
            schemas(
                """
                Rec:
                  type: object
                  properties:
                    when: {type: string, format: date-time}
                    day: {type: string, format: date}
                    secret: {type: string, format: password}
                    i32: {type: integer, format: int32}
                    i64: {type: integer, format: int64}
                    i: {type: integer}
                    d: {type: number}
                    dd: {type: number, format: double}
                    f: {type: number, format: float}
                    b: {type: boolean}
                """
            )
        )
        expected = {
            "when": "::arize::DateTime",
            "day": "std::string",
            "secret": "::arize::Secret",
            "i32": "std::int32_t",
            "i64": "std::int64_t",
            "i": "std::int64_t",
            "d": "double",
            "dd": "double",
            "f": "float",
            "b": "bool",
        }
        for name, cpp in expected.items():
            self.assertEqual(type_name(self.field(spec, "Rec", name).type), cpp, name)

    def test_defaults_and_descriptions_become_doc_comments(self) -> None:
        text = models_text(self.generate(
            schemas(
                """
                Rec:
                  type: object
                  description: |
                    First line.
                    Second line \\
                  properties:
                    n: {type: integer, default: 5, description: A number.}
                """
            )
        ))
        self.assertIn("/// First line.\n/// Second line (backslash)\nstruct Rec {", text)
        self.assertIn("  /// A number.\n  ///\n  /// Default: `5` (applied by the server when absent).\n  std::optional<std::int64_t> n{};", text)

    def test_constraints_are_checked(self) -> None:
        spec = self.build(
            schemas(
                """
                Rec:
                  type: object
                  required: [name]
                  properties:
                    name: {type: string, minLength: 1, maxLength: 10, pattern: "^[a-z]+$"}
                    count: {type: integer, format: int32, minimum: 0, maximum: 9, exclusiveMaximum: true}
                    ratio: {type: number, exclusiveMinimum: 0.5}
                """,
                version="3.1.0",
            )
        )
        text = render_models(self, spec)
        self.assertIn(
            '::arize::detail::check_length(name.get(), std::size_t{1}, std::size_t{10}, arize_path.field("name"));', text
        )
        self.assertIn('static const ::arize::detail::Pattern arize_re1(R"re(^[a-z]+$)re");', text)
        self.assertIn('::arize::detail::check_pattern(name.get(), arize_re1, arize_path.field("name"));', text)
        self.assertIn(
            "::arize::detail::check_range(count.value(), std::optional<std::int64_t>{0}, "
            "std::optional<std::int64_t>{9}, false, true, arize_path.field(\"count\"));",
            text,
        )
        ratio = self.field(spec, "Rec", "ratio").type.constraints
        self.assertEqual((ratio.minimum, ratio.exclusive_minimum), (0.5, True))

    def test_read_only_members_are_optional_and_not_sent(self) -> None:
        spec = self.build(
            schemas(
                """
                Rec:
                  type: object
                  required: [id, name]
                  properties:
                    id: {type: string, readOnly: true}
                    name: {type: string}
                """
            )
        )
        f = self.field(spec, "Rec", "id")
        self.assertTrue(f.read_only)
        self.assertTrue(f.required)
        self.assertEqual(declared_type(f), "std::optional<std::string>")
        self.assertTrue(spec.find("Rec").has_read_only)
        text = render_models(self, spec)
        self.assertIn('.id = ::arize::detail::decode_field<std::string>(arize_object, "id", arize_path),', text)
        self.assertIn("if (!arize_options.omit_read_only) {", text)


class OperationsTest(SpecTestCase):
    SPEC = spec_text(
        """
        tags: [{name: Pets, description: Pet operations.}]
        paths:
          /pets/{petId}/toys:
            parameters:
              - {name: petId, in: path, required: true, schema: {type: integer, format: int64}}
            get:
              operationId: listToys
              tags: [Pets]
              parameters:
                - {name: limit, in: query, schema: {type: integer, minimum: 1}}
                - {name: kind, in: query, required: true, schema: {type: string, enum: [ball, rope]}}
                - {name: X-Trace, in: header, schema: {type: string}}
                - {name: Accept, in: header, schema: {type: string}}
                - {name: ids, in: query, explode: false, schema: {type: array, items: {type: string}}}
              responses:
                "200": {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}
                "404": {description: none}
            post:
              operationId: addToy
              tags: [Pets]
              x-idempotent: true
              requestBody:
                required: true
                content:
                  application/json: {schema: {type: object, properties: {name: {type: string}}}}
              responses:
                "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Toy"}}}}
                "202": {description: later, content: {application/vnd.job+json: {schema: {$ref: "#/components/schemas/Job"}}}}
                "204": {description: nothing}
            put:
              operationId: replaceToys
              tags: [Pets]
              requestBody:
                content:
                  application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Toy"}}}
                  text/plain: {schema: {type: string}}
              responses:
                2XX: {description: ok}
                default: {description: error}
          /health:
            get:
              operationId: getHealth
              responses:
                "200": {description: ok, content: {application/json: {}}}
        components:
          schemas:
            Toy: {type: object, properties: {name: {type: string}}}
            Job: {type: object, properties: {id: {type: string}}}
        """
    )

    def test_parameters_and_request_structs(self) -> None:
        spec = self.build(self.SPEC)
        op = self.operation(spec, "listToys")
        self.assertEqual(op.method_name, "list_toys")
        self.assertEqual(op.request_name, "ListToysRequest")
        self.assertEqual(
            [(p.name, p.location, p.required, declared_type(p)) for p in op.parameters],
            [
                ("pet_id", "path", True, "::arize::Required<std::int64_t>"),
                ("limit", "query", False, "std::optional<std::int64_t>"),
                ("kind", "query", True, "::arize::Required<::arize::Open<ListToysKind>>"),
                ("x_trace", "header", False, "std::optional<std::string>"),
                ("ids", "query", False, "std::optional<std::vector<std::string>>"),
            ],
        )  # the Accept header parameter is ignored, as OpenAPI says
        self.assertFalse(op.request_default_arg)  # required members: no "= {}"
        self.assertTrue(op.idempotent)
        text = self.generate(self.SPEC)["pets_api.hpp"]
        self.assertIn("struct ListToysRequest {", text)
        self.assertIn('::arize::url::encode_path_segment(std::to_string(req.pet_id.get()), "petId") + "/toys"', text)
        self.assertIn('request.query.emplace_back("kind", std::string(::arize::to_wire(req.kind.get())));', text)
        self.assertIn('request.headers.add("X-Trace", req.x_trace.value());', text)
        self.assertIn("arize_joined += ','", text.replace('","', "','"))
        self.assertIn("std::vector<std::string> list_toys(const ListToysRequest& req) {", text)

    def test_request_bodies(self) -> None:
        spec = self.build(self.SPEC)
        add = self.operation(spec, "addToy")
        self.assertEqual(declared_type(add.body), "::arize::Required<AddToyBody>")  # inline schema, named
        self.assertTrue(add.body.required)
        self.assertFalse(add.idempotent is False)  # x-idempotent: true on a POST
        replace = self.operation(spec, "replaceToys")
        self.assertEqual(declared_type(replace.body), "std::optional<std::vector<Toy>>")
        self.assertEqual(replace.body.media_type, "application/json")  # JSON chosen over text/plain
        self.assertTrue(replace.idempotent)
        self.assertFalse(replace.request_default_arg)  # the path parameter is required
        self.assertTrue(self.operation(spec, "getHealth").request_default_arg)
        text = self.generate(self.SPEC)["pets_api.hpp"]
        self.assertIn("request.body = ::arize::encode_request_body(req.body.get());", text)
        self.assertIn("if (req.body) {", text)

    def test_several_responses(self) -> None:
        spec = self.build(self.SPEC)
        self.assertEqual(return_type(self.operation(spec, "listToys")), "std::vector<std::string>")
        add = self.operation(spec, "addToy")
        self.assertEqual(return_type(add), "std::optional<std::variant<Toy, Job>>")
        self.assertEqual([r.status for r in add.responses], ["201", "202", "204"])
        self.assertEqual(add.accept, "application/json, application/vnd.job+json")
        replace = self.operation(spec, "replaceToys")
        self.assertEqual(return_type(replace), "void")
        self.assertEqual(status_condition(replace.responses[0]), "response.status >= 200 && response.status <= 299")
        self.assertEqual(return_type(self.operation(spec, "getHealth")), "::nlohmann::json")
        text = self.generate(self.SPEC)["pets_api.hpp"]
        self.assertIn(
            "if (response.status == 202)\n      return std::variant<Toy, Job>(std::in_place_index<1>,", text
        )
        self.assertIn("if (response.status == 204) return std::nullopt;", text)
        self.assertIn("::arize::throw_api_error(request, response);", text)

    def test_one_class_per_tag_and_a_default_class(self) -> None:
        spec = self.build(self.SPEC)
        self.assertEqual([(a.class_name, a.file_name) for a in spec.apis], [("DefaultApi", "default_api.hpp"), ("PetsApi", "pets_api.hpp")])
        files = self.generate(self.SPEC)
        self.assertEqual([f for f in sorted(files) if "/" not in f], ["all.hpp", "default_api.hpp", "models.hpp", "pets_api.hpp"])
        self.assertIn("template <::arize::Transport T>\nclass PetsApi {", files["pets_api.hpp"])
        self.assertIn("/// Pet operations.", files["pets_api.hpp"])
        self.assertIn('#include "arize/generated/default_api.hpp"', files["all.hpp"])
        self.assertIn("::nlohmann::json get_health(const GetHealthRequest& req = {}) {", files["default_api.hpp"])

    def test_recursion_through_an_array(self) -> None:
        spec = self.build(
            schemas(
                """
                Node:
                  type: object
                  required: [name]
                  properties:
                    name: {type: string}
                    children: {type: array, items: {$ref: "#/components/schemas/Node"}}
                """
            )
        )
        self.assertEqual(type_name(self.field(spec, "Node", "children").type), "std::vector<Node>")


class ArizeSpecTest(SpecTestCase):
    def test_the_arize_description(self) -> None:
        from support import REPO, load

        path = REPO / "openapi" / "arize-api-keys.yaml"
        spec = translate.build(load.load(path), path.name)
        self.assertEqual(
            [(a.class_name, a.file_name) for a in spec.apis],
            [("ApiKeysApi", "api_keys_api.hpp"), ("OrganizationsApi", "organizations_api.hpp"), ("SpacesApi", "spaces_api.hpp")],
        )
        self.assertEqual([op.operation_id for op in spec.apis[1].operations], ["organizations_list"])
        self.assertEqual([op.operation_id for op in spec.apis[2].operations], ["spaces_list"])
        self.assertEqual(return_type(spec.apis[2].operations[0]), "SpaceListResponse")
        ops = {op.operation_id: op for op in spec.apis[0].operations}
        self.assertEqual(list(ops), ["list_api_keys", "create_api_key", "delete_api_key", "refresh_api_key"])
        self.assertEqual(return_type(ops["list_api_keys"]), "ApiKeyList")
        self.assertEqual(return_type(ops["create_api_key"]), "ApiKeyCreated")
        self.assertEqual(return_type(ops["delete_api_key"]), "void")
        self.assertEqual(return_type(ops["refresh_api_key"]), "ApiKeyCreated")
        self.assertEqual(type_name(self.field(spec, "ApiKeyCreated", "key").type), "::arize::Secret")
        self.assertEqual(
            [f.name for f in spec.find("ApiKeyCreated").fields],
            [f.name for f in spec.find("ApiKey").fields] + ["key"],
        )
        self.assertEqual([v.name for v in spec.find("SpaceRole").values], ["admin", "member", "read_only"])


def render_models(case: unittest.TestCase, spec: translate.Spec) -> str:
    from support import render

    return models_text(render.generate(spec))




if __name__ == "__main__":
    unittest.main()
