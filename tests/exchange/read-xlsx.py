#!/usr/bin/python3
# read-xlsx.py: the cells of an XLSX workbook's first sheet, as JSON, for
# the export tests to check what a spreadsheet will see.
#
#   read-xlsx.py FILE
#
# Prints {"sheet": NAME, "rows": [[CELL, …], …], "formulas": N} where a
# CELL is null or {"type": "text"|"number"|"boolean", "value": …,
# "format": the number format's code or null, "bold": true|false}, rows
# and columns placed by their references. Standard library only.
import json
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
BUILTIN_FORMATS = {0: None, 14: "m/d/yyyy"}


def column_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for c in letters:
        n = n * 26 + (ord(c) - ord("A") + 1)
    return n - 1


def main():
    book = zipfile.ZipFile(sys.argv[1])
    shared = []
    if "xl/sharedStrings.xml" in book.namelist():
        root = ET.fromstring(book.read("xl/sharedStrings.xml"))
        for si in root.findall("m:si", NS):
            shared.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
    styles = ET.fromstring(book.read("xl/styles.xml"))
    formats = dict(BUILTIN_FORMATS)
    for fmt in styles.findall("m:numFmts/m:numFmt", NS):
        formats[int(fmt.get("numFmtId"))] = fmt.get("formatCode")
    fonts = styles.findall("m:fonts/m:font", NS)
    xfs = []
    for xf in styles.findall("m:cellXfs/m:xf", NS):
        font = fonts[int(xf.get("fontId", "0"))]
        xfs.append((formats.get(int(xf.get("numFmtId", "0"))), font.find("m:b", NS) is not None))
    workbook = ET.fromstring(book.read("xl/workbook.xml"))
    sheet_name = workbook.find("m:sheets/m:sheet", NS).get("name")
    sheet = ET.fromstring(book.read("xl/worksheets/sheet1.xml"))
    rows = []
    formulas = 0
    for row in sheet.findall("m:sheetData/m:row", NS):
        r = int(row.get("r")) - 1
        while len(rows) <= r:
            rows.append([])
        for c in row.findall("m:c", NS):
            i = column_index(c.get("r"))
            while len(rows[r]) <= i:
                rows[r].append(None)
            if c.find("m:f", NS) is not None:
                formulas += 1
            kind = c.get("t", "n")
            fmt, bold = xfs[int(c.get("s", "0"))]
            if kind == "inlineStr":
                value = "".join(t.text or "" for t in c.iter("{%s}t" % NS["m"]))
                cell = {"type": "text", "value": value}
            elif kind == "s":
                cell = {"type": "text", "value": shared[int(c.find("m:v", NS).text)]}
            elif kind == "b":
                cell = {"type": "boolean", "value": c.find("m:v", NS).text == "1"}
            else:
                cell = {"type": "number", "value": float(c.find("m:v", NS).text)}
            cell["format"] = fmt
            cell["bold"] = bold
            rows[r][i] = cell
    json.dump({"sheet": sheet_name, "rows": rows, "formulas": formulas}, sys.stdout)


if __name__ == "__main__":
    main()
