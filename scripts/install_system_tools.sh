#!/bin/sh
# LibreOffice (Writer and Calc, without GUI), which converts .doc, .wps, .rtf, .et and old .xls
# files (pipeline/io/convert.py), and Tesseract with its Chinese models, for --ocr.
# Installed from Debian's packages when run as root; skipped for what is already there (fast:
# no apt-get then), so a machine with the full LibreOffice keeps it (the -nogui packages would
# replace it). Without them, those inputs fail with a message saying what to install.
packages=""
soffice=$(command -v soffice 2>/dev/null)
program=$(if [ -n "$soffice" ]; then dirname "$(readlink -f "$soffice")"; fi)
# Writer's and Calc's libraries, beside the soffice that runs them.
if [ -z "$soffice" ] || [ ! -e "$program/libswlo.so" ] || [ ! -e "$program/libsclo.so" ]; then
  packages="$packages libreoffice-writer-nogui libreoffice-calc-nogui"
fi
langs=$(tesseract --list-langs 2>/dev/null)
if ! printf '%s\n' "$langs" | grep -qx chi_sim || ! printf '%s\n' "$langs" | grep -qx chi_tra; then
  packages="$packages tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-chi-tra"
fi
if [ -z "$packages" ]; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1 || [ "$(id -u)" != "0" ]; then
  echo "note: not installed (needs root and apt-get):$packages; .doc, .wps, .rtf, .et and .xls inputs and --ocr fail saying what to install" >&2
  exit 0
fi
# $packages unquoted on purpose: one word per package.
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages >/dev/null 2>&1 \
  || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages >/dev/null 2>&1; } \
  || echo "note: could not install$packages; .doc, .wps, .rtf, .et and .xls inputs and --ocr fail saying what to install" >&2
exit 0
