import { stat } from "node:fs/promises";
import { chatWrappers, resolveChatWrapper, type ChatWrapper, type LlamaModel, type SpecializedChatWrapperTypeName } from "node-llama-cpp";

/**
 * node-llama-cpp picks a chat wrapper by rendering the file's Jinja template against every built-in
 * wrapper, which takes 0.5 to 2 s on a small CPU. The answer depends only on the file, so the chosen
 * specialised type is remembered per file (path, size, modification time) and later loads of the same
 * file ask for that type directly. Jinja fallbacks are not remembered: they are resolved each time.
 */
const maxRemembered = 64;
const remembered = new Map<string, SpecializedChatWrapperTypeName>();

const specializedTypes = Object.entries(chatWrappers).filter(
  (entry): entry is [SpecializedChatWrapperTypeName, (typeof chatWrappers)[SpecializedChatWrapperTypeName]] =>
    entry[0] !== "template" && entry[0] !== "jinjaTemplate",
);

function specializedTypeOf(wrapper: ChatWrapper): SpecializedChatWrapperTypeName | undefined {
  return specializedTypes.find(([, wrapperClass]) => wrapper.constructor === wrapperClass)?.[0];
}

export async function resolveCachedChatWrapper(model: LlamaModel, modelPath: string): Promise<ChatWrapper> {
  const stats = await stat(modelPath);
  const key = `${modelPath}\u0000${stats.size}\u0000${stats.mtimeMs}`;
  const type = remembered.get(key);
  if (type) return resolveChatWrapper(model, { type });
  const wrapper = resolveChatWrapper(model);
  const resolvedType = specializedTypeOf(wrapper);
  if (resolvedType) {
    if (remembered.size >= maxRemembered) {
      const oldest = remembered.keys().next();
      if (!oldest.done) remembered.delete(oldest.value);
    }
    remembered.set(key, resolvedType);
  }
  return wrapper;
}
