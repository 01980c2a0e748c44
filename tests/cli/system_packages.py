#!/usr/bin/python3
"""The helper on the real machine (root /), against Debian's own ROCm and torch packages.

Debian packages HIP without rocm-core (`apt-get install libamdhip64-dev hipcc rocminfo python3-torch`,
all in /usr): the helper must find that ROCm in /usr, say that HIP's version stands in for it, and read
Debian's torch from /usr/lib/python3/dist-packages for --python /usr/bin/python3. The expected values
come from the package database and the torch package's own version.py, not from the helper.

Exit status: 0 pass, 1 fail, 125 skipped (the packages are not installed, or another ROCm on this
machine would rightly be preferred to the one in /usr). Standard library only (run with /usr/bin/python3).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys

SKIP = 125
PACKAGES = ["libamdhip64-dev", "hipcc", "rocminfo", "python3-torch"]
TORCH_VERSION_PY = "/usr/lib/python3/dist-packages/torch/version.py"


def skip(reason):
    print(f"skipped: {reason}", file=sys.stderr)
    sys.exit(SKIP)


def package_version(name):
    """The installed version of a Debian package, or None."""
    if not shutil.which("dpkg-query"):
        return None
    result = subprocess.run(["dpkg-query", "-W", "-f=${Status}\t${Version}", name], capture_output=True, text=True)
    if result.returncode != 0 or "\t" not in result.stdout:
        return None
    status, version = result.stdout.split("\t", 1)
    return version if status.endswith(" installed") else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exe", required=True)
    options = parser.parse_args()

    versions = {name: package_version(name) for name in PACKAGES}
    missing = [name for name, version in versions.items() if version is None]
    if missing:
        skip(f"Debian packages not installed: {' '.join(missing)} (scripts/install-deps.sh installs them)")
    for other in ["/opt/rocm", "/usr/include/rocm-core/rocm_version.h"]:
        if os.path.exists(other):
            skip(f"{other} exists: that ROCm, not HIP's version in /usr, is rightly the one in use")
    # Debian versions its HIP packages by ROCm release ("5.2.3-8"): the series HIP's version must map to.
    series = ".".join(re.split(r"[.~+-]", versions["libamdhip64-dev"].split(":")[-1])[:2])
    with open(TORCH_VERSION_PY) as f:
        torch_version = re.search(r"^__version__\s*=\s*'([^']+)'", f.read(), re.M).group(1)

    env = {"PATH": "/usr/bin:/bin", "LC_ALL": "C"}
    command = [os.path.abspath(options.exe), "detect", "--json", "--python", "/usr/bin/python3"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        print(f"FAIL: {' '.join(command)} exited {result.returncode}: {result.stderr.strip()}")
        return 1
    document = json.loads(result.stdout)
    rocm, torch = document["rocm"], document["torch"]
    source = re.escape(series) + r"\.\d+ from /usr/include/hip/hip_version\.h \(no rocm-core: HIP's version stands in\)"
    checks = [
        ("rocm.found", rocm["found"] is True),
        (f"rocm.version is {series} (libamdhip64-dev {versions['libamdhip64-dev']})", rocm["version"] == series),
        ("rocm.root is /usr", rocm["root"] == "/usr"),
        ("rocm.kind is distribution", rocm["kind"] == "distribution"),
        ("rocm.source names HIP's header, standing in", re.fullmatch("HIP " + source, rocm["source"] or "")),
        ("rocm.installs lists /usr in use",
         any(i["root"] == "/usr" and i["kind"] == "distribution" and i["in_use"] for i in rocm["installs"])),
        ("python.site_packages has Debian's dist-packages",
         "/usr/lib/python3/dist-packages" in document["python"]["site_packages"]),
        (f"torch.version is {torch_version} (python3-torch {versions['python3-torch']})",
         torch["installed"] is True and torch["version"] == torch_version),
        ("torch.source is Debian's version.py", torch["source"] == TORCH_VERSION_PY),
        ("torch is not a ROCm build (Debian's is CPU-only)", torch["is_rocm_build"] is False),
        # Nothing invented: no torchvision was ever released for a 1.13 pre-release built by Debian.
        ("plan pins torch exactly and no companion", document["plan"]["pins"] == {"torch": "==" + torch_version}),
        ("plan says why torchvision is left unpinned",
         any(w.startswith("torchvision is left unpinned") for w in document["plan"]["warnings"])),
    ]
    failed = [name for name, ok in checks if not ok]
    for name, ok in checks:
        print(f"{'ok  ' if ok else 'FAIL'} {name}")
    if failed:
        print(json.dumps({"rocm": rocm, "torch": torch, "python": document["python"], "plan": document["plan"]}, indent=1))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
