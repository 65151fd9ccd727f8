import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server, type ServerOptions, type Socket } from "socket.io";
import jwt, { type JwtHeader, type SigningKeyCallback } from "jsonwebtoken";
import jwksClient from "jwks-rsa";

export interface SeedServer {
  url: string;
  io: Server;
  /** Every token the middleware accepted, with the time it did. */
  accepted: { token: string; at: number; exp: number }[];
  /** Every token any handshake carried, accepted or not, with the time it arrived and its `exp` (read, not verified). */
  presented: { token: string; at: number; exp: number }[];
  /** How many handshakes reached the middleware. */
  readonly handshakes: number;
  close(): Promise<void>;
}

/**
 * A socket.io server written the way SuperTokens' guide writes it: jsonwebtoken + jwks-rsa, the token read from
 * `socket.handshake.query.token`, `new Error("Authentication error")` on any failure.
 */
export async function startSeedServer(
  jwksUri: string,
  options: Partial<ServerOptions> = {},
  port = 0,
): Promise<SeedServer> {
  const http = createServer();
  const io = new Server(http, options);
  const accepted: SeedServer["accepted"] = [];
  const presented: SeedServer["presented"] = [];
  let handshakes = 0;
  const guide = guideMiddleware(jwksUri, (token, exp) => accepted.push({ token, at: Date.now(), exp }));
  io.use((socket, next) => {
    handshakes++;
    const token = socket.handshake.query?.token;
    if (typeof token === "string") {
      const exp = (jwt.decode(token) as { exp?: number } | null)?.exp;
      presented.push({ token, at: Date.now(), exp: (exp ?? 0) * 1000 });
    }
    guide(socket, next);
  });
  await new Promise<void>((resolve) => http.listen(port, "127.0.0.1", resolve));
  const address = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    io,
    accepted,
    presented,
    get handshakes() {
      return handshakes;
    },
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
}

/**
 * The guide's middleware itself, for any namespace: the token from `socket.handshake.query.token`, verified with
 * jsonwebtoken against the JWKS (jwks-rsa), `new Error("Authentication error")` on any failure. `onAccept` hears every
 * token it admits, with its `exp` in ms.
 */
export function guideMiddleware(jwksUri: string, onAccept: (token: string, exp: number) => void) {
  const client = jwksClient({ jwksUri });
  function getKey(header: JwtHeader, callback: SigningKeyCallback) {
    client.getSigningKey(header.kid, function (err, key) {
      callback(err, key?.getPublicKey());
    });
  }
  return function (socket: Socket, next: (err?: Error) => void) {
    const token = socket.handshake.query?.token;
    if (typeof token === "string" && token) {
      jwt.verify(token, getKey, {}, function (err, decoded) {
        if (err) return next(new Error("Authentication error"));
        (socket as Socket & { decoded?: unknown }).decoded = decoded;
        onAccept(token, (decoded as { exp: number }).exp * 1000);
        next();
      });
    } else {
      next(new Error("Authentication error"));
    }
  };
}
