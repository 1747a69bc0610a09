// Validates an OpenAPI document with a third-party validator (@apidevtools/swagger-parser:
// the OpenAPI 3.x schema and its semantic rules, $refs resolved).
//
//   node validate_openapi.mjs FILE
//
// Prints "valid: <title>, <n> paths" and exits 0, or the validator's complaint and exits 1.
import SwaggerParser from "@apidevtools/swagger-parser";

const file = process.argv[2];
if (!file) {
  console.error("usage: validate_openapi.mjs FILE");
  process.exit(2);
}
try {
  const api = await SwaggerParser.validate(file);
  console.log(`valid: ${api.info.title}, ${Object.keys(api.paths).length} paths`);
} catch (err) {
  console.log(`invalid: ${err.message}`);
  process.exit(1);
}
