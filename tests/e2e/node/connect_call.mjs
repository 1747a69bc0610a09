// A stock Connect client (connect-node over HTTP/1.1, protobuf-es) making one unary call
// described at run time by a FileDescriptorSet, as any Connect user's generated client would.
//
//   node connect_call.mjs --base-url http://127.0.0.1:8080 --descriptors set.pb \
//       --method package.Service/Method --request '{"json": "request"}' [--binary]
//       [--timeout-ms N] [--get]
//
// --get lets the client use HTTP GET where the method allows it (idempotency_level =
// NO_SIDE_EFFECTS), as connect-es does with useHttpGet.
//
// Prints one JSON line: {"reply": <proto3 JSON>, "httpMethod": "POST"} or {"error": {"code":
// "not_found", "message": ..., "details": [type names]}, "httpMethod": ...}. Exits 0 either way;
// 2 on a usage error.
import diagnosticsChannel from "node:diagnostics_channel";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { createFileRegistry, fromBinary, fromJson, toJson } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";

const { values } = parseArgs({
  options: {
    "base-url": { type: "string" },
    descriptors: { type: "string" },
    method: { type: "string" },
    request: { type: "string", default: "{}" },
    binary: { type: "boolean", default: false },
    "timeout-ms": { type: "string" },
    get: { type: "boolean", default: false },
  },
});
if (!values["base-url"] || !values.descriptors || !values.method) {
  console.error("usage: connect_call.mjs --base-url URL --descriptors SET --method S/M [--request JSON]");
  process.exit(2);
}

const registry = createFileRegistry(
  fromBinary(FileDescriptorSetSchema, readFileSync(values.descriptors)));
const [serviceName, methodName] = values.method.split("/");
const service = registry.getService(serviceName);
if (!service) {
  console.error(`no service ${serviceName} in ${values.descriptors}`);
  process.exit(2);
}
const method = service.methods.find((m) => m.name === methodName);
// The HTTP method the client sent, seen by Node's HTTP client instrumentation (the transport
// turns POST into GET after interceptors run).
let httpMethod = "";
diagnosticsChannel.subscribe("http.client.request.start", ({ request }) => {
  httpMethod = request.method;
});
const transport = createConnectTransport({
  baseUrl: values["base-url"],
  httpVersion: "1.1",
  useBinaryFormat: values.binary,
  useHttpGet: values.get,
});
const client = createClient(service, transport);
const request = fromJson(method.input, JSON.parse(values.request), { registry });
const options = values["timeout-ms"] ? { timeoutMs: Number(values["timeout-ms"]) } : {};
try {
  const reply = await client[method.localName](request, options);
  console.log(JSON.stringify({ reply: toJson(method.output, reply, { registry }), httpMethod }));
} catch (err) {
  const error = ConnectError.from(err);
  console.log(JSON.stringify({
    error: {
      code: Code[error.code],
      message: error.rawMessage,
      details: error.details.map((d) => ("type" in d ? d.type : d.desc.typeName)),
    },
    httpMethod,
  }));
}
