import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { addressOf } from "../../gateway/rate-limits.js";

const from = (remoteAddress: string) => addressOf({ socket: { remoteAddress } } as IncomingMessage);

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
