"""arize-emulator as a child process on a free loopback port, for the process-level tests
(tests/cli, tests/examples). Everything it prints before "listening on URL" is kept in
`info` (for example info["admin-user"], info["space"] is a list of "ID NAME")."""

import os
import subprocess
import time

# Not inherited by client processes: the runner's own proxy settings must not reach a test.
PROXY_VARIABLES = {"http_proxy", "https_proxy", "all_proxy", "no_proxy"}


def client_env(base_url, key=None):
    """The environment of a client process (CLI, seed program) of the emulator at `base_url`:
    the test runner's, without ARIZE_* and proxy variables, plus ARIZE_BASE_URL and, when
    given, ARIZE_API_KEY. ARIZE_API_REVISION is kept: the revision the emulator speaks
    (CTest sets 2026-06, tests/june_wire.cmake)."""
    env = {k: v for k, v in os.environ.items()
           if (not k.startswith("ARIZE_") or k == "ARIZE_API_REVISION")
           and k.lower() not in PROXY_VARIABLES}
    env["ARIZE_BASE_URL"] = base_url
    if key is not None:
        env["ARIZE_API_KEY"] = key
    return env


class Emulator:
    """arize-emulator on a free loopback port, stopped by close() (or as a context manager)."""

    def __init__(self, binary, admin_key, member_key, start_timeout=15, api_revision="2026-06",
                 extra_args=()):
        # api_revision: 2026-06 until every caller speaks the current revision (the binary's
        # default).
        self.proc = subprocess.Popen(
            [binary, "--host", "127.0.0.1", "--port", "0", "--api-revision", api_revision,
             "--admin-key", admin_key, "--member-key", member_key, *extra_args],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.url = None
        self.info = {"space": []}
        deadline = time.monotonic() + start_timeout
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            if line.startswith("listening on "):
                self.url = line.split()[-1]
                break
            name, _, value = line.rstrip("\n").partition(": ")
            if name == "space":
                self.info["space"].append(value)
            elif value:
                self.info[name] = value
        if self.url is None:
            self.close()
            raise RuntimeError("the emulator did not start")

    def space_id(self, index=0):
        return self.info["space"][index].split()[0]

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        if self.proc.stdout:
            self.proc.stdout.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
