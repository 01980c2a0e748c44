#!/usr/bin/env python3
"""Compare gator's PEP 440 module (through pep440_oracle) with Python's packaging, the reference.

Generates a few thousand versions, version pairs and specifier sets from a fixed seed (odd
spellings, invalid strings and every operator included), asks the oracle each question once per
mode with all the lines at once, asks packaging the same, and prints every disagreement.

gator follows today's packaging, not the release installed here when that is older: where an
older packaging is known to be wrong (FIXES below: bugs fixed upstream since), its answer is
corrected before the comparison, and every correction is counted and printed with its reason,
so neither reference wins silently. With a packaging that has the fixes, nothing is corrected.

Exit status: 0 when all agree, 1 on any disagreement (or a broken oracle), 125 when packaging
cannot be imported (CTest's SKIP_RETURN_CODE).
"""

import argparse
import random
import subprocess
import sys

try:
    from packaging.specifiers import InvalidSpecifier, Specifier, SpecifierSet
    from packaging.version import InvalidVersion, Version
    import packaging
except ImportError as error:
    print(f"SKIP: packaging is not importable by {sys.executable}: {error}")
    sys.exit(125)

# Whitespace that may surround a version: Python's \s, ASCII and not (no tab or newline: the line
# protocol uses them).
SPACES = [" ", "  ", "\r", "\x0b", "\x0c", "\x1c", "\x1f", "\u00a0", "\u3000", "\u2009", " \x85"]
SEPS = ["", "", ".", "-", "_"]
PRE_WORDS = ["a", "b", "c", "rc", "alpha", "beta", "pre", "preview", "A", "RC", "Alpha", "PREVIEW"]
POST_WORDS = ["post", "rev", "r", "POST", "Rev", "R"]
DEV_WORDS = ["dev", "DEV", "Dev"]
LOCAL_SEGMENTS = ["rocm7.0", "rocm7.2", "rocm6.4.1", "ROCm7", "cpu", "cu121", "abc", "1", "01",
                  "0", "10", "2", "a", "z", "git.abc1234", "ubuntu-22_04", "x.y.z", "9.a"]
# Strings that must not parse (packaging agrees, or the comparison says otherwise).
INVALID = ["", " ", "v", "V.1", "1.", ".1", "1..0", "1.0-", "1.0+", "1.0++a", "1.0+a..b", "1.0+a-",
           "1.0+-a", "+a", "1!", "!1", "1!!2", "1!2!3", "a1", "1.0.*", "1.*", "1.0 beta",
           "1.0+loc al", "1.0a1a2", "1.0.post1.post2", "1.0.dev1.dev2", "1.0-1-1", "1.0dev1a1",
           "1.0.post1a1", "1.0_", "1.0.", "1.0rc1+", "\u00e91.0", "1.0+\u00e9", "1.0\t\t2",
           "1.0;", "(1.0)", "1.0-r-", "1,0", "==1.0", "1.0+rocm7.0+cpu", "2.10.0+rocm-", "vv1",
           "1.0pre-view", "1.0ab", "1.0.dev-", "1.0+_a", "1.0 +a", "1 .0"]
# Versions written out in full, the project's own first among them.
FIXED = ["2.10.0+rocm7.0", "2.13.0.dev20260515+rocm7.2", "2.9.1+rocm6.4", "2.10.0", "2.10",
         "2.10.0rc1", "2.10.0a0+git1234abc", "2.10.0.post1", "2.10.0.dev0", "7.0.2", "6.4.1",
         "1.0a-1", "1.0.post.", "1.0a-", "1.0-0", "1.0rc", "1.0c1", "1.0pre", "1.0preview2",
         "1.0alpha", "1.0r", "1.0rev3", "1.0-dev", "v1.0", "V1.0", "1!2.0", "1!2.0.0", "0!1.0",
         "01.02.03", "1.0+rocm.007", "1.0+A.B", " 1.0 ", "\u00a01.0\u3000", "1.0+1.a", "1.0+a.1",
         "1.0.dev0", "1.0a0", "1.0.post0.dev0", "1.0a1.post1.dev1", "000", "0.0.0.0",
         "1.0+0", "1.0+00", "1.0+abc.1", "1.0+abc.01", "1.0+1", "1.0+2", "1.0+10"]


def maybe(rng, p):
    return rng.random() < p


def number(rng):
    return rng.choice([0, 0, 1, 1, 2, 3, 10, 99, 2026, 20260515, 123456789012])


def digits(rng, n):
    text = str(n)
    return ("0" + text) if maybe(rng, 0.08) else text


class Parts:
    """A version's parts, to be spelled in some way PEP 440 allows (or nearly allows)."""

    def __init__(self, rng):
        self.epoch = rng.choice([0, 1, 2]) if maybe(rng, 0.15) else None
        self.release = [rng.choice([0, 1, 2, 3, 10]) for _ in range(rng.randint(1, 4))]
        self.pre = (rng.choice(PRE_WORDS), rng.choice([None, 0, 1, 2, 11])) if maybe(rng, 0.3) else None
        self.post = rng.choice([None, 0, 1, 2]) if maybe(rng, 0.2) else None
        self.post_form = rng.choice(["implicit", "word"])
        self.dev = rng.choice([None, 0, 1, 20260515]) if maybe(rng, 0.2) else None
        self.local = ".".join(rng.sample(LOCAL_SEGMENTS, rng.randint(1, 2))) if maybe(rng, 0.25) else None
        self.has_pre, self.has_post, self.has_dev = self.pre is not None, maybe(rng, 0.2), self.dev is not None or maybe(rng, 0.1)

    def spell(self, rng, release=None, pre=True, post=True, dev=True, local=True):
        out = rng.choice(["v", "V"]) if maybe(rng, 0.1) else ""
        if self.epoch is not None:
            out += f"{digits(rng, self.epoch)}!"
        out += ".".join(digits(rng, n) for n in (self.release if release is None else release))
        if pre and self.has_pre:
            word, n = self.pre
            out += rng.choice(SEPS) + word + (rng.choice(SEPS) + digits(rng, n) if n is not None else "")
        if post and self.has_post:
            if self.post_form == "implicit" and self.post is not None:
                out += f"-{digits(rng, self.post)}"
            else:
                out += rng.choice(SEPS) + rng.choice(POST_WORDS)
                if self.post is not None:
                    out += rng.choice(SEPS) + digits(rng, self.post)
        if dev and self.has_dev:
            out += rng.choice(SEPS) + rng.choice(DEV_WORDS)
            if self.dev is not None:
                out += rng.choice(SEPS) + digits(rng, self.dev)
        if local and self.local:
            label = self.local
            if maybe(rng, 0.2):
                label = label.replace(".", rng.choice(["-", "_"]))
            out += "+" + (label.upper() if maybe(rng, 0.1) else label)
        return out

    def relatives(self, rng):
        """Spellings of versions near this one: its pre/post/dev/local variants, and neighbours."""
        out = [self.spell(rng), self.spell(rng, local=False), self.spell(rng, pre=False, post=False, dev=False, local=False)]
        out.append(self.spell(rng, release=self.release + [0]))
        out.append(self.spell(rng, pre=False, post=False, dev=False, local=False) + rng.choice(["a1", "rc1", ".dev0", ".post1", "+rocm7.0", ".post1.dev0", "+1"]))
        bumped = list(self.release)
        bumped[-1] = max(0, bumped[-1] + rng.choice([-1, 1]))
        out.append(self.spell(rng, release=bumped))
        out.append(self.spell(rng, release=self.release[:-1] or [0]))
        out.append(self.spell(rng, release=self.release + [rng.choice([1, 5])], pre=False, post=False, dev=False))
        return out


def corrupt(rng, text):
    """A small edit that usually makes the text invalid."""
    if not text:
        return "x"
    i = rng.randrange(len(text) + 1)
    edit = rng.choice(["insert", "delete", "double"])
    if edit == "insert":
        return text[:i] + rng.choice(list(".-_+!*a z;)")) + text[i:]
    if edit == "delete" and i < len(text):
        return text[:i] + text[i + 1:]
    return text + text[i:]


def surround(rng, text):
    if maybe(rng, 0.08):
        text = rng.choice(SPACES) + text
    if maybe(rng, 0.08):
        text = text + rng.choice(SPACES)
    return text


def make_versions(rng, count):
    versions = list(FIXED) + list(INVALID)
    while len(versions) < count:
        parts = Parts(rng)
        text = parts.spell(rng)
        if maybe(rng, 0.1):
            text = corrupt(rng, text)
        versions.append(surround(rng, text))
    return versions


OPERATORS = ["==", "!=", "<", "<=", ">", ">=", "~=", "==="]


def make_specifier(rng, parts):
    op = rng.choice(OPERATORS + ["==", ">=", "<", "~="])
    space = rng.choice(["", "", "", " ", "  ", "\u00a0"])
    if op == "===" and maybe(rng, 0.3):
        body = rng.choice(["foo", "1.0", "1.0.0", "1.0A1", "1.0+ROCM7.0", "", "1.0;x", "a)b", "2.10.0+rocm7.0"])
    elif op in ("==", "!=") and maybe(rng, 0.35):
        release = parts.release[: rng.randint(1, len(parts.release))]
        body = parts.spell(rng, release=release, pre=False, post=False, dev=False, local=False) + ".*"
        if maybe(rng, 0.1):
            body = corrupt(rng, body)
    elif op == "~=" and maybe(rng, 0.5):
        # The quirks of packaging's ~=: its prefix is cut from the text as written.
        body = parts.spell(rng, release=parts.release + [1] if len(parts.release) < 2 else None,
                           local=maybe(rng, 0.1))
    else:
        body = parts.spell(rng, local=maybe(rng, 0.3))
        if maybe(rng, 0.05):
            body = corrupt(rng, body)
    return surround(rng, op + space + body)


def make_specsets_and_pairs(rng, count):
    specsets, pairs = ["", " ", ",", ">=1.0,,<2.0,", ">=2.10,<2.11", "==2.10.*", "~=7.0.1",
                       "==1!2.0.*", "~=1.1.POST1", "~=1.1.post1", "~=1.1c1", "~=1.1rc1",
                       "===1.0,===1", "==1.0,==1.0.0", ">=1.0A1 ,  !=1.5"], []
    fixed_probe = ["1.0", "1.1", "1.1.5", "2.10.0+rocm7.0", "2.10.1", "2.11.0.dev0", "1!2.0",
                   "1!2.0.1", "1.1.post1", "1.2", "1.5", "1.0a1", "2.0"]
    for spec in specsets:
        pairs += [(v, spec) for v in fixed_probe]
    # The cases packaging fixed after 23.0 (see FIXES), with their neighbours that did not change.
    fixed_since_23 = [">1.0.dev1", ">1.0a1", ">1.0.post1", ">2.10.0rc1", "==2!1.0.*", "==2!1.0.0.0.*",
                      "!=2!1.0.*", "~=2!1.0.0", "==2!1.*"]
    specsets += fixed_since_23
    pairs += [(v, spec) for spec in fixed_since_23
              for v in ["1.0+local", "1.0a2+local", "1.0.post2+local", "1.0a1+local", "1.0.post1+local",
                        "1.0.dev1+local", "2.10.0+rocm7.0", "2!1.0.0", "2!1.0", "2!1.1", "1.0.0"]]
    while len(pairs) < count:
        anchor = Parts(rng)
        specs = [make_specifier(rng, anchor if maybe(rng, 0.7) else Parts(rng)) for _ in range(rng.choice([1, 1, 1, 2, 2, 3]))]
        joiner = rng.choice([",", ",", ", ", " , "])
        spec = joiner.join(specs) + ("," if maybe(rng, 0.05) else "")
        specsets.append(spec)
        candidates = anchor.relatives(rng) + [Parts(rng).spell(rng) for _ in range(2)]
        pairs += [(v, spec) for v in rng.sample(candidates, rng.randint(3, len(candidates)))]
    return specsets, pairs


def run_driver(driver, mode, lines):
    data = ("\n".join(lines) + "\n").encode("utf-8")
    proc = subprocess.run([driver, mode], input=data, capture_output=True, timeout=240)
    if proc.returncode != 0:
        raise RuntimeError(f"{driver} {mode} exited {proc.returncode}: {proc.stderr.decode(errors='replace')}")
    out = proc.stdout.decode("utf-8").split("\n")
    if out and out[-1] == "":
        out.pop()
    if len(out) != len(lines):
        raise RuntimeError(f"{driver} {mode} answered {len(out)} lines for {len(lines)}")
    return out


SKIP = object()


def ref_version(text):
    try:
        return str(Version(text))
    except InvalidVersion:
        return "E"


def ref_compare(a, b):
    try:
        x, y = Version(a), Version(b)
    except InvalidVersion:
        return "E"
    return "<" if x < y else "=" if x == y else ">"


def ref_contains(v, spec, prereleases, corrections):
    try:
        version, specset = Version(v), SpecifierSet(spec)
    except (InvalidVersion, InvalidSpecifier):
        return "E"
    try:
        corrected = corrected_contains(v, spec, prereleases, corrections)
        if corrected is not None:
            return corrected
        return "1" if specset.contains(version, prereleases=prereleases) else "0"
    except InvalidVersion:
        # prereleases=None with a `===` whose text is no version: packaging raises (or not, as
        # the set's hash order falls); gator's answer is documented rather than compared.
        return SKIP


def strip_epoch(text):
    """("2", "1.0.*") for "2!1.0.*", ("0", "v1.0") for "v1.0"."""
    epoch, _, rest = text.rpartition("!")
    return (epoch.lstrip("vV") or "0"), rest


def fixed_prefix_with_epoch(specifier, version):
    """packaging 24.0: ==X.*, !=X.* and ~=X match a version with an epoch as they match one
    without (23.0 compared "2!1" with "2!1.0" as strings and refused "2!1.0.0" in "==2!1.0.*").
    Same epochs: the epoch-free specifier on the epoch-free version, which 23.0 gets right."""
    if specifier.operator not in ("==", "!=", "~=") or (
            specifier.operator != "~=" and not specifier.version.endswith(".*")):
        return None
    epoch, rest = strip_epoch(specifier.version)
    if int(epoch) != version.epoch:
        return specifier.operator == "!="
    return Specifier(specifier.operator + rest).contains(Version(str(version).split("!")[-1]), prereleases=True)


def fixed_greater_than_local(specifier, version):
    """packaging 26.1: >V leaves out only V's own local versions (public version V); 23.0 left out
    every local version with V's base release ("1.0+local" in ">1.0.dev1"). As V has no local
    label, >V on a local version is then >V on its public version."""
    if specifier.operator != ">" or version.local is None:
        return None
    return specifier.contains(Version(version.public), prereleases=True)


# (the first packaging release with the fix, the fix, what it fixed): applied when the installed
# packaging is older.
FIXES = [("24.0", fixed_prefix_with_epoch, "a prefix match with an epoch ('2!1.0.0' in '==2!1.0.*')"),
         ("26.1", fixed_greater_than_local, "'>V' and local versions ('1.0+local' in '>1.0.dev1')")]
ACTIVE_FIXES = [fix for since, fix, _ in FIXES if Version(packaging.__version__) < Version(since)]


class Corrections:
    """How many answers each fix corrected, and which questions they were."""

    def __init__(self):
        self.counts = {}
        self.questions = set()


def corrected_contains(v, spec, prereleases, corrections):
    """The answer of a packaging with the fixes, from this one's: a specifier set holds a version
    when its pre-release rule lets it in and every specifier matches it, a specifier judged by the
    fix that covers it where one does. None when no fix changes packaging's answer."""
    version, specset = Version(v), SpecifierSet(spec)
    if prereleases is None:
        prereleases = specset.prereleases
    if version.is_prerelease and not prereleases:
        return None
    fixed_by = []
    answer = True
    for specifier in specset:
        plain = specifier.contains(version, prereleases=True)
        fixed = plain
        for fix in ACTIVE_FIXES:
            result = fix(specifier, version)
            if result is not None and result != plain:
                fixed, fixed_by = result, fixed_by + [fix]
        answer = answer and fixed
    if not fixed_by or answer == specset.contains(version, prereleases=prereleases):
        return None
    for fix in fixed_by:
        corrections.counts[fix] = corrections.counts.get(fix, 0) + 1
    corrections.questions.add(f"{v}\t{spec}")
    return "1" if answer else "0"


def ref_specset(spec):
    try:
        return str(SpecifierSet(spec))
    except InvalidSpecifier:
        return "E"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--driver", required=True, help="the pep440_oracle executable")
    parser.add_argument("--seed", type=int, default=440)
    parser.add_argument("--scale", type=int, default=1, help="multiply the number of cases")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    versions = make_versions(rng, 2500 * args.scale)
    valid = [v for v in versions if ref_version(v) != "E"]
    compare_pairs = [(rng.choice(valid), rng.choice(valid)) for _ in range(3000 * args.scale)]
    # Neighbours too, so that equal and nearly equal versions meet often.
    for _ in range(1500 * args.scale):
        parts = Parts(rng)
        compare_pairs.append(tuple(rng.sample(parts.relatives(rng), 2)))
    # The same public version with two local labels: numeric against alphanumeric segments.
    for _ in range(500 * args.scale):
        base = Parts(rng).spell(rng, local=False)
        labels = [".".join(rng.sample(LOCAL_SEGMENTS, rng.randint(1, 3))) for _ in range(2)]
        compare_pairs.append((f"{base}+{labels[0]}", f"{base}+{labels[1]}"))
    specsets, contains_pairs = make_specsets_and_pairs(rng, 6000 * args.scale)

    corrections = Corrections()
    checks = [
        ("version", versions, ref_version),
        ("compare", [f"{a}\t{b}" for a, b in compare_pairs], lambda line: ref_compare(*line.split("\t"))),
        ("contains", [f"{v}\t{s}" for v, s in contains_pairs],
         lambda line: ref_contains(*line.split("\t"), True, corrections)),
        ("default", [f"{v}\t{s}" for v, s in contains_pairs],
         lambda line: ref_contains(*line.split("\t"), None, corrections)),
        ("specset", specsets, ref_specset),
    ]
    mismatches = 0
    for mode, lines, reference in checks:
        try:
            answers = run_driver(args.driver, mode, lines)
        except (OSError, RuntimeError, subprocess.TimeoutExpired) as error:
            print(f"FAIL: {error}")
            return 1
        compared = skipped = errors = 0
        for line, got in zip(lines, answers):
            want = reference(line)
            if want is SKIP:
                skipped += 1
                continue
            compared += 1
            errors += want == "E"
            if got != want:
                mismatches += 1
                corrected = " (corrected, see CORRECTED)" if mode in ("contains", "default") and line in corrections.questions else ""
                print(f"MISMATCH {mode}: {line!r}: gator {got!r}, packaging {want!r}{corrected}")
        print(f"{mode}: {compared} compared ({errors} invalid inputs), {skipped} skipped")
    for since, fix, what in FIXES:
        if fix in ACTIVE_FIXES:
            print(f"CORRECTED {corrections.counts.get(fix, 0)} answers of packaging {packaging.__version__} "
                  f"to those of packaging {since}, which fixed {what}")
    if mismatches:
        print(f"FAIL: {mismatches} disagreements with packaging {packaging.__version__}")
        return 1
    later = ", and with the later releases named above where they fixed it" if ACTIVE_FIXES else ""
    print(f"OK: all agree with packaging {packaging.__version__}{later}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
