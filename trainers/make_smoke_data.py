#!/usr/bin/env python3
"""Writes a small routing dataset (OpenAI chat JSONL, 3 labels) for a smoke run of train_lora.py.

python3 trainers/make_smoke_data.py out/train.jsonl out/heldout.jsonl
"""
import json
import random
import sys

LABELS = {
    "billing": ["I was charged twice", "refund my payment", "why is my invoice higher", "card charged wrongly", "cancel the charge"],
    "technical": ["the app crashes on start", "cannot log in", "page will not load", "error when I upload", "sync is broken"],
    "account": ["change my email address", "delete my account", "update my phone number", "reset my password", "rename my profile"],
}
PREFIXES = ["", "hi, ", "hello, ", "please help: ", "urgent: ", "question: ", "hey team, ", "good morning, "]
SUFFIXES = ["", ".", "!", " please", " asap", " thanks", "?", " today"]


def example(text, label):
    return {"messages": [{"role": "system", "content": "Route the ticket: billing, technical or account."}, {"role": "user", "content": text}, {"role": "assistant", "content": label}]}


def main(train_path, heldout_path):
    rng = random.Random(7)
    rows = []
    for label, phrases in LABELS.items():
        for phrase in phrases:
            for prefix in PREFIXES:
                for suffix in SUFFIXES[:4]:
                    rows.append(example(f"{prefix}{phrase}{suffix}", label))
    rng.shuffle(rows)
    with open(train_path, "w") as handle:
        for row in rows:
            handle.write(json.dumps(row) + "\n")
    with open(heldout_path, "w") as handle:
        for label, phrases in LABELS.items():
            handle.write(json.dumps(example(f"good evening, {phrases[0]} tonight", label)) + "\n")
    print(f"{len(rows)} training examples -> {train_path}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
