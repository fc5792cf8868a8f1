/** A small labelled intent set for baseline tests: a few phrasings per label, varied by slot words. */
const phrasings: Record<string, string[]> = {
  card_arrival: ["when will my card arrive", "my new card has not arrived yet", "where is my card", "still waiting for the card in the mail"],
  lost_card: ["i lost my card", "my card was stolen", "someone stole my wallet with the card", "cannot find my card anywhere"],
  exchange_rate: ["what exchange rate do you use", "how is the currency conversion rate set", "rate for converting euros to dollars", "why was the exchange rate bad"],
  refund: ["i want a refund for this purchase", "how do i get my money back", "the merchant owes me a refund", "request a refund please"],
};

const slots = ["", " today", " please", " urgently", " again"];

export function syntheticIntents(): { text: string; label: string }[] {
  const rows: { text: string; label: string }[] = [];
  for (const [label, texts] of Object.entries(phrasings)) {
    for (const text of texts) for (const slot of slots) rows.push({ text: `${text}${slot}`, label });
  }
  return rows;
}
