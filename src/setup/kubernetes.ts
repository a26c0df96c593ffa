import { ConfigError } from '../config/config-error';
import type { ProjectSettings } from '../config/project-settings';
import { indented } from '../text/indented';

/**
 * The Kubernetes deployment `pluvo-monitor init` generates when the settings ask for it
 * ("kubernetes": { "image": … }), in the manner of the workflows:
 *  - a CronJob (concurrencyPolicy Forbid: runs never overlap; startingDeadlineSeconds: a run missed
 *    by more than that is skipped, not started late beside the next) of an Indexed Job, whose pods
 *    each take their share of the organisations by JOB_COMPLETION_INDEX (Playwright's --shard, which
 *    keeps an organisation's checks together) and write a blob report to the volume they share;
 *  - a merge CronJob, later in the hour, that merges the shards' reports into the one alert,
 *    history and status page (`pluvo-monitor alert`), then clears them so that a shard that did not
 *    run is never read as this hour's;
 *  - the volume, and the Dockerfile of the image (this repository with its locked dependencies).
 * Credentials come from one Secret, as environment variables under the names the targets file gives.
 */
type Kubernetes = NonNullable<ProjectSettings['kubernetes']>;

/** Organisations a pod at most, when the settings do not say: as the workflow's matrix runs 8 at once. */
const MAX_DEFAULT_SHARDS = 8;
/** How late a missed run may still start: after that it waits for its next slot. */
const STARTING_DEADLINE_SECONDS = 600;

export function kubernetesShards(kubernetes: Kubernetes, organisations: number): number {
  return kubernetes.shards ?? Math.max(1, Math.min(MAX_DEFAULT_SHARDS, organisations));
}

/** Half an hour after the monitor's minute, unless the settings say; a schedule of another shape must say. */
export function mergeSchedule(kubernetes: Kubernetes, monitorSchedule: string): string {
  if (kubernetes.mergeSchedule) return kubernetes.mergeSchedule;
  const [minute, ...rest] = monitorSchedule.split(' ');
  if (!/^\d+$/.test(minute ?? ''))
    throw new ConfigError(
      'pluvo-monitor.json kubernetes',
      `has no "mergeSchedule", and the monitor's schedule "${monitorSchedule}" has no one minute to start it half an hour after`,
      'Set "mergeSchedule", e.g. "47 * * * *"',
    );
  return [String((Number(minute) + 30) % 60), ...rest].join(' ');
}

function podSpec(kubernetes: Kubernetes, settings: ProjectSettings, command: string, indent: string): string {
  const secret = kubernetes.secret ?? 'pluvo-monitor-credentials';
  return indented(
    `restartPolicy: Never
securityContext:
  runAsNonRoot: true
  runAsUser: 1000
containers:
  - name: pluvo-monitor
    image: ${kubernetes.image}
    command: ["sh", "-c", ${JSON.stringify(command)}]
    env:
      - name: PLUVO_TARGETS
        value: ${settings.monitor.targets}
      - name: CI
        value: "true"
    envFrom:
      - secretRef:
          name: ${secret}
    resources:
      requests:
        cpu: 500m
        memory: 512Mi
      limits:
        memory: 1Gi
    volumeMounts:
      - name: reports
        mountPath: /app/reports
volumes:
  - name: reports
    persistentVolumeClaim:
      claimName: pluvo-monitor-reports`,
    indent,
  );
}

/** When a CronJob runs: never beside its previous run, never late by more than the deadline, a few of each ending kept to read. */
function cronJobTiming(schedule: string): string {
  return `  schedule: "${schedule}"
  timeZone: Etc/UTC
  concurrencyPolicy: Forbid
  startingDeadlineSeconds: ${STARTING_DEADLINE_SECONDS}
  successfulJobsHistoryLimit: 3
  failedJobsHistoryLimit: 3`;
}

/** A job's pod, labelled as every object of ours is. */
function podTemplate(kubernetes: Kubernetes, settings: ProjectSettings, command: string): string {
  return `      template:
        metadata:
          labels:
            ${LABELS.join('\n            ')}
        spec:
${podSpec(kubernetes, settings, command, '          ')}`;
}

const LABELS = ['app.kubernetes.io/name: pluvo-monitor', 'app.kubernetes.io/managed-by: pluvo-monitor-init'];

export function kubernetesManifests(settings: ProjectSettings, header: string, organisations: number): string {
  const kubernetes = settings.kubernetes!;
  const namespace = kubernetes.namespace ?? 'pluvo-monitor';
  const shards = kubernetesShards(kubernetes, organisations);
  const labels = LABELS.join('\n    ');
  // Each pod a reports folder of its own (a run locks its folder), beneath the one the merge reads.
  const shard = `export PLUVO_REPORTS_DIR=reports/shards/$JOB_COMPLETION_INDEX && exec npx pluvo-monitor run --shard $((JOB_COMPLETION_INDEX + 1))/${shards}`;
  const merge = 'npx pluvo-monitor alert reports/shards; code=$?; rm -rf reports/shards; exit $code';
  return `${header}
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: pluvo-monitor-reports
  namespace: ${namespace}
  labels:
    ${labels}
spec:
  # The shards write, the merge reads and keeps alert state and history from run to run.
  accessModes: ["ReadWriteMany"]
  resources:
    requests:
      storage: 1Gi
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: pluvo-monitor
  namespace: ${namespace}
  labels:
    ${labels}
spec:
${cronJobTiming(settings.monitor.schedule)}
  jobTemplate:
    spec:
      # One pod a shard of the organisations: pod i runs --shard i+1/${shards}.
      completionMode: Indexed
      completions: ${shards}
      parallelism: ${shards}
      backoffLimit: 0
      activeDeadlineSeconds: 2700
${podTemplate(kubernetes, settings, shard)}
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: pluvo-monitor-merge
  namespace: ${namespace}
  labels:
    ${labels}
spec:
  # The shards' reports merged into the one alert, history line and status page.
${cronJobTiming(mergeSchedule(kubernetes, settings.monitor.schedule))}
  jobTemplate:
    spec:
      backoffLimit: 0
      activeDeadlineSeconds: 900
${podTemplate(kubernetes, settings, merge)}
`;
}

/**
 * What the image's build never reads (BuildKit takes <Dockerfile>.dockerignore beside the Dockerfile):
 * the credentials in .env, above all, which would otherwise be baked into every layer pushed; the
 * host's node_modules and reports; the repository's history.
 */
export function kubernetesDockerignore(header: string): string {
  return `${header}
.env
.env.*
!.env.example
node_modules
reports
.git
`;
}

/** The image: this repository with its locked dependencies, run as the unprivileged user the pods ask for. */
export function kubernetesDockerfile(header: string): string {
  return `${header}
# Build from the repository's root: docker build -f deploy/kubernetes/Dockerfile -t <image> .
FROM node:20-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci && npm cache clean --force
COPY . .
RUN mkdir -p reports && chown -R 1000:1000 /app
USER 1000
`;
}
