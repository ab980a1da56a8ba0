#!/usr/bin/env python3
"""Independent contract checks (issue 17 item 7), run by CTest (tests/contract/CMakeLists.txt).

  contract.py prism REVISION   the seed programs and the arize-keys CLI, through every operation
                               and its error cases, talk to the emulator of REVISION through
                               Prism (a validating proxy) holding that revision's OpenAPI
                               document; any request or response Prism finds invalid fails.
  contract.py prism-selftest   June traffic through Prism holding the July document: passes
                               only when every violation is reported (the check can fail).
  contract.py ax-client        the vendor's TypeScript client (@arizeai/ax-client, pinned in
                               package.json/package-lock.json) drives the emulator of the current
                               revision (ax_client_contract.js), also through Prism.

Environment: ARIZE_EMULATOR_BIN, ARIZE_KEYS_BIN, ARIZE_SEEDS_DIR (the directory holding
seed-*), ARIZE_CONTRACT_NPM_DIR (where the pinned npm packages are installed on first use, with
`npm ci`). Exit codes: 0 pass, 1 fail, 77 skipped (no npm, or the npm registry unreachable: one
line says which). Everything runs on loopback; every process started is stopped at the end.
"""

import fcntl
import hashlib
import http.client
import http.server
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(HERE, "..", "support"))
from emulator_process import Emulator, client_env  # noqa: E402

SKIP = 77
ADMIN_KEY = "ak-contract-admin-0123456789abcdefghijk"
MEMBER_KEY = "ak-contract-member-0123456789abcdefghij"
UNKNOWN_ID = "QXBpS2V5Ojk5OTk5"  # base64 of ApiKey:99999, never issued
RUN_TIMEOUT = 60  # seconds, per client program
# The OpenAPI document of each revision (the one Prism validates against).
DOCUMENTS = {
    "2026-06": os.path.join(ROOT, "openapi", "arize-api-keys.yaml"),
    "2026-07": os.path.join(ROOT, "openapi", "arize-api-keys-2026-07.yaml"),
}


class Skip(Exception):
    pass


def log(*parts):
    print("contract:", *parts, flush=True)


# --- npm ------------------------------------------------------------------------------------

def npm_packages():
    """node_modules of the pinned packages, installed with `npm ci` into
    ARIZE_CONTRACT_NPM_DIR on first use (again when package.json or the lock file change).
    Raises Skip when npm is missing or the registry cannot be reached."""
    npm = shutil.which("npm")
    if not npm or not shutil.which("node"):
        raise Skip("npm and node are needed (not found on PATH)")
    cache = os.environ.get("ARIZE_CONTRACT_NPM_DIR") or os.path.join(os.getcwd(), "npm")
    os.makedirs(cache, exist_ok=True)
    sources = [os.path.join(HERE, name) for name in ("package.json", "package-lock.json")]
    digest = hashlib.sha256()
    for path in sources:
        with open(path, "rb") as f:
            digest.update(f.read())
    digest = digest.hexdigest()
    stamp = os.path.join(cache, ".installed")
    env = dict(os.environ, npm_config_update_notifier="false", npm_config_fund="false",
               npm_config_audit="false")
    with open(os.path.join(cache, ".install.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # CTest may start two contract tests at once
        modules = os.path.join(cache, "node_modules")
        if os.path.isdir(modules) and os.path.exists(stamp):
            with open(stamp) as f:
                if f.read() == digest:
                    return modules
        try:
            ping = subprocess.run([npm, "ping", "--fetch-retries=0", "--fetch-timeout=20000"],
                                  env=env, capture_output=True, text=True, timeout=40,
                                  check=False)
        except subprocess.TimeoutExpired:
            raise Skip("the npm registry did not answer `npm ping` within 40 s") from None
        if ping.returncode != 0:
            raise Skip("the npm registry is unreachable (`npm ping` failed)")
        for p in sources:
            shutil.copy(p, cache)
        log("installing the pinned npm packages into", cache)
        try:
            ci = subprocess.run([npm, "ci", "--prefix", cache, "--no-audit", "--no-fund",
                                 "--loglevel=error"], env=env, capture_output=True, text=True,
                                timeout=600, check=False)
        except subprocess.TimeoutExpired:
            raise Skip("`npm ci` did not finish within 600 s (a slow registry?)") from None
        if ci.returncode != 0:
            sys.stderr.write(ci.stdout + ci.stderr)
            raise RuntimeError("npm ci failed although the registry answers")
        with open(stamp, "w") as f:
            f.write(digest)
        return modules


# --- processes ------------------------------------------------------------------------------

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_emulator(revision):
    """The emulator process speaking `revision`."""
    return Emulator(os.environ["ARIZE_EMULATOR_BIN"], ADMIN_KEY, MEMBER_KEY, api_revision=revision)


def stop(proc):
    """Stops a process started in a session of its own, and anything it started."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


class Prism:
    """`prism proxy DOCUMENT UPSTREAM --errors` on a free loopback port, logging to a file."""

    def __init__(self, modules, document, upstream, log_path, start_timeout=90):
        binary = os.path.join(modules, ".bin", "prism")
        env = dict(os.environ, NO_COLOR="1", FORCE_COLOR="0")
        for _ in range(3):  # the free port may be taken between choosing and binding it
            self.port = free_port()
            self.log_path = log_path
            with open(log_path, "w") as out:
                self.proc = subprocess.Popen(
                    [binary, "proxy", document, upstream, "--errors", "-p", str(self.port),
                     "-h", "127.0.0.1"], stdout=out, stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL, env=env, start_new_session=True)
            deadline = time.monotonic() + start_timeout
            while time.monotonic() < deadline and self.proc.poll() is None:
                if "Prism is listening on" in self.text():
                    self.start = len(self.text())
                    try:
                        self.relay = Relay(self.port)
                    except OSError:
                        stop(self.proc)
                        raise
                    self.url = self.relay.url
                    return
                time.sleep(0.2)
            stop(self.proc)
        raise RuntimeError("Prism did not start:\n" + self.text()[-2000:])

    def text(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def settled_text(self, quiet=0.5, limit=5.0):
        """The log once it has stopped growing for `quiet` seconds (at most `limit`): Prism
        writes a request's last line after answering it."""
        text, deadline = self.text(), time.monotonic() + limit
        while time.monotonic() < deadline:
            time.sleep(quiet)
            newer = self.text()
            if newer == text:
                break
            text = newer
        return text

    def violations(self):
        """Log lines since start-up at warning or error level: a request or response that
        does not match the document ("Request terminated with error: ...VIOLATIONS" for a
        response, "...UNPROCESSABLE_ENTITY" for a request, "Violation: <where> <what>"), or
        anything else Prism found wrong."""
        lines = self.settled_text()[self.start:].splitlines()
        return [ln for ln in lines
                if re.search(r"Violation|terminated with error|\berror\b|\bwarning\b|✖|⚠", ln)]

    def details(self):
        """What each answer Prism marked says was wrong (its sl-violations header)."""
        return list(self.relay.records)

    def close(self):
        if hasattr(self, "relay"):
            self.relay.close()
        stop(self.proc)


class Relay:
    """A loopback relay in front of Prism that passes requests and answers through unchanged
    and keeps what Prism found wrong with each (which its log does not show), as
    "METHOD PATH -> STATUS: ...": the `sl-violations` header, or the `validation` member of
    an answer Prism made itself (an invalid request, or a route the document lacks)."""

    HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "date",
                  "server"}

    def __init__(self, upstream_port):
        self.records = []
        relay = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def relay(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in Relay.HOP_BY_HOP}
                upstream = http.client.HTTPConnection("127.0.0.1", upstream_port, timeout=60)
                try:
                    upstream.request(self.command, self.path, body=body, headers=headers)
                    answer = upstream.getresponse()
                    data = answer.read()
                finally:
                    upstream.close()
                found = relay.prism_findings(answer, data)
                if found:
                    relay.records.append(f"{self.command} {self.path.split('?')[0]} -> "
                                         f"{answer.status}: {found}")
                self.send_response(answer.status)
                for name, value in answer.getheaders():
                    if name.lower() not in Relay.HOP_BY_HOP:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = relay

            def log_message(self, *args):
                pass  # quiet: Prism logs every request

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @staticmethod
    def prism_findings(answer, data):
        header = answer.getheader("sl-violations")
        if header:
            return header
        if "problem+json" not in (answer.getheader("content-type") or ""):
            return None
        try:
            problem = json.loads(data)
        except ValueError:
            return None
        if isinstance(problem, dict) and str(problem.get("type", "")).startswith(
                "https://stoplight.io/prism/"):
            return f"{problem.get('title')}: {json.dumps(problem.get('validation'))}"
        return None

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(10)


# --- prism: C++ traffic through the validating proxy ------------------------------------------

class Traffic:
    """Runs the C++ client programs against `url`, each checked for its exit code."""

    def __init__(self, url, revision):
        self.url = url
        self.revision = revision
        self.keys = os.environ["ARIZE_KEYS_BIN"]
        self.seeds = os.environ["ARIZE_SEEDS_DIR"]
        self.failures = []
        self.count = 0

    def run(self, argv, expect, key=ADMIN_KEY):
        env = client_env(self.url, key)
        env["ARIZE_NO_ALPHA_WARNING"] = "1"
        env["ARIZE_API_REVISION"] = self.revision
        proc = subprocess.run(argv, env=env, capture_output=True, text=True,
                              timeout=RUN_TIMEOUT, check=False)
        self.count += 1
        name = " ".join([os.path.basename(argv[0])] + argv[1:])
        if proc.returncode != expect:
            self.failures.append(f"{name}: exit {proc.returncode}, expected {expect}; "
                                 f"stderr: {proc.stderr.strip()[-600:]}")
        return proc

    def seed(self, name, *args, expect=0, key=ADMIN_KEY):
        return self.run([os.path.join(self.seeds, "seed-" + name), *args], expect, key)

    def cli(self, *args, expect=0, key=ADMIN_KEY):
        return self.run([self.keys, *args], expect, key)

    def help(self, subcommand):
        return subprocess.run([self.keys, subcommand, "--help"], capture_output=True, text=True,
                              timeout=RUN_TIMEOUT, check=False).stdout

    def created_id(self, *args, key=ADMIN_KEY):
        """The id of the key a CLI create/create-service/refresh makes (-o json)."""
        proc = self.cli(*args, "-o", "json", key=key)
        try:
            return json.loads(proc.stdout)["id"]
        except (ValueError, KeyError):
            return UNKNOWN_ID  # already recorded as a failure by run()


def cpp_traffic(t, emu):
    """Every operation of the seed programs and the CLI, and their error cases."""
    june = t.revision == "2026-06"
    space, staging, restricted = emu.space_id(0), emu.space_id(1), emu.space_id(2)
    admin, member = emu.info["admin-user"], emu.info["member-user"]
    # The seed programs: every snippet of the SDK pages.
    t.seed("py-list")
    t.seed("ts-list")
    t.seed("ts-list", space, admin)
    t.seed("py-create-user-key")
    t.seed("ts-create")
    t.seed("py-create-service-key", space)
    t.seed("ts-create-service-key", space)
    t.seed("py-refresh", t.created_id("create", "--name", "py-refresh"))
    t.seed("ts-refresh", t.created_id("create", "--name", "ts-refresh"))
    t.seed("ts-refresh-with-expiry", t.created_id("create", "--name", "ts-refresh-expiry"))
    t.seed("py-delete", t.created_id("create", "--name", "py-delete"))
    t.seed("ts-revoke", t.created_id("create", "--name", "ts-revoke"))
    # The CLI: every subcommand and filter.
    t.cli("list")
    t.cli("list", "--key-type", "user", "--status", "active", "--limit", "1", "--all")
    t.cli("list", "--space-id", space, "--all", "--limit", "2")
    t.cli("list", "--space-id", space, "--user-id", admin)
    t.cli("list", "--key-type", "service", "--space-id", space)
    t.cli("list", "--user-id", member)
    # The status word of the revision when the CLI knows it, else the seeds' word.
    t.cli("list", "--status", "deleted" if june or "revoked" not in t.help("list") else "revoked")
    key_id = t.created_id("create", "--name", "cli", "--description", "contract check",
                          "--expires-at", "2030-01-01T00:00:00Z")
    refreshed = t.created_id("refresh", key_id, "--expires-at", "2029-06-01T00:00:00Z",
                             "--grace-period", "60")
    # create-service: June's flags (--space-id, --space-role) or --space ID[:ROLE] (issue 17).
    usage = t.help("create-service")
    space_flag = "--space-id" if "--space-id" in usage else "--space"
    role_flags = "--space-role" in usage

    def in_space(space_id, role=None):
        if role is None:
            return [space_flag, space_id]
        return [space_flag, space_id, "--space-role", role] if role_flags \
            else [space_flag, f"{space_id}:{role}"]

    service = t.created_id("create-service", "--name", "cli-service", *in_space(space, "member"),
                           *(["--org-role", "read-only", "--account-role", "member"]
                             if role_flags else []),
                           "--expires-at", "2030-01-01T00:00:00Z")
    t.cli("refresh", service, "--expires-at", "2029-01-01T00:00:00Z")
    # Issue 17's form, when the CLI has it: --org ID_OR_NAME, --space ID_OR_NAME[:ROLE] repeated
    # (several spaces in one key: the July revision only).
    if not june and re.search(r"--org(?![-\w])", usage):
        t.cli("create-service", "--name", "cli-two-spaces", "--org", "default",
              "--space", f"{space}:member", "--space", "staging")  # a space by its name
    t.cli("delete", refreshed)
    # Revoking twice: June's DELETE answers 404 the second time, July's revoke is idempotent.
    t.cli("revoke", refreshed, expect=3 if june else 0)
    # Error answers, each described by the document.
    t.cli("list", expect=3, key="ak-contract-not-a-key-0123456789abcdefghi")  # 401
    t.cli("delete", UNKNOWN_ID, expect=3)  # 404
    t.cli("refresh", UNKNOWN_ID, expect=3)  # 404
    t.cli("list", "--user-id", admin, expect=3, key=MEMBER_KEY)  # 403: not an account admin
    t.cli("create-service", "--name", "x", *in_space(staging), expect=3, key=MEMBER_KEY)  # 403
    t.cli("create-service", "--name", "x", *in_space(restricted), expect=3,
          key=MEMBER_KEY)  # 404: no access to the space
    t.cli("create-service", "--name", "x", *in_space(space, "admin"), expect=3,
          key=MEMBER_KEY)  # 422: a role above the caller's
    # July: refresh may not lengthen a key's life (422); June allows it.
    expiring = t.created_id("create", "--name", "short", "--expires-at", "2029-01-01T00:00:00Z")
    t.cli("refresh", expiring, "--expires-at", "2030-01-01T00:00:00Z", expect=0 if june else 3)


def prism_main(revision):
    if revision not in DOCUMENTS:
        raise RuntimeError(f"unknown revision {revision} (known: {', '.join(DOCUMENTS)})")
    modules = npm_packages()
    log_path = os.path.join(os.getcwd(), f"prism-{revision}.log")
    with start_emulator(revision) as emu:
        prism = Prism(modules, DOCUMENTS[revision], emu.url, log_path)
        try:
            traffic = Traffic(prism.url, revision)
            cpp_traffic(traffic, emu)
            violations, details = prism.violations(), prism.details()
        finally:
            prism.close()
    for failure in traffic.failures:
        log("FAIL", failure)
    for line in violations:
        log("VIOLATION", line.strip())
    for line in details:
        log("DETAIL", line)
    log(f"{traffic.count} client runs through Prism ({revision}); "
        f"{len(traffic.failures)} unexpected exit codes, {len(violations)} Prism reports, "
        f"{len(details)} answers marked invalid "
        f"(full log: {log_path})")
    return 1 if traffic.failures or violations or details else 0


def prism_selftest_main():
    """The check itself can fail: June traffic through Prism holding the July document must
    be reported, both in Prism's log and by the relay (so a Prism whose log or answers change
    cannot turn the checks above into checks that always pass)."""
    modules = npm_packages()
    log_path = os.path.join(os.getcwd(), "prism-selftest.log")
    with start_emulator("2026-06") as emu:
        prism = Prism(modules, DOCUMENTS["2026-07"], emu.url, log_path)
        try:
            traffic = Traffic(prism.url, "2026-06")
            traffic.cli("list", expect=3)  # June's lowercase answer: a response violation
            traffic.cli("create", "--name", "x", expect=3)  # June's body: a request violation
            violations, details = prism.violations(), prism.details()
        finally:
            prism.close()
    found = {"response in the log": any("VIOLATIONS" in ln for ln in violations),
             "request in the log": any("UNPROCESSABLE_ENTITY" in ln for ln in violations),
             "response by the relay": any(" -> 500: " in ln and "key_type" in ln
                                          for ln in details),
             "request by the relay": any(" -> 422: " in ln and "key_type" in ln
                                         for ln in details)}
    for what, ok in found.items():
        log("detected" if ok else "MISSED", what)
    return 0 if all(found.values()) and not traffic.failures else 1


# --- ax-client: the vendor's TypeScript client ----------------------------------------------

def ax_client_main(revision="2026-07"):
    """The TypeScript client's traffic also goes through Prism with the revision's document:
    the vendor's requests check the document, the document checks the emulator's answers."""
    modules = npm_packages()
    log_path = os.path.join(os.getcwd(), f"prism-ax-client-{revision}.log")
    with start_emulator(revision) as emu:
        prism = Prism(modules, DOCUMENTS[revision], emu.url, log_path)
        try:
            setup = {
                "baseUrl": prism.url, "directUrl": emu.url,
                "adminKey": ADMIN_KEY, "memberKey": MEMBER_KEY,
                "organization": emu.info["organization"].split()[0],
                "spaces": [s.split()[0] for s in emu.info["space"]],
                "adminUser": emu.info["admin-user"], "memberUser": emu.info["member-user"],
            }
            env = client_env(prism.url)
            env.update(NODE_PATH=modules, ARIZE_CONTRACT_SETUP=json.dumps(setup),
                       DISABLE_PRERELEASE_WARNING="true")
            node = subprocess.Popen(["node", os.path.join(HERE, "ax_client_contract.js")],
                                    env=env, start_new_session=True)
            try:
                checks_passed = node.wait(300) == 0
            except subprocess.TimeoutExpired:
                log("FAIL: the TypeScript client did not finish within 300 s")
                checks_passed = False
            finally:
                stop(node)
            violations, details = prism.violations(), prism.details()
        finally:
            prism.close()
    for line in violations:
        log("VIOLATION", line.strip())
    for line in details:
        log("DETAIL", line)
    log(f"{len(violations)} Prism reports on the TypeScript client's traffic (full log: "
        f"{log_path})")
    return 0 if checks_passed and not violations and not details else 1


def main(argv):
    # Stopped from outside (a CTest timeout): leave through the finally blocks, which stop
    # the emulator, Prism and the clients.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    try:
        if len(argv) == 3 and argv[1] == "prism":
            return prism_main(argv[2])
        if len(argv) == 2 and argv[1] == "prism-selftest":
            return prism_selftest_main()
        if len(argv) == 2 and argv[1] == "ax-client":
            return ax_client_main()
        sys.stderr.write(__doc__)
        return 2
    except Skip as why:
        print(f"SKIPPED: {why}", flush=True)
        return SKIP


if __name__ == "__main__":
    sys.exit(main(sys.argv))
