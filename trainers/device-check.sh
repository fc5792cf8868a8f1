#!/usr/bin/env bash
# One pass over the local trainer on a GPU host, for a short device lease: the data-handling unit tests,
# the SFT smoke run (trainers/smoke.sh), a DPO run on top of the SFT model, and the same smoke run
# launched through `accelerate launch`. Writes logs and the trainer's status/metrics/events files
# (no weights) to ${1:-/tmp/tuneops-device}/files.tar.gz.
set -uo pipefail
out="${1:-/tmp/tuneops-device}"
here="$(cd "$(dirname "$0")" && pwd)"
work=/tmp/tuneops-device-work
rm -rf "$work"; mkdir -p "$work" "$out"
export PYTHONUNBUFFERED=1
step() { echo "== $1"; }
rc=0
step "environment"
python3 -c 'import torch, transformers, peft; print("torch", torch.__version__, "cuda", torch.cuda.is_available(), torch.cuda.get_device_name(0) if torch.cuda.is_available() else "-"); print("transformers", transformers.__version__, "peft", peft.__version__)'
step "unit tests"
python3 -m unittest "$here/test_train_lora.py" 2>&1 | tail -n 4 || rc=1
step "sft smoke"
bash "$here/smoke.sh" "$work/sft" 2>&1 | grep -v "^{'\|^$" | tail -n 30 || rc=1
step "dpo on the sft model"
python3 - "$work/sft/train.jsonl" "$work/dpo.jsonl" <<'PY'
import json, sys
labels = ["billing", "technical", "account"]
with open(sys.argv[1]) as src, open(sys.argv[2], "w") as dst:
    for i, line in enumerate(src):
        row = json.loads(line)
        right = row["messages"][-1]["content"]
        wrong = labels[(labels.index(right) + 1 + i % 2) % 3]
        dst.write(json.dumps({"input": {"messages": row["messages"][:-1]}, "preferred_output": [{"role": "assistant", "content": right}], "non_preferred_output": [{"role": "assistant", "content": wrong}]}) + "\n")
PY
start=$(date +%s)
python3 "$here/train_lora.py" --method dpo --base-model "$work/sft/job/merged" --train "$work/dpo.jsonl" --output-dir "$work/dpo" \
  --epochs 2 --batch-size 32 --learning-rate 1e-3 --beta 0.1 > "$work/dpo.log" 2>&1 || { rc=1; tail -n 30 "$work/dpo.log"; }
echo "wall seconds: $(( $(date +%s) - start ))"
cat "$work/dpo/status.json"; echo; tail -n 2 "$work/dpo/metrics.jsonl"
python3 "$here/check_smoke.py" "$work/dpo/merged" "$work/sft/heldout.jsonl" || rc=1
step "sft smoke through accelerate launch"
start=$(date +%s)
accelerate launch --num_processes 1 --mixed_precision bf16 "$here/train_lora.py" --smoke --base-model tiny-random-llama --train "$work/sft/train.jsonl" \
  --validation "$work/sft/heldout.jsonl" --output-dir "$work/accel" --epochs 8 --batch-size 32 --learning-rate 3e-3 > "$work/accel.log" 2>&1 || { rc=1; tail -n 30 "$work/accel.log"; }
echo "wall seconds: $(( $(date +%s) - start ))"
cat "$work/accel/status.json"; echo
python3 "$here/check_smoke.py" "$work/accel/merged" "$work/sft/heldout.jsonl" || rc=1
step "files"
(cd "$work" && tar czf "$out/files.tar.gz" --exclude='*.safetensors' --exclude='*.bin' --exclude='checkpoints' --exclude='smoke-base' sft/job dpo accel dpo.log accel.log sft/train.jsonl sft/heldout.jsonl)
ls -la "$out"
echo "device-check rc=$rc"
exit $rc
