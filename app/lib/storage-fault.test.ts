import { describe, expect, it } from "vitest";
import { storageFaultCode } from "./storage-fault.server";

// The errors a PostgreSQL failover throws at the app (seen in npm run test:failover when the
// leader's postmaster is killed mid-load): each is a storage fault, answered 503, never a 500.
const prismaRaw = (originalCode: string, message: string) =>
  Object.assign(new Error(`Raw query failed. Code: \`${originalCode}\`. Message: \`${message}\``), {
    code: "P2010",
    meta: {
      driverAdapterError: { cause: { originalCode, originalMessage: message, kind: "postgres" } },
    },
  });

describe("storage faults of a PostgreSQL failover", () => {
  it("a backend ended by its postmaster's death (57P01), wrapped by Prisma", () => {
    expect(
      storageFaultCode(
        prismaRaw("57P01", "terminating connection due to unexpected postmaster exit"),
      ),
    ).toBe("PG_57P01");
  });

  it("the socket closed under a query", () => {
    expect(storageFaultCode(new Error("Connection terminated unexpectedly"))).toBe(
      "PG_CONNECTION_TERMINATED",
    );
  });

  it("a statement or ROLLBACK on a connection already lost (node-postgres)", () => {
    expect(
      storageFaultCode(new Error("Client has encountered a connection error and is not queryable")),
    ).toBe("PG_CONNECTION_LOST");
    const wrapped = Object.assign(new Error("Transaction failed"), {
      cause: new Error("Client was closed and is not queryable"),
    });
    expect(storageFaultCode(wrapped)).toBe("PG_CONNECTION_LOST");
  });

  it("a write on a demoted leader (read-only, 25006) and a server still recovering (57P03)", () => {
    expect(
      storageFaultCode(prismaRaw("25006", "cannot execute INSERT in a read-only transaction")),
    ).toBe("PG_25006");
    expect(storageFaultCode(prismaRaw("57P03", "the database system is starting up"))).toBe(
      "PG_57P03",
    );
  });

  it("leaves the app's own errors alone: a unique violation, a plain bug", () => {
    expect(
      storageFaultCode(prismaRaw("23505", "duplicate key value violates unique constraint")),
    ).toBeNull();
    expect(storageFaultCode(new TypeError("x is undefined"))).toBeNull();
  });
});
