import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { TrustedProxies, addressOf, trustedProxiesEnv } from "../../gateway/rate-limits.js";

const from = (remoteAddress: string) => addressOf({ socket: { remoteAddress }, headers: {} } as IncomingMessage);

describe("the address a rate limit counts", () => {
  it("should count an IPv4 client by its address, also when it arrives IPv4-mapped", () => {
    expect(from("203.0.113.7")).toBe("203.0.113.7");
    expect(from("::ffff:203.0.113.7")).toBe("203.0.113.7");
  });

  it("should count an IPv6 client by its /64, however the address is written", () => {
    expect(from("2001:db8:0:1::1")).toBe("2001:db8:0:1::/64");
    expect(from("2001:0DB8:0000:0001:ffff:1:2:3")).toBe("2001:db8:0:1::/64");
    expect(from("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(from("::1")).toBe("0:0:0:0::/64");
  });
});

describe("the client's address behind trusted proxies (COPNET_TRUSTED_PROXIES)", () => {
  // The ingress pods' network and one load balancer in front of it.
  const proxies = TrustedProxies.parse("10.244.0.0/16, 192.0.2.10, fd00:10::/64");
  const via = (remoteAddress: string, forwardedFor?: string | string[]) =>
    addressOf({ socket: { remoteAddress }, headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor } } as IncomingMessage, proxies);

  it("should take the address the trusted proxy appended, not the left-most entry the client wrote", () => {
    expect(via("10.244.3.7", "198.51.100.20")).toBe("198.51.100.20");
    // A client sending its own X-Forwarded-For: the ingress appends the real address at the right.
    expect(via("10.244.3.7", "1.2.3.4, 198.51.100.20")).toBe("198.51.100.20");
    expect(via("10.244.3.7", ["1.2.3.4", "5.6.7.8, 198.51.100.20"])).toBe("198.51.100.20");
  });

  it("should skip hops that are trusted proxies themselves, and stop at the first one that is not", () => {
    expect(via("10.244.3.7", "1.2.3.4, 198.51.100.20, 192.0.2.10")).toBe("198.51.100.20");
    expect(via("10.244.3.7", "1.2.3.4, 198.51.100.20, 10.244.9.9, 192.0.2.10")).toBe("198.51.100.20");
    // Every hop trusted: the farthest one is the client as far as we know.
    expect(via("10.244.3.7", "10.244.1.1, 192.0.2.10")).toBe("10.244.1.1");
  });

  it("should ignore X-Forwarded-For from a socket that is not a trusted proxy", () => {
    expect(via("198.51.100.20", "1.2.3.4")).toBe("198.51.100.20");
    expect(addressOf({ socket: { remoteAddress: "10.244.3.7" }, headers: { "x-forwarded-for": "1.2.3.4" } } as unknown as IncomingMessage)).toBe("10.244.3.7");
  });

  it("should not let a malformed entry name the bucket: it falls back to the last trusted hop", () => {
    expect(via("10.244.3.7", "1.2.3.4, anything-at-all")).toBe("10.244.3.7");
    expect(via("10.244.3.7", "")).toBe("10.244.3.7");
  });

  it("should match IPv4-mapped sockets and hops against IPv4 ranges, and count IPv6 clients by their /64", () => {
    expect(via("::ffff:10.244.3.7", "1.2.3.4, ::ffff:198.51.100.20")).toBe("198.51.100.20");
    expect(via("::ffff:10.244.3.7", "2001:db8:0:1::1")).toBe("2001:db8:0:1::/64");
    expect(via("fd00:10::5", "1.2.3.4, 2001:db8:0:2::9")).toBe("2001:db8:0:2::/64");
    expect(via("fd00:11::5", "198.51.100.20")).toBe("fd00:11:0:0::/64");
  });

  it("should refuse a setting that is not addresses or CIDR ranges, naming the entry", () => {
    for (const bad of ["10.0.0.0/33", "10.0.0.0/8/1", "ingress", "10.0.0.0/x", "::/129"]) {
      expect(() => TrustedProxies.parse(bad)).toThrow(`"${bad}" is not an IP address or CIDR range`);
    }
    expect(trustedProxiesEnv.COPNET_TRUSTED_PROXIES.safeParse("10.0.0.0/8,nope").success).toBe(false);
    expect(trustedProxiesEnv.COPNET_TRUSTED_PROXIES.parse(undefined).empty).toBe(true);
    expect(TrustedProxies.parse(" 10.0.0.0/8 , ::1 ").has("10.1.1.1")).toBe(true);
  });
});
