// The limit a Node gateway can reach on this machine: a bare pass-through proxy with an undici pool to
// the upstream and nothing else (no authentication, routing, logging or metrics). Prints its base URL.
//
//   node bench/bare-proxy.mjs UPSTREAM_URL
import { createServer } from "node:http";
import { Pool } from "undici";

const upstream = new URL(process.argv[2]);
const pool = new Pool(upstream.origin, { connections: 128, pipelining: 1, keepAliveTimeout: 60_000 });
const prefix = upstream.pathname.replace(/\/$/, "").replace(/\/v1$/, "");

const server = createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    pool
      .request({ path: `${prefix}${request.url}`, method: request.method, headers: { "content-type": "application/json", authorization: request.headers.authorization ?? "" }, body: Buffer.concat(chunks) })
      .then(async (answer) => {
        response.writeHead(answer.statusCode, { "content-type": answer.headers["content-type"] ?? "application/json" });
        for await (const chunk of answer.body) response.write(chunk);
        response.end();
      })
      .catch((error) => {
        response.writeHead(502, { "content-type": "application/json" });
        response.end(JSON.stringify({ error: { message: String(error), type: "bad_gateway" } }));
      });
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => process.stdout.write(`http://127.0.0.1:${server.address().port}\n`));
process.on("SIGTERM", () => {
  server.close();
  void pool.close().then(() => process.exit(0));
});
