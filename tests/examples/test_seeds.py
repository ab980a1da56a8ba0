"""The seed programs (examples/seeds, one per snippet of the Python and TypeScript SDK pages)
and the README's first program (examples/first_program.cpp) run as processes against the
arize-emulator process on a free loopback port; each test checks what the program printed and
what it did to the emulator's state, using the other seeds.

Run by CTest (examples.seeds.v2026_06, .v2026_07) with ARIZE_SEEDS_DIR (the directory holding seed-*),
ARIZE_EMULATOR_BIN and ARIZE_KEYS_BIN set. Service keys are listed only with a space_id (the
contract: without one, user keys are returned), which no list snippet passes together with
key_type "service", so those checks list through the arize-keys CLI.
"""

import json
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from emulator_process import Emulator, client_env  # noqa: E402

SEEDS = os.environ.get("ARIZE_SEEDS_DIR", "")
EMULATOR = os.environ.get("ARIZE_EMULATOR_BIN", "")
KEYS = os.environ.get("ARIZE_KEYS_BIN", "")
ADMIN_KEY = "ak-seed-test-admin-0123456789abcdefghi"
MEMBER_KEY = "ak-seed-test-member-0123456789abcdefgh"
TIMEOUT = 30  # seconds, per program run
STORE_NOTE = "it is only returned once"
# The revision of the emulator, which the seed programs and the CLI also read
# (ARIZE_API_REVISION): CTest runs the seeds once per revision (examples.seeds.*).
REVISION = os.environ.get("ARIZE_API_REVISION", "2026-07")


@unittest.skipUnless(SEEDS and EMULATOR and KEYS,
                     "ARIZE_SEEDS_DIR, ARIZE_EMULATOR_BIN and ARIZE_KEYS_BIN must be set")
class SeedProgramsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.emulator = Emulator(EMULATOR, ADMIN_KEY, MEMBER_KEY,
                                api_revision=REVISION)
        cls.space = cls.emulator.space_id(0)

    @classmethod
    def tearDownClass(cls):
        cls.emulator.close()

    def env(self, key):
        env = client_env(self.emulator.url, key)
        # The emulator speaks the 2026-06 wire only (for now): the seeds use that revision.
        env.setdefault("ARIZE_API_REVISION", "2026-06")
        return env

    def run_seed(self, name, *args, key=ADMIN_KEY, expect_ok=True):
        return self.run_program("seed-" + name, *args, key=key, expect_ok=expect_ok)

    def run_program(self, name, *args, key=ADMIN_KEY, expect_ok=True):
        proc = subprocess.run([os.path.join(SEEDS, name), *args], env=self.env(key),
                              capture_output=True, text=True, timeout=TIMEOUT, check=False)
        # The ALPHA warning goes to stderr; the caller's token never appears anywhere.
        self.assertNotIn(key, proc.stderr)
        if expect_ok:
            self.assertEqual(proc.returncode, 0, f"{name}: {proc.stderr}")
        return proc

    def created(self, proc):
        """(raw key, id) from a create or refresh program's output."""
        lines = proc.stdout.splitlines()
        self.assertEqual(len(lines), 2, proc.stdout)
        raw = lines[0].removeprefix("key: ").split()[0]
        self.assertTrue(raw.startswith("ak-"), lines[0])
        self.assertTrue("shown only once" in lines[0] or STORE_NOTE in lines[0], lines[0])
        return raw, lines[1].strip()

    def key_works(self, raw):
        return self.run_seed("py-list", key=raw, expect_ok=False).returncode == 0

    def listed(self, name, *args):
        """{id: rest of line} from a list program."""
        rows = {}
        for line in self.run_seed(name, *args).stdout.splitlines():
            if " key(s); has_more: " in line:
                continue
            key_id, _, rest = line.partition(" ")
            rows[key_id] = rest
        return rows

    def service_keys(self):
        """{id: (name, status)} of the first space's active service keys, via the CLI."""
        proc = subprocess.run([KEYS, "list", "--space-id", self.space, "--all", "-o", "json"],
                              env=self.env(ADMIN_KEY), capture_output=True, text=True,
                              timeout=TIMEOUT, check=True)
        return {k["id"]: (k["name"], k["key_type"]) for k in json.loads(proc.stdout)["api_keys"]}

    def test_python_create_user_key_then_list(self):
        proc = self.run_seed("py-create-user-key")
        self.assertIn("ALPHA", proc.stderr)  # the one-time warning, on stderr
        raw, key_id = self.created(proc)
        self.assertTrue(self.key_works(raw))
        self.assertEqual(self.listed("ts-list").get(key_id), "my-user-key user active")

    def test_typescript_create_then_list(self):
        raw, key_id = self.created(self.run_seed("ts-create"))
        self.assertTrue(self.key_works(raw))
        self.assertEqual(self.listed("ts-list").get(key_id), "CI pipeline key user active")

    def test_python_create_service_key_then_list(self):
        raw, key_id = self.created(self.run_seed("py-create-service-key", self.space))
        self.assertTrue(self.key_works(raw))
        self.assertEqual(self.service_keys().get(key_id), ("my-service-key", "service"))
        # py-list (key_type=service, no space_id) gets user keys only, so none of them.
        self.assertEqual(self.listed("py-list"), {})

    def test_typescript_create_service_key_then_list_by_space_and_creator(self):
        raw, key_id = self.created(self.run_seed("ts-create-service-key", self.space))
        self.assertTrue(self.key_works(raw))
        self.assertEqual(self.service_keys().get(key_id), ("service-key", "service"))
        # ts-list asks for user keys; a service key is not among them, whatever the filters.
        by_space = self.listed("ts-list", self.space, self.emulator.info["admin-user"])
        self.assertNotIn(key_id, by_space)

    def test_service_key_in_an_unknown_space_fails_cleanly(self):
        proc = self.run_seed("py-create-service-key", "U3BhY2U6OTk5", expect_ok=False)
        self.assertEqual(proc.returncode, 1)
        if REVISION == "2026-06":
            self.assertIn("404", proc.stderr)  # the server refuses the space
        else:
            # 2026-07 binds a space under its organization, which the client looks up first
            # (the seed names none): the space is in none, and nothing is created.
            self.assertIn("in none of the organizations", proc.stderr)
        self.assertEqual(proc.stdout, "")

    def test_past_expiry_is_refused(self):
        proc = self.run_seed("ts-create-service-key", self.space, "2020-01-01T00:00:00Z",
                             expect_ok=False)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("400", proc.stderr)

    def test_first_program_rotates_a_key(self):
        """examples/first_program.cpp, the README's first program: create, refresh with a grace
        period, list, revoke."""
        proc = self.run_program("first-program")
        lines = proc.stdout.splitlines()
        self.assertGreaterEqual(len(lines), 4, proc.stdout)
        old_id, new_id = lines[0].split()[1], lines[-1].split()[1]
        self.assertTrue(lines[0].startswith("created   ") and lines[0].endswith("expires 2030-01-01T00:00:00Z"), lines[0])
        self.assertEqual(lines[1].split()[:4], ["refreshed", old_id, "->", new_id])
        self.assertEqual(lines[-1], f"revoked   {new_id}")
        active = lines[2:-1]
        self.assertIn(f"active    {new_id} ci-deploy", active)
        # the old key is not listed as active: its grace period is not a status
        self.assertFalse(any(line.split()[1] == old_id for line in active), active)
        self.assertNotIn(new_id, self.listed("ts-list"))  # revoked at the end
        self.assertNotRegex(proc.stdout, r"ak-[A-Za-z0-9_-]{20}")  # redacted keys only, never a raw one

    def test_async_rotation_on_one_thread(self):
        """examples/async_rotation.cpp, the first program with arize::AsyncClient and coroutines:
        the same rotation, list_all as an async pager, eight list calls in flight at once."""
        if not os.path.exists(os.path.join(SEEDS, "async-rotation")):
            self.skipTest("async-rotation is not built (the async client needs Boost 1.81)")
        proc = self.run_program("async-rotation")
        lines = proc.stdout.splitlines()
        self.assertGreaterEqual(len(lines), 5, proc.stdout)
        old_id, new_id = lines[0].split()[1], lines[-1].split()[1]
        self.assertTrue(lines[0].startswith("created   ") and lines[0].endswith("expires 2030-01-01T00:00:00Z"), lines[0])
        self.assertEqual(lines[1].split()[:4], ["refreshed", old_id, "->", new_id])
        self.assertEqual(lines[-2], "listed    8 of 8 concurrent calls answered with one key")
        self.assertEqual(lines[-1], f"revoked   {new_id}")
        active = lines[2:-2]
        self.assertIn(f"active    {new_id} ci-deploy", active)
        self.assertFalse(any(line.split()[1] == old_id for line in active), active)
        self.assertNotIn(new_id, self.listed("ts-list"))  # revoked at the end
        self.assertNotRegex(proc.stdout, r"ak-[A-Za-z0-9_-]{20}")  # redacted keys only

    def test_python_refresh_keeps_the_old_key_for_the_grace_period(self):
        old_raw, old_id = self.created(self.run_seed("py-create-user-key"))
        new_raw, new_id = self.created(self.run_seed("py-refresh", old_id, key=old_raw))
        self.assertNotEqual(new_id, old_id)
        self.assertTrue(self.key_works(new_raw))
        self.assertTrue(self.key_works(old_raw))  # grace_period_seconds=300
        self.assertEqual(self.listed("ts-list").get(new_id), "my-user-key user active")

    def test_typescript_refresh_stops_the_old_key_at_once(self):
        old_raw, old_id = self.created(self.run_seed("ts-create"))
        new_raw, new_id = self.created(self.run_seed("ts-refresh", old_id))
        self.assertNotEqual(new_id, old_id)
        self.assertTrue(self.key_works(new_raw))
        self.assertFalse(self.key_works(old_raw))
        rows = self.listed("ts-list")
        self.assertNotIn(old_id, rows)
        self.assertEqual(rows.get(new_id), "CI pipeline key user active")

    def test_typescript_refresh_with_expiry_and_grace(self):
        old_raw, old_id = self.created(self.run_seed("ts-create"))
        new_raw, _ = self.created(self.run_seed("ts-refresh-with-expiry", old_id))
        self.assertTrue(self.key_works(new_raw))
        self.assertTrue(self.key_works(old_raw))  # gracePeriodSeconds: 3600

    def test_python_delete(self):
        raw, key_id = self.created(self.run_seed("py-create-user-key"))
        proc = self.run_seed("py-delete", key_id)
        self.assertEqual(proc.stdout.strip(), "API key deleted")
        self.assertFalse(self.key_works(raw))
        self.assertNotIn(key_id, self.listed("ts-list"))
        again = self.run_seed("py-delete", key_id, expect_ok=False)  # already deleted
        if REVISION == "2026-06":
            self.assertEqual(again.returncode, 1)
            self.assertIn("404", again.stderr)
        else:  # PUT .../revoke is idempotent: revoking a revoked key changes nothing, 204
            self.assertEqual(again.returncode, 0, again.stderr)

    def test_typescript_revoke(self):
        raw, key_id = self.created(self.run_seed("ts-create"))
        self.assertEqual(self.run_seed("ts-revoke", key_id).stdout.strip(), "API key revoked")
        self.assertFalse(self.key_works(raw))

    def test_usage_errors(self):
        for name in ("py-delete", "ts-revoke", "py-refresh", "ts-refresh",
                     "ts-refresh-with-expiry", "py-create-service-key",
                     "ts-create-service-key"):
            with self.subTest(name=name):
                proc = self.run_seed(name, expect_ok=False)
                self.assertEqual(proc.returncode, 2)
                self.assertIn("usage:", proc.stderr)

    def test_missing_api_key_is_a_clear_error(self):
        proc = subprocess.run([os.path.join(SEEDS, "seed-py-list")],
                              env=client_env(self.emulator.url),
                              capture_output=True, text=True, timeout=TIMEOUT, check=False)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("ARIZE_API_KEY", proc.stderr)


class ReadmeFirstProgramTest(unittest.TestCase):
    def test_readme_shows_examples_first_program(self):
        """The README's first program is examples/first_program.cpp, from its first #include."""
        root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
        with open(os.path.join(root, "examples", "first_program.cpp"), encoding="utf-8") as f:
            program = f.read()
        with open(os.path.join(root, "README.md"), encoding="utf-8") as f:
            readme = f.read()
        self.assertIn("```cpp\n" + program[program.index("#include"):] + "```\n", readme)


if __name__ == "__main__":
    unittest.main()
