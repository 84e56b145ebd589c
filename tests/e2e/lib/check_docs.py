#!/usr/bin/env python3
"""Checks that every option and subcommand each tool accepts is in its man page and in its
bash, zsh and fish completions, that the completions offer no option the tool lacks, that
every man page formats without groff warnings, and that every example command in the man
pages and the README names only options its tool and subcommand accept. Options are read
from the tools' own --help output (CLI11), walking every subcommand, so the check follows the
code."""
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from doc_examples import man_examples, readme_examples  # noqa: E402

TOOLS = ["hashbench", "powerfeed", "allocate", "leasecalc", "payout", "fleet", "plot"]
src = Path(sys.argv[1])
problems = []


def help_text(argv):
    r = subprocess.run(argv + ["--help"], capture_output=True, text=True)
    if r.returncode != 0:
        problems.append(f"{' '.join(argv)} --help exited {r.returncode}: {r.stderr.strip()}")
    return r.stdout


PER_PATH = {}  # (tool, sub, ...) -> options accepted at that level
CHILDREN = {}  # (tool, sub, ...) -> its subcommands


def walk(argv, seen_opts, subs):
    """Collects (long options, short options) and subcommand paths of argv."""
    text = help_text(argv)
    here = PER_PATH.setdefault(tuple(argv), set())
    CHILDREN.setdefault(tuple(argv), set())
    section = None
    for line in text.splitlines():
        if re.match(r"^\S.*:$", line):
            section = line[:-1].strip().lower()
            continue
        if section == "options" and re.match(r"^\s+-", line):
            spec = line.strip().split()[0]
            for name in spec.split(","):
                name = name.split("=")[0].split(":")[0]
                if name.startswith("-"):
                    seen_opts.add(name)
                    here.add(name)
        elif section == "subcommands":
            m = re.match(r"^\s{2}(\S+)", line)
            if m:
                sub = m.group(1)
                CHILDREN[tuple(argv)].add(sub)
                subs.append(argv[1:] + [sub])
                walk(argv + [sub], seen_opts, subs)


def mentions_option(text, opt):
    return re.search(re.escape(opt) + r"(?![A-Za-z0-9_-])", text) is not None


for tool in TOOLS:
    man_path = src / "man" / f"{tool}.1"
    comp = {
        "bash": src / "completions" / "bash" / tool,
        "zsh": src / "completions" / "zsh" / f"_{tool}",
        "fish": src / "completions" / "fish" / f"{tool}.fish",
    }
    missing = [str(p) for p in [man_path, *comp.values()] if not p.exists()]
    if missing:
        problems.append(f"{tool}: missing {', '.join(missing)}")
        continue
    man = man_path.read_text().replace("\\-", "-").replace("\\fB", "").replace("\\fR", "").replace("\\fI", "")
    texts = {k: v.read_text() for k, v in comp.items()}
    opts, subs = set(), []
    walk([tool], opts, subs)
    if not opts:
        problems.append(f"{tool}: no options read from --help")
    for opt in sorted(opts):
        if not mentions_option(man, opt):
            problems.append(f"{tool}: option {opt} is not in man/{tool}.1")
        if not opt.startswith("--"):
            continue  # completions are checked for long options
        for shell in ("bash", "zsh"):
            if not mentions_option(texts[shell], opt):
                problems.append(f"{tool}: option {opt} is not in the {shell} completion")
        if not re.search(r"-l\s+" + re.escape(opt[2:]) + r"(?![A-Za-z0-9_-])", texts["fish"]):
            problems.append(f"{tool}: option {opt} is not in the fish completion (-l {opt[2:]})")
    for path in subs:
        word = path[-1]
        if not re.search(r"(?<![A-Za-z0-9_-])" + re.escape(word) + r"(?![A-Za-z0-9_-])", man):
            problems.append(f"{tool}: subcommand '{' '.join(path)}' is not in man/{tool}.1")
        for shell, text in texts.items():
            if word not in text:
                problems.append(f"{tool}: subcommand '{' '.join(path)}' is not in the {shell} completion")
    # The reverse: a completion must not offer an option the tool does not accept.
    for shell in ("bash", "zsh"):
        for opt in set(re.findall(r"(?<![A-Za-z0-9_-])--[a-z][a-z0-9-]*", texts[shell])):
            if opt not in opts:
                problems.append(f"{tool}: the {shell} completion offers {opt}, which {tool} does not accept")
    fish_complete = "\n".join(l for l in texts["fish"].splitlines() if l.lstrip().startswith("complete"))
    for opt in set(re.findall(r"\s-l\s+([a-z][a-z0-9-]*)", fish_complete)):
        if "--" + opt not in opts:
            problems.append(f"{tool}: the fish completion offers --{opt}, which {tool} does not accept")


def example_commands():
    """(where, command line) of every example of the man pages and the README."""
    out = []
    for page in sorted((src / "man").glob("*.[157]")):
        out += man_examples(page)
    return out + readme_examples(src / "README.md")


def check_example(where, command):
    for segment in re.split(r"\||;|&&|\$\(|\)", command):
        tokens = segment.split()
        while tokens and re.match(r"^[A-Z_]+=", tokens[0]):
            tokens = tokens[1:]  # VAR=value before the command
        if not tokens or tokens[0] not in TOOLS:
            continue
        path = (tokens[0],)
        for t in tokens[1:]:
            if not t.startswith("-") and t in CHILDREN.get(path, set()):
                path = path + (t,)
        allowed = set()
        for k in range(1, len(path) + 1):
            allowed |= PER_PATH.get(path[:k], set())
        for t in tokens[1:]:
            if not t.startswith("-") or t == "-" or re.match(r"^-[0-9.]", t) or t.startswith("-\\"):
                continue
            name = t.split("=")[0]
            if name not in allowed:
                problems.append(f"{where}: '{' '.join(path)}' has no option {name}: {command.strip()}")


for where, command in example_commands():
    check_example(where, command)

for page in sorted((src / "man").glob("*.[157]")):
    r = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", str(page)], capture_output=True, text=True)
    if r.returncode != 0 or r.stderr.strip():
        problems.append(f"{page.name}: groff warnings: {r.stderr.strip()[:400]}")

for p in problems:
    print("FAIL:", p)
print(f"docs: {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
