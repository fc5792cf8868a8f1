/** Text of a non-streamed chat or completion response: every choice's content. */
export function responseText(body: unknown): string {
  const choices = (body as { choices?: unknown } | null)?.choices;
  if (!Array.isArray(choices)) return "";
  let text = "";
  for (const choice of choices as { message?: { content?: unknown }; text?: unknown }[]) {
    const content = choice?.message?.content ?? choice?.text;
    if (typeof content === "string") text += content;
  }
  return text;
}
