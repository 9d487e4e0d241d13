#!/usr/bin/env bash
# The web app's browser tests drive Debian's Chromium (/usr/bin/chromium) with Playwright.
# `make test` runs this first: it installs chromium with apt-get when it is missing and apt
# is usable (root on Debian/Ubuntu, as in CI), and otherwise says why the browser tests
# will skip. It never fails the build itself: with CI set, the tests fail instead of
# skipping, so a missing browser cannot pass unnoticed.
set -u
if [ -x "${VEILLE_CHROMIUM:-/usr/bin/chromium}" ]; then
  exit 0
fi
packages="chromium fonts-liberation"
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  echo "browser tests: installing Debian's chromium (apt-get install $packages)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  if apt-get install -y -qq --no-install-recommends $packages >/dev/null 2>&1 \
     || { apt-get update -qq && apt-get install -y -qq --no-install-recommends $packages; }; then
    exit 0
  fi
  echo "browser tests: apt-get could not install chromium; they will skip (fail if CI is set)" >&2
elif command -v apt-get >/dev/null 2>&1 && command -v sudo >/dev/null 2>&1 \
     && sudo -n true 2>/dev/null; then
  echo "browser tests: installing Debian's chromium (sudo apt-get install $packages)..." >&2
  if sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
       $packages >/dev/null 2>&1 || { sudo -n apt-get update -qq && sudo -n env \
       DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $packages; }
  then
    exit 0
  fi
  echo "browser tests: apt-get could not install chromium; they will skip (fail if CI is set)" >&2
else
  echo "browser tests: no /usr/bin/chromium and no usable apt-get (needs root or sudo on" \
       "Debian/Ubuntu); they will skip (fail if CI is set). Install chromium, or set" \
       "VEILLE_CHROMIUM to a Chromium binary." >&2
fi
exit 0
