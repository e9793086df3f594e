#!/usr/bin/env python3
"""Compares `mpsim check` with the official WXML/WXSS compilers (wcc, wcsc) on a whole app.

Every .wxml and .wxss file is compiled by both; the script lists each file where they disagree
on accept or reject: a file wcc accepts and mpsim reports an error in is a false error (exit
status 1), a file wcc rejects and mpsim accepts is a missed error (reported, not failed: the
2019-2020 compilers reject some syntax that newer ones take). An import or include of a file
that does not exist is a genuine error that wcc lets through; such files are listed apart.

The official compilers come from the oracle set up beside the repository (`../shared/oracle`,
`./setup.sh` there); it is a developer's tool, not something the tests need.

    devtools/scripts/wcc-agreement.py APP_DIR --mpsim target/debug/mpsim [--oracle ../shared/oracle]
"""

import argparse
import json
import os
import subprocess
import sys


def miniprogram_root(app):
    """The folder the package lives in (project.config.json's miniprogramRoot), relative."""
    try:
        with open(os.path.join(app, "project.config.json"), encoding="utf-8") as f:
            return (json.load(f).get("miniprogramRoot") or "").strip("/")
    except (OSError, ValueError):
        return ""


def official(oracle, root):
    """{file: message} of the .wxml/.wxss files wcc/wcsc reject, and how many each compiled."""
    out = subprocess.run(
        ["node", os.path.join("tools", "compile_demo_app.js"), os.path.abspath(root)],
        cwd=oracle, capture_output=True, text=True, check=False,
    )
    if out.returncode != 0:
        sys.exit("the oracle failed: " + out.stderr.strip()[:500])
    report = json.loads(out.stdout)
    rejected = {}
    for tool in ("wcc", "wcsc"):
        for r in report[tool]["rejected"]:
            if r.get("file"):
                rejected[r["file"]] = r.get("err", "")
    return rejected, report["wxmlFiles"], report["wxssFiles"]


GENUINE = {"wxml-file-not-found"}


def ours(mpsim, app, prefix):
    """{file: [(code, message)]} of the .wxml/.wxss files `mpsim check` reports an error in."""
    out = subprocess.run([mpsim, "check", app, "--format", "json"], capture_output=True, text=True, check=False)
    if out.returncode == 2:
        sys.exit("mpsim check: " + (out.stderr.strip() or out.stdout.strip()))
    errors = {}
    for d in json.loads(out.stdout)["diagnostics"]:
        f = d["file"]
        if d["severity"] != "error" or not f.endswith((".wxml", ".wxss")):
            continue
        if prefix and f.startswith(prefix + "/"):
            f = f[len(prefix) + 1:]
        errors.setdefault(f, []).append((d["code"], f'{d["line"]}:{d["col"]}: {d["message"]}'))
    return errors


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("app")
    ap.add_argument("--mpsim", required=True)
    default_oracle = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "oracle")
    ap.add_argument("--oracle", default=default_oracle)
    args = ap.parse_args()
    prefix = miniprogram_root(args.app)
    rejected, n_wxml, n_wxss = official(args.oracle, os.path.join(args.app, prefix))
    errors = ours(args.mpsim, args.app, prefix)
    genuine = sorted(f for f in errors if f not in rejected and all(c in GENUINE for c, _ in errors[f]))
    false_errors = sorted(f for f in errors if f not in rejected and f not in genuine)
    missed = sorted(f for f in rejected if f not in errors)
    print(f"{args.app}: {n_wxml} .wxml and {n_wxss} .wxss files; wcc/wcsc reject {len(rejected)}, "
          f"mpsim reports errors in {len(errors)}")
    for f in false_errors:
        print(f"  false error (wcc accepts, mpsim rejects): {f}")
        for _, m in errors[f]:
            print(f"      {m}")
    for f in genuine:
        print(f"  genuine error wcc lets through: {f}")
        for _, m in errors[f]:
            print(f"      {m}")
    for f in missed:
        print(f"  missed (wcc rejects, mpsim accepts): {f}\n      {rejected[f]}")
    if not false_errors and not missed and not genuine:
        print("  they agree on every file")
    sys.exit(1 if false_errors else 0)


if __name__ == "__main__":
    main()
