export { createSimulatedModel, type SimulatedModelOptions } from "./simulated-language-model.js";
