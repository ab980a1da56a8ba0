#!/usr/bin/env python3
"""A time-bounded fuzz loop for the generator (atheris is not available): mutates the seed specs
and runs load -> translate -> render (and the reference page, codegen/reference.py) in-process.

    python3 tests/codegen/python/fuzz_generator.py --seconds 30            # what CTest runs
    python3 tests/codegen/python/fuzz_generator.py --seconds 3600 --seed 7  # longer, replayable
    python3 tests/codegen/python/fuzz_generator.py --replay CASE.yaml       # one saved input

Seeds: openapi/arize-api-keys.yaml and tests/codegen/fixtures/*.yaml. Mutations: byte-level
(flips, control characters, deletions, duplications of lines) on the YAML text, and structural
on the parsed document (a node replaced by a hostile string, number, deep nesting, a `$ref` to
a random place, outside the folder, to a device or a FIFO, a URL; keys renamed to C/POSIX
macros and keywords; subtrees shared so YAML aliases appear; alias bombs). A finding is any
exception other than load.SpecError, an input that takes over --timeout seconds, or an output
where text of the spec leaves a comment or string literal (hostile.escapes(): every hostile
string carries the marker `@`, which generated code never contains), or a reference page whose
Markdown text of the spec changed (hostile.markdown_problems()). The run is a pure
function of --seed (printed); each finding is saved with its traceback under --artifacts.
Exit status: 0 no finding, 1 findings.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import resource
import shutil
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from hostile import MARK, escapes, markdown_problems  # noqa: E402
from support import REPO, load, translate, render  # noqa: E402

from codegen import reference  # noqa: E402

import yaml  # noqa: E402

SEEDS = [REPO / "openapi" / "arize-api-keys.yaml", *sorted((REPO / "tests" / "codegen" / "fixtures").glob("*.yaml"))]

HOSTILE_STRINGS = [
    f"\r#error injected {MARK}",
    f"\\\nint injected; {MARK}",
    f"*/ int injected; /* {MARK}",
    f"{MARK} ends in a backslash\\",
    f"{MARK} backslash space\\ ",
    f"??/\nint injected; {MARK}",
    f"\v\f\x00\x1b[2J{MARK}",
    f"\u2028#error {MARK}\u2029\x85",
    f"\u202e{MARK}\u2066",
    f'"); int injected; ("{MARK}',
    f")re\" int injected; R\"re({MARK}",
    f"' {MARK} '",
    "",
    " ",
    "x" * 300 + f" \\ {MARK} " + "y" * 300,
    "é\u00ad\ufeff",
]
NAMES = [
    "EOF", "BUFSIZ", "EINVAL", "SIGTERM", "NULL", "errno", "assert", "stdin", "st_mtime", "h_addr", "si_pid",
    "major", "minor", "TRUE", "FALSE", "DOMAIN", "unix", "linux", "class", "delete", "T", "body", "arize_x",
    "Error", "Secret", "1abc", "_", "a-b", "A B", "$ref", "~/", "<<", "api_keys", "ApiKeys", "x" * 200,
]  # fmt: skip
REFS = [
    "#/components/schemas/Nope", "#", "#/", "#/paths", "#/components/schemas", "../outside.yaml", "/etc/passwd",
    "/dev/zero", "fifo.yaml", "other.yaml", "other.yaml#/Pet", "http://example.com/x.yaml", "//example.com/x",
    "file:///etc/passwd", "dir.yaml", "self.yaml", "%00", "#/components/schemas/%41", "\x00", "#/a~2b",
]  # fmt: skip


def hostile_value(rng: random.Random, spec: object) -> object:
    kind = rng.randrange(14)
    if kind < 4:
        return rng.choice(HOSTILE_STRINGS)
    if kind == 4:
        return rng.choice([0, -1, 2**63, -(2**64), 1e308, float("inf"), float("nan"), True, None, 0.1])
    if kind == 5:
        return {"$ref": rng.choice(REFS)}
    if kind == 6:
        return {"$ref": "#" + rng.choice(pointers(spec) or [""])}
    if kind == 7:
        depth = rng.choice([50, 130, 400])
        v: object = "leaf"
        for _ in range(depth):
            v = {"type": "object", "properties": {"a": v}} if rng.random() < 0.5 else [v]
        return v
    if kind == 8:
        return [rng.choice(HOSTILE_STRINGS) for _ in range(rng.randrange(4))]
    if kind == 9:
        return {rng.choice(NAMES): rng.choice(HOSTILE_STRINGS)}
    if kind == 10:
        return {"type": rng.choice(["string", "object", "array", "integer", ["string", "null"], "bogus"]), "enum": [rng.choice(NAMES + HOSTILE_STRINGS) for _ in range(3)]}
    if kind == 11:
        return {"oneOf": [{"$ref": "#" + rng.choice(pointers(spec) or [""])} for _ in range(2)], "discriminator": {"propertyName": rng.choice(NAMES)}}
    if kind == 12:
        return {"type": "string", "pattern": rng.choice(["(?<=a)", "\\", "[", "a{99999999999}", "^\r$", ")re\"", "\\p{L}"])}
    return {"allOf": [{"$ref": "#" + rng.choice(pointers(spec) or [""])}, {"type": "object", "properties": {rng.choice(NAMES): {"type": "string"}}}]}


_POINTERS: dict[int, list[str]] = {}


def pointers(doc: object, limit: int = 4000) -> list[str]:
    """JSON pointers of the containers in `doc` (memoized per object while it is unchanged)."""
    cached = _POINTERS.get(id(doc))
    if cached is not None:
        return cached
    out: list[str] = []
    stack: list[tuple[object, str]] = [(doc, "")]
    while stack and len(out) < limit:
        v, p = stack.pop()
        if isinstance(v, dict):
            out.append(p)
            stack.extend((c, f"{p}/{load.escape_token(str(k))}") for k, c in v.items())
        elif isinstance(v, list):
            out.append(p)
            stack.extend((c, f"{p}/{i}") for i, c in enumerate(v))
    return out


def containers(doc: object) -> list[object]:
    """Every dict and list in `doc`, once each (shared subtrees and cycles included)."""
    out: list[object] = []
    seen: set[int] = set()
    stack = [doc]
    while stack:
        v = stack.pop()
        if isinstance(v, (dict, list)) and id(v) not in seen:
            seen.add(id(v))
            out.append(v)
            stack.extend(v.values() if isinstance(v, dict) else v)
    return out


def mutate_structure(rng: random.Random, doc: object) -> object:
    doc = copy.deepcopy(doc)
    for _ in range(rng.randrange(1, 6)):
        nodes = containers(doc)
        target = rng.choice(nodes)
        op = rng.randrange(6)
        if isinstance(target, dict) and target:
            key = rng.choice(list(target))
            if op == 0:
                del target[key]
            elif op == 1:  # rename a key
                target[rng.choice(NAMES + HOSTILE_STRINGS)] = target.pop(key)
            elif op == 2:  # share a subtree (YAML dumps it as an anchor and aliases)
                target[key] = rng.choice(nodes)
            else:
                target[key] = hostile_value(rng, doc)
        elif isinstance(target, list):
            if target and op < 2:
                target[rng.randrange(len(target))] = hostile_value(rng, doc)
            else:
                target.append(hostile_value(rng, doc))
    return doc


TEXT_KEYS = ("description", "title", "summary", "example", "default", "x-note")


def mutate_free_text(rng: random.Random, doc: object) -> object:
    """Hostile strings in the places meant for text (the spec stays valid): descriptions,
    titles, summaries, examples, defaults, enum values, tag names, info."""
    doc = copy.deepcopy(doc)
    nodes = [n for n in containers(doc) if isinstance(n, dict)]
    for _ in range(rng.randrange(1, 12)):
        node = rng.choice(nodes)
        if isinstance(node.get("enum"), list) and node["enum"] and rng.random() < 0.5:
            node["enum"][rng.randrange(len(node["enum"]))] = f"v{rng.randrange(99)} " + rng.choice(HOSTILE_STRINGS)
        elif "name" in node and "in" in node and rng.random() < 0.3:
            node["name"] = f"p{rng.randrange(99)}" + rng.choice(HOSTILE_STRINGS)
        else:
            node[rng.choice(TEXT_KEYS)] = rng.choice(HOSTILE_STRINGS) + rng.choice(["", "\n" + rng.choice(HOSTILE_STRINGS)])
    return doc


def mutate_text(rng: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rng.randrange(1, 8)):
        if not chars:
            break
        i = rng.randrange(len(chars))
        op = rng.randrange(6)
        if op == 0:
            chars[i] = chr(ord(chars[i]) ^ (1 << rng.randrange(7)))
        elif op == 1:
            chars.insert(i, rng.choice(["\r", "\x00", "\v", "\f", "\u2028", "\\", "&a ", "*a ", "<<: ", "!!python/object ", "{", "[", "'", '"', "\t", "#", "%YAML 1.1\n"]))
        elif op == 2:
            del chars[i : i + rng.randrange(1, 40)]
        elif op == 3:
            j = min(len(chars), i + rng.randrange(1, 200))
            chars[i:i] = chars[i:j]
        elif op == 4:
            chars.insert(i, rng.choice(HOSTILE_STRINGS))
        else:
            chars.insert(i, f"\nx-bomb{i}: &b{i} [" + ", ".join(["*b" + str(i)] * 0 + [f'"{MARK}"'] * 9) + "]\n")
    return "".join(chars)


def alias_bomb(rng: random.Random) -> str:
    levels = rng.randrange(3, 12)
    lines = ["openapi: 3.0.3", "info: {title: T, version: '1'}", "x-0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels):
        lines.append(f"x-{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    lines.append(f"components: {{schemas: {{P: {{type: object, example: *a{levels - 1}, properties: {{a: {{type: string, default: *a{levels - 1}}}}}}}}}}}")
    return "\n".join(lines) + "\n"


class Timeout(Exception):
    pass


REFUSED = "refused"


def run_one(path: Path, timeout: float) -> str | None:
    """None if the input was generated, REFUSED if cleanly refused; else what went wrong."""

    def alarm(signum: int, frame: object) -> None:
        raise Timeout(f"took over {timeout} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        spec = translate.build(load.load(path), path.name, "fuzz", "fuzz")
        files = render.render(spec)
        page = reference.markdown(spec, path.name)
    except load.SpecError:
        return REFUSED  # a clean refusal (generate.py prints it as one escaped, shortened line)
    except Timeout as e:
        return f"Timeout: {e}\n{traceback.format_exc()}"
    except BaseException as e:  # noqa: BLE001 - every other exception is a finding
        if isinstance(e, KeyboardInterrupt):
            raise
        return f"{type(e).__name__}: {str(e)[:500]}\n{traceback.format_exc()}"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    for name, text in files.items():
        problems = escapes(text)
        if problems:
            return f"{name}: text of the spec escapes a comment or literal: {problems[:5]}"
    problems = markdown_problems(page)
    if problems:
        return f"reference page: text of the spec changes the Markdown: {problems[:5]}"
    return None


def make_input(rng: random.Random, seeds: list[tuple[str, object]]) -> tuple[str, str]:
    """(file suffix, text) of one mutated input. A mutation the serializers cannot write (a
    subtree shared into itself: JSON refuses it, YAML dumping recurses) is drawn again."""
    old_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old_limit, 20_000))  # for yaml.safe_dump of deep nesting
    try:
        for _ in range(20):
            try:
                suffix, text = _make_input(rng, seeds)
            except (ValueError, RecursionError, yaml.YAMLError):
                continue
            if len(text) <= MAX_INPUT:
                return suffix, text
        return ".yaml", alias_bomb(rng)
    finally:
        sys.setrecursionlimit(old_limit)


def _make_input(rng: random.Random, seeds: list[tuple[str, object]]) -> tuple[str, str]:
    name, doc = rng.choice(seeds)
    kind = rng.random()
    if kind < 0.03:
        return ".yaml", alias_bomb(rng)
    if kind < 0.20:
        return ".yaml", mutate_text(rng, SEED_TEXTS[name])
    mutated = mutate_free_text(rng, doc) if kind < 0.5 else mutate_structure(rng, doc)
    kind = rng.random()
    if kind < 0.45:
        return ".yaml", yaml.safe_dump(mutated, allow_unicode=rng.random() < 0.5, sort_keys=False, width=rng.choice([80, 10_000]))
    return ".json", json.dumps(mutated, ensure_ascii=rng.random() < 0.5, allow_nan=True)


SEED_TEXTS: dict[str, str] = {}
MAX_INPUT = 4 << 20  # characters: shared subtrees written out as JSON can grow exponentially


def prepare_folder(folder: Path) -> Path:
    """The spec folder: files for the fuzzer's $refs to find (and a FIFO, a folder, a link out)."""
    spec_dir = folder / "api"
    spec_dir.mkdir(parents=True, exist_ok=True)
    (folder / "outside.yaml").write_text("type: object\nproperties: {a: {type: string}}\n")
    (spec_dir / "other.yaml").write_text("Pet: {type: object, properties: {name: {type: string, description: \"x\\r#error y @\"}}}\n")
    (spec_dir / "dir.yaml").mkdir(exist_ok=True)
    if not (spec_dir / "fifo.yaml").exists():
        os.mkfifo(spec_dir / "fifo.yaml")
    if not (spec_dir / "self.yaml").exists():
        os.symlink(spec_dir / "self.yaml", spec_dir / "self.yaml")  # a symlink loop
    return spec_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30, help="how long to run (default 30)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: from the clock; printed)")
    parser.add_argument("--max-execs", type=int, default=0, help="stop after this many inputs (0: no limit)")
    parser.add_argument("--timeout", type=float, default=20, help="seconds one input may take (default 20)")
    parser.add_argument("--artifacts", default=None, help="folder for findings (default: a new temporary folder)")
    parser.add_argument("--memory-mb", type=int, default=3072, help="address-space limit of the process (default 3072)")
    parser.add_argument("--replay", default=None, help="run one saved input and print the result")
    args = parser.parse_args(argv)

    limit = args.memory_mb << 20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    work = Path(tempfile.mkdtemp(prefix="fuzz-generator-"))
    spec_dir = prepare_folder(work)
    if args.replay:
        source = Path(args.replay)
        path = spec_dir / ("spec" + source.suffix)
        path.write_bytes(source.read_bytes())
        result = run_one(path, args.timeout)
        shutil.rmtree(work, ignore_errors=True)
        print(result or "generated, no finding")
        return 1 if result and result != REFUSED else 0

    seed = args.seed if args.seed is not None else int(time.time() * 1000) % 2**32
    print(f"fuzz_generator: seed {seed} (replay the same sequence with --seed {seed})", flush=True)
    rng = random.Random(seed)
    seeds = []
    for p in SEEDS:
        text = p.read_text(encoding="utf-8")
        SEED_TEXTS[str(p)] = text
        seeds.append((str(p), load.parse_text(text, p.name, False)))
    artifacts = Path(args.artifacts) if args.artifacts else work / "findings"
    start = time.monotonic()
    execs = findings = generated = 0
    while time.monotonic() - start < args.seconds and (not args.max_execs or execs < args.max_execs):
        suffix, text = make_input(rng, seeds)
        path = spec_dir / ("spec" + suffix)
        for old in spec_dir.glob("spec.*"):
            old.unlink()
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        result = run_one(path, args.timeout)
        execs += 1
        if result is None:
            generated += 1
            continue
        if result == REFUSED:
            continue
        findings += 1
        artifacts.mkdir(parents=True, exist_ok=True)
        case = artifacts / f"finding-{seed}-{execs}{suffix}"
        case.write_text(text, encoding="utf-8", errors="surrogatepass")
        case.with_suffix(".txt").write_text(result)
        print(f"FINDING at input {execs}: {result.splitlines()[0][:300]}\n  saved as {case} (--replay it)", flush=True)
    elapsed = time.monotonic() - start
    if not findings or args.artifacts:
        shutil.rmtree(work, ignore_errors=True)  # keep it only when it holds the findings
    print(f"fuzz_generator: {execs} inputs in {elapsed:.1f} s ({execs / max(elapsed, 1e-9):.1f}/s; {generated} generated, the rest refused), {findings} findings, seed {seed}")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
