// Commands with typed request bodies. Checked once every command endpoint binds a typed body (issue 12, the write
// branch): listed in tsconfig.json's "include" from then on.
import createClient from "openapi-fetch";
import type { paths } from "./generated/schema";

const client = createClient<paths, "application/json" | "application/problem+json">({ baseUrl: "http://127.0.0.1:5182" });

/** Trump cancels the summit in a letter to Kim (2018-05-24), then it is back on for 12 June (2018-06-01). */
export async function cancelAndReinstate(id: string, revision: number): Promise<void> {
  const cancelled = await client.POST("/records/{id}/cancel", {
    params: { path: { id }, header: { "If-Match": `"${revision}"`, "Idempotency-Key": "jun12-005" } },
    body: { on: "2018-05-24", by: "Donald Trump", reason: "letter to Kim Jong-un", comment: "Trump cancels the summit in a letter to Kim" },
  });
  if (cancelled.error) throw new Error(`${cancelled.error.status} ${cancelled.error.code}`);
  await client.POST("/records/{id}/reinstate", {
    params: { path: { id } },
    body: { on: "2018-06-01", start: "2018-06-12", by: "Donald Trump", reason: "confirmed after receiving Kim Yong-chol at the White House" },
  });
}

export async function wrongBodies(id: string): Promise<void> {
  await client.POST("/records/{id}/cancel", {
    params: { path: { id } },
    body: {
      // @ts-expect-error on is an EDTF date string, not a number
      on: 42,
    },
  });
}
