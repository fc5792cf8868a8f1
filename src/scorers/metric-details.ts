import type { ScorerConfig } from "../config/project-schema.js";
import { sentenceBleu } from "./text/bleu.js";
import { sentenceChrf } from "./text/chrf.js";
import { levenshteinDistance, levenshteinSimilarity } from "./text/levenshtein.js";
import { rougeL, rougeLsum, rougeN, type RougeScore } from "./text/rouge.js";
import { pythonSplit } from "./text/python-text.js";
import { squadExactMatch, squadF1, squadNormalize } from "./text/squad.js";

/** A reference metric of one output, with its parts, on the reference implementation's own scale. */
export type MetricDetails = { score: number } & Record<string, number | number[]>;

/**
 * The figures `tuneops score` prints for the reference text metrics: BLEU and chrF on sacrebleu's 0-100
 * scale, everything else on 0-1, with precision, recall and F where the metric has them. Undefined for
 * scorers that are not reference text metrics (they are run as scorers instead).
 */
export function referenceMetricDetails(config: ScorerConfig, output: string, references: readonly string[]): MetricDetails | undefined {
  switch (config.type) {
    case "exact-match":
      return { score: squadExactMatch(output, references, config.squad_version) };
    case "f1":
      return { ...squadPrecisionRecall(output, references, config.squad_version), score: squadF1(output, references, config.squad_version) };
    case "bleu": {
      const bleu = sentenceBleu(output, references, { tokenize: config.tokenize, smooth: config.smooth, lowercase: config.lowercase });
      return { score: bleu.score, precisions: bleu.precisions, bp: bleu.bp, ratio: bleu.ratio, hyp_len: bleu.hypLength, ref_len: bleu.refLength };
    }
    case "chrf":
      return { score: sentenceChrf(output, references, { charOrder: config.char_order, wordOrder: config.word_order, beta: config.beta }) };
    case "rouge1":
    case "rouge2":
    case "rougeL":
    case "rougeLsum": {
      // rouge-score scores one target; with several references, the best F (as multi-reference use commonly does).
      const scores = references.map((reference) => rouge(config.type, reference, output, config.use_stemmer));
      const best = scores.reduce((left, right) => (right.fmeasure > left.fmeasure ? right : left), scores[0] ?? { precision: 0, recall: 0, fmeasure: 0 });
      const picked = config.measure === "p" ? best.precision : config.measure === "r" ? best.recall : best.fmeasure;
      return { score: picked, precision: best.precision, recall: best.recall, f: best.fmeasure };
    }
    case "levenshtein": {
      const best = references.reduce((chosen, reference) => (levenshteinSimilarity(output, reference) > levenshteinSimilarity(output, chosen) ? reference : chosen), references[0] ?? "");
      return { score: levenshteinSimilarity(output, best), distance: levenshteinDistance(output, best) };
    }
    default:
      return undefined;
  }
}

/** Precision and recall of the SQuAD token overlap behind the best F1 over the references. */
function squadPrecisionRecall(output: string, references: readonly string[], version: "v1" | "v2"): { precision: number; recall: number; f: number } {
  const predicted = pythonSplit(squadNormalize(output, version));
  let best = { precision: 0, recall: 0, f: 0 };
  for (const reference of references) {
    const gold = pythonSplit(squadNormalize(reference, version));
    const counts = new Map<string, number>();
    for (const token of gold) counts.set(token, (counts.get(token) ?? 0) + 1);
    let same = 0;
    for (const token of predicted) {
      const left = counts.get(token) ?? 0;
      if (left > 0) {
        same += 1;
        counts.set(token, left - 1);
      }
    }
    const precision = predicted.length > 0 ? same / predicted.length : 0;
    const recall = gold.length > 0 ? same / gold.length : 0;
    const f = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    if (f > best.f || (best.f === 0 && references.indexOf(reference) === 0)) best = { precision, recall, f };
  }
  return best;
}

function rouge(type: "rouge1" | "rouge2" | "rougeL" | "rougeLsum", target: string, prediction: string, useStemmer: boolean): RougeScore {
  if (type === "rougeL") return rougeL(target, prediction, { useStemmer });
  if (type === "rougeLsum") return rougeLsum(target, prediction, { useStemmer });
  return rougeN(target, prediction, { useStemmer, n: type === "rouge1" ? 1 : 2 });
}
