import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type AddressInfo, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { probeChromium, probePostgres, probeRedis } from "./probe-services.js";

/** A port nothing listens on: bound, then closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A server that speaks just enough RESP: answers each command with the next of `replies`, and records what it got. */
async function fakeRedis(replies: string[]): Promise<{ port: number; received: () => string }> {
  let received = "";
  const server = createServer((socket) => {
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString();
      const commands = received.split("*").length - 1;
      socket.write(replies.slice(0, commands).join(""));
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, received: () => received };
}

describe("service probes", () => {
  it("report a closed PostgreSQL port with the place, without its password", async () => {
    const port = await closedPort();
    const probe = await probePostgres(`postgres://postgres:s3cret@127.0.0.1:${port}/test`);
    expect(probe).toEqual({ available: false, reason: expect.stringContaining(`no PostgreSQL at postgres://postgres:***@127.0.0.1:${port}/test (`) });
    expect(JSON.stringify(probe)).not.toContain("s3cret");
  });

  it("find Redis when it answers PING, authenticating first when the URL has a password", async () => {
    const plain = await fakeRedis(["+PONG\r\n"]);
    expect(await probeRedis(`redis://127.0.0.1:${plain.port}`)).toEqual({ available: true });
    const secured = await fakeRedis(["+OK\r\n", "+PONG\r\n"]);
    expect(await probeRedis(`redis://:pa%20ss@127.0.0.1:${secured.port}`)).toEqual({ available: true });
    expect(secured.received()).toBe("*2\r\n$4\r\nAUTH\r\n$5\r\npa ss\r\n*1\r\n$4\r\nPING\r\n");
  });

  it("report a Redis that refuses the probe, and a closed Redis port", async () => {
    const locked = await fakeRedis(["-NOAUTH Authentication required.\r\n"]);
    expect(await probeRedis(`redis://127.0.0.1:${locked.port}`)).toEqual({ available: false, reason: `Redis at redis://127.0.0.1:${locked.port} refused the probe (NOAUTH Authentication required.)` });
    const port = await closedPort();
    expect(await probeRedis(`redis://127.0.0.1:${port}`)).toEqual({ available: false, reason: expect.stringContaining(`no Redis at redis://127.0.0.1:${port} (`) });
  });

  it("find Chromium only where an executable file is", async () => {
    const folder = await mkdtemp(join(tmpdir(), "tuneops-probe-"));
    try {
      const file = join(folder, "chromium");
      await writeFile(file, "#!/bin/sh\n");
      expect(await probeChromium(file)).toMatchObject({ available: false, reason: expect.stringContaining(`no Chromium executable at ${file}`) });
      await chmod(file, 0o755);
      expect(await probeChromium(file)).toEqual({ available: true });
      expect(await probeChromium(join(folder, "missing"))).toMatchObject({ available: false });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
