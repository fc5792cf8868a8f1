import { describe, expect, it } from "vitest";
import { TextClassifier } from "./text-classifier.js";
import { syntheticIntents } from "./testing/synthetic-intents.js";

describe("TextClassifier", () => {
  const rows = syntheticIntents();
  const train = (seed = 1): Promise<TextClassifier> => TextClassifier.train({ texts: rows.map((row) => row.text), labels: rows.map((row) => row.label), seed });

  it("learns intents and generalises to unseen phrasings", async () => {
    const classifier = await train();
    expect(classifier.classify("has my card arrived")).toBe("card_arrival");
    expect(classifier.classify("my card got stolen yesterday")).toBe("lost_card");
    expect(classifier.classify("which conversion rate applies to dollars")).toBe("exchange_rate");
    expect(classifier.classify("give me my money back")).toBe("refund");
  });

  it("returns every label with probabilities that sum to 1, most probable first", async () => {
    const classifier = await train();
    const prediction = classifier.predict("refund this purchase");
    expect(prediction.map((entry) => entry.label).sort()).toEqual(["card_arrival", "exchange_rate", "lost_card", "refund"]);
    expect(prediction.reduce((sum, entry) => sum + entry.probability, 0)).toBeCloseTo(1, 10);
    for (let position = 1; position < prediction.length; position += 1) {
      expect(prediction[position - 1]?.probability).toBeGreaterThanOrEqual(prediction[position]?.probability ?? 1);
    }
    expect(prediction[0]).toMatchObject({ label: "refund" });
    expect(prediction[0]?.probability).toBeGreaterThan(0.5);
  });

  it("gives the same model for the same data and seed", async () => {
    const [first, second] = await Promise.all([train(7), train(7)]);
    expect(second.predict("where is my card")).toEqual(first.predict("where is my card"));
  });

  it("does not depend on the order labels first appear in", async () => {
    const reversed = [...rows].reverse();
    const classifier = await TextClassifier.train({ texts: reversed.map((row) => row.text), labels: reversed.map((row) => row.label) });
    expect(classifier.labels).toEqual(["card_arrival", "exchange_rate", "lost_card", "refund"]);
  });

  it("works with word features only", async () => {
    const classifier = await TextClassifier.train({ texts: rows.map((row) => row.text), labels: rows.map((row) => row.label), charNgrams: false });
    expect(classifier.classify("i lost my wallet and card")).toBe("lost_card");
  });

  it("stops training when aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(TextClassifier.train({ texts: ["a", "b"], labels: ["x", "y"], signal: controller.signal })).rejects.toMatchObject({ code: "aborted" });
  });
});
