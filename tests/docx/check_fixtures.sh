#!/usr/bin/env bash
# The Word fixtures of tests/docx are made by a real writer, python-docx, pinned in
# requirements.txt. They are committed (so `cargo test` needs no Python); this script, run by
# .ci/run, makes them again from make_fixtures.py and checks that the files made now read as the
# committed ones: the same Markdown from `baocao-ls convert`, the same findings from `check`.
# (The bytes differ: a zip records the time its parts were written.)
#
#   tests/docx/check_fixtures.sh            check
#   tests/docx/check_fixtures.sh --update   write the files made now over the committed ones
#
# The virtual environment lives outside the repository (BAOCAO_DOCX_VENV, default
# ~/.cache/baocao-docx-venv) and is made again when requirements.txt changes.
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=${BAOCAO_DOCX_VENV:-$HOME/.cache/baocao-docx-venv}
REQ=tests/docx/requirements.txt
if [ ! -x "$VENV/bin/python" ] || ! cmp -s "$REQ" "$VENV/requirements.txt"; then
  echo "== python-docx into $VENV"
  python3 -m venv --clear "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$REQ"
  cp "$REQ" "$VENV/requirements.txt"
fi
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
PYTHONDONTWRITEBYTECODE=1 "$VENV/bin/python" tests/docx/make_fixtures.py "$OUT"

cargo build --quiet --bin baocao-ls
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
BIN=$TARGET_DIR/debug/baocao-ls

status=0
for made in "$OUT"/*.docx; do
  name=$(basename "$made")
  kept=tests/docx/$name
  if [ "${1:-}" = --update ]; then
    cp "$made" "$kept"
    echo "updated $kept"
    continue
  fi
  if [ ! -f "$kept" ]; then
    echo "FAIL: make_fixtures.py makes $name, which is not in tests/docx (run with --update)" >&2
    status=1
    continue
  fi
  if ! diff -u <("$BIN" convert "$kept") <("$BIN" convert "$made"); then
    echo "FAIL: $name made now converts differently from the committed one (run with --update)" >&2
    status=1
  fi
  # Findings without the file name; `check` exits 1 on the planted errors.
  findings() { "$BIN" check "$1" | sed 's|^[^:]*:||' || true; }
  if ! diff -u <(findings "$kept") <(findings "$made"); then
    echo "FAIL: $name made now gives other findings than the committed one" >&2
    status=1
  fi
  if [ $status = 0 ]; then echo "$name: made again with $(grep -i '^python-docx' "$REQ"), same Markdown and findings ($(findings "$made" | wc -l) findings)"; fi
done
exit $status
