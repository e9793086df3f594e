#!/usr/bin/env python3
"""Render every page of a mini-program and count the uncaught errors each one prints.

    devtools/scripts/render-pages.py APP_DIR [--mpsim BIN] [--mock RULES] [--out DIR] [-v]

Pages come from app.json (`pages`, then every subpackage's pages), under the folder that
project.config.json's `miniprogramRoot` names. Each page is one `mpsim render` process, so a
page that breaks cannot hide the next one. The last line is the total, for comparing two
mpsim builds (or two versions of an app) on the same folder.
"""

import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile


def strip_comments(text):
    """app.json is JSON, but the official tools accept // and /* */ comments in it."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i : j + 1])
            i = j + 1
        elif text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def read_json(path):
    with open(path, encoding="utf-8-sig") as f:
        return json.loads(strip_comments(f.read()))


def pages_of(app_dir):
    root = app_dir
    config = os.path.join(app_dir, "project.config.json")
    if os.path.exists(config):
        sub = read_json(config).get("miniprogramRoot")
        if sub:
            root = os.path.join(app_dir, sub)
    app = read_json(os.path.join(root, "app.json"))
    pages = list(app.get("pages", []))
    for pkg in app.get("subPackages", app.get("subpackages", [])):
        base = pkg.get("root", "").strip("/")
        pages += [f"{base}/{p}" for p in pkg.get("pages", [])]
    return pages


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("app")
    ap.add_argument("--mpsim", default="mpsim")
    ap.add_argument("--mock")
    ap.add_argument("--out", help="keep the PNGs in this folder")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every error")
    args = ap.parse_args()

    out_dir = args.out or tempfile.mkdtemp(prefix="mpsim-pages-")
    os.makedirs(out_dir, exist_ok=True)
    total, failed, kinds = 0, 0, collections.Counter()
    pages = pages_of(args.app)
    for page in pages:
        png = os.path.join(out_dir, page.replace("/", "_") + ".png")
        cmd = [args.mpsim, "render", args.app, "--page", page, "--out", png]
        if args.mock:
            cmd += ["--mock", args.mock]
        try:
            run = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
            err, code = run.stderr, run.returncode
        except subprocess.TimeoutExpired:
            err, code = "timed out after 120 s\n", -1
        errors = [l for l in err.splitlines() if l.startswith("uncaught error")]
        total += len(errors)
        if code != 0 or not os.path.exists(png):
            failed += 1
        for e in errors:
            # Group by message, without the numbers and paths that vary per page.
            kinds[re.sub(r"\d+", "N", e)[:160]] += 1
        mark = "" if code == 0 else f"  (exit {code}: {err.strip().splitlines()[-1:] or ''})"
        print(f"{len(errors):4} {page}{mark}")
        if args.verbose:
            for e in errors:
                print(f"       {e[:300]}")
    print("-- errors by kind")
    for k, n in kinds.most_common():
        print(f"{n:4} {k}")
    print(f"{total} uncaught errors on {len(pages)} pages, {failed} pages without a PNG")
    return 0


if __name__ == "__main__":
    sys.exit(main())
