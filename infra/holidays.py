#!/usr/bin/env python3
"""Refreshes src/Rescue.Web/Features/Cases/Data/china-holidays.json: China's public holidays and the weekend
days that are working days (调休), from a pinned version of the npm package chinese-days, checking the
tarball's SHA-256 before reading it. The generated file is committed: building and running never need npm.

    python3 infra/holidays.py

Idempotent: the same pinned version writes the same bytes. To move to a newer release (the State Council
publishes next year's arrangement around November): `npm view chinese-days version`, set VERSION, run once
with SHA256 = "" to print the new hash, read the data diff, then pin the hash here.

Output: {"source": "npm chinese-days@VERSION", "licence": "...", "firstYear": 2004, "lastYear": 2026,
         "holidays": {"2026-10-01": "国庆节", ...}, "workdays": {"2026-10-10": "国庆节调休", ...}}
"""
import hashlib
import json
import pathlib
import shutil
import subprocess
import sys
import tarfile
import tempfile

PACKAGE = "chinese-days"
VERSION = "1.5.7"
SHA256 = "87fac6624b9f58084c0c05dac7cac86711beef2c05a86284bff880e4fe92f6c0"

data = pathlib.Path(__file__).resolve().parent.parent / "src/Rescue.Web/Features/Cases/Data"
if shutil.which("npm") is None:
    sys.exit("npm is needed to refresh the holidays (apt-get install npm)")

with tempfile.TemporaryDirectory() as work:
    subprocess.run(["npm", "pack", "--silent", f"{PACKAGE}@{VERSION}"], cwd=work, check=True, stdout=subprocess.DEVNULL)
    tarball = pathlib.Path(work) / f"{PACKAGE}-{VERSION}.tgz"
    actual = hashlib.sha256(tarball.read_bytes()).hexdigest()
    if actual != SHA256:
        sys.exit(f"{PACKAGE}@{VERSION} has SHA-256 {actual}, expected '{SHA256}': refusing it")
    with tarfile.open(tarball) as archive:
        package = json.load(archive.extractfile("package/package.json"))
        days = json.load(archive.extractfile("package/dist/chinese-days.json"))
        licence_text = archive.extractfile("package/LICENSE").read().decode("utf-8")

# Each value reads "English name,中文名,index" (e.g. "National Day,国庆节,3"); the Chinese name is kept.
def chinese(value: str) -> str:
    return value.split(",")[1]

holidays = {day: chinese(name) for day, name in sorted(days["holidays"].items())}
workdays = {day: chinese(name) + "调休" for day, name in sorted(days["workdays"].items())}
years = sorted({int(day[:4]) for day in holidays})
if len(years) < 20 or len(workdays) < 100:
    sys.exit(f"only {len(years)} years and {len(workdays)} workdays: the package's layout may have changed")
if years != list(range(years[0], years[-1] + 1)):
    sys.exit(f"the package skips years: {years}")

document = {
    "source": f"npm {PACKAGE}@{VERSION}",
    "licence": f"{package['license']}, see china-holidays.LICENSE",
    "firstYear": years[0],
    "lastYear": years[-1],
    "holidays": holidays,
    "workdays": workdays,
}
text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
(data / "china-holidays.json.tmp").write_text(text, encoding="utf-8")
(data / "china-holidays.json.tmp").replace(data / "china-holidays.json")
(data / "china-holidays.LICENSE").write_text(licence_text, encoding="utf-8")
print(f"[rescue] wrote {len(holidays)} holidays and {len(workdays)} workdays, {years[0]}-{years[-1]}, "
      f"from {PACKAGE}@{VERSION}", file=sys.stderr)
