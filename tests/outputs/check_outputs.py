#!/usr/bin/env python3
"""The files gator-rocm writes, read by Python's own parsers.

For a set of hosts (given as overrides), generates constraints, extras (with and without --uv) and
a pyproject update, and checks them with packaging (every constraint line a plain named requirement,
as pip's -c needs) and tomllib (the extras load, every entry is a valid PEP 508 requirement). Checks
too that --update keeps every byte outside the block and that writing twice changes nothing.
Exit 0 all good, 1 a problem, 125 skipped (packaging or tomllib missing).
"""
import argparse
import os
import subprocess
import sys
import tempfile

try:
    import tomllib
    from packaging.requirements import Requirement
    from packaging.specifiers import SpecifierSet
except ImportError as error:  # pragma: no cover - depends on the machine
    print(f"SKIP: {error} (install python3-packaging; tomllib needs Python 3.11)")
    sys.exit(125)

HOSTS = [
    ["--rocm", "7.0.2", "--gpu-arch", "gfx942", "--torch", "2.10.0+rocm7.0"],
    ["--rocm", "7.0.2", "--gpu-arch", "gfx942", "--torch", "none"],
    ["--rocm", "5.7.1", "--gpu-arch", "gfx900", "--torch", "2.3.1+rocm5.7", "--vllm"],
    ["--rocm", "6.2.4", "--gpu-arch", "gfx1031", "--torch", "none"],
    ["--rocm", "7.2.0", "--torch", "2.13.0+rocm7.2", "--nightly"],
    ["--rocm", "7.14.0", "--torch", "2.15.0.dev20260515+rocm7.14", "--channel", "nightly"],
    ["--rocm", "none", "--torch", "none"],
    ["--rocm", "6.5", "--torch", "2.9.1+rocm6.4", "--vllm"],
]

PYPROJECT = (
    '[build-system]\nrequires = ["setuptools"]\n\n'
    '[project]\nname = "demo"   # spacing kept\nversion = "0.1"\r\n'
    'dependencies = [\n  "numpy",\n]\n\n[tool.black]\nline-length = 99\n'
)

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def run(helper, *args):
    result = subprocess.run([helper, *args], capture_output=True, text=True)
    if result.returncode != 0:
        failures.append(f"{' '.join(args)}: exit {result.returncode}: {result.stderr.strip()}")
    return result


def check_constraints(path, label):
    names = set()
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            where = f"{label}: {os.path.basename(path)}:{number}: {line!r}"
            try:
                req = Requirement(line)
            except Exception as error:  # packaging's InvalidRequirement
                failures.append(f"{where}: {error}")
                continue
            check(not req.extras, f"{where}: constraints may not carry extras")
            check(req.url is None and req.marker is None, f"{where}: constraints are plain requirements")
            check(req.name not in names, f"{where}: {req.name} twice")
            names.add(req.name)
    check("torch" in names, f"{label}: no torch pin")
    check("transformers" in names, f"{label}: no transformers line")


def check_extras(path, label):
    with open(path, "rb") as f:
        doc = tomllib.load(f)
    extras = doc.get("project", {}).get("optional-dependencies", {})
    check(set(extras) >= {"rocm57", "rocm65", "rocm70"}, f"{label}: extras {sorted(extras)}")
    for name, requirements in extras.items():
        for requirement in requirements:
            try:
                Requirement(requirement)
            except Exception as error:
                failures.append(f"{label}: extra {name}: {requirement!r}: {error}")
    torch_70 = [r for r in extras.get("rocm70", []) if Requirement(r).name == "torch"]
    check(torch_70 and "2.10.0" in SpecifierSet(str(Requirement(torch_70[0]).specifier)),
          f"{label}: rocm70 must allow torch 2.10.0: {torch_70}")
    check(not any("2.9.1" in SpecifierSet(str(Requirement(r).specifier)) for r in torch_70),
          f"{label}: rocm70 must not allow torch 2.9.1")
    return doc


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--helper", required=True)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for i, host in enumerate(HOSTS):
            label = " ".join(host)
            out = os.path.join(tmp, f"constraints-{i}.txt")
            run(args.helper, "constraints", "-o", out, *host)
            check_constraints(out, label)
            before = os.stat(out).st_mtime_ns
            run(args.helper, "constraints", "-o", out, *host)
            check(os.stat(out).st_mtime_ns == before, f"{label}: an unchanged constraints file was rewritten")
        for uv in ([], ["--uv"]):
            out = os.path.join(tmp, f"extras{len(uv)}.toml")
            run(args.helper, "extras", "-o", out, *uv)
            doc = check_extras(out, f"extras {uv}")
            if uv:
                sources = doc.get("tool", {}).get("uv", {}).get("sources", {})
                indexes = {i["name"]: i["url"] for i in doc.get("tool", {}).get("uv", {}).get("index", [])}
                check(all(i.get("explicit") for i in doc["tool"]["uv"]["index"]), "uv indexes must be explicit")
                for entry in sources.get("torch", []):
                    check(entry["index"] in indexes, f"uv source names an unknown index {entry}")
                check(any(e.get("extra") == "rocm70" for e in sources.get("torch", [])), "no rocm70 torch source")
        pyproject = os.path.join(tmp, "pyproject.toml")
        with open(pyproject, "w", encoding="utf-8", newline="") as f:
            f.write(PYPROJECT)
        run(args.helper, "extras", "--update", pyproject, "--uv")
        with open(pyproject, encoding="utf-8", newline="") as f:
            updated = f.read()
        check(updated.startswith(PYPROJECT), "--update changed bytes before the block")
        check_extras(pyproject, "updated pyproject")
        run(args.helper, "extras", "--update", pyproject, "--uv")
        with open(pyproject, encoding="utf-8", newline="") as f:
            check(f.read() == updated, "a second --update changed the file")
    for failure in failures:
        print("FAIL:", failure)
    print(f"{len(HOSTS)} hosts, {len(failures)} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
