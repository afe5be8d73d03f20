#!/usr/bin/env bash
# Batch use: `baocao-ls check DIR` over a folder of N reports made from the corpus (each copy
# with its figures perturbed, so the reports differ), on every core. Prints the CLI's summary
# (files, MB, threads, seconds, MB/s). Usage: benches/batch.sh [N=1000] [DIR=/tmp/baocao-batch]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
DIR=${2:-/tmp/baocao-batch}
cargo build --release -q
rm -rf "$DIR" && mkdir -p "$DIR"
python3 - "$N" "$DIR" <<'PY'
import os, random, re, sys
n, out = int(sys.argv[1]), sys.argv[2]
corpus = [open(os.path.join("tests/corpus", f), encoding="utf-8").read()
          for f in ("khe-tre-2020.txt", "huong-tra-2021.txt", "cam-giang-2021.txt")]
rng = random.Random(42)
def perturb(m):
    s = m.group(0)
    return s if rng.random() < 0.9 else str(int(s) + rng.randint(1, 9))
for i in range(n):
    text = re.sub(r"\b\d{2,3}\b", perturb, corpus[i % 3])
    with open(os.path.join(out, f"xa-{i:04d}.txt"), "w", encoding="utf-8") as f:
        f.write(text)
PY
echo "$(nproc) cores"
set +e
./target/release/baocao-ls check --stats "$DIR" > /dev/null
status=$?
set -e
# Exit status 1 only means that some report has an error-level finding.
[ "$status" -le 1 ]
