#!/usr/bin/env bash
# Installs what evidence-package reports need, from Debian's packages, when missing: Graphviz (ring picture
# layout, sfdp/neato), Chromium (HTML report to PDF), Noto CJK fonts (Chinese in the PDF) and poppler-utils
# (pdftoppm, used by the tests to check the PDF's first page is not blank). Idempotent: a second run installs
# nothing and does not touch the package lists.
set -euo pipefail

missing=()
command -v sfdp >/dev/null 2>&1 || missing+=(graphviz)
{ command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; } || missing+=(chromium)
{ dpkg -s fonts-noto-cjk >/dev/null 2>&1 || fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; } || missing+=(fonts-noto-cjk)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)

if [ "${#missing[@]}" -eq 0 ]; then
  echo "report tools: graphviz, chromium, fonts-noto-cjk and poppler-utils already installed"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "report tools: missing ${missing[*]}; run as root: apt-get install ${missing[*]}" >&2
    exit 1
  fi
else
  SUDO=
fi
echo "report tools: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
