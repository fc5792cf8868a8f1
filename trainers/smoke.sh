#!/usr/bin/env bash
# Smoke run of the local trainer on a GPU host with no model weights: a tiny random llama learns a
# 3-label routing task. Writes everything under ${1:-/tmp/tuneops-smoke}; prints the metrics tail.
# Single GPU: bash trainers/smoke.sh   Multi-GPU (real base model): see trainers/README.md.
set -euo pipefail
out="${1:-/tmp/tuneops-smoke}"
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$out"
python3 "$here/make_smoke_data.py" "$out/train.jsonl" "$out/heldout.jsonl"
start=$(date +%s)
python3 "$here/train_lora.py" --smoke --base-model tiny-random-llama --train "$out/train.jsonl" --validation "$out/heldout.jsonl" \
  --output-dir "$out/job" --epochs 8 --batch-size 32 --learning-rate 3e-3 --lora-r 8 --lora-alpha 16
echo "wall seconds: $(( $(date +%s) - start ))"
cat "$out/job/status.json"; echo
tail -n 3 "$out/job/metrics.jsonl"
du -sh "$out/job/adapter" "$out/job/merged"
python3 "$here/check_smoke.py" "$out/job/merged" "$out/heldout.jsonl"
