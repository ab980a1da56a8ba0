// The pet store fixture (tests/codegen/fixtures/petstore.yaml), generated at build time into
// namespace petstore: every construct the generator supports, compiled and exercised.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "petstore/all.hpp"
#include "recorder.hpp"

namespace {

using codegen_test::header;
using codegen_test::Query;
using codegen_test::Recorder;
using nlohmann::json;

using Pets = petstore::PetsApi<Recorder&>;

const json page_json = json::parse(R"({
  "pets": [
    {"pet_type": "cat", "id": 1, "name": "Tom", "status": "available", "tags": ["grey"],
     "born_at": "2020-02-29T12:00:00Z", "nickname": null, "indoor": true, "lives": 7,
     "attributes": {"eyes": "green"}, "extra": {"any": [1, "thing"]}, "weight": 4.5,
     "category": {"name": "felines", "children": [{"name": "house cats"}]}},
    {"pet_type": "dog", "id": 2, "name": "Rex", "bark": "loud", "nickname": "Rexy",
     "owner": {"name": "Ann", "class": "premium", "createdAt": "2019-05-01T08:00:00.500000Z",
               "api_token": "s3cret", "contact": {"email": "ann@example.com"}},
     "previous_owner": null},
    {"pet_type": "dog", "id": 3, "name": "Fido", "bark": null,
     "previous_owner": {"name": "Bob", "contact": {"phone": "+1 555", "country_code": "US"}}}
  ],
  "next": null,
  "total": 3
})");

}  // namespace

TEST_CASE("decode -> encode gives back the same JSON") {
  const auto page = arize::decode<petstore::PetPage>(page_json);
  CHECK(arize::encode(page) == page_json);
  CHECK(arize::decode<petstore::PetPage>(arize::encode(page)) == page);
  REQUIRE(page.pets.size() == 3);
  const auto& tom = std::get<petstore::Cat>(page.pets[0].value);
  CHECK(tom.id == std::optional<std::int64_t>(1));
  CHECK(tom.lives == std::optional<std::int32_t>(7));
  CHECK(tom.weight == std::optional<float>(4.5f));
  REQUIRE(tom.category.has_value());
  REQUIRE(tom.category->children.has_value());
  CHECK(tom.category->children->at(0).name == "house cats");  // recursion through an array
  const std::map<std::string, std::string> eyes{{"eyes", "green"}};
  CHECK(tom.attributes == eyes);
  CHECK(tom.extra == std::optional<json>(json{{"any", {1, "thing"}}}));
  const auto& rex = std::get<petstore::Dog>(page.pets[1].value);
  REQUIRE(rex.owner.has_value());
  REQUIRE(rex.owner->has_value());
  const petstore::Owner& ann = rex.owner->value();
  CHECK(ann.class_ == std::optional<std::string>("premium"));                // keyword -> class_
  CHECK(ann.created_at == arize::parse_datetime("2019-05-01T08:00:00.5Z"));  // createdAt
  REQUIRE(ann.contact.has_value());
  CHECK(std::holds_alternative<petstore::Email>(ann.contact->value));
  const auto& fido = std::get<petstore::Dog>(page.pets[2].value);
  REQUIRE(fido.previous_owner.has_value());
  REQUIRE(fido.previous_owner->value().contact.has_value());
  CHECK(std::holds_alternative<petstore::Phone>(fido.previous_owner->value().contact->value));
}

TEST_CASE("absent, null and a value are three different things") {
  const auto page = arize::decode<petstore::PetPage>(page_json);
  const auto& tom = std::get<petstore::Cat>(page.pets[0].value);
  const auto& rex = std::get<petstore::Dog>(page.pets[1].value);
  const auto& fido = std::get<petstore::Dog>(page.pets[2].value);
  // 3.1 form: type: [string, "null"]
  REQUIRE(tom.nickname.has_value());
  CHECK(tom.nickname->is_null());                               // null
  CHECK(rex.nickname == arize::Nullable<std::string>("Rexy"));  // value
  CHECK_FALSE(fido.nickname.has_value());                       // absent
  // 3.0 form: nullable: true (required here: null or a value, never absent)
  CHECK(page.next.is_null());
  CHECK(fido.bark.is_null());
  CHECK(rex.bark == arize::Nullable<arize::Open<petstore::DogBark>>(petstore::DogBark::loud));
  // $ref + nullable, and oneOf [$ref, null]
  CHECK_FALSE(tom.owner.has_value());
  CHECK(rex.previous_owner.has_value());
  CHECK(rex.previous_owner->is_null());

  json missing = page_json;
  missing.erase("next");  // required, even though nullable
  CHECK_THROWS_WITH_AS((void)arize::decode<petstore::PetPage>(missing),
                       doctest::Contains("next: missing required field"), arize::DecodeError);
  json null_name = page_json;
  null_name["pets"][0]["name"] = nullptr;  // not nullable
  CHECK_THROWS_AS((void)arize::decode<petstore::PetPage>(null_name), arize::DecodeError);

  // encoding: absent is omitted, null is written
  const petstore::PetPatch patch{.nickname = arize::null};
  CHECK(arize::encode(patch) == json{{"nickname", nullptr}});
  CHECK(arize::encode(petstore::PetPatch{}) == json::object());
  CHECK(arize::encode(petstore::PetPatch{.nickname = std::string("Tommy")}) ==
        json{{"nickname", "Tommy"}});
}

TEST_CASE("unknown enum values are kept on a round trip") {
  json j = page_json;
  j["pets"][0]["status"] = "fostered";
  j["pets"][1]["bark"] = "howl";
  const auto page = arize::decode<petstore::PetPage>(j);
  const auto& tom = std::get<petstore::Cat>(page.pets[0].value);
  REQUIRE(tom.status.has_value());
  CHECK_FALSE(tom.status->is_known());
  CHECK(tom.status->wire() == "fostered");
  CHECK(arize::encode(page) == j);
  // known values with '-' in them: on-hold -> on_hold
  CHECK(arize::to_wire(petstore::PetStatus::on_hold) == "on-hold");
}

TEST_CASE("DecodeError names the path of the offending value") {
  auto path_of = [](const json& j) -> std::string {
    try {
      (void)arize::decode<petstore::PetPage>(j);
    } catch (const arize::DecodeError& e) {
      return e.path();
    }
    return "<no error>";
  };
  json j = page_json;
  j["pets"][1]["born_at"] = "not a date";
  CHECK(path_of(j) == "pets[1].born_at");
  j = page_json;
  j["pets"][0]["category"]["children"][0]["name"] = 5;
  CHECK(path_of(j) == "pets[0].category.children[0].name");
  j = page_json;
  j["pets"][0]["lives"] = 3000000000;  // int32
  CHECK(path_of(j) == "pets[0].lives");
  j = page_json;
  j["pets"][0]["pet_type"] = "parrot";  // unknown discriminator value
  CHECK(path_of(j) == "pets[0].pet_type");
  j = page_json;
  j["pets"][0].erase("pet_type");
  CHECK(path_of(j) == "pets[0].pet_type");
  j = page_json;
  j["pets"][0]["attributes"]["eyes"] = 1;
  CHECK(path_of(j) == "pets[0].attributes.eyes");
}

TEST_CASE("oneOf without a discriminator needs exactly one match; anyOf takes the first") {
  CHECK(std::holds_alternative<petstore::Email>(
      arize::decode<petstore::Contact>(json{{"email", "a@b.c"}}).value));
  CHECK(std::holds_alternative<petstore::Phone>(
      arize::decode<petstore::Contact>(json{{"phone", "1"}}).value));
  CHECK_THROWS_WITH_AS(
      (void)arize::decode<petstore::Contact>(json{{"email", "a@b.c"}, {"phone", "1"}}),
      doctest::Contains("more than one oneOf alternative of Contact: Email, Phone"),
      arize::DecodeError);
  CHECK_THROWS_WITH_AS((void)arize::decode<petstore::Contact>(json{{"fax", "1"}}),
                       doctest::Contains("none of the oneOf alternatives of Contact"),
                       arize::DecodeError);
  CHECK_THROWS_AS((void)arize::decode<petstore::Contact>(json("a@b.c")), arize::DecodeError);

  const auto job = arize::decode<petstore::Job>(json{{"job_id", "j1"}, {"progress", 40}});
  REQUIRE(job.progress.has_value());
  CHECK(std::get<std::int64_t>(job.progress->value) == 40);
  const auto job2 = arize::decode<petstore::Job>(json{{"job_id", "j1"}, {"progress", "queued"}});
  CHECK(std::get<std::string>(job2.progress->value) == "queued");
  CHECK(arize::encode(job2) == json{{"job_id", "j1"}, {"progress", "queued"}});
  CHECK_THROWS_AS((void)arize::decode<petstore::Job>(json{{"job_id", "j1"}, {"progress", true}}),
                  arize::DecodeError);
}

TEST_CASE("read-only members are decoded and printed, never sent") {
  const petstore::Pet pet{petstore::Cat{.id = 7, .name = "Tom", .pet_type = "cat"}};
  CHECK(arize::encode(pet) == json{{"id", 7}, {"name", "Tom"}, {"pet_type", "cat"}});
  const auto r = Pets::build_create_pet({.idempotency_key = "key-12345678", .body = pet});
  REQUIRE(r.body.has_value());
  CHECK(json::parse(*r.body) == json{{"name", "Tom"}, {"pet_type", "cat"}});
  // a read-only member that is required in responses must be there
  CHECK_THROWS_WITH_AS(
      (void)arize::decode<petstore::Cat>(json{{"name", "Tom"}, {"pet_type", "cat"}}),
      doctest::Contains("id: missing required field"), arize::DecodeError);
}

TEST_CASE("secrets are redacted when a model is printed") {
  const petstore::Owner owner{.name = "Ann", .api_token = arize::Secret("s3cret")};
  std::ostringstream os;
  os << owner;
  CHECK(os.str().find("s3cret") == std::string::npos);
  CHECK(os.str().find("[REDACTED]") != std::string::npos);
  CHECK(arize::encode(owner)["api_token"] == "s3cret");
}

TEST_CASE("list_pets: query and header parameters, exactly") {
  const auto r = Pets::build_list_pets({.limit = 5,
                                        .status = petstore::PetStatus::on_hold,
                                        .tags = std::vector<std::string>{"a b", "c"},
                                        .ids = std::vector<std::int64_t>{1, 2, 3},
                                        .born_after = arize::parse_datetime("2020-01-01T00:00:00Z"),
                                        .include_adopted = false,
                                        .sort = petstore::ListPetsSort::born_at,
                                        .x_request_id = "rid-1"});
  CHECK(r.method == "GET");
  CHECK(r.path == "/pets");
  CHECK(r.query == Query{{"limit", "5"},
                         {"status", "on-hold"},
                         {"tags", "a b"},
                         {"tags", "c"},
                         {"ids", "1,2,3"},
                         {"born_after", "2020-01-01T00:00:00Z"},
                         {"include_adopted", "false"},
                         {"sort", "-born_at"}});
  CHECK(header(r, "X-Request-Id") == "rid-1");
  CHECK(header(r, "Accept") == "application/json");
  CHECK_FALSE(r.body.has_value());
  CHECK(r.operation_id == "listPets");
  CHECK(r.idempotent);
  CHECK(Pets::build_list_pets({}).query.empty());
  CHECK(header(Pets::build_list_pets({}), "X-Request-Id") == "<absent>");
}

TEST_CASE("create_pet: required header, body, two success codes with different schemas") {
  Recorder rec;
  Pets api(rec);
  const petstore::Pet dog{petstore::Dog{.name = "Rex", .pet_type = "dog", .bark = arize::null}};
  const auto r = Pets::build_create_pet({.idempotency_key = "key-12345678", .body = dog});
  CHECK(r.method == "POST");
  CHECK(r.path == "/pets");
  CHECK(header(r, "Idempotency-Key") == "key-12345678");
  CHECK(header(r, "Content-Type") == "application/json");
  CHECK(r.body == std::optional<std::string>(R"({"bark":null,"name":"Rex","pet_type":"dog"})"));
  CHECK(r.idempotent);  // x-idempotent: true

  rec.next = {.status = 201,
              .headers = {},
              .body = R"({"pet_type":"dog","id":9,"name":"Rex","bark":null})"};
  const std::variant<petstore::Pet, petstore::Job> created =
      api.create_pet({.idempotency_key = "key-12345678", .body = dog});
  REQUIRE(created.index() == 0);
  CHECK(std::get<petstore::Dog>(std::get<0>(created).value).id == std::optional<std::int64_t>(9));
  rec.next = {.status = 202, .headers = {}, .body = R"({"job_id":"j1"})"};
  const auto accepted = api.create_pet({.idempotency_key = "key-12345678", .body = dog});
  REQUIRE(accepted.index() == 1);
  CHECK(std::get<1>(accepted).job_id == "j1");
  rec.next = {.status = 422, .headers = {}, .body = R"({"title":"bad"})"};
  CHECK_THROWS_AS((void)api.create_pet({.idempotency_key = "key-12345678", .body = dog}),
                  arize::UnprocessableEntityError);
}

TEST_CASE("validation runs before anything is sent, and names the value") {
  Recorder rec;
  Pets api(rec);
  auto path_of = [&](auto&& call) -> std::string {
    try {
      call();
    } catch (const arize::ValidationError& e) {
      return e.path();
    }
    return "<no error>";
  };
  auto create = [&](petstore::Cat cat, std::string key = "key-12345678") {
    return [&api, cat, key] {
      (void)api.create_pet({.idempotency_key = key, .body = petstore::Pet{cat}});
    };
  };
  CHECK(path_of(create({.name = "", .pet_type = "cat"})) == "body.name");
  CHECK(path_of(create({.name = "Tom",
                        .pet_type = "cat",
                        .tags = std::vector<std::string>{"a", "b", "c", "d", "e", "f"}})) ==
        "body.tags");
  CHECK(path_of(create({.name = "Tom",
                        .pet_type = "cat",
                        .tags = std::vector<std::string>{"ok", "far too long"}})) ==
        "body.tags[1]");
  CHECK(path_of(create({.name = "Tom", .pet_type = "cat", .weight = 0.0f})) ==
        "body.weight");  // exclusive
  CHECK(path_of(create({.name = "Tom", .pet_type = "cat", .rating = 5.0})) ==
        "body.rating");  // 3.1 exclusive
  CHECK(path_of(create({.name = "Tom", .pet_type = "cat", .lives = 10})) == "body.lives");
  CHECK(path_of(
            create({.name = "Tom", .pet_type = "cat", .owner = petstore::Owner{.name = "ann"}})) ==
        "body.owner.name");  // pattern ^[A-Z], through Nullable
  CHECK(path_of(create({.name = "Tom", .pet_type = "cat"}, "short")) == "Idempotency-Key");
  // the discriminator must agree with the alternative
  CHECK(path_of(create({.name = "Tom", .pet_type = "dog"})) == "body.pet_type");
  CHECK(path_of([&] { (void)api.get_pet({.pet_id = 0}); }) == "petId");
  CHECK(path_of([&] {
          (void)api.put_photo({.pet_id = "1", .photo_name = std::string(21, 'x')});
        }) == "photo name");
  CHECK(rec.sent.empty());
  rec.next = {.status = 202, .headers = {}, .body = R"({"job_id":"j2"})"};
  CHECK(path_of(create(
            {.name = "Tom", .pet_type = "cat", .weight = 0.5f, .rating = 4.9, .lives = 9})) ==
        "<no error>");
  CHECK(rec.sent.size() == 1);
}

TEST_CASE("get, update and delete: path parameters, optional bodies, optional results") {
  Recorder rec;
  Pets api(rec);
  const auto g = Pets::build_get_pet({.pet_id = 42});
  CHECK(g.method == "GET");
  CHECK(g.path == "/pets/42");
  CHECK(g.operation_id == "getPet");

  const auto u0 = Pets::build_update_pet({.pet_id = 42});
  CHECK(u0.method == "PATCH");
  CHECK_FALSE(u0.body.has_value());
  CHECK(header(u0, "Content-Type") == "<absent>");
  CHECK_FALSE(u0.idempotent);
  const auto u1 =
      Pets::build_update_pet({.pet_id = 42, .body = petstore::PetPatch{.nickname = arize::null}});
  CHECK(u1.body == std::optional<std::string>(R"({"nickname":null})"));
  CHECK(header(u1, "Content-Type") == "application/merge-patch+json");

  rec.next = {.status = 204, .headers = {}, .body = ""};
  CHECK_FALSE(api.update_pet({.pet_id = 42}).has_value());
  rec.next = {.status = 200, .headers = {}, .body = R"({"pet_type":"cat","id":42,"name":"Tom"})"};
  const std::optional<petstore::Pet> updated = api.update_pet({.pet_id = 42});
  REQUIRE(updated.has_value());
  CHECK(std::get<petstore::Cat>(updated->value).name == "Tom");

  const auto d = Pets::build_delete_pet({.pet_id = 42});
  CHECK(d.method == "DELETE");
  CHECK(d.path == "/pets/42");
  CHECK(d.idempotent);
  rec.next = {.status = 204, .headers = {}, .body = ""};
  CHECK_NOTHROW(api.delete_pet({.pet_id = 42}));
  rec.next = {.status = 404, .headers = {}, .body = ""};
  CHECK_THROWS_AS(api.delete_pet({.pet_id = 42}), arize::NotFoundError);
}

TEST_CASE("put_photo: two path parameters, a free-form body, a 2XX range") {
  Recorder rec;
  Pets api(rec);
  const auto r =
      Pets::build_put_photo({.pet_id = "a/b", .photo_name = "my cat.png", .body = json{{"k", 1}}});
  CHECK(r.method == "PUT");
  CHECK(r.path == "/pets/a%2Fb/photos/my%20cat.png");
  CHECK(r.body == std::optional<std::string>(R"({"k":1})"));
  rec.next = {.status = 207, .headers = {}, .body = R"({"url":"https://x/y.png"})"};
  CHECK(api.put_photo({.pet_id = "1", .photo_name = "p"}).url == "https://x/y.png");
  rec.next = {.status = 300, .headers = {}, .body = ""};
  CHECK_THROWS_AS((void)api.put_photo({.pet_id = "1", .photo_name = "p"}), arize::ApiError);
}

TEST_CASE("other tags and untagged operations get their own classes") {
  Recorder rec;
  petstore::StoreApi<Recorder&> store(rec);
  rec.next = {.status = 200, .headers = {}, .body = R"({"available":3,"adopted":1})"};
  const std::map<std::string, std::int32_t> inventory = store.get_inventory();
  CHECK(inventory == std::map<std::string, std::int32_t>{{"adopted", 1}, {"available", 3}});
  CHECK(rec.sent.back().path == "/store/inventory");

  petstore::DefaultApi<Recorder&> other(rec);
  rec.next = {.status = 200, .headers = {}, .body = R"([1,"two"])"};
  CHECK(other.health() == json{1, "two"});
  CHECK(rec.sent.back().operation_id == "health");

  // a transport held by value works too
  petstore::DefaultApi<Recorder> owned(Recorder{});
  owned.transport().next = {.status = 200, .headers = {}, .body = "{}"};
  CHECK(owned.health() == json::object());
  CHECK(owned.transport().sent.size() == 1);
}
