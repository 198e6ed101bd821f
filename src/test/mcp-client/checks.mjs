// Spec 90 §5, the protocol-level acceptance checks, driven by the official MCP TypeScript SDK client
// against a running beadhub: BEADHUB_URL=http://127.0.0.1:<port> node checks.mjs
// Prints one line per check and "N passed, N failed"; exits non-zero when a check fails.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { EmptyResultSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';

const BASE = process.env.BEADHUB_URL;
if (!BASE) {
  console.error('BEADHUB_URL is not set');
  process.exit(2);
}
const MCP = new URL('/mcp', BASE);
const PROJECT = `mcp-ts-${Date.now()}`;

// The tools of spec 90 §2: the original's fifteen, then ours.
const SPEC_TOOLS = [
  'register_agent', 'list_agents', 'status', 'get_ready_issues', 'get_issue', 'subscribe_to_bead',
  'list_subscriptions', 'unsubscribe', 'escalate', 'get_escalation', 'send_message', 'fetch_inbox',
  'acknowledge_message', 'mark_message_read', 'reply_message',
  'get_blocked_issues', 'get_hook', 'get_work_inbox', 'claim_issue', 'release_issue', 'reserve_files',
  'release_files', 'list_reservations', 'chat_send', 'chat_pending', 'get_policy', 'respond_escalation',
];

let passed = 0;
let failed = 0;

async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok - ${name}`);
  } catch (e) {
    failed++;
    console.log(`not ok - ${name}\n    ${e && e.stack ? e.stack.split('\n').slice(0, 4).join('\n    ') : e}`);
  }
}

function assert(cond, message) {
  if (!cond) {
    throw new Error(message);
  }
}

async function rest(method, path, key, body) {
  const headers = { 'content-type': 'application/json' };
  if (key) {
    headers.authorization = `Bearer ${key}`;
  }
  const r = await fetch(new URL(path, BASE), { method, headers, body: body ? JSON.stringify(body) : undefined });
  const text = await r.text();
  return { status: r.status, headers: r.headers, json: text ? JSON.parse(text) : null };
}

async function agent(alias) {
  const r = await rest('POST', '/v1/init', null, { project_slug: PROJECT, alias, repo_origin: 'https://github.com/beadhub-test/mcp-client.git' });
  assert(r.status === 200, `init ${alias}: ${r.status} ${JSON.stringify(r.json)}`);
  return { alias, key: r.json.api_key, id: r.json.agent_id };
}

async function connect(who) {
  const transport = new StreamableHTTPClientTransport(MCP, {
    requestInit: { headers: who ? { Authorization: `Bearer ${who.key}` } : {} },
  });
  const client = new Client({ name: 'beadhub-spec90-checks', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport };
}

function structured(result) {
  assert(!result.isError, `tool error: ${JSON.stringify(result.content)}`);
  assert(result.structuredContent && typeof result.structuredContent === 'object', 'no structuredContent');
  const text = result.content.find(c => c.type === 'text');
  assert(text && JSON.stringify(JSON.parse(text.text)) === JSON.stringify(result.structuredContent),
    'the text item is not the same JSON as structuredContent');
  return result.structuredContent;
}

async function until(what, fn, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    if (await fn()) {
      return;
    }
    if (Date.now() > end) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise(r => setTimeout(r, 100));
  }
}

const alice = await agent('alice');
const bob = await agent('bob');
const a = await connect(alice);
const b = await connect(bob);

await check('1. initialize negotiates a version, advertises tools, resources and prompts; ping answers', async () => {
  assert(['2025-06-18', '2025-03-26', '2025-11-25'].includes(a.transport.protocolVersion),
    `negotiated ${a.transport.protocolVersion}`);
  const caps = a.client.getServerCapabilities();
  assert(caps.tools && caps.resources && caps.prompts, `capabilities ${JSON.stringify(caps)}`);
  assert(a.client.getServerVersion().name === 'beadhub', 'serverInfo.name');
  assert(typeof a.transport.sessionId === 'string' && a.transport.sessionId.length > 0, 'no Mcp-Session-Id');
  await a.client.ping();
});

await check('2. without a key: HTTP 401 with WWW-Authenticate', async () => {
  let refused = null;
  try {
    await connect(null);
  } catch (e) {
    refused = e;
  }
  assert(refused, 'connected without a key');
  assert(String(refused.code ?? refused.message).includes('401') || refused.name === 'UnauthorizedError',
    `not a 401: ${refused}`);
  const raw = await fetch(MCP, {
    method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
  });
  assert(raw.status === 401, `status ${raw.status}`);
  assert((raw.headers.get('www-authenticate') ?? '').startsWith('Bearer'), 'no WWW-Authenticate: Bearer');
});

await check('3. tools/list lists every tool of spec 90 §2 with valid input and output JSON Schemas', async () => {
  const { tools } = await a.client.listTools();
  const names = tools.map(t => t.name);
  for (const n of SPEC_TOOLS) {
    assert(names.includes(n), `missing tool ${n}`);
  }
  const ajv = new Ajv({ strict: false, allErrors: true });
  for (const t of tools) {
    assert(t.description && t.description.length > 10, `${t.name}: no description`);
    assert(t.inputSchema?.type === 'object' && t.outputSchema?.type === 'object', `${t.name}: schemas`);
    assert(ajv.validateSchema(t.inputSchema), `${t.name} inputSchema: ${ajv.errorsText()}`);
    assert(ajv.validateSchema(t.outputSchema), `${t.name} outputSchema: ${ajv.errorsText()}`);
    ajv.compile(t.inputSchema);
    ajv.compile(t.outputSchema);
    const h = t.annotations ?? {};
    assert([h.readOnlyHint, h.destructiveHint, h.idempotentHint].every(x => typeof x === 'boolean'),
      `${t.name}: annotations ${JSON.stringify(h)}`);
  }
});

await check('1. resources, resource templates and the start_work prompt are listed and served', async () => {
  const { resources } = await a.client.listResources();
  assert(resources.some(r => r.uri === 'beadhub://status'), 'no beadhub://status');
  const { resourceTemplates } = await a.client.listResourceTemplates();
  const templates = resourceTemplates.map(t => t.uriTemplate);
  assert(templates.includes('beadhub://policy/{role}') && templates.includes('beadhub://issues/{bead_id}'),
    `templates ${templates}`);
  const status = await a.client.readResource({ uri: 'beadhub://status' });
  assert(Array.isArray(JSON.parse(status.contents[0].text).agents), 'status has no agents');
  const { prompts } = await a.client.listPrompts();
  assert(prompts.some(p => p.name === 'start_work'), 'no start_work prompt');
  const prompt = await a.client.getPrompt({ name: 'start_work', arguments: {} });
  assert(prompt.messages[0].content.text.includes('claim_issue'), 'start_work does not say to claim');
});

await check('4. send_message A→B, fetch_inbox as B, acknowledge_message; a foreign sender_name sends nothing', async () => {
  const subject = `hello ${Date.now()}`;
  const sent = structured(await a.client.callTool({
    name: 'send_message',
    arguments: { project_key: PROJECT, sender_name: 'alice', to: ['bob'], subject, body_md: 'ping from alice' },
  }));
  assert(sent.count === 1 && sent.deliveries[0].to === 'bob', JSON.stringify(sent));
  const id = sent.deliveries[0].message_id;
  const inbox = structured(await b.client.callTool({ name: 'fetch_inbox', arguments: { project_key: PROJECT, agent_name: 'bob' } }));
  const got = inbox.messages.find(m => m.message_id === id);
  assert(got && got.subject === subject && got.from_alias === 'alice' && got.read === false, JSON.stringify(inbox));
  const ack = structured(await b.client.callTool({ name: 'acknowledge_message', arguments: { message_id: id } }));
  assert(ack.acknowledged === true && ack.acknowledged_at, JSON.stringify(ack));
  const after = structured(await b.client.callTool({ name: 'fetch_inbox', arguments: {} }));
  assert(after.messages.find(m => m.message_id === id).read === true, 'not marked read');

  const before = after.count;
  const forged = await a.client.callTool({
    name: 'send_message', arguments: { sender_name: 'bob', to: ['bob'], subject: 'forged', body_md: 'x' },
  });
  assert(forged.isError === true, 'a foreign sender_name was accepted');
  assert(forged.content[0].text.includes('sender_name'), forged.content[0].text);
  const unchanged = structured(await b.client.callTool({ name: 'fetch_inbox', arguments: {} }));
  assert(unchanged.count === before && !unchanged.messages.some(m => m.subject === 'forged'), 'something was sent');
});

async function pendingFromAlice() {
  const r = await rest('GET', '/v1/chat/pending', bob.key);
  assert(r.status === 200, `pending: ${r.status}`);
  return r.json.pending.find(p => p.participants.includes('alice'));
}

await check('8. chat_send waits with progress notifications; B\'s reply over REST ends the wait', async () => {
  let progress = 0;
  const call = a.client.callTool({ name: 'chat_send', arguments: { to: ['bob'], message: 'are you there?', wait_seconds: 30 } },
    undefined, { onprogress: () => { progress++; }, timeout: 60000 });
  await until('a progress notification', () => progress > 0);
  const waiting = await pendingFromAlice();
  assert(waiting && waiting.sender_waiting === true, `bob does not see alice waiting: ${JSON.stringify(waiting)}`);
  const reply = await rest('POST', `/v1/chat/sessions/${waiting.session_id}/messages`, bob.key, { body: 'yes, here' });
  assert(reply.status === 200, `reply: ${reply.status}`);
  const result = structured(await call);
  assert(result.status === 'replied' && result.reply.body === 'yes, here' && result.reply.from_agent === 'bob',
    JSON.stringify(result));
  assert(progress >= 1, 'no progress notification arrived');
});

await check('8. a client cancel (notifications/cancelled) ends the wait', async () => {
  let progress = 0;
  const abort = new AbortController();
  const call = a.client.callTool({ name: 'chat_send', arguments: { to: ['bob'], message: 'still there?', wait_seconds: 120 } },
    undefined, { onprogress: () => { progress++; }, signal: abort.signal, timeout: 150000 });
  await until('a progress notification', () => progress > 0);
  await until('bob seeing alice wait', async () => (await pendingFromAlice())?.sender_waiting === true);
  abort.abort('changed my mind');
  let rejected = false;
  try {
    await call;
  } catch {
    rejected = true;
  }
  assert(rejected, 'the cancelled call resolved');
  // The server ended the wait: alice no longer waits on the session (it would for two more minutes).
  await until('the wait to end on the server', async () => (await pendingFromAlice())?.sender_waiting === false, 10000);
});

await check('10. unknown method -32601, unknown tool a protocol error, wrong argument types an isError result', async () => {
  let unknownMethod = null;
  try {
    await a.client.request({ method: 'nothing/here', params: {} }, EmptyResultSchema);
  } catch (e) {
    unknownMethod = e;
  }
  assert(unknownMethod instanceof McpError && unknownMethod.code === -32601, `unknown method: ${unknownMethod}`);
  let unknownTool = null;
  try {
    await a.client.callTool({ name: 'no_such_tool', arguments: {} });
  } catch (e) {
    unknownTool = e;
  }
  assert(unknownTool instanceof McpError && unknownTool.code === -32602, `unknown tool: ${unknownTool}`);
  let wrongType;
  try {
    wrongType = await a.client.callTool({ name: 'fetch_inbox', arguments: { limit: 'many', urgent_only: 'yes' } });
  } catch (e) {
    wrongType = e;
  }
  assert((wrongType instanceof McpError && wrongType.code === -32602) || wrongType.isError === true,
    `wrong types: ${JSON.stringify(wrongType)}`);
});

await check('10. malformed JSON is a JSON-RPC parse error (-32700)', async () => {
  const r = await fetch(MCP, {
    method: 'POST',
    headers: {
      'content-type': 'application/json', accept: 'application/json, text/event-stream',
      authorization: `Bearer ${alice.key}`, 'mcp-session-id': a.transport.sessionId,
    },
    body: '{"jsonrpc": "2.0", "id": 7, "method": ',
  });
  assert(r.status === 400, `status ${r.status}`);
  const body = await r.json();
  assert(body.error?.code === -32700, JSON.stringify(body));
});

await check('11. DELETE /mcp ends the session; a later request with its id gets 404', async () => {
  const session = b.transport.sessionId;
  await b.transport.terminateSession();
  const r = await fetch(MCP, {
    method: 'POST',
    headers: {
      'content-type': 'application/json', accept: 'application/json, text/event-stream',
      authorization: `Bearer ${bob.key}`, 'mcp-session-id': session,
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 8, method: 'ping' }),
  });
  assert(r.status === 404, `status ${r.status}`);
});

await check('README: the example .mcp.json connects as written (the key from its variable)', async () => {
  const config = JSON.parse(readFileSync(new URL('../../../docs/example.mcp.json', import.meta.url), 'utf8'));
  const server = config.mcpServers.beadhub;
  assert(server.type === 'http', `type ${server.type}`);
  const env = { BEADHUB_API_KEY: alice.key };
  const headers = Object.fromEntries(Object.entries(server.headers)
    .map(([k, v]) => [k, v.replace(/\$\{(\w+)\}/g, (_, name) => env[name] ?? '')]));
  // the example names the default address; the test server listens on another port
  const url = new URL(server.url);
  url.host = new URL(BASE).host;
  const transport = new StreamableHTTPClientTransport(url, { requestInit: { headers } });
  const client = new Client({ name: 'example-mcp-json', version: '1.0.0' });
  await client.connect(transport);
  const me = structured(await client.callTool({ name: 'fetch_inbox', arguments: {} }));
  assert(Array.isArray(me.messages), 'no inbox');
  await client.close();
});

await a.client.close();
await b.client.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
