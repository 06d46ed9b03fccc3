// The JSON API of docs/DESIGN.md §9; the bearer token lives in sessionStorage (gone with the tab).
export class APIError extends Error {
  constructor(status, code, message) { super(message); this.status = status; this.code = code; }
}

export const session = {
  get token() { return sessionStorage.getItem("token"); },
  get user() { const u = sessionStorage.getItem("user"); return u ? JSON.parse(u) : null; },
  set(token, user) { sessionStorage.setItem("token", token); sessionStorage.setItem("user", JSON.stringify(user)); },
  clear() { sessionStorage.removeItem("token"); sessionStorage.removeItem("user"); },
};

// A non-JSON document of the API (report.html, report.csv) fetched with the bearer token, which a
// plain link cannot send; answers a Blob, or throws the API's error.
export async function apiBlob(path) {
  const headers = {};
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  const res = await fetch(`/api/v1${path}`, { headers });
  if (!res.ok) {
    const data = await res.json().catch(() => null);
    const e = data?.error || {};
    throw new APIError(res.status, e.code || "error", e.message || res.statusText);
  }
  return res.blob();
}

export async function api(method, path, body) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  const res = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const e = data?.error || {};
    throw new APIError(res.status, e.code || "error", e.message || res.statusText);
  }
  return data;
}
