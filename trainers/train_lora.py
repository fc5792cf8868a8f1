#!/usr/bin/env python3
"""LoRA fine-tuning trainer that tuneops launches and follows (the "local" backend).

Needs torch, transformers and peft only. The files it writes in --output-dir are the contract with
tuneops (src/finetune/backends/local/trainer-files.ts):
  status.json    {"state": "running"|"succeeded"|"failed", "message", "adapter_dir", "merged_dir",
                  "train_tokens", "updated_at"}, replaced atomically at each change
  metrics.jsonl  one line per Trainer log: {"step", "epoch", "loss", "grad_norm", "learning_rate", ...}
  events.jsonl   {"time", "level", "message"} lines
  adapter/       the LoRA adapter (PEFT save_pretrained)
  merged/        the base model with the adapter merged in, plus the tokenizer

Data: OpenAI chat JSONL for --method sft (loss only on assistant messages whose weight is not 0);
OpenAI preference JSONL or TRL prompt/chosen/rejected JSONL for --method dpo (DPO loss against the base
model as reference, i.e. the adapter switched off).

One GPU:   python3 trainers/train_lora.py --base-model DIR --train train.jsonl --output-dir out/job
Several:   accelerate launch --num_processes 4 trainers/train_lora.py ...
Smoke run: --smoke builds a tiny randomly initialised llama (and a byte-level BPE tokenizer trained on
           the training data) as the base model, so the whole path runs on a GPU host with no weights
           (one process: the tiny base is built by the process that trains on it).
"""
import argparse
import json
import os
import sys
import time


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-model", required=True, help="Hugging Face model folder or hub id (with --smoke: a name only)")
    parser.add_argument("--train", required=True)
    parser.add_argument("--validation")
    parser.add_argument("--output-dir", required=True)
    parser.add_argument("--method", choices=["sft", "dpo"], default="sft")
    parser.add_argument("--epochs", type=float, default=3)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--learning-rate", type=float, default=2e-4)
    parser.add_argument("--lora-r", type=int, default=8)
    parser.add_argument("--lora-alpha", type=int, default=16)
    parser.add_argument("--beta", type=float, default=0.1, help="DPO beta")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--max-length", type=int, default=1024)
    parser.add_argument("--no-merge", action="store_true", help="save the adapter only")
    parser.add_argument("--smoke", action="store_true", help="train a tiny random llama built on the spot")
    return parser.parse_args()


def is_main():
    return int(os.environ.get("RANK", "0")) == 0


class Files:
    """Writes the files tuneops reads; only the main process writes."""

    def __init__(self, folder):
        self.folder = folder
        os.makedirs(folder, exist_ok=True)

    def status(self, **fields):
        if not is_main():
            return
        fields["updated_at"] = time.time()
        tmp = os.path.join(self.folder, "status.json.tmp")
        with open(tmp, "w") as handle:
            json.dump(fields, handle)
        os.replace(tmp, os.path.join(self.folder, "status.json"))

    def append(self, name, record):
        if not is_main():
            return
        with open(os.path.join(self.folder, name), "a") as handle:
            handle.write(json.dumps(record) + "\n")

    def event(self, message, level="info"):
        self.append("events.jsonl", {"time": time.time(), "level": level, "message": message})


def read_jsonl(path):
    with open(path) as handle:
        return [json.loads(line) for line in handle if line.strip()]


def preference_triple(example):
    """(prompt messages, chosen messages, rejected messages, tools) from OpenAI's or TRL's format."""
    if "input" in example:
        inp = example["input"]
        return inp["messages"], example["preferred_output"], example["non_preferred_output"], inp.get("tools")
    prompt, chosen, rejected = example["prompt"], example["chosen"], example["rejected"]
    if isinstance(prompt, str):
        prompt = [{"role": "user", "content": prompt}]
    if isinstance(chosen, str):
        chosen = [{"role": "assistant", "content": chosen}]
    if isinstance(rejected, str):
        rejected = [{"role": "assistant", "content": rejected}]
    return prompt, chosen, rejected, example.get("tools")


SMOKE_TEMPLATE = (
    "{% for m in messages %}<|{{ m['role'] }}|>{{ m['content'] or '' }}"
    "{% if m.get('tool_calls') %}{{ m['tool_calls'] | tojson }}{% endif %}</s>{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>{% endif %}"
)


def build_smoke_model(folder, texts):
    """A tiny randomly initialised llama and a BPE tokenizer trained on the data, saved like any HF model."""
    from tokenizers import Tokenizer, models, pre_tokenizers, decoders, trainers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    specials = ["<unk>", "<s>", "</s>", "<pad>", "<|system|>", "<|developer|>", "<|user|>", "<|assistant|>", "<|tool|>"]
    tok = Tokenizer(models.BPE(unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    tok.train_from_iterator(texts, trainers.BpeTrainer(vocab_size=400, special_tokens=specials, initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="<unk>", bos_token="<s>", eos_token="</s>", pad_token="<pad>")
    tokenizer.chat_template = SMOKE_TEMPLATE
    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=128, intermediate_size=256, num_hidden_layers=2, num_attention_heads=4,
                         num_key_value_heads=4, max_position_embeddings=512, bos_token_id=1, eos_token_id=2, pad_token_id=3)
    LlamaForCausalLM(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def render(tokenizer, messages, tools):
    kwargs = {"tokenize": False}
    if tools:
        kwargs["tools"] = tools
    return tokenizer.apply_chat_template(messages, **kwargs)


def encode(tokenizer, text):
    return tokenizer(text, add_special_tokens=False)["input_ids"]


def sft_features(tokenizer, messages, tools, max_length):
    """Token ids of the conversation and labels that train only on assistant messages (weight != 0).

    Each message's tokens are the difference between the rendering of the conversation up to it and up to
    the one before (chat templates render prefixes as prefixes)."""
    ids, labels, previous = [], [], []
    for index in range(len(messages)):
        current = encode(tokenizer, render(tokenizer, messages[: index + 1], tools))
        piece = current[len(previous):]
        message = messages[index]
        trained = message.get("role") == "assistant" and message.get("weight", 1) != 0
        ids.extend(piece)
        labels.extend(piece if trained else [-100] * len(piece))
        previous = current
    return {"input_ids": ids[:max_length], "labels": labels[:max_length]}


def dpo_features(tokenizer, prompt, chosen, rejected, tools, max_length):
    prompt_ids = encode(tokenizer, render(tokenizer, prompt, tools))

    def side(reply):
        full = encode(tokenizer, render(tokenizer, prompt + reply, tools))
        labels = [-100] * len(prompt_ids) + full[len(prompt_ids):]
        return full[:max_length], labels[:max_length]

    chosen_ids, chosen_labels = side(chosen)
    rejected_ids, rejected_labels = side(rejected)
    return {"chosen_ids": chosen_ids, "chosen_labels": chosen_labels, "rejected_ids": rejected_ids, "rejected_labels": rejected_labels}


def main():
    args = parse_args()
    files = Files(args.output_dir)
    files.status(state="running")
    try:
        run(args, files)
    except BaseException as error:  # report every failure, including KeyboardInterrupt, then re-raise
        files.event(f"{type(error).__name__}: {error}", "error")
        files.status(state="failed", message=f"{type(error).__name__}: {error}")
        raise


def run(args, files):
    import torch
    from torch.utils.data import Dataset
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, AutoTokenizer, Trainer, TrainerCallback, TrainingArguments, set_seed

    set_seed(args.seed)
    rows = read_jsonl(args.train)
    eval_rows = read_jsonl(args.validation) if args.validation else None
    base = args.base_model
    if args.smoke:
        texts = [json.dumps(row) for row in rows]
        base = build_smoke_model(os.path.join(args.output_dir, "smoke-base"), texts) if is_main() else os.path.join(args.output_dir, "smoke-base")
        args.max_length = min(args.max_length, 512)  # the tiny model's position range
        files.event("built a tiny random llama as the base model (smoke mode)")
    tokenizer = AutoTokenizer.from_pretrained(base)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    bf16 = torch.cuda.is_available() and torch.cuda.is_bf16_supported()
    model = AutoModelForCausalLM.from_pretrained(base, dtype=torch.bfloat16 if bf16 else torch.float32)
    targets = [name for name in ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"] if any(n.endswith(name) for n, _ in model.named_modules())]
    model = get_peft_model(model, LoraConfig(r=args.lora_r, lora_alpha=args.lora_alpha, lora_dropout=0.05, target_modules=targets or None, task_type="CAUSAL_LM"))
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    files.event(f"loaded {args.base_model}: {len(rows)} examples, method {args.method}, LoRA r={args.lora_r} ({trainable} trainable parameters)")

    def featurise(data):
        if args.method == "sft":
            return [sft_features(tokenizer, row["messages"], row.get("tools"), args.max_length) for row in data]
        return [dpo_features(tokenizer, *preference_triple(row), args.max_length) for row in data]

    features = featurise(rows)
    eval_features = featurise(eval_rows) if eval_rows else None
    key = "input_ids" if args.method == "sft" else "chosen_ids"
    train_tokens = int(sum(len(f[key]) + len(f.get("rejected_ids", [])) for f in features) * args.epochs)

    class Rows(Dataset):
        def __init__(self, items):
            self.items = items

        def __len__(self):
            return len(self.items)

        def __getitem__(self, index):
            return self.items[index]

    def pad(sequences, value):
        width = max(len(s) for s in sequences)
        return torch.tensor([s + [value] * (width - len(s)) for s in sequences])

    def collate(batch):
        if args.method == "sft":
            ids = pad([b["input_ids"] for b in batch], tokenizer.pad_token_id)
            return {"input_ids": ids, "labels": pad([b["labels"] for b in batch], -100), "attention_mask": (pad([[1] * len(b["input_ids"]) for b in batch], 0))}
        out = {}
        for side in ("chosen", "rejected"):
            out[f"{side}_ids"] = pad([b[f"{side}_ids"] for b in batch], tokenizer.pad_token_id)
            out[f"{side}_labels"] = pad([b[f"{side}_labels"] for b in batch], -100)
            out[f"{side}_mask"] = pad([[1] * len(b[f"{side}_ids"]) for b in batch], 0)
        return out

    def sequence_logp(net, ids, labels, mask):
        logits = net(input_ids=ids, attention_mask=mask).logits[:, :-1].float()
        targets = labels[:, 1:]
        keep = targets != -100
        picked = torch.gather(logits.log_softmax(-1), 2, targets.clamp(min=0).unsqueeze(-1)).squeeze(-1)
        return (picked * keep).sum(-1)

    class DpoTrainer(Trainer):
        """DPO loss with the base model (adapter off) as the reference policy."""

        def compute_loss(self, model, inputs, return_outputs=False, **kwargs):
            policy = [sequence_logp(model, inputs[f"{s}_ids"], inputs[f"{s}_labels"], inputs[f"{s}_mask"]) for s in ("chosen", "rejected")]
            # Under DDP the model arrives wrapped; the adapter switch lives on the PEFT model inside.
            peft_model = self.accelerator.unwrap_model(model)
            with torch.no_grad(), peft_model.disable_adapter():
                reference = [sequence_logp(peft_model, inputs[f"{s}_ids"], inputs[f"{s}_labels"], inputs[f"{s}_mask"]) for s in ("chosen", "rejected")]
            margin = args.beta * ((policy[0] - reference[0]) - (policy[1] - reference[1]))
            loss = -torch.nn.functional.logsigmoid(margin).mean()
            return (loss, {"margin": margin}) if return_outputs else loss

    class MetricsToJsonl(TrainerCallback):
        def on_log(self, training_args, state, control, logs=None, **kwargs):
            if state.is_world_process_zero and logs:
                files.append("metrics.jsonl", {"step": state.global_step, "epoch": state.epoch, **{k: v for k, v in logs.items() if isinstance(v, (int, float))}})

    training_args = TrainingArguments(
        output_dir=os.path.join(args.output_dir, "checkpoints"),
        num_train_epochs=args.epochs,
        per_device_train_batch_size=args.batch_size,
        per_device_eval_batch_size=args.batch_size,
        learning_rate=args.learning_rate,
        logging_steps=1,
        save_strategy="no",
        eval_strategy="epoch" if eval_features else "no",
        report_to=[],
        bf16=bf16,
        seed=args.seed,
        remove_unused_columns=False,
        disable_tqdm=True,
        # Evaluation reports the loss only; naming the label column makes the Trainer route evaluation
        # through compute_loss (PEFT-wrapped models hide the forward signature it would infer it from).
        prediction_loss_only=True,
        label_names=["labels"] if args.method == "sft" else ["chosen_labels"],
    )
    trainer_class = Trainer if args.method == "sft" else DpoTrainer
    trainer = trainer_class(model=model, args=training_args, train_dataset=Rows(features), eval_dataset=Rows(eval_features) if eval_features else None, data_collator=collate, callbacks=[MetricsToJsonl()])
    trainer.train()
    adapter_dir = os.path.join(args.output_dir, "adapter")
    merged_dir = os.path.join(args.output_dir, "merged")
    trainer.save_model(adapter_dir)
    if trainer.is_world_process_zero():
        tokenizer.save_pretrained(adapter_dir)
        files.event(f"saved the adapter to {adapter_dir}")
        if not args.no_merge:
            trainer.model.merge_and_unload().save_pretrained(merged_dir)
            tokenizer.save_pretrained(merged_dir)
            files.event(f"saved merged weights to {merged_dir}")
    files.status(state="succeeded", adapter_dir=adapter_dir, merged_dir=adapter_dir if args.no_merge else merged_dir, train_tokens=train_tokens)


if __name__ == "__main__":
    sys.exit(main())
