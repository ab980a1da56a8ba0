#!/usr/bin/env python3
"""Where the client's CPU goes in a list_all walk: the samples of `perf script` attributed to
the stages of issue 20's profile (bench/README.md, "Profile").

    perf record --call-graph dwarf,32768 -F 1500 -o walk.data \\
        build-prof/bin/arize-bench --profile client --walks 2
    perf script -i walk.data -F comm,pid,tid,ip,sym | python3 bench/profile_stages.py -

(`--profile hand`: the same for the hand-written loop.) Only the process that runs the walk is
counted (the stub server is a child process of its own). Each sample goes to the stage of its
innermost frame that names one (leaf first): a malloc under the JSON parser is parsing, a free
under a json destructor is DOM destruction. Needs a Release build with `-g` (inlined frames)
and DWARF call graphs (glibc's malloc has no frame pointers).
"""
import collections
import re
import sys

OTHER = "other (kernel scheduling, libc, the bench loop)"
# In order: the first stage whose pattern a frame matches names it.
STAGES = [
    ("JSON text -> tape (simdjson or nlohmann's SAX parser; issue 20)",
     r"simdjson|JsonTape::read|JsonTape::Builder|JsonTape::prepare|JsonTape::read_leniently"
     r"|arize::JsonTape::Node"  # the tape's nodes as it grows (std::vector<...Node>)
     r"|sax_parse"),
    ("JSON text -> DOM",
     r"nlohmann.*(detail::parser|detail::lexer|json_sax_dom|::parse\b|::parse<)"
     r"|parse_json_or_discarded"),
    ("DOM destruction", r"json_value::destroy|~basic_json"),
    ("DOM (or tape) -> structs",
     r"arize_read|read_member|required_member|member_index|arize::JsonRef|arize::JsonRange"
     r"|~JsonTape|arize_decode|arize::Codec|arize::decode<|decode_field|decode_optional_field"
     r"|arize::detail::parse_date|DateTime|datetime|from_wire|expect_object|arize::JsonPath"
     r"|decode_response|check_range|find_member|arize::Required<.*>::Required"
     r"|arize::Open<.*>::Open|number_at|digits_at|is_digit"
     r"|hand::parse|hand::optional_string"),  # the hand-written loop's (--profile hand)
    ("structs -> facade types, their destruction, the pager",
     r"list_from|key_from|page_from_response|arize::Pager|to_vocab|arize::detail::In0"
     r"|ApiKeysClient::list|~ApiKey|ApiKey::ApiKey|~PaginationMetadata|~ListApiKeysResponse"
     r"|vector<arize::[^ ]*ApiKey|_S_do_it|~Required|_Optional_payload_base<arize::"),
    # A function of the project's own; a library frame that only names one of its types in a
    # template argument (std::vector<arize::...>) is left to the frames above it.
    ("the project's request path", r"^(\(anonymous namespace\)::)?arize::"),
    ("cpp-httplib (socket I/O, HTTP parsing)", r"httplib::"),
]
ALLOC = re.compile(r"\b(malloc|free|_int_malloc|_int_free|cfree|operator new|operator delete"
                   r"|malloc_consolidate|unlink_chunk|counted_)")


def read_samples(lines):
    """(pid, tid, frames leaf first) of each sample of `perf script -F comm,pid,tid,ip,sym`."""
    samples, current = [], None
    for line in lines:
        if not line.strip():
            if current:
                samples.append(current)
            current = None
        elif not line[0].isspace():
            m = re.match(r"\S.*?\s+(\d+)/(\d+)\s", line)
            current = (int(m.group(1)), int(m.group(2)), []) if m else None
        elif current is not None:
            parts = line.strip().split(" ", 1)
            current[2].append(parts[-1])
    if current:
        samples.append(current)
    return samples


def main():
    source = sys.stdin if len(sys.argv) < 2 or sys.argv[1] == "-" else open(sys.argv[1])
    samples = read_samples(source)
    stages = [(name, re.compile(rx)) for name, rx in STAGES]
    walkers = collections.Counter(
        pid for pid, _, frames in samples
        # profile_walks, or the walk functions where an optimised build inlined it into main
        if any(re.search(r"profile_walks|client_walk|hand_walk", f) for f in frames))
    if not walkers:
        sys.exit("no sample runs a walk: record arize-bench --profile client (or hand)")
    pid = walkers.most_common(1)[0][0]
    mine = [s for s in samples if s[0] == pid]
    counts = collections.Counter()
    alloc = 0
    for _, _, frames in mine:
        stage = next((name for f in frames for name, rx in stages if rx.search(f)), OTHER)
        counts[stage] += 1
        alloc += bool(frames and ALLOC.search(frames[0]))
    total = len(mine)
    threads = len({tid for _, tid, _ in mine})
    print(f"{total} samples of process {pid} ({threads} threads)")
    for name in [n for n, _ in STAGES] + [OTHER]:
        print(f"  {name:55s} {100.0 * counts[name] / total:5.1f}%")
    print(f"  {'malloc/free/new/delete at the leaf (across stages)':55s} "
          f"{100.0 * alloc / total:5.1f}%")


if __name__ == "__main__":
    main()
