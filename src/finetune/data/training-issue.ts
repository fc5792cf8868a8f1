/**
 * One problem found in a training file. `code` names the check: the first seven are the checks of
 * OpenAI's chat fine-tuning data-preparation guide (same names), the rest are tuneops' own.
 */
export const trainingIssueCodes = [
  // OpenAI's data-preparation guide.
  "data_type",
  "missing_messages_list",
  "message_missing_key",
  "message_unrecognized_key",
  "unrecognized_role",
  "missing_content",
  "example_missing_assistant_message",
  // Parsing and per-message weights.
  "invalid_json",
  "invalid_weight",
  "no_trained_message",
  "example_unrecognized_key",
  // Tools and tool calls.
  "invalid_tools",
  "invalid_tool_call",
  "tool_call_arguments_not_json",
  "tool_call_undefined_function",
  "tool_message_unknown_id",
  "tool_call_unanswered",
  // Preference pairs.
  "missing_preference_key",
  "invalid_preference_output",
  "identical_preference_outputs",
  // Whole-file checks.
  "mixed_formats",
  "over_context_limit",
  "duplicate_example",
  "pii_found",
  "eval_leakage",
] as const;

export type TrainingIssueCode = (typeof trainingIssueCodes)[number];

export interface TrainingIssue {
  /** 1-based line of the example in the file. */
  line: number;
  code: TrainingIssueCode;
  message: string;
  /** Dotted path inside the example, e.g. `messages[2].tool_calls[0].function.arguments`. */
  field?: string;
}

/** An issue found inside one example, before the reader attaches its line. */
export type ExampleIssue = Omit<TrainingIssue, "line">;
