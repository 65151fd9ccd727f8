import { request } from "node:http";

/** Request headers exactly as sent: an array value sends the header that many times. */
export type RawHeaders = Record<string, string | string[]>;

interface Reply {
  status: number;
  body: string;
}

function send(url: string, method: "GET" | "POST", headers: RawHeaders, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    // setHost false: the Host header is the test's to send (or to leave out), like every other header.
    const req = request(url, { method, headers, setHost: false, timeout: 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on("timeout", () => req.destroy(new Error(`${method} ${new URL(url).pathname}: no answer within 5 s`)));
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * A socket.io handshake over raw HTTP long-polling (Engine.IO 4), each request carrying exactly `headers`, as a
 * browser or a forger would send them: the GET that opens the engine connection (socket.io's handshake headers are
 * this request's), a POST with the CONNECT packet (`auth` its payload), then a GET for the server's answer.
 * Answers `"connected"` or the rejection's `data.code`; the engine connection is closed either way.
 */
export async function rawPollingHandshake(url: string, headers: RawHeaders, auth: Record<string, unknown> = {}): Promise<string> {
  const base = `${url}/socket.io/?EIO=4&transport=polling`;
  const open = await send(base, "GET", headers);
  if (open.status !== 200 || !open.body.startsWith("0")) throw new Error(`the engine handshake answered ${open.status}`);
  const { sid } = JSON.parse(open.body.slice(1)) as { sid: string };
  const session = `${base}&sid=${encodeURIComponent(sid)}`;
  try {
    const posted = await send(session, "POST", { ...headers, "content-type": "text/plain;charset=UTF-8" }, `40${JSON.stringify(auth)}`);
    if (posted.status !== 200) throw new Error(`the CONNECT packet answered ${posted.status}`);
    const answer = await send(session, "GET", headers);
    // Packets in one polling payload are separated by the record separator.
    const connect = answer.body.split("\x1e").find((packet) => packet.startsWith("40") || packet.startsWith("44"));
    if (connect === undefined) throw new Error("no CONNECT answer in the polling payload");
    if (connect.startsWith("40")) return "connected";
    const error = JSON.parse(connect.slice(2)) as { message?: string; data?: { code?: string } };
    if (error.message !== "Authentication error") throw new Error(`refused with an unexpected message: ${error.message}`);
    return error.data?.code ?? "no code";
  } finally {
    // The close packet ("1") ends the engine connection on the server.
    await send(session, "POST", { ...headers, "content-type": "text/plain;charset=UTF-8" }, "1").catch(() => undefined);
  }
}
