#!/usr/bin/env python3
"""Checks a `cargo test --workspace` log: every test target of the workspace ran (a suite
that silently did not run fails CI), and counts the tests and the skip lines tests wrote.

usage: check-suites.py TEST_LOG [SKIP_LOG]
"""
import json
import os
import re
import subprocess
import sys


def expected_suites():
    meta = json.loads(subprocess.check_output(
        ["cargo", "metadata", "--no-deps", "--format-version", "1"]))
    suites = set()
    for pkg in meta["packages"]:
        root = os.path.dirname(pkg["manifest_path"])
        for t in pkg["targets"]:
            if not t.get("test", False):
                continue
            kinds = set(t["kind"])
            rel = os.path.relpath(t["src_path"], root)
            if "test" in kinds:
                suites.add((t["name"].replace("-", "_"), rel))
            elif kinds & {"lib", "rlib", "bin"}:
                suites.add((t["name"].replace("-", "_"), "unittests " + rel))
    return suites


def ran_suites(log):
    """(binary name, shown path) of every `Running` line, with its pass and ignore counts."""
    ran = {}
    current = None
    for line in log.splitlines():
        m = re.match(r"\s*Running (.+) \((.+)\)$", line)
        if m:
            binary = os.path.basename(m.group(2)).rsplit("-", 1)[0]
            current = (binary, m.group(1))
            ran[current] = (0, 0)
            continue
        m = re.match(r"test result: \w+\. (\d+) passed; \d+ failed; (\d+) ignored", line)
        if m and current:
            ran[current] = (int(m.group(1)), int(m.group(2)))
            current = None
    return ran


def main():
    log = open(sys.argv[1], encoding="utf-8", errors="replace").read()
    skips = []
    if len(sys.argv) > 2 and os.path.exists(sys.argv[2]):
        skips = [l.strip() for l in open(sys.argv[2], encoding="utf-8") if l.strip()]
    expected = expected_suites()
    ran = ran_suites(log)
    missing = sorted(expected - set(ran))
    passed = sum(p for p, _ in ran.values())
    ignored = sum(i for _, i in ran.values())
    print(f"suites: {len(expected)} expected, {len(ran)} ran, {len(missing)} missing; "
          f"tests: {passed} passed, {ignored} ignored; skipped: {len(skips)}")
    for s in skips:
        print(f"  skipped: {s}")
    for name, path in missing:
        print(f"  did not run: {name} ({path})")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
