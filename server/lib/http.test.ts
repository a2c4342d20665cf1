import { describe, expect, it } from "vitest";
import { normalisePeer, PEER_HEADER, stampPeer } from "@/lib/peer-address";
import { clientAddress, readBodyLimited, remoteAddrOf, requestIdOf, safeRequestId } from "./http";

const req = (headers: Record<string, string>) => new Request("http://t/x", { headers });

describe("remoteAddrOf / clientAddress (TRUSTED_PROXY_HOPS)", () => {
  // What scripts/serve.ts leaves on a request whose socket peer is 198.51.100.7 and whose client forged
  // both its X-Forwarded-For and our own peer header: the forged peer value is gone (stampPeer, below).
  const forged = { "x-forwarded-for": "6.6.6.6, 7.7.7.7", "x-real-ip": "8.8.8.8", [PEER_HEADER]: "198.51.100.7" };

  it("hops = 0: the socket address our server stamped, never X-Forwarded-For", () => {
    expect(remoteAddrOf(req(forged), 0)).toBe("198.51.100.7");
    // The default (no TRUSTED_PROXY_HOPS in the test env) is 0.
    expect(remoteAddrOf(req(forged))).toBe("198.51.100.7");
    expect(clientAddress({ peer: "2001:db8::5", forwardedFor: "6.6.6.6" }, 0)).toBe("2001:db8::5");
  });

  it("hops = 0 without our server in front (plain `next start`): unknown, not the client's claim", () => {
    expect(remoteAddrOf(req({ "x-forwarded-for": "6.6.6.6", "x-real-ip": "7.7.7.7" }), 0)).toBeNull();
    expect(clientAddress({ peer: "not-an-ip", forwardedFor: "6.6.6.6" }, 0)).toBeNull();
    expect(clientAddress({ peer: "", forwardedFor: "6.6.6.6" }, 0)).toBeNull();
  });

  it("hops = N: the N-th X-Forwarded-For entry from the right (appended by our outermost proxy), not the peer", () => {
    // The client sent "6.6.6.6" itself; our one proxy (the socket peer) appended the address it saw.
    expect(remoteAddrOf(req(forged), 1)).toBe("7.7.7.7");
    expect(remoteAddrOf(req({ ...forged, "x-forwarded-for": "6.6.6.6, 203.0.113.9" }), 1)).toBe("203.0.113.9");
    // Two proxies: a CDN appended the client, our load balancer appended the CDN.
    expect(remoteAddrOf(req({ ...forged, "x-forwarded-for": "6.6.6.6, 203.0.113.9, 10.0.0.2" }), 2)).toBe("203.0.113.9");
    expect(remoteAddrOf(req(forged), 2)).toBe("6.6.6.6");
    expect(clientAddress({ forwardedFor: "2001:db8::1" }, 1)).toBe("2001:db8::1");
  });

  it("hops = N answers null when the chain is shorter than the hops or the entry is not an address", () => {
    expect(remoteAddrOf(req({ [PEER_HEADER]: "198.51.100.7" }), 1)).toBeNull();
    expect(clientAddress({ forwardedFor: "203.0.113.9" }, 2)).toBeNull();
    expect(clientAddress({ forwardedFor: "6.6.6.6, not-an-ip" }, 1)).toBeNull();
    expect(clientAddress({ forwardedFor: "" }, 1)).toBeNull();
    expect(clientAddress({ forwardedFor: null, peer: "198.51.100.7" }, 1)).toBeNull();
  });
});

describe("stampPeer (scripts/serve.ts, before Next sees the request)", () => {
  function incoming(rawHeaders: string[], remoteAddress: string | undefined) {
    const headers: Record<string, string | string[] | undefined> = {};
    for (let i = 0; i < rawHeaders.length; i += 2) headers[rawHeaders[i]!.toLowerCase()] = rawHeaders[i + 1];
    return { headers, rawHeaders, socket: { remoteAddress } };
  }

  it("replaces a forged peer header with the socket address, in both header views", () => {
    const r = incoming(["Host", "portal", "X-PayOps-Peer", "6.6.6.6", "x-forwarded-for", "7.7.7.7", "x-payops-peer", "8.8.8.8"], "203.0.113.5");
    stampPeer(r);
    expect(r.headers[PEER_HEADER]).toBe("203.0.113.5");
    expect(r.rawHeaders).toEqual(["Host", "portal", "x-forwarded-for", "7.7.7.7", PEER_HEADER, "203.0.113.5"]);
    // X-Forwarded-For is left alone: it is the proxies' business (TRUSTED_PROXY_HOPS).
    expect(r.headers["x-forwarded-for"]).toBe("7.7.7.7");
    expect(remoteAddrOf(new Request("http://t/x", { headers: r.headers as Record<string, string> }), 0)).toBe("203.0.113.5");
  });

  it("records an IPv4 client on a dual-stack socket as plain IPv4, and keeps real IPv6", () => {
    const v4 = incoming([], "::ffff:127.0.0.1");
    stampPeer(v4);
    expect(v4.headers[PEER_HEADER]).toBe("127.0.0.1");
    const v6 = incoming([], "2001:db8::7");
    stampPeer(v6);
    expect(v6.headers[PEER_HEADER]).toBe("2001:db8::7");
    expect(normalisePeer("::FFFF:10.1.2.3")).toBe("10.1.2.3");
    expect(normalisePeer("::ffff:abcd")).toBe("::ffff:abcd");
  });

  it("removes a forged value even when the socket has no address (closed): unknown, not the client's claim", () => {
    const r = incoming(["x-payops-peer", "6.6.6.6"], undefined);
    stampPeer(r);
    expect(r.headers[PEER_HEADER]).toBeUndefined();
    expect(r.rawHeaders).toEqual([]);
  });
});

describe("requestIdOf", () => {
  it("keeps a safe id and replaces anything else with a fresh UUID", () => {
    expect(requestIdOf(req({ "x-request-id": "abc-123_x.y:z" }))).toBe("abc-123_x.y:z");
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    for (const bad of ["<script>alert(1)</script>", "a b", "x".repeat(65), "", "id;drop", "ümlaut", "a\u0000b"]) {
      expect(safeRequestId(bad), bad).toMatch(uuid);
    }
    expect(requestIdOf(req({}))).toMatch(uuid);
    expect(safeRequestId("x".repeat(64))).toBe("x".repeat(64));
  });
});

describe("readBodyLimited", () => {
  it("refuses a declared Content-Length over the limit without reading a byte", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++;
        c.enqueue(new Uint8Array(1024));
      },
    });
    const r = new Request("http://t/x", { method: "POST", body, headers: { "content-length": String(10 * 1024 * 1024) }, duplex: "half" } as RequestInit);
    expect(await readBodyLimited(r, 64 * 1024)).toBeNull();
    expect(pulled).toBeLessThanOrEqual(1); // a stream may pre-pull one chunk; nothing near the whole body
  });

  it("stops a chunked body as soon as it passes the limit, not at its end", async () => {
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        sent += 16 * 1024;
        if (sent > 100 * 1024 * 1024) c.close();
        else c.enqueue(new Uint8Array(16 * 1024));
      },
    });
    const r = new Request("http://t/x", { method: "POST", body, duplex: "half" } as RequestInit);
    expect(await readBodyLimited(r, 64 * 1024)).toBeNull();
    expect(sent).toBeLessThan(200 * 1024);
  });

  it("returns bodies within the limit intact", async () => {
    const r = new Request("http://t/x", { method: "POST", body: "你好".repeat(10) });
    expect(await readBodyLimited(r, 1024)).toBe("你好".repeat(10));
  });
});
