// A client of the Chronology API written against the types openapi-typescript generates from the served document.
// tsc --strict must accept every call below, and must refuse each line marked @ts-expect-error: if the document stopped
// describing a field's type, the wrong value would be accepted and tsc would fail on the unused directive.
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/schema";

type RecordView = components["schemas"]["RecordView"];
type Problem = components["schemas"]["Problem"];
type MeetingStatus = components["schemas"]["MeetingStatus"];

// JSON answers and problems: the record and the timeline also come as JSON-LD, iCalendar and CSV, which this client does not ask for.
const client = createClient<paths, "application/json" | "application/problem+json">({ baseUrl: "http://127.0.0.1:5182" });

/** The 2018 US–DPRK summit as the world stood on 25 May 2018, the day after Trump's letter. */
export async function summitOn25May(id: string): Promise<RecordView | Problem> {
  const { data, error, response } = await client.GET("/records/{id}", {
    params: { path: { id }, query: { validAt: "2018-05-25", minRevision: 3 } },
  });
  if (error) {
    const code: string = error.code;
    const fields: Record<string, string[]> | undefined = error.errors;
    console.log(code, fields);
    return error;
  }
  const status: MeetingStatus = data.status;
  const english: string | undefined = data.title["en"];
  const start: string | null = data.start;
  const participants: string[] = data.participants.map((p) => p.name["zh-Hant"] ?? p.id);
  const revision: number = data.revision;
  const etag: string | null = response.headers.get("ETag");
  console.log(status, english, start, participants, revision, etag);
  return data;
}

/** Cancelled meetings whose text mentions 朝美, page by page. */
export async function cancelledTalks(): Promise<RecordView[]> {
  const found: RecordView[] = [];
  let after: string | undefined;
  do {
    const { data, error } = await client.GET("/records", {
      params: { query: { q: "朝美", status: "cancelled", kind: "summit", from: "2018-05", limit: 20, ...(after ? { after } : {}) } },
    });
    if (error) throw new Error(`${error.status} ${error.code}: ${error.detail}`);
    found.push(...data.items);
    after = data.next ?? undefined;
  } while (after);
  return found;
}

/** What happened to a record, in both clocks. */
export async function story(id: string): Promise<void> {
  const history = await client.GET("/records/{id}/history", { params: { path: { id }, query: { limit: 5 } } });
  for (const item of history.data?.items ?? []) {
    const when: string = item.recordedAt;
    const who: string = item.editor;
    const paths: string[] = item.changedPaths;
    console.log(item.revision, when, who, paths);
  }
  const statuses = await client.GET("/records/{id}/status-history", { params: { path: { id } } });
  for (const interval of statuses.data?.intervals ?? []) {
    const from: string = interval.from;
    const to: string | null = interval.to;
    console.log(interval.status, interval.change, from, to);
  }
  const diff = await client.GET("/records/{id}/diff", { params: { path: { id }, query: { from: 7, to: 8 } } });
  for (const change of diff.data?.changes ?? []) console.log(change.path, change.op);
  for (const operation of diff.data?.patch ?? []) console.log(operation.op, operation.path);
  const blame = await client.GET("/records/{id}/blame", { params: { path: { id } } });
  for (const [field, entry] of Object.entries(blame.data?.fields ?? {})) console.log(field, entry.revision, entry.editor);
  const timeline = await client.GET("/timeline", { params: { query: { from: "2018-05", to: "2018-06-30", limit: 50 } } });
  for (const entry of timeline.data?.items ?? []) console.log(entry.date, entry.entry, entry.title["en"]);
}

/** An edit with the revision it was decided on: If-Match and Idempotency-Key are typed headers. */
export async function removeLink(id: string, lid: string, revision: number): Promise<void> {
  const { error, response } = await client.DELETE("/records/{id}/links/{lid}", {
    params: { path: { id, lid }, header: { "If-Match": `"${revision}"`, "Idempotency-Key": `unlink-${lid}` } },
  });
  if (error?.status === 412) console.log("stale; the record is at", error.currentRevision, response.headers.get("ETag"));
}

// Requests with wrong field types: each must fail to type-check.
export async function wrongTypes(id: string): Promise<void> {
  await client.GET("/records", {
    params: {
      query: {
        // @ts-expect-error limit is a number of items, not an object
        limit: { many: true },
      },
    },
  });
  await client.GET("/records", {
    params: {
      query: {
        // @ts-expect-error q is text, not a number
        q: 42,
      },
    },
  });
  await client.GET("/records", {
    params: {
      query: {
        // @ts-expect-error status is one of the lifecycle's statuses
        status: "lost",
      },
    },
  });
  await client.GET("/records/{id}", {
    params: {
      path: { id },
      query: {
        // @ts-expect-error revision is a number
        revision: "three",
      },
    },
  });
  await client.GET("/records/{id}/history", {
    // @ts-expect-error the path needs the record's id
    params: { path: {} },
  });
}
