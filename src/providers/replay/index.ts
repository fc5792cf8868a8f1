export { createReplayModel, type ReplayModelOptions } from "./replay-language-model.js";
