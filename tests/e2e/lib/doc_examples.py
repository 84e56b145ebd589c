"""The example command lines of the man pages and the README, for the docs tests: the man pages'
.nf/.fi blocks (roff escapes undone) and the README's indented code lines. A line ending in a
continuation (\\e in roff, \\ in the README) or in a pipe goes on with the next one."""
import re
from pathlib import Path


def man_examples(page: Path):
    """(where, command line) of each example of one man page."""
    out, inside, buf = [], False, ""
    for n, line in enumerate(page.read_text().splitlines(), 1):
        if line.startswith(".nf"):
            inside = True
            continue
        if line.startswith(".fi"):
            inside = False
            continue
        if not inside or line.startswith("."):
            continue
        text = re.sub(r"\\f[BIRP]", "", line.replace("\\-", "-").replace("\\(aq", "'")).rstrip()
        if text.endswith("\\e"):
            buf += text[:-2] + " "
        elif text.endswith("|"):
            buf += text + " "
        else:
            out.append((f"{page.name}:{n}", buf + text))
            buf = ""
    return out


def readme_examples(readme: Path):
    """(where, command line) of each indented code line of the README."""
    out, buf = [], ""
    for n, line in enumerate(readme.read_text().splitlines(), 1):
        if not line.startswith("    "):
            buf = ""
            continue
        text = line.rstrip()
        if text.endswith("\\"):
            buf += text[:-1] + " "
        elif text.endswith("|"):
            buf += text.strip() + " "
        else:
            out.append((f"README.md:{n}", buf + text.strip()))
            buf = ""
    return out
