import type { FineTuneMetricPoint } from "../../spec/finetune-backend.js";

/**
 * Reads a result-metrics CSV (OpenAI's result file: `step,train_loss,train_accuracy,valid_loss,...`)
 * into metric points. Empty cells (validation figures on steps without validation) are left out.
 */
export function parseMetricsCsv(text: string): FineTuneMetricPoint[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  const header = lines.shift()?.split(",").map((name) => name.trim());
  if (header === undefined) return [];
  const stepColumn = header.indexOf("step");
  const points: FineTuneMetricPoint[] = [];
  for (const line of lines) {
    const cells = line.split(",");
    const step = Number(cells[stepColumn === -1 ? 0 : stepColumn]);
    if (!Number.isFinite(step)) continue;
    const values: Record<string, number> = {};
    header.forEach((name, index) => {
      const cell = cells[index]?.trim();
      if (name === "step" || cell === undefined || cell === "") return;
      const value = Number(cell);
      if (Number.isFinite(value)) values[name] = value;
    });
    points.push({ step, values });
  }
  return points;
}
