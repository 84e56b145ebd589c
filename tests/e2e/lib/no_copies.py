#!/usr/bin/env python3
"""Fails when the project carries a copy of a real recording, whole or cut.

Usage: no_copies.py SHARED_DATA FILE...   (the files git tracks)
- A whole copy: a file whose bytes equal a file under SHARED_DATA (by SHA-256).
- A cut: a text file with 5 or more runs of 3 consecutive lines (each 16 characters or more,
  line ends ignored) that also run consecutively in a shared text file. Hand-written data, a
  header line or two in common with a real format, and short quoted rows stay below that.
Prints each offender with the recording it came from; exit 1 if any, 0 if none.
"""
import hashlib
import os
import sys

WINDOW, MIN_LINE, MAX_WINDOWS = 3, 16, 5


def windows(data):
    lines = [l.rstrip(b"\r") for l in data.split(b"\n")]
    for i in range(len(lines) - WINDOW + 1):
        w = lines[i:i + WINDOW]
        if all(len(l) >= MIN_LINE for l in w):
            yield hashlib.blake2b(b"\n".join(w), digest_size=12).digest()


def is_text(data):
    return b"\0" not in data[:8192]


def main():
    shared, files = sys.argv[1], sys.argv[2:]
    if not os.path.isdir(shared):
        print("no_copies.py: no recordings at %s (set HYBRIDSITE_SHARED_DATA)" % shared, file=sys.stderr)
        return 66
    whole, cut = {}, {}
    for root, _, names in os.walk(shared):
        for n in names:
            path = os.path.join(root, n)
            data = open(path, "rb").read()
            rel = os.path.relpath(path, shared)
            whole[hashlib.sha256(data).hexdigest()] = rel
            if is_text(data):
                for w in windows(data):
                    cut.setdefault(w, rel)
    bad = 0
    for f in files:
        if not os.path.isfile(f):
            continue
        data = open(f, "rb").read()
        source = whole.get(hashlib.sha256(data).hexdigest())
        if source:
            print("%s: a copy of ../shared/data/%s" % (f, source))
            bad += 1
            continue
        if not is_text(data):
            continue
        hits = {}
        for w in windows(data):
            if w in cut:
                hits[cut[w]] = hits.get(cut[w], 0) + 1
        for source, n in hits.items():
            if n >= MAX_WINDOWS:
                print("%s: %d runs of lines cut from ../shared/data/%s" % (f, n, source))
                bad += 1
                break
    print("no_copies.py: %d files checked against %d recordings, %d copies" % (len(files), len(whole), bad),
          file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
