/**
 * Categorical colours for candidates (Tableau 10): distinguishable from each other and readable on
 * both the light and the dark background of the report.
 */
const colors = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"] as const;

export function candidateColor(index: number): string {
  return colors[((index % colors.length) + colors.length) % colors.length] ?? colors[0];
}
