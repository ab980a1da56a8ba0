"""Tests of the arize-keys CLI as a process against the arize-emulator process (loopback).

Run by CTest (cli.unit) with ARIZE_KEYS_BIN and ARIZE_EMULATOR_BIN set to the built executables.
Exit codes under test: 0 ok, 2 usage, 3 API error, 4 network error.
"""

import json
import os
import socket
import subprocess
import sys
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
    @classmethod
    def setUpClass(cls):
        cls.emulator = Emulator(EMULATOR, ADMIN_KEY, MEMBER_KEY)

    @classmethod
    def tearDownClass(cls):
        cls.emulator.close()

    def run_cli(self, *args, key=ADMIN_KEY, url=None, env_extra=None):
        env = client_env(url or self.emulator.url, key)
        env["ARIZE_NO_ALPHA_WARNING"] = "1"
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
        self.assertIn("ARIZE_API_KEY", r.stderr)

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
        self.assertIn("HTTP 422", r.stderr)

    def test_network_error_exit_4(self):
        r = self.run_cli("--timeout", "5", "list", url=f"http://127.0.0.1:{dead_port()}")
        self.assertEqual(r.returncode, 4, r.stderr)
        self.assertIn("could not connect", r.stderr)
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
        self.assertIn(created["id"], r.stdout)
        deleted = json.loads(self.ok("list", "--space-id", SPACE1, "--status", "deleted",
                                     "--output", "json").stdout)
        self.assertIn(created["id"], [k["id"] for k in deleted["api_keys"]])
        r = self.run_cli("delete", created["id"])  # deleting twice: 404
        self.assertEqual(r.returncode, 3)

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
        newer = self.create_json("refresh", new["id"])
        r = self.run_cli("list", key=new["key"])
        self.assertEqual(r.returncode, 3)
        self.assertNotIn(new["key"], r.stdout + r.stderr)
        self.ok("list", key=newer["key"])


if __name__ == "__main__":
    unittest.main()
