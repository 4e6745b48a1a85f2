// Runs Atlassian's openapi-diff (the npm package pinned in package.json) on pairs of small
// OpenAPI documents and prints one JSON line per pair as soon as it is done, so that the
// caller (tesla_mock/release/openapidiff.py) keeps what finished before its time limit.
// Usage: node openapi_diff_pairs.js PAIRS.json NODE_MODULES_PARENT
'use strict';
const fs = require('fs');

const openapiDiff = require(require.resolve('openapi-diff', { paths: [process.argv[3]] }));

async function main() {
  const pairs = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  for (const pair of pairs) {
    let line;
    try {
      const outcome = await openapiDiff.diffSpecs({
        sourceSpec: { content: JSON.stringify(pair.source), location: 'base', format: 'openapi3' },
        destinationSpec: {
          content: JSON.stringify(pair.destination),
          location: 'working-tree',
          format: 'openapi3',
        },
      });
      line = { id: pair.id, outcome };
    } catch (error) {
      line = { id: pair.id, error: String((error && error.message) || error) };
    }
    process.stdout.write(JSON.stringify(line) + '\n');
  }
}

main();
