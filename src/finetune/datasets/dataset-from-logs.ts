import type { RequestFilter, RequestWithFeedback } from "../../spec/gateway-store.js";
import { chatExampleFromLog, type LogSkipReason } from "./chat-example-from-log.js";
import { curateExamples, type ChatTrainingExample, type CuratedDataset, type CurationOptions } from "./curate-examples.js";
import { passesFeedbackFilter, type FeedbackFilter } from "./feedback-filter.js";

export interface DatasetFromLogsOptions extends CurationOptions {
  /** The logged requests (e.g. GatewayStore.scanRequests with the route and time filter). */
  requests: AsyncIterable<RequestWithFeedback>;
  feedback: FeedbackFilter;
  /** Called every 1,000 requests read. */
  onProgress?: (read: number) => void;
}

export interface DatasetFromLogsResult extends CuratedDataset {
  /** Requests read (route and time filters applied). */
  read: number;
  /** Requests left out, by reason (`filtered`: by the feedback filter). */
  skipped: Record<LogSkipReason | "filtered", number>;
}

/** The request filter of `scanRequests` for chat datasets: only chat completions. */
export function chatRequestFilter(filter: Omit<RequestFilter, "endpoint">): RequestFilter {
  return { ...filter, endpoint: "/v1/chat/completions" };
}

/**
 * Builds a chat fine-tuning dataset from logged gateway exchanges: each successful chat request with
 * logged bodies that passes the feedback filter becomes one example (its messages, then the answer),
 * then PII is redacted, duplicates dropped and a validation share held out.
 */
export async function datasetFromLogs(options: DatasetFromLogsOptions): Promise<DatasetFromLogsResult> {
  const skipped: DatasetFromLogsResult["skipped"] = { no_bodies: 0, not_chat: 0, failed: 0, flagged: 0, unreadable: 0, no_answer: 0, filtered: 0 };
  const examples: ChatTrainingExample[] = [];
  let read = 0;
  for await (const request of options.requests) {
    read++;
    if (read % 1_000 === 0) options.onProgress?.(read);
    if (!passesFeedbackFilter(request.feedback, options.feedback)) {
      skipped.filtered++;
      continue;
    }
    const example = chatExampleFromLog(request);
    if (typeof example === "string") skipped[example]++;
    else examples.push(example);
  }
  return { ...curateExamples(examples, options), read, skipped };
}
