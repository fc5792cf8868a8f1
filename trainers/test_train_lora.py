"""Unit tests of the trainer's data handling (no torch needed): python3 -m unittest trainers/test_train_lora.py"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import train_lora  # noqa: E402


class CharTokenizer:
    """Renders `<role>content|` per message and encodes one id per character."""

    def apply_chat_template(self, messages, tokenize=False, tools=None):
        return "".join(f"<{m['role']}>{m.get('content') or ''}|" for m in messages)

    def __call__(self, text, add_special_tokens=False):
        return {"input_ids": [ord(c) for c in text]}


class SftFeatures(unittest.TestCase):
    def test_trains_only_on_assistant_messages_with_weight(self):
        messages = [
            {"role": "user", "content": "a"},
            {"role": "assistant", "content": "b", "weight": 0},
            {"role": "user", "content": "c"},
            {"role": "assistant", "content": "d"},
        ]
        features = train_lora.sft_features(CharTokenizer(), messages, None, 1000)
        text = "".join(chr(i) for i in features["input_ids"])
        self.assertEqual(text, "<user>a|<assistant>b|<user>c|<assistant>d|")
        trained = "".join(chr(i) for i, label in zip(features["input_ids"], features["labels"]) if label != -100)
        self.assertEqual(trained, "<assistant>d|")

    def test_truncates_to_max_length(self):
        features = train_lora.sft_features(CharTokenizer(), [{"role": "user", "content": "x" * 50}, {"role": "assistant", "content": "y"}], None, 10)
        self.assertEqual(len(features["input_ids"]), 10)
        self.assertEqual(len(features["labels"]), 10)


class Preferences(unittest.TestCase):
    def test_reads_openai_and_trl_formats_alike(self):
        openai = {"input": {"messages": [{"role": "user", "content": "q"}]}, "preferred_output": [{"role": "assistant", "content": "good"}], "non_preferred_output": [{"role": "assistant", "content": "bad"}]}
        trl = {"prompt": "q", "chosen": "good", "rejected": "bad"}
        self.assertEqual(train_lora.preference_triple(openai)[:3], train_lora.preference_triple(trl)[:3])

    def test_masks_the_prompt_of_both_replies(self):
        features = train_lora.dpo_features(CharTokenizer(), [{"role": "user", "content": "q"}], [{"role": "assistant", "content": "good"}], [{"role": "assistant", "content": "bad"}], None, 1000)
        chosen = "".join(chr(i) for i, label in zip(features["chosen_ids"], features["chosen_labels"]) if label != -100)
        rejected = "".join(chr(i) for i, label in zip(features["rejected_ids"], features["rejected_labels"]) if label != -100)
        self.assertEqual((chosen, rejected), ("<assistant>good|", "<assistant>bad|"))


if __name__ == "__main__":
    unittest.main()
