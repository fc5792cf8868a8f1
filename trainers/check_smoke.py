#!/usr/bin/env python3
"""Greedy-decodes the held-out prompts with a merged model and counts right labels (smoke check)."""
import json
import sys

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer


def main(model_dir, heldout_path):
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModelForCausalLM.from_pretrained(model_dir).eval()
    right = 0
    rows = [json.loads(line) for line in open(heldout_path) if line.strip()]
    for row in rows:
        prompt = tokenizer.apply_chat_template(row["messages"][:-1], tokenize=False, add_generation_prompt=True)
        ids = tokenizer(prompt, add_special_tokens=False, return_tensors="pt")
        with torch.no_grad():
            out = model.generate(**ids, max_new_tokens=6, do_sample=False, pad_token_id=tokenizer.pad_token_id)
        answer = tokenizer.decode(out[0][ids["input_ids"].shape[1]:], skip_special_tokens=True).strip()
        expected = row["messages"][-1]["content"]
        right += answer.startswith(expected)
        print(f"{expected!r:12} <- {answer!r}")
    print(f"held-out: {right}/{len(rows)} right")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
