"""Tests of the arize-keys CLI as a process against the arize-emulator process (loopback).

Run by CTest (cli.unit) with ARIZE_KEYS_BIN and ARIZE_EMULATOR_BIN set to the built executables.
Exit codes under test: 0 ok, 2 usage, 3 API error, 4 network error, 5 invalid response,
6 standard output not written.
HostileTest runs the CLI against a scripted server of its own (issue 11: forged terminal output,
an echoed token, unwritable date-times, endless empty pages); SlowServerTest against a server
that trickles or never ends its answer (issue 21: --max-time).
"""

import http.server
import json
import os
import socket
import subprocess
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from emulator_process import Emulator, client_env  # noqa: E402

KEYS = os.environ.get("ARIZE_KEYS_BIN", "")
EMULATOR = os.environ.get("ARIZE_EMULATOR_BIN", "")
ADMIN_KEY = "ak-cli-test-admin-0123456789abcdefghij"
MEMBER_KEY = "ak-cli-test-member-0123456789abcdefghi"
SPACE1 = "U3BhY2U6MQ=="
TIMEOUT = 30  # seconds, per CLI run


def dead_port():
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@unittest.skipUnless(KEYS and EMULATOR, "ARIZE_KEYS_BIN and ARIZE_EMULATOR_BIN must be set")
class CliTest(unittest.TestCase):
    """Against an emulator of the current revision (the CLI's default); CliTest0626 runs every
    test again against one of 2026-06, the CLI told so by ARIZE_API_REVISION."""
    REVISION = "2026-07"

    @classmethod
    def setUpClass(cls):
        cls.emulator = Emulator(EMULATOR, ADMIN_KEY, MEMBER_KEY, api_revision=cls.REVISION)

    @classmethod
    def tearDownClass(cls):
        cls.emulator.close()

    def run_cli(self, *args, key=ADMIN_KEY, url=None, env_extra=None):
        env = client_env(url or self.emulator.url, key)
        env["ARIZE_NO_ALPHA_WARNING"] = "1"
        env["ARIZE_API_REVISION"] = self.REVISION
        env.update(env_extra or {})
        return subprocess.run([KEYS, *args], env=env, capture_output=True, text=True,
                              timeout=TIMEOUT, check=False)

    def ok(self, *args, **kw):
        r = self.run_cli(*args, **kw)
        self.assertEqual(r.returncode, 0, f"{args}: {r.stderr}")
        return r

    def create_json(self, *args, **kw):
        return json.loads(self.ok(*args, "--output", "json", **kw).stdout)

    # --- help and usage -------------------------------------------------------------------

    def test_help_on_every_subcommand(self):
        r = self.ok("--help", key=None)
        for sub in ("list", "create", "create-service", "delete", "refresh"):
            self.assertIn(sub, r.stdout)
        for sub in ("list", "create", "create-service", "delete", "revoke", "refresh"):
            with self.subTest(sub=sub):
                r = self.ok(sub, "--help", key=None)
                self.assertIn("--help", r.stdout)
                # Each subcommand's usage names it (revoke was "Usage: arize-keys delete").
                self.assertRegex(r.stdout, rf"Usage: \S*arize-keys {sub}\b")
        # The exit codes are in the program's help.
        self.assertIn("Exit codes: 0 ok", self.ok("--help", key=None).stdout)

    def test_usage_errors_exit_2(self):
        cases = [
            (),                                          # no subcommand
            ("frobnicate",),                             # unknown subcommand
            ("create",),                                 # --name missing
            ("create-service", "--name", "x"),           # --space-id missing
            ("list", "--key-type", "robot"),             # not an enum value
            ("list", "--limit", "many"),                 # not a number
            ("list", "--limit", "0"),                    # below the spec's minimum (client-side)
            ("list", "--limit", "101"),                  # above the spec's maximum
            ("create", "--name", "x", "--expires-at", "next tuesday"),
            ("refresh", "some-id", "--grace-period", "86401"),
            ("delete",),                                 # id missing
        ]
        for args in cases:
            with self.subTest(args=args):
                r = self.run_cli(*args)
                self.assertEqual(r.returncode, 2, f"{args}: {r.stdout}{r.stderr}")

    def test_missing_api_key_is_a_usage_error(self):
        r = self.run_cli("list", key=None)
        self.assertEqual(r.returncode, 2)
        # Named for a shell user: the flag and the variable, not the C++ option.
        self.assertIn("no API key: pass --api-key or set ARIZE_API_KEY", r.stderr)
        self.assertNotIn("ClientOptions", r.stderr)

    def test_the_stage_notice_names_the_variable_not_the_cxx_option(self):
        r = self.run_cli("list", "--limit", "1", env_extra={"ARIZE_NO_ALPHA_WARNING": "0"})
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stderr, r"is in (ALPHA|BETA)")
        self.assertIn("silence with ARIZE_NO_ALPHA_WARNING=1", r.stderr)
        self.assertNotIn("ClientOptions", r.stderr)

    def test_service_keys_without_a_space_get_a_hint(self):
        r = self.ok("list", "--key-type", "service")
        self.assertIn("service keys are listed per space: add --space-id", r.stderr)
        r = self.ok("list", "--key-type", "service", "--space-id", SPACE1)
        self.assertNotIn("note:", r.stderr)
        self.assertNotIn("note:", self.ok("list").stderr)

    def test_an_empty_api_key_is_refused_not_replaced(self):
        # --api-key "" (a vault lookup that returned nothing) never falls back to the
        # environment's identity; neither does an empty ARIZE_API_KEY.
        r = self.run_cli("--api-key", "", "list")
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn("--api-key is empty", r.stderr)
        self.assertEqual(r.stdout, "")
        r = self.run_cli("list", key="")
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn("ARIZE_API_KEY is set but empty", r.stderr)
        self.ok("--api-key", ADMIN_KEY, "list", key="")  # an explicit key needs no environment

    def test_absurd_durations_are_usage_errors(self):
        for flag in ("--timeout", "--max-time", "--connect-timeout"):
            for value in ("nan", "inf", "-inf", "1e300", "1e16", "86401", "0", "-1", "", "2s"):
                with self.subTest(flag=flag, value=value):
                    r = self.run_cli(flag, value, "list")
                    self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
                    self.assertIn(flag, r.stderr)
                    self.assertIn("at most 86400", r.stderr)
            for value in ("86400", "2.5"):  # the upper bound and fractions are accepted
                with self.subTest(flag=flag, value=value):
                    self.ok(flag, value, "list", "--limit", "1")
            # A tiny duration is accepted and rounded up to 1 ms, never to 0 (which the client
            # would refuse as a configuration error, exit 2): against a dead port, exit 4.
            with self.subTest(flag=flag, value="0.0001"):
                r = self.run_cli(flag, "0.0001", "list", url=f"http://127.0.0.1:{dead_port()}")
                self.assertEqual(r.returncode, 4, r.stderr)

    # --- API and network errors -------------------------------------------------------------

    def test_api_error_prints_problem_and_never_the_token(self):
        token = "ak-wrong-token-must-not-leak-0123456789"
        r = self.run_cli("list", key=token)
        self.assertEqual(r.returncode, 3)
        self.assertIn("HTTP 401", r.stderr)
        self.assertIn("detail:", r.stderr)
        self.assertNotIn(token, r.stdout + r.stderr)
        r = self.run_cli("--api-key", token, "delete", "nope")
        self.assertEqual(r.returncode, 3)
        self.assertNotIn(token, r.stdout + r.stderr)

    def test_not_found_and_forbidden(self):
        r = self.run_cli("delete", "QXBpS2V5Ojk5OTk=")
        self.assertEqual(r.returncode, 3)
        self.assertIn("HTTP 404", r.stderr)
        self.assertIn("detail:", r.stderr)
        r = self.run_cli("list", "--user-id", "anyone", key=MEMBER_KEY)
        self.assertEqual(r.returncode, 3)
        self.assertIn("HTTP 403", r.stderr)
        self.assertNotIn(MEMBER_KEY, r.stdout + r.stderr)

    def test_role_above_callers_is_422(self):
        r = self.run_cli("create-service", "--name", "too-strong", "--space-id", SPACE1,
                         "--account-role", "admin", key=MEMBER_KEY)
        self.assertEqual(r.returncode, 3, r.stderr)
        # 400 in API revision 2026-06 (SDK 8.31); 422 in 2026-07.
        self.assertIn("HTTP 400" if self.REVISION == "2026-06" else "HTTP 422", r.stderr)

    def test_network_error_exit_4(self):
        r = self.run_cli("--timeout", "5", "list", url=f"http://127.0.0.1:{dead_port()}")
        self.assertEqual(r.returncode, 4, r.stderr)
        self.assertIn("could not connect", r.stderr)
        # The library's default policy: four attempts, and the error says so.
        self.assertRegex(r.stderr, r"\(4 attempts over \d+\.\d s\)")
        self.assertNotIn(ADMIN_KEY, r.stdout + r.stderr)

    def test_proxy_options(self):
        # A dead proxy is a network error that names the proxy (never its password).
        port = dead_port()
        r = self.run_cli("--proxy", f"http://user:hunter2@127.0.0.1:{port}", "list")
        self.assertEqual(r.returncode, 4, r.stderr)
        self.assertIn(f"via proxy http://127.0.0.1:{port}", r.stderr)
        self.assertNotIn("hunter2", r.stdout + r.stderr)
        # A proxy the client cannot speak to is a usage error, password not echoed.
        r = self.run_cli("--proxy", "https://user:hunter2@127.0.0.1:1", "list")
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("only http:// proxies", r.stderr)
        self.assertNotIn("hunter2", r.stdout + r.stderr)
        # The environment is read only with --proxy-from-env; no_proxy exempts loopback.
        env = {"http_proxy": f"http://127.0.0.1:{port}"}
        self.assertEqual(self.run_cli("list", env_extra=env).returncode, 0)
        r = self.run_cli("--proxy-from-env", "list", env_extra=env)
        self.assertEqual(r.returncode, 4, r.stderr)
        self.assertIn("via proxy", r.stderr)
        env["no_proxy"] = "localhost,127.0.0.1"
        self.assertEqual(self.run_cli("--proxy-from-env", "list", env_extra=env).returncode, 0)

    def test_bad_base_url_is_a_usage_error(self):
        r = self.run_cli("list", url="ftp://127.0.0.1:1")
        self.assertEqual(r.returncode, 2)
        self.assertIn("base URL", r.stderr)

    # --- the operations ---------------------------------------------------------------------

    def test_create_prints_the_key_once_with_a_warning(self):
        r = self.ok("create", "--name", "cli-once", "--description", "d")
        key_lines = [l for l in r.stdout.splitlines() if l.startswith("key:")]
        self.assertEqual(len(key_lines), 1)
        self.assertTrue(key_lines[0].split()[-1].startswith("ak-"))
        self.assertIn("Store this key", r.stderr)
        created = self.create_json("create", "--name", "cli-json", "--expires-at",
                                   "2031-01-02T03:04:05Z")
        self.assertEqual(created["name"], "cli-json")
        self.assertEqual(created["key_type"], "user")
        self.assertEqual(created["expires_at"], "2031-01-02T03:04:05Z")
        self.assertTrue(created["key"].startswith("ak-"))

    def test_create_and_refresh_print_the_key_first(self):
        # The raw key is the first line: nothing printed before it can fail and lose it.
        r = self.ok("create", "--name", "cli-key-first")
        first = r.stdout.splitlines()[0]
        self.assertTrue(first.startswith("key:          ak-"), r.stdout)
        key_id = [l for l in r.stdout.splitlines() if l.startswith("id:")][0].split()[-1]
        r = self.ok("refresh", key_id)
        self.assertTrue(r.stdout.splitlines()[0].startswith("key:          ak-"), r.stdout)

    def run_to_dev_full(self, *args):
        """Runs the CLI with its standard output on /dev/full (every write fails)."""
        env = client_env(self.emulator.url, ADMIN_KEY)
        env["ARIZE_NO_ALPHA_WARNING"] = "1"
        env["ARIZE_API_REVISION"] = self.REVISION
        with open("/dev/full", "w", encoding="utf-8") as full:
            return subprocess.run([KEYS, *args], env=env, stdout=full, stderr=subprocess.PIPE,
                                  text=True, timeout=TIMEOUT, check=False)

    def test_a_created_key_that_cannot_be_written_names_its_id(self):
        for output in ("table", "json"):
            with self.subTest(output=output):
                name = f"cli-dev-full-{output}"
                r = self.run_to_dev_full("create", "--name", name, "--output", output)
                self.assertEqual(r.returncode, 6, r.stderr)
                self.assertNotIn("Store this key", r.stderr)
                self.assertNotIn("ak-", r.stderr)  # the key itself is never on stderr
                listed = json.loads(self.ok("list", "--all", "--output", "json").stdout)
                ids = [k["id"] for k in listed["api_keys"] if k["name"] == name]
                self.assertEqual(len(ids), 1, listed)
                self.assertIn(f"revoke it: arize-keys delete {ids[0]}", r.stderr)
        r = self.run_to_dev_full("list")  # any output: a failed write is not a success
        self.assertEqual(r.returncode, 6, r.stderr)
        self.assertIn("standard output could not be written", r.stderr)

    def test_a_created_key_whose_reader_went_away_names_its_id(self):
        # stdout is a pipe whose reader has closed: without SIGPIPE ignored, the process dies
        # of the signal before it can say which key it made.
        env = client_env(self.emulator.url, ADMIN_KEY)
        env["ARIZE_NO_ALPHA_WARNING"] = "1"
        env["ARIZE_API_REVISION"] = self.REVISION
        read_end, write_end = os.pipe()
        os.close(read_end)
        try:
            r = subprocess.run([KEYS, "create", "--name", "cli-closed-pipe"], env=env,
                               stdout=write_end, stderr=subprocess.PIPE, text=True,
                               timeout=TIMEOUT, check=False)
        finally:
            os.close(write_end)
        self.assertEqual(r.returncode, 6, r.stderr)
        self.assertIn("revoke it: arize-keys delete ", r.stderr)
        self.assertNotIn("Store this key", r.stderr)

    def test_list_json_filters_and_all_pages(self):
        for i in range(5):
            self.ok("create", "--name", f"cli-page-{i}")
        page = json.loads(self.ok("list", "--key-type", "user", "--limit", "2",
                                  "--output", "json").stdout)
        self.assertEqual(len(page["api_keys"]), 2)
        self.assertTrue(page["pagination"]["has_more"])
        cursor = page["pagination"]["next_cursor"]
        page2 = json.loads(self.ok("list", "--key-type", "user", "--limit", "2", "--cursor",
                                   cursor, "--output", "json").stdout)
        first_ids = {k["id"] for k in page["api_keys"]}
        self.assertFalse(first_ids & {k["id"] for k in page2["api_keys"]})
        everything = json.loads(self.ok("list", "--all", "--limit", "2", "--output",
                                        "json").stdout)["api_keys"]
        names = [k["name"] for k in everything]
        for i in range(5):
            self.assertIn(f"cli-page-{i}", names)
        self.assertEqual(len(names), len({k["id"] for k in everything}))
        for key in everything:
            self.assertNotIn("key", key)  # the raw key is never listed
        table = self.ok("list", "--all", "--limit", "2").stdout
        self.assertIn("cli-page-4", table)

    def test_service_key_with_roles_then_revoke(self):
        created = self.create_json("create-service", "--name", "cli-svc", "--space-id", SPACE1,
                                   "--space-role", "member", "--org-role", "read-only",
                                   "--account-role", "member", "--expires-at",
                                   "2030-01-01T00:00:00Z")
        self.assertEqual(created["key_type"], "service")
        listed = json.loads(self.ok("list", "--space-id", SPACE1, "--output", "json").stdout)
        self.assertIn(created["id"], [k["id"] for k in listed["api_keys"]])
        r = self.ok("revoke", created["id"])
        self.assertEqual(r.stdout, f"revoked {created['id']}\n")
        deleted = json.loads(self.ok("list", "--space-id", SPACE1, "--status", "deleted",
                                     "--output", "json").stdout)
        self.assertIn(created["id"], [k["id"] for k in deleted["api_keys"]])
        # Deleting twice: 404 in 2026-06; revoking a revoked key is 204 in 2026-07.
        r = self.run_cli("delete", created["id"])
        self.assertEqual(r.returncode, 3 if self.REVISION == "2026-06" else 0, r.stderr)

    def test_refresh_with_grace_period_keeps_both_keys_working(self):
        old = self.create_json("create", "--name", "cli-rotate")
        new = self.create_json("refresh", old["id"], "--grace-period", "600", "--expires-at",
                               "2032-01-01T00:00:00Z")
        self.assertNotEqual(new["id"], old["id"])
        self.assertEqual(new["name"], "cli-rotate")
        self.assertNotEqual(new["key"], old["key"])
        self.ok("list", "--limit", "1", key=old["key"])
        self.ok("list", "--limit", "1", key=new["key"])
        # Without a grace period the replaced key stops at once.
        # (2026-07: the replacement of a key that expires must expire too, no later.)
        newer = self.create_json("refresh", new["id"], "--expires-at", "2032-01-01T00:00:00Z")
        r = self.run_cli("list", key=new["key"])
        self.assertEqual(r.returncode, 3)
        self.assertNotIn(new["key"], r.stdout + r.stderr)
        self.ok("list", key=newer["key"])


    # --- both revisions (issue 17 item 6) -------------------------------------------------

    def other_revision(self):
        return "2026-06" if self.REVISION == "2026-07" else "2026-07"

    def test_api_revision_flag_wins_over_the_variable(self):
        created = self.create_json("create", "--name", "cli-revision-flag")
        wrong = {"ARIZE_API_REVISION": self.other_revision()}
        # The other revision revokes by another route: the emulator does not know it (404).
        r = self.run_cli("delete", created["id"], env_extra=wrong)
        self.assertEqual(r.returncode, 3, r.stderr)
        self.ok("--api-revision", self.REVISION, "delete", created["id"], env_extra=wrong)
        r = self.run_cli("--api-revision", "2026-05", "list")
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("$ARIZE_API_REVISION", self.ok("--help", key=None).stdout)

    def test_status_and_key_type_in_any_case(self):
        created = self.create_json("create", "--name", "cli-any-case")
        self.ok("revoke", created["id"])
        for status in ("REVOKED", "revoked", "Deleted", "deleted"):
            with self.subTest(status=status):
                listed = json.loads(self.ok("list", "--all", "--status", status, "--key-type",
                                            "USER", "--output", "json").stdout)
                self.assertIn(created["id"], [k["id"] for k in listed["api_keys"]])
        for status in ("ACTIVE", "active"):
            listed = json.loads(self.ok("list", "--all", "--status", status, "--key-type",
                                        "User", "--output", "json").stdout)
            self.assertNotIn(created["id"], [k["id"] for k in listed["api_keys"]])
        r = self.run_cli("list", "--status", "gone")
        self.assertEqual(r.returncode, 2, r.stderr)

    def test_create_service_with_space_names_and_roles(self):
        # One space, by name, with its role: both revisions.
        created = self.create_json("create-service", "--name", "cli-one-space", "--space",
                                   "staging:ADMIN")
        self.assertEqual(created["key_type"], "service")
        # The seeds' --space-id takes a name too.
        self.create_json("create-service", "--name", "cli-space-id-name", "--space-id", "staging")
        several = ("create-service", "--name", "cli-two-spaces", "--space", "staging:read-only",
                   "--space", SPACE1 + ":member", "--org", "default")
        custom = ("create-service", "--name", "cli-custom-role", "--space",
                  "staging:custom:Um9sZTox")
        if self.REVISION == "2026-06":
            for args in (several, custom):
                r = self.run_cli(*args)
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertIn("cannot do this", r.stderr)
            return
        two = self.create_json(*several)
        spaces = [sp["space_id"] for org in two["bot_user"]["organizations"]
                  for sp in org["spaces"]]
        self.assertEqual(sorted(spaces), sorted(["U3BhY2U6Mg==", SPACE1]))
        self.create_json(*custom)

    def test_an_organization_narrows_a_space_name(self):
        # "production" names a space of each seeded organization: ambiguous alone; with --org
        # the lookup is made among that organization's spaces (both revisions).
        r = self.run_cli("create-service", "--name", "cli-ambiguous", "--space-id", "production")
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn("several have this name", r.stderr)
        for flag in ("--space-id", "--space"):
            with self.subTest(flag=flag):
                created = self.create_json("create-service", "--name", "cli-narrowed", flag,
                                           "production", "--org", "research-lab")
                if self.REVISION != "2026-06":  # only 2026-07 says where the bot user went
                    spaces = [sp["space_id"] for org in created["bot_user"]["organizations"]
                              for sp in org["spaces"]]
                    self.assertEqual(spaces, ["U3BhY2U6NA=="])  # Space:4, of research-lab

    def test_a_space_the_member_cannot_see_is_an_api_error(self):
        for space in ("restricted", "U3BhY2U6Mw=="):
            with self.subTest(space=space):
                r = self.run_cli("create-service", "--name", "cli-unseen", "--space-id", space,
                                 key=MEMBER_KEY)
                self.assertEqual(r.returncode, 3, r.stderr)
                self.assertNotIn("internal error", r.stderr)
                self.assertNotIn(MEMBER_KEY, r.stderr)

    def test_create_service_needs_a_space(self):
        for args in ((), ("--space-id", SPACE1, "--space", SPACE1)):
            r = self.run_cli("create-service", "--name", "x", *args)
            self.assertEqual(r.returncode, 2, r.stderr)


@unittest.skipUnless(KEYS and EMULATOR, "ARIZE_KEYS_BIN and ARIZE_EMULATOR_BIN must be set")
class RateLimitTest(unittest.TestCase):
    """Against an emulator allowing one request per second (--rate-limit 1): a create right
    after another is answered 429 (a create is not retried by default), and the CLI shows the
    server's Retry-After as a number."""

    def test_a_rate_limited_create_shows_the_wait(self):
        with Emulator(EMULATOR, ADMIN_KEY, MEMBER_KEY, api_revision="2026-07",
                      extra_args=("--rate-limit", "1")) as emulator:
            env = client_env(emulator.url, ADMIN_KEY)
            env["ARIZE_NO_ALPHA_WARNING"] = "1"
            env["ARIZE_API_REVISION"] = "2026-07"
            limited = None
            # One token a second: of two creates in a row, the second is refused (a few tries
            # in case a run is slower than a second, as under a sanitizer on a busy machine).
            for _ in range(4):
                r = subprocess.run([KEYS, "create", "--name", "rl"], env=env, capture_output=True,
                                   text=True, timeout=TIMEOUT, check=False)
                if r.returncode == 3:
                    limited = r
                    break
                self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIsNotNone(limited, "no create was rate limited")
            self.assertIn("HTTP 429", limited.stderr)
            self.assertRegex(limited.stderr, r"(?m)^retry after [1-9]\d* s$")
            self.assertNotIn("Retry-After seconds", limited.stderr)
            self.assertEqual(limited.stdout, "")


def openapi_documents():
    """The API description of each revision: {revision: document}."""
    import yaml  # pylint: disable=import-outside-toplevel
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "openapi")
    docs = {}
    for revision, name in (("2026-06", "arize-api-keys.yaml"),
                           ("2026-07", "arize-api-keys-2026-07.yaml")):
        with open(os.path.join(root, name), encoding="utf-8") as f:
            docs[revision] = yaml.safe_load(f)
    return docs


def schema_bounds(node, name, found=None):
    """(min, max) of every schema of a property or parameter called `name` in `node`."""
    found = set() if found is None else found
    if isinstance(node, dict):
        schemas = []
        if node.get("name") == name and isinstance(node.get("schema"), dict):
            schemas.append(node["schema"])
        if isinstance(node.get("properties"), dict) and isinstance(
                node["properties"].get(name), dict):
            schemas.append(node["properties"][name])
        for schema in schemas:
            low = schema.get("minimum", schema.get("minLength"))
            high = schema.get("maximum", schema.get("maxLength"))
            if high is not None:
                found.add((low, high))
        for value in node.values():
            schema_bounds(value, name, found)
    elif isinstance(node, list):
        for value in node:
            schema_bounds(value, name, found)
    return found


@unittest.skipUnless(KEYS, "ARIZE_KEYS_BIN must be set")
def api_key(**overrides):
    """A wire ApiKey (ApiKeyCreated with key=...)."""
    key = {"id": "QXBpS2V5OjE=", "name": "n", "description": "d", "key_type": "user",
           "status": "active", "redacted_key": "ak-abc...xyz", "created_at": "2024-01-15T10:30:00Z",
           "created_by_user_id": "VXNlcjox"}
    key.update(overrides)
    return key


class HelpTest(unittest.TestCase):
    """--help states no number or stage of its own: each is checked against the documents."""

    def help(self, *args):
        r = subprocess.run([KEYS, *args, "--help"], capture_output=True, text=True,
                           timeout=TIMEOUT, check=False, env={"PATH": os.environ.get("PATH", "")})
        self.assertEqual(r.returncode, 0, r.stderr)
        return " ".join(r.stdout.split())  # CLI11 wraps lines

    def help_lines(self):
        """The program's --help, unjoined (a subcommand's line is not wrapped)."""
        r = subprocess.run([KEYS, "--help"], capture_output=True, text=True, timeout=TIMEOUT,
                           check=False, env={"PATH": os.environ.get("PATH", "")})
        return r.stdout.splitlines()

    def test_limits_in_help_are_the_documents(self):
        docs = openapi_documents()
        import re  # pylint: disable=import-outside-toplevel
        checks = [  # (subcommand, flag, property or parameter, pattern of the help's bounds)
            ("create", "--name", "name", r"--name TEXT REQUIRED Name \(up to (\d+) "),
            ("create", "--description", "description", r"--description TEXT [^(]*\(up to (\d+) "),
            ("list", "--limit", "limit", r"--limit INT Page size, (\d+)\.\.(\d+) "),
            ("refresh", "--grace-period", "grace_period_seconds",
             r"--grace-period INT [^(]*\((\d+)\.\.(\d+)\)"),
        ]
        for sub, flag, prop, pattern in checks:
            with self.subTest(flag=flag):
                m = re.search(pattern, self.help(sub))
                self.assertIsNotNone(m, f"{sub} {flag}: the help's bounds not found")
                numbers = tuple(int(g) for g in m.groups())
                for revision, doc in docs.items():
                    bounds = schema_bounds(doc, prop)
                    self.assertTrue(bounds, f"{prop} in {revision}")
                    if len(numbers) == 1:
                        self.assertIn(numbers[0], {high for _, high in bounds}, revision)
                    else:
                        self.assertIn(numbers, bounds, revision)
        m = re.search(r"--limit INT Page size, [^(]*\(server default (\d+)\)", self.help("list"))
        self.assertIsNotNone(m, "list --limit: the help's default not found")
        for revision, doc in docs.items():
            params = [doc["paths"]["/v2/api-keys"]["get"]["parameters"],
                      doc.get("components", {}).get("parameters", {}).values()]
            defaults = {p.get("schema", {}).get("default") for group in params for p in group
                        if isinstance(p, dict) and p.get("name") == "limit"}
            self.assertEqual(defaults, {int(m.group(1))}, revision)

    def test_stages_in_help_are_the_documents(self):
        docs = openapi_documents()
        stages = {}
        for revision, doc in docs.items():
            default = doc["info"].get("x-stability", "")
            for item in doc["paths"].values():
                for op in item.values():
                    if isinstance(op, dict) and "operationId" in op:
                        stages[(revision, op["operationId"])] = op.get("x-stability", default)
        ops = {"list": ("list_api_keys", "list_api_keys"),
               "create": ("create_api_key", "create_api_key"),
               "create-service": ("create_api_key", "create_api_key"),
               "delete": ("delete_api_key", "revoke_api_key"),
               "revoke": ("delete_api_key", "revoke_api_key"),
               "refresh": ("refresh_api_key", "refresh_api_key")}
        self.assertNotIn("ALPHA API", self.help())
        for sub, (op06, op07) in ops.items():
            with self.subTest(sub=sub):
                s06 = stages[("2026-06", op06)].upper()
                s07 = stages[("2026-07", op07)].upper()
                note = f"({s07})" if s06 == s07 else f"({s07} in 2026-07, {s06} in 2026-06)"
                lines = [ln for ln in self.help_lines() if ln.strip().startswith(sub + " ")]
                self.assertEqual(len(lines), 1, sub)
                self.assertIn(note, lines[0])


class CliTest0626(CliTest):
    """Every CliTest against an emulator of 2026-06 (the seeds' revision)."""
    REVISION = "2026-06"


class HostileServer:
    """A scripted HTTP/1.1 server on a free loopback port. handler(method, path, headers) returns
    (status, headers, body): body a str (sent as UTF-8) or a JSON-able value; header values are
    sent as Latin-1, so they may hold any byte. `requests` lists (method, path) as received."""

    def __init__(self, handler):
        outer = self
        self.handler = handler
        self.requests = []

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def serve(self):
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                outer.requests.append((self.command, self.path))
                status, headers, body = outer.handler(self.command, self.path, self.headers)
                payload = (body if isinstance(body, str) else json.dumps(body)).encode()
                self.send_response_only(status)
                self.send_header("Content-Type", "application/json")
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_DELETE = serve

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        # shutdown() waits for serve_forever to look at its flag: every 0.05 s, not 0.5 s.
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,),
                                       daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(10)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# Text a hostile server sends to forge terminal output: escape sequences (CSI, OSC), CR/LF,
# C1 controls (U+009B is an 8-bit CSI), DEL, a bidi override and the line separator.
FORGE = "A\x1b[2J\x1b]0;pwned\x07\r\nerror: forged\u009b31m\x7f\u202eB\u2028C"
HOSTILE_TOKEN = "ak-hostile-test-token-0123456789abcdefgh"


def controls_in(data):
    """The terminal control bytes and code points found in `data` (bytes, decoded as UTF-8)."""
    text = data.decode("utf-8", errors="replace")
    return [c for c in text if ord(c) < 0x20 and c != "\n" or 0x7f <= ord(c) <= 0x9f
            or c in "\u202e\u2028\ufffd"]


@unittest.skipUnless(KEYS, "ARIZE_KEYS_BIN must be set")
class HostileTest(unittest.TestCase):
    def run_raw(self, server, *args, key=HOSTILE_TOKEN):
        """Runs the CLI against `server`; stdout and stderr as bytes."""
        env = client_env(server.url, key)
        env["ARIZE_NO_ALPHA_WARNING"] = "1"
        return subprocess.run([KEYS, "--timeout", "10", *args], env=env, capture_output=True,
                              timeout=TIMEOUT, check=False)

    # --- item 6: server text cannot forge terminal output -----------------------------------

    def test_server_text_in_a_table_is_escaped(self):
        evil = api_key(id="id" + FORGE, name="name" + FORGE, key_type="user" + FORGE,
                       status="active" + FORGE, redacted_key="ak-" + FORGE)
        page = {"api_keys": [evil], "pagination": {"has_more": True, "next_cursor": "c" + FORGE}}
        with HostileServer(lambda *_: (200, {}, page)) as server:
            r = self.run_raw(server, "list")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(controls_in(r.stdout), [])
            lines = r.stdout.decode().splitlines()
            self.assertEqual(len(lines), 3, lines)  # header, the key, "more: --cursor ..."
            self.assertIn("\\x1b[2J", lines[1])
            self.assertIn("\\r\\nerror: forged", lines[1])
            self.assertIn("\\u009b31m", lines[1])
            self.assertTrue(lines[2].startswith("more: --cursor cA\\x1b[2J"), lines[2])
            # JSON output is escaped by the JSON encoder and keeps the text exactly.
            r = self.run_raw(server, "list", "--output", "json")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertNotIn(b"\x1b", r.stdout)
            self.assertNotIn(b"\r", r.stdout)
            self.assertEqual(json.loads(r.stdout)["api_keys"][0]["name"], "name" + FORGE)

    def test_created_key_with_hostile_fields_is_escaped(self):
        created = api_key(name="n" + FORGE, description=FORGE, key="ak-RAWKEY0123456789")
        with HostileServer(lambda *_: (201, {}, created)) as server:
            r = self.run_raw(server, "create", "--name", "x")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(controls_in(r.stdout), [])
            self.assertIn(b"key:          ak-RAWKEY0123456789\n", r.stdout)

    def test_a_hostile_raw_key_is_escaped_never_redacted(self):
        # The raw key is the one field shown unredacted: it is escaped all the same, when the
        # answer decodes and when only the key is salvaged from it (a bad created_at).
        raw = "ak-EVIL\x1b[2J\u009b31m\x07end"
        shown = b"key:          ak-EVIL\\x1b[2J\\u009b31m\\x07end\n"
        for created, code in ((api_key(key=raw), 0), (api_key(key=raw, created_at="soon"), 5)):
            with self.subTest(code=code), \
                    HostileServer(lambda *_, c=created: (201, {}, c)) as server:
                r = self.run_raw(server, "create", "--name", "x")
                self.assertEqual(r.returncode, code, r.stderr)
                self.assertEqual(controls_in(r.stdout + r.stderr), [])
                self.assertEqual(r.stdout.splitlines(keepends=True)[0], shown)
                r = self.run_raw(server, "create", "--name", "x", "--output", "json")
                self.assertEqual(r.returncode, code, r.stderr)
                self.assertEqual(controls_in(r.stdout), [])
                self.assertEqual(json.loads(r.stdout)["key"], raw)

    def test_a_salvaged_key_that_cannot_be_written_names_its_id(self):
        created = api_key(key="ak-RAWKEY-lost-0123456789abcdef", created_at="soon")
        with HostileServer(lambda *_: (201, {}, created)) as server:
            env = client_env(server.url, HOSTILE_TOKEN)
            env["ARIZE_NO_ALPHA_WARNING"] = "1"
            with open("/dev/full", "w", encoding="utf-8") as full:
                r = subprocess.run([KEYS, "create", "--name", "x"], env=env, stdout=full,
                                   stderr=subprocess.PIPE, timeout=TIMEOUT, check=False)
            self.assertEqual(r.returncode, 6, r.stderr)
            self.assertIn(b"revoke it: arize-keys delete QXBpS2V5OjE=", r.stderr)
            self.assertNotIn(b"RAWKEY", r.stderr)
            self.assertNotIn(b"Store this key", r.stderr)

    def test_problem_and_request_id_are_escaped(self):
        problem = {"title": "Bad" + FORGE, "detail": "D" + FORGE, "status": 400}
        headers = {"X-Request-Id": "r\x1b[0m\xff\x9b"}
        with HostileServer(lambda *_: (400, headers, problem)) as server:
            r = self.run_raw(server, "delete", "some-id")
            self.assertEqual(controls_in(r.stderr), [])
            lines = r.stderr.decode().splitlines()
            self.assertFalse(any(l.startswith("error: forged") for l in lines))
            if r.returncode == 4:
                # Current cpp-httplib refuses a header value holding control characters: the
                # response never reaches the client (a transport error), which is also safe.
                self.assertIn("transport", r.stderr.decode())
            else:
                self.assertEqual(r.returncode, 3, r.stderr)
                self.assertEqual(len(lines), 3, lines)  # error, detail, request id
                self.assertIn("request id: r\\x1b[0m\\xff", lines[2])
        with HostileServer(lambda *_: (400, {}, problem)) as server:
            r = self.run_raw(server, "delete", "some-id")
            self.assertEqual(r.returncode, 3, r.stderr)
            self.assertEqual(controls_in(r.stderr), [])
            self.assertFalse(any(l.startswith("error: forged")
                                 for l in r.stderr.decode().splitlines()))

    def test_decode_error_quoting_server_text_is_escaped(self):
        page = {"api_keys": [api_key(created_at="2024" + FORGE)],
                "pagination": {"has_more": False}}
        with HostileServer(lambda *_: (200, {}, page)) as server:
            r = self.run_raw(server, "list")
            self.assertEqual(r.returncode, 5, r.stderr)
            self.assertEqual(controls_in(r.stderr), [])
            self.assertEqual(len(r.stderr.splitlines()), 1, r.stderr)

    # --- item 8: the token and the raw key are never echoed back ----------------------------

    def test_echoed_token_is_redacted(self):
        def echo(method, path, headers):
            auth = headers.get("Authorization", "")
            return 401, {"X-Request-Id": auth}, {"title": auth, "detail": "you sent " + auth,
                                                 "status": 401}
        with HostileServer(echo) as server:
            r = self.run_raw(server, "list")
            self.assertEqual(r.returncode, 3, r.stderr)
            self.assertNotIn(HOSTILE_TOKEN.encode(), r.stdout + r.stderr)
            self.assertIn(b"detail: you sent Bearer [REDACTED]", r.stderr)

    def test_echoed_token_and_raw_key_in_fields_are_redacted(self):
        raw = "ak-RAWKEY-hostile-0123456789abcdefghij"
        created = api_key(name="copy of " + raw, description=HOSTILE_TOKEN, key=raw)
        with HostileServer(lambda *_: (201, {}, created)) as server:
            r = self.run_raw(server, "create", "--name", "x")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout.count(raw.encode()), 1, r.stdout)  # the key line only
            self.assertIn(f"key:          {raw}\n".encode(), r.stdout)
            self.assertIn(b"name:         copy of [REDACTED]", r.stdout)
            self.assertNotIn(HOSTILE_TOKEN.encode(), r.stdout + r.stderr)
            r = self.run_raw(server, "create", "--name", "x", "--output", "json")
            self.assertEqual(r.returncode, 0, r.stderr)
            out = json.loads(r.stdout)
            self.assertEqual(out["key"], raw)
            self.assertEqual(out["name"], "copy of [REDACTED]")
            self.assertNotIn(HOSTILE_TOKEN.encode(), r.stdout)

    # --- item 4: the key is shown before anything can fail; unwritable dates are refused ------

    def test_unwritable_date_time_is_an_invalid_response(self):
        created = api_key(created_at="0000-01-01T00:00:00+00:01", key="ak-RAWKEY0123456789")
        with HostileServer(lambda *_: (201, {}, created)) as server:
            r = self.run_raw(server, "create", "--name", "x")
            self.assertEqual(r.returncode, 5, r.stdout + r.stderr)
            self.assertIn(b"created_at", r.stderr)

    def test_a_created_key_that_does_not_decode_is_printed_in_the_output_format(self):
        raw = "ak-RAWKEY-salvaged-0123456789abcdef"
        bad_date = api_key(created_at="yesterday", key=raw)
        for status, body, why in ((201, bad_date, b"created_at"),
                                  (200, api_key(key=raw), b"status 200")):
            with self.subTest(status=status), \
                    HostileServer(lambda *_, s=status, b=body: (s, {}, b)) as server:
                r = self.run_raw(server, "create", "--name", "x")
                self.assertEqual(r.returncode, 5, r.stdout + r.stderr)
                self.assertEqual(r.stdout.decode().splitlines()[0], "key:          " + raw)
                self.assertIn(why, r.stderr)
                self.assertNotIn(raw.encode(), r.stderr)
                r = self.run_raw(server, "create", "--name", "x", "--output", "json")
                self.assertEqual(r.returncode, 5, r.stdout + r.stderr)
                self.assertEqual(json.loads(r.stdout), {"key": raw, "id": body["id"]})

    # --- item 3: endless empty pages ---------------------------------------------------------

    def test_endless_empty_pages_end_in_an_error(self):
        count = {"n": 0}

        def empty_pages(method, path, headers):
            count["n"] += 1
            if count["n"] > 200:  # a CLI that does not stop fails here instead of hanging
                return 200, {}, {"api_keys": [], "pagination": {"has_more": False}}
            return 200, {}, {"api_keys": [],
                             "pagination": {"has_more": True, "next_cursor": f"e{count['n']}"}}
        with HostileServer(empty_pages) as server:
            r = self.run_raw(server, "list", "--all")
            self.assertEqual(r.returncode, 5, r.stdout + r.stderr)
            self.assertIn(b"e17", r.stderr)
            self.assertEqual(len(server.requests), 17)


class SlowServer:
    """A loopback server that answers each connection slowly, by `mode`: "headers" trickles its
    status line and headers, "body" trickles a body, "endless" sends chunks that never end,
    "silent" reads the request and says nothing. Each piece is followed by a pause shorter than
    any read timeout, so only a whole-call limit ends the call. Every loop is bounded (a
    connection lasts at most STEPS * PAUSE seconds) and close() stops the rest."""

    STEPS = 200
    PAUSE = 0.1

    def __init__(self, mode):
        self.mode = mode
        self.stopping = threading.Event()
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(self.PAUSE)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.threads = [threading.Thread(target=self.accept, daemon=True)]
        self.threads[0].start()

    def pieces(self):
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        if self.mode == "headers":
            return [bytes([b]) for b in head + b"X-Slow: " + b"a" * self.STEPS]
        if self.mode == "body":
            return [head + b"Content-Length: 100000\r\n\r\n"] + [b" "] * self.STEPS
        if self.mode == "endless":
            return [head + b"Transfer-Encoding: chunked\r\n\r\n"] + [b"1\r\n \r\n"] * self.STEPS
        return [b""] * self.STEPS  # silent

    def accept(self):
        while not self.stopping.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:  # the accept timeout, or the socket closed
                continue
            thread = threading.Thread(target=self.answer, args=(conn,), daemon=True)
            self.threads.append(thread)
            thread.start()

    def answer(self, conn):
        with conn:
            conn.settimeout(2)
            try:
                conn.recv(65536)  # the request (small, one read)
                for piece in self.pieces():
                    if self.stopping.is_set():
                        return
                    conn.sendall(piece)
                    time.sleep(self.PAUSE)
            except OSError:  # the client gave up
                return

    def close(self):
        self.stopping.set()
        self.sock.close()
        for thread in self.threads:
            thread.join(5)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


@unittest.skipUnless(KEYS, "ARIZE_KEYS_BIN must be set")
class SlowServerTest(unittest.TestCase):
    def test_max_time_bounds_the_whole_call(self):
        # --timeout (each read) would never fire: the server writes every 0.1 s. --max-time 2
        # ends the call, retries included, within 3 s with the network-error code. The eight
        # runs wait at the same time (each its own server and thread), checked one by one after.
        cases = [(mode, command) for mode in ("headers", "body", "endless", "silent")
                 for command in (["list"], ["create", "--name", "x"])]
        results = {}

        def run(case, server):
            env = client_env(server.url, HOSTILE_TOKEN)
            env["ARIZE_NO_ALPHA_WARNING"] = "1"
            started = time.monotonic()
            r = subprocess.run([KEYS, "--timeout", "10", "--max-time", "2", *case[1]], env=env,
                               capture_output=True, timeout=TIMEOUT, check=False)
            results[case[0], case[1][0]] = (r, time.monotonic() - started)

        servers = [SlowServer(mode) for mode, _ in cases]
        try:
            threads = [threading.Thread(target=run, args=(case, server))
                       for case, server in zip(cases, servers)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(TIMEOUT + 5)
        finally:
            for server in servers:
                server.close()
        for mode, command in cases:
            with self.subTest(mode=mode, command=command[0]):
                self.assertIn((mode, command[0]), results, "the run did not end")
                r, elapsed = results[mode, command[0]]
                self.assertEqual(r.returncode, 4, r.stdout + r.stderr)
                self.assertLess(elapsed, 3.0, r.stderr)
                self.assertNotIn(HOSTILE_TOKEN.encode(), r.stdout + r.stderr)

    def test_connect_timeout_bounds_connecting(self):
        # A listener that never accepts, its backlog filled by one connection of ours: Linux
        # drops further SYNs, so the CLI's connection never completes and --connect-timeout
        # (not --max-time, which is far away) ends each attempt.
        with socket.socket() as listener, socket.socket() as filler:
            listener.bind(("127.0.0.1", 0))
            listener.listen(0)
            filler.connect(listener.getsockname())
            env = client_env(f"http://127.0.0.1:{listener.getsockname()[1]}", HOSTILE_TOKEN)
            env["ARIZE_NO_ALPHA_WARNING"] = "1"
            r = subprocess.run([KEYS, "--connect-timeout", "0.5", "--max-time", "20", "list"],
                               env=env, capture_output=True, timeout=TIMEOUT, check=False)
            self.assertEqual(r.returncode, 4, r.stdout + r.stderr)
            self.assertIn(b"no connection within 500", r.stderr)

if __name__ == "__main__":
    unittest.main()
