#!/usr/bin/env python3
"""Writes Components/UiText.resx (Chinese, the default) and UiText.en.resx from UiText.tsv.

The TSV is the one place to edit UI text: key, Chinese, English. Run after editing it:
    python3 infra/uitext.py
"""
import pathlib
from xml.sax.saxutils import escape

components = pathlib.Path(__file__).resolve().parent.parent / "src/Rescue.Web/Components"
rows = [line.split("\t") for line in (components / "UiText.tsv").read_text(encoding="utf-8").splitlines() if line.strip()]
head = """<?xml version="1.0" encoding="utf-8"?>
<!-- Generated from UiText.tsv by infra/uitext.py: edit the TSV, not this file. -->
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
"""
for column, name in ((1, "UiText.resx"), (2, "UiText.en.resx")):
    body = "".join(f'  <data name="{escape(r[0])}" xml:space="preserve"><value>{escape(r[column])}</value></data>\n' for r in rows)
    (components / name).write_text(head + body + "</root>\n", encoding="utf-8")
