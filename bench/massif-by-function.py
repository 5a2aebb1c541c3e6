#!/usr/bin/env python3
"""Peak heap of a valgrind massif profile, by the innermost tolk function that allocated it.

usage: massif-by-function.py massif.out [top-N]

massif's tree lists allocation sites from the allocator outwards; the first frame whose
function is tolk's own (not a generic instantiated with tolk types) is credited with the bytes.
"""
import collections
import re
import subprocess
import sys

NODE = re.compile(r"^( *)n(\d+): (\d+) (.*)$")
FRAME = re.compile(r"^0x[0-9A-Fa-f]+: (.*?)(?: \(([^()]*)\))?$")


def snapshots(lines):
    """Yields (header dict, index of the first heap-tree line) per detailed snapshot."""
    i = 0
    while i < len(lines):
        if lines[i].startswith("snapshot="):
            info = {}
            while not lines[i].startswith("heap_tree="):
                key, _, value = lines[i].partition("=")
                info[key] = value
                i += 1
            info["tree"] = lines[i].partition("=")[2]
            yield info, i + 1
        i += 1


def parse(lines, i):
    m = NODE.match(lines[i])
    children, i = [], i + 1
    for _ in range(int(m[2])):
        child, i = parse(lines, i)
        children.append(child)
    return (int(m[3]), m[4], children), i


def demangler(descs):
    out = subprocess.run(["c++filt"], input="\n".join(descs), capture_output=True, text=True)
    return dict(zip(descs, out.stdout.split("\n")))


def main():
    lines = open(sys.argv[1]).read().split("\n")
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    peak, start = next((s, i) for s, i in snapshots(lines) if s["tree"] == "peak")
    root, _ = parse(lines, start)
    descs = set()

    def collect(node):
        descs.add(node[1])
        for c in node[2]:
            collect(c)

    collect(root)
    names = demangler(sorted(descs))
    credit = collections.Counter()

    def walk(node):
        size, desc, children = node
        text = re.sub(r"\[[0-9a-f]{16}\]", "", names.get(desc, desc))
        m = FRAME.match(text)
        function = m[1] if m else text
        if re.match(r"<?tolk::", function):
            credit[re.sub(r"<.*", "", function.lstrip("<"))] += size
        elif "below massif's threshold" in function:
            credit["(allocation sites below massif's 1% threshold)"] += size
        elif not children:
            credit["(outside tolk) " + function[:60]] += size
        else:
            for c in children:
                walk(c)

    for child in root[2]:
        walk(child)
    total = int(peak["mem_heap_B"])
    print(f"peak heap {total / 1e6:.1f} MB (+{int(peak['mem_heap_extra_B']) / 1e6:.1f} MB "
          f"allocator overhead), by innermost tolk function:")
    for name, size in credit.most_common(top):
        print(f"{size / 1e6:8.2f} MB {100 * size / total:5.1f}%  {name}")


if __name__ == "__main__":
    main()
