#!/usr/bin/env python3
"""Cuts the fuzz seeds taken from real recordings, at run time, from ../shared/data.

The project keeps no copy of a recording, whole or cut (tests/data/README.md), so the seeds
that come from them are listed in tests/fuzz/shared_seeds.txt and cut here into OUTDIR/<target>/.
ctest runs this as the fixture "fuzz: shared seeds" before replaying the corpora, and
scripts/fuzz runs it before every libFuzzer run.

Usage: shared_seeds.py OUTDIR [TARGET...]

Each line of shared_seeds.txt:  TARGET  CUT  RECORDING  [ARGS...]   (# comments)
  whole       the recording as it is
  lines       PART N [HEADER]   HEADER lines (default 1), then N lines from the head, mid or tail
  zip-lines   PART N MEMBER     the same lines as one stored member MEMBER of a zip
  xlsx        SHEET A-B         a workbook of one sheet: row 1 and rows A..B of the sheet named
                                SHEET, with the recording's shared strings
  xlsx-parts  SHEET A-B         the same sheet as the xlsx target reads it: sheet XML, shared
                                strings, workbook and its relationships, split by "--8<--" lines

RECORDING is relative to the shared data folder: $HS_SHARED_DATA, else $HYBRIDSITE_SHARED_DATA,
else ../shared/data beside the checkout. A missing recording is an error (exit 66) naming the
path and the override.
"""
import io
import os
import re
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
MANIFEST = os.path.join(HERE, "shared_seeds.txt")
SEPARATOR = b"\n--8<--\n"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORKBOOK = ('<workbook xmlns="%s" xmlns:r="%s"><sheets><sheet name="{name}" sheetId="1" r:id="rId1"/>'
            '</sheets></workbook>' % (MAIN_NS, REL_NS))
RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="%s/worksheet" Target="worksheets/sheet1.xml"/></Relationships>' % REL_NS)


def shared_root():
    root = os.environ.get("HS_SHARED_DATA") or os.environ.get("HYBRIDSITE_SHARED_DATA")
    return root or os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "data"))


def recording(relative):
    path = os.path.join(shared_root(), relative)
    if not os.path.isfile(path):
        print("shared_seeds.py: recording missing: %s (the recordings live in shared/data beside the "
              "checkout; set HYBRIDSITE_SHARED_DATA to that folder)" % path, file=sys.stderr)
        sys.exit(66)
    return path


def cut_lines(path, part, n, header=1):
    with open(path, "rb") as f:
        lines = f.read().splitlines(keepends=True)
    head, body = lines[:header], lines[header:]
    start = {"head": 0, "mid": max(0, (len(body) - n) // 2), "tail": max(0, len(body) - n)}[part]
    return b"".join(head + body[start:start + n])


def sheet_rows(path, sheet, first, last):
    """Row 1 and rows first..last of the named sheet, with the workbook's shared strings."""
    with zipfile.ZipFile(path) as z:
        workbook = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        m = re.search(r'<sheet [^>]*name="%s"[^>]*r:id="([^"]+)"' % re.escape(sheet), workbook)
        if not m:
            sys.exit("shared_seeds.py: %s: no sheet named %s" % (path, sheet))
        target = re.search(r'Id="%s"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="%s"' % (m.group(1), m.group(1)), rels)
        member = "xl/" + (target.group(1) or target.group(2)).lstrip("/").removeprefix("xl/")
        xml = z.read(member).decode()
        strings = z.read("xl/sharedStrings.xml") if "xl/sharedStrings.xml" in z.namelist() else None
    kept = []
    for row in re.finditer(r"<row [^>]*?r=\"(\d+)\".*?</row>", xml, re.S):
        r = int(row.group(1))
        if r == 1 or first <= r <= last:
            kept.append(row.group(0))
        if r > last:
            break
    sheet_xml = '<worksheet xmlns="%s"><sheetData>%s</sheetData></worksheet>' % (MAIN_NS, "".join(kept))
    return sheet_xml.encode(), strings, WORKBOOK.format(name=sheet).encode(), RELS.encode()


def stored_zip(members):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            # A fixed date, so the seed's bytes do not change from run to run.
            z.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data)
    return buf.getvalue()


def make(cut, path, args):
    base = os.path.splitext(os.path.basename(path))[0]
    if cut == "whole":
        return os.path.basename(path), open(path, "rb").read()
    if cut == "lines":
        part, n = args[0], int(args[1])
        header = int(args[2]) if len(args) > 2 else 1
        return "%s_%s%s" % (base, part, os.path.splitext(path)[1]), cut_lines(path, part, n, header)
    if cut == "zip-lines":
        part, n, member = args[0], int(args[1]), args[2]
        return "%s_%s.zip" % (base, part), stored_zip([(member, cut_lines(path, part, n))])
    if cut in ("xlsx", "xlsx-parts"):
        sheet, rows = args[0], args[1]
        first, last = (int(x) for x in rows.split("-"))
        sheet_xml, strings, workbook, rels = sheet_rows(path, sheet, first, last)
        name = "%s_%s_%d-%d" % (base, sheet, first, last)
        if cut == "xlsx-parts":
            return name + ".parts", SEPARATOR.join([sheet_xml, strings or b"", workbook, rels])
        members = [("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", rels)]
        if strings is not None:
            members.append(("xl/sharedStrings.xml", strings))
        members.append(("xl/worksheets/sheet1.xml", sheet_xml))
        return name + ".xlsx", stored_zip(members)
    sys.exit("shared_seeds.py: unknown cut '%s'" % cut)


def main():
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if len(sys.argv) > 1 else 64
    out, wanted = sys.argv[1], set(sys.argv[2:])
    written = 0
    with open(MANIFEST) as f:
        for number, line in enumerate(f, 1):
            line = line.split("#", 1)[0].split()
            if not line:
                continue
            if len(line) < 3:
                sys.exit("shared_seeds.txt:%d: expected TARGET CUT RECORDING [ARGS...]" % number)
            target, cut, relative, args = line[0], line[1], line[2], line[3:]
            if wanted and target not in wanted:
                continue
            name, data = make(cut, recording(relative), args)
            folder = os.path.join(out, target)
            os.makedirs(folder, exist_ok=True)
            tmp = os.path.join(folder, "." + name + ".tmp")
            with open(tmp, "wb") as g:
                g.write(data)
            os.replace(tmp, os.path.join(folder, name))
            written += 1
    print("shared_seeds.py: %d seeds in %s" % (written, out), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
