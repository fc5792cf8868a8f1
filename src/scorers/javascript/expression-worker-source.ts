/**
 * The source of the thread that evaluates `javascript` scorer expressions (see expression-sandbox.ts),
 * run with `new Worker(source, { eval: true })` so the same code serves the built package and the tests
 * that run the TypeScript sources.
 *
 * The thread compiles the expression once into a node:vm context holding only the JavaScript built-ins,
 * frozen. Per case it sets the output and the case (as JSON), runs the script with `timeout` and
 * `microtaskMode: "afterEvaluate"` (so promise loops the expression starts count against the same
 * limit), and answers with plain data only: a number, a boolean, a type name, or an error message. A
 * thrown object is described inside the context under a time limit too; whatever still escapes every
 * limit (a getter that loops while the answer is built) is ended by the host terminating the thread.
 */
export const expressionWorkerSource = String.raw`
"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const vm = require("node:vm");
const { expression, filename, timeoutMs } = workerData;

const context = vm.createContext(Object.create(null), {
  name: filename,
  codeGeneration: { strings: false, wasm: false },
  microtaskMode: "afterEvaluate",
});
vm.runInContext(
  '"use strict";' +
    "for (const name of Object.getOwnPropertyNames(globalThis)) {" +
    "  const value = globalThis[name];" +
    "  if (value === globalThis) continue;" +
    "  if ((typeof value === 'object' && value !== null) || typeof value === 'function') {" +
    "    Object.freeze(value);" +
    "    if (value.prototype) Object.freeze(value.prototype);" +
    "  }" +
    "}",
  context,
);
const script = new vm.Script(
  "(function () {\n" +
    '  "use strict";\n' +
    "  const __case = JSON.parse(__tuneopsCase);\n" +
    "  return (function (output, expected, vars) {\n" +
    '    "use strict";\n' +
    "    return (\n" + expression + "\n    );\n" +
    "  })(__tuneopsOutput, __case.expected, __case.vars);\n" +
    "})()",
  { filename },
);
// Describes a thrown value inside the context, under the same limit: its message may be a getter.
const describe = new vm.Script(
  "(function (error) {" +
    "  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);" +
    "  return String(error);" +
    "})(__tuneopsError)",
);

function isTimeout(error) {
  return typeof error === "object" && error !== null && error.code === "ERR_SCRIPT_EXECUTION_TIMEOUT";
}

parentPort.on("message", (message) => {
  context.__tuneopsOutput = message.output;
  context.__tuneopsCase = message.case;
  let result;
  try {
    result = script.runInContext(context, { timeout: timeoutMs });
  } catch (error) {
    if (isTimeout(error)) {
      parentPort.postMessage({ id: message.id, kind: "timeout" });
      return;
    }
    let text;
    try {
      context.__tuneopsError = error;
      text = describe.runInContext(context, { timeout: timeoutMs });
    } catch (inner) {
      text = isTimeout(inner) ? "(its message did not finish within the time limit)" : "(its message could not be read)";
    } finally {
      context.__tuneopsError = undefined;
    }
    parentPort.postMessage({ id: message.id, kind: "threw", message: typeof text === "string" ? text : "(no message)" });
    return;
  }
  if (typeof result === "boolean" || typeof result === "number") {
    parentPort.postMessage({ id: message.id, kind: "value", value: result });
    return;
  }
  parentPort.postMessage({ id: message.id, kind: "other", type: result === null ? "null" : typeof result });
});
parentPort.postMessage({ kind: "ready" });
`;
