#!/usr/bin/env python3
"""Print minutes to PDF as users get them: through headless Chromium and
through LibreOffice, from HTML with bordered tables in a proportional font.

usage: print_pdfs.py OUT_DIR [--only chromium|libreoffice|chromium-a5]

Writes OUT_DIR/{chromium,libreoffice,chromium-a5}/{seeds,greve}/STEM.pdf:
- seeds: the bundled Odense minutes (fixtures/minutes/*.txt), each line with
  tabs a row of a `<table border="1">`, every other line a paragraph;
- greve: the Greve dev pages (fixtures/real/greve/html/*.html) as they are.
chromium-a5 prints the same pages on A5 paper: the narrow columns wrap and
justify cells and run figures together as a portal's tables do on a
phone-sized or a half-page print.

The PDF tests (tests/pdf_positions.rs) read the committed copies in
fixtures/pdf; this script is how they were made (Chromium 120+, LibreOffice
7.4), and how to make them again with the converters of another machine.
"""
import html
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

STYLE = """<style>
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 10pt; }
table { border-collapse: collapse; margin: 6pt 0; }
td { border: 1px solid #000; padding: 2pt 4pt; vertical-align: top; font-size: 8pt; }
</style>"""


# The inline markup the text minutes carry (tables pasted from a portal)
# prints as markup, not as its characters.
TAGS = ("b", "/b", "p", "/p", "br", "i", "/i")


def cell_html(text):
    out = html.escape(text, quote=False)
    for tag in TAGS:
        out = out.replace("&lt;%s&gt;" % tag, "<%s>" % tag)
    return out


def minutes_html(text):
    """The text minutes as an HTML page: tab lines become table rows."""
    out = ["<!DOCTYPE html><html><head><meta charset='utf-8'>", STYLE, "</head><body>"]
    in_table = False
    for line in text.splitlines():
        if "\t" in line:
            if not in_table:
                out.append('<table border="1">')
                in_table = True
            cells = "".join(
                # A <font> as well: LibreOffice's HTML import reads no
                # style sheet.
                '<td><font size="1">%s</font></td>' % cell_html(c)
                for c in line.split("\t"))
            out.append("<tr>%s</tr>" % cells)
            continue
        if in_table:
            out.append("</table>")
            in_table = False
        if line.strip():
            out.append("<p>%s</p>" % cell_html(line))
    if in_table:
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out)


A5 = "<style>@page { size: A5; margin: 1cm; }</style>"


def on_a5(src, tmp):
    """A copy of the page src that prints on A5 paper."""
    with open(src, encoding="utf-8") as f:
        text = f.read()
    head = text.find("<head")
    at = text.find(">", head) + 1 if head >= 0 else 0
    page = os.path.join(tmp, "a5_" + os.path.basename(src))
    with open(page, "w", encoding="utf-8") as f:
        f.write(text[:at] + A5 + text[at:])
    return page


def chromium(src, pdf):
    subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
         "--no-pdf-header-footer", "--print-to-pdf=" + pdf,
         "file://" + os.path.abspath(src)],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def libreoffice(srcs, out_dir):
    # One process for all files: LibreOffice starts slowly.
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            ["soffice", "-env:UserInstallation=file://" + profile, "--headless",
             "--convert-to", "pdf:writer_web_pdf_Export", "--outdir", out_dir]
            + srcs,
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    only = None
    if "--only" in sys.argv:
        only = sys.argv[sys.argv.index("--only") + 1]
        args = [a for a in args if a != only]
    out = args[0]
    with tempfile.TemporaryDirectory() as tmp:
        pages = {"seeds": [], "greve": []}
        seeds = os.path.join(ROOT, "fixtures", "minutes")
        for name in sorted(os.listdir(seeds)):
            if name.endswith(".txt"):
                page = os.path.join(tmp, name[:-4] + ".html")
                with open(os.path.join(seeds, name), encoding="utf-8") as f:
                    text = f.read()
                with open(page, "w", encoding="utf-8") as f:
                    f.write(minutes_html(text))
                pages["seeds"].append(page)
        greve = os.path.join(ROOT, "fixtures", "real", "greve", "html")
        for name in sorted(os.listdir(greve)):
            if name.endswith(".html"):
                page = os.path.join(tmp, "greve_" + name)
                shutil.copy(os.path.join(greve, name), page)
                pages["greve"].append(page)
        for group, files in pages.items():
            if only in (None, "chromium"):
                target = os.path.join(out, "chromium", group)
                os.makedirs(target, exist_ok=True)
                for page in files:
                    stem = os.path.basename(page)[:-5].removeprefix("greve_")
                    chromium(page, os.path.join(target, stem + ".pdf"))
            if only in (None, "chromium-a5"):
                target = os.path.join(out, "chromium-a5", group)
                os.makedirs(target, exist_ok=True)
                for page in files:
                    stem = os.path.basename(page)[:-5].removeprefix("greve_")
                    chromium(on_a5(page, tmp), os.path.join(target, stem + ".pdf"))
            if only in (None, "libreoffice"):
                target = os.path.join(out, "libreoffice", group)
                os.makedirs(target, exist_ok=True)
                libreoffice(files, target)
                for name in os.listdir(target):
                    if name.startswith("greve_"):
                        os.replace(os.path.join(target, name),
                                   os.path.join(target, name.removeprefix("greve_")))


if __name__ == "__main__":
    main()
