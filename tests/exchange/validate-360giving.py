#!/usr/bin/python3
# validate-360giving.py: check exports against the 360Giving Data Standard.
#
#   validate-360giving.py SCHEMA [--json FILE] [--csv FILE]
#
# SCHEMA is the standard's grant schema (360giving-schema-1.4.3.json, used
# where it is kept, never copied). The JSON must be the standard's package,
# {"grants": [...]}, each grant valid against the schema. The CSV's headers
# must each be one of the standard's column titles, in the standard's own
# flattening ("Recipient Org:Identifier" is the title of recipientOrganization
# then of its item's id), the required ones all present; each row, made back
# into a grant by those titles, must be valid too, and, when both files are
# given, equal to the JSON's grant in the same place.
#
# Formats are checked as the standard's own tools check them: date-time by
# RFC 3339, uri with a scheme. (jsonschema checks date-time only with a
# package Debian does not install by default; without that check a plain
# date would match both branches of awardDate's oneOf and fail.)
#
# Exit status: 0 valid, 1 invalid (each problem printed), 77 when
# python3-jsonschema is missing (the test is then skipped).
import csv
import datetime
import json
import re
import sys
import urllib.parse

try:
    import jsonschema
except ImportError:
    print("python3-jsonschema is not installed", file=sys.stderr)
    sys.exit(77)

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


def format_checker():
    checker = jsonschema.FormatChecker()

    @checker.checks("date-time")
    def is_date_time(value):
        if not isinstance(value, str) or not RFC3339.match(value):
            return False
        datetime.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
        return True

    @checker.checks("uri")
    def is_uri(value):
        if not isinstance(value, str):
            return True
        parts = urllib.parse.urlparse(value)
        return bool(parts.scheme) and bool(parts.netloc or parts.path)

    return checker


def titles(schema):
    """Column title → (property, item property or None, JSON type)."""
    defs = schema["$defs"]
    out = {}
    for name, prop in schema["properties"].items():
        if "$ref" in prop:
            # A property by reference (currency) has the title of what it refers to.
            prop = dict(defs[prop["$ref"][len("#/$defs/"):]], **prop)
        if "title" not in prop:
            continue
        items = prop.get("items", {})
        ref = items.get("$ref", "")
        if prop.get("type") == "array" and ref.startswith("#/$defs/"):
            item = defs[ref[len("#/$defs/"):]]
            for sub, subprop in item.get("properties", {}).items():
                if "title" in subprop:
                    out["%s:%s" % (prop["title"], subprop["title"])] = (name, sub, subprop.get("type"))
        else:
            out[prop["title"]] = (name, None, prop.get("type"))
    return out


def required_titles(schema, by_title):
    """The titles a CSV must have for the first (organisation) branch."""
    required = set(schema["oneOf"][0]["required"])
    out = []
    for title, (name, sub, _) in by_title.items():
        if name not in required:
            continue
        if sub is None:
            out.append(title)
        else:
            item_ref = schema["properties"][name]["items"]["$ref"][len("#/$defs/"):]
            if sub in schema["$defs"][item_ref].get("required", []):
                out.append(title)
    return sorted(out)


def describe(error):
    """The error, with the reasons of each branch of a oneOf that failed."""
    text = "%s at %s" % (error.message, list(error.absolute_path))
    reasons = sorted({sub.message for sub in error.context or []})
    if reasons:
        text += " (%s)" % "; ".join(reasons)
    return text


def typed(value, json_type):
    types = json_type if isinstance(json_type, list) else [json_type]
    if "number" in types:
        number = float(value)
        return int(number) if number.is_integer() else number
    return value


def main():
    args = sys.argv[1:]
    schema = json.load(open(args[0], encoding="utf-8"))
    files = dict(zip(args[1::2], args[2::2]))
    validator = jsonschema.Draft202012Validator(schema, format_checker=format_checker())
    problems = []
    json_grants = None

    if "--json" in files:
        package = json.load(open(files["--json"], encoding="utf-8"))
        if not isinstance(package, dict) or set(package) != {"grants"} or not isinstance(package["grants"], list):
            problems.append("JSON: not a 360Giving package {\"grants\": [...]}")
        else:
            json_grants = package["grants"]
            for i, grant in enumerate(json_grants):
                for error in validator.iter_errors(grant):
                    problems.append("JSON grant %d: %s" % (i, describe(error)))

    if "--csv" in files:
        by_title = titles(schema)
        with open(files["--csv"], encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            headers = next(reader)
            for header in headers:
                if header not in by_title:
                    problems.append("CSV: “%s” is not a column title of the standard" % header)
            for title in required_titles(schema, by_title):
                if title not in headers:
                    problems.append("CSV: the required column “%s” is missing" % title)
            for r, row in enumerate(reader):
                grant = {}
                for header, value in zip(headers, row):
                    if value == "" or header not in by_title:
                        continue
                    name, sub, json_type = by_title[header]
                    if sub is None:
                        grant[name] = typed(value, json_type)
                    else:
                        if name not in grant:
                            grant[name] = [{}]
                        grant[name][0][sub] = typed(value, json_type)
                for error in validator.iter_errors(grant):
                    problems.append("CSV row %d: %s" % (r + 2, describe(error)))
                if json_grants is not None:
                    if r >= len(json_grants):
                        problems.append("CSV row %d: no such grant in the JSON" % (r + 2))
                    elif json.loads(json.dumps(grant)) != json_grants[r]:
                        problems.append("CSV row %d differs from the JSON's grant: %s != %s"
                                        % (r + 2, grant, json_grants[r]))

    for problem in problems:
        print(problem)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
