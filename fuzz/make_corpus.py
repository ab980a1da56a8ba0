#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (fuzz/corpus/<target>/) from the examples of
openapi/arize-api-keys.yaml. Run it again after the spec's examples change; the files are
committed. Usage: fuzz/make_corpus.py"""
import json
import pathlib
import shutil

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
SPEC = yaml.safe_load((ROOT / "openapi" / "arize-api-keys.yaml").read_text())
OPS = SPEC["paths"]
CORPUS = ROOT / "fuzz" / "corpus"
ADMIN = "ak-fuzz-admin-key-0000000000000000000000"  # fuzz_emulator_request.cpp
MEMBER = "ak-fuzz-member-key-000000000000000000000"


def dump(value):
    return json.dumps(value, indent=1, sort_keys=False).encode()


list_example = OPS["/v2/api-keys"]["get"]["responses"]["200"]["content"]["application/json"]["example"]
create_examples = OPS["/v2/api-keys"]["post"]["requestBody"]["content"]["application/json"]["examples"]
refresh_example = OPS["/v2/api-keys/{api_key_id}/refresh"]["post"]["requestBody"]["content"][
    "application/json"]["example"]
key_id = SPEC["components"]["schemas"]["Id"]["example"]
key = list_example["api_keys"][0]
created = dict(key, key="ak-" + "x" * 40)
service_created = dict(list_example["api_keys"][1], key="ak-" + "y" * 40)
last_page = {"api_keys": list_example["api_keys"][:1], "pagination": {"has_more": False}}
# Date-times at the edges of RFC 3339's years 0000-9999 (offsets may cross them).
edges = dict(created, created_at="0000-01-01T00:00:00Z", expires_at="9999-12-31T23:59:59.999999Z",
             last_used_at="2024-02-29T23:59:59+23:59")
problem = {"type": "about:blank", "title": "Bad Request", "status": 400,
           "detail": "`name` is required", "instance": "urn:arize-emulator:request:1"}

seeds = {
    "fuzz_decode_list": [dump(list_example), dump(last_page),
                         dump({"api_keys": [], "pagination": {"has_more": False}})],
    "fuzz_decode_create": [dump(created), dump(service_created), dump(edges)],
    "fuzz_decode_refresh": [dump(created), dump(dict(created, expires_at=refresh_example["expires_at"])),
                            dump(edges)],
    # Two bytes of status (here 400 and 503 once 100 is added), then the body.
    "fuzz_decode_problem": [bytes([1, 44]) + dump(problem),
                            bytes([1, 147]) + dump(dict(problem, status=503, title="Service Unavailable"))],
}

# API revision 2026-07: a list page, a user key and a service key with its bot user, created.
july_key = dict(key, key_type="USER", status="ACTIVE")
july_page = {"api_keys": [july_key, dict(july_key, id="QXBp1002", key_type="SERVICE")],
             "pagination": {"has_more": True, "next_cursor": key_id}}
july_user = dict(july_key, key="ak-" + "x" * 40)
july_service = dict(july_key, key_type="SERVICE", key="ak-" + "y" * 40, bot_user={
    "id": "VXNlcjo5", "name": "svc-bot",
    "account_role": {"type": "PREDEFINED", "name": "MEMBER"},
    "organizations": [{"org_id": "T3JnYW5pemF0aW9uOjE=",
                       "role": {"type": "PREDEFINED", "name": "READ_ONLY"},
                       "spaces": [{"space_id": "U3BhY2U6MQ==",
                                   "role": {"type": "CUSTOM", "id": "Um9sZTox", "name": "auditor"}}]}]})
# fuzz_decode_differential: one byte picks the model (its switch), then the body.
seeds["fuzz_decode_differential"] = [
    bytes([0]) + dump(list_example), bytes([1]) + dump(created), bytes([1]) + dump(edges),
    bytes([2]) + dump(july_page), bytes([3]) + dump(july_user), bytes([3]) + dump(july_service),
    bytes([4]) + dump(july_user), bytes([5]) + dump(problem),
]


def request(method, target, token, body=None, july=False):
    text = f"{method}\n{target}\n"
    if july:  # fuzz_emulator_request.cpp: serve API revision 2026-07
        text += "X-Fuzz-Revision: 2026-07\n"
    if token:
        text += f"Authorization: Bearer {token}\n"
    text += "Content-Type: application/json\n\n" if body is not None else "\n"
    return text.encode() + (json.dumps(body).encode() if body is not None else b"")


user, service = create_examples["user"]["value"], create_examples["service"]["value"]
service = dict(service, space_id="U3BhY2U6MQ==")  # a space the emulator seeds
seeds["fuzz_emulator_request"] = [
    request("GET", "/v2/api-keys", ADMIN),
    request("GET", "/v2/api-keys?key_type=service&status=active&space_id=U3BhY2U6MQ%3D%3D&limit=50",
            MEMBER),
    request("GET", "/v2/api-keys?user_id=VXNlcjoy&limit=10&cursor=" + key_id, ADMIN),
    request("POST", "/v2/api-keys", ADMIN, user),
    request("POST", "/v2/api-keys", MEMBER, service),
    request("POST", "/v2/api-keys", ADMIN, dict(service, roles={"space_role": "admin",
                                                                "org_role": "read-only",
                                                                "account_role": "member"})),
    request("DELETE", "/v2/api-keys/QXBpS2V5OjE%2B", ADMIN),
    request("POST", "/v2/api-keys/QXBpS2V5OjE%2B/refresh", ADMIN, refresh_example),
    request("POST", "/v2/api-keys/QXBpS2V5OjI%2F/refresh", MEMBER),
    request("POST", "/v2/api-keys", ADMIN, dict(user, expires_at=edges["expires_at"])),
    # A caller may put a token into its own data; it comes back as that data (CI's finding).
    request("POST", "/v2/api-keys", ADMIN, dict(user, name="CI " + MEMBER)),
    # A number past double's range: nlohmann's out_of_range, once a 500 (a fuzzer's finding).
    request("POST", "/v2/api-keys", ADMIN, {})[:-2] + b'{"name": "n", "extra": 2e308}',
    # API revision 2026-07 (the emulator's seeded organizations and spaces).
    request("POST", "/v2/api-keys", ADMIN, {"key_type": "USER", "name": "u"}, july=True),
    request("POST", "/v2/api-keys", MEMBER, {
        "key_type": "SERVICE", "name": "svc", "expires_at": "2030-01-01T00:00:00Z",
        "account_role": {"type": "PREDEFINED", "name": "MEMBER"},
        "organizations": [
            {"org_id": "T3JnYW5pemF0aW9uOjE=", "role": {"type": "PREDEFINED", "name": "READ_ONLY"},
             "spaces": [{"space_id": "U3BhY2U6MQ==", "role": {"type": "PREDEFINED", "name": "MEMBER"}},
                        {"space_id": "U3BhY2U6Mg==", "role": {"type": "CUSTOM", "id": "Um9sZTox"}}]},
            {"org_id": "T3JnYW5pemF0aW9uOjI=", "spaces": [{"space_id": "U3BhY2U6NA=="}]}]},
        july=True),
    request("PUT", "/v2/api-keys/QXBpS2V5OjE%2B/revoke", ADMIN, july=True),
    request("POST", "/v2/api-keys/QXBpS2V5OjE%2B/refresh", ADMIN,
            {"expires_at": "2030-01-01T00:00:00Z", "grace_period_seconds": 60}, july=True),
    request("GET", "/v2/api-keys?key_type=SERVICE&status=REVOKED&space_id=U3BhY2U6MQ%3D%3D&limit=100",
            MEMBER, july=True),
    request("GET", "/v2/spaces?org_id=T3JnYW5pemF0aW9uOjI%3D&name=PROD&limit=1", MEMBER, july=True),
    request("GET", "/v2/organizations?name=lab&limit=1&cursor=" + key_id, ADMIN),
]

for target, inputs in seeds.items():
    folder = CORPUS / target
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for number, data in enumerate(inputs, 1):
        (folder / f"seed-{number}").write_bytes(data)
    print(f"{folder.relative_to(ROOT)}: {len(inputs)} seeds")
