#!/usr/bin/env python3
"""Writes the README's table of settings from the configuration metadata that the build makes.

Every fourfold.* setting is a @ConfigurationProperties record with a javadoc line per field; the Spring Boot
configuration processor turns them into META-INF/spring-configuration-metadata.json in each module. This script
puts those into README.md between the settings markers, so the table is never typed twice.

  scripts/settings-table.py          rewrite README.md (run after ./mvnw install)
  scripts/settings-table.py --check  exit 1 when README.md is out of date (CI runs this)
"""
import glob
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BEGIN, END = "<!-- settings:begin -->", "<!-- settings:end -->"


def rows():
    found = {}
    for path in sorted(glob.glob(str(ROOT / "*/target/classes/META-INF/spring-configuration-metadata.json"))):
        module = pathlib.Path(path).parts[-5]
        for prop in json.load(open(path)).get("properties", []):
            if prop["name"].startswith("fourfold."):
                found[prop["name"]] = (module, prop)
    if not found:
        sys.exit("No configuration metadata found: run ./mvnw -q -DskipTests install first.")
    lines = ["| setting | default | module | meaning |", "|---|---|---|---|"]
    for name in sorted(found):
        module, prop = found[name]
        default = prop.get("defaultValue", "")
        if isinstance(default, bool):
            default = str(default).lower()
        elif isinstance(default, list):
            default = ", ".join(str(item) for item in default) or "(empty)"
        description = " ".join(prop.get("description", "").split()).replace("|", "\\|")
        description = re.sub(r"\{@(?:code|link|value) ([^}]*)\}", r"`\1`", description)
        lines.append(f"| `{name}` | {f'`{default}`' if default != '' else ''} | {module} | {description} |")
    return "\n".join(lines)


def main():
    text = README.read_text()
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    updated = f"{head}{BEGIN}\n{rows()}\n{END}{tail}"
    if "--check" in sys.argv:
        if updated != text:
            sys.exit("README.md's settings table is out of date: run scripts/settings-table.py")
        return
    README.write_text(updated)


if __name__ == "__main__":
    main()
