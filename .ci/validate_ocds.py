"""Validates OCDS release packages against the official 1.1.5 schema, offline.
Usage: python3 .ci/validate_ocds.py FILE...   (exit 1 on any error)"""
import json, os, sys, zipfile
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

here = os.path.dirname(os.path.abspath(__file__))
zip_path = os.path.join(here, "..", "..", "shared", "ocds", "standard-1__1__5.zip")

def load(name):
    if os.path.exists(zip_path):
        with zipfile.ZipFile(zip_path) as z:
            return json.loads(z.read(f"standard-1__1__5/schema/{name}"))
    with open(os.path.join(here, "ocds", name)) as f:
        return json.load(f)

package_schema = load("release-package-schema.json")
release_schema = load("release-schema.json")
registry = Registry().with_resource(
    "https://standard.open-contracting.org/schema/1__1__5/release-schema.json",
    Resource.from_contents(release_schema, default_specification=DRAFT4))
validator = Draft4Validator(package_schema, registry=registry, format_checker=FormatChecker())
release_validator = Draft4Validator(release_schema, format_checker=FormatChecker())

files = sys.argv[1:]
if not files:
    sys.exit("no OCDS files to validate")
failed = 0
for path in files:
    with open(path) as f:
        doc = json.load(f)
    errors = list(validator.iter_errors(doc)) + [e for r in doc.get("releases", []) for e in release_validator.iter_errors(r)]
    if errors:
        failed += 1
        print(f"INVALID {path}")
        for e in errors[:20]:
            print(f"  {'/'.join(map(str, e.absolute_path))}: {e.message}")
    else:
        print(f"valid   {path} ({len(doc['releases'])} release, tags {doc['releases'][0]['tag']})")
sys.exit(1 if failed else 0)
