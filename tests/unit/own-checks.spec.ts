import { test, expect } from '../contract/base-test';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ownCheckFiles } from '../../src/config/own-checks';
import { scratchDir } from '../support/scratch';

test.describe("a user's own checks, found (src/config/own-checks.ts)", () => {
  test('only the files that import our test, beneath the folder named; an application spec, a mention in a string and node_modules are not', () => {
    const root = mkdtempSync(join(scratchDir(), 'own-checks-'));
    mkdirSync(join(root, 'tests/pluvo'), { recursive: true });
    mkdirSync(join(root, 'tests/node_modules/lib'), { recursive: true });
    writeFileSync(join(root, 'tests/pluvo/users.spec.ts'), "import { test, expect } from 'pluvo-contract-monitor/test';\n");
    writeFileSync(join(root, 'tests/trainings.spec.mjs'), 'import {\n  test,\n  expect,\n} from "pluvo-contract-monitor/test";\n');
    writeFileSync(join(root, 'tests/app.spec.ts'), "import { test } from '@playwright/test';\n");
    writeFileSync(join(root, 'tests/about.spec.ts'), "const example = `import { test } from 'pluvo-contract-monitor/test'`;\n");
    writeFileSync(join(root, 'tests/node_modules/lib/x.spec.ts'), "import { test } from 'pluvo-contract-monitor/test';\n");
    const found = ownCheckFiles({ checks: 'tests' }, root);
    expect(found?.files.map((file) => relative(root, file)).sort()).toEqual(['tests/pluvo/users.spec.ts', 'tests/trainings.spec.mjs']);
    // Named but not written yet (init names tests/ before there is one): no checks, no error.
    expect(ownCheckFiles({ checks: 'not-yet' }, root)?.files).toEqual([]);
    expect(ownCheckFiles({}, root)).toBeUndefined();
  });
});
