import { describe, expect, it } from "vitest";
import { renderArenaHtml, type ArenaReportInput } from "./render-arena-html.js";

const input: ArenaReportInput = {
  title: "Arena <ratings>",
  ratings: {
    models: [
      { model: "big & strong", rating: 1100.4, ci_low: 1080, ci_high: 1121, rank: 1, battles: 40, wins: 30, losses: 8, ties: 2, elo: 1010 },
      { model: "small", rating: 899.6, ci_low: 870, ci_high: 925, rank: 2, battles: 40, wins: 8, losses: 30, ties: 2, elo: 990 },
    ],
    battles: 40,
    bootstrap: 100,
    seed: 0,
    confidence: 0.95,
    scale: "mean rating 1000",
    regularized: false,
  },
  judges: [{ judge: "grader", source: "judge", battles: 40, human_agreement: { n: 10, rate: 0.8, kappa: 0.6 }, first_shown_wins: { n: 70, rate: 0.6, ci_low: 0.48, ci_high: 0.7 }, order_consistency: { n: 40, rate: 0.9 } }],
};

describe("renderArenaHtml", () => {
  it("draws each model's interval as an error bar and escapes every name", () => {
    const html = renderArenaHtml(input);
    expect(html).toContain("<title>Arena &lt;ratings&gt;</title>");
    expect(html).toContain("big &amp; strong");
    expect(html).not.toContain("big & strong");
    expect(html.match(/class="interval"/g)).toHaveLength(2);
    expect(html.match(/class="marker"/g)).toHaveLength(2);
    expect(html).toContain("1. big &amp; strong");
    expect(html).toContain("1080 to 1121");
    expect(html).toContain("80.0% of 10, κ 0.600");
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  it("draws points alone when there are no intervals", () => {
    const html = renderArenaHtml({ ...input, judges: [], ratings: { ...input.ratings, bootstrap: 0, models: input.ratings.models.map((model) => ({ ...model, ci_low: null, ci_high: null })) } });
    expect(html).not.toContain('class="interval"');
    expect(html.match(/class="marker"/g)).toHaveLength(2);
    expect(html).not.toContain("<h2>Judges</h2>");
  });
});
