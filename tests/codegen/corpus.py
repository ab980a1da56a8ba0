#!/usr/bin/env python3
"""The generator on real-world OpenAPI documents (CTest codegen.corpus).

    corpus.py --source ROOT --build DIR --cxx COMPILER [--jobs N] [--only NAME]

For every document in ROOT/../shared/specs (the corpus is not part of the project; when it is
absent this says so in one line and exits 77, which CTest reports as skipped):

1. generate it (namespace `corpus`), counting its warnings;
2. check every `example`/`examples` value against its own schema with `jsonschema` (OpenAPI
   3.0 documents: draft 4 plus `nullable`; 3.1: draft 2020-12); invalid examples are counted,
   not failed on;
3. write two translation units: api.cpp includes everything generated and instantiates every
   API class over a recording transport (compiled with -fsyntax-only: every template is
   checked, no code is generated); unit.cpp includes the headers of the example types only and
   decodes every valid example into its generated type and encodes it back, which must give the
   same JSON (date-times compared as instants; members the schema does not declare are not
   kept, and are counted, not failed on);
4. build unit.cpp (one small CMake project over this repository's `arize::client`, -O0; api.cpp
   with the same command line) and run it.

Exit 0 when every document generates, compiles and round-trips; the table printed at the end
has per document: structs, operations, warnings, examples (valid/invalid), generate and
compile seconds.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import re
import subprocess
import sys
import time
from pathlib import Path

SKIP = 77

# Documents that are invalid in a way the generator refuses by default, and the opt-in that
# makes them generate. Each entry is a known defect of the published document.
OPT_INS = {
    # #/components/schemas/ConfigPropertyRepresentation/properties/defaultValue points at
    # #/components/schemas/oas_any_type_not_mapped, which the document does not define.
    "keycloak-23.0.7.yaml": ["--dangling-refs-as-json"],
}


def to_draft(schema, openapi30: bool):
    """An OpenAPI schema as JSON Schema: 3.0's `nullable: true` becomes an anyOf with null."""
    if isinstance(schema, list):
        return [to_draft(s, openapi30) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: to_draft(v, openapi30) for k, v in schema.items()}
    if openapi30 and out.get("nullable") is True:
        out.pop("nullable")
        if "$ref" in out:
            return {"anyOf": [{"$ref": out["$ref"]}, {"type": "null"}]}
        return {"anyOf": [out, {"type": "null"}]}
    return out


def validators(doc: dict, load):
    import jsonschema  # noqa: PLC0415 - only this step needs it

    openapi30 = str(doc.get("openapi", "")).startswith("3.0")
    root = to_draft(doc, openapi30)
    cls = jsonschema.Draft4Validator if openapi30 else jsonschema.Draft202012Validator

    def exists(pointer: str) -> bool:
        node = doc
        for token in load.split_pointer(pointer):
            if isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                return False
        return True

    def is_valid(pointer: str, value) -> bool:
        if not exists(pointer):
            return True  # a media type without a schema: any value
        # The whole document is the root schema (its other members are unknown keywords,
        # ignored), so "#/components/..." references resolve inside it.
        schema = dict(root, **{"$ref": "#" + pointer})
        try:
            return cls(schema).is_valid(value)
        except Exception:  # noqa: BLE001 - a reference jsonschema cannot follow: not checkable
            return False

    return is_valid


def model_headers(gen: Path) -> dict[str, str]:
    """Generated type name -> its header (relative to the include root)."""
    out = {}
    for header in sorted((gen / "models").glob("*.hpp")):
        for name in re.findall(r"^(?:struct|enum class) (\w+) \{", header.read_text(encoding="utf-8"), re.M):
            out[name] = f"gen/models/{header.name}"
    return out


def write_units(d: Path, apis: list[str], examples: list[dict], names) -> None:
    """api.cpp (checked with -fsyntax-only): everything generated, every API class instantiated.
    unit.cpp (built and run): the headers of the example types only, and the round trips."""
    api = ['#include "gen/all.hpp"', "", "namespace corpus_test {", "struct Recorder {",
           "  arize::HttpResponse send(const arize::HttpRequest&) { return {}; }", "};", "}  // namespace corpus_test", ""]
    api += [f"template class corpus::{a}<corpus_test::Recorder>;" for a in apis]
    (d / "api.cpp").write_text("\n".join(api) + "\n", encoding="utf-8")
    headers = model_headers(d / "gen")
    used = sorted({headers[n] for e in examples for n in re.findall(r"\w+", e["cpp"]) if n in headers})
    lines = ["// GENERATED by tests/codegen/corpus.py: every valid example, decoded and encoded back.",
             "#include <cstdio>", '#include "arize/core/runtime.hpp"']
    lines += [f'#include "{h}"' for h in used]
    lines += [
        "",
        "namespace corpus {}  // the types of the examples, when there are any",
        "namespace {",
        "int failures = 0;",
        "int lossy = 0;",
        "// Same JSON, except that date-times are compared as instants (the encoder writes its own",
        "// RFC 3339 spelling) and members `out` lacks are reported (undeclared members are not kept).",
        "bool same(const ::nlohmann::json& in, const ::nlohmann::json& out, bool& dropped) {",
        "  if (in.is_object() && out.is_object()) {",
        "    for (const auto& [k, v] : out.items()) {",
        "      if (!in.contains(k) || !same(in.at(k), v, dropped)) return false;",
        "    }",
        "    if (in.size() != out.size()) dropped = true;",
        "    return true;",
        "  }",
        "  if (in.is_array() && out.is_array()) {",
        "    if (in.size() != out.size()) return false;",
        "    for (std::size_t i = 0; i < in.size(); ++i) {",
        "      if (!same(in[i], out[i], dropped)) return false;",
        "    }",
        "    return true;",
        "  }",
        "  if (in.is_string() && out.is_string() && in != out) {",
        "    try {",
        "      return ::arize::parse_datetime(in.get<std::string>()) == ::arize::parse_datetime(out.get<std::string>());",
        "    } catch (const ::arize::Error&) {",
        "      return false;",
        "    }",
        "  }",
        "  return in == out;",
        "}",
        "template <class T>",
        "void round_trip(const char* text, const char* where) {",
        "  const auto in = ::nlohmann::json::parse(text);",
        "  try {",
        "    const auto out = ::arize::encode(::arize::decode<T>(in));",
        "    bool dropped = false;",
        "    if (!same(in, out, dropped)) {",
        "      ++failures;",
        '      std::printf("MISMATCH %s\\n  in:  %.300s\\n  out: %.300s\\n", where, in.dump().c_str(), out.dump().c_str());',
        "    } else if (dropped) {",
        "      ++lossy;",
        "    }",
        "  } catch (const ::arize::Error& e) {",
        "    ++failures;",
        '    std::printf("REJECTED %s: %s\\n", where, e.what());',
        "  }",
        "}",
        "}  // namespace",
        "",
        "int main() {",
        "  using namespace corpus;  // NOLINT: the example types are named as in the generated code",
    ]
    for e in examples:
        lines.append(f"  round_trip<{e['cpp']}>({names.raw_string(json.dumps(e['value'], ensure_ascii=False))}, {json.dumps(e['where'])});")
    lines += [
        f'  std::printf("round trip: %d of {len(examples)} examples failed; %d lost members the schema does not declare\\n", failures, lossy);',
        "  return failures == 0 ? 0 : 1;",
        "}",
        "",
    ]
    (d / "unit.cpp").write_text("\n".join(lines), encoding="utf-8")


CMAKE = """cmake_minimum_required(VERSION 3.20)
project(arize_codegen_corpus CXX)
set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
add_subdirectory({root} arize EXCLUDE_FROM_ALL)
set(corpus_flags -O0 -Wall -Wextra -Wpedantic -Werror)
# Links what every document's target links: building it first builds the library's compiled
# parts (whatever arize::client links) once, before the documents' targets are built in parallel.
# It also compiles the runtime's header once, as the precompiled header of every unit (~2.5 s
# of g++ each, twice a document: unit.cpp and api.cpp).
file(WRITE ${{CMAKE_CURRENT_BINARY_DIR}}/library_parts.cpp "int main() {{ return 0; }}\n")
add_executable(corpus_library_parts ${{CMAKE_CURRENT_BINARY_DIR}}/library_parts.cpp)
target_link_libraries(corpus_library_parts PRIVATE arize::client)
target_compile_options(corpus_library_parts PRIVATE ${{corpus_flags}})
target_precompile_headers(corpus_library_parts PRIVATE <arize/core/runtime.hpp> <cstdio>)
foreach(name {names})
  add_executable(corpus_${{name}} ${{name}}/unit.cpp)
  target_include_directories(corpus_${{name}} PRIVATE ${{CMAKE_CURRENT_SOURCE_DIR}}/${{name}})
  target_link_libraries(corpus_${{name}} PRIVATE arize::client)
  target_compile_options(corpus_${{name}} PRIVATE ${{corpus_flags}})
  target_precompile_headers(corpus_${{name}} REUSE_FROM corpus_library_parts)
endforeach()
"""


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", required=True, type=Path)
    ap.add_argument("--build", required=True, type=Path)
    ap.add_argument("--cxx", required=True)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", action="append", default=[], help="only these documents (file names)")
    args = ap.parse_args()
    specs_dir = (args.source / ".." / "shared" / "specs").resolve()
    specs = sorted(p for p in specs_dir.glob("*") if p.suffix in (".yaml", ".yml", ".json")) if specs_dir.is_dir() else []
    if not specs:
        print(f"corpus skipped: no OpenAPI documents in {specs_dir} (../shared/specs from the source root)")
        return SKIP
    if args.only:
        specs = [p for p in specs if p.name in args.only]
    sys.path.insert(0, str(args.source))
    from codegen import load, names  # noqa: PLC0415 - reads documents and spells literals as the generator does

    out = args.build
    out.mkdir(parents=True, exist_ok=True)
    rows: dict[str, dict] = {}
    failed: list[str] = []
    def unit_name(spec: Path) -> str:
        return re.sub(r"[^A-Za-z0-9_]", "_", spec.stem)

    def generate(spec: Path) -> tuple[subprocess.CompletedProcess, float]:
        d = out / unit_name(spec)
        d.mkdir(exist_ok=True)
        start = time.monotonic()
        proc = subprocess.run(
            [sys.executable, str(args.source / "codegen" / "generate.py"), str(spec), "--out", str(d / "gen"),
             "--namespace", "corpus", "--include-prefix", "gen", "--manifest", str(d / "manifest.json"),
             *OPT_INS.get(spec.name, [])],
            capture_output=True, text=True, check=False,
        )
        return proc, time.monotonic() - start

    # The documents generate in parallel (processes); the rest reads their results in order.
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        generated = list(pool.map(generate, specs))
    for spec, (proc, seconds) in zip(specs, generated):
        name = unit_name(spec)
        d = out / name
        if proc.returncode != 0:
            print(f"{spec.name}: does not generate:\n{proc.stderr}")
            failed.append(spec.name)
            continue
        m = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
        doc = load.load(spec).value
        is_valid = validators(doc, load)
        valid = [e for e in m["examples"] if is_valid(e["schema_where"].split("#", 1)[1], e["value"])]
        apis = sorted(re.findall(r"class (\w+Api) \{", "".join(p.read_text() for p in (d / "gen").glob("*_api.hpp"))))
        write_units(d, apis, valid, names)
        rows[name] = {
            "file": spec.name,
            "structs": m["structs"],
            "enums": m["enums"],
            "operations": m["operations"],
            "warnings": len(m["warnings"]),
            "valid": len(valid),
            "invalid": len(m["examples"]) - len(valid),
            "generate": seconds,
        }
    if rows:
        (out / "CMakeLists.txt").write_text(
            CMAKE.format(root=args.source.resolve().as_posix(), names=" ".join(rows)), encoding="utf-8"
        )
        cfg = subprocess.run(
            ["cmake", "-S", str(out), "-B", str(out / "build"), f"-DCMAKE_CXX_COMPILER={args.cxx}",
             "-DCMAKE_BUILD_TYPE=", f"-DPython3_EXECUTABLE={sys.executable}", "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON"],
            capture_output=True, text=True, check=False,
        )
        if cfg.returncode != 0:
            print(cfg.stdout + cfg.stderr)
            return 1

        commands = {Path(c["file"]).parent.name: c for c in json.loads((out / "build" / "compile_commands.json").read_text())}

        # Two `cmake --build` of one tree at a time would both build the library's compiled parts,
        # into the same files: they are built once here, through corpus_library_parts.
        shared = subprocess.run(["cmake", "--build", str(out / "build"), "--target", "corpus_library_parts"],
                                capture_output=True, text=True, check=False)
        if shared.returncode != 0:
            print(shared.stdout + shared.stderr)
            return 1

        def build_and_run(name: str) -> tuple[str, bool, str]:
            start = time.monotonic()
            # everything generated: the compile command of unit.cpp, on api.cpp, syntax only
            c = commands[name]
            argv = c["command"].split() if "command" in c else list(c["arguments"])
            argv = [a for i, a in enumerate(argv) if a not in ("-c", "-o") and argv[i - 1] not in ("-o",)]
            argv = [str(out / name / "api.cpp") if a.endswith("unit.cpp") else a for a in argv] + ["-fsyntax-only"]
            a = subprocess.run(argv, capture_output=True, text=True, check=False, cwd=c["directory"])
            rows[name]["api"] = time.monotonic() - start
            if a.returncode != 0:
                return name, False, "does not compile:\n" + "\n".join(a.stderr.splitlines()[:20])
            start = time.monotonic()
            b = subprocess.run(
                ["cmake", "--build", str(out / "build"), "--target", f"corpus_{name}"],
                capture_output=True, text=True, check=False,
            )
            rows[name]["compile"] = time.monotonic() - start
            if b.returncode != 0:
                output = (b.stdout + b.stderr).splitlines()
                errors = [line for line in output if "error" in line.lower()][:10] or output[-10:]
                return name, False, "round trip does not compile:\n" + "\n".join(errors)
            exe = next((out / "build").rglob(f"corpus_{name}"))
            r = subprocess.run([str(exe)], capture_output=True, text=True, check=False)
            rows[name]["round trip"] = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else ""
            return name, r.returncode == 0, r.stdout[-4000:]

        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            for name, ok, text in pool.map(build_and_run, list(rows)):
                if not ok:
                    print(f"{rows[name]['file']}: {text}")
                    failed.append(rows[name]["file"])
    print(f"{'document':32} {'structs':>7} {'enums':>5} {'ops':>4} {'warn':>4} {'ex ok':>5} {'ex bad':>6} {'gen s':>6} {'api s':>6} {'rt s':>6}")
    for r in rows.values():
        print(
            f"{r['file']:32} {r['structs']:7} {r['enums']:5} {r['operations']:4} {r['warnings']:4} {r['valid']:5}"
            f" {r['invalid']:6} {r['generate']:6.1f} {r.get('api', 0):6.1f} {r.get('compile', 0):6.1f}  {r.get('round trip', '')}"
        )
    if failed:
        print(f"FAILED: {', '.join(sorted(set(failed)))}")
        return 1
    print(f"{len(rows)} of {len(specs)} documents generate, compile and round-trip their valid examples")
    return 0


if __name__ == "__main__":
    sys.exit(main())
